"""map_fn / foldl / foldr bodies that read outer tensors (variables,
placeholders, the learning phase, random ops), and switch on callables.
Plain element-wise bodies are in the conformance tables."""
import numpy as np
import pytest

import keras.backend as K
from backend_harness import TRAINS
from keras.backend.symbolic.tensor import KerasTensor

DATA = np.arange(6., dtype='float32').reshape(2, 3)


def test_map_fn_reads_a_variable_and_a_placeholder():
    x = K.placeholder(shape=(None, 3))
    scale = K.variable(np.array([1., 2., 3.]))
    offset = K.placeholder(shape=())
    y = K.map_fn(lambda row: row * scale + offset, x)
    assert K.int_shape(y) == (None, 3)
    f = K.function([x, offset], [y])
    out = f([DATA, np.float32(10.)])[0]
    np.testing.assert_allclose(out, DATA * [1., 2., 3.] + 10.)
    K.set_value(scale, np.zeros(3))
    np.testing.assert_allclose(f([DATA, np.float32(1.)])[0], np.ones((2, 3)))


def test_map_fn_on_concrete_values_reading_a_variable():
    scale = K.variable(2.)
    y = K.map_fn(lambda row: row * scale, DATA)
    np.testing.assert_allclose(K.eval(y), DATA * 2.)


def test_map_fn_on_concrete_values():
    y = K.map_fn(lambda row: K.sum(row), K.constant(DATA))
    assert not isinstance(y, KerasTensor)
    np.testing.assert_allclose(K.eval(y), DATA.sum(axis=1))


def test_map_fn_body_follows_the_learning_phase():
    x = K.placeholder(shape=(None, 3))
    y = K.map_fn(lambda row: K.in_train_phase(row * 2., row), x)
    assert y._uses_learning_phase
    f = K.function([x, K.learning_phase()], [y])
    np.testing.assert_allclose(f([DATA, 1])[0], DATA * 2.)
    np.testing.assert_allclose(f([DATA, 0])[0], DATA)


def test_map_fn_body_draws_per_element():
    x = K.placeholder(shape=(None, 50))
    y = K.map_fn(lambda row: row + K.random_uniform((50,)), x)
    out = K.function([x], [y])([np.zeros((2, 50))])[0]
    assert not np.allclose(out[0], out[1])


def test_foldl_and_foldr_order():
    x = K.placeholder(shape=(None, 2))
    # Horner's rule shows the order of the elements.
    left = K.foldl(lambda acc, row: acc * 10. + row, x,
                   initializer=K.zeros_like(x[0]))
    right = K.foldr(lambda acc, row: acc * 10. + row, x,
                    initializer=K.zeros_like(x[0]))
    data = np.array([[1., 2.], [3., 4.], [5., 6.]], dtype='float32')
    out_left, out_right = K.function([x], [left, right])([data])
    np.testing.assert_allclose(out_left, [135., 246.])
    np.testing.assert_allclose(out_right, [531., 642.])


def test_fold_reads_outer_variable():
    weight = K.variable(np.array([2., 3.]))
    x = K.placeholder(shape=(None, 2))
    total = K.foldl(lambda acc, row: acc + row * weight, x)
    data = np.ones((4, 2), dtype='float32')
    # elems[0] starts the accumulation unscaled.
    np.testing.assert_allclose(K.function([x], [total])([data])[0],
                               [1. + 3 * 2., 1. + 3 * 3.])


@pytest.mark.backends(*TRAINS)
def test_gradient_through_map_fn_reaches_captured_variable():
    weight = K.variable(np.array([1., 2., 3.]))
    x = K.placeholder(shape=(None, 3))
    loss = K.sum(K.map_fn(lambda row: K.square(row * weight), x))
    grad = K.gradients(loss, [weight, x])
    out_w, out_x = K.function([x], grad)([DATA])
    # d/dw sum (x w)^2 = sum_rows 2 x^2 w ; d/dx = 2 x w^2
    np.testing.assert_allclose(out_w, (2 * DATA ** 2 * [1., 2., 3.]).sum(0),
                               rtol=1e-5)
    np.testing.assert_allclose(out_x, 2 * DATA * np.array([1., 4., 9.]),
                               rtol=1e-5)


def test_switch_with_callables_and_tensor_condition():
    x = K.placeholder(shape=())
    y = K.switch(K.greater(x, 0.), lambda: x * 2., lambda: x - 1.)
    f = K.function([x], [y])
    assert f([np.float32(3.)])[0] == 6.
    assert f([np.float32(-3.)])[0] == -4.
    assert K.switch(True, lambda: 1, lambda: 2) == 1
