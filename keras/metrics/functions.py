"""Metric functions: `fn(y_true, y_pred)` returning one value per sample.

The loss functions are metrics too; `keras.metrics` re-exports them.
"""
from keras import backend as K
from keras.losses import mean_absolute_error
from keras.losses import mean_absolute_percentage_error
from keras.losses import mean_squared_error
from keras.losses import mean_squared_logarithmic_error


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """Mean over the last axis of `y_true == (y_pred > threshold)`.

    With the default threshold the prediction is rounded (half to even, so
    0.5 counts as 0), as Keras 2.3.1 does.
    """
    if threshold != 0.5:
        threshold = K.cast(threshold, K.dtype(y_pred))
        y_pred = K.cast(y_pred > threshold, K.dtype(y_pred))
    return K.mean(K.equal(y_true, K.round(y_pred)), axis=-1)


def categorical_accuracy(y_true, y_pred):
    return K.cast(K.equal(K.argmax(y_true, axis=-1),
                          K.argmax(y_pred, axis=-1)), K.floatx())


def sparse_categorical_accuracy(y_true, y_pred):
    """Integer labels (shape (n,) or (n, 1)) against class scores."""
    if K.ndim(y_true) == K.ndim(y_pred):
        y_true = K.squeeze(y_true, -1)
    y_pred_labels = K.cast(K.argmax(y_pred, axis=-1), K.floatx())
    return K.cast(K.equal(K.cast(y_true, K.floatx()), y_pred_labels),
                  K.floatx())


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    return K.cast(K.in_top_k(y_pred, K.argmax(y_true, axis=-1), k),
                  K.floatx())


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5):
    return K.cast(K.in_top_k(y_pred, K.cast(K.flatten(y_true), 'int32'), k),
                  K.floatx())


def accuracy(y_true, y_pred):
    """Element-wise `y_true == y_pred`, as floats."""
    if not K.is_tensor(y_pred):
        y_pred = K.constant(y_pred)
    y_true = K.cast(y_true, K.dtype(y_pred))
    return K.cast(K.equal(y_true, y_pred), K.floatx())


def cosine_proximity(y_true, y_pred, axis=-1):
    """Cosine similarity along `axis` (the loss of the same name is its
    negative)."""
    y_true = K.l2_normalize(y_true, axis=axis)
    y_pred = K.l2_normalize(y_pred, axis=axis)
    return K.sum(y_true * y_pred, axis=axis)


mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
cosine = cosine_similarity = cosine_proximity
