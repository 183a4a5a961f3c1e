"""DenseNet (Huang et al., 2017), "Densely Connected Convolutional
Networks": four dense blocks, where each layer's 32 new feature maps are
concatenated to all earlier ones, joined by transitions that halve the
channels and the resolution."""
from keras import backend as K
from keras import layers
from keras.applications import _builder
from keras.applications import imagenet_utils

BASE_WEIGHTS_PATH = ('https://github.com/keras-team/keras-applications/'
                     'releases/download/densenet/')
DENSENET121_WEIGHT_PATH = (BASE_WEIGHTS_PATH +
                           'densenet121_weights_tf_dim_ordering_tf_kernels.h5')
DENSENET121_WEIGHT_PATH_NO_TOP = (
    BASE_WEIGHTS_PATH +
    'densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5')
DENSENET169_WEIGHT_PATH = (BASE_WEIGHTS_PATH +
                           'densenet169_weights_tf_dim_ordering_tf_kernels.h5')
DENSENET169_WEIGHT_PATH_NO_TOP = (
    BASE_WEIGHTS_PATH +
    'densenet169_weights_tf_dim_ordering_tf_kernels_notop.h5')
DENSENET201_WEIGHT_PATH = (BASE_WEIGHTS_PATH +
                           'densenet201_weights_tf_dim_ordering_tf_kernels.h5')
DENSENET201_WEIGHT_PATH_NO_TOP = (
    BASE_WEIGHTS_PATH +
    'densenet201_weights_tf_dim_ordering_tf_kernels_notop.h5')

# Layers per dense block of each published model.
DENSENET_BLOCKS = {
    'densenet121': (6, 12, 24, 16),
    'densenet169': (6, 12, 32, 32),
    'densenet201': (6, 12, 48, 32),
}
# md5 of the published files, {name: (with top, without top)}.
WEIGHT_HASHES = {
    'densenet121': ('9d60b8095a5708f2dcce2bca79d332c7',
                    '30ee3e1110167f948a6b9946edeeb738'),
    'densenet169': ('d699b8f76981ab1b30698df4c175e90b',
                    'b8c4d4c20dd625c148057b9ff1c1176b'),
    'densenet201': ('1ceb130c1ea1b78c3bf6114dbdfd8807',
                    'c13680b51ded0fb44dff2d8f86ac8bb1'),
}
GROWTH_RATE = 32
BN_EPSILON = 1.001e-5


def _channel_axis():
    return 1 if K.image_data_format() == 'channels_first' else 3


def _batch_norm_relu(x, name):
    x = layers.BatchNormalization(axis=_channel_axis(), epsilon=BN_EPSILON,
                                  name=name + '_bn')(x)
    return layers.Activation('relu', name=name + '_relu')(x)


def conv_block(x, growth_rate, name):
    """One dense layer: a 1x1 bottleneck to 4 * `growth_rate` channels,
    a 3x3 convolution to `growth_rate`, concatenated to `x`."""
    new = _batch_norm_relu(x, name + '_0')
    new = layers.Conv2D(4 * growth_rate, 1, use_bias=False,
                        name=name + '_1_conv')(new)
    new = _batch_norm_relu(new, name + '_1')
    new = layers.Conv2D(growth_rate, 3, padding='same', use_bias=False,
                        name=name + '_2_conv')(new)
    return layers.Concatenate(axis=_channel_axis(),
                              name=name + '_concat')([x, new])


def dense_block(x, blocks, name):
    for index in range(1, blocks + 1):
        x = conv_block(x, GROWTH_RATE, name='%s_block%d' % (name, index))
    return x


def transition_block(x, reduction, name):
    """Keeps `reduction` of the channels and halves the resolution."""
    x = _batch_norm_relu(x, name)
    channels = K.int_shape(x)[_channel_axis()]
    x = layers.Conv2D(int(channels * reduction), 1, use_bias=False,
                      name=name + '_conv')(x)
    return layers.AveragePooling2D(2, strides=2, name=name + '_pool')(x)


def _published_name(blocks):
    for name, published in DENSENET_BLOCKS.items():
        if tuple(blocks) == published:
            return name
    return None


def weight_file(name, include_top):
    """(file name, URL, md5 hash) of a published model's weights."""
    fname = name + '_weights_tf_dim_ordering_tf_kernels'
    fname += '.h5' if include_top else '_notop.h5'
    return (fname, BASE_WEIGHTS_PATH + fname,
            WEIGHT_HASHES[name][0 if include_top else 1])


@_builder.documented(
    top='the classification layer', pooled='block',
    arguments={'blocks': "numbers of layers in the four dense blocks; "
                         "'imagenet' weights exist for [6, 12, 24, 16] (121), "
                         "[6, 12, 32, 32] (169) and [6, 12, 48, 32] (201)."},
    errors=['an invalid `blocks`',
            "'imagenet' weights for unpublished `blocks`"])
def DenseNet(blocks, include_top=True, weights='imagenet', input_tensor=None,
             input_shape=None, pooling=None, classes=1000, **kwargs):
    imagenet_utils.check_no_extra_arguments('DenseNet', kwargs)
    _builder.check_arguments(weights, include_top, classes, pooling)
    if len(blocks) != 4:
        raise ValueError('`blocks` should give the number of layers of the '
                         '4 dense blocks; received blocks=' + repr(blocks))
    name = _published_name(blocks)
    if weights == 'imagenet' and name is None:
        raise ValueError('ImageNet weights exist only for the blocks of '
                         'DenseNet121 %s, DenseNet169 %s and DenseNet201 %s;'
                         ' received blocks=%r'
                         % (list(DENSENET_BLOCKS['densenet121']),
                            list(DENSENET_BLOCKS['densenet169']),
                            list(DENSENET_BLOCKS['densenet201']), blocks))
    img_input = _builder.image_input(input_tensor, input_shape,
                                     default_size=224, min_size=32,
                                     include_top=include_top, weights=weights)

    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)))(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=False, name='conv1/conv')(x)
    x = layers.BatchNormalization(axis=_channel_axis(), epsilon=BN_EPSILON,
                                  name='conv1/bn')(x)
    x = layers.Activation('relu', name='conv1/relu')(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)))(x)
    x = layers.MaxPooling2D(3, strides=2, name='pool1')(x)
    for stage, layer_count in enumerate(blocks, start=2):
        x = dense_block(x, layer_count, name='conv%d' % stage)
        if stage < 5:
            x = transition_block(x, 0.5, name='pool%d' % stage)
    x = layers.BatchNormalization(axis=_channel_axis(), epsilon=BN_EPSILON,
                                  name='bn')(x)
    x = layers.Activation('relu', name='relu')(x)

    x = _builder.average_pooling_top(x, include_top, classes, pooling,
                                     dense_name='fc1000', pooling_names=True)

    imagenet_file = (weight_file(name, include_top)
                     if weights == 'imagenet' else None)
    return _builder.finished_model(img_input, input_tensor, x,
                                   name or 'densenet', weights,
                                   imagenet_file)


@_builder.documented(
    'Instantiates the DenseNet121 architecture (`DenseNet` with its '
    'published `blocks`).', top='the classification layer', pooled='block')
def DenseNet121(include_top=True, weights='imagenet', input_tensor=None,
                input_shape=None, pooling=None, classes=1000, **kwargs):
    imagenet_utils.check_no_extra_arguments('DenseNet121', kwargs)
    return DenseNet(DENSENET_BLOCKS['densenet121'], include_top, weights,
                    input_tensor, input_shape, pooling, classes)


@_builder.documented(
    'Instantiates the DenseNet169 architecture (`DenseNet` with its '
    'published `blocks`).', top='the classification layer', pooled='block')
def DenseNet169(include_top=True, weights='imagenet', input_tensor=None,
                input_shape=None, pooling=None, classes=1000, **kwargs):
    imagenet_utils.check_no_extra_arguments('DenseNet169', kwargs)
    return DenseNet(DENSENET_BLOCKS['densenet169'], include_top, weights,
                    input_tensor, input_shape, pooling, classes)


@_builder.documented(
    'Instantiates the DenseNet201 architecture (`DenseNet` with its '
    'published `blocks`).', top='the classification layer', pooled='block')
def DenseNet201(include_top=True, weights='imagenet', input_tensor=None,
                input_shape=None, pooling=None, classes=1000, **kwargs):
    imagenet_utils.check_no_extra_arguments('DenseNet201', kwargs)
    return DenseNet(DENSENET_BLOCKS['densenet201'], include_top, weights,
                    input_tensor, input_shape, pooling, classes)


preprocess_input = imagenet_utils.preprocessor('torch', 'DenseNet')


decode_predictions = imagenet_utils.decode_predictions
