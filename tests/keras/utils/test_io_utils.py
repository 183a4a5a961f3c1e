import builtins
import os

import h5py
import numpy as np
import pytest

from keras.utils import io_utils
from keras.utils.io_utils import HDF5Matrix
from keras.utils.io_utils import ask_to_proceed_with_overwrite
from keras.utils.io_utils import atomic_write_path


@pytest.fixture
def h5_path(tmp_path):
    path = str(tmp_path / 'data.h5')
    with h5py.File(path, 'w') as f:
        f.create_dataset('x', data=np.arange(40, dtype='float32').reshape((10, 4)))
        f.create_dataset('y', data=np.arange(10, dtype='int32'))
    yield path
    # Release the shared handle so tmp_path can be removed on any platform.
    handle = HDF5Matrix.refs.pop(path, None)
    if handle is not None:
        handle.close()


def test_hdf5_matrix_slicing(h5_path):
    x = HDF5Matrix(h5_path, 'x', start=2, end=8)
    full = np.arange(40, dtype='float32').reshape((10, 4))
    assert len(x) == 6
    assert x.shape == (6, 4)
    assert x.ndim == 2
    assert x.size == 24
    assert x.dtype == np.float32
    np.testing.assert_array_equal(x[0], full[2])
    np.testing.assert_array_equal(x[1:3], full[3:5])
    np.testing.assert_array_equal(x[:], full[2:8])
    np.testing.assert_array_equal(x[np.array([0, 5])], full[[2, 7]])
    # Unsorted and repeated indices (shuffled batches) are accepted.
    np.testing.assert_array_equal(x[[4, 0, 4]], full[[6, 2, 6]])
    for bad_key in (6, slice(0, 7), [1, 6], np.array([6])):
        with pytest.raises(IndexError):
            x[bad_key]


def test_hdf5_matrix_normalizer_and_shared_file(h5_path):
    y = HDF5Matrix(h5_path, 'y', normalizer=lambda v: v.astype('float64') / 2)
    assert y.dtype == np.float64
    np.testing.assert_array_equal(y[2:4], [1.0, 1.5])
    x = HDF5Matrix(h5_path, 'x')
    assert x.shape == (10, 4)
    assert len(HDF5Matrix.refs) >= 1 and h5_path in HDF5Matrix.refs


def test_hdf5_matrix_without_h5py(monkeypatch):
    monkeypatch.setattr(io_utils, 'h5py', None)
    with pytest.raises(ImportError, match='h5py'):
        HDF5Matrix('missing.h5', 'x')


def test_ask_to_proceed_with_overwrite(monkeypatch, capsys):
    answers = iter(['maybe', 'y'])
    monkeypatch.setattr(builtins, 'input', lambda prompt: next(answers))
    assert ask_to_proceed_with_overwrite('/tmp/model.h5')
    assert '[TIP] Next time specify overwrite=True!' in capsys.readouterr().out
    monkeypatch.setattr(builtins, 'input', lambda prompt: 'n')
    assert not ask_to_proceed_with_overwrite('/tmp/model.h5')


def test_atomic_write_replaces_on_success(tmp_path):
    target = tmp_path / 'model.h5'
    target.write_text('old')
    with atomic_write_path(str(target)) as temp_path:
        assert os.path.dirname(temp_path) == str(tmp_path)
        assert not os.path.exists(temp_path)
        with open(temp_path, 'w') as f:
            f.write('new')
        assert target.read_text() == 'old'
    assert target.read_text() == 'new'
    assert os.listdir(str(tmp_path)) == ['model.h5']


def test_atomic_write_keeps_previous_file_on_error(tmp_path):
    target = tmp_path / 'model.h5'
    target.write_text('old')
    with pytest.raises(KeyboardInterrupt):
        with atomic_write_path(target) as temp_path:
            with open(temp_path, 'w') as f:
                f.write('half written')
            raise KeyboardInterrupt()
    assert target.read_text() == 'old'
    assert os.listdir(str(tmp_path)) == ['model.h5']


def test_atomic_write_with_h5py(tmp_path):
    target = str(tmp_path / 'weights.h5')
    with atomic_write_path(target) as temp_path:
        with h5py.File(temp_path, 'w') as f:
            f['w'] = np.ones(3)
    with h5py.File(target, 'r') as f:
        np.testing.assert_array_equal(f['w'][()], np.ones(3))
