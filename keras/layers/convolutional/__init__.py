"""Convolutional layers (`keras.layers.convolutional` in Keras 2)."""
import importlib

from keras.layers.convolutional.conv1d import Conv1D
from keras.layers.convolutional.conv2d import Conv2D
from keras.layers.convolutional.conv3d import Conv3D
from keras.layers.convolutional.conv_transpose import Conv2DTranspose
from keras.layers.convolutional.conv_transpose import Conv3DTranspose
from keras.layers.convolutional.cropping import Cropping1D
from keras.layers.convolutional.cropping import Cropping2D
from keras.layers.convolutional.cropping import Cropping3D
from keras.layers.convolutional.depthwise_conv2d import DepthwiseConv2D
from keras.layers.convolutional.separable_conv import SeparableConv1D
from keras.layers.convolutional.separable_conv import SeparableConv2D
from keras.layers.convolutional.upsampling import UpSampling1D
from keras.layers.convolutional.upsampling import UpSampling2D
from keras.layers.convolutional.upsampling import UpSampling3D
from keras.layers.convolutional.zero_padding import ZeroPadding1D
from keras.layers.convolutional.zero_padding import ZeroPadding2D
from keras.layers.convolutional.zero_padding import ZeroPadding3D

# Aliases, as Keras 2.3.1 defined them in this module (keras.layers
# re-exports Convolution1D/2D/3D and Deconvolution2D/3D).
Convolution1D = Conv1D
Convolution2D = Conv2D
Convolution3D = Conv3D
SeparableConvolution1D = SeparableConv1D
SeparableConvolution2D = SeparableConv2D
Convolution2DTranspose = Conv2DTranspose
Deconvolution2D = Deconv2D = Conv2DTranspose
Deconvolution3D = Deconv3D = Conv3DTranspose

# Names Keras 2 also made importable from here, for code written against
# Keras 1 (`from keras.layers.convolutional import MaxPooling2D`). They
# live in other modules, loaded on first access.
_ELSEWHERE = {
    'AveragePooling1D': ('keras.layers.pooling', 'AveragePooling1D'),
    'AveragePooling2D': ('keras.layers.pooling', 'AveragePooling2D'),
    'AveragePooling3D': ('keras.layers.pooling', 'AveragePooling3D'),
    'MaxPooling1D': ('keras.layers.pooling', 'MaxPooling1D'),
    'MaxPooling2D': ('keras.layers.pooling', 'MaxPooling2D'),
    'MaxPooling3D': ('keras.layers.pooling', 'MaxPooling3D'),
    'AtrousConvolution1D': ('keras.legacy.layers', 'AtrousConvolution1D'),
    'AtrousConvolution2D': ('keras.legacy.layers', 'AtrousConvolution2D'),
    'AtrousConv1D': ('keras.legacy.layers', 'AtrousConvolution1D'),
    'AtrousConv2D': ('keras.legacy.layers', 'AtrousConvolution2D'),
}


def __getattr__(name):
    if name not in _ELSEWHERE:
        raise AttributeError('module %r has no attribute %r'
                             % (__name__, name))
    module_name, attribute = _ELSEWHERE[name]
    value = getattr(importlib.import_module(module_name), attribute)
    globals()[name] = value
    return value
