"""keras.preprocessing.text against hand-computed expectations.

The corpus CORPUS tokenizes to [the, cat, sat], [the, cat, ran],
[a, dog, ran]. Counts: the 2, cat 2, ran 2, sat 1, a 1, dog 1; ranked by
count, ties in order of first appearance, the indices are
the 1, cat 2, ran 3, sat 4, a 5, dog 6. Document counts equal the word
counts here (no word repeats within a text); N = 3 documents.
"""
import json
import warnings

import numpy as np
import pytest

from keras.preprocessing import text
from keras.preprocessing.text import Tokenizer
from keras.preprocessing.text import hashing_trick
from keras.preprocessing.text import one_hot
from keras.preprocessing.text import text_to_word_sequence
from keras.preprocessing.text import tokenizer_from_json

CORPUS = ['The cat sat.', 'The cat ran!', 'A dog ran']
INDEX = {'the': 1, 'cat': 2, 'ran': 3, 'sat': 4, 'a': 5, 'dog': 6}
LN2 = 0.6931471805599453


def fitted(**kwargs):
    tokenizer = Tokenizer(**kwargs)
    tokenizer.fit_on_texts(CORPUS)
    return tokenizer


def test_keras2_import_paths():
    import keras.preprocessing
    assert keras.preprocessing.text is text
    for name in ('text_to_word_sequence', 'one_hot', 'hashing_trick',
                 'Tokenizer', 'tokenizer_from_json'):
        assert hasattr(text, name)


# -- text_to_word_sequence, hashing_trick, one_hot --

def test_text_to_word_sequence_filters_lowercases_and_splits():
    assert text_to_word_sequence("Hello, World!  It's 3.5\tnow") == \
        ['hello', 'world', "it's", '3', '5', 'now']
    assert text_to_word_sequence('Hello World', lower=False) == \
        ['Hello', 'World']
    assert text_to_word_sequence('a,b  c;d', filters=';', split=',') == \
        ['a', 'b  c', 'd']
    with pytest.raises(TypeError, match='string.*received 3'):
        text_to_word_sequence(3)


def test_hashing_trick_md5_by_hand():
    # md5('hello') = 5d41402a...c592, md5('world') = 7d793037...35e7; as
    # integers they are 4 and 1 modulo 10, 2 and 3 modulo 4.
    assert hashing_trick('Hello world hello', 11, hash_function='md5') == \
        [5, 2, 5]
    assert hashing_trick('hello world', 5, hash_function='md5') == [3, 4]


def test_hashing_trick_callable_and_default_hash():
    assert hashing_trick('a bb ccc', 3, hash_function=len) == [2, 1, 2]
    assert hashing_trick('x y x', 7) == [hash('x') % 6 + 1,
                                         hash('y') % 6 + 1,
                                         hash('x') % 6 + 1]
    with pytest.raises(ValueError, match="'md5'.*received 'sha1'"):
        hashing_trick('a', 3, hash_function='sha1')


def test_one_hot_indices_in_range_and_stable_per_word():
    result = one_hot('The cat. the Dog', 5)
    assert len(result) == 4
    assert all(1 <= index <= 4 for index in result)
    assert result[0] == result[2] == hash('the') % 4 + 1


# -- Tokenizer: fitting and indices --

def test_fit_on_texts_indices_by_frequency_then_first_appearance():
    tokenizer = fitted()
    assert tokenizer.word_index == INDEX
    assert tokenizer.index_word == {i: w for w, i in INDEX.items()}
    assert list(tokenizer.word_counts.items()) == [
        ('the', 2), ('cat', 2), ('sat', 1), ('ran', 2), ('a', 1),
        ('dog', 1)]
    assert dict(tokenizer.word_docs) == {'the': 2, 'cat': 2, 'sat': 1,
                                         'ran': 2, 'a': 1, 'dog': 1}
    assert dict(tokenizer.index_docs) == {1: 2, 2: 2, 3: 2, 4: 1, 5: 1,
                                          6: 1}
    assert tokenizer.document_count == 3


def test_word_docs_counts_documents_not_occurrences():
    tokenizer = Tokenizer()
    tokenizer.fit_on_texts(['b a a a', 'a c'])
    assert dict(tokenizer.word_counts) == {'b': 1, 'a': 4, 'c': 1}
    assert dict(tokenizer.word_docs) == {'b': 1, 'a': 2, 'c': 1}
    assert tokenizer.word_index == {'a': 1, 'b': 2, 'c': 3}


def test_texts_to_sequences_drops_unknown_words():
    tokenizer = fitted()
    assert tokenizer.texts_to_sequences(['the dog sat on the mat']) == \
        [[1, 6, 4, 1]]
    generator = tokenizer.texts_to_sequences_generator(['cat', 'mat'])
    assert next(generator) == [2]
    assert next(generator) == []


def test_num_words_keeps_indices_below_it():
    tokenizer = fitted(num_words=4)
    # The vocabulary is still complete; only conversion is cut.
    assert tokenizer.word_index == INDEX
    assert tokenizer.texts_to_sequences(['the dog ran sat cat']) == \
        [[1, 3, 2]]
    assert tokenizer.sequences_to_texts([[1, 6, 3, 4]]) == ['the ran']


def test_oov_token_takes_index_one_and_replaces_unknown_words():
    tokenizer = fitted(oov_token='<unk>')
    assert tokenizer.word_index == {'<unk>': 1, 'the': 2, 'cat': 3,
                                    'ran': 4, 'sat': 5, 'a': 6, 'dog': 7}
    assert tokenizer.texts_to_sequences(['the dog sat on the mat']) == \
        [[2, 7, 5, 1, 2, 1]]
    assert tokenizer.sequences_to_texts([[2, 99, 7]]) == ['the <unk> dog']


def test_oov_token_with_num_words():
    tokenizer = fitted(oov_token='<unk>', num_words=4)
    assert tokenizer.texts_to_sequences(['the dog sat on the mat']) == \
        [[2, 1, 1, 1, 2, 1]]
    assert tokenizer.sequences_to_texts([[3, 7]]) == ['cat <unk>']


def test_sequences_to_texts_round_trip():
    tokenizer = fitted()
    sequences = tokenizer.texts_to_sequences(['A dog, the cat.', 'zzz'])
    assert sequences == [[5, 6, 1, 2], []]
    assert tokenizer.sequences_to_texts(sequences) == ['a dog the cat', '']
    assert list(tokenizer.sequences_to_texts_generator([[3, 42]])) == \
        ['ran']


def test_char_level():
    tokenizer = Tokenizer(char_level=True)
    tokenizer.fit_on_texts(['abba', 'Ac'])
    # a: 2 + 1, b: 2, c: 1; filters do not apply at character level.
    assert tokenizer.word_index == {'a': 1, 'b': 2, 'c': 3}
    assert tokenizer.texts_to_sequences(['Cab!']) == [[3, 1, 2]]
    assert tokenizer.sequences_to_texts([[2, 1]]) == ['b a']


def test_lists_of_tokens_are_used_as_given():
    tokenizer = Tokenizer()
    tokenizer.fit_on_texts([['Hello', 'new-world'], ['hello']])
    assert tokenizer.word_index == {'hello': 1, 'new-world': 2}
    assert tokenizer.texts_to_sequences([['NEW-WORLD', 'x']]) == [[2]]


# -- matrices --

def test_texts_to_matrix_every_mode_by_hand():
    tokenizer = fitted()
    texts = ['the cat the', 'dog', '']
    binary = np.zeros((3, 7))
    binary[0, [1, 2]] = 1
    binary[1, 6] = 1
    np.testing.assert_array_equal(tokenizer.texts_to_matrix(texts), binary)

    count = np.zeros((3, 7))
    count[0, 1], count[0, 2], count[1, 6] = 2, 1, 1
    np.testing.assert_array_equal(
        tokenizer.texts_to_matrix(texts, mode='count'), count)

    freq = np.zeros((3, 7))
    freq[0, 1], freq[0, 2], freq[1, 6] = 2 / 3., 1 / 3., 1
    np.testing.assert_allclose(
        tokenizer.texts_to_matrix(texts, mode='freq'), freq)

    # 'the': tf 1 + ln 2, idf ln(1 + 3/(1+2)) = ln 2;
    # 'cat': tf 1, idf ln 2; 'dog': tf 1, idf ln(1 + 3/(1+1)) = ln 2.5.
    tfidf = np.zeros((3, 7))
    tfidf[0, 1] = (1 + LN2) * LN2    # 1.17360...
    tfidf[0, 2] = LN2
    tfidf[1, 6] = 0.9162907318741551
    result = tokenizer.texts_to_matrix(texts, mode='tfidf')
    np.testing.assert_allclose(result, tfidf, rtol=1e-12)
    np.testing.assert_allclose(result[0, 1], 1.1736001944, rtol=1e-9)


def test_matrix_width_is_num_words_and_larger_indices_are_ignored():
    tokenizer = fitted(num_words=3)
    np.testing.assert_array_equal(
        tokenizer.texts_to_matrix(['the cat ran dog'], mode='count'),
        [[0, 1, 1]])
    # 'freq' divides by the whole sequence length, ignored indices too.
    np.testing.assert_allclose(
        tokenizer.sequences_to_matrix([[1, 9, 1, 2]], mode='freq'),
        [[0, 0.5, 0.25]])


def test_sequences_to_matrix_without_texts():
    tokenizer = Tokenizer(num_words=5)
    np.testing.assert_array_equal(
        tokenizer.sequences_to_matrix([[1, 1, 4], []], mode='count'),
        [[0, 2, 0, 0, 1], [0, 0, 0, 0, 0]])
    with pytest.raises(ValueError, match='Fit the Tokenizer'):
        tokenizer.sequences_to_matrix([[1]], mode='tfidf')
    tokenizer.fit_on_sequences([[1, 2], [1]])
    assert tokenizer.document_count == 2
    assert dict(tokenizer.index_docs) == {1: 2, 2: 1}
    # index 1: (1 + ln 2) * ln(1 + 2/3); index 2: 1 * ln(1 + 2/2).
    np.testing.assert_allclose(
        tokenizer.sequences_to_matrix([[1, 1, 2]], mode='tfidf'),
        [[0, (1 + LN2) * 0.5108256237659907, LN2, 0, 0]], rtol=1e-12)


def test_matrix_errors():
    with pytest.raises(ValueError, match='Specify a dimension'):
        Tokenizer().sequences_to_matrix([[1, 2]])
    with pytest.raises(ValueError, match="mode: 'onehot'.*binary, count"):
        fitted().texts_to_matrix(['the'], mode='onehot')


def test_constructor_arguments():
    with pytest.raises(TypeError, match='Unrecognized keyword.*numwords'):
        Tokenizer(numwords=3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        tokenizer = Tokenizer(nb_words=7)
    assert tokenizer.num_words == 7
    assert 'num_words' in str(caught[0].message)
    assert Tokenizer(document_count=4).document_count == 4


# -- serialization --

def test_json_round_trip():
    tokenizer = fitted(num_words=5, oov_token='<unk>', lower=False,
                       split=' ', filters='.!')
    payload = json.loads(tokenizer.to_json())
    assert payload['class_name'] == 'Tokenizer'
    assert payload['config']['num_words'] == 5
    assert json.loads(payload['config']['word_index'])['The'] == 2

    restored = tokenizer_from_json(tokenizer.to_json(indent=2))
    for name in ('num_words', 'filters', 'lower', 'split', 'char_level',
                 'oov_token', 'document_count', 'word_index', 'index_word'):
        assert getattr(restored, name) == getattr(tokenizer, name), name
    assert list(restored.word_counts.items()) == \
        list(tokenizer.word_counts.items())
    assert dict(restored.word_docs) == dict(tokenizer.word_docs)
    assert dict(restored.index_docs) == dict(tokenizer.index_docs)
    assert 1 in restored.index_word
    sample = ['The cat ran far', 'a dog']
    assert restored.texts_to_sequences(sample) == \
        tokenizer.texts_to_sequences(sample) == [[2, 3, 4, 1], [1, 1]]
    np.testing.assert_array_equal(
        restored.texts_to_matrix(sample, mode='tfidf'),
        tokenizer.texts_to_matrix(sample, mode='tfidf'))
    # The restored tokenizer keeps learning where the first stopped.
    restored.fit_on_texts(['dog dog dog'])
    assert restored.word_index['dog'] == 2
    assert restored.document_count == 4


def test_tokenizer_from_json_rejects_other_json():
    with pytest.raises(ValueError, match='config'):
        tokenizer_from_json('[1, 2]')


# -- with a model, on every backend --

def test_count_matrix_feeds_a_model():
    from keras.layers import Dense
    from keras.models import Sequential
    tokenizer = fitted()
    matrix = tokenizer.texts_to_matrix(['the cat the', 'dog ran x'],
                                       mode='count')
    model = Sequential([Dense(1, input_shape=(7,), use_bias=False,
                              kernel_initializer='ones')])
    # A kernel of ones sums the counts: the number of known words.
    np.testing.assert_allclose(model.predict(matrix), [[3], [2]])
