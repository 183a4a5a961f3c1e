"""Constructor argument checks shared by the convolutional layers: each
bad value fails at construction with a ValueError naming the layer, the
argument, the value received and what is allowed."""
from keras import backend as K
from keras.utils import conv_utils
from keras.utils.argument_validation import _describe
from keras.utils.argument_validation import _is_integral
from keras.utils.argument_validation import check_choice
from keras.utils.argument_validation import check_int


def int_tuple(value, n, name, owner, minimum=1):
    """`value`, an int or an iterable of `n` ints >= minimum, as a tuple of
    `n` Python ints."""
    if _is_integral(value):
        return (check_int(value, name, owner, minimum),) * n
    try:
        entries = tuple(value)
    except TypeError:
        entries = None
    if (entries is None or len(entries) != n or
            not all(_is_integral(v) and int(v) >= minimum for v in entries)):
        kind = 'positive' if minimum == 1 else 'non-negative'
        raise ValueError('%s: `%s` must be a %s int or a tuple of %d %s '
                         'ints; received %s.'
                         % (owner, name, kind, n, kind, _describe(value)))
    return tuple(int(v) for v in entries)


def padding_argument(value, owner, causal=False):
    """'valid', 'same' ('causal' for 1D convolutions; 'full' on the theano
    backend, as conv_utils.normalize_padding allowed in Keras 2)."""
    allowed = ['valid', 'same']
    if causal:
        allowed.append('causal')
    if K.backend() == 'theano':
        allowed.append('full')
    padding = value.lower() if isinstance(value, str) else value
    try:
        return check_choice(padding, 'padding', owner, allowed)
    except TypeError:  # an unhashable value
        raise ValueError('%s: `padding` must be one of %s; received %s.'
                         % (owner, ', '.join(repr(a) for a in allowed),
                            _describe(value)))


def data_format_argument(value, owner):
    """'channels_first' or 'channels_last'; None: K.image_data_format()."""
    try:
        return conv_utils.normalize_data_format(value)
    except ValueError as error:
        raise ValueError('%s: %s' % (owner, error))


def check_dilation_with_strides(strides, dilation_rate, owner):
    """Keras 2 (TensorFlow's convolution) refuses strides > 1 together with
    a dilation rate > 1."""
    if any(s != 1 for s in strides) and any(d != 1 for d in dilation_rate):
        raise ValueError('%s: `strides` > 1 is not supported together with '
                         '`dilation_rate` > 1; received strides=%s and '
                         'dilation_rate=%s.' % (owner, strides,
                                                dilation_rate))


def pair_tuples(value, n, name, owner, description):
    """Padding or cropping amounts: an int (the same everywhere), a tuple of
    `n` ints (symmetric per axis) or a tuple of `n` pairs (before, after).
    Returns `n` pairs of non-negative ints."""
    if _is_integral(value):
        amount = check_int(value, name, owner, minimum=0)
        return ((amount, amount),) * n
    try:
        entries = tuple(value)
    except TypeError:
        entries = None
    if entries is not None and len(entries) == n:
        try:
            return tuple(int_tuple(entry, 2, name, owner, minimum=0)
                         for entry in entries)
        except ValueError:
            pass
    raise ValueError('%s: `%s` must be %s; received %s.'
                     % (owner, name, description, _describe(value)))


def channel_dimension(input_shape, data_format, owner):
    """The size of the channels axis, which must be known to build."""
    axis = 1 if data_format == 'channels_first' else -1
    dim = input_shape[axis]
    if dim is None:
        raise ValueError('%s: the channel dimension of the inputs should be '
                         'defined; found `None` in input shape %s '
                         '(data_format=%r).'
                         % (owner, tuple(input_shape), data_format))
    return axis, dim


def check_rank(input_shape, rank, owner):
    if len(input_shape) != rank:
        raise ValueError('%s: inputs should have rank %d; received input '
                         'shape %s.' % (owner, rank, tuple(input_shape)))
