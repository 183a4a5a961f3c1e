"""fit / evaluate / predict on Python generators and keras Sequences,
through the *_generator methods and through fit/evaluate/predict."""
import numpy as np
import pytest

from keras import optimizers
from keras.layers import Dense
from keras.layers import Input
from keras.models import Model
from keras.utils import Sequence

pytestmark = pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')

RNG = np.random.RandomState(2)
X = RNG.uniform(-1, 1, (12, 3)).astype('float32')
Y = RNG.uniform(-1, 1, (12, 1)).astype('float32')
W = RNG.uniform(-1, 1, (3, 1)).astype('float32')
B = np.array([0.2], dtype='float32')


def model_with_known_weights(lr=0.):
    inputs = Input((3,))
    model = Model(inputs, Dense(1)(inputs))
    model.set_weights([W, B])
    model.compile(optimizers.SGD(lr=lr), 'mse', metrics=['mae'])
    return model


def batches(batch_size=4, with_weights=False):
    """Endless (x, y[, w]) batches in order."""
    while True:
        for start in range(0, len(X), batch_size):
            stop = start + batch_size
            if with_weights:
                yield X[start:stop], Y[start:stop], np.full(
                    len(X[start:stop]), 2.)
            else:
                yield X[start:stop], Y[start:stop]


class Batches(Sequence):
    def __init__(self, batch_size=4):
        self.batch_size = batch_size
        self.epochs_ended = 0

    def __len__(self):
        return int(np.ceil(len(X) / float(self.batch_size)))

    def __getitem__(self, index):
        start = index * self.batch_size
        return X[start:start + self.batch_size], Y[start:start +
                                                   self.batch_size]

    def on_epoch_end(self):
        self.epochs_ended += 1


def expected_loss_and_mae(x=X, y=Y):
    error = x.dot(W) + B - y
    return (error ** 2).mean(), np.abs(error).mean()


@pytest.mark.parametrize('workers', [0, 1])
def test_fit_generator_with_validation(workers):
    model = model_with_known_weights()
    history = model.fit_generator(batches(), steps_per_epoch=3, epochs=2,
                                  validation_data=batches(6),
                                  validation_steps=2, verbose=0,
                                  workers=workers)
    loss, mae = expected_loss_and_mae()
    np.testing.assert_allclose(history.history['loss'], [loss, loss],
                               rtol=1e-5)
    np.testing.assert_allclose(history.history['val_mae'],
                               [mae, mae], rtol=1e-5)
    assert history.epoch == [0, 1]


def test_fit_generator_trains_and_uses_sample_weights():
    model = model_with_known_weights(lr=0.1)
    model.fit_generator(batches(12, with_weights=True), steps_per_epoch=1,
                        epochs=1, verbose=0, workers=0)
    error = X.dot(W) + B - Y
    grad = 2 * 2. * error / len(X)
    np.testing.assert_allclose(model.get_weights()[0], W - 0.1 * X.T.dot(grad),
                               rtol=1e-4, atol=1e-6)


def test_sequence_through_fit_evaluate_predict():
    model = model_with_known_weights()
    sequence = Batches()
    history = model.fit(sequence, epochs=2, verbose=0, workers=0)
    assert sequence.epochs_ended == 2
    loss, mae = expected_loss_and_mae()
    np.testing.assert_allclose(history.history['mae'],
                               [mae, mae], rtol=1e-5)
    np.testing.assert_allclose(model.evaluate(Batches(5), verbose=0),
                               [loss, mae], rtol=1e-5)
    np.testing.assert_allclose(model.predict(Batches(5)), X.dot(W) + B,
                               rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match='`y` argument is not supported'):
        model.fit(Batches(), Y)


def test_evaluate_and_predict_generators():
    model = model_with_known_weights()
    loss, mae = expected_loss_and_mae()
    # Batches of 5, 5 and 2: the loss is averaged weighted by batch size.
    np.testing.assert_allclose(
        model.evaluate_generator(batches(5), steps=3, workers=0),
        [loss, mae], rtol=1e-5)
    first_two = expected_loss_and_mae(X[:10], Y[:10])
    np.testing.assert_allclose(
        model.evaluate_generator(batches(5), steps=2, workers=0),
        first_two, rtol=1e-5)
    predictions = model.predict_generator((x for x, _ in batches(4)),
                                          steps=3, workers=1)
    np.testing.assert_allclose(predictions, X.dot(W) + B, rtol=1e-5,
                               atol=1e-6)
    with pytest.raises(ValueError, match='steps=None'):
        model.evaluate_generator(batches())


def test_generator_errors():
    model = model_with_known_weights()
    with pytest.raises(ValueError, match='steps_per_epoch=None'):
        model.fit_generator(batches(), epochs=1, verbose=0)

    def bad():
        while True:
            yield X
    with pytest.raises(ValueError, match='Output of generator should be'):
        model.fit_generator(bad(), steps_per_epoch=1, verbose=0, workers=0)


def test_legacy_generator_arguments():
    model = model_with_known_weights()
    with pytest.warns(UserWarning, match='nb_epoch'):
        history = model.fit_generator(batches(), steps_per_epoch=1,
                                      nb_epoch=2, verbose=0, workers=0)
    assert history.epoch == [0, 1]
