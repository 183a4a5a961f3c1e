"""Callbacks acting on the value of a monitored quantity: `ModelCheckpoint`
(save), `EarlyStopping` (stop when it stops improving) and `TerminateOnNaN`
(stop on an invalid loss)."""
import os
import warnings

import numpy as np

from keras.callbacks.base_callback import Callback


def _monitor_op(mode, monitor, callback_name, maximise_fmeasure=True):
    """The comparison saying `current` is better than `best`, for a mode:
    'min', 'max', or 'auto' (maximise accuracies, minimise the rest)."""
    if mode not in ('auto', 'min', 'max'):
        warnings.warn('%s mode %s is unknown, fallback to auto mode.'
                      % (callback_name, mode), RuntimeWarning)
        mode = 'auto'
    if mode == 'auto':
        maximise = 'acc' in monitor or (maximise_fmeasure and
                                        monitor.startswith('fmeasure'))
        mode = 'max' if maximise else 'min'
    return np.greater if mode == 'max' else np.less


class ModelCheckpoint(Callback):
    """Saves the model (or its weights) after every `period` epochs.

    `filepath` may contain named formatting options filled with `epoch`
    (1-based) and the epoch logs, e.g.
    `weights.{epoch:02d}-{val_loss:.2f}.hdf5`. Every save writes a
    temporary file in the same folder and renames it over `filepath`, so
    an interrupted save leaves the previous checkpoint intact.

    # Arguments
        filepath: path of the saved file (str or os.PathLike).
        monitor: quantity compared when `save_best_only`.
        verbose: 0 or 1.
        save_best_only: only save when `monitor` improved.
        save_weights_only: `model.save_weights` instead of `model.save`.
        mode: 'auto', 'min' or 'max': whether an improvement is a decrease
            or an increase ('auto' maximises accuracies and 'fmeasure').
        period: epochs between checkpoints.
    """

    def __init__(self, filepath, monitor='val_loss', verbose=0,
                 save_best_only=False, save_weights_only=False,
                 mode='auto', period=1):
        super(ModelCheckpoint, self).__init__()
        self.monitor = monitor
        self.verbose = verbose
        # A pathlib path works too (Keras 2 needed a str).
        self.filepath = os.fspath(filepath)
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.period = period
        self.epochs_since_last_save = 0
        self.monitor_op = _monitor_op(mode, monitor, 'ModelCheckpoint')
        self.best = -np.inf if self.monitor_op is np.greater else np.inf

    def _save(self, filepath):
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        self.epochs_since_last_save += 1
        if self.epochs_since_last_save < self.period:
            return
        self.epochs_since_last_save = 0
        filepath = self.filepath.format(epoch=epoch + 1, **logs)
        if not self.save_best_only:
            if self.verbose > 0:
                print('\nEpoch %05d: saving model to %s'
                      % (epoch + 1, filepath))
            self._save(filepath)
            return
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn('Can save best model only with %s available, '
                          'skipping.' % (self.monitor,), RuntimeWarning)
        elif self.monitor_op(current, self.best):
            if self.verbose > 0:
                print('\nEpoch %05d: %s improved from %0.5f to %0.5f, '
                      'saving model to %s' % (epoch + 1, self.monitor,
                                              self.best, current, filepath))
            self.best = current
            self._save(filepath)
        elif self.verbose > 0:
            print('\nEpoch %05d: %s did not improve from %0.5f'
                  % (epoch + 1, self.monitor, self.best))


class EarlyStopping(Callback):
    """Stops training when a monitored quantity has stopped improving.

    # Arguments
        monitor: quantity to be monitored.
        min_delta: smallest change counted as an improvement.
        patience: epochs without improvement before stopping.
        verbose: verbosity mode.
        mode: 'auto', 'min' or 'max' (see `ModelCheckpoint`).
        baseline: value the quantity must improve on; training stops if it
            does not within `patience` epochs.
        restore_best_weights: restore the weights of the best epoch when
            stopping (otherwise the weights of the last epoch stay).
    """

    def __init__(self, monitor='val_loss', min_delta=0, patience=0,
                 verbose=0, mode='auto', baseline=None,
                 restore_best_weights=False):
        super(EarlyStopping, self).__init__()
        self.monitor = monitor
        self.baseline = baseline
        self.patience = patience
        self.verbose = verbose
        self.wait = 0
        self.stopped_epoch = 0
        self.restore_best_weights = restore_best_weights
        self.best_weights = None
        # Keras 2's EarlyStopping does not treat 'fmeasure' as maximised.
        self.monitor_op = _monitor_op(mode, monitor, 'EarlyStopping',
                                      maximise_fmeasure=False)
        # Keras 2 negates min_delta when minimising, so that
        # `current - min_delta` is compared in both modes (a negative
        # min_delta is kept as given, not made positive: Keras 2 did not).
        self.min_delta = min_delta if self.monitor_op is np.greater \
            else -min_delta

    def on_train_begin(self, logs=None):
        # Reset, so that one instance can serve several fit calls.
        self.wait = 0
        self.stopped_epoch = 0
        if self.baseline is not None:
            self.best = self.baseline
        else:
            self.best = np.inf if self.monitor_op is np.less else -np.inf

    def on_epoch_end(self, epoch, logs=None):
        current = self.get_monitor_value(logs or {})
        if current is None:
            return
        if self.monitor_op(current - self.min_delta, self.best):
            self.best = current
            self.wait = 0
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            return
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            self.model.stop_training = True
            if self.restore_best_weights and self.best_weights is not None:
                if self.verbose > 0:
                    print('Restoring model weights from the end of the best '
                          'epoch')
                self.model.set_weights(self.best_weights)

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print('Epoch %05d: early stopping' % (self.stopped_epoch + 1))

    def get_monitor_value(self, logs):
        value = logs.get(self.monitor)
        if value is None:
            warnings.warn('Early stopping conditioned on metric `%s` which is '
                          'not available. Available metrics are: %s'
                          % (self.monitor, ','.join(list(logs.keys()))),
                          RuntimeWarning)
        return value


class TerminateOnNaN(Callback):
    """Stops training when a batch loss is NaN or infinite."""

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get('loss')
        if loss is not None and (np.isnan(loss) or np.isinf(loss)):
            print('Batch %d: Invalid loss, terminating training' % (batch,))
            self.model.stop_training = True
