"""Convolution primitives on tf.nn: cross-correlations as the numpy
oracle (keras/backend/numpy/conv.py) defines them, with TensorFlow's 'same'
padding; kernels (*k, in, out), (*k, in, multiplier) for depthwise and
(*k, out, in) for transposed convolutions.

TensorFlow's CPU kernels only take channels-last data, so channels-first
inputs are transposed there and back, as Keras 2 did. Three more CPU gaps
are worked around here, each where it occurs:
- no gradient for a dilated Conv2D/Conv3D op, and no dilated transposed
  convolution at all: tf.nn.convolution runs dilated convolutions through
  space_to_batch (differentiable), and a dilated transposed convolution, or
  one with strides and dilation together (which tf.nn refuses), uses the
  kernel with its zeros written out;
- no 1D or 3D depthwise op: 1D runs as 2D over a unit axis, 3D as a sum of
  2D depthwise convolutions, one per depth offset of the kernel.
"""
import math

import tensorflow as tf

from keras.backend.conv_arithmetic import effective_kernel_size
from keras.backend.tensorflow.dtypes import promote


def to_channels_last(x, data_format):
    if data_format == 'channels_first':
        rank = len(x.shape)
        return tf.transpose(x, [0] + list(range(2, rank)) + [1])
    return x


def from_channels_last(x, data_format):
    if data_format == 'channels_first':
        rank = len(x.shape)
        return tf.transpose(x, [0, rank - 1] + list(range(1, rank - 1)))
    return x


# Named explicitly: some gradient functions (Conv3D's, MaxPool3D's) read the
# op's data_format attribute, which eager mode leaves unset otherwise.
CHANNELS_LAST = {1: 'NWC', 2: 'NHWC', 3: 'NDHWC'}


def dilated_kernel(kernel, dilation_rate):
    """`kernel` (*k, ...) with d - 1 zeros between its entries along each
    spatial axis: a kernel of span (k - 1) * d + 1 that, undilated,
    computes the dilated convolution."""
    for axis, rate in enumerate(dilation_rate):
        if rate == 1:
            continue
        size = kernel.shape[axis]
        kernel = tf.expand_dims(kernel, axis + 1)
        pads = [[0, 0]] * len(kernel.shape)
        pads[axis + 1] = [0, rate - 1]
        kernel = tf.pad(kernel, pads)
        shape = kernel.shape.as_list()
        kernel = tf.reshape(kernel, shape[:axis] + [size * rate] +
                            shape[axis + 2:])
        kernel = kernel[(slice(None),) * axis +
                        (slice(0, effective_kernel_size(size, rate)),)]
    return kernel


def size_of(x, axis):
    """Static size of `x` along `axis` if known, else a scalar tensor."""
    size = x.shape[axis]
    return size if size is not None else tf.shape(x)[axis]


def _padding_amounts(size, kernel_size, stride, dilation, padding):
    """(before, after) zeros of one axis, TensorFlow's rule; `size` may be
    a scalar tensor."""
    if padding == 'valid':
        return 0, 0
    span = effective_kernel_size(kernel_size, dilation)
    total = (-(-size // stride) - 1) * stride + span - size
    if isinstance(total, int):
        total = max(total, 0)
    else:
        total = tf.maximum(total, 0)
    return total // 2, total - total // 2


def _depthwise_2d(x, kernel, strides, padding, dilation_rate):
    if max(strides) > 1 and max(dilation_rate) > 1:
        # tf.nn.depthwise_conv2d accepts both but computes a wrong result.
        kernel = dilated_kernel(kernel, dilation_rate)
        dilation_rate = (1, 1)
    if strides[0] == strides[1]:
        # Its dilation goes through space_to_batch: gradients run on the
        # CPU.
        return tf.nn.depthwise_conv2d(x, kernel, [1] + list(strides) + [1],
                                      padding.upper(), data_format='NHWC',
                                      dilations=dilation_rate)
    # The op takes equal strides only: pad as the real strides ask, run at
    # their greatest common divisor and keep every (s / gcd)th position.
    pads = [[0, 0]]
    for axis, (size, stride) in enumerate(zip(kernel.shape[:2], strides)):
        pads.append(list(_padding_amounts(size_of(x, axis + 1), size,
                                          stride, 1, padding)))
    x = tf.pad(x, pads + [[0, 0]])
    common = math.gcd(*strides)
    out = tf.nn.depthwise_conv2d(x, kernel, [1, common, common, 1], 'VALID',
                                 data_format='NHWC')
    return out[:, ::strides[0] // common, ::strides[1] // common]


def _depthwise_3d(x, kernel, strides, padding, dilation_rate):
    """Sum over the kernel's depth offsets of 2D depthwise convolutions of
    the depth slices each offset meets (batch and output depth merged)."""
    depth, rate, stride = kernel.shape[0], dilation_rate[0], strides[0]
    lo, hi = _padding_amounts(size_of(x, 1), depth, stride, rate, padding)
    x = tf.pad(x, [[0, 0], [lo, hi], [0, 0], [0, 0], [0, 0]])
    span = effective_kernel_size(depth, rate)
    out_depth = (size_of(x, 1) - span) // stride + 1
    batch = size_of(x, 0)
    height, width, channels = size_of(x, 2), size_of(x, 3), x.shape[4]
    total = None
    for offset in range(depth):
        start = offset * rate
        seen = x[:, start:start + (out_depth - 1) * stride + 1:stride]
        seen = tf.reshape(seen, [-1, height, width, channels])
        out = _depthwise_2d(seen, kernel[offset], strides[1:], padding,
                            dilation_rate[1:])
        total = out if total is None else total + out
    return tf.reshape(total, [batch, out_depth, size_of(total, 1),
                              size_of(total, 2), total.shape[3]])


class TensorflowConv(object):

    def conv(self, x, kernel, strides, padding, dilation_rate, data_format):
        x, kernel = promote(x, kernel)
        x = to_channels_last(x, data_format)
        if max(strides) > 1 and max(dilation_rate) > 1:
            kernel = dilated_kernel(kernel, dilation_rate)
            dilation_rate = (1,) * len(strides)
        # tf.nn.convolution, not conv2d: with dilation it goes through
        # space_to_batch, whose gradient runs on the CPU (Conv2D's does not).
        out = tf.nn.convolution(x, kernel, strides=list(strides),
                                padding=padding.upper(),
                                data_format=CHANNELS_LAST[len(strides)],
                                dilations=list(dilation_rate))
        return from_channels_last(out, data_format)

    def depthwise_conv(self, x, kernel, strides, padding, dilation_rate,
                       data_format):
        x, kernel = promote(x, kernel)
        x = to_channels_last(x, data_format)
        n = len(strides)
        if n == 1:
            # The unit axis takes the same stride (the op wants equal
            # ones); it still has one position.
            out = _depthwise_2d(tf.expand_dims(x, 1),
                                tf.expand_dims(kernel, 0),
                                (strides[0],) + tuple(strides),
                                padding, (1,) + tuple(dilation_rate))
            out = tf.squeeze(out, 1)
        elif n == 2:
            out = _depthwise_2d(x, kernel, strides, padding, dilation_rate)
        else:
            out = _depthwise_3d(x, kernel, strides, padding, dilation_rate)
        return from_channels_last(out, data_format)

    def conv_transpose(self, x, kernel, output_shape, strides, padding,
                       dilation_rate, data_format):
        x, kernel = promote(x, kernel)
        x = to_channels_last(x, data_format)
        if max(dilation_rate) > 1:
            # No dilated transposed convolution on TensorFlow's CPU.
            kernel = dilated_kernel(kernel, dilation_rate)
        sizes = [tf.shape(x)[0] if x.shape[0] is None else x.shape[0]]
        sizes += [tf.cast(size, tf.int32) if tf.is_tensor(size) else
                  int(size) for size in output_shape]
        sizes.append(kernel.shape[-2])
        if any(tf.is_tensor(size) for size in sizes):
            sizes = tf.stack([tf.cast(size, tf.int32) for size in sizes])
        out = tf.nn.conv_transpose(x, kernel, sizes, strides=list(strides),
                                   padding=padding.upper(),
                                   data_format=CHANNELS_LAST[len(strides)])
        return from_channels_last(out, data_format)
