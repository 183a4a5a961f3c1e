"""Convolutions: conv1d/2d/3d, transposed, separable, depthwise and locally
connected.

Each op checks its arguments once, in a `_*_setup` function that also gives
the static shape and dtype of the result (the op's shape rule: sizes come
from conv_arithmetic, nothing is run to learn them), then calls the conv
primitives of the backend (`conv`, `depthwise_conv`, `conv_transpose`).
Padding 'causal' and 'full' become explicit zeros and 'valid' here, so the
primitives only know 'valid' and 'same'. Separable and locally connected
convolutions are composites written once over the primitives.
"""
import numbers
import types

import numpy as np

from keras.backend import config
from keras.backend.active import current
from keras.backend.conv_arithmetic import conv_output_length
from keras.backend.conv_arithmetic import explicit_padding
from keras.backend.ops.shape_utils import result_dtype
from keras.backend.ops.shape_utils import spec_shape
from keras.backend.symbolic.op import symbolic_op
from keras.backend.symbolic.tensor import KerasTensor

_CONV_PADDINGS = ('valid', 'same', 'full')
_CONV1D_PADDINGS = ('valid', 'same', 'causal', 'full')


# Argument checks, shared with ops/pooling.py.

def is_tensor(value):
    """A KerasTensor or a backend tensor (numpy values count as numbers)."""
    if isinstance(value, KerasTensor):
        return True
    if isinstance(value, (numbers.Number, np.ndarray, np.generic, str)):
        return False
    return current().is_native(value)


def int_tuple_argument(value, n, name, op_name):
    """`value`, an int or a sequence of `n` ints, as a tuple of `n`
    positive Python ints.

    Sizes and strides fix the shape of the result, so they must be known
    when the graph is built: a tensor is refused, naming the argument.
    """
    if isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray)
                                            and value.ndim == 1):
        items = list(value)
    else:
        items = [value]
    expected = '%d positive Python int%s' % (n, 's' if n > 1 else '')
    for item in items:
        if is_tensor(item):
            raise TypeError(
                '%s: `%s` must be %s, known when the graph is built; '
                'received a tensor: %r.' % (op_name, name, expected, item))
        if isinstance(item, bool) or not isinstance(item, numbers.Integral):
            raise TypeError('%s: `%s` must be %s; received %r.'
                            % (op_name, name, expected, value))
    if len(items) == 1:
        items = items * n
    if len(items) != n or any(item < 1 for item in items):
        raise ValueError('%s: `%s` must be %s; received %r.'
                         % (op_name, name, expected, value))
    return tuple(int(item) for item in items)


def padding_argument(padding, allowed, op_name):
    """`padding` lower-cased, checked against `allowed`."""
    value = padding.lower() if isinstance(padding, str) else padding
    if value not in allowed:
        raise ValueError('Invalid padding: %r. %s expects one of %s.'
                         % (padding, op_name,
                            ', '.join(repr(p) for p in allowed)))
    return value


def checked_shape(value, expected_rank, name, op_name):
    """The static shape of `value`, which must have `expected_rank` axes."""
    shape = tuple(spec_shape(value))
    if len(shape) != expected_rank:
        raise ValueError('%s expects `%s` of rank %d; received shape %s.'
                         % (op_name, name, expected_rank, shape))
    return shape


def split_shape(shape, data_format):
    """(batch, spatial sizes, channels) of a tensor shape."""
    if data_format == 'channels_first':
        return shape[0], tuple(shape[2:]), shape[1]
    return shape[0], tuple(shape[1:-1]), shape[-1]


def join_shape(batch, spatial, channels, data_format):
    if data_format == 'channels_first':
        return (batch, channels) + tuple(spatial)
    return (batch,) + tuple(spatial) + (channels,)


def output_sizes(spatial, window, padding, strides, dilations, op_name,
                 input_shape):
    """Static output sizes (None where the input size is unknown); a
    window larger than its (padded) input is an error."""
    sizes = tuple(conv_output_length(size, k, padding, s, d)
                  for size, k, s, d in zip(spatial, window, strides,
                                           dilations))
    if any(size is not None and size < 1 for size in sizes):
        raise ValueError(
            '%s: a window of %s (dilation %s) does not fit in the spatial '
            'shape %s of the input (shape %s) with padding %r.'
            % (op_name, tuple(window), tuple(dilations), tuple(spatial),
               input_shape, padding))
    return sizes


def _kernel_window(kernel_shape, n, name, op_name):
    window = tuple(kernel_shape[:n])
    if any(k is None for k in window):
        raise ValueError('%s needs the spatial shape of `%s` statically; '
                         'received shape %s.' % (op_name, name, kernel_shape))
    return window


def _check_channels(x_channels, kernel_channels, x_shape, kernel_shape,
                    name, op_name):
    if (x_channels is not None and kernel_channels is not None and
            x_channels != kernel_channels):
        raise ValueError(
            '%s: the input has %d channels (shape %s) but `%s` (shape %s) '
            'expects %d.' % (op_name, x_channels, x_shape, name,
                             kernel_shape, kernel_channels))


# Setups: checked arguments and the static spec of the result.

def _conv_setup(x, kernel, strides=1, padding='valid', data_format=None,
                dilation_rate=1, *, op_name, n, paddings=_CONV_PADDINGS,
                kernel_name='kernel', depthwise=False):
    """Checks a convolution's arguments. Kernel (*window, in, out), or
    (*window, in, multiplier) for a depthwise one."""
    data_format = config.normalize_data_format(data_format)
    x_shape = checked_shape(x, n + 2, 'x', op_name)
    kernel_shape = checked_shape(kernel, n + 2, kernel_name, op_name)
    window = _kernel_window(kernel_shape, n, kernel_name, op_name)
    strides = int_tuple_argument(strides, n, 'strides', op_name)
    dilation_rate = int_tuple_argument(dilation_rate, n, 'dilation_rate',
                                       op_name)
    padding = padding_argument(padding, paddings, op_name)
    batch, spatial, channels = split_shape(x_shape, data_format)
    _check_channels(channels, kernel_shape[-2], x_shape, kernel_shape,
                    kernel_name, op_name)
    sizes = output_sizes(spatial, window, padding, strides, dilation_rate,
                         op_name, x_shape)
    if depthwise:
        in_channels = channels if channels is not None else kernel_shape[-2]
        out_channels = (None if in_channels is None or
                        kernel_shape[-1] is None
                        else in_channels * kernel_shape[-1])
    else:
        out_channels = kernel_shape[-1]
    shape = join_shape(batch, sizes, out_channels, data_format)
    return types.SimpleNamespace(
        data_format=data_format, window=window, strides=strides,
        padding=padding, dilation_rate=dilation_rate,
        spec=(shape, result_dtype(x, kernel)))


def _depthwise_setup(x, depthwise_kernel, strides=1, padding='valid',
                     data_format=None, dilation_rate=1, *, op_name, n,
                     paddings=_CONV_PADDINGS):
    return _conv_setup(x, depthwise_kernel, strides, padding, data_format,
                       dilation_rate, op_name=op_name, n=n,
                       paddings=paddings, kernel_name='depthwise_kernel',
                       depthwise=True)


def _separable_setup(x, depthwise_kernel, pointwise_kernel, strides=1,
                     padding='valid', data_format=None, dilation_rate=1, *,
                     op_name, n, paddings=_CONV_PADDINGS):
    setup = _depthwise_setup(x, depthwise_kernel, strides, padding,
                             data_format, dilation_rate, op_name=op_name,
                             n=n, paddings=paddings)
    pointwise_shape = checked_shape(pointwise_kernel, n + 2,
                                    'pointwise_kernel', op_name)
    if any(k != 1 for k in pointwise_shape[:n]):
        raise ValueError('%s expects `pointwise_kernel` of spatial shape %s; '
                         'received shape %s.'
                         % (op_name, (1,) * n, pointwise_shape))
    depthwise_shape, _ = setup.spec
    batch, sizes, channels = split_shape(depthwise_shape, setup.data_format)
    if channels is not None and pointwise_shape[-2] is not None and \
            channels != pointwise_shape[-2]:
        raise ValueError(
            '%s: the depthwise step gives %d channels (`depthwise_kernel` '
            'of shape %s) but `pointwise_kernel` (shape %s) expects %d.'
            % (op_name, channels, spec_shape(depthwise_kernel),
               pointwise_shape, pointwise_shape[-2]))
    shape = join_shape(batch, sizes, pointwise_shape[-1], setup.data_format)
    setup.spec = (shape, result_dtype(x, depthwise_kernel, pointwise_kernel))
    return setup


def _static_size(value, name, op_name):
    """An entry of `output_shape`: a Python int, None or a scalar tensor
    (kept as is)."""
    if value is None or is_tensor(value):
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError('%s: the entries of `%s` must be ints, None or '
                        'scalar tensors; received %r.'
                        % (op_name, name, value))
    return int(value)


def _transpose_setup(x, kernel, output_shape, strides=1, padding='valid',
                     data_format=None, dilation_rate=1, *, op_name, n):
    """Checks a transposed convolution's arguments. Kernel (*window, out,
    in); `output_shape` the full shape of the result in data_format order,
    whose spatial sizes are those the primitive gets."""
    data_format = config.normalize_data_format(data_format)
    x_shape = checked_shape(x, n + 2, 'x', op_name)
    kernel_shape = checked_shape(kernel, n + 2, 'kernel', op_name)
    window = _kernel_window(kernel_shape, n, 'kernel', op_name)
    strides = int_tuple_argument(strides, n, 'strides', op_name)
    dilation_rate = int_tuple_argument(dilation_rate, n, 'dilation_rate',
                                       op_name)
    padding = padding_argument(padding, _CONV_PADDINGS, op_name)
    if isinstance(output_shape, np.ndarray):
        output_shape = output_shape.tolist()
    if not isinstance(output_shape, (list, tuple)) or \
            len(output_shape) != n + 2:
        raise ValueError(
            '%s expects `output_shape` as a tuple of %d sizes (batch, '
            'channels and %d spatial sizes in data_format order; entries '
            'may be None or scalar tensors); received %r.'
            % (op_name, n + 2, n, output_shape))
    entries = [_static_size(v, 'output_shape', op_name)
               for v in output_shape]
    out_batch, out_spatial, out_channels = split_shape(entries, data_format)
    batch, spatial, channels = split_shape(x_shape, data_format)
    _check_channels(channels, kernel_shape[-1], x_shape, kernel_shape,
                    'kernel', op_name)
    if any(size is None for size in out_spatial):
        raise ValueError('%s: the spatial sizes of `output_shape` must be '
                         'given (ints or scalar tensors); received %r.'
                         % (op_name, output_shape))

    def static(value):
        return value if isinstance(value, int) else None

    if static(out_channels) is not None and kernel_shape[-2] is not None \
            and out_channels != kernel_shape[-2]:
        raise ValueError('%s: `output_shape` %r has %d channels but the '
                         'kernel (shape %s) produces %d.'
                         % (op_name, output_shape, out_channels,
                            kernel_shape, kernel_shape[-2]))
    if static(out_batch) is not None and batch is not None and \
            out_batch != batch:
        raise ValueError('%s: `output_shape` %r has batch size %d but the '
                         'input (shape %s) has %d.'
                         % (op_name, output_shape, out_batch, x_shape, batch))
    for out_size, in_size, k, s, d in zip(out_spatial, spatial, window,
                                          strides, dilation_rate):
        if static(out_size) is None or in_size is None:
            continue
        if conv_output_length(out_size, k, padding, s, d) != in_size:
            raise ValueError(
                '%s: `output_shape` %r does not match the input (shape %s): '
                'a convolution with kernel %s, strides %s, padding %r and '
                'dilation %s maps the spatial shape %s to %s.'
                % (op_name, output_shape, x_shape, window, strides, padding,
                   dilation_rate, tuple(out_spatial),
                   tuple(conv_output_length(o, k2, padding, s2, d2)
                         for o, k2, s2, d2 in zip(out_spatial, window,
                                                  strides, dilation_rate))))
    shape = join_shape(
        batch if batch is not None else static(out_batch),
        [static(size) for size in out_spatial],
        kernel_shape[-2] if kernel_shape[-2] is not None
        else static(out_channels), data_format)
    return types.SimpleNamespace(
        data_format=data_format, window=window, strides=strides,
        padding=padding, dilation_rate=dilation_rate,
        output_sizes=tuple(out_spatial),
        spec=(shape, result_dtype(x, kernel)))


def _local_setup(inputs, kernel, kernel_size, strides, output_shape,
                 data_format=None, *, op_name, n):
    """Checks a locally connected convolution's arguments: kernel
    (output positions, window entries * channels, filters)."""
    data_format = config.normalize_data_format(data_format)
    x_shape = checked_shape(inputs, n + 2, 'inputs', op_name)
    kernel_shape = checked_shape(kernel, 3, 'kernel', op_name)
    kernel_size = int_tuple_argument(kernel_size, n, 'kernel_size', op_name)
    strides = int_tuple_argument(strides, n, 'strides', op_name)
    output_shape = int_tuple_argument(output_shape, n, 'output_shape',
                                      op_name)
    batch, spatial, channels = split_shape(x_shape, data_format)
    positions = int(np.prod(output_shape))
    if kernel_shape[0] is not None and kernel_shape[0] != positions:
        raise ValueError('%s: `kernel` (shape %s) must have one row per '
                         'output position, %d for an output of spatial '
                         'shape %s.' % (op_name, kernel_shape, positions,
                                        output_shape))
    window_entries = int(np.prod(kernel_size))
    if channels is not None and kernel_shape[1] is not None and \
            kernel_shape[1] != window_entries * channels:
        raise ValueError(
            '%s: `kernel` (shape %s) must have %d * %d = %d features per '
            'position for windows %s over an input of shape %s.'
            % (op_name, kernel_shape, window_entries, channels,
               window_entries * channels, kernel_size, x_shape))
    for size, out, k, s in zip(spatial, output_shape, kernel_size, strides):
        if size is not None and (out - 1) * s + k > size:
            raise ValueError(
                '%s: an output of spatial shape %s with windows %s and '
                'strides %s needs a larger input than shape %s.'
                % (op_name, output_shape, kernel_size, strides, x_shape))
    shape = join_shape(batch, output_shape, kernel_shape[2], data_format)
    return types.SimpleNamespace(
        data_format=data_format, kernel_size=kernel_size, strides=strides,
        output_shape=output_shape, spec=(shape, result_dtype(inputs, kernel)))


def _local1d_setup(inputs, kernel, kernel_size, strides, data_format=None,
                   *, op_name, n):
    # The output length is the kernel's number of rows.
    length = checked_shape(kernel, 3, 'kernel', op_name)[0]
    if length is None:
        raise ValueError('%s needs the first axis of `kernel` (the output '
                         'length) statically.' % op_name)
    return _local_setup(inputs, kernel, kernel_size, strides, (length,),
                        data_format, op_name=op_name, n=n)


def _rule(setup, **fixed):
    """The shape rule of an op whose arguments `setup` checks."""
    def rule(args, kwargs):
        return [setup(*args, **kwargs, **fixed).spec]
    return rule


# Computation.

def _spatial_axes(data_format, n):
    first = 2 if data_format == 'channels_first' else 1
    return range(first, first + n)


def _padded_explicitly(x, setup):
    """`x` and the padding left for the primitive: 'causal' and 'full'
    zeros are added here, then the convolution is 'valid'."""
    if setup.padding not in ('causal', 'full'):
        return x, setup.padding
    pad_width = [(0, 0)] * (len(setup.window) + 2)
    for axis, k, s, d in zip(_spatial_axes(setup.data_format,
                                           len(setup.window)),
                             setup.window, setup.strides,
                             setup.dilation_rate):
        pad_width[axis] = explicit_padding(None, k, s, d, setup.padding)
    return current().pad(x, pad_width), 'valid'


def _convolve(x, kernel, setup):
    x, padding = _padded_explicitly(x, setup)
    return current().conv(x, kernel, setup.strides, padding,
                          setup.dilation_rate, setup.data_format)


def _depthwise(x, kernel, setup):
    x, padding = _padded_explicitly(x, setup)
    return current().depthwise_conv(x, kernel, setup.strides, padding,
                                    setup.dilation_rate, setup.data_format)


def _separable(x, depthwise_kernel, pointwise_kernel, setup):
    n = len(setup.window)
    y = _depthwise(x, depthwise_kernel, setup)
    return current().conv(y, pointwise_kernel, (1,) * n, 'valid', (1,) * n,
                          setup.data_format)


def _transpose(x, kernel, setup):
    b = current()
    sizes = setup.output_sizes
    if setup.padding != 'full':
        return b.conv_transpose(x, kernel, sizes, setup.strides,
                                setup.padding, setup.dilation_rate,
                                setup.data_format)
    # The adjoint of 'full' = pad, then 'valid': 'valid' into the padded
    # size, then crop the padding off.
    margins = [explicit_padding(None, k, s, d, 'full')[0] for k, s, d in
               zip(setup.window, setup.strides, setup.dilation_rate)]
    padded = [size + 2 * m if isinstance(size, int) else b.add(size, 2 * m)
              for size, m in zip(sizes, margins)]
    y = b.conv_transpose(x, kernel, padded, setup.strides, 'valid',
                         setup.dilation_rate, setup.data_format)
    key = [slice(None)] * (len(sizes) + 2)
    for axis, m in zip(_spatial_axes(setup.data_format, len(sizes)),
                       margins):
        key[axis] = slice(m, -m if m else None)
    return b.getitem(y, tuple(key))


def _local(inputs, kernel, setup):
    """Keras 2's locally connected product, vectorised: each output
    position's window flattened ((*window, channels) for channels_last,
    (channels, *window) for channels_first) times that position's kernel
    row, as 2.3.1's slices + batch_dot compute it."""
    b = current()
    n = len(setup.kernel_size)
    channels_first = setup.data_format == 'channels_first'
    # One strided slice per window offset: entry `offset` of every output
    # position's window at once.
    slices = []
    for offset in np.ndindex(*setup.kernel_size):
        spatial = tuple(slice(o, o + (m - 1) * s + 1, s) for o, m, s in
                        zip(offset, setup.output_shape, setup.strides))
        key = ((slice(None), slice(None)) + spatial if channels_first
               else (slice(None),) + spatial + (slice(None),))
        slices.append(b.getitem(inputs, key))
    positions = int(np.prod(setup.output_shape))
    kernel_shape = spec_shape(kernel)
    features, filters = kernel_shape[1], kernel_shape[2]
    if channels_first:
        # (batch, channels, offsets, *out) -> (batch, *out, channels,
        # offsets).
        patches = b.stack(slices, 2)
        patches = b.transpose(patches, [0] + list(range(3, 3 + n)) + [1, 2])
    else:
        # (batch, *out, offsets, channels).
        patches = b.stack(slices, n + 1)
    patches = b.reshape(patches, (-1, positions, features))
    # (positions, batch, features) @ (positions, features, filters).
    product = b.matmul(b.transpose(patches, [1, 0, 2]), kernel)
    out = b.reshape(b.transpose(product, [1, 0, 2]),
                    (-1,) + setup.output_shape + (filters,))
    if channels_first:
        out = b.transpose(out, [0, n + 1] + list(range(1, n + 1)))
    return out


# The K ops.

@symbolic_op(shape=_rule(_conv_setup, op_name='K.conv1d', n=1,
                         paddings=_CONV1D_PADDINGS))
def conv1d(x, kernel, strides=1, padding='valid', data_format=None,
           dilation_rate=1):
    """1D convolution (cross-correlation, as TensorFlow computes it).

    Args:
        x: tensor (batch, steps, channels), or (batch, channels, steps)
            for 'channels_first'.
        kernel: tensor (kernel_size, channels, filters).
        strides: int or tuple of 1 int.
        padding: 'valid', 'same' (TensorFlow's rule), 'causal' (zeros
            before the sequence only, so that output t sees inputs <= t)
            or 'full'.
        data_format: 'channels_last' or 'channels_first'; None for the
            global setting.
        dilation_rate: int or tuple of 1 int.

    Returns:
        A tensor (batch, new_steps, filters) (channels_first: (batch,
        filters, new_steps)).
    """
    setup = _conv_setup(x, kernel, strides, padding, data_format,
                        dilation_rate, op_name='K.conv1d', n=1,
                        paddings=_CONV1D_PADDINGS)
    return _convolve(x, kernel, setup)


@symbolic_op(shape=_rule(_conv_setup, op_name='K.conv2d', n=2))
def conv2d(x, kernel, strides=(1, 1), padding='valid', data_format=None,
           dilation_rate=(1, 1)):
    """2D convolution (cross-correlation; true convolution on the theano
    backend, as Theano computed it).

    Args:
        x: tensor (batch, rows, cols, channels), or (batch, channels, rows,
            cols) for 'channels_first'.
        kernel: tensor (kernel_rows, kernel_cols, channels, filters).
        strides: tuple of 2 ints.
        padding: 'valid', 'same' (TensorFlow's rule: the odd padding after)
            or 'full'.
        data_format: 'channels_last' or 'channels_first'; None for the
            global setting.
        dilation_rate: tuple of 2 ints.

    Returns:
        A 4D tensor in the layout of `x`, with `filters` channels.
    """
    setup = _conv_setup(x, kernel, strides, padding, data_format,
                        dilation_rate, op_name='K.conv2d', n=2)
    return _convolve(x, kernel, setup)


@symbolic_op(shape=_rule(_conv_setup, op_name='K.conv3d', n=3))
def conv3d(x, kernel, strides=(1, 1, 1), padding='valid', data_format=None,
           dilation_rate=(1, 1, 1)):
    """3D convolution.

    Args:
        x: tensor (batch, dim1, dim2, dim3, channels), or (batch, channels,
            dim1, dim2, dim3) for 'channels_first'.
        kernel: tensor (k1, k2, k3, channels, filters).
        strides: tuple of 3 ints.
        padding: 'valid', 'same' or 'full'.
        data_format: 'channels_last' or 'channels_first'; None for the
            global setting.
        dilation_rate: tuple of 3 ints.

    Returns:
        A 5D tensor in the layout of `x`, with `filters` channels.
    """
    setup = _conv_setup(x, kernel, strides, padding, data_format,
                        dilation_rate, op_name='K.conv3d', n=3)
    return _convolve(x, kernel, setup)


@symbolic_op(shape=_rule(_transpose_setup, op_name='K.conv2d_transpose',
                         n=2))
def conv2d_transpose(x, kernel, output_shape, strides=(1, 1),
                     padding='valid', data_format=None,
                     dilation_rate=(1, 1)):
    """2D transposed convolution (the gradient of conv2d with respect to
    its input, sometimes called deconvolution).

    Args:
        x: tensor (batch, rows, cols, channels), or (batch, channels, rows,
            cols) for 'channels_first'.
        kernel: tensor (kernel_rows, kernel_cols, filters, channels).
        output_shape: the full shape of the result in data_format order;
            the batch entry may be None or a tensor, the others ints or
            scalar tensors.
        strides: tuple of 2 ints.
        padding: 'valid', 'same' or 'full': the padding of the convolution
            this transposes.
        data_format: 'channels_last' or 'channels_first'; None for the
            global setting.
        dilation_rate: tuple of 2 ints.

    Returns:
        A 4D tensor of shape `output_shape` (batch from `x`).
    """
    setup = _transpose_setup(x, kernel, output_shape, strides, padding,
                             data_format, dilation_rate,
                             op_name='K.conv2d_transpose', n=2)
    return _transpose(x, kernel, setup)


@symbolic_op(shape=_rule(_transpose_setup, op_name='K.conv3d_transpose',
                         n=3))
def conv3d_transpose(x, kernel, output_shape, strides=(1, 1, 1),
                     padding='valid', data_format=None):
    """3D transposed convolution.

    Args:
        x: tensor (batch, dim1, dim2, dim3, channels), or (batch, channels,
            dim1, dim2, dim3) for 'channels_first'.
        kernel: tensor (k1, k2, k3, filters, channels).
        output_shape: the full shape of the result in data_format order
            (see conv2d_transpose).
        strides: tuple of 3 ints.
        padding: 'valid', 'same' or 'full'.
        data_format: 'channels_last' or 'channels_first'; None for the
            global setting.

    Returns:
        A 5D tensor of shape `output_shape` (batch from `x`).
    """
    setup = _transpose_setup(x, kernel, output_shape, strides, padding,
                             data_format, op_name='K.conv3d_transpose', n=3)
    return _transpose(x, kernel, setup)


@symbolic_op(shape=_rule(_separable_setup, op_name='K.separable_conv1d',
                         n=1, paddings=_CONV1D_PADDINGS))
def separable_conv1d(x, depthwise_kernel, pointwise_kernel, strides=1,
                     padding='valid', data_format=None, dilation_rate=1):
    """1D separable convolution: a depthwise convolution, then a pointwise
    (kernel size 1) one mixing the channels.

    Args:
        x: tensor (batch, steps, channels), or (batch, channels, steps).
        depthwise_kernel: tensor (kernel_size, channels, multiplier).
        pointwise_kernel: tensor (1, channels * multiplier, filters).
        strides: int or tuple of 1 int (of the depthwise step).
        padding: 'valid', 'same', 'causal' or 'full'.
        data_format: 'channels_last' or 'channels_first'; None for the
            global setting.
        dilation_rate: int or tuple of 1 int.

    Returns:
        A 3D tensor in the layout of `x`, with `filters` channels.
    """
    setup = _separable_setup(x, depthwise_kernel, pointwise_kernel, strides,
                             padding, data_format, dilation_rate,
                             op_name='K.separable_conv1d', n=1,
                             paddings=_CONV1D_PADDINGS)
    return _separable(x, depthwise_kernel, pointwise_kernel, setup)


@symbolic_op(shape=_rule(_separable_setup, op_name='K.separable_conv2d',
                         n=2))
def separable_conv2d(x, depthwise_kernel, pointwise_kernel, strides=(1, 1),
                     padding='valid', data_format=None, dilation_rate=(1, 1)):
    """2D separable convolution: a depthwise convolution, then a pointwise
    (1x1) one mixing the channels.

    Args:
        x: tensor (batch, rows, cols, channels), or (batch, channels, rows,
            cols).
        depthwise_kernel: tensor (kernel_rows, kernel_cols, channels,
            multiplier).
        pointwise_kernel: tensor (1, 1, channels * multiplier, filters).
        strides: tuple of 2 ints (of the depthwise step).
        padding: 'valid', 'same' or 'full'.
        data_format: 'channels_last' or 'channels_first'; None for the
            global setting.
        dilation_rate: tuple of 2 ints.

    Returns:
        A 4D tensor in the layout of `x`, with `filters` channels.
    """
    setup = _separable_setup(x, depthwise_kernel, pointwise_kernel, strides,
                             padding, data_format, dilation_rate,
                             op_name='K.separable_conv2d', n=2)
    return _separable(x, depthwise_kernel, pointwise_kernel, setup)


@symbolic_op(shape=_rule(_depthwise_setup, op_name='K.depthwise_conv2d',
                         n=2))
def depthwise_conv2d(x, depthwise_kernel, strides=(1, 1), padding='valid',
                     data_format=None, dilation_rate=(1, 1)):
    """2D depthwise convolution: each input channel convolved on its own
    with `multiplier` filters; output channel c * multiplier + m.

    Args:
        x: tensor (batch, rows, cols, channels), or (batch, channels, rows,
            cols).
        depthwise_kernel: tensor (kernel_rows, kernel_cols, channels,
            multiplier).
        strides: tuple of 2 ints.
        padding: 'valid', 'same' or 'full'.
        data_format: 'channels_last' or 'channels_first'; None for the
            global setting.
        dilation_rate: tuple of 2 ints.

    Returns:
        A 4D tensor in the layout of `x`, with channels * multiplier
        channels.
    """
    setup = _depthwise_setup(x, depthwise_kernel, strides, padding,
                             data_format, dilation_rate,
                             op_name='K.depthwise_conv2d', n=2)
    return _depthwise(x, depthwise_kernel, setup)


@symbolic_op(shape=_rule(_local1d_setup, op_name='K.local_conv1d', n=1))
def local_conv1d(inputs, kernel, kernel_size, strides, data_format=None):
    """1D convolution with weights not shared between positions ('valid'
    windows).

    Args:
        inputs: tensor (batch, steps, channels), or (batch, channels,
            steps) for 'channels_first'.
        kernel: tensor (output_length, kernel_size * channels, filters):
            one weight matrix per output position.
        kernel_size: tuple of 1 int.
        strides: tuple of 1 int.
        data_format: 'channels_last' or 'channels_first'; None for the
            global setting.

    Returns:
        A tensor (batch, output_length, filters), or (batch, filters,
        output_length) for 'channels_first'.
    """
    setup = _local1d_setup(inputs, kernel, kernel_size, strides, data_format,
                           op_name='K.local_conv1d', n=1)
    return _local(inputs, kernel, setup)


@symbolic_op(shape=_rule(_local_setup, op_name='K.local_conv2d', n=2))
def local_conv2d(inputs, kernel, kernel_size, strides, output_shape,
                 data_format=None):
    """2D convolution with weights not shared between positions ('valid'
    windows).

    Args:
        inputs: tensor (batch, rows, cols, channels), or (batch, channels,
            rows, cols) for 'channels_first'.
        kernel: tensor (output_rows * output_cols, feature_dim, filters)
            with feature_dim = kernel_rows * kernel_cols * channels; a
            window's entries are ordered (rows, cols, channels) for
            'channels_last' and (channels, rows, cols) for
            'channels_first', output positions row by row.
        kernel_size: tuple of 2 ints.
        strides: tuple of 2 ints.
        output_shape: (output_rows, output_cols).
        data_format: 'channels_last' or 'channels_first'; None for the
            global setting.

    Returns:
        A tensor (batch, output_rows, output_cols, filters), or (batch,
        filters, output_rows, output_cols) for 'channels_first'.
    """
    setup = _local_setup(inputs, kernel, kernel_size, strides, output_shape,
                         data_format, op_name='K.local_conv2d', n=2)
    return _local(inputs, kernel, setup)
