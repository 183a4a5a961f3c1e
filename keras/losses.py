"""Loss functions and `Loss` classes (Keras 2.3.1).

A loss function `fn(y_true, y_pred)` returns one value per sample (the last
axis reduced); a `Loss` object also weights and reduces those values.
"""
import numbers

import numpy as np

from keras import backend as K
from keras.utils import losses_utils
from keras.utils.generic_utils import deserialize_keras_object
from keras.utils.generic_utils import serialize_keras_object


class Loss(object):
    """Base class of loss objects.

    Subclasses implement `call(y_true, y_pred)` returning per-sample losses;
    `__call__` weights them by `sample_weight` and applies `reduction`.

    Args:
        reduction: a `losses_utils.Reduction` key (default
            'sum_over_batch_size').
        name: optional name.
    """

    def __init__(self, reduction=losses_utils.Reduction.SUM_OVER_BATCH_SIZE,
                 name=None):
        losses_utils.Reduction.validate(reduction)
        self.reduction = reduction
        self.name = name

    def __call__(self, y_true, y_pred, sample_weight=None):
        """The weighted, reduced loss.

        Args:
            y_true, y_pred: tensors (or arrays) of the same shape.
            sample_weight: None, a scalar, or a tensor of per-sample (or
                per-element) weights.
        """
        scope_name = 'lambda' if self.name == '<lambda>' else self.name
        with K.name_scope(scope_name or self.__class__.__name__):
            losses = self.call(y_true, y_pred)
            return losses_utils.compute_weighted_loss(
                losses, sample_weight, reduction=self.reduction)

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def get_config(self):
        return {'reduction': self.reduction, 'name': self.name}

    def call(self, y_true, y_pred):
        raise NotImplementedError('Must be implemented in subclasses.')


class LossFunctionWrapper(Loss):
    """A `Loss` calling `fn(y_true, y_pred, **kwargs)`."""

    def __init__(self, fn,
                 reduction=losses_utils.Reduction.SUM_OVER_BATCH_SIZE,
                 name=None, **kwargs):
        super(LossFunctionWrapper, self).__init__(reduction=reduction,
                                                  name=name)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        config = {}
        for key, value in self._fn_kwargs.items():
            config[key] = K.eval(value) if K.is_tensor(value) else value
        base_config = super(LossFunctionWrapper, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


# Loss functions.

def _as_tensor(y_pred):
    return y_pred if K.is_tensor(y_pred) else K.constant(y_pred)


def mean_squared_error(y_true, y_pred):
    y_pred = _as_tensor(y_pred)
    y_true = K.cast(y_true, K.dtype(y_pred))
    return K.mean(K.square(y_pred - y_true), axis=-1)


def mean_absolute_error(y_true, y_pred):
    y_pred = _as_tensor(y_pred)
    y_true = K.cast(y_true, K.dtype(y_pred))
    return K.mean(K.abs(y_pred - y_true), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred):
    """100 * mean(|y_true - y_pred| / max(|y_true|, epsilon))."""
    y_pred = _as_tensor(y_pred)
    y_true = K.cast(y_true, K.dtype(y_pred))
    diff = K.abs((y_true - y_pred) / K.clip(K.abs(y_true), K.epsilon(),
                                            None))
    return 100. * K.mean(diff, axis=-1)


def mean_squared_logarithmic_error(y_true, y_pred):
    y_pred = _as_tensor(y_pred)
    y_true = K.cast(y_true, K.dtype(y_pred))
    first_log = K.log(K.clip(y_pred, K.epsilon(), None) + 1.)
    second_log = K.log(K.clip(y_true, K.epsilon(), None) + 1.)
    return K.mean(K.square(first_log - second_log), axis=-1)


def _maybe_convert_labels(y_true):
    """Labels in {0, 1} become {-1, 1}; other labels are kept."""
    are_binary = K.all(K.cast(K.equal(y_true, 0), 'int32') +
                       K.cast(K.equal(y_true, 1), 'int32'))
    return K.switch(are_binary, 2. * y_true - 1., y_true)


def squared_hinge(y_true, y_pred):
    y_pred = _as_tensor(y_pred)
    y_true = _maybe_convert_labels(K.cast(y_true, K.dtype(y_pred)))
    return K.mean(K.square(K.maximum(1. - y_true * y_pred, 0.)), axis=-1)


def hinge(y_true, y_pred):
    """mean(max(1 - y_true * y_pred, 0)); labels in {0, 1} are first mapped
    to {-1, 1}."""
    y_pred = _as_tensor(y_pred)
    y_true = _maybe_convert_labels(K.cast(y_true, K.dtype(y_pred)))
    return K.mean(K.maximum(1. - y_true * y_pred, 0.), axis=-1)


def categorical_hinge(y_true, y_pred):
    y_pred = _as_tensor(y_pred)
    y_true = K.cast(y_true, K.dtype(y_pred))
    pos = K.sum(y_true * y_pred, axis=-1)
    neg = K.max((1. - y_true) * y_pred, axis=-1)
    return K.maximum(0., neg - pos + 1.)


def logcosh(y_true, y_pred):
    """Mean of log(cosh(y_pred - y_true)), computed as
    x + softplus(-2x) - log(2) so that it does not overflow."""
    y_pred = _as_tensor(y_pred)
    y_true = K.cast(y_true, K.dtype(y_pred))
    x = y_pred - y_true
    return K.mean(x + K.softplus(-2. * x) - np.log(2.).astype(K.dtype(x)),
                  axis=-1)


def huber_loss(y_true, y_pred, delta=1.0):
    """Element-wise Huber loss: quadratic for |error| <= delta, linear
    beyond (not averaged over the last axis, as in Keras 2.3.1)."""
    y_pred = _as_tensor(y_pred)
    y_true = K.cast(y_true, K.dtype(y_pred))
    abs_error = K.abs(y_pred - y_true)
    quadratic = K.minimum(abs_error, delta)
    linear = abs_error - quadratic
    return 0.5 * K.square(quadratic) + delta * linear


def _smoothing_is_zero(label_smoothing):
    return isinstance(label_smoothing, numbers.Number) and \
        label_smoothing == 0


def categorical_crossentropy(y_true, y_pred, from_logits=False,
                             label_smoothing=0):
    """Crossentropy of one-hot targets; `label_smoothing` in [0, 1] moves
    targets towards the uniform distribution over classes."""
    y_pred = _as_tensor(y_pred)
    y_true = K.cast(y_true, K.dtype(y_pred))
    if not _smoothing_is_zero(label_smoothing):
        smoothing = K.cast_to_floatx(label_smoothing)
        num_classes = K.int_shape(y_true)[-1]
        if num_classes is None:
            num_classes = K.cast(K.shape(y_true)[-1], K.dtype(y_pred))
        y_true = y_true * (1.0 - smoothing) + smoothing / num_classes
    return K.categorical_crossentropy(y_true, y_pred, from_logits=from_logits)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False,
                                    axis=-1):
    return K.sparse_categorical_crossentropy(y_true, y_pred,
                                             from_logits=from_logits,
                                             axis=axis)


def binary_crossentropy(y_true, y_pred, from_logits=False,
                        label_smoothing=0):
    """Mean binary crossentropy over the last axis; `label_smoothing`
    moves targets towards 0.5."""
    y_pred = _as_tensor(y_pred)
    y_true = K.cast(y_true, K.dtype(y_pred))
    if not _smoothing_is_zero(label_smoothing):
        smoothing = K.cast_to_floatx(label_smoothing)
        y_true = y_true * (1.0 - smoothing) + 0.5 * smoothing
    return K.mean(K.binary_crossentropy(y_true, y_pred,
                                        from_logits=from_logits), axis=-1)


def kullback_leibler_divergence(y_true, y_pred):
    y_pred = _as_tensor(y_pred)
    y_true = K.cast(y_true, K.dtype(y_pred))
    y_true = K.clip(y_true, K.epsilon(), 1)
    y_pred = K.clip(y_pred, K.epsilon(), 1)
    return K.sum(y_true * K.log(y_true / y_pred), axis=-1)


def poisson(y_true, y_pred):
    y_pred = _as_tensor(y_pred)
    y_true = K.cast(y_true, K.dtype(y_pred))
    return K.mean(y_pred - y_true * K.log(y_pred + K.epsilon()), axis=-1)


def cosine_proximity(y_true, y_pred, axis=-1):
    """Minus the cosine similarity along `axis` (a loss: lower is better).
    """
    y_pred = _as_tensor(y_pred)
    y_true = K.cast(y_true, K.dtype(y_pred))
    y_true = K.l2_normalize(y_true, axis=axis)
    y_pred = K.l2_normalize(y_pred, axis=axis)
    return -K.sum(y_true * y_pred, axis=axis)


# Aliases.

mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence
cosine = cosine_similarity = cosine_proximity


# Loss classes.

_SUM_OVER_BATCH = losses_utils.Reduction.SUM_OVER_BATCH_SIZE


class MeanSquaredError(LossFunctionWrapper):
    """Mean of squares of errors between labels and predictions."""

    def __init__(self, reduction=_SUM_OVER_BATCH,
                 name='mean_squared_error'):
        super(MeanSquaredError, self).__init__(
            mean_squared_error, reduction=reduction, name=name)


class MeanAbsoluteError(LossFunctionWrapper):
    """Mean of absolute differences between labels and predictions."""

    def __init__(self, reduction=_SUM_OVER_BATCH,
                 name='mean_absolute_error'):
        super(MeanAbsoluteError, self).__init__(
            mean_absolute_error, reduction=reduction, name=name)


class MeanAbsolutePercentageError(LossFunctionWrapper):
    """Mean absolute percentage error between labels and predictions."""

    def __init__(self, reduction=_SUM_OVER_BATCH,
                 name='mean_absolute_percentage_error'):
        super(MeanAbsolutePercentageError, self).__init__(
            mean_absolute_percentage_error, reduction=reduction, name=name)


class MeanSquaredLogarithmicError(LossFunctionWrapper):
    """Mean squared logarithmic error between labels and predictions."""

    def __init__(self, reduction=_SUM_OVER_BATCH,
                 name='mean_squared_logarithmic_error'):
        super(MeanSquaredLogarithmicError, self).__init__(
            mean_squared_logarithmic_error, reduction=reduction, name=name)


class BinaryCrossentropy(LossFunctionWrapper):
    """Crossentropy of binary labels.

    Args:
        from_logits: predictions are logits rather than probabilities.
        label_smoothing: in [0, 1]; labels move towards 0.5 by this much.
    """

    def __init__(self, from_logits=False, label_smoothing=0,
                 reduction=_SUM_OVER_BATCH, name='binary_crossentropy'):
        super(BinaryCrossentropy, self).__init__(
            binary_crossentropy, reduction=reduction, name=name,
            from_logits=from_logits, label_smoothing=label_smoothing)


class CategoricalCrossentropy(LossFunctionWrapper):
    """Crossentropy of one-hot labels.

    Args:
        from_logits: predictions are logits rather than probabilities.
        label_smoothing: in [0, 1]; labels move towards uniform by this much.
    """

    def __init__(self, from_logits=False, label_smoothing=0,
                 reduction=_SUM_OVER_BATCH, name='categorical_crossentropy'):
        super(CategoricalCrossentropy, self).__init__(
            categorical_crossentropy, reduction=reduction, name=name,
            from_logits=from_logits, label_smoothing=label_smoothing)


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Crossentropy of integer labels.

    Args:
        from_logits: predictions are logits rather than probabilities.
    """

    def __init__(self, from_logits=False, reduction=_SUM_OVER_BATCH,
                 name='sparse_categorical_crossentropy'):
        super(SparseCategoricalCrossentropy, self).__init__(
            sparse_categorical_crossentropy, reduction=reduction, name=name,
            from_logits=from_logits)


class Hinge(LossFunctionWrapper):
    """Hinge loss; labels in {0, 1} are mapped to {-1, 1}."""

    def __init__(self, reduction=_SUM_OVER_BATCH, name='hinge'):
        super(Hinge, self).__init__(hinge, reduction=reduction, name=name)


class SquaredHinge(LossFunctionWrapper):
    """Squared hinge loss; labels in {0, 1} are mapped to {-1, 1}."""

    def __init__(self, reduction=_SUM_OVER_BATCH, name='squared_hinge'):
        super(SquaredHinge, self).__init__(squared_hinge,
                                           reduction=reduction, name=name)


class CategoricalHinge(LossFunctionWrapper):
    """Categorical hinge loss of one-hot labels."""

    def __init__(self, reduction=_SUM_OVER_BATCH, name='categorical_hinge'):
        super(CategoricalHinge, self).__init__(categorical_hinge,
                                               reduction=reduction, name=name)


class Poisson(LossFunctionWrapper):
    """Poisson loss: mean(y_pred - y_true * log(y_pred))."""

    def __init__(self, reduction=_SUM_OVER_BATCH, name='poisson'):
        super(Poisson, self).__init__(poisson, reduction=reduction, name=name)


class LogCosh(LossFunctionWrapper):
    """Logarithm of the hyperbolic cosine of the prediction error."""

    def __init__(self, reduction=_SUM_OVER_BATCH, name='logcosh'):
        super(LogCosh, self).__init__(logcosh, reduction=reduction, name=name)


class KLDivergence(LossFunctionWrapper):
    """Kullback-Leibler divergence between labels and predictions."""

    def __init__(self, reduction=_SUM_OVER_BATCH,
                 name='kullback_leibler_divergence'):
        super(KLDivergence, self).__init__(kullback_leibler_divergence,
                                           reduction=reduction, name=name)


class Huber(LossFunctionWrapper):
    """Huber loss: quadratic for |error| <= delta, linear beyond.

    Args:
        delta: the point where the loss turns from quadratic to linear.
    """

    def __init__(self, delta=1.0, reduction=_SUM_OVER_BATCH,
                 name='huber_loss'):
        super(Huber, self).__init__(huber_loss, reduction=reduction,
                                    name=name, delta=delta)


def is_categorical_crossentropy(loss):
    """Whether `loss` (a name, function or Loss object) is the categorical
    crossentropy."""
    return (isinstance(loss, CategoricalCrossentropy) or
            (isinstance(loss, LossFunctionWrapper) and
             loss.fn == categorical_crossentropy) or
            getattr(loss, '__name__', None) == 'categorical_crossentropy' or
            loss == 'categorical_crossentropy')


_FUNCTIONS = [mean_squared_error, mean_absolute_error,
              mean_absolute_percentage_error, mean_squared_logarithmic_error,
              squared_hinge, hinge, categorical_hinge, logcosh, huber_loss,
              categorical_crossentropy, sparse_categorical_crossentropy,
              binary_crossentropy, kullback_leibler_divergence, poisson,
              cosine_proximity]
_CLASSES = [Loss, LossFunctionWrapper, MeanSquaredError, MeanAbsoluteError,
            MeanAbsolutePercentageError, MeanSquaredLogarithmicError,
            BinaryCrossentropy, CategoricalCrossentropy,
            SparseCategoricalCrossentropy, Hinge, SquaredHinge,
            CategoricalHinge, Poisson, LogCosh, KLDivergence, Huber]
_ALIASES = {'mse': mse, 'MSE': MSE, 'mae': mae, 'MAE': MAE, 'mape': mape,
            'MAPE': MAPE, 'msle': msle, 'MSLE': MSLE, 'kld': kld, 'KLD': KLD,
            'cosine': cosine, 'cosine_similarity': cosine_similarity}

# The names `deserialize` resolves: every loss function, class and alias.
LOSS_OBJECTS = dict([(f.__name__, f) for f in _FUNCTIONS] +
                    [(c.__name__, c) for c in _CLASSES] +
                    list(_ALIASES.items()))


def serialize(loss):
    return serialize_keras_object(loss)


def deserialize(name, custom_objects=None):
    return deserialize_keras_object(name, module_objects=LOSS_OBJECTS,
                                    custom_objects=custom_objects,
                                    printable_module_name='loss function')


def get(identifier):
    """A loss from a name, a config dict, a function or a Loss object.

    Raises:
        ValueError: for anything else.
    """
    if identifier is None:
        return None
    if isinstance(identifier, str):
        return deserialize(identifier)
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError('Could not interpret loss function identifier: %r'
                     % (identifier,))
