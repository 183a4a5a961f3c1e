"""Keras 1 layers (keras.legacy.layers): Highway, MaxoutDense, the atrous
convolutions, the Recurrent / ConvRecurrent2D bases with Keras 1 style
subclasses, and Keras 1's Merge / merge, against NumPy computations, with
the seed patterns (Merge of Sequential models, residual sum, Inception
concatenation), warnings, configs and errors."""
import json
import warnings

import numpy as np
import pytest

import keras
from keras import backend as K
from keras import layers
from keras.engine.input_layer import Input
from keras.engine.training import Model
from keras.layers import Conv1D
from keras.layers import Conv2D
from keras.layers import Dense
from keras.layers import Masking
from keras.legacy.layers import AtrousConvolution1D
from keras.legacy.layers import AtrousConvolution2D
from keras.legacy.layers import ConvRecurrent2D
from keras.legacy.layers import Highway
from keras.legacy.layers import MaxoutDense
from keras.legacy.layers import Merge
from keras.legacy.layers import Recurrent
from keras.legacy.layers import merge
from keras.models import Sequential
from keras.utils.generic_utils import CustomObjectScope
from keras.utils.test_utils import layer_test

TRAINING = pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')


def data(*shape):
    return np.random.uniform(-1, 1, size=shape).astype('float32')


@pytest.fixture(autouse=True)
def quiet_deprecations():
    """The deprecation warnings are asserted where they matter."""
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        yield


def sigmoid(x):
    return 1. / (1. + np.exp(-x))


# ---------------------------------------------------------------------------
# Exports.

def test_exports():
    from keras.layers import Merge as merge_class
    from keras.layers import merge as merge_module
    assert merge_class is Merge
    for name in ('Highway', 'MaxoutDense', 'Recurrent', 'ConvRecurrent2D',
                 'AtrousConvolution1D', 'AtrousConvolution2D'):
        assert getattr(layers, name) is getattr(keras.legacy.layers, name)
    # keras.layers.merge stays the Keras 2 module (2.3.1 code imports it),
    # and is callable as the Keras 1 function.
    assert merge_module.Add is layers.Add
    assert merge_module.concatenate is layers.concatenate
    assert callable(merge_module)
    a, b = Input((3,)), Input((3,))
    assert K.int_shape(merge_module([a, b], mode='concat')) == (None, 6)
    from keras.layers.merge import Concatenate
    assert Concatenate is layers.Concatenate
    for cls in (Highway, Merge, Recurrent):
        layer = layers.deserialize({'class_name': cls.__name__,
                                    'config': {}})
        assert layer.__class__ is cls
    layer = layers.deserialize({'class_name': 'MaxoutDense',
                                'config': {'output_dim': 2}})
    assert isinstance(layer, MaxoutDense)
    layer = layers.deserialize({'class_name': 'ConvRecurrent2D',
                                'config': {'filters': 2, 'kernel_size': 3}})
    assert isinstance(layer, ConvRecurrent2D)


# ---------------------------------------------------------------------------
# Highway.

def highway_reference(x, W, W_carry, b=None, b_carry=None,
                      activation=lambda v: v):
    out = np.zeros_like(x)
    for i in range(x.shape[0]):
        gate = x[i].dot(W_carry) + (b_carry if b_carry is not None else 0.)
        h = x[i].dot(W) + (b if b is not None else 0.)
        t = sigmoid(gate)
        out[i] = t * activation(h) + (1. - t) * x[i]
    return out


def test_highway_numbers_and_weights():
    with pytest.warns(UserWarning, match='`Highway` layer is deprecated'):
        layer = Highway(activation='relu', input_dim=4)
    x = Input((4,))
    y = layer(x)
    assert [w.name.split('/')[-1].split(':')[0] for w in layer.weights] == \
        ['W', 'W_carry', 'b', 'b_carry']
    W, W_carry, b, b_carry = layer.get_weights()
    np.testing.assert_array_equal(b, np.zeros(4))
    np.testing.assert_array_equal(b_carry, np.ones(4))
    values = [data(4, 4), data(4, 4), data(4), data(4)]
    layer.set_weights(values)
    xv = data(3, 4)
    expected = highway_reference(xv, *values,
                                 activation=lambda v: np.maximum(v, 0.))
    np.testing.assert_allclose(Model(x, y).predict(xv), expected, rtol=1e-5,
                               atol=1e-6)
    assert layer.compute_output_shape((None, 4)) == (None, 4)


def test_highway_without_bias_and_initial_weights():
    values = [data(3, 3), data(3, 3)]
    layer = Highway(bias=False, weights=values)
    x = Input((3,))
    y = layer(x)
    assert len(layer.weights) == 2
    xv = data(2, 3)
    np.testing.assert_allclose(Model(x, y).predict(xv),
                               highway_reference(xv, *values), rtol=1e-5,
                               atol=1e-6)


def test_highway_layer_test_and_config():
    layer_test(Highway, kwargs={'activation': 'tanh'}, input_shape=(2, 3))
    layer_test(Highway, kwargs={'bias': False, 'input_dim': 3},
               input_shape=(2, 3))
    layer = Highway(init='uniform', W_regularizer='l2', b_constraint='nonneg',
                    input_dim=5)
    config = layer.get_config()
    for key in ('init', 'activation', 'W_regularizer', 'b_regularizer',
                'activity_regularizer', 'W_constraint', 'b_constraint',
                'bias', 'input_dim'):
        assert key in config
    assert config['input_dim'] == 5
    clone = layers.deserialize(layers.serialize(layer))
    assert isinstance(clone, Highway)
    assert clone.get_config() == config


def test_highway_transform_bias_and_errors():
    with pytest.warns(UserWarning, match='transform_bias'):
        Highway(transform_bias=-2)
    with pytest.raises(ValueError, match='ndim=2'):
        Highway()(Input((2, 3)))
    with pytest.raises(ValueError, match='input_dim'):
        Highway(input_dim=0)


# ---------------------------------------------------------------------------
# MaxoutDense.

def maxout_reference(x, W, b=None):
    nb_feature, _, output_dim = W.shape
    out = np.zeros((x.shape[0], output_dim), dtype='float32')
    for i in range(x.shape[0]):
        for o in range(output_dim):
            candidates = [x[i].dot(W[f, :, o]) +
                          (b[f, o] if b is not None else 0.)
                          for f in range(nb_feature)]
            out[i, o] = max(candidates)
    return out


def test_maxout_dense_numbers_and_weights():
    with pytest.warns(UserWarning, match='`MaxoutDense` layer is deprecated'):
        layer = MaxoutDense(2, nb_feature=3)
    x = Input((4,))
    y = layer(x)
    assert K.int_shape(y) == (None, 2)
    assert [K.int_shape(w) for w in layer.weights] == [(3, 4, 2), (3, 2)]
    assert [w.name.split('/')[-1].split(':')[0] for w in layer.weights] == \
        ['W', 'b']
    W, b = data(3, 4, 2), data(3, 2)
    layer.set_weights([W, b])
    xv = data(5, 4)
    np.testing.assert_allclose(Model(x, y).predict(xv),
                               maxout_reference(xv, W, b), rtol=1e-5,
                               atol=1e-6)


def test_maxout_dense_without_bias():
    layer = MaxoutDense(3, nb_feature=2, bias=False, input_dim=2)
    model = Sequential([layer])
    W = data(2, 2, 3)
    layer.set_weights([W])
    xv = data(2, 2)
    np.testing.assert_allclose(model.predict(xv), maxout_reference(xv, W),
                               rtol=1e-5, atol=1e-6)


def test_maxout_dense_layer_test_and_config():
    layer_test(MaxoutDense, kwargs={'output_dim': 3}, input_shape=(2, 4))
    layer_test(MaxoutDense, kwargs={'output_dim': 2, 'nb_feature': 2,
                                    'bias': False}, input_shape=(3, 2))
    layer = MaxoutDense(3, nb_feature=5, init='he_normal', input_dim=4)
    config = layer.get_config()
    assert config['output_dim'] == 3 and config['nb_feature'] == 5
    assert layers.deserialize(layers.serialize(layer)).get_config() == config
    with pytest.raises(ValueError, match='output_dim'):
        MaxoutDense(0)
    with pytest.raises(ValueError, match='nb_feature'):
        MaxoutDense(2, nb_feature=1.5)


# ---------------------------------------------------------------------------
# Atrous convolutions.

def test_atrous_convolution_1d():
    with pytest.warns(UserWarning, match='Conv1D'):
        layer = AtrousConvolution1D(2, 2, atrous_rate=2, padding='valid')
    assert isinstance(layer, Conv1D) and layer.dilation_rate == (2,)
    # Keras 1 spellings are converted by Conv1D.
    layer = AtrousConvolution1D(nb_filter=2, filter_length=2, atrous_rate=2,
                                border_mode='valid', bias=False)
    assert layer.filters == 2 and layer.kernel_size == (2,)
    x = Input((5, 1))
    y = layer(x)
    assert K.int_shape(y) == (None, 3, 2)
    kernel = data(2, 1, 2)
    layer.set_weights([kernel])
    if K.backend() == 'theano':
        # Convolutions are true convolutions there (as Keras 2 on Theano).
        kernel = kernel[::-1]
    xv = data(2, 5, 1)
    expected = np.zeros((2, 3, 2), dtype='float32')
    for t in range(3):
        expected[:, t] = xv[:, t].dot(kernel[0]) + xv[:, t + 2].dot(kernel[1])
    np.testing.assert_allclose(Model(x, y).predict(xv), expected, rtol=1e-5,
                               atol=1e-6)
    assert AtrousConvolution1D(2, 3).dilation_rate == (1,)


def test_atrous_convolution_2d():
    with pytest.warns(UserWarning, match='Conv2D'):
        layer = AtrousConvolution2D(3, 2, 2, atrous_rate=(2, 2),
                                    border_mode='same')
    assert isinstance(layer, Conv2D)
    assert layer.kernel_size == (2, 2) and layer.dilation_rate == (2, 2)
    assert layer.padding == 'same'
    assert K.int_shape(layer(Input((5, 5, 1)))) == (None, 5, 5, 3)
    with pytest.raises(TypeError, match='dilation_rate'):
        AtrousConvolution2D(3, (2, 2), atrous_rate=2, dilation_rate=2)


# ---------------------------------------------------------------------------
# Merge and merge.

MODES = {
    'sum': lambda a, b: a + b,
    'mul': lambda a, b: a * b,
    'ave': lambda a, b: (a + b) / 2.,
    'max': np.maximum,
}


@pytest.mark.parametrize('mode', sorted(MODES))
def test_merge_elementwise_modes(mode):
    a, b = Input((2, 3)), Input((2, 3))
    with pytest.warns(UserWarning, match='`merge` function is deprecated'):
        y = merge([a, b], mode=mode)
    assert K.int_shape(y) == (None, 2, 3)
    layer = y._keras_history[0]
    assert isinstance(layer, Merge)
    av, bv = data(2, 2, 3), data(2, 2, 3)
    np.testing.assert_allclose(Model([a, b], y).predict([av, bv]),
                               MODES[mode](av, bv), rtol=1e-5, atol=1e-6)


def test_merge_three_inputs_sum_and_ave():
    inputs = [Input((3,)) for _ in range(3)]
    arrays = [data(2, 3) for _ in range(3)]
    total = Model(inputs, merge(inputs, mode='sum')).predict(arrays)
    np.testing.assert_allclose(total, arrays[0] + arrays[1] + arrays[2],
                               rtol=1e-5, atol=1e-6)
    mean = Model(inputs, merge(inputs, mode='ave')).predict(arrays)
    np.testing.assert_allclose(mean, total / 3., rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize('axis', [-1, 1])
def test_merge_concat(axis):
    a, b = Input((2, 3)), Input((2, 3))
    y = merge([a, b], mode='concat', concat_axis=axis)
    assert K.int_shape(y) == ((None, 2, 6) if axis == -1 else (None, 4, 3))
    av, bv = data(2, 2, 3), data(2, 2, 3)
    np.testing.assert_allclose(Model([a, b], y).predict([av, bv]),
                               np.concatenate([av, bv], axis=axis))


def test_merge_dot_with_dot_axes():
    a, b = Input((3, 4)), Input((3, 2))
    y = merge([a, b], mode='dot', dot_axes=1)
    assert K.int_shape(y) == (None, 4, 2)
    av, bv = data(2, 3, 4), data(2, 3, 2)
    expected = np.zeros((2, 4, 2), dtype='float32')
    for n in range(2):
        for i in range(4):
            for j in range(2):
                expected[n, i, j] = sum(av[n, k, i] * bv[n, k, j]
                                        for k in range(3))
    np.testing.assert_allclose(Model([a, b], y).predict([av, bv]), expected,
                               rtol=1e-5, atol=1e-6)
    # A pair of axes, and the default (-1: the last axes).
    a, b = Input((3, 4)), Input((4, 2))
    y = merge([a, b], mode='dot', dot_axes=(2, 1))
    av, bv = data(2, 3, 4), data(2, 4, 2)
    np.testing.assert_allclose(Model([a, b], y).predict([av, bv]),
                               np.einsum('nik,nkj->nij', av, bv), rtol=1e-5,
                               atol=1e-6)
    a, b = Input((3,)), Input((3,))
    y = merge([a, b], mode='dot')
    assert K.int_shape(y) == (None, 1)
    av, bv = data(2, 3), data(2, 3)
    np.testing.assert_allclose(Model([a, b], y).predict([av, bv]),
                               (av * bv).sum(axis=1, keepdims=True),
                               rtol=1e-5, atol=1e-6)


def test_merge_cos():
    a, b = Input((4,)), Input((4,))
    y = merge([a, b], mode='cos')
    assert K.int_shape(y) == (None, 1)
    av, bv = data(3, 4), data(3, 4)
    expected = np.array([[av[i].dot(bv[i]) / np.sqrt(av[i].dot(av[i]) *
                                                     bv[i].dot(bv[i]))]
                         for i in range(3)])
    np.testing.assert_allclose(Model([a, b], y).predict([av, bv]), expected,
                               rtol=1e-4, atol=1e-6)


def test_merge_function_mode():
    a, b = Input((3,)), Input((3,))
    y = merge([a, b], mode=lambda t: t[0] - t[1], output_shape=(3,))
    assert K.int_shape(y) == (None, 3)
    av, bv = data(2, 3), data(2, 3)
    model = Model([a, b], y)
    np.testing.assert_allclose(model.predict([av, bv]), av - bv, rtol=1e-6)
    # output_shape as a function of the input shapes, and arguments.
    y = merge([a, b], mode=lambda t, scale: K.concatenate(t) * scale,
              output_shape=lambda shapes: (shapes[0][0], 6),
              arguments={'scale': 2.})
    assert K.int_shape(y) == (None, 6)
    np.testing.assert_allclose(Model([a, b], y).predict([av, bv]),
                               2. * np.concatenate([av, bv], axis=1),
                               rtol=1e-6)
    # output_shape inferred.
    y = merge([a, b], mode=lambda t: t[0] * t[1])
    assert K.int_shape(y) == (None, 3)


def test_merge_layer_called_on_tensors():
    with pytest.warns(UserWarning, match=r'Concatenate\(axis=1\)'):
        layer = Merge(mode='concat', concat_axis=1)
    a, b = Input((2,)), Input((3,))
    y = layer([a, b])
    assert K.int_shape(y) == (None, 5)
    assert layer.compute_output_shape([(None, 2), (None, 3)]) == (None, 5)
    av, bv = data(2, 2), data(2, 3)
    np.testing.assert_allclose(Model([a, b], y).predict([av, bv]),
                               np.concatenate([av, bv], axis=1))
    # The Merge of Keras 1 layers (connected when made).
    da, db = Dense(2), Dense(2)
    out_a, out_b = da(a), db(b)
    merged = Merge([da, db], mode='sum')
    y = merged.output
    model = Model([a, b], y)
    np.testing.assert_allclose(
        model.predict([av, bv]),
        Model([a, b], [out_a, out_b]).predict([av, bv])[0] +
        Model([a, b], [out_a, out_b]).predict([av, bv])[1], rtol=1e-5,
        atol=1e-6)


@pytest.mark.parametrize('mode,replacement', [
    ('sum', r'keras.layers.Add\(\)'), ('mul', 'Multiply'),
    ('ave', 'Average'), ('max', 'Maximum'),
    ('dot', r'Dot\(axes=-1\)'), ('cos', 'normalize=True'),
])
def test_merge_warnings_name_replacement(mode, replacement):
    with pytest.warns(UserWarning, match=replacement):
        Merge(mode=mode)
    a, b = Input((3,)), Input((3,))
    with pytest.warns(UserWarning, match='`merge` function is deprecated'):
        merge([a, b], mode=mode)
    with pytest.warns(UserWarning, match='Lambda'):
        Merge(mode=lambda t: t[0])


def test_merge_masks():
    a, b = Input((3, 2)), Input((3, 2))
    ma, mb = Masking(0.)(a), Masking(0.)(b)
    y = merge([ma, mb], mode='sum')
    mask = y._keras_history[0]._inbound_nodes[0].output_masks[0]
    av, bv = data(2, 3, 2), data(2, 3, 2)
    av[0, 1] = 0.
    bv[1, 2] = 0.
    expected = np.ones((2, 3), dtype=bool)
    expected[0, 1] = expected[1, 2] = False
    np.testing.assert_array_equal(K.function([a, b], [mask])([av, bv])[0],
                                  expected)
    # A function mode with output_mask: a function of the input masks.
    y = merge([ma, mb], mode=lambda t: t[0] + t[1], output_shape=(3, 2),
              output_mask=lambda masks: masks[0])
    mask = y._keras_history[0]._inbound_nodes[0].output_masks[0]
    np.testing.assert_array_equal(
        K.function([a, b], [mask])([av, bv])[0], np.all(av != 0, axis=-1))


def test_merge_on_plain_tensors():
    av, bv = data(2, 3), data(2, 3)
    result = merge([K.constant(av), K.constant(bv)], mode='mul')
    np.testing.assert_allclose(K.eval(result), av * bv, rtol=1e-6)


def test_merge_config_round_trip():
    for kwargs in ({'mode': 'concat', 'concat_axis': 1},
                   {'mode': 'dot', 'dot_axes': (1, 2)},
                   {'mode': 'cos', 'dot_axes': 1},
                   {'mode': 'max', 'name': 'the_max'}):
        layer = Merge(**kwargs)
        config = layer.get_config()
        for key, value in kwargs.items():
            assert config[key] == value
        clone = layers.deserialize(layers.serialize(layer))
        assert isinstance(clone, Merge)
        assert clone.get_config() == config
        clone = layers.deserialize(json.loads(json.dumps(
            layers.serialize(layer))))
        assert clone.get_config()['dot_axes'] == config['dot_axes']
    # Functions go through JSON as bytecode.
    a, b = Input((3,)), Input((3,))
    y = merge([a, b], mode=lambda t: t[0] - 2. * t[1],
              output_shape=lambda shapes: shapes[0])
    model = Model([a, b], y)
    config = y._keras_history[0].get_config()
    assert config['mode_type'] == 'lambda'
    assert config['output_shape_type'] == 'lambda'
    clone = Model.from_config(json.loads(model.to_json())['config'])
    av, bv = data(2, 3), data(2, 3)
    np.testing.assert_allclose(clone.predict([av, bv]), av - 2. * bv,
                               rtol=1e-6)


def test_merge_errors():
    with pytest.raises(ValueError, match="'sum', 'mul', 'concat', 'ave', "
                                         "'cos', 'dot', 'max'"):
        Merge(mode='add')
    with pytest.raises(ValueError, match='mode'):
        merge([Input((2,)), Input((2,))], mode='average')
    with pytest.raises(ValueError, match='concat_axis'):
        Merge(mode='concat', concat_axis='1')
    with pytest.raises(ValueError, match='dot_axes'):
        Merge(mode='dot', dot_axes=(1, 2, 3))
    with pytest.raises(ValueError, match='output_shape'):
        Merge(mode=lambda t: t[0], output_shape=3)
    with pytest.raises(ValueError, match='at least 2'):
        Merge([Dense(2)])
    with pytest.raises(ValueError, match='at least 2'):
        Merge(mode='sum')([Input((2,))])
    with pytest.raises(ValueError, match='list'):
        merge(Input((2,)), mode='sum')
    unbuilt = Sequential()
    unbuilt.add(Dense(2))
    built = Sequential([Dense(2, input_dim=2)])
    with pytest.raises(ValueError, match='no inputs yet'):
        Merge([unbuilt, built])
    with pytest.raises(ValueError, match='no node'):
        Merge([Dense(2), Dense(2)])
    with pytest.raises(ValueError):
        merge([Input((2,)), Input((3,))], mode='sum')


# ---------------------------------------------------------------------------
# The seed patterns.

def two_branches():
    left = Sequential()
    left.add(Dense(4, input_dim=3))
    right = Sequential()
    right.add(Dense(4, input_dim=5))
    return left, right


def test_merge_of_sequential_models_structure():
    left, right = two_branches()
    with pytest.warns(UserWarning, match='`Merge` layer is deprecated'):
        merged = Merge([left, right], mode='concat')
    model = Sequential()
    model.add(merged)
    model.add(Dense(2, activation='softmax'))
    assert len(model.inputs) == 2
    assert model.inputs[0] is left.inputs[0]
    assert model.inputs[1] is right.inputs[0]
    assert model.layers == [left, right, merged, model.layers[-1]]
    assert model.output_shape == (None, 2)
    assert len(model.weights) == 6
    xa, xb = data(3, 3), data(3, 5)
    # The outputs: the branches' outputs concatenated, then the Dense.
    W, b = model.layers[-1].get_weights()
    hidden = np.concatenate([left.predict(xa), right.predict(xb)], axis=1)
    logits = hidden.dot(W) + b
    expected = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(model.predict([xa, xb]), expected, rtol=1e-5,
                               atol=1e-6)
    # Sequential([Merge(...)]) and the config round trip.
    left, right = two_branches()
    model = Sequential([Merge([left, right], mode='sum'), Dense(1)])
    assert model.output_shape == (None, 1)
    config = json.loads(json.dumps(model.get_config()))
    assert [c['class_name'] for c in config['layers']] == ['Merge', 'Dense']
    clone = Sequential.from_config(config)
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(clone.predict([xa, xb]),
                               model.predict([xa, xb]), rtol=1e-6)
    model.summary(print_fn=lambda line: None)


@TRAINING
def test_merge_of_sequential_models_fit():
    left, right = two_branches()
    model = Sequential([Merge([left, right], mode='concat'),
                        Dense(2, activation='softmax')])
    model.compile(optimizer='rmsprop', loss='categorical_crossentropy',
                  metrics=['accuracy'])
    xa, xb = data(4, 3), data(4, 5)
    y = np.eye(2)[[0, 1, 1, 0]]
    before = left.get_weights()[0].copy()
    history = model.fit([xa, xb], y, epochs=2, batch_size=2, verbose=0)
    assert len(history.history['loss']) == 2
    # The merged models' weights are trained.
    assert not np.allclose(left.get_weights()[0], before)
    assert model.evaluate([xa, xb], y, verbose=0)[0] >= 0.


@TRAINING
def test_merge_of_lstm_encoders_fit():
    encoder_a = Sequential()
    encoder_a.add(keras.layers.LSTM(3, input_shape=(2, 4)))
    encoder_b = Sequential()
    encoder_b.add(keras.layers.LSTM(3, input_shape=(2, 4)))
    decoder = Sequential()
    decoder.add(Merge([encoder_a, encoder_b], mode='concat'))
    decoder.add(Dense(2, activation='softmax'))
    decoder.compile(loss='categorical_crossentropy', optimizer='rmsprop')
    decoder.fit([data(4, 2, 4), data(4, 2, 4)], np.eye(2)[[0, 1, 0, 1]],
                epochs=1, batch_size=2, verbose=0)
    assert decoder.predict([data(3, 2, 4), data(3, 2, 4)]).shape == (3, 2)


@TRAINING
def test_residual_sum_in_functional_model():
    x = Input((4,))
    y = Dense(4)(x)
    z = merge([x, y], mode='sum')
    out = Dense(1)(z)
    model = Model(input=x, output=out)
    xv = data(4, 4)
    W1, b1 = model.layers[1].get_weights()
    W2, b2 = model.layers[-1].get_weights()
    expected = (xv + xv.dot(W1) + b1).dot(W2) + b2
    np.testing.assert_allclose(model.predict(xv), expected, rtol=1e-5,
                               atol=1e-5)
    model.compile('sgd', 'mse')
    model.fit(xv, data(4, 1), epochs=1, batch_size=2, verbose=0)


def test_inception_style_concat_on_channels():
    x = Input((2, 5, 5))
    tower_1 = Conv2D(2, (1, 1), padding='same',
                     data_format='channels_first')(x)
    tower_2 = Conv2D(3, (3, 3), padding='same',
                     data_format='channels_first')(x)
    tower_3 = keras.layers.MaxPooling2D((3, 3), strides=(1, 1),
                                        padding='same',
                                        data_format='channels_first')(x)
    output = merge([tower_1, tower_2, tower_3], mode='concat', concat_axis=1)
    assert K.int_shape(output) == (None, 7, 5, 5)
    model = Model(x, output)
    xv = data(2, 2, 5, 5)
    towers = Model(x, [tower_1, tower_2, tower_3]).predict(xv)
    np.testing.assert_allclose(model.predict(xv),
                               np.concatenate(towers, axis=1), rtol=1e-6)


# ---------------------------------------------------------------------------
# Recurrent: a Keras 1 style subclass.

class SimpleKeras1RNN(Recurrent):
    """h_t = tanh(x_t W + h_{t-1} U), written as Keras 1 users did."""

    def __init__(self, output_dim, **kwargs):
        self.output_dim = output_dim
        super(SimpleKeras1RNN, self).__init__(**kwargs)

    def build(self, input_shape):
        self.states = [None]
        input_dim = input_shape[2]
        self.W = self.add_weight((input_dim, self.output_dim),
                                 initializer='glorot_uniform', name='W')
        self.U = self.add_weight((self.output_dim, self.output_dim),
                                 initializer='orthogonal', name='U')
        if self.stateful:
            self.reset_states()
        self.built = True

    def step(self, x, states):
        h = K.tanh(K.dot(x, self.W) + K.dot(states[0], self.U))
        return h, [h]

    def get_config(self):
        config = {'output_dim': self.output_dim}
        base_config = super(SimpleKeras1RNN, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


def rnn_reference(x, W, U, h0=None, go_backwards=False, mask=None):
    batch, steps, _ = x.shape
    h = np.zeros((batch, U.shape[0])) if h0 is None else h0.copy()
    outputs = []
    order = range(steps - 1, -1, -1) if go_backwards else range(steps)
    last = np.zeros_like(h)
    for t in order:
        new = np.tanh(x[:, t].dot(W) + h.dot(U))
        if mask is not None:
            keep = mask[:, t][:, None]
            new_h = np.where(keep, new, h)
            out = np.where(keep, new, last)
        else:
            new_h = out = new
        h, last = new_h, out
        outputs.append(out)
    return np.stack(outputs, axis=1), h


def test_recurrent_subclass_numbers():
    with pytest.warns(UserWarning, match='Recurrent'):
        layer = SimpleKeras1RNN(3, return_sequences=True, input_dim=2,
                                input_length=4)
    model = Sequential([layer])
    assert model.output_shape == (None, 4, 3)
    W, U = layer.get_weights()
    assert [w.name.split('/')[-1].split(':')[0] for w in layer.weights] == \
        ['W', 'U']
    xv = data(2, 4, 2)
    outputs, _ = rnn_reference(xv, W, U)
    np.testing.assert_allclose(model.predict(xv), outputs, rtol=1e-5,
                               atol=1e-5)
    backwards = Sequential([SimpleKeras1RNN(3, go_backwards=True,
                                            input_shape=(4, 2))])
    backwards.set_weights([W, U])
    _, last = rnn_reference(xv, W, U, go_backwards=True)
    np.testing.assert_allclose(backwards.predict(xv), last, rtol=1e-5,
                               atol=1e-5)


def test_recurrent_subclass_mask_state_and_initial_state():
    x = Input((4, 2))
    masked = Masking(0.)(x)
    layer = SimpleKeras1RNN(3, return_sequences=True, return_state=True)
    outputs = layer(masked)
    assert len(outputs) == 2
    assert layer.compute_output_shape((None, 4, 2)) == [(None, 4, 3),
                                                        (None, 3)]
    W, U = layer.get_weights()
    xv = data(2, 4, 2)
    xv[0, 2] = 0.
    sequence, state = Model(x, outputs).predict(xv)
    expected, expected_state = rnn_reference(xv, W, U,
                                             mask=np.any(xv != 0, axis=-1))
    np.testing.assert_allclose(sequence, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(state, expected_state, rtol=1e-5, atol=1e-5)
    # Initial states given as Keras tensors become inputs of the node.
    h0 = Input((3,))
    layer = SimpleKeras1RNN(3)
    y = layer(x, initial_state=[h0])
    assert K.int_shape(y) == (None, 3)
    h0v = data(2, 3)
    W, U = layer.get_weights()
    _, expected = rnn_reference(xv, W, U, h0=h0v)
    np.testing.assert_allclose(Model([x, h0], y).predict([xv, h0v]),
                               expected, rtol=1e-5, atol=1e-5)


def test_recurrent_subclass_stateful():
    layer = SimpleKeras1RNN(2, stateful=True, batch_input_shape=(2, 3, 2))
    model = Sequential([layer])
    W, U = layer.get_weights()
    x1, x2 = data(2, 3, 2), data(2, 3, 2)
    first = model.predict(x1, batch_size=2)
    second = model.predict(x2, batch_size=2)
    _, h1 = rnn_reference(x1, W, U)
    _, h2 = rnn_reference(x2, W, U, h0=h1)
    np.testing.assert_allclose(first, h1, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(second, h2, rtol=1e-5, atol=1e-5)
    model.reset_states()
    np.testing.assert_allclose(model.predict(x1, batch_size=2), h1,
                               rtol=1e-5, atol=1e-5)
    layer.reset_states([np.ones((2, 2))])
    np.testing.assert_allclose(K.get_value(layer.states[0]), np.ones((2, 2)))
    with pytest.raises(ValueError, match='shape'):
        layer.reset_states([np.ones((3, 2))])
    with pytest.raises(AttributeError, match='stateful'):
        SimpleKeras1RNN(2).reset_states()


def test_recurrent_subclass_layer_test_and_config():
    layer_test(SimpleKeras1RNN, kwargs={'output_dim': 3},
               input_shape=(2, 3, 2))
    layer_test(SimpleKeras1RNN, kwargs={'output_dim': 2,
                                        'return_sequences': True,
                                        'unroll': True},
               input_shape=(2, 3, 2))
    layer = SimpleKeras1RNN(3, consume_less='gpu')
    config = layer.get_config()
    assert config['implementation'] == 2
    for key in ('return_sequences', 'return_state', 'go_backwards',
                'stateful', 'unroll', 'implementation'):
        assert key in config
    with CustomObjectScope({'SimpleKeras1RNN': SimpleKeras1RNN}):
        clone = layers.deserialize(layers.serialize(layer))
    assert clone.get_config() == config


@TRAINING
def test_recurrent_subclass_fit():
    model = Sequential([SimpleKeras1RNN(3, input_shape=(3, 2)), Dense(1)])
    model.compile('rmsprop', 'mse')
    before = model.get_weights()
    model.fit(data(4, 3, 2), data(4, 1), epochs=1, batch_size=2, verbose=0)
    after = model.get_weights()
    assert not np.allclose(before[0], after[0])


def test_recurrent_base_is_abstract_and_checks():
    layer = Recurrent()
    with pytest.raises(NotImplementedError):
        layer.step(None, [])
    with pytest.raises(AttributeError, match='output_dim'):
        layer.compute_output_shape((None, 3, 2))
    with pytest.raises(ValueError, match='consume_less'):
        SimpleKeras1RNN(2, consume_less='fast')
    layer = SimpleKeras1RNN(2, unroll=True)
    with pytest.raises(ValueError, match='unroll'):
        layer(Input((None, 2)))


class SimpleConvRNN(ConvRecurrent2D):
    """h_t = tanh(conv(x_t, W) + conv(h_{t-1}, U, 'same'))."""

    def build(self, input_shape):
        self.states = [None]
        channel_axis = 2 if self.data_format == 'channels_first' else -1
        channels = input_shape[channel_axis]
        self.W = self.add_weight(self.kernel_size + (channels, self.filters),
                                 initializer='glorot_uniform', name='W')
        self.U = self.add_weight((1, 1, self.filters, self.filters),
                                 initializer='glorot_uniform', name='U')
        if self.stateful:
            self.reset_states()
        self.built = True

    def step(self, x, states):
        conv_x = K.conv2d(x, self.W, strides=self.strides,
                          padding=self.padding, data_format=self.data_format,
                          dilation_rate=self.dilation_rate)
        conv_h = K.conv2d(states[0], self.U, padding='same',
                          data_format=self.data_format)
        h = K.tanh(conv_x + conv_h)
        return h, [h]


def test_conv_recurrent_subclass():
    with pytest.warns(UserWarning, match='ConvLSTM2D'):
        layer = SimpleConvRNN(2, (1, 1), return_sequences=True)
    x = Input((3, 4, 4, 1))
    y = layer(x)
    assert K.int_shape(y) == (None, 3, 4, 4, 2)
    W, U = layer.get_weights()
    xv = data(2, 3, 4, 4, 1)
    h = np.zeros((2, 4, 4, 2))
    expected = []
    for t in range(3):
        h = np.tanh(np.einsum('nrcd,df->nrcf', xv[:, t], W[0, 0]) +
                    np.einsum('nrcd,df->nrcf', h, U[0, 0]))
        expected.append(h)
    np.testing.assert_allclose(Model(x, y).predict(xv),
                               np.stack(expected, axis=1), rtol=1e-5,
                               atol=1e-5)
    # Valid padding and strides shrink the state maps.
    layer = SimpleConvRNN(3, (3, 3), strides=(2, 2), return_state=True)
    x = Input((2, 5, 5, 1))
    output, state = layer(x)
    assert K.int_shape(output) == (None, 2, 2, 3)
    assert layer.compute_output_shape((None, 2, 5, 5, 1)) == [
        (None, 2, 2, 3), (None, 2, 2, 3)]
    out_value = Model(x, output).predict(data(2, 2, 5, 5, 1))
    assert out_value.shape == (2, 2, 2, 3)
    layer = SimpleConvRNN(2, 3, data_format='channels_first',
                          padding='same')
    assert layer.compute_output_shape((None, 4, 1, 5, 6)) == (None, 2, 5, 6)
    config = layer.get_config()
    assert config['kernel_size'] == (3, 3) and config['filters'] == 2
    assert config['data_format'] == 'channels_first'
    with CustomObjectScope({'SimpleConvRNN': SimpleConvRNN}):
        clone = layers.deserialize(layers.serialize(layer))
    assert clone.get_config() == config
    with pytest.raises(ValueError, match='padding'):
        SimpleConvRNN(2, 3, padding='full-ish')
    with pytest.raises(ValueError, match='filters'):
        SimpleConvRNN(0, 3)


def test_conv_recurrent_stateful_and_layer_test():
    layer = SimpleConvRNN(2, (3, 3), padding='same', stateful=True,
                          batch_input_shape=(2, 2, 3, 3, 1))
    model = Sequential([layer])
    xv = data(2, 2, 3, 3, 1)
    first = model.predict(xv, batch_size=2)
    assert first.shape == (2, 3, 3, 2)
    assert K.int_shape(layer.states[0]) == (2, 3, 3, 2)
    second = model.predict(xv, batch_size=2)
    assert not np.allclose(first, second)
    model.reset_states()
    np.testing.assert_allclose(model.predict(xv, batch_size=2), first,
                               rtol=1e-5, atol=1e-6)
    layer_test(SimpleConvRNN, kwargs={'filters': 2, 'kernel_size': (2, 2)},
               input_shape=(2, 2, 3, 3, 1))
