"""Machinery of stateful metrics: update/result wrappers and the
confusion-matrix updates of the thresholded metrics."""
import enum
import functools

import numpy as np

from keras import backend as K
from keras.backend.symbolic import graph
from keras.backend.symbolic import structure
from keras.backend.symbolic.function import normalize_updates
from keras.backend.symbolic.op import has_symbolic
from keras.backend.symbolic.op import record
from keras.backend.symbolic.tensor import KerasTensor
from keras.utils import losses_utils
from keras.utils.generic_utils import to_list as _to_list

NEG_INF = -1e10


class Reduction(object):
    """How a `Reduce` metric combines values.

    * `SUM`: the sum of the (weighted) values.
    * `SUM_OVER_BATCH_SIZE`: the sum divided by the number of values.
    * `WEIGHTED_MEAN`: the sum divided by the sum of the weights.
    """
    SUM = 'sum'
    SUM_OVER_BATCH_SIZE = 'sum_over_batch_size'
    WEIGHTED_MEAN = 'weighted_mean'


# Stateful metrics in a define-then-run graph.
#
# `update_state` returns `K.update` ops; `result()` reads the variables. A
# compiled function reads every variable once, before applying updates, so
# a result that must reflect the current batch (as TF's control
# dependencies give in Keras 2) is rebuilt with each updated variable
# replaced by its new value: `result_after_updates`.

def update_pairs(updates):
    """`(variable, new_value)` pairs of an update op or a list of them."""
    if updates is None:
        return []
    return normalize_updates(_to_list(updates, allow_tuple=True))


def replace_tensors(outputs, replacements):
    """Copies the graph of `outputs` with tensors swapped per
    `replacements` (a dict), re-recording only the nodes that depend on a
    replaced tensor.
    """
    flat = [t for t in structure.flatten(outputs)
            if isinstance(t, KerasTensor)]
    if not replacements or not flat:
        return outputs
    mapping = dict(replacements)
    for tensor in graph.ancestors(flat, stop=list(mapping)):
        node = tensor.node
        if tensor in mapping or node is None:
            continue
        if not any(i in mapping for i in node.inputs):
            continue
        if node.kind == 'gradient':
            raise ValueError('Cannot rebuild a gradient inside a metric '
                             'result: %r.' % (tensor,))
        args, kwargs = structure.map_structure(
            lambda x: mapping.get(x, x) if isinstance(x, KerasTensor) else x,
            (node.args, node.kwargs))
        specs = [(out.shape, out.dtype) for out in node.outputs]
        new = record(node.fn, args, kwargs, shape_rule=lambda a, k: specs,
                     multi_output=node.multi_output, node_class=type(node),
                     name=node.name)
        new_outputs = list(new) if node.multi_output else [new]
        for old, replacement in zip(node.outputs, new_outputs):
            mapping[old] = replacement
    return structure.map_structure(
        lambda x: mapping.get(x, x) if isinstance(x, KerasTensor) else x,
        outputs)


def result_after_updates(result, updates):
    """`result` computed from the values the `updates` assign."""
    return replace_tensors(result, dict(update_pairs(updates)))


def apply_updates_now(updates):
    """Runs update ops at once (metrics called on concrete values)."""
    pairs = update_pairs(updates)
    values = [K.eval(new_value) for _, new_value in pairs]
    K.batch_set_value([(var, np.asarray(value, dtype=var.dtype))
                       for (var, _), value in zip(pairs, values)])


def update_state_wrapper(update_state_fn):
    """Wraps a metric's `update_state`: on symbolic inputs the returned
    update ops are kept as the metric's updates; on concrete inputs they
    are applied at once. Nested calls (a subclass calling its parent's
    wrapped method) are handled by the outermost one only."""
    @functools.wraps(update_state_fn)
    def decorated(metric_obj, *args, **kwargs):
        depth = getattr(metric_obj, '_update_depth', 0)
        metric_obj._update_depth = depth + 1
        try:
            update_op = update_state_fn(metric_obj, *args, **kwargs)
        finally:
            metric_obj._update_depth = depth
        if depth:
            return update_op
        if has_symbolic((args, kwargs)):
            metric_obj._call_updates = _to_list(update_op, allow_tuple=True) \
                if update_op is not None else []
            return update_op
        apply_updates_now(update_op)
        return None
    decorated._is_update_state_wrapper = True
    return decorated


def result_wrapper(result_fn):
    """Wraps a metric's `result` to mark the tensor as a metric result."""
    @functools.wraps(result_fn)
    def decorated(metric_obj, *args, **kwargs):
        result_t = result_fn(metric_obj, *args, **kwargs)
        if isinstance(result_t, KerasTensor):
            result_t._is_metric = True
        return result_t
    decorated._is_result_wrapper = True
    return decorated


def div_no_nan(x, y):
    """x / y, and 0 where y is 0."""
    safe_y = K.switch(K.equal(y, 0), K.ones_like(y), y)
    return K.switch(K.equal(y, 0), K.zeros_like(safe_y), x / safe_y)


def filter_top_k(x, k):
    """`x` with every entry outside the top `k` of its last axis set to a
    large negative number.

    Exactly `k` entries are kept, as TensorFlow's `top_k` chooses them:
    among equal values the lower index wins (so ties at the boundary do
    not let more than `k` predictions count as positive).
    """
    size = K.int_shape(x)[-1]
    if size is None:
        raise ValueError('`top_k` needs predictions whose last axis has a '
                         'known size; received shape %s.'
                         % (K.int_shape(x),))
    # rank[i] = #{j: x_j > x_i} + #{j < i: x_j == x_i}: each entry's place
    # in a stable descending sort.
    others = K.expand_dims(x, -2)
    this = K.expand_dims(x, -1)
    earlier = np.tril(np.ones((size, size), dtype=K.floatx()), -1)
    greater = K.cast(K.greater(others, this), K.floatx())
    tied_before = K.cast(K.equal(others, this), K.floatx()) * earlier
    rank = K.sum(greater + tied_before, axis=-1)
    keep = K.cast(K.less(rank, k), K.dtype(x))
    return x * keep + NEG_INF * (1. - keep)


def to_list(x):
    if isinstance(x, list):
        return x
    return [x]


def assert_thresholds_range(thresholds):
    if thresholds is not None:
        invalid = [t for t in thresholds if t is None or t < 0 or t > 1]
        if invalid:
            raise ValueError('Threshold values must be in [0, 1]. Invalid '
                             'values: %s' % (invalid,))


def parse_init_thresholds(thresholds, default_threshold=0.5):
    if thresholds is not None:
        assert_thresholds_range(to_list(thresholds))
    return to_list(default_threshold if thresholds is None else thresholds)


class ConfusionMatrix(enum.Enum):
    TRUE_POSITIVES = 'tp'
    FALSE_POSITIVES = 'fp'
    TRUE_NEGATIVES = 'tn'
    FALSE_NEGATIVES = 'fn'


class AUCCurve(enum.Enum):
    """Type of AUC curve: ROC or PR (precision-recall)."""
    ROC = 'ROC'
    PR = 'PR'

    @staticmethod
    def from_str(key):
        if key in ('pr', 'PR'):
            return AUCCurve.PR
        if key in ('roc', 'ROC'):
            return AUCCurve.ROC
        raise ValueError('Invalid AUC curve value "%s". Expected "ROC" or '
                         '"PR".' % (key,))


class AUCSummationMethod(enum.Enum):
    """How the AUC sums over thresholds: trapezoids ('interpolation'), or
    left/right rectangles of the lower ('minoring') or higher ('majoring')
    value."""
    INTERPOLATION = 'interpolation'
    MAJORING = 'majoring'
    MINORING = 'minoring'

    @staticmethod
    def from_str(key):
        for method in AUCSummationMethod:
            if key in (method.value, method.value.capitalize()):
                return method
        raise ValueError('Invalid AUC summation method value "%s". Expected '
                         '"interpolation", "majoring" or "minoring".' % (key,))


def weighted_assign_add(label, pred, weights, var):
    """Adds the (weighted) count of `label and pred` per threshold row to
    `var`; `label` and `pred` are 0/1 float tensors."""
    label_and_pred = label * pred
    if weights is not None:
        label_and_pred = label_and_pred * weights
    return K.update_add(var, K.sum(label_and_pred, axis=1))


def update_confusion_matrix_variables(variables_to_update, y_true, y_pred,
                                      thresholds=0.5, top_k=None,
                                      class_id=None, sample_weight=None):
    """Update ops adding true/false positive/negative counts per threshold.

    Args:
        variables_to_update: dict from `ConfusionMatrix` keys to variables of
            shape `(len(thresholds),)`.
        y_true: labels, cast to bool (non-zero is positive).
        y_pred: predictions in [0, 1]; positive where > threshold.
        thresholds: a float or a list of floats.
        top_k: only the top-k predictions of the last axis may be positive.
        class_id: only this class (index of the last axis) is counted.
        sample_weight: optional weights, broadcast to `y_pred`.

    Returns:
        A list of update ops.
    """
    if not variables_to_update:
        return []
    invalid = [key for key in variables_to_update
               if key not in list(ConfusionMatrix)]
    if invalid:
        raise ValueError('Invalid keys: %s. Valid variable key options are: '
                         '%s' % (invalid, list(ConfusionMatrix)))
    y_true = K.cast(y_true, K.floatx())
    y_pred = K.cast(y_pred, K.floatx())
    if sample_weight is not None:
        sample_weight = K.cast(sample_weight, K.floatx())
        y_pred, y_true, sample_weight = \
            losses_utils.squeeze_or_expand_dimensions(y_pred, y_true,
                                                      sample_weight)
    else:
        y_pred, y_true = losses_utils.squeeze_or_expand_dimensions(y_pred,
                                                                   y_true)
    if top_k is not None:
        y_pred = filter_top_k(y_pred, top_k)
    if class_id is not None:
        y_true = y_true[..., class_id]
        y_pred = y_pred[..., class_id]
        if sample_weight is not None and K.ndim(sample_weight) > K.ndim(
                y_pred):
            sample_weight = sample_weight[..., class_id]

    thresholds = to_list(thresholds)
    column_thresholds = K.constant(np.asarray(thresholds).reshape(-1, 1))
    predictions = K.reshape(y_pred, (1, -1))
    labels = K.reshape(K.cast(K.not_equal(y_true, 0), K.floatx()), (1, -1))
    pred_is_pos = K.cast(K.greater(predictions, column_thresholds),
                         K.floatx())
    label_is_pos = labels
    weights = None
    if sample_weight is not None:
        weights = K.reshape(
            losses_utils.broadcast_weights(y_pred, sample_weight), (1, -1))
    pred_is_neg = 1. - pred_is_pos
    label_is_neg = 1. - label_is_pos
    conditions = {
        ConfusionMatrix.TRUE_POSITIVES: (label_is_pos, pred_is_pos),
        ConfusionMatrix.FALSE_NEGATIVES: (label_is_pos, pred_is_neg),
        ConfusionMatrix.FALSE_POSITIVES: (label_is_neg, pred_is_pos),
        ConfusionMatrix.TRUE_NEGATIVES: (label_is_neg, pred_is_neg),
    }
    update_ops = []
    for key, (label, pred) in conditions.items():
        if key in variables_to_update:
            update_ops.append(weighted_assign_add(
                label, pred, weights, variables_to_update[key]))
    return update_ops
