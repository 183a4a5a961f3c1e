"""The reference pooling: numpy only, written as its definition (see
keras/backend/numpy/conv.py for the window arithmetic)."""
import numpy as np

from keras.backend.numpy.conv import from_channels_last
from keras.backend.numpy.conv import output_sizes
from keras.backend.numpy.conv import padded
from keras.backend.numpy.conv import to_channels_last
from keras.backend.numpy.conv import window


class NumpyPooling(object):

    def pool(self, x, pool_size, strides, padding, pool_mode, data_format):
        """Max or average over windows of `pool_size`. Padding takes no
        part: max ignores it, and an average divides by the number of real
        entries in its window, as TensorFlow does."""
        x = to_channels_last(np.asarray(x), data_format)
        ones = np.ones(x.shape[1:-1] + (1,), dtype=x.dtype)[None]
        dilations = (1,) * len(pool_size)
        if pool_mode == 'max':
            fill = -np.inf if x.dtype.kind == 'f' else np.iinfo(x.dtype).min
            x = padded(x, pool_size, strides, dilations, padding, fill)
        else:
            x = padded(x, pool_size, strides, dilations, padding)
        ones = padded(ones, pool_size, strides, dilations, padding)
        out_sizes = output_sizes(x.shape[1:-1], pool_size, strides,
                                 dilations)
        windows = [window(x, offset, out_sizes, strides, dilations)
                   for offset in np.ndindex(*pool_size)]
        if pool_mode == 'max':
            out = np.max(windows, axis=0)
        else:
            counts = np.sum([window(ones, offset, out_sizes, strides,
                                    dilations)
                             for offset in np.ndindex(*pool_size)], axis=0)
            out = (np.sum(windows, axis=0) / counts).astype(x.dtype)
        return from_channels_last(out, data_format)
