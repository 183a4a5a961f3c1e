"""Conv3D: spatial convolution over volumes."""
from keras.engine.base_layer import _legacy
from keras.layers.convolutional.base_conv import _Conv
from keras.utils.generic_utils import forwarded_arguments


class Conv3D(_Conv):
    """3D convolution over volumes.

    Args:
        filters: number of output channels (positive int).
        kernel_size: int or tuple of 3 ints, the window size.
        strides: int or tuple of 3 ints.
        padding: 'valid' or 'same'.
        data_format: 'channels_last' or 'channels_first'; None for
            `K.image_data_format()`.
        dilation_rate: int or tuple of 3 ints, for dilated (atrous)
            convolution; strides must be 1 when it is above 1.
        activation: activation function (name or callable); None is linear.
        use_bias: whether a bias vector is added.
        kernel_initializer, bias_initializer: initializers of the weights.
        kernel_regularizer, bias_regularizer: regularizers of the weights.
        activity_regularizer: regularizer of the output.
        kernel_constraint, bias_constraint: constraints of the weights.

    Weights:
        kernel (k1, k2, k3, input_channels, filters), bias (filters,).

    Input shape:
        5D tensor (batch, dim1, dim2, dim3, channels), or (batch, channels,
        dim1, dim2, dim3) for channels_first.

    Output shape:
        5D tensor with `filters` channels; the spatial sizes follow
        `conv_utils.conv_output_length`.
    """

    @_legacy('legacy_conv3d_support')
    def __init__(self, filters, kernel_size, strides=(1, 1, 1),
                 padding='valid', data_format=None, dilation_rate=(1, 1, 1),
                 activation=None, use_bias=True,
                 kernel_initializer='glorot_uniform', bias_initializer='zeros',
                 kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, **kwargs):
        super(Conv3D, self).__init__(
            rank=3, **forwarded_arguments(locals()))

