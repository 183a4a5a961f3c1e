import numpy as np
import pytest

from keras.utils import conv_utils


def test_normalize_tuple():
    assert conv_utils.normalize_tuple(2, 3, 'strides') == (2, 2, 2)
    assert conv_utils.normalize_tuple(np.int64(2), 2, 'strides') == (2, 2)
    assert conv_utils.normalize_tuple([1, 2], 2, 'kernel_size') == (1, 2)
    with pytest.raises(ValueError, match='`kernel_size` argument must be a '
                                         'tuple of 2 integers'):
        conv_utils.normalize_tuple((1, 2, 3), 2, 'kernel_size')
    with pytest.raises(ValueError, match='including element a'):
        conv_utils.normalize_tuple((1, 'a'), 2, 'kernel_size')
    with pytest.raises(ValueError, match='including element None'):
        conv_utils.normalize_tuple((1, None), 2, 'kernel_size')
    with pytest.raises(ValueError):
        conv_utils.normalize_tuple(None, 2, 'strides')


def test_normalize_padding():
    assert conv_utils.normalize_padding('SAME') == 'same'
    assert conv_utils.normalize_padding('valid') == 'valid'
    assert conv_utils.normalize_padding('causal') == 'causal'
    with pytest.raises(ValueError, match='`padding` argument must be one of'):
        conv_utils.normalize_padding('reflect')


def test_normalize_data_format():
    assert conv_utils.normalize_data_format('channels_first') == \
        'channels_first'
    assert conv_utils.normalize_data_format('Channels_Last') == \
        'channels_last'
    assert conv_utils.normalize_data_format(None) in ('channels_first',
                                                      'channels_last')
    with pytest.raises(ValueError, match='channels_first'):
        conv_utils.normalize_data_format('channels_middle')


def test_convert_kernel_flips_spatial_axes_only():
    kernel = np.arange(2 * 3 * 4 * 5).reshape((2, 3, 4, 5))
    flipped = conv_utils.convert_kernel(kernel)
    np.testing.assert_array_equal(flipped, kernel[::-1, ::-1, :, :])
    np.testing.assert_array_equal(conv_utils.convert_kernel(flipped), kernel)
    kernel_1d = np.arange(6).reshape((3, 1, 2))
    np.testing.assert_array_equal(conv_utils.convert_kernel(kernel_1d),
                                  kernel_1d[::-1])
    with pytest.raises(ValueError, match='Invalid kernel shape'):
        conv_utils.convert_kernel(np.zeros((2, 2)))


@pytest.mark.parametrize('args,expected', [
    ((10, 3, 'valid', 1), 8),
    ((10, 3, 'same', 1), 10),
    ((10, 3, 'same', 2), 5),
    ((11, 3, 'valid', 2), 5),
    ((10, 3, 'full', 1), 12),
    ((10, 3, 'causal', 1), 10),
    ((10, 3, 'valid', 1, 2), 6),    # dilated filter spans 5
    ((None, 3, 'valid', 1), None),
])
def test_conv_output_length(args, expected):
    assert conv_utils.conv_output_length(*args) == expected


@pytest.mark.parametrize('args,expected', [
    ((8, 3, 'valid', 1), 10),
    ((10, 3, 'same', 1), 10),
    ((12, 3, 'full', 1), 10),
    ((5, 3, 'valid', 2), 11),
    ((None, 3, 'valid', 1), None),
])
def test_conv_input_length(args, expected):
    assert conv_utils.conv_input_length(*args) == expected


@pytest.mark.parametrize('args,expected', [
    ((5, 2, 3, 'valid', None), 11),
    ((5, 2, 3, 'same', None), 10),
    ((5, 2, 3, 'full', None), 7),
    ((5, 2, 3, 'valid', 1), 12),
    ((5, 2, 3, 'same', 1), 10),
    ((5, 1, 3, 'valid', None, 2), 9),
    ((None, 2, 3, 'same', None), None),
])
def test_deconv_length(args, expected):
    assert conv_utils.deconv_length(*args) == expected


def test_shape_functions_reject_unknown_padding():
    with pytest.raises(ValueError):
        conv_utils.conv_output_length(10, 3, 'reflect', 1)
    with pytest.raises(ValueError):
        conv_utils.deconv_length(10, 1, 3, 'causal', None)
