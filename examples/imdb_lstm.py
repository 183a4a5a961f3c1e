"""Sentiment classification of IMDB movie reviews with an LSTM.

Each review is a sequence of word indices (the 20,000 most frequent words,
see keras.datasets.imdb), cut or padded to its last 80 words, embedded in
128 dimensions and read by an LSTM with dropout on its inputs and its
recurrent state. Expect about 82-84% test accuracy after 15 epochs (the
network overfits after the first few). The data set is downloaded once
into ~/.keras/datasets (or $KERAS_HOME/datasets). `--epochs` shortens the
run; without it the script is the classic 15-epoch example.

Notes:
- RNNs are tricky. The batch size, the optimizer and its settings matter;
  a poor choice can keep the model from converging.
- LSTM training here is slow on a CPU; a GPU makes it practical.
"""
import argparse

from keras.datasets import imdb
from keras.layers import LSTM
from keras.layers import Dense
from keras.layers import Embedding
from keras.models import Sequential
from keras.preprocessing import sequence

max_features = 20000
# Reviews are cut after this many words (from the end, keeping the last).
maxlen = 80
batch_size = 32
epochs = 15


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--epochs', type=int, default=epochs,
                        help='number of training epochs (default: %d)'
                        % epochs)
    args = parser.parse_args(argv)

    print('Loading data...')
    (x_train, y_train), (x_test, y_test) = imdb.load_data(
        num_words=max_features)
    print(len(x_train), 'train sequences')
    print(len(x_test), 'test sequences')

    print('Pad sequences (samples x time)')
    x_train = sequence.pad_sequences(x_train, maxlen=maxlen)
    x_test = sequence.pad_sequences(x_test, maxlen=maxlen)
    print('x_train shape:', x_train.shape)
    print('x_test shape:', x_test.shape)

    print('Build model...')
    model = Sequential()
    # input_length lets summary() show the shapes before training.
    model.add(Embedding(max_features, 128, input_length=maxlen))
    model.add(LSTM(128, dropout=0.2, recurrent_dropout=0.2))
    model.add(Dense(1, activation='sigmoid'))

    # Other optimizers and settings are worth trying.
    model.compile(loss='binary_crossentropy',
                  optimizer='adam',
                  metrics=['accuracy'])
    model.summary()

    print('Train...')
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
