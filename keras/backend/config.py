"""Global configuration: keras.json, KERAS_HOME, KERAS_BACKEND, floatx,
epsilon and the image data format.

Keras 2 reads `$KERAS_HOME/keras.json` (or `~/.keras/keras.json`) once, at the
first import of anything in `keras`, writes it with the defaults when it is
missing, and lets `KERAS_BACKEND` override the backend named there.
"""
import json
import os

import numpy as np

DEFAULT_BACKEND = 'jax'
KNOWN_BACKENDS = ('jax', 'tensorflow', 'torch', 'theano', 'numpy', 'cntk')
_FLOATX_VALUES = ('float16', 'float32', 'float64')
_DATA_FORMATS = ('channels_first', 'channels_last')

_floatx = 'float32'
_epsilon = 1e-7
_image_data_format = 'channels_last'


def keras_home():
    """The configuration directory: `$KERAS_HOME`, else `~/.keras`.

    Falls back to `/tmp/.keras` when the home directory is not writable, as
    Keras 2 does.
    """
    if os.environ.get('KERAS_HOME'):
        return os.environ['KERAS_HOME']
    base = os.path.expanduser('~')
    if not os.access(base, os.W_OK):
        base = '/tmp'
    return os.path.join(base, '.keras')


def floatx():
    """The default float type: 'float16', 'float32' or 'float64'."""
    return _floatx


def set_floatx(floatx):
    """Sets the default float type: 'float16', 'float32' or 'float64'."""
    global _floatx
    value = str(floatx)
    if value not in _FLOATX_VALUES:
        raise ValueError('Unknown floatx type: %r. Expected one of %s.'
                         % (floatx, ', '.join(_FLOATX_VALUES)))
    _floatx = value


def epsilon():
    """The fuzz factor used in numeric expressions (default 1e-7)."""
    return _epsilon


def set_epsilon(e):
    """Sets the fuzz factor used in numeric expressions."""
    global _epsilon
    _epsilon = float(e)


def image_data_format():
    """'channels_last' or 'channels_first'."""
    return _image_data_format


def set_image_data_format(data_format):
    global _image_data_format
    _image_data_format = normalize_data_format(data_format)


def normalize_data_format(value):
    """Returns `value` checked, or the global image data format for None."""
    if value is None:
        return _image_data_format
    data_format = str(value).lower()
    if data_format not in _DATA_FORMATS:
        raise ValueError('The `data_format` argument must be one of '
                         '"channels_first", "channels_last". Received: %r'
                         % (value,))
    return data_format


def image_dim_ordering():
    """Legacy: 'th' for channels_first, 'tf' for channels_last."""
    return 'th' if _image_data_format == 'channels_first' else 'tf'


def set_image_dim_ordering(dim_ordering):
    """Legacy setter taking 'th' or 'tf'."""
    if dim_ordering not in ('th', 'tf'):
        raise ValueError("Unknown dim_ordering: %r. Expected 'th' or 'tf'."
                         % (dim_ordering,))
    set_image_data_format('channels_first' if dim_ordering == 'th'
                          else 'channels_last')


def cast_to_floatx(x):
    """Casts a numpy array (or anything np.asarray takes) to floatx."""
    return np.asarray(x, dtype=_floatx)


def _checked_config(config, path):
    """Validates the keras.json dict, naming the key and allowed values."""
    def fail(key, allowed):
        raise ValueError('Invalid value %r for "%s" in %s. Allowed values: %s.'
                         % (config[key], key, path, allowed))
    if 'floatx' in config and config['floatx'] not in _FLOATX_VALUES:
        fail('floatx', ', '.join(_FLOATX_VALUES))
    if 'epsilon' in config:
        eps = config['epsilon']
        if isinstance(eps, bool) or not isinstance(eps, (int, float)):
            fail('epsilon', 'a float, e.g. 1e-07')
    if ('image_data_format' in config
            and config['image_data_format'] not in _DATA_FORMATS):
        fail('image_data_format', ', '.join(_DATA_FORMATS))
    if 'backend' in config and not isinstance(config['backend'], str):
        fail('backend', ', '.join(KNOWN_BACKENDS))
    return config


def load_config():
    """Reads keras.json into the globals and returns the chosen backend name.

    Writes the file with the defaults when it is missing (errors ignored: a
    read-only home must not stop the import).
    """
    home = keras_home()
    path = os.path.join(home, 'keras.json')
    backend = DEFAULT_BACKEND
    if os.path.exists(path):
        try:
            with open(path) as f:
                config = json.load(f)
        except ValueError:
            config = {}
        if not isinstance(config, dict):
            config = {}
        _checked_config(config, path)
        set_floatx(config.get('floatx', _floatx))
        set_epsilon(config.get('epsilon', _epsilon))
        set_image_data_format(config.get('image_data_format',
                                         _image_data_format))
        backend = config.get('backend', backend)
    else:
        try:
            os.makedirs(home, exist_ok=True)
            with open(path, 'w') as f:
                json.dump({'floatx': _floatx, 'epsilon': _epsilon,
                           'backend': backend,
                           'image_data_format': _image_data_format},
                          f, indent=4)
        except OSError:
            pass
    return os.environ.get('KERAS_BACKEND') or backend
