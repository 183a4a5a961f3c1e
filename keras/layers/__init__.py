"""keras.layers: every layer class, and layer (de)serialisation.

Each layer is re-exported explicitly, one a line, and listed in
`_LAYER_CLASSES`, the registry `deserialize` looks names up in.
"""
from keras.engine.base_layer import InputSpec  # noqa: F401
from keras.engine.base_layer import Layer  # noqa: F401
from keras.engine.input_layer import Input  # noqa: F401
from keras.engine.input_layer import InputLayer  # noqa: F401
from keras.layers.core import Activation  # noqa: F401
from keras.layers.core import ActivityRegularization  # noqa: F401
from keras.layers.core import Dense  # noqa: F401
from keras.layers.core import Dropout  # noqa: F401
from keras.layers.core import Flatten  # noqa: F401
from keras.layers.core import Lambda  # noqa: F401
from keras.layers.core import Masking  # noqa: F401
from keras.layers.core import Permute  # noqa: F401
from keras.layers.core import RepeatVector  # noqa: F401
from keras.layers.core import Reshape  # noqa: F401
from keras.layers.core import SpatialDropout1D  # noqa: F401
from keras.layers.core import SpatialDropout2D  # noqa: F401
from keras.layers.core import SpatialDropout3D  # noqa: F401
# -- convolutional: imports --
# -- end convolutional imports --
# -- pooling: imports --
# -- end pooling imports --
# -- local: imports --
# -- end local imports --
# -- recurrent: imports --
# -- end recurrent imports --
# -- cudnn_recurrent: imports --
# -- end cudnn_recurrent imports --
# -- convolutional_recurrent: imports --
# -- end convolutional_recurrent imports --
# -- embeddings: imports --
# -- end embeddings imports --
# -- merge: imports --
# -- end merge imports --
# -- advanced_activations: imports --
# -- end advanced_activations imports --
# -- normalization: imports --
# -- end normalization imports --
# -- noise: imports --
# -- end noise imports --
# -- wrappers: imports --
# -- end wrappers imports --
# -- legacy: imports --
# -- end legacy imports --
from keras.utils.generic_utils import deserialize_keras_object

_LAYER_CLASSES = [
    InputLayer,
    Activation,
    ActivityRegularization,
    Dense,
    Dropout,
    Flatten,
    Lambda,
    Masking,
    Permute,
    RepeatVector,
    Reshape,
    SpatialDropout1D,
    SpatialDropout2D,
    SpatialDropout3D,
    # -- convolutional: classes --
    # -- end convolutional classes --
    # -- pooling: classes --
    # -- end pooling classes --
    # -- local: classes --
    # -- end local classes --
    # -- recurrent: classes --
    # -- end recurrent classes --
    # -- cudnn_recurrent: classes --
    # -- end cudnn_recurrent classes --
    # -- convolutional_recurrent: classes --
    # -- end convolutional_recurrent classes --
    # -- embeddings: classes --
    # -- end embeddings classes --
    # -- merge: classes --
    # -- end merge classes --
    # -- advanced_activations: classes --
    # -- end advanced_activations classes --
    # -- normalization: classes --
    # -- end normalization classes --
    # -- noise: classes --
    # -- end noise classes --
    # -- wrappers: classes --
    # -- end wrappers classes --
    # -- legacy: classes --
    # -- end legacy classes --
]


def _registry():
    # Models are layers too; imported here because keras.models imports
    # this package.
    from keras.engine.network import Network
    from keras.engine.sequential import Sequential
    from keras.engine.training import Model
    registry = {cls.__name__: cls for cls in _LAYER_CLASSES}
    registry.update({'Network': Network, 'Model': Model,
                     'Sequential': Sequential})
    return registry


def serialize(layer):
    """`{'class_name': ..., 'config': layer.get_config()}`."""
    return {'class_name': layer.__class__.__name__,
            'config': layer.get_config()}


def deserialize(config, custom_objects=None):
    """A layer (or model) instance from a `serialize` dict.

    Args:
        custom_objects: dict of the user's classes and functions.
    """
    return deserialize_keras_object(config, module_objects=_registry(),
                                    custom_objects=custom_objects,
                                    printable_module_name='layer')
