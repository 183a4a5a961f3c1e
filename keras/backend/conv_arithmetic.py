"""Sizes and paddings of convolutions, shared by the K ops' shape rules and
every backend's primitives (so that 'same' means TensorFlow's rule
everywhere)."""


def effective_kernel_size(kernel_size, dilation=1):
    """The span of a dilated kernel: (k - 1) * d + 1."""
    return (kernel_size - 1) * dilation + 1


def same_padding(input_length, kernel_size, stride, dilation=1):
    """TensorFlow's 'same' padding of one axis: (before, after).

    The output has ceil(input_length / stride) positions; the zeros needed
    to reach them are split with the odd one after, so an even kernel or a
    stride that does not divide the input pads one more at the end.
    """
    output_length = -(-input_length // stride)
    total = max((output_length - 1) * stride +
                effective_kernel_size(kernel_size, dilation) - input_length,
                0)
    return total // 2, total - total // 2


def explicit_padding(input_length, kernel_size, stride, dilation, padding):
    """(before, after) zeros of one axis for padding 'valid', 'same',
    'causal' (all before) or 'full' (all but one kernel position on each
    side)."""
    span = effective_kernel_size(kernel_size, dilation)
    if padding == 'valid':
        return 0, 0
    if padding == 'same':
        return same_padding(input_length, kernel_size, stride, dilation)
    if padding == 'causal':
        return span - 1, 0
    if padding == 'full':
        return span - 1, span - 1
    raise ValueError('Invalid padding: %r. Expected "valid", "same", '
                     '"causal" or "full".' % (padding,))


def conv_output_length(input_length, filter_size, padding, stride,
                       dilation=1):
    """Length of a convolution's output along one axis.

    Args:
        input_length: int, or None if unknown (then None is returned).
        filter_size: int.
        padding: one of 'same', 'valid', 'full', 'causal'.
        stride: int.
        dilation: int, the dilation rate.

    Returns:
        The output length (int), or None.
    """
    if input_length is None:
        return None
    if padding not in ('same', 'valid', 'full', 'causal'):
        raise ValueError('Unsupported padding: %r. Expected one of causal, '
                         'full, same, valid.' % (padding,))
    span = effective_kernel_size(filter_size, dilation)
    if padding in ('same', 'causal'):
        output_length = input_length
    elif padding == 'valid':
        output_length = input_length - span + 1
    else:
        output_length = input_length + span - 1
    return (output_length + stride - 1) // stride
