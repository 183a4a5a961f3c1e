"""Slices of one tensor along one axis grouped into one split
(keras/backend/ops/slice_groups.py): which slices group, and that loop
bodies lowered with a split (tensorflow's `split` primitive, torch's
generated programs) give the values and gradients of a numpy loop; the
last output of K.rnn carried by the loop; K.sigmoid at its extremes."""
import numpy as np
import pytest

import keras.backend as K
from backend_harness import TRAINS
from keras.backend import active
from keras.backend.ops import slice_groups


def _groups(outputs):
    from keras.backend.symbolic import graph
    nodes = [t.node for t in graph.ancestors(outputs) if t.node is not None]
    return slice_groups.find_split_groups(nodes)


def test_disjoint_slices_of_one_axis_group_with_the_gaps_as_pieces():
    x = K.placeholder((None, 10))
    a, b, c = x[:, 0:2], x[:, 4:6], x[:, 8:]
    again = x[:, 4:6]
    groups = _groups([a, b, c, again])
    assert len(groups) == 4
    group, _ = groups[a.node]
    assert group.axis == 1 and group.sizes == [2, 2, 2, 2, 2]
    pieces = {node: piece for node, piece in group.members}
    assert [pieces[t.node] for t in (a, b, c, again)] == [0, 2, 4, 2]


def test_overlapping_single_strided_or_unknown_slices_do_not_group():
    x = K.placeholder((None, 6))
    y = K.placeholder((None, None))
    cases = [[x[:, 0:4], x[:, 2:6]],           # overlapping
             [x[:, 0:3]],                      # alone
             [x[:, 0:2], x[:, 2:6:2]],         # a step
             [x[:, 0:2], x[0:1, 2:4]],         # two axes cut
             [y[:, 0:2], y[:, 2:4]]]           # unknown size
    for outputs in cases:
        assert _groups(outputs) == {}


def test_slices_of_two_axes_form_two_groups():
    x = K.placeholder((4, 6))
    rows = [x[:2], x[2:]]
    columns = [x[:, :3], x[:, 3:]]
    groups = _groups(rows + columns)
    assert groups[rows[0].node][0].axis == 0
    assert groups[columns[0].node][0].axis == 1
    assert groups[rows[0].node][0] is not groups[columns[0].node][0]


def _sigmoid(x):
    return 1. / (1. + np.exp(-x))


def _lstm_loop(x, w, u, units):
    """An LSTM over x (batch, time, features); gates i, f, c, o in
    z[:, :units] ... and a fifth block of z no gate reads."""
    h = c = np.zeros((x.shape[0], units))
    outputs = []
    for t in range(x.shape[1]):
        z = x[:, t].dot(w) + h.dot(u)
        i, f, o = (_sigmoid(z[:, k * units:(k + 1) * units])
                   for k in (0, 1, 3))
        c = f * c + i * np.tanh(z[:, 2 * units:3 * units])
        h = o * np.tanh(c)
        outputs.append(h)
    return h, np.stack(outputs, 1)


def _lstm_step(w, u, units):
    def step(x_t, states):
        h, c = states
        z = K.dot(x_t, w) + K.dot(h, u)
        i, f, o = (K.sigmoid(z[:, k * units:(k + 1) * units])
                   for k in (0, 1, 3))
        c = f * c + i * K.tanh(z[:, 2 * units:3 * units])
        h = o * K.tanh(c)
        return h, [h, c]
    return step


@pytest.mark.backends(*TRAINS)
@pytest.mark.parametrize('go_backwards', [False, True],
                         ids=['forward', 'backwards'])
def test_a_loop_over_gate_slices_matches_numpy_values_and_gradients(
        go_backwards):
    rng = np.random.RandomState(0)
    units, batch, steps, features = 2, 3, 4, 3
    x_value = rng.randn(batch, steps, features)
    w_value = rng.randn(features, 5 * units) * 0.5
    u_value = rng.randn(units, 5 * units) * 0.5
    x = K.placeholder((None, steps, features))
    w, u = K.variable(w_value), K.variable(u_value)
    zeros = K.zeros_like(x[:, 0, :1]) + K.zeros((1, units))
    last, outputs, _ = K.rnn(_lstm_step(w, u, units), x, [zeros, zeros],
                             go_backwards=go_backwards)
    loss = K.sum(last) + 0.5 * K.sum(outputs)
    f = K.function([x], [last, outputs] + K.gradients(loss, [w, u]))
    values = f([x_value.astype('float32')])
    body = outputs.node.kwargs['body']
    if hasattr(active.current(), 'split'):
        assert len(body.compiled['split_groups']) == 4
    if K.backend() == 'torch':
        assert 'torch.split(' in body.compiled[('torch', 0)].source

    def forward(w_matrix, u_matrix):
        data = x_value[:, ::-1] if go_backwards else x_value
        h, hs = _lstm_loop(data, w_matrix, u_matrix, units)
        return h, hs
    expected_last, expected_outputs = forward(w_value, u_value)
    np.testing.assert_allclose(values[0], expected_last, rtol=1e-4,
                               atol=1e-5)
    np.testing.assert_allclose(values[1], expected_outputs, rtol=1e-4,
                               atol=1e-5)
    epsilon = 1e-5
    for which, (grad, matrix) in enumerate(zip(values[2:],
                                               (w_value, u_value))):
        numeric = np.zeros_like(matrix)
        for index in np.ndindex(*matrix.shape):
            results = []
            for sign in (1., -1.):
                shifted = [w_value.copy(), u_value.copy()]
                shifted[which][index] += sign * epsilon
                h, hs = forward(*shifted)
                results.append(h.sum() + 0.5 * hs.sum())
            numeric[index] = (results[0] - results[1]) / (2 * epsilon)
        # The fifth block of z is read by nothing: its gradient is zero.
        np.testing.assert_allclose(grad, numeric, rtol=2e-3, atol=2e-4)
        np.testing.assert_array_equal(grad[:, 4 * units:], 0.)


def test_the_last_output_is_the_last_step_output_without_a_mask():
    # Carried by the loop (ops/rnn.py), it equals outputs[:, -1].
    x = K.placeholder((None, 3, 2))

    def step(x_t, states):
        h = K.tanh(x_t + states[0])
        return h * 2., [h]
    last, outputs, states = K.rnn(step, x, [K.zeros_like(x[:, 0])])
    data = np.random.RandomState(1).randn(2, 3, 2).astype('float32')
    last_value, outputs_value, state = K.function(
        [x], [last, outputs, states[0]])([data])
    np.testing.assert_allclose(last_value, outputs_value[:, -1], rtol=1e-6)
    np.testing.assert_allclose(last_value, 2. * state, rtol=1e-6)


def test_sigmoid_at_its_extremes_and_on_integers():
    x = K.placeholder((5,))
    data = np.array([-100., -20., 0., 20., 100.], 'float32')
    value, = K.function([x], [K.sigmoid(x)])([data])
    assert value.dtype == np.float32
    np.testing.assert_allclose(value, _sigmoid(data.astype('float64')),
                               rtol=1e-6, atol=1e-30)
    assert value[-1] == 1. and 0. <= value[0] < 1e-30
    ints = K.eval(K.sigmoid(K.constant([0, 2], dtype='int32')))
    np.testing.assert_allclose(ints, _sigmoid(np.array([0., 2.])),
                               rtol=1e-6)


@pytest.mark.backends(*TRAINS)
def test_sigmoid_gradient_is_s_times_one_minus_s():
    w = K.variable(np.array([-30., -1., 0., 2., 30.], 'float32'))
    grad, = K.gradients(K.sum(K.sigmoid(w)), [w])
    value, = K.function([], [grad])([])
    s = _sigmoid(K.get_value(w).astype('float64'))
    np.testing.assert_allclose(value, s * (1. - s), rtol=1e-5, atol=1e-12)
