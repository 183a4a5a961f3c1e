"""The loops over generators and `Sequence` objects: each batch goes
through the model's train_on_batch / test_on_batch / predict_on_batch,
and so through the same compiled functions as the array loops."""
import contextlib
import warnings

import numpy as np

from keras.engine.training_utils import configured_callbacks
from keras.engine.training_utils import fit_callbacks
from keras.engine.training_utils import is_sequence
from keras.engine.training_utils import iter_sequence_infinite
from keras.engine.training_utils import should_run_validation
from keras.utils.data_utils import GeneratorEnqueuer
from keras.utils.data_utils import OrderedEnqueuer
from keras.utils.generic_utils import Progbar
from keras.utils.generic_utils import to_list
from keras.utils.generic_utils import unpack_singleton

_BAD_OUTPUT = ('Output of generator should be a tuple `(x, y, '
               'sample_weight)` or `(x, y)`. Found: ')


def _warn_if_duplicating(generator, use_multiprocessing, workers):
    if not is_sequence(generator) and use_multiprocessing and workers > 1:
        warnings.warn(UserWarning('Using a generator with '
                                  '`use_multiprocessing=True` and multiple '
                                  'workers may duplicate your data. Please '
                                  'consider using the `keras.utils.Sequence '
                                  'class.'))


@contextlib.contextmanager
def _reading(generator, workers, use_multiprocessing, max_queue_size,
             shuffle=False):
    """An iterator over the batches of `generator`: read by `workers`
    threads (or processes) in the background, stopped on leaving the
    block, or in the main thread when `workers` is 0."""
    if workers <= 0:
        if is_sequence(generator):
            yield iter_sequence_infinite(generator)
        else:
            yield generator
        return
    if is_sequence(generator):
        enqueuer = OrderedEnqueuer(generator,
                                   use_multiprocessing=use_multiprocessing,
                                   shuffle=shuffle)
    else:
        enqueuer = GeneratorEnqueuer(
            generator, use_multiprocessing=use_multiprocessing)
    enqueuer.start(workers=workers, max_queue_size=max_queue_size)
    try:
        yield enqueuer.get()
    finally:
        enqueuer.stop()


def _unpack(generator_output, with_targets=True):
    """(x, y, sample_weight) from a generator's output."""
    if not with_targets:
        if isinstance(generator_output, tuple):
            if len(generator_output) in (2, 3):
                return generator_output[0], None, None
            if len(generator_output) != 1:
                raise ValueError(_BAD_OUTPUT + str(generator_output))
            return generator_output[0], None, None
        return generator_output, None, None
    if not hasattr(generator_output, '__len__'):
        raise ValueError(_BAD_OUTPUT + str(generator_output))
    if len(generator_output) == 2:
        x, y = generator_output
        return x, y, None
    if len(generator_output) == 3:
        return generator_output
    raise ValueError(_BAD_OUTPUT + str(generator_output))


def _batch_size(x):
    if x is None or (isinstance(x, (list, dict)) and len(x) == 0):
        return 1
    if isinstance(x, list):
        return x[0].shape[0]
    if isinstance(x, dict):
        return list(x.values())[0].shape[0]
    return x.shape[0]


def _steps_or_len(steps, generator, name):
    if steps is not None:
        return steps
    if is_sequence(generator):
        return len(generator)
    raise ValueError('`%s=None` is only valid for a generator based on the '
                     '`keras.utils.Sequence` class. Please specify `%s` or '
                     'use the `keras.utils.Sequence` class.' % (name, name))


def _is_generator_like(data):
    return (hasattr(data, 'next') or hasattr(data, '__next__') or
            is_sequence(data))


def fit_generator(model, generator, steps_per_epoch=None, epochs=1,
                  verbose=1, callbacks=None, validation_data=None,
                  validation_steps=None, validation_freq=1,
                  class_weight=None, max_queue_size=10, workers=1,
                  use_multiprocessing=False, shuffle=True, initial_epoch=0):
    """Trains `model` on batches `(x, y[, sample_weight])` from a Python
    generator or a `Sequence` (whose length gives the default
    `steps_per_epoch`, recomputed every epoch).

    `workers` > 0 reads batches in background threads (or processes with
    `use_multiprocessing`); 0 reads them in the main thread.
    """
    epoch = initial_epoch
    do_validation = bool(validation_data)
    model._make_train_function()
    if do_validation:
        model._make_test_function()
    use_sequence_api = is_sequence(generator)
    _warn_if_duplicating(generator, use_multiprocessing, workers)
    recompute_steps_per_epoch = use_sequence_api and steps_per_epoch is None
    steps_per_epoch = _steps_or_len(steps_per_epoch, generator,
                                    'steps_per_epoch')
    val_gen = _is_generator_like(validation_data)
    if val_gen and not is_sequence(validation_data) and \
            not validation_steps:
        raise ValueError('`validation_steps=None` is only valid for a '
                         'generator based on the `keras.utils.Sequence` '
                         'class. Please specify `validation_steps` or use '
                         'the `keras.utils.Sequence` class.')

    out_labels = model.metrics_names
    callback_metrics = out_labels + ['val_' + n for n in out_labels]
    callbacks = fit_callbacks(model, callbacks, verbose, count_mode='steps')
    callback_model = callbacks.model

    def set_params():
        callbacks.set_params({'epochs': epochs, 'steps': steps_per_epoch,
                              'verbose': verbose,
                              'do_validation': do_validation,
                              'metrics': callback_metrics})
    set_params()
    callbacks._call_begin_hook('train')

    # Leaving the block stops the readers: that of the training data,
    # then that of the validation data.
    with contextlib.ExitStack() as readers:
        if do_validation:
            if val_gen:
                if is_sequence(validation_data):
                    validation_steps = validation_steps or len(
                        validation_data)
                val_batches = readers.enter_context(_reading(
                    validation_data, workers, use_multiprocessing,
                    max_queue_size))
            else:
                if len(validation_data) == 2:
                    val_x, val_y = validation_data
                    val_sample_weight = None
                elif len(validation_data) == 3:
                    val_x, val_y, val_sample_weight = validation_data
                else:
                    raise ValueError('`validation_data` should be a tuple '
                                     '`(val_x, val_y, val_sample_weight)` '
                                     'or `(val_x, val_y)`. Found: ' +
                                     str(validation_data))
                val_x, val_y, val_sample_weights = \
                    model._standardize_user_data(val_x, val_y,
                                                 val_sample_weight)
                val_data = model._with_phase(
                    val_x + val_y + val_sample_weights, 0)
                for cbk in callbacks:
                    cbk.validation_data = val_data

        output_generator = readers.enter_context(_reading(
            generator, workers, use_multiprocessing, max_queue_size,
            shuffle=shuffle))
        callbacks.model.stop_training = False
        epoch_logs = {}
        while epoch < epochs:
            model.reset_metrics()
            callbacks.on_epoch_begin(epoch)
            steps_done = 0
            batch_index = 0
            while steps_done < steps_per_epoch:
                x, y, sample_weight = _unpack(next(output_generator))
                batch_logs = {'batch': batch_index, 'size': _batch_size(x)}
                callbacks._call_batch_hook('train', 'begin', batch_index,
                                           batch_logs)
                outs = to_list(model.train_on_batch(
                    x, y, sample_weight=sample_weight,
                    class_weight=class_weight, reset_metrics=False))
                for label, value in zip(out_labels, outs):
                    batch_logs[label] = value
                callbacks._call_batch_hook('train', 'end', batch_index,
                                           batch_logs)
                batch_index += 1
                steps_done += 1
                if steps_done >= steps_per_epoch and do_validation and \
                        should_run_validation(validation_freq, epoch):
                    if val_gen:
                        val_outs = model.evaluate_generator(
                            val_batches, validation_steps,
                            callbacks=callbacks, workers=0)
                    else:
                        val_outs = model.evaluate(
                            val_x, val_y, batch_size=batch_logs['size'],
                            sample_weight=val_sample_weights,
                            callbacks=callbacks, verbose=0)
                    for label, value in zip(out_labels, to_list(val_outs)):
                        epoch_logs['val_' + label] = value
                if callback_model.stop_training:
                    break

            callbacks.on_epoch_end(epoch, epoch_logs)
            epoch += 1
            if callback_model.stop_training:
                break
            if use_sequence_api and workers == 0:
                generator.on_epoch_end()
            if recompute_steps_per_epoch:
                # The Sequence may change its length between epochs.
                steps_per_epoch = len(generator)
                set_params()
    callbacks._call_end_hook('train')
    return model.history


def evaluate_generator(model, generator, steps=None, callbacks=None,
                       max_queue_size=10, workers=1,
                       use_multiprocessing=False, verbose=0):
    """Loss (averaged over batches, weighted by batch size) and metric
    values (stateful: their value after the last batch)."""
    model._make_test_function()
    model.reset_metrics()
    _warn_if_duplicating(generator, use_multiprocessing, workers)
    steps = _steps_or_len(steps, generator, 'steps')
    callbacks = configured_callbacks(model, callbacks, {
        'steps': steps, 'verbose': verbose,
        'metrics': list(model.metrics_names)})
    callbacks.model.stop_training = False
    callbacks._call_begin_hook('test')
    outs_per_batch = []
    batch_sizes = []
    with _reading(generator, workers, use_multiprocessing,
                  max_queue_size) as output_generator:
        if verbose == 1:
            progbar = Progbar(target=steps)
        for step in range(steps):
            x, y, sample_weight = _unpack(next(output_generator))
            batch_size = _batch_size(x)
            if batch_size == 0:
                raise ValueError('Received an empty batch. Batches should '
                                 'contain at least one item.')
            batch_logs = {'batch': step, 'size': batch_size}
            callbacks._call_batch_hook('test', 'begin', step, batch_logs)
            outs = to_list(model.test_on_batch(x, y,
                                               sample_weight=sample_weight,
                                               reset_metrics=False))
            outs_per_batch.append(outs)
            batch_sizes.append(batch_size)
            for label, value in zip(model.metrics_names, outs):
                batch_logs[label] = value
            callbacks._call_batch_hook('test', 'end', step, batch_logs)
            if verbose == 1:
                progbar.update(step + 1)
        callbacks._call_end_hook('test')
    averages = [float(np.average([out[0] for out in outs_per_batch],
                                 weights=batch_sizes))]
    averages += [np.float64(value) for value in outs_per_batch[-1][1:]]
    return unpack_singleton(averages)


def predict_generator(model, generator, steps=None, callbacks=None,
                      max_queue_size=10, workers=1,
                      use_multiprocessing=False, verbose=0):
    """Predictions for the input batches of a generator (which may yield
    `x` alone or `(x, y[, sample_weight])`), concatenated."""
    model._make_predict_function()
    _warn_if_duplicating(generator, use_multiprocessing, workers)
    steps = _steps_or_len(steps, generator, 'steps')
    callbacks = configured_callbacks(model, callbacks,
                                      {'steps': steps, 'verbose': verbose})
    callbacks.model.stop_training = False
    callbacks._call_begin_hook('predict')
    all_outs = []
    with _reading(generator, workers, use_multiprocessing,
                  max_queue_size) as output_generator:
        if verbose == 1:
            progbar = Progbar(target=steps)
        for step in range(steps):
            x, _, _ = _unpack(next(output_generator), with_targets=False)
            batch_logs = {'batch': step, 'size': _batch_size(x)}
            callbacks._call_batch_hook('predict', 'begin', step, batch_logs)
            outs = to_list(model.predict_on_batch(x))
            if not all_outs:
                all_outs = [[] for _ in outs]
            for i, out in enumerate(outs):
                all_outs[i].append(out)
            batch_logs['outputs'] = outs
            callbacks._call_batch_hook('predict', 'end', step, batch_logs)
            if verbose == 1:
                progbar.update(step + 1)
        callbacks._call_end_hook('predict')
    if len(all_outs) == 1:
        if steps == 1:
            return all_outs[0][0]
        return np.concatenate(all_outs[0])
    if steps == 1:
        return [out[0] for out in all_outs]
    return [np.concatenate(out) for out in all_outs]

