"""Sentiment classification of IMDB movie reviews with a 1D convnet.

Each review is a sequence of word indices (the 5,000 most frequent words,
see keras.datasets.imdb), cut or padded to 400 words and embedded in 50
dimensions; 250 filters of width 3 slide over it, a global max pooling
keeps each filter's strongest response, and a hidden layer of 250 units
gives the sentiment. Expect about 89% test accuracy after 2 epochs. The
data set is downloaded once into ~/.keras/datasets (or
$KERAS_HOME/datasets). `--epochs` and `--maxlen` shorten the run; without
them the script is the classic example.
"""
import argparse

from keras.datasets import imdb
from keras.layers import Activation
from keras.layers import Conv1D
from keras.layers import Dense
from keras.layers import Dropout
from keras.layers import Embedding
from keras.layers import GlobalMaxPooling1D
from keras.models import Sequential
from keras.preprocessing import sequence

max_features = 5000
# Reviews are cut after this many words (from the end, keeping the last).
maxlen = 400
batch_size = 32
embedding_dims = 50
filters = 250
kernel_size = 3
hidden_dims = 250
epochs = 2


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--epochs', type=int, default=epochs,
                        help='number of training epochs (default: %d)'
                        % epochs)
    parser.add_argument('--maxlen', type=int, default=maxlen,
                        help='words kept per review (default: %d)' % maxlen)
    args = parser.parse_args(argv)

    print('Loading data...')
    (x_train, y_train), (x_test, y_test) = imdb.load_data(
        num_words=max_features)
    print(len(x_train), 'train sequences')
    print(len(x_test), 'test sequences')

    print('Pad sequences (samples x time)')
    x_train = sequence.pad_sequences(x_train, maxlen=args.maxlen)
    x_test = sequence.pad_sequences(x_test, maxlen=args.maxlen)
    print('x_train shape:', x_train.shape)
    print('x_test shape:', x_test.shape)

    print('Build model...')
    model = Sequential()
    # An efficient embedding layer maps the vocabulary indices into
    # embedding_dims dimensions.
    model.add(Embedding(max_features, embedding_dims,
                        input_length=args.maxlen))
    model.add(Dropout(0.2))
    # Conv1D learns word group filters of size kernel_size.
    model.add(Conv1D(filters, kernel_size, padding='valid',
                     activation='relu', strides=1))
    # Max pooling over time: each filter's strongest response.
    model.add(GlobalMaxPooling1D())
    model.add(Dense(hidden_dims))
    model.add(Dropout(0.2))
    model.add(Activation('relu'))
    # A single unit output layer squashed with a sigmoid.
    model.add(Dense(1))
    model.add(Activation('sigmoid'))

    model.compile(loss='binary_crossentropy',
                  optimizer='adam',
                  metrics=['accuracy'])
    model.summary()

    history = model.fit(x_train, y_train,
                        batch_size=batch_size,
                        epochs=args.epochs,
                        validation_data=(x_test, y_test))
    score, acc = model.evaluate(x_test, y_test,
                                batch_size=batch_size, verbose=0)
    print('Test score:', score)
    print('Test accuracy:', acc)
    return history, (score, acc)


if __name__ == '__main__':
    main()
