"""`import tensorflow` imports whatever module is named keras (TensorFlow
2.21 probes for Keras 3's `keras.src`). Both import orders must work, with
the tensorflow backend and with the others, and TensorFlow's probe must
never write Keras 3's directories into the package.

Each case runs in a fresh process, so the tests do not depend on the
session's backend: they run once, in the tensorflow session.
"""
import os
import subprocess
import sys
import textwrap

import pytest

import keras

pytestmark = pytest.mark.backends('tensorflow')

PACKAGE_DIR = os.path.dirname(os.path.abspath(keras.__file__))
KERAS_3_DIRS = ('src', os.path.join('api', '_v2'), '_tf_keras')

CHECKS = textwrap.dedent("""
    import sys
    import numpy as np
    from keras import backend as K
    assert keras.__version__ == '2.3.1', keras.__version__
    assert keras.__file__.startswith(%(package)r), keras.__file__
    assert K.backend() == %(backend)r, K.backend()
    assert K.eval(K.sum(K.variable([1., 2.]) * 2.)) == 6.
    assert float(tf.reduce_sum(tf.ones(3))) == 3.
    try:
        tf.keras.layers
    except ImportError:
        pass  # our keras has no Keras 3 modules to route tf.keras to
    else:
        raise AssertionError('tf.keras unexpectedly resolved')
    print('ok')
""")

ORDERS = {
    'tensorflow_first': 'import tensorflow as tf\n'
                        'assert "keras" not in sys.modules\n'
                        'import keras\n',
    'keras_first': 'import keras\nimport tensorflow as tf\n',
}


BACKENDS = ('tensorflow', 'jax', 'numpy')
BAD_BACKEND = 'no_such_backend'

BAD_CONFIGURATION = textwrap.dedent("""
    import tensorflow as tf
    assert float(tf.reduce_sum(tf.ones(2))) == 2.
    try:
        import keras
    except ValueError as e:
        print('keras:', e)
""")


def start_python(code, backend, keras_home):
    env = dict(os.environ)
    env.update(KERAS_BACKEND=backend, KERAS_HOME=keras_home,
               TF_CPP_MIN_LOG_LEVEL='2')
    return subprocess.Popen([sys.executable, '-c', code], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True)


@pytest.fixture(scope='module')
def results(tmp_path_factory):
    """Every case's (returncode, stdout, stderr), its process started at
    once with the others: each spends seconds importing TensorFlow."""
    processes = {}
    for backend in BACKENDS:
        for order, imports in ORDERS.items():
            code = 'import sys\n' + imports + CHECKS % {
                'package': PACKAGE_DIR, 'backend': backend}
            home = str(tmp_path_factory.mktemp('keras_home'))
            processes[backend, order] = start_python(code, backend, home)
    processes[BAD_BACKEND] = start_python(
        BAD_CONFIGURATION, BAD_BACKEND,
        str(tmp_path_factory.mktemp('keras_home')))
    outcomes = {}
    for key, process in processes.items():
        stdout, stderr = process.communicate(timeout=300)
        outcomes[key] = (process.returncode, stdout, stderr)
    return outcomes


def assert_no_keras_3_dirs():
    for name in KERAS_3_DIRS:
        assert not os.path.exists(os.path.join(PACKAGE_DIR, name)), name


@pytest.mark.parametrize('order', sorted(ORDERS))
@pytest.mark.parametrize('backend', BACKENDS)
def test_import_order(results, backend, order):
    returncode, stdout, stderr = results[backend, order]
    assert returncode == 0, stderr[-3000:]
    assert stdout.strip().endswith('ok')
    # Loaded once, by our import, not by TensorFlow's probe.
    assert stderr.count('Using %s backend.' % backend) == 1
    assert_no_keras_3_dirs()


def test_tensorflow_imports_despite_a_bad_keras_configuration(results):
    returncode, stdout, stderr = results[BAD_BACKEND]
    assert returncode == 0, stderr[-3000:]
    assert "keras: Unknown backend %r" % BAD_BACKEND in stdout
    assert_no_keras_3_dirs()
