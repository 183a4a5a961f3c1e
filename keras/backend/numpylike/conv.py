"""Convolution and pooling from plain tensor ops over a numpy-like `xp`
(jax.numpy, pytensor.tensor), differentiable by any autodiff that knows
slicing, concatenation, padding and matrix products.

The formulations:

- conv ("im2col"): the input (channels last, padded) seen through each
  kernel offset is a strided slice; the slices concatenated along the
  channels hold every window, and one matrix product with the kernel
  reshaped to (offsets * in, out) computes the convolution with BLAS.
- depthwise_conv: the sum over kernel offsets of slice times kernel row
  (each channel meets its own weights: no matrix product to make).
- conv_transpose ("col2im"), the adjoint of conv: one matrix product gives
  every input position's contribution through every kernel offset, and
  each offset's share is added at the strided positions it came from.
  Same work as the forward conv, no zeros multiplied.
- pool: max or sum over the same slices; 'avg' divides by the number of
  real (unpadded) inputs of each window, computed per axis (the window is
  a box, so the count is a product of per-axis counts).

Sizes may be symbolic (pytensor, unknown spatial sizes): slices end
relative to the end of the axis, so only 'same' padding with strides needs
the sizes, and backends with symbolic sizes override `_pad_spatial`.
Argument layouts and semantics: the primitive contract in
keras/backend/ops/conv.py and numpy's oracle (keras/backend/numpy/conv.py).
"""
import itertools
import numbers

import numpy as np

from keras.backend.conv_arithmetic import effective_kernel_size
from keras.backend.conv_arithmetic import explicit_padding


def _is_int(size):
    return isinstance(size, (numbers.Integral, np.integer))


def axis_padding(size, kernel_size, stride, dilation, padding):
    """(before, after) of one axis, as conv_arithmetic gives it; when the
    size is symbolic, the same arithmetic on symbolic scalars (only 'same'
    with a stride needs the size)."""
    if _is_int(size) or padding == 'valid' or (padding == 'same' and
                                                stride == 1):
        # Stride 1 'same' pads span - 1 whatever the size.
        known = size if _is_int(size) else effective_kernel_size(
            kernel_size, dilation)
        return explicit_padding(known, kernel_size, stride, dilation,
                                padding)
    span = effective_kernel_size(kernel_size, dilation)
    out = (size + stride - 1) // stride
    total = (out - 1) * stride + span - size
    # max(total, 0) without Python's max (sizes are symbolic here).
    total = (total + abs(total)) // 2
    return total // 2, total - total // 2


def kernel_offsets(kernel_sizes):
    """Every kernel position, in the row-major order of the kernel's
    spatial axes (the order of its reshape to (offsets * in, out))."""
    return itertools.product(*[range(k) for k in kernel_sizes])


def window_index(offset, strides, dilations, spans):
    """The index (after the batch axis) of the entries that kernel position
    `offset` meets, one per output position. The stop counts from the end
    of the axis, so it holds for any (padded) size: the slice then has
    (size - span) // stride + 1 entries."""
    return tuple(slice(o * d, (o * d - span + 1) or None, s)
                 for o, s, d, span in zip(offset, strides, dilations, spans))


def spread_index(offset, in_sizes, strides, dilations):
    """The positions of a padded conv input that kernel position `offset`
    met from the conv outputs (the transposed conv's inputs, `in_sizes`)."""
    return tuple(slice(o * d, o * d + (n - 1) * s + 1, s)
                 for o, n, s, d in zip(offset, in_sizes, strides, dilations))


def real_counts(xp, sizes, pool_size, strides, pads, dtype):
    """The number of real (unpadded) inputs in each pooling window, shaped
    (1, *out_sizes, 1) to divide channels-last sums by."""
    counts = None
    n = len(sizes)
    for axis, (size, k, s, (before, after)) in enumerate(
            zip(sizes, pool_size, strides, pads)):
        out = (size + before + after - k) // s + 1
        starts = xp.arange(out) * s - before
        axis_counts = (xp.minimum(starts + k, size) -
                       xp.maximum(starts, 0)).astype(dtype)
        shape = [1] * (n + 2)
        shape[axis + 1] = out
        axis_counts = xp.reshape(axis_counts, shape)
        counts = axis_counts if counts is None else counts * axis_counts
    return counts


def static_kernel_sizes(kernel, op):
    """The kernel's spatial sizes, which fix the number of slices: they
    must be known when the graph is built."""
    sizes = tuple(kernel.shape[:-2])
    if not all(_is_int(k) for k in sizes):
        raise ValueError('%s: the spatial sizes of the kernel must be known '
                         'statically; received a kernel of shape %s.'
                         % (op, tuple(k if _is_int(k) else None
                                      for k in kernel.shape)))
    return tuple(int(k) for k in sizes)


class SpatialWindows(object):
    """Layout and padding helpers of the conv and pooling primitives."""

    def _channels_last(self, x, data_format):
        if data_format != 'channels_first':
            return x
        rank = len(x.shape)
        return self.xp.transpose(x, (0,) + tuple(range(2, rank)) + (1,))

    def _from_channels_last(self, x, data_format):
        if data_format != 'channels_first':
            return x
        rank = len(x.shape)
        return self.xp.transpose(x, (0, rank - 1) + tuple(range(1, rank - 1)))

    def _spatial_pads(self, sizes, kernel_sizes, strides, dilations,
                      padding):
        return [axis_padding(n, k, s, d, padding) for n, k, s, d in
                zip(sizes, kernel_sizes, strides, dilations)]

    def _pad_spatial(self, x, pads, value=0.):
        """`x` (channels last) with `pads` [(before, after)] around its
        spatial axes, filled with `value`."""
        if all(before == 0 and after == 0 for before, after in pads):
            return x
        return self.xp.pad(x, [(0, 0)] + list(pads) + [(0, 0)],
                           constant_values=value)

    def _windows(self, x, kernel_sizes, strides, dilations):
        """The slices of padded channels-last `x` that each kernel position
        meets: a list of (batch, *out_sizes, channels) tensors."""
        spans = [effective_kernel_size(k, d)
                 for k, d in zip(kernel_sizes, dilations)]
        return [x[(slice(None),) + window_index(offset, strides, dilations,
                                                spans)]
                for offset in kernel_offsets(kernel_sizes)]


class NumpyLikeConv(SpatialWindows):

    def conv(self, x, kernel, strides, padding, dilation_rate, data_format):
        xp = self.xp
        x = self._channels_last(x, data_format)
        sizes = static_kernel_sizes(kernel, 'conv')
        channels, filters = kernel.shape[-2:]
        pads = self._spatial_pads(x.shape[1:-1], sizes, strides,
                                  dilation_rate, padding)
        x = self._pad_spatial(x, pads)
        windows = self._windows(x, sizes, strides, dilation_rate)
        patches = windows[0] if len(windows) == 1 else xp.concatenate(
            windows, axis=-1)
        out_shape = tuple(patches.shape[:-1])
        # One 2-D product: BLAS's GEMM (batched products are slower).
        rows = xp.reshape(patches, (-1, len(windows) * channels))
        out = xp.dot(rows, xp.reshape(kernel, (-1, filters)))
        out = xp.reshape(out, out_shape + (filters,))
        return self._from_channels_last(out, data_format)

    def depthwise_conv(self, x, kernel, strides, padding, dilation_rate,
                       data_format):
        xp = self.xp
        x = self._channels_last(x, data_format)
        sizes = static_kernel_sizes(kernel, 'depthwise_conv')
        channels, multiplier = kernel.shape[-2:]
        pads = self._spatial_pads(x.shape[1:-1], sizes, strides,
                                  dilation_rate, padding)
        x = self._pad_spatial(x, pads)
        if multiplier != 1:
            # Input channel c feeds outputs c * multiplier + m.
            x = xp.repeat(x, multiplier, axis=-1)
        rows = xp.reshape(kernel, (-1, channels * multiplier))
        out = None
        for i, seen in enumerate(self._windows(x, sizes, strides,
                                               dilation_rate)):
            term = seen * rows[i]
            out = term if out is None else out + term
        return self._from_channels_last(out, data_format)

    def conv_transpose(self, x, kernel, output_shape, strides, padding,
                       dilation_rate, data_format):
        xp = self.xp
        x = self._channels_last(x, data_format)
        sizes = static_kernel_sizes(kernel, 'conv_transpose')
        filters, channels = kernel.shape[-2:]
        in_sizes = tuple(x.shape[1:-1])
        output_shape = tuple(output_shape)
        pads = self._spatial_pads(output_shape, sizes, strides,
                                  dilation_rate, padding)
        padded_sizes = tuple(n + before + after
                             for n, (before, after) in zip(output_shape, pads))
        check_transposed_sizes(padded_sizes, in_sizes, sizes, strides,
                                dilation_rate, padding, output_shape)
        # Every input position's contribution through every kernel offset:
        # (batch * positions, offsets * filters), one GEMM.
        spatial = tuple(range(len(sizes)))
        by_input = xp.reshape(
            xp.transpose(kernel, (len(sizes) + 1,) + spatial +
                         (len(sizes),)), (channels, -1))
        cols = xp.dot(xp.reshape(x, (-1, channels)), by_input)
        cols = xp.reshape(cols, tuple(x.shape[:-1]) + (-1, filters))
        out = xp.zeros((x.shape[0],) + padded_sizes + (filters,),
                       dtype=cols.dtype)
        for i, offset in enumerate(kernel_offsets(sizes)):
            index = (slice(None),) + spread_index(offset, in_sizes, strides,
                                                  dilation_rate)
            out = self._add_at(out, index, cols[..., i, :])
        crop = tuple(slice(before, before + n)
                     for (before, _), n in zip(pads, output_shape))
        out = out[(slice(None),) + crop]
        return self._from_channels_last(out, data_format)

    def _add_at(self, x, index, values):
        """`x` with `values` added at `x[index]` (a backend's functional
        scatter-add)."""
        raise NotImplementedError


def check_transposed_sizes(padded_sizes, in_sizes, kernel_sizes, strides,
                            dilations, padding, output_shape):
    if not all(_is_int(n) for n in padded_sizes + in_sizes):
        return
    expected = tuple((n - effective_kernel_size(k, d)) // s + 1
                     for n, k, s, d in zip(padded_sizes, kernel_sizes,
                                           strides, dilations))
    if expected != tuple(in_sizes):
        raise ValueError(
            'conv_transpose: an output of spatial shape %s gives %s '
            'positions under a convolution with kernel %s, strides %s, '
            'padding %r and dilation %s; the input has %s.'
            % (tuple(output_shape), expected, kernel_sizes, tuple(strides),
               padding, tuple(dilations), tuple(in_sizes)))


class NumpyLikePooling(SpatialWindows):

    def pool(self, x, pool_size, strides, padding, pool_mode, data_format):
        xp = self.xp
        x = self._channels_last(x, data_format)
        sizes = tuple(x.shape[1:-1])
        ones = (1,) * len(pool_size)
        pads = self._spatial_pads(sizes, pool_size, strides, ones, padding)
        dtype = np.dtype(x.dtype)
        if pool_mode == 'max':
            # The padding never wins a max.
            fill = -np.inf if dtype.kind == 'f' else np.iinfo(dtype).min
            x = self._pad_spatial(x, pads, fill)
            combine = xp.maximum
        else:
            x = self._pad_spatial(x, pads)
            combine = xp.add
        out = None
        for seen in self._windows(x, pool_size, strides, ones):
            out = seen if out is None else combine(out, seen)
        if pool_mode == 'max':
            return self._from_channels_last(out, data_format)
        if all(before == 0 and after == 0 for before, after in pads):
            counts = np.asarray(np.prod(pool_size), dtype=dtype)
        elif all(_is_int(n) for n in sizes):
            counts = real_counts(np, sizes, pool_size, strides, pads, dtype)
        else:
            counts = real_counts(xp, sizes, pool_size, strides, pads, dtype)
        out = (out / counts).astype(dtype)
        return self._from_channels_last(out, data_format)
