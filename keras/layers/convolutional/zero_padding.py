"""ZeroPadding1D/2D/3D: zeros added before and after the spatial axes."""
from keras import backend as K
from keras.engine.base_layer import Layer
from keras.engine.base_layer import _legacy
from keras.engine.input_spec import InputSpec
from keras.layers.convolutional.arguments import check_rank
from keras.layers.convolutional.arguments import data_format_argument
from keras.layers.convolutional.arguments import int_tuple
from keras.layers.convolutional.arguments import pair_tuples

_PADDING_2D = ('an int, a tuple of 2 ints (symmetric_height_pad, '
               'symmetric_width_pad) or a tuple of 2 tuples of 2 ints '
               '((top_pad, bottom_pad), (left_pad, right_pad)), all >= 0')
_PADDING_3D = ('an int, a tuple of 3 ints (symmetric_dim1_pad, '
               'symmetric_dim2_pad, symmetric_dim3_pad) or a tuple of 3 '
               'tuples of 2 ints ((left_dim1_pad, right_dim1_pad), ..., '
               '(left_dim3_pad, right_dim3_pad)), all >= 0')


class _ZeroPadding(Layer):
    """Abstract zero padding; `self.padding` holds one (before, after)
    pair per spatial axis, except for ZeroPadding1D (a single pair)."""

    rank = None

    def __init__(self, padding, data_format=None, **kwargs):
        super(_ZeroPadding, self).__init__(**kwargs)
        self.data_format = data_format_argument(data_format,
                                                self.__class__.__name__)
        self.padding = padding
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _pairs(self):
        return self.padding

    def compute_output_shape(self, input_shape):
        check_rank(input_shape, self.rank + 2, self.__class__.__name__)
        shape = list(input_shape)
        first = 2 if self.data_format == 'channels_first' else 1
        for axis, (before, after) in zip(range(first, first + self.rank),
                                         self._pairs()):
            if shape[axis] is not None:
                shape[axis] = shape[axis] + before + after
        return tuple(shape)

    def get_config(self):
        config = {'padding': self.padding, 'data_format': self.data_format}
        base_config = super(_ZeroPadding, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class ZeroPadding1D(_ZeroPadding):
    """Zeros before and after the steps of a sequence.

    Args:
        padding: int (the same on both sides) or tuple of 2 ints (before,
            after), all >= 0.

    Input shape:
        3D tensor (batch, steps, features).

    Output shape:
        3D tensor (batch, before + steps + after, features).
    """

    rank = 1

    def __init__(self, padding=1, **kwargs):
        padding = int_tuple(padding, 2, 'padding', self.__class__.__name__,
                            minimum=0)
        super(ZeroPadding1D, self).__init__(padding, 'channels_last',
                                            **kwargs)

    def _pairs(self):
        return (self.padding,)

    def call(self, inputs):
        return K.temporal_padding(inputs, padding=self.padding)

    def get_config(self):
        config = super(ZeroPadding1D, self).get_config()
        config.pop('data_format')
        return config


class ZeroPadding2D(_ZeroPadding):
    """Rows of zeros above and below images, columns left and right.

    Args:
        padding: int, tuple of 2 ints (symmetric row and column padding)
            or ((top, bottom), (left, right)).
        data_format: 'channels_last' or 'channels_first'; None for
            `K.image_data_format()`.

    Input shape:
        4D tensor (batch, rows, cols, channels), or (batch, channels, rows,
        cols) for channels_first.

    Output shape:
        4D tensor (batch, padded_rows, padded_cols, channels) (or
        channels_first).
    """

    rank = 2

    @_legacy('legacy_zeropadding2d_support')
    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        padding = pair_tuples(padding, 2, 'padding', self.__class__.__name__,
                              _PADDING_2D)
        super(ZeroPadding2D, self).__init__(padding, data_format, **kwargs)

    def call(self, inputs):
        return K.spatial_2d_padding(inputs, padding=self.padding,
                                    data_format=self.data_format)


class ZeroPadding3D(_ZeroPadding):
    """Zeros before and after each spatial axis of volumes.

    Args:
        padding: int, tuple of 3 ints (symmetric padding per axis) or
            three (before, after) pairs.
        data_format: 'channels_last' or 'channels_first'; None for
            `K.image_data_format()`.

    Input shape:
        5D tensor (batch, dim1, dim2, dim3, channels), or (batch, channels,
        dim1, dim2, dim3) for channels_first.

    Output shape:
        5D tensor with each spatial axis padded.
    """

    rank = 3

    @_legacy('legacy_zeropadding3d_support')
    def __init__(self, padding=(1, 1, 1), data_format=None, **kwargs):
        padding = pair_tuples(padding, 3, 'padding', self.__class__.__name__,
                              _PADDING_3D)
        super(ZeroPadding3D, self).__init__(padding, data_format, **kwargs)

    def call(self, inputs):
        return K.spatial_3d_padding(inputs, padding=self.padding,
                                    data_format=self.data_format)
