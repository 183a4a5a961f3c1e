"""Graph nodes and the lowering of a recorded graph onto a backend.

Lowering evaluates the nodes a set of outputs needs, calling each node's
eager implementation on backend values. Run inside jax.jit, tf.function or
before pytensor.function, it *is* the compilation; run directly it is eager
evaluation (K.eval, torch, numpy).
"""
from keras.backend.symbolic import devices
from keras.backend.symbolic import structure
from keras.backend.symbolic.tensor import KerasTensor
from keras.backend.symbolic.tensor import Placeholder
from keras.backend.symbolic.tensor import Variable


class Node(object):
    """One recorded op call.

    Attributes:
        fn: the eager implementation, called with backend values.
        args, kwargs: the call's arguments, KerasTensors among them.
        inputs: the KerasTensors found in args and kwargs.
        outputs: the KerasTensors this node produces.
        multi_output: whether `fn` returns a tuple of outputs.
        device: the device name the op is placed on (devices.py), or None.
    """
    kind = 'op'
    host_only = False  # see HostOnlyNode

    def __init__(self, fn, args, kwargs, name=None, multi_output=False):
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.name = name or getattr(fn, '__name__', 'op')
        self.inputs = [x for x in structure.flatten((args, kwargs))
                       if isinstance(x, KerasTensor)]
        self.outputs = []
        self.multi_output = multi_output
        self.device = devices.current_device()

    def __repr__(self):
        return '<Node %s>' % self.name


class SwitchNode(Node):
    """`K.switch` / `in_train_phase`: a branch known at lowering time (a
    Python condition, e.g. the learning phase) is the only one evaluated."""
    kind = 'switch'


class HostOnlyNode(Node):
    """An op whose output sizes depend on its input values (CTC decoding,
    the indices of a sparse tensor). Backends that compile with static
    shapes (jax.jit) run a graph containing one op by op instead."""
    host_only = True


class GradientNode(Node):
    """`K.gradients(loss, wrt)`: one output per tensor in `wrt`.

    `dependent` holds every tensor on a path from a `wrt` tensor to `loss`:
    functional backends (jax) must recompute exactly those as a function of
    the `wrt` values.
    """
    kind = 'gradient'

    def __init__(self, loss, wrt, dependent):
        super(GradientNode, self).__init__(None, (loss, list(wrt)), {},
                                           name='gradients',
                                           multi_output=True)
        self.loss = loss
        self.wrt = list(wrt)
        self.dependent = dependent


LEARNING_PHASE_NAME = 'keras_learning_phase'


def ancestors(outputs, stop=()):
    """All tensors the `outputs` depend on (themselves included), in an
    order where every tensor comes after the tensors it is computed from."""
    stop = set(stop)
    order = []
    seen = set()
    stack = [(t, False) for t in reversed(outputs)]
    while stack:
        tensor, expanded = stack.pop()
        if expanded:
            order.append(tensor)
            continue
        if tensor in seen:
            continue
        seen.add(tensor)
        stack.append((tensor, True))
        if tensor.node is not None and tensor not in stop:
            for inp in reversed(tensor.node.inputs):
                if inp not in seen:
                    stack.append((inp, False))
    return order


def dependents(loss, wrt):
    """Tensors on a path from any of `wrt` to `loss`, and which of `wrt`
    `loss` depends on at all."""
    wrt_set = set(wrt)
    on_path = set()
    for tensor in ancestors([loss]):
        if tensor in wrt_set:
            on_path.add(tensor)
        elif tensor.node is not None and any(
                i in on_path for i in tensor.node.inputs):
            on_path.add(tensor)
    return on_path


class UnfedPlaceholderError(ValueError):
    pass


_active_lowerings = []


def active_lowering():
    """The Lowering being evaluated, or None (eager op calls)."""
    return _active_lowerings[-1] if _active_lowerings else None


class Lowering(object):
    """Evaluates recorded tensors with a backend's primitives.

    Args:
        backend: the backend module.
        feeds: dict mapping KerasTensors (placeholders, or any tensor to cut
            the graph at) to backend values.
        watched: tensors whose values the backend must be able to
            differentiate with respect to (tape-based autodiff).
        learning_phase: the value used for an unfed learning phase.
        splits: {node: (group, piece)} of slice nodes computed together
            by the backend's `split` (ops/slice_groups.py).
    """

    def __init__(self, backend, feeds=None, watched=(), learning_phase=0,
                 rng=None, splits=None):
        self.backend = backend
        self.splits = splits or {}
        self.values = {}
        self.watched = set(watched)
        self.learning_phase = learning_phase
        self.rng = rng
        self.state = {}
        self.offsets = {}
        for tensor, value in (feeds or {}).items():
            self.store(tensor, value)

    def store(self, tensor, value):
        offset = self.offsets.get(tensor)
        if offset is not None:
            value = value + offset
        if tensor in self.watched:
            value = self.backend.watch(self, value)
        self.values[tensor] = value

    def __enter__(self):
        _active_lowerings.append(self)
        return self

    def __exit__(self, *exc):
        _active_lowerings.pop()

    def evaluate(self, tensors):
        """Backend values of a list of tensors (non-tensors pass through)."""
        with self:
            return [self._value(t) if isinstance(t, KerasTensor) else t
                    for t in tensors]

    def _value(self, tensor):
        if tensor in self.values:
            return self.values[tensor]
        for t in ancestors([tensor], stop=self.values):
            if t not in self.values:
                self._compute(t)
        return self.values[tensor]

    def _compute(self, tensor):
        node = tensor.node
        if node is None:
            self.store(tensor, self._leaf_value(tensor))
            return
        if node in self.splits:
            group, _ = self.splits[node]
            pieces = self.backend.split(self._value(group.x), group.sizes,
                                        group.axis)
            for member, piece in group.members:
                self.store(member.outputs[0], pieces[piece])
            return
        if node.kind == 'gradient':
            results = self.backend.lower_gradients(self, node)
        elif node.kind == 'switch':
            results = self._lower_switch(node)
        else:
            args, kwargs = structure.map_structure(self._lowered,
                                                   (node.args, node.kwargs))
            if node.device is None:
                results = node.fn(*args, **kwargs)
            else:
                with self.backend.placement(node.device):
                    args, kwargs = self.backend.to_device(
                        (args, kwargs), node.device)
                    results = node.fn(*args, **kwargs)
        if node.multi_output:
            for out, value in zip(node.outputs, results):
                if out is not None:
                    self.store(out, value)
        else:
            self.store(node.outputs[0], results)

    def _lowered(self, x):
        if isinstance(x, KerasTensor):
            return self._value(x)
        return x

    def _lower_switch(self, node):
        condition, then_branch, else_branch = node.args
        cond = self._lowered(condition)
        if isinstance(cond, (bool, int)):
            return self._lowered(then_branch if cond else else_branch)
        return node.fn(cond, self._lowered(then_branch),
                       self._lowered(else_branch), **node.kwargs)

    def _leaf_value(self, tensor):
        if isinstance(tensor, Variable):
            return self.backend.read_variable(tensor)
        if tensor.name == LEARNING_PHASE_NAME:
            return self.learning_phase
        raise UnfedPlaceholderError(
            'You must feed a value for placeholder %r (shape %s, dtype %s): '
            'add it to the inputs of K.function.'
            % (tensor.name, tensor.shape, tensor.dtype))

    def subgraph(self, outputs, wrt):
        """A function of the `wrt` values computing `outputs`, for
        functional autodiff. Intermediate (non-leaf) `wrt` tensors take
        additive offsets, to be fed as zeros, rather than values. Values computed before that do not depend on
        `wrt` are reused as constants; everything the function computes
        comes back as a dict, so the caller can keep it.
        """
        on_path = set()
        for out in outputs:
            on_path |= dependents(out, wrt)
        base = {t: v for t, v in self.values.items() if t not in on_path}

        def fn(wrt_values):
            inner = Lowering.__new__(Lowering)
            inner.__dict__.update(self.__dict__)
            inner.values = dict(base)
            inner.watched = set()
            inner.offsets = {}
            for t, v in zip(wrt, wrt_values):
                if t.node is None:
                    inner.values[t] = v
                else:
                    # An intermediate tensor is still computed from its
                    # inputs (which may be `wrt` tensors too) plus `v`, fed
                    # as zeros: the derivative with respect to `v` is the
                    # one with respect to the tensor, and gradients keep
                    # flowing through it to the tensors before it.
                    inner.offsets[t] = v
            results = inner.evaluate(outputs)
            return results, inner.values
        return fn


def is_learning_phase(x):
    return isinstance(x, Placeholder) and x.name == LEARNING_PHASE_NAME
