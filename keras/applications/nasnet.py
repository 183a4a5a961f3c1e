"""NASNet-A (Zoph et al., 2017, "Learning Transferable Architectures for
Scalable Image Recognition"): the generic `NASNet` and its two ImageNet
configurations, NASNetMobile (224x224 inputs) and NASNetLarge
(331x331)."""
import warnings

from keras import backend as K
from keras import layers
from keras.applications import _builder
from keras.applications import imagenet_utils
from keras.applications._nasnet_cells import BN_EPSILON
from keras.applications._nasnet_cells import BN_MOMENTUM
from keras.applications._nasnet_cells import DATA_FORMAT
from keras.applications._nasnet_cells import normal_a_cell
from keras.applications._nasnet_cells import reduction_a_cell

BASE_WEIGHTS_PATH = ('https://github.com/titu1994/Keras-NASNet/'
                     'releases/download/v1.2/')
NASNET_MOBILE_WEIGHT_PATH = BASE_WEIGHTS_PATH + 'NASNet-mobile.h5'
NASNET_MOBILE_WEIGHT_PATH_NO_TOP = (BASE_WEIGHTS_PATH +
                                    'NASNet-mobile-no-top.h5')
NASNET_LARGE_WEIGHT_PATH = BASE_WEIGHTS_PATH + 'NASNet-large.h5'
NASNET_LARGE_WEIGHT_PATH_NO_TOP = BASE_WEIGHTS_PATH + 'NASNet-large-no-top.h5'

# {(default_size, include_top): (cached file name, URL, md5 hash)}
IMAGENET_FILES = {
    (224, True): ('nasnet_mobile.h5', NASNET_MOBILE_WEIGHT_PATH,
                  '020fb642bf7360b370c678b08e0adf61'),
    (224, False): ('nasnet_mobile_no_top.h5',
                   NASNET_MOBILE_WEIGHT_PATH_NO_TOP,
                   '1ed92395b5b598bdda52abe5c0dbfd63'),
    (331, True): ('nasnet_large.h5', NASNET_LARGE_WEIGHT_PATH,
                  '11577c9a518f0070763c2b964a382f17'),
    (331, False): ('nasnet_large_no_top.h5', NASNET_LARGE_WEIGHT_PATH_NO_TOP,
                   'd81d89dc07e6e56530c4e77faddd61b5'),
}

CHANNELS_FIRST_WARNING = (
    'The NASNet family of models is only available '
    'for the input data format "channels_last" '
    '(width, height, channels). '
    'However your settings specify the default '
    'data format "channels_first" (channels, width, height).'
    ' You should set `image_data_format="channels_last"` '
    'in your Keras config located at ~/.keras/keras.json. '
    'The model being returned right now will expect inputs '
    'to follow the "channels_last" data format.')


def _check_nasnet_arguments(input_shape, penultimate_filters, include_top,
                            weights, pooling, classes, default_size):
    _builder.check_arguments(weights, include_top, classes, pooling)
    if (isinstance(input_shape, tuple) and None in input_shape and
            weights == 'imagenet'):
        raise ValueError('When specifying the input shape of a NASNet'
                         ' and loading `ImageNet` weights, '
                         'the input_shape argument must be static '
                         '(no None entries). Got: `input_shape=' +
                         str(input_shape) + '`.')
    if penultimate_filters % 24 != 0:
        raise ValueError('For NASNet-A models, the value of '
                         '`penultimate_filters` needs to be divisible by 24. '
                         'Current value: %d' % penultimate_filters)
    if weights == 'imagenet' and default_size not in (224, 331):
        raise ValueError('ImageNet weights can only be loaded with '
                         'NASNetLarge or NASNetMobile; received '
                         'default_size=%r (expected 224 or 331).'
                         % (default_size,))


def _image_input(input_tensor, input_shape, default_size, weights):
    """The model's input in 'channels_last'. As in 2.3.1 the input shape
    is required to be static (with or without the top)."""
    input_shape = imagenet_utils._obtain_input_shape(
        input_shape, default_size=default_size, min_size=32,
        data_format=DATA_FORMAT, require_flatten=True, weights=weights)
    if input_tensor is None:
        return layers.Input(shape=input_shape)
    if not K.is_keras_tensor(input_tensor):
        return layers.Input(tensor=input_tensor, shape=input_shape)
    return input_tensor


@_builder.documented(
    "Instantiates a NASNet-A model (the models are 'channels_last' only: "
    "with 'channels_first' configured, a warning says so and the model "
    "expects 'channels_last' inputs).",
    top='the classifier', pooled='cell',
    arguments={
        'input_shape': "optional static shape tuple (height, width, "
                       "channels), each side at least 32; with 'imagenet' "
                       "weights it must be (default_size, default_size, 3). "
                       "Default: that shape.",
        'penultimate_filters': 'number of filters in the penultimate layer, '
                               'a multiple of 24 (NASNet-A (N @ P): P is '
                               'this number).',
        'num_blocks': 'number of repeated normal cells per stage (N).',
        'stem_block_filters': 'filters of the initial convolution.',
        'skip_reduction': "whether the cells after each reduction cell read "
                          "the output of the cell before the reduction "
                          "(True) or the reduction cell's input (False).",
        'filter_multiplier': 'factor by which the filters grow after each '
                             'reduction.',
        'default_size': "image side the model is designed for (default "
                        "331); 'imagenet' weights exist for 224 (mobile) and "
                        "331 (large)."},
    errors=['an invalid `penultimate_filters`',
            "'imagenet' weights with a `default_size` other than 224 or "
            "331"])
def NASNet(input_shape=None, penultimate_filters=4032, num_blocks=6,
           stem_block_filters=96, skip_reduction=True, filter_multiplier=2,
           include_top=True, weights=None, input_tensor=None, pooling=None,
           classes=1000, default_size=None, **kwargs):
    imagenet_utils.check_no_extra_arguments('NASNet', kwargs)
    if default_size is None:
        default_size = 331
    _check_nasnet_arguments(input_shape, penultimate_filters, include_top,
                            weights, pooling, classes, default_size)
    if K.image_data_format() != 'channels_last':
        # 2.3.1 switched the global format for the build; every layer
        # here is given 'channels_last' instead, so the configuration is
        # never changed, not even when building fails.
        warnings.warn(CHANNELS_FIRST_WARNING)
    img_input = _image_input(input_tensor, input_shape, default_size,
                             weights)

    filters = penultimate_filters // 24
    x = layers.Conv2D(stem_block_filters, (3, 3), strides=(2, 2),
                      padding='valid', use_bias=False,
                      kernel_initializer='he_normal', data_format=DATA_FORMAT,
                      name='stem_conv1')(img_input)
    x = layers.BatchNormalization(axis=-1, momentum=BN_MOMENTUM,
                                  epsilon=BN_EPSILON, name='stem_bn1')(x)
    x, p = reduction_a_cell(x, None, filters // filter_multiplier ** 2,
                            block_id='stem_1')
    x, p = reduction_a_cell(x, p, filters // filter_multiplier,
                            block_id='stem_2')
    for stage in range(3):
        stage_filters = filters * filter_multiplier ** stage
        if stage > 0:
            x, reduction_input = reduction_a_cell(
                x, p, stage_filters,
                block_id='reduce_%d' % (stage * num_blocks))
            if not skip_reduction:
                p = reduction_input
        for i in range(num_blocks):
            # Normal cells are numbered across stages, skipping the
            # number of the reduction cell before them.
            block_id = stage * num_blocks + i + (1 if stage else 0)
            x, p = normal_a_cell(x, p, stage_filters, block_id='%d' % block_id)
    x = layers.Activation('relu')(x)

    if include_top:
        x = layers.GlobalAveragePooling2D(data_format=DATA_FORMAT)(x)
        x = layers.Dense(classes, activation='softmax', name='predictions')(x)
    elif pooling == 'avg':
        x = layers.GlobalAveragePooling2D(data_format=DATA_FORMAT)(x)
    elif pooling == 'max':
        x = layers.GlobalMaxPooling2D(data_format=DATA_FORMAT)(x)

    return _builder.finished_model(
        img_input, input_tensor, x, 'NASNet', weights,
        IMAGENET_FILES.get((default_size, bool(include_top))))


@_builder.documented(
    'Instantiates NASNet-A (6 @ 4032) for 331x331 images (`NASNet`; '
    'channels_last only).',
    top='the classifier', pooled='cell', default_size=331)
def NASNetLarge(input_shape=None, include_top=True, weights='imagenet',
                input_tensor=None, pooling=None, classes=1000, **kwargs):
    imagenet_utils.check_no_extra_arguments('NASNetLarge', kwargs)
    return NASNet(input_shape, penultimate_filters=4032, num_blocks=6,
                  stem_block_filters=96, skip_reduction=True,
                  filter_multiplier=2, include_top=include_top,
                  weights=weights, input_tensor=input_tensor,
                  pooling=pooling, classes=classes, default_size=331)


@_builder.documented(
    'Instantiates NASNet-A (4 @ 1056) for 224x224 images (`NASNet`; '
    'channels_last only).',
    top='the classifier', pooled='cell', default_size=224)
def NASNetMobile(input_shape=None, include_top=True, weights='imagenet',
                 input_tensor=None, pooling=None, classes=1000, **kwargs):
    imagenet_utils.check_no_extra_arguments('NASNetMobile', kwargs)
    return NASNet(input_shape, penultimate_filters=1056, num_blocks=4,
                  stem_block_filters=32, skip_reduction=False,
                  filter_multiplier=2, include_top=include_top,
                  weights=weights, input_tensor=input_tensor,
                  pooling=pooling, classes=classes, default_size=224)


preprocess_input = imagenet_utils.preprocessor('tf', 'NASNet')


decode_predictions = imagenet_utils.decode_predictions
