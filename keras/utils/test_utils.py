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


def layer_test(layer_cls, kwargs={}, input_shape=None, input_dtype=None,
               input_data=None, expected_output=None,
               expected_output_dtype=None, fixed_batch_size=False):
    """Checks a layer with one input and one output end to end.

    Builds the layer from `kwargs`, round-trips its weights, runs it in a
    functional model and as the first layer of a Sequential model (after a
    config round trip), compares the output shape with
    `compute_output_shape` and with `expected_output` if given, rebuilds
    both models from their configs and checks they compute the same, and
    trains one batch if the layer's `call` takes a `training` argument.

    # Arguments
        layer_cls: the layer class.
        kwargs: constructor arguments.
        input_shape: input shape with the batch axis (None entries get a
            random size); used to draw `input_data` when that is None.
        input_dtype: dtype of the drawn input (floatx by default).
        input_data: the input array.
        expected_output: the expected output array (rtol 1e-3).
        expected_output_dtype: dtype of the output (default: input dtype).
        fixed_batch_size: whether the model input has a fixed batch size.

    # Returns
        The output of the Sequential model on `input_data`.
    """
    from keras import backend as K
    from keras.engine.input_layer import Input
    from keras.engine.sequential import Sequential
    from keras.engine.training import Model
    from keras.utils.generic_utils import has_arg

    if input_data is None:
        if not input_shape:
            raise ValueError('layer_test needs `input_shape` or '
                             '`input_data`.')
        input_dtype = input_dtype or K.floatx()
        data_shape = [np.random.randint(1, 4) if d is None else d
                      for d in input_shape]
        input_data = (10 * np.random.random(data_shape)).astype(input_dtype)
    else:
        if input_shape is None:
            input_shape = input_data.shape
        if input_dtype is None:
            input_dtype = input_data.dtype
    if expected_output_dtype is None:
        expected_output_dtype = input_dtype
    expected_output_dtype = np.dtype(expected_output_dtype).name

    layer = layer_cls(**kwargs)
    layer.set_weights(layer.get_weights())
    expected_output_shape = layer.compute_output_shape(input_shape)

    if fixed_batch_size:
        x = Input(batch_shape=input_shape, dtype=input_dtype)
    else:
        x = Input(shape=input_shape[1:], dtype=input_dtype)
    y = layer(x)
    assert K.dtype(y) == expected_output_dtype, (
        'output dtype %s, expected %s' % (K.dtype(y), expected_output_dtype))

    def check_model(model):
        output = model.predict(input_data)
        _assert_shape_matches(expected_output_shape, output.shape)
        if expected_output is not None:
            np.testing.assert_allclose(output, expected_output, rtol=1e-3)
        recovered = model.__class__.from_config(model.get_config())
        if model.weights:
            recovered.set_weights(model.get_weights())
            np.testing.assert_allclose(recovered.predict(input_data), output,
                                       rtol=1e-3)
        return output

    model = Model(x, y)
    functional_output = check_model(model)
    if has_arg(layer.call, 'training'):
        model.compile('rmsprop', 'mse')
        model.train_on_batch(input_data, functional_output)

    layer_config = layer.get_config()
    layer_config['batch_input_shape'] = input_shape
    layer = layer.__class__.from_config(layer_config)
    model = Sequential()
    model.add(layer)
    return check_model(model)


def _assert_shape_matches(expected_shape, actual_shape):
    for expected_dim, actual_dim in zip(expected_shape, actual_shape):
        if expected_dim is not None:
            assert expected_dim == actual_dim, (
                'output shape %s, expected %s' % (actual_shape,
                                                  expected_shape))
