"""The design promises, end to end, on every backend that trains:

(a) one MLP, same initial weights, trained with SGD / RMSprop, ends with
    the weights a hand-written numpy forward/backward pass computes;
(b) a custom optimizer written Keras 2 style (get_updates, K.gradients,
    K.update) trains the model;
(c) K.function over model.input and the learning phase returns
    intermediate features;
(d) K.gradients of a loss with respect to the model input (saliency,
    Deep Dream) matches finite differences.
"""
import numpy as np
import pytest

from keras import backend as K
from keras import optimizers
from keras.layers import Dense
from keras.layers import Dropout
from keras.layers import Input
from keras.models import Model

pytestmark = pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')


def initial_weights():
    np.random.seed(1234)
    return [np.random.uniform(-0.5, 0.5, (4, 5)).astype('float32'),
            np.random.uniform(-0.1, 0.1, (5,)).astype('float32'),
            np.random.uniform(-0.5, 0.5, (5, 2)).astype('float32'),
            np.random.uniform(-0.1, 0.1, (2,)).astype('float32')]


DATA_RNG = np.random.RandomState(7)
X = DATA_RNG.uniform(-1, 1, (8, 4)).astype('float32')
Y = DATA_RNG.uniform(-1, 1, (8, 2)).astype('float32')


def mlp(dropout=0.):
    inputs = Input((4,))
    hidden = Dense(5, activation='tanh')(inputs)
    if dropout:
        hidden = Dropout(dropout)(hidden)
    model = Model(inputs, Dense(2)(hidden))
    model.set_weights(initial_weights())
    return model


def numpy_forward(weights, x):
    w1, b1, w2, b2 = weights
    hidden = np.tanh(x.dot(w1) + b1)
    return hidden, hidden.dot(w2) + b2


def numpy_gradients(weights, x, y):
    """Gradients of mean((output - y) ** 2) (Keras' mse, averaged over the
    batch) for [w1, b1, w2, b2]."""
    w1, b1, w2, b2 = weights
    hidden, output = numpy_forward(weights, x)
    d_output = 2. * (output - y) / output.size
    d_hidden = d_output.dot(w2.T) * (1. - hidden ** 2)
    return [x.T.dot(d_hidden), d_hidden.sum(0), hidden.T.dot(d_output),
            d_output.sum(0)]


def numpy_training(update, epochs=3, batch_size=4):
    weights = [w.astype('float64') for w in initial_weights()]
    state = [{} for _ in weights]
    for _ in range(epochs):
        for start in range(0, len(X), batch_size):
            grads = numpy_gradients(weights, X[start:start + batch_size],
                                    Y[start:start + batch_size])
            weights = [update(w, g, s) for w, g, s in
                       zip(weights, grads, state)]
    return weights


def sgd_momentum(lr, momentum):
    def update(w, g, state):
        velocity = momentum * state.get('v', 0.) - lr * g
        state['v'] = velocity
        return w + velocity
    return update


def rmsprop(lr, rho=0.9, epsilon=1e-7):
    def update(w, g, state):
        accumulator = rho * state.get('a', 0.) + (1. - rho) * g ** 2
        state['a'] = accumulator
        return w - lr * g / (np.sqrt(accumulator) + epsilon)
    return update


@pytest.mark.parametrize('optimizer,reference', [
    (lambda: optimizers.SGD(lr=0.1, momentum=0.9), sgd_momentum(0.1, 0.9)),
    (lambda: optimizers.RMSprop(lr=0.01), rmsprop(0.01)),
], ids=['sgd_momentum', 'rmsprop'])
def test_mlp_training_matches_numpy(optimizer, reference):
    model = mlp()
    model.compile(optimizer(), 'mse')
    history = model.fit(X, Y, batch_size=4, epochs=3, shuffle=False,
                        verbose=0)
    expected = numpy_training(reference)
    for got, want in zip(model.get_weights(), expected):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    assert history.history['loss'][-1] < history.history['loss'][0]
    _, output = numpy_forward(expected, X)
    np.testing.assert_allclose(model.predict(X), output, rtol=1e-4,
                               atol=1e-5)


class HandWrittenSGD(optimizers.Optimizer):
    """A Keras 2 style custom optimizer."""

    def __init__(self, lr=0.05, **kwargs):
        super(HandWrittenSGD, self).__init__(**kwargs)
        self.lr = K.variable(lr, name='lr')
        self.iterations = K.variable(0, dtype='int64', name='iterations')

    def get_updates(self, loss, params):
        grads = K.gradients(loss, params)
        self.updates = [K.update_add(self.iterations, 1)]
        for p, g in zip(params, grads):
            self.updates.append(K.update(p, p - self.lr * g))
        return self.updates


def test_custom_optimizer_with_get_updates():
    model = mlp()
    optimizer = HandWrittenSGD(lr=0.05)
    model.compile(optimizer, 'mse')
    history = model.fit(X, Y, batch_size=4, epochs=3, shuffle=False,
                        verbose=0)
    assert history.history['loss'][-1] < history.history['loss'][0]
    expected = numpy_training(sgd_momentum(0.05, 0.))
    for got, want in zip(model.get_weights(), expected):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    assert K.get_value(optimizer.iterations) == 6


def test_intermediate_features_with_k_function():
    model = mlp(dropout=0.5)
    features = K.function([model.input, K.learning_phase()],
                          [model.layers[1].output])
    hidden, _ = numpy_forward(initial_weights(), X)
    np.testing.assert_allclose(features([X, 0])[0], hidden, rtol=1e-5,
                               atol=1e-6)
    dropped = K.function([model.input, K.learning_phase()],
                         [model.layers[2].output])
    np.testing.assert_allclose(dropped([X, 0])[0], hidden, rtol=1e-5,
                               atol=1e-6)
    # In the training phase, dropout zeroes units and scales the rest by 2.
    train_features = dropped([np.repeat(X, 50, axis=0), 1])[0]
    reference = np.repeat(hidden, 50, axis=0)
    kept = train_features != 0
    assert 0.3 < kept.mean() < 0.7
    np.testing.assert_allclose(train_features[kept], 2 * reference[kept],
                               rtol=1e-5, atol=1e-6)


def test_input_gradients_match_finite_differences():
    model = mlp()
    loss = K.mean(model.output[:, 0] ** 2)
    grads = K.gradients(loss, model.input)[0]
    saliency = K.function([model.input], [loss, grads])
    value, gradient = saliency([X])

    weights = [w.astype('float64') for w in initial_weights()]

    def numpy_loss(x):
        return np.mean(numpy_forward(weights, x)[1][:, 0] ** 2)

    np.testing.assert_allclose(value, numpy_loss(X.astype('float64')),
                               rtol=1e-5)
    numeric = np.zeros(X.shape)
    step = 1e-6
    for index in np.ndindex(*X.shape):
        shifted = X.astype('float64')
        shifted[index] += step
        up = numpy_loss(shifted)
        shifted[index] -= 2 * step
        numeric[index] = (up - numpy_loss(shifted)) / (2 * step)
    np.testing.assert_allclose(gradient, numeric, rtol=1e-3, atol=1e-5)

    # Deep Dream: gradient ascent on the input increases the loss.
    x = X.copy()
    for _ in range(5):
        value_before, gradient = saliency([x])
        x = x + 0.1 * gradient / (np.abs(gradient).mean() + 1e-7)
    assert saliency([x])[0] > value
