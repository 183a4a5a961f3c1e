"""Callbacks driven by hand with a stand-in model (no training loop)."""
import csv
import sys
import types
import warnings

import numpy as np
import pytest

from keras import callbacks
from keras.callbacks import learning_rate as learning_rate_module
from keras.utils import generic_utils


class FakeVariable(object):
    def __init__(self, value):
        self.value = value


class FakeBackend(object):
    """The two backend functions the learning-rate callbacks use."""

    @staticmethod
    def get_value(variable):
        return np.float32(variable.value)

    @staticmethod
    def set_value(variable, value):
        variable.value = value


class FakeOptimizer(object):
    def __init__(self, lr=0.1):
        self.lr = FakeVariable(lr)


class FakeModel(object):
    def __init__(self, lr=0.1):
        self.stop_training = False
        self.optimizer = FakeOptimizer(lr)
        self.weights = [np.zeros(2)]
        self.saved = []

    def get_weights(self):
        return [np.copy(w) for w in self.weights]

    def set_weights(self, weights):
        self.weights = [np.copy(w) for w in weights]

    def save(self, filepath, overwrite=True):
        self.saved.append(('model', filepath, overwrite))

    def save_weights(self, filepath, overwrite=True):
        self.saved.append(('weights', filepath, overwrite))


@pytest.fixture
def fake_backend(monkeypatch):
    monkeypatch.setattr(learning_rate_module, '_backend', lambda: FakeBackend)


def attach(callback, model=None, **params):
    model = model or FakeModel()
    callback.set_model(model)
    callback.set_params(params)
    return model


def run_epochs(callback, model, epoch_logs):
    """Runs on_train_begin / on_epoch_* / on_train_end over the given logs;
    returns the number of epochs run before stop_training."""
    callback.on_train_begin()
    ran = 0
    for epoch, logs in enumerate(epoch_logs):
        callback.on_epoch_begin(epoch)
        callback.on_epoch_end(epoch, dict(logs))
        ran += 1
        if model.stop_training:
            break
    callback.on_train_end()
    return ran


class Recorder(callbacks.Callback):
    def __init__(self):
        super(Recorder, self).__init__()
        self.calls = []

    def __getattribute__(self, name):
        attribute = object.__getattribute__(self, name)
        if name.startswith('on_'):
            def record(*args):
                self.calls.append((name,) + args)
                return attribute(*args)
            return record
        return attribute


def test_callback_list_dispatches_every_hook_in_order():
    first, second = Recorder(), Recorder()
    callback_list = callbacks.CallbackList([first])
    callback_list.append(second)
    model = FakeModel()
    callback_list.set_model(model)
    callback_list.set_params({'epochs': 1})
    assert first.model is model and second.params == {'epochs': 1}
    assert list(callback_list) == [first, second]

    callback_list.on_train_begin()
    callback_list.on_epoch_begin(0)
    callback_list.on_batch_begin(0, {'size': 2})
    callback_list.on_batch_end(0, {'size': 2, 'loss': 1.})
    callback_list.on_train_batch_begin(1)
    callback_list.on_train_batch_end(1)
    callback_list.on_epoch_end(0, {'loss': 1.})
    for mode in ('test', 'predict'):
        getattr(callback_list, 'on_%s_begin' % mode)()
        getattr(callback_list, 'on_%s_batch_begin' % mode)(0)
        getattr(callback_list, 'on_%s_batch_end' % mode)(0, {'x': 1})
        getattr(callback_list, 'on_%s_end' % mode)()
    callback_list.on_train_end()

    names = [call[0] for call in first.calls]
    assert names == [
        'on_train_begin', 'on_epoch_begin',
        # Training batch hooks reach the Keras 2 names on_batch_*.
        'on_train_batch_begin', 'on_batch_begin',
        'on_train_batch_end', 'on_batch_end',
        'on_train_batch_begin', 'on_batch_begin',
        'on_train_batch_end', 'on_batch_end',
        'on_epoch_end',
        'on_test_begin', 'on_test_batch_begin', 'on_test_batch_end',
        'on_test_end',
        'on_predict_begin', 'on_predict_batch_begin', 'on_predict_batch_end',
        'on_predict_end',
        'on_train_end']
    assert first.calls == second.calls
    # Missing logs arrive as empty dicts.
    assert ('on_epoch_begin', 0, {}) in first.calls


def test_base_logger_weights_by_batch_size_except_stateful():
    logger = callbacks.BaseLogger(stateful_metrics=['acc'])
    attach(logger, metrics=['loss', 'acc', 'val_loss'])
    logger.on_epoch_begin(0)
    logger.on_batch_end(0, {'size': 30, 'loss': 1.0, 'acc': 0.2})
    logger.on_batch_end(1, {'size': 10, 'loss': 3.0, 'acc': 0.6})
    logs = {'val_loss': 0.5}
    logger.on_epoch_end(0, logs)
    assert logs == {'loss': 1.5, 'acc': 0.6, 'val_loss': 0.5}


def test_terminate_on_nan(capsys):
    callback = callbacks.TerminateOnNaN()
    model = attach(callback)
    callback.on_batch_end(0, {'loss': 1.0})
    assert not model.stop_training
    callback.on_batch_end(3, {'loss': np.float32('nan')})
    assert model.stop_training
    assert 'Batch 3: Invalid loss, terminating training' in \
        capsys.readouterr().out
    model.stop_training = False
    callback.on_batch_end(4, {'loss': np.inf})
    assert model.stop_training


def test_history_records_epochs():
    history = callbacks.History()
    model = attach(history)
    run_epochs(history, model, [{'loss': 2.0, 'val_loss': 3.0},
                                {'loss': 1.0, 'val_loss': 2.5}])
    assert history.epoch == [0, 1]
    assert history.history == {'loss': [2.0, 1.0], 'val_loss': [3.0, 2.5]}


class FakeClock(object):
    now = 1000.0

    def time(self):
        return self.now


def test_progbar_logger_output(monkeypatch, capsys):
    clock = FakeClock()
    monkeypatch.setattr(generic_utils, 'time', clock)
    monkeypatch.delitem(sys.modules, 'ipykernel', raising=False)
    callback_list = callbacks.CallbackList([
        callbacks.BaseLogger(stateful_metrics=['acc']),
        callbacks.ProgbarLogger(stateful_metrics=['acc']),
        callbacks.History()])
    callback_list.set_model(FakeModel())
    callback_list.set_params({
        'epochs': 2, 'steps': None, 'samples': 100, 'verbose': 1,
        'batch_size': 50, 'do_validation': True,
        'metrics': ['loss', 'acc', 'val_loss', 'val_acc']})
    callback_list.on_train_begin()
    callback_list.on_epoch_begin(0)
    for batch, (loss, acc) in enumerate([(0.6, 0.5), (0.4, 0.7)]):
        callback_list.on_batch_begin(batch, {'batch': batch, 'size': 50})
        clock.now += 0.5
        callback_list.on_batch_end(batch, {'batch': batch, 'size': 50,
                                           'loss': loss, 'acc': acc})
    callback_list.on_epoch_end(0, {'val_loss': 0.3, 'val_acc': 0.8})
    assert capsys.readouterr().out == (
        'Epoch 1/2\n'
        '\n'
        ' 50/100 [==============>...............] - ETA: 0s'
        ' - loss: 0.6000 - acc: 0.5000\n'
        '100/100 [==============================] - 1s 10ms/step'
        ' - loss: 0.5000 - acc: 0.7000 - val_loss: 0.3000'
        ' - val_acc: 0.8000\n')


def test_progbar_logger_steps_mode_and_verbose_2(monkeypatch, capsys):
    monkeypatch.setattr(generic_utils, 'time', FakeClock())
    logger = callbacks.ProgbarLogger(count_mode='steps')
    attach(logger, epochs=1, steps=2, samples=None, verbose=2,
           metrics=['loss'])
    logger.on_train_begin()
    logger.on_epoch_begin(0)
    for batch in range(2):
        logger.on_batch_begin(batch)
        logger.on_batch_end(batch, {'size': 7, 'loss': 1.0})
    logger.on_epoch_end(0, {'loss': 1.0})
    assert capsys.readouterr().out == 'Epoch 1/1\n - 0s - loss: 1.0000\n'
    with pytest.raises(ValueError, match='Unknown `count_mode`: batches'):
        callbacks.ProgbarLogger(count_mode='batches')


def test_model_checkpoint_every_epoch_formats_path(tmp_path, capsys):
    pattern = str(tmp_path / 'weights.{epoch:02d}-{val_loss:.2f}.h5')
    checkpoint = callbacks.ModelCheckpoint(pattern, verbose=1,
                                           save_weights_only=True)
    model = attach(checkpoint)
    run_epochs(checkpoint, model, [{'val_loss': 0.5}, {'val_loss': 0.25}])
    assert model.saved == [
        ('weights', str(tmp_path / 'weights.01-0.50.h5'), True),
        ('weights', str(tmp_path / 'weights.02-0.25.h5'), True)]
    assert ('\nEpoch 00001: saving model to %s'
            % (tmp_path / 'weights.01-0.50.h5')) in capsys.readouterr().out


@pytest.mark.parametrize('monitor,mode,values,saved_epochs', [
    ('val_loss', 'auto', [0.5, 0.6, 0.4], [1, 3]),
    ('val_acc', 'auto', [0.5, 0.4, 0.7], [1, 3]),
    ('val_accuracy', 'auto', [0.5, 0.6, 0.4], [1, 2]),
    ('fmeasure', 'auto', [0.5, 0.6, 0.4], [1, 2]),
    ('val_loss', 'max', [0.5, 0.6, 0.4], [1, 2]),
    ('val_acc', 'min', [0.5, 0.6, 0.4], [1, 3]),
])
def test_model_checkpoint_save_best_only(monitor, mode, values, saved_epochs):
    checkpoint = callbacks.ModelCheckpoint('m{epoch}.h5', monitor=monitor,
                                           mode=mode, save_best_only=True)
    model = attach(checkpoint)
    run_epochs(checkpoint, model, [{monitor: v} for v in values])
    assert [path for _, path, _ in model.saved] == \
        ['m%d.h5' % epoch for epoch in saved_epochs]
    assert all(kind == 'model' for kind, _, _ in model.saved)


def test_model_checkpoint_period_missing_monitor_and_bad_mode(capsys):
    with pytest.warns(RuntimeWarning, match='ModelCheckpoint mode sideways '
                                            'is unknown'):
        checkpoint = callbacks.ModelCheckpoint('m{epoch}.h5', period=2,
                                               mode='sideways')
    model = attach(checkpoint)
    run_epochs(checkpoint, model, [{}] * 5)
    assert [path for _, path, _ in model.saved] == ['m2.h5', 'm4.h5']

    best_only = callbacks.ModelCheckpoint('x.h5', save_best_only=True,
                                          verbose=1)
    model = attach(best_only)
    with pytest.warns(RuntimeWarning, match='Can save best model only with '
                                            'val_loss available, skipping'):
        best_only.on_epoch_end(0, {'loss': 1.0})
    best_only.on_epoch_end(1, {'val_loss': 1.0})
    best_only.on_epoch_end(2, {'val_loss': 2.0})
    out = capsys.readouterr().out
    assert ('\nEpoch 00002: val_loss improved from inf to 1.00000, saving '
            'model to x.h5') in out
    assert '\nEpoch 00003: val_loss did not improve from 1.00000' in out
    assert len(model.saved) == 1


def test_early_stopping_patience_and_min_delta(capsys):
    stopper = callbacks.EarlyStopping(monitor='val_loss', patience=2,
                                      min_delta=0.1, verbose=1)
    model = attach(stopper)
    # 0.95 is not better than 1.0 by more than min_delta.
    ran = run_epochs(stopper, model, [{'val_loss': v}
                                      for v in [1.0, 0.95, 0.92, 0.5]])
    assert ran == 3
    assert stopper.stopped_epoch == 2
    assert model.stop_training
    assert 'Epoch 00003: early stopping' in capsys.readouterr().out


def test_early_stopping_modes_and_reuse():
    stopper = callbacks.EarlyStopping(monitor='val_acc', patience=1)
    model = attach(stopper)
    assert run_epochs(stopper, model, [{'val_acc': v}
                                       for v in [0.5, 0.6, 0.7, 0.65]]) == 4
    # A second fit with the same instance starts from scratch.
    model.stop_training = False
    assert run_epochs(stopper, model, [{'val_acc': v}
                                       for v in [0.1, 0.2]]) == 2
    assert not model.stop_training
    minimising = callbacks.EarlyStopping(monitor='val_acc', mode='min',
                                         patience=1)
    model = attach(minimising)
    assert run_epochs(minimising, model, [{'val_acc': v}
                                          for v in [0.5, 0.6]]) == 2
    assert model.stop_training


def test_early_stopping_baseline():
    stopper = callbacks.EarlyStopping(monitor='val_loss', patience=2,
                                      baseline=0.5)
    model = attach(stopper)
    assert run_epochs(stopper, model, [{'val_loss': v}
                                       for v in [0.9, 0.8, 0.7, 0.6]]) == 2
    stopper = callbacks.EarlyStopping(monitor='val_loss', patience=2,
                                      baseline=0.5)
    model = attach(stopper)
    assert run_epochs(stopper, model, [{'val_loss': v}
                                       for v in [0.9, 0.4, 0.45, 0.3]]) == 4


def test_early_stopping_restore_best_weights():
    stopper = callbacks.EarlyStopping(patience=2, restore_best_weights=True)
    model = attach(stopper)
    stopper.on_train_begin()
    for epoch, loss in enumerate([1.0, 0.5, 0.7, 0.8]):
        model.weights = [np.full(2, float(epoch))]
        stopper.on_epoch_end(epoch, {'val_loss': loss})
    assert model.stop_training
    np.testing.assert_array_equal(model.weights[0], [1.0, 1.0])


def test_early_stopping_missing_monitor_warns():
    stopper = callbacks.EarlyStopping(monitor='val_auc')
    model = attach(stopper)
    stopper.on_train_begin()
    with pytest.warns(RuntimeWarning, match='Early stopping conditioned on '
                                            'metric `val_auc` which is not '
                                            'available. Available metrics '
                                            'are: loss,val_loss'):
        stopper.on_epoch_end(0, {'loss': 1.0, 'val_loss': 1.0})
    assert not model.stop_training


def test_learning_rate_scheduler_both_schedule_signatures(fake_backend,
                                                          capsys):
    scheduler = callbacks.LearningRateScheduler(lambda epoch: 1.0 / (epoch + 1),
                                                verbose=1)
    model = attach(scheduler)
    scheduler.on_epoch_begin(1)
    assert model.optimizer.lr.value == 0.5
    assert ('Epoch 00002: LearningRateScheduler setting learning rate to 0.5.'
            in capsys.readouterr().out)
    logs = {}
    scheduler.on_epoch_end(1, logs)
    assert logs['lr'] == np.float32(0.5)

    halving = callbacks.LearningRateScheduler(lambda epoch, lr: lr / 2.)
    model = attach(halving, FakeModel(lr=0.2))
    halving.on_epoch_begin(0)
    halving.on_epoch_begin(1)
    assert model.optimizer.lr.value == pytest.approx(0.05)


def test_learning_rate_scheduler_errors(fake_backend):
    def failing_schedule(epoch, lr):
        raise TypeError('bug inside the schedule')

    # A TypeError raised by the schedule itself is not mistaken for the
    # one-argument API.
    scheduler = callbacks.LearningRateScheduler(failing_schedule)
    attach(scheduler)
    with pytest.raises(TypeError, match='bug inside the schedule'):
        scheduler.on_epoch_begin(0)
    scheduler = callbacks.LearningRateScheduler(lambda epoch: 1)
    attach(scheduler)
    with pytest.raises(ValueError, match='should be float'):
        scheduler.on_epoch_begin(0)
    model = FakeModel()
    del model.optimizer.lr
    scheduler = callbacks.LearningRateScheduler(lambda epoch: 0.1)
    attach(scheduler, model)
    with pytest.raises(ValueError, match='Optimizer must have a "lr" '
                                         'attribute.'):
        scheduler.on_epoch_begin(0)


def test_reduce_lr_on_plateau(fake_backend, capsys):
    reducer = callbacks.ReduceLROnPlateau(monitor='val_loss', factor=0.5,
                                          patience=1, cooldown=2,
                                          min_lr=0.03, verbose=1)
    model = attach(reducer, FakeModel(lr=0.1))
    reducer.on_train_begin()
    lrs = []
    for epoch, loss in enumerate([1.0, 1.0, 1.0, 1.0, 1.0, 1.0]):
        logs = {'val_loss': loss}
        reducer.on_epoch_end(epoch, logs)
        lrs.append(float(model.optimizer.lr.value))
        assert 'lr' in logs
    # Epoch 1 reduces; the cooldown counter, decremented before the check
    # (as in Keras 2), blocks epoch 2 only; epoch 3 reduces to min_lr,
    # which is then never gone below.
    assert lrs == pytest.approx([0.1, 0.05, 0.05, 0.03, 0.03, 0.03])
    out = capsys.readouterr().out
    assert '\nEpoch 00002: ReduceLROnPlateau reducing learning rate to 0.05' \
        in out
    assert 'Epoch 00004: ReduceLROnPlateau reducing learning rate to 0.03.' \
        in out


def test_reduce_lr_on_plateau_arguments(fake_backend):
    with pytest.warns(UserWarning, match='`epsilon` argument is deprecated'):
        reducer = callbacks.ReduceLROnPlateau(epsilon=0.5)
    assert reducer.min_delta == 0.5
    with pytest.raises(ValueError, match='factor >= 1.0'):
        callbacks.ReduceLROnPlateau(factor=1.0)
    with pytest.raises(TypeError):
        callbacks.ReduceLROnPlateau(not_an_argument=1)
    improving = callbacks.ReduceLROnPlateau(monitor='val_acc', patience=1,
                                            min_delta=0.)
    model = attach(improving)
    improving.on_train_begin()
    for epoch, acc in enumerate([0.1, 0.2, 0.3]):
        improving.on_epoch_end(epoch, {'val_acc': acc})
    assert model.optimizer.lr.value == 0.1
    with pytest.warns(RuntimeWarning, match='Reduce LR on plateau '
                                            'conditioned on metric'):
        improving.on_epoch_end(3, {'loss': 1.0})


def test_learning_rate_callbacks_with_the_real_backend():
    K = pytest.importorskip('keras.backend')
    model = FakeModel()
    model.optimizer.lr = K.variable(0.1)
    scheduler = callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5)
    attach(scheduler, model)
    scheduler.on_epoch_begin(0)
    assert float(K.get_value(model.optimizer.lr)) == pytest.approx(0.05)


def read_csv(path):
    with open(path, newline='') as f:
        return list(csv.reader(f))


def test_csv_logger(tmp_path):
    path = str(tmp_path / 'log.csv')
    logger = callbacks.CSVLogger(path)
    model = attach(logger)
    run_epochs(logger, model, [{'loss': 1.0, 'acc': 0.5},
                               {'loss': 0.5, 'acc': 0.75}])
    assert read_csv(path) == [['epoch', 'acc', 'loss'],
                              ['0', '0.5', '1.0'],
                              ['1', '0.75', '0.5']]
    # Appending adds rows without a second header.
    appender = callbacks.CSVLogger(path, append=True)
    attach(appender, model)
    run_epochs(appender, model, [{'loss': 0.25, 'acc': 0.9}])
    rows = read_csv(path)
    assert len(rows) == 4 and rows[3] == ['0', '0.9', '0.25']


def test_csv_logger_separator_lists_and_na(tmp_path):
    path = str(tmp_path / 'log.tsv')
    logger = callbacks.CSVLogger(path, separator='\t')
    model = attach(logger)
    logger.on_train_begin()
    logger.on_epoch_end(0, {'loss': np.float32(1.5), 'lr': np.array(0.1),
                            'vec': [1, 2]})
    model.stop_training = True
    logger.on_epoch_end(1, {'loss': 1.0})
    logger.on_train_end()
    with open(path) as f:
        lines = f.read().splitlines()
    assert lines[0] == 'epoch\tloss\tlr\tvec'
    assert lines[1] == '0\t1.5\t0.1\t"""[1, 2]"""'
    assert lines[2] == '1\t1.0\tNA\tNA'


def test_lambda_callback():
    events = []
    callback = callbacks.LambdaCallback(
        on_epoch_begin=lambda epoch, logs: events.append(('eb', epoch)),
        on_epoch_end=lambda epoch, logs: events.append(('ee', epoch)),
        on_batch_begin=lambda batch, logs: events.append(('bb', batch)),
        on_batch_end=lambda batch, logs: events.append(('be', batch)),
        on_train_begin=lambda logs: events.append(('tb',)),
        on_train_end=lambda logs: events.append(('te',)),
        custom_attribute=7)
    callback_list = callbacks.CallbackList([callback])
    callback_list.on_train_begin()
    callback_list.on_epoch_begin(0)
    callback_list.on_batch_begin(0)
    callback_list.on_batch_end(0)
    callback_list.on_epoch_end(0)
    callback_list.on_train_end()
    assert events == [('tb',), ('eb', 0), ('bb', 0), ('be', 0), ('ee', 0),
                      ('te',)]
    assert callback.custom_attribute == 7
    # Hooks not given do nothing.
    callbacks.LambdaCallback().on_epoch_end(0, {})


def fake_requests_module(posts, fail=False):
    module = types.ModuleType('requests')

    class RequestException(Exception):
        pass

    def post(url, data=None, json=None, headers=None):
        if fail:
            raise RequestException('refused')
        posts.append((url, data, json, headers))

    module.post = post
    module.exceptions = types.SimpleNamespace(
        RequestException=RequestException)
    return module


def test_remote_monitor(monkeypatch):
    posts = []
    monkeypatch.setitem(sys.modules, 'requests', fake_requests_module(posts))
    monitor = callbacks.RemoteMonitor(root='http://server', path='/end',
                                      headers={'X': '1'})
    monitor.on_epoch_end(2, {'loss': np.float32(0.5)})
    url, data, _, headers = posts[0]
    assert url == 'http://server/end'
    assert data == {'data': '{"epoch": 2, "loss": 0.5}'}
    assert headers == {'X': '1'}
    as_json = callbacks.RemoteMonitor(send_as_json=True)
    as_json.on_epoch_end(0, {'acc': np.float64(0.25)})
    assert posts[1][2] == {'epoch': 0, 'acc': 0.25}


def test_remote_monitor_unreachable_and_missing_requests(monkeypatch):
    monkeypatch.setitem(sys.modules, 'requests',
                        fake_requests_module([], fail=True))
    with pytest.warns(UserWarning, match='could not reach RemoteMonitor root '
                                         'server at http://localhost:9000'):
        callbacks.RemoteMonitor().on_epoch_end(0, {})
    monkeypatch.setitem(sys.modules, 'requests', None)
    with pytest.raises(ImportError, match='RemoteMonitor requires the '
                                          '`requests` library'):
        callbacks.RemoteMonitor().on_epoch_end(0, {})


def test_callback_defaults():
    callback = callbacks.Callback()
    assert callback.model is None and callback.validation_data is None
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        for hook in ('on_test_begin', 'on_test_end', 'on_predict_begin',
                     'on_predict_end', 'on_train_begin', 'on_train_end'):
            getattr(callback, hook)()
        for hook in ('on_batch_begin', 'on_batch_end', 'on_epoch_begin',
                     'on_epoch_end', 'on_test_batch_begin',
                     'on_predict_batch_end'):
            getattr(callback, hook)(0)
