"""DepthwiseConv2D: each input channel convolved with its own filters."""
from keras import backend as K
from keras import constraints
from keras import initializers
from keras import regularizers
from keras.engine.input_spec import InputSpec
from keras.layers.convolutional.conv2d import Conv2D
from keras.utils.argument_validation import check_int


class DepthwiseConv2D(Conv2D):
    """Depthwise 2D convolution: the first step of a separable convolution.
    Output channel `c * depth_multiplier + m` is input channel `c`
    convolved with filter `m` of that channel.

    Args:
        kernel_size: int or tuple of 2 ints.
        strides: int or tuple of 2 ints.
        padding: 'valid' or 'same'.
        depth_multiplier: output channels per input channel (positive int).
        data_format: 'channels_last' or 'channels_first'; None for
            `K.image_data_format()`.
        dilation_rate: int or tuple of 2 ints.
        activation, use_bias: as for Conv2D.
        depthwise_initializer, bias_initializer: initializers.
        depthwise_regularizer, bias_regularizer, activity_regularizer:
            regularizers.
        depthwise_constraint, bias_constraint: constraints.

    Weights:
        depthwise_kernel (kernel_rows, kernel_cols, input_channels,
        depth_multiplier), bias (input_channels * depth_multiplier,).

    Input shape:
        4D tensor (batch, rows, cols, channels), or (batch, channels, rows,
        cols) for channels_first.

    Output shape:
        4D tensor with `input_channels * depth_multiplier` channels.
    """

    def __init__(self, kernel_size, strides=(1, 1), padding='valid',
                 depth_multiplier=1, data_format=None, dilation_rate=(1, 1),
                 activation=None, use_bias=True,
                 depthwise_initializer='glorot_uniform',
                 bias_initializer='zeros', depthwise_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, **kwargs):
        super(DepthwiseConv2D, self).__init__(
            filters=None, kernel_size=kernel_size, strides=strides,
            padding=padding, data_format=data_format,
            dilation_rate=dilation_rate, activation=activation,
            use_bias=use_bias, bias_initializer=bias_initializer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            bias_constraint=bias_constraint, **kwargs)
        self.depth_multiplier = check_int(depth_multiplier,
                                          'depth_multiplier',
                                          self.__class__.__name__)
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)

    def build(self, input_shape):
        channel_axis, input_dim = self._input_channels(input_shape)
        self.depthwise_kernel = self.add_weight(
            shape=self.kernel_size + (input_dim, self.depth_multiplier),
            initializer=self.depthwise_initializer, name='depthwise_kernel',
            regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint)
        self._add_bias(input_dim * self.depth_multiplier)
        self.input_spec = InputSpec(ndim=4, axes={channel_axis: input_dim})
        self.built = True

    def _convolve(self, inputs):
        return K.depthwise_conv2d(inputs, self.depthwise_kernel,
                                  strides=self.strides, padding=self.padding,
                                  data_format=self.data_format,
                                  dilation_rate=self.dilation_rate)

    def _output_channels(self, input_shape):
        axis = 1 if self.data_format == 'channels_first' else -1
        channels = input_shape[axis]
        return None if channels is None else channels * self.depth_multiplier

    def get_config(self):
        config = super(DepthwiseConv2D, self).get_config()
        for key in ('filters', 'kernel_initializer', 'kernel_regularizer',
                    'kernel_constraint'):
            config.pop(key)
        config.update({
            'depth_multiplier': self.depth_multiplier,
            'depthwise_initializer': initializers.serialize(
                self.depthwise_initializer),
            'depthwise_regularizer': regularizers.serialize(
                self.depthwise_regularizer),
            'depthwise_constraint': constraints.serialize(
                self.depthwise_constraint),
        })
        return config
