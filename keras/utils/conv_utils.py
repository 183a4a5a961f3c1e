"""Argument normalisation and shape arithmetic for convolution-like layers."""
import numpy as np

from keras.backend.conv_arithmetic import conv_output_length  # noqa: F401


def normalize_data_format(value):
    """Checks a `data_format` argument; None means the global setting.

    # Returns
        'channels_first' or 'channels_last'.

    # Raises
        ValueError: naming the allowed values, for anything else.
    """
    try:
        # The backend config owns the global data format; use its check so
        # there is a single definition once it is importable.
        from keras.backend.config import normalize_data_format as canonical
    except ImportError:
        canonical = None
    if canonical is not None:
        return canonical(value)
    if value is None:
        from keras import backend
        value = backend.image_data_format()
    data_format = str(value).lower()
    if data_format not in ('channels_first', 'channels_last'):
        raise ValueError('The `data_format` argument must be one of '
                         '"channels_first", "channels_last". Received: ' +
                         str(value))
    return data_format


def normalize_tuple(value, n, name):
    """Turns an int or an iterable of `n` ints into a tuple of `n` ints.

    # Arguments
        value: an int, or an iterable of ints.
        n: the length of the tuple to return.
        name: the argument name, for error messages (e.g. 'strides').

    # Returns
        A tuple of `n` integers.

    # Raises
        ValueError: if `value` is neither an int nor `n` int-convertible
            values.
    """
    if isinstance(value, (int, np.integer)):
        return (int(value),) * n
    message = ('The `' + name + '` argument must be a tuple of ' + str(n) +
               ' integers. Received: ' + str(value))
    try:
        value_tuple = tuple(value)
    except TypeError:
        raise ValueError(message)
    if len(value_tuple) != n:
        raise ValueError(message)
    for single_value in value_tuple:
        try:
            int(single_value)
        except (ValueError, TypeError):
            raise ValueError(message + ' including element ' +
                             str(single_value) + ' of type ' +
                             str(type(single_value)))
    return value_tuple


def _backend_name():
    try:
        from keras import backend
        return backend.backend()
    except (ImportError, AttributeError):
        return None


def normalize_padding(value):
    """Checks a `padding` argument and returns it lower-cased.

    Accepts 'valid', 'same' and 'causal'; also 'full' on the theano backend,
    whose convolutions support it.

    # Raises
        ValueError: for any other value.
    """
    padding = str(value).lower()
    allowed = {'valid', 'same', 'causal'}
    if _backend_name() == 'theano':
        allowed.add('full')
    if padding not in allowed:
        raise ValueError('The `padding` argument must be one of "valid", '
                         '"same" (or "causal" for Conv1D). Received: ' +
                         str(value))
    return padding


def convert_kernel(kernel):
    """Flips a convolution kernel along its spatial axes.

    Converts a kernel between the Theano convention (true convolution) and
    the TensorFlow convention (cross-correlation). The last two axes
    (input and output channels) are left untouched.

    # Arguments
        kernel: numpy array of rank 3, 4 or 5.

    # Returns
        The flipped kernel (a copy).
    """
    kernel = np.asarray(kernel)
    if not 3 <= kernel.ndim <= 5:
        raise ValueError('Invalid kernel shape: %s (expected rank 3, 4 or 5)'
                         % (kernel.shape,))
    flip = [slice(None, None, -1)] * (kernel.ndim - 2)
    keep = [slice(None), slice(None)]
    return np.copy(kernel[tuple(flip + keep)])


def _check_padding(padding, allowed):
    if padding not in allowed:
        raise ValueError('Unsupported padding: %r. Expected one of %s.'
                         % (padding, ', '.join(sorted(allowed))))


def _padding_per_side(padding, kernel_size):
    """The zeros 'same' (half the kernel), 'valid' (none) and 'full' (all
    but one kernel position) add on each side of an axis."""
    if padding == 'same':
        return kernel_size // 2
    if padding == 'valid':
        return 0
    return kernel_size - 1


def conv_input_length(output_length, filter_size, padding, stride):
    """Length of a convolution's input along one axis, given its output.

    # Arguments
        output_length: int, or None if unknown (then None is returned).
        filter_size: int.
        padding: one of 'same', 'valid', 'full'.
        stride: int.

    # Returns
        The input length (int), or None.
    """
    if output_length is None:
        return None
    _check_padding(padding, {'same', 'valid', 'full'})
    pad = _padding_per_side(padding, filter_size)
    return (output_length - 1) * stride - 2 * pad + filter_size


def deconv_length(dim_size, stride_size, kernel_size, padding,
                  output_padding, dilation=1):
    """Length of a transposed convolution's output along one axis.

    # Arguments
        dim_size: int, the input length, or None (then None is returned).
        stride_size: int.
        kernel_size: int.
        padding: one of 'same', 'valid', 'full'.
        output_padding: int, or None to infer the length.
        dilation: int, the dilation rate.

    # Returns
        The output length (int), or None.
    """
    _check_padding(padding, {'same', 'valid', 'full'})
    if dim_size is None:
        return None
    kernel_size = kernel_size + (kernel_size - 1) * (dilation - 1)
    if output_padding is None:
        if padding == 'valid':
            return dim_size * stride_size + max(kernel_size - stride_size, 0)
        if padding == 'full':
            return dim_size * stride_size - (stride_size + kernel_size - 2)
        return dim_size * stride_size
    pad = _padding_per_side(padding, kernel_size)
    return (dim_size - 1) * stride_size + kernel_size - 2 * pad + output_padding
