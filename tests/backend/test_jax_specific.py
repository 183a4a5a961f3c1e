"""What only the jax backend has: convolution and pooling in three
formulations (XLA's convolution 'lax', shifted slices with one matrix
product 'slices', XLA's forward with our kernel gradient 'hybrid'), one
chosen per platform and case.

Each formulation is pinned in turn and compared with the numpy backend's
reference primitives: values, and gradients as directional derivatives
checked against central differences of the reference (float64).
"""
import numpy as np
import pytest

pytestmark = pytest.mark.backends('jax')

FORMULATIONS = ('lax', 'hybrid', 'slices')
rng = np.random.RandomState(7)


@pytest.fixture
def jax():
    import jax as jax_module
    return jax_module


def data(*shape):
    return rng.uniform(-1., 1., size=shape)


def channels(x, data_format):
    """`x` made channels last moved to `data_format`."""
    return np.moveaxis(x, -1, 1) if data_format == 'channels_first' else x


# (op, x, kernel, positional arguments after the kernel); x channels last.
CASES = [
    ('conv', data(2, 7, 3), data(3, 3, 4),
     ((2,), 'same', (2,), 'channels_last')),
    ('conv', data(2, 6, 7, 3), data(3, 2, 3, 4),
     ((1, 1), 'same', (1, 1), 'channels_last')),
    ('conv', data(2, 7, 6, 3), data(2, 3, 3, 4),
     ((2, 1), 'same', (2, 2), 'channels_first')),
    ('conv', data(2, 6, 7, 3), data(1, 1, 3, 4),
     ((2, 2), 'valid', (1, 1), 'channels_last')),
    ('conv', data(1, 5, 4, 5, 2), data(2, 3, 2, 2, 3),
     ((1, 2, 1), 'same', (1, 1, 2), 'channels_first')),
    ('depthwise_conv', data(2, 6, 7, 3), data(3, 3, 3, 2),
     ((2, 2), 'same', (1, 1), 'channels_last')),
    ('depthwise_conv', data(2, 7, 6, 3), data(2, 3, 3, 1),
     ((1, 2), 'valid', (2, 1), 'channels_first')),
    ('conv_transpose', data(2, 3, 4, 4), data(3, 3, 3, 4),
     ((6, 8), (2, 2), 'same', (1, 1), 'channels_last')),
    ('conv_transpose', data(2, 3, 2, 4), data(2, 3, 3, 4),
     ((7, 8), (2, 2), 'valid', (1, 2), 'channels_first')),
    ('conv_transpose', data(1, 2, 3, 2, 2), data(2, 2, 2, 3, 2),
     ((3, 5, 4), (2, 2, 2), 'same', (1, 1, 1), 'channels_last')),
    ('pool', data(2, 5, 6, 3), None,
     ((3, 3), (2, 2), 'same', 'max', 'channels_last')),
    ('pool', data(2, 5, 6, 3), None,
     ((2, 3), (2, 2), 'same', 'avg', 'channels_first')),
    ('pool', data(1, 4, 5, 3, 2), None,
     ((2, 2, 2), (1, 2, 2), 'valid', 'avg', 'channels_last')),
]


def case_inputs(case):
    op, x, kernel, args = case
    x = channels(x, args[-1])
    return op, x, kernel, args


def case_id(case):
    op, x, _, args = case
    return '%s-%dd-%s' % (op, x.ndim - 2, '-'.join(
        str(a).replace(' ', '') for a in args))


@pytest.fixture(params=FORMULATIONS)
def formulation(request, backend, monkeypatch):
    monkeypatch.setattr(backend, 'conv_formulation', request.param)
    return request.param


def reference(numpy_backend, op, x, kernel, args):
    fn = getattr(numpy_backend, op)
    return fn(x, *args) if kernel is None else fn(x, kernel, *args)


def evaluate(backend, op, x, kernel, args, jit):
    import jax.numpy as jnp

    def run(x, kernel):
        fn = getattr(backend, op)
        return fn(x, *args) if kernel is None else fn(x, kernel, *args)
    if jit:
        import jax
        run = jax.jit(run)
    return run(jnp.asarray(x), None if kernel is None else
               jnp.asarray(kernel))


@pytest.mark.parametrize('case', CASES, ids=case_id)
def test_formulations_match_the_reference(case, formulation, backend,
                                          numpy_backend):
    op, x, kernel, args = case_inputs(case)
    x = x.astype('float32')
    kernel = None if kernel is None else kernel.astype('float32')
    expected = reference(numpy_backend, op, x, kernel, args)
    for jit in (False, True):
        actual = np.asarray(evaluate(backend, op, x, kernel, args, jit))
        assert actual.dtype == np.float32
        np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize('case', CASES, ids=case_id)
def test_formulation_gradients_match_finite_differences(
        case, formulation, backend, numpy_backend, jax):
    """<d sum(w * op(x, k)) / d(x, k), v> against the central difference
    of the reference along v, for random directions v."""
    import jax.numpy as jnp
    op, x, kernel, args = case_inputs(case)
    inputs = [x] if kernel is None else [x, kernel]
    weights = rng.uniform(-1., 1., size=reference(
        numpy_backend, op, x, kernel, args).shape)

    def loss(*values):
        out = getattr(backend, op)(*(list(values) + list(args)))
        return jnp.sum(out * weights)

    def reference_loss(values):
        out = reference(numpy_backend, op, values[0],
                        values[1] if kernel is not None else None, args)
        return np.sum(out * weights)

    grads = jax.jit(jax.grad(loss, argnums=tuple(range(len(inputs)))))(
        *[jnp.asarray(v) for v in inputs])
    step = 1e-6
    for _ in range(2):
        directions = [rng.uniform(-1., 1., size=v.shape) for v in inputs]
        plus = reference_loss([v + step * d
                               for v, d in zip(inputs, directions)])
        minus = reference_loss([v - step * d
                                for v, d in zip(inputs, directions)])
        numeric = (plus - minus) / (2 * step)
        analytic = sum(np.sum(np.asarray(g) * d)
                       for g, d in zip(grads, directions))
        np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-6)


def test_cpu_picks_per_case_and_gpu_takes_xla(backend, jax, monkeypatch):
    from keras.backend.jax import conv
    monkeypatch.setattr(backend, 'conv_formulation', 'auto')
    wide = np.zeros((3, 3, 64, 8))
    narrow = np.zeros((3, 3, 3, 8))
    pointwise = np.zeros((1, 1, 64, 8))
    monkeypatch.setattr(jax, 'default_backend', lambda: 'cpu')
    assert backend._formulation('conv', wide, (1, 1)) == 'hybrid'
    assert backend._formulation('conv', wide, (2, 2)) == 'slices'
    assert backend._formulation('conv', narrow, (1, 1)) == 'slices'
    assert backend._formulation('conv', pointwise, (1, 1)) == 'slices'
    assert backend._formulation('depthwise_conv', wide, (1, 1)) == 'slices'
    assert backend._formulation('conv_transpose', wide, (2, 2)) == 'hybrid'
    assert backend._formulation('pool', None, (2, 2)) == 'slices'
    monkeypatch.setattr(jax, 'default_backend', lambda: 'gpu')
    for op in ('conv', 'depthwise_conv', 'conv_transpose', 'pool'):
        assert backend._formulation(op, wide, (1, 1)) == 'lax'
    assert conv.HAS_HYBRID == ('conv', 'conv_transpose')


def test_slices_conv_is_one_matrix_product(backend, jax, monkeypatch):
    """The slices formulation: the compiled forward pass holds one dot
    (the im2col GEMM) and no XLA convolution."""
    import jax.numpy as jnp
    monkeypatch.setattr(backend, 'conv_formulation', 'slices')
    x = jnp.zeros((2, 8, 8, 3))
    kernel = jnp.zeros((3, 3, 3, 4))
    text = jax.jit(lambda x, k: backend.conv(
        x, k, (1, 1), 'same', (1, 1), 'channels_last')).lower(
            x, kernel).as_text()
    assert text.count('dot_general') == 1
    assert 'convolution' not in text


def test_hybrid_kernel_gradient_avoids_xla_convolution(backend, jax,
                                                       monkeypatch):
    """The hybrid's gradient: XLA convolutions for the forward pass and
    the input gradient only; the kernel gradient is one product per
    kernel offset."""
    import jax.numpy as jnp
    monkeypatch.setattr(backend, 'conv_formulation', 'hybrid')
    x = jnp.zeros((2, 8, 8, 3))
    kernel = jnp.zeros((3, 3, 3, 4))

    def loss(x, k):
        return jnp.sum(backend.conv(x, k, (1, 1), 'same', (1, 1),
                                    'channels_last') ** 2)
    text = jax.jit(jax.grad(loss, argnums=(0, 1))).lower(
        x, kernel).as_text()
    assert text.count('stablehlo.convolution') == 2
    assert text.count('dot_general') == 9


@pytest.mark.parametrize('op', ['conv', 'conv_transpose'])
def test_second_order_gradients_agree_with_xla(op, backend, jax,
                                               monkeypatch):
    """A gradient penalty (the gradient of a norm of an input gradient)
    differentiates the hybrid's custom backward pass and the slices'
    gradients; XLA's own convolution differentiated twice is the
    reference."""
    import jax.numpy as jnp
    x = jnp.asarray(data(2, 6, 6, 3) if op == 'conv' else data(2, 3, 3, 4))
    kernel = jnp.asarray(data(3, 3, 3, 4))
    args = (((1, 1), 'same', (1, 1), 'channels_last') if op == 'conv' else
            ((6, 6), (2, 2), 'same', (1, 1), 'channels_last'))

    def penalty(kernel, x):
        grad_x = jax.grad(lambda x: jnp.sum(jnp.tanh(
            getattr(backend, op)(x, kernel, *args))))(x)
        return jnp.sum(grad_x ** 2)
    results = {}
    for formulation in FORMULATIONS:
        monkeypatch.setattr(backend, 'conv_formulation', formulation)
        results[formulation] = np.asarray(jax.grad(penalty)(kernel, x))
    for formulation in ('hybrid', 'slices'):
        np.testing.assert_allclose(results[formulation], results['lax'],
                                   rtol=1e-7, atol=1e-9)
