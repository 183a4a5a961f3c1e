"""NumPy forward passes for the legacy test files (tests/data/legacy/),
written from the layers' equations with explicit loops, independent of
keras. `true_convolution=True` is Theano's convention (the kernel is
applied flipped along its spatial axes), False TensorFlow's
(cross-correlation). Inputs and kernels are channels-last: x (batch,
*spatial, channels), kernels (*spatial, in, out)."""
import itertools

import numpy as np


def sigmoid(x):
    return 1. / (1. + np.exp(-x))


def hard_sigmoid(x):
    return np.clip(0.2 * x + 0.5, 0., 1.)


def relu(x):
    return np.maximum(x, 0.)


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


ACTIVATIONS = {'linear': lambda x: x, 'tanh': np.tanh, 'relu': relu,
               'sigmoid': sigmoid, 'hard_sigmoid': hard_sigmoid,
               'softmax': softmax}


def _kernel_tap(kernel, offset, true_convolution):
    """The kernel entry applied to the input at `offset` in the window."""
    if true_convolution:
        offset = tuple(k - 1 - o for k, o in zip(kernel.shape, offset))
    return kernel[offset]


def conv(x, kernel, true_convolution, padding='valid'):
    """N-D convolution, stride 1: a sum over kernel offsets of the shifted
    input times that offset's (in, out) matrix. 'same' pads symmetrically
    (odd kernels only)."""
    spatial = kernel.shape[:-2]
    if padding == 'same':
        assert all(k % 2 == 1 for k in spatial), 'odd kernels only'
        pads = [(0, 0)] + [(k // 2, k // 2) for k in spatial] + [(0, 0)]
        x = np.pad(x, pads)
    out_shape = tuple(n - k + 1 for n, k in zip(x.shape[1:-1], spatial))
    out = np.zeros((x.shape[0],) + out_shape + (kernel.shape[-1],))
    for offset in itertools.product(*[range(k) for k in spatial]):
        window = x[(slice(None),) + tuple(
            slice(o, o + n) for o, n in zip(offset, out_shape))]
        out += window @ _kernel_tap(kernel, offset, true_convolution)
    return out


def depthwise_conv2d(x, kernel, true_convolution):
    """kernel (rows, cols, channels, multiplier); output channels c * m."""
    rows, cols, channels, multiplier = kernel.shape
    out_rows, out_cols = x.shape[1] - rows + 1, x.shape[2] - cols + 1
    out = np.zeros((x.shape[0], out_rows, out_cols, channels, multiplier))
    for a in range(rows):
        for b in range(cols):
            tap = _kernel_tap(kernel, (a, b), true_convolution)
            window = x[:, a:a + out_rows, b:b + out_cols]
            out += window[..., None] * tap
    return out.reshape(out.shape[:3] + (channels * multiplier,))


def separable_conv2d(x, depthwise, pointwise, true_convolution):
    return conv(depthwise_conv2d(x, depthwise, true_convolution),
                pointwise, true_convolution)


def conv2d_transpose(x, kernel, strides, true_convolution):
    """'valid' transposed convolution: each input pixel adds its channels
    times the kernel (rows, cols, filters, in) at its strided place.
    Theano's is the transpose of its true convolution: kernel flipped."""
    rows, cols, filters, _ = kernel.shape
    if true_convolution:
        kernel = kernel[::-1, ::-1]
    batch, in_rows, in_cols, _ = x.shape
    out = np.zeros((batch, (in_rows - 1) * strides[0] + rows,
                    (in_cols - 1) * strides[1] + cols, filters))
    for i in range(in_rows):
        for j in range(in_cols):
            contribution = np.einsum('bc,rsfc->brsf', x[:, i, j], kernel)
            out[:, i * strides[0]:i * strides[0] + rows,
                j * strides[1]:j * strides[1] + cols] += contribution
    return out


def dense(x, kernel, bias, activation='linear'):
    return ACTIVATIONS[activation](x @ kernel + bias)


def batch_normalization(x, gamma, beta, mean, variance, epsilon=1e-3):
    return gamma * (x - mean) / np.sqrt(variance + epsilon) + beta


def lstm(x, kernel, recurrent, bias, activation='tanh',
         recurrent_activation='sigmoid', return_sequences=False,
         go_backwards=False):
    """Keras 2 LSTM, gates i, f, c, o concatenated."""
    units = recurrent.shape[0]
    act = ACTIVATIONS[activation]
    gate = ACTIVATIONS[recurrent_activation]
    h = np.zeros((x.shape[0], units))
    c = np.zeros((x.shape[0], units))
    outputs = []
    steps = range(x.shape[1])
    for t in (reversed(steps) if go_backwards else steps):
        z = x[:, t] @ kernel + h @ recurrent + bias
        i, f, g, o = np.split(z, 4, axis=-1)
        c = gate(f) * c + gate(i) * act(g)
        h = gate(o) * act(c)
        outputs.append(h)
    return np.stack(outputs, axis=1) if return_sequences else h


def gru(x, kernel, recurrent, bias, activation='tanh',
        recurrent_activation='sigmoid', reset_after=False,
        return_sequences=False):
    """Keras 2 GRU, gates z, r, h; with reset_after the bias is (2, 3u)
    and the reset gate multiplies the recurrent product."""
    units = recurrent.shape[0]
    act = ACTIVATIONS[activation]
    gate = ACTIVATIONS[recurrent_activation]
    input_bias, recurrent_bias = ((bias[0], bias[1]) if reset_after
                                  else (bias, np.zeros(3 * units)))
    h = np.zeros((x.shape[0], units))
    outputs = []
    for t in range(x.shape[1]):
        x_z, x_r, x_h = np.split(x[:, t] @ kernel + input_bias, 3, axis=-1)
        U_z, U_r, U_h = np.split(recurrent, 3, axis=-1)
        b_z, b_r, b_h = np.split(recurrent_bias, 3)
        z = gate(x_z + h @ U_z + b_z)
        r = gate(x_r + h @ U_r + b_r)
        if reset_after:
            candidate = act(x_h + r * (h @ U_h + b_h))
        else:
            candidate = act(x_h + (r * h) @ U_h)
        h = z * h + (1. - z) * candidate
        outputs.append(h)
    return np.stack(outputs, axis=1) if return_sequences else h


def cudnn_acting_kernels(kernel, recurrent, gates):
    """The matrices cuDNN applied for 2.3.1's stored CuDNN kernels: each
    gate's kernel slice went to cuDNN flattened in C order and was read as
    a (units, input_dim) matrix acting on the left; each recurrent slice
    likewise (its transpose acts on the right)."""
    units, input_dim = recurrent.shape[0], kernel.shape[0]
    W, U = [], []
    for g in range(gates):
        columns = slice(g * units, (g + 1) * units)
        W.append(kernel[:, columns].reshape(-1).reshape(units,
                                                        input_dim).T)
        U.append(recurrent[:, columns].T)
    return np.concatenate(W, axis=1), np.concatenate(U, axis=1)


def cudnn_gru(x, kernel, recurrent, bias, return_sequences=False):
    W, U = cudnn_acting_kernels(kernel, recurrent, 3)
    return gru(x, W, U, bias.reshape(2, -1), reset_after=True,
               return_sequences=return_sequences)


def cudnn_lstm(x, kernel, recurrent, bias, return_sequences=False):
    W, U = cudnn_acting_kernels(kernel, recurrent, 4)
    half = bias.shape[0] // 2
    return lstm(x, W, U, bias[:half] + bias[half:],
                return_sequences=return_sequences)


def conv_lstm2d(x, kernel, recurrent, bias, true_convolution,
                activation='tanh', recurrent_activation='hard_sigmoid'):
    """Keras 2 ConvLSTM2D, 'valid' input convolution and 'same' recurrent
    convolution, last output only. x (batch, time, rows, cols, ch)."""
    act = ACTIVATIONS[activation]
    gate = ACTIVATIONS[recurrent_activation]
    filters = recurrent.shape[-2]
    h = None
    for t in range(x.shape[1]):
        z_x = conv(x[:, t], kernel, true_convolution) + bias
        if h is None:
            h = np.zeros(z_x.shape[:-1] + (filters,))
            c = np.zeros_like(h)
        z = z_x + conv(h, recurrent, true_convolution, padding='same')
        i, f, g, o = np.split(z, 4, axis=-1)
        c = gate(f) * c + gate(i) * act(g)
        h = gate(o) * act(c)
    return h


def embedding(indices, table):
    return table[indices.astype('int64')]
