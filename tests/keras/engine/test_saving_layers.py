"""Every layer of keras.layers (and the Keras 1 legacy layers) saved and
reloaded in a tiny model with random weights: `save` + `load_model`,
`save_weights` + `load_weights` (by order and by name), JSON, YAML,
`clone_model`, `copy.deepcopy` and pickle give the same config, the same
weights and the same predictions.

Each model predicts once before saving and once after `load_model` (every
case), and once per route on a representative subset (ROUTE_CASES): the
other routes rebuild from the same config as `load_model`, so for them
every case checks config and exact weights, without compiling again.
"""
import base64
import copy
import json
import marshal
import pickle
import warnings
import zlib

import h5py
import numpy as np
import pytest

from keras import backend as K
from keras import constraints
from keras import layers
from keras import regularizers
from keras.engine.hdf5_format import json_default
from keras.layers import Input
from keras.legacy.layers import ConvRecurrent2D
from keras.legacy.layers import Recurrent
from keras.legacy.layers import merge as legacy_merge
from keras.models import Model
from keras.models import Sequential
from keras.models import clone_model
from keras.models import load_model
from keras.models import model_from_json
from keras.models import model_from_yaml
from keras.utils.generic_utils import CustomObjectScope

# Expected here: models saved uncompiled, and the Keras 1 layers' notices.
pytestmark = [
    pytest.mark.filterwarnings('ignore:No training configuration found'),
    pytest.mark.filterwarnings('ignore:.*deprecated'),
    pytest.mark.filterwarnings('ignore:.*Keras 1'),
]

BATCH = 2
TOLERANCE = dict(rtol=1e-6, atol=1e-6)


# ---------------------------------------------------------------------------
# Keras 1 style subclasses of the abstract legacy recurrent layers.

class Keras1SimpleRNN(Recurrent):
    """h_t = tanh(x_t W + h_{t-1} U), as a Keras 1 user wrote it."""

    def __init__(self, output_dim, **kwargs):
        self.output_dim = output_dim
        super(Keras1SimpleRNN, self).__init__(**kwargs)

    def build(self, input_shape):
        self.states = [None]
        self.W = self.add_weight((input_shape[2], self.output_dim),
                                 initializer='glorot_uniform', name='W')
        self.U = self.add_weight((self.output_dim, self.output_dim),
                                 initializer='orthogonal', name='U')
        self.built = True

    def step(self, x, states):
        h = K.tanh(K.dot(x, self.W) + K.dot(states[0], self.U))
        return h, [h]

    def get_config(self):
        config = {'output_dim': self.output_dim}
        base_config = super(Keras1SimpleRNN, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class Keras1ConvRNN(ConvRecurrent2D):
    """h_t = tanh(conv(x_t, W) + conv(h_{t-1}, U))."""

    def build(self, input_shape):
        self.states = [None]
        channels = input_shape[2 if self.data_format == 'channels_first'
                               else -1]
        self.W = self.add_weight(self.kernel_size + (channels, self.filters),
                                 initializer='glorot_uniform', name='W')
        self.U = self.add_weight((1, 1, self.filters, self.filters),
                                 initializer='glorot_uniform', name='U')
        self.built = True

    def step(self, x, states):
        conv_x = K.conv2d(x, self.W, strides=self.strides,
                          padding=self.padding, data_format=self.data_format)
        conv_h = K.conv2d(states[0], self.U, padding='same',
                          data_format=self.data_format)
        h = K.tanh(conv_x + conv_h)
        return h, [h]


KERAS1_CUSTOM = {'Keras1SimpleRNN': Keras1SimpleRNN,
                 'Keras1ConvRNN': Keras1ConvRNN}


# ---------------------------------------------------------------------------
# The cases: name -> a builder of the model (called again for "a freshly
# built model"), the kind of input, custom objects.

CASES = {}


def case(name, build, tokens=False, custom_objects=None, inputs=None):
    assert name not in CASES, name
    CASES[name] = dict(build=build, tokens=tokens,
                       custom_objects=custom_objects, inputs=inputs)


def seq(*layer_list):
    return Sequential(list(layer_list))


def two_inputs(merge_layer, shape_a=(3,), shape_b=(3,)):
    a, b = Input(shape_a), Input(shape_b)
    return Model([a, b], merge_layer([layers.Dense(3)(a),
                                      layers.Dense(3)(b)]))


def masked_floats(rng, model):
    """Floats whose last steps equal the Masking layer's mask value."""
    x = rng.uniform(-1, 1, (BATCH, 4, 2)).astype('float32')
    x[0, 3:] = 0.5
    x[1, 2:] = 0.5
    return [x]


# -- core
case('Dense', lambda: seq(
    layers.Dense(3, activation='tanh', use_bias=False, input_shape=(4,)),
    layers.Dense(2, kernel_regularizer=regularizers.l1_l2(0.01, 0.02),
                 kernel_constraint=constraints.max_norm(2.),
                 activity_regularizer='l2', bias_initializer='ones')))
case('Activation', lambda: seq(layers.Dense(3, input_shape=(4,)),
                               layers.Activation('softmax')))
case('ActivityRegularization', lambda: seq(
    layers.Dense(3, input_shape=(4,)),
    layers.ActivityRegularization(l1=0.01, l2=0.02)))
case('Dropout', lambda: seq(
    layers.Dense(3, input_shape=(4,)),
    layers.Dropout(0.5, noise_shape=(None, 3), seed=3), layers.Dense(2)))
case('Flatten', lambda: seq(
    layers.Conv2D(2, 2, data_format='channels_first', input_shape=(1, 3, 3)),
    layers.Flatten(data_format='channels_first'), layers.Dense(2)))


def build_lambda():
    x = Input((3,))
    y = layers.Lambda(lambda t, scale: t * scale + K.square(t),
                      output_shape=lambda shape: shape,
                      arguments={'scale': 2.})(layers.Dense(3)(x))
    return Model(x, y)


case('Lambda', build_lambda)
case('Masking', lambda: seq(layers.Masking(0.5, input_shape=(4, 2)),
                            layers.SimpleRNN(2)), inputs=masked_floats)
case('Permute', lambda: seq(layers.Permute((2, 1), input_shape=(2, 3))))
case('RepeatVector', lambda: seq(layers.RepeatVector(3, input_shape=(2,))))
case('Reshape', lambda: seq(layers.Reshape((3, 2), input_shape=(6,))))
case('SpatialDropout1D', lambda: seq(
    layers.SpatialDropout1D(0.3, input_shape=(3, 2)), layers.Dense(2)))
case('SpatialDropout2D', lambda: seq(layers.SpatialDropout2D(
    0.3, data_format='channels_first', input_shape=(2, 2, 2))))
case('SpatialDropout3D', lambda: seq(layers.SpatialDropout3D(
    0.3, data_format='channels_first', input_shape=(2, 2, 2, 2))))

# -- convolutional
case('Conv1D', lambda: seq(
    layers.Conv1D(2, 2, padding='causal', dilation_rate=2, activation='relu',
                  input_shape=(5, 3)),
    layers.Conv1D(2, 2, strides=2, use_bias=False,
                  data_format='channels_first')))
case('Conv2D', lambda: seq(
    layers.Conv2D(2, (2, 3), strides=(1, 2), padding='same',
                  data_format='channels_first', input_shape=(3, 4, 5)),
    layers.Conv2D(2, 2, use_bias=False, dilation_rate=(1, 2),
                  data_format='channels_first')))
case('Conv2DTranspose', lambda: seq(layers.Conv2DTranspose(
    2, 3, strides=2, padding='same', output_padding=1,
    data_format='channels_first', input_shape=(2, 2, 3))))
case('Conv3D', lambda: seq(layers.Conv3D(
    2, 2, strides=(1, 1, 2), padding='same', data_format='channels_first',
    input_shape=(1, 3, 3, 4))))
case('Conv3DTranspose', lambda: seq(layers.Conv3DTranspose(
    2, 2, strides=(1, 2, 1), use_bias=False, input_shape=(2, 2, 2, 1))))
case('Cropping1D', lambda: seq(layers.Cropping1D((1, 2),
                                                 input_shape=(5, 2))))
case('Cropping2D', lambda: seq(layers.Cropping2D(
    ((1, 0), (0, 2)), data_format='channels_first', input_shape=(2, 4, 4))))
case('Cropping3D', lambda: seq(layers.Cropping3D(
    ((1, 0), (0, 1), (1, 1)), input_shape=(3, 3, 4, 1))))
case('DepthwiseConv2D', lambda: seq(layers.DepthwiseConv2D(
    2, depth_multiplier=2, padding='same', data_format='channels_first',
    input_shape=(2, 3, 3))))
case('SeparableConv1D', lambda: seq(layers.SeparableConv1D(
    2, 2, depth_multiplier=2, padding='same', input_shape=(4, 3))))
case('SeparableConv2D', lambda: seq(layers.SeparableConv2D(
    2, 2, use_bias=False, data_format='channels_first',
    input_shape=(2, 3, 3))))
case('UpSampling1D', lambda: seq(layers.UpSampling1D(3, input_shape=(2, 2))))
case('UpSampling2D', lambda: seq(layers.UpSampling2D(
    (2, 1), interpolation='bilinear', data_format='channels_first',
    input_shape=(1, 2, 3))))
case('UpSampling3D', lambda: seq(layers.UpSampling3D(
    (1, 2, 1), input_shape=(2, 2, 2, 1))))
case('ZeroPadding1D', lambda: seq(layers.ZeroPadding1D((1, 2),
                                                       input_shape=(2, 2))))
case('ZeroPadding2D', lambda: seq(layers.ZeroPadding2D(
    ((1, 0), (2, 1)), data_format='channels_first', input_shape=(1, 2, 2))))
case('ZeroPadding3D', lambda: seq(layers.ZeroPadding3D(
    (1, 0, 1), input_shape=(2, 2, 2, 1))))

# -- pooling
case('MaxPooling1D', lambda: seq(layers.MaxPooling1D(
    2, strides=1, padding='same', input_shape=(4, 2))))
case('AveragePooling1D', lambda: seq(layers.AveragePooling1D(
    2, data_format='channels_first', input_shape=(2, 4))))
case('MaxPooling2D', lambda: seq(layers.MaxPooling2D(
    (2, 1), padding='same', data_format='channels_first',
    input_shape=(1, 3, 2))))
case('AveragePooling2D', lambda: seq(layers.AveragePooling2D(
    2, strides=1, input_shape=(3, 3, 1))))
case('MaxPooling3D', lambda: seq(layers.MaxPooling3D(
    2, data_format='channels_first', input_shape=(1, 2, 2, 4))))
case('AveragePooling3D', lambda: seq(layers.AveragePooling3D(
    (1, 2, 2), strides=1, padding='same', input_shape=(2, 2, 2, 1))))
case('GlobalAveragePooling1D', lambda: seq(
    layers.Embedding(6, 3, mask_zero=True, input_length=4),
    layers.GlobalAveragePooling1D()), tokens=True)
case('GlobalMaxPooling1D', lambda: seq(layers.GlobalMaxPooling1D(
    data_format='channels_first', input_shape=(2, 3))))
case('GlobalAveragePooling2D', lambda: seq(layers.GlobalAveragePooling2D(
    data_format='channels_first', input_shape=(2, 2, 3))))
case('GlobalMaxPooling2D', lambda: seq(layers.GlobalMaxPooling2D(
    input_shape=(2, 3, 2))))
case('GlobalAveragePooling3D', lambda: seq(layers.GlobalAveragePooling3D(
    input_shape=(2, 2, 2, 3))))
case('GlobalMaxPooling3D', lambda: seq(layers.GlobalMaxPooling3D(
    data_format='channels_first', input_shape=(2, 2, 2, 3))))

# -- locally connected
case('LocallyConnected1D', lambda: seq(layers.LocallyConnected1D(
    2, 2, strides=1, activation='relu', input_shape=(4, 3))))
case('LocallyConnected2D', lambda: seq(layers.LocallyConnected2D(
    2, 2, use_bias=False, data_format='channels_first',
    input_shape=(2, 3, 3))))

# -- recurrent
case('SimpleRNN', lambda: seq(
    layers.Embedding(6, 3, mask_zero=True, input_length=4),
    layers.SimpleRNN(2, activation='relu', return_sequences=True,
                     go_backwards=True)), tokens=True)


def build_gru_return_state():
    x = Input((3, 2))
    output, state = layers.GRU(2, reset_after=True, return_state=True,
                               recurrent_activation='hard_sigmoid')(x)
    return Model(x, [output, state])


case('GRU-reset_after-return_state', build_gru_return_state)
case('GRU-mask', lambda: seq(
    layers.Embedding(6, 3, mask_zero=True, input_length=4),
    layers.GRU(2, implementation=1, use_bias=False)), tokens=True)
case('LSTM-mask-unroll', lambda: seq(
    layers.Embedding(6, 3, mask_zero=True, input_length=4),
    layers.LSTM(2, unroll=True, implementation=1, unit_forget_bias=False)),
    tokens=True)
case('LSTM-stateful', lambda: seq(layers.LSTM(
    2, stateful=True, return_sequences=True, batch_input_shape=(BATCH, 3, 2)
)))


def build_stacked_cells():
    x = Input((3, 2))
    cells = layers.StackedRNNCells([layers.SimpleRNNCell(2),
                                    layers.GRUCell(3, reset_after=True),
                                    layers.LSTMCell(2)])
    return Model(x, layers.RNN(cells, return_sequences=True)(x))


def build_rnn_cell_list():
    x = Input((3, 2))
    outputs = layers.RNN([layers.LSTMCell(2), layers.SimpleRNNCell(2)],
                         go_backwards=True, return_state=True)(x)
    return Model(x, outputs)


case('RNN-StackedRNNCells', build_stacked_cells)
case('RNN-cell-list-return_state', build_rnn_cell_list)
case('ConvLSTM2D', lambda: seq(layers.ConvLSTM2D(
    2, 2, padding='same', return_sequences=True,
    data_format='channels_first', input_shape=(2, 1, 3, 3))))


def build_conv_rnn_2d():
    x = Input((2, 3, 3, 1))
    cell = layers.ConvLSTM2DCell(2, 2, use_bias=False)
    return Model(x, layers.deserialize({'class_name': 'ConvRNN2D',
                                        'config': {'cell': {
                                            'class_name': 'ConvLSTM2DCell',
                                            'config': cell.get_config()}}})(x))


case('ConvRNN2D-ConvLSTM2DCell', build_conv_rnn_2d)
case('CuDNNGRU', lambda: seq(layers.CuDNNGRU(2, return_sequences=True,
                                             input_shape=(3, 2))))


def build_cudnn_lstm():
    x = Input((3, 2))
    return Model(x, layers.CuDNNLSTM(2, return_state=True,
                                     unit_forget_bias=False)(x))


case('CuDNNLSTM-return_state', build_cudnn_lstm)
case('Embedding', lambda: seq(layers.Embedding(
    6, 2, input_length=4, embeddings_regularizer='l2')), tokens=True)

# -- merge
case('Add', lambda: two_inputs(layers.Add()))
case('Subtract', lambda: two_inputs(layers.Subtract()))
case('Multiply', lambda: two_inputs(layers.Multiply()))
case('Average', lambda: two_inputs(layers.Average()))
case('Maximum', lambda: two_inputs(layers.Maximum()))
case('Minimum', lambda: two_inputs(layers.Minimum()))
case('Concatenate', lambda: two_inputs(layers.Concatenate(axis=1),
                                       (2, 3), (1, 3)))
case('Dot', lambda: two_inputs(layers.Dot(axes=1, normalize=True)))

# -- advanced activations, normalization, noise
case('ELU', lambda: seq(layers.Dense(3, input_shape=(4,)),
                        layers.ELU(alpha=0.5)))
case('LeakyReLU', lambda: seq(layers.Dense(3, input_shape=(4,)),
                              layers.LeakyReLU(0.1)))
case('PReLU', lambda: seq(layers.Dense(3, input_shape=(2, 4)),
                          layers.PReLU(shared_axes=[1])))
case('ReLU', lambda: seq(layers.Dense(3, input_shape=(4,)), layers.ReLU(
    max_value=0.5, negative_slope=0.1, threshold=0.2)))
case('Softmax', lambda: seq(layers.Dense(3, input_shape=(2, 4)),
                            layers.Softmax(axis=1)))
case('ThresholdedReLU', lambda: seq(layers.Dense(3, input_shape=(4,)),
                                    layers.ThresholdedReLU(0.3)))
case('BatchNormalization', lambda: seq(
    layers.Conv2D(2, 1, data_format='channels_first', input_shape=(2, 2, 2)),
    layers.BatchNormalization(axis=1, center=False, momentum=0.8,
                              epsilon=0.01),
    layers.BatchNormalization(scale=False)))
case('AlphaDropout', lambda: seq(layers.Dense(3, input_shape=(4,)),
                                 layers.AlphaDropout(0.4, seed=1)))
case('GaussianDropout', lambda: seq(layers.Dense(3, input_shape=(4,)),
                                    layers.GaussianDropout(0.3)))
case('GaussianNoise', lambda: seq(layers.Dense(3, input_shape=(4,)),
                                  layers.GaussianNoise(0.2)))

# -- wrappers
case('TimeDistributed-Dense', lambda: seq(layers.TimeDistributed(
    layers.Dense(2, use_bias=False), input_shape=(3, 4))))
case('TimeDistributed-Conv2D', lambda: seq(layers.TimeDistributed(
    layers.Conv2D(2, 2), input_shape=(2, 3, 3, 1))))
for _mode in ('concat', 'sum', 'mul', 'ave'):
    case('Bidirectional-LSTM-' + _mode, lambda mode=_mode: seq(
        layers.Embedding(6, 3, mask_zero=True, input_length=4),
        layers.Bidirectional(layers.LSTM(2, return_sequences=True),
                             merge_mode=mode)), tokens=True)


def build_bidirectional_no_merge():
    x = Input((3, 2))
    return Model(x, layers.Bidirectional(layers.LSTM(2), merge_mode=None)(x))


case('Bidirectional-LSTM-None', build_bidirectional_no_merge)


# -- nested and shared
def build_sequential_in_model():
    inner = seq(layers.Dense(3, input_shape=(4,)), layers.Dense(2))
    x = Input((4,))
    return Model(x, layers.Dense(2)(inner(x)))


def build_model_in_sequential():
    x = Input((4,))
    inner = Model(x, layers.Dense(3, activation='relu')(x))
    return seq(inner, layers.Dense(2))


def build_shared_layers():
    """A layer and a model each called twice (several inbound nodes)."""
    a, b = Input((3,)), Input((3,))
    shared = layers.Dense(3)
    tower_input = Input((3,))
    tower = Model(tower_input, layers.Dense(3)(tower_input))
    left = tower(shared(shared(a)))
    right = tower(shared(b))
    return Model([a, b], layers.concatenate([left, right]))


case('nested-Sequential-in-Model', build_sequential_in_model)
case('nested-Model-in-Sequential', build_model_in_sequential)
case('shared-layers', build_shared_layers)


# -- Keras 1 legacy layers
def legacy_layer(cls, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        return cls(*args, **kwargs)


def build_legacy_merge_of_sequentials():
    left = seq(layers.Dense(3, input_dim=3))
    right = seq(layers.Dense(3, input_dim=2))
    return seq(legacy_layer(layers.Merge, [left, right], mode='concat'),
               layers.Dense(2))


def build_legacy_merge_function():
    x = Input((3,))
    y = layers.Dense(3)(x)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        summed = legacy_merge([x, y], mode='sum')
        product = legacy_merge([summed, y], mode=lambda t: t[0] * t[1],
                               output_shape=lambda shapes: shapes[0])
        cosine = legacy_merge([x, product], mode='cos', dot_axes=1)
    return Model(x, [product, cosine])


case('Highway', lambda: seq(legacy_layer(layers.Highway, activation='relu',
                                         input_dim=3)))
case('MaxoutDense', lambda: seq(legacy_layer(layers.MaxoutDense, 2,
                                             nb_feature=3, input_dim=4)))
case('AtrousConvolution1D', lambda: seq(legacy_layer(
    layers.AtrousConvolution1D, 2, 2, atrous_rate=2, input_shape=(5, 2))))
case('AtrousConvolution2D', lambda: seq(legacy_layer(
    layers.AtrousConvolution2D, 2, 2, 2, atrous_rate=(2, 1),
    input_shape=(5, 4, 1))))
case('Merge-of-Sequentials', build_legacy_merge_of_sequentials)
case('merge-function', build_legacy_merge_function)
case('Recurrent-Keras1-subclass', lambda: seq(
    layers.Embedding(6, 3, mask_zero=True, input_length=4),
    Keras1SimpleRNN(2, return_sequences=True)), tokens=True,
    custom_objects=KERAS1_CUSTOM)
case('ConvRecurrent2D-Keras1-subclass', lambda: seq(legacy_layer(
    Keras1ConvRNN, 2, (2, 2), input_shape=(2, 3, 3, 1))),
    custom_objects=KERAS1_CUSTOM)

# Every route predicts on these (the others: config and weights).
ROUTE_CASES = ['Dense', 'Conv2D', 'BatchNormalization',
               'GRU-reset_after-return_state', 'Bidirectional-LSTM-concat',
               'TimeDistributed-Dense', 'nested-Sequential-in-Model',
               'shared-layers', 'Lambda', 'Merge-of-Sequentials']


# ---------------------------------------------------------------------------
# Helpers.

def case_rng(name, salt=0):
    return np.random.RandomState(zlib.crc32(name.encode()) + salt)


def build(name):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        return CASES[name]['build']()


def make_inputs(name, model):
    spec = CASES[name]
    rng = case_rng(name, salt=1)
    if spec['inputs'] is not None:
        return spec['inputs'](rng, model)
    arrays = []
    for tensor in model.inputs:
        shape = (BATCH,) + tuple(K.int_shape(tensor)[1:])
        if spec['tokens']:
            tokens = rng.randint(1, 6, size=shape)
            tokens[0, 3:] = 0  # padding: masked steps
            tokens[1, 1:] = 0
            arrays.append(tokens.astype('float32'))
        else:
            arrays.append(rng.uniform(-1, 1, shape).astype('float32'))
    return arrays


def random_weights(model, rng):
    """Values unlike any initializer's (variances stay positive)."""
    values = []
    # get_weights lists each layer's weights in turn (model.weights: all
    # trainable ones first).
    variables = [w for layer in model.layers for w in layer.weights]
    for variable, value in zip(variables, model.get_weights()):
        if 'variance' in variable.name:
            values.append(rng.uniform(0.5, 1.5, value.shape))
        else:
            values.append(rng.uniform(-0.9, 0.9, value.shape))
    return [v.astype(K.floatx()) for v in values]


def predict(model, arrays):
    if model.stateful:
        model.reset_states()
    outputs = model.predict(arrays if len(arrays) > 1 else arrays[0],
                            batch_size=BATCH)
    return outputs if isinstance(outputs, list) else [outputs]


def assert_same_predictions(actual, expected, route):
    assert len(actual) == len(expected), route
    for a, e in zip(actual, expected):
        np.testing.assert_allclose(a, e, err_msg=route, **TOLERANCE)


def assert_same_weights(model, expected, route):
    actual = model.get_weights()
    assert len(actual) == len(expected), route
    for a, e in zip(actual, expected):
        assert a.shape == e.shape, route
        np.testing.assert_array_equal(a, e, err_msg=route)


def assert_other_weights(model, expected, route):
    """The model's weights are not `expected` (so that loading them is
    seen to happen)."""
    if expected:
        assert any(a.shape != e.shape or not np.array_equal(a, e)
                   for a, e in zip(model.get_weights(), expected)), route


def _code_fingerprint(code):
    consts = tuple(_code_fingerprint(c) if hasattr(c, 'co_code') else repr(c)
                   for c in code.co_consts)
    return [code.co_code.hex(), list(consts), list(code.co_names),
            list(code.co_varnames), code.co_argcount]


def _normalise_functions(value):
    """Bytecode of serialised lambdas replaced by what it encodes: marshal
    output depends on reference counts, so a reloaded function's bytes
    differ from the original's."""
    if isinstance(value, list):
        return [_normalise_functions(item) for item in value]
    if not isinstance(value, dict):
        return value
    value = {key: _normalise_functions(item) for key, item in value.items()}
    for key in list(value):
        if value.get(key + '_type') == 'lambda' and value[key]:
            raw = base64.b64decode(value[key][0])
            value[key] = [_code_fingerprint(marshal.loads(raw))] + \
                list(value[key][1:])
    return value


def config_of(model):
    return _normalise_functions(json.loads(json.dumps(
        {'class_name': model.__class__.__name__, 'config': model.get_config()},
        default=json_default)))


def _without_node_order(value):
    """The config with node indices left out and each layer's nodes
    sorted: clone_model recreates the nodes of a shared layer in graph
    depth order (as Keras 2.3.1 did), which can renumber them."""
    if isinstance(value, list):
        return [_without_node_order(item) for item in value]
    if not isinstance(value, dict):
        return value
    result = {}
    for key, item in value.items():
        if key == 'inbound_nodes':
            result[key] = sorted(
                json.dumps([[ref[0]] + ref[2:] for ref in node])
                for node in item)
        elif key in ('input_layers', 'output_layers'):
            result[key] = [[ref[0]] + ref[2:] for ref in item]
        else:
            result[key] = _without_node_order(item)
    return result


def original(name, with_predictions=True):
    """(model, inputs, weights, predictions) of a case; predictions None
    without `with_predictions` (predicting compiles the model: slow with
    jax and theano)."""
    model = build(name)
    weights = random_weights(model, case_rng(name))
    model.set_weights(weights)
    arrays = make_inputs(name, model)
    if not with_predictions:
        return model, arrays, weights, None
    predictions = predict(model, arrays)
    for output in predictions:
        assert np.all(np.isfinite(output)), 'predictions of %s' % name
    return model, arrays, weights, predictions


def custom_scope(name):
    return CustomObjectScope(CASES[name]['custom_objects'] or {})


ALL = pytest.mark.parametrize('name', list(CASES))


# ---------------------------------------------------------------------------
# Tests.

def test_every_layer_class_has_a_case():
    covered = set()

    def visit(layer):
        covered.add(type(layer))
        for mro_class in type(layer).__mro__:
            covered.add(mro_class)
        for attribute in ('layers', 'cells'):
            for inner in getattr(layer, attribute, None) or []:
                visit(inner)
        for attribute in ('layer', 'forward_layer', 'backward_layer',
                          'cell', '_merge_layer'):
            inner = getattr(layer, attribute, None)
            if isinstance(inner, layers.Layer):
                visit(inner)

    for name in CASES:
        visit(build(name))
    missing = [cls.__name__ for cls in layers._LAYER_CLASSES
               if cls not in covered]
    assert not missing, 'no saving case for: %s' % missing
    assert set(ROUTE_CASES) <= set(CASES)


@ALL
def test_save_and_load_model(name, tmp_path):
    model, arrays, weights, expected = original(name)
    path = str(tmp_path / 'model.h5')
    model.save(path)
    with custom_scope(name):
        reloaded = load_model(path, custom_objects=CASES[name][
            'custom_objects'])
    assert type(reloaded) is type(model)
    assert config_of(reloaded) == config_of(model)
    assert_same_weights(reloaded, weights, 'load_model')
    assert_same_predictions(predict(reloaded, arrays), expected, 'load_model')

    # by_name into the reloaded model (same layer names), after other
    # weights: predicting again needs no new compilation.
    weights_path = str(tmp_path / 'weights.h5')
    model.save_weights(weights_path)
    reloaded.set_weights(random_weights(reloaded, case_rng(name, salt=2)))
    assert_other_weights(reloaded, weights, 'scrambled')
    reloaded.load_weights(weights_path, by_name=True)
    assert_same_weights(reloaded, weights, 'load_weights(by_name=True)')
    assert_same_predictions(predict(reloaded, arrays), expected,
                            'load_weights(by_name=True)')


@ALL
def test_load_weights_into_fresh_model(name, tmp_path):
    model, _, weights, _ = original(name, with_predictions=False)
    path = str(tmp_path / 'weights.h5')
    model.save_weights(path)
    # Built by the same code: new layer names, fresh initial weights.
    fresh = build(name)
    assert_other_weights(fresh, weights, 'fresh model')
    fresh.load_weights(path)
    assert_same_weights(fresh, weights, 'load_weights by order')
    # A model file holds the weights too.
    model.save(str(tmp_path / 'model.h5'))
    fresh.set_weights(random_weights(fresh, case_rng(name, salt=2)))
    fresh.load_weights(str(tmp_path / 'model.h5'))
    assert_same_weights(fresh, weights, 'load_weights from a model file')


@ALL
def test_json_yaml_clone_copy_pickle_configs(name):
    model, _, weights, _ = original(name, with_predictions=False)
    expected_config = config_of(model)
    with custom_scope(name):
        from_json = model_from_json(model.to_json())
        from_yaml = model_from_yaml(model.to_yaml())
        clone = clone_model(model)
        copied = copy.deepcopy(model)
        unpickled = pickle.loads(pickle.dumps(model))
    for route, other in [('json', from_json), ('yaml', from_yaml),
                         ('deepcopy', copied), ('pickle', unpickled)]:
        assert type(other) is type(model), route
        assert config_of(other) == expected_config, route
    assert type(clone) is type(model)
    assert _without_node_order(config_of(clone)) == \
        _without_node_order(expected_config)
    # A clone has new weights of the same shapes.
    assert [w.shape for w in clone.get_weights()] == \
        [w.shape for w in weights]
    assert_other_weights(clone, weights, 'clone_model')
    assert_same_weights(copied, weights, 'deepcopy')
    assert_same_weights(unpickled, weights, 'pickle')
    # The original is untouched by copying.
    assert_same_weights(model, weights, 'original after copies')


@pytest.mark.parametrize('name', ROUTE_CASES)
def test_every_route_predicts_the_same(name, tmp_path):
    model, arrays, _, expected = original(name)
    custom_objects = CASES[name]['custom_objects']

    def check(other, route, set_weights=False, same_names=True):
        if set_weights:
            other.set_weights(model.get_weights())
        if route == 'clone_model':
            assert _without_node_order(config_of(other)) == \
                _without_node_order(config_of(model)), route
        elif same_names:
            assert config_of(other) == config_of(model), route
        assert_same_predictions(predict(other, arrays), expected, route)

    path = str(tmp_path / 'model.h5')
    with h5py.File(path, 'w') as f:
        model.save(f)
    with custom_scope(name):
        with h5py.File(path, 'r') as f:
            check(load_model(f, custom_objects=custom_objects),
                  'load_model(h5py.File)')
        from_json = model_from_json(model.to_json())
        check(from_json, 'model_from_json', set_weights=True)
        check(model_from_yaml(model.to_yaml()), 'model_from_yaml',
              set_weights=True)
        check(copy.deepcopy(model), 'deepcopy')
        check(pickle.loads(pickle.dumps(model)), 'pickle')
        clone = clone_model(model)
        check(clone, 'clone_model', set_weights=True)

    weights_path = str(tmp_path / 'weights.h5')
    model.save_weights(weights_path)
    fresh = build(name)
    fresh.load_weights(weights_path)
    check(fresh, 'load_weights by order', same_names=False)
    from_json.set_weights(random_weights(from_json, case_rng(name, 3)))
    from_json.load_weights(weights_path, by_name=True)
    assert_same_predictions(predict(from_json, arrays), expected,
                            'load_weights(by_name=True)')
