"""Reading and writing Keras 2's HDF5 groups: string attributes (split
into chunks past the object header limit), layer weights and optimizer
weights. The layout is described in docs/saving-format.md."""
import warnings

import numpy as np

from keras import backend as K

# HDF5 refuses attributes that make an object header larger than 64 KiB;
# Keras 2 split string arrays at this size.
HDF5_OBJECT_HEADER_LIMIT = 64512


def as_text(value):
    """An attribute value as str: h5py 3 returns str, h5py 2 and files
    written with numpy bytes give bytes."""
    if isinstance(value, (bytes, np.bytes_)):
        return value.decode('utf8')
    return str(value)


def save_attributes_to_hdf5_group(group, name, data):
    """Stores a list of strings as the attribute `name` of `group`, as an
    array of fixed-length bytes, split into `name0`, `name1`, ... when it
    would not fit in one object header.

    Raises:
        RuntimeError: if a single item is larger than the header limit.
    """
    encoded = [item if isinstance(item, bytes) else str(item).encode('utf8')
               for item in data]
    too_long = [item for item in encoded if len(item) > HDF5_OBJECT_HEADER_LIMIT]
    if too_long:
        raise RuntimeError('The following attributes cannot be saved to HDF5 '
                           'file because they are larger than %d bytes: %s'
                           % (HDF5_OBJECT_HEADER_LIMIT,
                              [item[:80] for item in too_long]))
    array = np.asarray(encoded, dtype=_bytes_dtype(encoded))
    chunks = 1
    chunked = np.array_split(array, chunks)
    while any(chunk.nbytes > HDF5_OBJECT_HEADER_LIMIT for chunk in chunked):
        chunks += 1
        chunked = np.array_split(array, chunks)
    if chunks > 1:
        for index, chunk in enumerate(chunked):
            group.attrs['%s%d' % (name, index)] = chunk
    else:
        group.attrs[name] = array


def _bytes_dtype(encoded):
    return 'S%d' % max([len(item) for item in encoded] + [1])


def load_attributes_from_hdf5_group(group, name):
    """The list of strings stored by `save_attributes_to_hdf5_group`
    (whole or in chunks), as str."""
    if name in group.attrs:
        values = list(group.attrs[name])
    else:
        values = []
        index = 0
        while '%s%d' % (name, index) in group.attrs:
            values.extend(group.attrs['%s%d' % (name, index)])
            index += 1
    return [as_text(value) for value in values]


def _unique_names(names):
    """Keras 2 wrote a dataset per weight name: two weights of one layer
    with the same name get `_1`, `_2`, ... so neither is overwritten."""
    seen = {}
    unique = []
    for name in names:
        candidate = name
        while candidate in seen:
            seen[name] += 1
            candidate = '%s_%d' % (name, seen[name])
        seen[candidate] = 0
        unique.append(candidate)
    return unique


def _stored_weight_names(variables):
    """Names as Keras 2.3.1 wrote them: the variable names, with
    TensorFlow's `:0` output suffix on the tensorflow backend."""
    names = []
    for index, variable in enumerate(variables):
        name = getattr(variable, 'name', None)
        name = str(name) if name else 'param_%d' % index
        if K.backend() == 'tensorflow' and ':' not in name:
            name += ':0'
        names.append(name)
    return _unique_names(names)


def _write_datasets(group, names, values):
    for name, value in zip(names, values):
        value = np.asarray(value)
        dataset = group.create_dataset(name, value.shape, dtype=value.dtype)
        if value.shape:
            dataset[:] = value
        else:
            dataset[()] = value


def write_text_attribute(group, name, text):
    """A string attribute as Keras 2 wrote it: fixed-length bytes, which
    h5py returns as bytes (2.3.1's loader calls `.decode`). Text too long
    for an object header is stored as a variable-length string."""
    data = text.encode('utf8')
    if len(data) < HDF5_OBJECT_HEADER_LIMIT:
        group.attrs[name] = np.bytes_(data)
    else:
        group.attrs[name] = data


def write_version_attributes(group):
    from keras import __version__ as keras_version
    write_text_attribute(group, 'backend', K.backend())
    write_text_attribute(group, 'keras_version', str(keras_version))


def save_weights_to_hdf5_group(group, layers):
    """Writes the weights of `layers` into `group`: attribute
    `layer_names`, one sub-group per layer with attribute `weight_names`
    and a dataset per weight."""
    save_attributes_to_hdf5_group(group, 'layer_names',
                                  [layer.name for layer in layers])
    write_version_attributes(group)
    for layer in layers:
        layer_group = group.create_group(layer.name)
        variables = layer.weights
        names = _stored_weight_names(variables)
        save_attributes_to_hdf5_group(layer_group, 'weight_names', names)
        _write_datasets(layer_group, names, K.batch_get_value(variables))


def save_optimizer_weights_to_hdf5_group(group, optimizer_values,
                                         optimizer_variables=None):
    """Writes the optimizer's state into `group` (`optimizer_weights` in
    a model file): attribute `weight_names` and one dataset per slot."""
    if optimizer_variables is not None:
        names = _stored_weight_names(optimizer_variables)
    else:
        names = ['param_%d' % i for i in range(len(optimizer_values))]
    save_attributes_to_hdf5_group(group, 'weight_names', names)
    _write_datasets(group, names, optimizer_values)


def load_optimizer_weights_from_hdf5_group(group):
    """The optimizer state of a model file, in saved order."""
    names = load_attributes_from_hdf5_group(group, 'weight_names')
    return [np.asarray(group[name]) for name in names]


def _file_versions(f):
    """(keras_version, backend) of the file that wrote `f`; Keras 1 files
    had no version attribute."""
    keras_version = as_text(f.attrs['keras_version']) \
        if 'keras_version' in f.attrs else '1'
    backend = as_text(f.attrs['backend']) if 'backend' in f.attrs else None
    return keras_version, backend


def _layer_weight_values(group):
    names = load_attributes_from_hdf5_group(group, 'weight_names')
    return [np.asarray(group[name]) for name in names]


def _check_shapes(layer, variables, values, saved_layer_name):
    for variable, value in zip(variables, values):
        expected = tuple(K.int_shape(variable))
        if tuple(value.shape) != expected:
            raise ValueError(
                'Layer "%s" (saved as "%s"): weight "%s" has shape %s in '
                'the model but %s in the file. The file was written by a '
                'different model.' % (layer.name, saved_layer_name,
                                      getattr(variable, 'name', '?'),
                                      expected, tuple(value.shape)))


def _converted(layer, values, keras_version, backend, reshape):
    from keras.engine.weight_conversion import preprocess_weights_for_loading
    return preprocess_weights_for_loading(
        layer, values, original_keras_version=keras_version,
        original_backend=backend, reshape=reshape)


def _require_layer_names(f):
    if 'layer_names' not in f.attrs and 'layer_names0' not in f.attrs:
        raise ValueError('The HDF5 group %r holds no Keras weights: it has '
                         'no `layer_names` attribute (expected a file written '
                         'by `save_weights` or `save`).' % (f.name,))


def load_weights_from_hdf5_group(f, layers, reshape=False):
    """Sets the weights of `layers` from `f`, matching layers with weights
    in order (the model must have the architecture that wrote the file).

    Raises:
        ValueError: when the number of layers with weights, a layer's
            number of weights or a weight's shape differs from the file.
    """
    _require_layer_names(f)
    keras_version, backend = _file_versions(f)
    layers_with_weights = [layer for layer in layers if layer.weights]
    saved_names = [name for name in
                   load_attributes_from_hdf5_group(f, 'layer_names')
                   if load_attributes_from_hdf5_group(f[name],
                                                      'weight_names')]
    if len(saved_names) != len(layers_with_weights):
        raise ValueError(
            'You are trying to load a weight file containing %d layers with '
            'weights (%s) into a model with %d layers with weights (%s).'
            % (len(saved_names), ', '.join(saved_names),
               len(layers_with_weights),
               ', '.join(layer.name for layer in layers_with_weights)))
    assignments = []
    for index, (saved_name, layer) in enumerate(zip(saved_names,
                                                    layers_with_weights)):
        values = _converted(layer, _layer_weight_values(f[saved_name]),
                            keras_version, backend, reshape)
        variables = layer.weights
        if len(values) != len(variables):
            raise ValueError(
                'Layer #%d (named "%s" in the current model) was found to '
                'correspond to layer %s in the save file. However the new '
                'layer %s expects %d weights, but the saved weights have %d '
                'elements.' % (index, layer.name, saved_name, layer.name,
                               len(variables), len(values)))
        _check_shapes(layer, variables, values, saved_name)
        assignments.extend(zip(variables, values))
    K.batch_set_value(assignments)


def load_weights_from_hdf5_group_by_name(f, layers, skip_mismatch=False,
                                         reshape=False):
    """Sets the weights of the layers of `layers` whose names are in `f`;
    other layers keep theirs. With `skip_mismatch`, a layer whose weight
    count or shapes differ is skipped with a warning instead of an error.
    """
    _require_layer_names(f)
    keras_version, backend = _file_versions(f)
    by_name = {}
    for layer in layers:
        if layer.name:
            by_name.setdefault(layer.name, []).append(layer)
    assignments = []
    for saved_name in load_attributes_from_hdf5_group(f, 'layer_names'):
        group = f[saved_name]
        raw_values = _layer_weight_values(group)
        for layer in by_name.get(saved_name, []):
            variables = layer.weights
            values = _converted(layer, raw_values, keras_version, backend,
                                reshape)
            if len(values) != len(variables):
                message = ('Layer named "%s" expects %d weight(s), but the '
                           'saved weights have %d element(s).'
                           % (layer.name, len(variables), len(values)))
                if skip_mismatch:
                    warnings.warn('Skipping loading of weights for layer %s '
                                  'due to mismatch in number of weights (%s)'
                                  % (layer.name, message))
                    continue
                raise ValueError(message)
            try:
                _check_shapes(layer, variables, values, saved_name)
            except ValueError as error:
                if skip_mismatch:
                    warnings.warn('Skipping loading of weights for layer %s '
                                  'due to mismatch in shape (%s)'
                                  % (layer.name, error))
                    continue
                raise
            assignments.extend(zip(variables, values))
    K.batch_set_value(assignments)


def json_default(obj):
    """What json.dumps cannot write itself, as Keras 2 wrote it: objects
    with a config as `{class_name, config}`, numpy values as Python ones,
    classes and functions by name."""
    if hasattr(obj, 'get_config'):
        return {'class_name': obj.__class__.__name__,
                'config': obj.get_config()}
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, type):
        return obj.__name__
    if callable(obj):
        return obj.__name__
    if isinstance(obj, slice):
        return dict(start=obj.start, stop=obj.stop, step=obj.step)
    raise TypeError('Not JSON Serializable: %r' % (obj,))
