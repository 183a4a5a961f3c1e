"""Padding and resizing of sequences, images and volumes."""
import numbers

import numpy as np

from keras.backend import config
from keras.backend.active import current
from keras.backend.ops.shape_utils import argument
from keras.backend.ops.shape_utils import rank
from keras.backend.ops.shape_utils import result_dtype
from keras.backend.ops.shape_utils import spec_shape
from keras.backend.ops.shape_utils import static_shape
from keras.backend.ops.sizes import python_int
from keras.backend.symbolic.op import has_symbolic
from keras.backend.symbolic.op import symbolic_op
from keras.backend.symbolic.tensor import KerasTensor


def _pairs(padding, count, op_name):
    """`padding` checked as `count` (before, after) pairs of ints."""
    if has_symbolic(padding):
        raise TypeError('%s: `padding` must hold Python ints, known when the '
                        'graph is built; received %r.' % (op_name, padding))
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


def _check_rank(shape, expected, op_name):
    if len(shape) != expected:
        raise ValueError('%s expects a tensor of rank %d; received shape %s.'
                         % (op_name, expected, tuple(shape)))


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


# Each padding op: (rank, number of padded axes, index of data_format).
_PADDINGS = {'K.temporal_padding': (3, 1, None),
             'K.spatial_2d_padding': (4, 2, 2),
             'K.spatial_3d_padding': (5, 3, 2)}
_DEFAULT_PADDING = {1: (1, 1), 2: ((1, 1), (1, 1)),
                    3: ((1, 1), (1, 1), (1, 1))}


def _padding_setup(op_name, x_shape, args, kwargs):
    """(padded axes, (before, after) pairs) of a padding op's call."""
    ndim, count, format_index = _PADDINGS[op_name]
    _check_rank(x_shape, ndim, op_name)
    padding = argument(args, kwargs, 1, 'padding', _DEFAULT_PADDING[count])
    if count == 1:
        return [1], _pairs([padding], 1, op_name)
    data_format = argument(args, kwargs, format_index, 'data_format')
    return _spatial_axes(data_format, count), _pairs(padding, count, op_name)


def _padding_rule(op_name):
    def rule(args, kwargs):
        shape = list(spec_shape(args[0]))
        axes, pairs = _padding_setup(op_name, shape, args, kwargs)
        for axis, (before, after) in zip(axes, pairs):
            if shape[axis] is not None:
                shape[axis] += before + after
        return [(tuple(shape), result_dtype(args[0]))]
    return rule


@symbolic_op(shape=_padding_rule('K.temporal_padding'))
def temporal_padding(x, padding=(1, 1)):
    """Pads the middle axis of a 3D tensor (batch, steps, features) with
    zeros: `padding` = (before, after)."""
    axes, pairs = _padding_setup('K.temporal_padding', static_shape(x),
                                 (x, padding), {})
    return _pad_axes(x, axes, pairs)


@symbolic_op(shape=_padding_rule('K.spatial_2d_padding'))
def spatial_2d_padding(x, padding=((1, 1), (1, 1)), data_format=None):
    """Pads the rows and columns of a 4D tensor with zeros: `padding` =
    ((top, bottom), (left, right))."""
    axes, pairs = _padding_setup('K.spatial_2d_padding', static_shape(x),
                                 (x, padding, data_format), {})
    return _pad_axes(x, axes, pairs)


@symbolic_op(shape=_padding_rule('K.spatial_3d_padding'))
def spatial_3d_padding(x, padding=((1, 1), (1, 1), (1, 1)),
                       data_format=None):
    """Pads the three spatial axes of a 5D tensor with zeros."""
    axes, pairs = _padding_setup('K.spatial_3d_padding', static_shape(x),
                                 (x, padding, data_format), {})
    return _pad_axes(x, axes, pairs)


def _check_factor(factor, op_name, name):
    if isinstance(factor, KerasTensor):
        python_int(factor, op_name, name)
    if not isinstance(factor, numbers.Real) or int(factor) != factor or \
            factor < 1:
        raise ValueError('%s expects positive integer factors; received '
                         '%s=%r.' % (op_name, name, factor))
    return int(factor)


def _linear_upsample(x, axis, factor):
    """Linear interpolation along `axis` as Keras 2.3.1 resized: output j
    samples input j / factor, the last samples clamped to the edge
    (TensorFlow 1's resize_bilinear without half-pixel centres, which 2.3.1
    called; [a, b] doubles to [a, (a + b) / 2, b, b])."""
    b = current()
    size = static_shape(x)[axis]
    if size is None:
        raise ValueError('Bilinear resizing needs a static size along axis '
                         '%d; received shape %s.' % (axis, static_shape(x)))
    source = np.minimum(np.arange(size * factor) / float(factor), size - 1)
    low = np.floor(source).astype('int64')
    high = np.minimum(low + 1, size - 1)
    weight_shape = [1] * rank(x)
    weight_shape[axis] = size * factor
    dtype = b.dtype_name(x)
    weight = b.convert((source - low).reshape(weight_shape), dtype)
    below = b.take(x, b.convert(low), axis)
    above = b.take(x, b.convert(high), axis)
    return b.add(below, b.multiply(b.subtract(above, below), weight))


_RESIZES = {'K.resize_images': (4, ('height_factor', 'width_factor'), 3),
            'K.resize_volumes': (5, ('depth_factor', 'height_factor',
                                     'width_factor'), 4)}


def _resize_setup(op_name, x_shape, args, kwargs):
    """(spatial axes, factors, interpolation) of a resize call."""
    ndim, names, format_index = _RESIZES[op_name]
    _check_rank(x_shape, ndim, op_name)
    factors = [_check_factor(argument(args, kwargs, i + 1, name), op_name,
                             name) for i, name in enumerate(names)]
    data_format = argument(args, kwargs, format_index, 'data_format')
    interpolation = argument(args, kwargs, format_index + 1, 'interpolation',
                             'nearest')
    if interpolation not in ('nearest', 'bilinear') or (
            interpolation == 'bilinear' and ndim == 5):
        raise ValueError('interpolation should be one of "nearest" or '
                         '"bilinear"; received %r.' % (interpolation,))
    return _spatial_axes(data_format, len(names)), factors, interpolation


def _resize_rule(op_name):
    def rule(args, kwargs):
        shape = list(spec_shape(args[0]))
        axes, factors, interpolation = _resize_setup(op_name, shape, args,
                                                     kwargs)
        for axis, factor in zip(axes, factors):
            if shape[axis] is not None:
                shape[axis] *= factor
            elif interpolation == 'bilinear':
                raise ValueError('Bilinear resizing needs a static size '
                                 'along axis %d; received shape %s.'
                                 % (axis, tuple(shape)))
        return [(tuple(shape), result_dtype(args[0]))]
    return rule


@symbolic_op(shape=_resize_rule('K.resize_images'))
def resize_images(x, height_factor, width_factor, data_format,
                  interpolation='nearest'):
    """Upsamples the rows and columns of a 4D tensor by integer factors.

    Args:
        data_format: 'channels_last' or 'channels_first'.
        interpolation: 'nearest' (repeat) or 'bilinear'.
    """
    axes, factors, interpolation = _resize_setup(
        'K.resize_images', static_shape(x),
        (x, height_factor, width_factor, data_format, interpolation), {})
    for axis, factor in zip(axes, factors):
        if interpolation == 'nearest':
            x = current().repeat(x, factor, axis)
        else:
            x = _linear_upsample(x, axis, factor)
    return x


@symbolic_op(shape=_resize_rule('K.resize_volumes'))
def resize_volumes(x, depth_factor, height_factor, width_factor,
                   data_format):
    """Upsamples the three spatial axes of a 5D tensor by repetition."""
    axes, factors, _ = _resize_setup(
        'K.resize_volumes', static_shape(x),
        (x, depth_factor, height_factor, width_factor, data_format), {})
    for axis, factor in zip(axes, factors):
        x = current().repeat(x, factor, axis)
    return x
