"""LocallyConnected1D/2D against explicit NumPy loops on the active backend:
both data formats, strides, bias and activation; weight names, order and
shapes of Keras 2.3.1; configs (with tf-keras's `implementation` key),
Keras 1 spellings and argument errors."""
import warnings

import numpy as np
import pytest

from keras import backend as K
from keras import layers
from keras.engine.input_layer import Input
from keras.engine.sequential import Sequential
from keras.layers import Dense
from keras.layers import Flatten
from keras.layers import LocallyConnected1D
from keras.layers import LocallyConnected2D
from keras.layers import local
from keras.utils.test_utils import layer_test


# NumPy references: one weight matrix per output position. A window's
# features are ordered (window, channels) for channels_last and
# (channels, window) for channels_first, as Keras 2.3.1 flattens them.

def np_local_1d(x, kernel, bias, kernel_size, stride, data_format):
    if data_format == 'channels_first':
        x = np.moveaxis(x, 1, -1)
    batch, _, channels = x.shape
    out_length, _, filters = kernel.shape
    out = np.zeros((batch, out_length, filters))
    for b in range(batch):
        for i in range(out_length):
            for f in range(filters):
                total = 0.
                for k in range(kernel_size):
                    for c in range(channels):
                        if data_format == 'channels_first':
                            feature = c * kernel_size + k
                        else:
                            feature = k * channels + c
                        total += x[b, i * stride + k, c] * \
                            kernel[i, feature, f]
                out[b, i, f] = total
    if data_format == 'channels_first':
        out = np.moveaxis(out, -1, 1)
        if bias is not None:
            # Keras 2.3.1's K.bias_add *reshapes* a (length, filters) bias
            # to (filters, length) for channels_first outputs.
            out = out + bias.reshape(filters, out_length)
    elif bias is not None:
        out = out + bias
    return out


def np_local_2d(x, kernel, bias, kernel_size, strides, output_shape,
                data_format):
    if data_format == 'channels_first':
        x = np.moveaxis(x, 1, -1)
    batch, _, _, channels = x.shape
    rows, cols = output_shape
    k_rows, k_cols = kernel_size
    filters = kernel.shape[-1]
    out = np.zeros((batch, rows, cols, filters))
    for b in range(batch):
        for i in range(rows):
            for j in range(cols):
                position = i * cols + j
                for f in range(filters):
                    total = 0.
                    for kr in range(k_rows):
                        for kc in range(k_cols):
                            for c in range(channels):
                                if data_format == 'channels_first':
                                    feature = (c * k_rows + kr) * k_cols + kc
                                else:
                                    feature = (kr * k_cols + kc) * channels \
                                        + c
                                value = x[b, i * strides[0] + kr,
                                          j * strides[1] + kc, c]
                                total += value * kernel[position, feature, f]
                    out[b, i, j, f] = total
    if data_format == 'channels_first':
        out = np.moveaxis(out, -1, 1)
        if bias is not None:
            # The 2.3.1 reshape of a (rows, cols, filters) bias.
            out = out + bias.reshape(filters, rows, cols)
    elif bias is not None:
        out = out + bias
    return out


def apply(layer, data):
    x = Input(shape=data.shape[1:])
    y = layer(x)
    output = K.function([x], [y])([data])[0]
    expected_shape = layer.compute_output_shape((None,) + data.shape[1:])
    assert y._keras_shape == expected_shape
    assert output.shape[1:] == expected_shape[1:]
    return output


def random_weights(layer):
    """Non-trivial weights (a random bias too), set on the layer."""
    weights = [np.random.uniform(-1, 1, size=w.shape).astype('float32')
               for w in layer.get_weights()]
    layer.set_weights(weights)
    return weights


def channels_first(data):
    return np.ascontiguousarray(np.moveaxis(data, -1, 1))


def round_trip(layer):
    clone = layers.deserialize(layers.serialize(layer))
    assert clone.__class__ is layer.__class__
    assert clone.get_config() == layer.get_config()
    return clone


CONFIG_KEYS = {'name', 'trainable', 'dtype', 'filters', 'kernel_size',
               'strides', 'padding', 'data_format', 'activation', 'use_bias',
               'kernel_initializer', 'bias_initializer',
               'kernel_regularizer', 'bias_regularizer',
               'activity_regularizer', 'kernel_constraint',
               'bias_constraint'}


# Numbers.

@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
@pytest.mark.parametrize('kernel_size,strides,use_bias', [(3, 1, True),
                                                          (2, 2, True),
                                                          (3, 2, False)])
def test_locally_connected_1d_matches_loops(kernel_size, strides, use_bias,
                                            data_format):
    data = np.random.uniform(-1, 1, size=(2, 7, 3)).astype('float32')
    if data_format == 'channels_first':
        data = channels_first(data)
    layer = LocallyConnected1D(4, kernel_size, strides=strides,
                               use_bias=use_bias, data_format=data_format)
    layer.build((None,) + data.shape[1:])
    weights = random_weights(layer)
    bias = weights[1] if use_bias else None
    output = apply(layer, data)
    expected = np_local_1d(data, weights[0], bias, kernel_size, strides,
                           data_format)
    np.testing.assert_allclose(output, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
@pytest.mark.parametrize('kernel_size,strides,use_bias', [((2, 3), (1, 1),
                                                           True),
                                                          (2, (2, 1), True),
                                                          (3, 2, False)])
def test_locally_connected_2d_matches_loops(kernel_size, strides, use_bias,
                                            data_format):
    data = np.random.uniform(-1, 1, size=(2, 5, 6, 2)).astype('float32')
    if data_format == 'channels_first':
        data = channels_first(data)
    layer = LocallyConnected2D(3, kernel_size, strides=strides,
                               use_bias=use_bias, data_format=data_format)
    layer.build((None,) + data.shape[1:])
    weights = random_weights(layer)
    bias = weights[1] if use_bias else None
    output = apply(layer, data)
    k = layer.kernel_size
    s = layer.strides
    expected = np_local_2d(data, weights[0], bias, k, s,
                           (layer.output_row, layer.output_col), data_format)
    np.testing.assert_allclose(output, expected, rtol=1e-5, atol=1e-5)


def test_activation_is_applied_after_the_bias():
    data = np.random.uniform(-1, 1, size=(2, 4, 4, 2)).astype('float32')
    layer = LocallyConnected2D(2, 2, activation='relu')
    layer.build((None, 4, 4, 2))
    kernel, bias = random_weights(layer)
    expected = np.maximum(np_local_2d(data, kernel, bias, (2, 2), (1, 1),
                                      (3, 3), 'channels_last'), 0.)
    np.testing.assert_allclose(apply(layer, data), expected, rtol=1e-5,
                               atol=1e-5)


# Weights.

def test_locally_connected_1d_weights():
    layer = LocallyConnected1D(5, 3, strides=2)
    layer(Input(shape=(9, 4)))
    assert layer.weights == [layer.kernel, layer.bias]
    assert [w.name for w in layer.weights] == [layer.name + '/kernel',
                                               layer.name + '/bias']
    assert layer.name.startswith('locally_connected1d')
    kernel, bias = layer.get_weights()
    assert kernel.shape == (4, 3 * 4, 5) == layer.kernel_shape
    assert bias.shape == (4, 5)
    assert layer.output_length == 4
    np.testing.assert_array_equal(bias, 0.)
    assert layer.count_params() == 4 * 12 * 5 + 4 * 5
    no_bias = LocallyConnected1D(5, 3, use_bias=False,
                                 data_format='channels_first')
    no_bias(Input(shape=(4, 9)))
    assert no_bias.weights == [no_bias.kernel] and no_bias.bias is None
    assert no_bias.get_weights()[0].shape == (7, 3 * 4, 5)


def test_locally_connected_2d_weights():
    layer = LocallyConnected2D(3, (2, 3), strides=(1, 2))
    layer(Input(shape=(5, 7, 2)))
    assert [w.name for w in layer.weights] == [layer.name + '/kernel',
                                               layer.name + '/bias']
    assert layer.name.startswith('locally_connected2d')
    kernel, bias = layer.get_weights()
    assert (layer.output_row, layer.output_col) == (4, 3)
    assert kernel.shape == (4 * 3, 2 * 3 * 2, 3) == layer.kernel_shape
    assert bias.shape == (4, 3, 3)
    first = LocallyConnected2D(3, 2, data_format='channels_first')
    first(Input(shape=(2, 5, 7)))
    assert [w.shape for w in first.get_weights()] == [(4 * 6, 2 * 2 * 2, 3),
                                                      (4, 6, 3)]
    assert first.input_spec.axes == {1: 2}


def test_unknown_spatial_dimensions_are_refused():
    with pytest.raises(ValueError, match='LocallyConnected1D'):
        LocallyConnected1D(2, 3)(Input(shape=(None, 4)))
    with pytest.raises(ValueError, match='LocallyConnected2D'):
        LocallyConnected2D(2, 3)(Input(shape=(5, None, 4)))
    with pytest.raises(ValueError, match='kernel_size'):
        LocallyConnected2D(2, 6)(Input(shape=(5, 5, 4)))


def test_output_shapes():
    layer = LocallyConnected1D(4, 3, strides=2, data_format='channels_first')
    assert layer.compute_output_shape((None, 3, 9)) == (None, 4, 4)
    layer = LocallyConnected1D(4, 3)
    assert layer.compute_output_shape((2, 9, 3)) == (2, 7, 4)
    layer = LocallyConnected2D(6, (3, 2), strides=(2, 1))
    assert layer.compute_output_shape((None, 7, 5, 3)) == (None, 3, 4, 6)
    layer = LocallyConnected2D(6, 2, data_format='channels_first')
    assert layer.compute_output_shape((None, 3, 4, 5)) == (None, 6, 3, 4)


@pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')
@pytest.mark.parametrize('layer_cls,kwargs,input_shape', [
    (LocallyConnected1D, {'filters': 3, 'kernel_size': 2}, (6, 2)),
    (LocallyConnected2D, {'filters': 2, 'kernel_size': 2,
                          'data_format': 'channels_first'}, (2, 4, 4)),
])
def test_trains(layer_cls, kwargs, input_shape):
    data = np.random.uniform(-1, 1, size=(8,) + input_shape)
    targets = np.random.uniform(-1, 1, size=(8, 1))
    model = Sequential([layer_cls(input_shape=input_shape, **kwargs),
                        Flatten(), Dense(1)])
    model.compile('adam', 'mse')
    before = [w.copy() for w in model.layers[0].get_weights()]
    loss = model.evaluate(data, targets, verbose=0)
    model.fit(data, targets, epochs=5, batch_size=8, verbose=0)
    assert model.evaluate(data, targets, verbose=0) < loss
    for old, new in zip(before, model.layers[0].get_weights()):
        assert not np.allclose(old, new)


# Configs.

def test_config_keys_and_round_trip():
    layer = LocallyConnected2D(3, (2, 3), strides=(1, 2), activation='relu',
                               data_format='channels_first',
                               kernel_regularizer='l2',
                               kernel_initializer='he_normal', name='lc')
    config = layer.get_config()
    assert set(config) == CONFIG_KEYS
    assert config['kernel_size'] == (2, 3) and config['strides'] == (1, 2)
    assert config['padding'] == 'valid' and config['filters'] == 3
    assert config['activation'] == 'relu'
    clone = round_trip(layer)
    assert clone.data_format == 'channels_first'
    layer = LocallyConnected1D(4, 3)
    config = layer.get_config()
    assert set(config) == CONFIG_KEYS
    assert config['kernel_size'] == (3,) and config['strides'] == (1,)
    assert config['data_format'] == K.image_data_format()
    assert config['activation'] == 'linear'
    round_trip(layer)


def _tf_keras_config(class_name, implementation):
    """A config as tf-keras writes it, `implementation` included (the
    initializer as Keras 2.3.1 names it)."""
    rank = 1 if class_name.endswith('1D') else 2
    return {'class_name': class_name, 'config': {
        'name': 'lc', 'trainable': True, 'dtype': 'float32', 'filters': 2,
        'kernel_size': [2] * rank, 'strides': [1] * rank,
        'padding': 'valid', 'data_format': 'channels_last',
        'activation': 'linear', 'use_bias': True,
        'kernel_initializer': {'class_name': 'VarianceScaling',
                               'config': {'scale': 1.0, 'mode': 'fan_avg',
                                          'distribution': 'uniform',
                                          'seed': None}},
        'bias_initializer': {'class_name': 'Zeros', 'config': {}},
        'kernel_regularizer': None, 'bias_regularizer': None,
        'activity_regularizer': None, 'kernel_constraint': None,
        'bias_constraint': None, 'implementation': implementation}}


@pytest.mark.parametrize('class_name', ['LocallyConnected1D',
                                        'LocallyConnected2D'])
def test_tf_keras_implementation_key(class_name):
    shape = (5, 3) if class_name.endswith('1D') else (4, 4, 3)
    data = np.random.uniform(-1, 1, size=(2,) + shape).astype('float32')
    outputs = []
    weights = None
    for implementation in (1, 2, 3):
        layer = layers.deserialize(_tf_keras_config(class_name,
                                                    implementation))
        assert layer.implementation == implementation
        assert layer.get_config()['implementation'] == implementation
        round_trip(layer)
        layer.build((None,) + shape)
        if weights is None:
            weights = random_weights(layer)
        else:
            layer.set_weights(weights)
        outputs.append(apply(layer, data))
    np.testing.assert_allclose(outputs[1], outputs[0], rtol=1e-6)
    np.testing.assert_allclose(outputs[2], outputs[0], rtol=1e-6)
    # Not given: not in the config, as in Keras 2.3.1.
    layer_cls = getattr(local, class_name)
    assert layer_cls(2, 2).implementation is None
    assert 'implementation' not in layer_cls(2, 2).get_config()


@pytest.mark.parametrize('bad', [0, 4, '1', True, 1.5])
def test_bad_implementation(bad):
    with pytest.raises(ValueError, match='implementation.*1, 2, 3'):
        LocallyConnected1D(2, 2, implementation=bad)


# layer_test.

@pytest.mark.parametrize('layer_cls,kwargs,input_shape', [
    (LocallyConnected1D, {'filters': 3, 'kernel_size': 2}, (2, 5, 3)),
    (LocallyConnected1D, {'filters': 2, 'kernel_size': 3, 'strides': 2,
                          'data_format': 'channels_first',
                          'activation': 'tanh'}, (2, 3, 7)),
    (LocallyConnected2D, {'filters': 2, 'kernel_size': (2, 3)},
     (2, 4, 5, 2)),
    (LocallyConnected2D, {'filters': 3, 'kernel_size': 2, 'strides': 2,
                          'data_format': 'channels_first',
                          'use_bias': False}, (2, 2, 5, 5)),
], ids=lambda v: getattr(v, '__name__', None))
def test_layer_test(layer_cls, kwargs, input_shape):
    layer_test(layer_cls, kwargs=kwargs, input_shape=input_shape)


# Keras 1 spellings.

def test_keras1_locally_connected_1d():
    with pytest.warns(UserWarning, match='Update your `LocallyConnected1D` '
                      'call to the Keras 2 API'):
        layer = LocallyConnected1D(nb_filter=3, filter_length=2,
                                   subsample_length=2, border_mode='valid',
                                   init='he_normal', bias=False,
                                   W_regularizer='l2', input_dim=4,
                                   input_length=6)
    assert layer.filters == 3 and layer.kernel_size == (2,)
    assert layer.strides == (2,) and not layer.use_bias
    assert layer.batch_input_shape == (None, 6, 4)
    assert layer.get_config()['kernel_initializer']['class_name'] == \
        'VarianceScaling'
    assert layer.kernel_regularizer is not None


def test_keras1_locally_connected_2d():
    with pytest.warns(UserWarning, match='LocallyConnected2D'):
        layer = LocallyConnected2D(4, 2, 3, subsample=(2, 1),
                                   dim_ordering='th', border_mode='valid')
    assert layer.filters == 4 and layer.kernel_size == (2, 3)
    assert layer.strides == (2, 1)
    assert layer.data_format == 'channels_first'
    data = np.random.uniform(-1, 1, size=(2, 2, 5, 5)).astype('float32')
    output = apply(layer, data)
    kernel, bias = layer.get_weights()
    expected = np_local_2d(data, kernel, bias, (2, 3), (2, 1),
                           (layer.output_row, layer.output_col),
                           'channels_first')
    np.testing.assert_allclose(output, expected, rtol=1e-5, atol=1e-5)


def test_more_positional_arguments_than_keras2_allows():
    # As in Keras 2.3.1, only (filters, kernel_size) are positional.
    with pytest.raises(TypeError, match='positional'):
        LocallyConnected1D(2, 3, 1, 'valid')


def test_keras2_spellings_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        LocallyConnected1D(2, 3, strides=1, padding='valid')
        LocallyConnected2D(2, (3, 3), strides=(1, 1),
                           data_format='channels_last')


# Argument errors.

@pytest.mark.parametrize('layer_cls', [LocallyConnected1D,
                                       LocallyConnected2D])
def test_only_valid_padding(layer_cls):
    with pytest.raises(ValueError, match="padding.*'valid'.*'same'"):
        layer_cls(2, 2, padding='same')
    with pytest.raises(ValueError, match='padding'):
        layer_cls(2, 2, padding='causal')
    assert layer_cls(2, 2, padding='VALID').padding == 'valid'


@pytest.mark.parametrize('layer_cls', [LocallyConnected1D,
                                       LocallyConnected2D])
@pytest.mark.parametrize('bad', [0, -2, 2.5, 'a'])
def test_bad_filters_kernel_size_strides(layer_cls, bad):
    with pytest.raises(ValueError, match='filters') as info:
        layer_cls(bad, 2)
    assert repr(bad) in str(info.value)
    with pytest.raises(ValueError, match='kernel_size') as info:
        layer_cls(2, bad)
    assert repr(bad) in str(info.value)
    with pytest.raises(ValueError, match='strides'):
        layer_cls(2, 2, strides=bad)


@pytest.mark.parametrize('layer_cls', [LocallyConnected1D,
                                       LocallyConnected2D])
def test_bad_data_format(layer_cls):
    with pytest.raises(ValueError, match='data_format.*bogus'):
        layer_cls(2, 2, data_format='bogus')


def test_wrong_input_rank_and_channels_are_refused():
    with pytest.raises(ValueError, match='ndim'):
        LocallyConnected2D(2, 2)(Input(shape=(5, 3)))
    layer = LocallyConnected1D(2, 2)
    layer(Input(shape=(5, 3)))
    with pytest.raises(ValueError):
        layer(Input(shape=(5, 4)))
