"""Loops over the first axis of a tensor (map_fn, foldl, foldr) and
control dependencies.

The loop body, a Python function of K tensors, is traced once on symbolic
stand-ins into a sub-graph. The loop is recorded as one node whose inputs
are the sequence, the initial value and every outer tensor the body reads
(variables, placeholders, the learning phase); lowering runs the
backend's `map_fn` / `foldl` / `foldr` primitive with the sub-graph as the
step function.
"""
import contextlib

from keras.backend.active import current
from keras.backend.ops.shape_utils import spec_dtype
from keras.backend.ops.shape_utils import spec_shape
from keras.backend.symbolic import graph
from keras.backend.symbolic.op import has_symbolic
from keras.backend.symbolic.op import record
from keras.backend.symbolic.tensor import KerasTensor
from keras.backend.symbolic.tensor import Placeholder


class _Body(object):
    """A step function traced on placeholders.

    Attributes:
        params: the placeholders the function was called with.
        output: the tensor it returned.
        captured: outer tensors the output depends on, fed at every step.
    """

    def __init__(self, fn, param_specs, op_name):
        self.params = [Placeholder(shape, dtype, name='%s_arg_%d'
                                   % (op_name, i))
                       for i, (shape, dtype) in enumerate(param_specs)]
        output = fn(*self.params)
        if isinstance(output, (list, tuple, dict)):
            raise TypeError('%s: the function must return one tensor; '
                            'received %r.' % (op_name, output))
        if not isinstance(output, KerasTensor):
            output = current().convert(output)
        self.output = output
        self.captured = self._captured()

    def _captured(self):
        if not isinstance(self.output, KerasTensor):
            return []
        # Inside the loop: what depends on the params, and random draws,
        # which must be drawn anew at every step.
        inner = set(self.params)
        order = graph.ancestors([self.output], stop=self.params)
        for tensor in order:
            node = tensor.node
            if node is not None and tensor not in inner and (
                    getattr(node.fn, 'stateful', False) or
                    any(i in inner for i in node.inputs)):
                inner.add(tensor)
        if self.output not in inner:
            return [self.output]
        captured = []
        for tensor in order:
            if tensor not in inner or tensor.node is None:
                continue
            for inp in tensor.node.inputs:
                if inp not in inner and inp not in captured:
                    captured.append(inp)
        return captured

    @property
    def shape(self):
        return tuple(spec_shape(self.output))

    @property
    def dtype(self):
        return spec_dtype(self.output)

    def run(self, param_values, captured_values):
        """The output for backend values of the params and captured
        tensors, evaluated inside the current lowering (same learning
        phase and random stream)."""
        if not isinstance(self.output, KerasTensor):
            return self.output
        outer = graph.active_lowering()
        feeds = dict(zip(self.params, param_values))
        feeds.update(zip(self.captured, captured_values))
        inner = graph.Lowering(
            current(), feeds,
            learning_phase=outer.learning_phase if outer else 0,
            rng=outer.rng if outer else None)
        return inner.evaluate([self.output])[0]


def _element_spec(elems, op_name):
    shape = tuple(spec_shape(elems))
    if not shape:
        raise ValueError('%s needs a tensor of rank 1 or more to loop over; '
                         'received a scalar.' % op_name)
    return shape[1:], spec_dtype(elems)


def _lowered_map(elems, captured, body=None, dtype=None):
    b = current()
    result = b.map_fn(lambda e: body.run([e], captured), elems)
    return b.cast(result, dtype) if dtype else result


def map_fn(fn, elems, name=None, dtype=None):
    """`fn` applied to each slice `elems[i]` along the first axis; the
    results stacked.

    Args:
        fn: a function of one tensor returning one tensor.
        elems: the tensor to loop over.
        dtype: the output dtype (default: that of `fn`'s output).
    """
    body = _Body(fn, [_element_spec(elems, 'K.map_fn')], 'map_fn')
    args = (elems, body.captured)
    kwargs = {'body': body, 'dtype': dtype}
    if not has_symbolic(args):
        return _lowered_map(*args, **kwargs)
    out_dtype = dtype or body.dtype
    length = tuple(spec_shape(elems))[0]
    return record(_lowered_map, args, kwargs, name='map_fn',
                  shape_rule=lambda a, k: [((length,) + body.shape,
                                            out_dtype)])


def _lowered_fold(elems, initializer, captured, body=None, reverse=False):
    b = current()
    step = lambda acc, e: body.run([acc, e], captured)  # noqa: E731
    if reverse:
        return b.foldr(step, elems, initializer)
    return b.foldl(step, elems, initializer)


def _fold(fn, elems, initializer, reverse, op_name):
    if initializer is None:
        # The first (last) element starts the accumulation.
        initializer = elems[-1] if reverse else elems[0]
        elems = elems[:-1] if reverse else elems[1:]
    element = _element_spec(elems, op_name)
    accumulator = (tuple(spec_shape(initializer)), spec_dtype(initializer))
    body = _Body(fn, [accumulator, element], op_name.split('.')[-1])
    acc_shape, out_shape = accumulator[0], body.shape
    if len(acc_shape) != len(out_shape) or any(
            a is not None and o is not None and a != o
            for a, o in zip(acc_shape, out_shape)):
        raise ValueError('%s: the function must return a tensor of the '
                         'accumulator\'s shape %s; it returned shape %s.'
                         % (op_name, acc_shape, out_shape))
    args = (elems, initializer, body.captured)
    kwargs = {'body': body, 'reverse': reverse}
    if not has_symbolic(args):
        return _lowered_fold(*args, **kwargs)
    shape = tuple(a if a is not None else o
                  for a, o in zip(acc_shape, out_shape))
    return record(_lowered_fold, args, kwargs, name=op_name.split('.')[-1],
                  shape_rule=lambda a, k: [(shape, body.dtype)])


def foldl(fn, elems, initializer=None, name=None):
    """Reduces `elems` along its first axis from the left:
    `acc = fn(acc, elems[i])`.

    Args:
        fn: a function of (accumulator, element) returning the new
            accumulator.
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
