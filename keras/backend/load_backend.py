"""Keras 2's `keras.backend.load_backend`, the module that read keras.json,
imported the chosen backend and re-exported it; code such as
`from keras.backend.load_backend import backend` imports it.

Here keras/backend/config.py and load.py do that work. This module offers
the same names: every public K function (they run on the active backend),
`backend()`, and 2.3.1's module globals `_BACKEND` (the backend's name),
`_keras_dir` and `_config_path` as read-only properties of the module.
"""
import os as _os
import sys as _sys
import types as _types

from keras import backend as _K
from keras.backend import config as _config
from keras.backend.load import backend

# The K namespace is listed by hand in keras/backend/__init__.py; copying
# its public names keeps this alias in step with it.
globals().update({name: value for name, value in vars(_K).items()
                  if not name.startswith('_') and
                  not isinstance(value, _types.ModuleType)})


class _LoadBackendModule(_types.ModuleType):
    _BACKEND = property(lambda module: backend())
    _keras_dir = property(lambda module: _config.keras_home())
    _config_path = property(lambda module: _os.path.join(
        _config.keras_home(), 'keras.json'))


_sys.modules[__name__].__class__ = _LoadBackendModule
