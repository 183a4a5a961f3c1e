"""Trains and evaluates a simple MLP on the Reuters newswire topic
classification task.

Each newswire is a list of word indices (the 1,000 most frequent words,
see keras.datasets.reuters), turned into a binary bag of words by
Tokenizer.sequences_to_matrix, then classified among the 46 topics by a
512-unit hidden layer with dropout. Expect about 78-80% test accuracy
after 5 epochs. The data set is downloaded once into ~/.keras/datasets
(or $KERAS_HOME/datasets). `--epochs` shortens the run; without it the
script is the classic 5-epoch example.
"""
import argparse

import numpy as np

import keras
from keras.datasets import reuters
from keras.layers import Activation
from keras.layers import Dense
from keras.layers import Dropout
from keras.models import Sequential
from keras.preprocessing.text import Tokenizer

max_words = 1000
batch_size = 32
epochs = 5


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--epochs', type=int, default=epochs,
                        help='number of training epochs (default: %d)'
                        % epochs)
    args = parser.parse_args(argv)

    print('Loading data...')
    (x_train, y_train), (x_test, y_test) = reuters.load_data(
        num_words=max_words, test_split=0.2)
    print(len(x_train), 'train sequences')
    print(len(x_test), 'test sequences')

    num_classes = np.max(y_train) + 1
    print(num_classes, 'classes')

    print('Vectorizing sequence data...')
    # A row per newswire, a column per word index: 1 where the word occurs.
    tokenizer = Tokenizer(num_words=max_words)
    x_train = tokenizer.sequences_to_matrix(x_train, mode='binary')
    x_test = tokenizer.sequences_to_matrix(x_test, mode='binary')
    print('x_train shape:', x_train.shape)
    print('x_test shape:', x_test.shape)

    print('Convert class vector to binary class matrix '
          '(for use with categorical_crossentropy)')
    y_train = keras.utils.to_categorical(y_train, num_classes)
    y_test = keras.utils.to_categorical(y_test, num_classes)
    print('y_train shape:', y_train.shape)
    print('y_test shape:', y_test.shape)

    print('Building model...')
    model = Sequential()
    model.add(Dense(512, input_shape=(max_words,)))
    model.add(Activation('relu'))
    model.add(Dropout(0.5))
    model.add(Dense(num_classes))
    model.add(Activation('softmax'))

    model.compile(loss='categorical_crossentropy',
                  optimizer='adam',
                  metrics=['accuracy'])
    model.summary()

    history = model.fit(x_train, y_train,
                        batch_size=batch_size,
                        epochs=args.epochs,
                        verbose=1,
                        validation_split=0.1)
    score = model.evaluate(x_test, y_test,
                           batch_size=batch_size, verbose=1)
    print('Test score:', score[0])
    print('Test accuracy:', score[1])
    return history, score


if __name__ == '__main__':
    main()
