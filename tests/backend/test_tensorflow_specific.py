"""What only the tensorflow backend has: tf.Variable storage, K.function
as tf.function (tracing, updates, random generators), GradientTape
gradients, numpy's dtype promotion over tf ops, and the legacy
`keras.backend.tensorflow_backend` module.

The op-by-op comparison with the numpy backend is the conformance suite's
job; these tests check the machinery around it.
"""
import numpy as np
import pytest

from keras import backend as K

pytestmark = pytest.mark.backends('tensorflow')


@pytest.fixture
def tf():
    import tensorflow
    return tensorflow


# Values and variables.

def test_native_values(tf, backend):
    variable = tf.Variable([1., 2.])
    assert backend.is_native(tf.constant(1.))
    assert backend.is_native(variable)
    assert not backend.is_native(np.ones(2))
    assert not backend.is_native(1.5)
    assert backend.dtype_name(variable) == 'float32'
    assert backend.dtype_name(tf.constant(1, tf.int64)) == 'int64'
    assert backend.to_numpy(variable).tolist() == [1., 2.]


def test_variable_is_a_tf_variable(tf):
    v = K.variable(np.arange(6.).reshape(2, 3), name='my var:0')
    assert isinstance(v.storage, tf.Variable)
    assert v.storage.trainable
    assert v.storage.dtype == tf.float32
    value = K.get_value(v)
    value[0, 0] = 100.  # a copy: the variable keeps its value
    np.testing.assert_array_equal(K.get_value(v),
                                  np.arange(6.).reshape(2, 3))
    K.set_value(v, np.ones((2, 3)))
    np.testing.assert_array_equal(v.storage.numpy(), np.ones((2, 3)))


def test_read_variable_is_differentiable_by_a_tape(tf, backend):
    v = K.variable([1., 2., 3.])
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(backend.square(backend.read_variable(v)))
    grad = tape.gradient(loss, v.storage)
    np.testing.assert_allclose(grad.numpy(), [2., 4., 6.])


# numpy's promotion over tf ops.

PROMOTION_CASES = [
    ('add', (np.float32(1.5) * np.ones(2, 'float32'), np.ones(2))),
    ('add', (np.ones(2, 'int32'), 0.5)),
    ('multiply', (np.ones(2, 'float32'), 3)),
    ('divide', (np.arange(1, 4, dtype='int32'), np.full(3, 2, 'int32'))),
    ('sqrt', (np.arange(4, dtype='int32'),)),
    ('exp', (np.arange(3, dtype='int64'),)),
    ('sum', (np.array([True, False, True]),)),
    ('sum', (np.arange(4, dtype='int32'),)),
    ('mean', (np.arange(4, dtype='int32'),)),
    ('maximum', (np.ones(2, 'float16'), np.zeros(2, 'float32'))),
    ('where', (np.array([True, False]), np.ones(2, 'float32'), 0.)),
    ('concatenate', ([np.ones(2, 'int32'), np.zeros(2, 'float32')], 0)),
    ('clip', (np.array([-2., 0.5, 3.], 'float32'), 0., 1.)),
    ('mod', (np.array([-3, 3], 'int32'), 2)),
    ('matmul', (np.ones(3, 'float32'), np.ones((3, 2), 'float32'))),
]


@pytest.mark.parametrize('name,args', PROMOTION_CASES,
                         ids=['%s-%d' % (c[0], i)
                              for i, c in enumerate(PROMOTION_CASES)])
def test_primitive_dtype_and_value_match_numpy(backend, numpy_backend, name,
                                               args):
    expected = getattr(numpy_backend, name)(*args)
    result = backend.to_numpy(getattr(backend, name)(*args))
    assert result.dtype == np.asarray(expected).dtype
    np.testing.assert_allclose(result, expected, rtol=1e-6)


def test_advanced_indexing(backend):
    x = np.arange(12).reshape(3, 4)
    for key in ([2, 0], np.array([-1, 1]), (slice(None), [3, 0]),
                x[:, 0] > 3, (slice(None), slice(1, 3))):
        np.testing.assert_array_equal(
            backend.to_numpy(backend.getitem(x, key)), x[key])
    with pytest.raises(NotImplementedError, match='tensorflow'):
        backend.getitem(x, ([0, 1], [1, 2]))


# K.function: tf.function, updates, random generators.

def test_function_traces_once_per_learning_phase():
    x = K.placeholder((None, 2))
    phase = K.learning_phase()
    y = K.in_train_phase(x * 2., x, training=phase)
    f = K.function([x, phase], [y])
    for batch_size in (4, 4, 3, 1):
        np.testing.assert_array_equal(f([np.ones((batch_size, 2)), 1])[0],
                                      np.full((batch_size, 2), 2.))
    assert f.traces == 1
    for batch_size in (4, 5):
        np.testing.assert_array_equal(f([np.ones((batch_size, 2)), 0])[0],
                                      np.ones((batch_size, 2)))
    assert f.traces == 2


def test_traced_shapes_are_the_placeholders_static_shapes():
    seen = []
    x = K.placeholder((None, 3))
    # Over an unknown first axis, map_fn runs tf.map_fn; its output type
    # (bool) differs from its input's.
    flags = K.cast(K.map_fn(lambda row: K.sum(row) > 1., x), 'int32')
    f = K.function([x], [flags, K.shape(x)])
    original = f.lower

    def lower(phase, feed_values):
        seen.append(tuple(feed_values[0].shape.as_list()))
        return original(phase, feed_values)
    f.lower = lower
    flags, shape = f([np.array([[1., 1., 0.], [0., 0., 1.]])])
    assert seen == [(None, 3)]
    np.testing.assert_array_equal(flags, [1, 0])
    np.testing.assert_array_equal(shape, [2, 3])


def test_outputs_are_numpy_arrays_read_before_the_updates():
    v = K.variable(1.)
    f = K.function([], [v, v * 10.], updates=[K.update_add(v, 1.)])
    before, scaled = f([])
    assert isinstance(before, np.ndarray) and before.shape == ()
    assert float(before) == 1. and float(scaled) == 10.
    assert K.get_value(v) == 2.


def test_gradient_of_a_gather_is_dense():
    embeddings = K.variable(np.arange(8.).reshape(4, 2))
    indices = K.placeholder((None,), dtype='int32')
    loss = K.sum(K.gather(embeddings, indices))
    grad, = K.gradients(loss, [embeddings])
    value, = K.function([indices], [grad])([np.array([1, 1, 3])])
    np.testing.assert_array_equal(value, [[0, 0], [2, 2], [0, 0], [1, 1]])


def test_gradient_with_respect_to_a_placeholder_and_an_intermediate():
    x = K.placeholder((None, 2))
    hidden = x * 3.
    loss = K.sum(K.square(hidden))
    grad_x, grad_hidden = K.gradients(loss, [x, hidden])
    data = np.array([[1., 2.]], 'float32')
    gx, gh = K.function([x], [grad_x, grad_hidden])([data])
    np.testing.assert_allclose(gh, 2. * 3. * data)
    np.testing.assert_allclose(gx, 2. * 9. * data)


def test_random_draws_anew_at_every_call():
    f = K.function([], [K.random_uniform((3,))])
    first, second = f([])[0], f([])[0]
    assert not np.array_equal(first, second)
    assert f.traces == 1


def test_seeded_functions_repeat_their_draws():
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
        return f([])[0], K.eval(K.random_uniform((2,)))
    (a, b), (c, d) = draws(), draws()
    np.testing.assert_array_equal(a, c)
    np.testing.assert_array_equal(b, d)
    assert set(np.unique(a)) <= {0., 1.}


def test_dropout_in_training_phase_only():
    x = K.placeholder((None, 1000))
    phase = K.learning_phase()
    out = K.in_train_phase(K.dropout(x, 0.5, seed=1), x, training=phase)
    f = K.function([x, phase], [out])
    data = np.ones((2, 1000), 'float32')
    trained = f([data, 1])[0]
    assert set(np.unique(trained)) == {0., 2.}
    assert 0.4 < np.mean(trained == 0.) < 0.6
    np.testing.assert_array_equal(f([data, 0])[0], data)


# Legacy import path and sessions.

def test_legacy_tensorflow_backend_module(tf):
    from keras.backend import tensorflow_backend as KTF
    assert KTF.tf is tf
    assert KTF.sum is K.sum and KTF.function is K.function
    assert KTF._get_available_gpus() == [
        d.name for d in tf.config.list_logical_devices('GPU')]
    session = tf.compat.v1.Session()
    KTF.set_session(session)
    assert K.get_session() is session


# Convolution and pooling primitives: what TensorFlow's CPU kernels lack
# (NCHW, dilation with strides, dilated transposed convolutions, 1D and 3D
# depthwise, 3D pooling in float64) and how the primitives work around it.

def _conv_data(shape, seed=0, dtype='float32'):
    return np.random.RandomState(seed).randn(*shape).astype(dtype)


def test_channels_first_is_tf_nn_on_the_transposed_input(tf, backend):
    x = _conv_data((2, 3, 9, 8))                    # NCHW
    kernel = _conv_data((3, 2, 3, 4), seed=1)
    nhwc = np.transpose(x, (0, 2, 3, 1))
    cases = [
        (backend.conv(x, kernel, (2, 1), 'same', (1, 1), 'channels_first'),
         tf.nn.conv2d(nhwc, kernel, (2, 1), 'SAME')),
        (backend.depthwise_conv(x, kernel[..., :2], (1, 1), 'valid', (2, 2),
                                'channels_first'),
         tf.nn.depthwise_conv2d(nhwc, kernel[..., :2], (1, 1, 1, 1),
                                'VALID', dilations=(2, 2))),
        (backend.pool(x, (3, 2), (2, 2), 'same', 'avg', 'channels_first'),
         tf.nn.avg_pool2d(nhwc, (3, 2), (2, 2), 'SAME')),
        (backend.pool(x, (2, 2), (1, 2), 'valid', 'max', 'channels_first'),
         tf.nn.max_pool2d(nhwc, (2, 2), (1, 2), 'VALID')),
    ]
    for result, expected in cases:
        np.testing.assert_allclose(
            backend.to_numpy(result),
            np.transpose(expected.numpy(), (0, 3, 1, 2)), rtol=1e-5,
            atol=1e-5)
    y = _conv_data((2, 4, 5, 8), seed=2)
    transposed = backend.conv_transpose(y, kernel, (9, 8), (2, 1), 'same',
                                        (1, 1), 'channels_first')
    # The transposed kernel is (*k, out, in): 3 out, 4 in.
    expected = tf.nn.conv2d_transpose(np.transpose(y, (0, 2, 3, 1)), kernel,
                                      (2, 9, 8, 3), (2, 1), 'SAME')
    np.testing.assert_allclose(backend.to_numpy(transposed),
                               np.transpose(expected.numpy(), (0, 3, 1, 2)),
                               rtol=1e-5, atol=1e-5)


# (name, arguments after x and kernel): the cases tf.nn refuses or gets
# wrong on the CPU.
WORKAROUND_CASES = [
    ('conv', ((2, 2), 'same', (2, 2), 'channels_last')),
    ('conv', ((3, 2), 'valid', (2, 3), 'channels_first')),
    ('depthwise_conv', ((2, 2), 'same', (2, 2), 'channels_last')),
    ('depthwise_conv', ((1, 2), 'same', (1, 1), 'channels_last')),
    ('depthwise_conv', ((3, 2), 'valid', (1, 2), 'channels_first')),
    ('conv_transpose', ((9, 8), (1, 1), 'same', (2, 2), 'channels_last')),
    ('conv_transpose', ((9, 8), (2, 2), 'same', (2, 2), 'channels_first')),
]


@pytest.mark.parametrize('name,args', WORKAROUND_CASES,
                         ids=['%s-%d' % (c[0], i)
                              for i, c in enumerate(WORKAROUND_CASES)])
def test_strides_dilation_and_unequal_strides_match_the_oracle(
        backend, numpy_backend, name, args):
    channels_first = args[-1] == 'channels_first'
    x = _conv_data((2, 3, 9, 8) if channels_first else (2, 9, 8, 3))
    kernel = _conv_data((3, 2, 3, 2), seed=1)
    if name == 'conv_transpose':
        # x: what a conv of a (9, 8) input with these settings gives.
        y_shape = numpy_backend.conv(
            np.zeros((1, 9, 8, 2)), np.zeros((3, 2, 2, 3)), args[1],
            args[2], args[3], 'channels_last').shape[1:3]
        x = _conv_data((2, 3) + y_shape if channels_first else
                       (2,) + y_shape + (3,))
        kernel = _conv_data((3, 2, 2, 3), seed=1)
    expected = getattr(numpy_backend, name)(x, kernel, *args)
    result = backend.to_numpy(getattr(backend, name)(x, kernel, *args))
    np.testing.assert_allclose(result, expected, rtol=1e-5, atol=1e-5)


def test_1d_and_3d_depthwise_and_float64_3d_pooling_match_the_oracle(
        backend, numpy_backend):
    x1 = _conv_data((2, 11, 3))
    k1 = _conv_data((3, 3, 2), seed=1)
    x3 = _conv_data((2, 3, 6, 7, 5), seed=2)            # channels first
    k3 = _conv_data((2, 3, 2, 3, 2), seed=3)
    cases = [
        ('depthwise_conv', (x1, k1, (2,), 'same', (1,), 'channels_last')),
        ('depthwise_conv', (x3, k3, (2, 1, 2), 'same', (1, 2, 1),
                            'channels_first')),
        ('pool', (x3.astype('float64'), (2, 3, 2), (2, 2, 1), 'same', 'avg',
                  'channels_first')),
        ('pool', (x3.astype('float64'), (2, 2, 3), (1, 2, 2), 'valid', 'max',
                  'channels_first')),
    ]
    for name, args in cases:
        result = getattr(backend, name)(*args)
        expected = getattr(numpy_backend, name)(*args)
        assert backend.dtype_name(result) == expected.dtype.name
        np.testing.assert_allclose(backend.to_numpy(result), expected,
                                   rtol=1e-5, atol=1e-5)


def test_conv_transpose_sizes_may_be_tensors_in_a_tf_function(
        tf, backend, numpy_backend):
    kernel = _conv_data((3, 3, 2, 4), seed=1)

    @tf.function(input_signature=[tf.TensorSpec((None, None, None, 4)),
                                  tf.TensorSpec((), tf.int32)])
    def upsample(x, height):
        width = tf.shape(x)[2] * 2
        return backend.conv_transpose(x, kernel, (height, width), (2, 2),
                                      'same', (1, 1), 'channels_last')

    x = _conv_data((3, 5, 6, 4))
    result = upsample(x, tf.constant(9))
    np.testing.assert_allclose(
        result.numpy(),
        numpy_backend.conv_transpose(x, kernel, (9, 12), (2, 2), 'same',
                                     (1, 1), 'channels_last'),
        rtol=1e-5, atol=1e-5)


def test_gradients_match_finite_differences_of_the_oracle(
        tf, backend, numpy_backend):
    """Strides with dilation (the zero-filled kernel), channels first (the
    transposes) and a 3D float64 average pooling (the separable form):
    the tape's gradient against the oracle's central differences along
    random directions."""
    rng = np.random.RandomState(0)
    x = rng.randn(2, 2, 7, 6)
    kernel = rng.randn(3, 2, 2, 3)
    x3 = rng.randn(2, 5, 4, 6, 2)
    cases = [
        ('conv', [x, kernel], ((2, 2), 'same', (2, 2), 'channels_first')),
        ('depthwise_conv', [x, kernel[..., :2, :]],
         ((2, 1), 'same', (2, 2), 'channels_first')),
        ('pool', [x3], ((3, 2, 2), (2, 1, 2), 'same', 'avg',
                        'channels_last')),
    ]
    for name, inputs, args in cases:
        def oracle(*values):
            return getattr(numpy_backend, name)(*(list(values) + list(args)))
        weights = rng.randn(*oracle(*inputs).shape)
        values = [tf.constant(v) for v in inputs]
        with tf.GradientTape() as tape:
            for value in values:
                tape.watch(value)
            loss = tf.reduce_sum(
                getattr(backend, name)(*(values + list(args))) * weights)
        grads = tape.gradient(loss, values)
        for i, value in enumerate(inputs):
            direction = rng.randn(*value.shape)
            plus, minus = list(inputs), list(inputs)
            plus[i] = value + 1e-5 * direction
            minus[i] = value - 1e-5 * direction
            numeric = (np.sum(oracle(*plus) * weights) -
                       np.sum(oracle(*minus) * weights)) / 2e-5
            assert np.sum(grads[i].numpy() * direction) == pytest.approx(
                numeric, rel=1e-6, abs=1e-6), (name, i)
