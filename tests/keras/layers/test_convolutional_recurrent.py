"""ConvRNN2D, ConvLSTM2DCell and ConvLSTM2D: numbers against a NumPy
ConvLSTM written here (explicit loops over time, image positions and
kernel offsets), both data formats and paddings, strides and dilation,
go_backwards, masks, states (initial, returned, stateful), dropout,
weights, configs, Keras 1 spellings and argument errors.

On the theano backend convolutions are true convolutions (kernels flipped
along their spatial axes, as Keras 2 on Theano computed), so the reference
flips both kernels there.
"""
import numpy as np
import pytest

from keras import backend as K
from keras import layers
from keras.engine.base_layer import Layer
from keras.engine.input_layer import Input
from keras.engine.sequential import Sequential
from keras.engine.training import Model
from keras.layers import ConvLSTM2D
from keras.layers import ConvLSTM2DCell
from keras.layers import Dense
from keras.layers import Flatten
from keras.layers.convolutional_recurrent import ConvRNN2D
from keras.utils.test_utils import layer_test

TRAINING_BACKENDS = ('jax', 'tensorflow', 'torch', 'theano')
TOLERANCE = dict(rtol=1e-4, atol=1e-5)


# ---------------------------------------------------------------------------
# The NumPy reference (channels_last inside; explicit loops).

def hard_sigmoid(x):
    return np.clip(0.2 * x + 0.5, 0., 1.)


def padding_before_after(size, k, stride, dilation, padding):
    """Zeros before and after one axis of a forward convolution;
    TensorFlow's 'same' puts the odd one after, Keras 2 on Theano's (the
    theano backend) span // 2 before."""
    span = (k - 1) * dilation + 1
    if padding == 'valid':
        return 0, 0
    out = -(-size // stride)
    if K.backend() == 'theano':
        before = span // 2
        return before, max((out - 1) * stride + span - size - before, 0)
    total = max((out - 1) * stride + span - size, 0)
    return total // 2, total - total // 2


def np_conv2d(x, kernel, strides=(1, 1), padding='valid',
              dilation=(1, 1)):
    """x (batch, rows, cols, channels), kernel (kh, kw, channels, out)."""
    if K.backend() == 'theano':
        kernel = kernel[::-1, ::-1]
    kh, kw = kernel.shape[:2]
    pads = [padding_before_after(x.shape[1 + a], kernel.shape[a],
                                 strides[a], dilation[a], padding)
            for a in range(2)]
    x = np.pad(x, [(0, 0), pads[0], pads[1], (0, 0)])
    rows = (x.shape[1] - (kh - 1) * dilation[0] - 1) // strides[0] + 1
    cols = (x.shape[2] - (kw - 1) * dilation[1] - 1) // strides[1] + 1
    out = np.zeros((x.shape[0], rows, cols, kernel.shape[3]))
    for r in range(rows):
        for c in range(cols):
            for i in range(kh):
                for j in range(kw):
                    pixel = x[:, r * strides[0] + i * dilation[0],
                              c * strides[1] + j * dilation[1], :]
                    out[:, r, c, :] += pixel.dot(kernel[i, j])
    return out


def np_conv_lstm(x, kernel, recurrent_kernel, bias, strides=(1, 1),
                 padding='valid', dilation=(1, 1), data_format='channels_last',
                 states=None, go_backwards=False, mask=None):
    """(outputs of every step in loop order, [h, c]) of a ConvLSTM2D with
    tanh and hard_sigmoid. x is (batch, time, ...) in `data_format`; the
    states too."""
    first = data_format == 'channels_first'
    if first:
        x = np.moveaxis(x, 2, -1)
        if states is not None:
            states = [np.moveaxis(s, 1, -1) for s in states]
    filters = recurrent_kernel.shape[2]
    steps = list(range(x.shape[1]))
    if go_backwards:
        steps = steps[::-1]
    outputs = []
    h = c = None
    if states is not None:
        h, c = states
    previous = None
    for t in steps:
        z = np_conv2d(x[:, t], kernel, strides, padding, dilation)
        if bias is not None:
            z = z + bias
        if h is None:
            h = np.zeros(z.shape[:3] + (filters,))
            c = np.zeros_like(h)
        z = z + np_conv2d(h, recurrent_kernel, padding='same')
        gates = [z[..., g * filters:(g + 1) * filters] for g in range(4)]
        i, f, o = (hard_sigmoid(gates[g]) for g in (0, 1, 3))
        new_c = f * c + i * np.tanh(gates[2])
        new_h = o * np.tanh(new_c)
        if mask is not None:
            keep = mask[:, t][:, None, None, None]
            if previous is None:
                previous = np.zeros_like(new_h)
            new_h = np.where(keep, new_h, h)
            new_c = np.where(keep, new_c, c)
            output = np.where(keep, new_h, previous)
        else:
            output = new_h
        h, c = new_h, new_c
        outputs.append(output)
        previous = output
    outputs = np.stack(outputs, axis=1)
    if first:
        outputs = np.moveaxis(outputs, -1, 2)
        h, c = np.moveaxis(h, -1, 1), np.moveaxis(c, -1, 1)
    return outputs, [h, c]


def randomize(layer, scale=0.4):
    weights = [scale * np.random.randn(*w.shape).astype('float32')
               for w in layer.get_weights()]
    layer.set_weights(weights)
    return weights


def data(shape=(2, 3, 5, 5, 3), data_format='channels_last'):
    x = np.random.randn(*shape).astype('float32')
    if data_format == 'channels_first':
        x = np.moveaxis(x, -1, 2).copy()
    return x


def input_shape(data_format, rows=5, cols=5, channels=3, time=3):
    if data_format == 'channels_first':
        return (time, channels, rows, cols)
    return (time, rows, cols, channels)


def round_trip(layer):
    config = layers.serialize(layer)
    clone = layers.deserialize(config)
    assert clone.__class__ is layer.__class__
    assert clone.get_config() == layer.get_config()
    return clone


# ---------------------------------------------------------------------------
# Numbers.

CASES = [
    ('channels_last', {'padding': 'valid'}),
    ('channels_last', {'padding': 'same', 'strides': 2}),
    ('channels_last', {'padding': 'valid', 'dilation_rate': 2}),
    ('channels_first', {'padding': 'valid', 'strides': (2, 1)}),
    ('channels_first', {'padding': 'same', 'kernel_size': (2, 3)}),
]


@pytest.mark.parametrize('data_format,kwargs', CASES,
                         ids=['last_valid', 'last_same_strided',
                              'last_dilated', 'first_valid_strided',
                              'first_same_even'])
def test_matches_numpy(data_format, kwargs):
    kwargs = dict(kwargs)
    kernel_size = kwargs.pop('kernel_size', 3)
    x_data = data(data_format=data_format)
    x = Input(input_shape(data_format))
    layer = ConvLSTM2D(2, kernel_size, data_format=data_format,
                       return_sequences=True, return_state=True, **kwargs)
    outputs = layer(x)
    kernel, recurrent_kernel, bias = randomize(layer)
    sequence, h, c = Model(x, outputs).predict(x_data)
    strides = layer.strides
    expected, (h_ref, c_ref) = np_conv_lstm(
        x_data, kernel, recurrent_kernel, bias, strides=strides,
        padding=layer.padding, dilation=layer.dilation_rate,
        data_format=data_format)
    assert sequence.shape == expected.shape
    assert sequence.shape == layer.compute_output_shape(x_data.shape)[0]
    np.testing.assert_allclose(sequence, expected, **TOLERANCE)
    np.testing.assert_allclose(h, h_ref, **TOLERANCE)
    np.testing.assert_allclose(c, c_ref, **TOLERANCE)


def test_last_output_go_backwards_and_no_bias():
    x_data = data()
    x = Input(input_shape('channels_last'))
    layer = ConvLSTM2D(2, 3, padding='same', go_backwards=True,
                       use_bias=False)
    y = layer(x)
    kernel, recurrent_kernel = randomize(layer)
    expected, _ = np_conv_lstm(x_data, kernel, recurrent_kernel, None,
                               padding='same', go_backwards=True)
    np.testing.assert_allclose(Model(x, y).predict(x_data), expected[:, -1],
                               **TOLERANCE)


def test_unknown_image_size():
    x_data = data()
    x = Input((None, None, None, 3))
    layer = ConvLSTM2D(2, 3, strides=2, return_sequences=True)
    y = layer(x)
    assert K.int_shape(y) == (None, None, None, None, 2)
    assert layer.compute_output_shape((None, None, None, None, 3)) == (
        None, None, None, None, 2)
    weights = randomize(layer)
    expected, _ = np_conv_lstm(x_data, *weights, strides=(2, 2))
    np.testing.assert_allclose(Model(x, y).predict(x_data), expected,
                               **TOLERANCE)


class TimeMask(Layer):
    """Masks the steps whose images are all zeros."""

    def __init__(self, **kwargs):
        super(TimeMask, self).__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs):
        return inputs

    def compute_mask(self, inputs, mask=None):
        return K.any(K.not_equal(inputs, 0.), axis=(2, 3, 4))


def test_masked_steps_carry_output_and_states():
    x_data = data()
    x_data[0, 1] = 0.
    x_data[1, 2] = 0.
    x_data[1, 0] = 0.
    mask = np.any(x_data != 0, axis=(2, 3, 4))
    x = Input(input_shape('channels_last'))
    layer = ConvLSTM2D(2, 3, return_sequences=True, return_state=True)
    outputs = layer(TimeMask()(x))
    assert layer.compute_mask(x, K.constant(mask))[0] is not None
    weights = randomize(layer)
    sequence, h, c = Model(x, outputs).predict(x_data)
    expected, (h_ref, c_ref) = np_conv_lstm(x_data, *weights, mask=mask)
    np.testing.assert_allclose(sequence, expected, **TOLERANCE)
    np.testing.assert_allclose(h, h_ref, **TOLERANCE)
    np.testing.assert_allclose(c, c_ref, **TOLERANCE)
    np.testing.assert_array_equal(sequence[1, 0], 0.)


def test_output_masks():
    x = Input(input_shape('channels_last'))
    masked = TimeMask()(x)
    sequence = ConvLSTM2D(2, 3, return_sequences=True)
    sequence(masked)
    assert sequence.output_mask is not None
    last = ConvLSTM2D(2, 3)
    last(masked)
    assert last.output_mask is None
    with_states = ConvLSTM2D(2, 3, return_sequences=True, return_state=True)
    outputs = with_states(masked)
    assert len(outputs) == 3
    assert K.int_shape(outputs[0]) == (None, 3, 3, 3, 2)
    assert K.int_shape(outputs[1]) == K.int_shape(outputs[2]) == (
        None, 3, 3, 2)
    masks = with_states.output_mask
    assert masks[0] is not None and masks[1:] == [None, None]


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
def test_initial_state_as_keras_tensors(data_format):
    x_data = data(data_format=data_format)
    state_shape = (3, 3, 2) if data_format == 'channels_last' else (2, 3, 3)
    h0_data = np.random.randn(2, *state_shape).astype('float32')
    c0_data = np.random.randn(2, *state_shape).astype('float32')
    x = Input(input_shape(data_format))
    h0, c0 = Input(state_shape), Input(state_shape)
    layer = ConvLSTM2D(2, 3, data_format=data_format)
    y = layer(x, initial_state=[h0, c0])
    weights = randomize(layer)
    model = Model([x, h0, c0], y)
    expected, _ = np_conv_lstm(x_data, *weights, data_format=data_format,
                               states=[h0_data, c0_data])
    np.testing.assert_allclose(model.predict([x_data, h0_data, c0_data]),
                               expected[:, -1], **TOLERANCE)
    # The list form, and a clone from the config.
    y2 = layer([x, h0, c0])
    clone = Model.from_config(Model([x, h0, c0], y2).get_config(),
                              custom_objects={})
    clone.set_weights(weights)
    np.testing.assert_allclose(clone.predict([x_data, h0_data, c0_data]),
                               expected[:, -1], **TOLERANCE)


def test_initial_state_errors():
    x = Input(input_shape('channels_last'))
    with pytest.raises(ValueError, match='state_size'):
        ConvLSTM2D(2, 3)(x, initial_state=[Input((3, 3, 4)),
                                           Input((3, 3, 4))])
    with pytest.raises(ValueError, match='state_size'):
        ConvLSTM2D(2, 3)(x, initial_state=[K.zeros((2, 3, 3, 2))])
    built = ConvLSTM2D(2, 3)
    built(x)
    with pytest.raises(ValueError, match='2 states but was passed 1'):
        built(x, initial_state=[K.zeros((2, 3, 3, 2))])


def test_conv_rnn2d_over_the_cell_matches_conv_lstm2d():
    x_data = data(data_format='channels_first')
    x = Input(input_shape('channels_first'))
    layer = ConvRNN2D(ConvLSTM2DCell(2, 3, padding='same',
                                     data_format='channels_first'),
                      return_sequences=True)
    y = layer(x)
    weights = randomize(layer)
    expected, _ = np_conv_lstm(x_data, *weights, padding='same',
                               data_format='channels_first')
    np.testing.assert_allclose(Model(x, y).predict(x_data), expected,
                               **TOLERANCE)
    clone = round_trip(layer)
    assert clone.cell.__class__ is ConvLSTM2DCell
    assert clone.cell.data_format == 'channels_first'


def test_constants_need_a_cell_that_takes_them():
    x = Input(input_shape('channels_last'))
    with pytest.raises(ValueError, match='does not support constants'):
        ConvRNN2D(ConvLSTM2DCell(2, 3))(x, constants=Input((4,)))


# ---------------------------------------------------------------------------
# Stateful layers.

def test_stateful_layer_carries_states_between_batches():
    x_data = data()
    layer = ConvLSTM2D(2, 3, stateful=True, batch_input_shape=(2, 3, 5, 5,
                                                                3))
    model = Sequential([layer])
    weights = randomize(layer)
    assert [K.int_shape(s) for s in layer.states] == [(2, 3, 3, 2)] * 2
    first = model.predict(x_data, batch_size=2)
    second = model.predict(x_data, batch_size=2)
    twice = np.concatenate([x_data, x_data], axis=1)
    expected, (h, c) = np_conv_lstm(twice, *weights)
    np.testing.assert_allclose(first, expected[:, 2], **TOLERANCE)
    np.testing.assert_allclose(second, expected[:, -1], **TOLERANCE)
    np.testing.assert_allclose(K.get_value(layer.states[0]), h, **TOLERANCE)
    np.testing.assert_allclose(K.get_value(layer.states[1]), c, **TOLERANCE)

    model.reset_states()
    np.testing.assert_array_equal(K.get_value(layer.states[0]), 0.)
    np.testing.assert_allclose(model.predict(x_data, batch_size=2), first,
                               **TOLERANCE)
    h0 = np.random.randn(2, 3, 3, 2).astype('float32')
    c0 = np.random.randn(2, 3, 3, 2).astype('float32')
    layer.reset_states([h0, c0])
    expected, _ = np_conv_lstm(x_data, *weights, states=[h0, c0])
    np.testing.assert_allclose(model.predict(x_data, batch_size=2),
                               expected[:, -1], **TOLERANCE)


def test_stateful_channels_first_state_shapes():
    layer = ConvLSTM2D(2, 3, padding='same', strides=2, stateful=True,
                       data_format='channels_first')
    layer(Input(batch_shape=(2, 3, 3, 5, 5)))
    assert [K.int_shape(s) for s in layer.states] == [(2, 2, 3, 3)] * 2


def test_reset_states_errors():
    with pytest.raises(AttributeError, match='must be stateful'):
        ConvLSTM2D(2, 3).reset_states()
    with pytest.raises(ValueError, match='batch size'):
        ConvLSTM2D(2, 3, stateful=True)(Input(input_shape('channels_last')))
    with pytest.raises(ValueError, match='complete input_shape'):
        ConvLSTM2D(2, 3, stateful=True)(
            Input(batch_shape=(2, 3, None, None, 3)))
    layer = ConvLSTM2D(2, 3, stateful=True,
                       batch_input_shape=(2, 3, 5, 5, 3))
    Sequential([layer])
    with pytest.raises(ValueError, match=r'expected shape=\(2, 3, 3, 2\), '
                                         r'found shape=\(2, 2\)'):
        layer.reset_states([np.zeros((2, 2)), np.zeros((2, 2))])
    with pytest.raises(ValueError, match='expects 2 states, but it received '
                                         '1'):
        layer.reset_states(np.zeros((2, 3, 3, 2)))
    layer.reset_states([np.ones((2, 3, 3, 2)), np.ones((2, 3, 3, 2))])
    np.testing.assert_array_equal(K.get_value(layer.states[1]), 1.)


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_stateful_training_with_reset_states():
    x_data = data((4, 3, 5, 5, 3))
    y_data = np.random.randn(4, 1).astype('float32')
    layer = ConvLSTM2D(2, 3, stateful=True,
                       batch_input_shape=(2, 3, 5, 5, 3))
    model = Sequential([layer, Flatten(), Dense(1)])
    model.compile('sgd', 'mse')
    model.fit(x_data, y_data, batch_size=2, epochs=1, shuffle=False,
              verbose=0)
    assert np.any(K.get_value(layer.states[0]) != 0.)
    model.reset_states()
    np.testing.assert_array_equal(K.get_value(layer.states[0]), 0.)
    np.testing.assert_array_equal(K.get_value(layer.states[1]), 0.)
    model.train_on_batch(x_data[:2], y_data[:2])
    assert np.any(K.get_value(layer.states[1]) != 0.)


# ---------------------------------------------------------------------------
# Dropout.

def test_dropout_only_in_the_training_phase():
    x_data = data()
    x = Input(input_shape('channels_last'))
    layer = ConvLSTM2D(2, 3, dropout=0.5, recurrent_dropout=0.5,
                       return_sequences=True)
    y = layer(x)
    weights = randomize(layer)
    function = K.function([x, K.learning_phase()], [y])
    inference = function([x_data, 0])[0]
    expected, _ = np_conv_lstm(x_data, *weights)
    np.testing.assert_allclose(inference, expected, **TOLERANCE)
    training = function([x_data, 1])[0]
    assert training.shape == inference.shape
    assert np.all(np.isfinite(training))
    assert not np.allclose(training, inference)


def linear_candidate_layer(**kwargs):
    """A ConvLSTM2D with 1x1 kernels, 4 filters over 4 channels, linear
    activations and weights making i = o = 1, f = 0 and
    h_t = c_t = x_t + h_{t-1}: each pixel channel a unit of its own."""
    x = Input((4, 2, 2, 4))
    layer = ConvLSTM2D(4, 1, activation='linear',
                       recurrent_activation='linear', return_sequences=True,
                       **kwargs)
    y = layer(x)
    candidate = np.zeros((1, 1, 4, 16), 'float32')
    candidate[0, 0, :, 8:12] = np.eye(4)
    bias = np.concatenate([np.ones(4), np.zeros(8), np.ones(4)])
    layer.set_weights([candidate, candidate, bias.astype('float32')])
    return K.function([x, K.learning_phase()], [y])


def test_input_dropout_mask_is_the_same_at_every_step():
    # h_t = x_t * mask + h_{t-1} with x = 1 everywhere: a kept unit is
    # 2 (t + 1), a dropped one 0 at every step, only if the same mask
    # serves every step.
    function = linear_candidate_layer(dropout=0.5)
    output = function([np.ones((3, 4, 2, 2, 4), 'float32'), 1])[0]
    kept = output[:, 0] == 2.
    assert set(np.unique(output[:, 0])) <= {0., 2.}
    assert kept.any() and not kept.all()
    for t in range(4):
        np.testing.assert_array_equal(output[:, t],
                                      np.where(kept, 2. * (t + 1), 0.))
    inference = function([np.ones((3, 4, 2, 2, 4), 'float32'), 0])[0]
    np.testing.assert_array_equal(inference[:, -1], 4.)


def test_recurrent_dropout_mask_is_the_same_at_every_step():
    # h_t = x_t + h_{t-1} * mask with one input at t=0: a kept unit
    # doubles at each step, a dropped one is 0 from t=1 on.
    function = linear_candidate_layer(recurrent_dropout=0.5)
    data = np.zeros((3, 4, 2, 2, 4), 'float32')
    data[:, 0] = 1.
    output = function([data, 1])[0]
    np.testing.assert_array_equal(output[:, 0], 1.)
    kept = output[:, 1] == 2.
    assert kept.any() and not kept.all()
    for t in range(1, 4):
        np.testing.assert_array_equal(output[:, t],
                                      np.where(kept, 2. ** t, 0.))


# ---------------------------------------------------------------------------
# Weights and configs.

def test_weight_names_shapes_and_order():
    for data_format, shape in [('channels_last', (3, 5, 5, 3)),
                               ('channels_first', (3, 3, 5, 5))]:
        layer = ConvLSTM2D(4, (2, 3), data_format=data_format)
        layer(Input(shape))
        assert [w.name for w in layer.weights] == [
            layer.name + '/kernel', layer.name + '/recurrent_kernel',
            layer.name + '/bias']
        assert [tuple(K.int_shape(w)) for w in layer.weights] == [
            (2, 3, 3, 16), (2, 3, 4, 16), (16,)]
        assert layer.trainable_weights == layer.weights
        assert layer.cell.kernel_shape == (2, 3, 3, 16)
    no_bias = ConvLSTM2D(2, 3, use_bias=False)
    no_bias(Input((3, 5, 5, 3)))
    assert len(no_bias.weights) == 2 and no_bias.cell.bias is None
    assert no_bias.cell.bias_i is None


def test_initial_biases_and_gate_slices():
    layer = ConvLSTM2D(2, 3)
    layer(Input((3, 5, 5, 3)))
    np.testing.assert_array_equal(layer.get_weights()[2],
                                  [0, 0, 1, 1, 0, 0, 0, 0])
    kernel, recurrent_kernel, bias = randomize(layer)
    cell = layer.cell
    for g, name in enumerate('ifco'):
        part = slice(2 * g, 2 * g + 2)
        np.testing.assert_allclose(K.eval(getattr(cell, 'kernel_' + name)),
                                   kernel[..., part])
        np.testing.assert_allclose(
            K.eval(getattr(cell, 'recurrent_kernel_' + name)),
            recurrent_kernel[..., part])
        np.testing.assert_allclose(K.eval(getattr(cell, 'bias_' + name)),
                                   bias[part])
    # Both kernels change convention between theano and the others.
    from keras.utils.layer_utils import convert_all_kernels_in_model
    convert_all_kernels_in_model(Sequential([layer]))
    converted = layer.get_weights()
    np.testing.assert_allclose(converted[0], kernel[::-1, ::-1])
    np.testing.assert_allclose(converted[1], recurrent_kernel[::-1, ::-1])
    np.testing.assert_allclose(converted[2], bias)
    plain = ConvLSTM2D(2, 3, unit_forget_bias=False, bias_initializer='ones')
    plain(Input((3, 5, 5, 3)))
    np.testing.assert_array_equal(plain.get_weights()[2], np.ones(8))


_RNN_KEYS = {'name', 'trainable', 'dtype', 'return_sequences',
             'return_state', 'go_backwards', 'stateful', 'unroll'}
_CELL_KEYS = {'filters', 'kernel_size', 'strides', 'padding', 'data_format',
              'dilation_rate', 'activation', 'recurrent_activation',
              'use_bias', 'kernel_initializer', 'recurrent_initializer',
              'bias_initializer', 'unit_forget_bias', 'kernel_regularizer',
              'recurrent_regularizer', 'bias_regularizer',
              'kernel_constraint', 'recurrent_constraint',
              'bias_constraint', 'dropout', 'recurrent_dropout'}


def test_config_keys_and_round_trip():
    layer = ConvLSTM2D(3, (2, 3), strides=(1, 2), padding='same',
                       data_format='channels_first', dropout=0.25,
                       kernel_regularizer='l2', return_sequences=True,
                       return_state=True)
    config = layer.get_config()
    assert set(config) == _RNN_KEYS | _CELL_KEYS | {'activity_regularizer'}
    assert config['filters'] == 3 and config['kernel_size'] == (2, 3)
    assert config['strides'] == (1, 2) and config['dilation_rate'] == (1, 1)
    assert config['return_state'] is True and config['unroll'] is False
    assert config['recurrent_activation'] == 'hard_sigmoid'
    clone = round_trip(layer)
    assert clone.return_state and clone.return_sequences
    assert clone.data_format == 'channels_first'

    cell = ConvLSTM2DCell(2, 3, recurrent_dropout=0.5)
    assert set(cell.get_config()) == {'name', 'trainable',
                                      'dtype'} | _CELL_KEYS
    round_trip(cell)

    rnn = ConvRNN2D(ConvLSTM2DCell(2, 3), go_backwards=True)
    rnn_config = rnn.get_config()
    assert set(rnn_config) == _RNN_KEYS | {'cell'}
    assert rnn_config['cell']['class_name'] == 'ConvLSTM2DCell'
    assert round_trip(rnn).go_backwards


def test_defaults_and_properties_as_2_3_1():
    layer = ConvLSTM2D(3, 2)
    assert layer.kernel_size == (2, 2) and layer.strides == (1, 1)
    assert layer.padding == 'valid'
    assert layer.data_format == K.image_data_format()
    assert layer.dilation_rate == (1, 1)
    assert layer.activation.__name__ == 'tanh'
    assert layer.recurrent_activation.__name__ == 'hard_sigmoid'
    assert layer.use_bias and layer.unit_forget_bias
    assert layer.kernel_initializer.__class__.__name__ == 'VarianceScaling'
    assert layer.recurrent_initializer.__class__.__name__ == 'Orthogonal'
    assert layer.dropout == 0. and layer.recurrent_dropout == 0.
    assert not layer.return_sequences and not layer.return_state
    assert not layer.go_backwards and not layer.stateful
    assert layer.cell.state_size == (3, 3)
    assert layer.states == [None, None]
    assert layer.supports_masking
    assert layer.input_spec[0].ndim == 5


def test_regularizers_add_losses():
    layer = ConvLSTM2D(2, 3, kernel_regularizer='l2',
                       recurrent_regularizer='l1', bias_regularizer='l2',
                       activity_regularizer='l1')
    layer(Input((3, 5, 5, 3)))
    assert len(layer.losses) == 4


def test_import_paths():
    from keras.layers.convolutional_recurrent import ConvLSTM2D as A
    from keras.layers.convolutional_recurrent import ConvLSTM2DCell as B
    assert A is ConvLSTM2D and B is ConvLSTM2DCell
    assert layers.deserialize({'class_name': 'ConvLSTM2D', 'config': {
        'filters': 2, 'kernel_size': 3}}).filters == 2


@pytest.mark.parametrize('kwargs', [
    {'filters': 2, 'kernel_size': 3},
    {'filters': 2, 'kernel_size': (3, 2), 'padding': 'same', 'strides': 2,
     'return_sequences': True},
    {'filters': 2, 'kernel_size': 3, 'data_format': 'channels_first',
     'go_backwards': True, 'dropout': 0.2},
], ids=['plain', 'same_strided_sequences', 'first_backwards_dropout'])
def test_layer_test(kwargs):
    shape = input_shape(kwargs.get('data_format', 'channels_last'))
    layer_test(ConvLSTM2D, kwargs=kwargs, input_shape=(2,) + shape)


# ---------------------------------------------------------------------------
# Keras 1 spellings.

def test_keras1_spelling():
    with pytest.warns(UserWarning) as record:
        layer = ConvLSTM2D(nb_filter=2, nb_row=3, nb_col=2,
                           border_mode='same', dim_ordering='th',
                           inner_activation='sigmoid',
                           forget_bias_init='one', dropout_W=0.1,
                           dropout_U=0.2, subsample=(2, 1))
    assert any('Update your `ConvLSTM2D` call to the Keras 2 API' in
               str(w.message) for w in record)
    assert layer.filters == 2 and layer.kernel_size == (3, 2)
    assert layer.padding == 'same' and layer.strides == (2, 1)
    assert layer.data_format == 'channels_first'
    assert layer.recurrent_activation.__name__ == 'sigmoid'
    assert layer.unit_forget_bias is True
    assert layer.dropout == 0.1 and layer.recurrent_dropout == 0.2


# ---------------------------------------------------------------------------
# Argument errors.

@pytest.mark.parametrize('cls', [ConvLSTM2D, ConvLSTM2DCell])
def test_argument_errors(cls):
    for filters in (0, -2, 2.5, 'a'):
        with pytest.raises(ValueError, match='`filters`'):
            cls(filters, 3)
    for kernel_size in (0, (3,), (3, 0), 'a'):
        with pytest.raises(ValueError, match='`kernel_size`'):
            cls(2, kernel_size)
    with pytest.raises(ValueError, match='`strides`'):
        cls(2, 3, strides=(1, 0))
    with pytest.raises(ValueError, match='`dilation_rate`'):
        cls(2, 3, dilation_rate=-1)
    with pytest.raises(ValueError, match='`padding`'):
        cls(2, 3, padding='causal')
    with pytest.raises(ValueError, match='data_format'):
        cls(2, 3, data_format='channels_middle')
    with pytest.raises(ValueError, match='dilation_rate'):
        cls(2, 3, strides=2, dilation_rate=2)
    for rate in (1.5, -0.1, 'x'):
        with pytest.raises(ValueError, match='`dropout`'):
            cls(2, 3, dropout=rate)
        with pytest.raises(ValueError, match='`recurrent_dropout`'):
            cls(2, 3, recurrent_dropout=rate)


def test_conv_rnn2d_refuses_unroll_and_stacking():
    with pytest.raises(TypeError, match="Unrolling isn't possible|unrolling "
                                        "isn't possible"):
        ConvRNN2D(ConvLSTM2DCell(2, 3), unroll=True)
    with pytest.raises(TypeError, match='stack convolutional cells'):
        ConvRNN2D([ConvLSTM2DCell(2, 3), ConvLSTM2DCell(2, 3)])
    with pytest.raises(TypeError, match='unroll'):
        ConvLSTM2D(2, 3, unroll=True)


def test_input_errors():
    with pytest.raises(ValueError, match='ndim'):
        ConvLSTM2D(2, 3)(Input((3, 5, 5)))
    with pytest.raises(ValueError, match='channel dimension'):
        ConvLSTM2D(2, 3)(Input((3, 5, 5, None)))


# ---------------------------------------------------------------------------
# Training.

@pytest.mark.backends(*TRAINING_BACKENDS)
def test_fit_decreases_the_loss():
    np.random.seed(1)
    x_data = data((4, 3, 5, 5, 1))
    y_data = np.tanh(x_data.sum(axis=(1, 4)))[:, 1:-1, 1:-1, None]
    model = Sequential([ConvLSTM2D(2, 3, input_shape=(3, 5, 5, 1)),
                        Dense(1)])
    model.compile('adam', 'mse')
    history = model.fit(x_data, y_data.astype('float32'), batch_size=2,
                        epochs=6, verbose=0)
    assert history.history['loss'][-1] < history.history['loss'][0]


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_trains_with_recurrent_dropout():
    # (The per-gate masked recurrent convolutions make the biggest graph:
    # slow to compile on theano, so one small model.)
    x_data = data((2, 3, 5, 5, 3))
    y_data = np.random.randn(2, 3, 3, 2).astype('float32')
    layer = ConvLSTM2D(2, 3, recurrent_dropout=0.3, input_shape=(3, 5, 5, 3))
    model = Sequential([layer])
    model.compile('sgd', 'mse')
    before = [w.copy() for w in model.get_weights()]
    loss = model.train_on_batch(x_data, y_data)
    assert np.isfinite(loss)
    assert all(np.any(a != b) for a, b in zip(before, model.get_weights()))
