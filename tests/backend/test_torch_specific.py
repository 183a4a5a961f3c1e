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
    from keras.backend.ops.shape_utils import same_as_first
    from keras.backend.symbolic.op import record

    class CustomNode(graph.Node):
        kind = 'custom'

    w = K.variable([1., 2.])
    doubled = record(lambda v: v * 2., (w,), {}, node_class=CustomNode,
                     shape_rule=same_as_first)
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


# Convolution and pooling primitives: torch computes channels first and
# pads symmetrically; TensorFlow's 'same' puts the odd zero after, and its
# average pooling divides by the real entries only.

def _conv_data(shape, seed=0, dtype='float32'):
    return np.random.RandomState(seed).randn(*shape).astype(dtype)


def test_conv_is_f_conv_and_channels_last_needs_no_copy(torch, backend):
    import torch.nn.functional as F
    x = backend.convert(_conv_data((2, 3, 9, 8)))            # NCHW
    kernel = backend.convert(_conv_data((3, 3, 3, 4), seed=1))
    weight = kernel.permute(3, 2, 0, 1)                      # (out, in, k)
    # 3x3, stride 2 over 9 rows: 'same' pads one zero on each side.
    expected = F.conv2d(x, weight, None, (2, 1), (1, 1))
    first = backend.conv(x, kernel, (2, 1), 'same', (1, 1),
                         'channels_first')
    assert torch.allclose(first, expected, atol=1e-5)
    last = backend.conv(x.permute(0, 2, 3, 1).contiguous(), kernel, (2, 1),
                        'same', (1, 1), 'channels_last')
    assert torch.allclose(last, expected.permute(0, 2, 3, 1), atol=1e-5)
    # A dense NHWC input, permuted, is in torch's channels_last memory
    # format: the result comes back as a dense NHWC tensor, no layout copy
    # made on either side.
    assert last.is_contiguous()


def test_asymmetric_same_pooling_counts_real_entries_only(torch, backend):
    # Pool 2, stride 1, 'same': one zero after (TensorFlow's rule). The
    # last window holds one real entry: average 4, not (4 + 0) / 2, and
    # max -4, not the padding's 0 or -inf.
    x = np.array([[[1.], [2.], [3.], [4.]]], 'float32')
    average = backend.pool(x, (2,), (1,), 'same', 'avg', 'channels_last')
    np.testing.assert_array_equal(backend.to_numpy(average)[0, :, 0],
                                  [1.5, 2.5, 3.5, 4.])
    maximum = backend.pool(-x, (2,), (1,), 'same', 'max', 'channels_last')
    np.testing.assert_array_equal(backend.to_numpy(maximum)[0, :, 0],
                                  [-1., -2., -3., -4.])


POOL_CASES = [
    ((2, 2), (2, 2), 'same', 'avg', 'channels_last', (2, 7, 9, 3)),
    ((3, 2), (2, 3), 'same', 'avg', 'channels_first', (2, 3, 8, 8)),
    ((2, 3, 2), (1, 2, 2), 'same', 'avg', 'channels_first', (1, 2, 5, 6, 5)),
    ((3, 3), (1, 1), 'same', 'avg', 'channels_last', (2, 6, 5, 3)),
    ((2, 2), (2, 2), 'same', 'max', 'channels_first', (2, 3, 7, 7)),
    ((4,), (3,), 'same', 'max', 'channels_last', (2, 10, 3)),
]


@pytest.mark.parametrize('case', POOL_CASES,
                         ids=[str(i) for i in range(len(POOL_CASES))])
def test_same_pooling_matches_the_oracle(backend, numpy_backend, case):
    pool_size, strides, padding, mode, data_format, shape = case
    x = _conv_data(shape)
    args = (pool_size, strides, padding, mode, data_format)
    for _ in range(2):   # the second call uses the cached rescaling
        np.testing.assert_allclose(
            backend.to_numpy(backend.pool(x, *args)),
            numpy_backend.pool(x, *args), rtol=1e-6, atol=1e-6)


TRANSPOSE_CASES = [
    # (output sizes, strides, padding, dilation): torch's output_padding
    # makes up the end, or the result is cropped when 'same' puts the odd
    # zero after.
    ((9, 8), (2, 2), 'same', (1, 1)),
    ((10, 7), (2, 3), 'same', (1, 1)),
    ((9, 9), (3, 2), 'valid', (1, 1)),
    ((8, 9), (1, 1), 'same', (2, 1)),
    ((11, 8), (2, 2), 'same', (2, 2)),
]


@pytest.mark.parametrize('case', TRANSPOSE_CASES,
                         ids=[str(i) for i in range(len(TRANSPOSE_CASES))])
def test_conv_transpose_matches_the_oracle(backend, numpy_backend, case):
    sizes, strides, padding, dilation = case
    kernel = _conv_data((2, 3, 2, 3), seed=1)           # (*k, out, in)
    y_shape = numpy_backend.conv(np.zeros((1,) + sizes + (2,)),
                                 np.zeros((2, 3, 2, 3)), strides, padding,
                                 dilation, 'channels_last').shape
    x = _conv_data((2,) + y_shape[1:])
    args = (sizes, strides, padding, dilation, 'channels_last')
    np.testing.assert_allclose(
        backend.to_numpy(backend.conv_transpose(x, kernel, *args)),
        numpy_backend.conv_transpose(x, kernel, *args), rtol=1e-5,
        atol=1e-5)
    with pytest.raises(ValueError, match='conv_transpose'):
        backend.conv_transpose(x, kernel, (sizes[0] + 5, sizes[1]),
                               *args[1:])


def test_gradients_match_finite_differences_of_the_oracle(
        torch, backend, numpy_backend):
    """Asymmetric 'same' (the F.pad and the rescaled average), depthwise
    groups and the cropped transposed convolution: autograd against the
    oracle's central differences along random directions."""
    rng = np.random.RandomState(0)
    x = rng.randn(2, 7, 6, 2)
    kernel = rng.randn(2, 3, 2, 3)
    y = rng.randn(2, 4, 3, 3)
    cases = [
        ('conv', [x, kernel], ((2, 2), 'same', (1, 1), 'channels_last')),
        ('depthwise_conv', [x, kernel[..., :2]],
         ((2, 1), 'same', (1, 2), 'channels_last')),
        ('conv_transpose', [y, kernel[:, :, :2, :]],
         ((7, 6), (2, 2), 'same', (1, 1), 'channels_last')),
        ('pool', [x], ((2, 2), (2, 1), 'same', 'avg', 'channels_last')),
    ]
    for name, inputs, args in cases:
        def oracle(*values):
            return getattr(numpy_backend, name)(*(list(values) + list(args)))
        weights = rng.randn(*oracle(*inputs).shape)
        leaves = [backend.convert(v).requires_grad_() for v in inputs]
        out = getattr(backend, name)(*(leaves + list(args)))
        grads = torch.autograd.grad((out * backend.convert(weights)).sum(),
                                    leaves)
        for i, value in enumerate(inputs):
            direction = rng.randn(*value.shape)
            plus, minus = list(inputs), list(inputs)
            plus[i] = value + 1e-5 * direction
            minus[i] = value - 1e-5 * direction
            numeric = (np.sum(oracle(*plus) * weights) -
                       np.sum(oracle(*minus) * weights)) / 2e-5
            analytic = np.sum(backend.to_numpy(grads[i]) * direction)
            assert analytic == pytest.approx(numeric, rel=1e-6, abs=1e-6), \
                (name, i)
