import re

import numpy as np
import pytest

from keras import backend as K
from keras import layers
from keras import models
from keras import optimizers
from keras.backend.symbolic import graph
from keras.utils import multi_gpu_model
from keras.utils import multi_gpu_utils
from keras.utils.multi_gpu_utils import build_data_parallel

CPU_REPLICAS = ['/cpu:0', '/cpu:0', '/cpu:0']


def linear_model():
    inputs = layers.Input((3,))
    outputs = layers.Dense(2, kernel_initializer='glorot_uniform',
                           bias_initializer='ones')(inputs)
    return models.Model(inputs, outputs)


def two_way_model():
    a = layers.Input((3,), name='a')
    b = layers.Input((2,), name='b')
    hidden = layers.Dense(4, activation='tanh')(layers.concatenate([a, b]))
    first = layers.Dense(1, name='first')(hidden)
    second = layers.Dense(2, activation='softmax', name='second')(hidden)
    return models.Model([a, b], [first, second])


def batch(rows, columns, seed=0):
    return np.random.RandomState(seed).rand(rows, columns).astype('float32')


@pytest.fixture
def gpus_found(monkeypatch):
    """Pretends the backend found `count` GPUs; the replicas multi_gpu_model
    then asks for are built on the CPU, and the devices it asked for are
    kept in the returned list."""
    asked = []
    real_build = multi_gpu_utils.build_data_parallel

    def on_the_cpu(model, devices, merge_device=None):
        asked.append((list(devices), merge_device))
        return real_build(model, ['/cpu:0'] * len(devices))

    def pretend(count):
        monkeypatch.setattr(multi_gpu_utils, '_gpu_count', lambda: count)
        monkeypatch.setattr(multi_gpu_utils, 'build_data_parallel',
                            on_the_cpu)
        return asked
    return pretend


def test_one_gpu_is_refused():
    model = linear_model()
    with pytest.raises(ValueError) as error:
        multi_gpu_model(model, gpus=1)
    assert str(error.value) == (
        'For multi-gpu usage to be effective, call `multi_gpu_model` with '
        '`gpus >= 2`. Received: `gpus=1`')
    with pytest.raises(ValueError) as error:
        multi_gpu_model(model, gpus=[0])
    assert str(error.value) == (
        'For multi-gpu usage to be effective, call `multi_gpu_model` with '
        '`len(gpus) >= 2`. Received: `gpus=[0]`')


def test_all_gpus_of_a_one_gpu_machine_is_refused(gpus_found):
    gpus_found(1)
    with pytest.raises(ValueError, match=r'Received: `gpus=1`'):
        multi_gpu_model(linear_model())
    gpus_found(0)
    with pytest.raises(ValueError, match=r'Received: `gpus=0`'):
        multi_gpu_model(linear_model(), gpus=None)


def test_missing_gpus_are_named(gpus_found):
    gpus_found(1)
    with pytest.raises(ValueError) as error:
        multi_gpu_model(linear_model(), gpus=2)
    assert str(error.value) == (
        "To call `multi_gpu_model` with `gpus=2`, we expect the following "
        "devices to be available: ['/cpu:0', '/gpu:0', '/gpu:1']. However "
        "this machine only has: ['/cpu:0', '/gpu:0']. Try reducing `gpus`.")
    gpus_found(3)
    with pytest.raises(ValueError, match=r"\['/cpu:0', '/gpu:1', '/gpu:5'\]"):
        multi_gpu_model(linear_model(), gpus=[1, 5])


def test_real_device_discovery_refuses_more_gpus_than_found():
    names = multi_gpu_utils.available_device_names()
    assert names[0] == '/cpu:0'
    assert names[1:] == ['/gpu:%d' % i for i in range(len(names) - 1)]
    with pytest.raises(ValueError, match=re.escape(
            'However this machine only has: %s.' % (names,))):
        multi_gpu_model(linear_model(), gpus=64)


def test_replicas_predict_like_the_template_on_an_uneven_batch():
    model = linear_model()
    parallel = build_data_parallel(model, CPU_REPLICAS)
    x = batch(7, 3)
    kernel, bias = model.get_weights()
    # 7 rows over 3 replicas: slices of 2, 2 and 3 rows, joined in order.
    np.testing.assert_allclose(parallel.predict(x), x.dot(kernel) + bias,
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(parallel.predict(x, batch_size=5),
                               model.predict(x, batch_size=5),
                               rtol=1e-5, atol=1e-6)
    assert parallel.output_names == model.output_names


def test_slices_cover_the_batch_in_order():
    x = np.arange(14, dtype='float32').reshape((7, 2))
    parts = [K.eval(multi_gpu_utils.get_slice(K.constant(x), i, 3))
             for i in range(3)]
    assert [len(part) for part in parts] == [2, 2, 3]
    np.testing.assert_array_equal(np.concatenate(parts), x)


def test_found_gpus_give_a_working_model(gpus_found):
    asked = gpus_found(3)
    model = linear_model()
    parallel = multi_gpu_model(model, gpus=3)
    assert asked == [(['/gpu:0', '/gpu:1', '/gpu:2'], '/cpu:0')]
    x = batch(7, 3)
    np.testing.assert_allclose(parallel.predict(x), model.predict(x),
                               rtol=1e-5, atol=1e-6)
    assert model in parallel.layers
    multi_gpu_model(model, gpus=[2, 0], cpu_merge=False)
    assert asked[-1] == (['/gpu:2', '/gpu:0'], None)


def test_replica_ops_are_recorded_on_their_device():
    model = linear_model()
    parallel = build_data_parallel(model, ['/cpu:0', 'CPU:0'],
                                   merge_device='/device:CPU:0')
    nodes = [t.node for t in graph.ancestors(parallel.outputs)
             if t.node is not None]
    assert {node.device for node in nodes} == {'/cpu:0'}
    unplaced = [t.node for t in graph.ancestors(model.outputs)
                if t.node is not None]
    assert {node.device for node in unplaced} == {None}


def test_a_device_the_backend_lacks_is_refused_when_the_graph_runs():
    model = linear_model()
    parallel = build_data_parallel(model, ['/cpu:0', '/gpu:63'])
    with pytest.raises(ValueError, match=r'Cannot place ops on /gpu:63'):
        parallel.predict(batch(4, 3))
    with pytest.raises(ValueError, match=r"device name such as '/cpu:0'"):
        build_data_parallel(model, ['/tpu:0'])


@pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')
def test_training_the_replicas_trains_the_template():
    model = linear_model()
    kernel, bias = model.get_weights()
    parallel = build_data_parallel(model, CPU_REPLICAS)
    parallel.compile(optimizers.SGD(lr=0.1), 'mse')
    x = batch(7, 3, seed=1)
    y = batch(7, 2, seed=2)
    parallel.fit(x, y, batch_size=7, epochs=1, shuffle=False, verbose=0)
    # One SGD step on the whole batch: the mean squared error over 7 rows
    # and 2 outputs has gradient 2 / 14 * X^T (XW + b - y).
    error = x.dot(kernel) + bias - y
    expected_kernel = kernel - 0.1 * 2.0 / 14 * x.T.dot(error)
    expected_bias = bias - 0.1 * 2.0 / 14 * error.sum(axis=0)
    new_kernel, new_bias = model.get_weights()
    np.testing.assert_allclose(new_kernel, expected_kernel, rtol=1e-5,
                               atol=1e-6)
    np.testing.assert_allclose(new_bias, expected_bias, rtol=1e-5, atol=1e-6)


@pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')
def test_trained_template_saves_and_loads(tmp_path):
    model = two_way_model()
    parallel = build_data_parallel(model, CPU_REPLICAS[:2])
    parallel.compile('sgd', ['mse', 'categorical_crossentropy'])
    x = [batch(5, 3), batch(5, 2, seed=3)]
    y = [batch(5, 1, seed=4), np.eye(2, dtype='float32')[[0, 1, 1, 0, 1]]]
    parallel.fit(x, y, epochs=2, batch_size=5, verbose=0)
    path = str(tmp_path / 'template.h5')
    model.save_weights(path)
    restored = two_way_model()
    restored.load_weights(path)
    for expected, found in zip(parallel.predict(x), restored.predict(x)):
        np.testing.assert_allclose(found, expected, rtol=1e-5, atol=1e-6)


def test_several_inputs_and_outputs():
    model = two_way_model()
    parallel = build_data_parallel(model, CPU_REPLICAS)
    x = [batch(8, 3), batch(8, 2, seed=5)]
    expected = model.predict(x)
    found = parallel.predict(x)
    assert len(found) == 2
    assert found[0].shape == (8, 1) and found[1].shape == (8, 2)
    for want, got in zip(expected, found):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(found[1].sum(axis=1), np.ones(8), rtol=1e-5)
    assert parallel.output_names == ['first', 'second']


def test_siamese_outputs_get_numbered_names():
    left = layers.Input((3,))
    right = layers.Input((3,))
    twin = layers.Dense(2, name='twin')
    model = models.Model([left, right], [twin(left), twin(right)])
    assert model.output_names == ['twin', 'twin']
    parallel = build_data_parallel(model, CPU_REPLICAS[:2])
    assert parallel.output_names == ['twin_1', 'twin_2']
    x = [batch(5, 3), batch(5, 3, seed=6)]
    kernel, bias = model.get_weights()
    first, second = parallel.predict(x)
    np.testing.assert_allclose(first, x[0].dot(kernel) + bias, rtol=1e-5,
                               atol=1e-6)
    np.testing.assert_allclose(second, x[1].dot(kernel) + bias, rtol=1e-5,
                               atol=1e-6)


def test_cpu_relocation_replicates_a_copy(gpus_found):
    gpus_found(2)
    model = linear_model()
    parallel = multi_gpu_model(model, gpus=2, cpu_relocation=True)
    assert model not in parallel.layers
    copy = [layer for layer in parallel.layers
            if isinstance(layer, models.Model)][0]
    for original, copied in zip(model.get_weights(), copy.get_weights()):
        np.testing.assert_array_equal(copied, original)
    x = batch(5, 3)
    np.testing.assert_allclose(parallel.predict(x), model.predict(x),
                               rtol=1e-5, atol=1e-6)


def test_sequential_template():
    model = models.Sequential([layers.Dense(3, input_shape=(4,)),
                               layers.Dense(1)])
    parallel = build_data_parallel(model, CPU_REPLICAS[:2])
    x = batch(3, 4)
    np.testing.assert_allclose(parallel.predict(x), model.predict(x),
                               rtol=1e-5, atol=1e-6)
