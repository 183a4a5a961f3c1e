"""MobileNetV2 (Sandler et al., 2018), "MobileNetV2: Inverted Residuals
and Linear Bottlenecks": a 3x3 convolution, 17 inverted residual blocks
(1x1 expansion, 3x3 depthwise, linear 1x1 projection, a shortcut where
shapes allow) and a last 1x1 convolution, narrowed by `alpha`."""
import warnings

from keras import backend as K
from keras import layers
from keras.applications import _builder
from keras.applications import imagenet_utils

BASE_WEIGHT_PATH = ('https://github.com/JonathanCMitchell/mobilenet_v2_keras/'
                    'releases/download/v1.1/')
IMAGENET_ALPHAS = (0.35, 0.50, 0.75, 1.0, 1.3, 1.4)
IMAGENET_ROWS = (96, 128, 160, 192, 224)
# (output filters, stride, expansion) of blocks 0 to 16.
INVERTED_RESIDUAL_BLOCKS = (
    (16, 1, 1),
    (24, 2, 6), (24, 1, 6),
    (32, 2, 6), (32, 1, 6), (32, 1, 6),
    (64, 2, 6), (64, 1, 6), (64, 1, 6), (64, 1, 6),
    (96, 1, 6), (96, 1, 6), (96, 1, 6),
    (160, 2, 6), (160, 1, 6), (160, 1, 6),
    (320, 1, 6))
# Batch normalization settings of the published (TensorFlow-slim) weights.
BN_EPSILON = 1e-3
BN_MOMENTUM = 0.999


def _channel_axis():
    return 1 if K.image_data_format() == 'channels_first' else -1


def _spatial_sides(shape):
    """(rows, cols) of a 3-entry image shape in the configured format."""
    if K.image_data_format() == 'channels_first':
        return shape[1], shape[2]
    return shape[0], shape[1]


def make_divisible(value, divisor=8, min_value=None):
    """Rounds a channel count to the nearest multiple of `divisor` (at
    least `min_value`), going up a step where rounding down would lose
    more than 10%."""
    if min_value is None:
        min_value = divisor
    rounded = max(min_value, int(value + divisor / 2) // divisor * divisor)
    if rounded < 0.9 * value:
        rounded += divisor
    return rounded


def correct_pad(inputs, kernel_size):
    """Zero padding ((top, bottom), (left, right)) before a stride-2
    'valid' convolution that reproduces TensorFlow's 'same' padding,
    which puts the odd pixel at the bottom and right."""
    if isinstance(kernel_size, int):
        kernel_size = (kernel_size, kernel_size)
    sides = _spatial_sides(K.int_shape(inputs)[1:])
    if sides[0] is None:
        adjust = (1, 1)
    else:
        adjust = (1 - sides[0] % 2, 1 - sides[1] % 2)
    half = (kernel_size[0] // 2, kernel_size[1] // 2)
    return ((half[0] - adjust[0], half[0]), (half[1] - adjust[1], half[1]))


def _batch_norm(x, name):
    return layers.BatchNormalization(axis=_channel_axis(), epsilon=BN_EPSILON,
                                     momentum=BN_MOMENTUM, name=name)(x)


def _inverted_res_block(inputs, expansion, stride, alpha, filters, block_id):
    in_channels = K.int_shape(inputs)[_channel_axis()]
    pointwise_filters = make_divisible(int(filters * alpha), 8)
    x = inputs
    if block_id:
        prefix = 'block_%d_' % block_id
        x = layers.Conv2D(expansion * in_channels, kernel_size=1,
                          padding='same', use_bias=False, activation=None,
                          name=prefix + 'expand')(x)
        x = _batch_norm(x, prefix + 'expand_BN')
        x = layers.ReLU(6., name=prefix + 'expand_relu')(x)
    else:
        prefix = 'expanded_conv_'
    if stride == 2:
        x = layers.ZeroPadding2D(padding=correct_pad(x, 3),
                                 name=prefix + 'pad')(x)
    x = layers.DepthwiseConv2D(kernel_size=3, strides=stride, activation=None,
                               use_bias=False,
                               padding='same' if stride == 1 else 'valid',
                               name=prefix + 'depthwise')(x)
    x = _batch_norm(x, prefix + 'depthwise_BN')
    x = layers.ReLU(6., name=prefix + 'depthwise_relu')(x)
    x = layers.Conv2D(pointwise_filters, kernel_size=1, padding='same',
                      use_bias=False, activation=None,
                      name=prefix + 'project')(x)
    x = _batch_norm(x, prefix + 'project_BN')
    if in_channels == pointwise_filters and stride == 1:
        return layers.Add(name=prefix + 'add')([inputs, x])
    return x


def _default_size(input_shape, input_tensor):
    """The published input side matching a square `input_shape` (or, when
    it is not given, the input tensor's shape), else 224."""
    if input_shape is not None:
        rows, cols = _spatial_sides(input_shape)
    elif input_tensor is not None and K.is_keras_tensor(input_tensor):
        rows, cols = _spatial_sides(K.int_shape(input_tensor)[1:])
    else:
        return 224
    return rows if rows == cols and rows in IMAGENET_ROWS else 224


def _check_input_tensor(input_shape, input_tensor):
    """With both given, the tensor must be a Keras tensor whose spatial
    sides match `input_shape`'s."""
    if input_shape is None or input_tensor is None:
        return
    if not K.is_keras_tensor(input_tensor):
        raise ValueError('input_tensor specified: %r is not a keras tensor'
                         % (input_tensor,))
    tensor_sides = _spatial_sides(K.int_shape(input_tensor)[1:])
    if tuple(tensor_sides) != tuple(_spatial_sides(input_shape)):
        raise ValueError('input_shape: %s and input_tensor of shape %s do '
                         'not meet the same shape requirements'
                         % (input_shape, K.int_shape(input_tensor)))


def _imagenet_rows(input_shape, alpha):
    """Checks that published weights exist for `alpha` and returns the
    input side of the file to load."""
    if alpha not in IMAGENET_ALPHAS:
        raise ValueError('If imagenet weights are being loaded, alpha can be '
                         'one of `0.35`, `0.50`, `0.75`, `1.0`, `1.3` or '
                         '`1.4` only; received alpha=' + repr(alpha))
    rows, cols = _spatial_sides(input_shape)
    if rows == cols and rows in IMAGENET_ROWS:
        return rows
    warnings.warn('`input_shape` is undefined or non-square, or `rows` is '
                  'not in [96, 128, 160, 192, 224]. Weights for input shape '
                  '(224, 224) will be loaded as the default.')
    return 224


def weight_file(alpha, rows, include_top):
    """(file name, URL, hash) of the published weights; they were
    published without a hash."""
    suffix = '.h5' if include_top else '_no_top.h5'
    fname = ('mobilenet_v2_weights_tf_dim_ordering_tf_kernels_%s_%d%s'
             % (alpha, rows, suffix))
    return fname, BASE_WEIGHT_PATH + fname, None


@_builder.documented(
    top='the classification layer', pooled='convolution',
    arguments={
        'input_shape': "optional shape tuple, only without the top or with "
                       "weights other than 'imagenet' (otherwise (224, 224, "
                       "3), or the square side of 96, 128, 160 or 192 it "
                       "gives); 3 channels with 'imagenet' weights, each "
                       "side at least 32. When None, an `input_tensor`'s "
                       "shape picks the default side.",
        'alpha': "width multiplier of every block's filters; 'imagenet' "
                 "weights exist for 0.35, 0.50, 0.75, 1.0, 1.3 and 1.4."},
    errors=["'imagenet' weights for an `alpha` that has none",
            'an `input_tensor` that does not match `input_shape`'])
def MobileNetV2(input_shape=None, alpha=1.0, include_top=True,
                weights='imagenet', input_tensor=None, pooling=None,
                classes=1000, **kwargs):
    imagenet_utils.check_no_extra_arguments('MobileNetV2', kwargs)
    _builder.check_arguments(weights, include_top, classes, pooling)
    _check_input_tensor(input_shape, input_tensor)
    default_size = _default_size(input_shape, input_tensor)
    # The checked shape names the model and picks the weights file.
    checked_shape = imagenet_utils._obtain_input_shape(
        input_shape, default_size=default_size, min_size=32,
        data_format=K.image_data_format(), require_flatten=include_top,
        weights=weights)
    rows = _spatial_sides(checked_shape)[0]
    if weights == 'imagenet':
        rows = _imagenet_rows(checked_shape, alpha)
    img_input = _builder.image_input(input_tensor, checked_shape,
                                     default_size=default_size, min_size=32,
                                     include_top=include_top, weights=weights)

    x = layers.ZeroPadding2D(padding=correct_pad(img_input, 3),
                             name='Conv1_pad')(img_input)
    x = layers.Conv2D(make_divisible(32 * alpha, 8), kernel_size=3,
                      strides=(2, 2), padding='valid', use_bias=False,
                      name='Conv1')(x)
    x = _batch_norm(x, 'bn_Conv1')
    x = layers.ReLU(6., name='Conv1_relu')(x)
    for block_id, (filters, stride, expansion) in enumerate(
            INVERTED_RESIDUAL_BLOCKS):
        x = _inverted_res_block(x, expansion, stride, alpha, filters,
                                block_id)
    # Narrower models keep the full last layer; only wider ones grow it.
    last_filters = make_divisible(1280 * alpha, 8) if alpha > 1.0 else 1280
    x = layers.Conv2D(last_filters, kernel_size=1, use_bias=False,
                      name='Conv_1')(x)
    x = _batch_norm(x, 'Conv_1_bn')
    x = layers.ReLU(6., name='out_relu')(x)

    if include_top:
        x = layers.GlobalAveragePooling2D()(x)
        x = layers.Dense(classes, activation='softmax', use_bias=True,
                         name='Logits')(x)
    else:
        x = _builder.global_pooling(x, pooling)

    imagenet_file = (weight_file(alpha, rows, include_top)
                     if weights == 'imagenet' else None)
    return _builder.finished_model(img_input, input_tensor, x,
                                   'mobilenetv2_%0.2f_%s' % (alpha, rows), weights,
                                   imagenet_file)


preprocess_input = imagenet_utils.preprocessor('tf', 'MobileNetV2')


decode_predictions = imagenet_utils.decode_predictions
