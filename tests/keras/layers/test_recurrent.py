"""Recurrent layers: numbers against NumPy cells written here with explicit
loops over time, masking, go_backwards, states (initial, returned,
stateful), constants, dropout, stacked cells, configs, weights, Keras 1
spellings and argument errors."""
import warnings

import numpy as np
import pytest

from keras import backend as K
from keras import layers
from keras.engine.base_layer import Layer
from keras.engine.input_layer import Input
from keras.engine.sequential import Sequential
from keras.engine.training import Model
from keras.layers import GRU
from keras.layers import GRUCell
from keras.layers import LSTM
from keras.layers import LSTMCell
from keras.layers import RNN
from keras.layers import Dense
from keras.layers import Masking
from keras.layers import SimpleRNN
from keras.layers import SimpleRNNCell
from keras.layers import StackedRNNCells
from keras.utils.test_utils import layer_test

TRAINING_BACKENDS = ('jax', 'tensorflow', 'torch', 'theano')
TOLERANCE = dict(rtol=1e-5, atol=1e-5)


# ---------------------------------------------------------------------------
# The NumPy reference: cells and the loop over time, written out.

def sigmoid(x):
    return 1. / (1. + np.exp(-x))


def np_simple_step(kernel, recurrent_kernel, bias):
    def step(x, states):
        h = np.tanh(x.dot(kernel) + states[0].dot(recurrent_kernel) + bias)
        return h, [h]
    return step


def np_gru_step(kernel, recurrent_kernel, bias, reset_after):
    units = recurrent_kernel.shape[0]
    if reset_after:
        input_bias, recurrent_bias = bias[0], bias[1]
    else:
        input_bias, recurrent_bias = bias, np.zeros_like(bias)

    def part(matrix, gate):
        return matrix[..., gate * units:(gate + 1) * units]

    def step(x, states):
        h = states[0]
        x_z = x.dot(part(kernel, 0)) + part(input_bias, 0)
        x_r = x.dot(part(kernel, 1)) + part(input_bias, 1)
        x_h = x.dot(part(kernel, 2)) + part(input_bias, 2)
        z = sigmoid(x_z + h.dot(part(recurrent_kernel, 0)) +
                    part(recurrent_bias, 0))
        r = sigmoid(x_r + h.dot(part(recurrent_kernel, 1)) +
                    part(recurrent_bias, 1))
        if reset_after:
            candidate = np.tanh(x_h + r * (h.dot(part(recurrent_kernel, 2)) +
                                           part(recurrent_bias, 2)))
        else:
            candidate = np.tanh(x_h + (r * h).dot(part(recurrent_kernel, 2)))
        h = z * h + (1. - z) * candidate
        return h, [h]
    return step


def np_lstm_step(kernel, recurrent_kernel, bias):
    units = recurrent_kernel.shape[0]

    def step(x, states):
        h, c = states
        z = x.dot(kernel) + h.dot(recurrent_kernel) + bias
        i = sigmoid(z[:, :units])
        f = sigmoid(z[:, units:2 * units])
        candidate = np.tanh(z[:, 2 * units:3 * units])
        o = sigmoid(z[:, 3 * units:])
        c = f * c + i * candidate
        h = o * np.tanh(c)
        return h, [h, c]
    return step


def np_rnn(step, x, states, mask=None, go_backwards=False):
    """(outputs of every step in loop order, final states). A masked step
    repeats the previous output (zeros before the first) and keeps the
    states."""
    steps = range(x.shape[1])
    if go_backwards:
        steps = reversed(steps)
    outputs = []
    previous = None
    for t in steps:
        output, new_states = step(x[:, t], states)
        if mask is not None:
            keep = mask[:, t][:, None]
            if previous is None:
                previous = np.zeros_like(output)
            output = np.where(keep, output, previous)
            new_states = [np.where(keep, new, old)
                          for new, old in zip(new_states, states)]
        outputs.append(output)
        states = new_states
        previous = output
    return np.stack(outputs, axis=1), states


def zeros_states(batch, sizes):
    return [np.zeros((batch, size), 'float32') for size in sizes]


def randomize(layer, scale=0.5):
    """Random weights (biases included), so every term counts."""
    weights = [scale * np.random.randn(*w.shape).astype('float32')
               for w in layer.get_weights()]
    layer.set_weights(weights)
    return weights


def reference_step(layer):
    weights = layer.get_weights()
    if isinstance(layer, SimpleRNN):
        return np_simple_step(*weights)
    if isinstance(layer, GRU):
        return np_gru_step(*weights, reset_after=layer.reset_after)
    return np_lstm_step(*weights)


def state_count(layer):
    return 2 if isinstance(layer, LSTM) else 1


def predict(inputs, outputs, data):
    return Model(inputs, outputs).predict(data)


def round_trip(layer, custom_objects=None):
    config = layers.serialize(layer)
    clone = layers.deserialize(config, custom_objects=custom_objects)
    assert clone.__class__ is layer.__class__
    assert clone.get_config() == layer.get_config()
    return clone


LAYERS = [
    (SimpleRNN, {}),
    (GRU, {'implementation': 1}),
    (GRU, {'implementation': 2}),
    (GRU, {'reset_after': True, 'implementation': 1}),
    (GRU, {'reset_after': True, 'implementation': 2}),
    (LSTM, {'implementation': 1}),
    (LSTM, {'implementation': 2}),
]
LAYER_IDS = ['simple_rnn', 'gru_1', 'gru_2', 'gru_reset_after_1',
             'gru_reset_after_2', 'lstm_1', 'lstm_2']


# ---------------------------------------------------------------------------
# Numbers.

@pytest.mark.parametrize('cls,kwargs', LAYERS, ids=LAYER_IDS)
def test_matches_numpy_cells(cls, kwargs):
    data = np.random.randn(3, 5, 4).astype('float32')
    x = Input((5, 4))
    layer = cls(3, return_sequences=True, **kwargs)
    y = layer(x)
    randomize(layer)
    output = predict(x, y, data)
    expected, _ = np_rnn(reference_step(layer), data,
                         zeros_states(3, [3] * state_count(layer)))
    assert output.shape == (3, 5, 3)
    np.testing.assert_allclose(output, expected, **TOLERANCE)


@pytest.mark.parametrize('cls,kwargs', LAYERS[::2], ids=LAYER_IDS[::2])
def test_masked_steps_carry_output_and_states(cls, kwargs):
    data = np.random.randn(3, 6, 2).astype('float32')
    data[0, 4:] = 0.         # trailing padding
    data[1, :2] = 0.         # leading padding
    data[2, 2:4] = 0.        # a gap
    mask = np.any(data != 0., axis=-1)
    x = Input((6, 2))
    masked = Masking(0.)(x)
    layer = cls(3, return_sequences=True, return_state=True, **kwargs)
    outputs = layer(masked)
    randomize(layer)
    sequence, *states = predict(x, outputs, data)
    expected, expected_states = np_rnn(
        reference_step(layer), data,
        zeros_states(3, [3] * state_count(layer)), mask=mask)
    np.testing.assert_allclose(sequence, expected, **TOLERANCE)
    for state, expected_state in zip(states, expected_states):
        np.testing.assert_allclose(state, expected_state, **TOLERANCE)
    # Padding before the first step gives zeros; later masked steps repeat.
    np.testing.assert_array_equal(sequence[1, :2], 0.)
    np.testing.assert_array_equal(sequence[0, 4], sequence[0, 3])
    np.testing.assert_array_equal(sequence[2, 3], sequence[2, 1])
    # The last output of sample 0 is that of its unpadded prefix.
    prefix, _ = np_rnn(reference_step(layer), data[:1, :4],
                       zeros_states(1, [3] * state_count(layer)))
    np.testing.assert_allclose(sequence[0, -1], prefix[0, -1], **TOLERANCE)


def test_output_masks_with_return_sequences_and_state():
    x = Input((4, 2))
    masked = Masking(0.)(x)
    layer = LSTM(3, return_sequences=True, return_state=True)
    sequence, h, c = layer(masked)
    assert len(layer.output_mask) == 3
    assert layer.output_mask[0] is not None
    assert layer.output_mask[1:] == [None, None]
    assert K.int_shape(sequence) == (None, 4, 3)
    assert K.int_shape(h) == K.int_shape(c) == (None, 3)
    # The next layer receives the sequence's mask.
    second = SimpleRNN(2)
    last = second(sequence)
    data = np.random.randn(2, 4, 2).astype('float32')
    data[0, 2:] = 0.
    model = Model(x, [last, h, c])
    out, h_value, c_value = model.predict(data)
    assert out.shape == (2, 2) and h_value.shape == c_value.shape == (2, 3)
    assert second.input_mask is not None
    # Without return_sequences the output carries no mask.
    single = LSTM(3)
    single(masked)
    assert single.output_mask is None


def test_states_and_masks_through_a_nested_model():
    """A model returning [sequence, h, c] used as a layer: its output masks
    are a list, the sequence's mask reaches the next layer."""
    data = np.random.randn(2, 4, 2).astype('float32')
    data[0, 2:] = 0.
    x = Input((4, 2))
    lstm = LSTM(3, return_sequences=True, return_state=True)
    inner = Model(x, lstm(Masking(0.)(x)))
    x2 = Input((4, 2))
    sequence, h, c = inner(x2)
    masks = inner.compute_mask(x2, None)
    assert len(masks) == 3 and masks[0] is not None and masks[1:] == [None,
                                                                      None]
    last = SimpleRNN(2)
    outer = Model(x2, [last(sequence), h])
    randomize(lstm)
    randomize(last)
    output, h_value = outer.predict(data)
    mask = np.any(data != 0., axis=-1)
    expected_sequence, (h_ref, _) = np_rnn(
        reference_step(lstm), data, zeros_states(2, [3, 3]), mask=mask)
    expected, _ = np_rnn(reference_step(last), expected_sequence,
                         zeros_states(2, [2]), mask=mask)
    np.testing.assert_allclose(h_value, h_ref, **TOLERANCE)
    np.testing.assert_allclose(output, expected[:, -1], **TOLERANCE)
    clone = Model.from_config(outer.get_config())
    clone.set_weights(outer.get_weights())
    np.testing.assert_allclose(clone.predict(data)[0], output, **TOLERANCE)


def test_shared_layer_on_two_inputs():
    layer = GRU(3)
    a, b = Input((4, 2)), Input((None, 2))
    model = Model([a, b], [layer(a), layer(b)])
    assert len(layer.weights) == 3 and len(model.weights) == 3
    randomize(layer)
    data_a = np.random.randn(2, 4, 2).astype('float32')
    data_b = np.random.randn(2, 6, 2).astype('float32')
    out_a, out_b = model.predict([data_a, data_b])
    for data, out in ((data_a, out_a), (data_b, out_b)):
        expected, _ = np_rnn(reference_step(layer), data,
                             zeros_states(2, [3]))
        np.testing.assert_allclose(out, expected[:, -1], **TOLERANCE)


class DoubledCell(SimpleRNNCell):
    """A subclass overriding `call`: the layer must run this call."""

    def call(self, inputs, states, training=None):
        output, new_states = super(DoubledCell, self).call(
            inputs, states, training=training)
        return output * 2., [new_states[0] * 2.]


def test_cell_subclass_overriding_call_is_used():
    data = np.random.randn(2, 3, 2).astype('float32')
    x = Input((3, 2))
    layer = RNN(DoubledCell(2))
    y = layer(x)
    kernel, recurrent_kernel, bias = randomize(layer)
    base = np_simple_step(kernel, recurrent_kernel, bias)

    def step(x_t, states):
        output, _ = base(x_t, states)
        return 2. * output, [2. * output]
    expected, _ = np_rnn(step, data, zeros_states(2, [2]))
    np.testing.assert_allclose(predict(x, y, data), expected[:, -1],
                               **TOLERANCE)


@pytest.mark.parametrize('cls', [SimpleRNN, GRU, LSTM])
def test_go_backwards(cls):
    data = np.random.randn(2, 4, 3).astype('float32')
    x = Input((4, 3))
    layer = cls(2, return_sequences=True, go_backwards=True)
    y = layer(x)
    randomize(layer)
    expected, _ = np_rnn(reference_step(layer), data,
                         zeros_states(2, [2] * state_count(layer)),
                         go_backwards=True)
    np.testing.assert_allclose(predict(x, y, data), expected, **TOLERANCE)


@pytest.mark.parametrize('cls', [SimpleRNN, LSTM])
def test_unroll_matches_the_loop(cls):
    data = np.random.randn(2, 4, 3).astype('float32')
    x = Input((4, 3))
    looped = cls(3, return_sequences=True)
    unrolled = cls(3, return_sequences=True, unroll=True)
    y1, y2 = looped(x), unrolled(x)
    unrolled.set_weights(randomize(looped))
    first, second = Model(x, [y1, y2]).predict(data)
    np.testing.assert_allclose(first, second, **TOLERANCE)
    with pytest.raises(ValueError, match='unroll'):
        cls(3, unroll=True)(Input((None, 3)))


def test_return_state_values():
    data = np.random.randn(2, 4, 3).astype('float32')
    x = Input((4, 3))
    layer = LSTM(2, return_state=True)
    output, h, c = layer(x)
    assert layer.compute_output_shape((None, 4, 3)) == [(None, 2), (None, 2),
                                                        (None, 2)]
    randomize(layer)
    out, h_value, c_value = Model(x, [output, h, c]).predict(data)
    _, (h_ref, c_ref) = np_rnn(reference_step(layer), data,
                               zeros_states(2, [2, 2]))
    np.testing.assert_allclose(out, h_value)
    np.testing.assert_allclose(h_value, h_ref, **TOLERANCE)
    np.testing.assert_allclose(c_value, c_ref, **TOLERANCE)


# ---------------------------------------------------------------------------
# Initial states and constants.

def test_initial_state_as_keras_tensors():
    data = np.random.randn(2, 4, 3).astype('float32')
    h0 = np.random.randn(2, 5).astype('float32')
    c0 = np.random.randn(2, 5).astype('float32')
    x = Input((4, 3))
    h_in, c_in = Input((5,)), Input((5,))
    layer = LSTM(5)
    y = layer(x, initial_state=[h_in, c_in])
    randomize(layer)
    # The states are inputs of the node: models replay and serialise them.
    assert layer._inbound_nodes[0].input_tensors == [x, h_in, c_in]
    model = Model([x, h_in, c_in], y)
    output = model.predict([data, h0, c0])
    expected, _ = np_rnn(reference_step(layer), data, [h0, c0])
    np.testing.assert_allclose(output, expected[:, -1], **TOLERANCE)

    # The same states given in the input list.
    y2 = layer([x, h_in, c_in])
    np.testing.assert_allclose(Model([x, h_in, c_in], y2).predict(
        [data, h0, c0]), output, **TOLERANCE)

    # A model rebuilt from its config computes the same.
    clone = Model.from_config(model.get_config())
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(clone.predict([data, h0, c0]), output,
                               **TOLERANCE)


def test_initial_state_from_another_layer():
    """The seq2seq pattern: an encoder's final states start a decoder."""
    enc_data = np.random.randn(2, 3, 4).astype('float32')
    dec_data = np.random.randn(2, 5, 2).astype('float32')
    enc_in, dec_in = Input((None, 4)), Input((None, 2))
    encoder = LSTM(3, return_state=True)
    _, h, c = encoder(enc_in)
    decoder = LSTM(3, return_sequences=True)
    y = decoder(dec_in, initial_state=[h, c])
    randomize(encoder)
    randomize(decoder)
    output = predict([enc_in, dec_in], y, [enc_data, dec_data])
    _, states = np_rnn(reference_step(encoder), enc_data,
                       zeros_states(2, [3, 3]))
    expected, _ = np_rnn(reference_step(decoder), dec_data, states)
    np.testing.assert_allclose(output, expected, **TOLERANCE)


def test_initial_state_as_backend_tensors():
    data = np.random.randn(2, 4, 3).astype('float32')
    h0 = np.random.randn(2, 2).astype('float32')
    x = Input((4, 3))
    layer = SimpleRNN(2)
    y = layer(x, initial_state=K.constant(h0))
    randomize(layer)
    expected, _ = np_rnn(reference_step(layer), data, [h0])
    np.testing.assert_allclose(predict(x, y, data), expected[:, -1],
                               **TOLERANCE)


def test_initial_state_errors():
    x = Input((4, 3))
    with pytest.raises(ValueError, match='not compatible with '
                                         '`cell.state_size`'):
        LSTM(2)(x, initial_state=[K.constant(np.zeros((1, 2)))])
    built = LSTM(2)
    built(x)
    with pytest.raises(ValueError, match='2 states but was passed 1'):
        built(x, initial_state=[K.constant(np.zeros((1, 2)))])
    with pytest.raises(ValueError, match='state_size'):
        LSTM(2)(x, initial_state=[Input((3,)), Input((3,))])
    with pytest.raises(ValueError, match='mix of Keras tensors'):
        LSTM(2)(x, initial_state=[Input((2,)),
                                  K.constant(np.zeros((1, 2)))])


class ConstantCell(Layer):
    """A cell with a constant input: h = tanh(x W + h U + c C)."""

    def __init__(self, units, **kwargs):
        self.units = units
        self.state_size = units
        super(ConstantCell, self).__init__(**kwargs)

    def build(self, input_shape):
        step_shape, constant_shape = input_shape
        self.input_kernel = self.add_weight(
            shape=(step_shape[-1], self.units), initializer='uniform',
            name='kernel')
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, self.units), initializer='uniform',
            name='recurrent_kernel')
        self.constant_kernel = self.add_weight(
            shape=(constant_shape[-1], self.units), initializer='uniform',
            name='constant_kernel')
        self.built = True

    def call(self, inputs, states, constants):
        h = (K.dot(inputs, self.input_kernel) +
             K.dot(states[0], self.recurrent_kernel) +
             K.dot(constants[0], self.constant_kernel))
        output = K.tanh(h)
        return output, [output]

    def get_config(self):
        config = {'units': self.units}
        base_config = super(ConstantCell, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


def np_constant_step(kernel, recurrent_kernel, constant_kernel, constant):
    def step(x, states):
        h = np.tanh(x.dot(kernel) + states[0].dot(recurrent_kernel) +
                    constant.dot(constant_kernel))
        return h, [h]
    return step


def test_constants_reach_the_cell():
    data = np.random.randn(2, 4, 3).astype('float32')
    constant = np.random.randn(2, 5).astype('float32')
    h0 = np.random.randn(2, 2).astype('float32')
    x, c = Input((4, 3)), Input((5,))
    layer = RNN(ConstantCell(2), return_sequences=True)
    y = layer(x, constants=c)
    assert layer._num_constants == 1
    assert layer.get_config()['num_constants'] == 1
    weights = randomize(layer)
    model = Model([x, c], y)
    output = model.predict([data, constant])
    expected, _ = np_rnn(np_constant_step(*weights, constant=constant),
                         data, zeros_states(2, [2]))
    np.testing.assert_allclose(output, expected, **TOLERANCE)

    # Rebuilt from its config (the cell by custom_objects).
    custom = {'ConstantCell': ConstantCell}
    clone = Model.from_config(model.get_config(), custom_objects=custom)
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(clone.predict([data, constant]), output,
                               **TOLERANCE)
    round_trip(layer, custom_objects=custom)

    # With an initial state too, in the list form [x, state, constant].
    h_in = Input((2,))
    layer2 = RNN(ConstantCell(2), return_sequences=True)
    y2 = layer2(x, initial_state=h_in, constants=c)
    layer2.set_weights(weights)
    output2 = predict([x, h_in, c], y2, [data, h0, constant])
    expected2, _ = np_rnn(np_constant_step(*weights, constant=constant),
                          data, [h0])
    np.testing.assert_allclose(output2, expected2, **TOLERANCE)


def test_call_with_the_list_and_the_keywords():
    """Wrappers (Bidirectional) call `layer.call([x, *states, *constants],
    initial_state=..., constants=...)` on a layer whose _num_constants they
    did not set."""
    data = np.random.randn(2, 4, 3).astype('float32')
    constant = np.random.randn(2, 5).astype('float32')
    h0 = np.random.randn(2, 2).astype('float32')
    x, h_in, c = Input((4, 3)), Input((2,)), Input((5,))
    layer = RNN(ConstantCell(2))
    layer(x, initial_state=h_in, constants=c)
    weights = randomize(layer)
    layer._num_constants = None
    y = layer.call([x, h_in, c], initial_state=[h_in], constants=[c])
    output = K.function([x, h_in, c], [y])([data, h0, constant])[0]
    expected, _ = np_rnn(np_constant_step(*weights, constant=constant),
                         data, [h0])
    np.testing.assert_allclose(output, expected[:, -1], **TOLERANCE)


def test_constants_need_a_cell_that_takes_them():
    with pytest.raises(ValueError, match='does not support constants'):
        RNN(SimpleRNNCell(2))(Input((3, 2)), constants=Input((4,)))


# ---------------------------------------------------------------------------
# Stateful layers.

def test_stateful_layer_carries_states_between_batches():
    data = np.random.randn(2, 3, 4).astype('float32')
    layer = LSTM(3, stateful=True, batch_input_shape=(2, 3, 4))
    model = Sequential([layer])
    randomize(layer)
    step = reference_step(layer)
    first = model.predict(data, batch_size=2)
    second = model.predict(data, batch_size=2)
    expected, _ = np_rnn(step, np.concatenate([data, data], axis=1),
                         zeros_states(2, [3, 3]))
    np.testing.assert_allclose(first, expected[:, 2], **TOLERANCE)
    np.testing.assert_allclose(second, expected[:, -1], **TOLERANCE)
    _, (h, c) = np_rnn(step, np.concatenate([data, data], axis=1),
                       zeros_states(2, [3, 3]))
    np.testing.assert_allclose(K.get_value(layer.states[0]), h, **TOLERANCE)
    np.testing.assert_allclose(K.get_value(layer.states[1]), c, **TOLERANCE)

    model.reset_states()
    np.testing.assert_array_equal(K.get_value(layer.states[0]), 0.)
    np.testing.assert_allclose(model.predict(data, batch_size=2), first,
                               **TOLERANCE)

    h0 = np.random.randn(2, 3).astype('float32')
    c0 = np.random.randn(2, 3).astype('float32')
    layer.reset_states([h0, c0])
    expected, _ = np_rnn(step, data, [h0, c0])
    np.testing.assert_allclose(model.predict(data, batch_size=2),
                               expected[:, -1], **TOLERANCE)


def test_stateful_functional_model_with_batch_shape():
    data = np.random.randn(2, 3, 4).astype('float32')
    x = Input(batch_shape=(2, 3, 4))
    layer = SimpleRNN(2, stateful=True)
    y = layer(x)
    model = Model(x, y)
    randomize(layer)
    model.predict(data)
    second = model.predict(data)
    expected, _ = np_rnn(reference_step(layer),
                         np.concatenate([data, data], axis=1),
                         zeros_states(2, [2]))
    np.testing.assert_allclose(second, expected[:, -1], **TOLERANCE)


def test_reset_states_errors():
    with pytest.raises(AttributeError, match='must be stateful'):
        LSTM(2).reset_states()
    with pytest.raises(ValueError, match='batch size'):
        LSTM(2, stateful=True)(Input((3, 4)))
    layer = GRU(2, stateful=True, batch_input_shape=(3, 4, 5))
    Sequential([layer])
    with pytest.raises(ValueError, match=r'expected shape=\(3, 2\), found '
                                         r'shape=\(2, 2\)'):
        layer.reset_states(np.zeros((2, 2)))
    with pytest.raises(ValueError, match='expects 1 states, but it received '
                                         '2'):
        layer.reset_states([np.zeros((3, 2)), np.zeros((3, 2))])
    layer.reset_states(np.ones((3, 2)))
    np.testing.assert_array_equal(K.get_value(layer.states[0]), 1.)


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_stateful_training_without_shuffle():
    x_data = np.random.randn(4, 3, 2).astype('float32')
    y_data = np.random.randn(4, 1).astype('float32')
    layer = LSTM(3, stateful=True, batch_input_shape=(2, 3, 2))
    model = Sequential([layer, Dense(1)])
    model.compile('sgd', 'mse')
    model.fit(x_data, y_data, batch_size=2, epochs=1, shuffle=False,
              verbose=0)
    assert np.any(K.get_value(layer.states[0]) != 0.)
    model.reset_states()
    np.testing.assert_array_equal(K.get_value(layer.states[0]), 0.)
    model.train_on_batch(x_data[:2], y_data[:2])
    assert np.any(K.get_value(layer.states[1]) != 0.)


# ---------------------------------------------------------------------------
# Dropout.

@pytest.mark.parametrize('cls,kwargs', LAYERS[::2], ids=LAYER_IDS[::2])
def test_dropout_only_in_the_training_phase(cls, kwargs):
    data = np.random.randn(4, 5, 3).astype('float32')
    x = Input((5, 3))
    layer = cls(6, dropout=0.5, recurrent_dropout=0.5, return_sequences=True,
                **kwargs)
    y = layer(x)
    randomize(layer)
    function = K.function([x, K.learning_phase()], [y])
    inference = function([data, 0])[0]
    np.testing.assert_allclose(function([data, 0])[0], inference)
    expected, _ = np_rnn(reference_step(layer), data,
                         zeros_states(4, [6] * state_count(layer)))
    np.testing.assert_allclose(inference, expected, **TOLERANCE)
    training = function([data, 1])[0]
    assert not np.allclose(training, inference)
    assert not np.allclose(function([data, 1])[0], training)
    # Model.predict runs the inference phase.
    np.testing.assert_allclose(Model(x, y).predict(data), inference,
                               **TOLERANCE)


def test_learning_phase_reaches_dropout_in_a_nested_model():
    data = np.random.randn(3, 4, 2).astype('float32')
    inner = Sequential([LSTM(5, dropout=0.5, recurrent_dropout=0.5,
                             input_shape=(4, 2))])
    x = Input((4, 2))
    y = inner(x)
    outer = Model(x, y)
    assert outer.uses_learning_phase
    function = K.function([x, K.learning_phase()], [y])
    inference = function([data, 0])[0]
    np.testing.assert_allclose(outer.predict(data), inference, **TOLERANCE)
    assert not np.allclose(function([data, 1])[0], inference)


def test_input_dropout_mask_is_the_same_at_every_step():
    # Linear cell, identity kernel, no recurrence: output_t = x_t * mask.
    x = Input((4, 8))
    layer = SimpleRNN(8, activation=None, use_bias=False, dropout=0.5,
                      return_sequences=True)
    y = layer(x)
    layer.set_weights([np.eye(8, dtype='float32'),
                       np.zeros((8, 8), 'float32')])
    output = K.function([x, K.learning_phase()], [y])(
        [np.ones((3, 4, 8), 'float32'), 1])[0]
    assert set(np.unique(output)) <= {0., 2.}
    assert 0 < np.count_nonzero(output[:, 0]) < output[:, 0].size
    for t in range(1, 4):
        np.testing.assert_array_equal(output[:, t], output[:, 0])


def test_recurrent_dropout_mask_is_the_same_at_every_step():
    # h_t = x_t + (h_{t-1} * mask) with one input at t=0: a kept unit
    # doubles at each step, a dropped one is 0 from t=1 on.
    x = Input((4, 8))
    layer = SimpleRNN(8, activation=None, use_bias=False,
                      recurrent_dropout=0.5, return_sequences=True)
    y = layer(x)
    layer.set_weights([np.eye(8, dtype='float32'),
                       np.eye(8, dtype='float32')])
    data = np.zeros((3, 4, 8), 'float32')
    data[:, 0] = 1.
    output = K.function([x, K.learning_phase()], [y])(
        [data, 1])[0]
    np.testing.assert_array_equal(output[:, 0], 1.)
    kept = output[:, 1] == 2.
    assert kept.any() and not kept.all()
    for t in range(1, 4):
        np.testing.assert_array_equal(output[:, t],
                                      np.where(kept, 2. ** t, 0.))


def test_lstm_implementation_1_draws_a_mask_per_gate():
    x = Input((3, 5))
    one = LSTM(4, dropout=0.5, implementation=1)
    two = LSTM(4, dropout=0.5, implementation=2)
    one(x)
    two(x)
    one.cell.reset_dropout_mask()
    masks = one.cell._input_dropout_masks(x, None, count=4)
    assert len(masks) == 4
    assert len({id(m) for m in masks}) == 4
    one.cell.reset_dropout_mask()


# ---------------------------------------------------------------------------
# Stacked cells.

def test_stacked_cells_match_numpy():
    data = np.random.randn(2, 4, 3).astype('float32')
    x = Input((4, 3))
    layer = RNN([LSTMCell(4), GRUCell(2), SimpleRNNCell(3)],
                return_sequences=True, return_state=True)
    assert isinstance(layer.cell, StackedRNNCells)
    assert layer.cell.state_size == (4, 4, 2, 3)
    assert layer.cell.output_size == 3
    outputs = layer(x)
    assert len(outputs) == 5
    weights = randomize(layer)
    assert [w.shape for w in weights] == [(3, 16), (4, 16), (16,),
                                          (4, 6), (2, 6), (6,),
                                          (2, 3), (3, 3), (3,)]
    sequence, h1, c1, h2, h3 = predict(x, outputs, data)
    steps = [np_lstm_step(*weights[:3]),
             np_gru_step(*weights[3:6], reset_after=False),
             np_simple_step(*weights[6:])]

    def stacked(x_t, states):
        new_states = []
        (x_t, s), states = steps[0](x_t, states[:2]), states[2:]
        new_states += s
        (x_t, s), states = steps[1](x_t, states[:1]), states[1:]
        new_states += s
        x_t, s = steps[2](x_t, states[:1])
        return x_t, new_states + s
    expected, states = np_rnn(stacked, data, zeros_states(2, [4, 4, 2, 3]))
    np.testing.assert_allclose(sequence, expected, **TOLERANCE)
    for value, reference in zip([h1, c1, h2, h3], states):
        np.testing.assert_allclose(value, reference, **TOLERANCE)

    clone = round_trip(layer)
    assert isinstance(clone.cell, StackedRNNCells)
    assert [c.__class__ for c in clone.cell.cells] == [LSTMCell, GRUCell,
                                                       SimpleRNNCell]


def test_stacked_cells_with_dropout_train_and_infer():
    data = np.random.randn(2, 4, 3).astype('float32')
    x = Input((4, 3))
    layer = RNN(StackedRNNCells([LSTMCell(4, dropout=0.3),
                                 SimpleRNNCell(2, recurrent_dropout=0.3)]))
    y = layer(x)
    function = K.function([x, K.learning_phase()], [y])
    np.testing.assert_allclose(function([data, 0])[0],
                               function([data, 0])[0])
    assert not np.allclose(function([data, 1])[0], function([data, 0])[0])


def test_cell_errors():
    with pytest.raises(ValueError, match='call'):
        RNN(object())
    with pytest.raises(ValueError, match='state_size'):
        RNN(Layer())
    with pytest.raises(ValueError, match='state_size'):
        StackedRNNCells([SimpleRNNCell(2), Layer()])


# ---------------------------------------------------------------------------
# Weights and configs.

def test_weight_names_shapes_and_order():
    x = Input((5, 3))
    expectations = [
        (SimpleRNN(4), [(3, 4), (4, 4), (4,)]),
        (GRU(4), [(3, 12), (4, 12), (12,)]),
        (GRU(4, reset_after=True), [(3, 12), (4, 12), (2, 12)]),
        (LSTM(4), [(3, 16), (4, 16), (16,)]),
    ]
    for layer, shapes in expectations:
        layer(x)
        assert [w.name for w in layer.weights] == [
            layer.name + '/kernel', layer.name + '/recurrent_kernel',
            layer.name + '/bias']
        assert [tuple(K.int_shape(w)) for w in layer.weights] == shapes
        assert layer.trainable_weights == layer.weights
    no_bias = LSTM(2, use_bias=False)
    no_bias(x)
    assert len(no_bias.weights) == 2 and no_bias.cell.bias is None


def test_initial_biases_and_recurrent_identity():
    x = Input((5, 3))
    lstm = LSTM(2)
    lstm(x)
    np.testing.assert_array_equal(lstm.get_weights()[2],
                                  [0, 0, 1, 1, 0, 0, 0, 0])
    plain = LSTM(2, unit_forget_bias=False, bias_initializer='ones')
    plain(x)
    np.testing.assert_array_equal(plain.get_weights()[2], np.ones(8))
    identity = LSTM(2, recurrent_initializer='identity')
    identity(x)
    np.testing.assert_array_equal(identity.get_weights()[1],
                                  np.tile(np.eye(2), (1, 4)))
    assert identity.get_config()['recurrent_initializer'][
        'class_name'] == 'Identity'


_RNN_KEYS = {'name', 'trainable', 'dtype', 'return_sequences',
             'return_state', 'go_backwards', 'stateful', 'unroll'}
_CELL_KEYS = {'units', 'activation', 'use_bias', 'kernel_initializer',
              'recurrent_initializer', 'bias_initializer',
              'kernel_regularizer', 'recurrent_regularizer',
              'bias_regularizer', 'kernel_constraint',
              'recurrent_constraint', 'bias_constraint', 'dropout',
              'recurrent_dropout'}
_GRU_KEYS = {'recurrent_activation', 'implementation', 'reset_after'}
_LSTM_KEYS = {'recurrent_activation', 'unit_forget_bias', 'implementation'}


@pytest.mark.parametrize('cls,cell_cls,extra', [
    (SimpleRNN, SimpleRNNCell, set()),
    (GRU, GRUCell, _GRU_KEYS),
    (LSTM, LSTMCell, _LSTM_KEYS),
])
def test_config_keys_and_round_trip(cls, cell_cls, extra):
    layer = cls(3, dropout=0.25, kernel_regularizer='l2',
                return_sequences=True, stateful=False)
    config = layer.get_config()
    assert set(config) == (_RNN_KEYS | _CELL_KEYS | extra |
                           {'activity_regularizer'})
    assert config['units'] == 3 and config['dropout'] == 0.25
    clone = round_trip(layer)
    assert clone.units == 3 and clone.return_sequences

    cell = cell_cls(3, recurrent_dropout=0.5)
    cell_config = cell.get_config()
    assert set(cell_config) == ({'name', 'trainable', 'dtype'} |
                                _CELL_KEYS | extra)
    round_trip(cell)

    rnn = RNN(cell_cls(2), go_backwards=True)
    rnn_config = rnn.get_config()
    assert set(rnn_config) == _RNN_KEYS | {'cell'}
    assert rnn_config['cell']['class_name'] == cell_cls.__name__
    assert rnn_config['cell']['config']['units'] == 2
    assert round_trip(rnn).cell.__class__ is cell_cls


def test_defaults_and_properties_as_2_3_1():
    lstm = LSTM(3)
    assert lstm.activation.__name__ == 'tanh'
    assert lstm.recurrent_activation.__name__ == 'sigmoid'
    assert lstm.implementation == 2 and lstm.unit_forget_bias is True
    assert lstm.cell.state_size == (3, 3) and lstm.cell.output_size == 3
    assert lstm.states == [None, None]
    gru = GRU(3)
    assert gru.reset_after is False and gru.implementation == 2
    assert gru.cell.state_size == 3
    simple = SimpleRNN(3, use_bias=False, dropout=0.1)
    assert simple.units == 3 and simple.use_bias is False
    assert simple.dropout == 0.1 and simple.recurrent_dropout == 0.
    assert simple.kernel_initializer.__class__.__name__ == 'VarianceScaling'
    assert simple.recurrent_initializer.__class__.__name__ == 'Orthogonal'


def test_regularizers_add_losses():
    x = Input((3, 2))
    layer = LSTM(2, kernel_regularizer='l2', recurrent_regularizer='l1',
                 bias_regularizer='l2', activity_regularizer='l1')
    layer(x)
    assert len(layer.losses) == 4


@pytest.mark.backends(*TRAINING_BACKENDS)
@pytest.mark.parametrize('cls,kwargs', [
    (SimpleRNN, {'units': 3}),
    (SimpleRNN, {'units': 2, 'return_sequences': True, 'dropout': 0.2}),
    (GRU, {'units': 3, 'return_sequences': True}),
    (GRU, {'units': 2, 'reset_after': True, 'go_backwards': True,
           'recurrent_dropout': 0.2}),
    (LSTM, {'units': 3}),
    (LSTM, {'units': 2, 'implementation': 1, 'return_sequences': True,
            'dropout': 0.2, 'recurrent_dropout': 0.2}),
], ids=['simple', 'simple_seq', 'gru', 'gru_reset_after', 'lstm',
        'lstm_1'])
def test_layer_test(cls, kwargs):
    layer_test(cls, kwargs=kwargs, input_shape=(2, 3, 4))


def test_layer_test_stateful():
    # Inference only (predict twice): runs on every backend.
    layer = LSTM(2, stateful=True, batch_input_shape=(2, 3, 4))
    model = Sequential([layer])
    data = np.random.randn(2, 3, 4).astype('float32')
    assert model.predict(data).shape == (2, 2)
    clone = Sequential.from_config(model.get_config())
    assert clone.layers[0].stateful
    assert clone.layers[0].get_config()['batch_input_shape'] == (2, 3, 4)


# ---------------------------------------------------------------------------
# Keras 1 spellings.

def test_keras1_lstm_spelling():
    with pytest.warns(UserWarning) as record:
        layer = LSTM(output_dim=8, consume_less='gpu', input_dim=3,
                     input_length=5)
    messages = [str(w.message) for w in record]
    assert any('Update your `LSTM` call to the Keras 2 API' in m
               for m in messages)
    assert any('input_dim' in m and 'deprecated' in m for m in messages)
    assert layer.units == 8 and layer.implementation == 2
    assert layer.batch_input_shape == (None, 5, 3)
    model = Sequential([layer])
    assert model.output_shape == (None, 8)


def test_keras1_recurrent_arguments():
    with pytest.warns(UserWarning):
        gru = GRU(output_dim=4, init='uniform', inner_init='zeros',
                  inner_activation='hard_sigmoid', dropout_W=0.1,
                  dropout_U=0.2, W_regularizer='l2', U_regularizer='l1',
                  b_regularizer='l2', consume_less='mem')
    assert gru.units == 4
    assert gru.kernel_initializer.__class__.__name__ == 'RandomUniform'
    assert gru.recurrent_initializer.__class__.__name__ == 'Zeros'
    assert gru.recurrent_activation.__name__ == 'hard_sigmoid'
    assert gru.dropout == 0.1 and gru.recurrent_dropout == 0.2
    assert gru.implementation == 1
    assert gru.kernel_regularizer is not None
    assert gru.recurrent_regularizer is not None
    with pytest.warns(UserWarning):
        lstm = LSTM(3, forget_bias_init='one', consume_less='cpu')
    assert lstm.unit_forget_bias is True and lstm.implementation == 1
    with pytest.warns(UserWarning):
        simple = SimpleRNN(output_dim=2, input_dim=4)
    assert simple.batch_input_shape == (None, None, 4)


def test_keras1_input_shape_on_rnn():
    layer = RNN(SimpleRNNCell(2), input_dim=3, input_length=4)
    assert layer.batch_input_shape == (None, 4, 3)
    model = Sequential([layer])
    assert model.output_shape == (None, 2)


# ---------------------------------------------------------------------------
# Argument errors.

@pytest.mark.parametrize('cls', [SimpleRNN, GRU, LSTM, SimpleRNNCell,
                                 GRUCell, LSTMCell])
def test_argument_errors(cls):
    for units in (0, -2, 2.5, 'a'):
        with pytest.raises(ValueError, match='`units`'):
            cls(units)
    for rate in (1.5, -0.1, 'x'):
        with pytest.raises(ValueError, match='`dropout`'):
            cls(2, dropout=rate)
        with pytest.raises(ValueError, match='`recurrent_dropout`'):
            cls(2, recurrent_dropout=rate)
    if cls not in (SimpleRNN, SimpleRNNCell):
        with pytest.raises(ValueError, match='`implementation`'):
            cls(2, implementation=3)
        with warnings.catch_warnings(record=True):
            warnings.simplefilter('always')
            assert cls(2, implementation=0).implementation == 1


def test_wrong_input_rank():
    with pytest.raises(ValueError, match='ndim'):
        LSTM(2)(Input((3,)))


# ---------------------------------------------------------------------------
# Training.

@pytest.mark.backends(*TRAINING_BACKENDS)
def test_lstm_fit_decreases_the_loss():
    np.random.seed(1)
    x_data = np.random.randn(16, 5, 3).astype('float32')
    y_data = np.tanh(x_data.sum(axis=(1, 2)))[:, None].astype('float32')
    model = Sequential([LSTM(6, input_shape=(5, 3)), Dense(1)])
    model.compile('adam', 'mse')
    before = model.evaluate(x_data, y_data, verbose=0)
    history = model.fit(x_data, y_data, batch_size=8, epochs=8, verbose=0)
    after = model.evaluate(x_data, y_data, verbose=0)
    assert after < before
    assert history.history['loss'][-1] < history.history['loss'][0]


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_masked_gru_with_dropout_trains():
    x_data = np.random.randn(6, 4, 2).astype('float32')
    x_data[:3, 2:] = 0.
    y_data = np.random.randn(6, 4, 3).astype('float32')
    model = Sequential([Masking(0., input_shape=(4, 2)),
                        GRU(3, return_sequences=True, dropout=0.2,
                            recurrent_dropout=0.2, reset_after=True)])
    model.compile('adam', 'mse')
    history = model.fit(x_data, y_data, epochs=3, batch_size=3, verbose=0)
    assert all(np.isfinite(history.history['loss']))
