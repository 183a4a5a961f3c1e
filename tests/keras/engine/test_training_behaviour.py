"""Training behaviour that layers rely on, as Keras 2.3.1 has it: output
masks weighting the loss and the metrics, temporal sample weights, metrics
reported per output, the learning phase inside nested models and wrapper
layers, and stateful models (reset_states, shuffle=False, batch sizes).
Every expected value is counted by hand with numpy."""
import numpy as np
import pytest

from keras import backend as K
from keras import callbacks
from keras import metrics
from keras import optimizers
from keras.engine.base_layer import Layer
from keras.layers import Dense
from keras.layers import Dropout
from keras.layers import Input
from keras.layers import Lambda
from keras.layers import Masking
from keras.models import Model
from keras.models import Sequential

pytestmark = pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')

RNG = np.random.RandomState(6)
W = RNG.uniform(-1, 1, (3, 2)).astype('float32')
B = np.array([0.1, -0.2], dtype='float32')


def sequences(batch=4, steps=5, masked=((0, 1), (2, 3), (2, 4))):
    """(batch, steps, 3) inputs with all-zero (masked) timesteps, targets
    and the mask (True where kept)."""
    x = RNG.uniform(-1, 1, (batch, steps, 3)).astype('float32')
    for sample, step in masked:
        x[sample, step] = 0.
    y = RNG.uniform(-1, 1, (batch, steps, 2)).astype('float32')
    return x, y, (x != 0).any(-1)


def masked_dense_model(**compile_kwargs):
    inputs = Input((None, 3))
    model = Model(inputs, Dense(2)(Masking(0.)(inputs)))
    model.set_weights([W, B])
    compile_kwargs.setdefault('optimizer', optimizers.SGD(lr=0.))
    compile_kwargs.setdefault('loss', 'mse')
    model.compile(**compile_kwargs)
    return model


def squared_error(x, y):
    """Per-timestep mean squared error of x.W + b against y."""
    return ((x.dot(W) + B - y) ** 2).mean(-1)


# Masks reach the loss.

def test_masked_timesteps_add_nothing_to_loss_or_metrics():
    x, y, mask = sequences()
    model = masked_dense_model(metrics=['mae'])
    per_step = squared_error(x, y)
    abs_error = np.abs(x.dot(W) + B - y).mean(-1)
    loss, mae = model.evaluate(x, y, batch_size=4, verbose=0)
    # Keras 2.3.1 (training.py `_prepare_total_loss`): the mask joins the
    # sample weights, and the mean divides by every timestep of the batch.
    np.testing.assert_allclose(loss, (per_step * mask).sum() / mask.size,
                               rtol=1e-5)
    # Metrics take the mask as weights: a mean over the kept timesteps.
    np.testing.assert_allclose(mae, (abs_error * mask).sum() / mask.sum(),
                               rtol=1e-5)
    # Whatever the targets of the masked timesteps, nothing changes.
    y_other = y.copy()
    y_other[~mask] = 100.
    np.testing.assert_allclose(model.evaluate(x, y_other, batch_size=4,
                                              verbose=0), [loss, mae],
                               rtol=1e-5)


@pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano', 'numpy')
def test_weighted_masked_objective_means_over_unmasked_entries():
    from keras import losses
    from keras.engine.training_utils import weighted_masked_objective
    objective = weighted_masked_objective(losses.mean_absolute_error)
    x = np.arange(24, dtype='float32').reshape((3, 4, 2))
    y = 2 * x
    weights = np.array([1., 0., 2.], dtype='float32')
    mask = np.ones((3, 4), dtype='float32')
    mask[0, 1] = mask[2, 3] = 0.
    value = K.eval(objective(K.constant(y), K.constant(x),
                             K.constant(weights), K.constant(mask)))
    # Per step |y - x| averaged over features; masked steps removed and
    # the rest scaled by 1 / mean(mask); per sample means, weighted, and
    # scaled by 1 / (fraction of non-zero weights).
    per_step = np.abs(y - x).mean(-1) * mask / (mask.mean() + K.epsilon())
    per_sample = per_step.mean(-1) * weights / (weights != 0).mean()
    np.testing.assert_allclose(value, per_sample.mean(), rtol=1e-5)
    assert weighted_masked_objective(None) is None


def test_masked_loss_with_sample_weights():
    x, y, mask = sequences()
    model = masked_dense_model()
    weights = np.array([0.5, 2., 1., 0.], dtype='float32')
    per_step = squared_error(x, y)
    expected = (per_step * mask * weights[:, None]).sum() / mask.size
    np.testing.assert_allclose(
        model.evaluate(x, y, sample_weight=weights, batch_size=4, verbose=0),
        expected, rtol=1e-5)


def test_masked_timesteps_do_not_move_the_weights():
    x, y, mask = sequences()
    y_other = y.copy()
    y_other[~mask] = -50.
    first = masked_dense_model(optimizer=optimizers.SGD(lr=0.1))
    first.train_on_batch(x, y)
    second = masked_dense_model(optimizer=optimizers.SGD(lr=0.1))
    second.train_on_batch(x, y_other)
    for a, b in zip(first.get_weights(), second.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    # The step is the gradient of sum(mask * error^2 / 2) / (batch * steps).
    error = x.dot(W) + B - y
    grad_pred = 2 * error / 2 * mask[..., None] / mask.size
    kernel = W - 0.1 * np.einsum('bti,btj->ij', x, grad_pred)
    bias = B - 0.1 * grad_pred.sum((0, 1))
    np.testing.assert_allclose(first.get_weights()[0], kernel, rtol=1e-4,
                               atol=1e-6)
    np.testing.assert_allclose(first.get_weights()[1], bias, rtol=1e-4,
                               atol=1e-6)


def test_mask_of_a_lambda_layer_reaches_the_loss():
    x, y, _ = sequences(masked=())
    # The mask comes from the Lambda's `mask` function, not from zeros.
    keep = x[..., 0] > 0
    inputs = Input((None, 3))
    hidden = Lambda(lambda t: t,
                    mask=lambda t, m: K.greater(t[..., 0], 0.))(inputs)
    model = Model(inputs, Dense(2)(hidden))
    model.set_weights([W, B])
    model.compile(optimizers.SGD(lr=0.), 'mse')
    per_step = squared_error(x, y)
    np.testing.assert_allclose(model.evaluate(x, y, verbose=0),
                               (per_step * keep).sum() / keep.size,
                               rtol=1e-5)


class TokensToVectors(Layer):
    """Integer tokens (batch, steps) -> one-hot vectors, masking token 0
    as Embedding(mask_zero=True) does (kept here: the test is about the
    engine, not about Embedding)."""

    def __init__(self, vocabulary, **kwargs):
        super(TokensToVectors, self).__init__(**kwargs)
        self.vocabulary = vocabulary

    def call(self, inputs):
        return K.one_hot(K.cast(inputs, 'int32'), self.vocabulary)

    def compute_mask(self, inputs, mask=None):
        return K.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.vocabulary,)


def test_token_mask_weights_a_sparse_crossentropy_per_timestep():
    tokens = np.array([[1, 2, 0, 0], [3, 1, 2, 0]], dtype='int32')
    labels = np.array([[1, 0, 2, 2], [2, 2, 1, 0]])
    inputs = Input((4,), dtype='int32')
    vectors = TokensToVectors(4)(inputs)
    kernel = RNG.uniform(-1, 1, (4, 3)).astype('float32')
    model = Model(inputs, Dense(3, activation='softmax')(vectors))
    model.set_weights([kernel, np.zeros(3, 'float32')])
    model.compile(optimizers.SGD(lr=0.), 'sparse_categorical_crossentropy',
                  metrics=['accuracy'])
    logits = np.eye(4)[tokens].dot(kernel)
    probs = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    per_step = -np.log(np.take_along_axis(probs, labels[..., None],
                                          -1)[..., 0])
    mask = tokens != 0
    hits = probs.argmax(-1) == labels
    loss, accuracy = model.evaluate(tokens, labels[..., None], verbose=0)
    np.testing.assert_allclose(loss, (per_step * mask).sum() / mask.size,
                               rtol=1e-5)
    np.testing.assert_allclose(accuracy, (hits * mask).sum() / mask.sum(),
                               rtol=1e-5)


# sample_weight_mode='temporal'.

def temporal_model(**compile_kwargs):
    inputs = Input((5, 3))
    model = Model(inputs, Dense(2)(inputs))
    model.set_weights([W, B])
    compile_kwargs.setdefault('optimizer', optimizers.SGD(lr=0.))
    model.compile(loss='mse', sample_weight_mode='temporal',
                  **compile_kwargs)
    return model


def test_temporal_weights_weight_each_timestep():
    x, y, _ = sequences(masked=())
    weights = RNG.uniform(0, 2, (4, 5)).astype('float32')
    weights[1] = 0.
    model = temporal_model(metrics=['mae'], weighted_metrics=['mae'])
    assert model.metrics_names == ['loss', 'mae', 'mae_1']
    per_step = squared_error(x, y)
    abs_error = np.abs(x.dot(W) + B - y).mean(-1)
    loss, mae, weighted_mae = model.evaluate(x, y, sample_weight=weights,
                                             batch_size=4, verbose=0)
    np.testing.assert_allclose(loss, (per_step * weights).sum() / 20,
                               rtol=1e-5)
    np.testing.assert_allclose(mae, abs_error.mean(), rtol=1e-5)
    np.testing.assert_allclose(weighted_mae, (abs_error * weights).sum() /
                               weights.sum(), rtol=1e-5)
    # Batches of 3 and 1: the loss averages per sample over batches.
    loss = model.evaluate(x, y, sample_weight=weights, batch_size=3,
                          verbose=0)[0]
    np.testing.assert_allclose(
        loss, ((per_step[:3] * weights[:3]).sum() / 15 * 3 +
               (per_step[3:] * weights[3:]).sum() / 5) / 4, rtol=1e-5)


def test_temporal_weights_training_step():
    x, y, _ = sequences(masked=())
    weights = RNG.uniform(0, 2, (4, 5)).astype('float32')
    model = temporal_model(optimizer=optimizers.SGD(lr=0.1))
    model.fit(x, y, sample_weight=weights, batch_size=4, epochs=1,
              verbose=0)
    error = x.dot(W) + B - y
    grad_pred = 2 * error / 2 * weights[..., None] / weights.size
    kernel = W - 0.1 * np.einsum('bti,btj->ij', x, grad_pred)
    np.testing.assert_allclose(model.get_weights()[0], kernel, rtol=1e-4,
                               atol=1e-6)


def test_temporal_weights_combine_with_the_mask():
    x, y, mask = sequences()
    weights = RNG.uniform(0, 2, (4, 5)).astype('float32')
    model = masked_dense_model(sample_weight_mode='temporal')
    np.testing.assert_allclose(
        model.evaluate(x, y, sample_weight=weights, batch_size=4, verbose=0),
        (squared_error(x, y) * weights * mask).sum() / mask.size, rtol=1e-5)


def test_temporal_weight_errors():
    x, y, _ = sequences(masked=())
    model = temporal_model()
    with pytest.raises(ValueError, match='2D sample_weight'):
        model.fit(x, y, sample_weight=np.ones(4), verbose=0)
    with pytest.raises(ValueError, match='cannot be broadcast'):
        model.fit(x, y, sample_weight=np.ones((4, 4)), verbose=0)
    with pytest.raises(ValueError, match='cannot be broadcast'):
        model.fit(x, y, sample_weight=np.ones((3, 5)), verbose=0)
    with pytest.raises(ValueError, match='3\\+ dimensional targets'):
        model.fit(x, y, class_weight={0: 1., 1: 2.}, verbose=0)
    # 2D weights need sample_weight_mode='temporal' ...
    per_sample = masked_dense_model()
    with pytest.raises(ValueError, match='sample_weight_mode="temporal"'):
        per_sample.fit(x, y, sample_weight=np.ones((4, 5)), verbose=0)
    # ... which needs outputs with a time axis.
    inputs = Input((3,))
    flat = Model(inputs, Dense(2)(inputs))
    flat.compile('sgd', 'mse', sample_weight_mode='temporal')
    with pytest.raises(ValueError, match='at least 3D'):
        flat.fit(np.ones((4, 3)), np.ones((4, 2)),
                 sample_weight=np.ones((4, 1)), verbose=0)
    with pytest.raises(ValueError, match='sample_weight_mode.*"temporal"'
                                         '.*received \'sample\''):
        flat.compile('sgd', 'mse', sample_weight_mode='sample')


def test_temporal_mode_per_output():
    inputs = Input((5, 3))
    first = Dense(2, name='first')(inputs)
    second = Dense(2, name='second')(inputs)
    model = Model(inputs, [first, second])
    model.set_weights([W, B, W, B])
    model.compile(optimizers.SGD(lr=0.), 'mse',
                  sample_weight_mode={'first': 'temporal', 'second': None})
    x, y, _ = sequences(masked=())
    temporal = RNG.uniform(0, 2, (4, 5)).astype('float32')
    per_sample = RNG.uniform(0, 2, 4).astype('float32')
    loss, first_loss, second_loss = model.evaluate(
        x, [y, y], sample_weight={'first': temporal, 'second': per_sample},
        batch_size=4, verbose=0)
    per_step = squared_error(x, y)
    np.testing.assert_allclose(first_loss, (per_step * temporal).mean(),
                               rtol=1e-5)
    np.testing.assert_allclose(second_loss,
                               (per_step * per_sample[:, None]).mean(),
                               rtol=1e-5)
    np.testing.assert_allclose(loss, first_loss + second_loss, rtol=1e-5)


# Metrics of multi-output models.

def two_output_model():
    inputs = Input((3,))
    model = Model(inputs, [Dense(2, name='output_1')(inputs),
                           Dense(2, name='output_2')(inputs)])
    w2 = RNG.uniform(-1, 1, (3, 2)).astype('float32')
    model.set_weights([W, B, w2, np.zeros(2, 'float32')])
    return model, w2


@pytest.mark.parametrize('metric,logged', [
    (metrics.MeanSquaredError(), 'mean_squared_error'),
    (metrics.mean_squared_error, 'mean_squared_error'),
    ('mse', 'mse'),
    (metrics.MeanSquaredError(name='sq'), 'sq'),
    (metrics.MeanMetricWrapper(lambda t, p: K.mean(K.square(t - p), -1),
                               name='custom'), 'custom'),
], ids=['object', 'function', 'string', 'named-object', 'user-wrapper'])
def test_a_metric_given_once_is_reported_for_every_output(metric, logged):
    model, w2 = two_output_model()
    model.compile(optimizers.SGD(lr=0.), 'mae', metrics=[metric])
    assert model.metrics_names == [
        'loss', 'output_1_loss', 'output_2_loss', 'output_1_' + logged,
        'output_2_' + logged]
    x = RNG.uniform(-1, 1, (6, 3)).astype('float32')
    y1 = RNG.uniform(-1, 1, (6, 2)).astype('float32')
    y2 = RNG.uniform(-1, 1, (6, 2)).astype('float32')
    outs = model.evaluate(x, [y1, y2], batch_size=4, verbose=0)
    mse1 = ((x.dot(W) + B - y1) ** 2).mean()
    mse2 = ((x.dot(w2) - y2) ** 2).mean()
    np.testing.assert_allclose(outs[3:], [mse1, mse2], rtol=1e-5)
    history = model.fit(x, [y1, y2], epochs=1, verbose=0,
                        validation_data=(x, [y1, y2]))
    for name in ('output_1_' + logged, 'output_2_' + logged):
        assert name in history.history and 'val_' + name in history.history
    np.testing.assert_allclose(history.history['val_output_2_' + logged],
                               [mse2], rtol=1e-5)
    if isinstance(metric, metrics.Metric):
        # The object given keeps its name; each output has its own copy.
        assert metric.name == logged
        assert not any(m is metric for m in model.metrics)


def test_metrics_per_output_from_a_dict_and_weighted_metrics():
    model, w2 = two_output_model()
    model.compile(optimizers.SGD(lr=0.), 'mse',
                  metrics={'output_2': ['mae']},
                  weighted_metrics=[metrics.MeanAbsoluteError()])
    # Output by output: its metrics, then its weighted metrics.
    assert model.metrics_names == [
        'loss', 'output_1_loss', 'output_2_loss',
        'output_1_mean_absolute_error', 'output_2_mae',
        'output_2_mean_absolute_error']
    x = RNG.uniform(-1, 1, (4, 3)).astype('float32')
    y = RNG.uniform(-1, 1, (4, 2)).astype('float32')
    weights = np.array([1., 0., 2., 1.], dtype='float32')
    outs = model.evaluate(x, [y, y], sample_weight=[weights, weights],
                          verbose=0)
    ae1 = np.abs(x.dot(W) + B - y).mean(-1)
    ae2 = np.abs(x.dot(w2) - y).mean(-1)
    np.testing.assert_allclose(
        outs[3:], [(ae1 * weights).sum() / weights.sum(), ae2.mean(),
                   (ae2 * weights).sum() / weights.sum()], rtol=1e-5)


# The learning phase inside nested models and wrappers.

class Phase(Layer):
    """Outputs ones in the training phase and zeros otherwise."""

    def call(self, inputs):
        return K.in_train_phase(K.ones_like(inputs), K.zeros_like(inputs))


class Wrapper(Layer):
    """A layer calling another layer inside its `call`, as wrappers do."""

    def __init__(self, layer, **kwargs):
        super(Wrapper, self).__init__(**kwargs)
        self.layer = layer

    def call(self, inputs):
        return self.layer(inputs) * 1.


class PhaseSteps(Layer):
    """K.rnn whose step adds 1 in the training phase (as recurrent
    dropout depends on the phase inside the loop): (batch, steps, n) ->
    (batch, n), the number of steps when training, else 0."""

    def call(self, inputs):
        def step(x_t, states):
            out = states[0] + K.in_train_phase(K.ones_like(x_t),
                                               K.zeros_like(x_t))
            return out, [out]
        initial = K.zeros_like(inputs[:, 0])
        last, _, _ = K.rnn(step, inputs, [initial])
        return last

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[2])


def phase_of(model, data):
    """The model's output in the test (0) and training (1) phases."""
    outputs = []
    for phase in (0, 1):
        f = K.function(model.inputs + [K.learning_phase()], model.outputs)
        outputs.append(f([data, phase])[0])
    return outputs


def nested_models():
    """Models with the phase-dependent layer nested in several ways."""
    def sequential_in_functional():
        inner = Sequential([Phase(input_shape=(4,))])
        inputs = Input((4,))
        return Model(inputs, inner(inputs))

    def functional_in_sequential():
        inputs = Input((4,))
        inner = Model(inputs, Phase()(inputs))
        return Sequential([inner])

    def two_levels():
        inputs = Input((4,))
        inner = Model(inputs, Phase()(inputs))
        middle = Sequential([inner])
        outer_inputs = Input((4,))
        return Model(outer_inputs, middle(outer_inputs))

    def wrapper():
        inputs = Input((4,))
        return Model(inputs, Wrapper(Phase())(inputs))

    def wrapped_model():
        inner = Sequential([Phase(input_shape=(4,))])
        inputs = Input((4,))
        return Model(inputs, Wrapper(inner)(inputs))

    return [sequential_in_functional, functional_in_sequential, two_levels,
            wrapper, wrapped_model]


@pytest.mark.parametrize('build', nested_models(),
                         ids=lambda f: f.__name__)
def test_learning_phase_reaches_nested_layers(build):
    model = build()
    data = np.full((3, 4), 5., dtype='float32')
    test_output, train_output = phase_of(model, data)
    np.testing.assert_allclose(test_output, np.zeros((3, 4)))
    np.testing.assert_allclose(train_output, np.ones((3, 4)))
    assert model.uses_learning_phase
    # predict and evaluate run the test phase; fit and train_on_batch the
    # training phase.
    np.testing.assert_allclose(model.predict(data), np.zeros((3, 4)))
    model.compile(optimizers.SGD(lr=0.), 'mae')
    target = np.zeros((3, 4), dtype='float32')
    assert model.evaluate(data, target, verbose=0) == 0.
    assert model.train_on_batch(data, target) == 1.
    history = model.fit(data, target, epochs=1, verbose=0)
    np.testing.assert_allclose(history.history['loss'], [1.])


def test_learning_phase_reaches_a_loop_in_a_nested_model():
    inner = Sequential([PhaseSteps(input_shape=(3, 2))])
    inputs = Input((3, 2))
    model = Model(inputs, inner(inputs))
    data = np.ones((2, 3, 2), dtype='float32')
    test_output, train_output = phase_of(model, data)
    np.testing.assert_allclose(test_output, np.zeros((2, 2)))
    np.testing.assert_allclose(train_output, np.full((2, 2), 3.))
    model.compile(optimizers.SGD(lr=0.), 'mae')
    assert model.train_on_batch(data, np.zeros((2, 2))) == 3.


def test_dropout_in_a_nested_model_trains_with_dropout():
    inner = Sequential([Dropout(0.5, input_shape=(100,))])
    inputs = Input((100,))
    model = Model(inputs, inner(inputs))
    data = np.ones((20, 100), dtype='float32')
    test_output, train_output = phase_of(model, data)
    np.testing.assert_allclose(test_output, data)
    # Training: each unit dropped (0) or scaled by 1 / (1 - rate) = 2.
    assert set(np.unique(train_output)) <= {0., 2.}
    assert 0.3 < (train_output == 0).mean() < 0.7
    model.compile(optimizers.SGD(lr=0.), 'mse')
    target = np.zeros_like(data)
    assert model.evaluate(data, target, verbose=0) == 1.
    # mse over a dropped-or-doubled output: 4 * (fraction kept).
    loss = model.train_on_batch(data, target)
    assert 1.2 < loss < 2.8
    loss = model.fit(data, target, epochs=1, verbose=0).history['loss'][0]
    assert 1.2 < loss < 2.8


# Stateful models.

class RunningSum(Layer):
    """A stateful layer: its output is its state plus kernel * inputs, and
    the state becomes that output (one state row per batch position)."""

    def __init__(self, **kwargs):
        super(RunningSum, self).__init__(**kwargs)
        self.stateful = True
        self.resets = 0

    def build(self, input_shape):
        self.kernel = self.add_weight(name='kernel', shape=(input_shape[-1],),
                                      initializer='ones')
        # In a list, as RNN keeps its states: not a tracked weight.
        self.states = [K.zeros(tuple(input_shape))]
        self.built = True

    def call(self, inputs):
        output = self.states[0] + inputs * self.kernel
        self.add_update([(self.states[0], output)], inputs)
        return output

    def reset_states(self):
        self.resets += 1
        K.set_value(self.states[0], np.zeros(K.int_shape(self.states[0])))


def running_sums(x, batch_size):
    """The outputs of RunningSum (kernel ones) on x in order, in batches."""
    state = np.zeros((batch_size,) + x.shape[1:])
    outputs = []
    for start in range(0, len(x), batch_size):
        state = state + x[start:start + batch_size]
        outputs.append(state)
    return np.concatenate(outputs)


def test_stateful_predict_keeps_state_until_reset_states():
    x = RNG.uniform(0, 1, (6, 3)).astype('float32')
    layer = RunningSum(batch_input_shape=(2, 3))
    model = Sequential([layer])
    assert model.stateful
    np.testing.assert_allclose(model.predict(x, batch_size=2),
                               running_sums(x, 2), rtol=1e-5)
    # The state carries over to the next call ...
    expected = running_sums(np.concatenate([x, x]), 2)[6:]
    np.testing.assert_allclose(model.predict(x, batch_size=2), expected,
                               rtol=1e-5)
    # ... until reset_states.
    model.reset_states()
    assert layer.resets == 1
    np.testing.assert_allclose(model.predict(x, batch_size=2),
                               running_sums(x, 2), rtol=1e-5)


def test_reset_states_reaches_stateful_layers_of_nested_models():
    layer = RunningSum()
    inner = Sequential([layer], name='inner')
    inner.build((2, 3))
    inputs = Input(batch_shape=(2, 3))
    model = Model(inputs, Dense(3)(inner(inputs)))
    assert model.stateful and inner.stateful
    model.reset_states()
    assert layer.resets == 1
    x = np.ones((2, 3), dtype='float32')
    model.predict(x, batch_size=2)
    assert np.abs(K.get_value(layer.states[0])).sum() > 0
    model.reset_states()
    assert layer.resets == 2
    np.testing.assert_allclose(K.get_value(layer.states[0]), np.zeros((2, 3)))


class BatchRecorder(callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.losses = []

    def on_batch_end(self, batch, logs=None):
        self.losses.append(logs['loss'])


def test_stateful_fit_without_shuffle_keeps_sample_order():
    x = RNG.uniform(0, 1, (8, 3)).astype('float32')
    y = RNG.uniform(0, 1, (8, 3)).astype('float32')
    layer = RunningSum(batch_input_shape=(2, 3))
    model = Sequential([layer])
    model.compile(optimizers.SGD(lr=0.), 'mse')
    recorder = BatchRecorder()
    model.fit(x, y, batch_size=2, epochs=2, shuffle=False, verbose=0,
              callbacks=[recorder])
    # Epoch 2 continues from epoch 1's state (no reset between epochs).
    sums = running_sums(np.concatenate([x, x]), 2)
    targets = np.concatenate([y, y])
    expected = [((sums[i:i + 2] - targets[i:i + 2]) ** 2).mean()
                for i in range(0, 16, 2)]
    np.testing.assert_allclose(recorder.losses, expected, rtol=1e-5)
    np.testing.assert_allclose(K.get_value(layer.states[0]), sums[-2:],
                               rtol=1e-5)


def test_stateful_training_updates_weights_and_state():
    x = RNG.uniform(0, 1, (4, 3)).astype('float32')
    y = np.zeros((4, 3), dtype='float32')
    layer = RunningSum(batch_input_shape=(2, 3))
    model = Sequential([layer])
    model.compile(optimizers.SGD(lr=0.1), 'mse')
    model.train_on_batch(x[:2], y[:2])
    # output = state (0) + kernel * x: d(mean(out^2))/dkernel.
    grad = (2 * x[:2] * x[:2] / 6.).sum(0)
    kernel = 1. - 0.1 * grad
    np.testing.assert_allclose(K.get_value(layer.kernel), kernel, rtol=1e-5)
    np.testing.assert_allclose(K.get_value(layer.states[0]), x[:2], rtol=1e-5)


def test_stateful_batch_size_must_divide_the_samples():
    x = np.ones((5, 3), dtype='float32')
    model = Sequential([RunningSum(batch_input_shape=(2, 3))])
    model.compile('sgd', 'mse')
    for method in (model.fit, model.evaluate):
        with pytest.raises(ValueError, match='stateful network.*divided by '
                                             'the batch size.*5 samples.*'
                                             'Batch size: 2'):
            method(x, x, batch_size=2, verbose=0)
    with pytest.raises(ValueError, match='divided by the batch size'):
        model.predict(x, batch_size=2)
