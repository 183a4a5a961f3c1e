"""ModelCheckpoint, EarlyStopping, ReduceLROnPlateau and CSVLogger through a
real `fit`, real files and the real backend (test_callbacks_unit.py drives
them by hand with a stand-in model).

The regression below is chosen so that the validation loss falls for four
epochs and then rises: a linear model trained from zero weights towards
`w = (2, -1)`, validated on targets made with `(1, -0.5)`, which the
weights pass on their way. Its full-batch gradient descent is replayed in
numpy (`_numpy_val_losses`), the independent source of the expected
numbers; the callbacks' decisions are also checked against the logged
history.
"""
import csv
import os

import numpy as np
import pytest

from keras import backend as K
from keras import optimizers
from keras.callbacks import (Callback, CSVLogger, EarlyStopping,
                             ModelCheckpoint, ReduceLROnPlateau)
from keras.layers import Dense
from keras.models import Sequential, load_model

pytestmark = pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')

TRAIN_W = np.array([[2.], [-1.]])
VAL_W = np.array([[1.], [-0.5]])
LR = 0.05
# The epoch (from 0) of the lowest validation loss, for LR.
BEST_EPOCH = 3


def _regression_data():
    rng = np.random.RandomState(0)
    x = rng.normal(size=(16, 2))
    x_val = rng.normal(size=(8, 2))
    return x, x.dot(TRAIN_W), x_val, x_val.dot(VAL_W)


def _numpy_weights(epochs, learning_rates=None):
    """Kernel after each epoch of full-batch SGD on the mean squared
    error, in float64."""
    x, y, _, _ = _regression_data()
    w = np.zeros((2, 1))
    kernels = []
    for epoch in range(epochs):
        lr = LR if learning_rates is None else learning_rates[epoch]
        w = w - lr * 2. * x.T.dot(x.dot(w) - y) / len(x)
        kernels.append(w)
    return kernels


def _numpy_val_losses(epochs):
    _, _, x_val, y_val = _regression_data()
    return [float(np.mean((x_val.dot(w) - y_val) ** 2))
            for w in _numpy_weights(epochs)]


def _regressor(lr=LR):
    model = Sequential([Dense(1, input_shape=(2,), use_bias=False,
                              kernel_initializer='zeros', name='linear')])
    model.compile(optimizers.SGD(lr=lr), 'mse')
    return model


def _fit(model, callbacks, epochs, **kwargs):
    x, y, x_val, y_val = [a.astype('float32') for a in _regression_data()]
    return model.fit(x, y, batch_size=len(x), epochs=epochs, verbose=0,
                     shuffle=False, validation_data=(x_val, y_val),
                     callbacks=callbacks, **kwargs)


class WeightsAtEpochEnd(Callback):
    """Records the model's weights at every epoch end (placed before a
    callback that changes them, it sees the trained ones)."""

    def __init__(self):
        super(WeightsAtEpochEnd, self).__init__()
        self.weights = []

    def on_epoch_end(self, epoch, logs=None):
        self.weights.append(self.model.get_weights())


class FileAtEpochEnd(Callback):
    """Records, at every epoch end, the modification time of `path` and the
    weights it holds (placed after the checkpoint writing it)."""

    def __init__(self, path):
        super(FileAtEpochEnd, self).__init__()
        self.path = path
        self.mtimes = []
        self.weights = []

    def on_epoch_end(self, epoch, logs=None):
        self.mtimes.append(os.stat(self.path).st_mtime_ns)
        self.weights.append(load_model(self.path, compile=False)
                            .get_weights())


def _assert_same_weights(actual, expected):
    assert len(actual) == len(expected)
    for a, e in zip(actual, expected):
        np.testing.assert_array_equal(a, e)


def _improvements(values, better):
    """Epochs where `values` beat every earlier value."""
    return [epoch for epoch, value in enumerate(values)
            if all(better(value, earlier) for earlier in values[:epoch])]


def test_the_regression_matches_numpy():
    history = _fit(_regressor(), [], epochs=6).history
    np.testing.assert_allclose(history['val_loss'], _numpy_val_losses(6),
                               rtol=1e-4)
    assert int(np.argmin(history['val_loss'])) == BEST_EPOCH


def test_checkpoint_names_hold_epoch_and_val_loss(tmp_path):
    model = _regressor()
    pattern = str(tmp_path / 'weights.{epoch:02d}-{val_loss:.2f}.hdf5')
    recorder = WeightsAtEpochEnd()
    history = _fit(model, [ModelCheckpoint(pattern), recorder],
                   epochs=4).history
    names = ['weights.%02d-%.2f.hdf5' % (epoch + 1, val_loss)
             for epoch, val_loss in enumerate(_numpy_val_losses(4))]
    assert names == ['weights.01-0.62.hdf5', 'weights.02-0.23.hdf5',
                     'weights.03-0.06.hdf5', 'weights.04-0.02.hdf5']
    assert sorted(os.listdir(str(tmp_path))) == names
    x_val = _regression_data()[2].astype('float32')
    for epoch, name in enumerate(names):
        loaded = load_model(str(tmp_path / name))
        _assert_same_weights(loaded.get_weights(), recorder.weights[epoch])
        np.testing.assert_allclose(
            loaded.predict(x_val), x_val.dot(_numpy_weights(4)[epoch]),
            rtol=1e-4, atol=1e-6)
        assert loaded.optimizer.__class__.__name__ == 'SGD'
        assert '%.2f' % history['val_loss'][epoch] in name


def test_checkpoint_period(tmp_path):
    every_2 = str(tmp_path / 'two-{epoch:02d}.h5')
    every_3 = tmp_path / 'three-{epoch:02d}.h5'  # a pathlib path
    recorder = WeightsAtEpochEnd()
    _fit(_regressor(), [ModelCheckpoint(every_2, period=2),
                        ModelCheckpoint(every_3, period=3), recorder],
         epochs=7)
    assert sorted(os.listdir(str(tmp_path))) == [
        'three-03.h5', 'three-06.h5', 'two-02.h5', 'two-04.h5', 'two-06.h5']
    _assert_same_weights(
        load_model(str(tmp_path / 'two-04.h5')).get_weights(),
        recorder.weights[3])
    _assert_same_weights(
        load_model(str(tmp_path / 'three-06.h5')).get_weights(),
        recorder.weights[5])


def test_checkpoint_save_best_only_rewrites_only_on_improvement(tmp_path):
    path = str(tmp_path / 'best.h5')
    trained = WeightsAtEpochEnd()
    in_file = FileAtEpochEnd(path)
    history = _fit(_regressor(), [
        trained, ModelCheckpoint(path, save_best_only=True), in_file],
        epochs=7).history
    improved = _improvements(history['val_loss'], lambda a, b: a < b)
    assert improved == _improvements(_numpy_val_losses(7),
                                     lambda a, b: a < b) == [0, 1, 2, 3]
    for epoch in range(7):
        best = max(e for e in improved if e <= epoch)
        _assert_same_weights(in_file.weights[epoch], trained.weights[best])
        if epoch > 0 and epoch not in improved:
            assert in_file.mtimes[epoch] == in_file.mtimes[epoch - 1]
    assert os.listdir(str(tmp_path)) == ['best.h5']


def _classification_data():
    # A seed for which the validation accuracy rises at the fourth epoch
    # and stays level otherwise, while the validation loss always falls;
    # every validation logit stays 0.02 or more away from 0.
    rng = np.random.RandomState(188)
    x = rng.normal(size=(16, 2))
    y = (x.dot([1., 1.]) + 1. + rng.normal(size=16) > 0)[:, None]
    x_val = rng.normal(size=(8, 2))
    y_val = (x_val.dot([1., 1.]) + 1. + rng.normal(size=8) > 0)[:, None]
    return [a.astype('float32') for a in (x, y, x_val, y_val)]


def test_checkpoint_mode_auto_maximises_accuracy_minimises_loss(tmp_path,
                                                                capsys):
    x, y, x_val, y_val = _classification_data()
    model = Sequential([Dense(1, input_shape=(2,), activation='sigmoid',
                              kernel_initializer='zeros', name='logistic')])
    model.compile(optimizers.SGD(lr=1.), 'binary_crossentropy',
                  metrics=['acc'])
    paths = dict((name, str(tmp_path / (name + '.h5')))
                 for name in ('acc_auto', 'loss_auto', 'acc_min'))
    trained = WeightsAtEpochEnd()
    in_files = dict((name, FileAtEpochEnd(path))
                    for name, path in paths.items())
    history = model.fit(x, y, batch_size=16, epochs=6, shuffle=False,
                        verbose=0, validation_data=(x_val, y_val),
                        callbacks=[
        trained,
        ModelCheckpoint(paths['acc_auto'], monitor='val_acc',
                        save_best_only=True, verbose=1),
        ModelCheckpoint(paths['loss_auto'], monitor='val_loss',
                        save_best_only=True),
        ModelCheckpoint(paths['acc_min'], monitor='val_acc', mode='min',
                        save_best_only=True)] + list(in_files.values())
    ).history
    assert history['val_acc'] == [0.875, 0.875, 0.875, 1., 1., 1.]
    expected_best = {
        'acc_auto': _improvements(history['val_acc'], lambda a, b: a > b),
        'loss_auto': _improvements(history['val_loss'], lambda a, b: a < b),
        'acc_min': [0]}
    assert expected_best['acc_auto'] == [0, 3]
    assert expected_best['loss_auto'] == [0, 1, 2, 3, 4, 5]
    for name, improved in expected_best.items():
        for epoch in range(6):
            best = max(e for e in improved if e <= epoch)
            _assert_same_weights(in_files[name].weights[epoch],
                                 trained.weights[best])
    out = capsys.readouterr().out
    assert ('Epoch 00001: val_acc improved from -inf to 0.87500, saving '
            'model to %s' % paths['acc_auto']) in out
    assert 'Epoch 00002: val_acc did not improve from 0.87500' in out
    assert ('Epoch 00004: val_acc improved from 0.87500 to 1.00000, saving '
            'model to %s' % paths['acc_auto']) in out


def test_checkpoint_save_weights_only(tmp_path):
    pattern = str(tmp_path / 'weights-{epoch}.h5')
    best = str(tmp_path / 'best-weights.h5')
    trained = WeightsAtEpochEnd()
    _fit(_regressor(), [
        trained, ModelCheckpoint(pattern, save_weights_only=True),
        ModelCheckpoint(best, save_weights_only=True, save_best_only=True)],
        epochs=6)
    assert sorted(os.listdir(str(tmp_path))) == [
        'best-weights.h5'] + ['weights-%d.h5' % e for e in range(1, 7)]
    reader = _regressor()
    for epoch in range(6):
        reader.load_weights(pattern.format(epoch=epoch + 1))
        _assert_same_weights(reader.get_weights(), trained.weights[epoch])
    reader.load_weights(best)
    _assert_same_weights(reader.get_weights(), trained.weights[BEST_EPOCH])
    with pytest.raises(ValueError, match='load_weights'):
        load_model(best)


def test_checkpoint_replaces_an_existing_file(tmp_path):
    path = str(tmp_path / 'model.h5')
    with open(path, 'wb') as f:
        f.write(b'an older file, not even HDF5')
    old = Sequential([Dense(3, input_shape=(4,))])
    old.compile('adam', 'mse')
    old.save(str(tmp_path / 'weights.h5'))
    trained = WeightsAtEpochEnd()
    _fit(_regressor(), [
        trained, ModelCheckpoint(path),
        ModelCheckpoint(str(tmp_path / 'weights.h5'),
                        save_weights_only=True)], epochs=2)
    _assert_same_weights(load_model(path).get_weights(), trained.weights[1])
    reader = _regressor()
    reader.load_weights(str(tmp_path / 'weights.h5'))
    _assert_same_weights(reader.get_weights(), trained.weights[1])
    # Nothing but the two targets: the temporary files were renamed.
    assert sorted(os.listdir(str(tmp_path))) == ['model.h5', 'weights.h5']


def _epochs_until_stop(values, patience, baseline=None):
    """Epochs trained under EarlyStopping(min_delta=0) minimising
    `values`."""
    best = np.inf if baseline is None else baseline
    wait = 0
    for epoch, value in enumerate(values):
        if value < best:
            best, wait = value, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch + 1
    return len(values)


def test_early_stopping_restores_the_best_weights(capsys):
    model = _regressor()
    trained = WeightsAtEpochEnd()
    stopper = EarlyStopping(patience=2, restore_best_weights=True,
                            verbose=1)
    history = _fit(model, [trained, stopper], epochs=20).history
    # Best at epoch 3, then two epochs without improvement.
    assert len(history['val_loss']) == _epochs_until_stop(
        _numpy_val_losses(20), patience=2) == BEST_EPOCH + 3
    assert stopper.stopped_epoch == BEST_EPOCH + 2
    assert int(np.argmin(history['val_loss'])) == BEST_EPOCH
    _assert_same_weights(model.get_weights(), trained.weights[BEST_EPOCH])
    assert not np.array_equal(model.get_weights()[0], trained.weights[-1][0])
    out = capsys.readouterr().out
    assert 'Restoring model weights from the end of the best epoch' in out
    assert 'Epoch 00006: early stopping' in out

    # Without restore_best_weights the last epoch's weights stay.
    model = _regressor()
    trained = WeightsAtEpochEnd()
    _fit(model, [trained, EarlyStopping(patience=2)], epochs=20)
    assert len(trained.weights) == BEST_EPOCH + 3
    _assert_same_weights(model.get_weights(), trained.weights[-1])


def test_early_stopping_baseline():
    losses = _numpy_val_losses(20)
    # Between the losses of epochs 2 and 3: only epoch 3 beats it.
    baseline = (losses[2] + losses[3]) / 2.
    for patience, epochs in ((3, 3), (4, 8)):
        assert _epochs_until_stop(losses, patience, baseline) == epochs
        history = _fit(_regressor(), [
            EarlyStopping(patience=patience, baseline=baseline)],
            epochs=20).history
        assert len(history['val_loss']) == epochs

    # A baseline never beaten: nothing to restore, the last weights stay.
    model = _regressor()
    trained = WeightsAtEpochEnd()
    history = _fit(model, [trained, EarlyStopping(
        patience=2, baseline=1e-4, restore_best_weights=True)],
        epochs=20).history
    assert len(history['val_loss']) == 2
    _assert_same_weights(model.get_weights(), trained.weights[-1])


class LearningRateAtEpochEnd(Callback):
    def __init__(self):
        super(LearningRateAtEpochEnd, self).__init__()
        self.rates = []

    def on_epoch_end(self, epoch, logs=None):
        self.rates.append(float(K.get_value(self.model.optimizer.lr)))


def test_reduce_lr_on_plateau_factor_patience_cooldown_min_lr():
    model = _regressor(lr=0.1)
    rates = LearningRateAtEpochEnd()
    trained = WeightsAtEpochEnd()
    # min_delta=10: no epoch after the first counts as an improvement, so
    # the schedule does not depend on the losses. Worked by hand: reduce
    # after 1 epoch without improvement, then 2 epochs of cooldown; 0.1,
    # 0.05, 0.025, then 0.0125 is raised to min_lr=0.02 and stays.
    reducer = ReduceLROnPlateau(factor=0.5, patience=1, cooldown=2,
                                min_delta=10., min_lr=0.02)
    history = _fit(model, [trained, reducer, rates], epochs=8).history
    after_epoch = [0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02, 0.02]
    during_epoch = [0.1] + after_epoch[:-1]
    np.testing.assert_allclose(rates.rates, after_epoch, rtol=1e-6)
    np.testing.assert_allclose(history['lr'], during_epoch, rtol=1e-6)
    # The train function uses the new rate: the weights follow numpy's
    # descent with this schedule.
    for epoch, kernel in enumerate(_numpy_weights(8, during_epoch)):
        np.testing.assert_allclose(trained.weights[epoch][0], kernel,
                                   rtol=1e-5, atol=1e-6)


def test_reduce_lr_on_plateau_on_the_val_loss_curve():
    # val_loss falls for 4 epochs then rises: with patience 2 the rate is
    # halved at the end of epochs 5 and 7 (from 0); history['lr'] holds
    # the rate each epoch trained with.
    model = _regressor()
    trained = WeightsAtEpochEnd()
    history = _fit(model, [trained, ReduceLROnPlateau(
        factor=0.5, patience=2, min_delta=0.)], epochs=8).history
    during_epoch = [LR] * 6 + [LR / 2] * 2
    np.testing.assert_allclose(history['lr'], during_epoch, rtol=1e-6)
    np.testing.assert_allclose(float(K.get_value(model.optimizer.lr)),
                               LR / 4, rtol=1e-6)
    for epoch, kernel in enumerate(_numpy_weights(8, during_epoch)):
        np.testing.assert_allclose(trained.weights[epoch][0], kernel,
                                   rtol=1e-5, atol=1e-6)


def _read_csv(path, separator):
    with open(path, newline='') as f:
        return list(csv.reader(f, delimiter=separator))


def test_csv_logger_appends_across_two_fits(tmp_path):
    path = str(tmp_path / 'log.csv')
    model = _regressor()
    first = _fit(model, [CSVLogger(path, separator=';', append=True)],
                 epochs=3).history
    second = _fit(model, [CSVLogger(path, separator=';', append=True)],
                  epochs=5, initial_epoch=3).history
    rows = _read_csv(path, ';')
    assert rows[0] == ['epoch', 'loss', 'val_loss']
    assert [row[0] for row in rows[1:]] == ['0', '1', '2', '3', '4']
    for name, column in (('loss', 1), ('val_loss', 2)):
        logged = first[name] + second[name]
        np.testing.assert_allclose([float(row[column]) for row in rows[1:]],
                                   logged, rtol=1e-6)
    np.testing.assert_allclose([float(row[2]) for row in rows[1:]],
                               _numpy_val_losses(5), rtol=1e-4)
    with open(path) as f:
        assert f.read().count('epoch') == 1

    # append=False starts the file again.
    third = _fit(model, [CSVLogger(path)], epochs=1).history
    rows = _read_csv(path, ',')
    assert rows[0] == ['epoch', 'loss', 'val_loss']
    assert len(rows) == 2 and rows[1][0] == '0'
    np.testing.assert_allclose(float(rows[1][2]), third['val_loss'][0],
                               rtol=1e-6)


def test_csv_logger_with_early_stopping_and_lr(tmp_path):
    # The epoch logs gain 'lr' from ReduceLROnPlateau; the file has one
    # row per epoch trained, and training stopped early.
    path = str(tmp_path / 'log.tsv')
    history = _fit(_regressor(), [
        ReduceLROnPlateau(factor=0.5, patience=1), EarlyStopping(patience=2),
        CSVLogger(path, separator='\t')], epochs=20).history
    rows = _read_csv(path, '\t')
    assert rows[0] == ['epoch', 'loss', 'lr', 'val_loss']
    assert len(rows) - 1 == len(history['loss']) == BEST_EPOCH + 3
    np.testing.assert_allclose([float(row[2]) for row in rows[1:]],
                               history['lr'], rtol=1e-6)
