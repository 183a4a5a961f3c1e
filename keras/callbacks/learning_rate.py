"""Callbacks setting the optimizer's learning rate: from a schedule
(`LearningRateScheduler`) or when a metric stops improving
(`ReduceLROnPlateau`)."""
import inspect
import warnings

import numpy as np

from keras.callbacks.base_callback import Callback


def _backend():
    # Imported when first needed: callbacks must import (and mostly work)
    # without a loaded backend.
    from keras import backend
    return backend


def _optimizer_lr(model):
    if not hasattr(model.optimizer, 'lr'):
        raise ValueError('Optimizer must have a "lr" attribute.')
    return model.optimizer.lr


def _accepts_two_positional_args(schedule):
    try:
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
