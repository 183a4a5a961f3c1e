"""The reference convolutions: numpy only, written as their definitions.

The numpy backend is the oracle the other backends are tested against, so
these favour plainness over speed: an output is the sum, over the kernel
offsets, of the input window seen at that offset times the kernel entry
there. Layouts, strides, dilation and TensorFlow's 'same' padding follow
the primitive contract in keras/backend/ops/conv.py.
"""
import numpy as np

from keras.backend.conv_arithmetic import effective_kernel_size
from keras.backend.conv_arithmetic import explicit_padding


def to_channels_last(x, data_format):
    if data_format == 'channels_first':
        return np.moveaxis(x, 1, -1)
    return x


def from_channels_last(x, data_format):
    if data_format == 'channels_first':
        return np.moveaxis(x, -1, 1)
    return x


def padded(x, kernel_sizes, strides, dilations, padding, value=0.):
    """`x` (channels last) with the zeros (or `value`) of `padding` added
    around its spatial axes."""
    pads = [explicit_padding(size, k, s, d, padding) for size, k, s, d in
            zip(x.shape[1:-1], kernel_sizes, strides, dilations)]
    return np.pad(x, [(0, 0)] + pads + [(0, 0)], constant_values=value)


def output_sizes(padded_sizes, kernel_sizes, strides, dilations):
    return tuple((size - effective_kernel_size(k, d)) // s + 1
                 for size, k, s, d in zip(padded_sizes, kernel_sizes,
                                          strides, dilations))


def window(x, offset, out_sizes, strides, dilations):
    """The entries of `x` (channels last, padded) that kernel position
    `offset` meets, one per output position: shape (batch, *out_sizes,
    channels)."""
    index = tuple(slice(o * d, o * d + (n - 1) * s + 1, s)
                  for o, n, s, d in zip(offset, out_sizes, strides,
                                        dilations))
    return x[(slice(None),) + index + (slice(None),)]


class NumpyConv(object):

    def conv(self, x, kernel, strides, padding, dilation_rate, data_format):
        x = to_channels_last(np.asarray(x), data_format)
        kernel = np.asarray(kernel)
        sizes = kernel.shape[:-2]
        x = padded(x, sizes, strides, dilation_rate, padding)
        out_sizes = output_sizes(x.shape[1:-1], sizes, strides,
                                 dilation_rate)
        out = np.zeros((x.shape[0],) + out_sizes + (kernel.shape[-1],),
                       dtype=np.result_type(x, kernel))
        for offset in np.ndindex(*sizes):
            out += window(x, offset, out_sizes, strides,
                          dilation_rate) @ kernel[offset]
        return from_channels_last(out, data_format)

    def depthwise_conv(self, x, kernel, strides, padding, dilation_rate,
                       data_format):
        x = to_channels_last(np.asarray(x), data_format)
        kernel = np.asarray(kernel)
        sizes = kernel.shape[:-2]
        channels, multiplier = kernel.shape[-2:]
        x = padded(x, sizes, strides, dilation_rate, padding)
        out_sizes = output_sizes(x.shape[1:-1], sizes, strides,
                                 dilation_rate)
        out = np.zeros((x.shape[0],) + out_sizes + (channels, multiplier),
                       dtype=np.result_type(x, kernel))
        for offset in np.ndindex(*sizes):
            seen = window(x, offset, out_sizes, strides, dilation_rate)
            out += seen[..., None] * kernel[offset]
        # Output channel c * multiplier + m, as TensorFlow orders them.
        out = out.reshape(out.shape[:-2] + (channels * multiplier,))
        return from_channels_last(out, data_format)

    def conv_transpose(self, x, kernel, output_shape, strides, padding,
                       dilation_rate, data_format):
        """The adjoint of `conv` from outputs of spatial size
        `output_shape` to inputs of the size of `x`: every input entry
        spreads through the kernel over the positions it was computed
        from."""
        x = to_channels_last(np.asarray(x), data_format)
        kernel = np.asarray(kernel)
        sizes = kernel.shape[:-2]
        output_shape = tuple(int(n) for n in output_shape)
        pads = [explicit_padding(n, k, s, d, padding) for n, k, s, d in
                zip(output_shape, sizes, strides, dilation_rate)]
        padded_sizes = tuple(n + lo + hi for n, (lo, hi) in
                             zip(output_shape, pads))
        expected = output_sizes(padded_sizes, sizes, strides, dilation_rate)
        if expected != tuple(x.shape[1:-1]):
            raise ValueError(
                'conv_transpose: an output of spatial shape %s gives %s '
                'positions under a convolution with kernel %s, strides %s, '
                'padding %r and dilation %s; the input has %s.'
                % (output_shape, expected, sizes, tuple(strides), padding,
                   tuple(dilation_rate), tuple(x.shape[1:-1])))
        out = np.zeros((x.shape[0],) + padded_sizes + (kernel.shape[-2],),
                       dtype=np.result_type(x, kernel))
        in_sizes = x.shape[1:-1]
        for offset in np.ndindex(*sizes):
            # kernel[offset] maps out channels to in channels: (out, in).
            spread = x @ kernel[offset].T
            index = tuple(slice(o * d, o * d + (n - 1) * s + 1, s)
                          for o, n, s, d in zip(offset, in_sizes, strides,
                                                dilation_rate))
            out[(slice(None),) + index + (slice(None),)] += spread
        crop = tuple(slice(lo, lo + n) for (lo, _), n in
                     zip(pads, output_shape))
        out = out[(slice(None),) + crop + (slice(None),)]
        return from_channels_last(out, data_format)
