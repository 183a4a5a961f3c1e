"""Wrappers: TimeDistributed and Bidirectional against NumPy references
written here (per-step products, convolution loops, RNN loops forwards and
backwards), over layers and models, masks, the learning phase, updates of
inner layers, states (initial, returned, stateful), constants, configs,
weights and argument errors.

On the theano backend convolutions are true convolutions (the kernel
flipped), so the convolution reference flips the kernel there.
"""
import numpy as np
import pytest

from keras import backend as K
from keras import layers
from keras import regularizers
from keras.engine.base_layer import Layer
from keras.engine.input_layer import Input
from keras.engine.sequential import Sequential
from keras.engine.training import Model
from keras.layers import RNN
from keras.layers import BatchNormalization
from keras.layers import Bidirectional
from keras.layers import Conv2D
from keras.layers import Dense
from keras.layers import Dropout
from keras.layers import Embedding
from keras.layers import LSTM
from keras.layers import Masking
from keras.layers import SimpleRNN
from keras.layers import TimeDistributed
from keras.layers.wrappers import Wrapper
from keras.utils.generic_utils import CustomObjectScope
from keras.utils.test_utils import layer_test

TRAINING_BACKENDS = ('jax', 'tensorflow', 'torch', 'theano')
TOLERANCE = dict(rtol=1e-5, atol=1e-5)


def rand(*shape):
    return np.random.uniform(-1, 1, size=shape).astype('float32')


def output_mask(tensor):
    layer, node_index, tensor_index = tensor._keras_history
    return layer._inbound_nodes[node_index].output_masks[tensor_index]


def evaluate(inputs, outputs, data, phase=None):
    inputs = list(inputs)
    data = list(data)
    if phase is not None:
        inputs.append(K.learning_phase())
        data.append(phase)
    return K.function(inputs, list(outputs))(data)


# ---------------------------------------------------------------------------
# NumPy references.

def np_simple_rnn(x, kernel, recurrent_kernel, bias, h=None, mask=None,
                  backwards=False):
    """(all outputs in loop order, final state) of a tanh SimpleRNN; a
    masked step keeps the state and repeats the previous output."""
    batch, steps = x.shape[:2]
    if h is None:
        h = np.zeros((batch, kernel.shape[1]), dtype='float64')
    output = np.zeros_like(h)
    order = range(steps - 1, -1, -1) if backwards else range(steps)
    outputs = []
    for t in order:
        new_h = np.tanh(x[:, t].dot(kernel) + h.dot(recurrent_kernel) + bias)
        if mask is not None:
            keep = mask[:, t][:, None]
            new_h = np.where(keep, new_h, h)
            output = np.where(keep, new_h, output)
        else:
            output = new_h
        h = new_h
        outputs.append(output)
    return np.stack(outputs, axis=1), h


def np_conv2d_valid(x, kernel, bias):
    """channels_last 'valid' cross-correlation with explicit loops."""
    kh, kw = kernel.shape[:2]
    rows, cols = x.shape[1] - kh + 1, x.shape[2] - kw + 1
    out = np.zeros((x.shape[0], rows, cols, kernel.shape[3]))
    for i in range(rows):
        for j in range(cols):
            patch = x[:, i:i + kh, j:j + kw, :]
            out[:, i, j] = np.tensordot(patch, kernel, axes=3)
    return out + bias


def merge(forward, backward, mode):
    if mode == 'concat':
        return np.concatenate([forward, backward], axis=-1)
    if mode == 'sum':
        return forward + backward
    if mode == 'mul':
        return forward * backward
    if mode == 'ave':
        return (forward + backward) / 2
    return [forward, backward]


def np_bidirectional(x, weights, mode, return_sequences, mask=None,
                     states=(None, None)):
    forward_weights, backward_weights = weights[:3], weights[3:]
    forward, h_forward = np_simple_rnn(x, *forward_weights, h=states[0],
                                       mask=mask)
    backward, h_backward = np_simple_rnn(x, *backward_weights, h=states[1],
                                         mask=mask, backwards=True)
    if return_sequences:
        forward, backward = forward, backward[:, ::-1]
    else:
        forward, backward = forward[:, -1], backward[:, -1]
    return merge(forward, backward, mode), h_forward, h_backward


# ---------------------------------------------------------------------------
# TimeDistributed.

def test_time_distributed_dense_is_a_product_per_step():
    x = Input((3, 4))
    layer = TimeDistributed(Dense(2))
    y = layer(x)
    assert K.int_shape(y) == (None, 3, 2)
    assert layer.compute_output_shape((None, 3, 4)) == (None, 3, 2)
    assert [w.name.split(':')[0] for w in layer.weights] == [
        layer.name + '/kernel', layer.name + '/bias']
    kernel, bias = rand(4, 2), rand(2)
    layer.set_weights([kernel, bias])
    data = rand(2, 3, 4)
    expected = np.stack([data[:, t].dot(kernel) + bias for t in range(3)],
                        axis=1)
    np.testing.assert_allclose(Model(x, y).predict(data), expected,
                               **TOLERANCE)


def test_time_distributed_unknown_timesteps_and_higher_rank():
    x = Input((None, 2, 3))
    layer = TimeDistributed(Dense(4))
    y = layer(x)
    assert K.int_shape(y) == (None, None, 2, 4)
    kernel, bias = layer.get_weights()
    for steps in (1, 3):
        data = rand(2, steps, 2, 3)
        np.testing.assert_allclose(Model(x, y).predict(data),
                                   data.dot(kernel) + bias, **TOLERANCE)


def test_time_distributed_layer_test():
    layer_test(TimeDistributed, kwargs={'layer': Dense(2)},
               input_shape=(2, 3, 4))
    layer_test(TimeDistributed, kwargs={'layer': Dense(2)},
               input_shape=(2, 3, 4), fixed_batch_size=True)


def test_time_distributed_conv2d():
    x = Input((2, 5, 5, 2))
    layer = TimeDistributed(Conv2D(3, (3, 3)))
    y = layer(x)
    assert K.int_shape(y) == (None, 2, 3, 3, 3)
    kernel, bias = rand(3, 3, 2, 3), rand(3)
    layer.set_weights([kernel, bias])
    reference_kernel = kernel[::-1, ::-1] if K.backend() == 'theano' \
        else kernel
    data = rand(2, 2, 5, 5, 2)
    expected = np.stack([np_conv2d_valid(data[:, t], reference_kernel, bias)
                         for t in range(2)], axis=1)
    np.testing.assert_allclose(Model(x, y).predict(data), expected,
                               rtol=1e-4, atol=1e-4)


def inner_model(kind):
    if kind == 'sequential':
        return Sequential([Dense(3, input_shape=(4,), activation='relu'),
                           Dense(2)])
    inputs = Input((4,))
    return Model(inputs, Dense(2)(Dense(3, activation='relu')(inputs)))


@pytest.mark.parametrize('kind', ['sequential', 'functional'])
def test_time_distributed_over_a_model(kind):
    model = inner_model(kind)
    x = Input((3, 4))
    wrapper = TimeDistributed(model)
    y = wrapper(x)
    assert K.int_shape(y) == (None, 3, 2)
    assert len(wrapper.trainable_weights) == 4
    k1, b1, k2, b2 = model.get_weights()
    data = rand(2, 3, 4)
    expected = np.maximum(data.dot(k1) + b1, 0).dot(k2) + b2
    outer = Model(x, y)
    np.testing.assert_allclose(outer.predict(data), expected, **TOLERANCE)
    # The wrapped model's weights are the outer model's.
    assert len(outer.get_weights()) == 4
    rebuilt = Model.from_config(outer.get_config())
    rebuilt.set_weights(outer.get_weights())
    np.testing.assert_allclose(rebuilt.predict(data), expected, **TOLERANCE)


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_time_distributed_model_trains():
    """The seed's video question answering shape: a frame model applied to
    every frame, then a recurrent layer over the frames."""
    frame_model = Sequential([Dense(3, input_shape=(4,), activation='relu')])
    video = Input((3, 4))
    encoded = LSTM(2)(TimeDistributed(frame_model)(video))
    model = Model(video, Dense(1)(encoded))
    model.compile('sgd', 'mse')
    before = frame_model.get_weights()[0]
    model.fit(rand(4, 3, 4), rand(4, 1), epochs=1, batch_size=2, verbose=0)
    assert not np.allclose(before, frame_model.get_weights()[0])


def test_time_distributed_masks():
    # A (batch, time) mask passes through a Dense.
    x = Input((3,), dtype='int32')
    embedded = Embedding(5, 4, mask_zero=True)(x)
    y = TimeDistributed(Dense(2))(embedded)
    data = np.array([[1, 2, 0], [3, 0, 0]], dtype='int32')
    mask, = evaluate([x], [output_mask(y)], [data])
    np.testing.assert_array_equal(mask, data != 0)

    # The inner layer's mask over (batch * time, words) is unfolded.
    words = Input((2, 3), dtype='int32')
    wrapped = TimeDistributed(Embedding(5, 4, mask_zero=True))
    z = wrapped(words)
    assert K.int_shape(z) == (None, 2, 3, 4)
    data = np.array([[[1, 0, 2], [0, 0, 0]], [[3, 4, 0], [1, 1, 1]]],
                    dtype='int32')
    mask, = evaluate([words], [output_mask(z)], [data])
    np.testing.assert_array_equal(mask, data != 0)
    computed, = evaluate([words], [wrapped.compute_mask(words, None)],
                         [data])
    np.testing.assert_array_equal(computed, data != 0)


def test_time_distributed_mask_reduced_where_the_inner_layer_drops_it():
    # An RNN without return_sequences gives no mask: the input mask
    # (batch, time, steps) is reduced to (batch, time).
    x = Input((2, 3, 4))
    masked = Masking(0.)(x)
    wrapped = TimeDistributed(SimpleRNN(2))
    y = wrapped(masked)
    assert K.int_shape(y) == (None, 2, 2)
    data = rand(2, 2, 3, 4)
    data[0, 1] = 0.      # every step of one inner sequence masked
    data[1, 0, 2] = 0.   # one step masked
    mask, = evaluate([x], [output_mask(y)], [data])
    np.testing.assert_array_equal(mask, [[True, False], [True, True]])
    kernel, recurrent_kernel, bias = wrapped.get_weights()
    step_mask = np.any(data != 0, axis=-1)
    expected = np.stack([np_simple_rnn(data[:, t], kernel, recurrent_kernel,
                                       bias, mask=step_mask[:, t])[0][:, -1]
                         for t in range(2)], axis=1)
    np.testing.assert_allclose(Model(x, y).predict(data), expected,
                               **TOLERANCE)


def test_time_distributed_learning_phase_in_a_nested_model():
    inner = Sequential([Dropout(0.5, input_shape=(4,))])
    x = Input((3, 4))
    y = TimeDistributed(inner)(x)
    model = Model(x, y)
    data = np.ones((2, 3, 4), dtype='float32')
    np.testing.assert_allclose(model.predict(data), data)
    trained, = evaluate([x], [y], [data], phase=1)
    assert not np.allclose(trained, data)
    assert set(np.unique(trained)) <= {0., 2.}
    tested, = evaluate([x], [y], [data], phase=0)
    np.testing.assert_allclose(tested, data)


def test_time_distributed_passes_training():
    x = Input((3, 4))
    y = TimeDistributed(Dropout(0.5))(x, training=True)
    data = np.ones((2, 3, 4), dtype='float32')
    assert not np.allclose(Model(x, y).predict(data), data)
    z = TimeDistributed(Dropout(0.5))(x, training=False)
    trained, = evaluate([x], [z], [data], phase=1)
    np.testing.assert_allclose(trained, data)


@pytest.mark.backends(*TRAINING_BACKENDS)
@pytest.mark.parametrize('nested', [False, True])
def test_time_distributed_batch_normalization_updates(nested):
    normalization = BatchNormalization(momentum=0.5, input_shape=(2,))
    inner = Sequential([normalization]) if nested else normalization
    x = Input((3, 2))
    wrapper = TimeDistributed(inner)
    model = Model(x, wrapper(x))
    assert len(wrapper.get_updates_for(x)) == 2
    assert len(model.updates) == 2
    if nested:
        # With a mask, call and compute_mask share the folded tensors: the
        # inner model runs once (one set of updates).
        masked = Masking(-99.)(x)
        assert len(Model(x, wrapper(masked)).updates) == 2
    model.compile('sgd', 'mse')
    data = (5. + rand(4, 3, 2)).astype('float32')
    model.fit(data, data, epochs=2, batch_size=4, verbose=0)
    moving_mean = K.get_value(normalization.moving_mean)
    expected = 0.75 * data.reshape(-1, 2).mean(axis=0)  # two steps of 0.5
    np.testing.assert_allclose(moving_mean, expected, rtol=1e-4)


def test_time_distributed_losses_and_activity_regularizer():
    x = Input((3, 4))
    dense = Dense(2, kernel_regularizer=regularizers.l2(0.1),
                  activity_regularizer=regularizers.l1(0.01))
    wrapper = TimeDistributed(dense)
    y = wrapper(x)
    assert wrapper.activity_regularizer is dense.activity_regularizer
    model = Model(x, y)
    assert len(model.losses) == 2
    data = rand(2, 3, 4)
    kernel, bias = dense.get_weights()
    outputs = data.dot(kernel) + bias
    values = evaluate([x], model.losses, [data])
    expected = sorted([0.1 * np.sum(kernel ** 2),
                       0.01 * np.sum(np.abs(outputs))])
    np.testing.assert_allclose(sorted(float(v) for v in values), expected,
                               rtol=1e-4)


def test_time_distributed_trainable_and_weights():
    dense = Dense(2)
    dense.trainable = False
    wrapper = TimeDistributed(dense)
    wrapper(Input((3, 4)))
    assert not wrapper.trainable
    assert wrapper.trainable_weights == []
    assert len(wrapper.non_trainable_weights) == 2
    wrapper.trainable = True
    assert dense.trainable and len(wrapper.trainable_weights) == 2
    values = [rand(4, 2), rand(2)]
    wrapper.set_weights(values)
    for expected, actual in zip(values, dense.get_weights()):
        np.testing.assert_array_equal(actual, expected)
    assert isinstance(wrapper, Wrapper)


def test_time_distributed_config_round_trip():
    layer = TimeDistributed(Dense(2, activation='relu'), name='td')
    config = layers.serialize(layer)
    assert config['class_name'] == 'TimeDistributed'
    assert config['config']['layer']['class_name'] == 'Dense'
    assert config['config']['name'] == 'td'
    recovered = layers.deserialize(config)
    assert isinstance(recovered, TimeDistributed)
    assert recovered.layer.get_config() == layer.layer.get_config()
    assert recovered.get_config() == layer.get_config()


class Doubler(Layer):
    """A user layer (not registered in keras.layers)."""

    def call(self, inputs):
        return 2 * inputs


def test_wrapper_from_config_with_custom_objects():
    config = layers.serialize(TimeDistributed(Doubler()))
    with pytest.raises(ValueError):
        layers.deserialize(config)
    layer = layers.deserialize(config, custom_objects={'Doubler': Doubler})
    assert isinstance(layer.layer, Doubler)
    x = Input((3, 2))
    data = rand(2, 3, 2)
    np.testing.assert_allclose(Model(x, layer(x)).predict(data), 2 * data,
                               **TOLERANCE)


def test_time_distributed_errors():
    with pytest.raises(ValueError, match='at least 3 dimensions'):
        TimeDistributed(Dense(2)).build((None, 4))
    with pytest.raises(ValueError, match='Layer'):
        TimeDistributed('dense')


# ---------------------------------------------------------------------------
# Bidirectional.

MERGE_MODES = ['concat', 'sum', 'mul', 'ave', None]


@pytest.mark.parametrize('return_sequences', [False, True])
@pytest.mark.parametrize('mode', MERGE_MODES)
def test_bidirectional_merge_modes(mode, return_sequences):
    x = Input((4, 3))
    layer = Bidirectional(SimpleRNN(2, return_sequences=return_sequences),
                          merge_mode=mode)
    y = layer(x)
    assert layer.forward_layer.name.startswith('forward_simple_rnn')
    assert layer.backward_layer.name.startswith('backward_simple_rnn')
    assert layer.backward_layer.go_backwards
    assert not layer.forward_layer.go_backwards
    weights = [rand(*w.shape) for w in layer.get_weights()]
    layer.set_weights(weights)
    data = rand(2, 4, 3)
    expected, _, _ = np_bidirectional(data, weights, mode, return_sequences)
    outputs = Model(x, y).predict(data)
    if mode is None:
        assert isinstance(y, list) and len(y) == 2
        for output, reference in zip(outputs, expected):
            np.testing.assert_allclose(output, reference, **TOLERANCE)
    else:
        np.testing.assert_allclose(outputs, expected, **TOLERANCE)
    shapes = layer.compute_output_shape((None, 4, 3))
    actual = [K.int_shape(t) for t in y] if mode is None else K.int_shape(y)
    assert shapes == actual


def test_bidirectional_weights_order_and_names():
    layer = Bidirectional(SimpleRNN(2))
    layer(Input((4, 3)))
    names = [w.name.split(':')[0] for w in layer.weights]
    prefix = layer.name + '/'
    assert names == [
        prefix + layer.forward_layer.name + '/kernel',
        prefix + layer.forward_layer.name + '/recurrent_kernel',
        prefix + layer.forward_layer.name + '/bias',
        prefix + layer.backward_layer.name + '/kernel',
        prefix + layer.backward_layer.name + '/recurrent_kernel',
        prefix + layer.backward_layer.name + '/bias']
    forward = layer.forward_layer.get_weights()
    backward = layer.backward_layer.get_weights()
    for expected, actual in zip(forward + backward, layer.get_weights()):
        np.testing.assert_array_equal(actual, expected)


def test_bidirectional_weights_argument():
    values = [rand(3, 2), rand(2, 2), rand(2), rand(3, 2), rand(2, 2),
              rand(2)]
    layer = Bidirectional(SimpleRNN(2), weights=values)
    layer(Input((4, 3)))
    for expected, actual in zip(values[:3],
                                layer.forward_layer.get_weights()):
        np.testing.assert_array_equal(actual, expected)
    for expected, actual in zip(values[3:],
                                layer.backward_layer.get_weights()):
        np.testing.assert_array_equal(actual, expected)


def test_bidirectional_return_state():
    x = Input((4, 3))
    layer = Bidirectional(SimpleRNN(2, return_state=True,
                                    return_sequences=True))
    outputs = layer(x)
    assert len(outputs) == 3
    assert [K.int_shape(t) for t in outputs] == [(None, 4, 4), (None, 2),
                                                  (None, 2)]
    assert layer.compute_output_shape((None, 4, 3)) == [
        (None, 4, 4), (None, 2), (None, 2)]
    data = rand(2, 4, 3)
    expected, h_forward, h_backward = np_bidirectional(
        data, layer.get_weights(), 'concat', True)
    values = Model(x, outputs).predict(data)
    for value, reference in zip(values, [expected, h_forward, h_backward]):
        np.testing.assert_allclose(value, reference, **TOLERANCE)

    # merge_mode None: both outputs, then the states.
    layer = Bidirectional(LSTM(2, return_state=True), merge_mode=None)
    outputs = layer(x)
    assert len(outputs) == 6
    assert [K.int_shape(t) for t in outputs] == [(None, 2)] * 6
    assert layer.compute_output_shape((None, 4, 3)) == [(None, 2)] * 6
    values = Model(x, outputs).predict(data)
    np.testing.assert_allclose(values[0], values[2], **TOLERANCE)  # h fwd
    np.testing.assert_allclose(values[1], values[4], **TOLERANCE)  # h bwd


def test_bidirectional_initial_state():
    x = Input((4, 3))
    h_forward = Input((2,))
    h_backward = Input((2,))
    layer = Bidirectional(SimpleRNN(2, return_sequences=True),
                          merge_mode='sum')
    y = layer(x, initial_state=[h_forward, h_backward])
    model = Model([x, h_forward, h_backward], y)
    data, state_f, state_b = rand(2, 4, 3), rand(2, 2), rand(2, 2)
    expected, _, _ = np_bidirectional(data, layer.get_weights(), 'sum',
                                      True, states=(state_f, state_b))
    np.testing.assert_allclose(model.predict([data, state_f, state_b]),
                               expected, **TOLERANCE)
    # The states are inputs of the node: the model rebuilds from config.
    rebuilt = Model.from_config(model.get_config())
    rebuilt.set_weights(model.get_weights())
    np.testing.assert_allclose(rebuilt.predict([data, state_f, state_b]),
                               expected, **TOLERANCE)
    # Also as a list of inputs.
    z = Bidirectional(SimpleRNN(2))([x, h_forward, h_backward])
    assert K.int_shape(z) == (None, 4)


def test_bidirectional_initial_state_needs_an_even_count():
    x = Input((4, 3))
    with pytest.raises(ValueError, match='even'):
        Bidirectional(SimpleRNN(2))(x, initial_state=[Input((2,))])


class ConstantCell(Layer):
    """h = tanh(x W + h U + c C)."""

    def __init__(self, units, **kwargs):
        self.units = units
        self.state_size = units
        super(ConstantCell, self).__init__(**kwargs)

    def build(self, input_shape):
        step_shape, constant_shape = input_shape
        self.kernel = self.add_weight(shape=(step_shape[-1], self.units),
                                      initializer='uniform', name='kernel')
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, self.units), initializer='uniform',
            name='recurrent_kernel')
        self.constant_kernel = self.add_weight(
            shape=(constant_shape[-1], self.units), initializer='uniform',
            name='constant_kernel')
        self.built = True

    def call(self, inputs, states, constants):
        output = K.tanh(K.dot(inputs, self.kernel) +
                        K.dot(states[0], self.recurrent_kernel) +
                        K.dot(constants[0], self.constant_kernel))
        return output, [output]

    def get_config(self):
        config = {'units': self.units}
        base_config = super(ConstantCell, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


def np_constant_rnn(x, kernel, recurrent_kernel, constant_kernel, constant,
                    h, backwards=False):
    steps = range(x.shape[1] - 1, -1, -1) if backwards else range(x.shape[1])
    for t in steps:
        h = np.tanh(x[:, t].dot(kernel) + h.dot(recurrent_kernel) +
                    constant.dot(constant_kernel))
    return h


def test_bidirectional_constants():
    custom = {'ConstantCell': ConstantCell}
    x = Input((4, 3))
    c = Input((5,))
    with CustomObjectScope(custom):
        layer = Bidirectional(RNN(ConstantCell(2)))
    y = layer(x, constants=c)
    assert layer._num_constants == 1
    assert layer.get_config()['num_constants'] == 1
    model = Model([x, c], y)
    data, constant = rand(2, 4, 3), rand(2, 5)
    weights = layer.get_weights()
    zeros = np.zeros((2, 2))
    expected = np.concatenate([
        np_constant_rnn(data, *weights[:3], constant=constant, h=zeros),
        np_constant_rnn(data, *weights[3:], constant=constant, h=zeros,
                        backwards=True)], axis=-1)
    np.testing.assert_allclose(model.predict([data, constant]), expected,
                               **TOLERANCE)
    with CustomObjectScope(custom):
        rebuilt = Model.from_config(model.get_config())
    rebuilt.set_weights(model.get_weights())
    np.testing.assert_allclose(rebuilt.predict([data, constant]), expected,
                               **TOLERANCE)

    # With initial states and constants in one input list.
    h_forward, h_backward = Input((2,)), Input((2,))
    with CustomObjectScope(custom):
        layer = Bidirectional(RNN(ConstantCell(2)), merge_mode='sum')
    y = layer(x, initial_state=[h_forward, h_backward], constants=c)
    model = Model([x, h_forward, h_backward, c], y)
    state_f, state_b = rand(2, 2), rand(2, 2)
    weights = layer.get_weights()
    expected = (np_constant_rnn(data, *weights[:3], constant=constant,
                                h=state_f) +
                np_constant_rnn(data, *weights[3:], constant=constant,
                                h=state_b, backwards=True))
    np.testing.assert_allclose(
        model.predict([data, state_f, state_b, constant]), expected,
        **TOLERANCE)


@pytest.mark.parametrize('mode', ['concat', None])
def test_bidirectional_masks(mode):
    x = Input((4,), dtype='int32')
    embedding = Embedding(6, 3, mask_zero=True)
    embedded = embedding(x)
    layer = Bidirectional(SimpleRNN(2, return_sequences=True),
                          merge_mode=mode)
    y = layer(embedded)
    data = np.array([[1, 2, 3, 0], [4, 5, 0, 0]], dtype='int32')
    masks = [output_mask(t) for t in (y if mode is None else [y])]
    assert len(masks) == (2 if mode is None else 1)
    for mask in evaluate([x], masks, [data]):
        np.testing.assert_array_equal(mask, data != 0)

    vectors = embedding.get_weights()[0][data]
    expected, _, _ = np_bidirectional(vectors, layer.get_weights(), mode,
                                      True, mask=data != 0)
    outputs = Model(x, y).predict(data)
    if mode is None:
        for output, reference in zip(outputs, expected):
            np.testing.assert_allclose(output, reference, **TOLERANCE)
    else:
        np.testing.assert_allclose(outputs, expected, **TOLERANCE)

    # Without return_sequences: no output mask, the last unmasked steps.
    last = Bidirectional(SimpleRNN(2))
    z = last(embedded)
    assert output_mask(z) is None
    expected, _, _ = np_bidirectional(vectors, last.get_weights(), 'concat',
                                      False, mask=data != 0)
    np.testing.assert_allclose(Model(x, z).predict(data), expected,
                               **TOLERANCE)


def test_bidirectional_compute_mask_with_states():
    layer = Bidirectional(LSTM(2, return_state=True, return_sequences=True),
                          merge_mode=None)
    mask = K.variable(np.ones((2, 4)))
    masks = layer.compute_mask(None, mask)
    assert masks[:2] == [mask, mask] and masks[2:] == [None] * 4
    layer = Bidirectional(LSTM(2, return_state=True))
    assert layer.compute_mask(None, mask) == [None] * 5


def test_bidirectional_stateful():
    x = Input(batch_shape=(2, 3, 4))
    layer = Bidirectional(SimpleRNN(2, stateful=True))
    y = layer(x)
    assert layer.stateful
    model = Model(x, y)
    weights = layer.get_weights()
    first, second = rand(2, 3, 4), rand(2, 3, 4)
    expected_first, h_f, h_b = np_bidirectional(first, weights, 'concat',
                                                False)
    expected_second, _, _ = np_bidirectional(second, weights, 'concat',
                                             False, states=(h_f, h_b))
    np.testing.assert_allclose(model.predict(first, batch_size=2),
                               expected_first, **TOLERANCE)
    np.testing.assert_allclose(model.predict(second, batch_size=2),
                               expected_second, **TOLERANCE)
    layer.reset_states()
    np.testing.assert_allclose(model.predict(first, batch_size=2),
                               expected_first, **TOLERANCE)
    model.reset_states()
    np.testing.assert_allclose(model.predict(first, batch_size=2),
                               expected_first, **TOLERANCE)


@pytest.mark.backends(*TRAINING_BACKENDS)
@pytest.mark.parametrize('mode', ['concat', None])
def test_bidirectional_trains(mode):
    x = Input((4, 3))
    y = Bidirectional(LSTM(2, return_sequences=True, dropout=0.2),
                      merge_mode=mode)(x)
    model = Model(x, y)
    model.compile('rmsprop', 'mse')
    before = model.get_weights()
    targets = [rand(4, 4, 2), rand(4, 4, 2)] if mode is None \
        else rand(4, 4, 4)
    model.fit(rand(4, 4, 3), targets, epochs=1, batch_size=2, verbose=0)
    after = model.get_weights()
    assert len(after) == 6
    assert all(not np.allclose(a, b) for a, b in zip(before, after))


def test_bidirectional_learning_phase():
    x = Input((4, 3))
    y = Bidirectional(SimpleRNN(2, dropout=0.9, return_sequences=True))(x)
    assert getattr(y, '_uses_learning_phase', False)
    data = np.ones((2, 4, 3), dtype='float32')
    tested, = evaluate([x], [y], [data], phase=0)
    np.testing.assert_allclose(Model(x, y).predict(data), tested,
                               **TOLERANCE)
    trained, = evaluate([x], [y], [data], phase=1)
    assert not np.allclose(trained, tested)


@pytest.mark.parametrize('mode', ['concat', 'mul'])
def test_bidirectional_layer_test(mode):
    layer_test(Bidirectional, kwargs={'layer': SimpleRNN(2),
                                      'merge_mode': mode},
               input_shape=(2, 3, 4))
    layer_test(Bidirectional,
               kwargs={'layer': SimpleRNN(2, return_sequences=True),
                       'merge_mode': mode},
               input_shape=(2, 3, 4))


def test_bidirectional_trainable():
    layer = Bidirectional(SimpleRNN(2))
    layer(Input((4, 3)))
    assert len(layer.trainable_weights) == 6
    layer.trainable = False
    assert not layer.forward_layer.trainable
    assert not layer.backward_layer.trainable
    assert layer.trainable_weights == []
    assert len(layer.non_trainable_weights) == 6
    layer.trainable = True
    assert len(layer.trainable_weights) == 6


def test_bidirectional_config_round_trip():
    layer = Bidirectional(LSTM(3, return_sequences=True), merge_mode='mul',
                          name='bi')
    config = layers.serialize(layer)
    assert config['class_name'] == 'Bidirectional'
    assert config['config']['merge_mode'] == 'mul'
    assert config['config']['name'] == 'bi'
    assert config['config']['layer']['class_name'] == 'LSTM'
    assert 'num_constants' not in config['config']
    recovered = layers.deserialize(config)
    assert isinstance(recovered, Bidirectional)
    assert recovered.merge_mode == 'mul'
    assert recovered.return_sequences
    assert recovered.get_config() == layer.get_config()

    # In a model, with the same weights, the same outputs.
    x = Input((4, 3))
    model = Model(x, Bidirectional(SimpleRNN(2), merge_mode=None)(x))
    rebuilt = Model.from_config(model.get_config())
    rebuilt.set_weights(model.get_weights())
    data = rand(2, 4, 3)
    for a, b in zip(model.predict(data), rebuilt.predict(data)):
        np.testing.assert_allclose(a, b, **TOLERANCE)


def test_time_distributed_first_in_a_sequential_model():
    model = Sequential([TimeDistributed(Dense(2), input_shape=(3, 4))])
    assert model.output_shape == (None, 3, 2)
    kernel, bias = model.get_weights()
    data = rand(2, 3, 4)
    np.testing.assert_allclose(model.predict(data), data.dot(kernel) + bias,
                               **TOLERANCE)
    rebuilt = Sequential.from_config(model.get_config())
    assert rebuilt.output_shape == (None, 3, 2)


def test_bidirectional_in_a_sequential_model():
    model = Sequential()
    model.add(Bidirectional(SimpleRNN(2, return_sequences=True),
                            input_shape=(4, 3)))
    model.add(TimeDistributed(Dense(1)))
    assert model.output_shape == (None, 4, 1)
    data = rand(2, 4, 3)
    sequences, _, _ = np_bidirectional(data, model.layers[0].get_weights(),
                                       'concat', True)
    kernel, bias = model.layers[1].get_weights()
    np.testing.assert_allclose(model.predict(data),
                               sequences.dot(kernel) + bias, **TOLERANCE)


def test_bidirectional_errors():
    with pytest.raises(ValueError, match="'concat'"):
        Bidirectional(SimpleRNN(2), merge_mode='max')
    with pytest.raises(ValueError, match='merge_mode'):
        Bidirectional(SimpleRNN(2), merge_mode='max')
    with pytest.raises(ValueError, match='recurrent'):
        Bidirectional(Dense(2))
    x = Input((4, 3))
    with pytest.raises(ValueError, match='mix'):
        Bidirectional(SimpleRNN(2))(
            x, initial_state=[Input((2,)), K.variable(np.zeros((2, 2)))])
