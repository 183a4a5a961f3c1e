"""preprocess_weights_for_loading: every conversion 2.3.1's loader made,
checked with hand-made arrays, and numerically where it changes what a
layer computes (true convolutions with scipy, RNNs with NumPy loops)."""
import numpy as np
import pytest
from scipy import signal

from keras import backend as K
from keras import layers
from keras.engine.input_layer import Input
from keras.engine.sequential import Sequential
from keras.engine.training import Model
from keras.engine.weight_conversion import needs_kernel_flip
from keras.engine.weight_conversion import preprocess_weights_for_loading

TOLERANCE = dict(rtol=1e-5, atol=1e-5)
CONVOLUTION_BACKEND = 'theano'


def other_convention_backend():
    """A backend name of the other kernel convention than the current."""
    return 'tensorflow' if K.backend() == CONVOLUTION_BACKEND else 'theano'


def same_convention_backend():
    return 'theano' if K.backend() == CONVOLUTION_BACKEND else 'tensorflow'


def random(*shape):
    return np.random.uniform(-1, 1, shape).astype('float32')


def convert(layer, weights, version='2.3.1', backend=None, reshape=False):
    return preprocess_weights_for_loading(layer, weights, version, backend,
                                          reshape=reshape)


def built(layer, input_shape):
    layer.build(input_shape)
    return layer


def sigmoid(x):
    return 1. / (1. + np.exp(-x))


# ---------------------------------------------------------------------------
# Which backends convert.

@pytest.mark.parametrize('original', ['tensorflow', 'cntk', 'jax', 'torch',
                                      'numpy', b'tensorflow'])
def test_correlation_backends_flip_only_for_theano(original):
    assert needs_kernel_flip(original) == (K.backend() == 'theano')


def test_theano_files_flip_except_on_theano():
    assert needs_kernel_flip('theano') == (K.backend() != 'theano')
    assert needs_kernel_flip(b'theano') == (K.backend() != 'theano')


@pytest.mark.parametrize('original', [None, 'mxnet', ''])
def test_unknown_backends_never_flip(original):
    assert needs_kernel_flip(original) is False
    layer = built(layers.Conv2D(2, (2, 3)), (None, 5, 5, 1))
    kernel, bias = random(2, 3, 1, 2), random(2)
    converted = convert(layer, [kernel, bias], backend=original)
    np.testing.assert_array_equal(converted[0], kernel)


# ---------------------------------------------------------------------------
# Kernel flips between conventions.

def true_convolution_2d(x, kernel):
    """'valid' true 2-D convolution of x (batch, rows, cols, in) with
    kernel (rows, cols, in, out), by scipy."""
    batch, out_channels = x.shape[0], kernel.shape[-1]
    rows = x.shape[1] - kernel.shape[0] + 1
    cols = x.shape[2] - kernel.shape[1] + 1
    result = np.zeros((batch, rows, cols, out_channels))
    for b in range(batch):
        for f in range(out_channels):
            for c in range(x.shape[-1]):
                result[b, :, :, f] += signal.convolve2d(
                    x[b, :, :, c], kernel[:, :, c, f], mode='valid')
    return result


def test_theano_conv2d_kernel_computes_its_true_convolution():
    data = random(2, 5, 6, 2)
    theano_kernel, bias = random(3, 2, 2, 4), random(4)
    layer = layers.Conv2D(4, (3, 2))
    model = Sequential([layer])
    model.build((None, 5, 6, 2))
    layer.set_weights(convert(layer, [theano_kernel, bias],
                              backend='theano'))
    expected = true_convolution_2d(data, theano_kernel) + bias
    np.testing.assert_allclose(model.predict(data), expected, **TOLERANCE)


def test_tensorflow_conv2d_kernel_computes_its_correlation():
    data = random(1, 4, 4, 1)
    tf_kernel, bias = random(2, 2, 1, 1), random(1)
    layer = layers.Conv2D(1, 2)
    model = Sequential([layer])
    model.build((None, 4, 4, 1))
    layer.set_weights(convert(layer, [tf_kernel, bias],
                              backend=b'tensorflow'))
    expected = signal.correlate2d(data[0, :, :, 0], tf_kernel[:, :, 0, 0],
                                  mode='valid') + bias
    np.testing.assert_allclose(model.predict(data)[0, :, :, 0], expected,
                               **TOLERANCE)


@pytest.mark.parametrize('layer,input_shape,kernel_shape', [
    (layers.Conv1D(2, 3), (None, 6, 2), (3, 2, 2)),
    (layers.Conv3D(2, (2, 3, 2)), (None, 4, 4, 4, 1), (2, 3, 2, 1, 2)),
])
def test_conv1d_and_conv3d_kernels_flipped_on_spatial_axes(
        layer, input_shape, kernel_shape):
    built(layer, input_shape)
    kernel, bias = random(*kernel_shape), random(2)
    flipped = kernel[(slice(None, None, -1),) * (kernel.ndim - 2)]
    converted = convert(layer, [kernel, bias],
                        backend=other_convention_backend())
    np.testing.assert_array_equal(converted[0], flipped)
    np.testing.assert_array_equal(converted[1], bias)
    same = convert(layer, [kernel, bias], backend=same_convention_backend())
    np.testing.assert_array_equal(same[0], kernel)


def test_conv2d_transpose_theano_kernel_numbers():
    # Transposed convolution, stride 2: every input pixel adds the kernel,
    # scaled, at its place in the output; Theano's kernel is used flipped.
    data = random(1, 2, 3, 2)
    theano_kernel, bias = random(3, 2, 1, 2), random(1)
    layer = layers.Conv2DTranspose(1, (3, 2), strides=2)
    model = Sequential([layer])
    model.build((None, 2, 3, 2))
    layer.set_weights(convert(layer, [theano_kernel, bias],
                              backend='theano'))
    tf_kernel = theano_kernel[::-1, ::-1]
    expected = np.zeros((5, 6))
    for i in range(2):
        for j in range(3):
            for c in range(2):
                expected[2 * i:2 * i + 3, 2 * j:2 * j + 2] += (
                    data[0, i, j, c] * tf_kernel[:, :, 0, c])
    np.testing.assert_allclose(model.predict(data)[0, :, :, 0],
                               expected + bias, **TOLERANCE)


def test_conv_lstm2d_flips_both_kernels():
    layer = built(layers.ConvLSTM2D(2, (2, 3)), (None, 2, 4, 5, 1))
    kernel, recurrent, bias = (random(2, 3, 1, 8), random(2, 3, 2, 8),
                               random(8))
    converted = convert(layer, [kernel, recurrent, bias],
                        backend=other_convention_backend())
    np.testing.assert_array_equal(converted[0], kernel[::-1, ::-1])
    np.testing.assert_array_equal(converted[1], recurrent[::-1, ::-1])
    np.testing.assert_array_equal(converted[2], bias)


@pytest.mark.parametrize('layer,shapes', [
    (layers.DepthwiseConv2D(2), [(2, 2, 3, 1), (3,)]),
    (layers.SeparableConv2D(2, 2), [(2, 2, 3, 1), (1, 1, 3, 2), (2,)]),
    (layers.SeparableConv1D(2, 2), [(2, 3, 1), (1, 3, 2), (2,)]),
    (layers.Conv3DTranspose(2, 2), [(2, 2, 2, 2, 3), (2,)]),
])
def test_depthwise_separable_and_conv3d_transpose_never_flipped(layer,
                                                                shapes):
    built(layer, (None, 4, 3) if isinstance(layer, layers.SeparableConv1D)
          else (None, 4, 4, 4, 3) if isinstance(layer,
                                                layers.Conv3DTranspose)
          else (None, 4, 4, 3))
    weights = [random(*shape) for shape in shapes]
    converted = convert(layer, weights, backend=other_convention_backend())
    for array, original in zip(converted, weights):
        np.testing.assert_array_equal(array, original)


def test_time_distributed_converts_its_layer():
    layer = built(layers.TimeDistributed(layers.Conv2D(2, 2)),
                  (None, 3, 4, 4, 1))
    kernel, bias = random(2, 2, 1, 2), random(2)
    converted = convert(layer, [kernel, bias],
                        backend=other_convention_backend())
    np.testing.assert_array_equal(converted[0], kernel[::-1, ::-1])


def test_nested_models_convert_each_sublayer():
    inner = Sequential([layers.Conv2D(2, 2, input_shape=(4, 4, 1)),
                        layers.BatchNormalization(),
                        layers.Flatten(),
                        layers.Dense(3)])
    x = Input((4, 4, 1))
    outer = Model(x, inner(x))
    # inner.weights: trainable (conv kernel, bias, gamma, beta, dense
    # kernel, bias) then non-trainable (moving mean, variance).
    shapes = [K.int_shape(w) for w in inner.weights]
    weights = [random(*shape) for shape in shapes]
    converted = convert(inner, weights, backend=other_convention_backend())
    np.testing.assert_array_equal(converted[0], weights[0][::-1, ::-1])
    for array, original in zip(converted[1:], weights[1:]):
        np.testing.assert_array_equal(array, original)
    # A frozen model lists each sublayer's weights together.
    inner.trainable = False
    frozen = [random(*K.int_shape(w)) for w in inner.weights]
    converted = convert(inner, frozen, backend=other_convention_backend())
    np.testing.assert_array_equal(converted[0], frozen[0][::-1, ::-1])
    for array, original in zip(converted[1:], frozen[1:]):
        np.testing.assert_array_equal(array, original)
    assert outer.layers[1] is inner


# ---------------------------------------------------------------------------
# Keras 1 layouts.

def test_keras_1_conv1d_kernels():
    layer = built(layers.Conv1D(4, 3), (None, 7, 2))
    kernel = random(3, 2, 4)
    # Keras 1.1+: (filter_length, 1, input_dim, nb_filter).
    converted = convert(layer, [kernel[:, None], random(4)], version='1')
    np.testing.assert_array_equal(converted[0], kernel)
    # Keras 1.0: (nb_filter, input_dim, filter_length, 1).
    old = np.transpose(kernel, (2, 1, 0))[..., None]
    converted = convert(layer, [old, random(4)], version='1.0.8')
    np.testing.assert_array_equal(converted[0], kernel)


def test_keras_1_th_conv2d_and_conv3d_kernels():
    conv2d = built(layers.Conv2D(4, (2, 3), data_format='channels_first'),
                   (None, 3, 5, 5))
    kernel = random(2, 3, 3, 4)
    th = np.transpose(kernel, (3, 2, 0, 1))
    converted = convert(conv2d, [th, random(4)], version=b'1.2.2')
    np.testing.assert_array_equal(converted[0], kernel)
    # 'tf' ordering kernels already are Keras 2's.
    tf_layer = built(layers.Conv2D(4, (2, 3)), (None, 5, 5, 3))
    np.testing.assert_array_equal(
        convert(tf_layer, [kernel, random(4)], version='1.2.2')[0], kernel)
    conv3d = built(layers.Conv3D(2, (1, 2, 3), data_format='channels_first'),
                   (None, 3, 4, 4, 4))
    kernel = random(1, 2, 3, 3, 2)
    th = np.transpose(kernel, (4, 3, 0, 1, 2))
    np.testing.assert_array_equal(
        convert(conv3d, [th, random(2)], version='1')[0], kernel)


def test_keras_1_conversion_then_theano_flip():
    conv2d = built(layers.Conv2D(2, (2, 3), data_format='channels_first'),
                   (None, 1, 5, 5))
    kernel = random(2, 3, 1, 2)
    th = np.transpose(kernel, (3, 2, 0, 1))
    converted = convert(conv2d, [th, random(2)], version='1.2.2',
                        backend=other_convention_backend())
    np.testing.assert_array_equal(converted[0], kernel[::-1, ::-1])


def test_keras_1_deconvolution2d_kernels():
    # Keras 1 Deconvolution2D: (rows, cols, stack_size, nb_filter) 'tf',
    # (nb_filter, stack_size, rows, cols) 'th'; Keras 2 (rows, cols,
    # filters, stack_size).
    kernel = random(2, 3, 4, 5)  # 4 filters, 5 input channels
    tf_layer = built(layers.Conv2DTranspose(4, (2, 3)), (None, 3, 3, 5))
    keras_1_tf = np.transpose(kernel, (0, 1, 3, 2))
    np.testing.assert_array_equal(
        convert(tf_layer, [keras_1_tf, random(4)], version='1')[0], kernel)
    th_layer = built(layers.Conv2DTranspose(
        4, (2, 3), data_format='channels_first'), (None, 5, 3, 3))
    keras_1_th = np.transpose(kernel, (2, 3, 0, 1))
    np.testing.assert_array_equal(
        convert(th_layer, [keras_1_th, random(4)], version='1')[0], kernel)


def test_keras_1_th_separable_kernels():
    layer = built(layers.SeparableConv2D(
        4, 2, depth_multiplier=2, data_format='channels_first'),
        (None, 3, 5, 5))
    depthwise, pointwise = random(2, 2, 3, 2), random(1, 1, 6, 4)
    converted = convert(layer, [np.transpose(depthwise, (3, 2, 0, 1)),
                                np.transpose(pointwise, (3, 2, 0, 1)),
                                random(4)], version='1')
    np.testing.assert_array_equal(converted[0], depthwise)
    np.testing.assert_array_equal(converted[1], pointwise)


def test_keras_1_gru_per_gate_weights():
    layer = built(layers.GRU(2), (None, 3, 4))
    gates = {g: (random(4, 2), random(2, 2), random(2)) for g in 'zrh'}
    keras_1 = [array for g in 'zrh' for array in gates[g]]
    kernel, recurrent, bias = convert(layer, keras_1, version='1')
    np.testing.assert_array_equal(
        kernel, np.concatenate([gates[g][0] for g in 'zrh'], axis=1))
    np.testing.assert_array_equal(
        recurrent, np.concatenate([gates[g][1] for g in 'zrh'], axis=1))
    np.testing.assert_array_equal(
        bias, np.concatenate([gates[g][2] for g in 'zrh']))


def np_lstm(x, gates, units):
    """Keras 1 LSTM (hard_sigmoid gates in Keras 1 by default; sigmoid
    here) from its per-gate weights {gate: (W, U, b)}."""
    h = np.zeros((x.shape[0], units))
    c = np.zeros((x.shape[0], units))
    for t in range(x.shape[1]):
        pre = {g: x[:, t] @ W + h @ U + b for g, (W, U, b) in gates.items()}
        i, f, o = (sigmoid(pre['i']), sigmoid(pre['f']), sigmoid(pre['o']))
        c = f * c + i * np.tanh(pre['c'])
        h = o * np.tanh(c)
    return h


def test_keras_1_lstm_per_gate_weights_in_i_c_f_o_order():
    data = random(2, 3, 4)
    gates = {g: (random(4, 2), random(2, 2), random(2)) for g in 'icfo'}
    keras_1 = [array for g in 'icfo' for array in gates[g]]
    layer = layers.LSTM(2, recurrent_activation='sigmoid')
    model = Sequential([layer])
    model.build((None, 3, 4))
    converted = convert(layer, keras_1, version='1.2.2')
    assert [a.shape for a in converted] == [(4, 8), (2, 8), (8,)]
    np.testing.assert_array_equal(converted[2], np.concatenate(
        [gates[g][2] for g in 'ifco']))
    layer.set_weights(converted)
    np.testing.assert_allclose(model.predict(data), np_lstm(data, gates, 2),
                               **TOLERANCE)


def test_keras_1_bidirectional_lstm():
    layer = built(layers.Bidirectional(layers.LSTM(2)), (None, 3, 4))
    forward = [random(*s) for g in 'icfo' for s in [(4, 2), (2, 2), (2,)]]
    backward = [random(*s) for g in 'icfo' for s in [(4, 2), (2, 2), (2,)]]
    converted = convert(layer, forward + backward, version='1')
    assert [a.shape for a in converted] == [(4, 8), (2, 8), (8,)] * 2
    # Gate c of the backward layer: file position 1 (i, c, f, o) -> 2.
    np.testing.assert_array_equal(converted[3][:, 4:6], backward[3])
    np.testing.assert_array_equal(converted[3][:, 2:4], backward[6])


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
def test_keras_1_conv_lstm2d_per_gate_weights(data_format):
    input_shape = ((None, 2, 5, 5, 3) if data_format == 'channels_last'
                   else (None, 2, 3, 5, 5))
    layer = built(layers.ConvLSTM2D(2, (2, 3), data_format=data_format),
                  input_shape)
    gates = {g: (random(2, 3, 3, 2), random(2, 3, 2, 2), random(2))
             for g in 'icfo'}

    def stored(kernel):
        return (kernel if data_format == 'channels_last'
                else np.transpose(kernel, (3, 2, 0, 1)))

    keras_1 = [a for g in 'icfo' for a in (stored(gates[g][0]),
                                           stored(gates[g][1]), gates[g][2])]
    kernel, recurrent, bias = convert(layer, keras_1, version='1')
    for kind, converted in enumerate((kernel, recurrent, bias)):
        np.testing.assert_array_equal(converted, np.concatenate(
            [gates[g][kind] for g in 'ifco'], axis=-1))


@pytest.mark.parametrize('layer,input_shape,shapes', [
    (layers.Dense(3), (None, 4), [(4, 3), (3,)]),
    (layers.Embedding(5, 3), (None, 2), [(5, 3)]),
    (layers.SimpleRNN(2), (None, 3, 4), [(4, 2), (2, 2), (2,)]),
    # gamma, beta, running_mean, running_std (a variance since Keras 1.1).
    (layers.BatchNormalization(), (None, 4), [(4,)] * 4),
    # consume_less='gpu': already concatenated in i, f, c, o.
    (layers.LSTM(2), (None, 3, 4), [(4, 8), (2, 8), (8,)]),
])
def test_keras_1_layouts_kept(layer, input_shape, shapes):
    built(layer, input_shape)
    weights = [random(*shape) for shape in shapes]
    converted = convert(layer, weights, version='1.2.2', backend='theano')
    for array, original in zip(converted, weights):
        np.testing.assert_array_equal(array, original)


def test_keras_2_files_get_no_keras_1_conversion():
    layer = built(layers.Conv2D(2, 2, data_format='channels_first'),
                  (None, 2, 4, 4))
    kernel = random(2, 2, 2, 2)
    np.testing.assert_array_equal(
        convert(layer, [kernel, random(2)], version='2.2.4')[0], kernel)


# ---------------------------------------------------------------------------
# CuDNN layers.

def predict_with(layer_class_kwargs, weights, data, bidirectional=False):
    cls, kwargs = layer_class_kwargs
    layer = cls(**kwargs)
    if bidirectional:
        layer = layers.Bidirectional(layer)
    model = Sequential([layer])
    model.build((None,) + data.shape[1:])
    layer.set_weights(convert(layer, weights))
    return model.predict(data)


CUDNN_PAIRS = {
    'gru': ((layers.CuDNNGRU, dict(units=3, return_sequences=True)),
            (layers.GRU, dict(units=3, return_sequences=True,
                              reset_after=True,
                              recurrent_activation='sigmoid'))),
    'lstm': ((layers.CuDNNLSTM, dict(units=3, return_sequences=True)),
             (layers.LSTM, dict(units=3, return_sequences=True,
                                recurrent_activation='sigmoid'))),
}


@pytest.mark.parametrize('kind', ['gru', 'lstm'])
def test_cudnn_weights_into_plain_layer_predict_the_same(kind):
    cudnn, plain = CUDNN_PAIRS[kind]
    data = random(2, 4, 5)
    gates = 3 if kind == 'gru' else 4
    # CuDNN biases: input then recurrent, (2 * gates * units,).
    weights = [random(5, 3 * gates), random(3, 3 * gates),
               random(2 * gates * 3)]
    expected = predict_with(cudnn, weights, data)
    np.testing.assert_allclose(predict_with(plain, weights, data), expected,
                               **TOLERANCE)


@pytest.mark.parametrize('kind', ['gru', 'lstm'])
def test_plain_weights_into_cudnn_layer_predict_the_same(kind):
    cudnn, plain = CUDNN_PAIRS[kind]
    data = random(2, 4, 5)
    gates = 3 if kind == 'gru' else 4
    bias = random(2, 9) if kind == 'gru' else random(12)
    forward = [random(5, 3 * gates), random(3, 3 * gates), bias]
    weights = forward + [random(*w.shape) for w in forward]
    expected = predict_with(plain, weights, data, bidirectional=True)
    np.testing.assert_allclose(
        predict_with(cudnn, weights, data, bidirectional=True), expected,
        **TOLERANCE)


def test_cudnn_lstm_bias_split_in_halves_and_summed_back():
    cudnn = built(layers.CuDNNLSTM(2), (None, 3, 4))
    plain = built(layers.LSTM(2), (None, 3, 4))
    weights = [random(4, 8), random(2, 8), random(8)]
    to_cudnn = convert(cudnn, weights)
    np.testing.assert_allclose(to_cudnn[2], np.tile(weights[2] / 2, 2))
    back = convert(plain, to_cudnn)
    for array, original in zip(back, weights):
        np.testing.assert_allclose(array, original, **TOLERANCE)


def test_cudnn_input_kernel_layout():
    # One gate, input_dim 2, units 3: the stored slice's C-order values
    # [0..5] are read as the (units, input_dim) matrix [[0, 1], [2, 3],
    # [4, 5]] acting on the left, i.e. x @ [[0, 2, 4], [1, 3, 5]].
    gru = built(layers.GRU(3, reset_after=True), (None, 2, 2))
    stored = np.arange(6, dtype='float32').reshape(2, 3)
    kernel = np.concatenate([stored, stored + 6, stored + 12], axis=1)
    recurrent = np.arange(27, dtype='float32').reshape(3, 9)
    converted = convert(gru, [kernel, recurrent, np.zeros(18, 'float32')])
    np.testing.assert_array_equal(converted[0][:, :3],
                                  [[0, 2, 4], [1, 3, 5]])
    np.testing.assert_array_equal(converted[1][:, 3:6],
                                  recurrent[:, 3:6].T)
    assert converted[2].shape == (2, 9)


def test_gru_without_reset_after_refuses_cudnn_weights():
    gru = built(layers.GRU(2), (None, 3, 4))
    with pytest.raises(ValueError, match='not compatible'):
        convert(gru, [random(4, 6), random(2, 6), random(12)])
    cudnn = built(layers.CuDNNGRU(2), (None, 3, 4))
    with pytest.raises(ValueError, match='not compatible'):
        convert(cudnn, [random(4, 6), random(2, 6), random(6)])


def test_rnn_bias_of_no_known_layout():
    lstm = built(layers.LSTM(2), (None, 3, 4))
    with pytest.raises(ValueError, match=r'Invalid bias shape.*\(5,\)'):
        convert(lstm, [random(4, 8), random(2, 8), random(5)])


def test_nested_model_with_cudnn_gru_into_model_with_gru():
    def model_with(rnn):
        inner = Sequential([layers.Dense(4, input_shape=(3, 2)), rnn])
        x = Input((3, 2))
        return Model(x, inner(x)), inner
    data = random(2, 3, 2)
    source, source_inner = model_with(layers.CuDNNGRU(2))
    target, target_inner = model_with(layers.GRU(
        2, reset_after=True, recurrent_activation='sigmoid'))
    weights = [random(*K.int_shape(w)) for w in source_inner.weights]
    source_inner.set_weights(weights)
    target_inner.set_weights(convert(target_inner, weights))
    np.testing.assert_allclose(target.predict(data), source.predict(data),
                               **TOLERANCE)


# ---------------------------------------------------------------------------
# reshape=True.

def test_reshape_conv_kernel_and_dense_kernel():
    conv = built(layers.Conv2D(2, 2), (None, 4, 4, 1))
    flat = random(8)
    converted = convert(conv, [flat, random(2)], reshape=True)
    np.testing.assert_array_equal(converted[0], flat.reshape(2, 2, 1, 2))
    dense = built(layers.Dense(3), (None, 4))
    converted = convert(dense, [random(2, 6), random(1, 3)], reshape=True)
    assert [a.shape for a in converted] == [(4, 3), (3,)]


def test_reshape_of_another_size_names_layer_weight_and_shapes():
    dense = built(layers.Dense(3, name='dense_reshaped'), (None, 4))
    with pytest.raises(ValueError) as info:
        convert(dense, [random(5, 3), random(3)], reshape=True)
    message = str(info.value)
    for part in ('dense_reshaped', 'kernel', '(4, 3)', '(5, 3)'):
        assert part in message


def test_without_reshape_shapes_are_left_to_the_loader():
    dense = built(layers.Dense(3), (None, 4))
    converted = convert(dense, [random(2, 6), random(3)])
    assert converted[0].shape == (2, 6)
