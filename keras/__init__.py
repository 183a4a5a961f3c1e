"""Keras 2 on today's Python, NumPy 2 and tensor backends."""
__version__ = '2.3.1'


def _tensorflow_is_importing():
    import sys
    spec = getattr(sys.modules.get('tensorflow'), '__spec__', None)
    return getattr(spec, '_initializing', False)


# `import tensorflow` imports whatever module is named keras, looking for
# Keras 3 (keras.src) and catching only ImportError and AttributeError.
# Decline that probe: importing our backend from inside TensorFlow's
# half-done import would be circular, and any other error would break
# `import tensorflow`. A later `import keras` imports normally.
if _tensorflow_is_importing():
    raise ImportError('This keras (Keras 2 API) has no Keras 3 modules for '
                      'TensorFlow to load; import it after tensorflow.')

from keras import backend  # noqa: E402,F401
from keras import utils  # noqa: E402,F401
from keras import activations  # noqa: E402,F401
from keras import applications  # noqa: E402,F401
from keras import datasets  # noqa: E402,F401
from keras import engine  # noqa: E402,F401
from keras import layers  # noqa: E402,F401
from keras import preprocessing  # noqa: E402,F401
from keras import wrappers  # noqa: E402,F401
from keras import callbacks  # noqa: E402,F401
from keras import constraints  # noqa: E402,F401
from keras import initializers  # noqa: E402,F401
from keras import metrics  # noqa: E402,F401
from keras import models  # noqa: E402,F401
from keras import losses  # noqa: E402,F401
from keras import optimizers  # noqa: E402,F401
from keras import regularizers  # noqa: E402,F401
from keras.layers import Input  # noqa: E402,F401
from keras.models import Model  # noqa: E402,F401
from keras.models import Sequential  # noqa: E402,F401
