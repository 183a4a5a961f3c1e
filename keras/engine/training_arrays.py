"""The loops over arrays: fit, evaluate and predict, one batch at a time,
calling the model's compiled train/test/predict functions.

`ins` is the list fed to a function: input arrays, target arrays, sample
weights, and, when the model uses the learning phase, its value as a
Python int at the end (never sliced).
"""
import numpy as np

from keras.engine.training_utils import batch_shuffle
from keras.engine.training_utils import check_num_samples
from keras.engine.training_utils import configured_callbacks
from keras.engine.training_utils import fit_callbacks
from keras.engine.training_utils import make_batches
from keras.engine.training_utils import should_run_validation
from keras.utils.generic_utils import Progbar
from keras.utils.generic_utils import slice_arrays
from keras.utils.generic_utils import to_list
from keras.utils.generic_utils import unpack_singleton


def scalars_as_numbers(outs):
    """0-d arrays from a compiled function as numpy scalars, as Keras 2
    logs them."""
    return [o[()] if isinstance(o, np.ndarray) and o.ndim == 0 else o
            for o in to_list(outs)]


def _slice_batch(ins, batch_ids):
    if ins and isinstance(ins[-1], int):
        # The learning phase flag is not sliced.
        return slice_arrays(ins[:-1], batch_ids) + [ins[-1]]
    try:
        return slice_arrays(ins, batch_ids)
    except TypeError:
        raise TypeError('TypeError while preparing batch. If using HDF5 '
                        'input data, pass shuffle="batch".')


def _batches(ins, num_samples, batch_size, steps, index_array=None):
    """`(batch_index, batch_ins, batch_start, batch_end)` for each call of a
    compiled function. Step-wise loops (data tensors) make `steps` calls
    on the whole of `ins`, each counted as one sample; the others make one
    call per slice of `batch_size` samples, taken in the order of
    `index_array`."""
    if steps is not None:
        for step in range(steps):
            yield step, ins, step, step + 1
        return
    if index_array is None:
        index_array = np.arange(num_samples)
    batches = make_batches(num_samples, batch_size)
    for batch_index, (batch_start, batch_end) in enumerate(batches):
        batch_ins = _slice_batch(ins, index_array[batch_start:batch_end])
        yield batch_index, batch_ins, batch_start, batch_end


def fit_loop(model, fit_function, fit_inputs, out_labels=None,
             batch_size=None, epochs=100, verbose=1, callbacks=None,
             val_function=None, val_inputs=None, shuffle=True,
             callback_metrics=None, initial_epoch=0, steps_per_epoch=None,
             validation_steps=None, validation_freq=1):
    """Trains the model on arrays, epoch by epoch.

    Args:
        fit_inputs / val_inputs: the lists fed to fit_function and
            val_function.
        out_labels: names of the train function's outputs (metrics_names).
        shuffle: True (every epoch), 'batch' (whole batches, for HDF5) or
            False.
        steps_per_epoch: run this many calls on the full inputs per epoch
            instead of batching (data tensors).
        validation_freq: int or container of 1-based epochs.

    Returns:
        The `History` callback (also `model.history`).
    """
    do_validation = False
    if val_function and val_inputs:
        do_validation = True
        if (verbose and fit_inputs and hasattr(fit_inputs[0], 'shape') and
                hasattr(val_inputs[0], 'shape')):
            print('Train on %d samples, validate on %d samples' %
                  (fit_inputs[0].shape[0], val_inputs[0].shape[0]))
    if validation_steps:
        do_validation = True
        if steps_per_epoch is None:
            raise ValueError('Can only use `validation_steps` when doing step-'
                             'wise training, i.e. `steps_per_epoch` must be '
                             'set.')
    elif do_validation and steps_per_epoch:
        raise ValueError('Must specify `validation_steps` to perform '
                         'validation when doing step-wise training.')

    num_train_samples = check_num_samples(fit_inputs, batch_size=batch_size,
                                          steps=steps_per_epoch,
                                          steps_name='steps_per_epoch')
    index_array = None
    if num_train_samples is not None:
        index_array = np.arange(num_train_samples)

    callbacks = fit_callbacks(
        model, callbacks, verbose,
        count_mode='steps' if steps_per_epoch is not None else 'samples')
    out_labels = out_labels or []
    callback_metrics = list(model.metrics_names)
    if do_validation:
        callback_metrics += ['val_' + n for n in model.metrics_names]
    callbacks.set_params({
        'batch_size': batch_size,
        'epochs': epochs,
        'steps': steps_per_epoch,
        'samples': num_train_samples,
        'verbose': verbose,
        'do_validation': do_validation,
        'metrics': callback_metrics,
    })
    callbacks._call_begin_hook('train')
    callbacks.model.stop_training = False
    for cbk in callbacks:
        cbk.validation_data = val_inputs

    for epoch in range(initial_epoch, epochs):
        model.reset_metrics()
        callbacks.on_epoch_begin(epoch)
        epoch_logs = {}
        if steps_per_epoch is None:
            if shuffle == 'batch':
                index_array = batch_shuffle(index_array, batch_size)
            elif shuffle:
                np.random.shuffle(index_array)
        batch_end = 0
        for batch_index, batch_ins, batch_start, batch_end in _batches(
                fit_inputs, num_train_samples, batch_size, steps_per_epoch,
                index_array):
            batch_logs = {'batch': batch_index,
                          'size': batch_end - batch_start}
            callbacks._call_batch_hook('train', 'begin', batch_index,
                                       batch_logs)
            outs = scalars_as_numbers(fit_function(batch_ins))
            for label, value in zip(out_labels, outs):
                batch_logs[label] = value
            callbacks._call_batch_hook('train', 'end', batch_index,
                                       batch_logs)
            if callbacks.model.stop_training:
                break
        # As in Keras 2, a step-wise epoch validates even when stopped
        # early; a batched one only when it reached its last batch.
        reached_end = (steps_per_epoch is not None or
                       batch_end == num_train_samples)
        if reached_end and do_validation and \
                should_run_validation(validation_freq, epoch):
            # Step-wise loops have validation_steps and no batch_size,
            # batched ones the converse (checked above).
            val_outs = test_loop(model, val_function, val_inputs,
                                 batch_size=batch_size,
                                 steps=validation_steps or None,
                                 callbacks=callbacks, verbose=0)
            for label, value in zip(out_labels, to_list(val_outs)):
                epoch_logs['val_' + label] = value
        callbacks.on_epoch_end(epoch, epoch_logs)
        if callbacks.model.stop_training:
            break
    callbacks._call_end_hook('train')
    return model.history


def predict_loop(model, f, ins, batch_size=32, verbose=0, steps=None,
                 callbacks=None):
    """Predictions for `ins`, batch by batch (or `steps` calls on the full
    inputs), concatenated: an array, or a list for several outputs."""
    num_samples = check_num_samples(ins, batch_size=batch_size, steps=steps,
                                    steps_name='steps')
    callbacks = configured_callbacks(model, callbacks, {
        'batch_size': batch_size, 'steps': steps, 'samples': num_samples,
        'verbose': verbose})
    if verbose == 1:
        progbar = Progbar(target=steps if steps is not None else num_samples)
    callbacks.model.stop_training = False
    callbacks._call_begin_hook('predict')
    outs = []
    for batch_index, batch_ins, batch_start, batch_end in _batches(
            ins, num_samples, batch_size, steps):
        batch_logs = {'batch': batch_index, 'size': batch_end - batch_start}
        callbacks._call_batch_hook('predict', 'begin', batch_index,
                                   batch_logs)
        batch_outs = to_list(f(batch_ins))
        if steps is not None:
            # The number of samples is unknown: keep every batch and
            # concatenate at the end.
            if batch_index == 0:
                outs = [[] for _ in batch_outs]
            for i, batch_out in enumerate(batch_outs):
                outs[i].append(batch_out)
        else:
            if batch_index == 0:
                outs = [np.zeros((num_samples,) + batch_out.shape[1:],
                                 dtype=batch_out.dtype)
                        for batch_out in batch_outs]
            for i, batch_out in enumerate(batch_outs):
                outs[i][batch_start:batch_end] = batch_out
        batch_logs['outputs'] = batch_outs
        callbacks._call_batch_hook('predict', 'end', batch_index, batch_logs)
        if verbose == 1:
            progbar.update(batch_end)
    callbacks._call_end_hook('predict')
    if steps is not None:
        outs = [np.concatenate(parts, axis=0) for parts in outs]
    return unpack_singleton(outs)


def test_loop(model, f, ins, batch_size=None, verbose=0, steps=None,
              callbacks=None):
    """Loss and metric values on `ins`.

    The loss is averaged over the batches (weighted by batch size); the
    metrics are stateful, so their value after the last batch is the
    value over all the data.

    Returns:
        A scalar (loss only) or a list, in the order of
        `model.metrics_names`.
    """
    model.reset_metrics()
    num_samples = check_num_samples(ins, batch_size=batch_size, steps=steps,
                                    steps_name='steps')
    callbacks = configured_callbacks(model, callbacks, {
        'batch_size': batch_size, 'steps': steps, 'samples': num_samples,
        'verbose': verbose, 'metrics': list(model.metrics_names)})
    outs = []
    if verbose == 1:
        progbar = Progbar(target=steps if steps is not None else num_samples)
    callbacks.model.stop_training = False
    callbacks._call_begin_hook('test')
    for batch_index, batch_ins, batch_start, batch_end in _batches(
            ins, num_samples, batch_size, steps):
        size = batch_end - batch_start
        batch_logs = {'batch': batch_index, 'size': size}
        callbacks._call_batch_hook('test', 'begin', batch_index, batch_logs)
        batch_outs = to_list(f(batch_ins))
        if batch_index == 0:
            outs.extend([0.] * len(batch_outs))
        # The loss is averaged over the samples; the metrics are stateful.
        outs[0] += float(batch_outs[0]) * size
        for i, batch_out in enumerate(batch_outs[1:], 1):
            outs[i] = float(batch_out)
        for label, value in zip(model.metrics_names, batch_outs):
            # Keras 2 logs the batch values as floats, but as returned
            # in step-wise loops.
            batch_logs[label] = value if steps is not None else float(value)
        callbacks._call_batch_hook('test', 'end', batch_index, batch_logs)
        if verbose == 1:
            progbar.update(batch_end)
    outs[0] /= steps if steps is not None else num_samples
    callbacks._call_end_hook('test')
    return unpack_singleton(outs)
