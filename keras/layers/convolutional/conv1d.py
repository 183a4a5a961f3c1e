"""Conv1D: temporal convolution."""
from keras.engine.base_layer import _legacy
from keras.layers.convolutional.base_conv import _Conv
from keras.utils.generic_utils import forwarded_arguments


class Conv1D(_Conv):
    """1D convolution over the steps of a sequence (temporal
    convolution).

    Args:
        filters: number of output channels (positive int).
        kernel_size: int or tuple of 1 int, the window size.
        strides: int or tuple of 1 int.
        padding: 'valid', 'same' or 'causal' (zeros before the sequence
            only, so that output t depends on inputs up to t; needs
            channels_last).
        data_format: 'channels_last' (the default) or 'channels_first'.
        dilation_rate: int or tuple of 1 int, for dilated (atrous)
            convolution; strides must be 1 when it is above 1.
        activation: activation function (name or callable); None is linear.
        use_bias: whether a bias vector is added.
        kernel_initializer, bias_initializer: initializers of the weights.
        kernel_regularizer, bias_regularizer: regularizers of the weights.
        activity_regularizer: regularizer of the output.
        kernel_constraint, bias_constraint: constraints of the weights.

    Weights:
        kernel (kernel_size, input_channels, filters), bias (filters,).

    Input shape:
        3D tensor (batch, steps, channels), or (batch, channels, steps) for
        channels_first.

    Output shape:
        3D tensor with `filters` channels; the spatial sizes follow
        `conv_utils.conv_output_length`.
    """

    _causal_padding = True

    @_legacy('legacy_conv1d_support')
    def __init__(self, filters, kernel_size, strides=1,
                 padding='valid', data_format='channels_last',
                 dilation_rate=1,
                 activation=None, use_bias=True,
                 kernel_initializer='glorot_uniform', bias_initializer='zeros',
                 kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, **kwargs):
        super(Conv1D, self).__init__(
            rank=1, **forwarded_arguments(locals()))
        if self.padding == 'causal' and \
                self.data_format != 'channels_last':
            raise ValueError('Conv1D: causal padding needs '
                             '`data_format="channels_last"` (temporal data); '
                             'received data_format=%r.' % (self.data_format,))

