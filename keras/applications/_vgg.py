"""The VGG architecture (Simonyan & Zisserman, 2014) shared by VGG16 and
VGG19, which differ only in the number of convolutions per block (and so
in their names and published weight files)."""
from keras import layers
from keras.applications import _builder
from keras.applications import imagenet_utils

BLOCK_FILTERS = (64, 128, 256, 512, 512)
WEIGHTS_BASE = ('https://github.com/fchollet/deep-learning-models/'
                'releases/download/v0.1/')


def weight_file_name(name, include_top):
    """Name of the published ImageNet file of 'vgg16' or 'vgg19'."""
    return (name + '_weights_tf_dim_ordering_tf_kernels' +
            ('.h5' if include_top else '_notop.h5'))


def weight_url(name, include_top):
    return WEIGHTS_BASE + weight_file_name(name, include_top)


def build_vgg(name, convs_per_block, imagenet_file, include_top, weights,
              input_tensor, input_shape, pooling, classes):
    """Builds a VGG model.

    # Arguments
        name: model name ('vgg16' or 'vgg19').
        convs_per_block: number of 3x3 convolutions in each of the 5 blocks.
        imagenet_file: (file name, URL, md5 hash) of the published ImageNet
            weights that fit `include_top`.
        The other arguments are those of `VGG16`.
    """
    _builder.check_arguments(weights, include_top, classes, pooling)
    img_input = _builder.image_input(input_tensor, input_shape,
                                     default_size=224, min_size=32,
                                     include_top=include_top, weights=weights)
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
    else:
        x = _builder.global_pooling(x, pooling)

    return _builder.finished_model(img_input, input_tensor, x, name, weights,
                                   imagenet_file)


def vgg_constructor(public_name, convs_per_block, weights_hash,
                    weights_hash_no_top):
    """The public constructor `public_name` ('VGG16' or 'VGG19') of the
    module `keras.applications.<public_name in lower case>`, whose
    published weight files have the given md5 hashes."""
    name = public_name.lower()
    hashes = {True: weights_hash, False: weights_hash_no_top}

    def vgg(include_top=True, weights='imagenet', input_tensor=None,
            input_shape=None, pooling=None, classes=1000, **kwargs):
        imagenet_utils.check_no_extra_arguments(public_name, kwargs)
        top = bool(include_top)
        imagenet_file = (weight_file_name(name, top), weight_url(name, top),
                         hashes[top])
        return build_vgg(name, convs_per_block, imagenet_file, include_top,
                         weights, input_tensor, input_shape, pooling, classes)

    # Named as if defined in its module, for help(), repr and pickling.
    vgg.__name__ = vgg.__qualname__ = public_name
    vgg.__module__ = 'keras.applications.' + name
    return _builder.documented(top='the 3 fully-connected layers')(vgg)
