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

    Builds the layer from `kwargs` and checks, failing with an
    AssertionError that says what differs:

    - the output dtype, and the output shape against
      `compute_output_shape` (the static shape of the symbolic output and
      the shape of the computed output), and `expected_output` if given;
    - the weights round trip: `set_weights(get_weights())` before and
      after building, and new values set are the values read back;
    - the config round trip: `from_config(get_config())` (also through
      JSON, as saved models store it) gives the same config, and models
      rebuilt from their configs with the same weights compute the same;
    - masks: the output mask recorded when the layer is called equals its
      `compute_mask`, has the leading dimensions of the output, and for a
      layer that supports masking, a mask given to it (from a `Masking`
      layer, for (batch, timesteps, features) inputs) propagates: the
      layer runs on it, and a layer that does not override `compute_mask`
      passes it on unchanged;
    - training: a layer with trainable weights (or whose `call` takes a
      `training` argument) trains one batch with RMSprop on a mean squared
      error, every weight getting a gradient and staying finite (except
      on backends that cannot train, e.g. numpy);
    - the same as the first layer of a Sequential model, rebuilt from its
      config with `batch_input_shape`.

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
    input_shape = tuple(input_shape)
    if expected_output_dtype is None:
        expected_output_dtype = input_dtype
    expected_output_dtype = np.dtype(expected_output_dtype).name

    layer = layer_cls(**kwargs)
    layer.set_weights(layer.get_weights())
    expected_output_shape = layer.compute_output_shape(input_shape)

    def make_input():
        if fixed_batch_size:
            return Input(batch_shape=input_shape, dtype=input_dtype)
        return Input(shape=input_shape[1:], dtype=input_dtype)

    x = make_input()
    y = layer(x)
    assert K.dtype(y) == expected_output_dtype, (
        'output dtype %s, expected %s' % (K.dtype(y), expected_output_dtype))
    _assert_shape_matches(expected_output_shape, K.int_shape(y),
                          what='static output shape')
    _check_weights_round_trip(layer)
    _check_config_round_trip(layer)

    def check_model(model):
        output = model.predict(input_data)
        _assert_shape_matches(expected_output_shape, output.shape)
        if expected_output is not None:
            np.testing.assert_allclose(output, expected_output, rtol=1e-3)
        with _custom_objects(layer_cls):
            recovered = model.__class__.from_config(model.get_config())
        if model.weights:
            recovered.set_weights(model.get_weights())
            np.testing.assert_allclose(recovered.predict(input_data), output,
                                       rtol=1e-3)
        return output

    model = Model(x, y)
    functional_output = check_model(model)
    _check_masks(layer, x, y, input_data)
    if input_data.ndim == 3 and getattr(layer, 'supports_masking', False) \
            and getattr(layer, 'data_format', None) != 'channels_first':
        # Masking marks (batch, timesteps) of (batch, timesteps, features)
        # inputs; channels_first inputs have their steps last.
        _check_masked_input(layer, make_input, input_data)
    _check_training(model, layer, input_data, functional_output)

    layer_config = layer.get_config()
    layer_config['batch_input_shape'] = input_shape
    layer = layer.__class__.from_config(layer_config)
    model = Sequential()
    model.add(layer)
    return check_model(model)


def _custom_objects(layer_cls):
    """A scope in which model configs can name `layer_cls` (a user's layer
    need not be registered in keras.layers)."""
    from keras.utils.generic_utils import CustomObjectScope
    return CustomObjectScope({layer_cls.__name__: layer_cls})


def _assert_shape_matches(expected_shape, actual_shape, what='output shape'):
    expected_shape = tuple(expected_shape)
    actual_shape = tuple(actual_shape)
    assert len(expected_shape) == len(actual_shape), (
        '%s %s, expected %s (compute_output_shape)' % (
            what, actual_shape, expected_shape))
    for expected_dim, actual_dim in zip(expected_shape, actual_shape):
        if expected_dim is not None and actual_dim is not None:
            assert expected_dim == actual_dim, (
                '%s %s, expected %s (compute_output_shape)' % (
                    what, actual_shape, expected_shape))


def _check_weights_round_trip(layer):
    """Values set are the values read back, in `weights` order."""
    from keras import backend as K
    original = layer.get_weights()
    assert len(original) == len(layer.weights)
    for value, weight in zip(original, layer.weights):
        assert tuple(value.shape) == tuple(K.int_shape(weight)), (
            'get_weights() gives shape %s for weight %s of shape %s'
            % (value.shape, weight.name, K.int_shape(weight)))
    # Shifted values that keep variances and scales positive.
    changed = [(w * 1.5 + 0.25).astype(w.dtype)
               if np.issubdtype(w.dtype, np.floating) else w
               for w in original]
    layer.set_weights(changed)
    for expected, actual, weight in zip(changed, layer.get_weights(),
                                        layer.weights):
        np.testing.assert_array_equal(
            actual, expected, err_msg='weight %s does not read back the '
            'value set' % weight.name)
    layer.set_weights(original)


def _code_summary(text):
    """For a function serialized as Keras does (base64 of marshalled
    bytecode, whose bytes are not canonical), what it computes; None for
    any other string."""
    import codecs
    import marshal
    import types
    if len(text) < 40 or not text.endswith('\n'):
        return None
    try:
        code = marshal.loads(codecs.decode(text.encode('ascii'), 'base64'))
    except Exception:
        return None
    if not isinstance(code, types.CodeType):
        return None
    return ['<code>', code.co_code.hex(), repr(code.co_consts),
            list(code.co_names), list(code.co_varnames)]


def _comparable(config):
    """A config with tuples as lists and arrays as lists, as JSON keeps
    them, and serialized functions as what they compute."""
    if isinstance(config, str):
        summary = _code_summary(config)
        return config if summary is None else summary
    if isinstance(config, dict):
        return {key: _comparable(value) for key, value in config.items()}
    if isinstance(config, (list, tuple)):
        return [_comparable(value) for value in config]
    if isinstance(config, np.ndarray):
        return _comparable(config.tolist())
    if isinstance(config, np.generic):
        return config.item()
    return config


def _check_config_round_trip(layer):
    import json
    from keras.engine.hdf5_format import json_default
    config = layer.get_config()
    recovered = layer.__class__.from_config(config)
    assert _comparable(recovered.get_config()) == _comparable(config), (
        'from_config(get_config()) changed the config of %s:\n%s\n%s'
        % (layer.name, config, recovered.get_config()))
    json_config = json.loads(json.dumps(config, default=json_default))
    recovered = layer.__class__.from_config(json_config)
    assert _comparable(recovered.get_config()) == _comparable(config), (
        'the config of %s changed through JSON:\n%s\n%s'
        % (layer.name, config, recovered.get_config()))


def _output_mask(tensor):
    layer, node_index, tensor_index = tensor._keras_history
    return layer._inbound_nodes[node_index].output_masks[tensor_index]


def _evaluate(inputs, tensors, data):
    from keras import backend as K
    return K.function(inputs, tensors)([data])


def _check_masks(layer, x, y, input_data):
    """The mask recorded for the output is the layer's compute_mask, and
    has the output's leading dimensions."""
    from keras import backend as K
    recorded = _output_mask(y)
    computed = layer.compute_mask(x, _output_mask(x))
    assert (recorded is None) == (computed is None), (
        'output mask %r, but compute_mask gives %r' % (recorded, computed))
    if recorded is None:
        return
    recorded_value, computed_value, output = _evaluate(
        [x], [recorded, computed, y], input_data)
    np.testing.assert_array_equal(recorded_value, computed_value)
    _assert_mask_fits(recorded_value, output)
    assert tuple(K.int_shape(recorded)) == tuple(
        K.int_shape(computed)), 'mask shapes differ'


def _assert_mask_fits(mask, output):
    mask = np.asarray(mask)
    assert mask.ndim <= output.ndim and \
        mask.shape == output.shape[:mask.ndim], (
            'mask of shape %s for an output of shape %s'
            % (mask.shape, output.shape))


def _check_masked_input(layer, make_input, input_data):
    """A (batch, timesteps, features) input masked by `Masking`: the layer
    runs on it, its output mask fits the output, and a layer without its
    own compute_mask passes the mask on."""
    from keras.engine.base_layer import Layer
    from keras.layers import Masking
    if not np.issubdtype(input_data.dtype, np.floating):
        return
    data = np.array(input_data)
    data[0, -1] = 0.  # one masked timestep
    twin = layer.__class__.from_config(layer.get_config())
    x = make_input()
    masked = Masking(0.)(x)
    y = twin(masked)
    mask_in = _output_mask(masked)
    mask_out = _output_mask(y)
    if mask_out is None:
        _evaluate([x], [y], data)
        return
    mask_in_value, mask_out_value, output = _evaluate(
        [x], [mask_in, mask_out, y], data)
    _assert_mask_fits(mask_out_value, output)
    if type(twin).compute_mask is Layer.compute_mask:
        np.testing.assert_array_equal(
            mask_out_value, mask_in_value,
            err_msg='%s supports masking but changed the mask it was given'
            % layer.__class__.__name__)


def _check_training(model, layer, input_data, output):
    """One RMSprop step on a mean squared error, on backends that train.
    """
    from keras import backend as K
    from keras.backend.base import BACKENDS_THAT_TRAIN
    from keras.utils.generic_utils import has_arg
    if K.backend() not in BACKENDS_THAT_TRAIN:
        return
    if not layer.trainable_weights and not has_arg(layer.call, 'training'):
        return
    if not np.issubdtype(output.dtype, np.floating):
        return
    noise = np.random.RandomState(0).normal(size=output.shape)
    target = (output + noise).astype(output.dtype)
    model.compile('rmsprop', 'mse')
    loss = model.train_on_batch(input_data, target)
    assert np.all(np.isfinite(loss)), 'training loss %r' % (loss,)
    for weight, value in zip(layer.trainable_weights,
                             K.batch_get_value(layer.trainable_weights)):
        assert np.all(np.isfinite(value)), (
            'weight %s is not finite after one training step' % weight.name)
