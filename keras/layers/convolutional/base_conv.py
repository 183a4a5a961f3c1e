"""_Conv: the base of the convolution layers of every rank."""
from keras import activations
from keras import backend as K
from keras import constraints
from keras import initializers
from keras import regularizers
from keras.engine.base_layer import Layer
from keras.engine.input_spec import InputSpec
from keras.layers.convolutional.arguments import channel_dimension
from keras.layers.convolutional.arguments import check_dilation_with_strides
from keras.layers.convolutional.arguments import check_rank
from keras.layers.convolutional.arguments import data_format_argument
from keras.layers.convolutional.arguments import int_tuple
from keras.layers.convolutional.arguments import padding_argument
from keras.utils import conv_utils
from keras.utils.argument_validation import check_int


class _Conv(Layer):
    """Abstract N-D convolution: `activation(conv(inputs, kernel) + bias)`.

    Args:
        rank: number of spatial dimensions (1, 2 or 3).
        filters: number of output channels (positive int); None only for
            layers deriving their channels otherwise (DepthwiseConv2D).
        kernel_size: int or tuple of `rank` ints, the window size.
        strides: int or tuple of `rank` ints.
        padding: 'valid' or 'same' ('causal' for Conv1D).
        data_format: 'channels_last' or 'channels_first'; None for
            `K.image_data_format()`.
        dilation_rate: int or tuple of `rank` ints (strides must be 1 when
            it is above 1).
        activation: activation function; None is linear.
        use_bias: whether a bias vector is added.
        kernel_initializer, bias_initializer: initializers.
        kernel_regularizer, bias_regularizer: regularizers of the weights.
        activity_regularizer: regularizer of the output.
        kernel_constraint, bias_constraint: constraints of the weights.
    """

    _causal_padding = False  # Conv1D also accepts 'causal'

    def __init__(self, rank, filters, kernel_size, strides=1, padding='valid',
                 data_format=None, dilation_rate=1, activation=None,
                 use_bias=True, kernel_initializer='glorot_uniform',
                 bias_initializer='zeros', kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super(_Conv, self).__init__(**kwargs)
        owner = self.__class__.__name__
        self.rank = rank
        self.filters = (None if filters is None else
                        check_int(filters, 'filters', owner))
        self.kernel_size = int_tuple(kernel_size, rank, 'kernel_size', owner)
        self.strides = int_tuple(strides, rank, 'strides', owner)
        self.padding = padding_argument(padding, owner,
                                        causal=self._causal_padding)
        self.data_format = data_format_argument(data_format, owner)
        self.dilation_rate = int_tuple(dilation_rate, rank, 'dilation_rate',
                                       owner)
        check_dilation_with_strides(self.strides, self.dilation_rate, owner)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _input_channels(self, input_shape):
        check_rank(input_shape, self.rank + 2, self.__class__.__name__)
        return channel_dimension(input_shape, self.data_format,
                                 self.__class__.__name__)

    def _add_bias(self, size):
        if not self.use_bias:
            self.bias = None
            return
        self.bias = self.add_weight(shape=(size,),
                                    initializer=self.bias_initializer,
                                    name='bias',
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint)

    def build(self, input_shape):
        channel_axis, input_dim = self._input_channels(input_shape)
        kernel_shape = self.kernel_size + (input_dim, self.filters)
        self.kernel = self.add_weight(shape=kernel_shape,
                                      initializer=self.kernel_initializer,
                                      name='kernel',
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self._add_bias(self.filters)
        self.input_spec = InputSpec(ndim=self.rank + 2,
                                    axes={channel_axis: input_dim})
        self.built = True

    def _convolve(self, inputs):
        if self.rank == 1:
            return K.conv1d(inputs, self.kernel, strides=self.strides[0],
                            padding=self.padding,
                            data_format=self.data_format,
                            dilation_rate=self.dilation_rate[0])
        convolution = K.conv2d if self.rank == 2 else K.conv3d
        return convolution(inputs, self.kernel, strides=self.strides,
                           padding=self.padding, data_format=self.data_format,
                           dilation_rate=self.dilation_rate)

    def _finish(self, outputs):
        if self.use_bias:
            outputs = K.bias_add(outputs, self.bias,
                                 data_format=self.data_format)
        if self.activation is not None:
            return self.activation(outputs)
        return outputs

    def call(self, inputs):
        return self._finish(self._convolve(inputs))

    def _output_channels(self, input_shape):
        return self.filters

    def compute_output_shape(self, input_shape):
        check_rank(input_shape, self.rank + 2, self.__class__.__name__)
        if self.data_format == 'channels_last':
            space = input_shape[1:-1]
        else:
            space = input_shape[2:]
        new_space = tuple(
            conv_utils.conv_output_length(size, self.kernel_size[i],
                                          padding=self.padding,
                                          stride=self.strides[i],
                                          dilation=self.dilation_rate[i])
            for i, size in enumerate(space))
        channels = self._output_channels(input_shape)
        if self.data_format == 'channels_last':
            return (input_shape[0],) + new_space + (channels,)
        return (input_shape[0], channels) + new_space

    def get_config(self):
        config = {
            'filters': self.filters,
            'kernel_size': self.kernel_size,
            'strides': self.strides,
            'padding': self.padding,
            'data_format': self.data_format,
            'dilation_rate': self.dilation_rate,
            'activation': activations.serialize(self.activation),
            'use_bias': self.use_bias,
            'kernel_initializer': initializers.serialize(
                self.kernel_initializer),
            'bias_initializer': initializers.serialize(self.bias_initializer),
            'kernel_regularizer': regularizers.serialize(
                self.kernel_regularizer),
            'bias_regularizer': regularizers.serialize(self.bias_regularizer),
            'activity_regularizer': regularizers.serialize(
                self.activity_regularizer),
            'kernel_constraint': constraints.serialize(self.kernel_constraint),
            'bias_constraint': constraints.serialize(self.bias_constraint),
        }
        base_config = super(_Conv, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))
