"""Convolution primitives on torch.nn.functional: cross-correlations as the
numpy oracle (keras/backend/numpy/conv.py) defines them, with TensorFlow's
'same' padding; kernels (*k, in, out), (*k, in, multiplier) for depthwise
and (*k, out, in) for transposed convolutions.

torch computes channels first. A channels-last input is permuted (a view:
for 2D data it is exactly torch's channels_last memory format, which its
CPU kernels take without a copy) and the result permuted back. torch pads
symmetrically only; the odd zero TensorFlow's 'same' puts after is added
by F.pad first.
"""
import torch
import torch.nn.functional as F

from keras.backend.conv_arithmetic import effective_kernel_size
from keras.backend.conv_arithmetic import explicit_padding
from keras.backend.torch.core import result_dtype
from keras.backend.torch.core import tensor

_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
_CONV_TRANSPOSE = {1: F.conv_transpose1d, 2: F.conv_transpose2d,
                   3: F.conv_transpose3d}


def to_channels_first(x, data_format):
    if data_format == 'channels_last':
        n = x.ndim - 2
        return x.permute(0, n + 1, *range(1, n + 1))
    return x


def from_channels_first(x, data_format):
    if data_format == 'channels_last':
        return x.permute(0, *range(2, x.ndim), 1)
    return x


def same_dtype(x, kernel):
    """`x` and `kernel` as tensors of numpy's result dtype of the two."""
    x, kernel = tensor(x), tensor(kernel)
    if x.dtype is not kernel.dtype:
        dtype = result_dtype(x.dtype, kernel.dtype)
        x, kernel = x.to(dtype), kernel.to(dtype)
    return x, kernel


def paddings(sizes, kernel_sizes, strides, dilations, padding):
    """(before, after) zeros per spatial axis (TensorFlow's rule)."""
    return [explicit_padding(size, k, s, d, padding) for size, k, s, d in
            zip(sizes, kernel_sizes, strides, dilations)]


def pad_after(x, extra, value=0.):
    """`x` (channels first) with `extra[i]` more entries of `value` at the
    end of spatial axis i (F.pad lists the last axis first)."""
    if not any(extra):
        return x
    flat = []
    for count in reversed(extra):
        flat += [0, count]
    return F.pad(x, flat, value=value)


def torch_kernel(kernel):
    """(*k, a, b) -> (b, a, *k), torch's order of kernel axes."""
    n = kernel.ndim - 2
    return kernel.permute(n + 1, n, *range(n))


def _convolve(x, weight, kernel_sizes, strides, padding, dilation_rate,
              groups=1):
    """F.conv{n}d of a channels-first `x`, with TensorFlow's padding."""
    pads = paddings(x.shape[2:], kernel_sizes, strides, dilation_rate,
                    padding)
    x = pad_after(x, [hi - lo for lo, hi in pads])
    return _CONV[len(strides)](x, weight, None, strides,
                               [lo for lo, _ in pads], dilation_rate, groups)


class TorchConv(object):

    def conv(self, x, kernel, strides, padding, dilation_rate, data_format):
        x, kernel = same_dtype(x, kernel)
        x = to_channels_first(x, data_format)
        out = _convolve(x, torch_kernel(kernel), kernel.shape[:-2], strides,
                        padding, dilation_rate)
        return from_channels_first(out, data_format)

    def depthwise_conv(self, x, kernel, strides, padding, dilation_rate,
                       data_format):
        x, kernel = same_dtype(x, kernel)
        x = to_channels_first(x, data_format)
        sizes = kernel.shape[:-2]
        channels, multiplier = kernel.shape[-2:]
        # One group per input channel; (*k, C, M) -> (*k, 1, C * M) keeps
        # output channel c * M + m, torch's order of groups too.
        weight = torch_kernel(kernel.reshape(*sizes, 1,
                                             channels * multiplier))
        out = _convolve(x, weight, sizes, strides, padding, dilation_rate,
                        groups=channels)
        return from_channels_first(out, data_format)

    def conv_transpose(self, x, kernel, output_shape, strides, padding,
                       dilation_rate, data_format):
        """torch's transposed convolution crops `padding` from both ends of
        the full result and adds `output_padding` zeros after; the contract
        crops TensorFlow's (before, after), so pass `before` and make up
        the difference at the end (output_padding, or a slice)."""
        x, kernel = same_dtype(x, kernel)
        x = to_channels_first(x, data_format)
        sizes = kernel.shape[:-2]
        output_shape = tuple(int(size) for size in output_shape)
        pads = paddings(output_shape, sizes, strides, dilation_rate,
                        padding)
        output_padding, crop = [], False
        for n, k, s, d, (lo, hi), size in zip(output_shape, sizes, strides,
                                              dilation_rate, pads,
                                              x.shape[2:]):
            span = effective_kernel_size(k, d)
            if (n + lo + hi - span) // s + 1 != size:
                raise ValueError(
                    'conv_transpose: an output of spatial shape %s gives '
                    'other sizes than %s under a convolution with kernel '
                    '%s, strides %s, padding %r and dilation %s.'
                    % (output_shape, tuple(x.shape[2:]), tuple(sizes),
                       tuple(strides), padding, tuple(dilation_rate)))
            full = (size - 1) * s + span
            extra = n + 2 * lo - full
            output_padding.append(max(extra, 0))
            crop = crop or extra < 0
        out = _CONV_TRANSPOSE[len(strides)](
            x, torch_kernel(kernel), None, strides, [lo for lo, _ in pads],
            output_padding, 1, dilation_rate)
        if crop:
            out = out[(slice(None), slice(None)) +
                      tuple(slice(0, n) for n in output_shape)]
        return from_channels_first(out, data_format)
