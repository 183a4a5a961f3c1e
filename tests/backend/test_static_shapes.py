"""Static shapes come from shape rules, never from running an op: recording
is free, sizes that depend on values are None, arguments only a Python int
can serve fail at once, and rules agree with what numpy computes."""
import operator
import time
import tracemalloc

import numpy as np
import pytest

import keras.backend as K
from backend_cases_array import CASES as ARRAY_CASES
from backend_cases_math import CASES as MATH_CASES
from backend_cases_nn import CASES as NN_CASES
from backend_harness import placeholder_for
from keras.backend import active
from keras.backend.numpy import BACKEND as NP
from keras.backend.symbolic.op import record
from keras.backend.symbolic.op import symbolic_op


def evaluate(inputs, outputs, values):
    return K.function(inputs, outputs)(values)


# The examples of the issue.

def test_tile_by_a_stacked_shape():
    x = K.placeholder((None, 3, 4))
    y = K.tile(x, K.stack([K.shape(x)[0], 1, 1]))
    assert K.int_shape(y) == (None, 3, 4)
    for batch in (2, 3):
        data = np.arange(batch * 12, dtype='float32').reshape(batch, 3, 4)
        out, = evaluate([x], [y], [data])
        np.testing.assert_array_equal(out, np.tile(data, (batch, 1, 1)))


def test_slice_by_a_stacked_size():
    x = K.placeholder((None, 6, 5))
    y = K.slice(x, [0, 0, 0], K.stack([-1, K.shape(x)[1] // 2, -1]))
    assert K.int_shape(y) == (None, 3, 5)
    data = np.arange(60, dtype='float32').reshape(2, 6, 5)
    out, = evaluate([x], [y], [data])
    np.testing.assert_array_equal(out, data[:, :3])
    # A later layer sees the right feature size.
    flat = K.batch_flatten(y)
    assert K.int_shape(flat) == (None, 15)
    dense = K.dot(flat, K.variable(np.ones((15, 2))))
    np.testing.assert_allclose(evaluate([x], [dense], [data])[0],
                               data[:, :3].reshape(2, 15).sum(1)[:, None]
                               * np.ones(2), rtol=1e-6)


def test_slice_by_sizes_of_an_unknown_axis_is_unknown():
    x = K.placeholder((2, None, 5))
    y = K.slice(x, [0, 0, 0], K.stack([-1, K.shape(x)[1] // 2, -1]))
    assert K.int_shape(y) == (2, None, 5)


def _record_cost(fn):
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = fn()
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, elapsed, peak


@pytest.mark.parametrize('batch', [None, 16])
def test_recording_large_resizes_costs_nothing(batch):
    x = K.placeholder((batch, 512, 512, 64))

    def build():
        once = K.resize_images(x, 2, 2, 'channels_last')
        return K.resize_images(once, 2, 2, 'channels_last', 'bilinear')
    y, elapsed, peak = _record_cost(build)
    assert K.int_shape(y) == (batch, 2048, 2048, 64)
    # Running them would take seconds and gigabytes.
    assert elapsed < 0.5 and peak < 2 ** 20, (elapsed, peak)


# Recording runs no primitive.

class _Tripwire(object):
    """A backend whose every primitive fails: shape rules must not call
    one for symbolic arguments."""
    name = 'tripwire'
    folds_static_values = False

    def __getattr__(self, name):
        raise AssertionError('backend.%s called while recording' % name)


RECORDED = [c for c in MATH_CASES + ARRAY_CASES + NN_CASES]


@pytest.mark.parametrize('case', RECORDED, ids=[c.id for c in RECORDED])
def test_recording_runs_nothing(case):
    arrays = case.arrays()
    inputs = [placeholder_for(a, i in case.batched)
              for i, a in enumerate(arrays)]
    with active.using(_Tripwire()):
        case.call(lambda i, a: inputs[i])


def test_shape_rules_are_mandatory():
    with pytest.raises(TypeError, match='shape rule'):
        symbolic_op(lambda x: x)
    with pytest.raises(TypeError, match='shape rule'):
        @symbolic_op(stateful=True)
        def op(x):
            return x
    with pytest.raises(TypeError, match='shape_rule'):
        record(lambda x: x, (K.placeholder((2,)),), {})


# Indexing: numpy's shapes, without running numpy on the tensor.

KEYS = [
    (slice(None), 1),
    (Ellipsis, 0),
    (slice(None, None, -1),),
    (slice(None), slice(None, None, -2), slice(3, 0, -1)),
    (slice(-3, None), None, slice(None, -1)),
    (None, Ellipsis, None),
    (-1, slice(1, 100)),
    (slice(5, 2),),
    (np.array([0, 2]),),
    (slice(None), np.array([[0], [2]]), slice(1, 3)),
    (slice(None), np.array([0, 1]), np.array([3, 2])),
    (np.array([1, 0]), slice(None), np.array([3, 2])),
    (0, slice(None), np.array([1, 2, 3])),
    (slice(None), 0, np.array([1, 2, 3])),
    (np.array([True, False, True, True]),),
    (slice(None), np.array([[True, False, True, False, True]] * 3)),
    ([0, 3],),
]


@pytest.mark.parametrize('key', KEYS, ids=[str(i) for i in range(len(KEYS))])
def test_getitem_static_shape_is_numpys(key):
    shape = (4, 3, 5)
    expected = np.empty(shape)[key].shape
    assert K.int_shape(K.placeholder(shape)[key]) == expected
    # With an unknown batch, sizes along the batch axis are unknown.
    unknown = K.int_shape(K.placeholder((None,) + shape[1:])[key])
    assert len(unknown) == len(expected)
    for u, e in zip(unknown, expected):
        assert u is None or u == e


def test_getitem_with_tensor_bounds():
    x = K.placeholder((None, 8, 3))
    n = K.placeholder((), dtype='int32')
    half = x[:, :K.shape(x)[1] // 2]
    tail = x[:, K.shape(x)[1] - 3::2]
    unknown = x[:, :n]
    assert K.int_shape(half) == (None, 4, 3)
    assert K.int_shape(tail) == (None, 2, 3)
    assert K.int_shape(unknown) == (None, None, 3)
    assert K.int_shape(x[K.shape(x)[0] - 1]) == (8, 3)


def test_getitem_errors_name_the_problem():
    x = K.placeholder((2, 3))
    with pytest.raises(IndexError, match='out of bounds'):
        x[:, 3]
    with pytest.raises(IndexError, match='too many indices'):
        x[0, 0, 0]
    with pytest.raises(ValueError, match='step cannot be zero'):
        x[::0]


# Sizes known statically.

def test_sizes_computed_from_shapes_are_known():
    x = K.placeholder((None, 6, 4))
    assert K.int_shape(K.reshape(x, K.shape(K.placeholder((2, 3, 8))))) == \
        (2, 3, 8)
    assert K.int_shape(K.reshape(x, (-1, K.shape(x)[1] * K.shape(x)[2]))) \
        == (None, 24)
    assert K.int_shape(K.arange(K.shape(x)[1] - 1)) == (5,)
    assert K.int_shape(K.arange(K.shape(x)[0])) == (None,)
    assert K.int_shape(K.one_hot(K.placeholder((None,), dtype='int32'),
                                 K.prod(K.shape(x)[1:]))) == (None, 24)
    assert K.int_shape(K.repeat(K.placeholder((None, 4)),
                                K.maximum(K.shape(x)[1], 7))) == (None, 7, 4)
    assert K.int_shape(K.tile(x, K.concatenate([K.shape(x)[1:2],
                                                 [1, 2]]))) == (None, 6, 8)
    values = K.placeholder((3,), dtype='int32')
    assert K.int_shape(K.tile(x, values)) == (None, None, None)
    assert K.int_shape(K.one_hot(values, K.max(values))) == (3, None)


def test_zeros_of_a_known_shape_tensor_is_a_variable():
    x = K.placeholder((2, 3))
    z = K.zeros(K.shape(x))
    assert K.is_variable(z) and K.int_shape(z) == (2, 3)
    o = K.ones(K.shape(K.placeholder((None, 3))))
    assert not K.is_variable(o) and K.int_shape(o) == (None, 3)


# Arguments that only a Python int can serve fail when the graph is built.

@pytest.mark.parametrize('call, argument', [
    (lambda x, n: K.repeat_elements(x, n, 1), 'rep'),
    (lambda x, n: K.resize_images(x, n, 2, 'channels_last'),
     'height_factor'),
    (lambda x, n: K.resize_volumes(K.expand_dims(x), 1, n, 1,
                                   'channels_last'), 'depth_factor|height'),
    (lambda x, n: K.sum(x, axis=n), 'axis'),
    (lambda x, n: K.mean(x, axis=[1, n]), 'axis'),
    (lambda x, n: K.argmax(x, axis=n), 'axis'),
    (lambda x, n: K.expand_dims(x, n), 'axis'),
    (lambda x, n: K.squeeze(x, n), 'axis'),
    (lambda x, n: K.cumsum(x, n), 'axis'),
    (lambda x, n: K.reverse(x, n), 'axes'),
    (lambda x, n: K.permute_dimensions(x, (0, n, 2, 3)), 'pattern'),
    (lambda x, n: K.spatial_2d_padding(x, ((n, 1), (1, 1))), 'padding'),
    (lambda x, n: K.concatenate([x, x], axis=n), 'axis'),
])
def test_symbolic_value_for_an_int_argument(call, argument):
    x = K.placeholder((None, 4, 4, 2))
    n = K.shape(x)[1] // 4
    with pytest.raises(TypeError, match=argument):
        call(x, n)


def test_sizes_must_be_integers_of_known_count():
    x = K.placeholder((None, 3))
    with pytest.raises(ValueError, match='`shape`.*known length'):
        K.reshape(x, K.placeholder((None,), dtype='int32'))
    with pytest.raises(TypeError, match='`n`.*integer'):
        K.tile(x, K.placeholder((2,), dtype='float32'))
    with pytest.raises(TypeError, match='`n`'):
        K.tile(x, [1.5, 1])
    with pytest.raises(ValueError, match='`start` and `size`'):
        K.slice(x, [0], [1])
    with pytest.raises(ValueError, match='exceed'):
        K.slice(K.placeholder((4, 3)), [0, 2], [1, 2])


# Dtypes: those numpy gives, for every input dtype.

REDUCTIONS = ['sum', 'prod', 'mean', 'max', 'min', 'var', 'std', 'any',
              'all', 'argmax', 'argmin', 'logsumexp', 'cumsum', 'cumprod']
DTYPES = ['bool', 'uint8', 'int8', 'int32', 'int64', 'float16', 'float32',
          'float64']


@pytest.mark.parametrize('op', REDUCTIONS)
def test_reduction_dtypes_are_numpys(op):
    for dtype in DTYPES:
        value = (np.arange(6) % 2).reshape(2, 3).astype(dtype)
        with active.using(NP), np.errstate(all='ignore'):
            expected = np.asarray(getattr(K, op)(value, 1)).dtype.name
        x = K.placeholder((None, 3), dtype=dtype)
        assert K.dtype(getattr(K, op)(x, 1)) == expected, dtype


@pytest.mark.parametrize('op, args', [
    ('categorical_crossentropy', ('float64', 'float32')),
    ('categorical_crossentropy', ('float32', 'int32')),
    ('sparse_categorical_crossentropy', ('int64', 'float64')),
    ('binary_crossentropy', ('int32', 'float32')),
    ('binary_crossentropy', ('float16', 'float16')),
])
def test_loss_dtypes_are_numpys(op, args):
    values = [np.ones((2, 3), dtype=args[0]) if op != 'sparse_categorical_'
              'crossentropy' else np.ones(2, dtype=args[0]),
              np.full((2, 3), 0.5, dtype=args[1])]
    with active.using(NP), np.errstate(all='ignore'):
        expected = np.asarray(getattr(K, op)(*values)).dtype.name
    inputs = [K.placeholder(v.shape, dtype=v.dtype.name) for v in values]
    assert K.dtype(getattr(K, op)(*inputs)) == expected


def test_stack_of_sizes_keeps_int32():
    x = K.placeholder((None, 3))
    stacked = K.stack([K.shape(x)[0], 1, 1])
    assert K.dtype(stacked) == 'int32'
    out, = evaluate([x], [stacked], [np.zeros((4, 3), 'float32')])
    assert out.dtype == np.int32
    np.testing.assert_array_equal(out, [4, 1, 1])


def test_operator_getitem_in_conformance_tables_uses_rules():
    # The tables index with operator.getitem; its rule is the one tested.
    assert any(c.op is operator.getitem for c in ARRAY_CASES)


@pytest.mark.parametrize('key', [
    (slice(None), np.array([2, 0])),
    (slice(None), np.array([[1], [0]]), slice(1, 3)),
    (0, slice(None), np.array([1, 3])),
    (slice(None), 1, np.array([3, 0, 1])),
], ids=['array', '2d-array', 'int-slice-array', 'int-array'])
def test_symbolic_advanced_indexing_is_numpys(key):
    data = np.arange(24, dtype='float32').reshape(2, 3, 4)
    x = K.placeholder((None, 3, 4))
    y = x[key]
    expected = data[key]
    assert K.int_shape(y)[1:] == expected.shape[1:]
    arrays = [i for i, k in enumerate(key) if isinstance(k, np.ndarray)]
    if K.backend() == 'tensorflow' and not all(
            k == slice(None) for k in key[:arrays[0]]):
        # tf's own indexing: one integer array after `:` slices.
        with pytest.raises(NotImplementedError, match='one integer array'):
            evaluate([x], [y], [data])
        return
    out, = evaluate([x], [y], [data])
    np.testing.assert_array_equal(out, expected)
