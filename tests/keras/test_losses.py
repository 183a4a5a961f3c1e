"""Loss functions and Loss classes against numpy formulas (Keras 2.3.1
math), reductions, sample weights and (de)serialisation."""
import numpy as np
import pytest

from keras import backend as K
from keras import losses
from keras import objectives
from keras.utils import losses_utils

EPS = 1e-7
RNG = np.random.RandomState(1)
Y_TRUE = RNG.uniform(0.1, 1., (4, 3)).astype('float32')
Y_PRED = RNG.uniform(0.1, 1., (4, 3)).astype('float32')
LABELS = np.eye(3, dtype='float32')[[0, 2, 1, 2]]
PROBS = np.array([[.7, .2, .1], [.1, .3, .6], [.25, .5, .25], [.8, .1, .1]],
                 dtype='float32')
SIGNED = np.array([[1., -1., 1.], [-1., -1., 1.], [1., 1., -1.],
                   [-1., 1., 1.]], dtype='float32')
BINARY = (SIGNED > 0).astype('float32')
SCORES = RNG.uniform(-2., 2., (4, 3)).astype('float32')


def evaluate(fn, y_true, y_pred, **kwargs):
    return K.eval(fn(K.variable(y_true), K.variable(y_pred), **kwargs))


def np_cross(y, p):
    p = np.clip(p / p.sum(-1, keepdims=True), EPS, 1 - EPS)
    return -(y * np.log(p)).sum(-1)


def np_binary_cross(y, p):
    p = np.clip(p, EPS, 1 - EPS)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean(-1)


def np_cosine(y, p):
    y = y / np.sqrt(np.maximum((y ** 2).sum(-1, keepdims=True), 1e-12))
    p = p / np.sqrt(np.maximum((p ** 2).sum(-1, keepdims=True), 1e-12))
    return -(y * p).sum(-1)


def np_huber(y, p, delta=1.):
    error = np.abs(p - y)
    quadratic = np.minimum(error, delta)
    return 0.5 * quadratic ** 2 + delta * (error - quadratic)


CASES = [
    ('mean_squared_error', Y_TRUE, Y_PRED,
     lambda y, p: ((p - y) ** 2).mean(-1)),
    ('mean_absolute_error', Y_TRUE, Y_PRED,
     lambda y, p: np.abs(p - y).mean(-1)),
    ('mean_absolute_percentage_error', Y_TRUE, Y_PRED,
     lambda y, p: 100 * (np.abs(y - p) / np.clip(np.abs(y), EPS, None)
                         ).mean(-1)),
    ('mean_squared_logarithmic_error', Y_TRUE, Y_PRED,
     lambda y, p: ((np.log(np.clip(p, EPS, None) + 1) -
                    np.log(np.clip(y, EPS, None) + 1)) ** 2).mean(-1)),
    ('hinge', SIGNED, SCORES,
     lambda y, p: np.maximum(1 - y * p, 0).mean(-1)),
    ('squared_hinge', SIGNED, SCORES,
     lambda y, p: (np.maximum(1 - y * p, 0) ** 2).mean(-1)),
    ('categorical_hinge', LABELS, SCORES,
     lambda y, p: np.maximum(0., ((1 - y) * p).max(-1) -
                             (y * p).sum(-1) + 1)),
    ('logcosh', Y_TRUE, SCORES, lambda y, p: np.log(np.cosh(p - y)).mean(-1)),
    ('huber_loss', Y_TRUE, SCORES, np_huber),
    ('categorical_crossentropy', LABELS, PROBS, np_cross),
    ('binary_crossentropy', BINARY, Y_PRED, np_binary_cross),
    ('kullback_leibler_divergence', PROBS, Y_PRED / Y_PRED.sum(-1,
                                                               keepdims=True),
     lambda y, p: (np.clip(y, EPS, 1) * np.log(np.clip(y, EPS, 1) /
                                               np.clip(p, EPS, 1))).sum(-1)),
    ('poisson', Y_TRUE, Y_PRED,
     lambda y, p: (p - y * np.log(p + EPS)).mean(-1)),
    ('cosine_proximity', Y_TRUE, SCORES, np_cosine),
]


@pytest.mark.parametrize('name,y_true,y_pred,reference', CASES,
                         ids=[c[0] for c in CASES])
def test_loss_function_matches_numpy(name, y_true, y_pred, reference):
    got = evaluate(getattr(losses, name), y_true, y_pred)
    np.testing.assert_allclose(got, reference(y_true, y_pred), rtol=1e-5,
                               atol=1e-6)


def test_hinge_maps_binary_labels_to_signs():
    got = evaluate(losses.hinge, BINARY, SCORES)
    expected = np.maximum(1 - SIGNED * SCORES, 0).mean(-1)
    np.testing.assert_allclose(got, expected, rtol=1e-5)


def test_sparse_categorical_crossentropy():
    labels = np.array([0, 2, 1, 2], dtype='float32')
    got = evaluate(losses.sparse_categorical_crossentropy, labels, PROBS)
    np.testing.assert_allclose(got, np_cross(LABELS, PROBS), rtol=1e-5)
    # Targets of shape (n, 1), as compile feeds them.
    got = evaluate(losses.sparse_categorical_crossentropy, labels[:, None],
                   PROBS)
    np.testing.assert_allclose(got, np_cross(LABELS, PROBS), rtol=1e-5)


def test_crossentropies_from_logits():
    logits = SCORES
    softmax = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    got = evaluate(losses.categorical_crossentropy, LABELS, logits,
                   from_logits=True)
    np.testing.assert_allclose(got, -(LABELS * np.log(softmax)).sum(-1),
                               rtol=1e-5)
    sigmoid = 1 / (1 + np.exp(-logits))
    got = evaluate(losses.binary_crossentropy, BINARY, logits,
                   from_logits=True)
    expected = -(BINARY * np.log(sigmoid) +
                 (1 - BINARY) * np.log(1 - sigmoid)).mean(-1)
    np.testing.assert_allclose(got, expected, rtol=1e-5)


def test_label_smoothing():
    got = evaluate(losses.categorical_crossentropy, LABELS, PROBS,
                   label_smoothing=0.3)
    smoothed = LABELS * 0.7 + 0.3 / 3
    np.testing.assert_allclose(got, np_cross(smoothed, PROBS), rtol=1e-5)
    got = evaluate(losses.binary_crossentropy, BINARY, Y_PRED,
                   label_smoothing=0.2)
    np.testing.assert_allclose(
        got, np_binary_cross(BINARY * 0.8 + 0.1, Y_PRED), rtol=1e-5)


def test_mape_clips_zero_targets():
    y_true = np.array([[0., 2.]], dtype='float32')
    y_pred = np.array([[1., 1.]], dtype='float32')
    got = evaluate(losses.mape, y_true, y_pred)
    np.testing.assert_allclose(got, [100. * (1. / EPS + 0.5) / 2], rtol=1e-5)


@pytest.mark.parametrize('loss,function,kwargs', [
    (losses.MeanSquaredError(), losses.mean_squared_error, {}),
    (losses.MeanAbsoluteError(), losses.mean_absolute_error, {}),
    (losses.MeanAbsolutePercentageError(),
     losses.mean_absolute_percentage_error, {}),
    (losses.MeanSquaredLogarithmicError(),
     losses.mean_squared_logarithmic_error, {}),
    (losses.Hinge(), losses.hinge, {}),
    (losses.SquaredHinge(), losses.squared_hinge, {}),
    (losses.CategoricalHinge(), losses.categorical_hinge, {}),
    (losses.Poisson(), losses.poisson, {}),
    (losses.LogCosh(), losses.logcosh, {}),
    (losses.KLDivergence(), losses.kullback_leibler_divergence, {}),
    (losses.Huber(delta=0.5), losses.huber_loss, {'delta': 0.5}),
    (losses.BinaryCrossentropy(label_smoothing=0.1),
     losses.binary_crossentropy, {'label_smoothing': 0.1}),
    (losses.CategoricalCrossentropy(from_logits=True),
     losses.categorical_crossentropy, {'from_logits': True}),
], ids=lambda v: v.name if isinstance(v, losses.Loss) else '')
def test_loss_class_is_weighted_mean_of_function(loss, function, kwargs):
    weights = np.array([1., 0., 2., 0.5], dtype='float32')
    per_sample = evaluate(function, Y_TRUE, Y_PRED, **kwargs)
    got = K.eval(loss(Y_TRUE, Y_PRED, sample_weight=weights))
    # SUM_OVER_BATCH_SIZE: sum of weighted losses / number of elements.
    column = weights.reshape((-1,) + (1,) * (per_sample.ndim - 1))
    expected = (per_sample * column).sum() / per_sample.size
    np.testing.assert_allclose(got, expected, rtol=1e-5)
    unweighted = K.eval(loss(K.variable(Y_TRUE), K.variable(Y_PRED)))
    np.testing.assert_allclose(unweighted, per_sample.mean(), rtol=1e-5)


def test_reductions():
    per_sample = ((Y_PRED - Y_TRUE) ** 2).mean(-1)
    none = losses.MeanSquaredError(reduction=losses_utils.Reduction.NONE)
    np.testing.assert_allclose(K.eval(none(Y_TRUE, Y_PRED)), per_sample,
                               rtol=1e-5)
    total = losses.MeanSquaredError(reduction='sum')
    np.testing.assert_allclose(K.eval(total(Y_TRUE, Y_PRED, 2.)),
                               2 * per_sample.sum(), rtol=1e-5)
    with pytest.raises(ValueError, match='Invalid Reduction Key'):
        losses.MeanSquaredError(reduction='mean')


def test_per_element_sample_weights_broadcast():
    loss = losses.Huber(reduction='sum')
    weights = np.array([[1.], [0.], [2.], [1.]], dtype='float32')
    got = K.eval(loss(Y_TRUE, SCORES, sample_weight=weights))
    np.testing.assert_allclose(got, (np_huber(Y_TRUE, SCORES) *
                                     weights).sum(), rtol=1e-5)
    with pytest.raises(ValueError, match='Incompatible shapes'):
        loss(K.variable(Y_TRUE), K.variable(SCORES),
             sample_weight=K.variable(np.ones((4, 2))))


def test_loss_wrapper_of_custom_function_and_config():
    def scaled_error(y_true, y_pred, scale=1.):
        return scale * K.mean(K.abs(y_true - y_pred), axis=-1)
    loss = losses.LossFunctionWrapper(scaled_error, name='scaled', scale=3.)
    np.testing.assert_allclose(
        K.eval(loss(Y_TRUE, Y_PRED)),
        3 * np.abs(Y_TRUE - Y_PRED).mean(), rtol=1e-5)
    assert loss.get_config() == {'reduction': 'sum_over_batch_size',
                                 'name': 'scaled', 'scale': 3.}


def test_get_serialize_deserialize():
    assert losses.get('mse') is losses.mean_squared_error
    assert losses.get('MAE') is losses.mean_absolute_error
    assert losses.get('cosine') is losses.cosine_proximity
    assert losses.get(None) is None
    assert losses.get(losses.hinge) is losses.hinge
    assert losses.serialize(losses.poisson) == 'poisson'
    huber = losses.deserialize(losses.serialize(losses.Huber(delta=3.)))
    assert isinstance(huber, losses.Huber)
    assert huber.get_config()['delta'] == 3.
    restored = losses.get({'class_name': 'BinaryCrossentropy',
                           'config': {'from_logits': True}})
    assert restored.get_config()['from_logits'] is True
    with pytest.raises(ValueError, match='Unknown loss function'):
        losses.get('no_such_loss')
    with pytest.raises(ValueError, match='Could not interpret loss'):
        losses.get(3)
    assert losses.is_categorical_crossentropy('categorical_crossentropy')
    assert losses.is_categorical_crossentropy(
        losses.CategoricalCrossentropy())
    assert not losses.is_categorical_crossentropy(losses.mse)


def test_objectives_is_an_alias():
    assert objectives.mean_squared_error is losses.mean_squared_error
    assert objectives.get('mse') is losses.mean_squared_error
