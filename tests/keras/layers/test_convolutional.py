"""Convolutional layers, each checked against a NumPy reference written
here with explicit loops (not the library's code path), on the active
backend; plus output shapes, weight names and order, configs, Keras 1
spellings and construction errors.

On the theano backend convolutions are true convolutions (the kernel
flipped along its spatial axes, as Keras 2 on Theano computed), so the
references flip the kernel there.
"""
import warnings

import numpy as np
import pytest

from keras import backend as K
from keras import layers
from keras.engine.input_layer import Input
from keras.engine.sequential import Sequential
from keras.engine.training import Model
from keras.layers import Conv1D
from keras.layers import Conv2D
from keras.layers import Conv2DTranspose
from keras.layers import Conv3D
from keras.layers import Conv3DTranspose
from keras.layers import Convolution1D
from keras.layers import Convolution2D
from keras.layers import Convolution3D
from keras.layers import Cropping1D
from keras.layers import Cropping2D
from keras.layers import Cropping3D
from keras.layers import Deconvolution2D
from keras.layers import Deconvolution3D
from keras.layers import DepthwiseConv2D
from keras.layers import Flatten
from keras.layers import SeparableConv1D
from keras.layers import SeparableConv2D
from keras.layers import UpSampling1D
from keras.layers import UpSampling2D
from keras.layers import UpSampling3D
from keras.layers import ZeroPadding1D
from keras.layers import ZeroPadding2D
from keras.layers import ZeroPadding3D
from keras.utils.test_utils import layer_test

TRAINING_BACKENDS = ('jax', 'tensorflow', 'torch', 'theano')
FORMATS = ('channels_last', 'channels_first')


def flips():
    return K.backend() == 'theano'


# ---------------------------------------------------------------------------
# NumPy references (channels_last; explicit loops over positions and
# kernel offsets).

def to_last(x, data_format):
    if data_format == 'channels_first':
        return np.moveaxis(x, 1, -1)
    return x


def to_format(x, data_format):
    if data_format == 'channels_first':
        return np.moveaxis(x, -1, 1)
    return x


def pad_amounts(size, k, s, d, padding):
    """(before, after) zeros of a forward convolution along one axis:
    TensorFlow's 'same' puts the odd one after; Keras 2 on Theano's (the
    theano backend) puts span // 2 before (Theano's 'half' border, cropped
    to ceil(size / s) outputs); 'causal' pads before."""
    span = (k - 1) * d + 1
    if padding == 'valid':
        return 0, 0
    if padding == 'causal':
        return span - 1, 0
    if padding == 'full':
        return span - 1, span - 1
    out = -(-size // s)
    total = max((out - 1) * s + span - size, 0)
    if flips():
        before = span // 2
        return before, max((out - 1) * s + span - size - before, 0)
    return total // 2, total - total // 2


def flipped(kernel, n):
    return kernel[(slice(None, None, -1),) * n] if flips() else kernel


def ref_conv(x, kernel, strides, padding, dilation):
    """x (batch, *spatial, in), kernel (*k, in, out)."""
    n = x.ndim - 2
    kernel = flipped(kernel, n)
    pads = [pad_amounts(x.shape[1 + i], kernel.shape[i], strides[i],
                        dilation[i], padding) for i in range(n)]
    xp = np.pad(x, [(0, 0)] + pads + [(0, 0)])
    out_sizes = [(xp.shape[1 + i] - (kernel.shape[i] - 1) * dilation[i] - 1)
                 // strides[i] + 1 for i in range(n)]
    out = np.zeros((x.shape[0],) + tuple(out_sizes) + (kernel.shape[-1],))
    for pos in np.ndindex(*out_sizes):
        for off in np.ndindex(*kernel.shape[:n]):
            src = tuple(p * s + o * d for p, o, s, d in
                        zip(pos, off, strides, dilation))
            out[(slice(None),) + pos] += xp[(slice(None),) + src].dot(
                kernel[off])
    return out


def block_diagonal(depthwise_kernel):
    """(*k, in, mult) -> the equivalent full kernel (*k, in, in * mult):
    output channel c * mult + m reads input channel c only."""
    channels, mult = depthwise_kernel.shape[-2:]
    full = np.zeros(depthwise_kernel.shape[:-2] + (channels,
                                                   channels * mult))
    for c in range(channels):
        for m in range(mult):
            full[..., c, c * mult + m] = depthwise_kernel[..., c, m]
    return full


def ref_conv_transpose(x, kernel, out_sizes, strides, padding, dilation):
    """Scatter form: x (batch, *in_spatial, in), kernel (*k, filters, in);
    each input entry adds kernel-weighted values into the output, at the
    positions a forward convolution over the output would read it from."""
    n = x.ndim - 2
    kernel = flipped(kernel, n)
    before = [pad_amounts(out_sizes[i], kernel.shape[i], strides[i],
                          dilation[i], padding)[0] for i in range(n)]
    out = np.zeros((x.shape[0],) + tuple(out_sizes) + (kernel.shape[-2],))
    for pos in np.ndindex(*x.shape[1:-1]):
        for off in np.ndindex(*kernel.shape[:n]):
            target = tuple(p * s + o * d - b for p, o, s, d, b in
                           zip(pos, off, strides, dilation, before))
            if all(0 <= t < size for t, size in zip(target, out_sizes)):
                out[(slice(None),) + target] += x[(slice(None),) + pos].dot(
                    kernel[off].T)
    return out


def ref_bilinear_axis(x, axis, factor):
    """Linear interpolation as TensorFlow 1's resize_bilinear (Keras
    2.3.1): output j samples input j / factor, edges clamped."""
    size = x.shape[axis]
    moved = np.moveaxis(x, axis, 0)
    out = np.zeros((size * factor,) + moved.shape[1:])
    for j in range(size * factor):
        source = min(j / float(factor), size - 1.)
        low = int(np.floor(source))
        high = min(low + 1, size - 1)
        weight = source - low
        out[j] = (1 - weight) * moved[low] + weight * moved[high]
    return np.moveaxis(out, 0, axis)


def ref_repeat(x, axis, factor):
    moved = np.moveaxis(x, axis, 0)
    out = np.zeros((moved.shape[0] * factor,) + moved.shape[1:])
    for j in range(out.shape[0]):
        out[j] = moved[j // factor]
    return np.moveaxis(out, 0, axis)


# ---------------------------------------------------------------------------
# Helpers.

def apply(layer, data):
    """The layer's output on `data` (through a placeholder and K.function);
    also checks the symbolic shape against compute_output_shape and the
    computed one."""
    x = Input(shape=data.shape[1:])
    y = layer(x)
    output = K.function([x], [y])([data])[0]
    expected = layer.compute_output_shape((None,) + data.shape[1:])
    assert y._keras_shape == expected
    assert tuple(output.shape[1:]) == tuple(expected[1:])
    return output


def rand(*shape):
    return np.random.uniform(-1, 1, shape).astype('float32')


def set_random_weights(layer):
    weights = [rand(*w.shape) for w in layer.get_weights()]
    layer.set_weights(weights)
    return weights


def close(actual, expected):
    np.testing.assert_allclose(actual, expected, rtol=1e-4, atol=1e-5)


def round_trip(layer):
    clone = layers.deserialize(layers.serialize(layer))
    assert clone.__class__ is layer.__class__
    assert clone.get_config() == layer.get_config()
    return clone


# ---------------------------------------------------------------------------
# Convolutions against the references.

@pytest.mark.parametrize('padding,strides,dilation', [
    ('valid', 1, 1), ('same', 2, 1), ('causal', 1, 2), ('same', 1, 2),
    ('causal', 2, 1)])
def test_conv1d_matches_reference(padding, strides, dilation):
    layer = Conv1D(4, 3, strides=strides, padding=padding,
                   dilation_rate=dilation, activation='relu')
    data = rand(2, 7, 3)
    layer.build((None, 7, 3))
    kernel, bias = set_random_weights(layer)
    expected = ref_conv(data, kernel, (strides,), padding, (dilation,))
    close(apply(layer, data), np.maximum(expected + bias, 0))


def test_conv1d_causal_output_ignores_the_future():
    layer = Conv1D(2, 3, padding='causal', dilation_rate=2, use_bias=False)
    data = rand(1, 8, 2)
    first = apply(layer, data)
    changed = data.copy()
    changed[:, 5:] += 1.
    second = apply(layer, changed)
    close(first[:, :5], second[:, :5])
    assert not np.allclose(first[:, 5:], second[:, 5:])


def test_conv1d_channels_first():
    layer = Conv1D(3, 2, data_format='channels_first', padding='same')
    data = rand(2, 4, 5)  # (batch, channels, steps)
    layer.build((None, 4, 5))
    kernel, bias = set_random_weights(layer)
    assert kernel.shape == (2, 4, 3)
    expected = ref_conv(to_last(data, 'channels_first'), kernel, (1,),
                        'same', (1,)) + bias
    close(apply(layer, data), to_format(expected, 'channels_first'))


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('padding,strides,dilation', [
    ('valid', (1, 1), (1, 1)), ('same', (2, 2), (1, 1)),
    ('same', (1, 2), (1, 1)), ('valid', (1, 1), (2, 1)),
    ('same', (1, 1), (2, 2))])
def test_conv2d_matches_reference(data_format, padding, strides, dilation):
    layer = Conv2D(3, (3, 2), strides=strides, padding=padding,
                   data_format=data_format, dilation_rate=dilation)
    data = to_format(rand(2, 5, 6, 2), data_format)
    layer.build(data.shape)
    kernel, bias = set_random_weights(layer)
    assert kernel.shape == (3, 2, 2, 3)
    expected = ref_conv(to_last(data, data_format), kernel, strides, padding,
                        dilation) + bias
    close(apply(layer, data), to_format(expected, data_format))


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('padding,strides', [('valid', 1), ('same', 2)])
def test_conv3d_matches_reference(data_format, padding, strides):
    layer = Conv3D(2, (2, 3, 2), strides=strides, padding=padding,
                   data_format=data_format)
    data = to_format(rand(2, 3, 4, 3, 2), data_format)
    layer.build(data.shape)
    kernel, bias = set_random_weights(layer)
    expected = ref_conv(to_last(data, data_format), kernel, (strides,) * 3,
                        padding, (1, 1, 1)) + bias
    close(apply(layer, data), to_format(expected, data_format))


@pytest.mark.parametrize('padding,strides,dilation', [
    ('valid', 1, 1), ('same', 2, 1), ('causal', 1, 2)])
def test_separable_conv1d_matches_reference(padding, strides, dilation):
    layer = SeparableConv1D(4, 3, strides=strides, padding=padding,
                            dilation_rate=dilation, depth_multiplier=2)
    data = rand(2, 7, 3)
    layer.build(data.shape)
    depthwise, pointwise, bias = set_random_weights(layer)
    assert depthwise.shape == (3, 3, 2) and pointwise.shape == (1, 6, 4)
    middle = ref_conv(data, block_diagonal(depthwise), (strides,), padding,
                      (dilation,))
    expected = middle.dot(pointwise[0]) + bias
    close(apply(layer, data), expected)


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('padding,strides,dilation', [
    ('valid', (1, 1), (1, 1)), ('same', (2, 2), (1, 1)),
    ('same', (1, 1), (2, 2))])
def test_separable_conv2d_matches_reference(data_format, padding, strides,
                                            dilation):
    layer = SeparableConv2D(3, 3, strides=strides, padding=padding,
                            data_format=data_format, dilation_rate=dilation,
                            depth_multiplier=2)
    data = to_format(rand(2, 5, 5, 2), data_format)
    layer.build(data.shape)
    depthwise, pointwise, bias = set_random_weights(layer)
    assert depthwise.shape == (3, 3, 2, 2)
    assert pointwise.shape == (1, 1, 4, 3)
    middle = ref_conv(to_last(data, data_format), block_diagonal(depthwise),
                      strides, padding, dilation)
    expected = middle.dot(pointwise[0, 0]) + bias
    close(apply(layer, data), to_format(expected, data_format))


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('padding,strides,dilation,multiplier', [
    ('valid', (1, 1), (1, 1), 1), ('same', (2, 2), (1, 1), 2),
    ('same', (1, 1), (2, 2), 3)])
def test_depthwise_conv2d_matches_reference(data_format, padding, strides,
                                            dilation, multiplier):
    layer = DepthwiseConv2D(3, strides=strides, padding=padding,
                            depth_multiplier=multiplier,
                            data_format=data_format, dilation_rate=dilation)
    data = to_format(rand(2, 5, 5, 3), data_format)
    layer.build(data.shape)
    depthwise, bias = set_random_weights(layer)
    assert depthwise.shape == (3, 3, 3, multiplier)
    assert bias.shape == (3 * multiplier,)
    expected = ref_conv(to_last(data, data_format), block_diagonal(depthwise),
                        strides, padding, dilation) + bias
    close(apply(layer, data), to_format(expected, data_format))


# Input size 3, kernel 3: the output sizes of 2.3.1's deconv_length.
@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('padding,strides,output_padding,dilation,size', [
    ('valid', 1, None, 1, 5),
    ('valid', 2, None, 1, 7),
    ('valid', 2, 1, 1, 8),
    ('same', 2, None, 1, 6),
    ('same', 2, 0, 1, 5),
    ('same', 2, 1, 1, 6),
    ('valid', 3, 2, 1, 11),
    ('same', 1, None, 2, 3),
    ('valid', 1, None, 2, 7)])
def test_conv2d_transpose_matches_reference(data_format, padding, strides,
                                            output_padding, dilation, size):
    layer = Conv2DTranspose(2, 3, strides=strides, padding=padding,
                            output_padding=output_padding,
                            data_format=data_format, dilation_rate=dilation)
    data = to_format(rand(2, 3, 3, 4), data_format)
    layer.build(data.shape)
    kernel, bias = set_random_weights(layer)
    assert kernel.shape == (3, 3, 2, 4)  # (*kernel_size, filters, input)
    output = apply(layer, data)
    expected = ref_conv_transpose(to_last(data, data_format), kernel,
                                  (size, size), (strides,) * 2, padding,
                                  (dilation,) * 2) + bias
    close(output, to_format(expected, data_format))


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('padding,strides,output_padding,sizes', [
    ('valid', (1, 2, 1), None, (4, 4, 3)),
    ('same', (2, 2, 2), None, (4, 4, 4)),
    ('same', (2, 2, 2), (1, 1, 1), (4, 3, 3))])
def test_conv3d_transpose_matches_reference(data_format, padding, strides,
                                            output_padding, sizes):
    layer = Conv3DTranspose(2, (3, 2, 2), strides=strides, padding=padding,
                            output_padding=output_padding,
                            data_format=data_format)
    data = to_format(rand(1, 2, 2, 2, 3), data_format)
    layer.build(data.shape)
    kernel, bias = set_random_weights(layer)
    assert kernel.shape == (3, 2, 2, 2, 3)
    expected = ref_conv_transpose(to_last(data, data_format), kernel, sizes,
                                  strides, padding, (1, 1, 1)) + bias
    close(apply(layer, data), to_format(expected, data_format))


def test_conv2d_transpose_unknown_spatial_sizes():
    layer = Conv2DTranspose(3, (3, 2), strides=(2, 3), padding='valid')
    x = Input(shape=(None, None, 2))
    y = layer(x)
    assert K.int_shape(y) == (None, None, None, 3)
    assert layer.compute_output_shape((None, None, 4, 2)) == (None, None,
                                                              12, 3)
    data = rand(2, 4, 3, 2)
    kernel, bias = set_random_weights(layer)
    output = K.function([x], [y])([data])[0]
    # valid: size * stride + max(kernel - stride, 0).
    assert output.shape == (2, 9, 9, 3)
    close(output, ref_conv_transpose(data, kernel, (9, 9), (2, 3), 'valid',
                                     (1, 1)) + bias)


def test_transposed_convolutions_are_adjoint_to_convolutions():
    # <conv(a, W), b> == <a, conv_transpose(b, W)> for the same kernel.
    kernel = rand(3, 3, 2, 4)  # conv: 2 -> 4 channels
    forward = Conv2D(4, 3, strides=2, padding='same', use_bias=False)
    backward = Conv2DTranspose(2, 3, strides=2, padding='same',
                               output_padding=0, use_bias=False)
    forward.build((None, 5, 5, 2))
    backward.build((None, 3, 3, 4))
    forward.set_weights([kernel])
    backward.set_weights([kernel])
    a = rand(1, 5, 5, 2)
    b = rand(1, 3, 3, 4)
    left = np.sum(apply(forward, a) * b)
    right = np.sum(a * apply(backward, b))
    np.testing.assert_allclose(left, right, rtol=1e-4)


@pytest.mark.backends('theano')
def test_full_padding_on_theano():
    # Keras 2 accepted padding='full' on Theano only.
    layer = Conv2D(2, (3, 2), padding='full', use_bias=False)
    data = rand(1, 4, 4, 1)
    layer.build(data.shape)
    kernel, = set_random_weights(layer)
    output = apply(layer, data)
    assert output.shape == (1, 6, 5, 2)
    close(output, ref_conv(data, kernel, (1, 1), 'full', (1, 1)))


@pytest.mark.backends('jax', 'tensorflow', 'torch', 'numpy')
def test_full_padding_refused_off_theano():
    with pytest.raises(ValueError, match="`padding` must be one of 'valid', "
                                         "'same'; received 'full'"):
        Conv2D(2, 3, padding='full')


# ---------------------------------------------------------------------------
# Upsampling, padding, cropping.

def test_upsampling1d():
    data = rand(2, 3, 4)
    close(apply(UpSampling1D(size=3), data), ref_repeat(data, 1, 3))


@pytest.mark.parametrize('data_format', FORMATS)
def test_upsampling2d_nearest(data_format):
    data = rand(2, 3, 2, 4) if data_format == 'channels_last' else \
        rand(2, 4, 3, 2)
    first = 1 if data_format == 'channels_last' else 2
    expected = ref_repeat(ref_repeat(data, first, 2), first + 1, 3)
    close(apply(UpSampling2D((2, 3), data_format=data_format), data),
          expected)


def test_upsampling2d_bilinear_by_hand():
    image = np.array([[0., 1.], [2., 3.]], dtype='float32')
    data = image.reshape(1, 2, 2, 1)
    output = apply(UpSampling2D(2, interpolation='bilinear'), data)
    # As Keras 2.3.1 on TensorFlow: output j samples input j / 2 = 0, 0.5,
    # 1, 1.5 (clamped to 1) on each axis.
    row = np.array([0., 0.5, 1., 1.])         # along columns: 0 -> 1
    col = np.array([0., 1., 2., 2.])          # along rows: 0 -> 2
    expected = col[:, None] + row[None, :]
    close(output[0, :, :, 0], expected)


@pytest.mark.parametrize('data_format', FORMATS)
def test_upsampling2d_bilinear_matches_reference(data_format):
    data = to_format(rand(2, 3, 4, 2), data_format)
    first = 1 if data_format == 'channels_last' else 2
    expected = ref_bilinear_axis(ref_bilinear_axis(data, first, 2),
                                 first + 1, 3)
    layer = UpSampling2D((2, 3), data_format=data_format,
                         interpolation='bilinear')
    close(apply(layer, data), expected)


@pytest.mark.parametrize('data_format', FORMATS)
def test_upsampling3d(data_format):
    data = to_format(rand(1, 2, 3, 2, 2), data_format)
    first = 1 if data_format == 'channels_last' else 2
    expected = data
    for axis, factor in zip(range(first, first + 3), (2, 1, 3)):
        expected = ref_repeat(expected, axis, factor)
    close(apply(UpSampling3D((2, 1, 3), data_format=data_format), data),
          expected)


def zero_padded(x, pairs, first_axis):
    shape = list(x.shape)
    for i, (before, after) in enumerate(pairs):
        shape[first_axis + i] += before + after
    out = np.zeros(shape, dtype=x.dtype)
    key = [slice(None)] * x.ndim
    for i, (before, _) in enumerate(pairs):
        key[first_axis + i] = slice(before, before + x.shape[first_axis + i])
    out[tuple(key)] = x
    return out


def test_zero_padding1d():
    data = rand(2, 3, 2)
    close(apply(ZeroPadding1D(2), data), zero_padded(data, [(2, 2)], 1))
    close(apply(ZeroPadding1D((0, 3)), data), zero_padded(data, [(0, 3)], 1))


@pytest.mark.parametrize('data_format', FORMATS)
@pytest.mark.parametrize('padding,pairs', [
    (1, [(1, 1), (1, 1)]), ((2, 0), [(2, 2), (0, 0)]),
    (((1, 2), (3, 0)), [(1, 2), (3, 0)])])
def test_zero_padding2d(data_format, padding, pairs):
    data = to_format(rand(2, 3, 2, 2), data_format)
    first = 1 if data_format == 'channels_last' else 2
    layer = ZeroPadding2D(padding, data_format=data_format)
    assert layer.padding == tuple(tuple(p) for p in pairs)
    close(apply(layer, data), zero_padded(data, pairs, first))


@pytest.mark.parametrize('data_format', FORMATS)
def test_zero_padding3d(data_format):
    data = to_format(rand(1, 2, 2, 3, 2), data_format)
    first = 1 if data_format == 'channels_last' else 2
    pairs = [(1, 0), (0, 2), (1, 1)]
    layer = ZeroPadding3D(((1, 0), (0, 2), 1), data_format=data_format)
    close(apply(layer, data), zero_padded(data, pairs, first))


def test_cropping1d():
    data = rand(2, 6, 2)
    close(apply(Cropping1D((1, 2)), data), data[:, 1:4])
    close(apply(Cropping1D(2), data), data[:, 2:4])
    close(apply(Cropping1D((0, 0)), data), data)


@pytest.mark.parametrize('data_format', FORMATS)
def test_cropping2d(data_format):
    data = to_format(rand(2, 5, 6, 2), data_format)
    layer = Cropping2D(((1, 2), (0, 3)), data_format=data_format)
    expected = to_format(to_last(data, data_format)[:, 1:3, 0:3],
                         data_format)
    close(apply(layer, data), expected)
    symmetric = Cropping2D((1, 2), data_format=data_format)
    expected = to_format(to_last(data, data_format)[:, 1:4, 2:4],
                         data_format)
    close(apply(symmetric, data), expected)


@pytest.mark.parametrize('data_format', FORMATS)
def test_cropping3d(data_format):
    data = to_format(rand(1, 4, 3, 5, 2), data_format)
    layer = Cropping3D(((1, 1), (0, 1), 2), data_format=data_format)
    expected = to_format(to_last(data, data_format)[:, 1:3, 0:2, 2:3],
                         data_format)
    close(apply(layer, data), expected)


def test_reshaping_layers_with_unknown_sizes():
    assert UpSampling2D().compute_output_shape((None, None, 3, 1)) == \
        (None, None, 6, 1)
    assert ZeroPadding1D((1, 2)).compute_output_shape((2, None, 3)) == \
        (2, None, 3)
    assert Cropping2D(1).compute_output_shape((None, 5, None, 2)) == \
        (None, 3, None, 2)
    x = Input(shape=(None, 2))
    y = Cropping1D((1, 1))(x)
    assert K.int_shape(y) == (None, None, 2)
    out = K.function([x], [y])([np.ones((1, 5, 2), 'float32')])[0]
    assert out.shape == (1, 3, 2)


# ---------------------------------------------------------------------------
# Weights, configs, shapes.

@pytest.mark.parametrize('layer,input_shape,names,shapes', [
    (lambda: Conv1D(4, 3, name='c'), (None, 7, 2),
     ['kernel', 'bias'], [(3, 2, 4), (4,)]),
    (lambda: Conv2D(4, (2, 3), name='c', data_format='channels_first'),
     (None, 2, 5, 5), ['kernel', 'bias'], [(2, 3, 2, 4), (4,)]),
    (lambda: Conv3D(4, 2, use_bias=False, name='c'), (None, 3, 3, 3, 2),
     ['kernel'], [(2, 2, 2, 2, 4)]),
    (lambda: Conv2DTranspose(4, 3, name='c'), (None, 3, 3, 2),
     ['kernel', 'bias'], [(3, 3, 4, 2), (4,)]),
    (lambda: Conv3DTranspose(4, 2, name='c'), (None, 3, 3, 3, 2),
     ['kernel', 'bias'], [(2, 2, 2, 4, 2), (4,)]),
    (lambda: SeparableConv1D(4, 3, depth_multiplier=2, name='c'),
     (None, 7, 2), ['depthwise_kernel', 'pointwise_kernel', 'bias'],
     [(3, 2, 2), (1, 4, 4), (4,)]),
    (lambda: SeparableConv2D(4, 3, name='c'), (None, 5, 5, 2),
     ['depthwise_kernel', 'pointwise_kernel', 'bias'],
     [(3, 3, 2, 1), (1, 1, 2, 4), (4,)]),
    (lambda: DepthwiseConv2D(3, depth_multiplier=3, name='c'),
     (None, 5, 5, 2), ['depthwise_kernel', 'bias'], [(3, 3, 2, 3), (6,)]),
])
def test_weight_names_order_and_shapes(layer, input_shape, names, shapes):
    layer = layer()
    x = Input(batch_shape=input_shape)
    layer(x)
    assert [w.name for w in layer.weights] == ['c/' + n for n in names]
    assert [tuple(K.int_shape(w)) for w in layer.weights] == shapes
    assert [w.shape for w in layer.get_weights()] == shapes
    assert layer.trainable_weights == layer.weights
    assert not layer.supports_masking
    assert layer.compute_mask(x, None) is None


_CONV_KEYS = {'name', 'trainable', 'dtype', 'filters', 'kernel_size',
              'strides', 'padding', 'data_format', 'dilation_rate',
              'activation', 'use_bias', 'kernel_initializer',
              'bias_initializer', 'kernel_regularizer', 'bias_regularizer',
              'activity_regularizer', 'kernel_constraint', 'bias_constraint'}
_KERNEL_KEYS = {'kernel_initializer', 'kernel_regularizer',
                'kernel_constraint'}
_SEPARABLE_KEYS = (_CONV_KEYS - _KERNEL_KEYS) | {
    'depth_multiplier', 'depthwise_initializer', 'pointwise_initializer',
    'depthwise_regularizer', 'pointwise_regularizer', 'depthwise_constraint',
    'pointwise_constraint'}
_DEPTHWISE_KEYS = (_CONV_KEYS - _KERNEL_KEYS - {'filters'}) | {
    'depth_multiplier', 'depthwise_initializer', 'depthwise_regularizer',
    'depthwise_constraint'}
_BASE_KEYS = {'name', 'trainable', 'dtype'}


@pytest.mark.parametrize('layer,keys', [
    (Conv1D(2, 3, padding='causal', dilation_rate=2), _CONV_KEYS),
    (Conv2D(2, 3, strides=2, kernel_regularizer='l2',
            kernel_constraint='max_norm', activation='relu'), _CONV_KEYS),
    (Conv3D(2, (1, 2, 3)), _CONV_KEYS),
    (Conv2DTranspose(2, 3, strides=2, output_padding=1),
     _CONV_KEYS | {'output_padding'}),
    (Conv3DTranspose(2, 3), (_CONV_KEYS - {'dilation_rate'}) |
     {'output_padding'}),
    (SeparableConv1D(2, 3, depth_multiplier=2), _SEPARABLE_KEYS),
    (SeparableConv2D(2, 3, pointwise_regularizer='l1'), _SEPARABLE_KEYS),
    (DepthwiseConv2D(3, depth_multiplier=2, depthwise_constraint='non_neg'),
     _DEPTHWISE_KEYS),
    (UpSampling1D(3), _BASE_KEYS | {'size'}),
    (UpSampling2D(2, interpolation='bilinear'),
     _BASE_KEYS | {'size', 'data_format', 'interpolation'}),
    (UpSampling3D(), _BASE_KEYS | {'size', 'data_format'}),
    (ZeroPadding1D(), _BASE_KEYS | {'padding'}),
    (ZeroPadding2D(), _BASE_KEYS | {'padding', 'data_format'}),
    (ZeroPadding3D(), _BASE_KEYS | {'padding', 'data_format'}),
    (Cropping1D(), _BASE_KEYS | {'cropping'}),
    (Cropping2D(), _BASE_KEYS | {'cropping', 'data_format'}),
    (Cropping3D(), _BASE_KEYS | {'cropping', 'data_format'}),
], ids=lambda value: value.__class__.__name__ if not isinstance(value, set)
    else '')
def test_config_keys_and_round_trip(layer, keys):
    config = layer.get_config()
    assert set(config) == keys
    round_trip(layer)


def test_config_values():
    config = Conv2D(4, 3, strides=2, padding='SAME',
                    data_format='channels_first').get_config()
    assert config['kernel_size'] == (3, 3)
    assert config['strides'] == (2, 2)
    assert config['padding'] == 'same'
    assert config['data_format'] == 'channels_first'
    assert config['dilation_rate'] == (1, 1)
    assert Conv1D(2, 3).get_config()['data_format'] == 'channels_last'
    assert Conv1D(2, 3).get_config()['kernel_size'] == (3,)
    assert Conv2D(2, 3).get_config()['data_format'] == K.image_data_format()
    assert Conv2DTranspose(2, 3).get_config()['output_padding'] is None
    assert Conv2DTranspose(2, 3, strides=3, output_padding=(1, 2)) \
        .get_config()['output_padding'] == (1, 2)
    assert UpSampling1D(3).get_config()['size'] == 3
    assert UpSampling2D(3).get_config()['size'] == (3, 3)
    assert ZeroPadding1D(2).get_config()['padding'] == (2, 2)
    assert ZeroPadding2D(2).get_config()['padding'] == ((2, 2), (2, 2))
    assert Cropping3D(1).get_config()['cropping'] == ((1, 1),) * 3
    assert DepthwiseConv2D(3).get_config()['depth_multiplier'] == 1


def test_class_hierarchy_and_aliases():
    from keras.layers import convolutional
    assert issubclass(Conv2DTranspose, Conv2D)
    assert issubclass(Conv3DTranspose, Conv3D)
    assert issubclass(DepthwiseConv2D, Conv2D)
    assert Convolution1D is Conv1D
    assert Convolution2D is Conv2D
    assert Convolution3D is Conv3D
    assert Deconvolution2D is Conv2DTranspose
    assert Deconvolution3D is Conv3DTranspose
    assert convolutional.SeparableConvolution1D is SeparableConv1D
    assert convolutional.SeparableConvolution2D is SeparableConv2D
    assert convolutional.Convolution2DTranspose is Conv2DTranspose
    assert convolutional.Deconv2D is Conv2DTranspose
    assert convolutional.Deconv3D is Conv3DTranspose
    # Keras 2 aliases are not new classes: configs name the real class.
    assert layers.serialize(Convolution2D(2, 3))['class_name'] == 'Conv2D'
    with pytest.raises(AttributeError):
        convolutional.NoSuchLayer


def test_pooling_importable_from_convolutional_as_in_keras2():
    from keras.layers import convolutional
    from keras.layers import pooling
    assert convolutional.MaxPooling2D is pooling.MaxPooling2D
    assert convolutional.AveragePooling1D is pooling.AveragePooling1D


@pytest.mark.parametrize('layer_cls,kwargs,input_shape', [
    (Conv1D, {'filters': 2, 'kernel_size': 3, 'padding': 'causal',
              'dilation_rate': 2}, (2, 6, 3)),
    (Conv1D, {'filters': 2, 'kernel_size': 2, 'strides': 2,
              'activation': 'relu'}, (2, 5, 3)),
    (Conv2D, {'filters': 2, 'kernel_size': (3, 2), 'padding': 'same',
              'strides': (2, 1)}, (2, 5, 4, 3)),
    (Conv2D, {'filters': 2, 'kernel_size': 3,
              'data_format': 'channels_first'}, (2, 3, 5, 5)),
    (Conv3D, {'filters': 2, 'kernel_size': 2}, (2, 3, 3, 3, 2)),
    (Conv2DTranspose, {'filters': 2, 'kernel_size': 3, 'strides': 2,
                       'output_padding': 1}, (2, 3, 3, 2)),
    (Conv2DTranspose, {'filters': 2, 'kernel_size': 3, 'padding': 'same',
                       'dilation_rate': 2,
                       'data_format': 'channels_first'}, (2, 2, 3, 3)),
    (Conv3DTranspose, {'filters': 2, 'kernel_size': 2, 'strides': 2},
     (2, 2, 2, 2, 2)),
    (SeparableConv1D, {'filters': 2, 'kernel_size': 3,
                       'depth_multiplier': 2}, (2, 5, 3)),
    (SeparableConv2D, {'filters': 2, 'kernel_size': 3, 'padding': 'same'},
     (2, 4, 4, 3)),
    (DepthwiseConv2D, {'kernel_size': 3, 'depth_multiplier': 2},
     (2, 4, 4, 3)),
    (UpSampling1D, {'size': 2}, (2, 3, 2)),
    (UpSampling2D, {'size': (2, 3), 'interpolation': 'bilinear'},
     (2, 3, 3, 2)),
    (UpSampling2D, {'data_format': 'channels_first'}, (2, 2, 3, 3)),
    (UpSampling3D, {'size': 2}, (2, 2, 2, 2, 1)),
    (ZeroPadding1D, {'padding': (1, 2)}, (2, 3, 2)),
    (ZeroPadding2D, {'padding': ((1, 0), (0, 2))}, (2, 3, 3, 2)),
    (ZeroPadding3D, {'padding': 1, 'data_format': 'channels_first'},
     (2, 1, 2, 2, 2)),
    (Cropping1D, {'cropping': (1, 0)}, (2, 4, 2)),
    (Cropping2D, {'cropping': ((1, 1), (0, 2))}, (2, 4, 4, 2)),
    (Cropping3D, {'cropping': 1}, (2, 3, 3, 3, 1)),
])
def test_layer_test(layer_cls, kwargs, input_shape):
    layer_test(layer_cls, kwargs=kwargs, input_shape=input_shape)


def test_regularizers_add_losses():
    layer = Conv2D(2, 3, kernel_regularizer='l2', bias_regularizer='l1',
                   activity_regularizer='l2')
    layer(Input(shape=(4, 4, 1)))
    assert len(layer.losses) == 3
    separable = SeparableConv2D(2, 3, depthwise_regularizer='l2',
                                pointwise_regularizer='l2')
    separable(Input(shape=(4, 4, 1)))
    assert len(separable.losses) == 2


def test_initial_weights_argument():
    kernel = rand(3, 1, 2)
    bias = rand(2)
    layer = Conv1D(2, 3, weights=[kernel, bias])
    data = rand(1, 4, 1)
    close(apply(layer, data), ref_conv(data, kernel, (1,), 'valid', (1,)) +
          bias)


# ---------------------------------------------------------------------------
# Keras 1 spellings.

def keras1(factory, match):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        layer = factory()
    messages = [str(w.message) for w in caught
                if issubclass(w.category, UserWarning)]
    assert any(match in m for m in messages), messages
    return layer


def test_keras1_convolution2d():
    layer = keras1(lambda: Convolution2D(8, 3, 3, border_mode='same',
                                         subsample=(2, 2),
                                         dim_ordering='tf'),
                   'Update your `Conv2D` call to the Keras 2 API: '
                   '`Conv2D(8, (3, 3), strides=(2, 2), padding="same", '
                   'data_format="channels_last")`')
    assert layer.filters == 8
    assert layer.kernel_size == (3, 3)
    assert layer.strides == (2, 2)
    assert layer.padding == 'same'
    assert layer.data_format == 'channels_last'
    assert apply(layer, rand(1, 5, 5, 2)).shape == (1, 3, 3, 8)
    layer = keras1(lambda: Convolution2D(nb_filter=4, nb_row=2, nb_col=3,
                                         init='he_normal', W_regularizer='l2',
                                         bias=False, dim_ordering='th'),
                   'Conv2D')
    assert layer.kernel_size == (2, 3)
    assert layer.data_format == 'channels_first'
    assert not layer.use_bias
    assert layer.kernel_regularizer is not None


def test_keras1_convolution1d():
    layer = keras1(lambda: Convolution1D(nb_filter=4, filter_length=3,
                                         subsample_length=2,
                                         border_mode='same', input_dim=3,
                                         input_length=6),
                   'Update your `Conv1D` call')
    assert (layer.filters, layer.kernel_size, layer.strides,
            layer.padding) == (4, (3,), (2,), 'same')
    assert layer.batch_input_shape == (None, 6, 3)
    model = Sequential([layer])
    assert model.output_shape == (None, 3, 4)


def test_keras1_convolution3d_deconvolution_and_separable():
    layer = keras1(lambda: Convolution3D(4, 2, 3, 2, dim_ordering='th'),
                   'Conv3D')
    assert layer.kernel_size == (2, 3, 2)
    assert layer.data_format == 'channels_first'
    layer = keras1(lambda: Deconvolution2D(3, 3, 3, output_shape=(None, 7,
                                                                   7, 3),
                                           subsample=(2, 2)),
                   'Conv2DTranspose')
    assert layer.kernel_size == (3, 3) and layer.strides == (2, 2)
    assert apply(layer, rand(1, 3, 3, 2)).shape == (1, 7, 7, 3)
    layer = keras1(lambda: layers.convolutional.SeparableConvolution2D(
        4, 3, 3, init='he_uniform', border_mode='same'), 'SeparableConv2D')
    assert layer.kernel_size == (3, 3) and layer.padding == 'same'
    config = layer.get_config()
    assert config['depthwise_initializer']['class_name'] == 'VarianceScaling'
    assert config['pointwise_initializer'] == config['depthwise_initializer']


def test_keras1_reshaping_layers():
    layer = keras1(lambda: UpSampling1D(length=3), 'UpSampling1D')
    assert layer.size == 3
    layer = keras1(lambda: UpSampling2D((2, 2), dim_ordering='th'),
                   'UpSampling2D')
    assert layer.data_format == 'channels_first'
    layer = keras1(lambda: UpSampling3D(dim_ordering='tf'), 'UpSampling3D')
    assert layer.data_format == 'channels_last'
    layer = keras1(lambda: ZeroPadding2D(padding={'top_pad': 1,
                                                  'bottom_pad': 2,
                                                  'left_pad': 0,
                                                  'right_pad': 3}),
                   'ZeroPadding2D')
    assert layer.padding == ((1, 2), (0, 3))
    layer = keras1(lambda: ZeroPadding3D((1, 1, 1), dim_ordering='th'),
                   'ZeroPadding3D')
    assert layer.data_format == 'channels_first'
    layer = keras1(lambda: Cropping2D(((1, 1), (0, 0)), dim_ordering='th'),
                   'Cropping2D')
    assert layer.data_format == 'channels_first'
    layer = keras1(lambda: Cropping3D(dim_ordering='tf'), 'Cropping3D')
    assert layer.data_format == 'channels_last'


def test_keras1_refuses_ambiguous_positional_strides():
    with pytest.raises(ValueError, match='positional arguments'):
        Conv2D(8, 3, 3, padding='same')


def test_keras1_sequential_model_predicts():
    from keras.layers import Dense
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        model = Sequential()
        model.add(Convolution2D(4, 3, 3, border_mode='same',
                                input_shape=(5, 5, 1), activation='relu'))
        model.add(ZeroPadding2D((1, 1)))
        model.add(Convolution2D(2, 2, 2, subsample=(2, 2)))
        model.add(UpSampling2D((2, 2)))
        model.add(Cropping2D(((1, 1), (1, 1))))
        model.add(Flatten())
        model.add(Dense(1))
    assert model.output_shape == (None, 1)
    assert model.layers[2].output_shape == (None, 3, 3, 2)
    assert model.predict(rand(2, 5, 5, 1)).shape == (2, 1)


# ---------------------------------------------------------------------------
# Errors.

@pytest.mark.parametrize('factory,match', [
    (lambda: Conv2D(0, 3), '`filters` must be a positive integer'),
    (lambda: Conv2D(-1, 3), "received -1"),
    (lambda: Conv2D(2.5, 3), 'Conv2D: `filters`'),
    (lambda: Conv2D('a', 3), "'a'"),
    (lambda: Conv2D(2, 0), '`kernel_size` must be a positive int'),
    (lambda: Conv2D(2, (3,)), 'tuple of 2'),
    (lambda: Conv2D(2, (3, -1)), '`kernel_size`'),
    (lambda: Conv3D(2, 'abc'), '`kernel_size`'),
    (lambda: Conv1D(2, 3, strides=0), '`strides`'),
    (lambda: Conv2D(2, 3, dilation_rate=(1, 0)), '`dilation_rate`'),
    (lambda: Conv2D(2, 3, padding='bogus'),
     "Conv2D: `padding` must be one of 'valid', 'same'"),
    (lambda: Conv2D(2, 3, padding='causal'), "'causal'"),
    (lambda: Conv1D(2, 3, padding='causal', data_format='channels_first'),
     'causal padding needs'),
    (lambda: Conv2D(2, 3, data_format='nchw'), 'Conv2D: .*`data_format`'),
    (lambda: Conv2D(2, 3, strides=2, dilation_rate=2),
     '`strides` > 1 is not supported together with `dilation_rate` > 1'),
    (lambda: Conv1D(2, 3, strides=2, dilation_rate=2), 'dilation_rate'),
    (lambda: SeparableConv2D(2, 3, strides=2, dilation_rate=2),
     'dilation_rate'),
    (lambda: DepthwiseConv2D(3, strides=2, dilation_rate=2),
     'dilation_rate'),
    (lambda: Conv2DTranspose(2, 3, strides=2, dilation_rate=2),
     'dilation_rate'),
    (lambda: Conv2DTranspose(2, 3, strides=2, output_padding=2),
     '`output_padding` must be smaller than `strides`'),
    (lambda: Conv2DTranspose(2, 3, output_padding=(0, -1)),
     '`output_padding`'),
    (lambda: Conv3DTranspose(2, 3, strides=(2, 2, 1), output_padding=1),
     'output_padding'),
    (lambda: Conv2DTranspose(2, (3, 2), strides=2, padding='same',
                             output_padding=(0, 0)),
     "even kernel size .* needs `output_padding` >= 1"),
    (lambda: SeparableConv1D(2, 3, depth_multiplier=0),
     '`depth_multiplier` must be a positive integer'),
    (lambda: DepthwiseConv2D(3, depth_multiplier=1.5), 'depth_multiplier'),
    (lambda: UpSampling1D(0), 'UpSampling1D: `size`'),
    (lambda: UpSampling2D((2, 0)), 'UpSampling2D: `size`'),
    (lambda: UpSampling2D(interpolation='bicubic'),
     "`interpolation` must be one of 'nearest', 'bilinear'"),
    (lambda: UpSampling3D((2, 2)), 'tuple of 3'),
    (lambda: ZeroPadding1D(-1), 'ZeroPadding1D: `padding`'),
    (lambda: ZeroPadding2D(((1, 2),)), 'ZeroPadding2D: `padding` must be'),
    (lambda: ZeroPadding2D(((1, 2), (3,))), 'top_pad'),
    (lambda: ZeroPadding3D((1, 1)), 'ZeroPadding3D'),
    (lambda: Cropping1D((1, 2, 3)), 'Cropping1D: `cropping`'),
    (lambda: Cropping2D(-1), 'Cropping2D: `cropping`'),
    (lambda: Cropping3D(((1, 1), (1, 1))), 'Cropping3D: `cropping` must be'),
    (lambda: ZeroPadding2D(data_format='tf'), 'data_format'),
])
def test_construction_errors(factory, match):
    with pytest.raises(ValueError, match=match):
        factory()


def test_build_and_call_errors():
    with pytest.raises(ValueError, match='channel dimension'):
        Conv2D(2, 3)(Input(shape=(5, 5, None)))
    with pytest.raises(ValueError, match='channel dimension'):
        DepthwiseConv2D(3, data_format='channels_first')(
            Input(shape=(None, 5, 5)))
    with pytest.raises(ValueError, match='ndim|rank'):
        Conv2D(2, 3)(Input(shape=(5, 5)))
    with pytest.raises(ValueError, match='removes all'):
        Cropping1D((2, 2))(Input(shape=(4, 1)))
    with pytest.raises(ValueError, match='rank 4'):
        Conv2DTranspose(2, 3).compute_output_shape((None, 3, 3))
    layer = Conv2D(2, 3)
    layer(Input(shape=(5, 5, 3)))
    with pytest.raises(ValueError):
        layer(Input(shape=(5, 5, 4)))  # the built kernel expects 3 channels


# ---------------------------------------------------------------------------
# Gradients and training.

@pytest.mark.backends(*TRAINING_BACKENDS)
@pytest.mark.parametrize('factory,input_shape,reference', [
    (lambda: Conv1D(2, 3, padding='causal', dilation_rate=2,
                    use_bias=False), (2, 6, 3),
     lambda x, w: ref_conv(x, w, (1,), 'causal', (2,))),
    (lambda: Conv2D(2, 3, strides=2, padding='same', use_bias=False),
     (2, 5, 5, 3), lambda x, w: ref_conv(x, w, (2, 2), 'same', (1, 1))),
    (lambda: DepthwiseConv2D(3, depth_multiplier=2, padding='same',
                             use_bias=False), (2, 4, 4, 2),
     lambda x, w: ref_conv(x, block_diagonal(w), (1, 1), 'same', (1, 1))),
    (lambda: Conv2DTranspose(2, 3, strides=2, output_padding=1,
                             use_bias=False), (2, 3, 3, 3),
     lambda x, w: ref_conv_transpose(x, w, (8, 8), (2, 2), 'valid',
                                     (1, 1))),
])
def test_kernel_gradient_matches_reference(factory, input_shape, reference):
    # The output is linear in the kernel, so the gradient of
    # sum(output * r) in any direction V is sum(reference(x, V) * r).
    layer = factory()
    x = Input(shape=input_shape[1:])
    y = layer(x)
    data = rand(*input_shape)
    r = rand(*((input_shape[0],) + K.int_shape(y)[1:]))
    weight = r * 1.
    loss = K.sum(y * K.constant(weight))
    grad = K.function([x], K.gradients(loss, [layer.weights[0]]))([data])[0]
    direction = rand(*grad.shape)
    np.testing.assert_allclose(np.sum(grad * direction),
                               np.sum(reference(data, direction) * weight),
                               rtol=1e-4, atol=1e-4)


@pytest.mark.backends(*TRAINING_BACKENDS)
@pytest.mark.parametrize('factory,input_shape', [
    (lambda: Conv1D(2, 3, padding='causal'), (4, 6, 2)),
    (lambda: Conv2D(2, 3, padding='same', data_format='channels_first'),
     (4, 2, 4, 4)),
    (lambda: Conv3D(2, 2), (4, 3, 3, 3, 1)),
    (lambda: Conv2DTranspose(2, 3, strides=2, padding='same'),
     (4, 3, 3, 2)),
    (lambda: Conv3DTranspose(2, 2, strides=2), (4, 2, 2, 2, 1)),
    (lambda: SeparableConv1D(2, 3, depth_multiplier=2), (4, 5, 2)),
    (lambda: SeparableConv2D(2, 3), (4, 4, 4, 2)),
    (lambda: DepthwiseConv2D(3, depth_multiplier=2), (4, 4, 4, 2)),
])
def test_layers_train(factory, input_shape):
    layer = factory()
    x = Input(shape=input_shape[1:])
    y = Flatten()(layer(x))
    model = Model(x, y)
    model.compile('sgd', 'mse')
    data = rand(*input_shape)
    target = rand(input_shape[0], K.int_shape(y)[1])
    before = [w.copy() for w in layer.get_weights()]
    first = model.train_on_batch(data, target)
    second = model.train_on_batch(data, target)
    assert np.isfinite(first) and second < first
    for old, new in zip(before, layer.get_weights()):
        assert not np.allclose(old, new)
