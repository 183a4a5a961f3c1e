"""Convolution primitives (see the contract in keras/backend/ops/conv.py).

PyTensor has no convolution op any more: these are numpylike's
formulation (shifted slices and one GEMM, keras/backend/numpylike/conv.py),
with Theano's convention: the kernel is flipped along its spatial axes
(true convolution), as Keras 2 on Theano computed, so that weight files
written there keep their meaning.
"""
import pytensor.tensor as pt

from keras.backend.pytensor.values import filled
from keras.backend.pytensor.values import with_static_shape


def flipped(kernel):
    """`kernel` (*spatial, in, out) reversed along its spatial axes."""
    spatial = len(kernel.shape) - 2
    return kernel[(slice(None, None, -1),) * spatial]


class PytensorConv(object):

    def conv(self, x, kernel, strides, padding, dilation_rate, data_format):
        return super(PytensorConv, self).conv(
            x, flipped(self.convert(kernel)), strides, padding,
            dilation_rate, data_format)

    def depthwise_conv(self, x, kernel, strides, padding, dilation_rate,
                       data_format):
        return super(PytensorConv, self).depthwise_conv(
            x, flipped(self.convert(kernel)), strides, padding,
            dilation_rate, data_format)

    def conv_transpose(self, x, kernel, output_shape, strides, padding,
                       dilation_rate, data_format):
        return super(PytensorConv, self).conv_transpose(
            x, flipped(self.convert(kernel)), output_shape, strides, padding,
            dilation_rate, data_format)

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
