"""Reuters newswires: 11,228 newswires labelled by 46 topics, each a list of
word indices."""

import numpy as np

from keras.datasets.imdb import _object_array
from keras.datasets.imdb import _shift
from keras.datasets.imdb import cut_words
from keras.datasets.imdb import keras_1_num_words
from keras.datasets.imdb import largest_index
from keras.datasets.imdb import load_word_index
from keras.preprocessing.sequence import _remove_long_seq
from keras.utils.data_utils import get_file

# The files Keras 2.3.1 downloads, with its (md5) hashes.
ORIGIN = 'https://s3.amazonaws.com/text-datasets/reuters.npz'
FILE_HASH = '87aedbeb0cb229e378797a632c1997b6'
WORD_INDEX_ORIGIN = ('https://s3.amazonaws.com/text-datasets/'
                     'reuters_word_index.json')
WORD_INDEX_FILE_HASH = '4d44cc38712099c9e383dc6e5f11a921'


def load_data(path='reuters.npz', num_words=None, skip_top=0, maxlen=None,
              test_split=0.2, seed=113, start_char=1, oov_char=2,
              index_from=3, **kwargs):
    """Loads the Reuters newswire classification data set.

    In the file, a newswire is a list of word ranks (1 = the most frequent
    word of the corpus). `load_data` shuffles the newswires with
    `np.random.RandomState(seed)`, shifts every rank by `index_from`, puts
    `start_char` in front of each newswire, drops the newswires of `maxlen`
    or more entries, replaces the words outside `[skip_top, num_words)`
    (compared after the shift) by `oov_char`, and then gives the first
    `int(n * (1 - test_split))` newswires to training, the rest to test.

    # Arguments
        path: file name of the cached copy (relative to the datasets cache
            directory, `~/.keras/datasets` or `$KERAS_HOME/datasets`).
        num_words: int or None; word indices `>= num_words` become
            `oov_char`. None: the largest index in the data (which, as in
            Keras 2.3.1, makes that one largest index `oov_char` too).
        skip_top: int; word indices `< skip_top` become `oov_char` (this
            includes `start_char` when `skip_top > start_char`).
        maxlen: int or None; newswires of `maxlen` entries or more
            (counting `start_char`) are dropped.
        test_split: float in [0, 1], the fraction of newswires for test.
        seed: int, seed of the shuffle.
        start_char: int or None; put in front of each newswire.
        oov_char: int or None; what replaces cut words. None: cut words
            are removed.
        index_from: int, added to every word rank.
        **kwargs: `nb_words`, the Keras 1 name of `num_words` (deprecated).

    # Returns
        Tuple of numpy arrays: `(x_train, y_train), (x_test, y_test)`; x
        are 1D object arrays of lists of ints, y the integer topics.

    # Raises
        TypeError: an unknown keyword argument.
        ValueError: `test_split` outside [0, 1], or `maxlen` leaves no
            newswire.
    """
    num_words = keras_1_num_words(num_words, kwargs)
    if not 0 <= test_split <= 1:
        raise ValueError('`test_split` must be a fraction between 0 and 1; '
                         'received: ' + str(test_split) + '.')

    path = get_file(path, origin=ORIGIN, file_hash=FILE_HASH)
    # The newswires are stored as object arrays (pickled lists); the file's
    # hash was checked by get_file.
    with np.load(path, allow_pickle=True) as f:
        xs, labels = f['x'], f['y']

    rng = np.random.RandomState(seed)
    order = np.arange(len(xs))
    rng.shuffle(order)
    xs, labels = xs[order], labels[order]
    label_dtype = labels.dtype

    xs = _shift(xs, start_char, index_from)
    if maxlen:
        xs, labels = _remove_long_seq(maxlen, xs, labels)
        if not xs:
            raise ValueError('After filtering for sequences shorter than '
                             'maxlen=' + str(maxlen) + ', no sequence was '
                             'kept. Increase maxlen.')
    if not num_words:
        num_words = largest_index(xs)
    xs = cut_words(xs, skip_top, num_words, oov_char)

    split = int(len(xs) * (1 - test_split))
    labels = np.asarray(labels, dtype=label_dtype)
    x_train, y_train = _object_array(xs[:split]), labels[:split]
    x_test, y_test = _object_array(xs[split:]), labels[split:]
    return (x_train, y_train), (x_test, y_test)


def get_word_index(path='reuters_word_index.json'):
    """Retrieves the dictionary mapping words to their frequency rank.

    Rank `r` appears in `load_data`'s newswires as `r + index_from` (3 by
    default).

    # Arguments
        path: file name of the cached copy (relative to the datasets cache
            directory).

    # Returns
        The word index dictionary (str -> int).
    """
    return load_word_index(path, WORD_INDEX_ORIGIN, WORD_INDEX_FILE_HASH)
