"""Helpers of the training loop: checking and standardising user data,
resolving losses, metrics and sample weights per output, batching."""
import collections.abc
import copy
import inspect

import numpy as np

from keras import backend as K
from keras import callbacks as cbks
from keras import losses
from keras import metrics as metrics_module
from keras.utils import losses_utils
from keras.utils.data_utils import Sequence
from keras.utils.generic_utils import check_for_unexpected_keys
from keras.utils.generic_utils import to_list


# User data.

def _values_of(x):
    """A pandas DataFrame/Series as its array; anything else as is."""
    if x.__class__.__name__ in ('DataFrame', 'Series'):
        return x.values
    return x


def standardize_single_array(x):
    """`x` as an array; 1D arrays get a second axis of size 1."""
    if x is None:
        return None
    if K.is_tensor(x) and not isinstance(x, np.ndarray):
        shape = K.int_shape(x)
        if shape is None or shape[0] is None:
            raise ValueError('When feeding symbolic tensors to a model, we '
                             'expect the tensors to have a static batch '
                             'size. Got tensor with shape: %s' % (shape,))
        return x
    x = np.asarray(_values_of(x)) if not hasattr(x, 'shape') else \
        _values_of(x)
    if x.ndim == 1:
        x = np.expand_dims(x, 1)
    return x


def standardize_input_data(data, names, shapes=None, check_batch_axis=True,
                           exception_prefix=''):
    """A list of arrays, one per name, from an array, a list or a dict.

    Args:
        data: user data: array, list of arrays, or dict name -> array.
        names: the names the model expects (inputs or outputs).
        shapes: expected shapes (None entries skip the check), or None.
        check_batch_axis: whether to check the first axis too.
        exception_prefix: 'input' or 'target', for the messages.

    Raises:
        ValueError: for missing names, a wrong number of arrays, or a shape
            mismatch (naming the input, the expected and received shapes).
    """
    if not names:
        if data is not None and hasattr(data, '__len__') and len(data):
            raise ValueError('Error when checking model ' + exception_prefix +
                             ': expected no data, but got: ' +
                             str(data)[:200])
        return []
    if data is None:
        return [None for _ in range(len(names))]

    if isinstance(data, dict):
        try:
            data = [_values_of(data[x]) for x in names]
        except KeyError as e:
            raise ValueError('No data provided for "' + e.args[0] +
                             '". Need data for each key in: ' + str(names))
    elif isinstance(data, list):
        if data and isinstance(data[0], list):
            data = [np.asarray(d) for d in data]
        elif len(names) == 1 and data and isinstance(data[0], (float, int)):
            data = [np.asarray(data)]
        else:
            data = [_values_of(x) for x in data]
    else:
        data = [_values_of(data)]
    data = [standardize_single_array(x) for x in data]

    if len(data) != len(names):
        if data and hasattr(data[0], 'shape'):
            raise ValueError('Error when checking model ' + exception_prefix +
                             ': the list of Numpy arrays that you are passing '
                             'to your model is not the size the model '
                             'expected. Expected to see ' + str(len(names)) +
                             ' array(s), but instead got the following list '
                             'of ' + str(len(data)) + ' arrays: ' +
                             str(data)[:200] + '...')
        if len(names) > 1:
            raise ValueError('Error when checking model ' + exception_prefix +
                             ': you are passing a list as input to your '
                             'model, but the model expects a list of ' +
                             str(len(names)) + ' Numpy arrays instead. The '
                             'list you passed was: ' + str(data)[:200])
        raise TypeError('Error when checking model ' + exception_prefix +
                        ': data should be a Numpy array, or list/dict of '
                        'Numpy arrays. Found: ' + str(data)[:200] + '...')

    for name, x in zip(names, data):
        _check_numeric(x, name, exception_prefix)

    if shapes:
        for i in range(len(names)):
            if shapes[i] is None or data[i] is None or not hasattr(
                    data[i], 'shape'):
                continue
            data_shape = tuple(K.int_shape(data[i]))
            shape = tuple(shapes[i])
            if len(data_shape) != len(shape):
                raise ValueError('Error when checking ' + exception_prefix +
                                 ': expected ' + names[i] + ' to have ' +
                                 str(len(shape)) + ' dimensions, but got '
                                 'array with shape ' + str(data_shape))
            if not check_batch_axis:
                data_shape = data_shape[1:]
                shape = shape[1:]
            for dim, ref_dim in zip(data_shape, shape):
                if ref_dim != dim and ref_dim is not None and \
                        dim is not None:
                    raise ValueError('Error when checking ' +
                                     exception_prefix + ': expected ' +
                                     names[i] + ' to have shape ' +
                                     str(shape) + ' but got array with '
                                     'shape ' + str(data_shape))
    return data


_ARGUMENT_OF_PREFIX = {'input': 'x', 'target': 'y'}


def _check_numeric(x, name, exception_prefix):
    """Raises ValueError for an array of strings (which the backends would
    refuse with Python's own float() error, naming no argument)."""
    dtype = getattr(x, 'dtype', None)
    if not isinstance(dtype, np.dtype):
        return
    is_text = dtype.kind in ('U', 'S') or (
        dtype.kind == 'O' and x.size and
        isinstance(x.flat[0], (str, bytes)))
    if is_text:
        argument = _ARGUMENT_OF_PREFIX.get(exception_prefix,
                                           exception_prefix)
        raise ValueError('Error when checking model ' + exception_prefix +
                         ': `' + argument + '` for "' + name + '" is an '
                         'array of strings (dtype ' + str(dtype) + '), '
                         'e.g. ' + repr(x.flat[0])[:40] + '; the model '
                         'takes numeric arrays (convert text to numbers '
                         'first, e.g. with keras.preprocessing.text).')


def standardize_sample_or_class_weights(x_weight, output_names,
                                        weight_type):
    """One weight entry (or None) per output, from None, an array, a list
    or a dict keyed by output name."""
    if x_weight is None or (isinstance(x_weight, (list, dict)) and
                            len(x_weight) == 0):
        return [None for _ in output_names]
    if len(output_names) == 1:
        if isinstance(x_weight, list) and len(x_weight) == 1:
            return x_weight
        if isinstance(x_weight, dict) and output_names[0] in x_weight:
            return [x_weight[output_names[0]]]
        return [x_weight]
    if isinstance(x_weight, list):
        if len(x_weight) != len(output_names):
            raise ValueError('Provided `' + weight_type + '` was a list of ' +
                             str(len(x_weight)) + ' elements, but the model '
                             'has ' + str(len(output_names)) + ' outputs. '
                             'You should provide one `' + weight_type + '`'
                             'array per model output.')
        return x_weight
    if isinstance(x_weight, dict):
        check_for_unexpected_keys(weight_type, x_weight, output_names)
        return [x_weight.get(name) for name in output_names]
    raise TypeError('The model has multiple outputs, so `' + weight_type +
                    '` should be either a list or a dict. Provided `' +
                    weight_type + '` type not understood: ' + str(x_weight))


def standardize_class_weights(class_weight, output_names):
    return standardize_sample_or_class_weights(class_weight, output_names,
                                               'class_weight')


def standardize_sample_weights(sample_weight, output_names):
    return standardize_sample_or_class_weights(sample_weight, output_names,
                                               'sample_weight')


def standardize_weights(y, sample_weight=None, class_weight=None,
                        sample_weight_mode=None):
    """The per-sample (or per-timestep) weight array for targets `y`.

    From `sample_weight` if given, else from `class_weight` (a dict class
    -> weight; the class of a one-hot row is its argmax), else ones.

    Raises:
        ValueError: for weights of the wrong rank or length, or classes
            missing from `class_weight`.
    """
    if sample_weight_mode is not None:
        if sample_weight_mode != 'temporal':
            raise ValueError('"sample_weight_mode should be None or '
                             '"temporal". Found: ' + str(sample_weight_mode))
        if len(y.shape) < 3:
            raise ValueError('Found a sample_weight array for an input with '
                             'shape ' + str(y.shape) + '. Timestep-wise '
                             'sample weighting (use of '
                             'sample_weight_mode="temporal") is restricted to '
                             'outputs that are at least 3D, i.e. that have a '
                             'time dimension.')
        if sample_weight is not None and len(sample_weight.shape) != 2:
            raise ValueError('Found a sample_weight array with shape ' +
                             str(sample_weight.shape) + '. In order to use '
                             'timestep-wise sample weighting, you should pass '
                             'a 2D sample_weight array.')
    elif sample_weight is not None and len(np.shape(sample_weight)) != 1:
        raise ValueError('Found a sample_weight array with shape ' +
                         str(np.shape(sample_weight)) + '. In order to use '
                         'timestep-wise sample weights, you should specify '
                         'sample_weight_mode="temporal" in compile(). If you '
                         'just mean to use sample-wise weights, make sure '
                         'your sample_weight array is 1D.')

    if sample_weight is not None:
        sample_weight = np.asarray(sample_weight)
        if len(sample_weight.shape) > len(y.shape):
            raise ValueError('Found a sample_weight with shape' +
                             str(sample_weight.shape) + '.Expected '
                             'sample_weight with rank less than or equal to ' +
                             str(len(y.shape)))
        if tuple(y.shape[:sample_weight.ndim]) != sample_weight.shape:
            raise ValueError('Found a sample_weight array with shape ' +
                             str(sample_weight.shape) + ' for an input with '
                             'shape ' + str(y.shape) + '. sample_weight '
                             'cannot be broadcast.')
        return sample_weight
    if isinstance(class_weight, dict):
        if len(y.shape) > 2:
            raise ValueError('`class_weight` not supported for '
                             '3+ dimensional targets.')
        if y.shape[1] > 1:
            y_classes = np.argmax(y, axis=1)
        else:
            y_classes = np.reshape(y, y.shape[0])
        weights = np.asarray([class_weight[cls] for cls in y_classes
                              if cls in class_weight])
        if len(weights) != len(y_classes):
            missing = set(y_classes) - set(class_weight.keys())
            raise ValueError('`class_weight` must contain all classes in the '
                             'data. The classes %s exist in the data but not '
                             'in `class_weight`.' % missing)
        return weights
    if sample_weight_mode is None:
        return np.ones((y.shape[0],), dtype=K.floatx())
    return np.ones((y.shape[0], y.shape[1]), dtype=K.floatx())


def check_array_length_consistency(inputs, targets, weights=None):
    """Raises ValueError if the arrays do not all have the same number of
    samples."""
    def set_of_lengths(x):
        if x is None:
            return {0}
        return set([0 if y is None else int(y.shape[0]) for y in x])

    set_x = set_of_lengths(inputs)
    set_y = set_of_lengths(targets)
    set_w = set_of_lengths(weights)
    if len(set_x) > 1:
        raise ValueError('All input arrays (x) should have the same number of '
                         'samples. Got array shapes: ' +
                         str([x.shape for x in inputs]))
    if len(set_y) > 1:
        raise ValueError('All target arrays (y) should have the same number '
                         'of samples. Got array shapes: ' +
                         str([y.shape for y in targets]))
    if targets and set_x and set_y and list(set_x)[0] != list(set_y)[0]:
        raise ValueError('Input arrays should have the same number of samples '
                         'as target arrays. Found ' + str(list(set_x)[0]) +
                         ' input samples and ' + str(list(set_y)[0]) +
                         ' target samples.')
    if len(set_w) > 1:
        raise ValueError('All sample_weight arrays should have the same '
                         'number of samples. Got array shapes: ' +
                         str([w.shape for w in weights]))
    if weights and set_y and set_w and list(set_y)[0] != list(set_w)[0]:
        raise ValueError('Sample_weight arrays should have the same number of '
                         'samples as target arrays. Got ' +
                         str(list(set_y)[0]) + ' input samples and ' +
                         str(list(set_w)[0]) + ' target samples.')


def check_loss_and_target_compatibility(targets, loss_fns, output_shapes):
    """Catches targets that cannot suit their loss (integer classes with
    categorical_crossentropy, shape mismatches with mse and crossentropies).
    """
    key_loss_fns = {losses.mean_squared_error, losses.binary_crossentropy,
                    losses.categorical_crossentropy}
    key_loss_classes = (losses.MeanSquaredError, losses.BinaryCrossentropy,
                        losses.CategoricalCrossentropy)
    for y, loss, shape in zip(targets, loss_fns, output_shapes):
        if y is None or loss is None or shape is None:
            continue
        if losses.is_categorical_crossentropy(loss) and y.shape[-1] == 1:
            raise ValueError(
                'You are passing a target array of shape ' + str(y.shape) +
                ' while using as loss `categorical_crossentropy`. '
                '`categorical_crossentropy` expects targets to be binary '
                'matrices (1s and 0s) of shape (samples, classes). If your '
                'targets are integer classes, you can convert them to the '
                'expected format via:\n```\nfrom keras.utils import '
                'to_categorical\ny_binary = to_categorical(y_int)\n```\n\n'
                'Alternatively, you can use the loss function '
                '`sparse_categorical_crossentropy` instead, which does '
                'expect integer targets.')
        is_wrapper = isinstance(loss, losses.LossFunctionWrapper)
        if isinstance(loss, key_loss_classes) or (
                is_wrapper and loss.fn in key_loss_fns):
            for target_dim, out_dim in zip(y.shape[1:], shape[1:]):
                if out_dim is not None and target_dim != out_dim:
                    raise ValueError(
                        'A target array with shape ' + str(y.shape) +
                        ' was passed for an output of shape ' + str(shape) +
                        ' while using as loss `' + str(loss.name) + '`. '
                        'This loss expects targets to have the same shape '
                        'as the output.')


def check_num_samples(ins, batch_size=None, steps=None, steps_name='steps'):
    """The number of samples of the first input, or None for step-wise
    loops.

    Raises:
        ValueError: if both `steps` and `batch_size` are given, or if the
            data are symbolic tensors without `steps`.
    """
    if steps is not None and batch_size is not None:
        raise ValueError('If ' + steps_name + ' is set, the `batch_size` '
                         'must be None.')
    if not ins or any(K.is_tensor(x) and not isinstance(x, np.ndarray)
                      for x in ins):
        if steps is None:
            raise ValueError('If your data is in the form of symbolic '
                             'tensors, you should specify the `' +
                             steps_name + '` argument (instead of the '
                             '`batch_size` argument, because symbolic tensors '
                             'are expected to produce batches of input '
                             'data).')
        return None
    if hasattr(ins[0], 'shape'):
        return int(ins[0].shape[0])
    return None


def get_static_batch_size(layer):
    """The batch size a layer declared (e.g. through batch_input_shape)."""
    batch_input_shape = getattr(layer, 'batch_input_shape', None)
    if batch_input_shape is not None:
        return batch_input_shape[0]
    return None


# Batching.

def make_batches(size, batch_size):
    """`(start, end)` index pairs of the batches covering `size` samples."""
    num_batches = (size + batch_size - 1) // batch_size
    return [(i * batch_size, min(size, (i + 1) * batch_size))
            for i in range(num_batches)]


def batch_shuffle(index_array, batch_size):
    """Shuffles whole batches (for HDF5 data that must be read in order
    within a batch); the incomplete last batch stays last."""
    batch_count = int(len(index_array) / batch_size)
    last_batch = index_array[batch_count * batch_size:]
    index_array = index_array[:batch_count * batch_size]
    index_array = index_array.reshape((batch_count, batch_size))
    np.random.shuffle(index_array)
    index_array = index_array.flatten()
    return np.append(index_array, last_batch)


def should_run_validation(validation_freq, epoch):
    """Whether to validate after 0-based `epoch`: every `validation_freq`
    epochs (an int), or after the 1-based epochs listed (a container)."""
    one_indexed_epoch = epoch + 1
    if isinstance(validation_freq, int):
        if validation_freq < 1:
            raise ValueError('`validation_freq` can not be less than 1.')
        return one_indexed_epoch % validation_freq == 0
    if not isinstance(validation_freq, collections.abc.Container):
        raise ValueError('`validation_freq` must be an Integer or '
                         '`collections.Container` (e.g. list, tuple, etc.)')
    return one_indexed_epoch in validation_freq


def is_sequence(seq):
    return isinstance(seq, Sequence)


def is_generator_or_sequence(x):
    """Whether `x` is a generator, an iterator or a keras Sequence."""
    return (inspect.isgenerator(x) or is_sequence(x) or
            (hasattr(x, '__next__') and not isinstance(x, (list, dict))))


def check_generator_arguments(y=None, sample_weight=None,
                              validation_split=None):
    """Raises ValueError for arguments that make no sense with a generator.
    """
    if y is not None:
        raise ValueError('`y` argument is not supported when data is'
                         'a generator or Sequence instance. Instead pass '
                         'targets as the second element of the generator.')
    if sample_weight is not None:
        raise ValueError('`sample_weight` argument is not supported when data'
                         'is a generator or Sequence instance. Instead pass '
                         'sample weights as the third element of the '
                         'generator.')
    if validation_split:
        raise ValueError('If your data is in the form of a Python generator, '
                         'you cannot use `validation_split`.')


def iter_sequence_infinite(seq):
    """Iterates over a Sequence forever, in order."""
    while True:
        for item in seq:
            yield item


# The callbacks of the loops.

def fit_callbacks(model, callbacks, verbose, count_mode):
    """The CallbackList of a fit loop, set to the model: `BaseLogger`,
    `ProgbarLogger` (when verbose; counting 'steps' or 'samples'), the
    user's callbacks, then a new `History` (also `model.history`)."""
    model.history = cbks.History()
    stateful_metrics = model.metrics_names[1:]
    callback_list = [cbks.BaseLogger(stateful_metrics=stateful_metrics)]
    if verbose:
        callback_list.append(cbks.ProgbarLogger(
            count_mode, stateful_metrics=stateful_metrics))
    callback_list += (callbacks or []) + [model.history]
    callbacks = cbks.CallbackList(callback_list)
    callbacks.set_model(model._get_callback_model())
    return callbacks


def configured_callbacks(model, callbacks, params):
    """`callbacks` of an evaluate or predict loop as a CallbackList, set up
    with `params` unless it is already one (that of fit, validating)."""
    if isinstance(callbacks, cbks.CallbackList):
        return callbacks
    callbacks = cbks.CallbackList(callbacks)
    callbacks.set_model(model._get_callback_model())
    callbacks.set_params(params)
    return callbacks


# Losses, metrics and sample weights per output.

def get_loss_function(loss):
    """A `Loss` object from a loss identifier (None stays None)."""
    if loss is None or isinstance(loss, losses.Loss):
        return loss
    if isinstance(loss, dict):
        loss = losses.get(loss)
        if isinstance(loss, losses.Loss):
            return loss
    if callable(loss) and not hasattr(loss, '__name__'):
        # A callable object: it reduces (and weights) by itself.
        return loss
    loss_fn = losses.get(loss)
    return losses.LossFunctionWrapper(
        loss_fn, name=loss_fn.__name__,
        reduction=losses_utils.Reduction.SUM_OVER_BATCH_SIZE)


def prepare_loss_functions(loss, output_names):
    """One loss object (or None to skip the output) per output.

    Raises:
        ValueError: for a list of the wrong length, or unknown keys in a
            dict.
    """
    if isinstance(loss, collections.abc.Mapping):
        check_for_unexpected_keys('loss', loss, output_names)
        loss_functions = []
        for name in output_names:
            if name not in loss:
                import warnings
                warnings.warn('Output {0} missing from loss dictionary. We '
                              'assume this was done on purpose. The fit and '
                              'evaluate APIs will not be expecting any data '
                              'to be passed to {0}.'.format(name))
            loss_functions.append(get_loss_function(loss.get(name, None)))
    elif isinstance(loss, str):
        loss_functions = [get_loss_function(loss) for _ in output_names]
    elif isinstance(loss, collections.abc.Sequence):
        if len(loss) != len(output_names):
            raise ValueError('When passing a list as loss, it should have one '
                             'entry per model outputs. The model has {} '
                             'outputs, but you passed loss={}'.format(
                                 len(output_names), loss))
        loss_functions = [get_loss_function(entry) for entry in loss]
    else:
        loss_functions = [get_loss_function(loss) for _ in output_names]
    return loss_functions


def prepare_loss_weights(output_names, loss_weights=None):
    """One scalar weight per output.

    Raises:
        ValueError: for a list of the wrong length or unknown dict keys.
        TypeError: for anything but None, a list or a dict.
    """
    if loss_weights is None:
        return [1.] * len(output_names)
    if isinstance(loss_weights, collections.abc.Mapping):
        check_for_unexpected_keys('loss_weights', loss_weights, output_names)
        return [loss_weights.get(name, 1.) for name in output_names]
    if isinstance(loss_weights, list):
        if len(loss_weights) != len(output_names):
            raise ValueError('When passing a list as loss_weights, it should '
                             'have one entry per model output. The model '
                             'has ' + str(len(output_names)) + ' outputs, '
                             'but you '
                             'passed loss_weights=' + str(loss_weights))
        return loss_weights
    raise TypeError('Could not interpret loss_weights argument: ' +
                    str(loss_weights) + ' - expected a list of dicts.')


def get_output_sample_weight_and_mode(skip_target_weighing_indices,
                                      sample_weight_mode, output_name,
                                      output_index):
    """The sample-weight placeholder of an output and its mode."""
    if output_index in skip_target_weighing_indices:
        return None, None
    if sample_weight_mode == 'temporal':
        shape = [None, None]
        mode = 'temporal'
    else:
        shape = [None]
        mode = None
    weight = K.placeholder(shape=shape, name=output_name + '_sample_weights')
    return weight, mode


def prepare_sample_weights(output_names, sample_weight_mode,
                           skip_target_weighing_indices):
    """Sample-weight placeholders and modes, one per output (None for the
    skipped outputs).

    Raises:
        ValueError: for unknown or missing outputs in a dict, or a list of
            the wrong length.
    """
    sample_weights = []
    sample_weight_modes = []
    if isinstance(sample_weight_mode, dict):
        unknown_output = set(sample_weight_mode.keys()) - set(output_names)
        if unknown_output:
            raise ValueError('Unknown entry in sample_weight_mode dictionary: '
                             '"' + str(unknown_output) + '". Only expected '
                             'the following keys: ' + str(output_names))
        modes = []
        for i, name in enumerate(output_names):
            if i not in skip_target_weighing_indices and \
                    name not in sample_weight_mode:
                raise ValueError('Output "' + name + '" missing from '
                                 'sample_weight_modes dictionary')
            modes.append(sample_weight_mode.get(name))
    elif isinstance(sample_weight_mode, list):
        if len(sample_weight_mode) != len(output_names):
            raise ValueError('When passing a list as sample_weight_mode, it '
                             'should have one entry per model output. The '
                             'model has ' + str(len(output_names)) +
                             ' outputs, but you passed ' +
                             str(len(sample_weight_mode)) +
                             ' sample_weight_modes')
        modes = sample_weight_mode
    else:
        modes = [sample_weight_mode] * len(output_names)
    for i, (name, mode) in enumerate(zip(output_names, modes)):
        if mode not in (None, 'temporal'):
            # Keras 2 took any other value for None, silently.
            raise ValueError('compile: `sample_weight_mode` must be None '
                             'or "temporal" (or a list or dict of those, '
                             'per output); received %r for output "%s".'
                             % (mode, name))
        weight, mode = get_output_sample_weight_and_mode(
            skip_target_weighing_indices, mode, name, i)
        sample_weights.append(weight)
        sample_weight_modes.append(mode)
    return sample_weights, sample_weight_modes


def get_metric_name(metric, weighted=False):
    """The log name of a metric: the string the user passed ('mae' logs
    as 'mae', 'acc' as 'acc', 'accuracy' as 'accuracy', as Keras 2.3.1
    does); otherwise the metric object's `name` or the function's name.
    `weighted` metrics get no prefix: a clash with an unweighted metric
    of the same name is resolved by a `_1` suffix at compile."""
    if isinstance(metric, str):
        return metric
    metric = metrics_module.get(metric)
    return metric.name if hasattr(metric, 'name') else metric.__name__


def _is_loss(loss_fn, function, loss_class):
    return isinstance(loss_fn, loss_class) or (
        isinstance(loss_fn, losses.LossFunctionWrapper) and
        loss_fn.fn == function)


def get_metric_function(metric, output_shape=None, loss_fn=None):
    """The metric function for an identifier; 'accuracy'/'acc' and
    'crossentropy'/'ce' resolve to the binary, sparse or categorical
    variant from the output shape and the loss."""
    if metric not in ('accuracy', 'acc', 'crossentropy', 'ce'):
        return metrics_module.get(metric)
    is_sparse_categorical = _is_loss(loss_fn,
                                     losses.sparse_categorical_crossentropy,
                                     losses.SparseCategoricalCrossentropy)
    is_binary = _is_loss(loss_fn, losses.binary_crossentropy,
                         losses.BinaryCrossentropy)
    is_single_unit = output_shape is not None and output_shape[-1] == 1
    if metric in ('accuracy', 'acc'):
        if is_single_unit or is_binary:
            return metrics_module.binary_accuracy
        if is_sparse_categorical:
            return metrics_module.sparse_categorical_accuracy
        return metrics_module.categorical_accuracy
    if is_single_unit or is_binary:
        return metrics_module.binary_crossentropy
    if is_sparse_categorical:
        return metrics_module.sparse_categorical_crossentropy
    return metrics_module.categorical_crossentropy


def collect_per_output_metric_info(metrics, output_names, output_shapes,
                                   loss_fns, is_weighted=False):
    """For each output, an ordered dict metric name -> Metric object.

    Args:
        metrics: a list (applied to every output) or a dict output name ->
            metric or list of metrics.

    Raises:
        TypeError: for anything but a list or a dict.
    """
    if not metrics:
        return [collections.OrderedDict() for _ in output_names]
    if isinstance(metrics, list):
        if len(output_names) > 1:
            # One Metric object given once serves every output: each
            # output gets its own copy (own state, own name).
            nested_metrics = [[metrics_module.clone_metric(m)
                               for m in metrics] for _ in output_names]
        else:
            nested_metrics = [copy.copy(metrics)]
    elif isinstance(metrics, dict):
        check_for_unexpected_keys('metrics', metrics, output_names)
        nested_metrics = [to_list(metrics.get(name, []))
                          for name in output_names]
    else:
        raise TypeError('Type of `metrics` argument not understood. '
                        'Expected a list or dictionary, found: ' +
                        str(metrics))
    per_output_metrics = []
    for i, output_metrics in enumerate(nested_metrics):
        metrics_dict = collections.OrderedDict()
        for metric in output_metrics:
            metric_name = get_metric_name(metric, is_weighted)
            metric_fn = get_metric_function(
                metric, output_shape=output_shapes[i], loss_fn=loss_fns[i])
            if not isinstance(metric_fn, metrics_module.Metric):
                metric_fn = metrics_module.MeanMetricWrapper(
                    metric_fn, name=metric_name)
            metrics_dict[metric_name] = metric_fn
        per_output_metrics.append(metrics_dict)
    return per_output_metrics


def weighted_masked_objective(fn):
    """`fn` as a loss of `(y_true, y_pred, weights, mask=None)` averaging
    over the unmasked entries and the non-zero weights (the objective of
    Keras 2.0 to 2.2, still importable from here in 2.3.1).

    `compile` in 2.3.1 no longer uses it: there the mask multiplies the
    sample weights and the loss is divided by the number of entries,
    masked ones included.

    Returns:
        None for None; else the weighted objective.
    """
    if fn is None:
        return None

    def weighted(y_true, y_pred, weights, mask=None):
        scores = fn(y_true, y_pred)
        if mask is not None:
            mask = K.cast(mask, K.floatx())
            # Proportional to the number of unmasked entries.
            scores = scores * mask / (K.mean(mask) + K.epsilon())
        if weights is not None:
            extra_axes = list(range(K.ndim(weights), K.ndim(scores)))
            if extra_axes:
                scores = K.mean(scores, axis=extra_axes)
            scores = scores * weights
            scores = scores / K.mean(K.cast(K.not_equal(weights, 0),
                                            K.floatx()))
        return K.mean(scores)
    return weighted


def call_metric_function(metric_fn, y_true, y_pred=None, weights=None,
                         mask=None):
    """Updates a metric with a batch (a mask acts as sample weights) and
    returns its result tensor."""
    if mask is not None:
        mask = K.cast(mask, K.dtype(y_pred))
        if weights is None:
            weights = mask
        else:
            mask, _, weights = losses_utils.squeeze_or_expand_dimensions(
                mask, sample_weight=weights)
            weights = weights * mask
    if y_pred is not None:
        return metric_fn(y_true, y_pred, sample_weight=weights)
    return metric_fn(y_true, sample_weight=weights)
