"""Translation of the training config (optimizer, losses, metrics) and
of the optimizer state of files written by tf.keras / tf-keras into what
Keras 2.3.1 compiles and sets; the model config is translated by
keras/engine/tf_keras_config.py, which also says which files are
tf-keras's (`is_tf_keras_config`).

tf-keras's optimizers have options 2.3.1's lack (weight decay, EMA, ...)
and keep their slots in another order; its losses and metrics are
serialised objects where 2.3.1 configs name functions. Options at their
default are dropped; any other value raises a ValueError naming it
(`load_model(..., compile=False)` still loads such a model).
"""
import copy
import warnings

import numpy as np

from keras.engine.tf_keras_config import (
    is_serialised,
    is_tf_keras_config,
    strip_provenance,
)

_UNSET = object()
_COMPILE_HINT = (' Load the model with `compile=False` to leave its '
                 'training configuration out.')

_OPTIMIZER_NAMES = ('SGD', 'RMSprop', 'Adagrad', 'Adadelta', 'Adam',
                    'Adamax', 'Nadam')
# Options of tf-keras's optimizers 2.3.1 lacks: key -> default values
# (any value listed behaves as 2.3.1 does). `jit_compile` only chooses
# how TensorFlow compiles the step; the EMA options matter only when
# `use_ema` is true, which is refused on its own.
_OPTIMIZER_KEY_DEFAULTS = {
    'name': _UNSET, 'jit_compile': _UNSET, 'is_legacy_optimizer': _UNSET,
    'ema_momentum': _UNSET, 'ema_overwrite_frequency': _UNSET,
    'use_ema': (False,), 'weight_decay': (None, 0, 0.),
    'global_clipnorm': (None,), 'clipnorm': (None,), 'clipvalue': (None,),
    'momentum': (0, 0.),  # RMSprop only; SGD keeps it
    'centered': (False,),
}
# Adagrad's accumulators start at this value in tf-keras and at zero in
# 2.3.1; the saved accumulators replace both, so a file that restores its
# optimizer state trains on identically.
_OPTIMIZER_WARNED_KEYS = ('initial_accumulator_value',)

# Metric names Keras 2.3.1 resolves by the loss (accuracy of the right
# kind, crossentropy of the right kind): kept as written by the user.
_LOSS_DEPENDENT_METRICS = ('accuracy', 'acc', 'crossentropy', 'ce')
_LOSS_KEY_DEFAULTS = {'axis': (-1,), 'fn': _UNSET}
_METRIC_KEY_DEFAULTS = {'from_logits': (False,), 'num_labels': (None,)}


def translate_training_config(training_config, keras_version,
                              model_config=None):
    """A Keras 2.3.1 `training_config` (optimizer_config, loss, metrics,
    weighted_metrics, loss_weights, sample_weight_mode) for one written
    with `keras_version`. Unchanged copy for Keras 1 / 2.0-2.3 files;
    `model_config` (the file's, untranslated) lets markers in it identify
    a tf-keras file whose version attribute is missing.

    Raises:
        ValueError: for an optimizer option, loss or metric setting that
            Keras 2.3.1 cannot represent.
    """
    training_config = copy.deepcopy(training_config)
    if not is_tf_keras_config(model_config, keras_version):
        return training_config
    translated = dict(training_config)
    if translated.get('optimizer_config') is not None:
        translated['optimizer_config'] = _translate_optimizer(
            translated['optimizer_config'])
    if 'loss' in translated:
        translated['loss'] = _per_output(translated['loss'], _translate_loss)
    output_names = _output_names(model_config)
    for key in ('metrics', 'weighted_metrics'):
        if translated.get(key) is not None:
            translated[key] = _translate_metrics(translated[key],
                                                 output_names)
    return translated


def _output_names(model_config):
    """Names of the layers making a model's outputs, in order (a
    Sequential model's output is its last layer)."""
    if not is_serialised(model_config):
        return []
    config = model_config['config']
    if model_config['class_name'] == 'Sequential':
        layers = config.get('layers') if isinstance(config, dict) else config
        return [layers[-1]['config'].get('name')] if layers else []
    if not isinstance(config, dict) or 'output_layers' not in config:
        return []
    outputs = config['output_layers']
    if isinstance(outputs, dict):
        return []
    if outputs and isinstance(outputs[0], str):
        outputs = [outputs]
    return [output[0] for output in outputs]


def _translate_metrics(metrics, output_names):
    """tf-keras writes one list of metrics per output (each named
    `<output>_<name>` when the model has several outputs); 2.3.1 takes a
    flat list (applied to every output) or a dict keyed by output name."""
    if isinstance(metrics, dict):
        return {output: _per_output(value, lambda metric, output=output:
                                    _translate_metric(metric, output))
                for output, value in metrics.items()}
    if not (isinstance(metrics, list) and metrics and
            all(isinstance(item, list) for item in metrics)):
        return _per_output(metrics, _translate_metric)
    if len(metrics) == 1:
        return [_translate_metric(metric) for metric in metrics[0]]
    if len(metrics) != len(output_names):
        raise ValueError('The training config lists metrics for %d outputs '
                         'but the model has %d (%s).%s'
                         % (len(metrics), len(output_names), output_names,
                            _COMPILE_HINT))
    return {output: [_translate_metric(metric, output) for metric in items]
            for output, items in zip(output_names, metrics)}


def _per_output(value, translate_one):
    """Losses and metrics come as one item, a list (per output or for all
    outputs), a list of lists or a dict keyed by output name."""
    if isinstance(value, dict) and not is_serialised(value):
        return {name: _per_output(item, translate_one)
                for name, item in value.items()}
    if isinstance(value, list):
        return [_per_output(item, translate_one) for item in value]
    return translate_one(value)


def _drop_defaults(label, config, defaults):
    for key, allowed in defaults.items():
        if key not in config:
            continue
        value = config.pop(key)
        if allowed is not _UNSET and value not in allowed:
            raise ValueError('%s has %s=%r, which Keras 2.3.1 cannot '
                             'represent.%s' % (label, key, value,
                                               _COMPILE_HINT))


def _translate_optimizer(entry):
    entry = strip_provenance(entry)
    class_name = entry['class_name']
    if class_name.startswith('Custom>') and \
            class_name[len('Custom>'):] in _OPTIMIZER_NAMES:
        class_name = class_name[len('Custom>'):]
    config = dict(entry['config'])
    label = 'The optimizer %s' % class_name
    if config.get('use_ema'):
        raise ValueError('%s uses an exponential moving average of the '
                         'weights (use_ema=True); Keras 2.3.1 optimizers '
                         'have none.%s' % (label, _COMPILE_HINT))
    # 2.3.1 optimizers clip too: a value that is set is kept.
    clipping = {key: config.pop(key) for key in ('clipnorm', 'clipvalue')
                if config.get(key) is not None}
    defaults = dict(_OPTIMIZER_KEY_DEFAULTS)
    if class_name == 'SGD':
        defaults.pop('momentum')
    _drop_defaults(label, config, defaults)
    config.update(clipping)
    for key in _OPTIMIZER_WARNED_KEYS:
        if key in config:
            value = config.pop(key)
            if value:
                warnings.warn('%s: %s=%r is dropped (Keras 2.3.1 starts '
                              'its accumulators at 0; the saved optimizer '
                              'state, when restored, replaces them).'
                              % (label, key, value))
    if isinstance(config.get('learning_rate'), dict):
        raise ValueError('%s has the learning rate schedule %s; Keras '
                         '2.3.1 optimizers take a number (use the '
                         'LearningRateScheduler callback).%s'
                         % (label, config['learning_rate'].get('class_name'),
                            _COMPILE_HINT))
    return {'class_name': class_name, 'config': config}


def _translate_loss(value):
    if not is_serialised(value):
        return value
    value = strip_provenance(value)
    class_name, config = value['class_name'], dict(value['config'])
    label = 'The loss %s' % class_name
    function_name = config.get('fn')
    _drop_defaults(label, config, _LOSS_KEY_DEFAULTS)
    if config.get('reduction') == 'auto':
        # tf-keras's 'auto' is sum over batch size outside distribution.
        config['reduction'] = 'sum_over_batch_size'
    plain = (config.get('reduction') == 'sum_over_batch_size'
             and not config.get('from_logits')
             and not config.get('label_smoothing')
             and set(config) <= {'reduction', 'name', 'from_logits',
                                 'label_smoothing'})
    if plain and function_name:
        # The function the class wraps, as 2.3.1 configs name losses.
        return function_name
    return {'class_name': class_name, 'config': config}


def _translate_metric(value, output_name=None):
    if not is_serialised(value):
        return value
    value = strip_provenance(value)
    class_name, config = value['class_name'], dict(value['config'])
    if class_name == 'MeanMetricWrapper':
        # The string the user gave compile(), when 2.3.1 knows it: the
        # metric keeps its name ('acc', 'mse') in the logs.
        name = config.get('name')
        if output_name and name and name.startswith(output_name + '_'):
            name = name[len(output_name) + 1:]
        if name in _LOSS_DEPENDENT_METRICS or not config.get('fn') or \
                _is_metric_name(name):
            return name
        return config['fn']
    _drop_defaults('The metric %s' % class_name, config,
                   _METRIC_KEY_DEFAULTS)
    return {'class_name': class_name, 'config': config}


def _is_metric_name(name):
    from keras import metrics
    try:
        metrics.get(name)
    except (ValueError, TypeError):
        return False
    return True


# -- optimizer state --------------------------------------------------------

# For each 2.3.1 optimizer, its slot lists in the order of its `weights`
# after `iterations`, as (tf-keras slot name, legacy tf-keras slot name).
_OPTIMIZER_SLOTS = {
    'SGD': [('m', 'momentum')],
    'RMSprop': [('velocity', 'rms')],
    'Adagrad': [('accumulator', 'accumulator')],
    'Adadelta': [('accumulated_grad', 'accum_grad'),
                 ('accumulated_delta_var', 'accum_var')],
    'Adam': [('m', 'm'), ('v', 'v'), ('vhat', 'vhat')],
    'Adamax': [('m', 'm'), ('u', 'v')],
    'Nadam': [('m', 'm'), ('v', 'v')],
}


def translate_optimizer_weights(names, values, optimizer_config,
                                keras_version, model_config=None,
                                param_shapes=None):
    """The optimizer state of a file (`optimizer_weights`: its
    `weight_names` and values) in the order Keras 2.3.1's optimizer of the
    same class keeps it: `[iterations] + <slot 1 of every parameter> +
    <slot 2 ...>` (Nadam: `[iterations, m_schedule] + ms + vs`).

    tf-keras's optimizers store the iteration count as `iteration` and one
    slot variable per parameter and slot, interleaved (`Adam/m/<param>`,
    `Adam/v/<param>`); its legacy optimizers (`<name>/iter`,
    `<name>/<param>/<slot>`) group them. Slots tf-keras creates only when
    needed (SGD's momentum at momentum 0, Adam's `vhat` without amsgrad)
    are zeros, as 2.3.1 starts them (`param_shapes`, the shapes of the
    trained parameters in order, gives SGD's). Keras 1 / 2.0-2.3 files
    come back unchanged.

    Raises:
        ValueError: when the state cannot be mapped (an optimizer 2.3.1
            does not have, a slot it does not keep).
    """
    if not is_tf_keras_config(model_config, keras_version):
        return list(values)
    optimizer_config = strip_provenance(optimizer_config)
    class_name = optimizer_config['class_name'].split('>')[-1]
    if class_name not in _OPTIMIZER_SLOTS:
        raise ValueError('The optimizer %s has no Keras 2.3.1 counterpart '
                         'to receive its state.' % class_name)
    parts = [_text(name).rsplit(':', 1)[0].split('/') for name in names]
    legacy = not any(part == ['iteration'] for part in parts)
    iterations = [value for part, value in zip(parts, values)
                  if part in (['iteration'],) or part[-1] == 'iter']
    if len(iterations) != 1:
        raise ValueError('The optimizer state of the file has %d iteration '
                         'counters (weight names %s).' % (len(iterations),
                                                          list(names)))
    groups = []
    used = 1
    for new_slot, legacy_slot in _OPTIMIZER_SLOTS[class_name]:
        group = [value for part, value in zip(parts, values)
                 if len(part) > 2 and (part[-1] == legacy_slot if legacy
                                       else part[1] == new_slot)]
        used += len(group)
        groups.append(group)
    if used != len(values):
        raise ValueError('The %s state in the file holds slots Keras 2.3.1 '
                         'does not keep (weight names %s).'
                         % (class_name, list(names)))
    count = max(len(group) for group in groups) if groups else 0
    if count == 0 and param_shapes is not None:
        count = len(param_shapes)
    for index, group in enumerate(groups):
        if group:
            continue
        if class_name == 'Adam' and index == 2:
            groups[index] = [np.zeros((1,), 'float32')] * count
        elif param_shapes is not None:
            groups[index] = [np.zeros(shape, 'float32')
                             for shape in param_shapes]
        else:
            raise ValueError('The %s state in the file has no %r slots and '
                             'the parameter shapes are unknown.'
                             % (class_name, _OPTIMIZER_SLOTS[class_name][
                                 index][0]))
    head = [np.asarray(iterations[0]).astype('int64')]
    if class_name == 'Nadam':
        head.append(_nadam_m_schedule(int(head[0]), optimizer_config))
    return head + [value for group in groups for value in group]


def _nadam_m_schedule(iterations, optimizer_config):
    """2.3.1's Nadam keeps the product of its momentum schedule; tf-keras
    recomputes it from the iteration count."""
    beta_1 = optimizer_config['config'].get('beta_1', 0.9)
    steps = np.arange(1, iterations + 1, dtype='float64')
    schedule = beta_1 * (1. - 0.5 * 0.96 ** (steps * 0.004))
    return np.asarray(np.prod(schedule), 'float32')


def _text(value):
    return value.decode('utf8') if isinstance(value, bytes) else str(value)
