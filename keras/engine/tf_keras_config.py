"""Translation of model configs written by tf.keras / tf-keras (TensorFlow
2.x, `keras_version` 2.4 and later or `-tf` versions) into the Keras 2.3.1
configs this package deserialises (training configs and optimizer state:
keras/engine/tf_keras_training.py).

tf-keras's HDF5 files keep Keras 2's layout and weight order; what differs
is the JSON of `model_config` and `training_config`: the class name
`Functional`, an InputLayer first in Sequential configs, provenance keys
(`module`, `registered_name`), dtype policy objects, keys Keras 2.3.1 does
not know (`groups`, `keepdims`, `time_major`, ...), tf-keras-only
initializer and regularizer classes. A
key 2.3.1 lacks is dropped when it holds tf-keras's default, since 2.3.1
then behaves the same; any other value raises a ValueError naming the
layer, the key and the value, instead of building a different model.

Configs from Keras 1 and Keras 2.0-2.3 are returned unchanged.
"""
import copy
import re
import warnings

# Keys of a serialised object ({'class_name', 'config', ...}) that record
# where tf-keras found the class; 2.3.1 looks classes up by name only.
_PROVENANCE_KEYS = ('module', 'registered_name', 'shared_object_id',
                    'build_config', 'compile_config')


# Layer config keys Keras 2.3.1 lacks: key -> tf-keras default. With the
# default the layer behaves as in 2.3.1, so the key is dropped.
_LAYER_KEY_DEFAULTS = {
    'groups': 1,
    'keepdims': False,
    'time_major': False,
    'zero_output_for_mask': False,
    'ragged': False,
    'optional': False,
    'implementation': 1,  # LocallyConnected1D/2D only, see below
}
_KEYS_ONLY_FOR = {'implementation': ('LocallyConnected1D',
                                     'LocallyConnected2D')}

# Keys tf-keras writes but never uses for these classes (its separable
# convolutions inherit the kernel options of Conv without a `kernel`).
_UNUSED_KEYS = {
    'SeparableConv1D': ('kernel_initializer', 'kernel_regularizer',
                        'kernel_constraint'),
    'SeparableConv2D': ('kernel_initializer', 'kernel_regularizer',
                        'kernel_constraint'),
    'Lambda': ('module', 'output_shape_module'),
}

# Keys that only seed random noise during training: losing them changes
# no prediction of a loaded model, so they are dropped with a warning.
_TRAINING_NOISE_KEYS = {'GaussianNoise': ('seed',),
                        'GaussianDropout': ('seed',)}

# tf-keras layers that record a TensorFlow operation; 2.3.1 has none.
_TF_OP_LAYERS = ('TFOpLambda', 'SlicingOpLambda', 'TensorFlowOpLayer')

# tf-keras initializer classes 2.3.1 writes as VarianceScaling configs
# (2.3.1's 'normal' distribution is the truncated normal tf-keras calls
# 'truncated_normal', with the same correction of the deviation).
_VARIANCE_SCALING_ALIASES = {
    'GlorotUniform': (1., 'fan_avg', 'uniform'),
    'GlorotNormal': (1., 'fan_avg', 'normal'),
    'HeUniform': (2., 'fan_in', 'uniform'),
    'HeNormal': (2., 'fan_in', 'normal'),
    'LecunUniform': (1., 'fan_in', 'uniform'),
    'LecunNormal': (1., 'fan_in', 'normal'),
}

_KERAS_2_VERSION = re.compile(r'^(1|2\.[0-3])(\.\d+)*$')


def is_tf_keras_config(config, keras_version):
    """Whether `config` (a model config) was written by tf.keras / tf-keras:
    its `keras_version` attribute is not a Keras 1.x / 2.0-2.3 version
    (tf-keras says e.g. '2.21.0', TensorFlow 1.x's tf.keras '2.2.4-tf'),
    or the config carries a tf-keras marker (class name `Functional`,
    `module` / `registered_name` keys, an InputLayer listed first in a
    Sequential config)."""
    if keras_version is not None:
        if isinstance(keras_version, bytes):
            keras_version = keras_version.decode('utf8')
        if not _KERAS_2_VERSION.match(str(keras_version).strip()):
            return True
    return _has_tf_keras_marker(config)


def _has_tf_keras_marker(value):
    if isinstance(value, list):
        return any(_has_tf_keras_marker(item) for item in value)
    if not isinstance(value, dict):
        return False
    if 'class_name' in value and 'config' in value:
        if value['class_name'] == 'Functional' or any(
                key in value for key in ('module', 'registered_name')):
            return True
        config = value['config']
        if value['class_name'] == 'Sequential' and isinstance(config, dict):
            layers = config.get('layers') or []
            if layers and layers[0].get('class_name') == 'InputLayer':
                return True
    return any(_has_tf_keras_marker(item) for item in value.values())


def translate_model_config(config, keras_version):
    """A Keras 2.3.1 model config (`{'class_name', 'config'}`) for the
    `model_config` of a file whose `keras_version` attribute is
    `keras_version`. Keras 1 / 2.0-2.3 configs come back as an unchanged
    copy.

    Raises:
        ValueError: for a setting of a tf-keras layer that Keras 2.3.1
            cannot represent (the message names the layer, key and value).
    """
    config = copy.deepcopy(config)
    if not is_tf_keras_config(config, keras_version):
        return config
    return _translate_layer(config)


# -- layers and models ------------------------------------------------------

def _layer_label(class_name, config):
    name = config.get('name') if isinstance(config, dict) else None
    return 'Layer "%s" (%s)' % (name, class_name) if name else \
        'A %s layer' % class_name


def strip_provenance(entry):
    return {key: value for key, value in entry.items()
            if key not in _PROVENANCE_KEYS}


def _translate_layer(entry):
    """A serialised layer or model, `{'class_name', 'config', ...}` (the
    entries of a functional config also hold `name` and `inbound_nodes`)."""
    entry = strip_provenance(entry)
    class_name = entry['class_name']
    if class_name == 'Functional':
        class_name = entry['class_name'] = 'Model'
    config = entry['config']
    if class_name in _TF_OP_LAYERS:
        raise ValueError(
            '%s records the TensorFlow operation %r, which tf-keras wraps '
            'as a layer; Keras 2.3.1 has no such layer. Rebuild the model '
            'with a Lambda layer (or a Keras layer) for it and load its '
            'weights with `load_weights(..., by_name=True)`.'
            % (_layer_label(class_name, config),
               config.get('function', '?')))
    if class_name == 'Sequential':
        entry['config'] = _translate_sequential(config)
    elif isinstance(config, dict) and 'input_layers' in config:
        entry['config'] = _translate_functional(config)
    else:
        entry['config'] = _translate_layer_config(class_name, config)
    if 'inbound_nodes' in entry:
        _check_inbound_nodes(class_name, entry)
    return entry


def _translate_layer_config(class_name, config):
    config = dict(config)
    label = _layer_label(class_name, config)
    if isinstance(config.get('dtype'), dict):
        config['dtype'] = _policy_dtype(label, config['dtype'])
    for key in _UNUSED_KEYS.get(class_name, ()):
        config.pop(key, None)
    for key in _TRAINING_NOISE_KEYS.get(class_name, ()):
        if config.pop(key, None) is not None:
            warnings.warn('%s: `%s` is dropped (Keras 2.3.1 has no such '
                          'argument; it only seeds training noise).'
                          % (label, key))
    for key, default in _LAYER_KEY_DEFAULTS.items():
        if key not in config:
            continue
        if key in _KEYS_ONLY_FOR and class_name not in _KEYS_ONLY_FOR[key]:
            continue
        value = config.pop(key)
        if value != default:
            raise ValueError(
                '%s has %s=%r, which Keras 2.3.1 cannot represent (it has '
                'no `%s` argument and behaves as %s=%r).'
                % (label, key, value, key, key, default))
    if class_name == 'BatchNormalization' and isinstance(
            config.get('axis'), (list, tuple)):
        config['axis'] = _single_axis(label, config['axis'])
    for key, value in list(config.items()):
        config[key] = _translate_nested(label, key, value)
    return config


def _translate_nested(label, key, value):
    """Objects serialised inside a layer config: initializers,
    regularizers, constraints, and the wrapped layers and cells."""
    if key in ('layer', 'backward_layer', 'cell') and is_serialised(value):
        return _translate_layer(value)
    if key in ('cell', 'cells') and isinstance(value, list):
        return [_translate_layer(cell) for cell in value]
    if not is_serialised(value):
        return value
    if key.endswith('initializer'):
        return _translate_initializer(label, key, value)
    if key.endswith('regularizer'):
        return _translate_regularizer(value)
    return strip_provenance(value)


def is_serialised(value):
    return isinstance(value, dict) and 'class_name' in value \
        and 'config' in value


def _policy_dtype(label, policy):
    name = policy.get('config', {}).get('name') if is_serialised(policy) \
        else None
    if name in ('float16', 'float32', 'float64', 'bfloat16', 'int32',
                'int64', 'bool'):
        return name
    raise ValueError('%s uses the dtype policy %r; Keras 2.3.1 layers '
                     'compute in one dtype (mixed precision is not '
                     'supported).' % (label, name or policy))


def _single_axis(label, axis):
    if len(axis) != 1:
        raise ValueError('%s normalises over the axes %r; Keras 2.3.1\'s '
                         'BatchNormalization takes one axis.'
                         % (label, list(axis)))
    return axis[0]


def _translate_initializer(label, key, value):
    value = strip_provenance(value)
    class_name, config = value['class_name'], dict(value['config'])
    if class_name in _VARIANCE_SCALING_ALIASES:
        scale, mode, distribution = _VARIANCE_SCALING_ALIASES[class_name]
        return {'class_name': 'VarianceScaling',
                'config': {'scale': scale, 'mode': mode,
                           'distribution': distribution,
                           'seed': config.get('seed')}}
    if class_name == 'VarianceScaling':
        distribution = config.get('distribution')
        if distribution == 'truncated_normal':
            config['distribution'] = 'normal'
        elif distribution == 'untruncated_normal':
            raise ValueError('%s: %s is VarianceScaling with '
                             'distribution=%r, which Keras 2.3.1 does not '
                             'have (its "normal" is truncated).'
                             % (label, key, distribution))
    return {'class_name': class_name, 'config': config}


def _translate_regularizer(value):
    value = strip_provenance(value)
    class_name, config = value['class_name'], value['config']
    if class_name in ('L1', 'L2'):
        factors = {'l1': 0., 'l2': 0.}
        factors[class_name.lower()] = config.get(class_name.lower(), 0.)
        return {'class_name': 'L1L2', 'config': factors}
    return value


def _check_inbound_nodes(class_name, entry):
    for node in entry['inbound_nodes']:
        if isinstance(node, dict):
            raise ValueError('%s: its inbound nodes are in a format Keras '
                             '2.3.1 does not read (%r).'
                             % (_layer_label(class_name, entry['config']),
                                node))
        for connection in node:
            if connection and connection[0] == '_CONSTANT_VALUE':
                raise ValueError(
                    '%s is called with the constant %r as an input; Keras '
                    '2.3.1 layers take only tensors as inputs.'
                    % (_layer_label(class_name, entry['config']),
                       connection[2] if len(connection) > 2 else None))


def _translate_sequential(config):
    if isinstance(config, list):
        # Keras < 2.2.3 saved the list of layers alone.
        config = {'name': None, 'layers': config}
    config = dict(config)
    layers = [_translate_layer(layer) for layer in config['layers']]
    if layers and layers[0]['class_name'] == 'InputLayer':
        input_config = layers.pop(0)['config']
        if input_config.get('sparse'):
            raise ValueError('Sequential model "%s" starts with a sparse '
                             'Input; Keras 2.3.1 Sequential models cannot '
                             'declare one.' % (config.get('name'),))
        _give_input_shape(config, layers, input_config)
    config['layers'] = layers
    return config


def _give_input_shape(config, layers, input_config):
    """Keras 2.3.1 Sequential configs carry the input shape on the first
    layer (`batch_input_shape`, `dtype`), or as `build_input_shape`."""
    shape = input_config.get('batch_input_shape')
    if not layers or shape is None:
        return
    first = layers[0]
    if first['class_name'] in ('Sequential', 'Model'):
        if not _declares_input(first) and not config.get(
                'build_input_shape'):
            config['build_input_shape'] = shape
        return
    first_config = first['config']
    if 'batch_input_shape' not in first_config:
        first_config['batch_input_shape'] = shape
        first_config.setdefault('dtype', input_config.get('dtype'))


def _declares_input(model_entry):
    config = model_entry['config']
    if model_entry['class_name'] == 'Model':
        return True
    layers = config.get('layers') or []
    if not layers:
        return False
    if layers[0]['class_name'] in ('Sequential', 'Model'):
        return _declares_input(layers[0])
    return 'batch_input_shape' in layers[0]['config'] or bool(
        config.get('build_input_shape'))


def _translate_functional(config):
    config = dict(config)
    trainable = config.pop('trainable', True)
    layers = [_translate_layer(layer) for layer in config['layers']]
    if trainable is False:
        # 2.3.1 model configs have no `trainable`; a frozen model is one
        # whose layers are all frozen.
        for layer in layers:
            _freeze(layer)
    config['layers'] = layers
    for key in ('input_layers', 'output_layers'):
        config[key] = _tensor_list(config.get('name'), key, config[key])
    return config


def _freeze(entry):
    if entry['class_name'] == 'InputLayer':
        return
    entry['config']['trainable'] = False
    nested = entry['config'].get('layers', []) \
        if isinstance(entry['config'], dict) else []
    for layer in nested:
        _freeze(layer)


def _tensor_list(model_name, key, value):
    """tf-keras writes a model's single input or output as one
    `[layer, node, tensor]` triple, 2.3.1 always as a list of triples."""
    if isinstance(value, dict):
        raise ValueError('Model "%s" has its %s as a dict %r; Keras 2.3.1 '
                         'models take a list.' % (model_name, key,
                                                  sorted(value)))
    if value and isinstance(value[0], str):
        return [value]
    return value
