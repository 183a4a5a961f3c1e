"""K ops against closed forms written directly in numpy and hand-computed
Keras 2 examples: the numpy backend, which the conformance suite uses as
the reference, is itself checked here (on every backend)."""
import numpy as np
import pytest

import keras.backend as K

rng = np.random.RandomState(3)
X = rng.uniform(-2., 2., size=(3, 4)).astype('float32')
P = rng.uniform(0.1, 1., size=(3, 4)).astype('float32')
P /= P.sum(axis=-1, keepdims=True)
T = np.eye(4, dtype='float32')[[0, 3, 1]]
Z = rng.uniform(0., 1., size=(3, 4)).astype('float32')
V = rng.uniform(-1., 1., size=(2, 3, 4)).astype('float32')
W = rng.uniform(-1., 1., size=(4, 3, 5)).astype('float32')
EPS = 1e-7


def _sigmoid(x):
    return 1. / (1. + np.exp(-x))


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _nearest_2x(x):
    return x.repeat(2, axis=1).repeat(2, axis=2)


# (id, K expression of constants, closed form)
CLOSED_FORMS = [
    ('relu', lambda: K.relu(X), np.maximum(X, 0)),
    ('relu-alpha', lambda: K.relu(X, alpha=0.3), np.where(X > 0, X, 0.3 * X)),
    ('relu-max-value', lambda: K.relu(X, max_value=1.), np.clip(X, 0, 1)),
    ('relu-threshold', lambda: K.relu(X, threshold=0.5),
     np.where(X > 0.5, X, 0.)),
    ('relu-all', lambda: K.relu(X, alpha=0.5, max_value=1.5, threshold=0.5),
     np.where(X > 0.5, np.minimum(X, 1.5), 0.5 * (X - 0.5))),
    ('elu', lambda: K.elu(X, 0.7), np.where(X > 0, X, 0.7 * (np.exp(X) - 1))),
    ('softmax', lambda: K.softmax(X), _softmax(X)),
    ('softmax-axis0', lambda: K.softmax(V, axis=0), _softmax(V, 0)),
    ('softplus', lambda: K.softplus(X), np.log1p(np.exp(X))),
    ('softsign', lambda: K.softsign(X), X / (1 + np.abs(X))),
    ('sigmoid', lambda: K.sigmoid(X), _sigmoid(X)),
    ('hard_sigmoid', lambda: K.hard_sigmoid(X * 2),
     np.clip(0.2 * X * 2 + 0.5, 0, 1)),
    ('categorical_crossentropy', lambda: K.categorical_crossentropy(
        K.constant(T), K.constant(P)), -np.sum(T * np.log(P), axis=-1)),
    ('categorical_crossentropy-logits', lambda: K.categorical_crossentropy(
        K.constant(T), K.constant(X), from_logits=True),
     -np.sum(T * np.log(_softmax(X)), axis=-1)),
    ('categorical_crossentropy-unnormalised', lambda:
     K.categorical_crossentropy(K.constant(T), K.constant(P * 3.)),
     -np.sum(T * np.log(P), axis=-1)),
    ('sparse_categorical_crossentropy', lambda:
     K.sparse_categorical_crossentropy(K.constant([0, 3, 1], 'int32'),
                                       K.constant(P)),
     -np.log(P[[0, 1, 2], [0, 3, 1]])),
    ('binary_crossentropy', lambda: K.binary_crossentropy(
        K.constant(Z), K.constant(_sigmoid(X))),
     -(Z * np.log(_sigmoid(X)) + (1 - Z) * np.log(1 - _sigmoid(X)))),
    ('binary_crossentropy-logits', lambda: K.binary_crossentropy(
        K.constant(Z), K.constant(X), from_logits=True),
     -(Z * np.log(_sigmoid(X)) + (1 - Z) * np.log(1 - _sigmoid(X)))),
    ('binary_crossentropy-clipped', lambda: K.binary_crossentropy(
        K.constant([1.]), K.constant([0.])), -np.log([EPS])),
    ('l2_normalize', lambda: K.l2_normalize(K.constant(X), axis=1),
     X / np.sqrt((X ** 2).sum(axis=1, keepdims=True))),
    ('var', lambda: K.var(K.constant(V), axis=1), V.var(axis=1)),
    ('std', lambda: K.std(K.constant(V)), V.std()),
    ('logsumexp', lambda: K.logsumexp(K.constant(X * 100), axis=1),
     np.log(np.exp(X * 100 - (X * 100).max(1, keepdims=True)).sum(1))
     + (X * 100).max(1)),
    ('mean-int', lambda: K.mean(K.constant([1, 2], 'int32')), 1.5),
    ('sqrt-negative', lambda: K.sqrt(K.constant([-4., 4.])), [0., 2.]),
    ('round-half-even', lambda: K.round(K.constant([0.5, 1.5, 2.5, -0.5])),
     [0., 2., 2., -0.]),
    ('dot-3d', lambda: K.dot(K.constant(X[:2, :3]), K.constant(W)),
     np.tensordot(X[:2, :3], W, axes=([1], [1]))),
    ('batch_dot-einsum', lambda: K.batch_dot(K.constant(V),
                                             K.constant(V), axes=(2, 2)),
     np.einsum('bik,bjk->bij', V, V)),
    ('batch_dot-keras-doc', lambda: K.batch_dot(
        K.constant([[1., 2.], [3., 4.]]), K.constant([[5., 6.], [7., 8.]]),
        axes=1), [[17.], [53.]]),
    ('bias_add-channels-first', lambda: K.bias_add(
        K.constant(V), K.constant([1., 2., 3.]), data_format='channels_first'),
     V + np.array([1., 2., 3.])[None, :, None]),
    ('bias_add-channels-first-reshaped-bias', lambda: K.bias_add(
        K.constant(np.zeros((1, 4, 2, 3))),
        K.constant(np.arange(24.).reshape(2, 3, 4)),
        data_format='channels_first'),
     np.arange(24.).reshape(1, 4, 2, 3)),
    ('batch_normalization', lambda: K.batch_normalization(
        K.constant(X), K.constant(X.mean(0)), K.constant(X.var(0)),
        K.constant(np.ones(4) * 0.5), K.constant(np.ones(4) * 2.),
        epsilon=1e-3),
     (X - X.mean(0)) / np.sqrt(X.var(0) + 1e-3) * 2. + 0.5),
    ('normalize_batch_in_training', lambda: K.normalize_batch_in_training(
        K.constant(V), None, None, [0, 1])[0],
     (V - V.mean((0, 1))) / np.sqrt(V.var((0, 1)) + 1e-3)),
    ('normalize_batch_in_training-var', lambda: K.normalize_batch_in_training(
        K.constant(V), None, None, [0, 2])[2], V.var((0, 2))),
    ('one_hot', lambda: K.one_hot(K.constant([2, 0], 'int32'), 3),
     [[0., 0., 1.], [1., 0., 0.]]),
    ('repeat_elements', lambda: K.repeat_elements(K.constant(X), 2, 1),
     np.repeat(X, 2, axis=1)),
    ('repeat', lambda: K.repeat(K.constant(X), 2), np.stack([X, X], 1)),
    ('batch_flatten', lambda: K.batch_flatten(K.constant(V)),
     V.reshape(2, 12)),
    ('temporal_padding', lambda: K.temporal_padding(K.constant(V), (1, 2)),
     np.pad(V, ((0, 0), (1, 2), (0, 0)))),
    ('spatial_2d_padding', lambda: K.spatial_2d_padding(
        K.constant(V[..., None]), ((1, 0), (0, 2))),
     np.pad(V[..., None], ((0, 0), (1, 0), (0, 2), (0, 0)))),
    ('resize_images-nearest', lambda: K.resize_images(
        K.constant(V[..., None]), 2, 2, 'channels_last'),
     _nearest_2x(V[..., None])),
    # Keras 2.3.1's bilinear resize (TensorFlow 1's resize_bilinear: output
    # j samples input j / 2, the edge repeated), worked by hand.
    ('resize_images-bilinear', lambda: K.resize_images(
        K.constant([[[[0.], [4.]]]]), 1, 2, 'channels_last', 'bilinear'),
     [[[[0.], [2.], [4.], [4.]]]]),
    ('cumprod', lambda: K.cumprod(K.constant(X), axis=1),
     np.cumprod(X, axis=1)),
    ('in_top_k', lambda: K.in_top_k(K.constant([[0.1, 0.5, 0.4],
                                                [0.3, 0.3, 0.4]]),
                                    K.constant([2, 0], 'int32'), 1),
     [False, False]),
    ('in_top_k-tie', lambda: K.in_top_k(K.constant([[0.3, 0.3, 0.4]]),
                                        K.constant([1], 'int32'), 2), [True]),
    ('switch-rows', lambda: K.switch(K.constant([True, False], 'bool'),
                                     K.constant(V), K.constant(-V)),
     np.stack([V[0], -V[1]])),
    ('gather', lambda: K.gather(K.constant(X), K.constant([2, 0], 'int32')),
     X[[2, 0]]),
    ('size', lambda: K.size(K.constant(V)), 24),
    ('map_fn', lambda: K.map_fn(K.sum, K.constant(X)), X.sum(axis=1)),
]


@pytest.mark.parametrize('expression, expected',
                         [(c[1], c[2]) for c in CLOSED_FORMS],
                         ids=[c[0] for c in CLOSED_FORMS])
def test_closed_form(expression, expected):
    np.testing.assert_allclose(K.eval(expression()), expected, rtol=1e-5,
                               atol=1e-6)


def test_keras_2_documented_shapes():
    x = K.placeholder(shape=(32, 20, 1))
    y = K.placeholder(shape=(32, 30, 20))
    assert K.int_shape(K.batch_dot(x, y, axes=(1, 2))) == (32, 1, 30)
    assert K.int_shape(K.dot(K.placeholder(shape=(2, 3)),
                             K.placeholder(shape=(4, 3, 5)))) == (2, 4, 5)
    assert K.int_shape(K.dot(K.placeholder(shape=(None, 4)),
                             K.placeholder(shape=(4, 5)))) == (None, 5)
    assert K.int_shape(K.repeat_elements(K.placeholder(shape=(2, 3, 4)), 3,
                                         axis=1)) == (2, 9, 4)
    assert K.int_shape(K.repeat(K.placeholder(shape=(None, 4)), 5)) == \
        (None, 5, 4)
    assert K.int_shape(K.gather(K.placeholder(shape=(10, 3)),
                                K.placeholder(shape=(4, 2),
                                              dtype='int32'))) == (4, 2, 3)
    assert K.int_shape(K.one_hot(K.placeholder(shape=(None, 7),
                                               dtype='int32'), 5)) == \
        (None, 7, 5)


@pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')
def test_binary_crossentropy_from_logits_gradient_at_zero():
    """d/dz mean(bce(y, z)) = (sigmoid(z) - y) / n, also at z == 0, where
    max(z, 0) and |z| each have a kink (zero-initialised sigmoid outputs
    start there)."""
    y = np.array([0., 1., 0.25, 1.], 'float32')
    logits = K.variable(np.array([0., 0., 0., 1.5], 'float32'))
    loss = K.mean(K.binary_crossentropy(K.constant(y), logits,
                                        from_logits=True))
    gradient = K.function([], K.gradients(loss, [logits]))([])[0]
    expected = (_sigmoid(np.array([0., 0., 0., 1.5])) - y) / 4.
    np.testing.assert_allclose(gradient, expected, rtol=1e-5, atol=1e-7)
