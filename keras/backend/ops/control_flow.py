"""Loops over the first axis of a tensor (map_fn, foldl, foldr) and
control dependencies.

A loop body, a Python function of K tensors, is traced once on symbolic
stand-ins into a sub-graph (`Body`). The loop is recorded as one node
whose inputs are the sequences, the initial carry and every outer tensor
the body reads (variables, placeholders, the learning phase); lowering runs
the backend's `scan` primitive (lax.scan, tf.while_loop, pytensor.scan, a
Python loop) with the sub-graph as the step function. K.rnn (ops/rnn.py)
lowers the same way.
"""
import contextlib

import numpy as np

from keras.backend import config
from keras.backend.active import current
from keras.backend.ops import slice_groups
from keras.backend.ops.shape_utils import spec_dtype
from keras.backend.ops.shape_utils import spec_shape
from keras.backend.symbolic import graph
from keras.backend.symbolic.op import has_symbolic
from keras.backend.symbolic.op import record
from keras.backend.symbolic.tensor import KerasTensor
from keras.backend.symbolic.tensor import Placeholder


class Body(object):
    """A step function traced on placeholders into a sub-graph.

    Args:
        fn: a function of the placeholders returning a list of tensors.
        param_specs: (shape, dtype) of each placeholder.

    Attributes:
        params: the placeholders the function was called with.
        outputs: the tensors it returned (KerasTensors, or backend values
            for results that are constants).
        captured: outer tensors the outputs depend on, fed at every step.
    """

    def __init__(self, fn, param_specs, op_name):
        self.params = [Placeholder(shape, dtype, name='%s_arg_%d'
                                   % (op_name, i))
                       for i, (shape, dtype) in enumerate(param_specs)]
        self.outputs = [as_tensor(o) for o in fn(*self.params)]
        self.captured = self._captured()
        # What a backend compiles of the body to run it faster, by a key of
        # its own (torch: a generated program per learning phase).
        self.compiled = {}

    def _captured(self):
        outputs = [o for o in self.outputs if isinstance(o, KerasTensor)]
        # Inside the loop: what depends on the params, and random draws
        # made by the step function, which must be drawn anew at every
        # step. A draw made before tracing (tensors are numbered in order
        # of creation: an RNN's dropout mask) is one value for the loop.
        inner = set(self.params)
        traced_from = min(p.uid for p in self.params) if self.params else 0
        order = graph.ancestors(outputs, stop=self.params)
        for tensor in order:
            node = tensor.node
            if node is not None and tensor not in inner and (
                    (getattr(node.fn, 'stateful', False) and
                     tensor.uid >= traced_from) or
                    any(i in inner for i in node.inputs)):
                inner.add(tensor)
        captured = []
        for tensor in order:
            if tensor not in inner:
                # An output computed outside the loop is fed as it is.
                if tensor in outputs and tensor not in captured:
                    captured.append(tensor)
                continue
            if tensor.node is None:
                continue
            for inp in tensor.node.inputs:
                if inp not in inner and inp not in captured:
                    captured.append(inp)
        return captured

    @property
    def specs(self):
        """(shape, dtype) of each output."""
        return [(tuple(spec_shape(o)), spec_dtype(o)) for o in self.outputs]

    @property
    def uses_learning_phase(self):
        return any(getattr(o, '_uses_learning_phase', False)
                   for o in self.outputs)

    def run(self, param_values, captured_values):
        """The outputs for backend values of the params and captured
        tensors, evaluated inside the current lowering (same learning
        phase and random stream)."""
        symbolic = [o for o in self.outputs if isinstance(o, KerasTensor)]
        if not symbolic:
            return list(self.outputs)
        # A backend running loops step by step in Python (torch) may run a
        # compiled form of the body; None: it has none for this body.
        run_body = getattr(current(), 'run_body', None)
        if run_body is not None:
            results = run_body(self, param_values, captured_values)
            if results is not None:
                return results
        outer = graph.active_lowering()
        # A backend whose loops need the outer values as explicit inputs
        # (pytensor.scan's non-sequences) substitutes them here.
        loop_invariants = getattr(current(), 'loop_invariants', None)
        if loop_invariants is not None:
            captured_values = loop_invariants(list(captured_values))
        feeds = dict(zip(self.params, param_values))
        feeds.update(zip(self.captured, captured_values))
        inner = graph.Lowering(
            current(), feeds,
            learning_phase=outer.learning_phase if outer else 0,
            rng=outer.rng if outer else None, splits=self._splits())
        values = iter(inner.evaluate(symbolic))
        return [next(values) if isinstance(o, KerasTensor) else o
                for o in self.outputs]

    def _splits(self):
        """The body's slices of one tensor to compute by one split, for a
        backend with a `split` primitive (tensorflow; see
        ops/slice_groups.py), else None. Found once."""
        if not hasattr(current(), 'split'):
            return None
        if 'split_groups' not in self.compiled:
            outputs = [o for o in self.outputs if isinstance(o, KerasTensor)]
            fed = set(self.params + self.captured)
            self.compiled['split_groups'] = slice_groups.find_split_groups(
                [t.node for t in graph.ancestors(outputs, stop=fed)
                 if t.node is not None and t not in fed])
        return self.compiled['split_groups']


def as_tensor(value):
    """A KerasTensor or backend value as it is; anything else (a Python
    number, a numpy array) a backend constant, floats in floatx."""
    b = current()
    if isinstance(value, KerasTensor) or b.is_native(value):
        return value
    array = np.asarray(value)
    if array.dtype.kind == 'f' and not isinstance(value, np.ndarray):
        array = array.astype(config.floatx())
    return b.convert(array)


def check_carry(op_name, what, expected, received):
    """A ValueError unless a step returned a carry of the shape it got."""
    if len(expected) != len(received) or any(
            e is not None and r is not None and e != r
            for e, r in zip(expected, received)):
        raise ValueError('%s: the function must return %s of shape %s; it '
                         'returned shape %s.'
                         % (op_name, what, expected, received))
    return tuple(e if e is not None else r
                 for e, r in zip(expected, received))


def run_loop(body, init, xs, captured, length=None, reverse=False,
             unroll=False):
    """The backend's scan over a body whose params are the carry followed
    by the elements of `xs` and whose outputs are the new carry followed
    by the per-step outputs. Returns (final carry, stacked outputs)."""
    b = current()
    carry_dtypes = [b.dtype_name(c) for c in init]

    def step(carry, x_t):
        values = body.run(list(carry) + list(x_t), captured)
        new_carry = [v if b.dtype_name(v) == dtype else b.cast(v, dtype)
                     for v, dtype in zip(values, carry_dtypes)]
        return new_carry, values[len(init):]
    return b.scan(step, list(init), list(xs), length=length,
                  reverse=reverse, unroll=unroll)


def _element_spec(elems, op_name):
    shape = tuple(spec_shape(elems))
    if not shape:
        raise ValueError('%s needs a tensor of rank 1 or more to loop over; '
                         'received a scalar.' % op_name)
    return shape[1:], spec_dtype(elems)


def _lowered_map(elems, captured, body=None, dtype=None):
    _, (result,) = run_loop(body, [], [elems], captured)
    return current().cast(result, dtype) if dtype else result


def map_fn(fn, elems, name=None, dtype=None):
    """`fn` applied to each slice `elems[i]` along the first axis; the
    results stacked.

    Args:
        fn: a function of one tensor returning one tensor.
        elems: the tensor to loop over.
        dtype: the output dtype (default: that of `fn`'s output).
    """
    elems = as_tensor(elems)

    def one_output(element):
        output = fn(element)
        if isinstance(output, (list, tuple, dict)):
            raise TypeError('map_fn: the function must return one tensor; '
                            'received %r.' % (output,))
        return [output]
    body = Body(one_output, [_element_spec(elems, 'K.map_fn')], 'map_fn')
    args = (elems, body.captured)
    kwargs = {'body': body, 'dtype': dtype}
    if not has_symbolic(args):
        return _lowered_map(*args, **kwargs)
    (shape, out_dtype), = body.specs
    spec = ((tuple(spec_shape(elems))[0],) + shape, dtype or out_dtype)
    return record(_lowered_map, args, kwargs, name='map_fn',
                  shape_rule=lambda a, k: [spec])


def _lowered_fold(elems, initializer, captured, body=None, reverse=False):
    (result,), _ = run_loop(body, [initializer], [elems], captured,
                            reverse=reverse)
    return result


def _fold(fn, elems, initializer, reverse, op_name):
    elems = as_tensor(elems)
    if initializer is None:
        # The first (last) element starts the accumulation.
        initializer = elems[-1] if reverse else elems[0]
        elems = elems[:-1] if reverse else elems[1:]
    initializer = as_tensor(initializer)
    element = _element_spec(elems, op_name)
    acc_shape = tuple(spec_shape(initializer))
    acc_dtype = spec_dtype(initializer)
    body = Body(lambda acc, e: [fn(acc, e)], [(acc_shape, acc_dtype),
                                               element],
                op_name.split('.')[-1])
    (out_shape, _), = body.specs
    shape = check_carry(op_name, "a tensor of the accumulator's shape",
                        acc_shape, out_shape)
    args = (elems, initializer, body.captured)
    kwargs = {'body': body, 'reverse': reverse}
    if not has_symbolic(args):
        return _lowered_fold(*args, **kwargs)
    return record(_lowered_fold, args, kwargs, name=op_name.split('.')[-1],
                  shape_rule=lambda a, k: [(shape, acc_dtype)])


def foldl(fn, elems, initializer=None, name=None):
    """Reduces `elems` along its first axis from the left:
    `acc = fn(acc, elems[i])`.

    Args:
        fn: a function of (accumulator, element) returning the new
            accumulator (cast to the accumulator's dtype).
        initializer: the first accumulator (default: `elems[0]`, the loop
            then starting at `elems[1]`).
    """
    return _fold(fn, elems, initializer, False, 'K.foldl')


def foldr(fn, elems, initializer=None, name=None):
    """Reduces `elems` along its first axis from the right (default
    initializer: `elems[-1]`)."""
    return _fold(fn, elems, initializer, True, 'K.foldr')


@contextlib.contextmanager
def control_dependencies(control_inputs):
    """Kept for compatibility: compiled functions run every update and
    output they are given, so there is no order to enforce."""
    yield
