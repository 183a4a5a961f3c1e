"""The example scripts, run as users run them: in a fresh Python process on
the session's backend (KERAS_BACKEND, set by conftest.py)."""
import hashlib
import os
import re
import subprocess
import sys

import numpy as np
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
EXAMPLES = os.path.join(REPO, 'examples')
TRAINING_BACKENDS = ('jax', 'tensorflow', 'torch', 'theano')
# A hung script must fail the run, not stall CI.
SCRIPT_TIMEOUT_S = 300


def run_python(args, keras_home=None):
    env = dict(os.environ)
    if keras_home is not None:
        env['KERAS_HOME'] = str(keras_home)
    env.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
    return subprocess.run([sys.executable] + list(args), cwd=REPO, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=SCRIPT_TIMEOUT_S)


def printed_number(label, stdout):
    match = re.search(r'^%s\s*([-+0-9.eE]+|nan|inf)\s*$' % re.escape(label),
                      stdout, re.MULTILINE)
    assert match, 'no %r line in the output:\n%s' % (label, stdout[-2000:])
    return float(match.group(1))


def failure_report(proc):
    return 'exit code %d\n--- stdout ---\n%s\n--- stderr ---\n%s' % (
        proc.returncode, proc.stdout[-3000:], proc.stderr[-3000:])


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_digits_mlp_reaches_95_percent_test_accuracy():
    proc = run_python([os.path.join(EXAMPLES, 'digits_mlp.py')])
    assert proc.returncode == 0, failure_report(proc)
    backend = os.environ['KERAS_BACKEND']
    assert 'Using %s backend.' % backend in proc.stderr
    # verbose=1: Keras's progress bar, with the validation split's metrics.
    assert 'Epoch 1/30' in proc.stdout
    assert 'val_accuracy' in proc.stdout
    assert printed_number('Test accuracy:', proc.stdout) >= 0.95


@pytest.mark.backends('numpy')
def test_digits_mlp_on_numpy_names_the_backends_that_train():
    proc = run_python([os.path.join(EXAMPLES, 'digits_mlp.py'),
                       '--epochs', '1'])
    assert proc.returncode != 0, failure_report(proc)
    last_line = proc.stderr.strip().splitlines()[-1]
    assert 'numpy' in last_line, failure_report(proc)
    for backend in TRAINING_BACKENDS:
        assert backend in last_line, failure_report(proc)
    assert 'Test accuracy:' not in proc.stdout


def write_small_mnist(path, num_train=1024, num_test=128, seed=0):
    """An mnist.npz of the real file's layout (uint8 28x28 images, uint8
    labels) whose classes are easy to tell apart: class k lights rows
    2k+4 and 2k+5 over noise, so one epoch is enough to learn them."""
    rng = np.random.RandomState(seed)

    def images_and_labels(n):
        labels = rng.randint(0, 10, n).astype('uint8')
        images = rng.randint(0, 20, (n, 28, 28)).astype('uint8')
        for k in range(10):
            images[labels == k, 2 * k + 4:2 * k + 6, 4:24] = 255
        return images, labels

    x_train, y_train = images_and_labels(num_train)
    x_test, y_test = images_and_labels(num_test)
    np.savez(path, x_train=x_train, y_train=y_train, x_test=x_test,
             y_test=y_test)
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


# The example runs unchanged through keras.datasets.mnist.load_data and
# get_file's hash check; only the expected hash is that of the small file.
RUN_MNIST_WITH_HASH = '''
import runpy
import sys
import keras.datasets.mnist
assert hasattr(keras.datasets.mnist, 'FILE_HASH'), (
    'keras.datasets.mnist no longer names its hash FILE_HASH: update '
    'tests/examples/test_examples.py')
keras.datasets.mnist.FILE_HASH = sys.argv[1]
script = sys.argv[2]
sys.argv = [script] + sys.argv[3:]
runpy.run_path(script, run_name='__main__')
'''


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_mnist_mlp_trains_one_epoch_on_a_cached_small_mnist(tmp_path):
    datasets = tmp_path / 'datasets'
    datasets.mkdir()
    file_hash = write_small_mnist(str(datasets / 'mnist.npz'))
    proc = run_python(['-c', RUN_MNIST_WITH_HASH, file_hash,
                       os.path.join(EXAMPLES, 'mnist_mlp.py'),
                       '--epochs', '1'], keras_home=tmp_path)
    assert proc.returncode == 0, failure_report(proc)
    assert 'Downloading' not in proc.stdout
    assert '1024 train samples' in proc.stdout
    assert '128 test samples' in proc.stdout
    # model.summary() of the classic model: 784*512+512 + 512*512+512 +
    # 512*10+10 weights.
    assert 'Total params: 669,706' in proc.stdout
    assert 'Epoch 1/1' in proc.stdout
    assert 'val_accuracy' in proc.stdout
    loss = printed_number('Test loss:', proc.stdout)
    assert np.isfinite(loss) and loss < 0.5
    assert printed_number('Test accuracy:', proc.stdout) >= 0.9


def test_mnist_mlp_default_is_the_classic_twenty_epochs():
    # The --epochs flag exists for tests; the script itself must stay the
    # classic example.
    proc = run_python([os.path.join(EXAMPLES, 'mnist_mlp.py'), '--help'])
    assert proc.returncode == 0, failure_report(proc)
    assert 'default: 20' in proc.stdout
