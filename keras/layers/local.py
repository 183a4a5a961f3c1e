"""Locally connected layers: convolutions whose weights are not shared
between output positions (LocallyConnected1D, LocallyConnected2D)."""
import numpy as np

from keras import activations
from keras import backend as K
from keras import constraints
from keras import initializers
from keras import regularizers
from keras.engine.base_layer import Layer
from keras.engine.base_layer import _legacy
from keras.engine.input_spec import InputSpec
from keras.utils import argument_validation
from keras.utils import conv_utils

# tf-keras writes `implementation` (1, 2 or 3: how it lays out and
# multiplies the kernel) in its configs; all three compute the same
# function.
_IMPLEMENTATIONS = (1, 2, 3)


def _window_argument(value, rank, name, owner):
    """`kernel_size` / `strides` (an int, or `rank` ints) as a tuple of
    `rank` positive ints."""
    try:
        values = conv_utils.normalize_tuple(value, rank, name)
        return argument_validation.check_int_tuple(values, name, owner)
    except ValueError:
        raise ValueError('%s: `%s` must be a positive integer or a tuple of '
                         '%d positive integers; received %r.'
                         % (owner, name, rank, value)) from None


def _implementation_argument(value, owner):
    if value is None:
        return None
    if isinstance(value, bool) or value not in _IMPLEMENTATIONS:
        raise ValueError('%s: `implementation` must be one of 1, 2, 3 (the '
                         'values tf-keras writes); received %r.'
                         % (owner, value))
    return int(value)


class _LocallyConnected(Layer):
    """Locally connected layer of `rank` spatial axes ('valid' windows).

    Weights, in order: `kernel` (output positions, window entries *
    input channels, filters), then `bias` (*output spatial shape,
    filters).
    """

    rank = None

    def __init__(self, filters, kernel_size, strides, padding, data_format,
                 activation, use_bias, kernel_initializer, bias_initializer,
                 kernel_regularizer, bias_regularizer, activity_regularizer,
                 kernel_constraint, bias_constraint, **kwargs):
        owner = self.__class__.__name__
        implementation = kwargs.pop('implementation', None)
        super(_LocallyConnected, self).__init__(**kwargs)
        self.filters = argument_validation.check_int(filters, 'filters',
                                                     owner)
        self.kernel_size = _window_argument(kernel_size, self.rank,
                                            'kernel_size', owner)
        self.strides = _window_argument(strides, self.rank, 'strides', owner)
        padding = padding.lower() if isinstance(padding, str) else padding
        self.padding = argument_validation.check_choice(
            padding, 'padding', owner, ('valid',))
        self.data_format = K.normalize_data_format(data_format)
        self.implementation = _implementation_argument(implementation, owner)
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

    def _split_shape(self, input_shape):
        """(spatial sizes, channels) of an input shape."""
        if self.data_format == 'channels_first':
            return tuple(input_shape[2:]), input_shape[1]
        return tuple(input_shape[1:-1]), input_shape[-1]

    def _output_sizes(self, spatial):
        return tuple(conv_utils.conv_output_length(size, k, self.padding, s)
                     for size, k, s in
                     zip(spatial, self.kernel_size, self.strides))

    def build(self, input_shape):
        spatial, channels = self._split_shape(input_shape)
        name = self.__class__.__name__
        if channels is None or any(size is None for size in spatial):
            raise ValueError('%s needs inputs whose spatial and channel '
                             'dimensions are all known; received input '
                             'shape %s.' % (name, tuple(input_shape)))
        sizes = self._output_sizes(spatial)
        if any(size <= 0 for size in sizes):
            raise ValueError('%s: windows of kernel_size %s do not fit in '
                             'an input of shape %s.'
                             % (name, self.kernel_size, tuple(input_shape)))
        self._output_spatial = sizes
        self.kernel_shape = (int(np.prod(sizes)),
                             int(np.prod(self.kernel_size)) * channels,
                             self.filters)
        self.kernel = self.add_weight(shape=self.kernel_shape,
                                      initializer=self.kernel_initializer,
                                      name='kernel',
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight(shape=sizes + (self.filters,),
                                        initializer=self.bias_initializer,
                                        name='bias',
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)
        else:
            self.bias = None
        channel_axis = 1 if self.data_format == 'channels_first' else -1
        self.input_spec = InputSpec(ndim=self.rank + 2,
                                    axes={channel_axis: channels})
        self.built = True

    def _local_conv(self, inputs):
        raise NotImplementedError

    def call(self, inputs):
        output = self._local_conv(inputs)
        if self.use_bias:
            output = K.bias_add(output, self.bias,
                                data_format=self.data_format)
        return self.activation(output)

    def compute_output_shape(self, input_shape):
        spatial, _ = self._split_shape(input_shape)
        sizes = self._output_sizes(spatial)
        if self.data_format == 'channels_first':
            return (input_shape[0], self.filters) + sizes
        return (input_shape[0],) + sizes + (self.filters,)

    def get_config(self):
        config = {
            'filters': self.filters,
            'kernel_size': self.kernel_size,
            'strides': self.strides,
            'padding': self.padding,
            'data_format': self.data_format,
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
        if self.implementation is not None:
            config['implementation'] = self.implementation
        base_config = super(_LocallyConnected, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


_ARGS_DOC = """
        strides: int or tuple of {n} ints, the step between windows.
        padding: only 'valid' is supported (as in Keras 2.3.1).
        data_format: 'channels_last' or 'channels_first'; None means
            `K.image_data_format()`.
        activation: activation function (name or callable); None is linear.
        use_bias: whether the layer adds a bias, one per output position
            and filter.
        kernel_initializer, bias_initializer: initializers of the weights.
        kernel_regularizer, bias_regularizer: regularizers of the weights.
        activity_regularizer: regularizer of the output.
        kernel_constraint, bias_constraint: constraints of the weights.
        implementation: (keyword only) 1, 2 or 3, accepted so that configs
            written by tf-keras load. All three compute the same function
            with the weight layout of Keras 2.3.1 (tf-keras's
            implementation 1); `get_config` keeps the key only when it was
            given, so Keras 2.3.1 configs are unchanged. Kernels saved by
            tf-keras with implementation 2 or 3 have other shapes and do
            not load into these layers.
"""


class LocallyConnected1D(_LocallyConnected):
    __doc__ = """Like Conv1D, but each output step has its own kernel.

    Weights: `kernel` (output_length, kernel_size * input_dim, filters),
    then `bias` (output_length, filters).

    Args:
        filters: number of output filters (positive int).
        kernel_size: int or tuple of 1 int, the window length.""" + \
        _ARGS_DOC.format(n=1) + """
    Input shape:
        3D tensor (batch_size, steps, input_dim), or (batch_size,
        input_dim, steps) for 'channels_first'.

    Output shape:
        3D tensor (batch_size, new_steps, filters), or (batch_size,
        filters, new_steps).
    """

    rank = 1

    @_legacy('legacy_conv1d_support')
    def __init__(self, filters, kernel_size, strides=1, padding='valid',
                 data_format=None, activation=None, use_bias=True,
                 kernel_initializer='glorot_uniform',
                 bias_initializer='zeros', kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super(LocallyConnected1D, self).__init__(
            filters, kernel_size, strides, padding, data_format, activation,
            use_bias, kernel_initializer, bias_initializer,
            kernel_regularizer, bias_regularizer, activity_regularizer,
            kernel_constraint, bias_constraint, **kwargs)

    def build(self, input_shape):
        super(LocallyConnected1D, self).build(input_shape)
        self.output_length = self._output_spatial[0]

    def _local_conv(self, inputs):
        return K.local_conv1d(inputs, self.kernel, self.kernel_size,
                              self.strides, self.data_format)


class LocallyConnected2D(_LocallyConnected):
    __doc__ = """Like Conv2D, but each output position has its own kernel.

    Weights: `kernel` (output_rows * output_cols, kernel_rows *
    kernel_cols * input_channels, filters), then `bias` (output_rows,
    output_cols, filters). A window's entries are ordered (rows, cols,
    channels) for 'channels_last', (channels, rows, cols) for
    'channels_first'; output positions row by row.

    Args:
        filters: number of output filters (positive int).
        kernel_size: int or tuple of 2 ints, the window size.""" + \
        _ARGS_DOC.format(n=2) + """
    Input shape:
        4D tensor (batch_size, rows, cols, channels), or (batch_size,
        channels, rows, cols) for 'channels_first'.

    Output shape:
        4D tensor (batch_size, new_rows, new_cols, filters), or
        (batch_size, filters, new_rows, new_cols).
    """

    rank = 2

    @_legacy('legacy_conv2d_support')
    def __init__(self, filters, kernel_size, strides=(1, 1), padding='valid',
                 data_format=None, activation=None, use_bias=True,
                 kernel_initializer='glorot_uniform',
                 bias_initializer='zeros', kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super(LocallyConnected2D, self).__init__(
            filters, kernel_size, strides, padding, data_format, activation,
            use_bias, kernel_initializer, bias_initializer,
            kernel_regularizer, bias_regularizer, activity_regularizer,
            kernel_constraint, bias_constraint, **kwargs)

    def build(self, input_shape):
        super(LocallyConnected2D, self).build(input_shape)
        self.output_row, self.output_col = self._output_spatial

    def _local_conv(self, inputs):
        return K.local_conv2d(inputs, self.kernel, self.kernel_size,
                              self.strides, self._output_spatial,
                              self.data_format)
