"""What only the PyTensor ('theano') backend has: shared variables,
K.function as pytensor.function with updates, pytensor.grad, float32 kept
whatever pytensor's floatX, the compile mode chosen by KERAS_PYTENSOR_MODE,
shared random generators, and Theano's pattern_broadcast.

The op-by-op comparison with the numpy backend is the conformance suite's
job; these tests check the machinery around it.
"""
import numpy as np
import pytest

from keras import backend as K

pytestmark = pytest.mark.backends('theano')


@pytest.fixture
def pytensor():
    import pytensor as pytensor_module
    return pytensor_module


@pytest.fixture
def settings():
    from keras.backend.pytensor import settings as settings_module
    return settings_module


def _linear_regression_data():
    rng = np.random.RandomState(0)
    x = rng.normal(size=(8, 3)).astype('float32')
    y = rng.normal(size=(8, 2)).astype('float32')
    w = rng.normal(size=(3, 2)).astype('float32')
    b = np.array([0.5, -0.25], dtype='float32')
    return x, y, w, b


def test_sgd_loop_by_hand_matches_numpy(pytensor):
    x_data, y_data, w0, b0 = _linear_regression_data()
    lr = 0.1
    x = K.placeholder((None, 3))
    y = K.placeholder((None, 2))
    w = K.variable(w0)
    b = K.variable(b0)
    loss = K.mean(K.square(K.dot(x, w) + b - y))
    grad_w, grad_b = K.gradients(loss, [w, b])
    step = K.function([x, y], [loss],
                      updates=[(w, w - lr * grad_w), (b, b - lr * grad_b)])
    assert isinstance(w.storage, pytensor.compile.SharedVariable)

    w_np, b_np = w0.astype('float64'), b0.astype('float64')
    for _ in range(5):
        error = x_data @ w_np + b_np - y_data
        expected_loss = np.mean(error ** 2)
        # d mean(e^2) = 2 e / (number of entries)
        d_error = 2. * error / error.size
        w_np = w_np - lr * x_data.T @ d_error
        b_np = b_np - lr * d_error.sum(axis=0)
        loss_value, = step([x_data, y_data])
        assert loss_value.dtype == np.float32
        np.testing.assert_allclose(loss_value, expected_loss, rtol=1e-5)
    np.testing.assert_allclose(K.get_value(w), w_np, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(K.get_value(b), b_np, rtol=1e-5, atol=1e-6)
    assert K.get_value(w).dtype == np.float32


def _float_dtypes(compiled):
    return {str(v.type.dtype) for v in compiled.maker.fgraph.variables
            if hasattr(v.type, 'dtype') and 'float' in str(v.type.dtype)}


def test_float32_graph_stays_float32_whatever_floatx(pytensor, monkeypatch):
    # With floatX float64, pytensor types 0.1 (not exact in float32) as
    # float64 and would upcast the whole graph.
    monkeypatch.setattr(pytensor.config, 'floatX', 'float64')
    v = K.variable(np.ones((2, 3)))
    assert K.eval(v * 0.1 + 1.3).dtype == np.float32
    x = K.placeholder((None, 3))
    out = K.sigmoid(x * 0.1 - 0.7) / (K.square(x) + 0.3)
    loss = K.mean(K.log(out + 1e-7)) + K.sum(v * 0.01)
    grads = K.gradients(loss, [x, v])
    f = K.function([x], [out, loss] + grads,
                   updates=[(v, v - 0.1 * grads[1])])
    results = f([np.ones((4, 3))])
    assert [r.dtype for r in results] == [np.float32] * 4
    assert _float_dtypes(f.compile(0)) == {'float32'}
    assert K.get_value(v).dtype == np.float32


def test_mode_follows_keras_pytensor_mode(pytensor, settings, monkeypatch):
    linkers = pytensor.link
    monkeypatch.setenv('KERAS_PYTENSOR_MODE', 'FAST_COMPILE')
    x = K.placeholder((None, 2))
    f = K.function([x], [K.sum(x * 2.)])
    assert isinstance(f.mode.linker, linkers.basic.PerformLinker)
    np.testing.assert_allclose(f([np.ones((3, 2))])[0], 12.)
    # Python implementations only: no op got a C thunk.
    assert isinstance(f.compile(0).maker.linker,
                      linkers.basic.PerformLinker)

    monkeypatch.setenv('KERAS_PYTENSOR_MODE', 'fast_run')
    f = K.function([x], [K.sum(x)])
    assert isinstance(f.mode.linker, linkers.vm.VMLinker)
    assert f.mode.linker.use_cloop  # the C virtual machine

    monkeypatch.delenv('KERAS_PYTENSOR_MODE')
    assert settings.mode_name() == 'FAST_RUN'

    monkeypatch.setenv('KERAS_PYTENSOR_MODE', 'FASTEST')
    with pytest.raises(ValueError, match='KERAS_PYTENSOR_MODE'):
        K.function([x], [K.sum(x)])


def test_eval_always_uses_the_cheap_mode(pytensor, monkeypatch):
    monkeypatch.setenv('KERAS_PYTENSOR_MODE', 'FAST_RUN')
    modes = []
    compile_function = pytensor.function

    def spy(*args, **kwargs):
        modes.append(kwargs.get('mode'))
        return compile_function(*args, **kwargs)
    monkeypatch.setattr(pytensor, 'function', spy)
    v = K.variable(np.arange(3.))
    assert K.eval(K.sum(v * 2.)) == 6.
    assert K.eval(K.constant([1., 2.]) * 3.).tolist() == [3., 6.]
    perform_linker = pytensor.link.basic.PerformLinker
    assert modes and all(isinstance(m.linker, perform_linker) for m in modes)


def test_one_compiled_function_per_learning_phase():
    x = K.placeholder((None, 2))
    out = K.in_train_phase(x * 2., x)
    f = K.function([x, K.learning_phase()], [out])
    data = np.ones((1, 2))
    assert f([data, 1])[0].tolist() == [[2., 2.]]
    assert f([data, 0])[0].tolist() == [[1., 1.]]
    assert f([data, 1])[0].tolist() == [[2., 2.]]
    assert sorted(f._compiled) == [0, 1]


def test_variables_are_shared_variables_with_static_shapes(pytensor,
                                                          backend):
    w = K.variable(np.zeros((2, 3)), dtype='float32')
    counter = K.variable(0, dtype='int64')
    assert w.storage.type.shape == (2, 3)
    assert counter.storage.dtype == 'int64'
    K.set_value(w, np.full((2, 3), 1.5))
    assert K.get_value(w).dtype == np.float32
    f = K.function([], [counter], updates=[K.update_add(counter, 1)])
    f([])
    f([])
    assert K.get_value(counter) == 2
    assert K.get_value(counter).dtype == np.int64
    # The values K ops see have numpy-like static shapes.
    assert backend.convert(np.ones((2, 3))).shape == (2, 3)
    assert backend.static_shape(w.storage) == (2, 3)


def test_dot_of_a_tensor_of_fully_static_shape():
    # A stateful RNN's input has a fixed batch: pytensor's tensordot used to
    # multiply the static sizes as int8 constants (32 * 8 overflowed to 0).
    x = K.placeholder(shape=(32, 10, 16))
    kernel = np.random.RandomState(0).normal(size=(16, 4)).astype('float32')
    data = np.random.RandomState(1).normal(size=(32, 10, 16)).astype(
        'float32')
    y = K.dot(x, K.variable(kernel))
    assert K.int_shape(y) == (32, 10, 4)
    np.testing.assert_allclose(K.function([x], [y])([data])[0],
                               data.dot(kernel), rtol=1e-5, atol=1e-5)
    # The primitive hands its argument back in the static-shape class.
    import pytensor.tensor as pt
    from keras.backend.pytensor.values import has_static_shape
    from keras.backend.pytensor.values import namespace
    from keras.backend.pytensor.values import with_static_shape
    a = with_static_shape(pt.tensor('a', shape=(32, 10, 16)))
    out = namespace.tensordot(a, pt.constant(kernel), axes=1)
    assert has_static_shape(a) and has_static_shape(out)
    assert out.shape == (32, 10, 4)


def test_compiled_graphs_hold_only_pytensor_classes():
    from keras.backend.pytensor.values import has_static_shape
    x = K.placeholder((None, 3))
    f = K.function([x], [K.softmax(x)])
    graph = f.compile(0).maker.fgraph
    assert not any(has_static_shape(v) for v in graph.variables)


def test_gradient_through_stop_gradient_is_zero():
    w = K.variable(np.array([1., 2., 3.]))
    direct = K.gradients(K.sum(K.stop_gradient(w) * w), [w])[0]
    stopped = K.gradients(K.sum(K.square(K.stop_gradient(w))), [w])[0]
    values = K.function([], [direct, stopped])([])
    np.testing.assert_allclose(values[0], [1., 2., 3.])
    np.testing.assert_allclose(values[1], [0., 0., 0.])


def test_random_generators_advance_and_seeds_repeat():
    def make(seed):
        return K.function([], [K.random_uniform((4,), seed=seed),
                               K.random_normal((4,), seed=seed)])
    f, g = make(3), make(3)
    first, second = f([]), f([])
    assert not np.array_equal(first[0], second[0])
    assert not np.array_equal(first[0], first[1])
    for a, b in zip(first, g([])):
        np.testing.assert_array_equal(a, b)
    np.random.seed(5)
    unseeded_a = make(None)([])
    np.random.seed(5)
    unseeded_b = make(None)([])
    np.testing.assert_array_equal(unseeded_a[0], unseeded_b[0])


def test_truncated_normal_stays_within_two_deviations():
    values = K.eval(K.truncated_normal((20000,), mean=1., stddev=0.5,
                                       seed=1))
    assert values.dtype == np.float32
    assert values.min() >= 0. and values.max() <= 2.
    # The standard deviation of a normal truncated at +-2 sigma is 0.880.
    assert abs(values.mean() - 1.) < 0.01
    assert abs(values.std() - 0.5 * 0.8796) < 0.01


def test_pattern_broadcast_lets_pytensor_broadcast(pytensor):
    from keras.backend import theano_backend as KTH
    x = K.placeholder((None, 3))
    table = K.variable(np.arange(12.).reshape(4, 3))
    data = np.ones((1, 3))
    # PyTensor broadcasts only axes it knows to be 1.
    with pytest.raises(ValueError, match='broadcast'):
        K.function([x], [x + table])([data])
    row = KTH.pattern_broadcast(x, (True, False))
    assert K.int_shape(row) == (1, 3)
    result = K.function([x], [row + table])([data])[0]
    np.testing.assert_allclose(result, data + np.arange(12.).reshape(4, 3))
    eager = KTH.pattern_broadcast(K.constant(data), [True, False])
    assert eager.type.broadcastable == (True, False)
    np.testing.assert_allclose(K.eval(eager), data)
    with pytest.raises(ValueError, match='rank'):
        KTH.pattern_broadcast(x, (True,))
    with pytest.raises(ValueError, match='size 3'):
        KTH.pattern_broadcast(x, (False, True))


def test_theano_backend_module_offers_k_and_pytensor():
    import pytensor.tensor
    from keras.backend import theano_backend as KTH
    assert KTH.dot is K.dot and KTH.function is K.function
    assert KTH.T is pytensor.tensor


def test_blas_linked_to_openblas_when_present(pytensor, settings):
    if settings._user_set('blas__ldflags'):
        pytest.skip('blas__ldflags comes from the user configuration')
    expected = '-lopenblas' if settings._openblas_found() else ''
    assert pytensor.config.blas__ldflags == expected


def test_no_stack_traces_recorded_unless_the_user_asks(pytensor, settings):
    if settings._user_set('traceback__limit'):
        pytest.skip('traceback__limit comes from the user configuration')
    K.placeholder((2, 3))   # the backend is configured once in use
    assert pytensor.config.traceback__limit == 0
    built = pytensor.tensor.exp(pytensor.tensor.matrix())
    assert getattr(built.tag, 'trace', []) in ([], [[]])


# Convolution and pooling: PyTensor has no such ops any more; the backend
# builds them from slices, one matrix product and element-wise ops
# (keras/backend/numpylike/conv.py), with Theano's flipped kernels.

def _op_names(compiled):
    return {type(node.op).__name__ for node in
            compiled.maker.fgraph.apply_nodes}


def test_compiled_conv_and_its_gradient_are_blas_products(pytensor):
    rng = np.random.RandomState(0)
    x = K.placeholder((None, 9, 8, 3))
    kernel = K.variable(rng.uniform(-1., 1., size=(3, 3, 3, 4)))
    y = K.conv2d(x, kernel, strides=(2, 1), padding='same')
    loss = K.sum(K.square(y))
    grads = K.gradients(loss, [x, kernel])
    f = K.function([x], [y] + grads, mode='FAST_RUN')
    x_value = rng.uniform(-1., 1., size=(2, 9, 8, 3)).astype('float32')
    y_value, grad_x, grad_kernel = f([x_value])
    from keras.backend.numpy import BACKEND as NP
    flipped = K.get_value(kernel)[::-1, ::-1]
    np.testing.assert_allclose(
        y_value, NP.conv(x_value, flipped, (2, 1), 'same', (1, 1),
                         'channels_last'), rtol=1e-5, atol=1e-5)
    assert grad_x.shape == x_value.shape
    assert grad_kernel.shape == (3, 3, 3, 4)
    names = _op_names(f.compile(0))
    # GEMMs in C (forward, input and kernel gradients), and no op that
    # loops in Python (scan, blockwise, inner graphs).
    assert names & {'Dot22', 'Gemm', 'Dot22Scalar'}
    assert not names & {'Scan', 'Blockwise', 'OpFromGraph', 'Dot'}
    assert all(hasattr(node.op, 'c_code') for node in
               f.compile(0).maker.fgraph.apply_nodes)


def _flip(kernel):
    return np.ascontiguousarray(kernel[(slice(None, None, -1),) *
                                       (kernel.ndim - 2)])


def test_conv_primitives_flip_the_kernel_as_theano_did(backend,
                                                       numpy_backend):
    """Theano's convolution is TensorFlow's correlation with the kernel
    flipped along its spatial axes; pooling has nothing to flip."""
    assert backend.flips_kernels
    rng = np.random.RandomState(1)
    x = rng.uniform(-1., 1., size=(2, 5, 6, 3)).astype('float32')
    kernel = rng.uniform(-1., 1., size=(2, 3, 3, 4)).astype('float32')
    depthwise = rng.uniform(-1., 1., size=(3, 2, 3, 2)).astype('float32')
    # 'valid': Theano's 'same' differs from the numpy backend's too (see
    # test_theano_same_padding.py).
    args = ((1, 2), 'valid', (2, 1), 'channels_last')
    cases = [
        ('conv', x, kernel, args),
        ('depthwise_conv', x, depthwise, args),
        ('conv_transpose', rng.uniform(-1., 1., size=(2, 3, 2, 4)).astype(
            'float32'), kernel, ((5, 6),) + args),
    ]
    for op, inputs, weights, op_args in cases:
        actual = backend.to_numpy(getattr(backend, op)(
            backend.convert(inputs), backend.convert(weights), *op_args))
        expected = getattr(numpy_backend, op)(inputs, _flip(weights),
                                              *op_args)
        unflipped = getattr(numpy_backend, op)(inputs, weights, *op_args)
        np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-5)
        assert not np.allclose(actual, unflipped, atol=1e-3), op
    pooled = backend.to_numpy(backend.pool(
        backend.convert(x), (2, 3), (1, 2), 'valid', 'avg', 'channels_last'))
    np.testing.assert_allclose(
        pooled, numpy_backend.pool(x, (2, 3), (1, 2), 'valid', 'avg',
                                   'channels_last'), rtol=1e-6)


def _theano_padded(value, pads, fill=0.):
    return np.pad(value, [(0, 0)] + list(pads) + [(0, 0)],
                  constant_values=fill)


def test_conv_and_pool_take_spatial_sizes_known_only_at_run_time():
    """Strided 'same' padding depends on the input size: computed in the
    graph when the size is symbolic. The references: 'valid' on the
    input padded by Keras 2 on Theano's rule (backend_cases_conv)."""
    from backend_cases_conv import theano_conv_pads
    from backend_cases_conv import theano_pool_pads
    from keras.backend.numpy import BACKEND as NP
    rng = np.random.RandomState(2)
    x = K.placeholder((None, None, None, 3))
    kernel = rng.uniform(-1., 1., size=(3, 2, 3, 4)).astype('float32')
    depthwise = rng.uniform(-1., 1., size=(2, 3, 3, 2)).astype('float32')
    outputs = [
        K.conv2d(x, K.variable(kernel), strides=(2, 2), padding='same'),
        K.depthwise_conv2d(x, K.variable(depthwise), strides=(2, 3),
                           padding='same'),
        K.pool2d(x, (3, 3), strides=(2, 2), padding='same',
                 pool_mode='avg'),
        K.pool2d(x, (2, 3), strides=(2, 2), padding='same'),
    ]
    f = K.function([x], outputs)
    for shape in [(2, 7, 6, 3), (1, 8, 5, 3)]:
        value = rng.uniform(-1., 1., size=shape).astype('float32')
        sizes = shape[1:3]

        def conv_pads(window, strides):
            return [theano_conv_pads(n, k, s, 1)
                    for n, k, s in zip(sizes, window, strides)]

        def pool_pads(window, strides):
            return [theano_pool_pads(n, k, s)
                    for n, k, s in zip(sizes, window, strides)]
        avg_pads = pool_pads((3, 3), (2, 2))
        expected = [
            NP.conv(_theano_padded(value, conv_pads((3, 2), (2, 2))),
                    _flip(kernel), (2, 2), 'valid', (1, 1),
                    'channels_last'),
            NP.depthwise_conv(
                _theano_padded(value, conv_pads((2, 3), (2, 3))),
                _flip(depthwise), (2, 3), 'valid', (1, 1), 'channels_last'),
            # The mean over the real entries of each window.
            NP.pool(_theano_padded(value, avg_pads), (3, 3), (2, 2),
                    'valid', 'avg', 'channels_last') /
            NP.pool(_theano_padded(np.ones_like(value), avg_pads), (3, 3),
                    (2, 2), 'valid', 'avg', 'channels_last'),
            NP.pool(_theano_padded(value, pool_pads((2, 3), (2, 2)),
                                   -np.inf), (2, 3), (2, 2), 'valid', 'max',
                    'channels_last'),
        ]
        for actual, reference in zip(f([value]), expected):
            np.testing.assert_allclose(actual, reference, rtol=1e-5,
                                       atol=1e-5)


def test_conv_transpose_takes_output_sizes_as_scalar_tensors(
        backend, numpy_backend, pytensor, settings):
    import pytensor.tensor as pt
    from keras.backend.pytensor.values import with_static_shape
    rng = np.random.RandomState(3)
    kernel = rng.uniform(-1., 1., size=(3, 3, 2, 4)).astype('float32')
    x = with_static_shape(pt.tensor('x', shape=(None, None, None, 4),
                                    dtype='float32'))
    rows, cols = pt.lscalar('rows'), pt.lscalar('cols')
    y = backend.conv_transpose(x, backend.convert(kernel), (rows, cols),
                               (2, 2), 'same', (1, 1), 'channels_last')
    f = pytensor.function([x, rows, cols], y, mode=settings.cheap_mode())
    from backend_cases_conv import theano_conv_pads
    for out_rows, out_cols in [(6, 7), (5, 8)]:
        value = rng.uniform(-1., 1., size=(
            2, (out_rows + 1) // 2, (out_cols + 1) // 2, 4)).astype('float32')
        # Keras 2 on Theano's 'same': 'valid' into the output padded by
        # its rule, cropped.
        (top, bottom), (left, right) = [
            theano_conv_pads(n, 3, 2, 1) for n in (out_rows, out_cols)]
        padded = numpy_backend.conv_transpose(
            value, _flip(kernel), (out_rows + top + bottom,
                                   out_cols + left + right), (2, 2),
            'valid', (1, 1), 'channels_last')
        np.testing.assert_allclose(
            f(value, out_rows, out_cols),
            padded[:, top:top + out_rows, left:left + out_cols],
            rtol=1e-5, atol=1e-5)


def _apply_nodes_built(monkeypatch, build):
    from pytensor.graph.basic import Apply
    built = []
    original = Apply.__init__

    def counting(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(Apply, '__init__', counting)
        result = build()
    return result, len(built)


def test_filled_tensors_do_not_clone_the_graph_above_them(
        backend, pytensor, settings, monkeypatch):
    """pt.alloc infers the static shape of a symbolic size (the batch) by
    cloning every node above it: each padding of NASNet cloned the whole
    graph built so far (minutes of compilation). Padding, pooling, a
    transposed convolution and zeros of a run-time size build their own
    few nodes, whatever the depth of their input."""
    import pytensor.tensor as pt
    from keras.backend.pytensor.values import with_static_shape
    depth = 300
    x = pt.tensor('x', shape=(None, 6, 5, 3), dtype='float32')
    deep = x
    for _ in range(depth):
        deep = deep * np.float32(1.001)
    deep = with_static_shape(deep)
    kernel = np.random.RandomState(5).uniform(
        -1., 1., size=(2, 2, 4, 3)).astype('float32')
    builds = [
        lambda: backend.pad(deep, [(0, 0), (1, 2), (0, 1), (0, 0)], 0.5),
        lambda: backend.pool(deep, (3, 3), (2, 2), 'same', 'max',
                             'channels_last'),
        lambda: backend.conv_transpose(deep, backend.convert(kernel),
                                       (12, 10), (2, 2), 'valid', (1, 1),
                                       'channels_last'),
        lambda: backend.zeros((deep.shape[0], 2), 'int32'),
    ]
    outputs = []
    for build in builds:
        output, nodes = _apply_nodes_built(monkeypatch, build)
        assert nodes < depth // 3
        outputs.append(output)
    padded, pooled, transposed, zeros = outputs
    assert padded.type.shape == (None, 9, 6, 3)
    assert zeros.dtype == 'int32'

    f = pytensor.function([x], outputs, mode=settings.cheap_mode())
    value = np.random.RandomState(4).uniform(
        -1., 1., size=(2, 6, 5, 3)).astype('float32')
    activated = value
    for _ in range(depth):
        activated = activated * np.float32(1.001)
    padded_value, pooled_value, transposed_value, zeros_value = f(value)
    np.testing.assert_allclose(
        padded_value, np.pad(activated, [(0, 0), (1, 2), (0, 1), (0, 0)],
                             constant_values=0.5), rtol=1e-5)
    # 'same' max pooling of 6 x 5 by 3 x 3, strides 2 (Keras 2 on
    # Theano's: one padded before each axis): 3 x 3 windows starting at 0,
    # 2, 4 of the input padded with a row before it and a column on either
    # side.
    windows = np.pad(activated, [(0, 0), (1, 0), (1, 1), (0, 0)],
                     constant_values=-np.inf)
    expected = np.stack([np.stack([
        windows[:, i:i + 3, j:j + 3].max(axis=(1, 2)) for j in (0, 2, 4)],
        axis=1) for i in (0, 2, 4)], axis=1)
    np.testing.assert_allclose(pooled_value, expected, rtol=1e-5)
    # Stride 2 with a 2 x 2 kernel: each input position fills its own
    # 2 x 2 block of the output, through the flipped kernel.
    blocks = np.einsum('bijc,uvfc->biujvf', activated,
                       kernel[::-1, ::-1]).reshape(2, 12, 10, 4)
    np.testing.assert_allclose(transposed_value, blocks, rtol=1e-4,
                               atol=1e-5)
    np.testing.assert_array_equal(zeros_value, np.zeros((2, 2), 'int32'))


def _nodes_built(monkeypatch, build):
    """`build()`'s result and the pytensor Apply nodes it created."""
    from pytensor.graph.basic import Apply
    built = []
    original = Apply.__init__

    def recording(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(Apply, '__init__', recording)
        result = build()
    return result, built


def _model_like_chain(depth, shape):
    """A (None, ...) input and `depth` nodes above it, each |previous|:
    their op marks every copy of the chain a build makes."""
    import pytensor.tensor as pt
    from keras.backend.pytensor.values import with_static_shape
    x = pt.tensor('x', shape=shape, dtype='float32')
    deep = x
    for _ in range(depth):
        deep = pt.abs(deep)
    return x, with_static_shape(deep)


def test_random_draws_do_not_clone_the_graph_above_their_size(
        backend, pytensor, settings, monkeypatch):
    """RandomVariable.make_node infers the static shape of a run-time size
    (the batch) as pt.alloc does, by cloning every node above it: each
    Dropout of a deep model cloned the whole graph built so far. Draws of
    the shape of a deep (None, 500) tensor build their own few nodes, keep
    their distributions (closed-form moments) and draw anew at each call.
    """
    import math
    import pytensor.tensor as pt
    depth = 300
    x, deep = _model_like_chain(depth, (None, 500))
    builds = [
        lambda: backend.random_uniform(deep.shape, -1., 3., 'float32', 1),
        lambda: backend.random_normal(deep.shape, 2., .5, 'float32', 2),
        lambda: backend.random_binomial(deep.shape, .3, 'float32', 3),
        lambda: backend.truncated_normal(deep.shape, 1., 2., 'float32', 4),
        # A size vector, as K.shape(x) gives it.
        lambda: backend.random_uniform(pt.shape(deep), 0., 1., 'float32',
                                       5),
    ]
    draws = []
    for build in builds:
        draw, nodes = _apply_nodes_built(monkeypatch, build)
        assert nodes < depth // 10
        assert draw.type.shape == (None, 500)
        assert draw.dtype == 'float32'
        draws.append(draw)

    f = pytensor.function([x], draws, mode=settings.cheap_mode())
    value = np.ones((40, 500), 'float32')
    first = f(value)
    second = f(value)
    for a, b in zip(first, second):
        assert a.shape == (40, 500)
        assert not np.array_equal(a, b)
    uniform, normal, binomial, truncated, unit = first
    # 20000 draws: the sample moments are within a few standard errors.
    assert uniform.min() >= -1. and uniform.max() < 3.
    np.testing.assert_allclose(uniform.mean(), 1., atol=.05)
    np.testing.assert_allclose(uniform.var(), 4. ** 2 / 12, rtol=.05)
    np.testing.assert_allclose(normal.mean(), 2., atol=.02)
    np.testing.assert_allclose(normal.std(), .5, rtol=.03)
    assert set(np.unique(binomial)) == {0., 1.}
    np.testing.assert_allclose(binomial.mean(), .3, atol=.02)
    # A standard normal cut at +-2 has variance
    # 1 - 2 * 2 * pdf(2) / (cdf(2) - cdf(-2)).
    pdf = np.exp(-2.) / np.sqrt(2. * np.pi)
    inside = math.erf(2. / np.sqrt(2.))
    assert truncated.min() >= 1. - 4. and truncated.max() <= 1. + 4.
    np.testing.assert_allclose(truncated.mean(), 1., atol=.05)
    np.testing.assert_allclose(
        truncated.std(), 2. * np.sqrt(1. - 4. * pdf / inside), rtol=.03)
    assert unit.min() >= 0. and unit.max() < 1.
    np.testing.assert_allclose(unit.mean(), .5, atol=.02)


def test_ctc_loss_does_not_clone_the_model_above_its_inputs(
        backend, pytensor, settings, monkeypatch):
    """CTC's states, padded alphas and initial alphas have the batch for
    a size, and its loop body read tensors computed from it: pt.alloc, and
    scan looking for the body's inputs, copied the whole model above the
    log-probabilities several times per loss. Only scan's buffer for the
    initial alphas, PyTensor's own, still infers its shape by a copy."""
    depth = 300
    x, deep = _model_like_chain(depth, (None, 2, 2))
    chain_op = deep.owner.op

    def build():
        return backend.ctc_loss(backend.convert(np.zeros((2, 1), 'int32')),
                                backend.convert(np.ones(2, 'int32')), -deep,
                                backend.convert(np.array([2, 1], 'int32')))
    loss, built = _nodes_built(monkeypatch, build)
    copies = sum(node.op == chain_op for node in built)
    assert copies <= depth

    f = pytensor.function([x], loss, mode=settings.cheap_mode())
    value = np.random.RandomState(6).uniform(
        -2., 2., size=(2, 2, 2)).astype('float32')
    q = np.exp(-np.abs(value.astype('float64')))
    # The label is class 0, the blank class 1. Two steps: the alignments
    # a a, a -, - a; one step: a.
    expected = [-np.log(q[0, 0, 0] * q[0, 1, 0] + q[0, 0, 0] * q[0, 1, 1] +
                        q[0, 0, 1] * q[0, 1, 0]),
                -np.log(q[1, 0, 0])]
    np.testing.assert_allclose(f(value), expected, rtol=1e-5)
