"""Initializers: values, statistics, seeding (the same on every backend),
fan computation and serialisation."""
import numpy as np
import pytest

from keras import backend as K
from keras import initializers
from keras.engine.input_layer import Input
from keras.layers import Dense

SHAPE = (200, 300)


def values(initializer, shape=SHAPE):
    """The initial value of a weight, through a real variable."""
    return K.get_value(K.variable(initializer(shape)))


def test_constant_initializers():
    np.testing.assert_array_equal(values(initializers.Zeros(), (2, 3)),
                                  np.zeros((2, 3)))
    np.testing.assert_array_equal(values(initializers.Ones(), (4,)),
                                  np.ones(4))
    np.testing.assert_array_equal(values(initializers.Constant(2.5), (2, 2)),
                                  np.full((2, 2), 2.5))
    assert initializers.Zeros()((2,), dtype='float64').dtype == np.float64


def test_random_distributions_statistics():
    normal = values(initializers.RandomNormal(mean=1., stddev=0.5))
    assert normal.mean() == pytest.approx(1., abs=0.01)
    assert normal.std() == pytest.approx(0.5, rel=0.02)
    uniform = values(initializers.RandomUniform(minval=-2., maxval=1.))
    assert uniform.min() >= -2. and uniform.max() < 1.
    assert uniform.mean() == pytest.approx(-0.5, abs=0.02)
    truncated = values(initializers.TruncatedNormal(mean=0., stddev=2.))
    assert np.abs(truncated).max() <= 4.
    assert truncated.std() == pytest.approx(2. * 0.87962566, rel=0.02)


@pytest.mark.parametrize('name,scale_numerator,fan', [
    ('glorot_uniform', 2., 'avg'), ('glorot_normal', 2., 'avg'),
    ('he_uniform', 2., 'in'), ('he_normal', 2., 'in'),
    ('lecun_uniform', 1., 'in'), ('lecun_normal', 1., 'in'),
])
def test_variance_scaling_standard_deviation(name, scale_numerator, fan):
    fan_in, fan_out = SHAPE
    units = fan_in + fan_out if fan == 'avg' else fan_in
    expected_std = np.sqrt(scale_numerator / units)
    result = values(initializers.get(name))
    assert result.std() == pytest.approx(expected_std, rel=0.02)
    assert abs(result.mean()) < expected_std * 0.02
    if name.endswith('uniform'):
        assert np.abs(result).max() <= np.sqrt(3.) * expected_std
    else:
        assert np.abs(result).max() <= 2. * expected_std / 0.87962566 + 1e-6


def test_variance_scaling_fan_out_and_errors():
    result = values(initializers.VarianceScaling(scale=3., mode='fan_out',
                                                 distribution='uniform'))
    assert result.std() == pytest.approx(np.sqrt(3. / SHAPE[1]), rel=0.02)
    with pytest.raises(ValueError, match='`scale` must be a positive float'):
        initializers.VarianceScaling(scale=0.)
    with pytest.raises(ValueError, match='Invalid `mode` argument'):
        initializers.VarianceScaling(mode='fan')
    with pytest.raises(ValueError, match='Invalid `distribution` argument'):
        initializers.VarianceScaling(distribution='cauchy')


def test_compute_fans():
    assert initializers._compute_fans((3, 4)) == (3, 4)
    # channels_last Conv2D kernel (rows, cols, in, out).
    assert initializers._compute_fans((3, 3, 8, 16)) == (72, 144)
    assert initializers._compute_fans((16, 8, 3, 3), 'channels_first') == \
        (72, 144)
    assert initializers._compute_fans((9,)) == (3., 3.)


def test_orthogonal():
    result = values(initializers.Orthogonal(gain=2.), (30, 20))
    np.testing.assert_allclose(result.T.dot(result), 4. * np.eye(20),
                               atol=1e-4)
    wide = values(initializers.orthogonal(), (20, 30))
    np.testing.assert_allclose(wide.dot(wide.T), np.eye(20), atol=1e-4)


def test_identity():
    np.testing.assert_array_equal(values(initializers.Identity(3.), (3, 3)),
                                  3. * np.eye(3))
    np.testing.assert_array_equal(values(initializers.identity(), (3, 2)),
                                  np.eye(3, 2))
    with pytest.raises(ValueError, match='Identity matrix initializer can '
                                         'only be used for 2D matrices.'):
        initializers.Identity()((2, 2, 2))


def test_seeds_are_reproducible_and_advance():
    first = initializers.RandomNormal(seed=42)
    second = initializers.RandomNormal(seed=42)
    a = first((5, 5))
    np.testing.assert_array_equal(a, second((5, 5)))
    assert first.seed == 43
    assert not np.array_equal(a, first((5, 5)))
    expected = np.random.RandomState(7).uniform(-0.05, 0.05, (3, 4))
    np.testing.assert_allclose(initializers.RandomUniform(seed=7)((3, 4)),
                               expected.astype('float32'))


def test_global_numpy_seed_gives_the_same_weights_on_every_backend():
    np.random.seed(1)
    dense = Dense(4)
    dense(Input(shape=(3,)))
    limit = np.sqrt(6. / (3 + 4))
    expected = np.random.RandomState(1).uniform(-limit, limit, (3, 4))
    np.testing.assert_allclose(dense.get_weights()[0], expected, rtol=1e-6)


def test_get_names_aliases_and_serialization():
    for name, cls in [('zero', initializers.Zeros),
                      ('zeros', initializers.Zeros),
                      ('Zeros', initializers.Zeros),
                      ('one', initializers.Ones),
                      ('normal', initializers.RandomNormal),
                      ('uniform', initializers.RandomUniform),
                      ('random_uniform', initializers.RandomUniform),
                      ('truncated_normal', initializers.TruncatedNormal),
                      ('orthogonal', initializers.Orthogonal),
                      ('identity', initializers.Identity),
                      ('glorot_uniform', initializers.VarianceScaling)]:
        assert isinstance(initializers.get(name), cls), name
    config = initializers.serialize(initializers.glorot_normal(seed=3))
    assert config == {'class_name': 'VarianceScaling',
                      'config': {'scale': 1., 'mode': 'fan_avg',
                                 'distribution': 'normal', 'seed': 3}}
    restored = initializers.deserialize(config)
    assert restored.get_config() == config['config']
    constant = initializers.get({'class_name': 'Constant',
                                 'config': {'value': 4, 'dtype': 'float32'}})
    assert constant.value == 4

    def custom(shape, dtype=None):
        return np.ones(shape)
    assert initializers.get(custom) is custom
    with pytest.raises(ValueError, match='Unknown initializer: nope'):
        initializers.get('nope')
    with pytest.raises(ValueError, match='Could not interpret initializer '
                                         'identifier: 5'):
        initializers.get(5)
