"""Keras 2's `keras.backend.common`: the global float type, fuzz factor and
image data format, for code such as `from keras.backend import common`.

The state lives in keras/backend/config.py (read from keras.json); this
module re-exports its getters and setters. 2.3.1's private globals
`_FLOATX`, `_EPSILON` and `_IMAGE_DATA_FORMAT`, which old code reads or
assigns, are properties of the module that go through them.
"""
import sys as _sys
import types as _types

from keras.backend.config import cast_to_floatx  # noqa: F401
from keras.backend.config import epsilon
from keras.backend.config import floatx
from keras.backend.config import image_data_format
from keras.backend.config import image_dim_ordering  # noqa: F401
from keras.backend.config import normalize_data_format  # noqa: F401
from keras.backend.config import set_epsilon
from keras.backend.config import set_floatx
from keras.backend.config import set_image_data_format
from keras.backend.config import set_image_dim_ordering  # noqa: F401
from keras.backend.ops.core import eager  # noqa: F401
from keras.backend.ops.core import symbolic  # noqa: F401


def _through(getter, setter):
    return property(lambda module: getter(),
                    lambda module, value: setter(value))


class _CommonModule(_types.ModuleType):
    _FLOATX = _through(floatx, set_floatx)
    _EPSILON = _through(epsilon, set_epsilon)
    _IMAGE_DATA_FORMAT = _through(image_data_format, set_image_data_format)


_sys.modules[__name__].__class__ = _CommonModule
