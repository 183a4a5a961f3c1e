"""Tensor creation: zeros/ones/eye give variables (as in Keras 2),
arange/constant give tensors; values, shapes and dtypes against numpy."""
import numpy as np
import pytest

import keras.backend as K


@pytest.mark.parametrize('op, shape, expected', [
    ('zeros', (2, 3), np.zeros((2, 3))),
    ('ones', (3,), np.ones(3)),
    ('zeros', (), np.zeros(())),
    ('eye', 3, np.eye(3)),
    ('eye', (2, 4), np.eye(2, 4)),
])
@pytest.mark.parametrize('dtype', [None, 'float64', 'int32'])
def test_filled_variables(op, shape, expected, dtype):
    v = getattr(K, op)(shape, dtype=dtype, name='filled')
    assert K.is_variable(v)
    assert K.int_shape(v) == expected.shape
    assert K.dtype(v) == (dtype or K.floatx())
    value = K.get_value(v)
    assert value.dtype == np.dtype(dtype or K.floatx())
    np.testing.assert_array_equal(value, expected)
    # A variable: it can be assigned.
    K.set_value(v, expected + 1)
    np.testing.assert_array_equal(K.get_value(v), expected + 1)


@pytest.mark.parametrize('args, kwargs, expected', [
    ((5,), {}, np.arange(5, dtype='int32')),
    ((2, 8), {}, np.arange(2, 8, dtype='int32')),
    ((1, 10, 3), {}, np.array([1, 4, 7], dtype='int32')),
    ((-3,), {}, np.zeros(0, dtype='int32')),
    ((0, 2, 0.5), {'dtype': 'float32'},
     np.array([0., 0.5, 1., 1.5], dtype='float32')),
    ((4,), {'dtype': 'int64'}, np.arange(4, dtype='int64')),
    ((10, 0, -3), {}, np.array([10, 7, 4, 1], dtype='int32')),
], ids=['stop', 'start-stop', 'step', 'negative-stop', 'float', 'int64',
        'descending'])
def test_arange(args, kwargs, expected):
    result = K.eval(K.arange(*args, **kwargs))
    assert result.dtype == expected.dtype
    np.testing.assert_array_equal(result, expected)


def test_like_ops_follow_the_input():
    x = K.placeholder(shape=(None, 3), dtype='int32')
    z = K.zeros_like(x)
    o = K.ones_like(x, dtype='float64')
    assert K.int_shape(z) == (None, 3) and K.dtype(z) == 'int32'
    assert K.dtype(o) == 'float64'
    out_z, out_o = K.function([x], [z, o])([np.full((2, 3), 7)])
    np.testing.assert_array_equal(out_z, np.zeros((2, 3)))
    assert out_o.dtype == np.float64 and out_o.sum() == 6.


def test_variable_keeps_dtype_and_values_of_arrays():
    for dtype in ('float16', 'float32', 'float64', 'int32', 'int64', 'bool'):
        value = (np.arange(4) % 2).astype(dtype)
        v = K.variable(value, dtype=dtype)
        out = K.get_value(v)
        assert out.dtype == np.dtype(dtype), dtype
        np.testing.assert_array_equal(out, value)


def test_cast_to_floatx_and_floatx_default():
    out = K.cast_to_floatx(np.arange(3))
    assert out.dtype == np.dtype(K.floatx())
    assert K.dtype(K.variable([1, 2])) == K.floatx()


@pytest.mark.parametrize('value, shape, expected', [
    ([1, 9, 2, -5, -2, 6], (2, 3), [[1, 9, 2], [-5, -2, 6]]),
    ([[1, 2], [3, 4], [5, 6]], (2, 3), [[1, 2, 3], [4, 5, 6]]),
    (np.arange(6), (3, 1, 2), np.arange(6).reshape(3, 1, 2)),
    (7., (2, 2), np.full((2, 2), 7.)),
    ([7.], (3,), np.full(3, 7.)),
    ([[1.5]], (), np.float32(1.5)),
], ids=['flat', 'nested', 'array', 'scalar-fills', 'single-fills',
        'scalar-shape'])
def test_constant_takes_shape_as_tensorflow(value, shape, expected):
    # TensorFlow reshapes a value of the right size and fills with a single
    # one.
    c = K.constant(value, shape=shape)
    assert K.int_shape(c) == tuple(shape)
    out = K.eval(c)
    assert out.dtype == np.dtype(K.floatx())
    np.testing.assert_array_equal(out, np.asarray(expected, K.floatx()))
    assert K.dtype(K.constant(value, dtype='int32', shape=shape)) == 'int32'


def test_constant_of_the_wrong_size_names_both_shapes():
    with pytest.raises(ValueError, match=r'\(5,\).*\(2, 3\)'):
        K.constant([1, 2, 3, 4, 5], shape=(2, 3))
    with pytest.raises(ValueError, match=r'\(2, 2\).*\(3,\)'):
        K.constant([[1, 2], [3, 4]], shape=[3])
    with pytest.raises(TypeError, match='shape'):
        K.constant(1., shape=(K.shape(K.placeholder((None, 2)))[0], 2))
