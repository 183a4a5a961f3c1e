"""Keras 1 dense layers kept by Keras 2 (`Highway`, `MaxoutDense`) and the
Keras 1 atrous convolutions, now convolutions with a `dilation_rate`.

The layers keep their Keras 1 arguments (`init`, `W_regularizer`, `bias`,
`input_dim` ...) and weight names (`W`, `b`, ...), so that Keras 1 weight
files load; each warns on construction that it is deprecated.
"""
import warnings

from keras import activations
from keras import backend as K
from keras import constraints
from keras import initializers
from keras import regularizers
from keras.engine.base_layer import Layer
from keras.engine.input_spec import InputSpec
from keras.legacy.interfaces import raise_duplicate_arg_error
from keras.utils.argument_validation import check_int


def _dense_base_kwargs(weights, input_dim, kwargs):
    """Keras 1 `weights` and `input_dim` in terms of Layer's keywords."""
    if weights is not None:
        kwargs['weights'] = weights
    if input_dim:
        kwargs.setdefault('input_shape', (input_dim,))
    return kwargs


def _check_rank_2(input_shape, owner):
    if len(input_shape) != 2 or input_shape[-1] is None:
        raise ValueError('%s needs 2D inputs (batch, features) with a known '
                         'number of features; received input shape %s.'
                         % (owner, input_shape))
    return input_shape[-1]


class Highway(Layer):
    """Densely connected highway network (Keras 1).

    `y = t * h + (1 - t) * x`, with the transform gate
    `t = sigmoid(x . W_carry + b_carry)` and `h = activation(x . W + b)`;
    the output has the shape of the input.

    Args:
        init: initializer of `W` and `W_carry`.
        activation: activation of `h` (None: linear).
        weights: initial weights `[W, W_carry, b, b_carry]`.
        W_regularizer, b_regularizer: regularizers of `W` and `b`.
        activity_regularizer: regularizer of the output.
        W_constraint, b_constraint: constraints of `W` and `b`.
        bias: whether the layer has the biases `b` and `b_carry`
            (`b` starts at zeros, `b_carry` at ones).
        input_dim: shorthand for `input_shape=(input_dim,)`.

    Input shape:
        2D tensor `(batch_size, input_dim)`.

    Output shape:
        The same.
    """

    def __init__(self, init='glorot_uniform', activation=None, weights=None,
                 W_regularizer=None, b_regularizer=None,
                 activity_regularizer=None, W_constraint=None,
                 b_constraint=None, bias=True, input_dim=None, **kwargs):
        warnings.warn('The `Highway` layer is deprecated (Keras 1) and will '
                      'be removed after 06/2017. Keras 2 builds it from two '
                      '`Dense` layers: `t = Dense(n, activation="sigmoid")'
                      '(x)`, `h = Dense(n, activation=...)(x)`, '
                      '`y = t * h + (1 - t) * x`.', stacklevel=2)
        if 'transform_bias' in kwargs:
            kwargs.pop('transform_bias')
            warnings.warn('The `transform_bias` argument of `Highway` is '
                          'deprecated and has been removed (`b_carry` starts '
                          'at ones).', stacklevel=2)
        if input_dim is not None:
            input_dim = check_int(input_dim, 'input_dim', 'Highway')
        super(Highway, self).__init__(
            **_dense_base_kwargs(weights, input_dim, kwargs))
        self.init = initializers.get(init)
        self.activation = activations.get(activation)
        self.W_regularizer = regularizers.get(W_regularizer)
        self.b_regularizer = regularizers.get(b_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.W_constraint = constraints.get(W_constraint)
        self.b_constraint = constraints.get(b_constraint)
        self.bias = bias
        self.input_dim = input_dim
        self.input_spec = InputSpec(ndim=2)

    def build(self, input_shape):
        input_dim = _check_rank_2(input_shape, 'Highway')
        self.input_spec = InputSpec(dtype=K.floatx(), shape=(None, input_dim))
        square = (input_dim, input_dim)
        self.W = self.add_weight(shape=square, initializer=self.init,
                                 name='W', regularizer=self.W_regularizer,
                                 constraint=self.W_constraint)
        self.W_carry = self.add_weight(shape=square, initializer=self.init,
                                       name='W_carry')
        if self.bias:
            self.b = self.add_weight(shape=(input_dim,), initializer='zeros',
                                     name='b', regularizer=self.b_regularizer,
                                     constraint=self.b_constraint)
            self.b_carry = self.add_weight(shape=(input_dim,),
                                           initializer='ones',
                                           name='b_carry')
        else:
            self.b = None
            self.b_carry = None
        self.built = True

    def call(self, inputs):
        gate = K.dot(inputs, self.W_carry)
        transformed = K.dot(inputs, self.W)
        if self.bias:
            gate = K.bias_add(gate, self.b_carry, data_format='channels_last')
            transformed = K.bias_add(transformed, self.b,
                                     data_format='channels_last')
        gate = K.sigmoid(gate)
        transformed = self.activation(transformed)
        return gate * transformed + (1. - gate) * inputs

    def get_config(self):
        config = {
            'init': initializers.serialize(self.init),
            'activation': activations.serialize(self.activation),
            'W_regularizer': regularizers.serialize(self.W_regularizer),
            'b_regularizer': regularizers.serialize(self.b_regularizer),
            'activity_regularizer': regularizers.serialize(
                self.activity_regularizer),
            'W_constraint': constraints.serialize(self.W_constraint),
            'b_constraint': constraints.serialize(self.b_constraint),
            'bias': self.bias,
            'input_dim': self.input_dim,
        }
        base_config = super(Highway, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class MaxoutDense(Layer):
    """Dense maxout layer (Keras 1): the element-wise maximum of
    `nb_feature` dense projections of the input,
    `y[b, o] = max_f (x[b] . W[f, :, o] + b[f, o])`.

    Args:
        output_dim: size of the output (positive int).
        nb_feature: number of projections the maximum is taken over.
        init: initializer of `W`.
        weights: initial weights `[W, b]`.
        W_regularizer, b_regularizer: regularizers of `W` and `b`.
        activity_regularizer: regularizer of the output.
        W_constraint, b_constraint: constraints of `W` and `b`.
        bias: whether the layer has the bias `b` (zeros at first).
        input_dim: shorthand for `input_shape=(input_dim,)`.

    Weights:
        `W` (nb_feature, input_dim, output_dim), `b` (nb_feature,
        output_dim).

    Input shape:
        2D tensor `(batch_size, input_dim)`.

    Output shape:
        2D tensor `(batch_size, output_dim)`.
    """

    def __init__(self, output_dim, nb_feature=4, init='glorot_uniform',
                 weights=None, W_regularizer=None, b_regularizer=None,
                 activity_regularizer=None, W_constraint=None,
                 b_constraint=None, bias=True, input_dim=None, **kwargs):
        warnings.warn('The `MaxoutDense` layer is deprecated (Keras 1) and '
                      'will be removed after 06/2017. Keras 2 builds it '
                      'from a `Dense(output_dim * nb_feature)` layer, a '
                      '`Reshape((nb_feature, output_dim))` and the maximum '
                      'over axis 1.', stacklevel=2)
        if input_dim is not None:
            input_dim = check_int(input_dim, 'input_dim', 'MaxoutDense')
        super(MaxoutDense, self).__init__(
            **_dense_base_kwargs(weights, input_dim, kwargs))
        self.output_dim = check_int(output_dim, 'output_dim', 'MaxoutDense')
        self.nb_feature = check_int(nb_feature, 'nb_feature', 'MaxoutDense')
        self.init = initializers.get(init)
        self.W_regularizer = regularizers.get(W_regularizer)
        self.b_regularizer = regularizers.get(b_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.W_constraint = constraints.get(W_constraint)
        self.b_constraint = constraints.get(b_constraint)
        self.bias = bias
        self.input_dim = input_dim
        self.input_spec = InputSpec(ndim=2)

    def build(self, input_shape):
        input_dim = _check_rank_2(input_shape, 'MaxoutDense')
        self.input_spec = InputSpec(dtype=K.floatx(), shape=(None, input_dim))
        self.W = self.add_weight(
            shape=(self.nb_feature, input_dim, self.output_dim),
            initializer=self.init, name='W', regularizer=self.W_regularizer,
            constraint=self.W_constraint)
        if self.bias:
            self.b = self.add_weight(shape=(self.nb_feature, self.output_dim),
                                     initializer='zeros', name='b',
                                     regularizer=self.b_regularizer,
                                     constraint=self.b_constraint)
        else:
            self.b = None
        self.built = True

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.output_dim)

    def call(self, inputs):
        # (batch, input_dim) . (nb_feature, input_dim, output_dim)
        # -> (batch, nb_feature, output_dim)
        projections = K.dot(inputs, self.W)
        if self.bias:
            projections = projections + self.b
        return K.max(projections, axis=1)

    def get_config(self):
        config = {
            'output_dim': self.output_dim,
            'init': initializers.serialize(self.init),
            'nb_feature': self.nb_feature,
            'W_regularizer': regularizers.serialize(self.W_regularizer),
            'b_regularizer': regularizers.serialize(self.b_regularizer),
            'activity_regularizer': regularizers.serialize(
                self.activity_regularizer),
            'W_constraint': constraints.serialize(self.W_constraint),
            'b_constraint': constraints.serialize(self.b_constraint),
            'bias': self.bias,
            'input_dim': self.input_dim,
        }
        base_config = super(MaxoutDense, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


def _atrous(function_name, conv_name, conv_class, args, kwargs):
    warnings.warn('The `' + function_name + '` layer has been deprecated. '
                  'Use instead the `' + conv_name + '` layer with the '
                  '`dilation_rate` argument.', stacklevel=3)
    if 'atrous_rate' in kwargs:
        if 'dilation_rate' in kwargs:
            raise_duplicate_arg_error('atrous_rate', 'dilation_rate')
        kwargs['dilation_rate'] = kwargs.pop('atrous_rate')
    return conv_class(*args, **kwargs)


def AtrousConvolution1D(*args, **kwargs):
    """Keras 1 `AtrousConvolution1D(nb_filter, filter_length,
    atrous_rate=1, ...)`: returns `Conv1D(..., dilation_rate=atrous_rate)`
    (the other Keras 1 arguments are converted by Conv1D)."""
    from keras.layers.convolutional import Conv1D
    return _atrous('AtrousConvolution1D', 'Conv1D', Conv1D, args, kwargs)


def AtrousConvolution2D(*args, **kwargs):
    """Keras 1 `AtrousConvolution2D(nb_filter, nb_row, nb_col,
    atrous_rate=(1, 1), ...)`: returns `Conv2D(...,
    dilation_rate=atrous_rate)` (the other Keras 1 arguments are converted
    by Conv2D)."""
    from keras.layers.convolutional import Conv2D
    return _atrous('AtrousConvolution2D', 'Conv2D', Conv2D, args, kwargs)
