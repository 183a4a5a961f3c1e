"""ImageNet helpers shared by the application models: input preprocessing
in the three conventions the published weights were trained with, decoding
of class scores into labels, and the input-shape checks."""
import json
import warnings

import numpy as np

from keras import backend as K
from keras.utils.data_utils import get_file

CLASS_INDEX = None
CLASS_INDEX_PATH = ('https://storage.googleapis.com/download.tensorflow.org/'
                    'data/imagenet_class_index.json')
CLASS_INDEX_HASH = 'c2c37ea517e94d9795004a39431a14cb'

# Per-channel statistics of the training images, in each mode's channel order.
CAFFE_MEAN_BGR = (103.939, 116.779, 123.68)
TORCH_MEAN_RGB = (0.485, 0.456, 0.406)
TORCH_STD_RGB = (0.229, 0.224, 0.225)
MODES = ('caffe', 'tf', 'torch')


def _channel_layout(ndim, data_format):
    """Shape that broadcasts a per-channel vector against an input of
    `ndim` dimensions, and the channel axis."""
    if data_format == 'channels_first':
        axis = 0 if ndim == 3 else 1
    else:
        axis = ndim - 1
    shape = [1] * ndim
    shape[axis] = 3
    return shape, axis


def _preprocess_numpy_input(x, data_format, mode):
    if not issubclass(x.dtype.type, np.floating):
        x = x.astype(K.floatx(), copy=False)
    if mode == 'tf':
        return x / 127.5 - 1.
    shape, axis = _channel_layout(x.ndim, data_format)
    if mode == 'torch':
        x = x / 255.
        mean = np.reshape(TORCH_MEAN_RGB, shape).astype(x.dtype)
        std = np.reshape(TORCH_STD_RGB, shape).astype(x.dtype)
        return (x - mean) / std
    x = np.flip(x, axis=axis)
    return x - np.reshape(CAFFE_MEAN_BGR, shape).astype(x.dtype)


def _preprocess_symbolic_input(x, data_format, mode):
    if mode == 'tf':
        return x / 127.5 - 1.
    ndim = K.ndim(x)
    shape, axis = _channel_layout(ndim, data_format)
    if mode == 'torch':
        x = x / 255.
        mean = K.constant(np.reshape(TORCH_MEAN_RGB, shape), dtype=K.dtype(x))
        std = K.constant(np.reshape(TORCH_STD_RGB, shape), dtype=K.dtype(x))
        return (x - mean) / std
    x = K.reverse(x, axes=axis)
    mean = K.constant(np.reshape(CAFFE_MEAN_BGR, shape), dtype=K.dtype(x))
    return x - mean


def check_no_extra_arguments(function_name, kwargs):
    """Keras 2's application functions took `**kwargs` only to receive
    keras_applications' module injections; anything passed there now is
    a mistake, reported rather than ignored."""
    if kwargs:
        raise TypeError('%s() got unexpected keyword arguments: %s'
                        % (function_name, ', '.join(sorted(kwargs))))


def preprocess_input(x, data_format=None, mode='caffe', **kwargs):
    """Preprocesses a batch (or one image) of RGB images in [0, 255].

    # Arguments
        x: numpy array or symbolic tensor of 3 (one image) or 4 dimensions.
        data_format: 'channels_first' or 'channels_last' (default: the
            configured image data format).
        mode: 'caffe' (convert RGB to BGR and subtract the ImageNet channel
            means, no scaling), 'tf' (scale to [-1, 1]) or 'torch' (scale
            to [0, 1], then normalise each channel by the ImageNet mean
            and standard deviation).

    # Returns
        The preprocessed array or tensor, float.

    # Raises
        ValueError: for an unknown `data_format` or `mode`.
    """
    check_no_extra_arguments('preprocess_input', kwargs)
    if data_format is None:
        data_format = K.image_data_format()
    if data_format not in {'channels_first', 'channels_last'}:
        raise ValueError('Unknown data_format ' + str(data_format))
    if mode not in MODES:
        raise ValueError('Unknown mode ' + str(mode) + '; expected one of '
                         + str(MODES))
    if isinstance(x, np.ndarray):
        return _preprocess_numpy_input(x, data_format, mode)
    return _preprocess_symbolic_input(x, data_format, mode)


def preprocessor(mode, model_name):
    """The module-level `preprocess_input(x, data_format=None)` of an
    application: `preprocess_input` in the `mode` its weights were trained
    with."""
    if mode not in MODES:
        raise ValueError('Unknown mode ' + str(mode))

    def preprocess_model_input(x, data_format=None, **kwargs):
        check_no_extra_arguments('preprocess_input', kwargs)
        return preprocess_input(x, data_format=data_format, mode=mode)
    preprocess_model_input.__name__ = 'preprocess_input'
    preprocess_model_input.__doc__ = (
        'ImageNet preprocessing for %s (%r mode); see '
        '`keras.applications.imagenet_utils.preprocess_input`.'
        % (model_name, mode))
    return preprocess_model_input


def decode_predictions(preds, top=5, **kwargs):
    """Decodes ImageNet class scores.

    # Arguments
        preds: numpy array of shape (samples, 1000).
        top: number of best classes to return per sample.

    # Returns
        A list with, per sample, a list of `(class_id, class_name, score)`
        tuples, best first.

    # Raises
        ValueError: when `preds` is not of shape (samples, 1000).
    """
    global CLASS_INDEX
    preds = np.asarray(preds)
    check_no_extra_arguments('decode_predictions', kwargs)
    if preds.ndim != 2 or preds.shape[1] != 1000:
        raise ValueError('`decode_predictions` expects a batch of predictions '
                         '(i.e. a 2D array of shape (samples, 1000)). '
                         'Found array with shape: ' + str(preds.shape))
    if CLASS_INDEX is None:
        fpath = get_file('imagenet_class_index.json', CLASS_INDEX_PATH,
                         cache_subdir='models', file_hash=CLASS_INDEX_HASH)
        with open(fpath) as stream:
            CLASS_INDEX = json.load(stream)
    results = []
    for scores in preds:
        best = scores.argsort()[-top:][::-1]
        results.append([tuple(CLASS_INDEX[str(i)]) + (scores[i],)
                        for i in best])
    return results


def _obtain_input_shape(input_shape, default_size, min_size, data_format,
                        require_flatten, weights=None):
    """Checks `input_shape` against the model's constraints and fills in
    the default.

    # Arguments
        input_shape: shape given by the user, or None.
        default_size: image side the model is designed for (e.g. 224).
        min_size: smallest accepted image side.
        data_format: image data format of the model.
        require_flatten: whether the classification top (which fixes the
            input size) is included.
        weights: None, 'imagenet' or a path.

    # Returns
        The input shape (a tuple of 3 entries, None where free).

    # Raises
        ValueError: for a shape the model cannot accept.
    """
    if weights != 'imagenet' and input_shape and len(input_shape) == 3:
        if data_format == 'channels_first':
            if input_shape[0] not in {1, 3}:
                warnings.warn('This model usually expects 1 or 3 input '
                              'channels. However, it was passed an '
                              'input_shape with ' + str(input_shape[0]) +
                              ' input channels.')
            default_shape = (input_shape[0], default_size, default_size)
        else:
            if input_shape[-1] not in {1, 3}:
                warnings.warn('This model usually expects 1 or 3 input '
                              'channels. However, it was passed an '
                              'input_shape with ' + str(input_shape[-1]) +
                              ' input channels.')
            default_shape = (default_size, default_size, input_shape[-1])
    elif data_format == 'channels_first':
        default_shape = (3, default_size, default_size)
    else:
        default_shape = (default_size, default_size, 3)

    if weights == 'imagenet' and require_flatten:
        if input_shape is not None and tuple(input_shape) != default_shape:
            raise ValueError('When setting `include_top=True` '
                             'and loading `imagenet` weights, '
                             '`input_shape` should be ' +
                             str(default_shape) + '.')
        return default_shape

    if input_shape:
        if len(input_shape) != 3:
            raise ValueError('`input_shape` must be a tuple of three '
                             'integers.')
        if data_format == 'channels_first':
            channels, spatial = input_shape[0], input_shape[1:]
        else:
            channels, spatial = input_shape[-1], input_shape[:2]
        if weights == 'imagenet' and channels != 3:
            raise ValueError('The input must have 3 channels; got '
                             '`input_shape=' + str(input_shape) + '`')
        for side in spatial:
            if side is not None and side < min_size:
                raise ValueError('Input size must be at least ' +
                                 str(min_size) + 'x' + str(min_size) +
                                 '; got `input_shape=' + str(input_shape) +
                                 '`')
    else:
        if require_flatten:
            input_shape = default_shape
        elif data_format == 'channels_first':
            input_shape = (3, None, None)
        else:
            input_shape = (None, None, 3)
    if require_flatten and None in input_shape:
        raise ValueError('If `include_top` is True, you should specify a '
                         'static `input_shape`. Got `input_shape=' +
                         str(input_shape) + '`')
    return tuple(input_shape)
