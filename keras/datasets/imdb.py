"""IMDB movie reviews: 25,000 training and 25,000 test reviews labelled by
sentiment (1 positive, 0 negative), each a list of word indices."""
import json
import warnings

import numpy as np

from keras.preprocessing.sequence import _remove_long_seq
from keras.utils.data_utils import get_file

# The files Keras 2.3.1 downloads, with its (md5) hashes.
ORIGIN = 'https://s3.amazonaws.com/text-datasets/imdb.npz'
FILE_HASH = '599dadb1135973df5b59232a0e9a887c'
WORD_INDEX_ORIGIN = ('https://s3.amazonaws.com/text-datasets/'
                     'imdb_word_index.json')
WORD_INDEX_FILE_HASH = 'bfafd718b763782e994055a2d397834f'


def load_data(path='imdb.npz', num_words=None, skip_top=0, maxlen=None,
              seed=113, start_char=1, oov_char=2, index_from=3, **kwargs):
    """Loads the IMDB sentiment data set.

    In the file, a review is a list of word ranks (1 = the most frequent
    word of the corpus). `load_data` shuffles the training and the test
    reviews (each with `np.random.RandomState(seed)`, training first),
    shifts every rank by `index_from`, puts `start_char` in front of each
    review, drops the reviews of `maxlen` or more entries, and replaces the
    words outside `[skip_top, num_words)` (compared after the shift) by
    `oov_char`. Indices 0 (padding), `start_char` and `oov_char` are so kept
    apart from real words.

    # Arguments
        path: file name of the cached copy (relative to the datasets cache
            directory, `~/.keras/datasets` or `$KERAS_HOME/datasets`).
        num_words: int or None; word indices `>= num_words` become
            `oov_char`. None: the largest index in the data (which, as in
            Keras 2.3.1, makes that one largest index `oov_char` too).
        skip_top: int; word indices `< skip_top` become `oov_char` (note
            that this includes `start_char` when `skip_top > start_char`).
        maxlen: int or None; reviews of `maxlen` entries or more (counting
            `start_char`) are dropped, from both parts.
        seed: int, seed of the shuffles.
        start_char: int or None; put in front of each review.
        oov_char: int or None; what replaces cut words. None: cut words
            are removed.
        index_from: int, added to every word rank.
        **kwargs: `nb_words`, the Keras 1 name of `num_words` (deprecated).

    # Returns
        Tuple of numpy arrays: `(x_train, y_train), (x_test, y_test)`; x
        are 1D object arrays of lists of ints, y the integer labels.

    # Raises
        TypeError: an unknown keyword argument.
        ValueError: `maxlen` leaves no review.
    """
    num_words = keras_1_num_words(num_words, kwargs)

    path = get_file(path, origin=ORIGIN, file_hash=FILE_HASH)
    # The reviews are stored as object arrays (pickled lists); the file's
    # hash was checked by get_file.
    with np.load(path, allow_pickle=True) as f:
        x_train, labels_train = f['x_train'], f['y_train']
        x_test, labels_test = f['x_test'], f['y_test']

    rng = np.random.RandomState(seed)
    order = np.arange(len(x_train))
    rng.shuffle(order)
    x_train, labels_train = x_train[order], labels_train[order]
    order = np.arange(len(x_test))
    rng.shuffle(order)
    x_test, labels_test = x_test[order], labels_test[order]

    label_dtypes = (labels_train.dtype, labels_test.dtype)
    parts = [(_shift(x_train, start_char, index_from), labels_train),
             (_shift(x_test, start_char, index_from), labels_test)]
    if maxlen:
        # Keras 2.3.1 filtered the concatenated parts and then split them
        # at the original training length, moving test reviews into the
        # training part; each part is filtered on its own here.
        parts = [_remove_long_seq(maxlen, xs, labels)
                 for xs, labels in parts]
        if not parts[0][0] and not parts[1][0]:
            raise ValueError('After filtering for sequences shorter than '
                             'maxlen=' + str(maxlen) + ', no sequence was '
                             'kept. Increase maxlen.')
    if not num_words:
        num_words = largest_index([x for xs, _ in parts for x in xs])
    (x_train, y_train), (x_test, y_test) = [
        (_object_array(cut_words(xs, skip_top, num_words, oov_char)),
         np.array(labels, dtype=label_dtype))
        for (xs, labels), label_dtype in zip(parts, label_dtypes)]
    return (x_train, y_train), (x_test, y_test)


def keras_1_num_words(num_words, kwargs):
    """`num_words`, or Keras 1's `nb_words` (with a warning) from the
    other keyword arguments of `load_data`, which must hold nothing else.
    """
    if 'nb_words' in kwargs:
        warnings.warn('The `nb_words` argument in `load_data` has been '
                      'renamed `num_words`.')
        num_words = kwargs.pop('nb_words')
    if kwargs:
        raise TypeError('Unrecognized keyword arguments: ' + str(kwargs))
    return num_words


def largest_index(sequences):
    return max((max(x) for x in sequences if len(x)), default=0)


def cut_words(sequences, skip_top, num_words, oov_char):
    """Words outside `[skip_top, num_words)` replaced by `oov_char`, or
    removed when it is None."""
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in x]
                for x in sequences]
    return [[w for w in x if skip_top <= w < num_words] for x in sequences]


def _shift(xs, start_char, index_from):
    if start_char is not None:
        return [[start_char] + [w + index_from for w in x] for x in xs]
    return [[w + index_from for w in x] for x in xs]


def _object_array(lists):
    """A 1D object array of the lists (np.array would make a 2D int array
    when they happen to be of one length, and refuses ragged ones)."""
    array = np.empty(len(lists), dtype=object)
    for i, x in enumerate(lists):
        array[i] = x
    return array


def get_word_index(path='imdb_word_index.json'):
    """Retrieves the dictionary mapping words to their frequency rank.

    Rank `r` appears in `load_data`'s reviews as `r + index_from` (3 by
    default).

    # Arguments
        path: file name of the cached copy (relative to the datasets cache
            directory).

    # Returns
        The word index dictionary (str -> int).
    """
    return load_word_index(path, WORD_INDEX_ORIGIN, WORD_INDEX_FILE_HASH)


def load_word_index(path, origin, file_hash):
    """The JSON word index of a dataset (imdb, reuters), through the
    datasets cache."""
    path = get_file(path, origin=origin, file_hash=file_hash)
    with open(path) as f:
        return json.load(f)
