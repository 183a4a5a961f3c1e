"""Conformance table: convolution and pooling.

Inputs stay small (the gradient check differentiates the numpy backend
numerically, entry by entry). Kernels of convolutions are marked `flip=`
so the theano backend, which keeps Theano's true convolution, is compared
with the reference on the flipped kernel; locally connected kernels and
pooling are never flipped. `batched=(0,)`: only `x` has a batch axis (a
kernel's first axis may have the batch's size by chance).

The theano backend also keeps Keras 2 on Theano's 'same' padding: there
the numpy reference of a 'same' case is the 'valid' op on an input padded
here by that rule (see `theano_same`).
"""
import inspect

import numpy as np

import keras.backend as K
from backend_harness import BACKEND
from backend_harness import Case
from backend_harness import signed
from keras.backend import active
from keras.backend.numpy import BACKEND as NP

# float32 sums of up to ~30 products, accumulated in other orders by
# oneDNN, XLA and BLAS.
TOLERANCE = dict(rtol=1e-4, atol=1e-4)


# Keras 2 on Theano's 'same' (keras/backend/pytensor/conv.py, pooling.py),
# stated independently: (zeros before, zeros after) of one axis, leaving
# ceil(size / stride) windows.

def _after(size, span, stride, before):
    out = -(-size // stride)
    return max((out - 1) * stride + span - size - before, 0)


def theano_conv_pads(size, k, stride, dilation):
    """Theano's 'half' border: span // 2 before (output i sees inputs
    i * stride - span // 2 onwards)."""
    span = (k - 1) * dilation + 1
    return span // 2, _after(size, span, stride, span // 2)


def theano_pool_pads(size, k, stride):
    """pool_2d's pad: size - 2 for odd sizes above 2, else size - 1."""
    before = k - 2 if k > 2 and k % 2 else k - 1
    return before, _after(size, k, stride, before)


def _spatial(shape, data_format):
    return list(shape[2:] if data_format == 'channels_first'
                else shape[1:-1])


def _pad(x, pads, data_format, value=0.):
    widths = [(0, 0)] + list(pads) + [(0, 0)]
    if data_format == 'channels_first':
        widths = [(0, 0), (0, 0)] + list(pads)
    return np.pad(x, widths, constant_values=value)


def _tuple(value, n):
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * n


def _theano_reference(op, a):
    """`op`'s result under Theano's 'same', from its 'valid' form on the
    numpy backend."""
    x = a['x']
    fmt = a['data_format'] or K.image_data_format()
    n = x.ndim - 2
    strides = _tuple(a['strides'], n)
    a['padding'] = 'valid'
    if op.__name__.startswith('pool'):
        pads = [theano_pool_pads(size, k, s) for size, k, s in
                zip(_spatial(x.shape, fmt), _tuple(a['pool_size'], n),
                    strides)]
        if a['pool_mode'] == 'max':
            a['x'] = _pad(x, pads, fmt, -np.inf)
            return op(**a)
        # The mean over the real inputs of each window.
        a['x'] = _pad(x, pads, fmt)
        sums = op(**a)
        a['x'] = _pad(np.ones_like(x), pads, fmt)
        return sums / op(**a)
    kernel = a.get('kernel', a.get('depthwise_kernel'))
    dilations = _tuple(a.get('dilation_rate', 1), n)
    if 'output_shape' not in a:
        pads = [theano_conv_pads(size, k, s, d) for size, k, s, d in
                zip(_spatial(x.shape, fmt), kernel.shape[:n], strides,
                    dilations)]
        a['x'] = _pad(x, pads, fmt)
        return op(**a)
    # A transposed convolution: the adjoint of the padded convolution,
    # 'valid' into the padded output, cropped.
    shape = list(a['output_shape'])
    sizes = _spatial(shape, fmt)
    pads = [theano_conv_pads(size, k, s, d) for size, k, s, d in
            zip(sizes, kernel.shape[:n], strides, dilations)]
    padded = [size + before + after
              for size, (before, after) in zip(sizes, pads)]
    first = 2 if fmt == 'channels_first' else 1
    shape[first:first + n] = padded
    a['output_shape'] = tuple(shape)
    out = op(**a)
    crop = tuple(slice(before, before + size)
                 for size, (before, _) in zip(sizes, pads))
    return out[(slice(None),) * first + crop]


def theano_same(name):
    """K.`name`, whose numpy reference follows Theano's 'same' when the
    session backend is theano."""
    function = getattr(K, name)
    if BACKEND.name != 'theano':
        return name

    def op(*args, **kwargs):
        bound = inspect.signature(function).bind(*args, **kwargs)
        bound.apply_defaults()
        if bound.arguments['padding'] != 'same' or \
                active.current() is not NP:
            return function(*args, **kwargs)
        return _theano_reference(function, dict(bound.arguments))
    op.__name__ = name
    return op


def conv(op, *args, flip=(1,), **kwargs):
    return Case(theano_same(op), *args, batched=(0,), flip=flip,
                **dict(TOLERANCE, **kwargs))


def local(op, *args, **kwargs):
    return Case(op, *args, batched=(0,), **dict(TOLERANCE, **kwargs))


def pool(op, *args, **kwargs):
    return Case(theano_same(op), *args, batched=(0,),
                **dict(TOLERANCE, **kwargs))


# 1D: (batch, steps, channels); kernel (width, in, out).
X1 = signed(2, 7, 3)
X1_CF = signed(2, 3, 7)
K1 = signed(3, 3, 2)
K1_EVEN = signed(2, 3, 2)

# 2D: (batch, rows, cols, channels); kernel (rows, cols, in, out).
X2 = signed(2, 5, 6, 2)
X2_CF = signed(2, 2, 5, 6)
K2 = signed(3, 3, 2, 3)
K2_EVEN = signed(2, 2, 2, 3)
K2_WIDE = signed(2, 4, 2, 3)

# 3D: (batch, d1, d2, d3, channels); kernel (k1, k2, k3, in, out).
X3 = signed(1, 4, 4, 3, 2)
X3_CF = signed(1, 2, 4, 4, 3)
K3 = signed(2, 2, 2, 2, 2)
K3_ODD = signed(3, 2, 3, 2, 2)

# Transposed: x holds the convolution's outputs; kernel (*k, out, in).
XT = signed(2, 3, 3, 2)
XT_CF = signed(2, 2, 3, 3)
KT = signed(3, 3, 4, 2)
KT_EVEN = signed(2, 2, 4, 2)
XT3 = signed(1, 2, 2, 2, 2)
XT3_CF = signed(1, 2, 2, 2, 2)
KT3 = signed(2, 2, 2, 3, 2)

# Depthwise (*k, in, multiplier) and pointwise (1, ..., in * multiplier,
# out).
DK1 = signed(3, 3, 2)
PK1 = signed(1, 6, 4)
XS = signed(2, 5, 5, 2)
XS_CF = signed(2, 2, 5, 5)
DK2 = signed(3, 3, 2, 2)
PK2 = signed(1, 1, 4, 3)
DK2_MULT3 = signed(3, 3, 2, 3)
DK2_EVEN = signed(2, 2, 2, 1)

# Pooling: no two entries of a window tie, so max is differentiable.
P2 = signed(2, 5, 6, 2)
P2_CF = signed(2, 2, 5, 6)
P3 = signed(1, 4, 4, 3, 2)
P3_CF = signed(1, 2, 4, 4, 3)

CASES = [
    # conv1d
    conv('conv1d', X1, K1, id='valid'),
    conv('conv1d', X1, K1, padding='same', id='same'),
    conv('conv1d', X1, K1_EVEN, padding='same', id='same-even'),
    conv('conv1d', X1, K1, padding='causal', id='causal'),
    conv('conv1d', X1, K1, padding='causal', dilation_rate=2,
         id='causal-dilated'),
    conv('conv1d', X1, K1, strides=2, id='strides'),
    conv('conv1d', X1, K1_EVEN, strides=2, padding='same',
         id='same-even-strides'),
    conv('conv1d', X1, K1, dilation_rate=2, id='dilated'),
    conv('conv1d', X1, K1, strides=2, padding='same', dilation_rate=2,
         id='same-strides-dilated'),
    conv('conv1d', X1_CF, K1, padding='same', data_format='channels_first',
         id='channels-first'),
    conv('conv1d', X1_CF, K1, padding='causal', strides=2,
         data_format='channels_first', id='channels-first-causal'),
    conv('conv1d', X1, K1, padding='full', id='full'),
    # conv2d
    conv('conv2d', X2, K2, id='valid'),
    conv('conv2d', X2, K2, padding='same', id='same'),
    conv('conv2d', X2, K2_EVEN, padding='same', id='same-even'),
    conv('conv2d', X2, K2_EVEN, strides=(2, 2), padding='same',
         id='same-even-strides'),
    conv('conv2d', X2, K2_WIDE, strides=(2, 3), padding='same',
         id='same-even-wide-strides'),
    conv('conv2d', X2, K2, strides=(2, 1), id='valid-strides'),
    conv('conv2d', X2, K2, dilation_rate=(2, 1), id='dilated'),
    conv('conv2d', X2, K2, padding='same', dilation_rate=(2, 2),
         id='same-dilated'),
    conv('conv2d', X2, K2_EVEN, strides=(2, 2), padding='same',
         dilation_rate=(2, 2), id='same-strides-dilated'),
    conv('conv2d', X2_CF, K2, data_format='channels_first',
         id='channels-first'),
    conv('conv2d', X2_CF, K2_EVEN, strides=(2, 2), padding='same',
         data_format='channels_first', id='channels-first-same-strides'),
    conv('conv2d', X2_CF, K2, dilation_rate=(1, 2),
         data_format='channels_first', id='channels-first-dilated'),
    conv('conv2d', X2, K2_EVEN, padding='full', id='full'),
    conv('conv2d', X2.astype('float64'), K2.astype('float64'),
         padding='same', id='float64'),
    # conv3d
    conv('conv3d', X3, K3, id='valid'),
    conv('conv3d', X3, K3_ODD, padding='same', id='same'),
    conv('conv3d', X3, K3, strides=(2, 2, 2), padding='same',
         id='same-strides'),
    conv('conv3d', X3, K3, dilation_rate=(2, 1, 2), id='dilated'),
    conv('conv3d', X3_CF, K3, strides=(1, 2, 2), padding='same',
         data_format='channels_first', id='channels-first'),
    # conv2d_transpose: output_shape (batch, *spatial, channels)
    conv('conv2d_transpose', XT, KT, (None, 5, 5, 4), id='valid'),
    conv('conv2d_transpose', XT, KT, (None, 8, 10, 4), strides=(2, 3),
         id='valid-strides'),
    conv('conv2d_transpose', XT, KT, (None, 5, 6, 4), strides=(2, 2),
         padding='same', id='same-strides-odd'),
    conv('conv2d_transpose', XT, KT_EVEN, (None, 6, 6, 4), strides=(2, 2),
         padding='same', id='same-even-strides'),
    conv('conv2d_transpose', XT, KT, (None, 3, 3, 4), padding='same',
         id='same'),
    conv('conv2d_transpose', XT, KT, (None, 7, 7, 4), dilation_rate=(2, 2),
         id='dilated'),
    conv('conv2d_transpose', XT, KT, (None, 6, 6, 4), strides=(2, 2),
         padding='same', dilation_rate=(2, 2), id='same-strides-dilated'),
    conv('conv2d_transpose', XT_CF, KT, (None, 4, 5, 6), strides=(2, 2),
         padding='same', data_format='channels_first',
         id='channels-first'),
    conv('conv2d_transpose', XT, KT, (None, 1, 1, 4), padding='full',
         id='full'),
    # conv3d_transpose
    conv('conv3d_transpose', XT3, KT3, (None, 4, 4, 4, 3),
         strides=(2, 2, 2), id='valid-strides'),
    conv('conv3d_transpose', XT3, KT3, (None, 3, 4, 3, 3),
         strides=(2, 2, 2), padding='same', id='same-strides'),
    conv('conv3d_transpose', XT3, KT3, (None, 3, 3, 3, 3), id='valid'),
    conv('conv3d_transpose', XT3_CF, KT3, (None, 3, 4, 3, 4),
         strides=(2, 2, 2), padding='same', data_format='channels_first',
         id='channels-first'),
    # separable_conv1d
    conv('separable_conv1d', X1, DK1, PK1, flip=(1, 2), id='valid'),
    conv('separable_conv1d', X1, DK1, PK1, flip=(1, 2), strides=2,
         padding='same', id='same-strides'),
    conv('separable_conv1d', X1, DK1, PK1, flip=(1, 2), padding='causal',
         dilation_rate=2, id='causal-dilated'),
    conv('separable_conv1d', X1_CF, DK1, PK1, flip=(1, 2), padding='same',
         data_format='channels_first', id='channels-first'),
    # separable_conv2d
    conv('separable_conv2d', XS, DK2, PK2, flip=(1, 2), id='valid'),
    conv('separable_conv2d', XS, DK2, PK2, flip=(1, 2), strides=(2, 2),
         padding='same', id='same-strides'),
    conv('separable_conv2d', XS, DK2, PK2, flip=(1, 2),
         dilation_rate=(2, 2), padding='same', id='same-dilated'),
    conv('separable_conv2d', XS_CF, DK2, PK2, flip=(1, 2),
         data_format='channels_first', id='channels-first'),
    # depthwise_conv2d
    conv('depthwise_conv2d', XS, DK2_MULT3, id='valid-multiplier3'),
    conv('depthwise_conv2d', XS, DK2, strides=(2, 2), padding='same',
         id='same-strides'),
    conv('depthwise_conv2d', XS, DK2_EVEN, strides=(2, 2), padding='same',
         id='same-even-strides'),
    conv('depthwise_conv2d', XS, DK2_MULT3, dilation_rate=(2, 2),
         id='dilated'),
    conv('depthwise_conv2d', XS, DK2, strides=(2, 2), padding='same',
         dilation_rate=(2, 2), id='same-strides-dilated'),
    conv('depthwise_conv2d', XS_CF, DK2_MULT3, padding='same',
         data_format='channels_first', id='channels-first'),
    # local_conv1d: kernel (output_length, kernel_size * channels, filters)
    local('local_conv1d', X1, signed(3, 6, 4), (2,), (2,),
          id='strides'),
    local('local_conv1d', X1, signed(5, 9, 2), (3,), (1,), id='stride1'),
    local('local_conv1d', X1_CF, signed(3, 6, 4), (2,), (2,),
          data_format='channels_first', id='channels-first'),
    # local_conv2d: kernel (rows * cols, k_rows * k_cols * channels,
    # filters)
    local('local_conv2d', X2, signed(6, 8, 3), (2, 2), (2, 2), (2, 3),
          id='strides'),
    local('local_conv2d', X2, signed(16, 12, 2), (2, 3), (1, 1), (4, 4),
          id='stride1'),
    local('local_conv2d', X2_CF, signed(6, 8, 3), (2, 2), (2, 2), (2, 3),
          data_format='channels_first', id='channels-first'),
    local('local_conv2d', X2_CF, signed(4, 12, 2), (3, 2), (2, 3), (2, 2),
          data_format='channels_first', id='channels-first-uneven'),
    # pool2d: 5x6 inputs leave partial windows under strides 2 and 3
    pool('pool2d', P2, (2, 2), (2, 2), id='max-valid'),
    pool('pool2d', P2, (3, 3), (2, 2), padding='same', id='max-same'),
    pool('pool2d', P2, (2, 3), (2, 3), padding='same',
         id='max-same-uneven'),
    pool('pool2d', P2, (2, 2), (2, 2), pool_mode='avg', id='avg-valid'),
    pool('pool2d', P2, (3, 3), (2, 2), padding='same', pool_mode='avg',
         id='avg-same'),
    pool('pool2d', P2, (2, 2), (1, 1), padding='same', pool_mode='avg',
         id='avg-same-stride1'),
    pool('pool2d', P2_CF, (3, 2), (2, 2), padding='same',
         data_format='channels_first', id='max-channels-first'),
    pool('pool2d', P2_CF, (3, 3), (2, 2), padding='same',
         data_format='channels_first', pool_mode='avg',
         id='avg-channels-first'),
    # pool3d
    pool('pool3d', P3, (2, 2, 2), (2, 2, 2), id='max-valid'),
    pool('pool3d', P3, (2, 2, 2), (2, 2, 2), padding='same',
         id='max-same'),
    pool('pool3d', P3, (2, 2, 2), (2, 2, 2), padding='same',
         pool_mode='avg', id='avg-same'),
    pool('pool3d', P3, (3, 2, 2), (1, 2, 1), pool_mode='avg',
         id='avg-valid'),
    pool('pool3d', P3_CF, (2, 3, 2), (2, 2, 2), padding='same',
         data_format='channels_first', id='max-channels-first'),
    pool('pool3d', P3_CF, (2, 2, 2), (2, 2, 2), padding='same',
         data_format='channels_first', pool_mode='avg',
         id='avg-channels-first'),
]
