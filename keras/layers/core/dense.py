"""Dense: the densely-connected layer."""
from keras import activations
from keras import backend as K
from keras import constraints
from keras import initializers
from keras import regularizers
from keras.engine.base_layer import Layer
from keras.engine.base_layer import _legacy
from keras.engine.input_spec import InputSpec
from keras.utils.argument_validation import check_int


class Dense(Layer):
    """`output = activation(dot(input, kernel) + bias)`.

    Inputs of rank above 2 are multiplied along their last axis, so that
    (batch, ..., input_dim) becomes (batch, ..., units).

    Args:
        units: dimensionality of the output (positive int).
        activation: activation function (name or callable); None is linear.
        use_bias: whether the layer adds a bias vector.
        kernel_initializer: initializer of the kernel.
        bias_initializer: initializer of the bias.
        kernel_regularizer, bias_regularizer: regularizers of the weights.
        activity_regularizer: regularizer of the output.
        kernel_constraint, bias_constraint: constraints of the weights.
        input_dim: shorthand for `input_shape=(input_dim,)`.

    Input shape:
        nD tensor of shape `(batch_size, ..., input_dim)`.

    Output shape:
        nD tensor of shape `(batch_size, ..., units)`.
    """

    @_legacy('legacy_dense_support')
    def __init__(self, units, activation=None, use_bias=True,
                 kernel_initializer='glorot_uniform', bias_initializer='zeros',
                 kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, **kwargs):
        if 'input_shape' not in kwargs and 'input_dim' in kwargs:
            kwargs['input_shape'] = (kwargs.pop('input_dim'),)
        super(Dense, self).__init__(**kwargs)
        self.units = check_int(units, 'units', 'Dense')
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True

    def build(self, input_shape):
        if len(input_shape) < 2 or input_shape[-1] is None:
            raise ValueError('Dense needs inputs of rank >= 2 with a known '
                             'last dimension; received input shape %s.'
                             % (input_shape,))
        input_dim = input_shape[-1]
        self.kernel = self.add_weight(shape=(input_dim, self.units),
                                      initializer=self.kernel_initializer,
                                      name='kernel',
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight(shape=(self.units,),
                                        initializer=self.bias_initializer,
                                        name='bias',
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)
        else:
            self.bias = None
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_dim})
        self.built = True

    def call(self, inputs):
        output = K.dot(inputs, self.kernel)
        if self.use_bias:
            output = K.bias_add(output, self.bias,
                                data_format='channels_last')
        if self.activation is not None:
            output = self.activation(output)
        return output

    def compute_output_shape(self, input_shape):
        if not input_shape or len(input_shape) < 2 or not input_shape[-1]:
            raise ValueError('Dense needs inputs of rank >= 2 with a known '
                             'last dimension; received input shape %s.'
                             % (input_shape,))
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        config = {
            'units': self.units,
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
        base_config = super(Dense, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))
