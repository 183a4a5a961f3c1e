"""Random ops: distributions (statistical bounds several standard errors
wide), seeds, and fresh draws at every call of a compiled function."""
import numpy as np
import pytest

import keras.backend as K

N = 4000


def draw(tensor):
    return K.function([], [tensor])([])[0]


def test_random_uniform_distribution():
    x = K.random_uniform((N,), minval=-2., maxval=3.)
    assert K.int_shape(x) == (N,) and K.dtype(x) == K.floatx()
    values = draw(x)
    assert values.dtype == np.float32
    assert values.min() >= -2. and values.max() < 3.
    assert abs(values.mean() - 0.5) < 0.12
    assert abs(values.std() - 5. / np.sqrt(12.)) < 0.08


def test_random_normal_distribution():
    values = draw(K.random_normal((N,), mean=1., stddev=2.))
    assert abs(values.mean() - 1.) < 0.15
    assert abs(values.std() - 2.) < 0.12


def test_truncated_normal_stays_within_two_stddev():
    values = draw(K.truncated_normal((N,), mean=0.5, stddev=2.))
    assert values.min() >= 0.5 - 4. and values.max() <= 0.5 + 4.
    assert abs(values.mean() - 0.5) < 0.15
    # The standard deviation of a normal truncated at 2 sigma.
    assert abs(values.std() - 2. * 0.8796) < 0.1


def test_random_binomial_frequency():
    values = draw(K.random_binomial((N,), p=0.3))
    assert set(np.unique(values)) <= {0., 1.}
    assert abs(values.mean() - 0.3) < 0.04
    assert draw(K.random_binomial((10,), p=0.)).sum() == 0


@pytest.mark.parametrize('op, args', [
    ('random_uniform', ()), ('random_normal', ()),
    ('truncated_normal', ()), ('random_binomial', (0.5,)),
])
def test_dtype_argument(op, args):
    x = getattr(K, op)((3, 2), *args, dtype='float64')
    assert K.dtype(x) == 'float64'
    value = K.eval(x)
    assert value.dtype == np.float64 and value.shape == (3, 2)


def test_seed_repeats_across_functions():
    first = K.eval(K.random_uniform((20,), seed=5))
    again = K.eval(K.random_uniform((20,), seed=5))
    other = K.eval(K.random_uniform((20,), seed=6))
    np.testing.assert_array_equal(first, again)
    assert not np.allclose(first, other)
    np.testing.assert_array_equal(K.eval(K.random_normal((5,), seed=1)),
                                  K.eval(K.random_normal((5,), seed=1)))


@pytest.mark.parametrize('seed', [None, 11])
def test_fresh_draws_at_each_call(seed):
    f = K.function([], [K.random_normal((20,), seed=seed)])
    first, second = f([])[0], f([])[0]
    assert not np.allclose(first, second)


def test_seeded_function_restarts_its_sequence():
    sequence = [K.function([], [K.random_uniform((5,), seed=2)])
                for _ in range(2)]
    np.testing.assert_array_equal(sequence[0]([])[0], sequence[1]([])[0])


def test_two_ops_in_one_function_differ():
    a, b = K.function([], [K.random_uniform((20,)),
                           K.random_uniform((20,))])([])
    assert not np.allclose(a, b)


def test_shape_from_a_tensor():
    x = K.placeholder(shape=(None, 3))
    noise = K.random_normal(shape=(K.shape(x)[0], 3))
    assert K.int_shape(noise) == (None, 3)
    out = K.function([x], [x + noise])([np.zeros((4, 3))])[0]
    assert out.shape == (4, 3) and out.std() > 0.


def test_random_variables():
    v = K.random_uniform_variable((50, 40), low=-1., high=2., seed=3)
    assert K.is_variable(v) and K.int_shape(v) == (50, 40)
    values = K.get_value(v)
    assert values.min() >= -1. and values.max() < 2.
    assert abs(values.mean() - 0.5) < 0.1
    same = K.random_uniform_variable((50, 40), -1., 2., seed=3)
    np.testing.assert_array_equal(values, K.get_value(same))
    n = K.get_value(K.random_normal_variable((50, 40), 1., 0.5,
                                             dtype='float64', seed=4))
    assert n.dtype == np.float64
    assert abs(n.mean() - 1.) < 0.05 and abs(n.std() - 0.5) < 0.05


def test_dropout_scales_kept_values():
    x = K.placeholder(shape=(None, 100))
    y = K.dropout(x, 0.4)
    assert K.int_shape(y) == (None, 100)
    values = K.function([x], [y])([np.ones((40, 100))])[0]
    kept = values[values != 0.]
    np.testing.assert_allclose(kept, np.full(kept.shape, 1. / 0.6), rtol=1e-6)
    assert abs((values > 0).mean() - 0.6) < 0.04


def test_dropout_noise_shape_and_fresh_masks():
    x = K.placeholder(shape=(None, 50))
    f = K.function([x], [K.dropout(x, 0.5, noise_shape=(None, 1))])
    data = np.ones((200, 50))
    first, second = f([data])[0], f([data])[0]
    # One draw per row: a row is all kept or all dropped.
    assert np.all(first.min(axis=1) == first.max(axis=1))
    assert 0.35 < (first[:, 0] > 0).mean() < 0.65
    assert not np.array_equal(first, second)


def test_dropout_seed():
    x = K.variable(np.ones((30, 30)))
    np.testing.assert_array_equal(K.eval(K.dropout(x, 0.5, seed=9)),
                                  K.eval(K.dropout(x, 0.5, seed=9)))


def test_random_ops_record_even_without_symbolic_inputs():
    x = K.random_uniform((3,))
    assert K.is_tensor(x) and K.int_shape(x) == (3,)
    assert not np.array_equal(K.eval(x), K.eval(x))
