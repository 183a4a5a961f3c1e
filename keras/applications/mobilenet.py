"""MobileNet (Howard et al., 2017), "MobileNets: Efficient Convolutional
Neural Networks for Mobile Vision Applications": a 3x3 convolution
followed by 13 depthwise-separable blocks, narrowed by the width
multiplier `alpha` and the `depth_multiplier` of the depthwise steps."""
import warnings

from keras import backend as K
from keras import layers
from keras.applications import _builder
from keras.applications import imagenet_utils

BASE_WEIGHT_PATH = ('https://github.com/fchollet/deep-learning-models/'
                    'releases/download/v0.6/')
IMAGENET_ALPHAS = (0.25, 0.50, 0.75, 1.0)
IMAGENET_ROWS = (128, 160, 192, 224)
# (pointwise filters, stride) of the 13 depthwise-separable blocks.
SEPARABLE_BLOCKS = ((64, 1), (128, 2), (128, 1), (256, 2), (256, 1),
                    (512, 2), (512, 1), (512, 1), (512, 1), (512, 1),
                    (512, 1), (1024, 2), (1024, 1))
# File name part of each published alpha.
ALPHA_TEXT = {1.0: '1_0', 0.75: '7_5', 0.50: '5_0', 0.25: '2_5'}


def _channel_axis():
    return 1 if K.image_data_format() == 'channels_first' else -1


def _spatial_sides(shape):
    """(rows, cols) of a 3-entry image shape in the configured format."""
    if K.image_data_format() == 'channels_first':
        return shape[1], shape[2]
    return shape[0], shape[1]


def _conv_block(inputs, filters, alpha, strides):
    """The first 3x3 convolution, padded on the bottom and right only as
    TensorFlow's 'same' padding does for even inputs and stride 2."""
    x = layers.ZeroPadding2D(padding=((0, 1), (0, 1)),
                             name='conv1_pad')(inputs)
    x = layers.Conv2D(int(filters * alpha), (3, 3), padding='valid',
                      use_bias=False, strides=strides, name='conv1')(x)
    x = layers.BatchNormalization(axis=_channel_axis(), name='conv1_bn')(x)
    return layers.ReLU(6., name='conv1_relu')(x)


def _depthwise_conv_block(inputs, pointwise_filters, alpha, depth_multiplier,
                          strides, block_id):
    """A 3x3 depthwise convolution and a 1x1 pointwise convolution, each
    followed by batch normalization and ReLU6."""
    if strides == 1:
        x, padding = inputs, 'same'
    else:
        x = layers.ZeroPadding2D(((0, 1), (0, 1)),
                                 name='conv_pad_%d' % block_id)(inputs)
        padding = 'valid'
    x = layers.DepthwiseConv2D((3, 3), padding=padding,
                               depth_multiplier=depth_multiplier,
                               strides=(strides, strides), use_bias=False,
                               name='conv_dw_%d' % block_id)(x)
    x = layers.BatchNormalization(axis=_channel_axis(),
                                  name='conv_dw_%d_bn' % block_id)(x)
    x = layers.ReLU(6., name='conv_dw_%d_relu' % block_id)(x)
    x = layers.Conv2D(int(pointwise_filters * alpha), (1, 1), padding='same',
                      use_bias=False, strides=(1, 1),
                      name='conv_pw_%d' % block_id)(x)
    x = layers.BatchNormalization(axis=_channel_axis(),
                                  name='conv_pw_%d_bn' % block_id)(x)
    return layers.ReLU(6., name='conv_pw_%d_relu' % block_id)(x)


def _default_size(input_shape):
    """The published input side matching a square `input_shape`, else 224."""
    if input_shape is None:
        return 224
    rows, cols = _spatial_sides(input_shape)
    return rows if rows == cols and rows in IMAGENET_ROWS else 224


def _imagenet_rows(input_shape, alpha, depth_multiplier):
    """Checks that published weights exist for these arguments and returns
    the input side of the file to load."""
    if depth_multiplier != 1:
        raise ValueError('If imagenet weights are being loaded, '
                         'depth multiplier must be 1; received '
                         'depth_multiplier=' + repr(depth_multiplier))
    if alpha not in IMAGENET_ALPHAS:
        raise ValueError('If imagenet weights are being loaded, '
                         'alpha can be one of `0.25`, `0.50`, `0.75` or '
                         '`1.0` only; received alpha=' + repr(alpha))
    rows, cols = _spatial_sides(input_shape)
    if rows == cols and rows in IMAGENET_ROWS:
        return rows
    if rows is None:
        warnings.warn('MobileNet shape is undefined. Weights for input '
                      'shape (224, 224) will be loaded.')
        return 224
    raise ValueError('If imagenet weights are being loaded, input must have '
                     'a static square shape (one of (128, 128), (160, 160), '
                     '(192, 192), or (224, 224)). Input shape provided = %s'
                     % (input_shape,))


def weight_file(alpha, rows, include_top):
    """(file name, URL, hash) of the published weights; they were
    published without a hash."""
    suffix = '_tf.h5' if include_top else '_tf_no_top.h5'
    fname = 'mobilenet_%s_%d%s' % (ALPHA_TEXT[alpha], rows, suffix)
    return fname, BASE_WEIGHT_PATH + fname, None


@_builder.documented(
    top='the classification layers', pooled='block',
    arguments={
        'input_shape': "optional shape tuple, only without the top or with "
                       "weights other than 'imagenet' (otherwise (224, 224, "
                       "3), or the square side of 128, 160 or 192 it gives); "
                       "3 channels with 'imagenet' weights, each side at "
                       "least 32.",
        'alpha': "width multiplier of every layer's filters; 'imagenet' "
                 "weights exist for 0.25, 0.50, 0.75 and 1.0.",
        'depth_multiplier': "channels per input channel of the depthwise "
                            "convolutions; 1 for 'imagenet' weights.",
        'dropout': 'dropout rate before the classification layer.'},
    errors=["'imagenet' weights for an `alpha`, `depth_multiplier` or input "
            "side that has none"])
def MobileNet(input_shape=None, alpha=1.0, depth_multiplier=1, dropout=1e-3,
              include_top=True, weights='imagenet', input_tensor=None,
              pooling=None, classes=1000, **kwargs):
    imagenet_utils.check_no_extra_arguments('MobileNet', kwargs)
    _builder.check_arguments(weights, include_top, classes, pooling)
    # The checked shape, not the input tensor's, names the model and picks
    # the weights file, as in 2.3.1.
    checked_shape = imagenet_utils._obtain_input_shape(
        input_shape, default_size=_default_size(input_shape), min_size=32,
        data_format=K.image_data_format(), require_flatten=include_top,
        weights=weights)
    rows = _spatial_sides(checked_shape)[0]
    if weights == 'imagenet':
        rows = _imagenet_rows(checked_shape, alpha, depth_multiplier)
    img_input = _builder.image_input(input_tensor, checked_shape,
                                     default_size=_default_size(input_shape),
                                     min_size=32, include_top=include_top,
                                     weights=weights)

    x = _conv_block(img_input, 32, alpha, strides=(2, 2))
    for block_id, (filters, strides) in enumerate(SEPARABLE_BLOCKS, start=1):
        x = _depthwise_conv_block(x, filters, alpha, depth_multiplier,
                                  strides, block_id)

    if include_top:
        channels = int(1024 * alpha)
        shape = ((channels, 1, 1) if K.image_data_format() == 'channels_first'
                 else (1, 1, channels))
        x = layers.GlobalAveragePooling2D()(x)
        x = layers.Reshape(shape, name='reshape_1')(x)
        x = layers.Dropout(dropout, name='dropout')(x)
        x = layers.Conv2D(classes, (1, 1), padding='same',
                          name='conv_preds')(x)
        x = layers.Reshape((classes,), name='reshape_2')(x)
        x = layers.Activation('softmax', name='act_softmax')(x)
    else:
        x = _builder.global_pooling(x, pooling)

    imagenet_file = (weight_file(alpha, rows, include_top)
                     if weights == 'imagenet' else None)
    return _builder.finished_model(img_input, input_tensor, x,
                                   'mobilenet_%0.2f_%s' % (alpha, rows), weights,
                                   imagenet_file)


preprocess_input = imagenet_utils.preprocessor('tf', 'MobileNet')


decode_predictions = imagenet_utils.decode_predictions
