"""Numpy helpers for preparing targets and inputs."""
import numpy as np


def to_categorical(y, num_classes=None, dtype='float32'):
    """Converts a class vector (integers) to a binary class matrix.

    # Arguments
        y: array-like of class indices from 0 to `num_classes - 1`. A
            trailing axis of size 1 (shape `(n, 1)`) is dropped first.
        num_classes: total number of classes; inferred as `max(y) + 1`
            when None (or 0).
        dtype: dtype of the result, as a string.

    # Returns
        A one-hot array of shape `y.shape + (num_classes,)`.

    # Example

    ```python
    to_categorical([0, 2, 1], num_classes=3)
    # array([[1., 0., 0.], [0., 0., 1.], [0., 1., 0.]], dtype=float32)
    ```
    """
    y = np.array(y, dtype='int')
    input_shape = y.shape
    if input_shape and input_shape[-1] == 1 and len(input_shape) > 1:
        input_shape = tuple(input_shape[:-1])
    y = y.ravel()
    if not num_classes:
        num_classes = int(np.max(y)) + 1
    count = y.shape[0]
    categorical = np.zeros((count, num_classes), dtype=dtype)
    categorical[np.arange(count), y] = 1
    return np.reshape(categorical, input_shape + (num_classes,))


def normalize(x, axis=-1, order=2):
    """Normalizes an array to unit `order`-norm along `axis`.

    Slices whose norm is 0 are left unchanged rather than divided by zero.

    # Arguments
        x: numpy array.
        axis: axis along which to normalize.
        order: norm order (2 for the L2 norm), as `np.linalg.norm`.

    # Returns
        The normalized array.
    """
    norms = np.atleast_1d(np.linalg.norm(x, order, axis))
    norms[norms == 0] = 1
    return x / np.expand_dims(norms, axis)
