"""Padding and resizing of sequences, images and volumes."""
import numpy as np

from keras.backend import config
from keras.backend.active import current
from keras.backend.ops.shape_utils import rank
from keras.backend.ops.shape_utils import static_shape
from keras.backend.symbolic.op import symbolic_op


def _pairs(padding, count, op_name):
    """`padding` checked as `count` (before, after) pairs of ints."""
    try:
        pairs = [tuple(int(p) for p in pair) for pair in padding]
    except TypeError:
        pairs = None
    if pairs is None or len(pairs) != count or any(len(p) != 2
                                                   for p in pairs):
        raise ValueError('%s expects padding as %d pairs of ints '
                         '((before, after) per axis); received %r.'
                         % (op_name, count, padding))
    return pairs


def _check_rank(x, expected, op_name):
    if rank(x) != expected:
        raise ValueError('%s expects a tensor of rank %d; received shape %s.'
                         % (op_name, expected, static_shape(x)))


def _spatial_axes(data_format, count):
    """The spatial axes of a (batch, ..., channels) or (batch, channels,
    ...) tensor."""
    data_format = config.normalize_data_format(data_format)
    first = 2 if data_format == 'channels_first' else 1
    return list(range(first, first + count))


def _pad_axes(x, axes, pairs):
    pad_width = [(0, 0)] * rank(x)
    for axis, pair in zip(axes, pairs):
        pad_width[axis] = pair
    return current().pad(x, pad_width)


@symbolic_op
def temporal_padding(x, padding=(1, 1)):
    """Pads the middle axis of a 3D tensor (batch, steps, features) with
    zeros: `padding` = (before, after)."""
    _check_rank(x, 3, 'K.temporal_padding')
    pairs = _pairs([padding], 1, 'K.temporal_padding')
    return _pad_axes(x, [1], pairs)


@symbolic_op
def spatial_2d_padding(x, padding=((1, 1), (1, 1)), data_format=None):
    """Pads the rows and columns of a 4D tensor with zeros: `padding` =
    ((top, bottom), (left, right))."""
    _check_rank(x, 4, 'K.spatial_2d_padding')
    pairs = _pairs(padding, 2, 'K.spatial_2d_padding')
    return _pad_axes(x, _spatial_axes(data_format, 2), pairs)


@symbolic_op
def spatial_3d_padding(x, padding=((1, 1), (1, 1), (1, 1)),
                       data_format=None):
    """Pads the three spatial axes of a 5D tensor with zeros."""
    _check_rank(x, 5, 'K.spatial_3d_padding')
    pairs = _pairs(padding, 3, 'K.spatial_3d_padding')
    return _pad_axes(x, _spatial_axes(data_format, 3), pairs)


def _check_factor(factor, op_name):
    if int(factor) != factor or factor < 1:
        raise ValueError('%s expects positive integer factors; received %r.'
                         % (op_name, factor))
    return int(factor)


def _linear_upsample(x, axis, factor):
    """Linear interpolation along `axis` with half-pixel centres and edge
    clamping (TensorFlow 2's resize, PyTorch's align_corners=False)."""
    b = current()
    size = static_shape(x)[axis]
    if size is None:
        raise ValueError('Bilinear resizing needs a static size along axis '
                         '%d; received shape %s.' % (axis, static_shape(x)))
    source = (np.arange(size * factor) + 0.5) / factor - 0.5
    source = np.clip(source, 0, size - 1)
    low = np.floor(source).astype('int64')
    high = np.minimum(low + 1, size - 1)
    weight_shape = [1] * rank(x)
    weight_shape[axis] = size * factor
    dtype = b.dtype_name(x)
    weight = b.convert((source - low).reshape(weight_shape), dtype)
    below = b.take(x, b.convert(low), axis)
    above = b.take(x, b.convert(high), axis)
    return b.add(below, b.multiply(b.subtract(above, below), weight))


@symbolic_op
def resize_images(x, height_factor, width_factor, data_format,
                  interpolation='nearest'):
    """Upsamples the rows and columns of a 4D tensor by integer factors.

    Args:
        data_format: 'channels_last' or 'channels_first'.
        interpolation: 'nearest' (repeat) or 'bilinear'.
    """
    _check_rank(x, 4, 'K.resize_images')
    factors = [_check_factor(f, 'K.resize_images')
               for f in (height_factor, width_factor)]
    axes = _spatial_axes(data_format, 2)
    if interpolation == 'nearest':
        for axis, factor in zip(axes, factors):
            x = current().repeat(x, factor, axis)
        return x
    if interpolation == 'bilinear':
        for axis, factor in zip(axes, factors):
            x = _linear_upsample(x, axis, factor)
        return x
    raise ValueError('interpolation should be one of "nearest" or '
                     '"bilinear"; received %r.' % (interpolation,))


@symbolic_op
def resize_volumes(x, depth_factor, height_factor, width_factor,
                   data_format):
    """Upsamples the three spatial axes of a 5D tensor by repetition."""
    _check_rank(x, 5, 'K.resize_volumes')
    factors = [_check_factor(f, 'K.resize_volumes')
               for f in (depth_factor, height_factor, width_factor)]
    for axis, factor in zip(_spatial_axes(data_format, 3), factors):
        x = current().repeat(x, factor, axis)
    return x
