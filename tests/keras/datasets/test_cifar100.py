"""cifar100.load_data without network, on a small cifar-100-python.tar.gz
of the real layout (`train` and `test` pickles with bytes keys and both
fine and coarse labels) written here."""
import io
import pickle
import tarfile
from urllib.error import URLError

import numpy as np
import pytest

from keras import backend as K
from keras.datasets import cifar100
from keras.utils import data_utils


def refuse_download(url, filename, reporthook=None, data=None):
    raise URLError('network is unreachable')


def split_bytes(first, fine, coarse):
    positions = np.arange(3072)
    data = np.array([(first + i + positions) % 256 for i in range(len(fine))],
                    dtype=np.uint8)
    split = {b'batch_label': b'small', b'fine_labels': list(fine),
             b'coarse_labels': list(coarse), b'data': data,
             b'filenames': [b'f%d.png' % i for i in range(len(fine))]}
    return pickle.dumps(split, protocol=2)


@pytest.fixture
def data_format():
    previous = K.image_data_format()
    yield K.set_image_data_format
    K.set_image_data_format(previous)


@pytest.fixture
def cached_cifar100(tmp_path, monkeypatch):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    monkeypatch.setattr(data_utils, 'urlretrieve', refuse_download)
    (tmp_path / 'datasets').mkdir()
    members = {'train': split_bytes(0, [99, 50, 3, 4], [19, 10, 0, 1]),
               'test': split_bytes(100, [17, 64], [7, 12]),
               'meta': pickle.dumps({b'fine_label_names': []}, protocol=2)}
    path = tmp_path / 'datasets' / 'cifar-100-python.tar.gz'
    with tarfile.open(str(path), 'w:gz') as archive:
        for name, content in members.items():
            info = tarfile.TarInfo('cifar-100-python/' + name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return tmp_path


def test_origin_is_2_3_1s(monkeypatch, tmp_path):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    seen = {}

    def fake_get_file(fname, origin, **kwargs):
        seen.update(fname=fname, origin=origin, **kwargs)
        raise RuntimeError('stop here')

    monkeypatch.setattr(cifar100, 'get_file', fake_get_file)
    with pytest.raises(RuntimeError):
        cifar100.load_data()
    assert seen == {'fname': 'cifar-100-python', 'untar': True,
                    'origin': ('https://www.cs.toronto.edu/~kriz/'
                               'cifar-100-python.tar.gz')}


def test_fine_labels_channels_last(cached_cifar100, data_format):
    data_format('channels_last')
    (x_train, y_train), (x_test, y_test) = cifar100.load_data()
    assert x_train.shape == (4, 32, 32, 3) and x_test.shape == (2, 32, 32, 3)
    assert x_train.dtype == np.uint8
    assert y_train.shape == (4, 1) and y_test.shape == (2, 1)
    assert y_train.dtype == np.int64 and y_test.dtype == np.int64
    np.testing.assert_array_equal(y_train[:, 0], [99, 50, 3, 4])
    np.testing.assert_array_equal(y_test[:, 0], [17, 64])
    # [row 1, column 2, green] is flat position 1024 + 32 + 2.
    assert x_train[2, 1, 2, 1] == (2 + 1058) % 256
    assert x_test[1, 0, 0, 2] == (101 + 2048) % 256


def test_coarse_labels_channels_first(cached_cifar100, data_format):
    data_format('channels_first')
    (x_train, y_train), (x_test, y_test) = cifar100.load_data('coarse')
    assert x_train.shape == (4, 3, 32, 32)
    np.testing.assert_array_equal(y_train[:, 0], [19, 10, 0, 1])
    np.testing.assert_array_equal(y_test[:, 0], [7, 12])
    assert x_train[2, 1, 1, 2] == (2 + 1058) % 256


def test_unknown_label_mode(cached_cifar100):
    with pytest.raises(ValueError, match="'medium'"):
        cifar100.load_data(label_mode='medium')


def test_offline_without_cache_says_where_to_put_the_file(tmp_path,
                                                           monkeypatch):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    monkeypatch.setattr(data_utils, 'urlretrieve', refuse_download)
    with pytest.raises(Exception) as info:
        cifar100.load_data()
    assert cifar100.ORIGIN in str(info.value)
    assert (str(tmp_path / 'datasets' / 'cifar-100-python.tar.gz')
            in str(info.value))
