import numpy as np

from keras.utils.test_utils import get_test_data


def test_get_test_data_classification():
    np.random.seed(0)
    (x_train, y_train), (x_test, y_test) = get_test_data(
        num_train=200, num_test=50, input_shape=(3, 2), num_classes=3)
    assert x_train.shape == (200, 3, 2) and x_test.shape == (50, 3, 2)
    assert y_train.shape == (200,) and y_test.shape == (50,)
    assert x_train.dtype == np.float32
    assert set(np.unique(y_train)) <= {0, 1, 2}
    # Samples are centred on their class index, so classes are learnable.
    means = [x_train[y_train == c].mean() for c in range(3)]
    np.testing.assert_allclose(means, [0, 1, 2], atol=0.2)


def test_get_test_data_regression():
    (x_train, y_train), (x_test, y_test) = get_test_data(
        num_train=20, num_test=10, input_shape=(4,), output_shape=(2, 3),
        classification=False)
    assert x_train.shape == (20, 4) and y_train.shape == (20, 2, 3)
    assert x_test.shape == (10, 4) and y_test.shape == (10, 2, 3)
    assert y_train.dtype == np.float32
