"""Inception-ResNet v2 of Szegedy et al. (2016), "Inception-v4,
Inception-ResNet and the Impact of Residual Connections on Learning".

Layers, their order and weight shapes are those of Keras 2.3.1, so the
published ImageNet files load by order: each residual block ends in a
`Lambda` layer named after the block ('block35_1', ...) that adds the
block's input and its scaled branch sum, after a concatenation
('<block>_mixed') and a 1x1 convolution with bias ('<block>_conv')."""
from keras import backend as K
from keras import layers
from keras.applications import _builder
from keras.applications import imagenet_utils

BASE_WEIGHT_URL = ('https://github.com/fchollet/deep-learning-models/'
                   'releases/download/v0.7/')
WEIGHTS_FILE = 'inception_resnet_v2_weights_tf_dim_ordering_tf_kernels.h5'
WEIGHTS_FILE_NO_TOP = ('inception_resnet_v2_weights_tf_dim_ordering_'
                       'tf_kernels_notop.h5')
WEIGHTS_HASH = 'e693bd0210a403b3192acc6073ad2e96'
WEIGHTS_HASH_NO_TOP = 'd19885ff4a710c122648d3b5c3b684e4'

DEFAULT_SIZE = 299
MIN_SIZE = 75
# (block type, number of blocks, residual scale) of the three stages.
BLOCK35 = ('block35', 10, 0.17)
BLOCK17 = ('block17', 20, 0.1)
BLOCK8 = ('block8', 10, 0.2)


def _channel_axis():
    return 1 if K.image_data_format() == 'channels_first' else 3


def conv2d_bn(x, filters, kernel_size, strides=1, padding='same',
              activation='relu', use_bias=False, name=None):
    """Convolution, then (without bias) batch normalization without scale,
    then `activation` unless None. With `name`, the layers are `<name>`,
    `<name>_bn` and `<name>_ac`."""
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding=padding,
                      use_bias=use_bias, name=name)(x)
    if not use_bias:
        x = layers.BatchNormalization(
            axis=_channel_axis(), scale=False,
            name=None if name is None else name + '_bn')(x)
    if activation is not None:
        x = layers.Activation(
            activation, name=None if name is None else name + '_ac')(x)
    return x


def scaled_residual(inputs, scale):
    """The block's input plus `scale` times its branches' projection."""
    shortcut, residual = inputs
    return shortcut + residual * scale


def _branches(x, block_type):
    if block_type == 'block35':
        branch_0 = conv2d_bn(x, 32, 1)
        branch_1 = conv2d_bn(x, 32, 1)
        branch_1 = conv2d_bn(branch_1, 32, 3)
        branch_2 = conv2d_bn(x, 32, 1)
        branch_2 = conv2d_bn(branch_2, 48, 3)
        branch_2 = conv2d_bn(branch_2, 64, 3)
        return [branch_0, branch_1, branch_2]
    if block_type == 'block17':
        branch_0 = conv2d_bn(x, 192, 1)
        branch_1 = conv2d_bn(x, 128, 1)
        branch_1 = conv2d_bn(branch_1, 160, [1, 7])
        branch_1 = conv2d_bn(branch_1, 192, [7, 1])
        return [branch_0, branch_1]
    if block_type == 'block8':
        branch_0 = conv2d_bn(x, 192, 1)
        branch_1 = conv2d_bn(x, 192, 1)
        branch_1 = conv2d_bn(branch_1, 224, [1, 3])
        branch_1 = conv2d_bn(branch_1, 256, [3, 1])
        return [branch_0, branch_1]
    raise ValueError('Unknown Inception-ResNet block type. Expects '
                     '"block35", "block17" or "block8", but got: '
                     + str(block_type))


def inception_resnet_block(x, scale, block_type, block_idx,
                           activation='relu'):
    """One Inception-ResNet block: the branches of `block_type`
    ('block35', 'block17' or 'block8') concatenated, projected back to the
    input's channels by a 1x1 convolution, scaled by `scale` and added to
    the input, then `activation` (None for the last block)."""
    axis = _channel_axis()
    branches = _branches(x, block_type)
    block_name = f'{block_type}_{block_idx}'
    mixed = layers.Concatenate(axis=axis, name=block_name + '_mixed')(
        branches)
    up = conv2d_bn(mixed, K.int_shape(x)[axis], 1, activation=None,
                   use_bias=True, name=block_name + '_conv')
    x = layers.Lambda(scaled_residual, output_shape=K.int_shape(x)[1:],
                      arguments={'scale': scale}, name=block_name)([x, up])
    if activation is not None:
        x = layers.Activation(activation, name=block_name + '_ac')(x)
    return x


def _stem(img_input):
    """Convolutions and poolings down to 35x35x192."""
    x = conv2d_bn(img_input, 32, 3, strides=2, padding='valid')
    x = conv2d_bn(x, 32, 3, padding='valid')
    x = conv2d_bn(x, 64, 3)
    x = layers.MaxPooling2D(3, strides=2)(x)
    x = conv2d_bn(x, 80, 1, padding='valid')
    x = conv2d_bn(x, 192, 3, padding='valid')
    return layers.MaxPooling2D(3, strides=2)(x)


def _mixed_5b(x):
    """Inception-A block: 35x35x320."""
    branch_0 = conv2d_bn(x, 96, 1)
    branch_1 = conv2d_bn(x, 48, 1)
    branch_1 = conv2d_bn(branch_1, 64, 5)
    branch_2 = conv2d_bn(x, 64, 1)
    branch_2 = conv2d_bn(branch_2, 96, 3)
    branch_2 = conv2d_bn(branch_2, 96, 3)
    branch_pool = layers.AveragePooling2D(3, strides=1, padding='same')(x)
    branch_pool = conv2d_bn(branch_pool, 64, 1)
    return layers.Concatenate(axis=_channel_axis(), name='mixed_5b')(
        [branch_0, branch_1, branch_2, branch_pool])


def _mixed_6a(x):
    """Reduction-A block: 17x17x1088."""
    branch_0 = conv2d_bn(x, 384, 3, strides=2, padding='valid')
    branch_1 = conv2d_bn(x, 256, 1)
    branch_1 = conv2d_bn(branch_1, 256, 3)
    branch_1 = conv2d_bn(branch_1, 384, 3, strides=2, padding='valid')
    branch_pool = layers.MaxPooling2D(3, strides=2, padding='valid')(x)
    return layers.Concatenate(axis=_channel_axis(), name='mixed_6a')(
        [branch_0, branch_1, branch_pool])


def _mixed_7a(x):
    """Reduction-B block: 8x8x2080."""
    branch_0 = conv2d_bn(x, 256, 1)
    branch_0 = conv2d_bn(branch_0, 384, 3, strides=2, padding='valid')
    branch_1 = conv2d_bn(x, 256, 1)
    branch_1 = conv2d_bn(branch_1, 288, 3, strides=2, padding='valid')
    branch_2 = conv2d_bn(x, 256, 1)
    branch_2 = conv2d_bn(branch_2, 288, 3)
    branch_2 = conv2d_bn(branch_2, 320, 3, strides=2, padding='valid')
    branch_pool = layers.MaxPooling2D(3, strides=2, padding='valid')(x)
    return layers.Concatenate(axis=_channel_axis(), name='mixed_7a')(
        [branch_0, branch_1, branch_2, branch_pool])


def _residual_stage(x, stage, last_activation='relu'):
    block_type, blocks, scale = stage
    for block_idx in range(1, blocks + 1):
        last = block_idx == blocks
        x = inception_resnet_block(
            x, scale=1. if last and last_activation is None else scale,
            block_type=block_type, block_idx=block_idx,
            activation=last_activation if last else 'relu')
    return x


@_builder.documented(
    'Instantiates the Inception-ResNet v2 architecture.',
    default_size=DEFAULT_SIZE, min_size=MIN_SIZE)
def InceptionResNetV2(include_top=True, weights='imagenet', input_tensor=None,
                      input_shape=None, pooling=None, classes=1000,
                      **kwargs):
    imagenet_utils.check_no_extra_arguments('InceptionResNetV2', kwargs)
    _builder.check_arguments(weights, include_top, classes, pooling)
    img_input = _builder.image_input(input_tensor, input_shape,
                                     default_size=DEFAULT_SIZE,
                                     min_size=MIN_SIZE,
                                     include_top=include_top, weights=weights)
    x = _mixed_5b(_stem(img_input))
    x = _residual_stage(x, BLOCK35)
    x = _mixed_6a(x)
    x = _residual_stage(x, BLOCK17)
    x = _mixed_7a(x)
    # The last block8 is neither scaled nor activated: conv_7b follows.
    x = _residual_stage(x, BLOCK8, last_activation=None)
    x = conv2d_bn(x, 1536, 1, name='conv_7b')

    x = _builder.average_pooling_top(x, include_top, classes, pooling)

    name, file_hash = ((WEIGHTS_FILE, WEIGHTS_HASH) if include_top else
                       (WEIGHTS_FILE_NO_TOP, WEIGHTS_HASH_NO_TOP))
    return _builder.finished_model(img_input, input_tensor, x,
                                   'inception_resnet_v2', weights,
                                   (name, BASE_WEIGHT_URL + name, file_hash))


preprocess_input = imagenet_utils.preprocessor('tf', 'InceptionResNetV2')


decode_predictions = imagenet_utils.decode_predictions
