"""imdb.load_data / get_word_index without network, on a small imdb.npz of
the real layout (object arrays of int lists) written here.

The labels of the small file are review ids (0, 1, 2, ...), so every
returned review can be checked against its hand-computed list whatever the
shuffle did.
"""
import hashlib
import io
import json
import warnings
from urllib.error import URLError

import numpy as np
import pytest

from keras.datasets import imdb
from keras.utils import data_utils

# Word ranks as stored in the file.
TRAIN = [[1, 2, 3], [4, 5], [1, 6, 7, 8, 9], [2]]
TEST = [[3, 3], [10, 1, 2]]


def object_array(lists):
    array = np.empty(len(lists), dtype=object)
    for i, x in enumerate(lists):
        array[i] = list(x)
    return array


def npz_bytes(train=TRAIN, test=TEST):
    buffer = io.BytesIO()
    np.savez(buffer, x_train=object_array(train),
             y_train=np.arange(len(train), dtype='int64'),
             x_test=object_array(test),
             y_test=np.arange(len(test), dtype='int64'))
    return buffer.getvalue()


def refuse_download(url, filename, reporthook=None, data=None):
    raise URLError('network is unreachable')


@pytest.fixture
def cached_imdb(tmp_path, monkeypatch):
    """Puts the small file in the cache and returns a function writing
    another one there."""
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    monkeypatch.setattr(data_utils, 'urlretrieve', refuse_download)
    (tmp_path / 'datasets').mkdir()

    def write(content=None):
        content = npz_bytes() if content is None else content
        (tmp_path / 'datasets' / 'imdb.npz').write_bytes(content)
        monkeypatch.setattr(imdb, 'FILE_HASH',
                            hashlib.md5(content).hexdigest())
    write()
    return write


def by_id(x, y):
    """{review id: review list}, checking the pairs are lists of ints."""
    assert x.dtype == object and x.ndim == 1
    assert y.dtype == np.int64
    result = {}
    for review, label in zip(x, y):
        assert isinstance(review, list)
        result[int(label)] = review
    return result


def test_origins_and_hashes_are_2_3_1s(monkeypatch, tmp_path):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    seen = []

    def fake_get_file(fname, origin, **kwargs):
        seen.append(dict(fname=fname, origin=origin, **kwargs))
        raise RuntimeError('stop here')

    monkeypatch.setattr(imdb, 'get_file', fake_get_file)
    with pytest.raises(RuntimeError):
        imdb.load_data()
    with pytest.raises(RuntimeError):
        imdb.get_word_index()
    assert seen[0]['fname'] == 'imdb.npz'
    assert seen[0]['origin'] == ('https://s3.amazonaws.com/text-datasets/'
                                 'imdb.npz')
    assert seen[0]['file_hash'] == '599dadb1135973df5b59232a0e9a887c'
    assert seen[1]['fname'] == 'imdb_word_index.json'
    assert seen[1]['origin'] == ('https://s3.amazonaws.com/text-datasets/'
                                 'imdb_word_index.json')
    assert seen[1]['file_hash'] == 'bfafd718b763782e994055a2d397834f'


def test_defaults_shift_by_three_and_add_the_start_char(cached_imdb):
    (x_train, y_train), (x_test, y_test) = imdb.load_data()
    # rank + 3, after a 1; with num_words=None the cut-off is the largest
    # index (13 here), which as in Keras 2.3.1 itself becomes oov_char 2.
    assert by_id(x_train, y_train) == {0: [1, 4, 5, 6], 1: [1, 7, 8],
                                       2: [1, 4, 9, 10, 11, 12], 3: [1, 5]}
    assert by_id(x_test, y_test) == {0: [1, 6, 6], 1: [1, 2, 4, 5]}


def test_shuffle_order_is_2_3_1s(cached_imdb):
    # One RandomState(seed) shuffles the training indices, then the test
    # indices: the same order as Keras 2.3.1 for the same file.
    rng = np.random.RandomState(5)
    train_order = np.arange(4)
    rng.shuffle(train_order)
    test_order = np.arange(2)
    rng.shuffle(test_order)
    (_, y_train), (_, y_test) = imdb.load_data(seed=5)
    np.testing.assert_array_equal(y_train, train_order)
    np.testing.assert_array_equal(y_test, test_order)
    (_, again), _ = imdb.load_data(seed=5)
    np.testing.assert_array_equal(again, y_train)


def test_num_words_and_skip_top(cached_imdb):
    (x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=8)
    assert by_id(x_train, y_train) == {0: [1, 4, 5, 6], 1: [1, 7, 2],
                                       2: [1, 4, 2, 2, 2, 2], 3: [1, 5]}
    assert by_id(x_test, y_test) == {0: [1, 6, 6], 1: [1, 2, 4, 5]}
    # skip_top=5 also replaces the start char (1 < 5) and index 4.
    (x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=11,
                                                          skip_top=5)
    assert by_id(x_train, y_train) == {0: [2, 2, 5, 6], 1: [2, 7, 8],
                                       2: [2, 2, 9, 10, 2, 2], 3: [2, 5]}
    assert by_id(x_test, y_test) == {0: [2, 6, 6], 1: [2, 2, 2, 5]}


def test_oov_char_none_removes_cut_words(cached_imdb):
    (x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=8,
                                                          oov_char=None)
    assert by_id(x_train, y_train) == {0: [1, 4, 5, 6], 1: [1, 7],
                                       2: [1, 4], 3: [1, 5]}
    assert by_id(x_test, y_test) == {0: [1, 6, 6], 1: [1, 4, 5]}


def test_start_char_oov_char_and_index_from(cached_imdb):
    (x_train, y_train), (x_test, y_test) = imdb.load_data(
        num_words=100, start_char=None, index_from=0)
    assert by_id(x_train, y_train) == dict(enumerate(TRAIN))
    assert by_id(x_test, y_test) == dict(enumerate(TEST))
    (x_train, y_train), (x_test, y_test) = imdb.load_data(
        num_words=12, start_char=7, oov_char=0, index_from=2)
    assert by_id(x_train, y_train) == {0: [7, 3, 4, 5], 1: [7, 6, 7],
                                       2: [7, 3, 8, 9, 10, 11], 3: [7, 4]}
    assert by_id(x_test, y_test) == {0: [7, 5, 5], 1: [7, 0, 3, 4]}


def test_maxlen_drops_long_reviews_in_each_part(cached_imdb):
    # Lengths with the start char: train 4, 3, 6, 2; test 3, 4. Reviews of
    # maxlen entries or more are dropped; none moves between the parts.
    # The default cut-off is then the largest index kept (8), made oov.
    (x_train, y_train), (x_test, y_test) = imdb.load_data(maxlen=4)
    assert by_id(x_train, y_train) == {1: [1, 7, 2], 3: [1, 5]}
    assert by_id(x_test, y_test) == {0: [1, 6, 6]}
    with pytest.raises(ValueError, match='maxlen=2'):
        imdb.load_data(maxlen=2)


def test_reviews_of_one_length_stay_lists(cached_imdb):
    cached_imdb(npz_bytes(train=[[1, 2], [3, 4]], test=[[5, 6]]))
    (x_train, y_train), (x_test, _) = imdb.load_data()
    assert x_train.shape == (2,) and x_test.shape == (1,)
    assert sorted(by_id(x_train, y_train).values()) == [[1, 4, 5], [1, 6, 7]]


def test_keras1_nb_words_and_unknown_arguments(cached_imdb):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        (x_train, y_train), _ = imdb.load_data(nb_words=8)
    assert any('`nb_words`' in str(w.message) and '`num_words`' in
               str(w.message) for w in caught)
    assert by_id(x_train, y_train)[2] == [1, 4, 2, 2, 2, 2]
    with pytest.raises(TypeError, match='bogus'):
        imdb.load_data(bogus=1)


def test_get_word_index_from_cache(cached_imdb, tmp_path, monkeypatch):
    content = json.dumps({'the': 1, 'and': 2, 'film': 19}).encode()
    (tmp_path / 'datasets' / 'imdb_word_index.json').write_bytes(content)
    monkeypatch.setattr(imdb, 'WORD_INDEX_FILE_HASH',
                        hashlib.md5(content).hexdigest())
    assert imdb.get_word_index() == {'the': 1, 'and': 2, 'film': 19}


def test_offline_without_cache_says_where_to_put_the_file(tmp_path,
                                                           monkeypatch):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    monkeypatch.setattr(data_utils, 'urlretrieve', refuse_download)
    with pytest.raises(Exception) as info:
        imdb.load_data()
    assert imdb.ORIGIN in str(info.value)
    assert str(tmp_path / 'datasets' / 'imdb.npz') in str(info.value)
