"""The VGG architecture (Simonyan & Zisserman, 2014) shared by VGG16 and
VGG19, which differ only in the number of convolutions per block."""
import os

from keras import backend as K
from keras import layers
from keras import models
from keras.applications.imagenet_utils import _obtain_input_shape
from keras.utils.data_utils import get_file
from keras.utils.layer_utils import get_source_inputs

BLOCK_FILTERS = (64, 128, 256, 512, 512)


def _check_weights_argument(weights, include_top, classes):
    if not (weights in {'imagenet', None} or
            (isinstance(weights, str) and os.path.exists(weights))):
        raise ValueError('The `weights` argument should be either '
                         '`None` (random initialization), `imagenet` '
                         '(pre-training on ImageNet), '
                         'or the path to the weights file to be loaded. '
                         'Received: weights=' + repr(weights))
    if weights == 'imagenet' and include_top and classes != 1000:
        raise ValueError('If using `weights` as `"imagenet"` with '
                         '`include_top` as true, `classes` should be 1000; '
                         'received classes=' + repr(classes))


def _check_pooling_argument(pooling):
    if pooling not in (None, 'avg', 'max'):
        raise ValueError("`pooling` should be None, 'avg' or 'max'; "
                         'received pooling=' + repr(pooling))


def build_vgg(name, convs_per_block, weight_files, include_top, weights,
              input_tensor, input_shape, pooling, classes):
    """Builds a VGG model.

    # Arguments
        name: model name ('vgg16' or 'vgg19').
        convs_per_block: number of 3x3 convolutions in each of the 5 blocks.
        weight_files: {include_top: (file name, URL, md5 hash)} of the
            published ImageNet weights.
        The other arguments are those of `VGG16`.
    """
    _check_weights_argument(weights, include_top, classes)
    _check_pooling_argument(pooling)
    input_shape = _obtain_input_shape(input_shape, default_size=224,
                                      min_size=32,
                                      data_format=K.image_data_format(),
                                      require_flatten=include_top,
                                      weights=weights)
    if input_tensor is None:
        img_input = layers.Input(shape=input_shape)
    elif not K.is_keras_tensor(input_tensor):
        img_input = layers.Input(tensor=input_tensor, shape=input_shape)
    else:
        img_input = input_tensor

    x = img_input
    for block, (filters, convs) in enumerate(
            zip(BLOCK_FILTERS, convs_per_block), start=1):
        for conv in range(1, convs + 1):
            x = layers.Conv2D(filters, (3, 3), activation='relu',
                              padding='same',
                              name=f'block{block}_conv{conv}')(x)
        x = layers.MaxPooling2D((2, 2), strides=(2, 2),
                                name=f'block{block}_pool')(x)

    if include_top:
        x = layers.Flatten(name='flatten')(x)
        x = layers.Dense(4096, activation='relu', name='fc1')(x)
        x = layers.Dense(4096, activation='relu', name='fc2')(x)
        x = layers.Dense(classes, activation='softmax', name='predictions')(x)
    elif pooling == 'avg':
        x = layers.GlobalAveragePooling2D()(x)
    elif pooling == 'max':
        x = layers.GlobalMaxPooling2D()(x)

    # A model built on a given tensor takes that tensor's own sources as
    # inputs, so it can be called on the graph the tensor came from.
    inputs = (get_source_inputs(input_tensor) if input_tensor is not None
              else img_input)
    model = models.Model(inputs, x, name=name)

    if weights == 'imagenet':
        fname, origin, file_hash = weight_files[bool(include_top)]
        weights_path = get_file(fname, origin, cache_subdir='models',
                                file_hash=file_hash)
        model.load_weights(weights_path)
    elif weights is not None:
        model.load_weights(weights)
    return model
