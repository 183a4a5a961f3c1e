"""Model files: the Keras 2.3.1 HDF5 layout, optimizer state and resumed
training, h5py objects and streams, overwrite, and errors for bad files."""
import io
import json
import warnings

import h5py
import numpy as np
import pytest

import keras
from keras import backend as K
from keras.engine import hdf5_format
from keras.engine import saving
from keras.layers import BatchNormalization, Conv2D, Dense, Flatten, Input
from keras.models import Model, Sequential, load_model

TRAINS = pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')


def _data(seed=0):
    rng = np.random.RandomState(seed)
    x = rng.uniform(-1, 1, (8, 5, 5, 2)).astype('float32')
    y = rng.uniform(-1, 1, (8, 3)).astype('float32')
    return x, y


def _convnet(optimizer='adam'):
    model = Sequential([Conv2D(3, 2, input_shape=(5, 5, 2), name='conv'),
                        BatchNormalization(name='bn'),
                        Flatten(name='flat'),
                        Dense(3, name='out')])
    model.compile(optimizer, 'mse', metrics=['mae'])
    return model


def _random_weights(model, seed=1):
    rng = np.random.RandomState(seed)
    weights = [rng.uniform(0.1, 1, w.shape).astype('float32')
               for w in model.get_weights()]
    model.set_weights(weights)
    return weights


def _text(value):
    return value.decode('utf8') if isinstance(value, bytes) else value


def test_file_layout_is_keras_2_3_1(tmp_path):
    model = _convnet()
    weights = _random_weights(model)
    path = str(tmp_path / 'model.h5')
    model.save(path)
    with h5py.File(path, 'r') as f:
        assert f.attrs['keras_version'] == b'2.3.1'
        assert f.attrs['backend'] == K.backend().encode()
        config = json.loads(f.attrs['model_config'].decode('utf8'))
        assert config['class_name'] == 'Sequential'
        assert [layer['class_name'] for layer in config['config']['layers']] \
            == ['Conv2D', 'BatchNormalization', 'Flatten', 'Dense']
        training = json.loads(f.attrs['training_config'].decode('utf8'))
        assert training['optimizer_config']['class_name'] == 'Adam'
        assert training['loss'] == 'mse'
        assert training['metrics'] == ['mae']
        assert set(training) == {'optimizer_config', 'loss', 'metrics',
                                 'weighted_metrics', 'sample_weight_mode',
                                 'loss_weights'}
        group = f['model_weights']
        assert group.attrs['layer_names'].dtype.kind == 'S'
        assert list(group.attrs['layer_names']) == [b'conv', b'bn', b'flat',
                                                    b'out']
        suffix = ':0' if K.backend() == 'tensorflow' else ''
        assert [_text(n) for n in group['conv'].attrs['weight_names']] == \
            ['conv/kernel' + suffix, 'conv/bias' + suffix]
        assert [_text(n) for n in group['bn'].attrs['weight_names']] == [
            'bn/' + name + suffix for name in
            ('gamma', 'beta', 'moving_mean', 'moving_variance')]
        assert list(group['flat'].attrs['weight_names']) == []
        np.testing.assert_array_equal(
            group['conv']['conv']['kernel' + suffix][()], weights[0])
        np.testing.assert_array_equal(
            group['out']['out']['bias' + suffix][()], weights[-1])


@TRAINS
def test_optimizer_state_is_saved_and_restored(tmp_path):
    x, y = _data()
    model = _convnet()
    model.fit(x, y, batch_size=4, epochs=1, verbose=0)
    path = str(tmp_path / 'model.h5')
    model.save(path)
    with h5py.File(path, 'r') as f:
        names = [_text(n) for n in f['optimizer_weights'].attrs['weight_names']]
        assert names[0].startswith('Adam/iterations')
        # 1 iteration counter + m, v, vhat for each of the 6 trainable weights.
        assert len(names) == 1 + 3 * 6
        assert f['optimizer_weights'][names[0]][()] == 2
    loaded = load_model(path)
    assert K.get_value(loaded.optimizer.iterations) == 2
    for saved, restored in zip(model.optimizer.get_weights(),
                               loaded.optimizer.get_weights()):
        np.testing.assert_array_equal(saved, restored)


@TRAINS
@pytest.mark.parametrize('optimizer', ['adam', 'sgd_momentum', 'rmsprop'])
def test_resumed_training_equals_uninterrupted_training(tmp_path, optimizer):
    x, y = _data()
    if optimizer == 'sgd_momentum':
        optimizer = keras.optimizers.SGD(lr=0.05, momentum=0.9, decay=0.01)

    def train(epochs_before_save):
        model = _convnet(optimizer=keras.optimizers.get(
            optimizer if isinstance(optimizer, str)
            else keras.optimizers.serialize(optimizer)))
        _random_weights(model)
        model.fit(x, y, batch_size=4, epochs=epochs_before_save,
                  shuffle=False, verbose=0)
        if epochs_before_save == 4:
            return model.get_weights()
        path = str(tmp_path / 'resume.h5')
        model.save(path)
        model = load_model(path)
        model.fit(x, y, batch_size=4, epochs=4 - epochs_before_save,
                  shuffle=False, verbose=0)
        return model.get_weights()

    uninterrupted = train(4)
    resumed = train(2)
    for a, b in zip(uninterrupted, resumed):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


def test_load_model_predicts_the_same_and_compiles(tmp_path):
    x, _ = _data()
    model = _convnet()
    _random_weights(model)
    path = tmp_path / 'model.h5'
    model.save(path)  # os.PathLike paths work too
    loaded = load_model(path)
    np.testing.assert_allclose(loaded.predict(x), model.predict(x),
                               rtol=1e-6, atol=1e-6)
    assert loaded.loss == 'mse'
    assert isinstance(loaded.optimizer, keras.optimizers.Adam)
    assert loaded.metrics_names == ['loss', 'mae']
    uncompiled = load_model(str(path), compile=False)
    assert getattr(uncompiled, 'optimizer', None) is None
    np.testing.assert_allclose(uncompiled.predict(x), model.predict(x),
                               rtol=1e-6, atol=1e-6)


def test_functional_model_with_two_outputs(tmp_path):
    inputs = Input((4,), name='x')
    hidden = Dense(5, activation='tanh', name='hidden')(inputs)
    first = Dense(2, name='first')(hidden)
    second = Dense(1, activation='sigmoid', name='second')(hidden)
    model = Model(inputs, [first, second])
    model.compile('sgd', {'first': 'mse', 'second': 'binary_crossentropy'},
                  loss_weights={'first': 1.0, 'second': 0.5},
                  metrics={'second': ['acc']})
    _random_weights(model)
    path = str(tmp_path / 'model.h5')
    model.save(path)
    loaded = load_model(path)
    x = np.random.RandomState(3).rand(3, 4).astype('float32')
    for a, b in zip(model.predict(x), loaded.predict(x)):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)
    assert loaded.loss == {'first': 'mse', 'second': 'binary_crossentropy'}
    assert loaded.loss_weights == {'first': 1.0, 'second': 0.5}
    assert [layer.name for layer in loaded.layers] == \
        ['x', 'hidden', 'first', 'second']


def test_include_optimizer_false_and_uncompiled_models(tmp_path):
    model = _convnet()
    path = str(tmp_path / 'model.h5')
    model.save(path, include_optimizer=False)
    with h5py.File(path, 'r') as f:
        assert 'training_config' not in f.attrs
        assert 'optimizer_weights' not in f
    with pytest.warns(UserWarning, match='No training configuration'):
        loaded = load_model(path)
    assert getattr(loaded, 'optimizer', None) is None


def test_h5py_file_group_and_stream(tmp_path):
    x, _ = _data()
    model = _convnet()
    _random_weights(model)
    path = str(tmp_path / 'shared.h5')
    with h5py.File(path, 'w') as f:
        model.save(f.create_group('first_model'))
        model.save_weights(f.create_group('weights_only'))
        f['other_data'] = np.arange(3)
    with h5py.File(path, 'r') as f:
        loaded = load_model(f['first_model'])
        other = _convnet()
        other.load_weights(f['weights_only'])
        np.testing.assert_array_equal(f['other_data'][()], np.arange(3))
    np.testing.assert_allclose(loaded.predict(x), model.predict(x),
                               rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(other.predict(x), model.predict(x),
                               rtol=1e-6, atol=1e-6)
    stream = io.BytesIO()
    saving.save_model(model, stream)
    stream.seek(0)
    from_stream = load_model(stream)
    np.testing.assert_allclose(from_stream.predict(x), model.predict(x),
                               rtol=1e-6, atol=1e-6)


def test_attributes_read_as_bytes_or_str(tmp_path):
    """h5py 3 and other writers store variable-length str attributes."""
    x, _ = _data()
    model = _convnet()
    _random_weights(model)
    path = str(tmp_path / 'model.h5')
    model.save(path)
    with h5py.File(path, 'a') as f:
        for key in ('keras_version', 'backend', 'model_config',
                    'training_config'):
            f.attrs[key] = f.attrs[key].decode('utf8')
        group = f['model_weights']
        names = [n.decode('utf8') for n in group.attrs['layer_names']]
        group.attrs['layer_names'] = names
        for name in names:
            weight_names = [n.decode('utf8') if isinstance(n, bytes) else n
                            for n in group[name].attrs['weight_names']]
            group[name].attrs['weight_names'] = \
                np.array(weight_names, dtype=h5py.string_dtype())
    loaded = load_model(path)
    np.testing.assert_allclose(loaded.predict(x), model.predict(x),
                               rtol=1e-6, atol=1e-6)


def test_large_attributes_are_split_into_chunks(tmp_path):
    path = str(tmp_path / 'attrs.h5')
    names = ['layer_%05d_%s' % (i, 'x' * 200) for i in range(700)]
    with h5py.File(path, 'w') as f:
        hdf5_format.save_attributes_to_hdf5_group(f, 'layer_names', names)
        keys = sorted(f.attrs.keys())
        # 700 names of 211 bytes: 147,700 bytes, 3 chunks under 64,512.
        assert keys == ['layer_names0', 'layer_names1', 'layer_names2']
        assert all(f.attrs[k].nbytes <= 64512 for k in keys)
    with h5py.File(path, 'r') as f:
        assert hdf5_format.load_attributes_from_hdf5_group(
            f, 'layer_names') == names
    with h5py.File(path, 'w') as f:
        with pytest.raises(RuntimeError, match='larger than 64512 bytes'):
            hdf5_format.save_attributes_to_hdf5_group(f, 'x', ['y' * 70000])


def test_model_with_chunked_layer_names_round_trips(tmp_path):
    x = np.random.RandomState(0).rand(2, 3).astype('float32')
    long_names = ['dense_' + str(i) + '_' + 'n' * 30000 for i in range(3)]
    model = Sequential([Dense(2, input_shape=(3,), name=long_names[0]),
                        Dense(2, name=long_names[1]),
                        Dense(1, name=long_names[2])])
    _random_weights(model)
    path = str(tmp_path / 'long.h5')
    model.save(path)
    with h5py.File(path, 'r') as f:
        assert 'layer_names' not in f['model_weights'].attrs
        assert 'layer_names1' in f['model_weights'].attrs
    loaded = load_model(path)
    np.testing.assert_allclose(loaded.predict(x), model.predict(x),
                               rtol=1e-6, atol=1e-6)


def test_save_weights_layout_and_load_by_name(tmp_path):
    x, _ = _data()
    model = _convnet()
    _random_weights(model)
    path = str(tmp_path / 'weights.h5')
    model.save_weights(path)
    with h5py.File(path, 'r') as f:
        assert 'model_config' not in f.attrs
        assert list(f.attrs['layer_names']) == [b'conv', b'bn', b'flat',
                                                b'out']
        assert f.attrs['backend'] == K.backend().encode()
    # A different head: by_name loads the shared layers only.
    other = Sequential([Conv2D(3, 2, input_shape=(5, 5, 2), name='conv'),
                        BatchNormalization(name='bn'), Flatten(),
                        Dense(7, name='new_head')])
    head_before = other.layers[-1].get_weights()
    other.load_weights(path, by_name=True)
    np.testing.assert_array_equal(other.layers[0].get_weights()[0],
                                  model.layers[0].get_weights()[0])
    np.testing.assert_array_equal(other.layers[-1].get_weights()[0],
                                  head_before[0])
    # Same name, other shape: an error naming the layer, or a skip.
    clash = Sequential([Conv2D(3, 2, input_shape=(5, 5, 2), name='conv'),
                        Flatten(), Dense(5, name='out')])
    with pytest.raises(ValueError, match='"out".*shape'):
        clash.load_weights(path, by_name=True)
    kernel_before = clash.layers[-1].get_weights()[0]
    with pytest.warns(UserWarning, match='Skipping loading of weights for '
                                         'layer out'):
        clash.load_weights(path, by_name=True, skip_mismatch=True)
    np.testing.assert_array_equal(clash.layers[-1].get_weights()[0],
                                  kernel_before)
    np.testing.assert_array_equal(clash.layers[0].get_weights()[0],
                                  model.layers[0].get_weights()[0])


def test_load_weights_reshape(tmp_path):
    model = Sequential([Dense(4, input_shape=(6,), name='d')])
    weights = _random_weights(model)
    path = str(tmp_path / 'w.h5')
    model.save_weights(path)
    with h5py.File(path, 'a') as f:
        kernel_name = [_text(n) for n in f['d'].attrs['weight_names']][0]
        data = f['d'][kernel_name][()]
        del f['d'][kernel_name]
        f['d'][kernel_name] = data.reshape(3, 8)
    other = Sequential([Dense(4, input_shape=(6,), name='d')])
    with pytest.raises(ValueError, match=r'\(6, 4\).*\(3, 8\)'):
        other.load_weights(path)
    other.load_weights(path, reshape=True)
    np.testing.assert_array_equal(other.get_weights()[0],
                                  weights[0].reshape(3, 8).reshape(6, 4))


def test_errors_for_files_of_another_model(tmp_path):
    model = _convnet()
    path = str(tmp_path / 'w.h5')
    model.save_weights(path)
    fewer = Sequential([Conv2D(3, 2, input_shape=(5, 5, 2)), Flatten()])
    with pytest.raises(ValueError, match='containing 3 layers with weights '
                                         r'\(conv, bn, out\) into a model '
                                         'with 1 layers'):
        fewer.load_weights(path)
    wider = Sequential([Conv2D(4, 2, input_shape=(5, 5, 2), name='c'),
                        BatchNormalization(), Flatten(), Dense(3)])
    with pytest.raises(ValueError, match='Layer "c" \\(saved as "conv"\\): '
                                         'weight .*kernel.* has shape '
                                         r'\(2, 2, 2, 4\) in the model but '
                                         r'\(2, 2, 2, 3\) in the file'):
        wider.load_weights(path)


def test_errors_for_bad_files(tmp_path):
    model = _convnet()
    weights_path = str(tmp_path / 'weights.h5')
    model.save_weights(weights_path)
    with pytest.raises(ValueError, match='holds only weights.*load_weights'):
        load_model(weights_path)
    text_path = tmp_path / 'notes.h5'
    text_path.write_text('not a model')
    with pytest.raises(OSError, match='notes.h5 is not an HDF5 file'):
        load_model(str(text_path))
    with pytest.raises(OSError, match='not an HDF5 file'):
        model.load_weights(str(text_path))
    full_path = str(tmp_path / 'full.h5')
    model.save(full_path)
    data = open(full_path, 'rb').read()
    truncated = tmp_path / 'truncated.h5'
    truncated.write_bytes(data[:len(data) // 2])
    with pytest.raises(OSError, match='truncated.h5'):
        load_model(str(truncated))
    with pytest.raises(OSError, match='No file or directory found at'):
        load_model(str(tmp_path / 'missing.h5'))
    empty = str(tmp_path / 'empty.h5')
    h5py.File(empty, 'w').close()
    with pytest.raises(ValueError, match='no `model_config`'):
        load_model(empty)
    with pytest.raises(ValueError, match='no `layer_names` attribute'):
        model.load_weights(empty)


def test_overwrite_false_asks_first(tmp_path, monkeypatch):
    x, _ = _data()
    model = _convnet()
    _random_weights(model)
    path = str(tmp_path / 'model.h5')
    model.save(path)
    before = open(path, 'rb').read()
    _random_weights(model, seed=7)
    answers = iter(['n'])
    monkeypatch.setattr('builtins.input', lambda prompt: next(answers))
    model.save(path, overwrite=False)
    assert open(path, 'rb').read() == before
    answers = iter(['maybe', 'y'])
    model.save_weights(path, overwrite=False)
    restored = _convnet()
    restored.load_weights(path)
    np.testing.assert_allclose(restored.predict(x), model.predict(x),
                               rtol=1e-6, atol=1e-6)


def test_failed_save_keeps_previous_file(tmp_path, monkeypatch):
    model = _convnet()
    path = str(tmp_path / 'model.h5')
    model.save(path)
    before = open(path, 'rb').read()

    def broken(*args, **kwargs):
        raise RuntimeError('disk full')
    monkeypatch.setattr(hdf5_format, '_write_datasets', broken)
    with pytest.raises(RuntimeError, match='disk full'):
        model.save(path)
    assert open(path, 'rb').read() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ['model.h5']


def test_subclassed_model_cannot_be_saved(tmp_path):
    class Net(Model):
        def __init__(self):
            super(Net, self).__init__()
            self.dense = Dense(2)

        def call(self, inputs):
            return self.dense(inputs)

    net = Net()
    net.predict(np.zeros((1, 3), 'float32'))
    with pytest.raises(NotImplementedError, match='subclassed models'):
        net.save(str(tmp_path / 'net.h5'))


@pytest.mark.backends('numpy')
def test_optimizer_state_survives_a_round_trip_through_numpy(tmp_path):
    """The numpy backend cannot train, but a model it loads and saves again
    keeps the optimizer state of the file."""
    path = str(tmp_path / 'model.h5')
    with h5py.File(path, 'w') as f:
        model = _convnet()
        saving.save_model_to_hdf5_group(model, f)
        group = f.create_group('optimizer_weights')
        values = [np.array(5, 'int64'), np.full((2, 2), 0.5, 'float32')]
        hdf5_format.save_optimizer_weights_to_hdf5_group(group, values)
    loaded = load_model(path)
    again = str(tmp_path / 'again.h5')
    loaded.save(again)
    with h5py.File(again, 'r') as f:
        restored = hdf5_format.load_optimizer_weights_from_hdf5_group(
            f['optimizer_weights'])
    assert restored[0] == 5
    np.testing.assert_array_equal(restored[1], values[1])


@TRAINS
def test_mismatched_optimizer_state_warns_and_starts_fresh(tmp_path):
    model = _convnet()
    path = str(tmp_path / 'model.h5')
    model.save(path)
    with h5py.File(path, 'a') as f:
        hdf5_format.save_optimizer_weights_to_hdf5_group(
            f.create_group('optimizer_weights'), [np.array(3, 'int64')])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        loaded = load_model(path)
    assert any('freshly initialized optimizer' in str(w.message)
               for w in caught)
    assert K.get_value(loaded.optimizer.iterations) == 0
