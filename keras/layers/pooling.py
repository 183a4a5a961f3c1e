"""Pooling layers: max and average over windows (MaxPooling2D, ...) and
over whole spatial axes (GlobalAveragePooling2D, ...), 1D, 2D and 3D.

Windowed pooling runs on `K.pool2d` / `K.pool3d`; the 1D layers pool a 2D
input with a dummy axis of size 1, as Keras 2.3.1 does.
"""
from keras import backend as K
from keras.engine.base_layer import Layer
from keras.engine.base_layer import _legacy
from keras.engine.input_spec import InputSpec
from keras.utils import argument_validation
from keras.utils import conv_utils

_PADDINGS = ('valid', 'same')


def _window_argument(value, rank, name, owner):
    """`pool_size` / `strides` (an int, or `rank` ints) as a tuple of
    `rank` positive ints."""
    try:
        values = conv_utils.normalize_tuple(value, rank, name)
        return argument_validation.check_int_tuple(values, name, owner)
    except ValueError:
        raise ValueError('%s: `%s` must be a positive integer or a tuple of '
                         '%d positive integers; received %r.'
                         % (owner, name, rank, value)) from None


def _padding_argument(value, owner):
    padding = value.lower() if isinstance(value, str) else value
    return argument_validation.check_choice(padding, 'padding', owner,
                                            _PADDINGS)


class _Pooling(Layer):
    """Windowed pooling of `rank` spatial axes.

    Subclasses set `rank` and `pool_mode` ('max' or 'avg'), or override
    `_pooling_function` (as Keras 2.3.1's subclasses do).
    """

    rank = None
    pool_mode = None

    def __init__(self, pool_size, strides, padding, data_format, **kwargs):
        super(_Pooling, self).__init__(**kwargs)
        owner = self.__class__.__name__
        if strides is None:
            strides = pool_size
        self.pool_size = _window_argument(pool_size, self.rank, 'pool_size',
                                          owner)
        self.strides = _window_argument(strides, self.rank, 'strides', owner)
        self.padding = _padding_argument(padding, owner)
        self.data_format = K.normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _pooling_function(self, inputs, pool_size, strides, padding,
                          data_format):
        pool = K.pool2d if len(pool_size) == 2 else K.pool3d
        return pool(inputs, pool_size, strides, padding, data_format,
                    pool_mode=self.pool_mode)

    def call(self, inputs):
        return self._pooling_function(inputs=inputs,
                                      pool_size=self.pool_size,
                                      strides=self.strides,
                                      padding=self.padding,
                                      data_format=self.data_format)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.data_format == 'channels_first':
            spatial = input_shape[2:]
        else:
            spatial = input_shape[1:-1]
        sizes = tuple(conv_utils.conv_output_length(size, window,
                                                    self.padding, stride)
                      for size, window, stride in
                      zip(spatial, self.pool_size, self.strides))
        if self.data_format == 'channels_first':
            return input_shape[:2] + sizes
        return (input_shape[0],) + sizes + (input_shape[-1],)

    def get_config(self):
        config = {'pool_size': self.pool_size,
                  'padding': self.padding,
                  'strides': self.strides,
                  'data_format': self.data_format}
        base_config = super(_Pooling, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class _Pooling1D(_Pooling):
    """Pooling over the steps axis of (batch, steps, features) inputs:
    `_pooling_function` receives them with a dummy spatial axis appended
    (a 4D tensor) and 2-tuples `pool_size` and `strides`."""

    rank = 1

    def __init__(self, pool_size=2, strides=None, padding='valid',
                 data_format='channels_last', **kwargs):
        super(_Pooling1D, self).__init__(pool_size, strides, padding,
                                         data_format, **kwargs)

    def call(self, inputs):
        dummy_axis = 2 if self.data_format == 'channels_last' else 3
        inputs = K.expand_dims(inputs, dummy_axis)
        output = self._pooling_function(inputs=inputs,
                                        pool_size=self.pool_size + (1,),
                                        strides=self.strides + (1,),
                                        padding=self.padding,
                                        data_format=self.data_format)
        return K.squeeze(output, dummy_axis)


class _Pooling2D(_Pooling):
    rank = 2

    def __init__(self, pool_size=(2, 2), strides=None, padding='valid',
                 data_format=None, **kwargs):
        super(_Pooling2D, self).__init__(pool_size, strides, padding,
                                         data_format, **kwargs)


class _Pooling3D(_Pooling):
    rank = 3

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding='valid',
                 data_format=None, **kwargs):
        super(_Pooling3D, self).__init__(pool_size, strides, padding,
                                         data_format, **kwargs)


_POOLING_1D_DOC = """

    Args:
        pool_size: int, the window length.
        strides: int, the step between windows; None means `pool_size`.
        padding: 'valid' or 'same' (padded positions take no part).
        data_format: 'channels_last' (batch, steps, features) or
            'channels_first' (batch, features, steps).

    Input shape:
        3D tensor (batch_size, steps, features), or (batch_size, features,
        steps) for 'channels_first'.

    Output shape:
        3D tensor (batch_size, downsampled_steps, features), or
        (batch_size, features, downsampled_steps).
    """

_POOLING_ND_DOC = """

    Args:
        pool_size: int or tuple of {n} ints, the window size; an int is
            used for every axis.
        strides: int or tuple of {n} ints; None means `pool_size`.
        padding: 'valid' or 'same' (padded positions take no part).
        data_format: 'channels_last' or 'channels_first'; None means
            `K.image_data_format()`.

    Input shape:
        {rank}D tensor (batch_size, {axes}, channels), or (batch_size,
        channels, {axes}) for 'channels_first'.

    Output shape:
        {rank}D tensor (batch_size, {pooled_axes}, channels), or
        (batch_size, channels, {pooled_axes}).
    """


def _nd_doc(n):
    axes = ('rows, cols' if n == 2 else 'dim1, dim2, dim3')
    pooled = ('pooled_rows, pooled_cols' if n == 2 else
              'pooled_dim1, pooled_dim2, pooled_dim3')
    return _POOLING_ND_DOC.format(n=n, rank=n + 2, axes=axes,
                                  pooled_axes=pooled)


class MaxPooling1D(_Pooling1D):
    __doc__ = 'Max pooling over time windows.' + _POOLING_1D_DOC

    @_legacy('legacy_pooling1d_support')
    def __init__(self, pool_size=2, strides=None, padding='valid',
                 data_format='channels_last', **kwargs):
        super(MaxPooling1D, self).__init__(pool_size, strides, padding,
                                           data_format, **kwargs)

    pool_mode = 'max'


class AveragePooling1D(_Pooling1D):
    __doc__ = ('Average pooling over time windows (with padding, the mean '
               'of the real entries).' + _POOLING_1D_DOC)

    @_legacy('legacy_pooling1d_support')
    def __init__(self, pool_size=2, strides=None, padding='valid',
                 data_format='channels_last', **kwargs):
        super(AveragePooling1D, self).__init__(pool_size, strides, padding,
                                               data_format, **kwargs)

    pool_mode = 'avg'


class MaxPooling2D(_Pooling2D):
    __doc__ = 'Max pooling over 2D spatial windows.' + _nd_doc(2)

    @_legacy('legacy_pooling2d_support')
    def __init__(self, pool_size=(2, 2), strides=None, padding='valid',
                 data_format=None, **kwargs):
        super(MaxPooling2D, self).__init__(pool_size, strides, padding,
                                           data_format, **kwargs)

    pool_mode = 'max'


class AveragePooling2D(_Pooling2D):
    __doc__ = ('Average pooling over 2D spatial windows (with padding, the '
               'mean of the real entries).' + _nd_doc(2))

    @_legacy('legacy_pooling2d_support')
    def __init__(self, pool_size=(2, 2), strides=None, padding='valid',
                 data_format=None, **kwargs):
        super(AveragePooling2D, self).__init__(pool_size, strides, padding,
                                               data_format, **kwargs)

    pool_mode = 'avg'


class MaxPooling3D(_Pooling3D):
    __doc__ = 'Max pooling over 3D spatial windows.' + _nd_doc(3)

    @_legacy('legacy_pooling3d_support')
    def __init__(self, pool_size=(2, 2, 2), strides=None, padding='valid',
                 data_format=None, **kwargs):
        super(MaxPooling3D, self).__init__(pool_size, strides, padding,
                                           data_format, **kwargs)

    pool_mode = 'max'


class AveragePooling3D(_Pooling3D):
    __doc__ = ('Average pooling over 3D spatial windows (with padding, the '
               'mean of the real entries).' + _nd_doc(3))

    @_legacy('legacy_pooling3d_support')
    def __init__(self, pool_size=(2, 2, 2), strides=None, padding='valid',
                 data_format=None, **kwargs):
        super(AveragePooling3D, self).__init__(pool_size, strides, padding,
                                               data_format, **kwargs)

    pool_mode = 'avg'


# Global pooling.

class _GlobalPooling(Layer):
    """Reduction over all `rank` spatial axes: (batch, channels) out."""

    rank = None

    def __init__(self, data_format, **kwargs):
        super(_GlobalPooling, self).__init__(**kwargs)
        self.data_format = K.normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _spatial_axes(self):
        first = 1 if self.data_format == 'channels_last' else 2
        return list(range(first, first + self.rank))

    def compute_output_shape(self, input_shape):
        if self.data_format == 'channels_last':
            return (input_shape[0], input_shape[-1])
        return (input_shape[0], input_shape[1])

    def call(self, inputs):
        raise NotImplementedError

    def get_config(self):
        config = {'data_format': self.data_format}
        base_config = super(_GlobalPooling, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class _GlobalPooling1D(_GlobalPooling):
    rank = 1

    def __init__(self, data_format='channels_last', **kwargs):
        super(_GlobalPooling1D, self).__init__(data_format, **kwargs)


class _GlobalPooling2D(_GlobalPooling):
    rank = 2

    @_legacy('legacy_global_pooling_support')
    def __init__(self, data_format=None, **kwargs):
        super(_GlobalPooling2D, self).__init__(data_format, **kwargs)


class _GlobalPooling3D(_GlobalPooling):
    rank = 3

    @_legacy('legacy_global_pooling_support')
    def __init__(self, data_format=None, **kwargs):
        super(_GlobalPooling3D, self).__init__(data_format, **kwargs)


_GLOBAL_1D_DOC = """

    Args:
        data_format: 'channels_last' (batch, steps, features) or
            'channels_first' (batch, features, steps).

    Input shape:
        3D tensor (batch_size, steps, features), or (batch_size, features,
        steps) for 'channels_first'.

    Output shape:
        2D tensor (batch_size, features).
    """

_GLOBAL_ND_DOC = """

    Args:
        data_format: 'channels_last' or 'channels_first'; None means
            `K.image_data_format()`.

    Input shape:
        {rank}D tensor (batch_size, {axes}, channels), or (batch_size,
        channels, {axes}) for 'channels_first'.

    Output shape:
        2D tensor (batch_size, channels).
    """


def _global_doc(n):
    axes = 'rows, cols' if n == 2 else 'dim1, dim2, dim3'
    return _GLOBAL_ND_DOC.format(rank=n + 2, axes=axes)


class GlobalAveragePooling1D(_GlobalPooling1D):
    __doc__ = ('Mean over the steps axis; with a mask (batch, steps), the '
               'mean of the unmasked steps only. The output carries no '
               'mask.' + _GLOBAL_1D_DOC)

    def __init__(self, data_format='channels_last', **kwargs):
        super(GlobalAveragePooling1D, self).__init__(data_format, **kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        steps_axis = 1 if self.data_format == 'channels_last' else 2
        if mask is None:
            return K.mean(inputs, axis=steps_axis)
        # (batch, steps) -> broadcastable against the inputs; a sample
        # whose steps are all masked divides 0 by 0, as in Keras 2.3.1.
        weights = K.cast(mask, K.dtype(inputs))
        weights = K.expand_dims(weights, 2 if steps_axis == 1 else 1)
        return (K.sum(inputs * weights, axis=steps_axis) /
                K.sum(weights, axis=steps_axis))

    def compute_mask(self, inputs, mask=None):
        return None


class GlobalMaxPooling1D(_GlobalPooling1D):
    __doc__ = 'Maximum over the steps axis.' + _GLOBAL_1D_DOC

    def call(self, inputs):
        return K.max(inputs, axis=self._spatial_axes())


class GlobalAveragePooling2D(_GlobalPooling2D):
    __doc__ = 'Mean over the spatial axes.' + _global_doc(2)

    def call(self, inputs):
        return K.mean(inputs, axis=self._spatial_axes())


class GlobalMaxPooling2D(_GlobalPooling2D):
    __doc__ = 'Maximum over the spatial axes.' + _global_doc(2)

    def call(self, inputs):
        return K.max(inputs, axis=self._spatial_axes())


class GlobalAveragePooling3D(_GlobalPooling3D):
    __doc__ = 'Mean over the spatial axes.' + _global_doc(3)

    def call(self, inputs):
        return K.mean(inputs, axis=self._spatial_axes())


class GlobalMaxPooling3D(_GlobalPooling3D):
    __doc__ = 'Maximum over the spatial axes.' + _global_doc(3)

    def call(self, inputs):
        return K.max(inputs, axis=self._spatial_axes())


# Aliases.
AvgPool1D = AveragePooling1D
MaxPool1D = MaxPooling1D
AvgPool2D = AveragePooling2D
MaxPool2D = MaxPooling2D
AvgPool3D = AveragePooling3D
MaxPool3D = MaxPooling3D
GlobalMaxPool1D = GlobalMaxPooling1D
GlobalMaxPool2D = GlobalMaxPooling2D
GlobalMaxPool3D = GlobalMaxPooling3D
GlobalAvgPool1D = GlobalAveragePooling1D
GlobalAvgPool2D = GlobalAveragePooling2D
GlobalAvgPool3D = GlobalAveragePooling3D
