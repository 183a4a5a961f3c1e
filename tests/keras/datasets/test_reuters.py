"""reuters.load_data / get_word_index without network, on a small
reuters.npz of the real layout (`x` an object array of int lists, `y` the
topics) written here.

The topics of the small file are newswire ids (0, 1, 2, ...), so every
returned newswire can be checked against its hand-computed list whatever
the shuffle did.
"""
import hashlib
import io
import json
import warnings
from urllib.error import URLError

import numpy as np
import pytest

from keras.datasets import imdb
from keras.datasets import reuters
from keras.utils import data_utils

# Word ranks as stored in the file.
WIRES = [[1, 2, 3], [4, 5], [1, 6, 7, 8, 9], [2], [3, 3], [10, 1, 2]]


def object_array(lists):
    array = np.empty(len(lists), dtype=object)
    for i, x in enumerate(lists):
        array[i] = list(x)
    return array


def refuse_download(url, filename, reporthook=None, data=None):
    raise URLError('network is unreachable')


@pytest.fixture
def cached_reuters(tmp_path, monkeypatch):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    monkeypatch.setattr(data_utils, 'urlretrieve', refuse_download)
    (tmp_path / 'datasets').mkdir()

    def write(wires=WIRES):
        buffer = io.BytesIO()
        np.savez(buffer, x=object_array(wires),
                 y=np.arange(len(wires), dtype='int64'))
        content = buffer.getvalue()
        (tmp_path / 'datasets' / 'reuters.npz').write_bytes(content)
        monkeypatch.setattr(reuters, 'FILE_HASH',
                            hashlib.md5(content).hexdigest())
    write()
    return write


def shuffled_ids(count, seed=113):
    order = np.arange(count)
    np.random.RandomState(seed).shuffle(order)
    return order


def by_id(x, y):
    """{newswire id: list}, checking the pairs are lists of ints."""
    assert x.dtype == object and x.ndim == 1
    assert y.dtype == np.int64 and len(x) == len(y)
    result = {}
    for wire, label in zip(x, y):
        assert isinstance(wire, list)
        result[int(label)] = wire
    return result


def load_all(**kwargs):
    (x_train, y_train), (x_test, y_test) = reuters.load_data(**kwargs)
    wires = by_id(x_train, y_train)
    wires.update(by_id(x_test, y_test))
    return wires, list(y_train), list(y_test)


def test_origins_and_hashes_are_2_3_1s(monkeypatch, tmp_path):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    seen = []

    def fake_get_file(fname, origin, **kwargs):
        seen.append(dict(fname=fname, origin=origin, **kwargs))
        raise RuntimeError('stop here')

    monkeypatch.setattr(reuters, 'get_file', fake_get_file)
    # The word index is read by the loader imdb and reuters share.
    monkeypatch.setattr(imdb, 'get_file', fake_get_file)
    with pytest.raises(RuntimeError):
        reuters.load_data()
    with pytest.raises(RuntimeError):
        reuters.get_word_index()
    assert seen == [
        {'fname': 'reuters.npz',
         'origin': 'https://s3.amazonaws.com/text-datasets/reuters.npz',
         'file_hash': '87aedbeb0cb229e378797a632c1997b6'},
        {'fname': 'reuters_word_index.json',
         'origin': ('https://s3.amazonaws.com/text-datasets/'
                    'reuters_word_index.json'),
         'file_hash': '4d44cc38712099c9e383dc6e5f11a921'}]


def test_defaults_shuffle_shift_and_split(cached_reuters):
    wires, train_ids, test_ids = load_all()
    # 6 newswires, test_split 0.2: int(6 * 0.8) = 4 for training, in the
    # order of one RandomState(113) shuffle.
    order = shuffled_ids(6)
    assert train_ids == list(order[:4]) and test_ids == list(order[4:])
    # rank + 3 after a 1; with num_words=None the cut-off is the largest
    # index (13), which as in Keras 2.3.1 becomes oov_char 2.
    assert wires == {0: [1, 4, 5, 6], 1: [1, 7, 8], 2: [1, 4, 9, 10, 11, 12],
                     3: [1, 5], 4: [1, 6, 6], 5: [1, 2, 4, 5]}


def test_test_split_and_seed(cached_reuters):
    _, train_ids, test_ids = load_all(test_split=0.5, seed=3)
    order = shuffled_ids(6, seed=3)
    assert train_ids == list(order[:3]) and test_ids == list(order[3:])
    _, train_ids, test_ids = load_all(test_split=0)
    assert len(train_ids) == 6 and test_ids == []
    _, train_ids, test_ids = load_all(test_split=1)
    assert train_ids == [] and len(test_ids) == 6
    with pytest.raises(ValueError, match='received: 1.5'):
        reuters.load_data(test_split=1.5)


def test_num_words_skip_top_and_oov_char(cached_reuters):
    wires, _, _ = load_all(num_words=8)
    assert wires == {0: [1, 4, 5, 6], 1: [1, 7, 2], 2: [1, 4, 2, 2, 2, 2],
                     3: [1, 5], 4: [1, 6, 6], 5: [1, 2, 4, 5]}
    # skip_top=5 also replaces the start char (1 < 5) and index 4.
    wires, _, _ = load_all(num_words=11, skip_top=5)
    assert wires == {0: [2, 2, 5, 6], 1: [2, 7, 8], 2: [2, 2, 9, 10, 2, 2],
                     3: [2, 5], 4: [2, 6, 6], 5: [2, 2, 2, 5]}
    wires, _, _ = load_all(num_words=8, oov_char=None)
    assert wires == {0: [1, 4, 5, 6], 1: [1, 7], 2: [1, 4], 3: [1, 5],
                     4: [1, 6, 6], 5: [1, 4, 5]}


def test_start_char_and_index_from(cached_reuters):
    wires, _, _ = load_all(num_words=100, start_char=None, index_from=0)
    assert wires == dict(enumerate(WIRES))
    wires, _, _ = load_all(num_words=12, start_char=7, oov_char=0,
                           index_from=2)
    assert wires == {0: [7, 3, 4, 5], 1: [7, 6, 7], 2: [7, 3, 8, 9, 10, 11],
                     3: [7, 4], 4: [7, 5, 5], 5: [7, 0, 3, 4]}


def test_maxlen_drops_long_newswires_before_the_split(cached_reuters):
    # Lengths with the start char: 4, 3, 6, 2, 3, 4. Those of maxlen
    # entries or more are dropped; the 3 left are split int(3 * 0.8) = 2
    # to 1, in shuffled order. The default cut-off is then the largest
    # index kept (8), made oov.
    wires, train_ids, test_ids = load_all(maxlen=4)
    kept = [i for i in shuffled_ids(6) if i in (1, 3, 4)]
    assert train_ids == kept[:2] and test_ids == kept[2:]
    assert wires == {1: [1, 7, 2], 3: [1, 5], 4: [1, 6, 6]}
    with pytest.raises(ValueError, match='maxlen=2'):
        reuters.load_data(maxlen=2)


def test_newswires_of_one_length_stay_lists(cached_reuters):
    cached_reuters([[1, 2], [3, 4], [5, 6]])
    (x_train, y_train), (x_test, y_test) = reuters.load_data(test_split=0.4)
    # int(3 * 0.6) = 1 for training; the largest index, 9, becomes oov.
    assert x_train.shape == (1,) and x_test.shape == (2,)
    wires = by_id(x_train, y_train)
    wires.update(by_id(x_test, y_test))
    assert wires == {0: [1, 4, 5], 1: [1, 6, 7], 2: [1, 8, 2]}


def test_keras1_nb_words_and_unknown_arguments(cached_reuters):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        wires, _, _ = load_all(nb_words=8)
    assert any('`nb_words`' in str(w.message) and '`num_words`' in
               str(w.message) for w in caught)
    assert wires[2] == [1, 4, 2, 2, 2, 2]
    with pytest.raises(TypeError, match='bogus'):
        reuters.load_data(bogus=1)


def test_get_word_index_from_cache(cached_reuters, tmp_path, monkeypatch):
    content = json.dumps({'the': 1, 'of': 2, 'said': 4}).encode()
    (tmp_path / 'datasets' / 'reuters_word_index.json').write_bytes(content)
    monkeypatch.setattr(reuters, 'WORD_INDEX_FILE_HASH',
                        hashlib.md5(content).hexdigest())
    assert reuters.get_word_index() == {'the': 1, 'of': 2, 'said': 4}


def test_offline_without_cache_says_where_to_put_the_file(tmp_path,
                                                           monkeypatch):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    monkeypatch.setattr(data_utils, 'urlretrieve', refuse_download)
    with pytest.raises(Exception) as info:
        reuters.load_data()
    assert reuters.ORIGIN in str(info.value)
    assert str(tmp_path / 'datasets' / 'reuters.npz') in str(info.value)
