"""CuDNNGRU and CuDNNLSTM: numbers against cuDNN's equations written here
as NumPy loops (reading the stored kernels as cuDNN read 2.3.1's),
equivalence with GRU(reset_after=True) and LSTM given the kernels acting,
states (initial, returned, stateful), go_backwards, weights, configs,
masks refused, argument errors and training."""
import json

import numpy as np
import pytest

from keras import backend as K
from keras import initializers
from keras import layers
from keras.engine.input_layer import Input
from keras.engine.sequential import Sequential
from keras.engine.training import Model
from keras.layers import GRU
from keras.layers import LSTM
from keras.layers import CuDNNGRU
from keras.layers import CuDNNLSTM
from keras.layers import Dense
from keras.layers import Masking
from keras.utils.test_utils import layer_test

TRAINING_BACKENDS = ('jax', 'tensorflow', 'torch', 'theano')
TOLERANCE = dict(rtol=1e-5, atol=1e-5)


# ---------------------------------------------------------------------------
# cuDNN's equations, written out with NumPy.

def sigmoid(x):
    return 1. / (1. + np.exp(-x))


def acting_kernels(kernel, recurrent_kernel, gates):
    """The per-gate matrices (x W_g, h U_g) cuDNN applies for 2.3.1's
    stored kernels: 2.3.1 passed each gate's slice flattened in C order,
    which cuDNN reads as a (units, input_dim) matrix acting on the left."""
    units, input_dim = recurrent_kernel.shape[0], kernel.shape[0]
    W, U = [], []
    for g in range(gates):
        columns = slice(g * units, (g + 1) * units)
        W.append(kernel[:, columns].ravel().reshape(units, input_dim).T)
        U.append(recurrent_kernel[:, columns].T)
    return W, U


def plain_kernels(kernel, recurrent_kernel, gates):
    """GRU/LSTM kernels computing what the CuDNN ones compute."""
    W, U = acting_kernels(kernel, recurrent_kernel, gates)
    return np.concatenate(W, axis=1), np.concatenate(U, axis=1)


def np_cudnn_gru(x, kernel, recurrent_kernel, bias, h, go_backwards=False):
    """(outputs in loop order, final h) of cuDNN's GRU."""
    (W_z, W_r, W_h), (R_z, R_r, R_h) = acting_kernels(kernel,
                                                      recurrent_kernel, 3)
    bW_z, bW_r, bW_h, bR_z, bR_r, bR_h = np.split(bias, 6)
    times = range(x.shape[1])
    outputs = []
    for t in (reversed(times) if go_backwards else times):
        x_t = x[:, t]
        z = sigmoid(x_t @ W_z + bW_z + h @ R_z + bR_z)
        r = sigmoid(x_t @ W_r + bW_r + h @ R_r + bR_r)
        candidate = np.tanh(x_t @ W_h + bW_h + r * (h @ R_h + bR_h))
        h = z * h + (1. - z) * candidate
        outputs.append(h)
    return np.stack(outputs, axis=1), h


def np_cudnn_lstm(x, kernel, recurrent_kernel, bias, h, c,
                  go_backwards=False):
    """(outputs in loop order, final h, final c) of cuDNN's LSTM."""
    u = recurrent_kernel.shape[0]
    W, R = acting_kernels(kernel, recurrent_kernel, 4)
    bW = np.split(bias[:4 * u], 4)
    bR = np.split(bias[4 * u:], 4)
    times = range(x.shape[1])
    outputs = []
    for t in (reversed(times) if go_backwards else times):
        x_t = x[:, t]
        gate = [x_t @ W[g] + bW[g] + h @ R[g] + bR[g] for g in range(4)]
        i, f, o = sigmoid(gate[0]), sigmoid(gate[1]), sigmoid(gate[3])
        c = f * c + i * np.tanh(gate[2])
        h = o * np.tanh(c)
        outputs.append(h)
    return np.stack(outputs, axis=1), h, c


def randomize(layer, scale=0.5):
    weights = [scale * np.random.randn(*w.shape).astype('float32')
               for w in layer.get_weights()]
    layer.set_weights(weights)
    return weights


def predict(inputs, outputs, data):
    return Model(inputs, outputs).predict(data)


def round_trip(layer):
    clone = layers.deserialize(json.loads(json.dumps(
        layers.serialize(layer))))
    assert clone.__class__ is layer.__class__
    assert clone.get_config() == layer.get_config()
    return clone


# ---------------------------------------------------------------------------
# Numbers.

@pytest.mark.parametrize('go_backwards', [False, True])
def test_gru_matches_cudnn_equations(go_backwards):
    data = np.random.randn(3, 4, 5).astype('float32')
    x = Input((4, 5))
    layer = CuDNNGRU(3, return_sequences=True, return_state=True,
                     go_backwards=go_backwards)
    outputs = layer(x)
    weights = randomize(layer)
    sequence, h = predict(x, outputs, data)
    expected, expected_h = np_cudnn_gru(data, *weights,
                                        h=np.zeros((3, 3), 'float32'),
                                        go_backwards=go_backwards)
    np.testing.assert_allclose(sequence, expected, **TOLERANCE)
    np.testing.assert_allclose(h, expected_h, **TOLERANCE)


@pytest.mark.parametrize('go_backwards', [False, True])
def test_lstm_matches_cudnn_equations(go_backwards):
    data = np.random.randn(3, 4, 5).astype('float32')
    x = Input((4, 5))
    layer = CuDNNLSTM(3, return_sequences=True, return_state=True,
                      go_backwards=go_backwards)
    outputs = layer(x)
    weights = randomize(layer)
    sequence, h, c = predict(x, outputs, data)
    zeros = np.zeros((3, 3), 'float32')
    expected, expected_h, expected_c = np_cudnn_lstm(
        data, *weights, h=zeros, c=zeros, go_backwards=go_backwards)
    np.testing.assert_allclose(sequence, expected, **TOLERANCE)
    np.testing.assert_allclose(h, expected_h, **TOLERANCE)
    np.testing.assert_allclose(c, expected_c, **TOLERANCE)


def test_last_output_without_return_sequences():
    data = np.random.randn(2, 3, 4).astype('float32')
    x = Input((3, 4))
    gru, lstm = CuDNNGRU(2), CuDNNLSTM(2)
    y_gru, y_lstm = gru(x), lstm(x)
    assert K.int_shape(y_gru) == (None, 2)
    gru_weights, lstm_weights = randomize(gru), randomize(lstm)
    out_gru, out_lstm = predict(x, [y_gru, y_lstm], data)
    zeros = np.zeros((2, 2), 'float32')
    np.testing.assert_allclose(
        out_gru, np_cudnn_gru(data, *gru_weights, h=zeros)[1], **TOLERANCE)
    np.testing.assert_allclose(
        out_lstm, np_cudnn_lstm(data, *lstm_weights, h=zeros, c=zeros)[1],
        **TOLERANCE)


def test_gru_equals_gru_reset_after_with_the_acting_kernels():
    data = np.random.randn(2, 4, 3).astype('float32')
    x = Input((4, 3))
    cudnn = CuDNNGRU(5, return_sequences=True)
    plain = GRU(5, reset_after=True, recurrent_activation='sigmoid',
                return_sequences=True)
    y_cudnn, y_plain = cudnn(x), plain(x)
    kernel, recurrent_kernel, bias = randomize(cudnn)
    plain.set_weights(list(plain_kernels(kernel, recurrent_kernel, 3)) +
                      [bias.reshape((2, 15))])
    out_cudnn, out_plain = predict(x, [y_cudnn, y_plain], data)
    np.testing.assert_allclose(out_cudnn, out_plain, **TOLERANCE)


def test_lstm_equals_lstm_with_the_acting_kernels_and_summed_bias():
    data = np.random.randn(2, 4, 3).astype('float32')
    x = Input((4, 3))
    cudnn = CuDNNLSTM(5, return_sequences=True)
    plain = LSTM(5, recurrent_activation='sigmoid', return_sequences=True)
    y_cudnn, y_plain = cudnn(x), plain(x)
    kernel, recurrent_kernel, bias = randomize(cudnn)
    plain.set_weights(list(plain_kernels(kernel, recurrent_kernel, 4)) +
                      [bias[:20] + bias[20:]])
    out_cudnn, out_plain = predict(x, [y_cudnn, y_plain], data)
    np.testing.assert_allclose(out_cudnn, out_plain, **TOLERANCE)


# ---------------------------------------------------------------------------
# States.

def test_initial_state_as_keras_tensors():
    data = np.random.randn(2, 3, 4).astype('float32')
    h0 = np.random.randn(2, 3).astype('float32')
    c0 = np.random.randn(2, 3).astype('float32')
    x, h_in, c_in = Input((3, 4)), Input((3,)), Input((3,))
    gru, lstm = CuDNNGRU(3), CuDNNLSTM(3)
    y_gru = gru(x, initial_state=h_in)
    y_lstm = lstm([x, h_in, c_in])
    gru_weights, lstm_weights = randomize(gru), randomize(lstm)
    model = Model([x, h_in, c_in], [y_gru, y_lstm])
    out_gru, out_lstm = model.predict([data, h0, c0])
    np.testing.assert_allclose(
        out_gru, np_cudnn_gru(data, *gru_weights, h=h0)[1], **TOLERANCE)
    np.testing.assert_allclose(
        out_lstm, np_cudnn_lstm(data, *lstm_weights, h=h0, c=c0)[1],
        **TOLERANCE)
    # The config round trip keeps the states as node inputs.
    clone = Model.from_config(model.get_config(),
                              custom_objects=None)
    clone.set_weights(model.get_weights())
    for a, b in zip(clone.predict([data, h0, c0]), [out_gru, out_lstm]):
        np.testing.assert_allclose(a, b, **TOLERANCE)


def test_initial_state_of_the_wrong_count():
    x = Input((3, 4))
    with pytest.raises(ValueError, match='initial_state'):
        CuDNNLSTM(2)(x, initial_state=[K.zeros((2, 2))])


def test_return_state_shapes():
    x = Input((3, 4))
    outputs = CuDNNLSTM(2, return_state=True)(x)
    assert [K.int_shape(t) for t in outputs] == [(None, 2)] * 3
    outputs = CuDNNGRU(2, return_state=True, return_sequences=True)(x)
    assert [K.int_shape(t) for t in outputs] == [(None, 3, 2), (None, 2)]
    assert CuDNNGRU(2, return_state=True).compute_output_shape(
        (None, 3, 4)) == [(None, 2), (None, 2)]


@pytest.mark.parametrize('cls', [CuDNNGRU, CuDNNLSTM])
def test_stateful_layer_carries_states_between_batches(cls):
    data = np.random.randn(2, 3, 4).astype('float32')
    layer = cls(3, stateful=True, batch_input_shape=(2, 3, 4))
    model = Sequential([layer])
    weights = randomize(layer)
    first = model.predict(data, batch_size=2)
    second = model.predict(data, batch_size=2)
    twice = np.concatenate([data, data], axis=1)
    zeros = np.zeros((2, 3), 'float32')
    if cls is CuDNNGRU:
        expected, h = np_cudnn_gru(twice, *weights, h=zeros)
        finals = [h]
    else:
        expected, h, c = np_cudnn_lstm(twice, *weights, h=zeros, c=zeros)
        finals = [h, c]
    np.testing.assert_allclose(first, expected[:, 2], **TOLERANCE)
    np.testing.assert_allclose(second, expected[:, -1], **TOLERANCE)
    for state, final in zip(layer.states, finals):
        np.testing.assert_allclose(K.get_value(state), final, **TOLERANCE)

    model.reset_states()
    for state in layer.states:
        np.testing.assert_array_equal(K.get_value(state), 0.)
    np.testing.assert_allclose(model.predict(data, batch_size=2), first,
                               **TOLERANCE)

    starts = [np.random.randn(2, 3).astype('float32') for _ in finals]
    layer.reset_states(starts)
    if cls is CuDNNGRU:
        expected = np_cudnn_gru(data, *weights, h=starts[0])[1]
    else:
        expected = np_cudnn_lstm(data, *weights, h=starts[0],
                                 c=starts[1])[1]
    np.testing.assert_allclose(model.predict(data, batch_size=2), expected,
                               **TOLERANCE)


def test_reset_states_errors():
    with pytest.raises(AttributeError, match='must be stateful'):
        CuDNNGRU(2).reset_states()
    with pytest.raises(ValueError, match='batch size'):
        CuDNNLSTM(2, stateful=True)(Input((3, 4)))


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_stateful_training_without_shuffle():
    x_data = np.random.randn(4, 3, 2).astype('float32')
    y_data = np.random.randn(4, 1).astype('float32')
    layer = CuDNNLSTM(3, stateful=True, batch_input_shape=(2, 3, 2))
    model = Sequential([layer, Dense(1)])
    model.compile('sgd', 'mse')
    model.fit(x_data, y_data, batch_size=2, epochs=1, shuffle=False,
              verbose=0)
    assert np.any(K.get_value(layer.states[0]) != 0.)
    model.reset_states()
    np.testing.assert_array_equal(K.get_value(layer.states[1]), 0.)


# ---------------------------------------------------------------------------
# Masks.

@pytest.mark.parametrize('cls', [CuDNNGRU, CuDNNLSTM])
def test_a_mask_is_refused(cls):
    x = Input((3, 4))
    masked = Masking(0.)(x)
    with pytest.raises(ValueError, match='Masking is not supported'):
        cls(2)(masked)
    assert cls(2).supports_masking is False


# ---------------------------------------------------------------------------
# Weights and configs.

def test_weight_names_shapes_and_order():
    x = Input((5, 3))
    for layer, shapes in [(CuDNNGRU(4), [(3, 12), (4, 12), (24,)]),
                          (CuDNNLSTM(4), [(3, 16), (4, 16), (32,)])]:
        layer(x)
        assert [w.name for w in layer.weights] == [
            layer.name + '/kernel', layer.name + '/recurrent_kernel',
            layer.name + '/bias']
        assert [tuple(K.int_shape(w)) for w in layer.weights] == shapes
        assert layer.trainable_weights == layer.weights
        assert layer.non_trainable_weights == []
        assert layer.weights == [layer.kernel, layer.recurrent_kernel,
                                 layer.bias]
    assert CuDNNGRU(2).name.startswith('cu_dnngru_')
    assert CuDNNLSTM(2).name.startswith('cu_dnnlstm_')


def test_frozen_layer_has_no_trainable_weights():
    layer = CuDNNGRU(2, trainable=False)
    layer(Input((3, 4)))
    assert layer.trainable_weights == []
    assert len(layer.non_trainable_weights) == 3


def test_weight_slices_as_2_3_1():
    x = Input((2, 3))
    gru, lstm = CuDNNGRU(2), CuDNNLSTM(2)
    gru(x)
    lstm(x)
    gru_bias = np.arange(12, dtype='float32')
    gru.set_weights(gru.get_weights()[:2] + [gru_bias])
    lstm_bias = np.arange(16, dtype='float32')
    lstm.set_weights(lstm.get_weights()[:2] + [lstm_bias])
    names = ['z_i', 'r_i', 'h_i', 'z', 'r', 'h']
    for index, name in enumerate(names):
        np.testing.assert_array_equal(
            K.eval(getattr(gru, 'bias_' + name)),
            gru_bias[2 * index:2 * index + 2])
    names = ['i_i', 'f_i', 'c_i', 'o_i', 'i', 'f', 'c', 'o']
    for index, name in enumerate(names):
        np.testing.assert_array_equal(
            K.eval(getattr(lstm, 'bias_' + name)),
            lstm_bias[2 * index:2 * index + 2])
    kernel = lstm.get_weights()[0]
    np.testing.assert_allclose(K.eval(lstm.kernel_c), kernel[:, 4:6])
    recurrent = gru.get_weights()[1]
    np.testing.assert_allclose(K.eval(gru.recurrent_kernel_r),
                               recurrent[:, 2:4])


def test_initial_biases():
    x = Input((5, 3))
    lstm = CuDNNLSTM(2)
    lstm(x)
    # As 2.3.1: ones in the recurrent bias's forget slice [5u, 6u).
    np.testing.assert_array_equal(lstm.get_weights()[2],
                                  [0, 0, 0, 0, 0, 0, 0, 0,
                                   0, 0, 1, 1, 0, 0, 0, 0])
    half = CuDNNLSTM(2, bias_initializer=initializers.Constant(0.5))
    half(x)
    expected = np.full(16, 0.5)
    expected[10:12] = 1.
    np.testing.assert_array_equal(half.get_weights()[2], expected)
    plain = CuDNNLSTM(2, unit_forget_bias=False)
    plain(x)
    np.testing.assert_array_equal(plain.get_weights()[2], np.zeros(16))
    gru = CuDNNGRU(2, bias_initializer='ones')
    gru(x)
    np.testing.assert_array_equal(gru.get_weights()[2], np.ones(12))


_BASE_KEYS = {'name', 'trainable', 'dtype', 'return_sequences',
              'return_state', 'go_backwards', 'stateful', 'units',
              'kernel_initializer', 'recurrent_initializer',
              'bias_initializer', 'kernel_regularizer',
              'recurrent_regularizer', 'bias_regularizer',
              'activity_regularizer', 'kernel_constraint',
              'recurrent_constraint', 'bias_constraint'}


@pytest.mark.parametrize('cls,extra', [(CuDNNGRU, set()),
                                       (CuDNNLSTM, {'unit_forget_bias'})])
def test_config_keys_and_round_trip(cls, extra):
    layer = cls(3, kernel_regularizer='l2', recurrent_constraint='max_norm',
                return_sequences=True, go_backwards=True, name='rnn')
    config = layer.get_config()
    assert set(config) == _BASE_KEYS | extra
    assert config['units'] == 3 and config['go_backwards'] is True
    assert config['kernel_regularizer']['class_name'] == 'L1L2'
    assert config['recurrent_constraint']['class_name'] == 'MaxNorm'
    clone = round_trip(layer)
    assert clone.units == 3 and clone.return_sequences and clone.go_backwards
    assert clone.name == 'rnn'


def test_config_written_by_2_3_1_loads():
    config = {'class_name': 'CuDNNLSTM', 'config': {
        'name': 'cu_dnnlstm_7', 'trainable': True,
        'batch_input_shape': [None, 4, 3], 'dtype': 'float32',
        'return_sequences': False, 'return_state': False,
        'go_backwards': False, 'stateful': False, 'units': 6,
        'kernel_initializer': {'class_name': 'VarianceScaling', 'config': {
            'scale': 1.0, 'mode': 'fan_avg', 'distribution': 'uniform',
            'seed': None}},
        'recurrent_initializer': {'class_name': 'Orthogonal',
                                  'config': {'gain': 1.0, 'seed': None}},
        'bias_initializer': {'class_name': 'Zeros', 'config': {}},
        'unit_forget_bias': True, 'kernel_regularizer': None,
        'recurrent_regularizer': None, 'bias_regularizer': None,
        'activity_regularizer': None, 'kernel_constraint': None,
        'recurrent_constraint': None, 'bias_constraint': None}}
    layer = layers.deserialize(config)
    assert isinstance(layer, CuDNNLSTM) and layer.units == 6
    model = Sequential([layer])
    assert model.output_shape == (None, 6)
    assert layer.get_config()['batch_input_shape'] == (None, 4, 3)


def test_sequential_round_trip_with_weights():
    data = np.random.randn(2, 3, 4).astype('float32')
    model = Sequential([CuDNNGRU(3, return_sequences=True,
                                 input_shape=(3, 4)),
                        CuDNNLSTM(2)])
    for layer in model.layers:
        randomize(layer)
    clone = Sequential.from_config(model.get_config())
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(clone.predict(data), model.predict(data),
                               **TOLERANCE)


def test_regularizers_add_losses():
    layer = CuDNNLSTM(2, kernel_regularizer='l2', recurrent_regularizer='l1',
                      bias_regularizer='l2', activity_regularizer='l1')
    layer(Input((3, 2)))
    assert len(layer.losses) == 4


def test_defaults_as_2_3_1():
    lstm = CuDNNLSTM(3)
    assert lstm.unit_forget_bias is True
    assert lstm.return_sequences is False and lstm.return_state is False
    assert lstm.stateful is False and lstm.go_backwards is False
    assert lstm.kernel_initializer.__class__.__name__ == 'VarianceScaling'
    assert lstm.recurrent_initializer.__class__.__name__ == 'Orthogonal'
    assert lstm.bias_initializer.__class__.__name__ == 'Zeros'
    assert lstm.states == [None, None]
    assert CuDNNGRU(3).states == [None]


# ---------------------------------------------------------------------------
# Errors.

@pytest.mark.parametrize('cls', [CuDNNGRU, CuDNNLSTM])
def test_argument_errors(cls):
    for units in (0, -2, 2.5, 'a', None):
        with pytest.raises(ValueError, match=cls.__name__ + ': `units`'):
            cls(units)
    # Arguments of GRU/LSTM that 2.3.1's CuDNN layers did not take.
    for name, value in [('dropout', 0.1), ('recurrent_dropout', 0.1),
                        ('unroll', True), ('activation', 'relu'),
                        ('implementation', 1)]:
        with pytest.raises(TypeError):
            cls(2, **{name: value})


def test_wrong_input_rank():
    with pytest.raises(ValueError, match='ndim'):
        CuDNNGRU(2)(Input((3,)))


# ---------------------------------------------------------------------------
# Training.

@pytest.mark.backends(*TRAINING_BACKENDS)
@pytest.mark.parametrize('cls,kwargs', [
    (CuDNNGRU, {'units': 3}),
    (CuDNNGRU, {'units': 2, 'return_sequences': True,
                'go_backwards': True}),
    (CuDNNLSTM, {'units': 3}),
    (CuDNNLSTM, {'units': 2, 'return_sequences': True,
                 'unit_forget_bias': False}),
], ids=['gru', 'gru_seq_backwards', 'lstm', 'lstm_seq'])
def test_layer_test(cls, kwargs):
    layer_test(cls, kwargs=kwargs, input_shape=(2, 3, 4))


@pytest.mark.backends(*TRAINING_BACKENDS)
@pytest.mark.parametrize('cls', [CuDNNGRU, CuDNNLSTM])
def test_fit_decreases_the_loss(cls):
    np.random.seed(1)
    x_data = np.random.randn(16, 5, 3).astype('float32')
    y_data = np.tanh(x_data.sum(axis=(1, 2)))[:, None].astype('float32')
    model = Sequential([cls(6, input_shape=(5, 3)), Dense(1)])
    model.compile('adam', 'mse')
    before = model.evaluate(x_data, y_data, verbose=0)
    model.fit(x_data, y_data, batch_size=8, epochs=8, verbose=0)
    assert model.evaluate(x_data, y_data, verbose=0) < before
