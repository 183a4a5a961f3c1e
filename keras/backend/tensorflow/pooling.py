"""Pooling primitives on tf.nn: max and average over windows, TensorFlow's
'same' padding (an average divides by the real entries of its window, as
tf.nn.avg_pool does natively). Channels-first inputs are transposed to
channels last and back: TensorFlow's CPU kernels only take that layout."""
import tensorflow as tf

from keras.backend.tensorflow.conv import CHANNELS_LAST
from keras.backend.tensorflow.conv import from_channels_last
from keras.backend.tensorflow.conv import size_of
from keras.backend.tensorflow.conv import to_channels_last
from keras.backend.tensorflow.dtypes import tensor

# The dtypes of TensorFlow's 3D pooling kernels on the CPU.
_POOL_3D_DTYPES = (tf.float32, tf.float16, tf.bfloat16)


def _pool(x, pool_size, strides, padding, pool_mode):
    """Pooling of a channels-last `x` of 1, 2 or 3 spatial axes."""
    n = len(pool_size)
    padding = padding.upper()
    if n == 3 and x.dtype not in _POOL_3D_DTYPES:
        return _separable_pool_3d(x, pool_size, strides, padding, pool_mode)
    fn = tf.nn.max_pool if pool_mode == 'max' else tf.nn.avg_pool
    return fn(x, pool_size, strides, padding, data_format=CHANNELS_LAST[n])


def _separable_pool_3d(x, pool_size, strides, padding, pool_mode):
    """3D pooling as 2D pooling over height and width, then over depth.

    A box maximum is the maximum of the per-slice maxima, and an average
    over the real entries of a box is the average of the slice averages,
    because the count of real entries is the product of the per-axis
    counts. TensorFlow's CPU has 2D pooling kernels in float64 (and more
    dtypes), not 3D ones.
    """
    batch, depth, height, width = [size_of(x, axis) for axis in range(4)]
    channels = x.shape[4]
    out = _pool(tf.reshape(x, [-1, height, width, channels]), pool_size[1:],
                strides[1:], padding, pool_mode)
    out_height, out_width = size_of(out, 1), size_of(out, 2)
    out = tf.reshape(out, [batch, depth, -1, channels])
    out = _pool(out, (pool_size[0], 1), (strides[0], 1), padding, pool_mode)
    return tf.reshape(out, [batch, size_of(out, 1), out_height, out_width,
                            channels])


class TensorflowPooling(object):

    def pool(self, x, pool_size, strides, padding, pool_mode, data_format):
        x = to_channels_last(tensor(x), data_format)
        out = _pool(x, tuple(pool_size), tuple(strides), padding, pool_mode)
        return from_channels_last(out, data_format)
