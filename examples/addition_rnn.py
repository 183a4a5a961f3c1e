"""A sequence-to-sequence model learning to add two numbers given as text.

Input: "535+61", output: "596". The question is padded with spaces to a
fixed length and (optionally) reversed, which shortens the path between
the digits that must be combined and makes learning much faster (Sutskever
et al., "Sequence to Sequence Learning with Neural Networks", 2014; see
also Zaremba and Sutskever, "Learning to Execute", 2014).

An LSTM encoder reads the question's characters (one-hot) into a vector,
RepeatVector feeds it to every step of an LSTM decoder, and a
TimeDistributed softmax picks each character of the answer. With three
digits and 50,000 questions, the model reaches about 99% validation
accuracy within about 30 iterations of one epoch each. `--training-size`
and `--iterations` shorten the run; without them the script is the
classic example.
"""
import argparse

import numpy as np

from keras import layers
from keras.models import Sequential

# Parameters of the model and the data set.
TRAINING_SIZE = 50000
DIGITS = 3
REVERSE = True
# Longest question: 'DIGITS+DIGITS', e.g. '345+678'.
MAXLEN = DIGITS + 1 + DIGITS
# The recurrent layer used by encoder and decoder (try GRU or SimpleRNN).
RNN = layers.LSTM
HIDDEN_SIZE = 128
BATCH_SIZE = 128
# Number of decoder layers.
LAYERS = 1
ITERATIONS = 199


class CharacterTable(object):
    """Encodes strings as one-hot arrays over a fixed set of characters,
    and decodes them (or probability arrays) back to strings."""

    def __init__(self, chars):
        self.chars = sorted(set(chars))
        self.char_indices = dict((c, i) for i, c in enumerate(self.chars))
        self.indices_char = dict((i, c) for i, c in enumerate(self.chars))

    def encode(self, C, num_rows):
        """One-hot array of shape (num_rows, number of characters)."""
        x = np.zeros((num_rows, len(self.chars)))
        for i, c in enumerate(C):
            x[i, self.char_indices[c]] = 1
        return x

    def decode(self, x, calc_argmax=True):
        """The string of a one-hot (or probability) array, or of an array
        of character indices when `calc_argmax` is False."""
        if calc_argmax:
            x = x.argmax(axis=-1)
        return ''.join(self.indices_char[i] for i in x)


class colors:
    ok = '\033[92m'
    fail = '\033[91m'
    close = '\033[0m'


def random_number(rng):
    """A number of 1 to DIGITS random digits."""
    return int(''.join(rng.choice(list('0123456789'))
                       for _ in range(rng.randint(1, DIGITS + 1))))


def generate_questions(training_size, rng):
    """`training_size` distinct questions 'a+b' (a, b up to DIGITS digits;
    'a+b' and 'b+a' count as one) and their answers, padded with spaces."""
    questions = []
    expected = []
    seen = set()
    print('Generating data...')
    while len(questions) < training_size:
        a, b = random_number(rng), random_number(rng)
        key = tuple(sorted((a, b)))
        if key in seen:
            continue
        seen.add(key)
        q = '{}+{}'.format(a, b)
        query = q + ' ' * (MAXLEN - len(q))
        ans = str(a + b)
        # The answer is at most DIGITS + 1 characters long.
        ans += ' ' * (DIGITS + 1 - len(ans))
        if REVERSE:
            # '12+345  ' becomes '  543+21'.
            query = query[::-1]
        questions.append(query)
        expected.append(ans)
    print('Total addition questions:', len(questions))
    return questions, expected


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--training-size', type=int, default=TRAINING_SIZE,
                        help='number of questions generated (default: %d)'
                        % TRAINING_SIZE)
    parser.add_argument('--iterations', type=int, default=ITERATIONS,
                        help='number of training iterations of one epoch '
                        'each (default: %d)' % ITERATIONS)
    args = parser.parse_args(argv)
    # Questions are distinct pairs of numbers below 10**DIGITS; a tenth of
    # them (at least one) is held out.
    most = 10 ** DIGITS * (10 ** DIGITS + 1) // 2
    if not 10 <= args.training_size <= most:
        parser.error('--training-size must be between 10 and %d' % most)
    rng = np.random.RandomState(1337)

    # All the numbers, plus sign and space for padding.
    chars = '0123456789+ '
    ctable = CharacterTable(chars)

    questions, expected = generate_questions(args.training_size, rng)

    print('Vectorization...')
    x = np.zeros((len(questions), MAXLEN, len(chars)), dtype=bool)
    y = np.zeros((len(questions), DIGITS + 1, len(chars)), dtype=bool)
    for i, sentence in enumerate(questions):
        x[i] = ctable.encode(sentence, MAXLEN)
    for i, sentence in enumerate(expected):
        y[i] = ctable.encode(sentence, DIGITS + 1)

    # Shuffle (x, y) together: later, the larger numbers would otherwise
    # all end up in the validation set.
    indices = np.arange(len(y))
    rng.shuffle(indices)
    x = x[indices]
    y = y[indices]

    # Hold out 10% of the questions for validation; they are never trained
    # on.
    split_at = len(x) - len(x) // 10
    (x_train, x_val) = x[:split_at], x[split_at:]
    (y_train, y_val) = y[:split_at], y[split_at:]

    print('Training Data:')
    print(x_train.shape)
    print(y_train.shape)

    print('Validation Data:')
    print(x_val.shape)
    print(y_val.shape)

    print('Build model...')
    model = Sequential()
    # Encode the question with an RNN into a vector of HIDDEN_SIZE. For
    # inputs of different lengths, a Masking layer (with zero-padded
    # inputs) would let the encoder skip the padding.
    model.add(RNN(HIDDEN_SIZE, input_shape=(MAXLEN, len(chars))))
    # The decoder reads the encoding at each of its DIGITS + 1 steps (the
    # longest answer, e.g. 999+999=1998).
    model.add(layers.RepeatVector(DIGITS + 1))
    # The decoder RNN(s) return their whole output sequence, one vector
    # per answer character.
    for _ in range(LAYERS):
        model.add(RNN(HIDDEN_SIZE, return_sequences=True))
    # The same dense softmax picks the character at every step.
    model.add(layers.TimeDistributed(layers.Dense(len(chars),
                                                  activation='softmax')))
    model.compile(loss='categorical_crossentropy',
                  optimizer='adam',
                  metrics=['accuracy'])
    model.summary()

    # Train one epoch at a time and show predictions on a few validation
    # questions after each.
    history = []
    for iteration in range(1, args.iterations + 1):
        print()
        print('-' * 50)
        print('Iteration', iteration)
        history.append(model.fit(x_train, y_train,
                                 batch_size=BATCH_SIZE,
                                 epochs=1,
                                 validation_data=(x_val, y_val)))
        for i in range(10):
            ind = rng.randint(0, len(x_val))
            rowx, rowy = x_val[np.array([ind])], y_val[np.array([ind])]
            preds = model.predict_classes(rowx, verbose=0)
            q = ctable.decode(rowx[0])
            correct = ctable.decode(rowy[0])
            guess = ctable.decode(preds[0], calc_argmax=False)
            print('Q', q[::-1] if REVERSE else q, end=' ')
            print('T', correct, end=' ')
            if correct == guess:
                print(colors.ok + '☑' + colors.close, end=' ')
            else:
                print(colors.fail + '☒' + colors.close, end=' ')
            print(guess)
    return model, history


if __name__ == '__main__':
    main()
