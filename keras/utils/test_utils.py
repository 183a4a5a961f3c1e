"""Utilities for writing tests of Keras models and layers."""
import numpy as np


def get_test_data(num_train=1000, num_test=500, input_shape=(10,),
                  output_shape=(2,), classification=True, num_classes=2):
    """Generates random, learnable data for tests.

    For classification, every sample is drawn around its class index
    (normal noise, scale 0.7), so that classes are separable. For
    regression, inputs and targets are both drawn around a shared random
    centre per sample.

    # Arguments
        num_train: number of training samples.
        num_test: number of test samples.
        input_shape: shape of one input sample.
        output_shape: shape of one target (regression only).
        classification: True for integer class targets, False for
            float regression targets.
        num_classes: number of classes (classification only).

    # Returns
        `(x_train, y_train), (x_test, y_test)`; x is float32, y is int
        class indices of shape `(n,)` (classification) or float32 of shape
        `(n,) + output_shape` (regression).
    """
    samples = num_train + num_test
    x = np.zeros((samples,) + tuple(input_shape), dtype=np.float32)
    if classification:
        y = np.random.randint(0, num_classes, size=(samples,))
        for i in range(samples):
            x[i] = np.random.normal(loc=y[i], scale=0.7, size=input_shape)
    else:
        centres = np.random.random((samples,))
        y = np.zeros((samples,) + tuple(output_shape), dtype=np.float32)
        for i in range(samples):
            x[i] = np.random.normal(loc=centres[i], scale=0.7,
                                    size=input_shape)
            y[i] = np.random.normal(loc=centres[i], scale=0.7,
                                    size=output_shape)
    return (x[:num_train], y[:num_train]), (x[num_train:], y[num_train:])
