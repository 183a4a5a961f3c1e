"""Callbacks: objects called at given stages of training.

The training loop calls a `CallbackList` holding `BaseLogger` (epoch
averages), `ProgbarLogger` (when verbose), the user's callbacks and
`History`, in that order. The loop sets `params` (keys 'epochs', 'steps',
'samples', 'verbose', 'do_validation', 'metrics', 'batch_size') and passes
`logs` dicts: batch logs hold 'batch', 'size' and the metric values, epoch
logs the metrics and, with validation, the 'val_' metrics.
"""
import csv
import json
import os
import warnings
from collections.abc import Iterable

import numpy as np

from keras.utils.generic_utils import Progbar


def _backend():
    # Imported when first needed: callbacks must import (and mostly work)
    # without a loaded backend.
    from keras import backend
    return backend


class CallbackList(object):
    """A container calling a list of callbacks in order.

    # Arguments
        callbacks: list of `Callback` instances.
        queue_length: kept for compatibility (Keras 2 used it to time slow
            callbacks).
    """

    def __init__(self, callbacks=None, queue_length=10):
        self.callbacks = list(callbacks or [])
        self.queue_length = queue_length
        self.params = {}
        self.model = None

    def append(self, callback):
        self.callbacks.append(callback)

    def set_params(self, params):
        self.params = params
        for callback in self.callbacks:
            callback.set_params(params)

    def set_model(self, model):
        self.model = model
        for callback in self.callbacks:
            callback.set_model(model)

    def _call_all(self, hook_name, *args):
        for callback in self.callbacks:
            getattr(callback, hook_name)(*args)

    def _call_batch_hook(self, mode, hook, batch, logs=None):
        """Calls `on_<mode>_batch_<hook>` ('train'/'test'/'predict',
        'begin'/'end') on every callback."""
        self._call_all('on_%s_batch_%s' % (mode, hook), batch, logs or {})

    def _call_begin_hook(self, mode):
        self._call_all('on_%s_begin' % mode, None)

    def _call_end_hook(self, mode):
        self._call_all('on_%s_end' % mode, None)

    def on_batch_begin(self, batch, logs=None):
        self._call_batch_hook('train', 'begin', batch, logs)

    def on_batch_end(self, batch, logs=None):
        self._call_batch_hook('train', 'end', batch, logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._call_all('on_epoch_begin', epoch, logs or {})

    def on_epoch_end(self, epoch, logs=None):
        self._call_all('on_epoch_end', epoch, logs or {})

    def on_train_batch_begin(self, batch, logs=None):
        self._call_batch_hook('train', 'begin', batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        self._call_batch_hook('train', 'end', batch, logs)

    def on_test_batch_begin(self, batch, logs=None):
        self._call_batch_hook('test', 'begin', batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        self._call_batch_hook('test', 'end', batch, logs)

    def on_predict_batch_begin(self, batch, logs=None):
        self._call_batch_hook('predict', 'begin', batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._call_batch_hook('predict', 'end', batch, logs)

    def on_train_begin(self, logs=None):
        self._call_all('on_train_begin', logs)

    def on_train_end(self, logs=None):
        self._call_all('on_train_end', logs)

    def on_test_begin(self, logs=None):
        self._call_all('on_test_begin', logs)

    def on_test_end(self, logs=None):
        self._call_all('on_test_end', logs)

    def on_predict_begin(self, logs=None):
        self._call_all('on_predict_begin', logs)

    def on_predict_end(self, logs=None):
        self._call_all('on_predict_end', logs)

    def __iter__(self):
        return iter(self.callbacks)


class Callback(object):
    """Base class of callbacks; every hook does nothing by default.

    # Properties
        params: dict of training parameters (verbosity, batch size, number
            of epochs, ...).
        model: the model being trained.

    `on_batch_begin`/`on_batch_end` are the Keras 2 names of the training
    batch hooks; `on_train_batch_*` call them.
    """

    def __init__(self):
        self.validation_data = None
        self.model = None
        self.params = {}

    def set_params(self, params):
        self.params = params

    def set_model(self, model):
        self.model = model

    def on_batch_begin(self, batch, logs=None):
        pass

    def on_batch_end(self, batch, logs=None):
        pass

    def on_epoch_begin(self, epoch, logs=None):
        pass

    def on_epoch_end(self, epoch, logs=None):
        pass

    def on_train_batch_begin(self, batch, logs=None):
        self.on_batch_begin(batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        self.on_batch_end(batch, logs)

    def on_test_batch_begin(self, batch, logs=None):
        pass

    def on_test_batch_end(self, batch, logs=None):
        pass

    def on_predict_batch_begin(self, batch, logs=None):
        pass

    def on_predict_batch_end(self, batch, logs=None):
        pass

    def on_train_begin(self, logs=None):
        pass

    def on_train_end(self, logs=None):
        pass

    def on_test_begin(self, logs=None):
        pass

    def on_test_end(self, logs=None):
        pass

    def on_predict_begin(self, logs=None):
        pass

    def on_predict_end(self, logs=None):
        pass


class BaseLogger(Callback):
    """Averages batch metrics into the epoch logs, weighted by batch size.

    Attached to every model. Stateful metrics (which already average over
    the epoch themselves) take their last batch value instead.

    # Arguments
        stateful_metrics: names of metrics not to average.
    """

    def __init__(self, stateful_metrics=None):
        super(BaseLogger, self).__init__()
        self.stateful_metrics = set(stateful_metrics or ())

    def on_epoch_begin(self, epoch, logs=None):
        self.seen = 0
        self.totals = {}

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        batch_size = logs.get('size', 0)
        self.seen += batch_size
        for name, value in logs.items():
            if name in self.stateful_metrics:
                self.totals[name] = value
            else:
                self.totals[name] = self.totals.get(name, 0) + value * batch_size

    def on_epoch_end(self, epoch, logs=None):
        if logs is None:
            return
        for name in self.params.get('metrics', []):
            if name in self.totals:
                if name in self.stateful_metrics:
                    logs[name] = self.totals[name]
                else:
                    logs[name] = self.totals[name] / self.seen


class TerminateOnNaN(Callback):
    """Stops training when a batch loss is NaN or infinite."""

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get('loss')
        if loss is not None and (np.isnan(loss) or np.isinf(loss)):
            print('Batch %d: Invalid loss, terminating training' % (batch,))
            self.model.stop_training = True


class ProgbarLogger(Callback):
    """Prints metrics to stdout with a `Progbar`, one bar per epoch.

    # Arguments
        count_mode: 'samples' or 'steps': whether the bar counts samples
            seen or batches.
        stateful_metrics: names of metrics shown as last value rather than
            averaged.

    # Raises
        ValueError: for an unknown `count_mode`.
    """

    def __init__(self, count_mode='samples', stateful_metrics=None):
        super(ProgbarLogger, self).__init__()
        if count_mode == 'samples':
            self.use_steps = False
        elif count_mode == 'steps':
            self.use_steps = True
        else:
            raise ValueError('Unknown `count_mode`: ' + str(count_mode))
        self.stateful_metrics = set(stateful_metrics or ())
        self.target = None
        self.seen = 0
        self.log_values = []

    def on_train_begin(self, logs=None):
        self.verbose = self.params['verbose']
        self.epochs = self.params['epochs']

    def on_epoch_begin(self, epoch, logs=None):
        self.target = self.params['steps' if self.use_steps else 'samples']
        if self.verbose:
            print('Epoch %d/%d' % (epoch + 1, self.epochs))
            self.progbar = Progbar(target=self.target, verbose=self.verbose,
                                   stateful_metrics=self.stateful_metrics)
        self.seen = 0

    def on_batch_begin(self, batch, logs=None):
        if self.target is None or self.seen < self.target:
            self.log_values = []

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        self.seen += 1 if self.use_steps else logs.get('size', 0)
        for name in self.params['metrics']:
            if name in logs:
                self.log_values.append((name, logs[name]))
        # The last batch is drawn by on_epoch_end, together with the
        # validation metrics, so that the final line shows them all.
        if self.verbose and (self.target is None or self.seen < self.target):
            self.progbar.update(self.seen, self.log_values)

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        for name in self.params['metrics']:
            if name in logs:
                self.log_values.append((name, logs[name]))
        if self.verbose:
            self.progbar.update(self.seen, self.log_values)


class History(Callback):
    """Records the epoch logs in `history` (name -> list of values).

    Attached to every model; `fit` returns it.
    """

    def on_train_begin(self, logs=None):
        self.epoch = []
        self.history = {}

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for name, value in (logs or {}).items():
            self.history.setdefault(name, []).append(value)


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
    (1-based) and the epoch logs, e.g. `weights.{epoch:02d}-{val_loss:.2f}.hdf5`.

    # Arguments
        filepath: path of the saved file.
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
        self.filepath = filepath
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
                print('\nEpoch %05d: saving model to %s' % (epoch + 1, filepath))
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
        # Signed so that `current - min_delta` is compared in both modes.
        self.min_delta = abs(min_delta) if self.monitor_op is np.greater \
            else -abs(min_delta)

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


class RemoteMonitor(Callback):
    """Sends the epoch logs to a server as an HTTP POST.

    Needs the `requests` library. The logs are sent as JSON, either as the
    request body (`send_as_json=True`) or as the form field `field`.

    # Arguments
        root: root URL of the server.
        path: path relative to `root` the events are sent to.
        field: form field holding the JSON data.
        headers: dict of extra HTTP headers.
        send_as_json: send the request body as `application/json`.
    """

    def __init__(self, root='http://localhost:9000',
                 path='/publish/epoch/end/', field='data', headers=None,
                 send_as_json=False):
        super(RemoteMonitor, self).__init__()
        self.root = root
        self.path = path
        self.field = field
        self.headers = headers
        self.send_as_json = send_as_json

    def on_epoch_end(self, epoch, logs=None):
        try:
            import requests
        except ImportError:
            raise ImportError('RemoteMonitor requires the `requests` library '
                              '(pip install requests).')
        send = {'epoch': epoch}
        for name, value in (logs or {}).items():
            # numpy scalars are not JSON serialisable.
            if isinstance(value, (np.ndarray, np.generic)):
                send[name] = value.item()
            else:
                send[name] = value
        try:
            if self.send_as_json:
                requests.post(self.root + self.path, json=send,
                              headers=self.headers)
            else:
                requests.post(self.root + self.path,
                              {self.field: json.dumps(send)},
                              headers=self.headers)
        except requests.exceptions.RequestException:
            warnings.warn('Warning: could not reach RemoteMonitor root server '
                          'at ' + str(self.root))


def _optimizer_lr(model):
    if not hasattr(model.optimizer, 'lr'):
        raise ValueError('Optimizer must have a "lr" attribute.')
    return model.optimizer.lr


def _accepts_two_positional_args(schedule):
    try:
        import inspect
        params = inspect.signature(schedule).parameters.values()
    except (TypeError, ValueError):
        return None
    positional = [p for p in params if p.kind in (
        p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if any(p.kind == p.VAR_POSITIONAL for p in params):
        return True
    return len(positional) >= 2


class LearningRateScheduler(Callback):
    """Sets the learning rate at the start of every epoch from a schedule.

    # Arguments
        schedule: `schedule(epoch, lr) -> new_lr` or, as in Keras 2.0,
            `schedule(epoch) -> new_lr` (epoch counted from 0; floats).
        verbose: 0 (quiet) or 1 (print the new rate).
    """

    def __init__(self, schedule, verbose=0):
        super(LearningRateScheduler, self).__init__()
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        K = _backend()
        lr_variable = _optimizer_lr(self.model)
        lr = float(K.get_value(lr_variable))
        takes_lr = _accepts_two_positional_args(self.schedule)
        if takes_lr is None:
            # Signature unknown (some builtins): try the new API first.
            try:
                lr = self.schedule(epoch, lr)
            except TypeError:
                lr = self.schedule(epoch)
        elif takes_lr:
            lr = self.schedule(epoch, lr)
        else:
            lr = self.schedule(epoch)
        if not isinstance(lr, (float, np.float32, np.float64)):
            raise ValueError('The output of the "schedule" function should '
                             'be float.')
        K.set_value(lr_variable, lr)
        if self.verbose > 0:
            print('\nEpoch %05d: LearningRateScheduler setting learning rate '
                  'to %s.' % (epoch + 1, lr))

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs['lr'] = _backend().get_value(_optimizer_lr(self.model))


class ReduceLROnPlateau(Callback):
    """Reduces the learning rate when a metric has stopped improving.

    # Arguments
        monitor: quantity to be monitored.
        factor: multiplier of the learning rate (`new_lr = lr * factor`).
        patience: epochs without improvement before reducing.
        verbose: 0 (quiet) or 1 (print updates).
        mode: 'auto', 'min' or 'max' ('auto' maximises accuracies).
        min_delta: smallest change counted as an improvement (Keras 1 name:
            `epsilon`, still accepted with a warning).
        cooldown: epochs to wait after a reduction before counting again.
        min_lr: lower bound on the learning rate.
    """

    def __init__(self, monitor='val_loss', factor=0.1, patience=10,
                 verbose=0, mode='auto', min_delta=1e-4, cooldown=0,
                 min_lr=0, **kwargs):
        super(ReduceLROnPlateau, self).__init__()
        self.monitor = monitor
        if factor >= 1.0:
            raise ValueError('ReduceLROnPlateau does not support a factor '
                             '>= 1.0.')
        if 'epsilon' in kwargs:
            min_delta = kwargs.pop('epsilon')
            warnings.warn('`epsilon` argument is deprecated and will be '
                          'removed, use `min_delta` instead.')
        if kwargs:
            raise TypeError('Unrecognized keyword arguments: ' + str(kwargs))
        self.factor = factor
        self.min_lr = min_lr
        self.min_delta = min_delta
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.cooldown_counter = 0
        self.wait = 0
        self.best = 0
        self.mode = mode
        self.monitor_op = None
        self._reset()

    def _reset(self):
        """Resets the wait and cooldown counters and the best value."""
        if self.mode not in ('auto', 'min', 'max'):
            warnings.warn('Learning Rate Plateau Reducing mode %s is unknown, '
                          'fallback to auto mode.' % (self.mode,),
                          RuntimeWarning)
            self.mode = 'auto'
        if self.mode == 'min' or (self.mode == 'auto' and
                                  'acc' not in self.monitor):
            self.monitor_op = lambda a, b: np.less(a, b - self.min_delta)
            self.best = np.inf
        else:
            self.monitor_op = lambda a, b: np.greater(a, b + self.min_delta)
            self.best = -np.inf
        self.cooldown_counter = 0
        self.wait = 0

    def on_train_begin(self, logs=None):
        self._reset()

    def on_epoch_end(self, epoch, logs=None):
        logs = logs if logs is not None else {}
        K = _backend()
        lr_variable = _optimizer_lr(self.model)
        logs['lr'] = K.get_value(lr_variable)
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn('Reduce LR on plateau conditioned on metric `%s` '
                          'which is not available. Available metrics are: %s'
                          % (self.monitor, ','.join(list(logs.keys()))),
                          RuntimeWarning)
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self.monitor_op(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience:
                old_lr = float(K.get_value(lr_variable))
                if old_lr > self.min_lr:
                    new_lr = max(old_lr * self.factor, self.min_lr)
                    K.set_value(lr_variable, new_lr)
                    if self.verbose > 0:
                        print('\nEpoch %05d: ReduceLROnPlateau reducing '
                              'learning rate to %s.' % (epoch + 1, new_lr))
                    self.cooldown_counter = self.cooldown
                    self.wait = 0

    def in_cooldown(self):
        return self.cooldown_counter > 0


class CSVLogger(Callback):
    """Streams epoch results to a CSV file (one row per epoch).

    # Arguments
        filename: path of the CSV file.
        separator: character separating the fields.
        append: append to an existing file (the header is written only if
            the file is empty) rather than overwrite it.
    """

    def __init__(self, filename, separator=',', append=False):
        self.sep = separator
        self.filename = filename
        self.append = append
        self.writer = None
        self.keys = None
        self.append_header = True
        self.csv_file = None
        super(CSVLogger, self).__init__()

    def on_train_begin(self, logs=None):
        if self.append:
            if os.path.exists(self.filename):
                with open(self.filename, 'r') as f:
                    self.append_header = not bool(len(f.readline()))
            mode = 'a'
        else:
            mode = 'w'
        self.csv_file = open(self.filename, mode, newline='\n')

    @staticmethod
    def _format_value(value):
        is_zero_dim_array = isinstance(value, np.ndarray) and value.ndim == 0
        if isinstance(value, str):
            return value
        if isinstance(value, Iterable) and not is_zero_dim_array:
            return '"[%s]"' % (', '.join(map(str, value)))
        return value

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs.keys())
        if self.model is not None and getattr(self.model, 'stop_training',
                                              False):
            # NA keeps CSV parsers working for a last epoch cut short.
            logs = dict((key, logs.get(key, 'NA')) for key in self.keys)
        if not self.writer:
            separator = self.sep

            class CustomDialect(csv.excel):
                delimiter = separator

            self.writer = csv.DictWriter(self.csv_file,
                                         fieldnames=['epoch'] + self.keys,
                                         dialect=CustomDialect)
            if self.append_header:
                self.writer.writeheader()
        row = {'epoch': epoch}
        row.update((key, self._format_value(logs[key])) for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        if self.csv_file is not None:
            self.csv_file.close()
        self.writer = None


class LambdaCallback(Callback):
    """A callback built from functions.

    # Arguments
        on_epoch_begin, on_epoch_end: called as `f(epoch, logs)`.
        on_batch_begin, on_batch_end: called as `f(batch, logs)`.
        on_train_begin, on_train_end: called as `f(logs)`.
        **kwargs: other attributes (or hooks, e.g. `on_test_batch_end`) to
            set on the callback.

    # Example

    ```python
    json_log = open('loss_log.json', mode='wt', buffering=1)
    json_logging_callback = LambdaCallback(
        on_epoch_end=lambda epoch, logs: json_log.write(
            json.dumps({'epoch': epoch, 'loss': logs['loss']}) + '\\n'),
        on_train_end=lambda logs: json_log.close())
    ```
    """

    def __init__(self, on_epoch_begin=None, on_epoch_end=None,
                 on_batch_begin=None, on_batch_end=None, on_train_begin=None,
                 on_train_end=None, **kwargs):
        super(LambdaCallback, self).__init__()
        self.__dict__.update(kwargs)
        hooks = {'on_epoch_begin': on_epoch_begin,
                 'on_epoch_end': on_epoch_end,
                 'on_batch_begin': on_batch_begin,
                 'on_batch_end': on_batch_end,
                 'on_train_begin': on_train_begin,
                 'on_train_end': on_train_end}
        for name, function in hooks.items():
            if function is not None:
                setattr(self, name, function)
