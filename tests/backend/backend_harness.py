"""Running one K op three ways on the session backend and comparing it with
the numpy backend.

A `Case` is data: the op (a K name, or a callable for operators), its
positional arguments (numpy arrays become tensors, lists of arrays lists of
tensors, anything else is passed as is) and keyword arguments. The
reference is the same op run eagerly on the numpy backend.
"""
import numpy as np

import keras.backend as K
from keras.backend import active
from keras.backend import load
from keras.backend.numpy import BACKEND as NP
from keras.backend.symbolic import structure
from keras.backend.symbolic.tensor import KerasTensor

BACKEND = load.backend_object()
TRAINS = ('jax', 'tensorflow', 'torch', 'theano')

_rng = np.random.RandomState(1234)


# Input data. Values keep away from kinks (0 for relu/abs, ties for max) so
# that finite differences are valid.

def signed(*shape, low=0.2, high=1.5, dtype='float32'):
    magnitude = _rng.uniform(low, high, size=shape)
    sign = np.where(_rng.uniform(size=shape) < 0.5, -1., 1.)
    return (magnitude * sign).astype(dtype)


def positive(*shape, low=0.5, high=2., dtype='float32'):
    return _rng.uniform(low, high, size=shape).astype(dtype)


def integers(*shape, high=5, dtype='int32'):
    return _rng.randint(0, high, size=shape).astype(dtype)


def bools(*shape):
    return _rng.uniform(size=shape) < 0.5


def probabilities(*shape, axis=-1):
    values = _rng.uniform(0.1, 1., size=shape)
    return (values / values.sum(axis=axis, keepdims=True)).astype('float32')


def one_hot_rows(n, classes):
    return np.eye(classes, dtype='float32')[_rng.randint(0, classes, n)]


class Case(object):
    """One op call to compare.

    Args:
        op: name of a K function, or a callable (operators).
        args: positional arguments; arrays become tensors.
        kwargs: keyword arguments, passed as they are.
        id: readable test id suffix.
        grad: check gradients with respect to the float inputs: None
            (default) when the inputs and outputs are float, True, False,
            or the indices (flattened order) of the inputs to use.
        batched: indices of the array inputs (in flattened order) whose
            first axis is unknown in the placeholder test; default: those
            with the first input's leading size.
        rtol, atol: value tolerances (float32 by default).
        flip: indices (flattened order) of the array inputs that are
            convolution kernels: on a backend that keeps Theano's
            convention (`flips_kernels`), the numpy reference sees them
            flipped along their spatial axes.
        static: the static shapes (one per output) expected in the
            placeholder test, where the batched inputs' first axis is
            unknown. By default they are derived from the numpy reference
            run at two batch sizes (None where the size follows the
            batch). Declare them for sizes that depend on input values,
            or on the unknown batch through a value (`K.reshape(x,
            (K.shape(x)[0], -1))` is (None, None), as on TensorFlow).
        static_known: the static shapes expected in the variable test,
            where every input shape is known; by default the reference's
            shapes. Declare them, with None, for sizes that depend on
            input values.
    """

    def __init__(self, op, *args, id=None, grad=None, batched=None,
                 rtol=1e-5, atol=1e-5, flip=(), static=None, static_known=None,
                 **kwargs):
        self.op = op
        self.args = args
        self.kwargs = kwargs
        self.name = op if isinstance(op, str) else getattr(
            op, '__name__', type(op).__name__)
        if id is None and kwargs:
            id = '-'.join('%s%s' % (k, _compact(v))
                          for k, v in sorted(kwargs.items()))
        self.id = self.name + ('-' + id if id else '')
        self.grad = grad
        arrays = self.arrays()
        if batched is None:
            lead = arrays[0].shape[:1] if arrays else ()
            batched = tuple(i for i, a in enumerate(arrays)
                            if a.ndim and a.shape[:1] == lead)
        self.batched = tuple(batched)
        self.rtol = rtol
        self.atol = atol
        self.flip = tuple(flip)
        self.static = None if static is None else [tuple(s) for s in static]
        self.static_known = None if static_known is None else [
            tuple(s) for s in static_known]

    def __repr__(self):
        return self.id

    def differentiable(self):
        if self.grad is None:
            return bool(float_inputs(self)) and all(
                r.dtype.kind == 'f' for r in reference(self))
        return bool(self.grad)

    def arrays(self):
        return [a for a in structure.flatten(self.args)
                if isinstance(a, np.ndarray)]

    def function(self):
        return getattr(K, self.op) if isinstance(self.op, str) else self.op

    def call(self, arrays_to_tensors):
        """The op called with the array arguments replaced, in flattened
        order, by `arrays_to_tensors(index, array)`."""
        counter = iter(range(len(self.arrays())))

        def swap(x):
            if isinstance(x, np.ndarray):
                return arrays_to_tensors(next(counter), x)
            return x
        args = structure.map_structure(swap, self.args)
        return self.function()(*args, **self.kwargs)


def _compact(value):
    return str(value).replace(' ', '').replace("'", '')


def unique_ids(cases):
    """Numbers the ids that repeat (-2, -3, ...), in table order."""
    seen = {}
    for case in cases:
        count = seen.get(case.id, 0) + 1
        seen[case.id] = count
        if count > 1:
            case.id = '%s-%d' % (case.id, count)
    return cases


def outputs_list(result):
    return list(result) if isinstance(result, (tuple, list)) else [result]


def flipped_kernel(kernel):
    """A kernel of shape (*spatial, in, out) flipped along its spatial
    axes: Theano's true convolution is TensorFlow's correlation with it."""
    spatial = tuple(range(kernel.ndim - 2))
    return np.ascontiguousarray(np.flip(kernel, axis=spatial))


def reference(case, arrays=None):
    """The op's outputs on the numpy backend, as numpy arrays: what the
    session backend must give."""
    arrays = case.arrays() if arrays is None else arrays
    if case.flip and BACKEND.flips_kernels:
        arrays = [flipped_kernel(a) if i in case.flip else a
                  for i, a in enumerate(arrays)]
    with active.using(NP), np.errstate(all='ignore'):
        result = case.call(lambda i, a: arrays[i])
        return [np.asarray(NP.to_numpy(r)) for r in outputs_list(result)]


def with_longer_batch(case):
    """The array inputs with one more row on the batched ones."""
    return [np.concatenate([a, a[:1]]) if i in case.batched else a
            for i, a in enumerate(case.arrays())]


def _checked(declared, expected, case, what):
    """Declared static shapes, checked against the reference's shapes."""
    assert len(declared) == len(expected), case.id
    for shape, ref in zip(declared, expected):
        assert len(shape) == ref.ndim and all(
            d is None or d == r for d, r in zip(shape, ref.shape)), (
            '%s: declared %s %s, but the numpy backend gives shape %s'
            % (case.id, what, shape, ref.shape))
    return declared


def known_static_shapes(case, expected):
    """The static shapes expected when every input shape is known (the
    variable test): the reference's shapes unless the case declares them.
    """
    if case.static_known is not None:
        return _checked(case.static_known, expected, case, 'static_known')
    return [r.shape for r in expected]


def expected_static_shapes(case, expected):
    """The static shapes expected with the batched inputs' first axis
    unknown (the placeholder test): declared by the case, or the
    reference's shapes with None where they change with the batch size
    (the numpy reference run at two batch sizes, independently of the
    op's shape rule)."""
    if case.static is not None:
        return _checked(case.static, expected, case, 'static')
    if not case.batched:
        return known_static_shapes(case, expected)
    longer = reference(case, with_longer_batch(case))
    return [tuple(None if a != b else a for a, b in zip(k, s.shape))
            for k, s in zip(known_static_shapes(case, expected), longer)]


def assert_same_values(actual, expected, case, what):
    actual = np.asarray(actual)
    assert actual.shape == expected.shape, (
        '%s of %s: shape %s, numpy backend gives %s'
        % (what, case.id, actual.shape, expected.shape))
    assert actual.dtype == expected.dtype, (
        '%s of %s: dtype %s, numpy backend gives %s'
        % (what, case.id, actual.dtype, expected.dtype))
    if expected.dtype.kind == 'f':
        np.testing.assert_allclose(actual, expected, rtol=case.rtol,
                                   atol=case.atol, err_msg=case.id)
    else:
        np.testing.assert_array_equal(actual, expected, err_msg=case.id)


def placeholder_for(array, unknown_batch):
    shape = tuple(array.shape)
    if unknown_batch:
        shape = (None,) + shape[1:]
    return K.placeholder(shape=shape, dtype=array.dtype.name)


def is_symbolic(x):
    return isinstance(x, KerasTensor)


# Gradients: central differences of sum(op(x) * w) on the numpy backend in
# float64, against K.gradients on the session backend in float32.

def loss_weights(expected):
    rng = np.random.RandomState(7)
    return [rng.uniform(0.5, 1.5, size=r.shape).astype(r.dtype)
            for r in expected]


def float_inputs(case):
    if case.grad in (None, True):
        return [i for i, a in enumerate(case.arrays()) if a.dtype.kind == 'f']
    return list(case.grad or ())


def numeric_gradients(case, weights, wrt, step=1e-5):
    arrays = [a.astype('float64') if a.dtype.kind == 'f' else a
              for a in case.arrays()]
    weights = [w.astype('float64') for w in weights]

    def loss(values):
        outputs = reference(case, values)
        return sum(float(np.sum(o.astype('float64') * w))
                   for o, w in zip(outputs, weights))

    grads = []
    for index in wrt:
        grad = np.zeros_like(arrays[index])
        flat = grad.reshape(-1)
        for j in range(flat.size):
            values = [a.copy() for a in arrays]
            values[index].reshape(-1)[j] += step
            up = loss(values)
            values[index].reshape(-1)[j] -= 2 * step
            down = loss(values)
            flat[j] = (up - down) / (2 * step)
        grads.append(grad)
    return grads
