"""K.rnn against plain numpy loops written here: a tanh RNN and an
LSTM-like step with two states; masks, go_backwards, unroll, constants,
input_length, static shapes, errors; gradients (central differences of the
numpy backend's forward pass) with respect to inputs, initial states and
captured weights; K.function with updates, the learning phase and random
ops inside the step."""
import numpy as np
import pytest

import keras.backend as K
from backend_harness import Case
from backend_harness import TRAINS
from backend_harness import numeric_gradients
from backend_harness import reference
from keras.backend.symbolic.tensor import KerasTensor

RNG = np.random.RandomState(42)
BATCH, TIME, FEATURES, UNITS = 4, 5, 3, 6


def normal(*shape, scale=1.):
    return (RNG.standard_normal(shape) * scale).astype('float32')


X = normal(BATCH, TIME, FEATURES)
H0 = normal(BATCH, UNITS, scale=.5)
C0 = normal(BATCH, UNITS, scale=.5)
W = normal(FEATURES, UNITS, scale=.5)
U = normal(UNITS, UNITS, scale=.5)
W4 = normal(FEATURES, 4 * UNITS, scale=.5)
U4 = normal(UNITS, 4 * UNITS, scale=.5)
# Sample 0: first step masked; 1: a middle one; 2: the last; 3: all.
MASK = np.ones((BATCH, TIME), dtype=bool)
MASK[0, 0] = MASK[1, 2] = MASK[2, -1] = False
MASK[3, :] = False


# Plain numpy references.

def sigmoid(x):
    return 1. / (1. + np.exp(-x))


def numpy_tanh_step(x_t, states, w=W, u=U):
    h = np.tanh(x_t @ w + states[0] @ u)
    return h, [h]


def numpy_lstm_step(x_t, states, w=W4, u=U4):
    h, c = states
    z = x_t @ w + h @ u
    units = u.shape[0]
    i, f, o = (sigmoid(z[:, k * units:(k + 1) * units]) for k in range(3))
    c = f * c + i * np.tanh(z[:, 3 * units:])
    h = o * np.tanh(c)
    return h, [h, c]


def numpy_rnn(step, inputs, states, go_backwards=False, mask=None):
    """Keras 2.3.1's K.rnn, one step at a time."""
    steps = range(inputs.shape[1])
    if go_backwards:
        steps = reversed(steps)
    outputs, previous = [], None
    for t in steps:
        output, new_states = step(inputs[:, t], states)
        if mask is not None:
            keep = mask[:, t].astype(bool)
            if previous is None:
                previous = np.zeros_like(output)
            output = np.where(keep[:, None], output, previous)
            new_states = [np.where(keep[:, None], new, old)
                          for new, old in zip(new_states, states)]
        states, previous = new_states, output
        outputs.append(output)
    return outputs[-1], np.stack(outputs, axis=1), states


# The same steps with K ops.

def tanh_step(w, u):
    def step(x_t, states):
        h = K.tanh(K.dot(x_t, w) + K.dot(states[0], u))
        return h, [h]
    return step


def lstm_step(w, u):
    units = K.int_shape(u)[0]

    def step(x_t, states):
        h, c = states[0], states[1]
        z = K.dot(x_t, w) + K.dot(h, u)
        i, f, o = (K.sigmoid(z[:, k * units:(k + 1) * units])
                   for k in range(3))
        c = f * c + i * K.tanh(z[:, 3 * units:])
        h = o * K.tanh(c)
        return h, [h, c]
    return step


def run(outputs, inputs, values):
    return K.function(inputs, outputs)(values)


def assert_close(actual, expected):
    np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-5)


MASK_KINDS = [None, 'bool', 'float32']


@pytest.mark.parametrize('unroll', [False, True], ids=['loop', 'unroll'])
@pytest.mark.parametrize('go_backwards', [False, True],
                         ids=['forward', 'backwards'])
@pytest.mark.parametrize('mask_kind', MASK_KINDS)
def test_tanh_rnn_matches_numpy_loop(mask_kind, go_backwards, unroll):
    x = K.placeholder((None, TIME, FEATURES))
    h0 = K.placeholder((None, UNITS))
    inputs, values = [x, h0], [X, H0]
    mask = None
    if mask_kind:
        mask = K.placeholder((None, TIME), dtype=mask_kind)
        inputs.append(mask)
        values.append(MASK.astype(mask_kind))
    last, outputs, states = K.rnn(
        tanh_step(K.variable(W), K.variable(U)), x, [h0],
        go_backwards=go_backwards, mask=mask, unroll=unroll)
    assert len(states) == 1
    got = run([last, outputs, states[0]], inputs, values)
    expected = numpy_rnn(numpy_tanh_step, X, [H0], go_backwards,
                         MASK if mask_kind else None)
    for actual, wanted in zip(got, expected[:2] + tuple(expected[2])):
        assert_close(actual, wanted)


def test_masked_steps_carry_output_and_states():
    # Sample 3 is masked throughout: zeros out, initial state kept.
    x = K.placeholder((None, TIME, FEATURES))
    h0 = K.placeholder((None, UNITS))
    mask = K.placeholder((None, TIME), dtype='bool')
    last, outputs, states = K.rnn(tanh_step(W, U), x, [h0], mask=mask)
    got_last, got, got_state = run([last, outputs, states[0]],
                                   [x, h0, mask], [X, H0, MASK])
    assert_close(got[3], np.zeros((TIME, UNITS)))
    assert_close(got_state[3], H0[3])
    assert_close(got[0, 0], np.zeros(UNITS))  # masked before any step
    assert_close(got[1, 2], got[1, 1])  # a masked step repeats
    assert_close(got[2, -1], got[2, -2])
    assert_close(got_last, got[:, -1])


@pytest.mark.parametrize('go_backwards', [False, True],
                         ids=['forward', 'backwards'])
@pytest.mark.parametrize('mask_kind', [None, 'bool'])
def test_lstm_like_step_with_two_states(mask_kind, go_backwards):
    x = K.placeholder((None, None, FEATURES))
    h0 = K.placeholder((None, UNITS))
    c0 = K.variable(C0)
    inputs, values = [x, h0], [X, H0]
    mask = None
    if mask_kind:
        mask = K.placeholder((None, None), dtype=mask_kind)
        inputs.append(mask)
        values.append(MASK)
    last, outputs, states = K.rnn(
        lstm_step(K.variable(W4), K.variable(U4)), x, [h0, c0],
        go_backwards=go_backwards, mask=mask)
    got = run([last, outputs] + states, inputs, values)
    expected = numpy_rnn(numpy_lstm_step, X, [H0, C0], go_backwards,
                         MASK if mask_kind else None)
    for actual, wanted in zip(got, expected[:2] + tuple(expected[2])):
        assert_close(actual, wanted)


@pytest.mark.parametrize('mask_kind', [None, 'bool'])
def test_unroll_equals_loop(mask_kind):
    x = K.placeholder((None, TIME, FEATURES))
    mask = K.placeholder((None, TIME), dtype='bool') if mask_kind else None
    inputs = [x] + ([mask] if mask_kind else [])
    values = [X] + ([MASK] if mask_kind else [])
    results = []
    for unroll in (False, True):
        for go_backwards in (False, True):
            last, outputs, states = K.rnn(
                lstm_step(W4, U4), x, [K.constant(H0), K.constant(C0)],
                go_backwards=go_backwards, mask=mask, unroll=unroll)
            results.append([last, outputs] + states)
    values = run(results, inputs, values)  # one compilation
    for looped, unrolled in zip(values[:2], values[2:]):
        for a, b in zip(looped, unrolled):
            assert_close(a, b)


def test_constants_follow_the_states():
    x = K.placeholder((None, TIME, FEATURES))
    bias = K.placeholder((None, UNITS))
    scale = K.variable(np.float32(0.5))
    seen = []

    def step(x_t, states):
        seen.append(len(states))
        h, b, s = states
        h = K.tanh(K.dot(x_t, W) + K.dot(h, U) + b) * s
        return h, [h]
    bias_value = normal(BATCH, UNITS)
    last, outputs, states = K.rnn(step, x, [K.zeros((BATCH, UNITS))],
                                  constants=[bias, scale])
    assert seen == [3]  # traced once
    got = run([outputs], [x, bias], [X, bias_value])[0]

    def numpy_step(x_t, states):
        h = np.tanh(x_t @ W + states[0] @ U + bias_value) * .5
        return h, [h]
    _, expected, _ = numpy_rnn(numpy_step, X,
                               [np.zeros((BATCH, UNITS), 'float32')])
    assert_close(got, expected)


def test_output_shape_differs_from_the_state_shape():
    x = K.placeholder((None, None, FEATURES))

    def step(x_t, states):
        h = K.tanh(K.dot(x_t, W) + K.dot(states[0], U))
        return K.concatenate([h, -h]), [h]
    last, outputs, states = K.rnn(step, x, [K.placeholder((None, UNITS))])
    assert K.int_shape(last) == (None, 2 * UNITS)
    assert K.int_shape(outputs) == (None, None, 2 * UNITS)
    assert K.int_shape(states[0]) == (None, UNITS)


@pytest.mark.parametrize('input_shape, state_shape, unroll, input_length, '
                         'expected', [
                             ((None, None, FEATURES), (None, UNITS), False,
                              None, (None, None)),
                             ((BATCH, TIME, FEATURES), (BATCH, UNITS), False,
                              None, (BATCH, TIME)),
                             ((None, TIME, FEATURES), (None, UNITS), True,
                              TIME, (None, TIME)),
                             ((None, None, FEATURES), (None, UNITS), True,
                              TIME, (None, TIME)),
                             ((None, None, FEATURES), (BATCH, UNITS), False,
                              TIME, (BATCH, None)),
                         ])
def test_static_shapes(input_shape, state_shape, unroll, input_length,
                       expected):
    x = K.placeholder(input_shape)
    h0 = K.placeholder(state_shape)
    last, outputs, states = K.rnn(tanh_step(W, U), x, [h0], unroll=unroll,
                                  input_length=input_length)
    batch, time = expected
    assert K.int_shape(last) == (batch, UNITS)
    assert K.int_shape(outputs) == (batch, time, UNITS)
    assert K.int_shape(states[0]) == (batch, UNITS)
    assert K.dtype(outputs) == 'float32'


def test_unroll_with_input_length_over_an_unknown_time_axis():
    x = K.placeholder((None, None, FEATURES))
    h0 = K.placeholder((None, UNITS))
    last, outputs, states = K.rnn(tanh_step(W, U), x, [h0], unroll=True,
                                  input_length=TIME, go_backwards=True)
    got = run([last, outputs, states[0]], [x, h0], [X, H0])
    expected = numpy_rnn(numpy_tanh_step, X, [H0], go_backwards=True)
    for actual, wanted in zip(got, expected[:2] + tuple(expected[2])):
        assert_close(actual, wanted)


def test_rnn_on_concrete_values():
    last, outputs, states = K.rnn(tanh_step(K.constant(W), K.constant(U)),
                                  K.constant(X), [K.constant(H0)],
                                  mask=K.constant(MASK, dtype='bool'),
                                  go_backwards=True)
    assert not any(isinstance(t, KerasTensor)
                   for t in [last, outputs] + states)
    expected = numpy_rnn(numpy_tanh_step, X, [H0], True, MASK)
    assert_close(K.eval(last), expected[0])
    assert_close(K.eval(outputs), expected[1])
    assert_close(K.eval(states[0]), expected[2][0])


def test_rnn_on_concrete_inputs_reading_variables():
    last, outputs, states = K.rnn(tanh_step(K.variable(W), K.variable(U)),
                                  K.constant(X), [K.constant(H0)])
    assert isinstance(outputs, KerasTensor)
    assert_close(K.eval(outputs), numpy_rnn(numpy_tanh_step, X, [H0])[1])


@pytest.mark.parametrize('make_args, message', [
    (lambda: (K.placeholder((None, FEATURES)), [K.zeros((2, UNITS))]),
     r'at least 3D.*\(None, 3\)'),
    (lambda: (K.placeholder((None, TIME, FEATURES)),
              [K.placeholder((None, UNITS))],
              dict(mask=K.placeholder((None, TIME, 1)))),
     r'mask should have `shape=\(samples, time\)`.*\(None, 5, 1\)'),
    (lambda: (K.placeholder((None, TIME, FEATURES)),
              [K.placeholder((None, UNITS))],
              dict(mask=K.placeholder((None, TIME + 1)))),
     r'mask should have.*\(None, 6\)'),
    (lambda: (K.placeholder((None, None, FEATURES)),
              [K.placeholder((None, UNITS))], dict(unroll=True)),
     'Unrolling requires a fixed number of timesteps'),
    (lambda: (K.placeholder((None, TIME, FEATURES)),
              [K.placeholder((None, UNITS))], dict(input_length=TIME + 1)),
     r'input_length=6.*\(None, 5, 3\)'),
    (lambda: (K.placeholder((None, TIME, FEATURES)),
              [K.placeholder((None, UNITS)), K.placeholder((None, UNITS))]),
     'received 2 states and returned 1'),
    (lambda: (K.placeholder((None, TIME, FEATURES)),
              [K.placeholder((None, UNITS + 1))]),
     r'new state 0 of shape \(None, 7\).*\(None, 6\)'),
], ids=['rank', 'mask-rank', 'mask-time', 'unroll-unknown-length',
        'input-length', 'state-count', 'state-shape'])
def test_errors(make_args, message):
    args = make_args()
    kwargs = args[2] if len(args) > 2 else {}

    def step(x_t, states):
        h = K.tanh(K.dot(x_t, W))
        return h, [h]
    with pytest.raises(ValueError, match=message):
        K.rnn(step, args[0], args[1], **kwargs)


def test_step_must_return_output_and_states():
    x = K.placeholder((None, TIME, FEATURES))
    with pytest.raises(TypeError, match=r'\(output, new_states\)'):
        K.rnn(lambda x_t, states: x_t, x, [K.placeholder((None, UNITS))])


# Gradients: central differences of the numpy backend's forward pass.

def tanh_rnn(x, h0, w, u, mask=None, go_backwards=False):
    last, outputs, states = K.rnn(tanh_step(w, u), x, [h0], mask=mask,
                                  go_backwards=go_backwards)
    return last, outputs, states[0]


def tanh_rnn_with_constant(x, h0, bias, w, u):
    def step(x_t, states):
        h = K.tanh(K.dot(x_t, w) + K.dot(states[0], u) + states[1])
        return h, [h]
    last, outputs, states = K.rnn(step, x, [h0], constants=[bias])
    return last, outputs, states[0]


def lstm_rnn(x, h0, c0, w, u, mask=None, go_backwards=False):
    last, outputs, states = K.rnn(lstm_step(w, u), x, [h0, c0], mask=mask,
                                  go_backwards=go_backwards)
    return (last, outputs) + tuple(states)


# Few finite differences: 3 samples, 4 steps, 3 LSTM units.
SMALL_MASK = np.array([[0, 1, 1, 1], [1, 1, 0, 1], [1, 1, 1, 0]], bool)

GRADIENT_CASES = [
    Case(tanh_rnn, X[:3, :4], H0[:3], W, U, id='tanh'),
    Case(tanh_rnn, X[:3, :4], H0[:3], W, U, mask=SMALL_MASK,
         go_backwards=True, id='tanh-mask-backwards'),
    Case(tanh_rnn_with_constant, X[:3, :4], H0[:3], C0[:3], W, U,
         id='tanh-constant'),
    Case(lstm_rnn, X[:3, :4], H0[:3, :3], C0[:3, :3], W4[:, :12],
         U4[:3, :12], mask=SMALL_MASK, id='lstm-mask'),
]


@pytest.mark.backends(*TRAINS)
@pytest.mark.parametrize('case', GRADIENT_CASES, ids=lambda c: c.id)
def test_gradients_wrt_inputs_states_and_captured_weights(case):
    arrays = case.arrays()
    # The inputs, initial states and constants are fed; the weights are
    # variables the step function reads.
    n_fed = len(arrays) - 2
    tensors = [K.placeholder(a.shape) for a in arrays[:n_fed]] + \
        [K.variable(a) for a in arrays[n_fed:]]
    outputs = case.call(lambda i, a: tensors[i])
    rng = np.random.RandomState(0)
    weights = [rng.uniform(0.5, 1.5, K.int_shape(o)).astype('float32')
               for o in outputs]
    loss = sum(K.sum(o * w) for o, w in zip(outputs, weights))
    grads = K.gradients(loss, tensors)
    values = K.function(tensors[:n_fed], grads)(arrays[:n_fed])
    numeric = numeric_gradients(case, weights, range(len(arrays)))
    for i, (value, expected) in enumerate(zip(values, numeric)):
        np.testing.assert_allclose(value, expected, rtol=2e-3, atol=2e-4,
                                   err_msg='%s: gradient wrt input %d'
                                   % (case.id, i))


def test_numpy_backend_forward_matches_numpy_loop():
    # The reference of the gradient test is itself checked here.
    case = GRADIENT_CASES[-1]
    x, h0, c0, w, u = case.arrays()
    expected = numpy_rnn(lambda x_t, s: numpy_lstm_step(x_t, s, w, u), x,
                         [h0, c0], mask=SMALL_MASK)
    for actual, wanted in zip(reference(case),
                              expected[:2] + tuple(expected[2])):
        assert_close(actual, wanted)


@pytest.mark.backends(*TRAINS)
def test_training_step_updates_weights_by_their_gradient():
    x = K.placeholder((None, TIME, FEATURES))
    w, u = K.variable(W), K.variable(U)
    _, outputs, _ = K.rnn(tanh_step(w, u), x, [K.zeros((BATCH, UNITS))])
    loss = K.mean(K.square(outputs - 0.5))
    grad_w, grad_u = K.gradients(loss, [w, u])
    expected_w, expected_u = K.function([x], [grad_w, grad_u])([X])
    train = K.function([x], [loss], updates=[(w, w - 0.1 * grad_w),
                                             (u, u - 0.1 * grad_u)])
    before = train([X])[0]
    assert_close(K.get_value(w), W - 0.1 * expected_w)
    assert_close(K.get_value(u), U - 0.1 * expected_u)
    assert train([X])[0] < before


# K.function with updates: a stateful RNN.

def test_stateful_rnn_updates_its_state_variable():
    state = K.variable(np.zeros((BATCH, UNITS)))
    x = K.placeholder((BATCH, None, FEATURES))
    _, outputs, new_states = K.rnn(tanh_step(W, U), x, [state])
    f = K.function([x], [outputs], updates=[(state, new_states[0])])
    first = f([X[:, :2]])[0]
    second = f([X[:, 2:]])[0]
    _, expected, final = numpy_rnn(numpy_tanh_step, X,
                                   [np.zeros((BATCH, UNITS), 'float32')])
    assert_close(np.concatenate([first, second], axis=1), expected)
    assert_close(K.get_value(state), final[0])


# The learning phase and random ops inside the step.

def test_learning_phase_inside_the_step():
    x = K.placeholder((None, TIME, FEATURES))

    def step(x_t, states):
        h = K.tanh(K.dot(x_t, W) + K.dot(states[0], U))
        return K.in_train_phase(h * 2., h), [h]
    last, outputs, _ = K.rnn(step, x, [K.zeros((BATCH, UNITS))])
    assert outputs._uses_learning_phase and last._uses_learning_phase
    f = K.function([x, K.learning_phase()], [outputs])
    _, expected, _ = numpy_rnn(numpy_tanh_step, X,
                               [np.zeros((BATCH, UNITS), 'float32')])
    assert_close(f([X, 1])[0], expected * 2.)
    assert_close(f([X, 0])[0], expected)


def test_dropout_inside_the_step_draws_per_step():
    x = K.placeholder((None, None, 50))

    def step(x_t, states):
        dropped = K.in_train_phase(K.dropout(x_t, 0.5), x_t)
        return dropped, states
    _, outputs, _ = K.rnn(step, x, [K.zeros((2, 1))])
    f = K.function([x, K.learning_phase()], [outputs])
    ones = np.ones((2, 6, 50), dtype='float32')
    train = f([ones, 1])[0]
    assert set(np.unique(train)) <= {0., 2.}
    assert 0.3 < (train == 0.).mean() < 0.7
    assert len({train[0, t].tobytes() for t in range(6)}) == 6
    np.testing.assert_array_equal(f([ones, 0])[0], ones)


@pytest.mark.parametrize('seed', [None, 3])
def test_random_ops_in_the_step_draw_anew(seed):
    x = K.placeholder((2, None, 40))

    def step(x_t, states):
        return x_t + K.random_uniform((2, 40), seed=seed), states
    _, outputs, _ = K.rnn(step, x, [K.zeros((2, 1))])
    f = K.function([x], [outputs])
    zeros = np.zeros((2, 5, 40), dtype='float32')
    first = f([zeros])[0]
    assert first.min() >= 0. and first.max() < 1.
    assert len({first[:, t].tobytes() for t in range(5)}) == 5
    assert not np.array_equal(first, f([zeros])[0])


def test_random_draw_made_before_the_loop_is_reused_at_every_step():
    # A dropout mask drawn outside the step function (recurrent layers
    # draw theirs once per batch) is one value for the whole loop.
    x = K.placeholder((None, None, 50))
    mask = K.in_train_phase(K.dropout(K.ones_like(x[:, 0]), 0.5),
                            K.ones_like(x[:, 0]))

    def step(x_t, states):
        return x_t * mask, states
    _, outputs, _ = K.rnn(step, x, [K.zeros((2, 1))])
    f = K.function([x, K.learning_phase()], [outputs])
    ones = np.ones((2, 6, 50), dtype='float32')
    train = f([ones, 1])[0]
    assert set(np.unique(train)) <= {0., 2.}
    assert 0.3 < (train == 0.).mean() < 0.7
    assert len({train[:, t].tobytes() for t in range(6)}) == 1
    assert not np.array_equal(f([ones, 1])[0], train)
    np.testing.assert_array_equal(f([ones, 0])[0], ones)


@pytest.mark.backends(*TRAINS)
def test_gradient_through_a_mask_drawn_before_the_loop():
    x = K.placeholder((None, None, 50))
    v = K.variable(np.full(50, 3., dtype='float32'))
    mask = K.in_train_phase(K.dropout(K.ones_like(x[:, 0]), 0.5),
                            K.ones_like(x[:, 0]))

    def step(x_t, states):
        return x_t * mask * v, states
    _, outputs, _ = K.rnn(step, x, [K.zeros((2, 1))])
    grad, = K.gradients(K.sum(outputs), [v])
    f = K.function([x, K.learning_phase()], [outputs, grad])
    ones = np.ones((2, 6, 50), dtype='float32')
    values, gradient = f([ones, 1])
    drawn = values[:, 0] / 3.
    assert set(np.unique(drawn)) <= {0., 2.}
    assert_close(gradient, 6. * drawn.sum(axis=0))
    assert_close(f([ones, 0])[1], np.full(50, 12.))


def test_state_of_known_batch_next_to_inputs_of_unknown_batch():
    # The loop carries the state's static shape; the masked output starts
    # from zeros of the step output's shape.
    x = K.placeholder((None, None, FEATURES))
    mask = K.placeholder((None, None))
    last, outputs, states = K.rnn(tanh_step(W, U), x, [K.constant(H0)],
                                  mask=mask)
    assert K.int_shape(states[0]) == (BATCH, UNITS)
    got = run([last, outputs, states[0]], [x, mask],
              [X, MASK.astype('float32')])
    expected = numpy_rnn(numpy_tanh_step, X, [H0], mask=MASK)
    for actual, wanted in zip(got, expected[:2] + tuple(expected[2])):
        assert_close(actual, wanted)
