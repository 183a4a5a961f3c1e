"""Initializers: distributions checked against closed forms on large draws,
dtypes, seeding (the same on every backend), fan computation and
serialisation.

The references are independent of the draw code: means, variances, bounds
and cumulative distribution functions written out from their formulas, and
a Kolmogorov-Smirnov distance compared with its critical value. Every draw
is seeded, so the statistical checks cannot flake.
"""
import math
import os
import subprocess
import sys

import numpy as np
import pytest

from keras import backend as K
from keras import initializers
from keras.engine.input_layer import Input
from keras.layers import Conv2D
from keras.layers import Dense
from keras.layers import Embedding
from keras.layers import LSTM
from keras.models import Model

SHAPE = (400, 2500)  # 1e6 entries; fan_in, fan_out and their mean differ
N = SHAPE[0] * SHAPE[1]
# Kolmogorov-Smirnov critical value at a 0.1% level: sqrt(-ln(0.0005) / 2).
KS_CRITICAL = 1.949 / math.sqrt(N)
FLOAT32_ROUNDING = 1. + 2. ** -23

_erf = np.frompyfunc(math.erf, 1, 1)


def normal_cdf(x):
    erf = _erf(np.asarray(x, np.float64) / math.sqrt(2.))
    return 0.5 * (1. + np.asarray(erf, np.float64))


def normal_pdf(x):
    return math.exp(-x * x / 2.) / math.sqrt(2. * math.pi)


# A unit normal truncated to [-2, 2]: its mass and standard deviation
# (variance 1 - 2 * 2 phi(2) / mass for symmetric truncation at 2).
TRUNCATED_MASS = float(normal_cdf(2.) - normal_cdf(-2.))
TRUNCATED_STD = math.sqrt(1. - 4. * normal_pdf(2.) / TRUNCATED_MASS)


def ks_distance(sample, cdf):
    """Largest gap between the sample's empirical CDF and `cdf`; the CDF
    is evaluated on a sorted subsample of 20,000 points spread through the
    whole sample, which bounds the gap to within 1 / 20,000."""
    ordered = np.sort(np.asarray(sample, np.float64).ravel())
    positions = np.linspace(0, ordered.size - 1, 20000).astype(np.int64)
    expected = cdf(ordered[positions])
    below = positions / float(ordered.size)
    above = (positions + 1) / float(ordered.size)
    return max(np.abs(expected - below).max(), np.abs(expected - above).max())


def values(initializer, shape=SHAPE):
    """The initial value of a weight, through a real variable."""
    return K.get_value(K.variable(initializer(shape)))


def check_moments(sample, mean, std):
    """Sample mean and standard deviation within five standard errors (the
    variance's standard error bounded by the normal's sqrt(2 / n), which
    is larger than that of the bounded distributions drawn here)."""
    sample = np.asarray(sample, np.float64)
    n = sample.size
    assert abs(sample.mean() - mean) <= 5. * std / math.sqrt(n), \
        (sample.mean(), mean)
    assert abs(sample.var() - std ** 2) <= 5. * std ** 2 * \
        math.sqrt(2. / n), (sample.std(), std)


def test_constant_initializers():
    np.testing.assert_array_equal(values(initializers.Zeros(), (2, 3)),
                                  np.zeros((2, 3)))
    np.testing.assert_array_equal(values(initializers.Ones(), (4,)),
                                  np.ones(4))
    np.testing.assert_array_equal(values(initializers.Constant(2.5), (2, 2)),
                                  np.full((2, 2), 2.5))
    assert initializers.Zeros()((2,), dtype='float64').dtype == np.float64


def test_random_uniform_distribution():
    low, high = -2., 1.
    result = values(initializers.RandomUniform(low, high, seed=11))
    assert result.shape == SHAPE
    assert result.min() >= low and result.max() < high
    check_moments(result, (low + high) / 2., (high - low) / math.sqrt(12.))
    assert ks_distance(result, lambda x: (x - low) / (high - low)) < \
        KS_CRITICAL


def test_random_normal_distribution():
    result = values(initializers.RandomNormal(mean=1., stddev=0.5, seed=12))
    check_moments(result, 1., 0.5)
    assert ks_distance(result, lambda x: normal_cdf((x - 1.) / 0.5)) < \
        KS_CRITICAL
    assert np.abs(result - 1.).max() > 4. * 0.5  # tails are not cut


def test_truncated_normal_distribution():
    mean, stddev = 0.5, 2.
    result = values(initializers.TruncatedNormal(mean, stddev, seed=13))
    assert np.abs(result - mean).max() <= 2. * stddev * FLOAT32_ROUNDING
    check_moments(result, mean, stddev * TRUNCATED_STD)

    def truncated_cdf(x):
        z = np.clip((x - mean) / stddev, -2., 2.)
        return (normal_cdf(z) - normal_cdf(-2.)) / TRUNCATED_MASS
    assert ks_distance(result, truncated_cdf) < KS_CRITICAL


@pytest.mark.parametrize('name,scale,mode', [
    ('glorot_uniform', 1., 'avg'), ('glorot_normal', 1., 'avg'),
    ('he_uniform', 2., 'in'), ('he_normal', 2., 'in'),
    ('lecun_uniform', 1., 'in'), ('lecun_normal', 1., 'in'),
])
def test_variance_scaling_formulas(name, scale, mode):
    fan_in, fan_out = SHAPE
    units = {'in': fan_in, 'avg': (fan_in + fan_out) / 2.}[mode]
    expected_std = math.sqrt(scale / units)
    np.random.seed(0)
    result = values(initializers.get(name))
    assert result.dtype == np.float32
    check_moments(result, 0., expected_std)
    if name.endswith('uniform'):
        limit = math.sqrt(3.) * expected_std
        assert np.abs(result).max() <= limit * FLOAT32_ROUNDING
        assert np.abs(result).max() > 0.999 * limit
    else:
        # Truncated at two standard deviations of the normal before
        # truncation, whose deviation is expected_std / TRUNCATED_STD.
        limit = 2. * expected_std / TRUNCATED_STD
        assert np.abs(result).max() <= limit * FLOAT32_ROUNDING
        assert np.abs(result).max() > 0.999 * limit


def test_variance_scaling_fan_out_untruncated_and_errors():
    fan_in, fan_out = SHAPE
    result = values(initializers.VarianceScaling(
        scale=3., mode='fan_out', distribution='uniform', seed=1))
    check_moments(result, 0., math.sqrt(3. / fan_out))
    std = math.sqrt(2. / fan_in)
    result = values(initializers.VarianceScaling(
        scale=2., distribution='untruncated_normal', seed=2))
    check_moments(result, 0., std)
    assert ks_distance(result, lambda x: normal_cdf(x / std)) < KS_CRITICAL
    # Conv kernels count each receptive-field position: fan_in = 3*3*16.
    kernel = initializers.VarianceScaling(distribution='uniform', seed=3)(
        (3, 3, 16, 2000))
    check_moments(kernel, 0., math.sqrt(1. / 144.))
    with pytest.raises(ValueError, match='`scale` must be a positive float'):
        initializers.VarianceScaling(scale=0.)
    with pytest.raises(ValueError, match='Invalid `mode` argument'):
        initializers.VarianceScaling(mode='fan')
    with pytest.raises(ValueError, match='Invalid `distribution` argument'):
        initializers.VarianceScaling(distribution='cauchy')


RANDOM_INITIALIZERS = [
    lambda seed: initializers.RandomUniform(-1., 1., seed=seed),
    lambda seed: initializers.RandomNormal(0., 1., seed=seed),
    lambda seed: initializers.TruncatedNormal(0., 1., seed=seed),
    lambda seed: initializers.glorot_uniform(seed=seed),
    lambda seed: initializers.he_normal(seed=seed),
    lambda seed: initializers.VarianceScaling(
        distribution='untruncated_normal', seed=seed),
    lambda seed: initializers.Orthogonal(seed=seed),
]


@pytest.mark.parametrize('make', RANDOM_INITIALIZERS)
def test_dtypes(make):
    shape = (300, 200)
    assert make(1)(shape).dtype == np.float32
    wide = make(1)(shape, dtype='float64')
    assert wide.dtype == np.float64
    # Drawn in float64, not float32 values widened: most entries need more
    # than float32's 24 bits.
    assert np.mean(wide.astype(np.float32).astype(np.float64) != wide) > 0.9
    half = make(1)(shape, dtype='float16')
    assert half.dtype == np.float16 and np.all(np.isfinite(half))
    np.testing.assert_allclose(half.astype(np.float64).std(),
                               wide.std(), rtol=0.1)
    old = K.floatx()
    K.set_floatx('float64')
    try:
        assert make(1)(shape).dtype == np.float64
    finally:
        K.set_floatx(old)


def test_float16_and_float64_distributions():
    half = initializers.RandomNormal(0., 2., seed=5)(SHAPE, dtype='float16')
    check_moments(half, 0., 2.)
    truncated = initializers.TruncatedNormal(0., 2., seed=5)
    wide = truncated(SHAPE, dtype='float64')
    assert np.abs(wide).max() <= 4.
    check_moments(wide, 0., 2. * TRUNCATED_STD)


def test_compute_fans():
    assert initializers._compute_fans((3, 4)) == (3, 4)
    # channels_last Conv2D kernel (rows, cols, in, out).
    assert initializers._compute_fans((3, 3, 8, 16)) == (72, 144)
    assert initializers._compute_fans((16, 8, 3, 3), 'channels_first') == \
        (72, 144)
    assert initializers._compute_fans((9,)) == (3., 3.)


def test_orthogonal():
    result = values(initializers.Orthogonal(gain=2., seed=1), (30, 20))
    np.testing.assert_allclose(result.T.dot(result), 4. * np.eye(20),
                               atol=1e-4)
    wide = values(initializers.orthogonal(seed=1), (20, 30))
    np.testing.assert_allclose(wide.dot(wide.T), np.eye(20), atol=1e-4)
    # Kernels of rank > 2 are orthogonal once flattened to 2D.
    kernel = values(initializers.Orthogonal(seed=2), (3, 3, 4, 40))
    flat = kernel.reshape(36, 40)
    np.testing.assert_allclose(flat.dot(flat.T), np.eye(36), atol=1e-4)
    # Random: a square draw is not a signed permutation.
    square = initializers.Orthogonal(seed=3)((10, 10))
    assert np.abs(square).max() < 0.99


def test_identity():
    np.testing.assert_array_equal(values(initializers.Identity(3.), (3, 3)),
                                  3. * np.eye(3))
    np.testing.assert_array_equal(values(initializers.identity(), (3, 2)),
                                  np.eye(3, 2))
    with pytest.raises(ValueError, match='Identity matrix initializer can '
                                         'only be used for 2D matrices.'):
        initializers.Identity()((2, 2, 2))


@pytest.mark.parametrize('make', RANDOM_INITIALIZERS)
def test_seeds_are_reproducible_and_advance(make):
    shape = (6, 5)
    first, second = make(42), make(42)
    a = first(shape)
    np.testing.assert_array_equal(a, second(shape))
    assert first.seed == 43
    b = first(shape)
    assert not np.array_equal(a, b)
    # The second call draws as a fresh instance seeded one higher does.
    np.testing.assert_array_equal(b, make(43)(shape))
    assert not np.array_equal(a, make(7)(shape))
    assert make(42).get_config()['seed'] == 42


def test_seeded_draws_leave_the_global_state_alone():
    np.random.seed(3)
    expected = np.random.random_sample(4)
    np.random.seed(3)
    initializers.RandomNormal(seed=1)((50, 50))
    initializers.glorot_uniform(seed=1)((50, 50))
    np.testing.assert_array_equal(np.random.random_sample(4), expected)


def build_weights():
    """The initial weights of a small model with every kind of random
    initializer that layers use by default."""
    K.clear_session()
    tokens = Input(shape=(5,))
    embedded = Embedding(20, 6)(tokens)
    recurrent = LSTM(4)(embedded)
    image = Input(shape=(6, 6, 2))
    convolved = Conv2D(3, (3, 3), kernel_initializer='he_normal')(image)
    model = Model([tokens, image], [Dense(3)(recurrent), convolved])
    return model.get_weights()


def test_global_numpy_seed_decides_every_draw():
    np.random.seed(1)
    first = build_weights()
    again = build_weights()  # the global state has moved on
    np.random.seed(1)
    repeated = build_weights()
    for a, b, c in zip(first, repeated, again):
        np.testing.assert_array_equal(a, b)
        assert a.dtype == np.float32
        if a.ndim >= 2:  # kernels; biases are constants, not draws
            assert not np.array_equal(a, c)
    # Successive layers draw different values.
    kernels = [w for w in first if w.ndim >= 2]
    assert len(set(w.ravel()[0] for w in kernels)) == len(kernels)


_NUMPY_BACKEND_WEIGHTS = '''
import sys
import numpy as np
sys.path.insert(0, sys.argv[1])
from test_initializers import build_weights
np.random.seed(1)
np.savez(sys.argv[2], *build_weights())
'''


def test_global_numpy_seed_gives_the_same_weights_on_every_backend(tmp_path):
    """The weights built here equal those a separate process builds on the
    numpy backend after the same `np.random.seed(1)`."""
    here_dir = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here_dir))
    env = dict(os.environ, KERAS_BACKEND='numpy')
    path = str(tmp_path / 'weights.npz')
    result = subprocess.run(
        [sys.executable, '-c', _NUMPY_BACKEND_WEIGHTS, here_dir, path],
        env=env, cwd=root, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    np.random.seed(1)
    here = build_weights()
    with np.load(path) as there:
        assert len(there.files) == len(here)
        for i, weight in enumerate(here):
            np.testing.assert_array_equal(weight, there['arr_%d' % i])


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
