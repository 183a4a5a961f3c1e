"""What only the torch backend has: variables kept as leaf tensors whose
data is replaced (never aliased with the caller's arrays), numpy's dtype
promotion over torch ops, K.function as a generated Python
function run under the lightest grad mode, tape gradients with
torch.autograd, and torch generators for random ops.

The op-by-op comparison with the numpy backend is the conformance suite's
job; these tests check the machinery around it.
"""
import gc
import weakref

import numpy as np
import pytest

from keras import backend as K

pytestmark = pytest.mark.backends('torch')


@pytest.fixture
def torch():
    import torch as torch_module
    return torch_module


class SavedTensorCounter(object):
    """Counts the tensors autograd saves for backward, and how many of them
    are still held (by a live graph) after the code under test."""

    def __init__(self, torch):
        self.hooks = torch.autograd.graph.saved_tensors_hooks(self._pack,
                                                               self._unpack)
        self.saved = 0
        self.alive = weakref.WeakSet()

    def _pack(self, tensor):
        self.saved += 1
        box = _Box(tensor)
        self.alive.add(box)
        return box

    def _unpack(self, box):
        return box.tensor

    def __enter__(self):
        self.hooks.__enter__()
        return self

    def __exit__(self, *exc):
        self.hooks.__exit__(*exc)

    def held(self):
        gc.collect()
        return len(self.alive)


class _Box(object):
    def __init__(self, tensor):
        self.tensor = tensor


# Values, dtypes and variables.

def test_dtype_names_map_both_ways(torch, backend):
    from keras.backend.torch.core import torch_dtype
    pairs = [('float16', torch.float16), ('float32', torch.float32),
             ('float64', torch.float64), ('int8', torch.int8),
             ('int32', torch.int32), ('int64', torch.int64),
             ('uint8', torch.uint8), ('bool', torch.bool)]
    for name, dtype in pairs:
        assert torch_dtype(name) is dtype
        assert torch_dtype(np.dtype(name)) is dtype
        assert backend.dtype_name(torch.zeros(1, dtype=dtype)) == name
        assert K.dtype(backend.convert(np.zeros(1, name))) == name
    with pytest.raises(TypeError, match='torch backend has no dtype'):
        torch_dtype('float128')


def test_convert_keeps_python_scalars_and_casts_arrays(torch, backend):
    assert backend.convert(1.5) == 1.5 and isinstance(backend.convert(2), int)
    value = backend.convert(np.arange(3), 'float32')
    assert backend.is_native(value) and value.dtype == torch.float32
    assert not backend.is_native(np.ones(2))
    read_only = np.broadcast_to(np.ones(1, 'float32'), (3,))
    np.testing.assert_array_equal(backend.to_numpy(backend.convert(read_only)),
                                  [1., 1., 1.])
    assert backend.to_numpy(torch.ones(2, requires_grad=True)).tolist() == \
        [1., 1.]
    with pytest.raises(TypeError, match='torch backend'):
        backend.convert(np.array(['a', 'b']))


def test_variable_storage_is_a_leaf_tensor(torch):
    array = np.arange(6.).reshape(2, 3)
    v = K.variable(array)
    storage = v.storage
    assert isinstance(storage, torch.Tensor) and storage.is_leaf
    assert storage.requires_grad and storage.dtype == torch.float32
    array[0, 0] = 100.  # the storage is a copy of the initial value
    assert K.get_value(v)[0, 0] == 0.
    counter = K.variable(0, dtype='int64')
    assert not counter.storage.requires_grad


def test_assign_keeps_the_leaf_tensor_and_autograd_working(torch):
    v = K.variable([1., 2.])
    storage = v.storage
    K.set_value(v, [3., 4.])
    assert v.storage is storage and storage.requires_grad and storage.is_leaf
    value = K.get_value(v)
    value[0] = 100.  # get_value returns a copy
    np.testing.assert_array_equal(K.get_value(v), [3., 4.])
    grad, = K.gradients(K.sum(K.square(v)), [v])
    np.testing.assert_array_equal(K.eval(grad), [6., 8.])
    assert storage.grad is None  # autograd.grad, not .backward()


# numpy's promotion over torch ops.

PROMOTION_CASES = [
    ('add', (np.ones(2, 'int32'), 0.5)),
    ('add', (np.ones(2, 'float32'), np.ones(2, 'float64'))),
    ('multiply', (np.ones(2, 'int32'), np.ones(2, 'float32'))),
    ('subtract', (np.ones(2, 'float32'), np.float64(1.5))),
    ('divide', (np.arange(1, 4, dtype='int32'), np.full(3, 2, 'int32'))),
    ('sqrt', (np.arange(4, dtype='int32'),)),
    ('exp', (np.arange(3, dtype='int16'),)),
    ('sum', (np.array([True, False, True]),)),
    ('sum', (np.arange(4, dtype='int32'),)),
    ('cumsum', (np.arange(4, dtype='int32'),)),
    ('maximum', (np.ones(2, 'float16'), np.zeros(2, 'float32'))),
    ('maximum', (np.arange(3, dtype='int32'), 1.5)),
    ('where', (np.array([True, False]), np.ones(2, 'float32'), 0.)),
    ('concatenate', ([np.ones(2, 'int32'), np.zeros(2, 'float32')], 0)),
    ('clip', (np.array([-2., 0.5, 3.], 'float32'), 0., 1.)),
    ('mod', (np.array([-3, 3], 'int32'), 2)),
    ('floor_divide', (np.array([-3., 3.], 'float32'), 2)),
    ('prod', (np.arange(1, 7, dtype='int32').reshape(2, 3), (0, 1))),
    ('take', (np.arange(6.).reshape(2, 3), np.array([[-1, 0]]), 1)),
    ('getitem', (np.arange(6.).reshape(2, 3), (slice(None),
                                                slice(None, 0, -2)))),
    ('pad', (np.ones((2, 2), 'int32'), ((1, 0), (0, 2)))),
]


@pytest.mark.parametrize('name,args', PROMOTION_CASES,
                         ids=['%s-%d' % (c[0], i)
                              for i, c in enumerate(PROMOTION_CASES)])
def test_primitive_dtype_and_value_match_numpy(backend, numpy_backend, name,
                                               args):
    expected = np.asarray(getattr(numpy_backend, name)(*args))
    result = backend.to_numpy(getattr(backend, name)(*args))
    assert result.dtype == expected.dtype
    np.testing.assert_allclose(result, expected, rtol=1e-6)


# K.function: the generated program, grad modes, updates.

def test_no_autograd_graph_outlives_a_call(torch):
    w = K.variable(np.ones((3, 2)))
    x = K.placeholder((None, 3))
    out = K.dot(x, w)
    loss = K.sum(K.tanh(out))
    grad, = K.gradients(loss, [w])
    train = K.function([x], [loss], updates=[K.update_sub(w, 0.1 * grad)])
    data = np.ones((4, 3), 'float32')
    with SavedTensorCounter(torch) as counter:
        train([data])
        train([data])
    assert counter.saved > 0
    assert counter.held() == 0
    assert w.storage.grad_fn is None and w.storage.grad is None


def test_only_the_gradient_path_records_a_graph(torch):
    w = K.variable(np.full((3, 2), 0.5))
    x = K.placeholder((None, 3))
    loss = K.sum(K.tanh(K.dot(x, w)))
    grad, = K.gradients(loss, [w])
    # Off the path from w to the loss: must not save tensors for backward.
    metric = K.sum(K.exp(K.dot(x, w)) * K.sigmoid(w[0]))
    data = np.ones((4, 3), 'float32')

    def saved_by(outputs):
        f = K.function([x], outputs)
        f([data])  # generate the program outside the counter
        with SavedTensorCounter(torch) as counter:
            f([data])
        return counter.saved
    assert saved_by([loss, grad, metric]) == saved_by([loss, grad])


def test_inference_functions_save_nothing_for_backward(torch):
    w = K.variable(np.ones((3, 2)))
    x = K.placeholder((None, 3))
    predict = K.function([x], [K.softmax(K.tanh(K.dot(x, w)))])
    with SavedTensorCounter(torch) as counter:
        result, = predict([np.ones((2, 3), 'float32')])
        K.eval(K.sum(K.exp(w)))
    assert counter.saved == 0
    np.testing.assert_allclose(result, np.full((2, 2), 0.5))


def test_outputs_are_read_before_the_updates_and_stay_unchanged():
    v = K.variable([1., 2.])
    f = K.function([], [v, v[0], v * 10.], updates=[K.update_add(v, 1.)])
    whole, first, scaled = f([])
    f([])
    np.testing.assert_array_equal(whole, [1., 2.])
    assert float(first) == 1.
    np.testing.assert_array_equal(scaled, [10., 20.])
    np.testing.assert_array_equal(K.get_value(v), [3., 4.])


def test_variables_never_share_memory_with_the_caller():
    v = K.variable([1., 2.])
    w = K.variable([5., 6.])
    x = K.placeholder((2,))
    buffer = np.array([7., 8.], 'float32')
    K.function([x], [], updates=[(v, x), (w, w * 1.)])([buffer])
    buffer[:] = 0.  # a fed array reused by the caller
    np.testing.assert_array_equal(K.get_value(v), [7., 8.])
    new_value = v * 2.
    returned, = K.function([], [new_value], updates=[(w, new_value)])([])
    returned[:] = 0.  # an output changed by the caller
    np.testing.assert_array_equal(K.get_value(w), [14., 16.])
    old_value, = K.function([], [w])([])
    K.set_value(w, [0., 0.])
    old_value[:] += 1.
    np.testing.assert_array_equal(old_value, [15., 17.])
    np.testing.assert_array_equal(K.get_value(w), [0., 0.])


def test_update_of_a_new_shape_replaces_the_leaf():
    v = K.variable([1., 2.])
    K.function([], [], updates=[(v, K.concatenate([v, v]))])([])
    np.testing.assert_array_equal(K.get_value(v), [1., 2., 1., 2.])
    assert v.storage.requires_grad and v.storage.is_leaf


def test_learning_phase_selects_one_branch_per_generated_program():
    x = K.placeholder((None, 2))
    phase = K.learning_phase()
    y = K.in_train_phase(x * 2., x - 1., training=phase)
    f = K.function([x, phase], [y])
    data = np.ones((3, 2), 'float32')
    np.testing.assert_array_equal(f([data, 1])[0], np.full((3, 2), 2.))
    np.testing.assert_array_equal(f([data, 0])[0], np.zeros((3, 2)))
    assert 'multiply' not in f.program(0).source
    assert 'subtract' not in f.program(1).source


def test_errors_point_at_the_failing_node():
    x = K.placeholder((None, 3))
    f = K.function([x], [K.reshape(x, (-1, 2)) * 2.])
    with pytest.raises(ValueError) as info:
        f([np.ones((3, 3), 'float32')])
    # The generated line, with the node name, is in the traceback.
    assert any('# reshape' in str(entry.statement)
               for entry in info.traceback)


def test_unfed_placeholder_names_it():
    x = K.placeholder((None, 3), name='my_input')
    y = K.placeholder((None, 3))
    f = K.function([y], [x + y])
    with pytest.raises(ValueError, match='my_input'):
        f([np.ones((1, 3))])


def test_unknown_node_kinds_fall_back_to_the_generic_lowering():
    from keras.backend.base import EagerFunction
    from keras.backend.symbolic import graph
    from keras.backend.symbolic.op import record

    class CustomNode(graph.Node):
        kind = 'custom'

    w = K.variable([1., 2.])
    doubled = record(lambda v: v * 2., (w,), {}, node_class=CustomNode)
    loss = K.sum(K.square(doubled))
    grad, = K.gradients(loss, [w])
    f = K.function([], [loss, grad, w],
                   updates=[K.update_sub(w, 0.1 * grad)])
    assert isinstance(f, EagerFunction)
    loss_value, grad_value, w_value = f([])
    assert float(loss_value) == 20.
    np.testing.assert_allclose(grad_value, [8., 16.])
    np.testing.assert_allclose(w_value, [1., 2.])  # read before the update
    np.testing.assert_allclose(K.get_value(w), [0.2, 0.4])


# Random generators.

def test_seeded_functions_repeat_and_calls_draw_anew():
    def draws():
        f = K.function([], [K.random_normal((4,), seed=7),
                            K.truncated_normal((4,), seed=8)])
        return [f([]) for _ in range(2)]
    first, second = draws(), draws()
    np.testing.assert_array_equal(np.array(first), np.array(second))
    assert not np.array_equal(first[0][0], first[1][0])
    assert np.all(np.abs(first[0][1]) <= 2.)


def test_numpy_seed_makes_unseeded_draws_repeatable():
    def draws():
        np.random.seed(3)
        f = K.function([], [K.random_binomial((50,), p=0.5)])
        return f([])[0], f([])[0], K.eval(K.random_uniform((2,)))
    first, second = draws(), draws()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0], first[1])


def test_random_tensors_live_on_the_backend_device(torch, backend):
    from keras.backend.torch.core import DEVICE
    for value in (backend.random_uniform((2,), 0., 1., 'float32', None),
                  backend.random_normal((2,), 0., 1., 'float64', 1),
                  backend.random_binomial((2,), 0.5, 'int32', None),
                  backend.truncated_normal((2,), 0., 1., 'float16', 2)):
        assert value.device.type == DEVICE.type
    assert backend.random_binomial((2,), 0.5, 'int32', None).dtype == \
        torch.int32
