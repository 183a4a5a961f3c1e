"""Sequence preprocessing: padding lists of sequences to one length,
skip-gram pairs for word embeddings, and batches of windows over a time
series (`TimeseriesGenerator`)."""
import numbers
import random

import numpy as np

from keras.utils.data_utils import Sequence

_SIDES = ('pre', 'post')


def _check_side(value, name):
    if isinstance(value, str) and value in _SIDES:
        return value
    raise ValueError('pad_sequences: `%s` must be "pre" or "post"; received '
                     '%r.' % (name, value))


def _is_string_dtype(dtype):
    try:
        return np.issubdtype(np.dtype(dtype), np.str_)
    except TypeError:
        return False


def pad_sequences(sequences, maxlen=None, dtype='int32', padding='pre',
                  truncating='pre', value=0.):
    """Pads sequences to the same length.

    Turns a list of `num_samples` sequences (lists of integers, or of
    arrays of one common shape) into a numpy array of shape
    `(num_samples, num_timesteps) + sample_shape`, where `num_timesteps`
    is `maxlen` if given, else the length of the longest sequence.
    Shorter sequences are filled with `value`; longer ones lose values at
    the start (`truncating='pre'`) or at the end (`'post'`).

    # Arguments
        sequences: list of sequences (each a list or array).
        maxlen: int, the length of the result; None: the longest sequence.
        dtype: dtype of the result; a string dtype (or `object`) allows
            string values.
        padding: 'pre' or 'post': fill before or after each sequence.
        truncating: 'pre' or 'post': drop values from the start or the end
            of sequences longer than `maxlen`.
        value: the fill value (a float, or a string with a string dtype).

    # Returns
        Numpy array of shape `(len(sequences), maxlen) + sample_shape`.

    # Raises
        ValueError: `sequences` is not a list of sequences, `padding` or
            `truncating` is not 'pre'/'post', a string `value` with a
            numeric dtype, or the samples' shapes differ.
    """
    if not hasattr(sequences, '__len__'):
        raise ValueError('pad_sequences: `sequences` must be a list of '
                         'sequences; received %r (%s), which has no length.'
                         % (sequences, type(sequences).__name__))
    padding = _check_side(padding, 'padding')
    truncating = _check_side(truncating, 'truncating')
    lengths = []
    sample_shape = None
    for position, sequence in enumerate(sequences):
        try:
            lengths.append(len(sequence))
        except TypeError:
            raise ValueError('pad_sequences: `sequences` must be a list of '
                             'iterables; the entry at position %d is %r '
                             '(%s).' % (position, sequence,
                                        type(sequence).__name__))
        # The shape of one timestep comes from the first non-empty sequence.
        if sample_shape is None and len(sequence):
            sample_shape = np.asarray(sequence).shape[1:]
    if sample_shape is None:
        sample_shape = ()
    if maxlen is None:
        maxlen = max(lengths) if lengths else 0
    elif (isinstance(maxlen, bool) or
          not isinstance(maxlen, (numbers.Integral, np.integer)) or
          maxlen < 0):
        raise ValueError('pad_sequences: `maxlen` must be None or a '
                         'non-negative integer; received %r.' % (maxlen,))
    maxlen = int(maxlen)

    if (isinstance(value, str) and dtype is not object and
            np.dtype(dtype) != np.dtype(object) and
            not _is_string_dtype(dtype)):
        raise ValueError('pad_sequences: `dtype` %s cannot hold the string '
                         '`value` %r; use dtype=object (or a string dtype) '
                         'for string sequences.' % (dtype, value))

    result = np.full((len(sequences), maxlen) + tuple(sample_shape), value,
                     dtype=dtype)
    if maxlen == 0:
        return result
    for position, sequence in enumerate(sequences):
        if not len(sequence):
            continue
        if truncating == 'pre':
            kept = sequence[-maxlen:]
        else:
            kept = sequence[:maxlen]
        kept = np.asarray(kept, dtype=dtype)
        if kept.shape[1:] != tuple(sample_shape):
            raise ValueError('pad_sequences: the timesteps of the sequence '
                             'at position %d have shape %s; the first '
                             'non-empty sequence\'s have shape %s.'
                             % (position, kept.shape[1:],
                                tuple(sample_shape)))
        if padding == 'post':
            result[position, :len(kept)] = kept
        else:
            result[position, maxlen - len(kept):] = kept
    return result


def make_sampling_table(size, sampling_factor=1e-5):
    """The probability of keeping each word, by frequency rank, for
    `skipgrams`' `sampling_table`.

    Frequent words are sampled less (word2vec's sub-sampling): word of
    rank `r` is kept with probability `min(1, sqrt(sampling_factor / f_r))`,
    with its frequency `f_r` approximated by Zipf's law,
    `1 / f_r ~ r * (ln(r) + gamma) + 1/2 - 1/(12 r)` (gamma: Euler's
    constant). Index 0 (not a word) gets rank 1's value.

    # Arguments
        size: int, the number of possible words.
        sampling_factor: the word2vec sub-sampling factor.

    # Returns
        1D numpy array of length `size`: entry i is the probability of
        sampling the i-th most common word.
    """
    euler_gamma = 0.577
    ranks = np.arange(size, dtype='float64')
    if size:
        ranks[0] = 1.
    inverse_frequency = (ranks * (np.log(ranks) + euler_gamma) + 0.5 -
                         1. / (12. * ranks))
    return np.minimum(1., np.sqrt(sampling_factor * inverse_frequency))


def skipgrams(sequence, vocabulary_size, window_size=4, negative_samples=1.,
              shuffle=True, categorical=False, sampling_table=None,
              seed=None):
    """Skip-gram word pairs from a sequence of word indices.

    Every word `w` of `sequence` is paired with each word within
    `window_size` positions of it (label 1); then
    `int(num_positive * negative_samples)` pairs of a word of the sequence
    with a random word index in `[1, vocabulary_size - 1]` are added
    (label 0). Index 0 is not a word and is never paired.

    # Arguments
        sequence: list of word indices (ints).
        vocabulary_size: int, the largest possible word index + 1.
        window_size: int, the distance within which words are paired.
        negative_samples: float >= 0, negative pairs per positive pair.
        shuffle: whether to shuffle the pairs (and labels alike).
        categorical: labels as `[0, 1]` (positive) / `[1, 0]` (negative)
            instead of 1 / 0.
        sampling_table: array of length `vocabulary_size`; word `i` is
            used as a pivot with probability `sampling_table[i]` (see
            `make_sampling_table`).
        seed: random seed for the shuffle.

    # Returns
        `(couples, labels)`: `couples` a list of `[word, context_word]`
        pairs, `labels` the matching list of labels.
    """
    couples = []
    labels = []
    for i, pivot in enumerate(sequence):
        if not pivot:
            continue
        if sampling_table is not None and \
                sampling_table[pivot] < random.random():
            continue
        for j in range(max(0, i - window_size),
                       min(len(sequence), i + window_size + 1)):
            if j == i or not sequence[j]:
                continue
            couples.append([pivot, sequence[j]])
            labels.append([0, 1] if categorical else 1)

    if negative_samples > 0:
        num_negative = int(len(labels) * negative_samples)
        pivots = [couple[0] for couple in couples]
        random.shuffle(pivots)
        couples += [[pivots[k % len(pivots)],
                     random.randint(1, vocabulary_size - 1)]
                    for k in range(num_negative)]
        labels += [[1, 0] if categorical else 0
                   for _ in range(num_negative)]

    if shuffle:
        if seed is None:
            seed = random.randint(0, int(10e6))
        # The same permutation for both lists: reseed before each shuffle.
        random.seed(seed)
        random.shuffle(couples)
        random.seed(seed)
        random.shuffle(labels)
    return couples, labels


def _remove_long_seq(maxlen, seq, label):
    """Keeps the sequences shorter than `maxlen` (strictly) and their
    labels.

    # Returns
        `(new_seq, new_label)`: two lists.
    """
    new_seq, new_label = [], []
    for x, y in zip(seq, label):
        if len(x) < maxlen:
            new_seq.append(x)
            new_label.append(y)
    return new_seq, new_label


class TimeseriesGenerator(Sequence):
    """Batches of fixed-length windows over a time series, with the value
    that follows each window as target.

    For each "current" row `t` from `start_index + length` to `end_index`
    (every `stride` rows), the sample is
    `data[t - length:t:sampling_rate]` and the target `targets[t]`.

    # Arguments
        data: indexable of timesteps (list or numpy array); axis 0 is time.
        targets: indexable of targets, as long as `data`.
        length: int, the number of timesteps a window spans (before
            sampling).
        sampling_rate: int, the step between timesteps kept in a window
            (the window then has `ceil(length / sampling_rate)` rows).
        stride: int, the step between the current rows of successive
            samples.
        start_index, end_index: only rows `start_index..end_index`
            (inclusive; default: to the last row) are used as current
            rows, after skipping the first `length` (so validation or test
            parts can be carved out of one series).
        shuffle: draw the current rows at random (with replacement)
            instead of in order.
        reverse: return each window's timesteps in reverse order.
        batch_size: int, the number of samples per batch (the last batch
            may be smaller).

    # Returns
        A `keras.utils.Sequence`; batch `i` is `(samples, targets)`,
        numpy arrays of shape `(batch, ceil(length / sampling_rate)) +
        data.shape[1:]` and `(batch,) + targets.shape[1:]`.

    # Raises
        ValueError: `data` and `targets` differ in length, or
            `start_index + length > end_index`.
    """

    def __init__(self, data, targets, length, sampling_rate=1, stride=1,
                 start_index=0, end_index=None, shuffle=False, reverse=False,
                 batch_size=128):
        if len(data) != len(targets):
            raise ValueError('TimeseriesGenerator: `data` and `targets` '
                             'must have the same length; data has %d '
                             'rows, targets %d.' % (len(data), len(targets)))
        self.data = data
        self.targets = targets
        self.length = length
        self.sampling_rate = sampling_rate
        self.stride = stride
        self.start_index = start_index + length
        if end_index is None:
            end_index = len(data) - 1
        self.end_index = end_index
        self.shuffle = shuffle
        self.reverse = reverse
        self.batch_size = batch_size
        if self.start_index > self.end_index:
            raise ValueError('TimeseriesGenerator: `start_index+length=%i > '
                             'end_index=%i` is disallowed, as no part of the '
                             'sequence would be left to be used as current '
                             'step.' % (self.start_index, self.end_index))

    def __len__(self):
        rows_per_batch = self.batch_size * self.stride
        return ((self.end_index - self.start_index + rows_per_batch) //
                rows_per_batch)

    def __getitem__(self, index):
        if self.shuffle:
            rows = np.random.randint(self.start_index, self.end_index + 1,
                                     size=self.batch_size)
        else:
            first = self.start_index + self.batch_size * self.stride * index
            rows = np.arange(first,
                             min(first + self.batch_size * self.stride,
                                 self.end_index + 1),
                             self.stride)
        samples = np.array([self.data[row - self.length:row:
                                      self.sampling_rate] for row in rows])
        targets = np.array([self.targets[row] for row in rows])
        if self.reverse:
            return samples[:, ::-1, ...], targets
        return samples, targets
