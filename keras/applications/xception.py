"""Xception: the network of depthwise separable convolutions of Chollet
(2017), "Xception: Deep Learning with Depthwise Separable Convolutions".

Layers, their order and weight shapes are those of Keras 2.3.1, so the
published ImageNet files load by order; the 1x1 shortcut convolutions,
their batch normalizations and the residual sums carry no explicit names
there and are auto-named here too."""
from keras import backend as K
from keras import layers
from keras.applications import _builder
from keras.applications import imagenet_utils

WEIGHTS_BASE = ('https://github.com/fchollet/deep-learning-models/'
                'releases/download/v0.4/')
WEIGHTS_FILE = 'xception_weights_tf_dim_ordering_tf_kernels.h5'
WEIGHTS_FILE_NO_TOP = 'xception_weights_tf_dim_ordering_tf_kernels_notop.h5'
TF_WEIGHTS_PATH = WEIGHTS_BASE + WEIGHTS_FILE
TF_WEIGHTS_PATH_NO_TOP = WEIGHTS_BASE + WEIGHTS_FILE_NO_TOP
WEIGHTS_HASH = '0a58e3b7378bc2990ea3b43d5981f1f6'
WEIGHTS_HASH_NO_TOP = 'b0042744bf5b25fce3cb969f33bebb97'

DEFAULT_SIZE = 299
MIN_SIZE = 71
MIDDLE_FLOW_BLOCKS = 8


def _channel_axis():
    return 1 if K.image_data_format() == 'channels_first' else -1


def _separable_bn(x, filters, name):
    """3x3 separable convolution without bias, then batch normalization,
    named `<name>` and `<name>_bn`."""
    x = layers.SeparableConv2D(filters, (3, 3), padding='same',
                               use_bias=False, name=name)(x)
    return layers.BatchNormalization(axis=_channel_axis(),
                                     name=name + '_bn')(x)


def _shortcut(x, filters):
    """The strided 1x1 projection a downsampling block adds to its output."""
    shortcut = layers.Conv2D(filters, (1, 1), strides=(2, 2), padding='same',
                             use_bias=False)(x)
    return layers.BatchNormalization(axis=_channel_axis())(shortcut)


def _downsampling_block(x, block, filters, first_activation=True):
    """Two separable convolutions (the second with `filters[1]`) and a
    strided max pooling, plus the projected shortcut."""
    shortcut = _shortcut(x, filters[1])
    prefix = f'block{block}'
    if first_activation:
        x = layers.Activation('relu', name=prefix + '_sepconv1_act')(x)
    x = _separable_bn(x, filters[0], prefix + '_sepconv1')
    x = layers.Activation('relu', name=prefix + '_sepconv2_act')(x)
    x = _separable_bn(x, filters[1], prefix + '_sepconv2')
    x = layers.MaxPooling2D((3, 3), strides=(2, 2), padding='same',
                            name=prefix + '_pool')(x)
    return layers.add([x, shortcut])


def _middle_block(x, block):
    """Three activated separable convolutions of 728 filters around an
    identity shortcut."""
    shortcut = x
    prefix = f'block{block}'
    for conv in (1, 2, 3):
        name = f'{prefix}_sepconv{conv}'
        x = layers.Activation('relu', name=name + '_act')(x)
        x = _separable_bn(x, 728, name)
    return layers.add([x, shortcut])


@_builder.documented(default_size=DEFAULT_SIZE, min_size=MIN_SIZE)
def Xception(include_top=True, weights='imagenet', input_tensor=None,
             input_shape=None, pooling=None, classes=1000, **kwargs):
    imagenet_utils.check_no_extra_arguments('Xception', kwargs)
    _builder.check_arguments(weights, include_top, classes, pooling)
    img_input = _builder.image_input(input_tensor, input_shape,
                                     default_size=DEFAULT_SIZE,
                                     min_size=MIN_SIZE,
                                     include_top=include_top, weights=weights)
    axis = _channel_axis()
    x = img_input
    for conv, (filters, strides) in enumerate(((32, (2, 2)), (64, (1, 1))),
                                              start=1):
        name = f'block1_conv{conv}'
        x = layers.Conv2D(filters, (3, 3), strides=strides, use_bias=False,
                          name=name)(x)
        x = layers.BatchNormalization(axis=axis, name=name + '_bn')(x)
        x = layers.Activation('relu', name=name + '_act')(x)

    # Block 2 starts right after block 1's activation.
    x = _downsampling_block(x, 2, (128, 128), first_activation=False)
    x = _downsampling_block(x, 3, (256, 256))
    x = _downsampling_block(x, 4, (728, 728))
    for block in range(5, 5 + MIDDLE_FLOW_BLOCKS):
        x = _middle_block(x, block)
    x = _downsampling_block(x, 13, (728, 1024))

    for conv, filters in ((1, 1536), (2, 2048)):
        name = f'block14_sepconv{conv}'
        x = _separable_bn(x, filters, name)
        x = layers.Activation('relu', name=name + '_act')(x)

    x = _builder.average_pooling_top(x, include_top, classes, pooling)

    imagenet_file = ((WEIGHTS_FILE, TF_WEIGHTS_PATH, WEIGHTS_HASH)
                     if include_top else
                     (WEIGHTS_FILE_NO_TOP, TF_WEIGHTS_PATH_NO_TOP,
                      WEIGHTS_HASH_NO_TOP))
    return _builder.finished_model(img_input, input_tensor, x, 'xception',
                                   weights, imagenet_file)


preprocess_input = imagenet_utils.preprocessor('tf', 'Xception')


decode_predictions = imagenet_utils.decode_predictions
