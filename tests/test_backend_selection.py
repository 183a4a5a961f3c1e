"""Backend selection as Keras 2 does it: keras.json, KERAS_HOME,
KERAS_BACKEND, and the errors for unknown or missing backends."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import keras.backend as K


def run_python(code, home, backend=None):
    env = dict(os.environ)
    env['KERAS_HOME'] = str(home)
    env.pop('KERAS_BACKEND', None)
    if backend is not None:
        env['KERAS_BACKEND'] = backend
    return subprocess.run([sys.executable, '-c', code], env=env,
                          capture_output=True, text=True, timeout=300)


def write_config(home, **config):
    os.makedirs(str(home), exist_ok=True)
    with open(os.path.join(str(home), 'keras.json'), 'w') as f:
        json.dump(config, f)


pytestmark = pytest.mark.backends('numpy')  # subprocesses: run once


def test_missing_config_is_written_with_defaults(tmp_path):
    result = run_python('import keras.backend as K; print(K.backend())',
                        tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == 'jax'
    assert 'Using jax backend.' in result.stderr
    with open(tmp_path / 'keras.json') as f:
        config = json.load(f)
    assert config == {'floatx': 'float32', 'epsilon': 1e-07,
                      'backend': 'jax', 'image_data_format': 'channels_last'}


def test_config_values_are_read(tmp_path):
    write_config(tmp_path, floatx='float64', epsilon=1e-5, backend='numpy',
                 image_data_format='channels_first')
    result = run_python(
        'import keras.backend as K; print(K.backend(), K.floatx(), '
        'K.epsilon(), K.image_data_format(), K.image_dim_ordering())',
        tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ['numpy', 'float64', '1e-05',
                                     'channels_first', 'th']
    assert 'Using numpy backend.' in result.stderr


def test_environment_variable_overrides_the_file(tmp_path):
    write_config(tmp_path, backend='jax')
    result = run_python('import keras.backend as K; print(K.backend())',
                        tmp_path, backend='numpy')
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == 'numpy'


def test_unknown_backend_lists_the_known_names(tmp_path):
    result = run_python('import keras', tmp_path, backend='mxnet')
    assert result.returncode != 0
    assert "Unknown backend 'mxnet'" in result.stderr
    for name in ('jax', 'numpy', 'tensorflow', 'theano', 'torch'):
        assert name in result.stderr


def test_cntk_explains_why_it_is_unavailable(tmp_path):
    result = run_python('import keras', tmp_path, backend='cntk')
    assert result.returncode != 0
    assert 'CNTK has no build for Python 3.8 or newer' in result.stderr


def test_missing_library_names_the_install_command(tmp_path):
    code = ('import sys; sys.modules["torch"] = None\n'
            'import keras')
    result = run_python(code, tmp_path, backend='torch')
    assert result.returncode != 0
    assert 'ImportError' in result.stderr
    assert 'pip install torch' in result.stderr


@pytest.mark.parametrize('key,value,allowed', [
    ('floatx', 'float8', 'float16, float32, float64'),
    ('image_data_format', 'channels_middle', 'channels_first, channels_last'),
    ('epsilon', 'small', 'a float'),
])
def test_bad_config_value_names_key_and_allowed_values(tmp_path, key, value,
                                                       allowed):
    write_config(tmp_path, **{key: value, 'backend': 'numpy'})
    result = run_python('import keras', tmp_path)
    assert result.returncode != 0
    assert '"%s"' % key in result.stderr
    assert repr(value) in result.stderr
    assert allowed in result.stderr


def test_setters_and_getters():
    old_floatx, old_eps, old_fmt = K.floatx(), K.epsilon(), \
        K.image_data_format()
    try:
        K.set_floatx('float16')
        assert K.floatx() == 'float16'
        assert K.cast_to_floatx(np.arange(3)).dtype == np.float16
        with pytest.raises(ValueError, match='float64'):
            K.set_floatx('float8')
        K.set_epsilon(1e-4)
        assert K.epsilon() == 1e-4
        K.set_image_data_format('channels_first')
        assert K.image_dim_ordering() == 'th'
        assert K.normalize_data_format(None) == 'channels_first'
        assert K.normalize_data_format('Channels_Last') == 'channels_last'
        with pytest.raises(ValueError, match='channels_first'):
            K.set_image_data_format('nchw')
        K.set_image_dim_ordering('tf')
        assert K.image_data_format() == 'channels_last'
        with pytest.raises(ValueError, match="'th' or 'tf'"):
            K.set_image_dim_ordering('xx')
    finally:
        K.set_floatx(old_floatx)
        K.set_epsilon(old_eps)
        K.set_image_data_format(old_fmt)
