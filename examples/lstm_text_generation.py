"""Generates text in the style of Nietzsche's writings, one character at a
time, with an LSTM.

The text is cut into overlapping sequences of 40 characters (one every 3
characters), each one-hot encoded; the model learns to predict the
character that follows a sequence. After each epoch it writes text from a
random seed sequence of the corpus at several temperatures ("diversity"):
the predicted distribution is sharpened (temperature below 1) or flattened
(above 1) before each character is drawn. At least 20 epochs are needed
before the generated text starts sounding coherent; a GPU helps, as
recurrent networks are slow on a CPU. On another text, keep the corpus at
least about 100k characters (1M is better).

The text (nietzsche.txt) is downloaded once into ~/.keras/datasets (or
$KERAS_HOME/datasets). `--epochs` and `--length` shorten the run; without
them the script is the classic example.
"""
import argparse
import io
import random
import sys

import numpy as np

from keras.callbacks import LambdaCallback
from keras.layers import Dense
from keras.layers import LSTM
from keras.models import Sequential
from keras.optimizers import RMSprop
from keras.utils.data_utils import get_file

maxlen = 40
step = 3
batch_size = 128
epochs = 60
# Characters generated after each epoch, per temperature.
generated_length = 400
diversities = [0.2, 0.5, 1.0, 1.2]


def sample(preds, temperature=1.0):
    """Draws an index from the probabilities `preds` re-weighted by
    `temperature`: p_i ** (1 / temperature), renormalised."""
    preds = np.asarray(preds).astype('float64')
    preds = np.log(preds) / temperature
    exp_preds = np.exp(preds - np.max(preds))
    preds = exp_preds / np.sum(exp_preds)
    probas = np.random.multinomial(1, preds, 1)
    return np.argmax(probas)


def vectorize(text, char_indices):
    """One-hot sequences of maxlen characters, one every `step`, and
    one-hot the character following each."""
    sentences = []
    next_chars = []
    for i in range(0, len(text) - maxlen, step):
        sentences.append(text[i: i + maxlen])
        next_chars.append(text[i + maxlen])
    print('nb sequences:', len(sentences))
    x = np.zeros((len(sentences), maxlen, len(char_indices)), dtype=bool)
    y = np.zeros((len(sentences), len(char_indices)), dtype=bool)
    for i, sentence in enumerate(sentences):
        for t, char in enumerate(sentence):
            x[i, t, char_indices[char]] = 1
        y[i, char_indices[next_chars[i]]] = 1
    return x, y


def generate(model, text, chars, char_indices, length, diversity):
    """`length` characters written by the model after a random seed
    sequence of `text`, drawn at temperature `diversity`. Echoes them as
    they come."""
    start_index = random.randint(0, len(text) - maxlen - 1)
    sentence = text[start_index: start_index + maxlen]
    print('----- Generating with seed: "' + sentence + '"')
    sys.stdout.write(sentence)
    generated = ''
    for _ in range(length):
        x_pred = np.zeros((1, maxlen, len(chars)))
        for t, char in enumerate(sentence):
            x_pred[0, t, char_indices[char]] = 1.
        preds = model.predict(x_pred, verbose=0)[0]
        next_char = chars[sample(preds, diversity)]
        generated += next_char
        sentence = sentence[1:] + next_char
        sys.stdout.write(next_char)
        sys.stdout.flush()
    print()
    return generated


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--epochs', type=int, default=epochs,
                        help='number of training epochs (default: %d)'
                        % epochs)
    parser.add_argument('--length', type=int, default=generated_length,
                        help='characters generated per temperature after '
                        'each epoch (default: %d)' % generated_length)
    args = parser.parse_args(argv)

    path = get_file(
        'nietzsche.txt',
        origin='https://s3.amazonaws.com/text-datasets/nietzsche.txt')
    with io.open(path, encoding='utf-8') as f:
        text = f.read().lower()
    print('corpus length:', len(text))

    chars = sorted(list(set(text)))
    print('total chars:', len(chars))
    char_indices = dict((c, i) for i, c in enumerate(chars))

    print('Vectorization...')
    x, y = vectorize(text, char_indices)

    print('Build model...')
    model = Sequential()
    model.add(LSTM(128, input_shape=(maxlen, len(chars))))
    model.add(Dense(len(chars), activation='softmax'))
    model.summary()

    optimizer = RMSprop(learning_rate=0.01)
    model.compile(loss='categorical_crossentropy', optimizer=optimizer)

    def on_epoch_end(epoch, _):
        print()
        print('----- Generating text after Epoch: %d' % epoch)
        for diversity in diversities:
            print('----- diversity:', diversity)
            generate(model, text, chars, char_indices, args.length,
                     diversity)

    print_callback = LambdaCallback(on_epoch_end=on_epoch_end)
    return model.fit(x, y,
                     batch_size=batch_size,
                     epochs=args.epochs,
                     callbacks=[print_callback])


if __name__ == '__main__':
    main()
