"""Inception V3 of Szegedy et al. (2015), "Rethinking the Inception
Architecture for Computer Vision".

Layers, their order and weight shapes are those of Keras 2.3.1, so the
published ImageNet files load by order. As there, only the concatenations
('mixed0' ... 'mixed10', 'mixed9_0', 'mixed9_1') and the top are named;
the convolutions, batch normalizations, activations and poolings take
the automatic names ('conv2d_1', 'batch_normalization_1', ...), which in
a fresh session are those of 2.3.1."""
from keras import backend as K
from keras import layers
from keras.applications import _builder
from keras.applications import imagenet_utils

WEIGHTS_BASE = ('https://github.com/fchollet/deep-learning-models/'
                'releases/download/v0.5/')
WEIGHTS_FILE = 'inception_v3_weights_tf_dim_ordering_tf_kernels.h5'
WEIGHTS_FILE_NO_TOP = ('inception_v3_weights_tf_dim_ordering_tf_kernels_'
                       'notop.h5')
WEIGHTS_PATH = WEIGHTS_BASE + WEIGHTS_FILE
WEIGHTS_PATH_NO_TOP = WEIGHTS_BASE + WEIGHTS_FILE_NO_TOP
WEIGHTS_HASH = '9a0d58056eeedaa3f26cb7ebd46da564'
WEIGHTS_HASH_NO_TOP = 'bcbd6486424b2319ff4ef7d526e38f63'

DEFAULT_SIZE = 299
MIN_SIZE = 75


def _channel_axis():
    return 1 if K.image_data_format() == 'channels_first' else 3


def conv2d_bn(x, filters, num_row, num_col, padding='same', strides=(1, 1),
              name=None):
    """Convolution without bias, batch normalization without scale (the
    ReLU that follows makes a scale redundant), ReLU. With `name`, the
    layers are `<name>_conv`, `<name>_bn` and `<name>`."""
    x = layers.Conv2D(filters, (num_row, num_col), strides=strides,
                      padding=padding, use_bias=False,
                      name=None if name is None else name + '_conv')(x)
    x = layers.BatchNormalization(
        axis=_channel_axis(), scale=False,
        name=None if name is None else name + '_bn')(x)
    return layers.Activation('relu', name=name)(x)


def _average_pool_branch(x, filters):
    x = layers.AveragePooling2D((3, 3), strides=(1, 1), padding='same')(x)
    return conv2d_bn(x, filters, 1, 1)


def _block_35(x, pool_filters, name):
    """35x35 block: 1x1, 5x5, double 3x3 and pooled branches."""
    branch1x1 = conv2d_bn(x, 64, 1, 1)
    branch5x5 = conv2d_bn(x, 48, 1, 1)
    branch5x5 = conv2d_bn(branch5x5, 64, 5, 5)
    branch3x3dbl = conv2d_bn(x, 64, 1, 1)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3)
    branch_pool = _average_pool_branch(x, pool_filters)
    return layers.concatenate(
        [branch1x1, branch5x5, branch3x3dbl, branch_pool],
        axis=_channel_axis(), name=name)


def _block_17(x, width, name):
    """17x17 block: 1x1, factorized 7x7, double factorized 7x7 and pooled
    branches; `width` is the inner number of filters."""
    branch1x1 = conv2d_bn(x, 192, 1, 1)
    branch7x7 = conv2d_bn(x, width, 1, 1)
    branch7x7 = conv2d_bn(branch7x7, width, 1, 7)
    branch7x7 = conv2d_bn(branch7x7, 192, 7, 1)
    branch7x7dbl = conv2d_bn(x, width, 1, 1)
    branch7x7dbl = conv2d_bn(branch7x7dbl, width, 7, 1)
    branch7x7dbl = conv2d_bn(branch7x7dbl, width, 1, 7)
    branch7x7dbl = conv2d_bn(branch7x7dbl, width, 7, 1)
    branch7x7dbl = conv2d_bn(branch7x7dbl, 192, 1, 7)
    branch_pool = _average_pool_branch(x, 192)
    return layers.concatenate(
        [branch1x1, branch7x7, branch7x7dbl, branch_pool],
        axis=_channel_axis(), name=name)


def _block_8(x, index):
    """8x8 block whose 3x3 branches end in parallel 1x3 and 3x1
    convolutions."""
    axis = _channel_axis()
    branch1x1 = conv2d_bn(x, 320, 1, 1)
    branch3x3 = conv2d_bn(x, 384, 1, 1)
    branch3x3 = layers.concatenate(
        [conv2d_bn(branch3x3, 384, 1, 3), conv2d_bn(branch3x3, 384, 3, 1)],
        axis=axis, name=f'mixed9_{index}')
    branch3x3dbl = conv2d_bn(x, 448, 1, 1)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 384, 3, 3)
    branch3x3dbl = layers.concatenate(
        [conv2d_bn(branch3x3dbl, 384, 1, 3),
         conv2d_bn(branch3x3dbl, 384, 3, 1)], axis=axis)
    branch_pool = _average_pool_branch(x, 192)
    return layers.concatenate(
        [branch1x1, branch3x3, branch3x3dbl, branch_pool], axis=axis,
        name=f'mixed{9 + index}')


@_builder.documented('Instantiates the Inception v3 architecture.',
                     default_size=DEFAULT_SIZE, min_size=MIN_SIZE)
def InceptionV3(include_top=True, weights='imagenet', input_tensor=None,
                input_shape=None, pooling=None, classes=1000, **kwargs):
    imagenet_utils.check_no_extra_arguments('InceptionV3', kwargs)
    _builder.check_arguments(weights, include_top, classes, pooling)
    img_input = _builder.image_input(input_tensor, input_shape,
                                     default_size=DEFAULT_SIZE,
                                     min_size=MIN_SIZE,
                                     include_top=include_top, weights=weights)
    axis = _channel_axis()
    x = conv2d_bn(img_input, 32, 3, 3, strides=(2, 2), padding='valid')
    x = conv2d_bn(x, 32, 3, 3, padding='valid')
    x = conv2d_bn(x, 64, 3, 3)
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    x = conv2d_bn(x, 80, 1, 1, padding='valid')
    x = conv2d_bn(x, 192, 3, 3, padding='valid')
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)

    for index, pool_filters in enumerate((32, 64, 64)):
        x = _block_35(x, pool_filters, f'mixed{index}')

    # Reduction to 17x17.
    branch3x3 = conv2d_bn(x, 384, 3, 3, strides=(2, 2), padding='valid')
    branch3x3dbl = conv2d_bn(x, 64, 1, 1)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3, strides=(2, 2),
                             padding='valid')
    branch_pool = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    x = layers.concatenate([branch3x3, branch3x3dbl, branch_pool],
                           axis=axis, name='mixed3')

    for index, width in enumerate((128, 160, 160, 192), start=4):
        x = _block_17(x, width, f'mixed{index}')

    # Reduction to 8x8.
    branch3x3 = conv2d_bn(x, 192, 1, 1)
    branch3x3 = conv2d_bn(branch3x3, 320, 3, 3, strides=(2, 2),
                          padding='valid')
    branch7x7x3 = conv2d_bn(x, 192, 1, 1)
    branch7x7x3 = conv2d_bn(branch7x7x3, 192, 1, 7)
    branch7x7x3 = conv2d_bn(branch7x7x3, 192, 7, 1)
    branch7x7x3 = conv2d_bn(branch7x7x3, 192, 3, 3, strides=(2, 2),
                            padding='valid')
    branch_pool = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    x = layers.concatenate([branch3x3, branch7x7x3, branch_pool],
                           axis=axis, name='mixed8')

    for index in range(2):
        x = _block_8(x, index)

    x = _builder.average_pooling_top(x, include_top, classes, pooling)

    imagenet_file = ((WEIGHTS_FILE, WEIGHTS_PATH, WEIGHTS_HASH)
                     if include_top else
                     (WEIGHTS_FILE_NO_TOP, WEIGHTS_PATH_NO_TOP,
                      WEIGHTS_HASH_NO_TOP))
    return _builder.finished_model(img_input, input_tensor, x,
                                   'inception_v3', weights, imagenet_file)


preprocess_input = imagenet_utils.preprocessor('tf', 'InceptionV3')


decode_predictions = imagenet_utils.decode_predictions
