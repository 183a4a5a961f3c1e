"""Convolution primitives (see the contract in keras/backend/ops/conv.py).

Three formulations: XLA's convolution (lax.conv_general_dilated: 'lax'),
numpylike's shifted slices and one matrix product
(keras/backend/numpylike/conv.py: 'slices'), and XLA's convolution with a
kernel gradient of our own ('hybrid'). XLA's convolution on GPU; on CPU
the one measured fastest for the case (`cpu_formulation`).
"""
import functools

import jax
import jax.numpy as jnp
from jax import lax

from keras.backend.conv_arithmetic import effective_kernel_size
from keras.backend.conv_arithmetic import explicit_padding
from keras.backend.numpylike.conv import check_transposed_sizes
from keras.backend.numpylike.conv import kernel_offsets
from keras.backend.numpylike.conv import window_index

_SPATIAL = {1: 'W', 2: 'HW', 3: 'DHW'}


def dimension_numbers(n, data_format):
    """lax's (input, kernel, output) layout strings for `n` spatial axes;
    kernels are (*spatial, in, out) as TensorFlow's."""
    spatial = _SPATIAL[n]
    data = ('NC' + spatial if data_format == 'channels_first'
            else 'N' + spatial + 'C')
    return data, spatial + 'IO', data


def spatial_sizes(x, data_format):
    return tuple(x.shape[2:] if data_format == 'channels_first'
                 else x.shape[1:-1])


def lax_conv(x, kernel, strides, padding, dilation_rate, data_format,
             groups=1):
    sizes = kernel.shape[:-2]
    pads = [explicit_padding(n, k, s, d, padding) for n, k, s, d in
            zip(spatial_sizes(x, data_format), sizes, strides,
                dilation_rate)]
    return lax.conv_general_dilated(
        x, kernel, window_strides=tuple(strides), padding=pads,
        rhs_dilation=tuple(dilation_rate),
        dimension_numbers=dimension_numbers(len(sizes), data_format),
        feature_group_count=groups)


def lax_depthwise_conv(x, kernel, strides, padding, dilation_rate,
                       data_format):
    # One group per input channel; group c's outputs are c * m + (0..m-1).
    channels, multiplier = kernel.shape[-2:]
    grouped = jnp.reshape(kernel, kernel.shape[:-2] +
                          (1, channels * multiplier))
    return lax_conv(x, grouped, strides, padding, dilation_rate,
                    data_format, groups=channels)


def lax_conv_transpose(x, kernel, output_shape, strides, padding,
                       dilation_rate, data_format):
    """The adjoint of conv as a convolution: the input dilated by the
    strides (lhs_dilation), padded so that every output position sees the
    kernel's whole span, correlated with the flipped kernel (whose (out, in)
    axes are already the transposed conv's (result, input) channels)."""
    sizes = tuple(kernel.shape[:-2])
    n = len(sizes)
    in_sizes = spatial_sizes(x, data_format)
    output_shape = tuple(int(o) for o in output_shape)
    pads = [explicit_padding(o, k, s, d, padding) for o, k, s, d in
            zip(output_shape, sizes, strides, dilation_rate)]
    check_transposed_sizes(
        tuple(o + lo + hi for o, (lo, hi) in zip(output_shape, pads)),
        in_sizes, sizes, strides, dilation_rate, padding, output_shape)
    lax_pads = []
    for o, i, k, s, d, (lo, _) in zip(output_shape, in_sizes, sizes, strides,
                                      dilation_rate, pads):
        span = effective_kernel_size(k, d)
        # Output j reads dilated inputs j + lo - (span - 1) ... j + lo.
        lax_pads.append((span - 1 - lo, o + lo - (i - 1) * s - 1))
    flipped = jnp.flip(kernel, axis=tuple(range(n)))
    data, spatial, _ = dimension_numbers(n, data_format)
    return lax.conv_general_dilated(
        x, flipped, window_strides=(1,) * n, padding=lax_pads,
        lhs_dilation=tuple(strides), rhs_dilation=tuple(dilation_rate),
        dimension_numbers=(data, spatial[:n] + 'OI', data))


def spatial_axes(n, data_format):
    return tuple(range(2, n + 2) if data_format == 'channels_first'
                 else range(1, n + 1))


def kernel_gradient(x, g, kernel_shape, strides, padding, dilation_rate,
                    data_format):
    """The gradient of sum(g * conv(x, kernel)) wrt the kernel: per kernel
    offset, the window of padded x it met against g, summed over batch and
    positions (one matrix product per offset, no patch matrix built)."""
    n = len(strides)
    sizes = tuple(kernel_shape[:n])
    axes = spatial_axes(n, data_format)
    pads = [(0, 0)] * x.ndim
    for axis, k, s, d in zip(axes, sizes, strides, dilation_rate):
        pads[axis] = explicit_padding(x.shape[axis], k, s, d, padding)
    x = jnp.pad(x, pads)
    spans = [effective_kernel_size(k, d)
             for k, d in zip(sizes, dilation_rate)]
    summed = (0,) + axes
    rows = []
    for offset in kernel_offsets(sizes):
        index = [slice(None)] * x.ndim
        for axis, window in zip(axes, window_index(offset, strides,
                                                   dilation_rate, spans)):
            index[axis] = window
        # Materialised first: XLA would otherwise fuse the slice into the
        # product and leave its fast matrix product (1.6x slower measured).
        seen = lax.optimization_barrier(x[tuple(index)])
        rows.append(jnp.tensordot(seen, g, (summed, summed)))
    return jnp.reshape(jnp.stack(rows), kernel_shape)


# XLA's CPU convolution computes the forward pass and the input gradient
# fast but the kernel gradient slowly (5x the forward pass measured on a
# 3x3 conv): these keep XLA for the first two and compute the kernel
# gradient with `kernel_gradient`.

@functools.partial(jax.custom_vjp, nondiff_argnums=(2, 3, 4, 5))
def hybrid_conv(x, kernel, strides, padding, dilation_rate, data_format):
    return lax_conv(x, kernel, strides, padding, dilation_rate, data_format)


def _hybrid_conv_forward(x, kernel, strides, padding, dilation_rate,
                         data_format):
    y = lax_conv(x, kernel, strides, padding, dilation_rate, data_format)
    return y, (x, kernel)


def _hybrid_conv_backward(strides, padding, dilation_rate, data_format,
                          residuals, g):
    x, kernel = residuals
    _, input_vjp = jax.vjp(lambda v: lax_conv(
        v, kernel, strides, padding, dilation_rate, data_format), x)
    gx, = input_vjp(g)
    gk = kernel_gradient(x, g, kernel.shape, strides, padding,
                         dilation_rate, data_format)
    return gx, gk.astype(kernel.dtype)


hybrid_conv.defvjp(_hybrid_conv_forward, _hybrid_conv_backward)


@functools.partial(jax.custom_vjp, nondiff_argnums=(2, 3, 4, 5, 6))
def hybrid_conv_transpose(x, kernel, output_shape, strides, padding,
                          dilation_rate, data_format):
    return lax_conv_transpose(x, kernel, output_shape, strides, padding,
                              dilation_rate, data_format)


def _hybrid_transpose_forward(x, kernel, output_shape, strides, padding,
                              dilation_rate, data_format):
    y = lax_conv_transpose(x, kernel, output_shape, strides, padding,
                           dilation_rate, data_format)
    return y, (x, kernel)


def _hybrid_transpose_backward(output_shape, strides, padding,
                               dilation_rate, data_format, residuals, g):
    x, kernel = residuals
    _, input_vjp = jax.vjp(lambda v: lax_conv_transpose(
        v, kernel, output_shape, strides, padding, dilation_rate,
        data_format), x)
    gx, = input_vjp(g)
    # conv_transpose is the adjoint of conv(y, kernel): its kernel gradient
    # is conv's, with g in y's place and x in the output's.
    gk = kernel_gradient(g, x, kernel.shape, strides, padding,
                         dilation_rate, data_format)
    return gx, gk.astype(kernel.dtype)


hybrid_conv_transpose.defvjp(_hybrid_transpose_forward,
                             _hybrid_transpose_backward)


# On CPU (measured for issue 5 on 2 cores at batch 32, forward and
# forward+backward of 3x3, 5x5, 1x1, strided, 1-D and 3-D convolutions):
# XLA's convolution has the fastest forward pass (2-3x the slices') but a
# slow kernel gradient, so for training the 'hybrid' (XLA forward and
# input gradient, `kernel_gradient`) and the slices are close on 3x3 and
# 5x5 convolutions with 32 or more channels, and the slices win clearly
# on 1x1 kernels (a plain matrix product), strided convolutions and few
# input channels, where XLA's convolution is least efficient. Depthwise
# convolutions and pooling: the slices win forward and backward (XLA's
# grouped convolution and max-pool gradient are 5-50x slower).
FEW_CHANNELS = 32


def cpu_formulation(op, kernel, strides):
    if op in ('depthwise_conv', 'pool'):
        return 'slices'
    if op == 'conv_transpose':
        return 'hybrid'
    pointwise = all(k == 1 for k in kernel.shape[:-2])
    if pointwise or any(s > 1 for s in strides) or \
            kernel.shape[-2] < FEW_CHANNELS:
        return 'slices'
    return 'hybrid'


HAS_HYBRID = ('conv', 'conv_transpose')


class JaxConv(object):

    # 'auto' (per platform and op), or 'lax', 'hybrid', 'slices' for every
    # op ('hybrid' meaning 'slices' where there is no hybrid): tests pin one.
    conv_formulation = 'auto'

    def conv(self, x, kernel, strides, padding, dilation_rate, data_format):
        formulation = self._formulation('conv', kernel, strides)
        if formulation == 'slices':
            return super(JaxConv, self).conv(x, kernel, strides, padding,
                                             dilation_rate, data_format)
        conv = lax_conv if formulation == 'lax' else hybrid_conv
        return conv(x, kernel, tuple(strides), padding, tuple(dilation_rate),
                    data_format)

    def depthwise_conv(self, x, kernel, strides, padding, dilation_rate,
                       data_format):
        if self._formulation('depthwise_conv', kernel, strides) == 'lax':
            return lax_depthwise_conv(x, kernel, strides, padding,
                                      dilation_rate, data_format)
        return super(JaxConv, self).depthwise_conv(
            x, kernel, strides, padding, dilation_rate, data_format)

    def conv_transpose(self, x, kernel, output_shape, strides, padding,
                       dilation_rate, data_format):
        formulation = self._formulation('conv_transpose', kernel, strides)
        if formulation == 'slices':
            return super(JaxConv, self).conv_transpose(
                x, kernel, output_shape, strides, padding, dilation_rate,
                data_format)
        transpose = (lax_conv_transpose if formulation == 'lax'
                     else hybrid_conv_transpose)
        return transpose(x, kernel, tuple(int(n) for n in output_shape),
                         tuple(strides), padding, tuple(dilation_rate),
                         data_format)

    def _add_at(self, x, index, values):
        return x.at[index].add(values)

    def _formulation(self, op, kernel, strides):
        pinned = self.conv_formulation
        if pinned == 'hybrid' and op not in HAS_HYBRID:
            return 'slices'
        if pinned != 'auto':
            return pinned
        if jax.default_backend() != 'cpu':
            return 'lax'
        return cpu_formulation(op, kernel, strides)
