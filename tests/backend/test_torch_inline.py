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
