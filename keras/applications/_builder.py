"""Steps every application model shares: the argument checks of 2.3.1,
the image input (new, or built on a given tensor), the model's inputs,
loading weights from ImageNet through `get_file` or from a path, and the
constructors' docstrings."""
import inspect
import os
import textwrap

import h5py

from keras import backend as K
from keras import layers
from keras import models
from keras.applications.imagenet_utils import _obtain_input_shape
from keras.engine import weight_conversion
from keras.engine.hdf5_format import as_text
from keras.utils import layer_utils
from keras.utils.data_utils import get_file
from keras.utils.layer_utils import get_source_inputs


def check_weights_argument(weights, include_top, classes):
    """Raises ValueError unless `weights` is None, 'imagenet' or an
    existing file, and unless ImageNet weights with the top keep 1000
    classes."""
    if not (weights in {'imagenet', None} or
            (isinstance(weights, (str, os.PathLike)) and
             os.path.exists(weights))):
        raise ValueError('The `weights` argument should be either '
                         '`None` (random initialization), `imagenet` '
                         '(pre-training on ImageNet), '
                         'or the path to the weights file to be loaded. '
                         'Received: weights=' + repr(weights))
    if weights == 'imagenet' and include_top and classes != 1000:
        raise ValueError('If using `weights` as `"imagenet"` with '
                         '`include_top` as true, `classes` should be 1000; '
                         'received classes=' + repr(classes))


def check_pooling_argument(pooling):
    if pooling not in (None, 'avg', 'max'):
        raise ValueError("`pooling` should be None, 'avg' or 'max'; "
                         'received pooling=' + repr(pooling))


def check_arguments(weights, include_top, classes, pooling):
    check_weights_argument(weights, include_top, classes)
    check_pooling_argument(pooling)


def image_input(input_tensor, input_shape, default_size, min_size,
                include_top, weights):
    """Returns the Keras tensor the model starts from: a new `Input` of
    the checked `input_shape`, `input_tensor` itself when it is a Keras
    tensor, or an `Input` wrapping a backend tensor."""
    input_shape = _obtain_input_shape(input_shape, default_size=default_size,
                                      min_size=min_size,
                                      data_format=K.image_data_format(),
                                      require_flatten=include_top,
                                      weights=weights)
    if input_tensor is None:
        return layers.Input(shape=input_shape)
    if not K.is_keras_tensor(input_tensor):
        return layers.Input(tensor=input_tensor, shape=input_shape)
    return input_tensor


def finished_model(img_input, input_tensor, x, name, weights,
                   imagenet_file, by_name=False):
    """The model from `img_input` to `x`, named `name`, with `weights`
    loaded (see `load_weights`). A model built on a given tensor takes
    that tensor's own sources as inputs, so it can be called on the graph
    the tensor came from."""
    inputs = img_input if input_tensor is None \
        else get_source_inputs(input_tensor)
    model = models.Model(inputs, x, name=name)
    return load_weights(model, weights, imagenet_file, by_name=by_name)


def global_pooling(x, pooling, name=None):
    """The optional global pooling of a model without its top."""
    if pooling == 'avg':
        return layers.GlobalAveragePooling2D(name=name)(x)
    if pooling == 'max':
        return layers.GlobalMaxPooling2D(name=name)(x)
    return x


def average_pooling_top(x, include_top, classes, pooling,
                        dense_name='predictions', pooling_names=False):
    """The end most models share: with the top, global average pooling
    ('avg_pool') and the softmax classifier (`dense_name`); without it, the
    optional global pooling, named 'avg_pool' / 'max_pool' if
    `pooling_names`."""
    if include_top:
        x = layers.GlobalAveragePooling2D(name='avg_pool')(x)
        return layers.Dense(classes, activation='softmax',
                            name=dense_name)(x)
    name = {'avg': 'avg_pool', 'max': 'max_pool'}.get(pooling) \
        if pooling_names else None
    return global_pooling(x, pooling, name=name)


def load_weights(model, weights, imagenet_file, by_name=False):
    """Loads `weights` into `model`: nothing for None, the published file
    for 'imagenet' (`imagenet_file` is its (file name, URL, hash), fetched
    into ~/.keras/models; read by layer name if `by_name`), else the given
    path."""
    if weights == 'imagenet':
        fname, origin, file_hash = imagenet_file
        weights_path = get_file(fname, origin, cache_subdir='models',
                                file_hash=file_hash)
        load_tensorflow_kernels(model, weights_path, by_name=by_name)
    elif weights is not None:
        model.load_weights(weights)
    return model


def load_tensorflow_kernels(model, path, by_name=False):
    """Loads a published ImageNet file, whose kernels were trained for
    cross-correlation (TensorFlow's convention), so that the model
    computes what they were trained for on every backend. The theano
    backend computes true convolutions: there every convolution kernel
    (depthwise and separable ones included) must end up flipped, and
    `load_weights` flips only the classes 2.3.1 flipped, and only when
    the file names the backend that wrote it."""
    model.load_weights(path, by_name=by_name)
    if not weight_conversion.needs_kernel_flip('tensorflow'):
        return
    with h5py.File(path, 'r') as f:
        writer = as_text(f.attrs['backend']) if 'backend' in f.attrs \
            else None
    if writer in weight_conversion.CONVOLUTION_BACKENDS:
        return
    already_flipped = (weight_conversion.FLIPPED_CONV_LAYERS
                       if weight_conversion.needs_kernel_flip(writer)
                       else ())
    layer_utils.flip_convolution_kernels(model, except_classes=already_flipped)


# The argument descriptions every application constructor shares; a model
# passes only what is its own (sizes, what its top is, extra arguments).
_SHARED_ARGUMENTS = {
    'weights': "None (random initialization), 'imagenet' (pre-training on "
               "ImageNet, downloaded through `get_file`) or the path to a "
               "weights file to load.",
    'input_tensor': 'optional Keras tensor (output of `layers.Input()`) to '
                    'use as image input.',
    'classes': "number of classes, only with the top and without 'imagenet' "
               "weights.",
}
_DOC_WIDTH = 75
GLOBAL_POOLING_TOP = ('the global average pooling and the fully-connected '
                      'classifier')


def _fill(text, indent, first_indent=None):
    # Indented and wrapped as the hand-written docstrings were, so the raw
    # `__doc__` reads like one and `help` dedents it the same way.
    return textwrap.fill(text, width=_DOC_WIDTH,
                         initial_indent=(indent if first_indent is None
                                         else first_indent),
                         subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False)


def constructor_doc(summary, argument_names, top=GLOBAL_POOLING_TOP,
                    default_size=224, min_size=32,
                    pooled='convolutional block', arguments=None, errors=()):
    """The docstring of an application constructor.

    # Arguments
        summary: its first sentence(s).
        argument_names: the constructor's arguments, in signature order.
        top: what `include_top` adds at the top of the network.
        default_size: image side the top (and 'imagenet' weights) needs.
        min_size: smallest accepted image side.
        pooled: the part whose output `pooling` pools.
        arguments: {name: description} of the model's own arguments, or
            of shared ones it describes otherwise.
        errors: conditions of its own, besides the shared ones, raising
            ValueError.

    # Raises
        ValueError: if an argument in `argument_names` has no description.
    """
    size = (default_size, default_size, 3)
    descriptions = dict(
        _SHARED_ARGUMENTS,
        include_top='whether to include %s at the top of the network.' % top,
        input_shape="optional shape tuple, only without the top (otherwise "
                    "%s or %s); 3 channels with 'imagenet' weights, each "
                    "side at least %d." % (size, size[::-1], min_size),
        pooling="pooling of the last %s's output without the top: None (4D "
                "output), 'avg' or 'max' (global pooling, 2D output)."
                % pooled)
    descriptions.update(arguments or {})
    missing = [name for name in argument_names if name not in descriptions]
    if missing:
        raise ValueError('No description for the arguments ' + str(missing))
    conditions = ["an invalid `weights`, `pooling` or input shape",
                  "'imagenet' weights with the top and `classes` other than "
                  "1000"] + list(errors)
    raises = ('ValueError: for ' + ', '.join(conditions[:-1]) + ', or ' +
              conditions[-1] + '.')
    lines = [_fill(summary, '    ', first_indent=' ' * 7).lstrip(), '',
             '    # Arguments']
    lines += [_fill(name + ': ' + descriptions[name], ' ' * 12, ' ' * 8)
              for name in argument_names]
    lines += ['', '    # Returns', '        A Keras `Model` instance.', '',
              '    # Raises', _fill(raises, ' ' * 12, ' ' * 8), '    ']
    return '\n'.join(lines)


def documented(summary=None, **parts):
    """Decorator giving an application constructor the docstring of
    `constructor_doc(summary, <its arguments>, **parts)`; the summary
    defaults to 'Instantiates the <function name> architecture.'."""
    def decorate(constructor):
        names = [name for name, parameter
                 in inspect.signature(constructor).parameters.items()
                 if parameter.kind is not parameter.VAR_KEYWORD]
        constructor.__doc__ = constructor_doc(
            summary or 'Instantiates the %s architecture.'
            % constructor.__name__, names, **parts)
        return constructor
    return decorate
