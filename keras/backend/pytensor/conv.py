"""Convolution primitives (see the contract in keras/backend/ops/conv.py).

PyTensor has no convolution op any more: these are numpylike's
formulation (shifted slices and one GEMM, keras/backend/numpylike/conv.py),
with Theano's conventions, as Keras 2 on Theano computed, so that weight
files written there keep their meaning:

- the kernel is flipped along its spatial axes (true convolution);
- 'same' pads span // 2 before each spatial axis (Theano's 'half' border,
  whose extra output position Keras cropped off for even spans), not
  TensorFlow's split: output i sees the inputs from i * stride - span // 2.
  The transposed convolution is the adjoint of that one (Keras 2.3.1
  refused even kernels there; they follow the same rule here).
"""
import numbers

import pytensor.tensor as pt

from keras.backend.conv_arithmetic import effective_kernel_size
from keras.backend.pytensor.values import filled
from keras.backend.pytensor.values import with_static_shape

# The padding that the convolutions hand to numpylike for 'same', so that
# `_spatial_pads` applies Theano's rule.
HALF = 'theano-half'


def padding_after(size, window, stride, before):
    """The zeros after an axis padded with `before` zeros that leave
    ceil(size / stride) windows of `window`; `size` may be symbolic."""
    if stride == 1:
        # Independent of the size: the output has `size` positions.
        return max(window - 1 - before, 0)
    out = (size + stride - 1) // stride
    after = (out - 1) * stride + window - size - before
    if isinstance(after, numbers.Integral):
        return max(after, 0)
    # max(after, 0) of a symbolic size. A negative `after` is above
    # -stride, so no padding leaves exactly `out` windows too.
    return (after + abs(after)) // 2


def half_padding(size, kernel_size, stride, dilation):
    """Theano's 'same' padding of one axis of a convolution: (before,
    after)."""
    span = effective_kernel_size(kernel_size, dilation)
    return span // 2, padding_after(size, span, stride, span // 2)


def flipped(kernel):
    """`kernel` (*spatial, in, out) reversed along its spatial axes."""
    spatial = len(kernel.shape) - 2
    return kernel[(slice(None, None, -1),) * spatial]


class PytensorConv(object):

    def conv(self, x, kernel, strides, padding, dilation_rate, data_format):
        return super(PytensorConv, self).conv(
            x, flipped(self.convert(kernel)), strides,
            HALF if padding == 'same' else padding, dilation_rate,
            data_format)

    def depthwise_conv(self, x, kernel, strides, padding, dilation_rate,
                       data_format):
        return super(PytensorConv, self).depthwise_conv(
            x, flipped(self.convert(kernel)), strides,
            HALF if padding == 'same' else padding, dilation_rate,
            data_format)

    def conv_transpose(self, x, kernel, output_shape, strides, padding,
                       dilation_rate, data_format):
        # Keras 2 on Theano took the gradient of its 'half' convolution
        # (AbstractConv2d_gradInputs): the adjoint of `conv`, padding
        # included.
        return super(PytensorConv, self).conv_transpose(
            x, flipped(self.convert(kernel)), output_shape, strides,
            HALF if padding == 'same' else padding, dilation_rate,
            data_format)

    def _spatial_pads(self, sizes, kernel_sizes, strides, dilations,
                      padding):
        if padding != HALF:
            return super(PytensorConv, self)._spatial_pads(
                sizes, kernel_sizes, strides, dilations, padding)
        return [half_padding(n, k, s, d) for n, k, s, d in
                zip(sizes, kernel_sizes, strides, dilations)]

    def _add_at(self, x, index, values):
        return with_static_shape(pt.inc_subtensor(x[index], values))

    def _pad_spatial(self, x, pads, value=0.):
        if all(isinstance(w, int) and w == 0 for pair in pads for w in pair):
            return x
        # x placed in a filled tensor. Not pt.pad: it takes Python ints
        # only, and is an OpFromGraph whose Python implementation compiles
        # its inner graph (with numba) at every call of a cheap-mode graph.
        # Python ints where the static shape knows them: a symbolic size
        # makes PyTensor infer the static shape through the whole graph.
        shape = [n if n is not None else x.shape[axis]
                 for axis, n in enumerate(x.type.shape)]
        padded_shape = ((shape[0],) +
                        tuple(n + before + after for n, (before, after) in
                              zip(shape[1:-1], pads)) + (shape[-1],))
        outside = filled(value, x.dtype, padded_shape)
        inside = tuple(slice(before, before + n)
                       for n, (before, _) in zip(shape[1:-1], pads))
        return with_static_shape(pt.set_subtensor(
            outside[(slice(None),) + inside], x))
