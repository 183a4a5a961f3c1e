"""Weights of CuDNNGRU / CuDNNLSTM and of GRU / LSTM, converted into each
other as Keras 2.3.1's loader converted them (`convert_rnn_weights`)."""
import numpy as np


def _split_gates(kernel, gates):
    return np.split(kernel, gates, axis=-1)


def _from_cudnn_input_kernel(kernel):
    """A CuDNN layer's input kernel slice (input_dim, units) as the kernel
    it acts as: 2.3.1 handed cuDNN the slice flattened in C order, which
    cuDNN reads as a (units, input_dim) matrix M acting as `M x`."""
    rows, cols = kernel.shape
    return np.reshape(kernel, (cols, rows)).T


def _to_cudnn_input_kernel(kernel):
    rows, cols = kernel.shape
    return np.reshape(kernel.T, (rows, cols))


def _transform_gates(kernel, gates, transform):
    return np.concatenate([transform(k) for k in _split_gates(kernel, gates)],
                          axis=-1)


def _convert_kernels(weights, gates, from_cudnn):
    input_transform = (_from_cudnn_input_kernel if from_cudnn
                       else _to_cudnn_input_kernel)
    return [_transform_gates(weights[0], gates, input_transform),
            # Each square recurrent slice acts transposed likewise.
            _transform_gates(weights[1], gates, np.transpose)]


def convert_rnn_weights(layer, weights):
    """Converts between CuDNNLSTM and LSTM, and between CuDNNGRU and
    GRU(reset_after=True), as 2.3.1 did; other weights pass unchanged.

    The source layout is read from the bias shape (with `units` from the
    recurrent kernel): CuDNN layers keep an input and a recurrent bias,
    flat, `(2 * gates * units,)`; LSTM one `(4 * units,)`; GRU with
    reset_after two rows `(2, 3 * units)`, without `(3 * units,)`. Gates
    are in the same order on both sides (i, f, c, o; z, r, h). What
    differs is how cuDNN reads kernels: each gate's input kernel slice is
    read as its C-order bytes laid out (units, input_dim), and each
    recurrent slice transposed, so both are rearranged. LSTM's single
    bias is the sum of CuDNNLSTM's two; going the other way it is split
    in halves. A GRU without reset_after computes another function: no
    conversion exists, and it is an error.
    """
    target_class = layer.__class__.__name__
    if len(weights) != 3:
        return weights
    if target_class in ('LSTM', 'CuDNNLSTM'):
        units = weights[1].shape[0]
        bias_shape = weights[2].shape
        if bias_shape == (8 * units,):
            source = 'CuDNNLSTM'
        elif bias_shape == (4 * units,):
            source = 'LSTM'
        else:
            raise ValueError('Invalid bias shape for layer %s (%s): %s; '
                             'expected (%d,) (LSTM) or (%d,) (CuDNNLSTM).'
                             % (layer.name, target_class, bias_shape,
                                4 * units, 8 * units))
        if source == target_class:
            return weights
        from_cudnn = source == 'CuDNNLSTM'
        kernels = _convert_kernels(weights, 4, from_cudnn)
        if from_cudnn:
            bias = weights[2][:4 * units] + weights[2][4 * units:]
        else:
            bias = np.tile(0.5 * weights[2], 2)
        return kernels + [bias]
    if target_class in ('GRU', 'CuDNNGRU'):
        units = weights[1].shape[0]
        bias_shape = weights[2].shape
        if bias_shape == (6 * units,):
            source = 'CuDNNGRU'
        elif bias_shape == (2, 3 * units):
            source = 'GRU(reset_after=True)'
        elif bias_shape == (3 * units,):
            source = 'GRU(reset_after=False)'
        else:
            raise ValueError('Invalid bias shape for layer %s (%s): %s; '
                             'expected (%d,) (GRU), (2, %d) (GRU with '
                             'reset_after) or (%d,) (CuDNNGRU).'
                             % (layer.name, target_class, bias_shape,
                                3 * units, 3 * units, 6 * units))
        if target_class == 'CuDNNGRU':
            target = 'CuDNNGRU'
        elif getattr(layer, 'reset_after', False):
            target = 'GRU(reset_after=True)'
        else:
            target = 'GRU(reset_after=False)'
        if source == target:
            return weights
        if 'GRU(reset_after=False)' in (source, target):
            raise ValueError(
                'Layer %s: weights of a %s are not compatible with a %s '
                '(only GRU(reset_after=True) computes what CuDNNGRU '
                'computes).' % (layer.name, source, target))
        from_cudnn = source == 'CuDNNGRU'
        kernels = _convert_kernels(weights, 3, from_cudnn)
        bias = np.reshape(weights[2], (2, 3 * units) if from_cudnn
                          else (6 * units,))
        return kernels + [bias]
    return weights
