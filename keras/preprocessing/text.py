"""Text preprocessing: splitting text into words, hashing words to
indices (`one_hot`, `hashing_trick`) and the `Tokenizer`, which learns a
vocabulary and turns texts into index sequences or document-term
matrices."""
import hashlib
import json
import warnings
from collections import OrderedDict
from collections import defaultdict

import numpy as np

DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'
MATRIX_MODES = ('binary', 'count', 'tfidf', 'freq')


def text_to_word_sequence(text, filters=DEFAULT_FILTERS, lower=True,
                          split=' '):
    """Splits a text into a list of words.

    # Arguments
        text: str.
        filters: str, the characters to remove (each is replaced by
            `split` before splitting).
        lower: whether to lowercase the text first.
        split: str, the word separator.

    # Returns
        List of the non-empty words.
    """
    if not isinstance(text, str):
        raise TypeError('text_to_word_sequence: `text` must be a string; '
                        'received %r (%s).' % (text, type(text).__name__))
    if lower:
        text = text.lower()
    text = text.translate(str.maketrans({c: split for c in filters}))
    return [word for word in text.split(split) if word]


def _md5_hash(word):
    return int(hashlib.md5(word.encode()).hexdigest(), 16)


def hashing_trick(text, n, hash_function=None, filters=DEFAULT_FILTERS,
                  lower=True, split=' '):
    """Converts a text to a list of word indices in `[1, n - 1]` by
    hashing each word (index 0 stays free for padding).

    Different words may share an index (hash collisions).

    # Arguments
        text: str.
        n: int, the size of the hashing space.
        hash_function: None (Python's `hash`, which is salted per process
            unless `PYTHONHASHSEED` is set), 'md5' (stable across runs), or
            any callable from a word to an int.
        filters, lower, split: as in `text_to_word_sequence`.

    # Returns
        List of ints, one per word: `hash_function(word) % (n - 1) + 1`.
    """
    if hash_function is None:
        hash_function = hash
    elif hash_function == 'md5':
        hash_function = _md5_hash
    elif not callable(hash_function):
        raise ValueError('hashing_trick: `hash_function` must be None, '
                         "'md5' or a callable; received %r."
                         % (hash_function,))
    words = text_to_word_sequence(text, filters=filters, lower=lower,
                                  split=split)
    return [hash_function(word) % (n - 1) + 1 for word in words]


def one_hot(text, n, filters=DEFAULT_FILTERS, lower=True, split=' '):
    """Hashes a text's words to indices in `[1, n - 1]` with Python's
    `hash` (see `hashing_trick`); the indices are not unique per word.

    # Returns
        List of ints, one per word.
    """
    return hashing_trick(text, n, hash_function=hash, filters=filters,
                         lower=lower, split=split)


class Tokenizer(object):
    """Learns a vocabulary from texts and vectorizes texts with it.

    Words are indexed from 1 by decreasing frequency (ties: in order of
    first appearance); index 0 is never a word. With `oov_token`, that
    token takes index 1 and stands for every word outside the vocabulary
    (or beyond `num_words`) when converting.

    # Arguments
        num_words: None or int; only the `num_words - 1` most frequent
            words (indices below `num_words`) are used when converting.
        filters: str, characters removed from texts.
        lower: whether to lowercase texts.
        split: str, the word separator.
        char_level: if True, every character is a token.
        oov_token: None or str, the token for out-of-vocabulary words.
        document_count: int, the number of documents seen so far (for
            restoring a tokenizer).

    # Attributes (after fitting)
        word_counts: OrderedDict, word -> number of occurrences.
        word_docs: dict, word -> number of documents containing it.
        word_index: dict, word -> index; index_word its inverse.
        index_docs: dict, index -> number of documents containing it.
        document_count: number of documents fitted on.
    """

    def __init__(self, num_words=None, filters=DEFAULT_FILTERS, lower=True,
                 split=' ', char_level=False, oov_token=None,
                 document_count=0, **kwargs):
        if 'nb_words' in kwargs:
            warnings.warn('The `nb_words` argument in `Tokenizer` has been '
                          'renamed `num_words`.')
            num_words = kwargs.pop('nb_words')
        if kwargs:
            raise TypeError('Unrecognized keyword arguments: ' + str(kwargs))
        self.word_counts = OrderedDict()
        self.word_docs = defaultdict(int)
        self.filters = filters
        self.split = split
        self.lower = lower
        self.num_words = num_words
        self.document_count = document_count
        self.char_level = char_level
        self.oov_token = oov_token
        self.index_docs = defaultdict(int)
        self.word_index = {}
        self.index_word = {}

    def _tokens(self, text):
        """A text's tokens: characters (char_level), the items of a list
        of tokens, or the words of a string."""
        if self.char_level or isinstance(text, list):
            if self.lower:
                if isinstance(text, list):
                    return [token.lower() for token in text]
                return text.lower()
            return text
        return text_to_word_sequence(text, self.filters, self.lower,
                                     self.split)

    def fit_on_texts(self, texts):
        """Updates the vocabulary from a list of texts (strings, or lists
        of tokens); rebuilds `word_index`."""
        for text in texts:
            self.document_count += 1
            tokens = self._tokens(text)
            for token in tokens:
                self.word_counts[token] = self.word_counts.get(token, 0) + 1
            for token in set(tokens):
                self.word_docs[token] += 1

        # sorted() is stable, so equal counts keep first-appearance order.
        by_count = sorted(self.word_counts.items(), key=lambda item: item[1],
                          reverse=True)
        vocabulary = [] if self.oov_token is None else [self.oov_token]
        vocabulary.extend(word for word, _ in by_count)
        self.word_index = dict(zip(vocabulary,
                                   range(1, len(vocabulary) + 1)))
        self.index_word = {index: word
                           for word, index in self.word_index.items()}
        for word, count in self.word_docs.items():
            self.index_docs[self.word_index[word]] = count

    def fit_on_sequences(self, sequences):
        """Updates `document_count` and `index_docs` from index sequences
        (needed before `sequences_to_matrix(mode='tfidf')` when the
        tokenizer was not fitted on texts)."""
        for sequence in sequences:
            self.document_count += 1
            for index in set(sequence):
                self.index_docs[index] += 1

    def texts_to_sequences(self, texts):
        """Converts texts to lists of word indices (see
        `texts_to_sequences_generator`)."""
        return list(self.texts_to_sequences_generator(texts))

    def texts_to_sequences_generator(self, texts):
        """Yields, per text, the list of its words' indices. Words not in
        the vocabulary, or with index >= `num_words`, become the oov index
        if there is an `oov_token` and are dropped otherwise."""
        oov_index = self.word_index.get(self.oov_token)
        for text in texts:
            indices = []
            for token in self._tokens(text):
                index = self.word_index.get(token)
                if index is not None and not (self.num_words and
                                              index >= self.num_words):
                    indices.append(index)
                elif oov_index is not None:
                    indices.append(oov_index)
            yield indices

    def sequences_to_texts(self, sequences):
        """Converts index sequences back to texts (see
        `sequences_to_texts_generator`)."""
        return list(self.sequences_to_texts_generator(sequences))

    def sequences_to_texts_generator(self, sequences):
        """Yields, per sequence, its words joined by spaces. Unknown
        indices, or indices >= `num_words`, become the `oov_token` if
        there is one and are dropped otherwise."""
        oov_index = self.word_index.get(self.oov_token)
        for sequence in sequences:
            words = []
            for index in sequence:
                word = self.index_word.get(index)
                if word is not None and not (self.num_words and
                                             index >= self.num_words):
                    words.append(word)
                elif oov_index is not None:
                    words.append(self.index_word[oov_index])
            yield ' '.join(words)

    def texts_to_matrix(self, texts, mode='binary'):
        """Converts texts to a `(len(texts), num_words)` matrix; see
        `sequences_to_matrix` for the modes."""
        return self.sequences_to_matrix(self.texts_to_sequences(texts),
                                        mode=mode)

    def sequences_to_matrix(self, sequences, mode='binary'):
        """Converts index sequences to a document-term matrix.

        # Arguments
            sequences: list of lists of word indices.
            mode: the value of entry `[i, j]` for index `j` occurring
                `c` times in sequence `i`:
                'binary': 1;
                'count': c;
                'freq': c / len(sequence i);
                'tfidf': (1 + ln c) * ln(1 + N / (1 + d_j)), with N the
                    number of documents fitted on and d_j the number of
                    them containing `j`.
                Indices >= the matrix width are ignored.

        # Returns
            Float numpy array of shape `(len(sequences), num_words)`;
            without `num_words`, the width is `len(word_index) + 1`.

        # Raises
            ValueError: unknown `mode`; no `num_words` and no fitted
                vocabulary; 'tfidf' before any fitting.
        """
        if mode not in MATRIX_MODES:
            raise ValueError('Unknown vectorization mode: %r; expected one '
                             'of %s.' % (mode, ', '.join(MATRIX_MODES)))
        if self.num_words:
            width = self.num_words
        elif self.word_index:
            width = len(self.word_index) + 1
        else:
            raise ValueError('Specify a dimension (`num_words` argument), '
                             'or fit on some text data first.')
        if mode == 'tfidf' and not self.document_count:
            raise ValueError('Fit the Tokenizer on some data before using '
                             'tfidf mode.')

        matrix = np.zeros((len(sequences), width))
        for row, sequence in enumerate(sequences):
            if not len(sequence):
                continue
            counts = defaultdict(int)
            for index in sequence:
                if index < width:
                    counts[index] += 1
            for index, count in counts.items():
                if mode == 'count':
                    matrix[row, index] = count
                elif mode == 'freq':
                    matrix[row, index] = count / len(sequence)
                elif mode == 'binary':
                    matrix[row, index] = 1
                else:
                    term_frequency = 1 + np.log(count)
                    inverse_document_frequency = np.log(
                        1 + self.document_count /
                        (1 + self.index_docs.get(index, 0)))
                    matrix[row, index] = (term_frequency *
                                          inverse_document_frequency)
        return matrix

    def get_config(self):
        """The tokenizer's settings and learned state; the dictionaries
        are JSON strings (as `tokenizer_from_json` reads them)."""
        return {
            'num_words': self.num_words,
            'filters': self.filters,
            'lower': self.lower,
            'split': self.split,
            'char_level': self.char_level,
            'oov_token': self.oov_token,
            'document_count': self.document_count,
            'word_counts': json.dumps(self.word_counts),
            'word_docs': json.dumps(self.word_docs),
            'index_docs': json.dumps(self.index_docs),
            'index_word': json.dumps(self.index_word),
            'word_index': json.dumps(self.word_index),
        }

    def to_json(self, **kwargs):
        """A JSON string of `{'class_name': 'Tokenizer', 'config': ...}`;
        keyword arguments go to `json.dumps`."""
        return json.dumps({'class_name': self.__class__.__name__,
                           'config': self.get_config()}, **kwargs)


def tokenizer_from_json(json_string):
    """Rebuilds a `Tokenizer` from the string `Tokenizer.to_json` wrote.

    # Raises
        ValueError: the JSON does not describe a Tokenizer.
    """
    description = json.loads(json_string)
    config = (description.get('config')
              if isinstance(description, dict) else None)
    if not isinstance(config, dict):
        raise ValueError('tokenizer_from_json: expected the JSON of '
                         '`Tokenizer.to_json()` (an object with a "config" '
                         'entry); received %.80r.' % (json_string,))
    config = dict(config)
    word_counts = json.loads(config.pop('word_counts'))
    word_docs = json.loads(config.pop('word_docs'))
    # JSON object keys are strings; the index dictionaries have int keys.
    index_docs = {int(index): count for index, count
                  in json.loads(config.pop('index_docs')).items()}
    index_word = {int(index): word for index, word
                  in json.loads(config.pop('index_word')).items()}
    word_index = json.loads(config.pop('word_index'))

    tokenizer = Tokenizer(**config)
    tokenizer.word_counts = OrderedDict(word_counts)
    tokenizer.word_docs = defaultdict(int, word_docs)
    tokenizer.index_docs = defaultdict(int, index_docs)
    tokenizer.word_index = word_index
    tokenizer.index_word = index_word
    return tokenizer
