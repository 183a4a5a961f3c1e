"""fashion_mnist.load_data without network, on four small gzipped IDX files
(big-endian int32 magic number and sizes, then uint8 values) written here
into the cache."""
import gzip
import struct
from urllib.error import URLError

import numpy as np
import pytest

from keras.datasets import fashion_mnist
from keras.utils import data_utils


def refuse_download(url, filename, reporthook=None, data=None):
    raise URLError('network is unreachable')


def idx_bytes(array):
    array = np.asarray(array, dtype=np.uint8)
    header = struct.pack('>I', 0x0800 | array.ndim)
    header += b''.join(struct.pack('>I', size) for size in array.shape)
    return header + array.tobytes()


TRAIN_IMAGES = (np.arange(3 * 28 * 28) % 251).reshape(3, 28, 28)
TEST_IMAGES = (np.arange(2 * 28 * 28) % 7 + 100).reshape(2, 28, 28)
TRAIN_LABELS = [9, 0, 4]
TEST_LABELS = [1, 8]


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    monkeypatch.setattr(data_utils, 'urlretrieve', refuse_download)
    directory = tmp_path / 'datasets' / 'fashion-mnist'
    directory.mkdir(parents=True)
    return directory


def write(directory, name, content):
    with gzip.open(str(directory / name), 'wb') as f:
        f.write(content)


@pytest.fixture
def cached_files(cache_dir):
    write(cache_dir, 'train-labels-idx1-ubyte.gz', idx_bytes(TRAIN_LABELS))
    write(cache_dir, 'train-images-idx3-ubyte.gz', idx_bytes(TRAIN_IMAGES))
    write(cache_dir, 't10k-labels-idx1-ubyte.gz', idx_bytes(TEST_LABELS))
    write(cache_dir, 't10k-images-idx3-ubyte.gz', idx_bytes(TEST_IMAGES))
    return cache_dir


def test_origins_are_2_3_1s(monkeypatch, tmp_path):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    seen = []

    def fake_get_file(fname, origin, **kwargs):
        seen.append(dict(fname=fname, origin=origin, **kwargs))
        return str(tmp_path / 'missing')

    monkeypatch.setattr(fashion_mnist, 'get_file', fake_get_file)
    with pytest.raises(OSError):
        fashion_mnist.load_data()
    base = 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/'
    names = ['train-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz',
             't10k-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz']
    assert seen == [{'fname': name, 'origin': base + name,
                     'cache_subdir': 'datasets/fashion-mnist'}
                    for name in names]


def test_load_from_cache(cached_files):
    (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()
    assert x_train.shape == (3, 28, 28) and x_test.shape == (2, 28, 28)
    assert y_train.shape == (3,) and y_test.shape == (2,)
    for array in (x_train, y_train, x_test, y_test):
        assert array.dtype == np.uint8
    assert list(y_train) == [9, 0, 4] and list(y_test) == [1, 8]
    # Image 1, row 2, column 3 is value number 784 + 2 * 28 + 3 = 843.
    assert x_train[1, 2, 3] == 843 % 251
    assert x_test[1, 27, 27] == (2 * 784 - 1) % 7 + 100
    x_train[0, 0, 0] = 1  # writable, not a view of the file's bytes


def test_wrong_magic_number_names_expected_and_received(cached_files):
    write(cached_files, 'train-images-idx3-ubyte.gz', idx_bytes(TRAIN_LABELS))
    with pytest.raises(ValueError, match=r"0x803.*b'\\x00\\x00\\x08\\x01'"):
        fashion_mnist.load_data()


def test_truncated_or_mismatched_files(cached_files):
    write(cached_files, 't10k-images-idx3-ubyte.gz',
          idx_bytes(TEST_IMAGES)[:-5])
    with pytest.raises(ValueError, match=r'\(2, 28, 28\).*1563 values'):
        fashion_mnist.load_data()
    write(cached_files, 't10k-images-idx3-ubyte.gz', idx_bytes(TRAIN_IMAGES))
    with pytest.raises(ValueError, match='3 images but 2 labels'):
        fashion_mnist.load_data()


def test_offline_without_cache_says_where_to_put_the_file(cache_dir):
    with pytest.raises(Exception) as info:
        fashion_mnist.load_data()
    assert (fashion_mnist.BASE_ORIGIN + 'train-labels-idx1-ubyte.gz'
            in str(info.value))
    assert str(cache_dir / 'train-labels-idx1-ubyte.gz') in str(info.value)
