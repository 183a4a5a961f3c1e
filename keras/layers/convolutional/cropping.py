"""Cropping1D/2D/3D: entries removed at the start and end of the spatial
axes."""
from keras.engine.base_layer import Layer
from keras.engine.base_layer import _legacy
from keras.engine.input_spec import InputSpec
from keras.layers.convolutional.arguments import check_rank
from keras.layers.convolutional.arguments import data_format_argument
from keras.layers.convolutional.arguments import int_tuple
from keras.layers.convolutional.arguments import pair_tuples

_CROPPING_2D = ('an int, a tuple of 2 ints (symmetric_height_crop, '
                'symmetric_width_crop) or a tuple of 2 tuples of 2 ints '
                '((top_crop, bottom_crop), (left_crop, right_crop)), all '
                '>= 0')
_CROPPING_3D = ('an int, a tuple of 3 ints (symmetric_dim1_crop, '
                'symmetric_dim2_crop, symmetric_dim3_crop) or a tuple of 3 '
                'tuples of 2 ints ((left_dim1_crop, right_dim1_crop), ..., '
                '(left_dim3_crop, right_dim3_crop)), all >= 0')


class _Cropping(Layer):
    """Abstract cropping; `self.cropping` holds one (start, end) pair per
    spatial axis, except for Cropping1D (a single pair)."""

    rank = None

    def __init__(self, cropping, data_format=None, **kwargs):
        super(_Cropping, self).__init__(**kwargs)
        self.data_format = data_format_argument(data_format,
                                                self.__class__.__name__)
        self.cropping = cropping
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _pairs(self):
        return self.cropping

    def _spatial_axes(self):
        first = 2 if self.data_format == 'channels_first' else 1
        return range(first, first + self.rank)

    def call(self, inputs):
        key = [slice(None)] * (self.rank + 2)
        for axis, (start, end) in zip(self._spatial_axes(), self._pairs()):
            key[axis] = slice(start, -end if end else None)
        return inputs[tuple(key)]

    def compute_output_shape(self, input_shape):
        check_rank(input_shape, self.rank + 2, self.__class__.__name__)
        shape = list(input_shape)
        for axis, (start, end) in zip(self._spatial_axes(), self._pairs()):
            if shape[axis] is None:
                continue
            if start + end >= shape[axis]:
                raise ValueError(
                    '%s: cropping %s removes all of the %d entries of axis '
                    '%d of the input (shape %s).'
                    % (self.__class__.__name__, self.cropping, shape[axis],
                       axis, tuple(input_shape)))
            shape[axis] = shape[axis] - start - end
        return tuple(shape)

    def get_config(self):
        config = {'cropping': self.cropping, 'data_format': self.data_format}
        base_config = super(_Cropping, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class Cropping1D(_Cropping):
    """Removes steps at the start and end of sequences.

    Args:
        cropping: int (the same at both ends) or tuple of 2 ints (start,
            end), all >= 0.

    Input shape:
        3D tensor (batch, steps, features).

    Output shape:
        3D tensor (batch, steps - start - end, features).
    """

    rank = 1

    def __init__(self, cropping=(1, 1), **kwargs):
        cropping = int_tuple(cropping, 2, 'cropping',
                             self.__class__.__name__, minimum=0)
        super(Cropping1D, self).__init__(cropping, 'channels_last', **kwargs)

    def _pairs(self):
        return (self.cropping,)

    def get_config(self):
        config = super(Cropping1D, self).get_config()
        config.pop('data_format')
        return config


class Cropping2D(_Cropping):
    """Removes rows at the top and bottom of images, columns at the left
    and right.

    Args:
        cropping: int, tuple of 2 ints (symmetric row and column cropping)
            or ((top, bottom), (left, right)).
        data_format: 'channels_last' or 'channels_first'; None for
            `K.image_data_format()`.

    Input shape:
        4D tensor (batch, rows, cols, channels), or (batch, channels, rows,
        cols) for channels_first.

    Output shape:
        4D tensor (batch, cropped_rows, cropped_cols, channels) (or
        channels_first).
    """

    rank = 2

    @_legacy('legacy_cropping2d_support')
    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None,
                 **kwargs):
        cropping = pair_tuples(cropping, 2, 'cropping',
                               self.__class__.__name__, _CROPPING_2D)
        super(Cropping2D, self).__init__(cropping, data_format, **kwargs)


class Cropping3D(_Cropping):
    """Removes entries at both ends of each spatial axis of volumes.

    Args:
        cropping: int, tuple of 3 ints (symmetric cropping per axis) or
            three (start, end) pairs.
        data_format: 'channels_last' or 'channels_first'; None for
            `K.image_data_format()`.

    Input shape:
        5D tensor (batch, dim1, dim2, dim3, channels), or (batch, channels,
        dim1, dim2, dim3) for channels_first.

    Output shape:
        5D tensor with each spatial axis cropped.
    """

    rank = 3

    @_legacy('legacy_cropping3d_support')
    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None,
                 **kwargs):
        cropping = pair_tuples(cropping, 3, 'cropping',
                               self.__class__.__name__, _CROPPING_3D)
        super(Cropping3D, self).__init__(cropping, data_format, **kwargs)
