"""Pooling primitives on torch.nn.functional, with TensorFlow's 'same'
padding: padded positions take no part (max ignores them, an average
divides by the real entries of its window).

torch pads symmetrically. That covers max pooling (the odd entry after is
added as -inf) and average pooling with symmetric padding
(count_include_pad=False). For an average with an odd entry after, the
zero-padded window mean is rescaled by window size / real entries, a
factor computed once per shape.
"""
import functools

import numpy as np

import torch
import torch.nn.functional as F

from keras.backend.torch.conv import from_channels_first
from keras.backend.torch.conv import pad_after
from keras.backend.torch.conv import paddings
from keras.backend.torch.conv import to_channels_first
from keras.backend.torch.core import tensor

_MAX_POOL = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
_AVG_POOL = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}


def _real_entries(size, pool, stride, before, out_size):
    """Per output position of one axis, how many of its window's entries
    are inside the input (not padding)."""
    return [min(o * stride - before + pool, size) - max(o * stride - before,
                                                        0)
            for o in range(out_size)]


@functools.lru_cache(maxsize=64)
def _average_scale_array(sizes, pool_size, strides, pads, out_sizes):
    """window size / real entries per output position, shaped to broadcast
    over (batch, channels, *out_sizes): the count of a box is the product
    of its per-axis counts."""
    scale = np.ones(())
    for axis, (size, pool, stride, (before, _), out_size) in enumerate(
            zip(sizes, pool_size, strides, pads, out_sizes)):
        counts = _real_entries(size, pool, stride, before, out_size)
        factor = np.array([pool / count for count in counts])
        scale = scale * factor.reshape(
            (-1,) + (1,) * (len(sizes) - axis - 1))
    return scale


def _average_scale(sizes, pool_size, strides, pads, out_sizes, dtype,
                   device):
    # Only the numbers are cached: a tensor made under inference_mode
    # (predict) cannot take part in a later autograd graph (fit).
    return torch.as_tensor(
        _average_scale_array(sizes, pool_size, strides, pads, out_sizes),
        dtype=dtype, device=device)


class TorchPooling(object):

    def pool(self, x, pool_size, strides, padding, pool_mode, data_format):
        x = to_channels_first(tensor(x), data_format)
        n = len(pool_size)
        pool_size, strides = tuple(pool_size), tuple(strides)
        sizes = tuple(x.shape[2:])
        pads = paddings(sizes, pool_size, strides, (1,) * n, padding)
        before = [lo for lo, _ in pads]
        extra = [hi - lo for lo, hi in pads]
        if pool_mode == 'max':
            x = pad_after(x, extra, float('-inf'))
            out = _MAX_POOL[n](x, pool_size, strides, before)
        elif not any(extra):
            out = _AVG_POOL[n](x, pool_size, strides, before,
                               count_include_pad=False)
        else:
            x = pad_after(x, extra)
            out = _AVG_POOL[n](x, pool_size, strides, before,
                               count_include_pad=True)
            out = out * _average_scale(sizes, pool_size, strides,
                                       tuple(pads), tuple(out.shape[2:]),
                                       out.dtype, out.device)
        return from_channels_first(out, data_format)
