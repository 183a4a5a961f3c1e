"""The only module that knows the backend names and their packages."""
import importlib
import sys

from keras.backend import active
from keras.backend import config

# name in keras.json -> (package with its BACKEND, library, how to install it)
_BACKENDS = {
    'jax': ('keras.backend.jax', 'jax', 'pip install jax jaxlib'),
    'tensorflow': ('keras.backend.tensorflow', 'tensorflow',
                   'bash scripts/install_tensorflow.sh  (TensorFlow without '
                   'Keras 3; see README.md)'),
    'torch': ('keras.backend.torch', 'torch', 'pip install torch==2.13.0'),
    'theano': ('keras.backend.pytensor', 'pytensor', 'pip install pytensor'),
    'numpy': ('keras.backend.numpy', 'numpy', 'pip install numpy'),
}

_CNTK_MESSAGE = ('The CNTK backend is not available: CNTK has no build for '
                 'Python 3.8 or newer (its last release, 2.7, supports up to '
                 'Python 3.7). Choose one of: %s.')

_backend_name = None
_backend = None


def cntk_unavailable_message():
    return _CNTK_MESSAGE % ', '.join(sorted(_BACKENDS))


def backend():
    """The name of the backend in use, e.g. 'jax' or 'theano'."""
    return _backend_name


def backend_object():
    return _backend


def load_backend(name):
    """Imports backend `name`, makes it active and returns it."""
    global _backend_name, _backend
    known = ', '.join(sorted(_BACKENDS))
    if name == 'cntk':
        raise ImportError(cntk_unavailable_message())
    if name not in _BACKENDS:
        raise ValueError('Unknown backend %r (from KERAS_BACKEND or '
                         'keras.json). Known backends: %s.' % (name, known))
    package, library, install = _BACKENDS[name]
    try:
        importlib.import_module(library)
    except ImportError as e:
        raise ImportError('Keras backend %r needs the %r library, which could '
                          'not be imported (%s). Install it with: %s'
                          % (name, library, e, install)) from e
    module = importlib.import_module(package)
    _backend_name = name
    _backend = module.BACKEND
    active.set_backend_module(_backend)
    return _backend


def initialize():
    name = config.load_config()
    load_backend(name)
    sys.stderr.write('Using %s backend.\n' % name)
