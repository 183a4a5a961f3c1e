"""Keras 2 on Theano's 'same' padding, kept by the theano backend so that
its weight files keep their meaning.

Convolutions: Theano's 'half' border (span // 2 zeros on both sides,
span = (k - 1) * dilation + 1), output cropped to ceil(n / stride)
positions; output i sees inputs i * stride - span // 2 onwards. Pooling:
`pool_2d` padded with size - 2 (odd sizes above 2) or size - 1 on both
sides, padding ignored by max and mean, cropped the same way.

The expected values are computed here with plain loops over output
positions: an explicitly zero-padded input and the true convolution
(the kernel flipped), independent of the backends' code.
"""
import numpy as np
import pytest

import keras.backend as K

pytestmark = pytest.mark.backends('theano')

rng = np.random.RandomState(8)


def data(*shape):
    return rng.uniform(-1., 1., size=shape).astype('float32')


def close(actual, expected):
    np.testing.assert_allclose(np.asarray(actual), expected, rtol=1e-4,
                               atol=1e-4)


def half_starts(size, span, stride):
    """(pad before, number of outputs) of one axis under Theano's rule."""
    return span // 2, -(-size // stride)


def true_conv(x, kernel, strides, dilation, depthwise=False):
    """x (batch, *spatial, in) channels last; kernel (*window, in, out),
    or (*window, in, multiplier) when `depthwise`. Loops over outputs and
    kernel offsets, reading x through an explicit zero padding."""
    n = x.ndim - 2
    window = kernel.shape[:n]
    spans = [(k - 1) * d + 1 for k, d in zip(window, dilation)]
    plan = [half_starts(size, span, s) for size, span, s in
            zip(x.shape[1:-1], spans, strides)]
    # Enough zeros on both sides for every window that is read.
    margin = max(spans)
    padded = np.pad(x.astype('float64'),
                    [(0, 0)] + [(margin, margin + max(strides))] * n +
                    [(0, 0)])
    flipped = kernel[(slice(None, None, -1),) * n].astype('float64')
    channels = x.shape[-1]
    outs = kernel.shape[-1] * (channels if depthwise else 1)
    out_sizes = tuple(count for _, count in plan)
    out = np.zeros((x.shape[0],) + out_sizes + (outs,))
    for position in np.ndindex(*out_sizes):
        for offset in np.ndindex(*window):
            index = tuple(margin + p * s - before + o * d for
                          p, o, s, d, (before, _) in
                          zip(position, offset, strides, dilation, plan))
            seen = padded[(slice(None),) + index]
            w = flipped[offset]
            if depthwise:
                # Channel c feeds outputs c * multiplier + m.
                term = (seen[:, :, None] * w[None]).reshape(len(seen), -1)
            else:
                term = seen.dot(w)
            out[(slice(None),) + position] += term
    return out


def to_first(x):
    return np.moveaxis(x, -1, 1)


def to_last(x):
    return np.moveaxis(x, 1, -1)


CONV_CASES = [
    # (spatial input sizes, kernel window, strides, dilation)
    ((7,), (3,), (1,), (1,)),
    ((7,), (2,), (1,), (1,)),
    ((8,), (2,), (2,), (1,)),
    ((4,), (3,), (2,), (1,)),
    ((7,), (4,), (2,), (1,)),
    ((9,), (2,), (2,), (2,)),
    ((9,), (3,), (2,), (2,)),
    ((6,), (1,), (2,), (1,)),
    ((5, 6), (2, 2), (1, 1), (1, 1)),
    ((5, 6), (3, 3), (2, 2), (1, 1)),
    ((6, 5), (2, 3), (2, 1), (1, 1)),
    ((6, 7), (2, 4), (2, 3), (1, 1)),
    ((7, 6), (2, 3), (1, 2), (2, 2)),
    ((7, 8), (3, 2), (2, 2), (2, 1)),
    ((4, 5, 3), (2, 2, 2), (1, 1, 1), (1, 1, 1)),
    ((4, 5, 4), (3, 2, 3), (2, 2, 1), (1, 1, 1)),
    ((5, 4, 5), (2, 3, 2), (2, 1, 2), (2, 1, 1)),
]


def _case_id(case):
    return 'n%s-k%s-s%s-d%s' % tuple(''.join(map(str, c)) for c in case)


CONV_OPS = {1: K.conv1d, 2: K.conv2d, 3: K.conv3d}


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
@pytest.mark.parametrize('case', CONV_CASES, ids=_case_id)
def test_conv_same_is_theanos_half_padding(case, data_format):
    sizes, window, strides, dilation = case
    x = data(2, *sizes, 3)
    kernel = data(*window, 3, 2)
    expected = true_conv(x, kernel, strides, dilation)
    first = data_format == 'channels_first'
    n = len(sizes)
    s, d = (strides[0], dilation[0]) if n == 1 else (strides, dilation)
    out = CONV_OPS[n](K.constant(to_first(x) if first else x),
                      K.constant(kernel), strides=s, padding='same',
                      data_format=data_format, dilation_rate=d)
    out = K.eval(out)
    close(to_last(out) if first else out, expected)


DEPTHWISE_CASES = [
    ((7,), (2,), (2,), (1,)),
    ((6,), (3,), (2,), (2,)),
    ((5, 6), (2, 2), (2, 2), (1, 1)),
    ((6, 6), (3, 3), (2, 2), (1, 1)),
    ((7, 6), (3, 2), (1, 2), (2, 1)),
]


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
@pytest.mark.parametrize('case', DEPTHWISE_CASES, ids=_case_id)
def test_separable_same_is_theanos_half_padding(case, data_format):
    sizes, window, strides, dilation = case
    x = data(2, *sizes, 2)
    depthwise = data(*window, 2, 2)
    pointwise = data(*((1,) * len(sizes)), 4, 3)
    expected = true_conv(x, depthwise, strides, dilation, depthwise=True)
    expected = expected.dot(pointwise.reshape(4, 3))
    first = data_format == 'channels_first'
    op = K.separable_conv1d if len(sizes) == 1 else K.separable_conv2d
    s, d = ((strides[0], dilation[0]) if len(sizes) == 1
            else (strides, dilation))
    out = K.eval(op(K.constant(to_first(x) if first else x),
                    K.constant(depthwise), K.constant(pointwise),
                    strides=s, padding='same', data_format=data_format,
                    dilation_rate=d))
    close(to_last(out) if first else out, expected)


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
@pytest.mark.parametrize('case', DEPTHWISE_CASES[2:], ids=_case_id)
def test_depthwise_same_is_theanos_half_padding(case, data_format):
    sizes, window, strides, dilation = case
    x = data(2, *sizes, 2)
    kernel = data(*window, 2, 3)
    expected = true_conv(x, kernel, strides, dilation, depthwise=True)
    first = data_format == 'channels_first'
    out = K.eval(K.depthwise_conv2d(
        K.constant(to_first(x) if first else x), K.constant(kernel),
        strides=strides, padding='same', data_format=data_format,
        dilation_rate=dilation))
    close(to_last(out) if first else out, expected)


def test_even_kernel_looks_back_and_strided_windows_start_before():
    # k = 2, stride 1: output i is x[i - 1] * w[1] + x[i] * w[0] (true
    # convolution), TensorFlow's would read x[i] and x[i + 1].
    x = np.arange(1., 5., dtype='float32').reshape(1, 4, 1)
    kernel = np.array([10., 1.], dtype='float32').reshape(2, 1, 1)
    out = K.eval(K.conv1d(K.constant(x), K.constant(kernel),
                          padding='same'))
    close(out.ravel(), [10., 21., 32., 43.])
    # n = 4, k = 3, stride 2: windows start at -1 and 1.
    kernel = np.array([100., 10., 1.], dtype='float32').reshape(3, 1, 1)
    out = K.eval(K.conv1d(K.constant(x), K.constant(kernel), strides=2,
                          padding='same'))
    close(out.ravel(), [0 * 1 + 1 * 10 + 2 * 100, 2 * 1 + 3 * 10 + 4 * 100])


def test_symbolic_sizes_follow_the_same_rule():
    x = data(2, 9, 7, 2)
    kernel = data(2, 3, 2, 3)
    expected = true_conv(x, kernel, (2, 3), (1, 1))
    inputs = K.placeholder(shape=(None, None, None, 2))
    f = K.function([inputs], [K.conv2d(inputs, K.constant(kernel),
                                       strides=(2, 3), padding='same')])
    close(f([x])[0], expected)


# Pooling.

def theano_pool_pad(size):
    return size - 2 if size > 2 and size % 2 else size - 1


def plain_pool(x, pool_size, strides, mode):
    """Channels-last pooling over the real inputs of each window."""
    n = x.ndim - 2
    pads = [theano_pool_pad(k) for k in pool_size]
    out_sizes = tuple(-(-size // s) for size, s in
                      zip(x.shape[1:-1], strides))
    out = np.zeros((x.shape[0],) + out_sizes + (x.shape[-1],))
    for position in np.ndindex(*out_sizes):
        box = []
        for i in range(n):
            start = position[i] * strides[i] - pads[i]
            box.append(slice(max(start, 0),
                             min(start + pool_size[i], x.shape[1 + i])))
        seen = x[(slice(None),) + tuple(box)].astype('float64')
        axes = tuple(range(1, n + 1))
        out[(slice(None),) + position] = (
            seen.max(axis=axes) if mode == 'max' else seen.mean(axis=axes))
    return out


POOL_CASES = [
    # (spatial sizes, pool size, strides)
    ((5, 6), (2, 2), (2, 2)),
    ((5, 6), (3, 3), (2, 2)),
    ((6, 6), (3, 3), (1, 1)),
    ((7, 6), (2, 3), (2, 3)),
    ((7, 8), (4, 5), (2, 3)),
    ((4, 5), (1, 2), (2, 1)),
    ((4, 5, 4), (2, 2, 2), (2, 2, 2)),
    ((5, 4, 6), (3, 2, 4), (2, 1, 3)),
]


def _pool_id(case):
    return 'n%s-p%s-s%s' % tuple(''.join(map(str, c)) for c in case)


@pytest.mark.parametrize('mode', ['max', 'avg'])
@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
@pytest.mark.parametrize('case', POOL_CASES, ids=_pool_id)
def test_pool_same_is_theanos_padded_pool(case, data_format, mode):
    sizes, pool_size, strides = case
    x = data(2, *sizes, 3)
    expected = plain_pool(x, pool_size, strides, mode)
    first = data_format == 'channels_first'
    op = K.pool2d if len(sizes) == 2 else K.pool3d
    out = K.eval(op(K.constant(to_first(x) if first else x), pool_size,
                    strides, padding='same', data_format=data_format,
                    pool_mode=mode))
    close(to_last(out) if first else out, expected)


def test_pool_2_stride_2_windows_start_one_before():
    # Theano pads 1 on both sides of a size-2 pool: windows [-1, 0],
    # [1, 2], [3, 4] of a length-5 axis.
    x = np.array([1., 2., 3., 4., 5.], dtype='float32').reshape(1, 5, 1, 1)
    out = K.eval(K.pool2d(K.constant(x), (2, 1), (2, 1), padding='same',
                          pool_mode='avg'))
    close(out.ravel(), [1., 2.5, 4.5])
    out = K.eval(K.pool2d(K.constant(x), (2, 1), (2, 1), padding='same'))
    close(out.ravel(), [1., 3., 5.])


# Transposed convolutions: Keras 2 on Theano took the gradient of the
# 'half' convolution, so they spread input p over outputs
# p * stride - span // 2 + offset (true convolution: kernel flipped).

def plain_transpose(x, kernel, sizes, strides, dilation):
    """x (batch, *in_sizes, in) channels last; kernel (*window, out, in)."""
    n = x.ndim - 2
    window = kernel.shape[:n]
    spans = [(k - 1) * d + 1 for k, d in zip(window, dilation)]
    margin = max(spans)
    out = np.zeros((x.shape[0],) + tuple(n + 2 * margin for n in sizes) +
                   (kernel.shape[-2],))
    flipped = kernel[(slice(None, None, -1),) * n].astype('float64')
    for position in np.ndindex(*x.shape[1:-1]):
        for offset in np.ndindex(*window):
            index = tuple(margin + p * s - span // 2 + o * d for
                          p, o, s, d, span in
                          zip(position, offset, strides, dilation, spans))
            out[(slice(None),) + index] += \
                x[(slice(None),) + position].dot(flipped[offset].T)
    crop = tuple(slice(margin, margin + n) for n in sizes)
    return out[(slice(None),) + crop + (slice(None),)]


TRANSPOSE_CASES = [
    # (output sizes, kernel window, strides, dilation)
    ((6, 6), (3, 3), (2, 2), (1, 1)),
    ((5, 7), (3, 3), (2, 2), (1, 1)),
    ((4, 6), (2, 3), (2, 3), (1, 1)),
    ((7, 6), (3, 3), (2, 1), (2, 2)),
]


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
@pytest.mark.parametrize('case', TRANSPOSE_CASES, ids=_case_id)
def test_conv2d_transpose_same_is_the_adjoint_of_half(case, data_format):
    sizes, window, strides, dilation = case
    in_sizes = tuple(-(-n // s) for n, s in zip(sizes, strides))
    x = data(2, *in_sizes, 3)
    kernel = data(*window, 2, 3)
    expected = plain_transpose(x, kernel, sizes, strides, dilation)
    first = data_format == 'channels_first'
    shape = (2, 2) + sizes if first else (2,) + sizes + (2,)
    out = K.eval(K.conv2d_transpose(
        K.constant(to_first(x) if first else x), K.constant(kernel), shape,
        strides=strides, padding='same', data_format=data_format,
        dilation_rate=dilation))
    close(to_last(out) if first else out, expected)


def test_pool_symbolic_sizes_follow_the_same_rule():
    x = data(2, 7, 8, 3)
    inputs = K.placeholder(shape=(None, None, None, 3))
    for mode in ('max', 'avg'):
        f = K.function([inputs], [K.pool2d(inputs, (2, 3), (2, 3),
                                           padding='same', pool_mode=mode)])
        close(f([x])[0], plain_pool(x, (2, 3), (2, 3), mode))
