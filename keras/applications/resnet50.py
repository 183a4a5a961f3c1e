"""ResNet50 as keras_applications' resnet50 module defines it: the
original graph of He et al. (2015), "Deep Residual Learning for Image
Recognition", with the weights published for it in 2017 (Caffe-style
preprocessing)."""
import warnings

from keras import backend as K
from keras import layers
from keras.applications import _builder
from keras.applications import imagenet_utils

WEIGHTS_PATH = ('https://github.com/fchollet/deep-learning-models/'
                'releases/download/v0.2/'
                'resnet50_weights_tf_dim_ordering_tf_kernels.h5')
WEIGHTS_PATH_NO_TOP = ('https://github.com/fchollet/deep-learning-models/'
                       'releases/download/v0.2/'
                       'resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5')
WEIGHTS_HASH = 'a7b3fe01876f51b976af0dea6bc144eb'
WEIGHTS_HASH_NO_TOP = 'a268eb855778b3df3c7506639542a6af'
# (filters of the three convolutions, blocks) of stages 2 to 5.
STAGES = (((64, 64, 256), 3), ((128, 128, 512), 4),
          ((256, 256, 1024), 6), ((512, 512, 2048), 3))


def _channel_axis():
    return 1 if K.image_data_format() == 'channels_first' else 3


def _bottleneck(input_tensor, kernel_size, filters, stage, block, strides):
    conv_name = 'res' + str(stage) + block + '_branch'
    bn_name = 'bn' + str(stage) + block + '_branch'
    filters1, filters2, filters3 = filters
    x = layers.Conv2D(filters1, (1, 1), strides=strides,
                      kernel_initializer='he_normal',
                      name=conv_name + '2a')(input_tensor)
    x = layers.BatchNormalization(axis=_channel_axis(),
                                  name=bn_name + '2a')(x)
    x = layers.Activation('relu')(x)
    x = layers.Conv2D(filters2, kernel_size, padding='same',
                      kernel_initializer='he_normal',
                      name=conv_name + '2b')(x)
    x = layers.BatchNormalization(axis=_channel_axis(),
                                  name=bn_name + '2b')(x)
    x = layers.Activation('relu')(x)
    x = layers.Conv2D(filters3, (1, 1), kernel_initializer='he_normal',
                      name=conv_name + '2c')(x)
    return layers.BatchNormalization(axis=_channel_axis(),
                                     name=bn_name + '2c')(x)


def identity_block(input_tensor, kernel_size, filters, stage, block):
    """A residual block whose shortcut is its input.

    # Arguments
        input_tensor: input tensor.
        kernel_size: size of the middle convolution's kernel.
        filters: filters of the three convolutions (the last one equal to
            the input's channels).
        stage: stage number, used in layer names.
        block: 'a', 'b', ..., the block's letter within the stage.

    # Returns
        Output tensor of the block.
    """
    x = _bottleneck(input_tensor, kernel_size, filters, stage, block,
                    strides=(1, 1))
    x = layers.add([x, input_tensor])
    return layers.Activation('relu')(x)


def conv_block(input_tensor, kernel_size, filters, stage, block,
               strides=(2, 2)):
    """A residual block whose shortcut is a strided 1x1 convolution (and
    batch norm) to the block's output channels.

    # Arguments
        As `identity_block`, plus `strides` of the first convolution and
        of the shortcut.

    # Returns
        Output tensor of the block.
    """
    x = _bottleneck(input_tensor, kernel_size, filters, stage, block,
                    strides=strides)
    shortcut = layers.Conv2D(filters[2], (1, 1), strides=strides,
                             kernel_initializer='he_normal',
                             name='res' + str(stage) + block + '_branch1')(
                                 input_tensor)
    shortcut = layers.BatchNormalization(
        axis=_channel_axis(), name='bn' + str(stage) + block + '_branch1')(
            shortcut)
    x = layers.add([x, shortcut])
    return layers.Activation('relu')(x)


@_builder.documented(top="the global average pooling ('avg_pool') and "
                         "the fully-connected 'fc1000' layer",
                     pooled='stage')
def ResNet50(include_top=True, weights='imagenet', input_tensor=None,
             input_shape=None, pooling=None, classes=1000, **kwargs):
    imagenet_utils.check_no_extra_arguments('ResNet50', kwargs)
    _builder.check_arguments(weights, include_top, classes, pooling)
    img_input = _builder.image_input(input_tensor, input_shape,
                                     default_size=224, min_size=32,
                                     include_top=include_top, weights=weights)
    x = layers.ZeroPadding2D(padding=(3, 3), name='conv1_pad')(img_input)
    x = layers.Conv2D(64, (7, 7), strides=(2, 2), padding='valid',
                      kernel_initializer='he_normal', name='conv1')(x)
    x = layers.BatchNormalization(axis=_channel_axis(), name='bn_conv1')(x)
    x = layers.Activation('relu')(x)
    x = layers.ZeroPadding2D(padding=(1, 1), name='pool1_pad')(x)
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)

    for stage, (filters, blocks) in enumerate(STAGES, start=2):
        x = conv_block(x, 3, filters, stage=stage, block='a',
                       strides=(1, 1) if stage == 2 else (2, 2))
        for block in 'bcdef'[:blocks - 1]:
            x = identity_block(x, 3, filters, stage=stage, block=block)

    if not include_top and pooling is None:
        warnings.warn('The output shape of `ResNet50(include_top=False)` '
                      'has been changed since Keras 2.2.0.')
    x = _builder.average_pooling_top(x, include_top, classes, pooling,
                                     dense_name='fc1000')

    weight_file = ((
        'resnet50_weights_tf_dim_ordering_tf_kernels.h5', WEIGHTS_PATH,
        WEIGHTS_HASH) if include_top else (
        'resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5',
        WEIGHTS_PATH_NO_TOP, WEIGHTS_HASH_NO_TOP))
    return _builder.finished_model(img_input, input_tensor, x, 'resnet50',
                                   weights, weight_file)


preprocess_input = imagenet_utils.preprocessor('caffe', 'ResNet50')


decode_predictions = imagenet_utils.decode_predictions
