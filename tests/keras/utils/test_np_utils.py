import numpy as np
import pytest

from keras.utils import normalize
from keras.utils import to_categorical
from keras.utils.np_utils import normalize as np_utils_normalize


@pytest.mark.parametrize('shape,num_classes,expected_shape', [
    ((5,), 3, (5, 3)),
    ((5, 1), 3, (5, 3)),          # a trailing axis of 1 is dropped
    ((3, 2), 4, (3, 2, 4)),
    ((4, 2, 1), 5, (4, 2, 5)),
])
def test_to_categorical_shapes(shape, num_classes, expected_shape):
    labels = np.random.randint(0, num_classes, size=shape)
    one_hot = to_categorical(labels, num_classes)
    assert one_hot.shape == expected_shape
    assert one_hot.dtype == np.float32
    np.testing.assert_array_equal(
        np.argmax(one_hot, axis=-1),
        labels.reshape(expected_shape[:-1]))
    np.testing.assert_array_equal(one_hot.sum(axis=-1), 1)


def test_to_categorical_infers_classes_and_takes_dtype():
    one_hot = to_categorical([0, 2, 1], dtype='int64')
    np.testing.assert_array_equal(one_hot, [[1, 0, 0], [0, 0, 1], [0, 1, 0]])
    assert one_hot.dtype == np.int64
    # num_classes=None and 0 both mean "infer".
    assert to_categorical([1, 3], num_classes=0).shape == (2, 4)


def test_normalize():
    x = np.array([[3., 4.], [0., 0.], [1., 0.]])
    out = normalize(x)
    np.testing.assert_allclose(out, [[.6, .8], [0., 0.], [1., 0.]])
    out = np_utils_normalize(x, axis=0, order=1)
    np.testing.assert_allclose(out[:, 0], [.75, 0., .25])
    np.testing.assert_allclose(np.abs(out).sum(axis=0), [1., 1.])
