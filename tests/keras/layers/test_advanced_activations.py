"""Advanced activation layers against NumPy formulas, PReLU's weight and
shared axes, configs, Keras 1 spellings and argument errors."""
import numpy as np
import pytest

from keras import backend as K
from keras import layers
from keras import optimizers
from keras.engine.input_layer import Input
from keras.engine.training import Model
from keras.layers import ELU
from keras.layers import LeakyReLU
from keras.layers import PReLU
from keras.layers import ReLU
from keras.layers import Softmax
from keras.layers import ThresholdedReLU
from keras.layers import advanced_activations
from keras.utils.test_utils import layer_test

VALUES = np.array([[-3., -1., -0.5, 0., 0.5, 1., 2.5, 7.]], dtype='float32')


def apply(layer, data):
    x = Input(shape=data.shape[1:])
    y = layer(x)
    assert K.int_shape(y) == (None,) + data.shape[1:]
    return K.function([x], [y])([data])[0]


def round_trip(layer):
    clone = layers.deserialize(layers.serialize(layer))
    assert clone.__class__ is layer.__class__
    assert clone.get_config() == layer.get_config()
    return clone


def test_import_paths():
    assert advanced_activations.PReLU is PReLU
    assert advanced_activations.ReLU is ReLU


def test_leaky_relu():
    x = VALUES
    np.testing.assert_allclose(apply(LeakyReLU(), x),
                               np.where(x >= 0, x, 0.3 * x), rtol=1e-6)
    np.testing.assert_allclose(apply(LeakyReLU(alpha=0.1), x),
                               np.where(x >= 0, x, 0.1 * x), rtol=1e-6)
    layer = round_trip(LeakyReLU(alpha=0.3))
    # Stored as floatx, as Keras 2 does.
    assert layer.get_config()['alpha'] == float(np.float32(0.3))
    assert LeakyReLU().supports_masking


def test_elu():
    x = VALUES
    expected = np.where(x > 0, x, 0.5 * (np.exp(x) - 1.))
    np.testing.assert_allclose(apply(ELU(alpha=0.5), x), expected,
                               rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(apply(ELU(), x),
                               np.where(x > 0, x, np.exp(x) - 1.),
                               rtol=1e-5, atol=1e-7)
    assert round_trip(ELU(alpha=0.5)).get_config()['alpha'] == 0.5


def test_thresholded_relu():
    x = VALUES
    np.testing.assert_array_equal(apply(ThresholdedReLU(), x),
                                  np.where(x > 1., x, 0.))
    np.testing.assert_array_equal(apply(ThresholdedReLU(theta=-0.75), x),
                                  np.where(x > -0.75, x, 0.))
    assert round_trip(ThresholdedReLU(theta=0.5)).theta == 0.5


def test_softmax_along_an_axis():
    x = np.random.randn(2, 3, 4).astype('float32')
    for axis in [-1, 1]:
        e = np.exp(x - x.max(axis=axis, keepdims=True))
        expected = e / e.sum(axis=axis, keepdims=True)
        np.testing.assert_allclose(apply(Softmax(axis=axis), x), expected,
                                   rtol=1e-5)
    assert round_trip(Softmax(axis=1)).get_config()['axis'] == 1


def numpy_relu(x, max_value=None, negative_slope=0., threshold=0.):
    # Keras 2's K.relu, entry by entry: x is kept where x > threshold,
    # clipped to [0, max_value], then the slope times the distance below
    # the threshold is subtracted.
    out = np.empty_like(x)
    for i, v in np.ndenumerate(x):
        kept = v if v > threshold else 0.
        if max_value is not None:
            kept = min(max(kept, 0.), max_value)
        out[i] = kept - negative_slope * max(threshold - v, 0.)
    return out


@pytest.mark.parametrize('kwargs', [
    {},
    {'max_value': 6.},
    {'max_value': 2., 'negative_slope': 0.1},
    {'negative_slope': 0.2, 'threshold': 0.5},
    {'max_value': 5., 'negative_slope': 0.1, 'threshold': -1.},
    {'threshold': 1.},
])
def test_relu(kwargs):
    np.testing.assert_allclose(apply(ReLU(**kwargs), VALUES),
                               numpy_relu(VALUES, **kwargs), rtol=1e-6,
                               atol=1e-7)
    clone = round_trip(ReLU(**kwargs))
    config = clone.get_config()
    # Stored as floatx, as Keras 2 does.
    floatx = lambda v: None if v is None else float(np.float32(v))  # noqa
    assert config['max_value'] == floatx(kwargs.get('max_value'))
    assert config['negative_slope'] == floatx(kwargs.get('negative_slope',
                                                         0.))
    assert config['threshold'] == floatx(kwargs.get('threshold', 0.))


def test_prelu_weight_and_numbers():
    layer = PReLU()
    x = np.random.randn(2, 3, 4).astype('float32')
    np.testing.assert_allclose(apply(layer, x), np.maximum(x, 0),
                               rtol=1e-6)
    assert [w.name for w in layer.weights] == [layer.name + '/alpha']
    assert layer.get_weights()[0].shape == (3, 4)
    alpha = np.random.rand(3, 4).astype('float32')
    layer.set_weights([alpha])
    x_in = layer._inbound_nodes[0].input_tensors[0]
    out = K.function([x_in], [layer.output])([x])[0]
    np.testing.assert_allclose(out, np.where(x > 0, x, alpha * x),
                               rtol=1e-5, atol=1e-7)


def test_prelu_shared_axes():
    layer = PReLU(shared_axes=[1, 2])
    x = np.random.randn(2, 3, 3, 2).astype('float32')
    apply(layer, x)
    assert layer.get_weights()[0].shape == (1, 1, 2)
    assert layer.input_spec.axes == {3: 2}
    alpha = np.array([[[0.1, 0.5]]], dtype='float32')
    layer.set_weights([alpha])
    x_in = layer._inbound_nodes[0].input_tensors[0]
    out = K.function([x_in], [layer.output])([x])[0]
    expected = np.empty_like(x)
    for index, v in np.ndenumerate(x):
        expected[index] = v if v > 0 else alpha[0, 0, index[3]] * v
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-7)
    # An int is one shared axis; variable-size axes must be shared.
    assert PReLU(shared_axes=1).shared_axes == [1]
    layer = PReLU(shared_axes=1)
    apply(layer, np.zeros((1, 5, 2), 'float32'))
    assert layer.get_weights()[0].shape == (1, 2)
    with pytest.raises(ValueError, match='PReLU needs the sizes of the axes '
                                         'it does not share to be known'):
        PReLU()(Input(shape=(None, 2)))
    assert K.int_shape(PReLU(shared_axes=[1])(Input(shape=(None, 2)))) == \
        (None, None, 2)


def test_prelu_config_and_keras1_init():
    layer = PReLU(alpha_initializer='ones', alpha_regularizer='l2',
                  alpha_constraint='non_neg', shared_axes=(1,))
    config = round_trip(layer).get_config()
    assert config['shared_axes'] == [1]
    assert config['alpha_initializer']['class_name'] == 'Ones'
    assert config['alpha_constraint']['class_name'] == 'NonNeg'
    with pytest.warns(UserWarning, match='Update your `PReLU` call to the '
                                         'Keras 2 API'):
        layer = PReLU(init='ones')
    apply(layer, np.zeros((1, 2), 'float32'))
    np.testing.assert_array_equal(layer.get_weights()[0], np.ones(2))


@pytest.mark.parametrize('build,message', [
    (lambda: ReLU(max_value=-1.),
     'max_value of ReLU layer cannot be negative value: -1.0'),
    (lambda: ReLU(negative_slope=-0.1),
     'negative_slope of ReLU layer cannot be negative value: -0.1'),
    (lambda: ReLU(threshold='a'),
     "ReLU: `threshold` must be a number; received 'a'"),
    (lambda: ReLU(max_value='6'),
     "ReLU: `max_value` must be a number; received '6'"),
    (lambda: LeakyReLU(alpha=None),
     'LeakyReLU: `alpha` must be a number; received None'),
    (lambda: ELU(alpha='x'), "ELU: `alpha` must be a number; received 'x'"),
    (lambda: ThresholdedReLU(theta=[1]),
     'ThresholdedReLU: `theta` must be a number'),
    (lambda: Softmax(axis=1.5), 'Softmax: `axis` must be an integer; '
                                'received 1.5'),
    (lambda: PReLU(shared_axes=[0]), 'PReLU: `shared_axes` must be axes >= 1'),
])
def test_bad_arguments(build, message):
    with pytest.raises(ValueError, match=message.replace('(', '\\(')
                       .replace('[', '\\[')):
        build()


LAYER_TEST_CASES = [
    (LeakyReLU, {'alpha': 0.2}, (2, 3, 4)),
    (ELU, {'alpha': 0.5}, (2, 3, 4)),
    (ThresholdedReLU, {'theta': 0.5}, (2, 3, 4)),
    (Softmax, {'axis': 1}, (2, 3, 4)),
    (ReLU, {'max_value': 5., 'negative_slope': 0.1, 'threshold': 1.},
     (2, 3, 4)),
    (PReLU, {}, (2, 3, 4)),
    (PReLU, {'shared_axes': [1, 2], 'alpha_initializer': 'ones'},
     (2, 3, 3, 2)),
]


@pytest.mark.parametrize('layer_cls,kwargs,input_shape', LAYER_TEST_CASES,
                         ids=['%s%d' % (c[0].__name__, i)
                              for i, c in enumerate(LAYER_TEST_CASES)])
def test_layer_test(layer_cls, kwargs, input_shape):
    layer_test(layer_cls, kwargs=kwargs, input_shape=input_shape)


@pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')
def test_prelu_one_sgd_step_matches_a_hand_computed_gradient():
    layer = PReLU(alpha_initializer='ones', shared_axes=[1])
    x = Input(shape=(3, 2))
    model = Model(x, layer(x))
    model.compile(optimizers.SGD(learning_rate=0.1), 'mse')
    rng = np.random.RandomState(1)
    data = rng.randn(2, 3, 2).astype('float32')
    target = rng.randn(2, 3, 2).astype('float32')
    model.train_on_batch(data, target)
    # y = x (x > 0), alpha * x otherwise; d mse / d alpha[c] sums
    # 2 * (y - t) * x / N over the negative entries of channel c.
    gradient = np.zeros(2)
    for index, v in np.ndenumerate(data):
        y = v if v > 0 else 1. * v
        if v <= 0:
            gradient[index[2]] += 2. * (y - target[index]) * v / data.size
    np.testing.assert_allclose(layer.get_weights()[0],
                               (1. - 0.1 * gradient).reshape((1, 2)),
                               rtol=1e-5)
