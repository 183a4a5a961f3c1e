"""Conv2DTranspose and Conv3DTranspose: transposed convolutions (the
gradient of a convolution with respect to its input, also called
deconvolution)."""
from keras import backend as K
from keras.engine.base_layer import _legacy
from keras.engine.input_spec import InputSpec
from keras.layers.convolutional.arguments import check_rank
from keras.layers.convolutional.arguments import int_tuple
from keras.layers.convolutional.conv2d import Conv2D
from keras.layers.convolutional.conv3d import Conv3D
from keras.utils import conv_utils


class _Transposed(object):
    """What the transposed convolutions of every rank share; mixed in
    before Conv2D / Conv3D, which they subclass as in Keras 2."""

    def _set_output_padding(self, output_padding):
        owner = self.__class__.__name__
        if output_padding is None:
            self.output_padding = None
            return
        self.output_padding = int_tuple(output_padding, self.rank,
                                        'output_padding', owner, minimum=0)
        for stride, padding in zip(self.strides, self.output_padding):
            if padding >= stride:
                raise ValueError(
                    '%s: `output_padding` must be smaller than `strides` '
                    'along every axis; received output_padding=%s with '
                    'strides=%s.' % (owner, self.output_padding,
                                     self.strides))
        for axis, padding in enumerate(self.output_padding):
            span = (self.kernel_size[axis] - 1) * self.dilation_rate[axis] + 1
            if self.padding == 'same' and span % 2 == 0 and padding == 0:
                # The size (n - 1) * stride + output_padding is one that a
                # 'same' convolution maps to n - 1 entries, not n.
                raise ValueError(
                    "%s: with padding='same', an even kernel size (dilated: "
                    "%s) needs `output_padding` >= 1 along its axis; "
                    "received output_padding=%s." % (
                        owner, tuple((k - 1) * d + 1 for k, d in
                                     zip(self.kernel_size,
                                         self.dilation_rate)),
                        self.output_padding))

    def build(self, input_shape):
        channel_axis, input_dim = self._input_channels(input_shape)
        # (*kernel_size, filters, input_channels): the kernel of the
        # convolution that this layer transposes.
        kernel_shape = self.kernel_size + (self.filters, input_dim)
        self.kernel = self.add_weight(shape=kernel_shape,
                                      initializer=self.kernel_initializer,
                                      name='kernel',
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self._add_bias(self.filters)
        self.input_spec = InputSpec(ndim=self.rank + 2,
                                    axes={channel_axis: input_dim})
        self.built = True

    def _spatial_axes(self):
        first = 2 if self.data_format == 'channels_first' else 1
        return range(first, first + self.rank)

    def _output_lengths(self, sizes):
        """Output sizes for input sizes (ints, None or scalar tensors)."""
        output_padding = self.output_padding or (None,) * self.rank
        return [conv_utils.deconv_length(size, self.strides[i],
                                         self.kernel_size[i], self.padding,
                                         output_padding[i],
                                         self.dilation_rate[i])
                for i, size in enumerate(sizes)]

    def _output_shape(self, batch, sizes):
        lengths = tuple(self._output_lengths(sizes))
        if self.data_format == 'channels_first':
            return (batch, self.filters) + lengths
        return (batch,) + lengths + (self.filters,)

    def call(self, inputs):
        static = K.int_shape(inputs)
        dynamic = None
        sizes = []
        for axis in self._spatial_axes():
            size = static[axis]
            if size is None:
                if dynamic is None:
                    dynamic = K.shape(inputs)
                size = dynamic[axis]
            sizes.append(size)
        # The batch entry may stay unknown: the op takes it from `inputs`.
        output_shape = self._output_shape(None, sizes)
        if self.rank == 2:
            outputs = K.conv2d_transpose(inputs, self.kernel, output_shape,
                                         strides=self.strides,
                                         padding=self.padding,
                                         data_format=self.data_format,
                                         dilation_rate=self.dilation_rate)
        else:
            outputs = K.conv3d_transpose(inputs, self.kernel, output_shape,
                                         strides=self.strides,
                                         padding=self.padding,
                                         data_format=self.data_format)
        return self._finish(outputs)

    def compute_output_shape(self, input_shape):
        check_rank(input_shape, self.rank + 2, self.__class__.__name__)
        sizes = [input_shape[axis] for axis in self._spatial_axes()]
        return self._output_shape(input_shape[0], sizes)


class Conv2DTranspose(_Transposed, Conv2D):
    """Transposed 2D convolution: maps inputs of a convolution's output
    shape back to its input shape (upsampling with learned weights).

    Args:
        filters: number of output channels (positive int).
        kernel_size: int or tuple of 2 ints.
        strides: int or tuple of 2 ints.
        padding: 'valid' or 'same', the padding of the convolution that
            this transposes.
        output_padding: int or tuple of 2 ints, the extra size added to
            one side of each output axis (each smaller than its stride);
            None infers the output size.
        data_format: 'channels_last' or 'channels_first'; None for
            `K.image_data_format()`.
        dilation_rate: int or tuple of 2 ints (strides must be 1 when it
            is above 1).
        activation, use_bias, kernel_initializer, bias_initializer,
        kernel_regularizer, bias_regularizer, activity_regularizer,
        kernel_constraint, bias_constraint: as for Conv2D.

    Weights:
        kernel (kernel_rows, kernel_cols, filters, input_channels), bias
        (filters,).

    Input shape:
        4D tensor (batch, rows, cols, channels), or (batch, channels, rows,
        cols) for channels_first.

    Output shape:
        4D tensor with `filters` channels; each spatial size is
        `(size - 1) * stride + kernel - 2 * pad + output_padding`
        (`conv_utils.deconv_length`); without output_padding,
        `size * stride` ('same') or `size * stride + max(kernel - stride,
        0)` ('valid').
    """

    @_legacy('legacy_deconv2d_support')
    def __init__(self, filters, kernel_size, strides=(1, 1), padding='valid',
                 output_padding=None, data_format=None, dilation_rate=(1, 1),
                 activation=None, use_bias=True,
                 kernel_initializer='glorot_uniform', bias_initializer='zeros',
                 kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, **kwargs):
        super(Conv2DTranspose, self).__init__(
            filters, kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate,
            activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs)
        self._set_output_padding(output_padding)

    def get_config(self):
        config = super(Conv2DTranspose, self).get_config()
        config['output_padding'] = self.output_padding
        return config


class Conv3DTranspose(_Transposed, Conv3D):
    """Transposed 3D convolution.

    Args:
        filters: number of output channels (positive int).
        kernel_size: int or tuple of 3 ints.
        strides: int or tuple of 3 ints.
        padding: 'valid' or 'same'.
        output_padding: int or tuple of 3 ints (each smaller than its
            stride), or None to infer the output size.
        data_format: 'channels_last' or 'channels_first'; None for
            `K.image_data_format()`.
        activation, use_bias, kernel_initializer, bias_initializer,
        kernel_regularizer, bias_regularizer, activity_regularizer,
        kernel_constraint, bias_constraint: as for Conv3D.

    Weights:
        kernel (k1, k2, k3, filters, input_channels), bias (filters,).

    Input shape:
        5D tensor (batch, dim1, dim2, dim3, channels), or (batch, channels,
        dim1, dim2, dim3) for channels_first.

    Output shape:
        5D tensor with `filters` channels, sizes as for Conv2DTranspose.
    """

    def __init__(self, filters, kernel_size, strides=(1, 1, 1),
                 padding='valid', output_padding=None, data_format=None,
                 activation=None, use_bias=True,
                 kernel_initializer='glorot_uniform', bias_initializer='zeros',
                 kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, **kwargs):
        super(Conv3DTranspose, self).__init__(
            filters, kernel_size, strides=strides, padding=padding,
            data_format=data_format, activation=activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs)
        self._set_output_padding(output_padding)

    def get_config(self):
        config = super(Conv3DTranspose, self).get_config()
        config.pop('dilation_rate')
        config['output_padding'] = self.output_padding
        return config
