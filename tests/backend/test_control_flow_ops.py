"""map_fn / foldl / foldr bodies that read outer tensors (variables,
placeholders, the learning phase, random ops), and switch on callables.
Plain element-wise bodies are in the conformance tables."""
import numpy as np
import pytest

import keras.backend as K
from backend_harness import BACKEND
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


# Long loops with gradients, random draws per step, nested loops.

def _horner(data, a):
    """foldl(acc * a + row) from zeros: row i weighted a ** (T - 1 - i)."""
    steps = len(data)
    exponents = np.arange(steps - 1, -1, -1, dtype='float64')
    value = ((a ** exponents)[:, None] * data).sum(0)
    d_a = ((exponents * a ** np.maximum(exponents - 1, 0))[:, None] *
           data).sum()
    d_data = np.broadcast_to((a ** exponents)[:, None], data.shape)
    return value, d_a, d_data


LONG = np.random.RandomState(3).uniform(-1, 1, (200, 2)).astype('float32')


def test_200_step_foldl_and_foldr_values():
    x = K.placeholder((None, 2))
    a = K.variable(0.99)
    left = K.foldl(lambda acc, row: acc * a + row, x,
                   initializer=K.zeros((2,)))
    right = K.foldr(lambda acc, row: acc * a + row, x,
                    initializer=K.zeros((2,)))
    got_left, got_right = K.function([x], [left, right])([LONG])
    np.testing.assert_allclose(got_left, _horner(LONG, 0.99)[0], rtol=1e-4)
    np.testing.assert_allclose(got_right, _horner(LONG[::-1], 0.99)[0],
                               rtol=1e-4)


@pytest.mark.backends(*TRAINS)
@pytest.mark.parametrize('fold', ['foldl', 'foldr'])
def test_200_step_fold_gradients_inside_a_function(fold):
    x = K.placeholder((None, 2))
    a = K.variable(0.99)
    total = getattr(K, fold)(lambda acc, row: acc * a + row, x,
                             initializer=K.zeros((2,)))
    grads = K.gradients(K.sum(total), [a, x])
    value, d_a, d_x = K.function([x], [total] + grads)([LONG])
    data = LONG if fold == 'foldl' else LONG[::-1]
    expected, expected_a, expected_x = _horner(data.astype('float64'), 0.99)
    if fold == 'foldr':
        expected_x = expected_x[::-1]
    np.testing.assert_allclose(value, expected, rtol=1e-4)
    np.testing.assert_allclose(d_a, expected_a, rtol=1e-3)
    np.testing.assert_allclose(d_x, expected_x, rtol=1e-4)


@pytest.mark.backends(*TRAINS)
def test_200_step_map_fn_gradient_wrt_captured_variable():
    weight = K.variable(np.array([0.5, -2.]))
    x = K.placeholder((None, 2))
    loss = K.sum(K.map_fn(lambda row: K.sin(row * weight), x))
    grad, = K.gradients(loss, [weight])
    expected = (np.cos(LONG * [0.5, -2.]) * LONG).sum(0)
    np.testing.assert_allclose(K.function([x], [grad])([LONG])[0], expected,
                               rtol=1e-4)


def test_seeded_draws_differ_per_step_and_repeat_per_function():
    x = K.placeholder((None, 50))

    def build():
        y = K.map_fn(lambda row: row + K.random_uniform((50,), seed=11), x)
        return K.function([x], [y])
    first = build()([np.zeros((4, 50))])[0]
    assert len({row.tobytes() for row in first}) == 4
    np.testing.assert_array_equal(build()([np.zeros((4, 50))])[0], first)


def test_fold_body_draws_per_step():
    x = K.placeholder((None, 1000))
    # The sum of 100 uniform draws: about 50, not 100 times one draw.
    total = K.foldl(lambda acc, row: acc + row + K.random_uniform((1000,)),
                    x, initializer=K.zeros((1000,)))
    values = K.function([x], [total])([np.zeros((100, 1000))])[0]
    assert abs(values.mean() - 50.) < 1.
    assert values.std() < 5.  # one draw repeated would spread ~29


def test_nested_loops():
    x = K.placeholder((None, 3))
    y = K.map_fn(lambda row: K.map_fn(lambda v: v * 2. + K.sum(row), row),
                 x)
    assert K.int_shape(y) == (None, 3)
    np.testing.assert_allclose(K.function([x], [y])([DATA])[0],
                               DATA * 2. + DATA.sum(1, keepdims=True))


def test_nested_loop_draws_differ_per_inner_and_outer_step():
    x = K.placeholder((None, 4, 20))
    y = K.map_fn(lambda m: K.map_fn(
        lambda v: v + K.random_uniform((20,)), m), x)
    out = K.function([x], [y])([np.zeros((3, 4, 20))])[0]
    assert len({v.tobytes() for v in out.reshape(12, 20)}) == 12


def test_fold_casts_the_result_to_the_accumulator_dtype():
    x = K.placeholder((None, 2), dtype='float64')
    total = K.foldl(lambda acc, row: acc + row, x,
                    initializer=K.zeros((2,), dtype='float32'))
    assert K.dtype(total) == 'float32'
    value = K.function([x], [total])([np.ones((3, 2))])[0]
    assert value.dtype == np.float32
    np.testing.assert_allclose(value, [3., 3.])


# The scan primitive itself, against a numpy loop.

def _primitive_step(b):
    def step(carry, x_t):
        acc, count = carry
        row, weight = x_t
        acc = b.add(b.multiply(acc, 0.5), b.multiply(row, weight))
        return [acc, b.add(count, 1.)], [acc, b.sum(row)]
    return step


def _numpy_scan(rows, weights, reverse):
    acc, count = np.zeros(3), 0.
    accs, sums = [None] * len(rows), [None] * len(rows)
    order = range(len(rows) - 1, -1, -1) if reverse else range(len(rows))
    for i in order:
        acc = acc * 0.5 + rows[i] * weights[i]
        count += 1.
        accs[i], sums[i] = acc, rows[i].sum()
    return [acc, count], [np.stack(accs), np.array(sums)]


@pytest.mark.parametrize('unroll', [False, True], ids=['loop', 'unroll'])
@pytest.mark.parametrize('reverse', [False, True], ids=['forward', 'reverse'])
def test_scan_primitive(reverse, unroll):
    b = BACKEND
    rows = DATA_4x3
    weights = np.array([1., -1., 2., .5], dtype='float32')
    carry, ys = b.scan(_primitive_step(b),
                       [b.convert(np.zeros(3, 'float32')),
                        b.convert(np.float32(0.))],
                       [b.convert(rows), b.convert(weights)],
                       reverse=reverse, unroll=unroll)
    expected_carry, expected_ys = _numpy_scan(rows, weights, reverse)
    for got, expected in zip(carry + ys, expected_carry + expected_ys):
        np.testing.assert_allclose(b.to_numpy(got), expected, rtol=1e-6)


def test_scan_primitive_without_sequences_takes_a_length():
    b = BACKEND

    def double(carry, x_t):
        assert x_t == []
        value = b.multiply(carry[0], 2.)
        return [value], [value]
    carry, ys = b.scan(double, [b.convert(np.float32(1.))], [], length=5)
    np.testing.assert_allclose(b.to_numpy(carry[0]), 32.)
    np.testing.assert_allclose(b.to_numpy(ys[0]), [2., 4., 8., 16., 32.])


DATA_4x3 = np.arange(12., dtype='float32').reshape(4, 3) / 10.


# The loops are the backends' own: one loop op, not one copy of the body
# per step, unless unrolling is asked for.

def _scan_twice(b, elems, unroll=False):
    def step(carry, x_t):
        return [b.add(carry[0], x_t[0])], [b.multiply(x_t[0], 2.)]
    carry, ys = b.scan(step, [b.zeros((3,), 'float32')], [elems],
                       unroll=unroll)
    return carry[0], ys[0]


@pytest.mark.backends('jax')
def test_jax_loop_is_lax_scan():
    import jax
    jaxpr = str(jax.make_jaxpr(lambda e: _scan_twice(BACKEND, e))(
        DATA_4x3))
    assert jaxpr.count('scan[') == 1
    unrolled = str(jax.make_jaxpr(
        lambda e: _scan_twice(BACKEND, e, unroll=True))(DATA_4x3))
    assert 'scan[' not in unrolled


@pytest.mark.backends('tensorflow')
@pytest.mark.parametrize('length', [None, 4])
def test_tensorflow_loop_is_a_while_loop(length):
    import tensorflow as tf
    traced = tf.function(lambda e: _scan_twice(BACKEND, e)).\
        get_concrete_function(tf.TensorSpec((length, 3), tf.float32))
    ops = [op.type for op in traced.graph.get_operations()]
    assert sum(t in ('While', 'StatelessWhile') for t in ops) == 1
    carry, ys = traced(tf.constant(DATA_4x3))
    np.testing.assert_allclose(carry.numpy(), DATA_4x3.sum(0), rtol=1e-6)
    np.testing.assert_allclose(ys.numpy(), DATA_4x3 * 2.)
    if length:
        unrolled = tf.function(
            lambda e: _scan_twice(BACKEND, e, unroll=True)
        ).get_concrete_function(tf.TensorSpec((length, 3), tf.float32))
        assert not any(op.type in ('While', 'StatelessWhile')
                       for op in unrolled.graph.get_operations())


@pytest.mark.backends('theano')
def test_theano_loop_is_pytensor_scan():
    import pytensor.tensor as pt
    from pytensor.graph.traversal import ancestors
    from pytensor.scan.op import Scan
    elems = pt.matrix('elems')
    carry, ys = _scan_twice(BACKEND, elems)
    scans = {v.owner.op for v in ancestors([carry, ys])
             if v.owner is not None and isinstance(v.owner.op, Scan)}
    assert len(scans) == 1
