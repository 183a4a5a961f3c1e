"""Replicas placed on separate devices for real. A CPU machine has one
device per framework, so each framework is asked for more: TensorFlow
splits its CPU into logical devices, XLA is told to expose two host
devices. Both must be configured before the framework starts, hence a
fresh Python per test."""
import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from keras import backend as K

MODEL = '''
import json
import numpy as np
from keras import layers, models, optimizers
from keras.utils.multi_gpu_utils import build_data_parallel

inputs = layers.Input((3,))
model = models.Model(inputs, layers.Dense(2, bias_initializer='ones')(inputs))
kernel, bias = model.get_weights()
x = np.random.RandomState(0).rand(6, 3).astype('float32')
y = np.random.RandomState(1).rand(6, 2).astype('float32')
'''


def run_python(code, backend, tmp_path, **env_vars):
    env = dict(os.environ)
    env.update(KERAS_BACKEND=backend, KERAS_HOME=str(tmp_path), **env_vars)
    done = subprocess.run([sys.executable, '-c', textwrap.dedent(code)],
                          env=env, capture_output=True, text=True,
                          timeout=600, cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def check_one_sgd_step(found):
    x = np.random.RandomState(0).rand(6, 3).astype('float32')
    y = np.random.RandomState(1).rand(6, 2).astype('float32')
    kernel = np.array(found['kernel_before'], dtype='float32')
    bias = np.ones(2, dtype='float32')
    np.testing.assert_allclose(found['predicted'], x.dot(kernel) + bias,
                               rtol=1e-5, atol=1e-6)
    # Mean squared error over 6 rows and 2 outputs: gradient
    # 2 / 12 * X^T (XW + b - y), learning rate 0.1.
    error = x.dot(kernel) + bias - y
    np.testing.assert_allclose(found['kernel_after'],
                               kernel - 0.1 * 2.0 / 12 * x.T.dot(error),
                               rtol=1e-5, atol=1e-6)


@pytest.mark.backends('tensorflow')
def test_tensorflow_runs_each_replica_under_its_device(tmp_path):
    found = run_python('''
import tensorflow as tf
cpu = tf.config.list_physical_devices('CPU')[0]
tf.config.set_logical_device_configuration(
    cpu, [tf.config.LogicalDeviceConfiguration()] * 3)
''' + MODEL + '''
parallel = build_data_parallel(model, ['/cpu:1', '/cpu:2'],
                               merge_device='/cpu:0')
predicted = parallel.predict(x)
traced = parallel.predict_function._compiled(0)
devices = {}
for op in traced.get_concrete_function().graph.get_operations():
    if op.type in ('MatMul', 'ConcatV2'):
        devices.setdefault(op.type, []).append(op.device)
parallel.compile(optimizers.SGD(lr=0.1), 'mse')
parallel.train_on_batch(x, y)
print(json.dumps(dict(devices=devices, predicted=predicted.tolist(),
                      kernel_before=kernel.tolist(),
                      kernel_after=model.get_weights()[0].tolist())))
''', 'tensorflow', tmp_path)
    assert sorted(found['devices']['MatMul']) == ['/device:CPU:1',
                                                  '/device:CPU:2']
    assert found['devices']['ConcatV2'] == ['/device:CPU:0']
    check_one_sgd_step(found)


@pytest.mark.backends('jax')
def test_jax_shards_the_batch_over_the_replica_devices(tmp_path):
    found = run_python(MODEL + '''
import jax
parallel = build_data_parallel(model, ['/cpu:0', '/cpu:1'],
                               merge_device='/cpu:0')
parallel._make_predict_function()
function = parallel.predict_function
jitted = function._compiled(0)
spans = []

def recording(*args):
    outputs, new_values = jitted(*args)
    spans.append(sorted(d.id for d in outputs[0].sharding.device_set))
    return outputs, new_values
function._jitted[0] = recording
predicted = parallel.predict(x)
uneven = parallel.predict(x[:5])
parallel.compile(optimizers.SGD(lr=0.1), 'mse')
parallel.train_on_batch(x, y)
new_kernel = model.weights[0].storage
print(json.dumps(dict(
    devices=[str(d) for d in jax.devices()], spans=spans,
    predicted=predicted.tolist(), uneven=uneven.tolist(),
    kernel_before=kernel.tolist(),
    kernel_after=model.get_weights()[0].tolist(),
    kernel_devices=sorted(d.id for d in new_kernel.sharding.device_set),
    template=model.predict(x).tolist())))
''', 'jax', tmp_path, XLA_FLAGS='--xla_force_host_platform_device_count=2')
    assert len(found['devices']) == 2
    # Both the even batch (sharded) and the uneven one (replicated) ran
    # on the two devices.
    assert found['spans'] == [[0, 1], [0, 1]]
    check_one_sgd_step(found)
    np.testing.assert_allclose(found['uneven'], found['predicted'][:5],
                               rtol=1e-6)
    # The trained weights came home to the default device, where the
    # template's own functions run.
    assert found['kernel_devices'] == [0]
    assert len(found['template']) == 6


@pytest.mark.backends('torch')
def test_torch_computes_a_replica_on_the_gpu():
    import torch
    if not torch.cuda.is_available():
        pytest.skip('needs a CUDA device (the torch CPU build has one '
                    'device; placement on the CPU is tested above)')
    from keras import layers, models
    from keras.utils.multi_gpu_utils import build_data_parallel
    inputs = layers.Input((3,))
    model = models.Model(inputs, layers.Dense(2)(inputs))
    parallel = build_data_parallel(model, ['/gpu:0', '/cpu:0'],
                                   merge_device='/cpu:0')
    x = np.random.RandomState(0).rand(6, 3).astype('float32')
    kernel, bias = model.get_weights()
    np.testing.assert_allclose(parallel.predict(x), x.dot(kernel) + bias,
                               rtol=1e-5, atol=1e-6)


@pytest.mark.backends('numpy', 'theano')
def test_cpu_only_backends_have_no_gpu():
    from keras.backend.active import current
    assert current().device_count('gpu') == 0
    assert current().device_count('cpu') == 1
    assert K.backend() in ('numpy', 'theano')
