"""mnist.load_data without network: the real origin and hash are checked as
constants, and loading is exercised on a small file in the same format."""
import hashlib
import io
import os
from urllib.error import URLError

import numpy as np
import pytest

from keras.datasets import mnist
from keras.utils import data_utils


def small_mnist_bytes():
    rng = np.random.RandomState(0)
    arrays = {'x_train': rng.randint(0, 256, (6, 28, 28)).astype('uint8'),
              'y_train': rng.randint(0, 10, (6,)).astype('uint8'),
              'x_test': rng.randint(0, 256, (3, 28, 28)).astype('uint8'),
              'y_test': rng.randint(0, 10, (3,)).astype('uint8')}
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue(), arrays


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    return tmp_path


def refuse_download(url, filename, reporthook=None, data=None):
    raise URLError('network is unreachable')


def test_origin_and_hash_are_the_published_ones(monkeypatch, keras_home):
    seen = {}

    def fake_get_file(fname, origin, **kwargs):
        seen.update(fname=fname, origin=origin, **kwargs)
        raise RuntimeError('stop here')

    monkeypatch.setattr(mnist, 'get_file', fake_get_file)
    with pytest.raises(RuntimeError):
        mnist.load_data()
    assert seen['fname'] == 'mnist.npz'
    assert seen['origin'] == ('https://storage.googleapis.com/tensorflow/'
                              'tf-keras-datasets/mnist.npz')
    assert seen['file_hash'] == ('731c5ac602752760c8e48fbffcf8c3b850d9dc2a2ae'
                                 'dcf2cc48468fc17b673d1')


def test_load_from_cache_without_network(monkeypatch, keras_home):
    content, arrays = small_mnist_bytes()
    cached = keras_home / 'datasets' / 'mnist.npz'
    cached.parent.mkdir()
    cached.write_bytes(content)
    monkeypatch.setattr(mnist, 'FILE_HASH',
                        hashlib.sha256(content).hexdigest())
    monkeypatch.setattr(data_utils, 'urlretrieve', refuse_download)
    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    assert x_train.shape == (6, 28, 28) and x_test.shape == (3, 28, 28)
    for array in (x_train, y_train, x_test, y_test):
        assert array.dtype == np.uint8
    np.testing.assert_array_equal(x_train, arrays['x_train'])
    np.testing.assert_array_equal(y_test, arrays['y_test'])


def test_download_into_cache_then_reuse(monkeypatch, keras_home):
    content, arrays = small_mnist_bytes()
    downloads = []

    def serve(url, filename, reporthook=None, data=None):
        downloads.append(url)
        with open(filename, 'wb') as f:
            f.write(content)

    monkeypatch.setattr(mnist, 'FILE_HASH',
                        hashlib.sha256(content).hexdigest())
    monkeypatch.setattr(data_utils, 'urlretrieve', serve)
    (x_train, _), _ = mnist.load_data(path='my_mnist.npz')
    assert downloads == [mnist.ORIGIN]
    assert os.path.exists(str(keras_home / 'datasets' / 'my_mnist.npz'))
    np.testing.assert_array_equal(x_train, arrays['x_train'])
    mnist.load_data(path='my_mnist.npz')
    assert len(downloads) == 1


def test_offline_without_cache_says_where_to_put_the_file(monkeypatch,
                                                           keras_home):
    monkeypatch.setattr(data_utils, 'urlretrieve', refuse_download)
    with pytest.raises(Exception) as info:
        mnist.load_data()
    message = str(info.value)
    assert mnist.ORIGIN in message
    assert str(keras_home / 'datasets' / 'mnist.npz') in message


def test_cached_file_with_wrong_hash_is_not_trusted(monkeypatch, keras_home):
    # A file that is not the published mnist.npz triggers a re-download;
    # offline, that fails instead of returning wrong data.
    content, _ = small_mnist_bytes()
    cached = keras_home / 'datasets' / 'mnist.npz'
    cached.parent.mkdir()
    cached.write_bytes(content)
    monkeypatch.setattr(data_utils, 'urlretrieve', refuse_download)
    with pytest.raises(Exception, match='URL fetch failure'):
        mnist.load_data()
