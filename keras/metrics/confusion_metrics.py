"""Metrics over a confusion matrix: counts of true/false positives and
negatives per threshold, precision, recall, sensitivity at specificity (and
the converse), AUC, and the mean intersection-over-union of classes.
"""
import numpy as np

from keras import backend as K
from keras.metrics.base_metric import Metric
from keras.utils import metrics_utils


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

    def _sensitivities(self):
        return metrics_utils.div_no_nan(
            self.true_positives, self.true_positives + self.false_negatives)

    def _specificities(self):
        return metrics_utils.div_no_nan(
            self.true_negatives, self.true_negatives + self.false_positives)


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
        return self._rate_at_closest(self._specificities(),
                                     self._sensitivities())

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
        return self._rate_at_closest(self._sensitivities(),
                                     self._specificities())

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

