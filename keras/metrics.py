"""Metrics (Keras 2.3.1): metric functions, and stateful `Metric` objects.

A metric function `fn(y_true, y_pred)` returns one value per sample. A
`Metric` holds variables (e.g. a total and a count) that `update_state`
updates and `result` reads; `compile` turns every metric into a `Metric`
whose state accumulates over an epoch.
"""
import numpy as np

from keras import backend as K
from keras.backend.symbolic.op import has_symbolic
from keras.engine.base_layer import Layer
from keras.losses import binary_crossentropy  # noqa: F401
from keras.losses import categorical_crossentropy  # noqa: F401
from keras.losses import categorical_hinge  # noqa: F401
from keras.losses import hinge  # noqa: F401
from keras.losses import kullback_leibler_divergence  # noqa: F401
from keras.losses import logcosh  # noqa: F401
from keras.losses import mean_absolute_error  # noqa: F401
from keras.losses import mean_absolute_percentage_error  # noqa: F401
from keras.losses import mean_squared_error  # noqa: F401
from keras.losses import mean_squared_logarithmic_error  # noqa: F401
from keras.losses import poisson  # noqa: F401
from keras.losses import sparse_categorical_crossentropy  # noqa: F401
from keras.losses import squared_hinge  # noqa: F401
from keras.utils import losses_utils
from keras.utils import metrics_utils
from keras.utils.generic_utils import deserialize_keras_object
from keras.utils.generic_utils import serialize_keras_object


# Metric functions.

def binary_accuracy(y_true, y_pred, threshold=0.5):
    """Mean over the last axis of `y_true == (y_pred > threshold)`.

    With the default threshold the prediction is rounded (half to even, so
    0.5 counts as 0), as Keras 2.3.1 does.
    """
    if threshold != 0.5:
        threshold = K.cast(threshold, K.dtype(y_pred))
        y_pred = K.cast(y_pred > threshold, K.dtype(y_pred))
    return K.mean(K.equal(y_true, K.round(y_pred)), axis=-1)


def categorical_accuracy(y_true, y_pred):
    return K.cast(K.equal(K.argmax(y_true, axis=-1),
                          K.argmax(y_pred, axis=-1)), K.floatx())


def sparse_categorical_accuracy(y_true, y_pred):
    """Integer labels (shape (n,) or (n, 1)) against class scores."""
    if K.ndim(y_true) == K.ndim(y_pred):
        y_true = K.squeeze(y_true, -1)
    y_pred_labels = K.cast(K.argmax(y_pred, axis=-1), K.floatx())
    return K.cast(K.equal(K.cast(y_true, K.floatx()), y_pred_labels),
                  K.floatx())


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    return K.cast(K.in_top_k(y_pred, K.argmax(y_true, axis=-1), k),
                  K.floatx())


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5):
    return K.cast(K.in_top_k(y_pred, K.cast(K.flatten(y_true), 'int32'), k),
                  K.floatx())


def accuracy(y_true, y_pred):
    """Element-wise `y_true == y_pred`, as floats."""
    if not K.is_tensor(y_pred):
        y_pred = K.constant(y_pred)
    y_true = K.cast(y_true, K.dtype(y_pred))
    return K.cast(K.equal(y_true, y_pred), K.floatx())


def cosine_proximity(y_true, y_pred, axis=-1):
    """Cosine similarity along `axis` (the loss of the same name is its
    negative)."""
    y_true = K.l2_normalize(y_true, axis=axis)
    y_pred = K.l2_normalize(y_pred, axis=axis)
    return K.sum(y_true * y_pred, axis=axis)


mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
cosine = cosine_similarity = cosine_proximity


# Stateful metrics.

class Metric(Layer):
    """Base class of stateful metrics (a Layer holding state variables).

    Subclasses create their state with `add_weight` in `__init__`, and
    implement `update_state(*args, sample_weight=None)` returning the update
    ops (`K.update_add(...)`) and `result()` computing the value from the
    state variables.

    Called on symbolic tensors, a metric returns its result as of after the
    update, and keeps the update ops in `updates` (the model adds them to
    its train/test functions). Called on arrays, it updates its state at
    once and returns the result as an array.

    Args:
        name: name of the metric.
        dtype: dtype of the state variables (default: floatx).
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        update_state = cls.__dict__.get('update_state')
        if update_state is not None and not getattr(
                update_state, '_is_update_state_wrapper', False):
            cls.update_state = metrics_utils.update_state_wrapper(
                update_state)
        result = cls.__dict__.get('result')
        if result is not None and not getattr(result, '_is_result_wrapper',
                                              False):
            cls.result = metrics_utils.result_wrapper(result)

    def __init__(self, name=None, dtype=None, **kwargs):
        super(Metric, self).__init__(name=name, dtype=dtype, **kwargs)
        self.stateful = True
        self.built = True
        self.trainable = False
        self.dtype = K.floatx() if dtype is None else dtype
        self._call_updates = []
        self._call_result = None

    @property
    def updates(self):
        """The update ops of the last symbolic call."""
        return list(self._call_updates)

    def add_weight(self, name, shape=(), initializer=None, dtype=None):
        """A non-trainable state variable (zeros unless `initializer`)."""
        return super(Metric, self).add_weight(
            name=name, shape=shape,
            dtype=self.dtype if dtype is None else dtype,
            initializer=initializer or 'zeros', trainable=False)

    def __call__(self, *args, **kwargs):
        """Updates the state with a batch and returns the result."""
        if not has_symbolic((args, kwargs)):
            self.update_state(*args, **kwargs)
            return K.eval(self.result())
        self.update_state(*args, **kwargs)
        result_t = metrics_utils.result_after_updates(self.result(),
                                                      self._call_updates)
        result_t._metric_obj = self
        self._call_result = result_t
        return result_t

    def reset_states(self):
        """Sets every state variable to zero."""
        K.batch_set_value([(v, np.zeros(K.int_shape(v), dtype=v.dtype))
                           for v in self.weights])

    def get_config(self):
        return {'name': self.name, 'dtype': self.dtype}

    def update_state(self, *args, **kwargs):
        raise NotImplementedError('Must be implemented in subclasses.')

    def result(self):
        raise NotImplementedError('Must be implemented in subclasses.')


class Reduce(Metric):
    """Reduces values to their sum, or their (weighted) mean.

    Args:
        reduction: a `metrics_utils.Reduction` key.
    """

    def __init__(self, reduction, name, dtype=None):
        super(Reduce, self).__init__(name=name, dtype=dtype)
        self.reduction = reduction
        self.total = self.add_weight('total', initializer='zeros')
        if reduction in (metrics_utils.Reduction.SUM_OVER_BATCH_SIZE,
                         metrics_utils.Reduction.WEIGHTED_MEAN):
            self.count = self.add_weight('count', initializer='zeros')

    def update_state(self, values, sample_weight=None):
        values = K.cast(values, self.dtype)
        if sample_weight is not None:
            sample_weight = K.cast(sample_weight, self.dtype)
            values, _, sample_weight = \
                losses_utils.squeeze_or_expand_dimensions(
                    values, sample_weight=sample_weight)
            sample_weight = losses_utils.broadcast_weights(values,
                                                           sample_weight)
            values = values * sample_weight
        update_total = K.update_add(self.total, K.sum(values))
        if self.reduction == metrics_utils.Reduction.SUM:
            return [update_total]
        if self.reduction == metrics_utils.Reduction.WEIGHTED_MEAN and \
                sample_weight is not None:
            num_values = K.sum(sample_weight)
        else:
            num_values = K.sum(K.ones_like(values))
        return [update_total, K.update_add(self.count, num_values)]

    def result(self):
        if self.reduction == metrics_utils.Reduction.SUM:
            return K.identity(self.total)
        return metrics_utils.div_no_nan(self.total, self.count)


class Sum(Reduce):
    """The (weighted) sum of the values seen."""

    def __init__(self, name='sum', dtype=None):
        super(Sum, self).__init__(metrics_utils.Reduction.SUM, name=name,
                                  dtype=dtype)


class Mean(Reduce):
    """The (weighted) mean of the values seen."""

    def __init__(self, name='mean', dtype=None):
        super(Mean, self).__init__(metrics_utils.Reduction.WEIGHTED_MEAN,
                                   name=name, dtype=dtype)


class MeanMetricWrapper(Mean):
    """The mean of `fn(y_true, y_pred, **kwargs)` over the samples seen."""

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super(MeanMetricWrapper, self).__init__(name=name, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = K.cast(y_true, self.dtype)
        y_pred = K.cast(y_pred, self.dtype)
        y_pred, y_true = losses_utils.squeeze_or_expand_dimensions(y_pred,
                                                                   y_true)
        matches = self._fn(y_true, y_pred, **self._fn_kwargs)
        return super(MeanMetricWrapper, self).update_state(
            matches, sample_weight=sample_weight)

    def get_config(self):
        config = {}
        for key, value in self._fn_kwargs.items():
            config[key] = K.eval(value) if K.is_tensor(value) else value
        if type(self) is MeanMetricWrapper:
            config['fn'] = serialize(self._fn)
        base_config = super(MeanMetricWrapper, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    @classmethod
    def from_config(cls, config):
        if cls is MeanMetricWrapper:
            # Subclasses imply their function; the base class stores it.
            config = dict(config)
            return cls(get(config.pop('fn')), **config)
        return cls(**config)


class Accuracy(MeanMetricWrapper):
    """How often predictions equal labels exactly."""

    def __init__(self, name='accuracy', dtype=None):
        super(Accuracy, self).__init__(accuracy, name, dtype=dtype)


class BinaryAccuracy(MeanMetricWrapper):
    """How often thresholded predictions match binary labels."""

    def __init__(self, name='binary_accuracy', dtype=None, threshold=0.5):
        super(BinaryAccuracy, self).__init__(
            binary_accuracy, name, dtype=dtype, threshold=threshold)


class CategoricalAccuracy(MeanMetricWrapper):
    """How often the arg-max of predictions matches one-hot labels."""

    def __init__(self, name='categorical_accuracy', dtype=None):
        super(CategoricalAccuracy, self).__init__(
            categorical_accuracy, name, dtype=dtype)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often the arg-max of predictions matches integer labels."""

    def __init__(self, name='sparse_categorical_accuracy', dtype=None):
        super(SparseCategoricalAccuracy, self).__init__(
            sparse_categorical_accuracy, name, dtype=dtype)


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often one-hot labels are among the top `k` predictions."""

    def __init__(self, k=5, name='top_k_categorical_accuracy', dtype=None):
        super(TopKCategoricalAccuracy, self).__init__(
            top_k_categorical_accuracy, name, dtype=dtype, k=k)


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often integer labels are among the top `k` predictions."""

    def __init__(self, k=5,
                 name='sparse_top_k_categorical_accuracy', dtype=None):
        super(SparseTopKCategoricalAccuracy, self).__init__(
            sparse_top_k_categorical_accuracy, name, dtype=dtype, k=k)


class Hinge(MeanMetricWrapper):
    """Mean hinge loss."""

    def __init__(self, name='hinge', dtype=None):
        super(Hinge, self).__init__(hinge, name, dtype=dtype)


class SquaredHinge(MeanMetricWrapper):
    """Mean squared hinge loss."""

    def __init__(self, name='squared_hinge', dtype=None):
        super(SquaredHinge, self).__init__(squared_hinge, name, dtype=dtype)


class CategoricalHinge(MeanMetricWrapper):
    """Mean categorical hinge loss."""

    def __init__(self, name='categorical_hinge', dtype=None):
        super(CategoricalHinge, self).__init__(
            categorical_hinge, name, dtype=dtype)


class LogCoshError(MeanMetricWrapper):
    """Mean logarithm of the hyperbolic cosine of the error."""

    def __init__(self, name='logcosh', dtype=None):
        super(LogCoshError, self).__init__(logcosh, name, dtype=dtype)


class Poisson(MeanMetricWrapper):
    """Mean Poisson loss."""

    def __init__(self, name='poisson', dtype=None):
        super(Poisson, self).__init__(poisson, name, dtype=dtype)


class KLDivergence(MeanMetricWrapper):
    """Mean Kullback-Leibler divergence."""

    def __init__(self, name='kullback_leibler_divergence', dtype=None):
        super(KLDivergence, self).__init__(
            kullback_leibler_divergence, name, dtype=dtype)


class CosineSimilarity(MeanMetricWrapper):
    """Mean cosine similarity along `axis`."""

    def __init__(self, name='cosine_similarity', dtype=None, axis=-1):
        super(CosineSimilarity, self).__init__(
            cosine_proximity, name, dtype=dtype, axis=axis)


class MeanAbsoluteError(MeanMetricWrapper):
    """Mean absolute error."""

    def __init__(self, name='mean_absolute_error', dtype=None):
        super(MeanAbsoluteError, self).__init__(
            mean_absolute_error, name, dtype=dtype)


class MeanAbsolutePercentageError(MeanMetricWrapper):
    """Mean absolute percentage error."""

    def __init__(self, name='mean_absolute_percentage_error', dtype=None):
        super(MeanAbsolutePercentageError, self).__init__(
            mean_absolute_percentage_error, name, dtype=dtype)


class MeanSquaredError(MeanMetricWrapper):
    """Mean squared error."""

    def __init__(self, name='mean_squared_error', dtype=None):
        super(MeanSquaredError, self).__init__(
            mean_squared_error, name, dtype=dtype)


class MeanSquaredLogarithmicError(MeanMetricWrapper):
    """Mean squared logarithmic error."""

    def __init__(self, name='mean_squared_logarithmic_error', dtype=None):
        super(MeanSquaredLogarithmicError, self).__init__(
            mean_squared_logarithmic_error, name, dtype=dtype)


class BinaryCrossentropy(MeanMetricWrapper):
    """Mean binary crossentropy."""

    def __init__(self, name='binary_crossentropy',
                 dtype=None, from_logits=False, label_smoothing=0):
        super(BinaryCrossentropy, self).__init__(
            binary_crossentropy, name, dtype=dtype,
            from_logits=from_logits, label_smoothing=label_smoothing)


class CategoricalCrossentropy(MeanMetricWrapper):
    """Mean categorical crossentropy of one-hot labels."""

    def __init__(self, name='categorical_crossentropy',
                 dtype=None, from_logits=False, label_smoothing=0):
        super(CategoricalCrossentropy, self).__init__(
            categorical_crossentropy, name, dtype=dtype,
            from_logits=from_logits, label_smoothing=label_smoothing)


class SparseCategoricalCrossentropy(MeanMetricWrapper):
    """Mean categorical crossentropy of integer labels."""

    def __init__(self, name='sparse_categorical_crossentropy',
                 dtype=None, from_logits=False, axis=-1):
        super(SparseCategoricalCrossentropy, self).__init__(
            sparse_categorical_crossentropy, name, dtype=dtype,
            from_logits=from_logits, axis=axis)


class RootMeanSquaredError(Mean):
    """Square root of the mean squared error over the samples seen."""

    def __init__(self, name='root_mean_squared_error', dtype=None):
        super(RootMeanSquaredError, self).__init__(name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = K.cast(y_true, self.dtype)
        y_pred = K.cast(y_pred, self.dtype)
        y_pred, y_true = losses_utils.squeeze_or_expand_dimensions(y_pred,
                                                                   y_true)
        error_sq = K.square(y_pred - y_true)
        return super(RootMeanSquaredError, self).update_state(
            error_sq, sample_weight=sample_weight)

    def result(self):
        return K.sqrt(metrics_utils.div_no_nan(self.total, self.count))


# Metrics over a confusion matrix.

class _ConfusionMatrixConditionCount(Metric):
    """Counts one confusion-matrix cell per threshold."""
    _condition = None

    def __init__(self, thresholds=None, name=None, dtype=None):
        super(_ConfusionMatrixConditionCount, self).__init__(name=name,
                                                             dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = metrics_utils.parse_init_thresholds(
            thresholds, default_threshold=0.5)
        self.accumulator = self.add_weight(
            'accumulator', shape=(len(self.thresholds),),
            initializer='zeros')

    def update_state(self, y_true, y_pred, sample_weight=None):
        return metrics_utils.update_confusion_matrix_variables(
            {self._condition: self.accumulator}, y_true, y_pred,
            thresholds=self.thresholds, sample_weight=sample_weight)

    def result(self):
        if len(self.thresholds) == 1:
            return self.accumulator[0]
        return K.identity(self.accumulator)

    def get_config(self):
        config = {'thresholds': self.init_thresholds}
        base_config = super(_ConfusionMatrixConditionCount, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class FalsePositives(_ConfusionMatrixConditionCount):
    """(Weighted) count of false positives, per threshold (default 0.5)."""
    _condition = metrics_utils.ConfusionMatrix.FALSE_POSITIVES


class FalseNegatives(_ConfusionMatrixConditionCount):
    """(Weighted) count of false negatives, per threshold (default 0.5)."""
    _condition = metrics_utils.ConfusionMatrix.FALSE_NEGATIVES


class TrueNegatives(_ConfusionMatrixConditionCount):
    """(Weighted) count of true negatives, per threshold (default 0.5)."""
    _condition = metrics_utils.ConfusionMatrix.TRUE_NEGATIVES


class TruePositives(_ConfusionMatrixConditionCount):
    """(Weighted) count of true positives, per threshold (default 0.5)."""
    _condition = metrics_utils.ConfusionMatrix.TRUE_POSITIVES


class _PrecisionOrRecall(Metric):
    _other = None  # false positives (precision) or negatives (recall)

    def __init__(self, thresholds=None, top_k=None, class_id=None,
                 name=None, dtype=None):
        super(_PrecisionOrRecall, self).__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default_threshold = 0.5 if top_k is None else metrics_utils.NEG_INF
        self.thresholds = metrics_utils.parse_init_thresholds(
            thresholds, default_threshold=default_threshold)
        shape = (len(self.thresholds),)
        self.true_positives = self.add_weight('true_positives', shape=shape)
        other_name = self._other.name.lower()
        self.other = self.add_weight(other_name, shape=shape)
        setattr(self, other_name, self.other)

    def update_state(self, y_true, y_pred, sample_weight=None):
        return metrics_utils.update_confusion_matrix_variables(
            {metrics_utils.ConfusionMatrix.TRUE_POSITIVES:
                self.true_positives, self._other: self.other},
            y_true, y_pred, thresholds=self.thresholds, top_k=self.top_k,
            class_id=self.class_id, sample_weight=sample_weight)

    def result(self):
        result = metrics_utils.div_no_nan(self.true_positives,
                                          self.true_positives + self.other)
        return result[0] if len(self.thresholds) == 1 else result

    def get_config(self):
        config = {'thresholds': self.init_thresholds, 'top_k': self.top_k,
                  'class_id': self.class_id}
        base_config = super(_PrecisionOrRecall, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class Precision(_PrecisionOrRecall):
    """true_positives / (true_positives + false_positives).

    Args:
        thresholds: a float or list of floats in [0, 1]: predictions above
            are positive (default 0.5). One result per threshold.
        top_k: only the top-k predictions of each sample are positive.
        class_id: only this class of the last axis is counted.
    """
    _other = metrics_utils.ConfusionMatrix.FALSE_POSITIVES


class Recall(_PrecisionOrRecall):
    """true_positives / (true_positives + false_negatives); arguments as
    for `Precision`."""
    _other = metrics_utils.ConfusionMatrix.FALSE_NEGATIVES


def _evenly_spaced_thresholds(num_thresholds):
    """Thresholds from just below 0 to just above 1, so that predictions
    of exactly 0 or 1 fall inside."""
    inner = [(i + 1) * 1.0 / (num_thresholds - 1)
             for i in range(num_thresholds - 2)]
    return [0.0 - K.epsilon()] + inner + [1.0 + K.epsilon()]


def _all_confusion_variables(metric, num_thresholds):
    cm = metrics_utils.ConfusionMatrix
    metric.true_positives = metric.add_weight('true_positives',
                                              shape=(num_thresholds,))
    metric.true_negatives = metric.add_weight('true_negatives',
                                              shape=(num_thresholds,))
    metric.false_positives = metric.add_weight('false_positives',
                                               shape=(num_thresholds,))
    metric.false_negatives = metric.add_weight('false_negatives',
                                               shape=(num_thresholds,))
    return {cm.TRUE_POSITIVES: metric.true_positives,
            cm.TRUE_NEGATIVES: metric.true_negatives,
            cm.FALSE_POSITIVES: metric.false_positives,
            cm.FALSE_NEGATIVES: metric.false_negatives}


class SensitivitySpecificityBase(Metric):
    """Base of the metrics reading one rate at the threshold where another
    rate is closest to `value`."""

    def __init__(self, value, num_thresholds=200, name=None, dtype=None):
        super(SensitivitySpecificityBase, self).__init__(name=name,
                                                         dtype=dtype)
        if num_thresholds <= 0:
            raise ValueError('`num_thresholds` must be > 0; received %r.'
                             % (num_thresholds,))
        self.value = value
        self.num_thresholds = num_thresholds
        if num_thresholds == 1:
            self.thresholds = [0.5]
        else:
            self.thresholds = _evenly_spaced_thresholds(num_thresholds)
        self._variables = _all_confusion_variables(self, num_thresholds)

    def update_state(self, y_true, y_pred, sample_weight=None):
        return metrics_utils.update_confusion_matrix_variables(
            self._variables, y_true, y_pred, thresholds=self.thresholds,
            sample_weight=sample_weight)

    def _rate_at_closest(self, matched, read):
        """`read` at the threshold where `matched` is closest to value."""
        index = K.argmin(K.abs(matched - self.value), axis=0)
        return K.gather(read, index)


class SensitivityAtSpecificity(SensitivitySpecificityBase):
    """Sensitivity (recall) at the threshold where specificity is closest
    to `specificity`."""

    def __init__(self, specificity, num_thresholds=200, name=None,
                 dtype=None):
        if specificity < 0 or specificity > 1:
            raise ValueError('`specificity` must be in the range [0, 1].')
        self.specificity = specificity
        super(SensitivityAtSpecificity, self).__init__(
            specificity, num_thresholds=num_thresholds, name=name,
            dtype=dtype)

    def result(self):
        specificities = metrics_utils.div_no_nan(
            self.true_negatives, self.true_negatives + self.false_positives)
        sensitivities = metrics_utils.div_no_nan(
            self.true_positives, self.true_positives + self.false_negatives)
        return self._rate_at_closest(specificities, sensitivities)

    def get_config(self):
        config = {'num_thresholds': self.num_thresholds,
                  'specificity': self.specificity}
        base_config = super(SensitivityAtSpecificity, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class SpecificityAtSensitivity(SensitivitySpecificityBase):
    """Specificity at the threshold where sensitivity (recall) is closest
    to `sensitivity`."""

    def __init__(self, sensitivity, num_thresholds=200, name=None,
                 dtype=None):
        if sensitivity < 0 or sensitivity > 1:
            raise ValueError('`sensitivity` must be in the range [0, 1].')
        self.sensitivity = sensitivity
        super(SpecificityAtSensitivity, self).__init__(
            sensitivity, num_thresholds=num_thresholds, name=name,
            dtype=dtype)

    def result(self):
        sensitivities = metrics_utils.div_no_nan(
            self.true_positives, self.true_positives + self.false_negatives)
        specificities = metrics_utils.div_no_nan(
            self.true_negatives, self.true_negatives + self.false_positives)
        return self._rate_at_closest(sensitivities, specificities)

    def get_config(self):
        config = {'num_thresholds': self.num_thresholds,
                  'sensitivity': self.sensitivity}
        base_config = super(SpecificityAtSensitivity, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class AUC(Metric):
    """Area under the ROC or precision-recall curve, approximated over
    `num_thresholds` thresholds (or the given `thresholds`).

    Args:
        curve: 'ROC' or 'PR'.
        summation_method: 'interpolation' (trapezoids; for PR, the
            interpolation of Davis & Goadrich 2006), 'minoring' or
            'majoring'.
    """

    def __init__(self, num_thresholds=200, curve='ROC',
                 summation_method='interpolation', name=None, dtype=None,
                 thresholds=None):
        super(AUC, self).__init__(name=name, dtype=dtype)
        if isinstance(curve, metrics_utils.AUCCurve):
            self.curve = curve
        else:
            self.curve = metrics_utils.AUCCurve.from_str(curve)
        if isinstance(summation_method, metrics_utils.AUCSummationMethod):
            self.summation_method = summation_method
        else:
            self.summation_method = metrics_utils.AUCSummationMethod.from_str(
                summation_method)
        if thresholds is not None:
            thresholds = list(thresholds)
            metrics_utils.assert_thresholds_range(thresholds)
            self.num_thresholds = len(thresholds) + 2
            self.thresholds = ([0.0 - K.epsilon()] + sorted(thresholds) +
                               [1.0 + K.epsilon()])
        else:
            if num_thresholds <= 1:
                raise ValueError('`num_thresholds` must be > 1.')
            self.num_thresholds = num_thresholds
            self.thresholds = _evenly_spaced_thresholds(num_thresholds)
        self._variables = _all_confusion_variables(self,
                                                   self.num_thresholds)

    def update_state(self, y_true, y_pred, sample_weight=None):
        return metrics_utils.update_confusion_matrix_variables(
            self._variables, y_true, y_pred, thresholds=self.thresholds,
            sample_weight=sample_weight)

    def _interpolate_pr_auc(self):
        n = self.num_thresholds
        tp = self.true_positives
        dtp = tp[:n - 1] - tp[1:]
        p = tp + self.false_positives
        dp = p[:n - 1] - p[1:]
        prec_slope = metrics_utils.div_no_nan(dtp, K.maximum(dp, 0))
        intercept = tp[1:] - prec_slope * p[1:]
        both_positive = K.cast(K.greater(p[:n - 1], 0), K.floatx()) * \
            K.cast(K.greater(p[1:], 0), K.floatx())
        safe_p_ratio = K.switch(
            K.greater(both_positive, 0),
            metrics_utils.div_no_nan(p[:n - 1], K.maximum(p[1:], 0)),
            K.ones_like(p[1:]))
        return K.sum(metrics_utils.div_no_nan(
            prec_slope * (dtp + intercept * K.log(safe_p_ratio)),
            K.maximum(tp[1:] + self.false_negatives[1:], 0)))

    def result(self):
        methods = metrics_utils.AUCSummationMethod
        if self.curve == metrics_utils.AUCCurve.PR and \
                self.summation_method == methods.INTERPOLATION:
            return self._interpolate_pr_auc()
        n = self.num_thresholds
        recall = metrics_utils.div_no_nan(
            self.true_positives, self.true_positives + self.false_negatives)
        if self.curve == metrics_utils.AUCCurve.ROC:
            x = metrics_utils.div_no_nan(
                self.false_positives,
                self.false_positives + self.true_negatives)
            y = recall
        else:
            x = recall
            y = metrics_utils.div_no_nan(
                self.true_positives,
                self.true_positives + self.false_positives)
        if self.summation_method == methods.INTERPOLATION:
            heights = (y[:n - 1] + y[1:]) / 2.
        elif self.summation_method == methods.MINORING:
            heights = K.minimum(y[:n - 1], y[1:])
        else:
            heights = K.maximum(y[:n - 1], y[1:])
        return K.sum((x[:n - 1] - x[1:]) * heights)

    def get_config(self):
        config = {'num_thresholds': self.num_thresholds,
                  'curve': self.curve.value,
                  'summation_method': self.summation_method.value,
                  # The endpoints are added again by the constructor.
                  'thresholds': self.thresholds[1:-1]}
        base_config = super(AUC, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class MeanIoU(Metric):
    """Mean intersection-over-union of `num_classes` classes, from a
    confusion matrix accumulated over the batches (labels and predictions
    are integer class ids)."""

    def __init__(self, num_classes, name=None, dtype=None):
        super(MeanIoU, self).__init__(name=name, dtype=dtype)
        self.num_classes = num_classes
        self.total_cm = self.add_weight('total_confusion_matrix',
                                        shape=(num_classes, num_classes),
                                        dtype='float64')

    def update_state(self, y_true, y_pred, sample_weight=None):
        labels = K.one_hot(K.cast(K.flatten(y_true), 'int64'),
                           self.num_classes)
        predictions = K.one_hot(K.cast(K.flatten(y_pred), 'int64'),
                                self.num_classes)
        if sample_weight is not None:
            weights = K.flatten(K.cast(sample_weight, K.floatx()))
            labels = labels * K.expand_dims(weights, -1)
        current_cm = K.dot(K.transpose(labels), predictions)
        return K.update_add(self.total_cm, K.cast(current_cm, 'float64'))

    def result(self):
        cm = K.cast(self.total_cm, self.dtype)
        sum_over_row = K.sum(cm, axis=0)
        sum_over_col = K.sum(cm, axis=1)
        true_positives = K.sum(cm * np.eye(self.num_classes,
                                           dtype=self.dtype), axis=1)
        denominator = sum_over_row + sum_over_col - true_positives
        num_valid_entries = K.sum(K.cast(K.not_equal(denominator, 0),
                                         self.dtype))
        iou = metrics_utils.div_no_nan(true_positives, denominator)
        return metrics_utils.div_no_nan(K.sum(iou), num_valid_entries)

    def get_config(self):
        config = {'num_classes': self.num_classes}
        base_config = super(MeanIoU, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


def clone_metric(metric):
    """A fresh copy (new state) of a `Metric`; functions are returned as is.
    """
    if isinstance(metric, Metric):
        return metric.__class__.from_config(metric.get_config())
    return metric


def clone_metrics(metrics):
    """`clone_metric` over a list or dict of metrics (None stays None)."""
    if metrics is None:
        return None
    if isinstance(metrics, dict):
        return {key: clone_metric(value) for key, value in metrics.items()}
    return [clone_metric(metric) for metric in metrics]


_FUNCTIONS = [binary_accuracy, categorical_accuracy,
              sparse_categorical_accuracy, top_k_categorical_accuracy,
              sparse_top_k_categorical_accuracy, accuracy, cosine_proximity,
              binary_crossentropy, categorical_crossentropy,
              categorical_hinge, hinge, kullback_leibler_divergence,
              logcosh, mean_absolute_error, mean_absolute_percentage_error,
              mean_squared_error, mean_squared_logarithmic_error, poisson,
              sparse_categorical_crossentropy, squared_hinge]
_CLASSES = [Metric, Reduce, Sum, Mean, MeanMetricWrapper, Accuracy,
            BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
            TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy, Hinge,
            SquaredHinge, CategoricalHinge, LogCoshError, Poisson,
            KLDivergence, CosineSimilarity, MeanAbsoluteError,
            MeanAbsolutePercentageError, MeanSquaredError,
            MeanSquaredLogarithmicError, RootMeanSquaredError,
            BinaryCrossentropy, CategoricalCrossentropy,
            SparseCategoricalCrossentropy, TruePositives, FalsePositives,
            TrueNegatives, FalseNegatives, SensitivitySpecificityBase,
            SensitivityAtSpecificity, SpecificityAtSensitivity, Precision,
            Recall, AUC, MeanIoU]
_ALIASES = {'mse': mse, 'MSE': MSE, 'mae': mae, 'MAE': MAE, 'mape': mape,
            'MAPE': MAPE, 'msle': msle, 'MSLE': MSLE, 'cosine': cosine,
            'cosine_similarity': cosine_similarity}

# The names `deserialize` resolves.
METRIC_OBJECTS = dict([(f.__name__, f) for f in _FUNCTIONS] +
                      [(c.__name__, c) for c in _CLASSES] +
                      list(_ALIASES.items()))


def serialize(metric):
    return serialize_keras_object(metric)


def deserialize(config, custom_objects=None):
    return deserialize_keras_object(config, module_objects=METRIC_OBJECTS,
                                    custom_objects=custom_objects,
                                    printable_module_name='metric function')


def get(identifier):
    """A metric from a name, a config dict, a function or a Metric.

    Raises:
        ValueError: for anything else.
    """
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return deserialize(str(identifier))
    if callable(identifier):
        return identifier
    raise ValueError('Could not interpret metric function identifier: %r'
                     % (identifier,))

