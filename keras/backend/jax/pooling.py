"""Pooling primitives (see the contract in keras/backend/ops/pooling.py).

Two formulations: XLA's lax.reduce_window, and numpylike's maximum / sum
of shifted slices (keras/backend/numpylike/conv.py), picked as the conv
formulations are (`JaxConv.conv_formulation`, `JaxConv._formulation`).
"""
import numpy as np
from jax import lax

from keras.backend.conv_arithmetic import explicit_padding
from keras.backend.jax.conv import spatial_sizes
from keras.backend.numpylike.conv import real_counts


def lax_pool(x, pool_size, strides, padding, pool_mode, data_format):
    n = len(pool_size)
    sizes = spatial_sizes(x, data_format)
    pads = [explicit_padding(size, k, s, 1, padding)
            for size, k, s in zip(sizes, pool_size, strides)]

    def spatial_last(spatial, other):
        # The window of every axis, batch and channels included.
        if data_format == 'channels_first':
            return (other, other) + tuple(spatial)
        return (other,) + tuple(spatial) + (other,)
    dims = spatial_last(pool_size, 1)
    window_strides = spatial_last(strides, 1)
    window_pads = spatial_last(pads, (0, 0))
    dtype = np.dtype(x.dtype)
    if pool_mode == 'max':
        # Padding takes the identity of max: it never wins.
        init = -np.inf if dtype.kind == 'f' else np.iinfo(dtype).min
        return lax.reduce_window(x, np.asarray(init, dtype), lax.max, dims,
                                 window_strides, window_pads)
    total = lax.reduce_window(x, np.asarray(0, dtype), lax.add, dims,
                              window_strides, window_pads)
    counts = real_counts(np, sizes, pool_size, strides, pads, dtype)
    if data_format == 'channels_first':
        counts = np.moveaxis(counts, -1, 1)
    return (total / counts).astype(dtype)


class JaxPooling(object):

    def pool(self, x, pool_size, strides, padding, pool_mode, data_format):
        if self._formulation('pool', None, strides) == 'lax':
            return lax_pool(x, pool_size, strides, padding, pool_mode,
                            data_format)
        return super(JaxPooling, self).pool(x, pool_size, strides, padding,
                                            pool_mode, data_format)
