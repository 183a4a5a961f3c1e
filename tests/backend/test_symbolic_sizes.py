"""Sizes given as tensors work inside K.function as in Keras 2 on
TensorFlow: sizes computed from shapes on every backend (jax included:
shapes are static under jit), sizes computed from tensor values on every
backend but jax, whose jit needs static shapes and says so."""
import numpy as np
import pytest

import keras.backend as K

BATCHES = (2, 5)


def data(batch, *shape, dtype='float32'):
    return np.arange(batch * int(np.prod(shape)),
                     dtype=dtype).reshape((batch,) + shape)


def run(inputs, outputs, *values):
    return K.function(inputs, outputs)(list(values))


# Sizes computed from shapes: one function serves every batch size.

def test_arange_of_the_batch_size():
    x = K.placeholder((None, 3))
    positions = K.arange(K.shape(x)[0])
    odd = K.arange(1, K.shape(x)[0] * 2, 2, dtype='float32')
    assert K.int_shape(positions) == (None,)
    assert K.dtype(positions) == 'int32' and K.dtype(odd) == 'float32'
    f = K.function([x], [positions, odd])
    for batch in BATCHES:
        a, b = f([data(batch, 3)])
        np.testing.assert_array_equal(a, np.arange(batch, dtype='int32'))
        assert a.dtype == np.int32 and b.dtype == np.float32
        np.testing.assert_array_equal(b, np.arange(1, batch * 2, 2))


def test_slicing_by_a_computed_size():
    x = K.placeholder((None, 6, 2))
    half = x[:, :K.shape(x)[1] // 2]
    assert K.int_shape(half) == (None, 3, 2)
    first = x[:K.shape(x)[0] - 1, 1]
    f = K.function([x], [half, first])
    for batch in BATCHES:
        value = data(batch, 6, 2)
        a, b = f([value])
        np.testing.assert_array_equal(a, value[:, :3])
        np.testing.assert_array_equal(b, value[:batch - 1, 1])


def test_ones_and_zeros_of_a_shape_tensor_are_tensors():
    x = K.placeholder((None, 3))
    ones, zeros = K.ones(K.shape(x)), K.zeros(K.shape(x), dtype='int32')
    for t in (ones, zeros):
        assert K.is_tensor(t) and not K.is_variable(t)
        assert K.int_shape(t) == (None, 3)
    assert K.dtype(ones) == K.floatx() and K.dtype(zeros) == 'int32'
    wide = K.ones((K.shape(x)[0], 2))
    assert K.int_shape(wide) == (None, 2)
    f = K.function([x], [ones, zeros, wide])
    for batch in BATCHES:
        a, b, c = f([data(batch, 3)])
        np.testing.assert_array_equal(a, np.ones((batch, 3)))
        np.testing.assert_array_equal(b, np.zeros((batch, 3)))
        assert b.dtype == np.int32
        np.testing.assert_array_equal(c, np.ones((batch, 2)))
    # A concrete shape gives a variable, as in Keras 2.
    assert K.is_variable(K.ones((2, 3)))
    assert K.is_variable(K.zeros(K.shape(K.placeholder((4, 2)))))


def test_reshape_tile_slice_one_hot_by_shape_tensors():
    x = K.placeholder((None, 4, 3))
    labels = K.placeholder((None,), dtype='int32')
    flat = K.reshape(x, K.stack([K.shape(x)[0], -1]))
    tiled = K.tile(x, K.stack([1, K.shape(x)[2], 1]))
    sliced = K.slice(x, K.stack([0, K.shape(x)[1] - 2, 0]),
                     [-1, 2, K.shape(x)[2] - 1])
    encoded = K.one_hot(labels, K.shape(x)[2] + 1)
    assert K.int_shape(tiled) == (None, 12, 3)
    assert K.int_shape(sliced) == (None, 2, 2)
    assert K.int_shape(encoded) == (None, 4)
    f = K.function([x, labels], [flat, tiled, sliced, encoded])
    for batch in BATCHES:
        value = data(batch, 4, 3)
        classes = np.arange(batch, dtype='int32') % 4
        a, b, c, d = f([value, classes])
        np.testing.assert_array_equal(a, value.reshape(batch, -1))
        np.testing.assert_array_equal(b, np.tile(value, (1, 3, 1)))
        np.testing.assert_array_equal(c, value[:, 2:, :2])
        np.testing.assert_array_equal(d, np.eye(4)[classes])


def test_positional_encoding_pattern():
    # Attention code: positions of a sequence of any length, embedded.
    x = K.placeholder((None, None, 4))
    positions = K.cast(K.arange(K.shape(x)[1]), K.floatx())
    angles = K.expand_dims(positions, -1) * K.constant([1., 0.5, 0.25, 0.1])
    encoded = x + K.expand_dims(K.sin(angles), 0)
    assert K.int_shape(encoded) == (None, None, 4)
    f = K.function([x], [encoded])
    for steps in (3, 6):
        value = np.zeros((2, steps, 4), 'float32')
        expected = np.sin(np.arange(steps)[:, None] *
                          np.array([1., 0.5, 0.25, 0.1]))
        np.testing.assert_allclose(f([value])[0], np.broadcast_to(
            expected, (2, steps, 4)), rtol=1e-5, atol=1e-6)


def test_eager_calls_take_size_tensors():
    x = K.variable(data(2, 3))
    np.testing.assert_array_equal(K.eval(K.arange(K.shape(x)[0])), [0, 1])
    np.testing.assert_array_equal(K.eval(K.tile(x, K.shape(x)[::-1])),
                                  np.tile(data(2, 3), (3, 2)))


# Sizes computed from tensor values.

def value_sized_ops():
    """Ops whose sizes come from the values of `lengths` (6, 1 below)."""
    lengths = K.placeholder((2,), dtype='int32')
    x = K.placeholder((None, 3))
    outputs = [
        K.arange(K.max(lengths)),
        K.reshape(x, lengths),
        K.tile(x, lengths),
        K.one_hot(lengths, K.max(lengths) + 1),
        x[:, :lengths[1]],
        # A size of -1 known only at run time takes the rest of the axis.
        K.slice(x, [0, 0], K.stack([K.shape(x)[0] - 1, lengths[1] - 2])),
        K.ones(lengths),
    ]
    return [lengths, x], outputs


@pytest.mark.backends('tensorflow', 'torch', 'theano', 'numpy')
def test_sizes_from_values_in_functions():
    inputs, outputs = value_sized_ops()
    assert [K.int_shape(out) for out in outputs] == [
        (None,), (None, None), (None, None), (2, None), (None, None),
        (None, None), (None, None)]
    value = data(2, 3)
    a, b, c, d, e, f, g = run(inputs, outputs, np.array([6, 1], 'int32'),
                              value)
    np.testing.assert_array_equal(a, np.arange(6))
    np.testing.assert_array_equal(b, value.reshape(6, 1))
    np.testing.assert_array_equal(c, np.tile(value, (6, 1)))
    np.testing.assert_array_equal(d, np.eye(7, dtype='float32')[[6, 1]])
    np.testing.assert_array_equal(e, value[:, :1])
    np.testing.assert_array_equal(f, value[:1])
    np.testing.assert_array_equal(g, np.ones((6, 1)))


@pytest.mark.backends('jax')
def test_jax_names_its_static_shape_rule():
    inputs, outputs = value_sized_ops()
    for out in outputs:
        f = K.function(inputs, [out])
        with pytest.raises(ValueError, match=r'jax needs sizes known when '
                           r'the function is traced \(jit static shapes\)'):
            f([np.array([6, 1], 'int32'), data(2, 3)])


@pytest.mark.backends('jax')
def test_jax_eval_takes_concrete_values_as_sizes():
    # Outside jit (K.eval), values are concrete.
    lengths = K.variable(np.array([3, 1]), dtype='int32')
    np.testing.assert_array_equal(K.eval(K.arange(K.max(lengths))),
                                  np.arange(3))


def test_random_draws_of_a_shape_tensor():
    x = K.placeholder((None, 3))
    noise = K.random_normal(K.shape(x), seed=1)
    mask = K.random_binomial((K.shape(x)[0], 1), p=0.5, dtype='int32')
    assert K.int_shape(noise) == (None, 3) and K.dtype(noise) == K.floatx()
    assert K.int_shape(mask) == (None, 1) and K.dtype(mask) == 'int32'
    f = K.function([x], [noise, mask])
    for batch in BATCHES:
        a, b = f([data(batch, 3)])
        assert a.shape == (batch, 3) and b.shape == (batch, 1)
        assert set(np.unique(b)) <= {0, 1}


def test_random_shape_from_the_shape_of_a_constant():
    # Keras 2 code sizes noise by a tensor's shape; on the graph backends
    # K.shape of a K.constant is a backend tensor, not a Keras tensor.
    x = K.constant(np.zeros((3, 2)))
    for draw in (K.random_normal(K.shape(x)),
                 K.random_uniform(K.shape(x), 0., 1.)):
        values = K.eval(draw)
        assert values.shape == (3, 2)
        assert len(np.unique(values)) == 6
