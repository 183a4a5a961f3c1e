"""Steps every application model shares: the argument checks of 2.3.1,
the image input (new, or built on a given tensor), the model's inputs,
and loading weights from ImageNet through `get_file` or from a path."""
import os

import h5py

from keras import backend as K
from keras import layers
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


def model_inputs(input_tensor, img_input):
    """A model built on a given tensor takes that tensor's own sources as
    inputs, so it can be called on the graph the tensor came from."""
    if input_tensor is not None:
        return get_source_inputs(input_tensor)
    return img_input


def global_pooling(x, pooling, name=None):
    """The optional global pooling of a model without its top."""
    if pooling == 'avg':
        return layers.GlobalAveragePooling2D(name=name)(x)
    if pooling == 'max':
        return layers.GlobalMaxPooling2D(name=name)(x)
    return x


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
