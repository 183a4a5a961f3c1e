"""Metric functions against numpy, and stateful Metric objects: eager
accumulation, symbolic use in K.function, reset, confusion-matrix metrics,
(de)serialisation."""
import numpy as np
import pytest

from keras import backend as K
from keras import metrics

LABELS = np.array([0, 2, 1, 2, 0], dtype='float32')
ONE_HOT = np.eye(3, dtype='float32')[LABELS.astype(int)]
SCORES = np.array([[.6, .3, .1], [.2, .3, .5], [.5, .4, .1], [.15, .8, .05],
                   [.4, .1, .5]], dtype='float32')
BINARY = np.array([[0.], [1.], [1.], [0.], [1.]], dtype='float32')
PROBS = np.array([[.2], [.9], [.4], [.6], [.7]], dtype='float32')


def evaluate(fn, y_true, y_pred, **kwargs):
    return K.eval(fn(K.variable(y_true), K.variable(y_pred), **kwargs))


def test_binary_accuracy():
    np.testing.assert_allclose(evaluate(metrics.binary_accuracy, BINARY,
                                        PROBS), [1, 1, 0, 0, 1])
    np.testing.assert_allclose(
        evaluate(metrics.binary_accuracy, BINARY, PROBS, threshold=0.65),
        [1, 1, 0, 1, 1])
    # Rounding half to even: 0.5 counts as class 0 (Keras 2.3.1).
    np.testing.assert_allclose(
        evaluate(metrics.binary_accuracy, np.array([[0.]]),
                 np.array([[0.5]])), [1.])


def test_categorical_and_sparse_accuracy():
    expected = (SCORES.argmax(-1) == LABELS).astype('float32')
    np.testing.assert_allclose(
        evaluate(metrics.categorical_accuracy, ONE_HOT, SCORES), expected)
    np.testing.assert_allclose(
        evaluate(metrics.sparse_categorical_accuracy, LABELS, SCORES),
        expected)
    np.testing.assert_allclose(
        evaluate(metrics.sparse_categorical_accuracy, LABELS[:, None],
                 SCORES), expected)


def test_top_k_accuracies():
    top2 = np.argsort(-SCORES, axis=-1)[:, :2]
    expected = np.array([label in row for label, row in
                         zip(LABELS.astype(int), top2)], dtype='float32')
    np.testing.assert_allclose(
        evaluate(metrics.top_k_categorical_accuracy, ONE_HOT, SCORES, k=2),
        expected)
    np.testing.assert_allclose(
        evaluate(metrics.sparse_top_k_categorical_accuracy, LABELS, SCORES,
                 k=2), expected)


def test_accuracy_and_cosine_proximity():
    np.testing.assert_allclose(
        evaluate(metrics.accuracy, np.array([1., 2., 3.]),
                 np.array([1., 0., 3.])), [1, 0, 1])
    a = SCORES / np.linalg.norm(SCORES, axis=-1, keepdims=True)
    b = ONE_HOT / np.linalg.norm(ONE_HOT, axis=-1, keepdims=True)
    # The metric is the similarity; the loss of the same name its opposite.
    np.testing.assert_allclose(
        evaluate(metrics.cosine_proximity, ONE_HOT, SCORES),
        (a * b).sum(-1), rtol=1e-5)


def test_mean_metric_accumulates_weighted_values():
    mean = metrics.Mean()
    assert mean.name == 'mean'
    np.testing.assert_allclose(mean(np.array([1., 3.])), 2.)
    np.testing.assert_allclose(mean(np.array([10.]), sample_weight=[2.]),
                               (1 + 3 + 20) / 4.)
    np.testing.assert_allclose(K.eval(mean.result()), 6.)
    mean.reset_states()
    np.testing.assert_allclose(K.eval(mean.result()), 0.)
    total = metrics.Sum()
    total([1., 2.])
    np.testing.assert_allclose(total([4.]), 7.)


def test_metric_in_compiled_function_reports_value_after_update():
    y_true = K.placeholder(shape=(None, 3))
    y_pred = K.placeholder(shape=(None, 3))
    metric = metrics.CategoricalAccuracy()
    result = metric(y_true, y_pred)
    step = K.function([y_true, y_pred], [result], updates=metric.updates)
    first = step([ONE_HOT[:2], SCORES[:2]])[0]
    second = step([ONE_HOT[2:], SCORES[2:]])[0]
    hits = (SCORES.argmax(-1) == LABELS)
    np.testing.assert_allclose(first, hits[:2].mean())
    np.testing.assert_allclose(second, hits.mean())
    np.testing.assert_allclose(K.eval(metric.result()), hits.mean())


@pytest.mark.parametrize('metric,function,y_true,y_pred', [
    (metrics.BinaryAccuracy(), metrics.binary_accuracy, BINARY, PROBS),
    (metrics.MeanSquaredError(), metrics.mean_squared_error, ONE_HOT,
     SCORES),
    (metrics.MeanAbsoluteError(), metrics.mean_absolute_error, ONE_HOT,
     SCORES),
    (metrics.Hinge(), metrics.hinge, BINARY, PROBS),
    (metrics.Poisson(), metrics.poisson, ONE_HOT, SCORES),
    (metrics.KLDivergence(), metrics.kullback_leibler_divergence, ONE_HOT,
     SCORES),
    (metrics.LogCoshError(), metrics.logcosh, ONE_HOT, SCORES),
    (metrics.CategoricalCrossentropy(), metrics.categorical_crossentropy,
     ONE_HOT, SCORES),
    (metrics.BinaryCrossentropy(), metrics.binary_crossentropy, BINARY,
     PROBS),
    (metrics.SparseCategoricalAccuracy(),
     metrics.sparse_categorical_accuracy, LABELS[:, None], SCORES),
    (metrics.TopKCategoricalAccuracy(k=1),
     metrics.categorical_accuracy, ONE_HOT, SCORES),
    (metrics.CosineSimilarity(), metrics.cosine_proximity, ONE_HOT,
     SCORES),
], ids=lambda v: v.name if isinstance(v, metrics.Metric) else '')
def test_wrapper_is_mean_of_function(metric, function, y_true, y_pred):
    per_sample = evaluate(function, y_true, y_pred)
    metric(y_true[:2], y_pred[:2])
    value = metric(y_true[2:], y_pred[2:])
    np.testing.assert_allclose(value, per_sample.mean(), rtol=1e-5)


def test_root_mean_squared_error():
    rmse = metrics.RootMeanSquaredError()
    rmse(np.array([[1.], [2.]]), np.array([[0.], [2.]]))
    value = rmse(np.array([[3.]]), np.array([[1.]]))
    np.testing.assert_allclose(value, np.sqrt((1 + 0 + 4) / 3.), rtol=1e-6)


def confusion_counts(y_true, y_pred, threshold):
    pred = y_pred > threshold
    true = y_true != 0
    return {'tp': (pred & true).sum(), 'fp': (pred & ~true).sum(),
            'tn': (~pred & ~true).sum(), 'fn': (~pred & true).sum()}


def test_confusion_counts_precision_recall():
    y_true = BINARY.ravel()
    y_pred = PROBS.ravel()
    counts = confusion_counts(y_true, y_pred, 0.5)
    for cls, key in ((metrics.TruePositives, 'tp'),
                     (metrics.FalsePositives, 'fp'),
                     (metrics.TrueNegatives, 'tn'),
                     (metrics.FalseNegatives, 'fn')):
        np.testing.assert_allclose(cls()(y_true, y_pred), counts[key])
    np.testing.assert_allclose(metrics.Precision()(y_true, y_pred),
                               counts['tp'] / (counts['tp'] + counts['fp']))
    np.testing.assert_allclose(metrics.Recall()(y_true, y_pred),
                               counts['tp'] / (counts['tp'] + counts['fn']))
    several = metrics.TruePositives(thresholds=[0.3, 0.65])
    np.testing.assert_allclose(several(y_true, y_pred), [3, 2])
    weighted = metrics.Precision()(y_true, y_pred,
                                   sample_weight=[1., 2., 1., 3., 1.])
    np.testing.assert_allclose(weighted, (2 + 1) / (2 + 1 + 3.))


def test_precision_top_k_and_class_id():
    precision = metrics.Precision(top_k=1)
    np.testing.assert_allclose(precision(ONE_HOT, SCORES),
                               (SCORES.argmax(-1) == LABELS).mean())
    recall = metrics.Recall(class_id=2)
    # Class 2 appears twice; predicted (score > 0.5) for neither.
    np.testing.assert_allclose(recall(ONE_HOT, SCORES), 0.)


def top_k_counts(y_true, y_pred, k, weights):
    """Weighted true positives, predicted positives and actual positives
    among the top k of each row, counted by hand: a stable descending
    sort, so that of equal scores the lower index is in the top k."""
    tp = predicted = positives = 0.
    for labels, scores, row_weights in zip(y_true, y_pred, weights):
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
        top = set(order[:k])
        for i, (label, weight) in enumerate(zip(labels, row_weights)):
            if i in top:
                predicted += weight
                tp += weight * label
            positives += weight * label
    return tp, predicted, positives


def test_precision_recall_top_k_with_per_element_and_scalar_weights():
    # Batch 1: per-element weights; batch 2: a scalar weight. Ties at the
    # top-k boundary (0.2 three times in batch 2) keep the lower index
    # only, as TensorFlow's top_k does.
    y_true1 = np.array([[0, 1, 1, 0, 1]], dtype='float32')
    y_pred1 = np.array([[0.2, 0.1, 0.4, 0, 0.2]], dtype='float32')
    weights1 = np.array([[1, 4, 2, 3, 5]], dtype='float32')
    y_true2 = np.array([[1, 0, 1, 1, 1]], dtype='float32')
    y_pred2 = np.array([[0.2, 0.6, 0.4, 0.2, 0.2]], dtype='float32')
    counts1 = top_k_counts(y_true1, y_pred1, 3, weights1)
    counts2 = top_k_counts(y_true2, y_pred2, 3, np.full((1, 5), 3.))
    tp, predicted, positives = np.add(counts1, counts2)
    # tp = (2 + 5) + (3 + 3); predicted = (1 + 2 + 5) + (3 + 3 + 3).
    assert (tp, predicted) == (13., 17.)
    precision = metrics.Precision(top_k=3)
    precision(y_true1, y_pred1, sample_weight=weights1)
    result = precision(y_true2, y_pred2, sample_weight=3.)
    np.testing.assert_allclose(result, 13. / 17., rtol=1e-6)
    recall = metrics.Recall(top_k=3)
    recall(y_true1, y_pred1, sample_weight=weights1)
    result = recall(y_true2, y_pred2, sample_weight=3.)
    np.testing.assert_allclose(result, tp / positives, rtol=1e-6)


def test_precision_top_k_in_a_compiled_function():
    rng = np.random.RandomState(3)
    y_true = (rng.uniform(size=(6, 4)) > 0.5).astype('float32')
    # Rounded scores: many ties.
    y_pred = np.round(rng.uniform(size=(6, 4)), 1).astype('float32')
    weights = rng.uniform(0, 2, (6, 4)).astype('float32')
    precision = metrics.Precision(top_k=2)
    recall = metrics.Recall(top_k=2)
    t = K.placeholder((None, 4))
    p = K.placeholder((None, 4))
    w = K.placeholder((None, 4))
    results = [precision(t, p, sample_weight=w),
               recall(t, p, sample_weight=w)]
    update = K.function([t, p, w], results,
                        updates=precision.updates + recall.updates)
    update([y_true[:3], y_pred[:3], weights[:3]])
    outs = update([y_true[3:], y_pred[3:], weights[3:]])
    tp, predicted, positives = top_k_counts(y_true, y_pred, 2, weights)
    np.testing.assert_allclose(outs, [tp / predicted, tp / positives],
                               rtol=1e-5)


def test_auc_roc_matches_pairwise_ranking():
    rng = np.random.RandomState(3)
    y_true = (rng.rand(200) > 0.5).astype('float32')
    y_pred = np.clip(y_true * 0.3 + rng.rand(200) * 0.7, 0, 1)
    pos = y_pred[y_true == 1]
    neg = y_pred[y_true == 0]
    ranking_auc = (pos[:, None] > neg[None, :]).mean()
    auc = metrics.AUC(num_thresholds=1000)
    np.testing.assert_allclose(auc(y_true, y_pred), ranking_auc, atol=2e-3)
    with pytest.raises(ValueError, match='num_thresholds'):
        metrics.AUC(num_thresholds=1)
    with pytest.raises(ValueError, match='Invalid AUC curve'):
        metrics.AUC(curve='XY')


def test_auc_pr_and_config():
    auc = metrics.AUC(curve='PR', summation_method='majoring',
                      thresholds=[0.3, 0.5, 0.7])
    assert auc.get_config()['thresholds'] == [0.3, 0.5, 0.7]
    clone = metrics.AUC.from_config(auc.get_config())
    assert clone.num_thresholds == 5
    value = auc(BINARY.ravel(), PROBS.ravel())
    assert 0. < value <= 1.


def test_sensitivity_specificity():
    y_true = np.array([0, 0, 1, 1], dtype='float32')
    y_pred = np.array([0.1, 0.6, 0.4, 0.8], dtype='float32')
    sens = metrics.SensitivityAtSpecificity(1.0, num_thresholds=11)
    # Specificity 1 needs threshold >= 0.6: then recall is 1/2.
    np.testing.assert_allclose(sens(y_true, y_pred), 0.5)
    spec = metrics.SpecificityAtSensitivity(0.5, num_thresholds=11)
    # The first threshold with sensitivity 1/2 is 0.4: 0.1 is the only
    # true negative, 0.6 a false positive.
    np.testing.assert_allclose(spec(y_true, y_pred), 0.5)
    # Ties: the first (lowest) threshold wins, where all are positive.
    spec = metrics.SpecificityAtSensitivity(1.0, num_thresholds=11)
    np.testing.assert_allclose(spec(y_true, y_pred), 0.)


def test_mean_iou():
    iou = metrics.MeanIoU(num_classes=2)
    value = iou(np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]))
    # IoU per class: 1 / (2 + 2 - 1) = 1/3.
    np.testing.assert_allclose(value, 1. / 3, rtol=1e-6)


def test_custom_metric_subclass_keras2_style():
    class CountAbove(metrics.Metric):
        def __init__(self, name='count_above', **kwargs):
            super(CountAbove, self).__init__(name=name, **kwargs)
            self.count = self.add_weight('count', initializer='zeros')

        def update_state(self, y_true, y_pred, sample_weight=None):
            return K.update_add(self.count,
                                K.sum(K.cast(y_pred > 0.5, 'float32')))

        def result(self):
            return K.identity(self.count)

    metric = CountAbove()
    metric(BINARY, PROBS)
    np.testing.assert_allclose(metric(BINARY, PROBS), 6.)
    assert [K.int_shape(w) for w in metric.weights] == [()]


def test_get_serialize_deserialize():
    assert metrics.get('mse') is metrics.mean_squared_error
    assert metrics.get('accuracy') is metrics.accuracy
    assert metrics.get('cosine') is metrics.cosine_proximity
    assert metrics.get(metrics.binary_accuracy) is metrics.binary_accuracy
    config = metrics.serialize(metrics.BinaryAccuracy(threshold=0.7))
    assert config == {'class_name': 'BinaryAccuracy',
                      'config': {'name': 'binary_accuracy',
                                 'dtype': 'float32', 'threshold': 0.7}}
    restored = metrics.deserialize(config)
    assert isinstance(restored, metrics.BinaryAccuracy)
    wrapper = metrics.MeanMetricWrapper(metrics.mean_absolute_error,
                                        name='mae_mean')
    clone = metrics.clone_metric(wrapper)
    assert clone is not wrapper and clone.name == 'mae_mean'
    assert metrics.clone_metrics(None) is None
    with pytest.raises(ValueError, match='Could not interpret metric'):
        metrics.get(3)
    with pytest.raises(ValueError, match='Unknown metric function'):
        metrics.get('no_such_metric')
