"""Model.compile / fit / evaluate / predict against numpy: loss values,
gradient steps, History contents, log names, validation semantics and
batching options (Keras 2.3.1 behaviour)."""
import numpy as np
import pytest

from keras import backend as K
from keras import callbacks
from keras import optimizers
from keras.layers import Dense
from keras.layers import Dropout
from keras.layers import Input
from keras.models import Model
from keras.models import Sequential

pytestmark = pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')

RNG = np.random.RandomState(0)
X = RNG.uniform(-1, 1, (10, 3)).astype('float32')
W = RNG.uniform(-1, 1, (3, 2)).astype('float32')
B = np.array([0.1, -0.2], dtype='float32')
Y = RNG.uniform(-1, 1, (10, 2)).astype('float32')


def linear_model(**compile_kwargs):
    """Input(3) -> Dense(2) with weights (W, B), compiled with SGD."""
    inputs = Input((3,))
    outputs = Dense(2, name='dense_out')(inputs)
    model = Model(inputs, outputs)
    model.set_weights([W, B])
    compile_kwargs.setdefault('loss', 'mse')
    compile_kwargs.setdefault('optimizer', optimizers.SGD(lr=0.1))
    model.compile(**compile_kwargs)
    return model


def mse_per_sample(w, b, x, y):
    return ((x.dot(w) + b - y) ** 2).mean(-1)


def sgd_step(w, b, x, y, lr, sample_weight=None, total=None):
    """One SGD step on mean(sample_weight * mse) over the batch."""
    n = len(x)
    sw = np.ones(n) if sample_weight is None else sample_weight
    error = x.dot(w) + b - y
    # d/dpred of sum_i sw_i * mean_j(err_ij^2) / n
    grad_pred = 2 * error / error.shape[1] * sw[:, None] / n
    return w - lr * x.T.dot(grad_pred), b - lr * grad_pred.sum(0)


def test_fit_takes_sgd_steps_batch_by_batch():
    model = linear_model()
    history = model.fit(X, Y, batch_size=4, epochs=2, shuffle=False,
                        verbose=0)
    w, b = W.astype('float64'), B.astype('float64')
    epoch_losses = []
    for _ in range(2):
        total = 0.
        for start in range(0, 10, 4):
            x, y = X[start:start + 4], Y[start:start + 4]
            total += mse_per_sample(w, b, x, y).mean() * len(x)
            w, b = sgd_step(w, b, x, y, lr=0.1)
        epoch_losses.append(total / 10)
    kernel, bias = model.get_weights()
    np.testing.assert_allclose(kernel, w, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(bias, b, rtol=1e-4, atol=1e-5)
    assert history.epoch == [0, 1]
    assert sorted(history.history) == ['loss']
    np.testing.assert_allclose(history.history['loss'], epoch_losses,
                               rtol=1e-4)
    assert history is model.history


def test_evaluate_predict_and_batch_methods():
    model = linear_model(metrics=['mae'])
    expected_loss = mse_per_sample(W, B, X, Y).mean()
    expected_mae = np.abs(X.dot(W) + B - Y).mean()
    loss, mae = model.evaluate(X, Y, batch_size=3, verbose=0)
    np.testing.assert_allclose([loss, mae], [expected_loss, expected_mae],
                               rtol=1e-5)
    np.testing.assert_allclose(model.predict(X, batch_size=4),
                               X.dot(W) + B, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(model.predict_on_batch(X[:2]),
                               X[:2].dot(W) + B, rtol=1e-5, atol=1e-6)
    # evaluate leaves its metric state (Keras 2.3.1): start afresh.
    model.reset_metrics()
    test_outs = model.test_on_batch(X[:5], Y[:5])
    np.testing.assert_allclose(
        test_outs, [mse_per_sample(W, B, X[:5], Y[:5]).mean(),
                    np.abs(X[:5].dot(W) + B - Y[:5]).mean()], rtol=1e-5)
    train_loss = model.train_on_batch(X[:5], Y[:5])[0]
    np.testing.assert_allclose(train_loss, test_outs[0], rtol=1e-5)
    w, b = sgd_step(W, B, X[:5], Y[:5], lr=0.1)
    np.testing.assert_allclose(model.get_weights()[0], w, rtol=1e-4,
                               atol=1e-6)


def test_batch_methods_reset_metrics_or_accumulate():
    model = linear_model(metrics=['mae'], optimizer=optimizers.SGD(lr=0.))
    error = np.abs(X.dot(W) + B - Y).mean(-1)
    model.test_on_batch(X[:4], Y[:4], reset_metrics=False)
    _, mae = model.test_on_batch(X[4:], Y[4:], reset_metrics=False)
    np.testing.assert_allclose(mae, error.mean(), rtol=1e-5)
    # As Keras 2.3.1, reset_metrics=True resets *after* the call: this
    # call still reports the state accumulated so far ...
    _, mae = model.test_on_batch(X[4:], Y[4:])
    np.testing.assert_allclose(
        mae, np.concatenate([error, error[4:]]).mean(), rtol=1e-5)
    # ... and the next one starts afresh.
    _, mae = model.test_on_batch(X[4:], Y[4:])
    np.testing.assert_allclose(mae, error[4:].mean(), rtol=1e-5)
    for method in (model.train_on_batch, model.test_on_batch):
        method(X[:4], Y[:4], reset_metrics=False)
        _, mae = method(X[4:], Y[4:])
        np.testing.assert_allclose(mae, error.mean(), rtol=1e-5)
        _, mae = method(X[4:], Y[4:])
        np.testing.assert_allclose(mae, error[4:].mean(), rtol=1e-5)
    # evaluate resets at its start and leaves its state, which a batch
    # method then adds to (Keras 2.3.1 does the same).
    model.test_on_batch(X[:4], Y[:4], reset_metrics=False)
    model.evaluate(X[:4], Y[:4], verbose=0)
    _, mae = model.train_on_batch(X[4:], Y[4:])
    np.testing.assert_allclose(mae, error.mean(), rtol=1e-5)


def test_metric_log_names():
    from keras import metrics
    # Keras 2.3.1 logs a metric under the string given to compile.
    model = linear_model(metrics=['accuracy', 'acc', 'mae', 'mse',
                                  'crossentropy', 'ce',
                                  'mean_absolute_error'])
    assert model.metrics_names == ['loss', 'accuracy', 'acc', 'mae', 'mse',
                                   'crossentropy', 'ce',
                                   'mean_absolute_error']
    history = model.fit(X, Y, epochs=1, validation_split=0.2, verbose=0)
    assert sorted(history.history) == sorted(
        model.metrics_names + ['val_' + n for n in model.metrics_names])
    assert 'val_mae' in history.history
    twice = linear_model(metrics=['mae'], weighted_metrics=['mae'])
    assert twice.metrics_names == ['loss', 'mae', 'mae_1']
    # Functions and Metric objects log under their names.
    objects = linear_model(metrics=[metrics.mean_absolute_error,
                                    metrics.MeanSquaredError(),
                                    metrics.MeanSquaredError(name='sq')])
    assert objects.metrics_names == ['loss', 'mean_absolute_error',
                                     'mean_squared_error', 'sq']


def test_multi_output_names_losses_and_weights():
    inputs = Input((3,))
    first = Dense(2, name='first')(inputs)
    second = Dense(1, name='second')(inputs)
    model = Model(inputs, [first, second])
    w2 = RNG.uniform(-1, 1, (3, 1)).astype('float32')
    model.set_weights([W, B, w2, np.zeros(1, 'float32')])
    model.compile('sgd', loss={'first': 'mse', 'second': 'mae'},
                  loss_weights={'first': 2., 'second': 0.5},
                  metrics={'second': ['accuracy']})
    assert model.metrics_names == ['loss', 'first_loss', 'second_loss',
                                   'second_accuracy']
    y2 = (RNG.uniform(size=(10, 1)) > 0.5).astype('float32')
    loss, first_loss, second_loss, accuracy = model.evaluate(
        X, {'first': Y, 'second': y2}, verbose=0)
    pred2 = X.dot(w2)
    expected_first = mse_per_sample(W, B, X, Y).mean()
    expected_second = np.abs(pred2 - y2).mean()
    np.testing.assert_allclose(first_loss, expected_first, rtol=1e-5)
    np.testing.assert_allclose(second_loss, expected_second, rtol=1e-5)
    np.testing.assert_allclose(loss, 2 * expected_first +
                               0.5 * expected_second, rtol=1e-5)
    # 'accuracy' with one output unit is the binary accuracy.
    np.testing.assert_allclose(accuracy, (np.round(pred2) == y2).mean(),
                               rtol=1e-5)


def test_output_without_loss_takes_no_targets():
    from keras.layers import Activation
    inputs = Input((3,))
    trained = Dense(2, name='trained')(inputs)
    ignored = Activation('tanh', name='ignored')(trained)
    model = Model(inputs, [trained, ignored])
    with pytest.warns(UserWarning, match='ignored missing from loss'):
        model.compile('sgd', loss={'trained': 'mse'})
    assert model.metrics_names == ['loss', 'trained_loss']
    history = model.fit(X, Y, epochs=1, verbose=0)
    assert sorted(history.history) == ['loss', 'trained_loss']
    model.compile('sgd', loss=[None, 'mse'])
    assert model.metrics_names == ['loss', 'ignored_loss']
    model.fit(X, np.zeros((10, 2)), epochs=1, verbose=0)
    # Weights that no loss depends on cannot be trained (Keras 2 raises).
    model = Model(inputs, [trained, Dense(4, name='unused')(inputs)])
    model.compile('sgd', loss=['mse', None])
    with pytest.raises(ValueError, match='None` for gradient.*unused'):
        model.fit(X, Y, epochs=1, verbose=0)


def test_accuracy_resolution_from_output_and_loss():
    inputs = Input((3,))
    outputs = Dense(3, activation='softmax')(inputs)
    model = Model(inputs, outputs)
    labels = np.array([0, 2, 1, 1, 0, 2, 2, 1, 0, 0])
    probs = model.predict(X)
    hits = (probs.argmax(-1) == labels).mean()
    model.compile('sgd', 'sparse_categorical_crossentropy',
                  metrics=['accuracy'])
    np.testing.assert_allclose(model.evaluate(X, labels, verbose=0)[1],
                               hits, rtol=1e-6)
    model.compile('sgd', 'categorical_crossentropy', metrics=['acc'])
    np.testing.assert_allclose(
        model.evaluate(X, np.eye(3)[labels], verbose=0)[1], hits,
        rtol=1e-6)
    expected = -np.log(np.clip(probs[np.arange(10), labels], 1e-7,
                               1 - 1e-7)).mean()
    np.testing.assert_allclose(model.evaluate(X, np.eye(3)[labels],
                                              verbose=0)[0], expected,
                               rtol=1e-5)


def test_validation_split_holds_out_the_last_samples():
    model = linear_model(optimizer=optimizers.SGD(lr=0.))
    history = model.fit(X, Y, epochs=1, validation_split=0.3, verbose=0)
    np.testing.assert_allclose(history.history['val_loss'][0],
                               mse_per_sample(W, B, X[7:], Y[7:]).mean(),
                               rtol=1e-5)
    np.testing.assert_allclose(history.history['loss'][0],
                               mse_per_sample(W, B, X[:7], Y[:7]).mean(),
                               rtol=1e-5)


def test_validation_data_with_sample_weights():
    model = linear_model(optimizer=optimizers.SGD(lr=0.))
    weights = np.linspace(0., 2., 4)
    history = model.fit(X[:6], Y[:6], epochs=1, verbose=0,
                        validation_data=(X[6:], Y[6:], weights))
    per_sample = mse_per_sample(W, B, X[6:], Y[6:])
    np.testing.assert_allclose(history.history['val_loss'][0],
                               (per_sample * weights).sum() / 4, rtol=1e-5)
    with pytest.raises(ValueError, match='must contain 2'):
        model.fit(X, Y, validation_data=(X,), verbose=0)


def test_sample_weight_and_class_weight():
    model = linear_model(optimizer=optimizers.SGD(lr=0.))
    per_sample = mse_per_sample(W, B, X, Y)
    weights = RNG.uniform(0, 2, 10)
    history = model.fit(X, Y, sample_weight=weights, batch_size=10,
                        epochs=1, verbose=0)
    # Keras 2.3: sum(weight * loss) / number of samples.
    np.testing.assert_allclose(history.history['loss'][0],
                               (weights * per_sample).mean(), rtol=1e-5)

    inputs = Input((3,))
    model = Model(inputs, Dense(2, activation='softmax')(inputs))
    model.compile(optimizers.SGD(lr=0.), 'categorical_crossentropy')
    labels = np.array([0, 1, 1, 0, 1, 1, 1, 0, 1, 1])
    probs = model.predict(X)
    per_sample = -np.log(probs[np.arange(10), labels])
    class_weight = {0: 3., 1: 0.5}
    history = model.fit(X, np.eye(2)[labels], class_weight=class_weight,
                        batch_size=10, epochs=1, verbose=0)
    expected = (np.array([class_weight[c] for c in labels]) *
                per_sample).mean()
    np.testing.assert_allclose(history.history['loss'][0], expected,
                               rtol=1e-5)
    with pytest.raises(ValueError, match='must contain all classes'):
        model.fit(X, np.eye(2)[labels], class_weight={0: 1.}, verbose=0)


def test_sample_weight_training_step():
    model = linear_model()
    weights = RNG.uniform(0, 2, 10)
    model.fit(X, Y, sample_weight=weights, batch_size=10, epochs=1,
              verbose=0)
    w, b = sgd_step(W, B, X, Y, lr=0.1, sample_weight=weights)
    np.testing.assert_allclose(model.get_weights()[0], w, rtol=1e-4,
                               atol=1e-6)
    np.testing.assert_allclose(model.get_weights()[1], b, rtol=1e-4,
                               atol=1e-6)


class BatchRecorder(callbacks.Callback):
    """Records the logs and params callbacks receive."""

    def on_train_begin(self, logs=None):
        self.batches = []
        self.epochs = []

    def on_batch_end(self, batch, logs=None):
        self.batches.append(dict(logs))

    def on_epoch_end(self, epoch, logs=None):
        self.epochs.append((epoch, dict(logs)))


def test_shuffle_modes():
    model = linear_model(optimizer=optimizers.SGD(lr=0.))
    per_sample = mse_per_sample(W, B, X, Y)
    batch_losses = [per_sample[i:i + 3].mean() for i in range(0, 10, 3)]
    recorder = BatchRecorder()
    model.fit(X, Y, batch_size=3, shuffle=False, verbose=0,
              callbacks=[recorder])
    np.testing.assert_allclose([b['loss'] for b in recorder.batches],
                               batch_losses, rtol=1e-5)
    assert [b['size'] for b in recorder.batches] == [3, 3, 3, 1]

    np.random.seed(4)
    model.fit(X, Y, batch_size=3, shuffle='batch', epochs=3, verbose=0,
              callbacks=[recorder])
    for epoch in range(3):
        losses = [b['loss'] for b in recorder.batches[4 * epoch:
                                                      4 * epoch + 4]]
        # Whole batches are permuted; the short last batch stays last.
        np.testing.assert_allclose(sorted(losses[:3]),
                                   sorted(batch_losses[:3]), rtol=1e-5)
        np.testing.assert_allclose(losses[3], batch_losses[3], rtol=1e-5)

    model.fit(X, Y, batch_size=3, shuffle=True, verbose=0,
              callbacks=[recorder])
    losses = [b['loss'] for b in recorder.batches]
    # Every sample once per epoch, whatever the order.
    np.testing.assert_allclose(
        sum(l * b['size'] for l, b in zip(losses, recorder.batches)),
        per_sample.sum(), rtol=1e-5)


def test_callback_params_initial_epoch_and_validation_freq():
    model = linear_model(metrics=['mae'])
    recorder = BatchRecorder()
    history = model.fit(X, Y, batch_size=4, epochs=5, initial_epoch=1,
                        validation_split=0.2, validation_freq=2,
                        verbose=0, callbacks=[recorder])
    assert recorder.params == {
        'batch_size': 4, 'epochs': 5, 'steps': None, 'samples': 8,
        'verbose': 0, 'do_validation': True,
        'metrics': ['loss', 'mae', 'val_loss', 'val_mae']}
    assert history.epoch == [1, 2, 3, 4]
    assert len(history.history['loss']) == 4
    # Validation after 1-based epochs 2 and 4 only.
    assert [e for e, logs in recorder.epochs if 'val_loss' in logs] == [1, 3]
    assert len(history.history['val_loss']) == 2
    recorder = BatchRecorder()
    model.fit(X, Y, epochs=4, validation_split=0.2, validation_freq=[1, 4],
              verbose=0, callbacks=[recorder])
    assert [e for e, logs in recorder.epochs if 'val_loss' in logs] == [0, 3]


def test_epoch_metrics_are_reset_each_epoch():
    model = linear_model(metrics=['mae'], optimizer=optimizers.SGD(lr=0.))
    history = model.fit(X, Y, batch_size=4, epochs=2, verbose=0)
    expected = np.abs(X.dot(W) + B - Y).mean()
    np.testing.assert_allclose(history.history['mae'],
                               [expected, expected], rtol=1e-5)


def test_steps_per_epoch_on_arrays():
    model = linear_model()
    recorder = BatchRecorder()
    model.fit(X, Y, steps_per_epoch=3, epochs=1, verbose=0,
              callbacks=[recorder])
    assert recorder.params['steps'] == 3
    assert recorder.params['batch_size'] is None
    assert [b['size'] for b in recorder.batches] == [1, 1, 1]
    w, b = W, B
    for _ in range(3):
        w, b = sgd_step(w, b, X, Y, lr=0.1)
    np.testing.assert_allclose(model.get_weights()[0], w, rtol=1e-4,
                               atol=1e-6)
    with pytest.raises(ValueError, match='validation_steps'):
        model.fit(X, Y, steps_per_epoch=2, validation_data=(X, Y),
                  verbose=0)


def test_stop_training_is_honoured():
    model = linear_model()

    class StopAtOnce(callbacks.Callback):
        def on_batch_end(self, batch, logs=None):
            self.model.stop_training = True

    recorder = BatchRecorder()
    history = model.fit(X, Y, batch_size=2, epochs=5, verbose=0,
                        callbacks=[StopAtOnce(), recorder])
    assert len(recorder.batches) == 1
    assert history.epoch == [0]


def test_learning_rate_variable_and_learning_phase():
    inputs = Input((3,))
    hidden = Dropout(0.5)(inputs)
    model = Model(inputs, Dense(2)(hidden))
    model.set_weights([W, B])
    model.compile(optimizers.SGD(lr=0.), 'mse')
    # Dropout is off at prediction and evaluation (learning phase 0).
    np.testing.assert_allclose(model.predict(X), X.dot(W) + B, rtol=1e-5,
                               atol=1e-6)
    np.testing.assert_allclose(model.evaluate(X, Y, verbose=0),
                               mse_per_sample(W, B, X, Y).mean(), rtol=1e-5)
    # ... and on in training (learning phase 1).
    train_loss = model.train_on_batch(np.ones((200, 3)), np.zeros((200, 2)))
    clean_loss = ((np.ones(3).dot(W) + B) ** 2).mean()
    assert abs(train_loss - clean_loss) > 1e-3
    K.set_value(model.optimizer.lr, 0.1)
    model.train_on_batch(X[:1] * 0, Y[:1])
    # With a zero input only the bias moves, by lr * gradient.
    np.testing.assert_allclose(model.get_weights()[1],
                               B - 0.1 * 2 * (B - Y[0]) / 2, rtol=1e-5)


def test_regularization_losses_join_the_total_loss():
    from keras import regularizers
    inputs = Input((3,))
    layer = Dense(2, kernel_regularizer=regularizers.l2(0.1))
    model = Model(inputs, layer(inputs))
    model.set_weights([W, B])
    model.compile('sgd', 'mse')
    np.testing.assert_allclose(
        model.evaluate(X, Y, verbose=0),
        mse_per_sample(W, B, X, Y).mean() + 0.1 * (W ** 2).sum(), rtol=1e-5)


def test_temporal_sample_weights():
    inputs = Input((4, 3))
    model = Model(inputs, Dense(2)(inputs))
    model.set_weights([W, B])
    model.compile(optimizers.SGD(lr=0.), 'mse', sample_weight_mode='temporal')
    x = RNG.uniform(-1, 1, (5, 4, 3)).astype('float32')
    y = RNG.uniform(-1, 1, (5, 4, 2)).astype('float32')
    weights = RNG.uniform(0, 1, (5, 4))
    per_step = ((x.dot(W) + B - y) ** 2).mean(-1)
    loss = model.evaluate(x, y, sample_weight=weights, verbose=0)
    np.testing.assert_allclose(loss, (per_step * weights).mean(), rtol=1e-5)
    with pytest.raises(ValueError, match='2D sample_weight'):
        model.evaluate(x, y, sample_weight=weights[:, 0], verbose=0)


def test_masked_loss():
    from keras.layers import Masking
    inputs = Input((4, 3))
    model = Model(inputs, Dense(2)(Masking(0.)(inputs)))
    model.set_weights([W, B])
    model.compile(optimizers.SGD(lr=0.), 'mse')
    x = RNG.uniform(-1, 1, (5, 4, 3)).astype('float32')
    x[:, 1] = 0.
    x[2, 3] = 0.
    y = RNG.uniform(-1, 1, (5, 4, 2)).astype('float32')
    mask = (x != 0).any(-1)
    per_step = ((x.dot(W) + B - y) ** 2).mean(-1)
    np.testing.assert_allclose(model.evaluate(x, y, verbose=0),
                               (per_step * mask).mean(), rtol=1e-5)


def test_sequential_compiled_before_knowing_its_input():
    model = Sequential([Dense(2)])
    model.compile('sgd', 'mse', metrics=['mae'])
    history = model.fit(X, Y, epochs=2, verbose=0)
    assert sorted(history.history) == ['loss', 'mae']
    assert model.predict(X).shape == (10, 2)


def test_legacy_nb_epoch():
    model = linear_model()
    with pytest.warns(UserWarning, match='nb_epoch'):
        history = model.fit(X, Y, nb_epoch=2, verbose=0)
    assert history.epoch == [0, 1]
    with pytest.raises(TypeError, match='Unrecognized keyword arguments'):
        model.fit(X, Y, epoch=2)


def test_add_loss_and_add_metric():
    inputs = Input((3,))
    outputs = Dense(2)(inputs)
    model = Model(inputs, outputs)
    model.set_weights([W, B])
    model.add_loss(0.5 * K.mean(K.square(outputs)))
    model.add_metric(K.mean(outputs), name='mean_output')
    model.compile(optimizers.SGD(lr=0.), 'mse', metrics=['mae'])
    assert model.metrics_names == ['loss', 'mae', 'mean_output']
    loss, _, mean_output = model.evaluate(X, Y, batch_size=10, verbose=0)
    prediction = X.dot(W) + B
    np.testing.assert_allclose(
        loss, ((prediction - Y) ** 2).mean() + 0.5 * (prediction ** 2).mean(),
        rtol=1e-5)
    np.testing.assert_allclose(mean_output, prediction.mean(), rtol=1e-5)


def test_target_tensors():
    inputs = Input((3,))
    model = Model(inputs, Dense(2)(inputs))
    model.set_weights([W, B])
    model.compile(optimizers.SGD(lr=0.), 'mse', target_tensors=[K.variable(Y)])
    np.testing.assert_allclose(model.train_on_batch(X, None),
                               mse_per_sample(W, B, X, Y).mean(), rtol=1e-5)


def test_subclassed_model_builds_from_data_and_trains():
    class TwoLayers(Model):
        def __init__(self):
            super(TwoLayers, self).__init__()
            self.hidden = Dense(4, activation='tanh')
            self.head = Dense(2)

        def call(self, inputs):
            return self.head(self.hidden(inputs))

    model = TwoLayers()
    model.compile(optimizers.SGD(lr=0.1), 'mse', metrics=['mae'])
    history = model.fit(X, Y, batch_size=10, epochs=3, verbose=0)
    assert history.history['loss'][-1] < history.history['loss'][0]
    assert model.metrics_names == ['loss', 'mae']
    w1, b1, w2, b2 = [K.get_value(w) for w in model.trainable_weights]
    np.testing.assert_allclose(model.predict(X),
                               np.tanh(X.dot(w1) + b1).dot(w2) + b2,
                               rtol=1e-4, atol=1e-5)
