"""SeparableConv1D and SeparableConv2D: a depthwise convolution (each
input channel on its own) followed by a pointwise one mixing the
channels."""
from keras import backend as K
from keras import constraints
from keras import initializers
from keras import regularizers
from keras.engine.base_layer import _legacy
from keras.engine.input_spec import InputSpec
from keras.layers.convolutional.base_conv import _Conv
from keras.utils.argument_validation import check_int
from keras.utils.generic_utils import forwarded_arguments


class _SeparableConv(_Conv):
    """Abstract separable convolution of `rank` spatial dimensions.

    Args (beyond _Conv's, which has no kernel_* here):
        depth_multiplier: output channels of the depthwise step per input
            channel (positive int).
        depthwise_initializer, pointwise_initializer: initializers of the
            two kernels.
        depthwise_regularizer, pointwise_regularizer: their regularizers.
        depthwise_constraint, pointwise_constraint: their constraints.
    """

    def __init__(self, rank, filters, kernel_size, strides=1, padding='valid',
                 data_format=None, dilation_rate=1, depth_multiplier=1,
                 activation=None, use_bias=True,
                 depthwise_initializer='glorot_uniform',
                 pointwise_initializer='glorot_uniform',
                 bias_initializer='zeros', depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, depthwise_constraint=None,
                 pointwise_constraint=None, bias_constraint=None, **kwargs):
        super(_SeparableConv, self).__init__(
            rank=rank, filters=filters, kernel_size=kernel_size,
            strides=strides, padding=padding, data_format=data_format,
            dilation_rate=dilation_rate, activation=activation,
            use_bias=use_bias, bias_initializer=bias_initializer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            bias_constraint=bias_constraint, **kwargs)
        self.depth_multiplier = check_int(depth_multiplier,
                                          'depth_multiplier',
                                          self.__class__.__name__)
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.pointwise_constraint = constraints.get(pointwise_constraint)

    def build(self, input_shape):
        channel_axis, input_dim = self._input_channels(input_shape)
        depthwise_shape = self.kernel_size + (input_dim,
                                              self.depth_multiplier)
        pointwise_shape = (1,) * self.rank + (
            self.depth_multiplier * input_dim, self.filters)
        self.depthwise_kernel = self.add_weight(
            shape=depthwise_shape, initializer=self.depthwise_initializer,
            name='depthwise_kernel', regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint)
        self.pointwise_kernel = self.add_weight(
            shape=pointwise_shape, initializer=self.pointwise_initializer,
            name='pointwise_kernel', regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint)
        self._add_bias(self.filters)
        self.input_spec = InputSpec(ndim=self.rank + 2,
                                    axes={channel_axis: input_dim})
        self.built = True

    def _convolve(self, inputs):
        if self.rank == 1:
            return K.separable_conv1d(inputs, self.depthwise_kernel,
                                      self.pointwise_kernel,
                                      strides=self.strides[0],
                                      padding=self.padding,
                                      data_format=self.data_format,
                                      dilation_rate=self.dilation_rate[0])
        return K.separable_conv2d(inputs, self.depthwise_kernel,
                                  self.pointwise_kernel,
                                  strides=self.strides, padding=self.padding,
                                  data_format=self.data_format,
                                  dilation_rate=self.dilation_rate)

    def get_config(self):
        config = super(_SeparableConv, self).get_config()
        for key in ('kernel_initializer', 'kernel_regularizer',
                    'kernel_constraint'):
            config.pop(key)
        config.update({
            'depth_multiplier': self.depth_multiplier,
            'depthwise_initializer': initializers.serialize(
                self.depthwise_initializer),
            'pointwise_initializer': initializers.serialize(
                self.pointwise_initializer),
            'depthwise_regularizer': regularizers.serialize(
                self.depthwise_regularizer),
            'pointwise_regularizer': regularizers.serialize(
                self.pointwise_regularizer),
            'depthwise_constraint': constraints.serialize(
                self.depthwise_constraint),
            'pointwise_constraint': constraints.serialize(
                self.pointwise_constraint),
        })
        return config


class SeparableConv1D(_SeparableConv):
    """Depthwise separable 1D convolution.

    Args:
        filters: number of output channels (positive int).
        kernel_size: int or tuple of 1 int.
        strides: int or tuple of 1 int.
        padding: 'valid', 'same' or 'causal'.
        data_format: 'channels_last' (the default) or 'channels_first'.
        dilation_rate: int or tuple of 1 int.
        depth_multiplier: depthwise output channels per input channel.
        activation, use_bias: as for Conv1D.
        depthwise_initializer, pointwise_initializer, bias_initializer,
        depthwise_regularizer, pointwise_regularizer, bias_regularizer,
        activity_regularizer, depthwise_constraint, pointwise_constraint,
        bias_constraint: of the weights and output.

    Weights:
        depthwise_kernel (kernel_size, input_channels, depth_multiplier),
        pointwise_kernel (1, input_channels * depth_multiplier, filters),
        bias (filters,).

    Input shape:
        3D tensor (batch, steps, channels), or (batch, channels, steps).

    Output shape:
        3D tensor with `filters` channels.
    """

    _causal_padding = True

    def __init__(self, filters, kernel_size, strides=1, padding='valid',
                 data_format='channels_last', dilation_rate=1,
                 depth_multiplier=1, activation=None, use_bias=True,
                 depthwise_initializer='glorot_uniform',
                 pointwise_initializer='glorot_uniform',
                 bias_initializer='zeros', depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, depthwise_constraint=None,
                 pointwise_constraint=None, bias_constraint=None, **kwargs):
        super(SeparableConv1D, self).__init__(
            rank=1, **forwarded_arguments(locals()))


class SeparableConv2D(_SeparableConv):
    """Depthwise separable 2D convolution.

    Args:
        filters: number of output channels (positive int).
        kernel_size: int or tuple of 2 ints.
        strides: int or tuple of 2 ints.
        padding: 'valid' or 'same'.
        data_format: 'channels_last' or 'channels_first'; None for
            `K.image_data_format()`.
        dilation_rate: int or tuple of 2 ints.
        depth_multiplier: depthwise output channels per input channel.
        (the others as for SeparableConv1D.)

    Weights:
        depthwise_kernel (kernel_rows, kernel_cols, input_channels,
        depth_multiplier), pointwise_kernel (1, 1, input_channels *
        depth_multiplier, filters), bias (filters,).

    Input shape:
        4D tensor (batch, rows, cols, channels), or (batch, channels, rows,
        cols) for channels_first.

    Output shape:
        4D tensor with `filters` channels.
    """

    @_legacy('legacy_separable_conv2d_support')
    def __init__(self, filters, kernel_size, strides=(1, 1), padding='valid',
                 data_format=None, dilation_rate=(1, 1), depth_multiplier=1,
                 activation=None, use_bias=True,
                 depthwise_initializer='glorot_uniform',
                 pointwise_initializer='glorot_uniform',
                 bias_initializer='zeros', depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, depthwise_constraint=None,
                 pointwise_constraint=None, bias_constraint=None, **kwargs):
        super(SeparableConv2D, self).__init__(
            rank=2, **forwarded_arguments(locals()))
