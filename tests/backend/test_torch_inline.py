"""The torch programs' inlined nodes (keras/backend/torch/inline.py): plain
torch expressions for common float32 ops, in-place writes into fresh
tensors nothing else reads, and update values taken without a check. Each
test compares the generated function with a closed form or with the
generic graph.Lowering (which calls every op's eager function)."""
import numpy as np
import pytest

from keras import backend as K

pytestmark = pytest.mark.backends('torch')


def _generic(inputs, outputs, updates=None):
    """The same function run by graph.Lowering, node by node."""
    from keras.backend import active
    from keras.backend.base import EagerFunction
    from keras.backend.symbolic.function import GraphPlan
    return EagerFunction(active.current(), GraphPlan(inputs, outputs, updates))


def _rmsprop_step(p, a, g, lr=0.01, rho=0.9, eps=1e-7):
    new_a = rho * a + (1. - rho) * g * g
    return new_a, p - lr * g / (np.sqrt(np.maximum(new_a, 0.)) + eps)


def test_an_rmsprop_step_runs_in_place_and_matches_numpy():
    rng = np.random.RandomState(0)
    x_value = rng.randn(5, 3).astype('float32')
    w_value = rng.randn(3, 2).astype('float32')
    x = K.placeholder((None, 3))
    w = K.variable(w_value)
    accumulator = K.zeros((3, 2))
    rho = K.variable(0.9)
    loss = K.sum(K.square(K.dot(x, w)))
    grad, = K.gradients(loss, [w])
    new_a = rho * accumulator + (1. - rho) * K.square(grad)
    new_w = w - 0.01 * grad / (K.sqrt(new_a) + 1e-7)
    f = K.function([x], [loss], updates=[(accumulator, new_a), (w, new_w)])
    program = f.program(0)
    assert '.mul_(' in program.source and '.div_(' in program.source
    assert program.owned_updates == [True, True]
    expected_a, expected_w = np.zeros((3, 2), 'float32'), w_value
    for _ in range(3):
        f([x_value])
        g = 2. * x_value.T.dot(x_value.dot(expected_w))
        expected_a, expected_w = _rmsprop_step(expected_w, expected_a, g)
        np.testing.assert_allclose(K.get_value(accumulator), expected_a,
                                   rtol=1e-5)
        np.testing.assert_allclose(K.get_value(w), expected_w, rtol=1e-5)
    assert w.storage.is_leaf and w.storage.requires_grad


def test_a_tensor_read_twice_is_not_overwritten_by_its_first_reader():
    x = K.placeholder((2,))
    fresh = x * 2.
    first = fresh + 1.
    second = fresh * 3.
    f = K.function([x], [first, second])
    one, three = f([np.array([1., 2.], 'float32')])
    np.testing.assert_array_equal(one, [3., 5.])
    np.testing.assert_array_equal(three, [6., 12.])


def test_a_tensor_with_a_view_or_an_alias_is_never_written_into():
    x = K.placeholder((2, 2))
    fresh = x * 2.
    view = K.reshape(fresh, (4,))
    alias = K.cast(fresh, 'float32')
    later = (fresh + 1.) * 10.
    f = K.function([x], [view, alias, later])
    view_value, alias_value, later_value = f([np.ones((2, 2), 'float32')])
    np.testing.assert_array_equal(view_value, np.full((4,), 2.))
    np.testing.assert_array_equal(alias_value, np.full((2, 2), 2.))
    np.testing.assert_array_equal(later_value, np.full((2, 2), 30.))


def test_a_broadcast_operand_is_not_grown_in_place():
    x = K.placeholder((None, 1))
    y = K.placeholder((None, 3))
    out = (x * 2.) + y  # x * 2 is fresh but (n, 1), the sum (n, 3)
    f = K.function([x, y], [out])
    value, = f([np.ones((2, 1), 'float32'), np.zeros((2, 3), 'float32')])
    np.testing.assert_array_equal(value, np.full((2, 3), 2.))


def test_an_update_value_also_returned_is_copied():
    v = K.variable([1., 2.])
    new_value = v * 2.
    f = K.function([], [new_value], updates=[(v, new_value)])
    returned, = f([])
    returned[:] = 0.
    np.testing.assert_array_equal(K.get_value(v), [2., 4.])
    assert f.program(0).owned_updates == [False]


def test_sqrt_keeps_keras_2_semantics():
    x = K.placeholder((4,))
    f = K.function([x], [K.sqrt(x), K.sqrt(x * 1.)])
    data = np.array([-4., 0., 4., np.nan], 'float32')
    for value in f([data]):
        np.testing.assert_array_equal(value, [0., 0., 2., np.nan])


def test_relu_gradient_at_zero_is_that_of_a_maximum():
    w = K.variable([-1., 0., 2.])
    grad, = K.gradients(K.sum(K.relu(w)), [w])
    f = K.function([], [grad])
    np.testing.assert_array_equal(f([])[0], [0., 1., 1.])


def test_integer_and_cast_nodes_match_the_generic_lowering():
    counter = K.variable(3, dtype='int64')
    x = K.placeholder((3,))
    outputs = [counter + 1, K.cast(K.greater(x, 0.), 'float32'),
               K.square(counter), x - 1, 1. - x]
    data = np.array([-1., 0., 2.], 'float32')
    fast = K.function([x], outputs)([data])
    generic = _generic([x], outputs)([data])
    for a, b in zip(fast, generic):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)


def test_dropout_draws_and_scales_as_the_eager_op():
    x = K.placeholder((50, 8))
    data = np.random.RandomState(1).rand(50, 8).astype('float32') + 1.
    out = K.dropout(x, 0.25, seed=3)
    fast = K.function([x], [out])
    assert 'dropout(' in fast.program(0).source
    generic = _generic([x], [out])
    for _ in range(2):
        a, = fast([data])
        b, = generic([data])
        np.testing.assert_array_equal(a, b)
        kept = a != 0.
        assert 0 < kept.sum() < a.size
        np.testing.assert_allclose(a[kept], data[kept] / 0.75, rtol=1e-6)


def test_slices_of_one_axis_are_one_split_with_the_same_gradients():
    # LSTM-like gates: four slices of the last axis, one read twice, with a
    # gap (columns 6:8) nobody reads; a slice of another axis stays apart.
    rng = np.random.RandomState(2)
    w_value = rng.randn(3, 10).astype('float32')
    w = K.variable(w_value)
    x = K.placeholder((None, 3))
    z = K.dot(x, w)
    gates = [z[:, 0:2], z[:, 2:4], z[:, 4:6], z[:, 8:]]
    rows = z[:1]
    loss = (K.sum(K.sigmoid(gates[0]) * K.tanh(gates[1])) +
            K.sum(gates[2] * gates[2]) + K.sum(gates[3] * 3.) +
            K.sum(rows) + K.sum(z[:, 0:2]))
    outputs = [loss] + K.gradients(loss, [w]) + gates
    data = rng.randn(4, 3).astype('float32')
    fast = K.function([x], outputs)
    source = fast.program(0).source
    assert source.count('torch.split(') == 1
    assert '[2, 2, 2, 2, 2], 1)' in source
    for a, b in zip(fast([data]), _generic([x], outputs)([data])):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_overlapping_or_single_slices_are_not_split():
    x = K.placeholder((2, 6))
    f = K.function([x], [x[:, 0:4] * 2., x[:, 2:6] * 3., x[1:] * 4.])
    assert 'torch.split(' not in f.program(0).source
    data = np.arange(12, dtype='float32').reshape(2, 6)
    a, b, c = f([data])
    np.testing.assert_array_equal(a, data[:, 0:4] * 2.)
    np.testing.assert_array_equal(b, data[:, 2:6] * 3.)
    np.testing.assert_array_equal(c, data[1:] * 4.)


def _sigmoid(x):
    return 1. / (1. + np.exp(-x))


def test_a_loop_body_runs_as_a_generated_program():
    # An LSTM step over K.rnn: its body is generated once (torch's Python
    # loop then calls it per step), gates split at once; the outputs and
    # the gradients match a numpy loop and finite differences.
    rng = np.random.RandomState(3)
    units, steps = 2, 4
    data = rng.randn(3, steps, 2).astype('float32')
    u_value = (rng.randn(units, 4 * units) * 0.5).astype('float32')
    u = K.variable(u_value)
    x = K.placeholder((None, steps, 2))
    w = K.variable((rng.randn(2, 4 * units) * 0.5).astype('float32'))

    def step(x_t, states):
        h, c = states
        z = K.dot(x_t, w) + K.dot(h, u)
        i, f = K.sigmoid(z[:, :units]), K.sigmoid(z[:, units:2 * units])
        c = f * c + i * K.tanh(z[:, 2 * units:3 * units])
        h = K.sigmoid(z[:, 3 * units:]) * K.tanh(c)
        return h, [h, c]
    zeros = K.zeros_like(x[:, 0, :1]) + K.zeros((1, units))
    last, outputs, _ = K.rnn(step, x, [zeros, zeros])
    loss = K.sum(last) + K.sum(outputs * 0.5)
    f = K.function([x], [last, outputs] + K.gradients(loss, [u]))
    last_value, outputs_value, grad_u = f([data])
    body = outputs.node.kwargs['body']
    program = body.compiled[('torch', 0)]
    assert 'torch.split(' in program.source

    def numpy_loop(u_matrix):
        h = c = np.zeros((3, units))
        hs = []
        for t in range(steps):
            z = data[:, t].dot(K.get_value(w)) + h.dot(u_matrix)
            i, f_ = _sigmoid(z[:, :units]), _sigmoid(z[:, units:2 * units])
            c = f_ * c + i * np.tanh(z[:, 2 * units:3 * units])
            h = _sigmoid(z[:, 3 * units:]) * np.tanh(c)
            hs.append(h)
        return h, np.stack(hs, 1)
    expected_last, expected_outputs = numpy_loop(u_value.astype('float64'))
    np.testing.assert_allclose(last_value, expected_last, rtol=1e-5)
    np.testing.assert_allclose(outputs_value, expected_outputs, rtol=1e-5)
    epsilon = 1e-4
    for index in [(0, 0), (1, 5), (0, 7)]:
        shifted = [u_value.astype('float64').copy() for _ in range(2)]
        shifted[0][index] += epsilon
        shifted[1][index] -= epsilon
        values = []
        for matrix in shifted:
            h, hs = numpy_loop(matrix)
            values.append(h.sum() + 0.5 * hs.sum())
        np.testing.assert_allclose(grad_u[index], (values[0] - values[1]) /
                                   (2 * epsilon), rtol=1e-3, atol=1e-5)
