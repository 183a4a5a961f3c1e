"""BatchNormalization against NumPy: training and inference outputs, the
moving statistics after K.function updates, train_on_batch and fit (hand
computed momentum updates), channels_first inputs, weights, configs,
Keras 1 spellings and errors."""
import numpy as np
import pytest

from keras import backend as K
from keras import layers
from keras import optimizers
from keras.engine.input_layer import Input
from keras.engine.sequential import Sequential
from keras.engine.training import Model
from keras.layers import BatchNormalization
from keras.layers import Dense
from keras.layers import normalization
from keras.utils.test_utils import layer_test

EPSILON = 1e-3


def numpy_batchnorm(x, axis, gamma, beta, mean=None, var=None, eps=EPSILON):
    """Normalizes by `mean`/`var`, or by the batch statistics (over every
    axis but `axis`, biased variance) when they are None."""
    reduced = tuple(i for i in range(x.ndim) if i != axis % x.ndim)
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]
    if mean is None:
        mean = x.mean(axis=reduced)
        var = x.var(axis=reduced)
    normed = (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps)
    return normed * gamma.reshape(shape) + beta.reshape(shape)


def moving_update(moving_mean, moving_var, x, axis, momentum):
    """Keras 2's update: momentum average with the batch mean and the
    unbiased batch variance (n / (n - (1 + 1e-7)))."""
    reduced = tuple(i for i in range(x.ndim) if i != axis % x.ndim)
    n = np.prod([x.shape[i] for i in reduced])
    mean = x.mean(axis=reduced)
    var = x.var(axis=reduced) * n / (n - (1. + 1e-7))
    return (moving_mean * momentum + mean * (1. - momentum),
            moving_var * momentum + var * (1. - momentum))


def functions(layer, shape):
    """K.functions of the layer output in both phases; the training one
    runs the layer's updates."""
    x = Input(shape=shape)
    y = layer(x)
    train = K.function([x, K.learning_phase()], [y],
                       updates=layer.get_updates_for(x))
    test = K.function([x, K.learning_phase()], [y])
    return (lambda data: train([data, 1])[0]), \
        (lambda data: test([data, 0])[0])


def test_import_path():
    assert normalization.BatchNormalization is BatchNormalization


def test_weights_names_order_and_trainability():
    layer = BatchNormalization()
    layer(Input(shape=(3,)))
    names = [w.name for w in layer.weights]
    assert names == [layer.name + '/' + n for n in
                     ['gamma', 'beta', 'moving_mean', 'moving_variance']]
    assert layer.trainable_weights == [layer.gamma, layer.beta]
    assert layer.non_trainable_weights == [layer.moving_mean,
                                           layer.moving_variance]
    gamma, beta, mean, var = layer.get_weights()
    np.testing.assert_array_equal(gamma, np.ones(3))
    np.testing.assert_array_equal(beta, np.zeros(3))
    np.testing.assert_array_equal(mean, np.zeros(3))
    np.testing.assert_array_equal(var, np.ones(3))
    layer = BatchNormalization(center=False, scale=False)
    layer(Input(shape=(3,)))
    assert layer.gamma is None and layer.beta is None
    assert [w.name for w in layer.weights] == [
        layer.name + '/moving_mean', layer.name + '/moving_variance']
    assert layer.trainable_weights == []


def test_training_and_inference_outputs_and_moving_statistics():
    layer = BatchNormalization(momentum=0.9)
    train, test = functions(layer, (3,))
    rng = np.random.RandomState(0)
    gamma = rng.rand(3).astype('float32') + 0.5
    beta = rng.randn(3).astype('float32')
    layer.set_weights([gamma, beta, np.zeros(3), np.ones(3)])
    x = (rng.randn(4, 3) * 2 + 1).astype('float32')
    # Training phase: batch statistics (biased variance).
    np.testing.assert_allclose(train(x), numpy_batchnorm(x, -1, gamma, beta),
                               rtol=1e-4, atol=1e-5)
    mean, var = moving_update(np.zeros(3), np.ones(3), x, -1, 0.9)
    np.testing.assert_allclose(layer.get_weights()[2], mean, rtol=1e-5)
    np.testing.assert_allclose(layer.get_weights()[3], var, rtol=1e-5)
    # Inference phase: the moving statistics; nothing is updated.
    np.testing.assert_allclose(
        test(x), numpy_batchnorm(x, -1, gamma, beta, mean, var),
        rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(layer.get_weights()[2], mean, rtol=1e-5)
    x2 = rng.randn(4, 3).astype('float32')
    train(x2)
    mean, var = moving_update(mean, var, x2, -1, 0.9)
    np.testing.assert_allclose(layer.get_weights()[2], mean, rtol=1e-5)
    np.testing.assert_allclose(layer.get_weights()[3], var, rtol=1e-5)


def test_channels_first_4d_input():
    layer = BatchNormalization(axis=1, momentum=0.8, epsilon=0.01)
    train, test = functions(layer, (3, 2, 2))
    rng = np.random.RandomState(1)
    gamma = rng.rand(3).astype('float32') + 0.5
    beta = rng.randn(3).astype('float32')
    layer.set_weights([gamma, beta, np.zeros(3), np.ones(3)])
    assert layer.input_spec.axes == {1: 3}
    x = (rng.randn(2, 3, 2, 2) * 3 - 1).astype('float32')
    np.testing.assert_allclose(train(x),
                               numpy_batchnorm(x, 1, gamma, beta, eps=0.01),
                               rtol=1e-4, atol=1e-5)
    mean, var = moving_update(np.zeros(3), np.ones(3), x, 1, 0.8)
    np.testing.assert_allclose(layer.get_weights()[2], mean, rtol=1e-5)
    np.testing.assert_allclose(layer.get_weights()[3], var, rtol=1e-5)
    np.testing.assert_allclose(
        test(x), numpy_batchnorm(x, 1, gamma, beta, mean, var, eps=0.01),
        rtol=1e-4, atol=1e-5)


def test_static_training_argument_and_unknown_sizes():
    # training=0: inference only, no update recorded.
    x = Input(shape=(None, 2))
    layer = BatchNormalization(momentum=0.5)
    y = layer(x, training=False)
    assert layer.updates == []
    data = np.random.randn(2, 3, 2).astype('float32')
    np.testing.assert_allclose(K.function([x], [y])([data])[0],
                               data / np.sqrt(1. + EPSILON), rtol=1e-5)
    # training=1 with a variable time axis: the sample size is read at run
    # time for the unbiased variance.
    layer = BatchNormalization(momentum=0.5, center=False, scale=False)
    y = layer(x, training=True)
    f = K.function([x], [y], updates=layer.updates)
    np.testing.assert_allclose(f([data])[0], numpy_batchnorm(
        data, -1, np.ones(2), np.zeros(2)), rtol=1e-4, atol=1e-5)
    mean, var = moving_update(np.zeros(2), np.ones(2), data, -1, 0.5)
    np.testing.assert_allclose(layer.get_weights()[0], mean, rtol=1e-5)
    np.testing.assert_allclose(layer.get_weights()[1], var, rtol=1e-5)


def test_masks_pass_through():
    x = Input(shape=(3, 2))
    masked = layers.Masking()(x)
    layer = BatchNormalization()
    y = layer(masked)
    mask = layer._inbound_nodes[0].output_masks[0]
    data = np.array([[[1., 2.], [0., 0.], [3., 1.]]], dtype='float32')
    np.testing.assert_array_equal(K.function([x], [mask])([data])[0],
                                  [[True, False, True]])
    assert K.int_shape(y) == (None, 3, 2)


def test_config_round_trip():
    layer = BatchNormalization(axis=1, momentum=0.5, epsilon=0.01,
                               center=False, gamma_regularizer='l2',
                               beta_constraint='non_neg',
                               moving_variance_initializer='zeros')
    config = layer.get_config()
    assert config['axis'] == 1 and config['momentum'] == 0.5
    assert config['epsilon'] == 0.01 and config['center'] is False
    assert config['scale'] is True
    assert config['moving_variance_initializer']['class_name'] == 'Zeros'
    assert config['gamma_regularizer']['class_name'] == 'L1L2'
    assert config['beta_constraint']['class_name'] == 'NonNeg'
    assert config['beta_regularizer'] is None
    clone = layers.deserialize(layers.serialize(layer))
    assert clone.get_config() == config
    # tf.keras writes the axis as a one-entry list.
    assert BatchNormalization(axis=[3]).axis == 3


def test_keras1_spellings():
    with pytest.warns(UserWarning, match='Update your `BatchNormalization` '
                                         'call to the Keras 2 API'):
        layer = BatchNormalization(mode=0, beta_init='ones',
                                   gamma_init='zeros', axis=1)
    layer(Input(shape=(2,)))
    gamma, beta = layer.get_weights()[:2]
    np.testing.assert_array_equal(gamma, np.zeros(2))
    np.testing.assert_array_equal(beta, np.ones(2))
    with pytest.raises(TypeError, match='The `mode` argument of '
                                        '`BatchNormalization` no longer '
                                        'exists'):
        BatchNormalization(mode=2)


@pytest.mark.parametrize('build,error,message', [
    (lambda: BatchNormalization(axis='a'), ValueError,
     "BatchNormalization: `axis` must be an integer; received 'a'"),
    (lambda: BatchNormalization(axis=[1, 2]), ValueError,
     'BatchNormalization: `axis` must be an integer; received \\[1, 2\\]'),
    (lambda: BatchNormalization(momentum=1.5), ValueError,
     'BatchNormalization: `momentum` must lie in \\[0, 1\\]; received 1.5'),
    (lambda: BatchNormalization(epsilon=-1.), ValueError,
     'BatchNormalization: `epsilon` must be a number >= 0; received -1.0'),
    (lambda: BatchNormalization(axis=3)(Input(shape=(2,))), ValueError,
     'BatchNormalization: `axis` 3 is out of range for inputs of shape '
     '\\(None, 2\\)'),
    (lambda: BatchNormalization()(Input(shape=(3, None))), ValueError,
     'Axis -1 of input tensor should have a defined dimension but the layer '
     'received an input with shape \\(None, 3, None\\)'),
    (lambda: BatchNormalization(3), TypeError,
     'does not accept positional arguments'),
])
def test_bad_arguments(build, error, message):
    with pytest.raises(error, match=message):
        build()


@pytest.mark.parametrize('kwargs,input_shape', [
    ({}, (3, 4)),
    ({'axis': 1, 'momentum': 0.9}, (2, 3, 2, 2)),
    ({'center': False, 'scale': False}, (3, 2, 4)),
    ({'gamma_regularizer': 'l2', 'beta_regularizer': 'l2'}, (3, 4)),
])
def test_layer_test(kwargs, input_shape):
    layer_test(BatchNormalization, kwargs=kwargs, input_shape=input_shape)


@pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')
def test_train_on_batch_and_fit_update_the_moving_statistics():
    model = Sequential([BatchNormalization(momentum=0.7, input_shape=(3,))])
    model.compile(optimizers.SGD(learning_rate=0.), 'mse')
    layer = model.layers[0]
    rng = np.random.RandomState(2)
    x = (rng.randn(8, 3) * 2 + 3).astype('float32')
    y = np.zeros((8, 3), 'float32')
    model.train_on_batch(x[:4], y[:4])
    mean, var = moving_update(np.zeros(3), np.ones(3), x[:4], -1, 0.7)
    np.testing.assert_allclose(layer.get_weights()[2], mean, rtol=1e-5)
    np.testing.assert_allclose(layer.get_weights()[3], var, rtol=1e-5)
    # predict and evaluate use the moving statistics and update nothing.
    np.testing.assert_allclose(model.predict(x[:4]), numpy_batchnorm(
        x[:4], -1, np.ones(3), np.zeros(3), mean, var), rtol=1e-4,
        atol=1e-5)
    model.evaluate(x, y, verbose=0)
    np.testing.assert_allclose(layer.get_weights()[2], mean, rtol=1e-5)
    model.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)
    for batch in (x[:4], x[4:]):
        mean, var = moving_update(mean, var, batch, -1, 0.7)
    np.testing.assert_allclose(layer.get_weights()[2], mean, rtol=1e-5)
    np.testing.assert_allclose(layer.get_weights()[3], var, rtol=1e-5)


@pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')
def test_gamma_and_beta_train_through_batch_statistics():
    x = Input(shape=(2,))
    layer = BatchNormalization()
    model = Model(x, Dense(1, kernel_initializer='ones')(layer(x)))
    model.compile(optimizers.SGD(learning_rate=0.1), 'mse')
    data = np.array([[1., 2.], [3., 6.]], dtype='float32')
    model.train_on_batch(data, np.ones((2, 1), 'float32'))
    # y = sum_j (gamma_j * normed_j + beta_j) (Dense kernel of ones, bias
    # 0), mse against 1: d loss / d y = 2 (y - 1) / batch.
    normed = (data - data.mean(0)) / np.sqrt(data.var(0) + EPSILON)
    output = normed.sum(1)
    d_output = 2. * (output - 1.) / 2.
    grad_gamma = (d_output[:, None] * normed).sum(0)
    grad_beta = d_output.sum() * np.ones(2)
    gamma, beta = layer.get_weights()[:2]
    np.testing.assert_allclose(gamma, 1. - 0.1 * grad_gamma, rtol=1e-4)
    np.testing.assert_allclose(beta, -0.1 * grad_beta, atol=1e-5)
