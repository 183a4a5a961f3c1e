"""Activation layers with parameters: LeakyReLU, PReLU (learned slopes),
ELU, ThresholdedReLU, Softmax, ReLU."""
import numbers

from keras import backend as K
from keras import constraints
from keras import initializers
from keras import regularizers
from keras.engine.base_layer import Layer
from keras.engine.base_layer import _legacy
from keras.engine.input_spec import InputSpec


def _check_number(value, name, owner):
    """`value` as floatx (a NumPy scalar, as Keras 2 stores it)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError('%s: `%s` must be a number; received %r (%s).'
                         % (owner, name, value, type(value).__name__))
    return K.cast_to_floatx(value)


class LeakyReLU(Layer):
    """Leaky ReLU: `f(x) = alpha * x` for `x < 0`, `x` for `x >= 0`.

    Args:
        alpha: float, the slope of the negative part.

    Input shape:
        Any; use `input_shape` when it is the first layer of a model.

    Output shape:
        The input shape.
    """

    def __init__(self, alpha=0.3, **kwargs):
        super(LeakyReLU, self).__init__(**kwargs)
        self.supports_masking = True
        self.alpha = _check_number(alpha, 'alpha', 'LeakyReLU')

    def call(self, inputs):
        return K.relu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {'alpha': float(self.alpha)}
        base_config = super(LeakyReLU, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class PReLU(Layer):
    """Parametric ReLU: `f(x) = alpha * x` for `x < 0`, `x` for `x >= 0`,
    where `alpha` is a learned array of the input's shape (without the
    batch axis).

    Args:
        alpha_initializer: initializer of the `alpha` weight.
        alpha_regularizer: regularizer of the `alpha` weight.
        alpha_constraint: constraint of the `alpha` weight.
        shared_axes: the axes (counting the batch axis as 0) along which
            one slope is shared, e.g. `[1, 2]` for one slope per channel
            of (batch, height, width, channels) feature maps.

    Input shape:
        Any; use `input_shape` when it is the first layer of a model.

    Output shape:
        The input shape.
    """

    @_legacy('legacy_prelu_support')
    def __init__(self, alpha_initializer='zeros', alpha_regularizer=None,
                 alpha_constraint=None, shared_axes=None, **kwargs):
        super(PReLU, self).__init__(**kwargs)
        self.supports_masking = True
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        else:
            if not isinstance(shared_axes, (list, tuple)):
                shared_axes = [shared_axes]
            for axis in shared_axes:
                if isinstance(axis, bool) or \
                        not isinstance(axis, numbers.Integral) or axis < 1:
                    raise ValueError('PReLU: `shared_axes` must be axes >= 1 '
                                     '(axis 0 is the batch axis); received '
                                     '%r.' % (shared_axes,))
            self.shared_axes = [int(axis) for axis in shared_axes]

    def build(self, input_shape):
        param_shape = list(input_shape[1:])
        self.param_broadcast = [False] * len(param_shape)
        if self.shared_axes is not None:
            for i in self.shared_axes:
                if i >= len(input_shape):
                    raise ValueError('PReLU: `shared_axes` %r are out of '
                                     'range for inputs of shape %s.'
                                     % (self.shared_axes, input_shape))
                param_shape[i - 1] = 1
                self.param_broadcast[i - 1] = True
        if None in param_shape:
            raise ValueError('PReLU needs the sizes of the axes it does not '
                             'share to be known; received input shape %s '
                             '(list the variable axes in `shared_axes`).'
                             % (input_shape,))
        self.alpha = self.add_weight(shape=tuple(param_shape), name='alpha',
                                     initializer=self.alpha_initializer,
                                     regularizer=self.alpha_regularizer,
                                     constraint=self.alpha_constraint)
        axes = {}
        if self.shared_axes:
            for i in range(1, len(input_shape)):
                if i not in self.shared_axes:
                    axes[i] = input_shape[i]
        self.input_spec = InputSpec(ndim=len(input_shape), axes=axes)
        self.built = True

    def call(self, inputs, mask=None):
        # relu(x) - alpha * relu(-x): alpha broadcasts along shared axes.
        return K.relu(inputs) - self.alpha * K.relu(-inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {
            'alpha_initializer': initializers.serialize(
                self.alpha_initializer),
            'alpha_regularizer': regularizers.serialize(
                self.alpha_regularizer),
            'alpha_constraint': constraints.serialize(self.alpha_constraint),
            'shared_axes': self.shared_axes,
        }
        base_config = super(PReLU, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class ELU(Layer):
    """Exponential linear unit: `f(x) = alpha * (exp(x) - 1)` for `x < 0`,
    `x` for `x >= 0`.

    Args:
        alpha: scale of the negative part.

    Input shape:
        Any.

    Output shape:
        The input shape.
    """

    def __init__(self, alpha=1.0, **kwargs):
        super(ELU, self).__init__(**kwargs)
        self.supports_masking = True
        self.alpha = _check_number(alpha, 'alpha', 'ELU')

    def call(self, inputs):
        return K.elu(inputs, self.alpha)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {'alpha': float(self.alpha)}
        base_config = super(ELU, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class ThresholdedReLU(Layer):
    """Thresholded ReLU: `f(x) = x` for `x > theta`, 0 otherwise.

    Args:
        theta: the threshold.

    Input shape:
        Any.

    Output shape:
        The input shape.
    """

    def __init__(self, theta=1.0, **kwargs):
        super(ThresholdedReLU, self).__init__(**kwargs)
        self.supports_masking = True
        self.theta = _check_number(theta, 'theta', 'ThresholdedReLU')

    def call(self, inputs, mask=None):
        return inputs * K.cast(K.greater(inputs, self.theta), K.floatx())

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {'theta': float(self.theta)}
        base_config = super(ThresholdedReLU, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class Softmax(Layer):
    """Softmax activation along `axis`.

    Args:
        axis: the normalization axis.

    Input shape:
        Any.

    Output shape:
        The input shape.
    """

    def __init__(self, axis=-1, **kwargs):
        super(Softmax, self).__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
            raise ValueError('Softmax: `axis` must be an integer; received '
                             '%r (%s).' % (axis, type(axis).__name__))
        self.supports_masking = True
        self.axis = int(axis)

    def call(self, inputs):
        return K.softmax(inputs, axis=self.axis)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {'axis': self.axis}
        base_config = super(Softmax, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class ReLU(Layer):
    """Rectified linear unit with options:
    `f(x) = max_value` for `x >= max_value`, `x` for
    `threshold <= x < max_value`, `negative_slope * (x - threshold)`
    otherwise.

    Args:
        max_value: float >= 0, the saturation value (None: unbounded).
        negative_slope: float >= 0, the slope below the threshold.
        threshold: float, the threshold of the activation.

    Input shape:
        Any.

    Output shape:
        The input shape.
    """

    def __init__(self, max_value=None, negative_slope=0., threshold=0.,
                 **kwargs):
        super(ReLU, self).__init__(**kwargs)
        if max_value is not None:
            max_value = _check_number(max_value, 'max_value', 'ReLU')
            if max_value < 0.:
                raise ValueError('max_value of ReLU layer cannot be negative '
                                 'value: %s' % str(max_value))
        negative_slope = _check_number(negative_slope, 'negative_slope',
                                       'ReLU')
        if negative_slope < 0.:
            raise ValueError('negative_slope of ReLU layer cannot be '
                             'negative value: %s' % str(negative_slope))
        self.supports_masking = True
        self.max_value = max_value
        self.negative_slope = negative_slope
        self.threshold = _check_number(threshold, 'threshold', 'ReLU')

    def call(self, inputs):
        return K.relu(inputs, alpha=self.negative_slope,
                      max_value=self.max_value, threshold=self.threshold)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {
            'max_value': (None if self.max_value is None else
                          float(self.max_value)),
            'negative_slope': float(self.negative_slope),
            'threshold': float(self.threshold),
        }
        base_config = super(ReLU, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))
