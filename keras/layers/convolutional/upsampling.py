"""UpSampling1D/2D/3D: repeat (or interpolate) along the spatial axes."""
from keras import backend as K
from keras.engine.base_layer import Layer
from keras.engine.base_layer import _legacy
from keras.engine.input_spec import InputSpec
from keras.layers.convolutional.arguments import check_rank
from keras.layers.convolutional.arguments import data_format_argument
from keras.layers.convolutional.arguments import int_tuple
from keras.utils.argument_validation import check_choice
from keras.utils.argument_validation import check_int


class _UpSampling(Layer):
    """Abstract upsampling of `rank` spatial axes by integer factors."""

    rank = None

    def __init__(self, size, data_format=None, **kwargs):
        super(_UpSampling, self).__init__(**kwargs)
        owner = self.__class__.__name__
        self.data_format = data_format_argument(data_format, owner)
        self.size = int_tuple(size, self.rank, 'size', owner)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _spatial_axes(self):
        first = 2 if self.data_format == 'channels_first' else 1
        return range(first, first + self.rank)

    def compute_output_shape(self, input_shape):
        check_rank(input_shape, self.rank + 2, self.__class__.__name__)
        shape = list(input_shape)
        for axis, factor in zip(self._spatial_axes(), self.size):
            if shape[axis] is not None:
                shape[axis] = shape[axis] * factor
        return tuple(shape)

    def get_config(self):
        config = {'size': self.size, 'data_format': self.data_format}
        base_config = super(_UpSampling, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class UpSampling1D(_UpSampling):
    """Repeats each step `size` times along the time axis.

    Args:
        size: positive int, the upsampling factor.

    Input shape:
        3D tensor (batch, steps, features).

    Output shape:
        3D tensor (batch, steps * size, features).
    """

    rank = 1

    @_legacy('legacy_upsampling1d_support')
    def __init__(self, size=2, **kwargs):
        size = check_int(size, 'size', self.__class__.__name__)
        super(UpSampling1D, self).__init__(size, 'channels_last', **kwargs)
        self.size = size

    def call(self, inputs):
        return K.repeat_elements(inputs, self.size, axis=1)

    def compute_output_shape(self, input_shape):
        check_rank(input_shape, 3, self.__class__.__name__)
        steps = input_shape[1]
        return (input_shape[0],
                None if steps is None else steps * self.size,
                input_shape[2])

    def get_config(self):
        config = super(UpSampling1D, self).get_config()
        config.pop('data_format')
        return config


class UpSampling2D(_UpSampling):
    """Upsamples the rows and columns of images by `size`.

    Args:
        size: int or tuple of 2 ints, the factors for rows and columns.
        data_format: 'channels_last' or 'channels_first'; None for
            `K.image_data_format()`.
        interpolation: 'nearest' (repetition) or 'bilinear'.

    Input shape:
        4D tensor (batch, rows, cols, channels), or (batch, channels, rows,
        cols) for channels_first.

    Output shape:
        4D tensor with rows * size[0] rows and cols * size[1] columns.
    """

    rank = 2

    @_legacy('legacy_upsampling2d_support')
    def __init__(self, size=(2, 2), data_format=None, interpolation='nearest',
                 **kwargs):
        super(UpSampling2D, self).__init__(size, data_format, **kwargs)
        self.interpolation = check_choice(interpolation, 'interpolation',
                                          self.__class__.__name__,
                                          ('nearest', 'bilinear'))

    def call(self, inputs):
        return K.resize_images(inputs, self.size[0], self.size[1],
                               self.data_format,
                               interpolation=self.interpolation)

    def get_config(self):
        config = super(UpSampling2D, self).get_config()
        config['interpolation'] = self.interpolation
        return config


class UpSampling3D(_UpSampling):
    """Repeats the entries of volumes `size` times along each spatial axis.

    Args:
        size: int or tuple of 3 ints, the factors of the three axes.
        data_format: 'channels_last' or 'channels_first'; None for
            `K.image_data_format()`.

    Input shape:
        5D tensor (batch, dim1, dim2, dim3, channels), or (batch, channels,
        dim1, dim2, dim3) for channels_first.

    Output shape:
        5D tensor with each spatial size multiplied by its factor.
    """

    rank = 3

    @_legacy('legacy_upsampling3d_support')
    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super(UpSampling3D, self).__init__(size, data_format, **kwargs)

    def call(self, inputs):
        return K.resize_volumes(inputs, self.size[0], self.size[1],
                                self.size[2], self.data_format)
