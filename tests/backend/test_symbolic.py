"""The symbolic layer itself: static shapes, variables and their values,
K.function (updates, learning phase, errors), K.gradients, naming."""
import numpy as np
import pytest

import keras.backend as K
from backend_harness import TRAINS


@pytest.fixture(autouse=True)
def fresh_session():
    K.clear_session()
    yield
    K.clear_session()


# Static shapes and types.

@pytest.mark.parametrize('kwargs, shape', [
    ({'shape': (None, 4, 5)}, (None, 4, 5)),
    ({'shape': (2, 4, 5)}, (2, 4, 5)),
    ({'ndim': 3}, (None, None, None)),
    ({'shape': (None, 3), 'ndim': 5}, (None, 3)),
    ({'shape': ()}, ()),
])
def test_placeholder_static_shape(kwargs, shape):
    x = K.placeholder(**kwargs)
    assert K.int_shape(x) == shape
    assert x._keras_shape == shape
    assert K.ndim(x) == len(shape)
    assert K.dtype(x) == K.floatx()
    assert K.is_placeholder(x) and K.is_tensor(x)
    assert not K.is_variable(x)


def test_placeholder_needs_shape_or_ndim():
    with pytest.raises(ValueError, match='shape.*ndim'):
        K.placeholder()


def test_placeholder_dtype_and_name():
    x = K.placeholder(shape=(None,), dtype='int32', name='labels')
    assert K.dtype(x) == 'int32'
    assert x.name == 'labels'


def test_variable_shape_dtype_value():
    value = np.arange(6).reshape(2, 3)
    v = K.variable(value)
    assert K.int_shape(v) == (2, 3)
    assert K.dtype(v) == 'float32'
    assert K.is_variable(v) and K.is_tensor(v) and not K.is_placeholder(v)
    np.testing.assert_array_equal(K.eval(v), value.astype('float32'))
    assert K.count_params(v) == 6
    assert K.get_variable_shape(v) == (2, 3)
    v64 = K.variable(value, dtype='float64', name='weights')
    assert K.dtype(v64) == 'float64' and K.eval(v64).dtype == np.float64
    assert v64.name == 'weights'
    assert K.dtype(K.variable(value, dtype='int32')) == 'int32'


def test_variable_from_tensor_and_scalar():
    v = K.variable(K.constant([1., 2.]))
    np.testing.assert_array_equal(K.eval(v), [1., 2.])
    s = K.variable(3.)
    assert K.int_shape(s) == ()
    assert K.eval(s) == 3.


def test_name_scope_prefixes_variable_names():
    with K.name_scope('block'):
        with K.name_scope('dense'):
            v = K.variable(1., name='kernel')
    assert v.name == 'block/dense/kernel'
    assert K.variable(1., name='bias').name == 'bias'


def test_constant():
    c = K.constant([1, 2], dtype='int32')
    assert K.dtype(c) == 'int32'
    np.testing.assert_array_equal(K.eval(c), [1, 2])
    filled = K.constant(2., shape=(3, 2))
    assert K.int_shape(filled) == (3, 2)
    np.testing.assert_array_equal(K.eval(filled), np.full((3, 2), 2.))
    assert K.dtype(K.constant(1.)) == K.floatx()
    assert K.is_tensor(c) and not K.is_variable(c)


def test_op_results_carry_static_shape_and_dtype():
    x = K.placeholder(shape=(None, 4))
    y = K.dot(x, K.variable(np.ones((4, 3))))
    assert K.int_shape(y) == (None, 3) and y._keras_shape == (None, 3)
    assert K.int_shape(K.sum(y, axis=0)) == (3,)
    assert K.dtype(K.argmax(y)) == 'int64'
    assert K.dtype(K.greater(y, 0.)) == 'bool'
    assert K.ndim(K.expand_dims(y)) == 3
    assert y.get_shape().as_list() == [None, 3]
    assert K.int_shape(y.T) == (3, None)


def test_dynamic_shape():
    x = K.placeholder(shape=(None, 3))
    f = K.function([x], [K.shape(x), K.shape(x)[0]])
    shape, batch = f([np.zeros((5, 3))])
    np.testing.assert_array_equal(shape, [5, 3])
    assert batch == 5 and shape.dtype == np.int32


def test_reshape_with_dynamic_batch():
    x = K.placeholder(shape=(None, 6))
    y = K.reshape(x, (K.shape(x)[0], 2, 3))
    assert K.int_shape(y) == (None, 2, 3)
    out = K.function([x], [y])([np.arange(12.).reshape(2, 6)])[0]
    np.testing.assert_array_equal(out, np.arange(12.).reshape(2, 2, 3))


def test_is_keras_tensor():
    with pytest.raises(ValueError, match='Expected a symbolic tensor'):
        K.is_keras_tensor([1., 2.])
    if K.backend() != 'numpy':  # numpy arrays are the numpy backend's tensors
        with pytest.raises(ValueError, match='Expected a symbolic tensor'):
            K.is_keras_tensor(np.zeros(3))
    x = K.placeholder(shape=(None, 3))
    assert K.is_keras_tensor(x) is False
    x._keras_history = (None, 0, 0)
    assert K.is_keras_tensor(x) is True
    assert K.is_keras_tensor(K.variable(1.)) is False


def test_one_function_serves_any_batch_size():
    x = K.placeholder(shape=(None, 2))
    f = K.function([x], [K.sum(x, axis=1)])
    for n in (1, 4):
        np.testing.assert_allclose(f([np.ones((n, 2))])[0], np.full(n, 2.))


# Values.

def test_get_set_value_and_batches():
    a, b = K.variable(np.zeros((2, 2))), K.variable(0.)
    K.set_value(a, np.ones((2, 2)))
    np.testing.assert_array_equal(K.get_value(a), np.ones((2, 2)))
    K.batch_set_value([(a, np.full((2, 2), 3.)), (b, 5.)])
    values = K.batch_get_value([a, b])
    np.testing.assert_array_equal(values[0], np.full((2, 2), 3.))
    assert values[1] == 5.
    assert K.get_value(a).dtype == np.float32


def test_set_value_shape_mismatch():
    v = K.variable(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r'\(3, 2\).*\(2, 3\)'):
        K.set_value(v, np.zeros((3, 2)))
    with pytest.raises(ValueError, match='shape'):
        K.batch_set_value([(v, np.zeros(6))])


def test_functions_read_current_variable_values():
    v = K.variable(1.)
    f = K.function([], [v * 2.])
    assert f([])[0] == 2.
    K.set_value(v, 5.)
    assert f([])[0] == 10.


def test_eval_of_expression():
    v = K.variable(np.array([1., 2.]))
    np.testing.assert_allclose(K.eval(K.exp(v) + 1.), np.exp([1., 2.]) + 1.,
                               rtol=1e-6)


# Updates.

def test_function_updates_apply_after_outputs():
    v = K.variable(1.)
    x = K.placeholder(shape=())
    f = K.function([x], [v * 1.], updates=[(v, v + x)])
    assert f([np.float32(2.)])[0] == 1.
    assert K.get_value(v) == 3.
    assert f([np.float32(2.)])[0] == 3.
    assert K.get_value(v) == 5.


def test_update_helpers():
    v = K.variable(np.array([1., 2.]))
    w = K.variable(np.array([10., 20.]))
    m = K.variable(np.array([4., 8.]))
    f = K.function([], [], updates=[K.update_add(v, 1.),
                                    K.update_sub(w, np.float32(5.)),
                                    K.moving_average_update(m, 0., 0.75)])
    f([])
    np.testing.assert_allclose(K.get_value(v), [2., 3.])
    np.testing.assert_allclose(K.get_value(w), [5., 15.])
    np.testing.assert_allclose(K.get_value(m), [3., 6.])
    u = K.variable(0.)
    K.function([], [], updates=[K.update(u, 7.)])([])
    assert K.get_value(u) == 7.


def test_eval_of_update_assigns():
    v = K.variable(1.)
    K.eval(K.update_add(v, 2.))
    assert K.get_value(v) == 3.


def test_later_update_of_a_variable_wins():
    v = K.variable(0.)
    K.function([], [], updates=[(v, v + 1.), (v, v + 10.)])([])
    assert K.get_value(v) == 10.


def test_updates_are_computed_before_any_is_applied():
    a = K.variable(1.)
    b = K.variable(10.)
    # A swap only works if both new values are computed from old values;
    # `a` updated twice keeps the last value.
    f = K.function([], [], updates=[(a, a * 0.), (b, a), (a, b)])
    f([])
    assert (K.get_value(a), K.get_value(b)) == (10., 1.)


def test_update_needs_a_variable():
    with pytest.raises(TypeError, match='variable'):
        K.update(K.placeholder(shape=()), 1.)
    with pytest.raises(ValueError, match='pair'):
        K.function([], [], updates=[1.])


# Learning phase.

def test_learning_phase_as_function_input():
    x = K.placeholder(shape=(None, 2))
    y = K.in_train_phase(x * 2., x * 3.)
    assert y._uses_learning_phase
    assert K.int_shape(y) == (None, 2)
    f = K.function([x, K.learning_phase()], [y])
    data = np.ones((1, 2))
    np.testing.assert_allclose(f([data, 1])[0], [[2., 2.]])
    np.testing.assert_allclose(f([data, 0])[0], [[3., 3.]])
    # Unfed, the phase is the test phase.
    np.testing.assert_allclose(K.function([x], [y])([data])[0], [[3., 3.]])


def test_in_train_phase_with_callables_and_fixed_training():
    x = K.placeholder(shape=(2,))
    y = K.in_train_phase(lambda: x + 1., lambda: x - 1.)
    f = K.function([x, K.learning_phase()], [y])
    np.testing.assert_allclose(f([np.zeros(2), 1])[0], [1., 1.])
    np.testing.assert_allclose(f([np.zeros(2), 0])[0], [-1., -1.])
    assert K.in_train_phase(lambda: 'a', lambda: 'b', training=1) == 'a'
    assert K.in_train_phase('a', 'b', training=0) == 'b'
    assert K.in_test_phase('a', 'b', training=0) == 'a'
    z = K.in_test_phase(x * 0., x, training=K.learning_phase())
    g = K.function([x, K.learning_phase()], [z])
    np.testing.assert_allclose(g([np.ones(2), 0])[0], [0., 0.])
    np.testing.assert_allclose(g([np.ones(2), 1])[0], [1., 1.])


def test_set_learning_phase():
    K.set_learning_phase(1)
    assert K.learning_phase() == 1
    x = K.variable(np.ones(2))
    np.testing.assert_allclose(K.eval(K.in_train_phase(x * 2., x)), [2., 2.])
    K.set_learning_phase(0)
    np.testing.assert_allclose(K.eval(K.in_train_phase(x * 2., x)), [1., 1.])
    with pytest.raises(ValueError, match='0 or 1'):
        K.set_learning_phase(2)
    K.clear_session()
    assert K.is_placeholder(K.learning_phase())


def test_only_the_taken_branch_runs():
    x = K.placeholder(shape=(2,))
    printed = K.print_tensor(x, 'not taken: ')
    y = K.in_train_phase(x, printed)
    f = K.function([x, K.learning_phase()], [y])
    np.testing.assert_allclose(f([np.ones(2), 1])[0], [1., 1.])


# Errors of K.function.

def test_function_rejects_unknown_arguments():
    x = K.placeholder(shape=(2,))
    with pytest.raises(ValueError, match='Invalid argument "bogus"'):
        K.function([x], [x * 2.], bogus=True)


def test_unfed_placeholder_error_names_it():
    x = K.placeholder(shape=(2,), name='x_input')
    hidden = K.placeholder(shape=(2,), name='never_fed')
    f = K.function([x], [x + hidden])
    with pytest.raises(ValueError, match='never_fed'):
        f([np.ones(2)])


def test_feed_errors():
    x = K.placeholder(shape=(None, 3))
    f = K.function([x], [x * 2.])
    with pytest.raises(ValueError, match=r'expected shape \(None, 3\)'):
        f([np.ones((2, 4))])
    with pytest.raises(ValueError, match='expects 1 input values, '
                       'received 2'):
        f([np.ones((2, 3)), np.ones(1)])
    with pytest.raises(TypeError, match='symbolic tensors'):
        K.function([np.ones(3)], [x])


# Gradients.

def test_gradients_none_for_unconnected_variables():
    a, b = K.variable(np.ones(2)), K.variable(np.ones(2))
    loss = K.sum(a * 3.)
    grads = K.gradients(loss, [a, b])
    assert grads[1] is None
    assert K.int_shape(grads[0]) == (2,)


@pytest.mark.backends(*TRAINS)
def test_gradients_with_respect_to_variables():
    v = K.variable(np.array([1., -2., 3.]))
    x = K.placeholder(shape=(3,))
    loss = K.sum(K.square(v) * x)
    grad = K.gradients(loss, [v])[0]
    out = K.function([x], [grad])([np.array([1., 2., 3.])])[0]
    np.testing.assert_allclose(out, [2., -8., 18.])


@pytest.mark.backends(*TRAINS)
def test_gradient_descent_through_updates():
    v = K.variable(np.array([3.]))
    loss = K.sum(K.square(v))
    grad = K.gradients(loss, [v])[0]
    step = K.function([], [loss], updates=[(v, v - 0.25 * grad)])
    losses = [float(step([])[0]) for _ in range(3)]
    np.testing.assert_allclose(losses, [9., 2.25, 0.5625], rtol=1e-6)


@pytest.mark.backends(*TRAINS)
def test_sgd_steps_match_numpy():
    rng = np.random.RandomState(0)
    x_data = rng.randn(8, 3).astype('float32')
    y_data = rng.randn(8, 1).astype('float32')
    w_start = rng.randn(3, 1).astype('float32')
    learning_rate = 0.1

    w = K.variable(w_start)
    x = K.placeholder((None, 3))
    y = K.placeholder((None, 1))
    loss = K.mean(K.square(K.dot(x, w) - y))
    grad, = K.gradients(loss, [w])
    step = K.function([x, y], [loss],
                      updates=[K.update_sub(w, learning_rate * grad)])

    w_numpy = w_start.astype('float64')
    for _ in range(5):
        residual = x_data.dot(w_numpy) - y_data
        expected_loss = np.mean(residual ** 2)
        loss_value, = step([x_data, y_data])
        w_numpy = w_numpy - learning_rate * 2. * x_data.T.dot(residual) / 8.
        np.testing.assert_allclose(loss_value, expected_loss, rtol=1e-5)
    np.testing.assert_allclose(K.get_value(w), w_numpy, rtol=1e-5)


@pytest.mark.backends(*TRAINS)
def test_disconnected_gradients_are_zeros():
    w = K.variable([1., 2.])
    v = K.variable([3., 4.])
    # Connected in the recorded graph, cut by stop_gradient in the
    # backend's.
    loss = K.sum(w * 3. + K.stop_gradient(v))
    grad_w, grad_v = K.function([], K.gradients(loss, [w, v]))([])
    np.testing.assert_array_equal(grad_w, [3., 3.])
    np.testing.assert_array_equal(grad_v, [0., 0.])


@pytest.mark.backends(*TRAINS)
def test_second_order_gradients_in_functions_and_eval():
    x = K.variable([1., 2.])
    first, = K.gradients(K.sum(x ** 3.), [x])        # 3 x^2
    second, = K.gradients(K.sum(K.square(first)), [x])  # d(9 x^4) = 36 x^3
    g1, g2 = K.function([], [first, second])([])
    np.testing.assert_allclose(g1, [3., 12.])
    np.testing.assert_allclose(g2, [36., 288.])
    np.testing.assert_allclose(K.eval(second), [36., 288.])


@pytest.mark.backends(*TRAINS)
def test_eval_computes_gradients_eagerly():
    w = K.variable([1., -2.])
    grad, = K.gradients(K.sum(K.abs(w) * 2.), [w])
    np.testing.assert_array_equal(K.eval(grad), [2., -2.])


@pytest.mark.backends(*TRAINS)
def test_stop_gradient_with_lists():
    x = K.placeholder(shape=(2,))
    y = K.placeholder(shape=(2,))
    held = K.stop_gradient([x, y])
    assert isinstance(held, list) and len(held) == 2
    loss = K.sum(held[0] * x + held[1] * x)
    gx = K.gradients(loss, [x])[0]
    out = K.function([x, y], [gx])([np.array([1., 2.]), np.array([3., 4.])])
    np.testing.assert_allclose(out[0], [4., 6.])


@pytest.mark.backends('numpy')
def test_numpy_backend_gradient_error_names_training_backends():
    x = K.placeholder(shape=(2,))
    grad = K.gradients(K.sum(x * x), [x])[0]
    f = K.function([x], [grad])
    with pytest.raises(NotImplementedError) as info:
        f([np.ones(2)])
    message = str(info.value)
    assert 'numpy' in message
    for name in TRAINS:
        assert name in message


def test_gradients_argument_errors():
    with pytest.raises(TypeError, match='symbolic loss'):
        K.gradients(1., [K.variable(1.)])
    with pytest.raises(TypeError, match='symbolic tensors or variables'):
        K.gradients(K.sum(K.variable(np.ones(2))), [np.ones(2)])


# Naming and compatibility helpers.

def test_uids():
    assert K.get_uid('dense') == 1
    assert K.get_uid('dense') == 2
    assert K.get_uid('conv') == 1
    K.reset_uids()
    assert K.get_uid('dense') == 1
    K.clear_session()
    assert K.get_uid('dense') == 1


def test_identity_and_compat_helpers():
    x = K.placeholder(shape=(None, 2))
    y = K.identity(x)
    assert y is not x and K.int_shape(y) == (None, 2)
    assert K.is_sparse(x) is False
    assert K.to_dense(x) is x
    with K.control_dependencies([x]):
        z = x + 1.
    np.testing.assert_allclose(K.function([x], [y, z])([np.ones((1, 2))])[1],
                               [[2., 2.]])
    fn = lambda: 3  # noqa: E731
    assert K.symbolic(fn) is fn and K.eager(fn) is fn
    assert K.pattern_broadcast(x, [False, False]) is x
    with pytest.raises(ValueError, match='broadcastable'):
        K.pattern_broadcast(K.placeholder(shape=(2, 3)), [False, True])


@pytest.mark.backends('jax', 'torch', 'theano', 'numpy')
def test_sessions_are_tensorflow_only():
    with pytest.raises(RuntimeError, match=K.backend()):
        K.get_session()
    with pytest.raises(RuntimeError, match='session'):
        K.set_session(None)


def test_print_tensor_prints_when_run_not_when_built(capfd):
    x = K.placeholder(shape=(2,))
    y = K.print_tensor(x * 2., message='doubled: ')
    assert K.int_shape(y) == (2,)
    assert 'doubled' not in ''.join(capfd.readouterr())
    f = K.function([x], [y])
    out = f([np.array([1., 3.])])[0]
    np.testing.assert_allclose(out, [2., 6.])
    printed = ''.join(capfd.readouterr())
    assert 'doubled: ' in printed and '6' in printed
    f([np.array([5., 7.])])
    assert '14' in ''.join(capfd.readouterr())


@pytest.mark.backends(*TRAINS)
def test_gradient_with_respect_to_a_placeholder_and_an_intermediate():
    x = K.placeholder((None, 2))
    w = K.variable([[2.], [-1.]])
    hidden = K.dot(x, w)
    loss = K.sum(K.square(hidden))
    grad_x, grad_hidden, grad_w = K.gradients(loss, [x, hidden, w])
    data = np.array([[1., 2.], [3., 1.]], 'float32')
    gx, gh, gw = K.function([x], [grad_x, grad_hidden, grad_w])([data])
    h = data.dot([[2.], [-1.]])
    np.testing.assert_allclose(gh, 2. * h)
    np.testing.assert_allclose(gx, 2. * h.dot([[2., -1.]]))
    # The gradient for w flows through `hidden`, as TensorFlow's does.
    np.testing.assert_allclose(gw, data.T.dot(2. * h))


def test_reshape_to_a_shape_known_only_at_run_time():
    x = K.placeholder((None, 6))
    y = K.placeholder((None, 2, 3))
    like_y = K.reshape(x, K.shape(y))
    rows_kept = K.reshape(x, (K.shape(x)[0], 3, 2))
    assert K.ndim(like_y) == 3
    assert K.int_shape(rows_kept) == (None, 3, 2)
    data = np.arange(12., dtype='float32').reshape(2, 6)
    a, b = K.function([x, y], [like_y, rows_kept])(
        [data, np.zeros((2, 2, 3), 'float32')])
    np.testing.assert_array_equal(a, data.reshape(2, 2, 3))
    np.testing.assert_array_equal(b, data.reshape(2, 3, 2))
