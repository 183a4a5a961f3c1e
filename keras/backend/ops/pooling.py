"""Pooling: pool2d and pool3d, max or average over windows."""
import types

from keras.backend import config
from keras.backend.active import current
from keras.backend.ops.conv import checked_shape
from keras.backend.ops.conv import int_tuple_argument
from keras.backend.ops.conv import join_shape
from keras.backend.ops.conv import output_sizes
from keras.backend.ops.conv import padding_argument
from keras.backend.ops.conv import split_shape
from keras.backend.ops.shape_utils import result_dtype
from keras.backend.symbolic.op import symbolic_op

_POOL_MODES = ('max', 'avg')


def _pool_setup(x, pool_size, strides=1, padding='valid', data_format=None,
                pool_mode='max', *, op_name, n):
    """Checks a pooling's arguments and gives the static spec of its
    result."""
    data_format = config.normalize_data_format(data_format)
    x_shape = checked_shape(x, n + 2, 'x', op_name)
    pool_size = int_tuple_argument(pool_size, n, 'pool_size', op_name)
    strides = int_tuple_argument(strides, n, 'strides', op_name)
    padding = padding_argument(padding, ('valid', 'same'), op_name)
    if pool_mode not in _POOL_MODES:
        raise ValueError('Invalid pool_mode: %r. %s expects "max" or "avg".'
                         % (pool_mode, op_name))
    batch, spatial, channels = split_shape(x_shape, data_format)
    sizes = output_sizes(spatial, pool_size, padding, strides, (1,) * n,
                         op_name, x_shape)
    return types.SimpleNamespace(
        data_format=data_format, pool_size=pool_size, strides=strides,
        padding=padding, pool_mode=pool_mode,
        spec=(join_shape(batch, sizes, channels, data_format),
              result_dtype(x)))


def _rule(n, op_name):
    def rule(args, kwargs):
        return [_pool_setup(*args, **kwargs, op_name=op_name, n=n).spec]
    return rule


def _pool(x, setup):
    return current().pool(x, setup.pool_size, setup.strides, setup.padding,
                          setup.pool_mode, setup.data_format)


@symbolic_op(shape=_rule(2, 'K.pool2d'))
def pool2d(x, pool_size, strides=(1, 1), padding='valid', data_format=None,
           pool_mode='max'):
    """2D pooling.

    Args:
        x: tensor (batch, rows, cols, channels), or (batch, channels, rows,
            cols) for 'channels_first'.
        pool_size: tuple of 2 ints.
        strides: tuple of 2 ints.
        padding: 'valid' or 'same' (TensorFlow's rule; padded positions
            take no part: an average divides by the real entries only).
        data_format: 'channels_last' or 'channels_first'; None for the
            global setting.
        pool_mode: 'max' or 'avg'.

    Returns:
        A 4D tensor in the layout and dtype of `x`.
    """
    setup = _pool_setup(x, pool_size, strides, padding, data_format,
                        pool_mode, op_name='K.pool2d', n=2)
    return _pool(x, setup)


@symbolic_op(shape=_rule(3, 'K.pool3d'))
def pool3d(x, pool_size, strides=(1, 1, 1), padding='valid',
           data_format=None, pool_mode='max'):
    """3D pooling.

    Args:
        x: tensor (batch, dim1, dim2, dim3, channels), or (batch, channels,
            dim1, dim2, dim3) for 'channels_first'.
        pool_size: tuple of 3 ints.
        strides: tuple of 3 ints.
        padding: 'valid' or 'same'.
        data_format: 'channels_last' or 'channels_first'; None for the
            global setting.
        pool_mode: 'max' or 'avg'.

    Returns:
        A 5D tensor in the layout and dtype of `x`.
    """
    setup = _pool_setup(x, pool_size, strides, padding, data_format,
                        pool_mode, op_name='K.pool3d', n=3)
    return _pool(x, setup)
