"""Convolution and pooling K ops beyond the conformance table: values
counted by hand or by plain loops written here, the composites against
their definitions, argument errors, static shapes, Theano's kernel
convention and the kernel conversion helpers."""
import numpy as np
import pytest

import keras.backend as K
from backend_harness import BACKEND
from keras.backend.numpy import BACKEND as NP
from keras.utils.conv_utils import convert_kernel
from keras.utils.layer_utils import convert_all_kernels_in_model

THEANO = K.backend() == 'theano'
rng = np.random.RandomState(42)


def data(*shape):
    return rng.uniform(-1., 1., size=shape).astype('float32')


def run(value):
    return np.asarray(K.eval(value))


def close(actual, expected, tol=1e-4):
    np.testing.assert_allclose(np.asarray(actual), expected, rtol=tol,
                               atol=tol)


def spatial_flip(kernel):
    return kernel[(slice(None, None, -1),) * (kernel.ndim - 2)]


def as_backend_kernel(kernel):
    """The kernel whose convolution on the session backend is the
    correlation with `kernel`: flipped on theano (true convolution)."""
    return np.ascontiguousarray(spatial_flip(kernel)) if THEANO else kernel


# Plain loops over output positions: the definitions, independent of the
# numpy backend's code (which loops over kernel offsets).

def correlate(x, kernel, strides=None, pads=None, dilation=None):
    """x (batch, *spatial, in), kernel (*window, in, out), pads (before,
    after) per spatial axis."""
    n = kernel.ndim - 2
    strides = strides or (1,) * n
    dilation = dilation or (1,) * n
    pads = pads or ((0, 0),) * n
    x = np.pad(x.astype('float64'), [(0, 0)] + list(pads) + [(0, 0)])
    window = kernel.shape[:n]
    out_sizes = [(x.shape[1 + i] - (window[i] - 1) * dilation[i] - 1)
                 // strides[i] + 1 for i in range(n)]
    out = np.zeros((x.shape[0],) + tuple(out_sizes) + (kernel.shape[-1],))
    for position in np.ndindex(*out_sizes):
        for offset in np.ndindex(*window):
            index = tuple(p * s + o * d for p, o, s, d in
                          zip(position, offset, strides, dilation))
            out[(slice(None),) + position] += (
                x[(slice(None),) + index] @ kernel[offset])
    return out


def keras2_local_conv(inputs, kernel, kernel_size, strides, output_shape,
                      data_format):
    """Keras 2.3.1's locally connected convolution, transcribed to numpy:
    one slice per output position flattened to (1, batch, features),
    concatenated, a batch_dot with the kernel, reshaped and permuted."""
    n = len(output_shape)
    features, filters = kernel.shape[1], kernel.shape[2]
    rows = []
    for position in np.ndindex(*output_shape):
        key = [slice(None)]
        if data_format == 'channels_first':
            key.append(slice(None))
        key.extend(slice(p * s, p * s + k) for p, s, k in
                   zip(position, strides, kernel_size))
        if data_format == 'channels_last':
            key.append(slice(None))
        rows.append(inputs[tuple(key)].reshape((1, -1, features)))
    aggregate = np.concatenate(rows, axis=0)
    # batch_dot over the position axis: (P, batch, F) x (P, F, filters).
    output = np.stack([a @ k for a, k in zip(aggregate, kernel)])
    output = output.reshape(tuple(output_shape) + (-1, filters))
    spatial = list(range(n))
    if data_format == 'channels_first':
        permutation = [n, n + 1] + spatial
    else:
        permutation = [n] + spatial + [n + 1]
    return np.transpose(output, permutation)


# Values counted by hand.

def image(values):
    return np.asarray(values, dtype='float32')[None, :, :, None]


def test_conv2d_hand_counted():
    x = image([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    kernel = np.asarray([[1, 2], [3, 4]], dtype='float32')[:, :, None, None]
    out = run(K.conv2d(K.constant(x), K.constant(kernel)))[0, :, :, 0]
    if THEANO:
        # True convolution: the kernel is met as [[4, 3], [2, 1]].
        close(out, [[23, 33], [53, 63]])
    else:
        close(out, [[37, 47], [67, 77]])


def test_conv2d_same_even_kernel_hand_counted():
    x = image([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    kernel = as_backend_kernel(
        np.asarray([[1, 2], [3, 4]], dtype='float32')[:, :, None, None])
    out = run(K.conv2d(K.constant(x), K.constant(kernel),
                       padding='same'))[0, :, :, 0]
    if THEANO:
        # Theano's 'half' border: the one zero row and column go before.
        close(out, [[4, 11, 18], [18, 37, 47], [36, 67, 77]])
    else:
        # TensorFlow's split: they go after.
        close(out, [[37, 47, 21], [67, 77, 33], [23, 26, 9]])


def test_conv1d_hand_counted():
    x = np.asarray([1, 2, 3, 4], dtype='float32')[None, :, None]
    kernel = np.asarray([1, 10], dtype='float32')[:, None, None]
    valid = run(K.conv1d(K.constant(x), K.constant(kernel)))[0, :, 0]
    causal = run(K.conv1d(K.constant(x), K.constant(kernel),
                          padding='causal'))[0, :, 0]
    if THEANO:
        close(valid, [12, 23, 34])
        close(causal, [1, 12, 23, 34])
    else:
        close(valid, [21, 32, 43])
        close(causal, [10, 21, 32, 43])


def test_pool2d_hand_counted():
    x4 = image(np.arange(16).reshape(4, 4))
    close(run(K.pool2d(K.constant(x4), (2, 2), (2, 2)))[0, :, :, 0],
          [[5, 7], [13, 15]])
    x3 = image([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    # 'same' pads one on each side; the average counts real entries only.
    close(run(K.pool2d(K.constant(x3), (3, 3), (2, 2), padding='same',
                       pool_mode='avg'))[0, :, :, 0], [[3, 4], [6, 7]])
    close(run(K.pool2d(K.constant(x3), (3, 3), (2, 2), padding='same'))
          [0, :, :, 0], [[5, 6], [8, 9]])
    # Negative values: the padding never wins a max. TensorFlow pads one
    # after (windows [0, 1], [2]); Keras 2 on Theano one before ([0],
    # [1, 2]).
    close(run(K.pool2d(K.constant(-x3), (2, 2), (2, 2), padding='same'))
          [0, :, :, 0], [[-1, -2], [-4, -5]] if THEANO else
          [[-1, -3], [-7, -9]])


def test_conv2d_transpose_hand_counted():
    x = image([[1, 2], [3, 4]])
    kernel = np.asarray([[1, 2], [3, 4]], dtype='float32')[:, :, None, None]
    out = run(K.conv2d_transpose(K.constant(x), K.constant(kernel),
                                 (1, 4, 4, 1), strides=(2, 2)))[0, :, :, 0]
    # Every input entry spreads over its own 2x2 block.
    met = spatial_flip(kernel) if THEANO else kernel
    close(out, np.kron(x[0, :, :, 0], met[:, :, 0, 0]))


def test_depthwise_output_channel_order():
    x = np.asarray([1., 2.], dtype='float32').reshape((1, 1, 1, 2))
    kernel = np.asarray([[10, 20, 30], [1, 2, 3]],
                        dtype='float32').reshape((1, 1, 2, 3))
    out = run(K.depthwise_conv2d(K.constant(x), K.constant(kernel)))
    # Output channel c * multiplier + m.
    close(out.reshape(-1), [10, 20, 30, 2, 4, 6])


# Against the loops.

LOOP_CASES = [
    # op, x shape, kernel shape, kwargs, pads of the loop: TensorFlow's,
    # then Keras 2 on Theano's (span // 2 before; keras/backend/pytensor)
    ('conv1d', (2, 7, 3), (3, 3, 2), dict(strides=2, dilation_rate=1),
     ((0, 0),), ((0, 0),)),
    ('conv1d', (2, 7, 3), (2, 3, 2), dict(padding='same'), ((0, 1),),
     ((1, 0),)),
    ('conv1d', (2, 7, 3), (3, 3, 2), dict(padding='same', dilation_rate=2),
     ((2, 2),), ((2, 2),)),
    ('conv2d', (2, 5, 6, 2), (2, 2, 2, 3),
     dict(padding='same', strides=(2, 2)), ((0, 1), (0, 0)),
     ((1, 0), (1, 0))),
    ('conv2d', (2, 5, 6, 2), (3, 4, 2, 3), dict(padding='same'),
     ((1, 1), (1, 2)), ((1, 1), (2, 1))),
    ('conv2d', (2, 5, 6, 2), (2, 3, 2, 3),
     dict(dilation_rate=(2, 2), strides=(1, 2)), ((0, 0), (0, 0)),
     ((0, 0), (0, 0))),
    ('conv2d', (2, 5, 6, 2), (3, 3, 2, 3),
     dict(padding='same', strides=(2, 2), dilation_rate=(2, 2)),
     ((2, 2), (1, 2)), ((2, 2), (2, 1))),
    ('conv3d', (1, 4, 5, 3, 2), (2, 3, 2, 2, 2),
     dict(padding='same', strides=(2, 2, 1)), ((0, 0), (1, 1), (0, 1)),
     ((1, 0), (1, 1), (1, 0))),
]


@pytest.mark.parametrize('op, x_shape, kernel_shape, kwargs, pads, '
                         'theano_pads', LOOP_CASES,
                         ids=['%s-%d' % (c[0], i) for i, c in
                              enumerate(LOOP_CASES)])
def test_conv_against_loops(op, x_shape, kernel_shape, kwargs, pads,
                            theano_pads):
    pads = theano_pads if THEANO else pads
    x, kernel = data(*x_shape), data(*kernel_shape)
    n = len(kernel_shape) - 2
    strides = kwargs.get('strides', 1)
    dilation = kwargs.get('dilation_rate', 1)
    strides = (strides,) * n if isinstance(strides, int) else strides
    dilation = (dilation,) * n if isinstance(dilation, int) else dilation
    expected = correlate(x, kernel, strides, pads, dilation)
    out = getattr(K, op)(K.constant(x), K.constant(as_backend_kernel(kernel)),
                         **kwargs)
    close(run(out), expected)
    # channels_first: the same numbers, channels moved.
    out = getattr(K, op)(K.constant(np.moveaxis(x, -1, 1)),
                         K.constant(as_backend_kernel(kernel)),
                         data_format='channels_first', **kwargs)
    close(run(out), np.moveaxis(expected, -1, 1))


def test_theano_convention_is_flipped_kernels_and_only_there():
    assert BACKEND.flips_kernels == THEANO
    x, kernel = data(2, 5, 5, 2), data(3, 2, 2, 3)
    out = run(K.conv2d(K.constant(x), K.constant(kernel)))
    met = spatial_flip(kernel) if THEANO else kernel
    close(out, correlate(x, met))
    depthwise = data(3, 2, 2, 2)
    out = run(K.depthwise_conv2d(K.constant(x), K.constant(depthwise)))
    met = spatial_flip(depthwise) if THEANO else depthwise
    expected = np.concatenate(
        [correlate(x[..., c:c + 1], met[:, :, c:c + 1, :])
         for c in range(2)], axis=-1)
    close(out, expected)


def test_causal_conv1d_is_valid_conv_of_left_padded_input():
    x, kernel = data(2, 6, 3), data(3, 3, 4)
    causal = K.conv1d(K.constant(x), K.constant(kernel), padding='causal',
                      dilation_rate=2)
    padded = K.conv1d(K.temporal_padding(K.constant(x), (4, 0)),
                      K.constant(kernel), dilation_rate=2)
    assert K.int_shape(causal) == (2, 6, 4)
    close(run(causal), run(padded))
    # Output t never sees inputs after t.
    changed = x.copy()
    changed[:, 4:] += 1.
    later = K.conv1d(K.constant(changed), K.constant(kernel),
                     padding='causal', dilation_rate=2)
    close(run(later)[:, :4], run(causal)[:, :4])
    channels_first = K.conv1d(K.constant(np.moveaxis(x, -1, 1)),
                              K.constant(kernel), padding='causal',
                              dilation_rate=2, data_format='channels_first')
    close(run(channels_first), np.moveaxis(run(causal), -1, 1))


def test_full_padding_is_valid_conv_of_padded_input():
    x, kernel = data(2, 4, 5, 2), data(3, 2, 2, 3)
    full = K.conv2d(K.constant(x), K.constant(kernel), padding='full')
    padded = K.conv2d(K.spatial_2d_padding(K.constant(x), ((2, 2), (1, 1))),
                      K.constant(kernel))
    assert K.int_shape(full) == (2, 6, 6, 3)
    close(run(full), run(padded))


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
def test_separable_is_depthwise_then_pointwise(data_format):
    x = data(2, 6, 7, 3)
    if data_format == 'channels_first':
        x = np.moveaxis(x, -1, 1)
    depthwise, pointwise = data(3, 3, 3, 2), data(1, 1, 6, 4)
    kwargs = dict(strides=(2, 2), padding='same', dilation_rate=(1, 1),
                  data_format=data_format)
    separable = K.separable_conv2d(K.constant(x), K.constant(depthwise),
                                   K.constant(pointwise), **kwargs)
    staged = K.conv2d(K.depthwise_conv2d(K.constant(x), K.constant(depthwise),
                                         **kwargs),
                      K.constant(pointwise), data_format=data_format)
    close(run(separable), run(staged))
    x1 = data(2, 7, 3)
    separable = K.separable_conv1d(K.constant(x1), K.constant(depthwise[0]),
                                   K.constant(pointwise[0]), padding='causal',
                                   dilation_rate=2)
    staged = K.conv1d(
        K.squeeze(K.depthwise_conv2d(
            K.expand_dims(K.temporal_padding(K.constant(x1), (4, 0)), 1),
            K.constant(depthwise[:1]), dilation_rate=(1, 2)), 1),
        K.constant(pointwise[0]))
    close(run(separable), run(staged))


TRANSPOSE_CASES = [
    # x shape (channels last), kernel (*k, out, in), output spatial, kwargs
    ((2, 3, 3, 2), (3, 3, 4, 2), (8, 10), dict(strides=(2, 3))),
    ((2, 3, 3, 2), (3, 3, 4, 2), (5, 6), dict(strides=(2, 2),
                                              padding='same')),
    ((2, 3, 3, 2), (2, 2, 4, 2), (6, 6), dict(strides=(2, 2),
                                              padding='same')),
    ((2, 3, 3, 2), (3, 3, 4, 2), (7, 7), dict(dilation_rate=(2, 2))),
    ((2, 3, 3, 2), (3, 3, 4, 2), (6, 5), dict(strides=(2, 2),
                                              padding='same',
                                              dilation_rate=(2, 2))),
    ((2, 3, 3, 2), (3, 3, 4, 2), (1, 1), dict(padding='full')),
    ((1, 2, 2, 2, 2), (2, 2, 2, 3, 2), (3, 4, 4),
     dict(strides=(2, 2, 2), padding='same')),
]


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
@pytest.mark.parametrize('x_shape, kernel_shape, spatial, kwargs',
                         TRANSPOSE_CASES,
                         ids=[str(i) for i in range(len(TRANSPOSE_CASES))])
def test_transpose_is_the_adjoint_of_conv(x_shape, kernel_shape, spatial,
                                          kwargs, data_format):
    n = len(spatial)
    x, kernel = data(*x_shape), data(*kernel_shape)
    y = data(x_shape[0], *spatial, kernel_shape[-2])
    output_shape = (None,) + spatial + (kernel_shape[-2],)
    if data_format == 'channels_first':
        x, y = np.moveaxis(x, -1, 1), np.moveaxis(y, -1, 1)
        output_shape = (None, kernel_shape[-2]) + spatial
    conv = K.conv2d if n == 2 else K.conv3d
    transpose = K.conv2d_transpose if n == 2 else K.conv3d_transpose
    forward = run(conv(K.constant(y), K.constant(kernel),
                       data_format=data_format, **kwargs))
    backward = run(transpose(K.constant(x), K.constant(kernel), output_shape,
                             data_format=data_format, **kwargs))
    assert forward.shape == x.shape and backward.shape == y.shape
    # <conv(y), x> == <conv_transpose(x), y> for every x and y.
    close(np.sum(forward * x), np.sum(backward * y), tol=1e-3)


LOCAL_CASES = [
    ((2, 7, 3), (2,), (2,), (3,)),
    ((2, 7, 3), (3,), (1,), (5,)),
    ((2, 5, 6, 2), (2, 2), (2, 2), (2, 3)),
    ((2, 5, 6, 2), (2, 3), (1, 1), (4, 4)),
    ((2, 5, 6, 2), (3, 2), (2, 3), (2, 2)),
]


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
@pytest.mark.parametrize('x_shape, kernel_size, strides, output_shape',
                         LOCAL_CASES,
                         ids=[str(i) for i in range(len(LOCAL_CASES))])
def test_local_conv_matches_keras2_loop(x_shape, kernel_size, strides,
                                        output_shape, data_format):
    x = data(*x_shape)
    if data_format == 'channels_first':
        x = np.moveaxis(x, -1, 1)
    features = int(np.prod(kernel_size)) * x_shape[-1]
    kernel = data(int(np.prod(output_shape)), features, 4)
    expected = keras2_local_conv(x, kernel, kernel_size, strides,
                                 output_shape, data_format)
    if len(output_shape) == 1:
        out = K.local_conv1d(K.constant(x), K.constant(kernel), kernel_size,
                             strides, data_format=data_format)
    else:
        out = K.local_conv2d(K.constant(x), K.constant(kernel), kernel_size,
                             strides, output_shape, data_format=data_format)
    close(run(out), expected)


# Argument errors: when building a graph and on concrete values.

def _inputs(symbolic, *shapes):
    if symbolic:
        return [K.placeholder(shape=s) for s in shapes]
    return [K.constant(np.ones(s, dtype='float32')) for s in shapes]


ERRORS = [
    # op, input shapes, extra args, kwargs, error, message
    ('conv2d', [(1, 5, 5, 2), (3, 3, 2, 4)], (), dict(padding='causal'),
     ValueError, "Invalid padding: 'causal'"),
    ('conv1d', [(1, 5, 2), (3, 2, 4)], (), dict(padding='reflect'),
     ValueError, "Invalid padding: 'reflect'"),
    ('pool2d', [(1, 5, 5, 2)], ((2, 2),), dict(padding='full'),
     ValueError, "Invalid padding: 'full'"),
    ('pool2d', [(1, 5, 5, 2)], ((2, 2),), dict(pool_mode='min'),
     ValueError, "Invalid pool_mode: 'min'"),
    ('pool3d', [(1, 4, 4, 4, 2)], ((2, 2, 2),), dict(pool_mode='sum'),
     ValueError, "Invalid pool_mode: 'sum'"),
    ('conv2d', [(1, 5, 5, 2), (3, 3, 2, 4)], (),
     dict(data_format='channels_middle'), ValueError, 'channels_middle'),
    ('pool2d', [(1, 5, 5, 2)], ((2, 2),), dict(data_format='NHWC'),
     ValueError, 'NHWC'),
    ('conv2d', [(5, 5, 2), (3, 3, 2, 4)], (), {}, ValueError,
     r'`x` of rank 4; received shape \(5, 5, 2\)'),
    ('conv2d', [(1, 5, 5, 2), (3, 2, 4)], (), {}, ValueError,
     r'`kernel` of rank 4; received shape \(3, 2, 4\)'),
    ('conv1d', [(1, 5, 5, 2), (3, 2, 4)], (), {}, ValueError,
     r'K.conv1d expects `x` of rank 3; received shape \(1, 5, 5, 2\)'),
    ('pool3d', [(1, 4, 4, 2)], ((2, 2, 2),), {}, ValueError,
     r'rank 5; received shape \(1, 4, 4, 2\)'),
    ('conv2d', [(1, 5, 5, 3), (3, 3, 2, 4)], (), {}, ValueError,
     r'3 channels.*expects 2'),
    ('conv2d', [(1, 2, 2, 2), (3, 3, 2, 4)], (), {}, ValueError,
     r'does not fit'),
    ('conv2d', [(1, 5, 5, 2), (3, 3, 2, 4)], (), dict(strides=(1, 2, 1)),
     ValueError, r'`strides` must be 2 positive Python ints; received '
                 r'\(1, 2, 1\)'),
    ('conv2d', [(1, 5, 5, 2), (3, 3, 2, 4)], (), dict(dilation_rate=0),
     ValueError, '`dilation_rate` must be 2 positive'),
    ('pool2d', [(1, 5, 5, 2)], ((2.5, 2),), {}, TypeError,
     '`pool_size` must be 2 positive Python ints'),
    ('depthwise_conv2d', [(1, 5, 5, 3), (3, 3, 2, 2)], (), {}, ValueError,
     r'`depthwise_kernel` \(shape \(3, 3, 2, 2\)\) expects 2'),
    ('separable_conv2d', [(1, 5, 5, 2), (3, 3, 2, 2), (1, 1, 3, 4)], (), {},
     ValueError, r'depthwise step gives 4 channels.*`pointwise_kernel` '
                 r'\(shape \(1, 1, 3, 4\)\) expects 3'),
    ('separable_conv2d', [(1, 5, 5, 2), (3, 3, 2, 2), (2, 1, 4, 4)], (), {},
     ValueError, r'`pointwise_kernel` of spatial shape \(1, 1\)'),
    ('conv2d_transpose', [(1, 3, 3, 2), (3, 3, 4, 2)], ((1, 6, 6, 4),),
     dict(strides=(2, 2)), ValueError,
     r'`output_shape` \(1, 6, 6, 4\) does not match'),
    ('conv2d_transpose', [(1, 3, 3, 2), (3, 3, 4, 2)], ((1, 5, 5, 3),), {},
     ValueError, r'`output_shape` \(1, 5, 5, 3\) has 3 channels'),
    ('conv2d_transpose', [(1, 3, 3, 2), (3, 3, 4, 2)], ((5, 5, 4),), {},
     ValueError, r'`output_shape` as a tuple of 4 sizes'),
    ('conv2d_transpose', [(1, 3, 3, 2), (3, 3, 4, 2)], ((2, 5, 5, 4),), {},
     ValueError, r'`output_shape` \(2, 5, 5, 4\) has batch size 2'),
    ('conv2d_transpose', [(1, 3, 3, 3), (3, 3, 4, 2)], ((1, 5, 5, 4),), {},
     ValueError, r'3 channels.*expects 2'),
    ('conv3d_transpose', [(1, 2, 2, 2, 2), (2, 2, 2, 3, 2)],
     ((1, 3, None, 3, 3),), {}, ValueError,
     'spatial sizes of `output_shape` must be given'),
    ('local_conv2d', [(1, 5, 6, 2), (6, 7, 3)], ((2, 2), (2, 2), (2, 3)), {},
     ValueError, r'4 \* 2 = 8 features'),
    ('local_conv2d', [(1, 5, 6, 2), (5, 8, 3)], ((2, 2), (2, 2), (2, 3)), {},
     ValueError, r'one row per output position, 6'),
    ('local_conv1d', [(1, 5, 2), (3, 4, 3)], ((2,), (2,)), {},
     ValueError, 'needs a larger input'),
]


@pytest.mark.parametrize('symbolic', [True, False], ids=['graph', 'eager'])
@pytest.mark.parametrize('op, shapes, extra, kwargs, error, match', ERRORS,
                         ids=['%s-%d' % (e[0], i) for i, e in
                              enumerate(ERRORS)])
def test_argument_errors(op, shapes, extra, kwargs, error, match, symbolic):
    inputs = _inputs(symbolic, *shapes)
    with pytest.raises(error, match=match):
        getattr(K, op)(*(inputs + list(extra)), **kwargs)


@pytest.mark.parametrize('argument', ['strides', 'dilation_rate'])
def test_symbolic_sizes_are_refused_naming_the_argument(argument):
    x = K.placeholder(shape=(None, 5, 5, 2))
    kernel = K.variable(np.ones((3, 3, 2, 4), dtype='float32'))
    size = K.placeholder(shape=(), dtype='int32')
    with pytest.raises(TypeError, match='K.conv2d: `%s` must be 2 positive '
                       'Python ints, known when the graph is built; '
                       'received a tensor' % argument):
        K.conv2d(x, kernel, **{argument: (size, 1)})
    with pytest.raises(TypeError, match='`%s`.*received a tensor'
                       % argument):
        K.conv2d(x, kernel, **{argument: K.placeholder(shape=(2,),
                                                       dtype='int32')})
    with pytest.raises(TypeError, match='K.pool2d: `pool_size`.*tensor'):
        K.pool2d(x, (size, 2))
    with pytest.raises(TypeError, match='K.local_conv2d: `kernel_size`'):
        K.local_conv2d(x, K.variable(np.ones((4, 8, 3))), (2, size), (2, 2),
                       (2, 2))


def test_concrete_tensor_sizes_are_refused_too():
    if K.backend() == 'numpy':
        return  # numpy values are plain numbers there
    x = K.constant(np.ones((1, 5, 5, 2), dtype='float32'))
    kernel = K.constant(np.ones((3, 3, 2, 4), dtype='float32'))
    stride = BACKEND.convert(np.asarray(2, dtype='int32'))
    with pytest.raises(TypeError, match='`strides`.*received a tensor'):
        K.conv2d(x, kernel, strides=(stride, stride))


# Static shapes: from the arithmetic, None where the input size is unknown.

SHAPES = [
    ('conv2d', [(None, None, None, 3), (3, 3, 3, 4)],
     (), dict(padding='same', strides=(2, 2)), (None, None, None, 4)),
    ('conv2d', [(None, 7, None, 3), (3, 2, 3, 4)],
     (), dict(strides=(2, 1)), (None, 3, None, 4)),
    ('conv2d', [(None, 3, 7, None), (3, 3, 3, 4)],
     (), dict(data_format='channels_first', padding='same',
              dilation_rate=(2, 2)), (None, 4, 7, None)),
    ('conv1d', [(None, None, 3), (3, 3, 2)], (),
     dict(padding='causal', dilation_rate=4), (None, None, 2)),
    ('conv1d', [(None, 9, 3), (3, 3, 2)], (),
     dict(padding='full', strides=2), (None, 6, 2)),
    ('conv3d', [(None, 8, None, 5, 2), (3, 3, 3, 2, 6)], (),
     dict(padding='same', strides=(2, 2, 2)), (None, 4, None, 3, 6)),
    ('depthwise_conv2d', [(None, 9, 9, 3), (3, 3, 3, 2)], (),
     dict(strides=(2, 2), dilation_rate=(2, 2), padding='same'),
     (None, 5, 5, 6)),
    ('depthwise_conv2d', [(None, 9, 9, None), (3, 3, 3, 2)], (), {},
     (None, 7, 7, 6)),
    ('separable_conv1d', [(None, None, 3), (3, 3, 2), (1, 6, 5)], (),
     dict(padding='same'), (None, None, 5)),
    ('separable_conv2d', [(None, 3, 8, 8), (3, 3, 3, 2), (1, 1, 6, 5)], (),
     dict(data_format='channels_first', strides=(2, 2)), (None, 5, 3, 3)),
    ('conv2d_transpose', [(None, None, 4, 2), (3, 3, 5, 2)],
     ((None, 9, 9, 5),), dict(strides=(2, 2)), (None, 9, 9, 5)),
    ('conv3d_transpose', [(None, 2, 2, 2, 2), (2, 2, 2, 3, 2)],
     ((None, 3, 4, 4, 4),), dict(strides=(2, 2, 2), padding='same',
                                 data_format='channels_first'),
     (None, 3, 4, 4, 4)),
    ('local_conv1d', [(None, 7, 3), (3, 6, 4)], ((2,), (2,)),
     dict(data_format='channels_last'), (None, 3, 4)),
    ('local_conv2d', [(None, 2, None, None), (6, 8, 3)],
     ((2, 2), (2, 2), (2, 3)), dict(data_format='channels_first'),
     (None, 3, 2, 3)),
    ('pool2d', [(None, None, 7, 3)], ((3, 3), (2, 2)),
     dict(padding='same'), (None, None, 4, 3)),
    ('pool2d', [(None, 3, None, 7)], ((2, 2), (2, 2)),
     dict(data_format='channels_first', pool_mode='avg'), (None, 3, None, 3)),
    ('pool3d', [(None, 5, None, 4, 1)], ((2, 2, 2), (2, 2, 2)), {},
     (None, 2, None, 2, 1)),
]


@pytest.mark.parametrize('op, shapes, extra, kwargs, expected', SHAPES,
                         ids=['%s-%d' % (s[0], i) for i, s in
                              enumerate(SHAPES)])
def test_static_shapes(op, shapes, extra, kwargs, expected):
    x = K.placeholder(shape=shapes[0])
    weights = [K.variable(np.ones(s, dtype='float32')) for s in shapes[1:]]
    out = getattr(K, op)(x, *(weights + list(extra)), **kwargs)
    assert K.int_shape(out) == expected
    assert K.dtype(out) == 'float32'


def test_static_shapes_run_nothing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError('a primitive ran to learn a shape')
    for backend in {id(NP): NP, id(BACKEND): BACKEND}.values():
        for primitive in ('conv', 'depthwise_conv', 'conv_transpose',
                          'pool'):
            monkeypatch.setattr(backend, primitive, refuse)
    # Sizes whose stand-ins could not even be allocated.
    big = K.placeholder(shape=(None, 100000, 100000, 64))
    kernel = K.placeholder(shape=(3, 3, 64, 128))
    assert K.int_shape(K.conv2d(big, kernel, padding='same',
                                strides=(2, 2))) == (None, 50000, 50000, 128)
    assert K.int_shape(K.pool2d(big, (2, 2), (2, 2))) == (
        None, 50000, 50000, 64)
    assert K.int_shape(K.depthwise_conv2d(
        big, K.placeholder(shape=(3, 3, 64, 2)))) == (
        None, 99998, 99998, 128)
    assert K.int_shape(K.conv2d_transpose(
        big, K.placeholder(shape=(3, 3, 8, 64)),
        (None, 200000, 200000, 8), strides=(2, 2), padding='same')) == (
        None, 200000, 200000, 8)


def test_dtype_follows_inputs():
    x = K.placeholder(shape=(None, 5, 5, 2), dtype='float64')
    kernel = K.placeholder(shape=(3, 3, 2, 4), dtype='float64')
    assert K.dtype(K.conv2d(x, kernel)) == 'float64'
    assert K.dtype(K.pool2d(x, (2, 2))) == 'float64'


def test_transpose_with_batch_taken_from_the_input():
    x = K.placeholder(shape=(None, 3, 3, 2))
    kernel = data(3, 3, 4, 2)
    out = K.conv2d_transpose(x, K.constant(kernel), (K.shape(x)[0], 5, 5, 4))
    assert K.int_shape(out) == (None, 5, 5, 4)
    values = data(3, 3, 3, 2)
    result = K.function([x], [out])([values])[0]
    expected = run(K.conv2d_transpose(K.constant(values), K.constant(kernel),
                                      (3, 5, 5, 4)))
    close(result, expected)


def test_keyword_arguments_reach_the_shape_rule():
    x = K.placeholder(shape=(None, 6, 6, 2))
    depthwise = K.placeholder(shape=(3, 3, 2, 2))
    out = K.depthwise_conv2d(x, depthwise_kernel=depthwise, strides=(2, 2),
                             padding='same')
    assert K.int_shape(out) == (None, 3, 3, 4)
    out = K.pool2d(x, pool_size=(3, 3), strides=(3, 3), pool_mode='avg')
    assert K.int_shape(out) == (None, 2, 2, 2)


# convert_kernel and convert_all_kernels_in_model.

def test_convert_kernel_maps_between_the_conventions():
    x, kernel = data(2, 5, 5, 2), data(3, 2, 2, 3)
    converted = convert_kernel(kernel)
    np.testing.assert_array_equal(convert_kernel(converted), kernel)
    np.testing.assert_array_equal(converted, kernel[::-1, ::-1])
    out = run(K.conv2d(K.constant(x), K.constant(converted)))
    # A TensorFlow-convention kernel converted runs on theano as it ran on
    # TensorFlow; on the other backends the conversion gives Theano's
    # true convolution.
    close(out, correlate(x, kernel if THEANO else spatial_flip(kernel)))
    kernel_1d = data(3, 2, 2)
    np.testing.assert_array_equal(convert_kernel(kernel_1d), kernel_1d[::-1])
    kernel_3d = data(2, 3, 2, 1, 1)
    np.testing.assert_array_equal(convert_kernel(kernel_3d),
                                  kernel_3d[::-1, ::-1, ::-1])
    with pytest.raises(ValueError, match='Invalid kernel shape'):
        convert_kernel(np.zeros((2, 2)))


def _model_with_kernels():
    """A model of tiny layers named as Keras 2's convolution layers (the
    conversion finds layers by class name)."""
    from keras.engine.base_layer import Layer
    from keras.layers import Dense
    from keras.layers import Input
    from keras.models import Model
    from keras.models import Sequential

    class Conv2D(Layer):
        def build(self, input_shape):
            self.kernel = self.add_weight('kernel', (3, 2, 2, 2),
                                          initializer='uniform')
            super(Conv2D, self).build(input_shape)

        def call(self, inputs):
            return K.conv2d(inputs, self.kernel)

        def compute_output_shape(self, input_shape):
            return (input_shape[0], input_shape[1] - 2, input_shape[2] - 1, 2)

    class MyConv(Conv2D):
        """A user subclass: converted as its Keras base."""

    class DepthwiseConv2D(Conv2D):
        """Keras 2's DepthwiseConv2D derives from Conv2D but holds
        `depthwise_kernel`."""
        def build(self, input_shape):
            self.depthwise_kernel = self.add_weight(
                'depthwise_kernel', (2, 2, 2, 1), initializer='uniform')
            self.built = True

        def call(self, inputs):
            return K.depthwise_conv2d(inputs, self.depthwise_kernel)

        def compute_output_shape(self, input_shape):
            return (input_shape[0], input_shape[1] - 1, input_shape[2] - 1, 2)

    inputs = Input((7, 7, 2))
    first = Conv2D()
    inner = Sequential([MyConv(input_shape=(5, 6, 2))])
    hidden = DepthwiseConv2D()(inner(first(inputs)))
    outputs = Dense(3)(hidden)
    return Model(inputs, outputs), first, inner.layers[-1], hidden


def test_convert_all_kernels_in_model_round_trips():
    model, first, nested, _ = _model_with_kernels()
    depthwise = model.layers[-2]
    dense = model.layers[-1]
    weights = {id(w): K.get_value(w) for w in model.weights}
    x = data(2, 7, 7, 2)
    before = model.predict(x)
    convert_all_kernels_in_model(model)
    flipped = (first.kernel, nested.kernel, depthwise.depthwise_kernel)
    for weight in model.weights:
        original = weights[id(weight)]
        if any(weight is w for w in flipped):
            np.testing.assert_array_equal(K.get_value(weight),
                                          convert_kernel(original))
        else:
            np.testing.assert_array_equal(K.get_value(weight), original)
    assert dense.kernel is not None
    # The converted model computes the other convention's result.
    k1, k2, k3 = (weights[id(w)] for w in flipped)
    h = x
    met = (lambda k: k) if THEANO else spatial_flip
    h = correlate(h, met(k1))
    h = correlate(h, met(k2))
    h = np.concatenate([correlate(h[..., c:c + 1], met(k3)[:, :, c:c + 1])
                        for c in range(2)], axis=-1)
    dense_kernel, dense_bias = (K.get_value(w) for w in dense.weights)
    close(model.predict(x), h @ dense_kernel + dense_bias, tol=1e-3)
    convert_all_kernels_in_model(model)
    for weight in model.weights:
        np.testing.assert_array_equal(K.get_value(weight),
                                      weights[id(weight)])
    close(model.predict(x), before)
