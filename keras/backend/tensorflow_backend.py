"""Keras 2's import path for the TensorFlow backend module, kept for code
such as `from keras.backend import tensorflow_backend as KTF`.

It offers the public K functions (they run on the active backend), `tf`
(the tensorflow module, imported on first use) and `_get_available_gpus`,
which old multi-GPU scripts call.
"""
import types

from keras import backend as _K

# The K namespace is listed by hand in keras/backend/__init__.py; copying
# its public names keeps this alias in step with it.
globals().update({name: value for name, value in vars(_K).items()
                  if not name.startswith('_') and
                  not isinstance(value, types.ModuleType)})


def _get_available_gpus():
    """Names of the GPUs TensorFlow sees, e.g. ['/device:GPU:0']."""
    import tensorflow as tf
    return [device.name for device in tf.config.list_logical_devices('GPU')]


def __getattr__(name):
    if name == 'tf':
        import tensorflow
        return tensorflow
    raise AttributeError('module %r has no attribute %r' % (__name__, name))
