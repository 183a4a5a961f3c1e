"""Trains a simple multi-layer perceptron on the 8x8 handwritten digits that
ship with scikit-learn (1,797 images, no download needed).

Reaches about 97-98% test accuracy in a few seconds on a CPU. The backend is
chosen as Keras always chooses it: the KERAS_BACKEND environment variable,
else `backend` in ~/.keras/keras.json (or $KERAS_HOME/keras.json).

    python examples/digits_mlp.py
    KERAS_BACKEND=torch python examples/digits_mlp.py --epochs 40
"""
import argparse

import numpy as np
from sklearn.datasets import load_digits

import keras
from keras.layers import Dense
from keras.layers import Dropout
from keras.models import Sequential
from keras.optimizers import Adam

num_classes = 10
batch_size = 128
test_fraction = 0.2
seed = 1337


def load_split_digits():
    """(x_train, y_train), (x_test, y_test): pixel values scaled to [0, 1],
    one-hot labels, and a fixed random 80/20 split."""
    digits = load_digits()
    # Pixel intensities in this data set run from 0 to 16.
    x = digits.data.astype('float32') / 16.
    y = keras.utils.to_categorical(digits.target, num_classes)
    order = np.random.RandomState(seed).permutation(len(x))
    num_test = int(len(x) * test_fraction)
    test, train = order[:num_test], order[num_test:]
    return (x[train], y[train]), (x[test], y[test])


def build_model(input_dim):
    model = Sequential()
    model.add(Dense(256, activation='relu', input_shape=(input_dim,)))
    model.add(Dropout(0.2))
    model.add(Dense(128, activation='relu'))
    model.add(Dropout(0.2))
    model.add(Dense(num_classes, activation='softmax'))
    model.compile(loss='categorical_crossentropy',
                  optimizer=Adam(),
                  metrics=['accuracy'])
    return model


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--epochs', type=int, default=30,
                        help='number of training epochs (default: 30)')
    args = parser.parse_args(argv)

    np.random.seed(seed)
    (x_train, y_train), (x_test, y_test) = load_split_digits()
    print(x_train.shape[0], 'train samples')
    print(x_test.shape[0], 'test samples')

    model = build_model(x_train.shape[1])
    model.summary()
    model.fit(x_train, y_train,
              batch_size=batch_size,
              epochs=args.epochs,
              verbose=1,
              validation_split=0.1)
    score = model.evaluate(x_test, y_test, verbose=0)
    print('Test loss:', score[0])
    print('Test accuracy:', score[1])
    return score


if __name__ == '__main__':
    main()
