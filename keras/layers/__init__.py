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
from keras.layers.convolutional import Conv1D  # noqa: F401
from keras.layers.convolutional import Conv2D  # noqa: F401
from keras.layers.convolutional import Conv2DTranspose  # noqa: F401
from keras.layers.convolutional import Conv3D  # noqa: F401
from keras.layers.convolutional import Conv3DTranspose  # noqa: F401
from keras.layers.convolutional import Cropping1D  # noqa: F401
from keras.layers.convolutional import Cropping2D  # noqa: F401
from keras.layers.convolutional import Cropping3D  # noqa: F401
from keras.layers.convolutional import DepthwiseConv2D  # noqa: F401
from keras.layers.convolutional import SeparableConv1D  # noqa: F401
from keras.layers.convolutional import SeparableConv2D  # noqa: F401
from keras.layers.convolutional import UpSampling1D  # noqa: F401
from keras.layers.convolutional import UpSampling2D  # noqa: F401
from keras.layers.convolutional import UpSampling3D  # noqa: F401
from keras.layers.convolutional import ZeroPadding1D  # noqa: F401
from keras.layers.convolutional import ZeroPadding2D  # noqa: F401
from keras.layers.convolutional import ZeroPadding3D  # noqa: F401
from keras.layers.convolutional import Convolution1D  # noqa: F401
from keras.layers.convolutional import Convolution2D  # noqa: F401
from keras.layers.convolutional import Convolution3D  # noqa: F401
from keras.layers.convolutional import Deconvolution2D  # noqa: F401
from keras.layers.convolutional import Deconvolution3D  # noqa: F401
# -- end convolutional imports --
# -- pooling: imports --
from keras.layers.pooling import AveragePooling1D  # noqa: F401
from keras.layers.pooling import AveragePooling2D  # noqa: F401
from keras.layers.pooling import AveragePooling3D  # noqa: F401
from keras.layers.pooling import AvgPool1D  # noqa: F401
from keras.layers.pooling import AvgPool2D  # noqa: F401
from keras.layers.pooling import AvgPool3D  # noqa: F401
from keras.layers.pooling import GlobalAveragePooling1D  # noqa: F401
from keras.layers.pooling import GlobalAveragePooling2D  # noqa: F401
from keras.layers.pooling import GlobalAveragePooling3D  # noqa: F401
from keras.layers.pooling import GlobalAvgPool1D  # noqa: F401
from keras.layers.pooling import GlobalAvgPool2D  # noqa: F401
from keras.layers.pooling import GlobalAvgPool3D  # noqa: F401
from keras.layers.pooling import GlobalMaxPool1D  # noqa: F401
from keras.layers.pooling import GlobalMaxPool2D  # noqa: F401
from keras.layers.pooling import GlobalMaxPool3D  # noqa: F401
from keras.layers.pooling import GlobalMaxPooling1D  # noqa: F401
from keras.layers.pooling import GlobalMaxPooling2D  # noqa: F401
from keras.layers.pooling import GlobalMaxPooling3D  # noqa: F401
from keras.layers.pooling import MaxPool1D  # noqa: F401
from keras.layers.pooling import MaxPool2D  # noqa: F401
from keras.layers.pooling import MaxPool3D  # noqa: F401
from keras.layers.pooling import MaxPooling1D  # noqa: F401
from keras.layers.pooling import MaxPooling2D  # noqa: F401
from keras.layers.pooling import MaxPooling3D  # noqa: F401
# -- end pooling imports --
# -- local: imports --
from keras.layers.local import LocallyConnected1D  # noqa: F401
from keras.layers.local import LocallyConnected2D  # noqa: F401
# -- end local imports --
# -- recurrent: imports --
from keras.layers.recurrent import GRU  # noqa: F401
from keras.layers.recurrent import GRUCell  # noqa: F401
from keras.layers.recurrent import LSTM  # noqa: F401
from keras.layers.recurrent import LSTMCell  # noqa: F401
from keras.layers.recurrent import RNN  # noqa: F401
from keras.layers.recurrent import SimpleRNN  # noqa: F401
from keras.layers.recurrent import SimpleRNNCell  # noqa: F401
from keras.layers.recurrent import StackedRNNCells  # noqa: F401
# -- end recurrent imports --
# -- cudnn_recurrent: imports --
from keras.layers.cudnn_recurrent import CuDNNGRU  # noqa: F401
from keras.layers.cudnn_recurrent import CuDNNLSTM  # noqa: F401
# -- end cudnn_recurrent imports --
# -- convolutional_recurrent: imports --
from keras.layers.convolutional_recurrent import ConvLSTM2D  # noqa: F401
from keras.layers.convolutional_recurrent import ConvLSTM2DCell  # noqa: F401,E501
# ConvRNN2D is not a keras.layers name in 2.3.1; registered for deserialize.
from keras.layers.convolutional_recurrent import ConvRNN2D as _ConvRNN2D
# -- end convolutional_recurrent imports --
# -- embeddings: imports --
from keras.layers.embeddings import Embedding  # noqa: F401
# -- end embeddings imports --
# -- merge: imports --
from keras.layers.merge import Add  # noqa: F401
from keras.layers.merge import Average  # noqa: F401
from keras.layers.merge import Concatenate  # noqa: F401
from keras.layers.merge import Dot  # noqa: F401
from keras.layers.merge import Maximum  # noqa: F401
from keras.layers.merge import Minimum  # noqa: F401
from keras.layers.merge import Multiply  # noqa: F401
from keras.layers.merge import Subtract  # noqa: F401
from keras.layers.merge import add  # noqa: F401
from keras.layers.merge import average  # noqa: F401
from keras.layers.merge import concatenate  # noqa: F401
from keras.layers.merge import dot  # noqa: F401
from keras.layers.merge import maximum  # noqa: F401
from keras.layers.merge import minimum  # noqa: F401
from keras.layers.merge import multiply  # noqa: F401
from keras.layers.merge import subtract  # noqa: F401
# -- end merge imports --
# -- advanced_activations: imports --
from keras.layers.advanced_activations import ELU  # noqa: F401
from keras.layers.advanced_activations import LeakyReLU  # noqa: F401
from keras.layers.advanced_activations import PReLU  # noqa: F401
from keras.layers.advanced_activations import ReLU  # noqa: F401
from keras.layers.advanced_activations import Softmax  # noqa: F401
from keras.layers.advanced_activations import ThresholdedReLU  # noqa: F401
# -- end advanced_activations imports --
# -- normalization: imports --
from keras.layers.normalization import BatchNormalization  # noqa: F401
# -- end normalization imports --
# -- noise: imports --
from keras.layers.noise import AlphaDropout  # noqa: F401
from keras.layers.noise import GaussianDropout  # noqa: F401
from keras.layers.noise import GaussianNoise  # noqa: F401
# -- end noise imports --
# -- wrappers: imports --
from keras.layers.wrappers import Bidirectional  # noqa: F401
from keras.layers.wrappers import TimeDistributed  # noqa: F401
# -- end wrappers imports --
# -- legacy: imports --
from keras.legacy.layers import AtrousConvolution1D  # noqa: F401
from keras.legacy.layers import AtrousConvolution2D  # noqa: F401
from keras.legacy.layers import ConvRecurrent2D  # noqa: F401
from keras.legacy.layers import Highway  # noqa: F401
from keras.legacy.layers import MaxoutDense  # noqa: F401
from keras.legacy.layers import Merge  # noqa: F401
from keras.legacy.layers import Recurrent  # noqa: F401
# Keras 1 `merge(...)`: keras.layers.merge stays the Keras 2 module, made
# callable as the Keras 1 function by keras.legacy.layers.
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
    Conv1D,
    Conv2D,
    Conv2DTranspose,
    Conv3D,
    Conv3DTranspose,
    Cropping1D,
    Cropping2D,
    Cropping3D,
    DepthwiseConv2D,
    SeparableConv1D,
    SeparableConv2D,
    UpSampling1D,
    UpSampling2D,
    UpSampling3D,
    ZeroPadding1D,
    ZeroPadding2D,
    ZeroPadding3D,
    # -- end convolutional classes --
    # -- pooling: classes --
    AveragePooling1D,
    AveragePooling2D,
    AveragePooling3D,
    GlobalAveragePooling1D,
    GlobalAveragePooling2D,
    GlobalAveragePooling3D,
    GlobalMaxPooling1D,
    GlobalMaxPooling2D,
    GlobalMaxPooling3D,
    MaxPooling1D,
    MaxPooling2D,
    MaxPooling3D,
    # -- end pooling classes --
    # -- local: classes --
    LocallyConnected1D,
    LocallyConnected2D,
    # -- end local classes --
    # -- recurrent: classes --
    GRU,
    GRUCell,
    LSTM,
    LSTMCell,
    RNN,
    SimpleRNN,
    SimpleRNNCell,
    StackedRNNCells,
    # -- end recurrent classes --
    # -- cudnn_recurrent: classes --
    CuDNNGRU,
    CuDNNLSTM,
    # -- end cudnn_recurrent classes --
    # -- convolutional_recurrent: classes --
    ConvLSTM2D,
    ConvLSTM2DCell,
    _ConvRNN2D,
    # -- end convolutional_recurrent classes --
    # -- embeddings: classes --
    Embedding,
    # -- end embeddings classes --
    # -- merge: classes --
    Add,
    Average,
    Concatenate,
    Dot,
    Maximum,
    Minimum,
    Multiply,
    Subtract,
    # -- end merge classes --
    # -- advanced_activations: classes --
    ELU,
    LeakyReLU,
    PReLU,
    ReLU,
    Softmax,
    ThresholdedReLU,
    # -- end advanced_activations classes --
    # -- normalization: classes --
    BatchNormalization,
    # -- end normalization classes --
    # -- noise: classes --
    AlphaDropout,
    GaussianDropout,
    GaussianNoise,
    # -- end noise classes --
    # -- wrappers: classes --
    Bidirectional,
    TimeDistributed,
    # -- end wrappers classes --
    # -- legacy: classes --
    ConvRecurrent2D,
    Highway,
    MaxoutDense,
    Merge,
    Recurrent,
    # -- end legacy classes --
]


def _registry():
    # Models are layers too; imported here because keras.models imports
    # this package.
    from keras.engine.network import Network
    from keras.engine.sequential import Sequential
    from keras.engine.training import Model
    registry = {cls.__name__: cls for cls in _LAYER_CLASSES}
    registry.update(_ALIASES)
    registry.update({'Network': Network, 'Model': Model,
                     'Sequential': Sequential})
    return registry


# Names 2.3.1's `deserialize` also resolved (it looked names up in the
# module's globals): Keras 1 class names in old configs, short spellings.
_ALIASES = {
    'Convolution1D': Convolution1D,
    'Convolution2D': Convolution2D,
    'Convolution3D': Convolution3D,
    'Deconvolution2D': Deconvolution2D,
    'Deconvolution3D': Deconvolution3D,
    'SeparableConvolution1D': SeparableConv1D,
    'SeparableConvolution2D': SeparableConv2D,
    'AtrousConvolution1D': AtrousConvolution1D,
    'AtrousConvolution2D': AtrousConvolution2D,
    'AvgPool1D': AvgPool1D,
    'AvgPool2D': AvgPool2D,
    'AvgPool3D': AvgPool3D,
    'MaxPool1D': MaxPool1D,
    'MaxPool2D': MaxPool2D,
    'MaxPool3D': MaxPool3D,
    'GlobalAvgPool1D': GlobalAvgPool1D,
    'GlobalAvgPool2D': GlobalAvgPool2D,
    'GlobalAvgPool3D': GlobalAvgPool3D,
    'GlobalMaxPool1D': GlobalMaxPool1D,
    'GlobalMaxPool2D': GlobalMaxPool2D,
    'GlobalMaxPool3D': GlobalMaxPool3D,
}


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
