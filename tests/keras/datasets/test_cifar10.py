"""cifar.load_batch and cifar10.load_data without network, on a small
cifar-10-python.tar.gz of the real layout (Python 2 style pickles with
bytes keys, rows of 3072 uint8 values: red, green, blue planes) written
here."""
import io
import pickle
import tarfile
from urllib.error import URLError

import numpy as np
import pytest

from keras import backend as K
from keras.datasets import cifar, cifar10
from keras.utils import data_utils


def refuse_download(url, filename, reporthook=None, data=None):
    raise URLError('network is unreachable')


def batch_bytes(data, labels, label_key=b'labels'):
    batch = {b'batch_label': b'small batch', label_key: list(labels),
             b'data': data,
             b'filenames': [b'img_%d.png' % i for i in range(len(data))]}
    return pickle.dumps(batch, protocol=2)


def rows(first, count):
    """`count` image rows whose value at flat position p of row i is
    (first + i + p) % 256."""
    positions = np.arange(3072)
    return np.array([(first + i + positions) % 256 for i in range(count)],
                    dtype=np.uint8)


def write_archive(path, top_dir, members):
    with tarfile.open(str(path), 'w:gz') as archive:
        for name, content in members.items():
            info = tarfile.TarInfo(top_dir + '/' + name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))


@pytest.fixture
def data_format():
    previous = K.image_data_format()
    yield K.set_image_data_format
    K.set_image_data_format(previous)


@pytest.fixture
def cached_cifar10(tmp_path, monkeypatch):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    monkeypatch.setattr(data_utils, 'urlretrieve', refuse_download)
    (tmp_path / 'datasets').mkdir()
    # Batches of 2 training images each (labels 2i, 2i+1), 3 test images.
    members = {'data_batch_%d' % i: batch_bytes(rows(10 * i, 2),
                                                [2 * i, 2 * i + 1])
               for i in range(1, 6)}
    members['test_batch'] = batch_bytes(rows(200, 3), [7, 8, 9])
    members['batches.meta'] = pickle.dumps({b'label_names': []}, protocol=2)
    # get_file(untar=True) keeps the archive as <dirname>.tar.gz.
    write_archive(tmp_path / 'datasets' / 'cifar-10-batches-py.tar.gz',
                  'cifar-10-batches-py', members)
    return tmp_path


def test_load_batch_reshapes_rows_into_channel_planes(tmp_path):
    data = rows(5, 2)
    path = tmp_path / 'batch'
    path.write_bytes(batch_bytes(data, [3, 4]))
    images, labels = cifar.load_batch(str(path))
    assert images.shape == (2, 3, 32, 32) and images.dtype == np.uint8
    assert labels == [3, 4]
    # Flat position = channel * 1024 + row * 32 + column.
    assert images[0, 0, 0, 1] == (5 + 0 + 1) % 256
    assert images[1, 1, 0, 0] == (5 + 1 + 1024) % 256
    assert images[1, 2, 3, 4] == (5 + 1 + 2048 + 3 * 32 + 4) % 256


def test_load_batch_label_key_and_missing_key(tmp_path):
    path = tmp_path / 'batch'
    path.write_bytes(batch_bytes(rows(0, 1), [42], label_key=b'fine_labels'))
    assert cifar.load_batch(str(path), label_key='fine_labels')[1] == [42]
    with pytest.raises(KeyError, match="'labels'"):
        cifar.load_batch(str(path))


def test_origin_is_2_3_1s(monkeypatch, tmp_path):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    seen = {}

    def fake_get_file(fname, origin, **kwargs):
        seen.update(fname=fname, origin=origin, **kwargs)
        raise RuntimeError('stop here')

    monkeypatch.setattr(cifar10, 'get_file', fake_get_file)
    with pytest.raises(RuntimeError):
        cifar10.load_data()
    assert seen == {'fname': 'cifar-10-batches-py', 'untar': True,
                    'origin': ('https://www.cs.toronto.edu/~kriz/'
                               'cifar-10-python.tar.gz')}


def test_load_channels_last(cached_cifar10, data_format):
    data_format('channels_last')
    (x_train, y_train), (x_test, y_test) = cifar10.load_data()
    assert x_train.shape == (10, 32, 32, 3) and x_test.shape == (3, 32, 32, 3)
    assert x_train.dtype == np.uint8 and x_test.dtype == np.uint8
    assert y_train.shape == (10, 1) and y_test.shape == (3, 1)
    # As in Keras 2.3.1: uint8 training labels, int64 test labels.
    assert y_train.dtype == np.uint8 and y_test.dtype == np.int64
    np.testing.assert_array_equal(y_train[:, 0], np.arange(2, 12))
    np.testing.assert_array_equal(y_test[:, 0], [7, 8, 9])
    # Training image 3 is the second of data_batch_2 (first value 21);
    # [row 4, column 5, blue] is flat position 2048 + 4 * 32 + 5.
    assert x_train[3, 4, 5, 2] == (21 + 2048 + 133) % 256
    assert x_train[9, 0, 0, 0] == 51
    assert x_test[2, 31, 31, 1] == (202 + 1024 + 1023) % 256
    assert (cached_cifar10 / 'datasets' / 'cifar-10-batches-py' /
            'test_batch').exists()


def test_load_channels_first(cached_cifar10, data_format):
    data_format('channels_first')
    (x_train, _), (x_test, _) = cifar10.load_data()
    assert x_train.shape == (10, 3, 32, 32) and x_test.shape == (3, 3, 32, 32)
    assert x_train[3, 2, 4, 5] == (21 + 2048 + 133) % 256
    np.testing.assert_array_equal(x_test[0].reshape(-1), rows(200, 1)[0])


def test_offline_without_cache_says_where_to_put_the_file(tmp_path,
                                                           monkeypatch):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    monkeypatch.setattr(data_utils, 'urlretrieve', refuse_download)
    with pytest.raises(Exception) as info:
        cifar10.load_data()
    assert cifar10.ORIGIN in str(info.value)
    assert (str(tmp_path / 'datasets' / 'cifar-10-batches-py.tar.gz')
            in str(info.value))
