"""The VGG architecture (Simonyan & Zisserman, 2014) shared by VGG16 and
VGG19, which differ only in the number of convolutions per block."""
from keras import layers
from keras import models
from keras.applications import _builder

BLOCK_FILTERS = (64, 128, 256, 512, 512)


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

    model = models.Model(_builder.model_inputs(input_tensor, img_input), x,
                         name=name)
    return _builder.load_weights(model, weights,
                                 weight_files[bool(include_top)])
