"""Noise layers: identity at inference, the noise's statistics in training
(against closed forms), AlphaDropout's affine map and noise_shape, configs,
Keras 1 spellings and errors."""
import numpy as np
import pytest

from keras import backend as K
from keras import layers
from keras.engine.input_layer import Input
from keras.engine.sequential import Sequential
from keras.layers import AlphaDropout
from keras.layers import Dense
from keras.layers import GaussianDropout
from keras.layers import GaussianNoise
from keras.layers import noise
from keras.utils.test_utils import layer_test

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def phases(layer, shape):
    """(training output, inference output) functions of the layer."""
    x = Input(shape=shape)
    y = layer(x)
    assert K.int_shape(y) == (None,) + tuple(s for s in shape)
    f = K.function([x, K.learning_phase()], [y])
    return (lambda data: f([data, 1])[0]), (lambda data: f([data, 0])[0])


def round_trip(layer):
    clone = layers.deserialize(layers.serialize(layer))
    assert clone.__class__ is layer.__class__
    assert clone.get_config() == layer.get_config()
    return clone


def test_import_path():
    assert noise.AlphaDropout is AlphaDropout


def test_gaussian_noise():
    train, test = phases(GaussianNoise(0.5), (1000,))
    data = np.random.randn(4, 1000).astype('float32')
    np.testing.assert_array_equal(test(data), data)
    added = train(data) - data
    assert abs(added.mean()) < 0.05
    assert abs(added.std() - 0.5) < 0.03
    # A fresh draw each call.
    assert not np.allclose(train(data), train(data))
    assert round_trip(GaussianNoise(0.3)).stddev == 0.3
    assert GaussianNoise(0.1).supports_masking


def test_gaussian_dropout():
    rate = 0.2
    train, test = phases(GaussianDropout(rate), (1000,))
    data = np.full((4, 1000), 2., dtype='float32')
    np.testing.assert_array_equal(test(data), data)
    factor = train(data) / 2.
    assert abs(factor.mean() - 1.) < 0.03
    assert abs(factor.std() - np.sqrt(rate / (1. - rate))) < 0.03
    # Rates of 0 and 1 leave the inputs unchanged, as in Keras 2.
    for edge in (0., 1.):
        train, _ = phases(GaussianDropout(edge), (3,))
        np.testing.assert_array_equal(train(data[:, :3]), data[:, :3])
    assert round_trip(GaussianDropout(0.4)).rate == 0.4


def alpha_dropout_map(rate):
    alpha_p = -SELU_ALPHA * SELU_SCALE
    a = ((1. - rate) * (1. + rate * alpha_p ** 2)) ** -0.5
    b = -a * alpha_p * rate
    return a, b, alpha_p


def test_alpha_dropout_keeps_mean_and_variance():
    rate = 0.2
    train, test = phases(AlphaDropout(rate), (2000,))
    data = np.random.RandomState(0).randn(4, 2000).astype('float32')
    np.testing.assert_array_equal(test(data), data)
    out = train(data)
    a, b, alpha_p = alpha_dropout_map(rate)
    # Every entry is a * x + b (kept) or a * alpha_p + b (dropped).
    recovered = (out - b) / a
    dropped = np.isclose(recovered, alpha_p, atol=1e-4)
    np.testing.assert_allclose(recovered[~dropped], data[~dropped],
                               rtol=1e-4, atol=1e-4)
    assert abs(dropped.mean() - rate) < 0.02
    assert abs(out.mean()) < 0.05
    assert abs(out.std() - 1.) < 0.05


def test_alpha_dropout_noise_shape_with_none_entries():
    rate = 0.5
    train, _ = phases(AlphaDropout(rate, noise_shape=(None, 1, None)),
                      (None, 8))
    data = np.ones((3, 4, 8), dtype='float32')
    out = train(data)
    assert out.shape == (3, 4, 8)
    # One keep/drop decision per (sample, feature), shared over time.
    np.testing.assert_array_equal(out, np.repeat(out[:, :1], 4, axis=1))
    a, b, alpha_p = alpha_dropout_map(rate)
    kept = np.isclose(out, a + b, rtol=1e-5)
    dropped = np.isclose(out, a * alpha_p + b, rtol=1e-5)
    assert np.all(kept | dropped) and kept.any() and dropped.any()
    config = round_trip(AlphaDropout(0.3, noise_shape=(None, 1, None),
                                     seed=3)).get_config()
    assert config['noise_shape'] == (None, 1, None) and config['seed'] == 3
    train, _ = phases(AlphaDropout(0.), (3,))
    np.testing.assert_array_equal(train(data[0, :, :3]), data[0, :, :3])


def test_noise_only_in_training_with_static_training_argument():
    x = Input(shape=(50,))
    data = np.ones((2, 50), dtype='float32')
    layers_ = [GaussianNoise(1.), GaussianDropout(0.5), AlphaDropout(0.5)]
    tests = [layer(x, training=False) for layer in layers_]
    trains = [layer(x, training=True) for layer in layers_]
    values = K.function([x], tests + trains)([data])
    for value in values[:3]:
        np.testing.assert_array_equal(value, data)
    for value in values[3:]:
        assert not np.allclose(value, data)


def test_keras1_spellings():
    with pytest.warns(UserWarning, match='Update your `GaussianNoise` call '
                                         'to the Keras 2 API'):
        layer = GaussianNoise(sigma=0.2)
    assert layer.stddev == 0.2
    with pytest.warns(UserWarning, match='Update your `GaussianDropout` call '
                                         'to the Keras 2 API'):
        layer = GaussianDropout(p=0.3)
    assert layer.rate == 0.3


@pytest.mark.parametrize('build,message', [
    (lambda: GaussianNoise(-0.1),
     'GaussianNoise: `stddev` must be a number >= 0; received -0.1'),
    (lambda: GaussianNoise('a'),
     "GaussianNoise: `stddev` must be a number >= 0; received 'a'"),
    (lambda: GaussianDropout(1.5),
     'GaussianDropout: `rate` must lie in \\[0, 1\\]; received 1.5'),
    (lambda: AlphaDropout(-0.5),
     'AlphaDropout: `rate` must lie in \\[0, 1\\]; received -0.5'),
    (lambda: AlphaDropout(0.5, noise_shape='abc'),
     "AlphaDropout: `noise_shape` must be a tuple of positive integers and "
     "Nones; received 'abc'"),
    (lambda: AlphaDropout(0.5, noise_shape=(None, 0)),
     'AlphaDropout: `noise_shape` must be a tuple of positive integers'),
])
def test_bad_arguments(build, message):
    with pytest.raises(ValueError, match=message):
        build()


@pytest.mark.parametrize('layer_cls,kwargs', [
    (GaussianNoise, {'stddev': 1.}),
    (GaussianDropout, {'rate': 0.5}),
    (AlphaDropout, {'rate': 0.2}),
    (AlphaDropout, {'rate': 0.2, 'noise_shape': (None, 1, None),
                    'seed': 1}),
])
def test_layer_test(layer_cls, kwargs):
    layer_test(layer_cls, kwargs=kwargs, input_shape=(3, 2, 3))


@pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')
def test_fit_through_noise_layers():
    model = Sequential([GaussianNoise(0.1, input_shape=(4,)),
                        Dense(3, activation='selu'),
                        AlphaDropout(0.1), GaussianDropout(0.1), Dense(1)])
    model.compile('sgd', 'mse')
    data = np.random.randn(8, 4).astype('float32')
    history = model.fit(data, np.zeros((8, 1), 'float32'), epochs=2,
                        batch_size=4, verbose=0)
    assert len(history.history['loss']) == 2
    # Inference is deterministic.
    np.testing.assert_array_equal(model.predict(data), model.predict(data))
