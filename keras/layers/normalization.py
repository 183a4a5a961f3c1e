"""BatchNormalization."""
import numbers

from keras import backend as K
from keras import constraints
from keras import initializers
from keras import regularizers
from keras.engine.base_layer import Layer
from keras.engine.base_layer import _legacy
from keras.engine.input_spec import InputSpec
from keras.utils.argument_validation import check_non_negative
from keras.utils.argument_validation import check_rate


class BatchNormalization(Layer):
    """Batch normalization layer (Ioffe and Szegedy, 2014).

    In the training phase the inputs are normalized by the mean and
    variance of the batch (over every axis but `axis`), and the moving
    statistics are updated (layer updates, run by `fit`):
    `moving = moving * momentum + batch_statistic * (1 - momentum)`, the
    variance being the unbiased one (times n / (n - 1)). In the inference
    phase the moving statistics are used. Then `gamma * normalized + beta`.

    Args:
        axis: the features axis (e.g. 1 after a `channels_first` Conv2D).
        momentum: momentum of the moving mean and variance.
        epsilon: small float added to the variance.
        center: whether to add the learned offset `beta`.
        scale: whether to multiply by the learned `gamma` (can be off when
            the next layer is linear, e.g. `relu`, as it would rescale).
        beta_initializer, gamma_initializer: initializers of the weights.
        moving_mean_initializer, moving_variance_initializer: initializers
            of the moving statistics.
        beta_regularizer, gamma_regularizer: regularizers of the weights.
        beta_constraint, gamma_constraint: constraints of the weights.

    Weights, in this order: gamma, beta (trainable, when `scale` and
    `center`), moving_mean, moving_variance (non-trainable).

    Input shape:
        Any; use `input_shape` when it is the first layer of a model.

    Output shape:
        The input shape.
    """

    @_legacy('legacy_batchnorm_support')
    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True,
                 scale=True, beta_initializer='zeros',
                 gamma_initializer='ones', moving_mean_initializer='zeros',
                 moving_variance_initializer='ones', beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, **kwargs):
        super(BatchNormalization, self).__init__(**kwargs)
        self.supports_masking = True
        if isinstance(axis, (list, tuple)) and len(axis) == 1:
            # tf.keras configs write the axis as a one-entry list.
            axis = axis[0]
        if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
            raise ValueError('BatchNormalization: `axis` must be an integer; '
                             'received %r (%s).'
                             % (axis, type(axis).__name__))
        self.axis = int(axis)
        self.momentum = check_rate(momentum, 'momentum',
                                   'BatchNormalization')
        self.epsilon = check_non_negative(epsilon, 'epsilon',
                                          'BatchNormalization')
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(
            moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(
            moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)

    def build(self, input_shape):
        if not -len(input_shape) <= self.axis < len(input_shape):
            raise ValueError('BatchNormalization: `axis` %d is out of range '
                             'for inputs of shape %s.'
                             % (self.axis, input_shape))
        dim = input_shape[self.axis]
        if dim is None:
            raise ValueError('Axis ' + str(self.axis) + ' of input tensor '
                             'should have a defined dimension but the layer '
                             'received an input with shape ' +
                             str(input_shape) + '.')
        self.input_spec = InputSpec(ndim=len(input_shape),
                                    axes={self.axis: dim})
        shape = (dim,)
        if self.scale:
            self.gamma = self.add_weight(shape=shape, name='gamma',
                                         initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer,
                                         constraint=self.gamma_constraint)
        else:
            self.gamma = None
        if self.center:
            self.beta = self.add_weight(shape=shape, name='beta',
                                        initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer,
                                        constraint=self.beta_constraint)
        else:
            self.beta = None
        self.moving_mean = self.add_weight(
            shape=shape, name='moving_mean',
            initializer=self.moving_mean_initializer, trainable=False)
        self.moving_variance = self.add_weight(
            shape=shape, name='moving_variance',
            initializer=self.moving_variance_initializer, trainable=False)
        self.built = True

    def call(self, inputs, training=None):
        input_shape = K.int_shape(inputs)
        ndim = len(input_shape)
        axis = self.axis % ndim
        reduction_axes = [i for i in range(ndim) if i != axis]

        def normalize_inference():
            # K.batch_normalization lays rank-1 statistics along `axis`.
            return K.batch_normalization(inputs, self.moving_mean,
                                         self.moving_variance, self.beta,
                                         self.gamma, axis=axis,
                                         epsilon=self.epsilon)

        if isinstance(training, (bool, int)) and not training:
            return normalize_inference()

        normed_training, mean, variance = K.normalize_batch_in_training(
            inputs, self.gamma, self.beta, reduction_axes,
            epsilon=self.epsilon)
        # The moving variance estimates the population's: unbiased sample
        # variance, n / (n - 1) (Keras 2 writes n - (1 + K.epsilon())).
        sample_size = _sample_size(inputs, reduction_axes)
        variance = variance * (sample_size / (sample_size -
                                              (1.0 + K.epsilon())))
        self.add_update([K.moving_average_update(self.moving_mean, mean,
                                                 self.momentum),
                         K.moving_average_update(self.moving_variance,
                                                 variance, self.momentum)],
                        inputs)
        return K.in_train_phase(normed_training, normalize_inference,
                                training=training)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {
            'axis': self.axis,
            'momentum': self.momentum,
            'epsilon': self.epsilon,
            'center': self.center,
            'scale': self.scale,
            'beta_initializer': initializers.serialize(self.beta_initializer),
            'gamma_initializer': initializers.serialize(
                self.gamma_initializer),
            'moving_mean_initializer': initializers.serialize(
                self.moving_mean_initializer),
            'moving_variance_initializer': initializers.serialize(
                self.moving_variance_initializer),
            'beta_regularizer': regularizers.serialize(self.beta_regularizer),
            'gamma_regularizer': regularizers.serialize(
                self.gamma_regularizer),
            'beta_constraint': constraints.serialize(self.beta_constraint),
            'gamma_constraint': constraints.serialize(self.gamma_constraint),
        }
        base_config = super(BatchNormalization, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


def _sample_size(inputs, axes):
    """The number of entries averaged per feature: a Python float when the
    reduced axes have static sizes, else a scalar tensor of the input's
    dtype."""
    shape = K.int_shape(inputs)
    static = 1
    dynamic = []
    for axis in axes:
        if shape[axis] is None:
            dynamic.append(axis)
        else:
            static *= shape[axis]
    if not dynamic:
        return float(static)
    sizes = K.shape(inputs)
    size = sizes[dynamic[0]]
    for axis in dynamic[1:]:
        size = size * sizes[axis]
    return K.cast(size, K.dtype(inputs)) * float(static)
