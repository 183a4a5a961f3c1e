"""Saving and loading whole models: Keras 2's HDF5 model files
(architecture, weights, training configuration and optimizer state),
JSON/YAML architectures, and pickling.

Every save to a path writes a temporary file next to the target and
renames it over the target, so an interrupted save leaves the previous
file intact. The file layout is described in docs/saving-format.md.
"""
import io
import json
import os
import warnings

from keras import backend as K
from keras import losses
from keras import metrics as metrics_module
from keras import optimizers
from keras.engine import tf_keras_config
from keras.engine.hdf5_format import as_text
from keras.engine.hdf5_format import json_default
from keras.engine.hdf5_format import load_attributes_from_hdf5_group  # noqa: F401
from keras.engine.hdf5_format import load_optimizer_weights_from_hdf5_group
from keras.engine.hdf5_format import load_weights_from_hdf5_group
from keras.engine.hdf5_format import load_weights_from_hdf5_group_by_name  # noqa: F401
from keras.engine.hdf5_format import save_attributes_to_hdf5_group  # noqa: F401
from keras.engine.hdf5_format import save_optimizer_weights_to_hdf5_group
from keras.engine.hdf5_format import save_weights_to_hdf5_group
from keras.engine.hdf5_format import write_text_attribute
from keras.engine.hdf5_format import write_version_attributes
from keras.utils import conv_utils  # noqa: F401
from keras.utils.generic_utils import getargspec  # noqa: F401
from keras.utils.io_utils import ask_to_proceed_with_overwrite
from keras.utils.io_utils import h5py
from keras.utils.io_utils import load_from_binary_h5py  # noqa: F401
from keras.utils.io_utils import open_hdf5_for_reading
from keras.utils.io_utils import save_to_binary_h5py  # noqa: F401
from keras.utils.io_utils import writable_hdf5

# Keras 2 read `gs://` paths through TensorFlow's file_io; the module is
# looked up when such a path is used (None: TensorFlow is not installed).
tf_file_io = None


def preprocess_weights_for_loading(layer, weights, original_keras_version=None,
                                   original_backend=None, reshape=False):
    """Saved arrays converted for `layer` (see keras.engine.weight_conversion:
    Keras 1 layouts, Theano kernels, CuDNN recurrent weights)."""
    from keras.engine import weight_conversion
    return weight_conversion.preprocess_weights_for_loading(
        layer, weights, original_keras_version=original_keras_version,
        original_backend=original_backend, reshape=reshape)


def _require_h5py():
    if h5py is None:
        raise ImportError('Saving and loading models in HDF5 needs h5py: '
                          '`pip install h5py`.')


def _tf_gfile():
    global tf_file_io
    if tf_file_io is None:
        try:
            import tensorflow as tf
        except ImportError:
            raise ImportError('Paths starting with gs:// are read and '
                              'written through TensorFlow\'s file system '
                              'layer: install tensorflow.')
        tf_file_io = tf.io.gfile
    return tf_file_io


def _is_gcs_path(filepath):
    return isinstance(filepath, str) and filepath.startswith('gs://')


def allow_write_to_gcs(save_function):
    """Wraps `save_function(obj, filepath, ...)` so that a `gs://` path
    is written locally first and then copied to the bucket."""
    def save_wrapper(obj, filepath, overwrite=True, *args, **kwargs):
        if not _is_gcs_path(filepath):
            return save_function(obj, filepath, overwrite, *args, **kwargs)
        import tempfile
        gfile = _tf_gfile()
        if gfile.exists(filepath) and not overwrite:
            if not ask_to_proceed_with_overwrite(filepath):
                return None
        with tempfile.TemporaryDirectory() as folder:
            local = os.path.join(folder, os.path.basename(filepath))
            save_function(obj, local, True, *args, **kwargs)
            gfile.copy(local, filepath, overwrite=True)
    return save_wrapper


def allow_read_from_gcs(load_function):
    """Wraps `load_function(filepath, ...)` so that a `gs://` path is
    copied to a local temporary file first."""
    def load_wrapper(*args, **kwargs):
        filepath = args[0] if args else kwargs.get('filepath')
        if not _is_gcs_path(filepath):
            return load_function(*args, **kwargs)
        import tempfile
        gfile = _tf_gfile()
        with tempfile.TemporaryDirectory() as folder:
            local = os.path.join(folder, os.path.basename(filepath))
            gfile.copy(filepath, local)
            if args:
                args = (local,) + tuple(args[1:])
            else:
                kwargs['filepath'] = local
            return load_function(*args, **kwargs)
    return load_wrapper


def _training_config(model):
    return {
        'optimizer_config': {
            'class_name': model.optimizer.__class__.__name__,
            'config': model.optimizer.get_config()},
        'loss': model.loss,
        'metrics': getattr(model, '_compile_metrics', None),
        'weighted_metrics': getattr(model, '_compile_weighted_metrics', None),
        'sample_weight_mode': model.sample_weight_mode,
        'loss_weights': model.loss_weights,
    }


def _optimizer_state(model):
    """(variables, values) of the optimizer's state, or of the state read
    from a file that this model has not trained with yet."""
    variables = list(getattr(model.optimizer, 'weights', []) or [])
    if variables:
        return variables, K.batch_get_value(variables)
    pending = getattr(model, '_pending_optimizer_weights', None)
    if pending:
        return None, pending
    return None, []


def save_model_to_hdf5_group(model, f, include_optimizer=True):
    """Writes model config, weights and (optionally) training config and
    optimizer state into an open h5py File or Group."""
    if not getattr(model, '_is_graph_network', True):
        raise NotImplementedError(
            'Saving the model to HDF5 format requires the model to be a '
            'Functional model or a Sequential model. It does not work for '
            'subclassed models, because such models are defined via the body '
            'of a Python method, which isn\'t safely serializable. Consider '
            'saving to the Tensorflow SavedModel format (by setting '
            'save_format="tf") or using `save_weights`.')
    write_version_attributes(f)
    write_text_attribute(f, 'model_config', json.dumps(
        {'class_name': model.__class__.__name__,
         'config': model.get_config()}, default=json_default))
    save_weights_to_hdf5_group(f.create_group('model_weights'), model.layers)
    optimizer = getattr(model, 'optimizer', None)
    if not include_optimizer or optimizer is None:
        return
    if isinstance(optimizer, optimizers.TFOptimizer):
        warnings.warn(
            'TensorFlow optimizers do not make it possible to access '
            'optimizer attributes or optimizer state after instantiation. '
            'As a result, we cannot save the optimizer as part of the model '
            'save file. You will have to compile your model again after '
            'loading it. Prefer using a Keras optimizer instead (see '
            'keras.io/optimizers).')
        return
    write_text_attribute(f, 'training_config', json.dumps(
        _training_config(model), default=json_default))
    variables, values = _optimizer_state(model)
    if values:
        save_optimizer_weights_to_hdf5_group(
            f.create_group('optimizer_weights'), values, variables)


@allow_write_to_gcs
def save_model(model, filepath, overwrite=True, include_optimizer=True):
    """Saves a model to an HDF5 file: its architecture, weights, training
    configuration and optimizer state, so that training can resume.

    Args:
        model: a functional or Sequential model.
        filepath: path, or an open `h5py.File` / `h5py.Group`.
        overwrite: when False and the file exists, ask on the terminal.
        include_optimizer: also save the optimizer and its state.
    """
    _require_h5py()
    with writable_hdf5(filepath, overwrite) as f:
        if f is not None:
            save_model_to_hdf5_group(model, f, include_optimizer)


def _read_json_attribute(f, name):
    return json.loads(as_text(f.attrs[name]))


def _config_from_file(f, filepath):
    if 'model_config' not in f.attrs:
        if 'layer_names' in f.attrs or 'layer_names0' in f.attrs:
            raise ValueError(
                'No model found in config file: %s holds only weights (it '
                'was written by `save_weights`). Build the model in code and '
                'call `model.load_weights(%r)`.' % (filepath, filepath))
        raise ValueError('No model found in config file: %s has no '
                         '`model_config` attribute, so it was not written by '
                         '`model.save`.' % (filepath,))
    config = _read_json_attribute(f, 'model_config')
    keras_version = as_text(f.attrs.get('keras_version', b'1'))
    return tf_keras_config.translate_model_config(config, keras_version)


def _resolve_custom(value, custom_objects, deserialize):
    """Losses or metrics of a training config as objects: names of the
    user's functions replaced by them, and objects saved as
    `{class_name, config}` (Loss and Metric instances) deserialised rather
    than taken for a dict of one entry per output."""
    if isinstance(value, list):
        return [_resolve_custom(item, custom_objects, deserialize)
                for item in value]
    if isinstance(value, dict):
        if 'class_name' in value and 'config' in value:
            return deserialize(value, custom_objects=custom_objects)
        return {key: _resolve_custom(item, custom_objects, deserialize)
                for key, item in value.items()}
    if isinstance(value, str) and custom_objects and value in custom_objects:
        return custom_objects[value]
    return value


def _compile_from_file(model, f, custom_objects):
    from keras.engine import tf_keras_training
    training_config = tf_keras_training.translate_training_config(
        _read_json_attribute(f, 'training_config'),
        as_text(f.attrs.get('keras_version', b'1')),
        _read_json_attribute(f, 'model_config'))
    optimizer = optimizers.deserialize(training_config['optimizer_config'],
                                       custom_objects=custom_objects)
    model.compile(
        optimizer=optimizer,
        loss=_resolve_custom(training_config['loss'], custom_objects,
                             losses.deserialize),
        metrics=_resolve_custom(training_config.get('metrics'),
                                custom_objects, metrics_module.deserialize),
        weighted_metrics=_resolve_custom(
            training_config.get('weighted_metrics'), custom_objects,
            metrics_module.deserialize),
        loss_weights=training_config.get('loss_weights'),
        sample_weight_mode=training_config.get('sample_weight_mode'))
    if 'optimizer_weights' not in f:
        return
    values = load_optimizer_weights_from_hdf5_group(f['optimizer_weights'])
    try:
        # tf-keras keeps its slots in another order (unchanged otherwise).
        values = tf_keras_training.translate_optimizer_weights(
            load_attributes_from_hdf5_group(f['optimizer_weights'],
                                            'weight_names'),
            values,
            _read_json_attribute(f, 'training_config')['optimizer_config'],
            as_text(f.attrs.get('keras_version', b'1')),
            _read_json_attribute(f, 'model_config'),
            [K.int_shape(p) for p in model._collected_trainable_weights]
            if hasattr(model, '_collected_trainable_weights') else None)
    except ValueError as error:
        warnings.warn('Error in loading the saved optimizer state (%s). As '
                      'a result, your model is starting with a freshly '
                      'initialized optimizer.' % (error,))
        return
    restore_optimizer_weights(model, values)


def restore_optimizer_weights(model, values):
    """Sets the optimizer state read from a file. Backends that cannot
    train keep it aside, so that saving the model again keeps it."""
    from keras.backend.base import BACKENDS_THAT_TRAIN
    if K.backend() not in BACKENDS_THAT_TRAIN:
        model._pending_optimizer_weights = values
        return
    # The optimizer creates its slots when the train function is built.
    model._make_train_function()
    try:
        model.optimizer.set_weights(values)
    except ValueError as error:
        warnings.warn('Error in loading the saved optimizer state (%s). As '
                      'a result, your model is starting with a freshly '
                      'initialized optimizer.' % (error,))


def load_model_from_hdf5_group(f, custom_objects=None, compile=True,
                               filepath=None):
    """A model from an open h5py File or Group written by `save_model`."""
    config = _config_from_file(f, filepath or f.name)
    model = model_from_config(config, custom_objects=custom_objects)
    load_weights_from_hdf5_group(f['model_weights'], model.layers)
    if not compile:
        return model
    if 'training_config' not in f.attrs:
        warnings.warn('No training configuration found in save file: the '
                      'model was *not* compiled. Compile it manually.')
        return model
    _compile_from_file(model, f, custom_objects)
    return model


@allow_read_from_gcs
def load_model(filepath, custom_objects=None, compile=True):
    """Loads a model saved with `model.save` / `save_model`.

    Args:
        filepath: path, or an open `h5py.File` / `h5py.Group`.
        custom_objects: dict name -> class or function for the user's own
            layers, losses, metrics, ... used in the model.
        compile: compile the model with the saved training configuration
            and restore the optimizer state.

    Raises:
        ValueError: for a file without a model (e.g. written by
            `save_weights`), or that is not a Keras HDF5 file.
        OSError: for a missing, truncated or non-HDF5 file.
    """
    _require_h5py()
    with open_hdf5_for_reading(filepath) as f:
        return load_model_from_hdf5_group(f, custom_objects, compile,
                                          filepath=filepath)


def pickle_model(model):
    """The model as a picklable dict: the bytes of its HDF5 file."""
    _require_h5py()
    buffer = io.BytesIO()
    with h5py.File(buffer, 'w') as f:
        save_model_to_hdf5_group(model, f)
    return {'keras_hdf5': buffer.getvalue()}


def unpickle_model(state):
    """The model from `pickle_model`'s dict."""
    _require_h5py()
    with h5py.File(io.BytesIO(state['keras_hdf5']), 'r') as f:
        return load_model_from_hdf5_group(f, filepath='<pickled model>')


def model_from_config(config, custom_objects=None):
    """A model (or layer) from its `{class_name, config}` dict.

    Raises:
        TypeError: when given a list (a Sequential's layer list).
    """
    if isinstance(config, list):
        raise TypeError('`model_from_config` expects a dictionary, not a '
                        'list. Maybe you meant to use '
                        '`Sequential.from_config(config)`?')
    from keras.layers import deserialize
    # Configs from tf-keras's to_json() name the tf-keras version.
    config = tf_keras_config.translate_model_config(
        config, config.get('keras_version'))
    return deserialize(config, custom_objects=custom_objects)


def model_from_yaml(yaml_string, custom_objects=None):
    """A model from the output of `model.to_yaml()`."""
    import yaml
    # Keras 2 YAML holds !!python/tuple tags, which FullLoader accepts.
    config = yaml.load(yaml_string, Loader=yaml.FullLoader)
    return model_from_config(config, custom_objects=custom_objects)


def model_from_json(json_string, custom_objects=None):
    """A model from the output of `model.to_json()`."""
    config = json.loads(json_string)
    return model_from_config(config, custom_objects=custom_objects)


def save_weights(model, filepath, overwrite=True):
    """`model.save_weights`: the weights of every layer, no architecture."""
    _require_h5py()
    with writable_hdf5(filepath, overwrite) as f:
        if f is not None:
            save_weights_to_hdf5_group(f, model.layers)


def load_weights(model, filepath, by_name=False, skip_mismatch=False,
                 reshape=False):
    """`model.load_weights`: from a `save_weights` or a `save` file."""
    _require_h5py()
    with open_hdf5_for_reading(filepath) as f:
        if 'layer_names' not in f.attrs and 'model_weights' in f:
            f = f['model_weights']
        if by_name:
            load_weights_from_hdf5_group_by_name(
                f, model.layers, skip_mismatch=skip_mismatch,
                reshape=reshape)
        else:
            load_weights_from_hdf5_group(f, model.layers, reshape=reshape)

