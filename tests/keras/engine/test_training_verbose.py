"""What fit and evaluate print at verbose=1 and verbose=2 (Keras 2.3.1
format), captured with capsys."""
import re

import numpy as np
import pytest

from keras import optimizers
from keras.layers import Dense
from keras.layers import Input
from keras.models import Model

pytestmark = pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')

RNG = np.random.RandomState(3)
X = RNG.uniform(-1, 1, (10, 3)).astype('float32')
Y = RNG.uniform(-1, 1, (10, 1)).astype('float32')
W = RNG.uniform(-1, 1, (3, 1)).astype('float32')
B = np.zeros(1, dtype='float32')


def frozen_model():
    inputs = Input((3,))
    model = Model(inputs, Dense(1)(inputs))
    model.set_weights([W, B])
    model.compile(optimizers.SGD(lr=0.), 'mse', metrics=['mae'])
    return model


def expected(x, y):
    error = x.dot(W) - y
    return (error ** 2).mean(), np.abs(error).mean()


def test_verbose_2_prints_one_line_per_epoch(capsys):
    frozen_model().fit(X, Y, batch_size=4, epochs=2, validation_split=0.2,
                       verbose=2)
    out = capsys.readouterr().out
    loss, mae = expected(X[:8], Y[:8])
    val_loss, val_mae = expected(X[8:], Y[8:])
    # Keras 2.3.1 logs metrics under the string given to compile.
    line = (r' - \d+s - loss: %.4f - mae: %.4f - val_loss: %.4f - val_mae: '
            r'%.4f' % (loss, mae, val_loss, val_mae))
    assert out.startswith('Train on 8 samples, validate on 2 samples\n'
                          'Epoch 1/2\n')
    assert re.search('Epoch 1/2\n' + line + '\nEpoch 2/2\n' + line + '\n$',
                     out), out


def test_verbose_1_prints_a_progress_bar(capsys):
    frozen_model().fit(X, Y, batch_size=5, epochs=1, verbose=1)
    out = capsys.readouterr().out
    loss, mae = expected(X, Y)
    assert out.startswith('Epoch 1/1\n')
    assert re.search(r'10/10 \[==============================\] - \d+s '
                     r'\d+\w+/step - loss: %.4f - mae: %.4f\n$'
                     % (loss, mae), out), out
    assert ' 5/10 [==============>...............] - ETA: ' in out


def test_verbose_0_prints_nothing_and_evaluate_bar(capsys):
    model = frozen_model()
    model.fit(X, Y, epochs=1, verbose=0)
    assert capsys.readouterr().out == ''
    model.evaluate(X, Y, batch_size=10, verbose=1)
    out = capsys.readouterr().out
    assert re.search(r'10/10 \[==============================\] - \d+s '
                     r'\d+\w+/step\n$', out), out
