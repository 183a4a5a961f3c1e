import pathlib

import h5py
import numpy as np
import pytest

from keras.utils import H5Dict


@pytest.fixture
def path(tmp_path):
    return str(tmp_path / 'store.h5')


def write_example(store):
    store['model_config'] = '{"class_name": "Sequential"}'
    store['keras_version'] = b'2.3.1'
    store['epochs'] = 3
    store['learning_rate'] = 0.5
    store['kernel'] = np.arange(6, dtype='float32').reshape((2, 3))
    store['iterations'] = np.int64(7)
    store['layer_names'] = ['dense_1', 'dense_2']
    store['shape'] = [4, 5]
    store['model_weights'] = {'dense_1': {'bias': np.ones(2, 'float64')},
                              'backend': 'jax'}


def check_example(store):
    assert store['model_config'] == '{"class_name": "Sequential"}'
    assert store['keras_version'] == b'2.3.1'
    assert store['epochs'] == 3
    assert store['learning_rate'] == 0.5
    kernel = store['kernel']
    assert kernel.dtype == np.float32
    np.testing.assert_array_equal(kernel, [[0, 1, 2], [3, 4, 5]])
    assert int(store['iterations']) == 7
    assert store['layer_names'] == ['dense_1', 'dense_2']
    np.testing.assert_array_equal(store['shape'], [4, 5])
    weights = store['model_weights']
    assert isinstance(weights, H5Dict)
    assert weights['backend'] == 'jax'
    bias = weights['dense_1']['bias']
    assert bias.dtype == np.float64
    np.testing.assert_array_equal(bias, [1.0, 1.0])


def test_file_round_trip_and_layout(path):
    with H5Dict(path, mode='w') as store:
        write_example(store)
    with H5Dict(pathlib.Path(path), mode='r') as store:
        check_example(store)
    # The layout, read with h5py itself: text and numbers as attributes,
    # arrays as datasets, dicts as groups.
    with h5py.File(path, 'r') as f:
        assert f.attrs['model_config'] == '{"class_name": "Sequential"}'
        assert f.attrs['epochs'] == 3
        assert list(f.attrs['layer_names']) == [b'dense_1', b'dense_2']
        assert isinstance(f['kernel'], h5py.Dataset)
        assert f['iterations'].shape == ()
        assert isinstance(f['model_weights'], h5py.Group)
        assert f['model_weights'].attrs['backend'] == 'jax'
        np.testing.assert_array_equal(f['model_weights/dense_1/bias'][()],
                                      [1.0, 1.0])


def test_dict_round_trip():
    data = {}
    store = H5Dict(data)
    write_example(store)
    check_example(H5Dict(data, mode='r'))
    assert isinstance(data['model_weights'], dict)
    assert set(data) == {'model_config', 'keras_version', 'epochs',
                         'learning_rate', 'kernel', 'iterations',
                         'layer_names', 'shape', 'model_weights'}


def test_stored_arrays_are_copies():
    data = {}
    kernel = np.zeros(3)
    H5Dict(data)['kernel'] = kernel
    kernel[0] = 9.0
    np.testing.assert_array_equal(data['kernel'], [0.0, 0.0, 0.0])


def test_long_string_lists_are_chunked(path):
    names = ['layer_%s' % ('x' * 40 + str(i)) for i in range(2000)]
    size = sum(len(name) for name in names)
    assert size > 64512
    with H5Dict(path, mode='w') as store:
        store['layer_names'] = names
    with h5py.File(path, 'r') as f:
        assert 'layer_names' not in f.attrs
        chunks = sorted(name for name in f.attrs)
        assert chunks[0] == 'layer_names0' and len(chunks) >= 2
        joined = [item.decode('utf8') for name in
                  ['layer_names%d' % i for i in range(len(chunks))]
                  for item in f.attrs[name]]
        assert joined == names
    with H5Dict(path, mode='r') as store:
        assert 'layer_names' in store
        assert store['layer_names'] == names
        assert store.keys() == ['layer_names']
        assert len(store) == 1


def test_a_shorter_list_replaces_the_chunks(path):
    with H5Dict(path) as store:
        store['names'] = ['n' * 100] * 1000
        store['names'] = ['a', 'b']
    with h5py.File(path, 'r') as f:
        assert sorted(f.attrs) == ['names']
    with H5Dict(path, mode='r') as store:
        assert store['names'] == ['a', 'b']


def test_missing_key_makes_a_group_unless_read_only(path):
    with H5Dict(path, mode='w') as store:
        group = store['optimizer_weights']
        assert isinstance(group, H5Dict)
        group['weight_names'] = ['Adam/iterations']
    with h5py.File(path, 'r') as f:
        assert isinstance(f['optimizer_weights'], h5py.Group)
    with H5Dict(path, mode='r') as store:
        assert store['optimizer_weights']['weight_names'] == [
            'Adam/iterations']
        with pytest.raises(ValueError,
                           match='Cannot create group in read-only mode'):
            store['missing']
        with pytest.raises(ValueError,
                           match='Cannot create group in read-only mode'):
            store['optimizer_weights']['missing']
    with pytest.raises(ValueError, match='read-only'):
        H5Dict({}, mode='r')['missing']


def test_read_only_refuses_writes(path):
    with H5Dict(path, mode='w') as store:
        store['group'] = {'a': 1}
    with H5Dict(path, mode='r') as store:
        with pytest.raises(ValueError,
                           match='Cannot set item in read-only mode'):
            store['x'] = 1
        with pytest.raises(ValueError, match='read-only'):
            store['group']['b'] = 2
    with pytest.raises(ValueError, match='read-only'):
        H5Dict({}, mode='r')['x'] = 1


def test_an_existing_group_or_dataset_is_not_replaced(path):
    with H5Dict(path, mode='w') as store:
        store['group'] = {'a': 1}
        store['array'] = np.zeros(2)
        with pytest.raises(KeyError, match='Group with name "group" exists'):
            store['group'] = 'text'
        with pytest.raises(KeyError,
                           match='Dataset with name "array" exists'):
            store['array'] = np.ones(2)


def test_contains_get_iteration(path):
    with H5Dict(path, mode='w') as store:
        store['text'] = 'value'
        store['array'] = np.zeros(2)
        store['group'] = {}
        assert 'text' in store and b'array' in store and 'group' in store
        assert 'other' not in store
        assert store.get('text') == 'value'
        assert store.get('other', 5) == 5
        assert 'other' not in store  # get does not create a group
        assert sorted(store) == ['array', 'group', 'text']
        assert sorted(store.iter()) == ['array', 'group', 'text']
        assert len(store) == 3
    data = {}
    store = H5Dict(data)
    store.update({'a': 1}, b='two')
    assert sorted(store) == ['a', 'b'] and store['b'] == 'two'


def test_close_closes_only_files_it_opened(path):
    store = H5Dict(path, mode='w')
    store['a'] = 1
    store.close()
    assert not store.data.id.valid
    store.close()  # closing twice is harmless
    with h5py.File(path, 'a') as f:
        group = f.create_group('inner')
        with H5Dict(group) as inner:
            inner['b'] = 2
        assert f.id.valid
        assert f['inner'].attrs['b'] == 2
        assert H5Dict(f, mode='r')['a'] == 1


def test_write_mode_clears(path):
    data = {'old': 1}
    H5Dict(data, mode='w')
    assert data == {}
    with H5Dict(path, mode='w') as store:
        store['old'] = 1
    with H5Dict(path, mode='w') as store:
        assert 'old' not in store
    with H5Dict(path, mode='a') as store:
        store['new'] = 2
    with H5Dict(path, mode='r') as store:
        assert sorted(store) == ['new']


def test_bad_arguments_are_named(path):
    with pytest.raises(TypeError,
                       match="Required Group, str, Path or dict. Received: "
                             "<class 'int'>"):
        H5Dict(3)
    with pytest.raises(ValueError, match=r"`mode` must be one of .*'x'"):
        H5Dict(path, mode='x')
    store = H5Dict({})
    with pytest.raises(TypeError, match='received NoneType for key "a"'):
        store['a'] = None
    with pytest.raises(TypeError, match=r'received a list of int, str'):
        store['mixed'] = ['a', 1]
    with pytest.raises(TypeError, match='keys are strings'):
        store[1] = 'a'
    assert H5Dict.is_supported_type({})
    assert H5Dict.is_supported_type(pathlib.Path(path))
    assert not H5Dict.is_supported_type(3)
