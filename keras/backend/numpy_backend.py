"""Keras 2's `keras.backend.numpy_backend`, a reference implementation on
numpy arrays: Keras 2 test code imports it as
`from keras.backend import numpy_backend as KNP` and compares
`KNP.conv2d(x, k)` or `KNP.rnn(step, inputs, states)` with the real backend.

Each function here runs the K op of the same name on the numpy backend
(the oracle the other backends are tested against), whatever backend is
active and without switching it: numpy arrays in, numpy arrays out.
Variables are plain arrays, as in 2.3.1 (`KNP.variable(x)` is an array of
floatx, `KNP.eval` returns its argument as an array), and the learning
phase is this module's own (0 unless set with `set_learning_phase`).

The names are those 2.3.1's numpy_backend.py defined, minus its private
helper `normalize_conv` (it adapted scipy's convolution to Keras' layouts;
nothing here needs it). Its rank-generic helpers `conv`, `depthwise_conv`,
`separable_conv`, `conv_transpose` and `pool` (stride 1 for the
convolutions) dispatch on the rank of `x` to the K ops. Convolutions are
cross-correlations with TensorFlow's 'same' padding, the numpy backend's
convention, also while the theano backend (which flips kernels) is active.
"""
import functools

import numpy as np

from keras import backend as _K
from keras.backend import active as _active
from keras.backend.config import normalize_data_format as _data_format
from keras.backend.numpy import BACKEND as _NUMPY
from keras.backend.symbolic import structure as _structure
from keras.backend.symbolic.tensor import KerasTensor as _KerasTensor
from keras.backend.symbolic.tensor import Variable as _Variable

# K names that 2.3.1's numpy_backend.py defined and that need nothing but
# numpy inputs and outputs (the learning phase ones are below).
_K_NAMES = '''
abs all any arange argmax argmin batch_dot batch_flatten
batch_normalization bias_add binary_crossentropy categorical_crossentropy
clip concatenate constant conv1d conv2d conv2d_transpose conv3d
conv3d_transpose cos count_params ctc_decode cumprod cumsum
depthwise_conv2d dot dropout dtype elu equal eval exp expand_dims eye
flatten gather get_value get_variable_shape greater greater_equal
hard_sigmoid in_top_k int_shape l2_normalize less less_equal log
logsumexp max maximum mean min minimum ndim not_equal one_hot ones
ones_like permute_dimensions pool2d pool3d pow print_tensor prod
random_normal_variable random_uniform_variable relu repeat
repeat_elements reshape resize_images resize_volumes reverse rnn round
separable_conv1d separable_conv2d sigmoid sign sin slice softmax softplus
softsign spatial_2d_padding spatial_3d_padding sqrt square squeeze stack
std sum switch tanh temporal_padding tile transpose var variable zeros
zeros_like
'''.split()


def _as_input(value):
    """A numpy value for the numpy backend. KerasTensors pass (a step
    function may be traced symbolically); a variable of the active backend
    gives its value, another library's array becomes a numpy array."""
    if isinstance(value, _Variable):
        return _K.get_value(value)
    if isinstance(value, (np.ndarray, np.generic, _KerasTensor)):
        return value
    if hasattr(value, '__array__') and not callable(value):
        return np.asarray(value)
    return value


def _as_output(value):
    """Inside the numpy backend: variables become their arrays."""
    if isinstance(value, _Variable):
        return np.asarray(_K.get_value(value))
    return value


def _on_numpy(op):
    @functools.wraps(op)
    def run(*args, **kwargs):
        args, kwargs = _structure.map_structure(_as_input, (args, kwargs))
        with _active.using(_NUMPY):
            return _structure.map_structure(_as_output, op(*args, **kwargs))
    run.__module__ = __name__
    return run


globals().update({name: _on_numpy(getattr(_K, name)) for name in _K_NAMES})


# The learning phase: a Python int of this module, never the active
# backend's learning-phase tensor.

_learning_phase = 0


def learning_phase():
    return _learning_phase


def set_learning_phase(value):
    global _learning_phase
    if value not in (0, 1):
        raise ValueError('Expected learning phase to be 0 or 1, got %r.'
                         % (value,))
    _learning_phase = int(value)


def in_train_phase(x, alt, training=None):
    if training is None:
        training = _learning_phase
    return _on_numpy(_K.in_train_phase)(x, alt, training=training)


def in_test_phase(x, alt, training=None):
    return in_train_phase(alt, x, training=training)


# 2.3.1's rank-generic helpers. A 1D case K has no op for runs as 2D with
# a spatial axis of size 1.

def _spatial_rank(x, name, ranks):
    rank = np.ndim(x) - 2
    if rank not in ranks:
        raise ValueError('%s: expected `x` of rank %s (batch, spatial axes, '
                         'channels), received shape %s.'
                         % (name, ' or '.join(str(r + 2) for r in ranks),
                            np.shape(x)))
    return rank


def _row_axis(data_format):
    """The axis a 1D input gains to become 2D: (batch, 1, steps, channels)
    or (batch, channels, 1, steps)."""
    return 2 if data_format == 'channels_first' else 1


def _tuple(value, rank):
    return (value,) * rank if np.ndim(value) == 0 else tuple(value)


def conv(x, w, padding, data_format, dilation_rate=1):
    """Stride-1 convolution of a 1D, 2D or 3D input (`dilation_rate`, which
    2.3.1 also accepted, may be an int or a tuple)."""
    rank = _spatial_rank(x, 'conv', (1, 2, 3))
    op = (_K.conv1d, _K.conv2d, _K.conv3d)[rank - 1]
    return _on_numpy(op)(x, w, strides=(1,) * rank, padding=padding,
                         data_format=data_format,
                         dilation_rate=_tuple(dilation_rate, rank))


def depthwise_conv(x, w, padding, data_format):
    """Stride-1 depthwise convolution of a 1D or 2D input."""
    rank = _spatial_rank(x, 'depthwise_conv', (1, 2))
    data_format = _data_format(data_format)
    if rank == 1:
        axis = _row_axis(data_format)
        y = depthwise_conv(np.expand_dims(x, axis), np.asarray(w)[None],
                           padding, data_format)
        return np.squeeze(y, axis)
    return _on_numpy(_K.depthwise_conv2d)(x, w, padding=padding,
                                          data_format=data_format)


def separable_conv(x, w1, w2, padding, data_format):
    """Stride-1 separable convolution of a 1D or 2D input: depthwise
    kernel `w1`, pointwise kernel `w2`."""
    rank = _spatial_rank(x, 'separable_conv', (1, 2))
    op = (_K.separable_conv1d, _K.separable_conv2d)[rank - 1]
    return _on_numpy(op)(x, w1, w2, padding=padding, data_format=data_format)


def conv_transpose(x, w, output_shape, padding, data_format,
                   dilation_rate=1):
    """Stride-1 transposed convolution of a 1D, 2D or 3D input to
    `output_shape` (the full shape, batch first, in `data_format` order).
    """
    rank = _spatial_rank(x, 'conv_transpose', (1, 2, 3))
    data_format = _data_format(data_format)
    dilation_rate = _tuple(dilation_rate, rank)
    if rank == 1:
        axis = _row_axis(data_format)
        shape = list(output_shape)
        shape.insert(axis, 1)
        y = conv_transpose(np.expand_dims(x, axis), np.asarray(w)[None],
                           tuple(shape), padding, data_format,
                           (1,) + dilation_rate)
        return np.squeeze(y, axis)
    if rank == 3:
        if dilation_rate != (1, 1, 1):
            raise ValueError('conv_transpose: a 3D transposed convolution '
                             'has no dilation (K.conv3d_transpose), '
                             'received dilation_rate=%s.' % (dilation_rate,))
        return _on_numpy(_K.conv3d_transpose)(
            x, w, output_shape, padding=padding, data_format=data_format)
    return _on_numpy(_K.conv2d_transpose)(
        x, w, output_shape, padding=padding, data_format=data_format,
        dilation_rate=dilation_rate)


def pool(x, pool_size, strides, padding, data_format, pool_mode):
    """Max or average pooling of a 1D, 2D or 3D input."""
    rank = _spatial_rank(x, 'pool', (1, 2, 3))
    data_format = _data_format(data_format)
    pool_size, strides = _tuple(pool_size, rank), _tuple(strides, rank)
    if rank == 1:
        axis = _row_axis(data_format)
        y = pool(np.expand_dims(x, axis), (1,) + pool_size, (1,) + strides,
                 padding, data_format, pool_mode)
        return np.squeeze(y, axis)
    op = _K.pool2d if rank == 2 else _K.pool3d
    return _on_numpy(op)(x, pool_size, strides=strides, padding=padding,
                         data_format=data_format, pool_mode=pool_mode)
