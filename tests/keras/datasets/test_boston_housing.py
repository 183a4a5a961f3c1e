"""boston_housing.load_data without network, on a small boston_housing.npz
of the real layout (`x` of shape (n, 13), `y` of shape (n,)) written
here."""
import hashlib
import io
from urllib.error import URLError

import numpy as np
import pytest

from keras.datasets import boston_housing
from keras.utils import data_utils

# Sample i has every feature equal to i and target 100 + i, so each returned
# row names the sample it came from.
X = np.repeat(np.arange(7, dtype='float64')[:, None], 13, axis=1)
Y = 100.0 + np.arange(7)


def refuse_download(url, filename, reporthook=None, data=None):
    raise URLError('network is unreachable')


@pytest.fixture
def cached_boston(tmp_path, monkeypatch):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    monkeypatch.setattr(data_utils, 'urlretrieve', refuse_download)
    buffer = io.BytesIO()
    np.savez(buffer, x=X, y=Y)
    content = buffer.getvalue()
    (tmp_path / 'datasets').mkdir()
    (tmp_path / 'datasets' / 'boston_housing.npz').write_bytes(content)
    monkeypatch.setattr(boston_housing, 'FILE_HASH',
                        hashlib.sha256(content).hexdigest())
    return tmp_path


def test_origin_and_hash_are_2_3_1s(monkeypatch, tmp_path):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    seen = {}

    def fake_get_file(fname, origin, **kwargs):
        seen.update(fname=fname, origin=origin, **kwargs)
        raise RuntimeError('stop here')

    monkeypatch.setattr(boston_housing, 'get_file', fake_get_file)
    with pytest.raises(RuntimeError):
        boston_housing.load_data()
    assert seen == {
        'fname': 'boston_housing.npz',
        'origin': ('https://s3.amazonaws.com/keras-datasets/'
                   'boston_housing.npz'),
        'file_hash': ('f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f'
                      '8839538947dff5')}


def test_shuffled_split_is_2_3_1s(cached_boston):
    # 7 samples, test_split 0.2: int(7 * 0.8) = 5 for training, in the
    # order of one RandomState(113) shuffle.
    order = np.arange(7)
    np.random.RandomState(113).shuffle(order)
    (x_train, y_train), (x_test, y_test) = boston_housing.load_data()
    assert x_train.shape == (5, 13) and x_test.shape == (2, 13)
    assert y_train.shape == (5,) and y_test.shape == (2,)
    assert x_train.dtype == np.float64 and y_train.dtype == np.float64
    np.testing.assert_array_equal(y_train, 100.0 + order[:5])
    np.testing.assert_array_equal(y_test, 100.0 + order[5:])
    np.testing.assert_array_equal(x_train[:, 0], order[:5])
    np.testing.assert_array_equal(x_test[:, 12], order[5:])
    assert sorted(np.concatenate([y_train, y_test])) == list(Y)


def test_test_split_and_seed(cached_boston):
    order = np.arange(7)
    np.random.RandomState(3).shuffle(order)
    (_, y_train), (_, y_test) = boston_housing.load_data(test_split=0.5,
                                                         seed=3)
    # int(7 * 0.5) = 3.
    np.testing.assert_array_equal(y_train, 100.0 + order[:3])
    np.testing.assert_array_equal(y_test, 100.0 + order[3:])
    (x_train, _), (x_test, _) = boston_housing.load_data(test_split=0)
    assert len(x_train) == 7 and len(x_test) == 0
    for bad in (1, 1.5, -0.1):
        with pytest.raises(ValueError, match='received: ' + str(bad)):
            boston_housing.load_data(test_split=bad)


def test_offline_without_cache_says_where_to_put_the_file(tmp_path,
                                                           monkeypatch):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    monkeypatch.setattr(data_utils, 'urlretrieve', refuse_download)
    with pytest.raises(Exception) as info:
        boston_housing.load_data()
    assert boston_housing.ORIGIN in str(info.value)
    assert (str(tmp_path / 'datasets' / 'boston_housing.npz')
            in str(info.value))
