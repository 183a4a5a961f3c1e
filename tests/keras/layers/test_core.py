"""Core layers, each checked against NumPy on the active backend, plus
shapes, configs and Keras 2 error messages."""
import warnings

import numpy as np
import pytest

from keras import backend as K
from keras import layers
from keras.engine.input_layer import Input
from keras.engine.training import Model
from keras.layers import Activation
from keras.layers import ActivityRegularization
from keras.layers import Dense
from keras.layers import Dropout
from keras.layers import Flatten
from keras.layers import Lambda
from keras.layers import Masking
from keras.layers import Permute
from keras.layers import RepeatVector
from keras.layers import Reshape
from keras.layers import SpatialDropout1D
from keras.layers import SpatialDropout2D
from keras.layers import SpatialDropout3D


def apply(layer, data, learning_phase=None, dtype=None):
    """The layer's output on `data`, through a placeholder and K.function;
    also checks the symbolic shape against the computed one."""
    x = Input(shape=data.shape[1:], dtype=dtype or K.floatx())
    y = layer(x)
    inputs = [x]
    values = [data]
    if learning_phase is not None:
        inputs.append(K.learning_phase())
        values.append(learning_phase)
    output = K.function(inputs, [y])(values)[0]
    expected_shape = layer.compute_output_shape((None,) + data.shape[1:])
    assert y._keras_shape == expected_shape
    assert len(expected_shape) == output.ndim
    for expected, actual in zip(expected_shape[1:], output.shape[1:]):
        assert expected == actual
    return output


def round_trip(layer):
    """A layer re-created from the serialized config of `layer`."""
    config = layers.serialize(layer)
    clone = layers.deserialize(config)
    assert clone.__class__ is layer.__class__
    assert clone.get_config() == layer.get_config()
    return clone


def test_dense_matches_numpy_and_names_weights():
    K.clear_session()
    layer = Dense(3, activation='relu')
    data = np.random.randn(4, 5).astype('float32')
    output = apply(layer, data)
    kernel, bias = layer.get_weights()
    np.testing.assert_allclose(output, np.maximum(data.dot(kernel) + bias, 0),
                               rtol=1e-5, atol=1e-6)
    assert [w.name for w in layer.weights] == ['dense_1/kernel',
                                               'dense_1/bias']
    assert kernel.shape == (5, 3)
    np.testing.assert_array_equal(bias, np.zeros(3))
    limit = np.sqrt(6. / (5 + 3))
    assert np.all(np.abs(kernel) <= limit)


def test_dense_on_rank_3_inputs():
    layer = Dense(2, use_bias=False)
    data = np.random.randn(2, 3, 4).astype('float32')
    output = apply(layer, data)
    assert layer.weights == [layer.kernel] and layer.bias is None
    np.testing.assert_allclose(output, data.dot(layer.get_weights()[0]),
                               rtol=1e-5, atol=1e-6)


def test_dense_config_and_input_dim():
    layer = Dense(4, input_dim=3, kernel_regularizer='l2',
                  kernel_constraint='max_norm', use_bias=False)
    assert layer.batch_input_shape == (None, 3)
    config = layer.get_config()
    assert config['units'] == 4
    assert config['activation'] == 'linear'
    assert config['kernel_regularizer']['class_name'] == 'L1L2'
    # Factors are stored as floatx, as in Keras 2: 0.01 -> 0.0099999997...
    assert config['kernel_regularizer']['config'] == {
        'l1': 0., 'l2': float(np.float32(0.01))}
    assert config['kernel_constraint'] == {
        'class_name': 'MaxNorm', 'config': {'max_value': 2, 'axis': 0}}
    assert config['kernel_initializer']['class_name'] == 'VarianceScaling'
    round_trip(layer)


def test_dense_keras1_arguments_warn():
    with pytest.warns(UserWarning, match='Update your `Dense` call to the '
                                         'Keras 2 API'):
        layer = Dense(output_dim=3, init='zeros', W_regularizer='l2',
                      bias=False)
    assert layer.units == 3
    assert layer.use_bias is False
    assert layer.kernel_regularizer is not None
    output = apply(layer, np.ones((1, 2), dtype='float32'))
    np.testing.assert_array_equal(output, np.zeros((1, 3)))


def test_dense_rejects_rank_1_inputs():
    with pytest.raises(ValueError, match='expected min_ndim=2, found ndim=1'):
        Dense(2)(Input(batch_shape=(3,)))


def test_activation_layer():
    data = np.random.randn(3, 4).astype('float32')
    np.testing.assert_allclose(apply(Activation('tanh'), data), np.tanh(data),
                               rtol=1e-5, atol=1e-6)
    softmax = apply(Activation('softmax'), data)
    expected = np.exp(data) / np.exp(data).sum(axis=-1, keepdims=True)
    np.testing.assert_allclose(softmax, expected, rtol=1e-5)
    assert round_trip(Activation('relu')).get_config()['activation'] == 'relu'


def test_dropout_only_in_training_phase():
    layer = Dropout(0.5, seed=1)
    data = np.ones((8, 50), dtype='float32')
    np.testing.assert_array_equal(apply(layer, data, learning_phase=0), data)
    trained = apply(Dropout(0.5), data, learning_phase=1)
    assert set(np.unique(trained)) <= {0., 2.}
    assert 0 < (trained == 0).mean() < 1
    assert round_trip(Dropout(0.3, noise_shape=(None, 1), seed=2)) \
        .get_config()['noise_shape'] == (None, 1)


def test_dropout_noise_shape_broadcasts():
    data = np.ones((4, 6, 10), dtype='float32')
    trained = apply(Dropout(0.5, noise_shape=(None, 1, 10)), data,
                    learning_phase=1)
    # The same features are dropped at every timestep.
    np.testing.assert_array_equal(trained, np.repeat(trained[:, :1], 6,
                                                     axis=1))


def test_dropout_without_learning_phase_input_is_identity():
    x = Input(shape=(3,))
    y = Dropout(0.5)(x)
    assert y._uses_learning_phase
    np.testing.assert_array_equal(K.function([x], [y])([np.ones((2, 3))])[0],
                                  np.ones((2, 3)))


def test_spatial_dropout_drops_whole_channels():
    data = np.ones((4, 5, 8), dtype='float32')
    trained = apply(SpatialDropout1D(0.5), data, learning_phase=1)
    np.testing.assert_array_equal(trained, np.repeat(trained[:, :1], 5,
                                                     axis=1))
    data = np.ones((2, 3, 3, 6), dtype='float32')
    trained = apply(SpatialDropout2D(0.5, data_format='channels_last'), data,
                    learning_phase=1)
    assert np.all(trained == trained[:, :1, :1, :])
    data = np.ones((2, 6, 2, 2, 2), dtype='float32')
    trained = apply(SpatialDropout3D(0.5, data_format='channels_first'),
                    data, learning_phase=1)
    assert np.all(trained == trained[:, :, :1, :1, :1])
    clone = round_trip(SpatialDropout2D(0.2, data_format='channels_first'))
    assert clone.data_format == 'channels_first'
    with pytest.raises(ValueError, match='expected ndim=3'):
        SpatialDropout1D(0.5)(Input(shape=(3,)))


def test_flatten():
    data = np.arange(24, dtype='float32').reshape((2, 3, 4))
    np.testing.assert_array_equal(apply(Flatten(), data),
                                  data.reshape((2, 12)))
    # channels_first moves the channels axis last before flattening.
    data = np.arange(2 * 3 * 2 * 2, dtype='float32').reshape((2, 3, 2, 2))
    output = apply(Flatten(data_format='channels_first'), data)
    np.testing.assert_array_equal(output,
                                  data.transpose((0, 2, 3, 1)).reshape(2, 12))
    assert Flatten().compute_output_shape((None, 3, 4)) == (None, 12)
    with pytest.raises(ValueError, match='The shape of the input to '
                                         '"Flatten" is not fully defined'):
        Flatten()(Input(shape=(None, 3)))
    with pytest.raises(ValueError, match='expected min_ndim=3'):
        Flatten()(Input(shape=(3,)))
    assert round_trip(Flatten(data_format='channels_first')).data_format == \
        'channels_first'


def test_reshape():
    data = np.arange(24, dtype='float32').reshape((2, 12))
    np.testing.assert_array_equal(apply(Reshape((3, 4)), data),
                                  data.reshape((2, 3, 4)))
    np.testing.assert_array_equal(apply(Reshape((-1, 2)), data),
                                  data.reshape((2, 6, 2)))
    layer = Reshape((-1, 2))
    assert layer.compute_output_shape((None, 12)) == (None, 6, 2)
    assert layer.compute_output_shape((None, None)) == (None, None, 2)
    seq = np.arange(12, dtype='float32').reshape((1, 3, 4))
    x = Input(shape=(None, 4))
    y = Reshape((-1, 2))(x)
    assert K.int_shape(y) == (None, None, 2)
    np.testing.assert_array_equal(K.function([x], [y])([seq])[0],
                                  seq.reshape((1, 6, 2)))
    with pytest.raises(ValueError, match='total size of new array must be '
                                         'unchanged'):
        Reshape((5,)).compute_output_shape((None, 12))
    with pytest.raises(ValueError, match='total size of new array must be '
                                         'unchanged'):
        Reshape((5, -1)).compute_output_shape((None, 12))
    with pytest.raises(ValueError, match='Can only specify one unknown '
                                         'dimension.'):
        Reshape((-1, -1)).compute_output_shape((None, 12))
    assert round_trip(Reshape((3, 4))).target_shape == (3, 4)


def test_permute():
    data = np.random.randn(2, 3, 4).astype('float32')
    np.testing.assert_array_equal(apply(Permute((2, 1)), data),
                                  data.transpose((0, 2, 1)))
    assert Permute((2, 1)).compute_output_shape((None, 3, 4)) == (None, 4, 3)
    with pytest.raises(ValueError, match='Invalid permutation `dims`'):
        Permute((0, 1))
    assert round_trip(Permute((2, 1))).dims == (2, 1)


def test_repeat_vector():
    data = np.random.randn(2, 3).astype('float32')
    output = apply(RepeatVector(4), data)
    np.testing.assert_array_equal(output, np.repeat(data[:, None], 4, axis=1))
    assert round_trip(RepeatVector(4)).n == 4
    with pytest.raises(ValueError, match='expected ndim=2'):
        RepeatVector(2)(Input(shape=(3, 4)))


def test_activity_regularization_adds_a_loss():
    layer = ActivityRegularization(l1=0.1, l2=0.2)
    x = Input(shape=(3,))
    y = layer(x)
    assert len(layer.losses) == 1
    data = np.array([[1., -2., 3.]], dtype='float32')
    output, loss = K.function([x], [y, layer.losses[0]])([data])
    np.testing.assert_array_equal(output, data)
    assert float(loss) == pytest.approx(0.1 * 6 + 0.2 * 14, rel=1e-5)
    assert round_trip(layer).get_config()['l2'] == 0.2


def test_masking():
    data = np.array([[[1., 1.], [0., 0.], [2., 0.]]], dtype='float32')
    x = Input(shape=(3, 2))
    layer = Masking(mask_value=0.)
    y = layer(x)
    mask = layer._inbound_nodes[0].output_masks[0]
    output, mask_value = K.function([x], [y, mask])([data])
    np.testing.assert_array_equal(output, data)
    np.testing.assert_array_equal(mask_value, [[True, False, True]])
    data = np.array([[[1., 1.], [5., 5.]]], dtype='float32')
    np.testing.assert_array_equal(apply(Masking(mask_value=5.), data),
                                  [[[1., 1.], [0., 0.]]])
    assert round_trip(Masking(3.)).mask_value == 3.


def test_lambda_output_shape_inference():
    data = np.random.randn(2, 6).astype('float32')
    output = apply(Lambda(lambda x: K.reshape(x, (-1, 3, 2))), data)
    np.testing.assert_allclose(output, data.reshape((2, 3, 2)))
    layer = Lambda(lambda x: x[:, :2])
    assert layer.compute_output_shape((None, 6)) == (None, 2)


def test_lambda_explicit_output_shapes():
    double = Lambda(lambda x: K.concatenate([x, x]), output_shape=(8,))
    assert double.compute_output_shape((5, 4)) == (5, 8)
    by_function = Lambda(lambda x: K.concatenate([x, x]),
                         output_shape=lambda s: (s[0], s[1] * 2))
    assert by_function.compute_output_shape((None, 4)) == (None, 8)
    data = np.random.randn(2, 4).astype('float32')
    np.testing.assert_allclose(apply(by_function, data),
                               np.concatenate([data, data], axis=1))
    with pytest.raises(TypeError, match='`output_shape` must be a list, a '
                                        'tuple, or a function.'):
        Lambda(lambda x: x, output_shape=3)


def test_lambda_arguments_mask_and_multiple_inputs():
    a = Input(shape=(2,))
    b = Input(shape=(2,))
    layer = Lambda(lambda t, scale: (t[0] - t[1]) * scale,
                   arguments={'scale': 3.})
    y = layer([a, b])
    assert K.int_shape(y) == (None, 2)
    out = K.function([a, b], [y])([np.ones((1, 2)), np.zeros((1, 2))])[0]
    np.testing.assert_allclose(out, [[3., 3.]])
    masked = Lambda(lambda x: x, mask=lambda inputs, mask: K.not_equal(
        inputs, 0.))
    assert masked.supports_masking


def test_lambda_config_round_trip():
    offset = 2.

    def add_offset(x):
        return x + offset
    layer = Lambda(add_offset, output_shape=lambda s: s, name='off')
    config = layer.get_config()
    assert config['function_type'] == 'lambda'
    assert config['output_shape_type'] == 'lambda'
    clone = round_trip_lambda(config)
    data = np.ones((1, 2), dtype='float32')
    np.testing.assert_allclose(apply(clone, data), data + 2.)

    uses_backend = Lambda(lambda x: K.square(x), output_shape=(2,))
    clone = round_trip_lambda(uses_backend.get_config())
    assert clone.get_config()['output_shape'] == (2,)
    np.testing.assert_allclose(apply(clone, data * 3.), data * 9.)

    builtin = Lambda(abs)
    assert builtin.get_config()['function'] == 'abs'
    restored = Lambda.from_config(builtin.get_config(),
                                  custom_objects={'abs': abs})
    assert restored.function is abs


def round_trip_lambda(config):
    return layers.deserialize({'class_name': 'Lambda', 'config': config})


def test_deserialize_unknown_layer():
    with pytest.raises(ValueError, match='Unknown layer: Nope'):
        layers.deserialize({'class_name': 'Nope', 'config': {}})


def test_layers_used_in_a_model_together():
    x = Input(shape=(4, 3))
    h = Permute((2, 1))(x)
    h = Flatten()(h)
    h = Dense(6, activation='tanh')(h)
    h = Reshape((2, 3))(h)
    y = Lambda(lambda t: K.sum(t, axis=1))(h)
    model = Model(x, y)
    assert model.output_shape == (None, 3)
    data = np.random.randn(2, 4, 3).astype('float32')
    dense = model.layers[3]
    kernel, bias = dense.get_weights()
    hidden = np.tanh(data.transpose((0, 2, 1)).reshape((2, 12)).dot(kernel) +
                     bias)
    expected = hidden.reshape((2, 2, 3)).sum(axis=1)
    output = K.function([x], [y])([data])[0]
    np.testing.assert_allclose(output, expected, rtol=1e-5, atol=1e-6)


def test_activation_layer_instance_warns():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        Dense(2, activation=Activation('relu'))
    assert any('Do not pass a layer instance' in str(w.message)
               for w in caught)


LAYER_TEST_CASES = [
    (Dense, {'units': 3}, (3, 2)),
    (Dense, {'units': 3, 'activation': 'relu', 'use_bias': False},
     (3, 4, 2)),
    (Activation, {'activation': 'tanh'}, (3, 2)),
    (Reshape, {'target_shape': (-1, 2)}, (3, 4)),
    (Permute, {'dims': (2, 1)}, (3, 2, 4)),
    (RepeatVector, {'n': 3}, (3, 2)),
    (Flatten, {}, (3, 2, 4)),
    (Masking, {'mask_value': 0.}, (3, 2, 4)),
    (ActivityRegularization, {'l1': 0.1}, (3, 2)),
]


@pytest.mark.parametrize('layer_cls,kwargs,input_shape', LAYER_TEST_CASES,
                         ids=['%s%d' % (c[0].__name__, i)
                              for i, c in enumerate(LAYER_TEST_CASES)])
def test_layer_test_utility(layer_cls, kwargs, input_shape):
    from keras.utils.test_utils import layer_test
    output = layer_test(layer_cls, kwargs=kwargs, input_shape=input_shape)
    assert output.shape[0] == input_shape[0]


def test_layer_test_utility_checks_expected_output():
    from keras.utils.test_utils import layer_test
    data = np.arange(6, dtype='float32').reshape((2, 3))
    layer_test(Lambda, kwargs={'function': lambda x: x * 2.},
               input_data=data, expected_output=data * 2.)
    with pytest.raises(AssertionError):
        layer_test(Lambda, kwargs={'function': lambda x: x * 2.},
                   input_data=data, expected_output=data * 3.)


def test_layer_test_utility_trains_layers_with_a_training_argument(
        monkeypatch):
    from keras.backend.base import BACKENDS_THAT_TRAIN
    from keras.utils.test_utils import layer_test
    trained = []
    train_on_batch = Model.train_on_batch

    def recording(model, *args, **kwargs):
        trained.append(model)
        return train_on_batch(model, *args, **kwargs)

    monkeypatch.setattr(Model, 'train_on_batch', recording)
    layer_test(Dropout, kwargs={'rate': 0.5}, input_shape=(3, 2),
               fixed_batch_size=True)
    layer_test(Dense, kwargs={'units': 2}, input_shape=(3, 2))
    layer_test(Flatten, kwargs={}, input_shape=(3, 2, 2))
    # One batch for the layer with a training argument and the one with
    # weights; none on the numpy backend, which cannot train by design.
    expected = 2 if K.backend() in BACKENDS_THAT_TRAIN else 0
    assert len(trained) == expected


def test_dropout_keras1_p_keyword():
    with pytest.warns(UserWarning, match='Update your `Dropout` call'):
        layer = Dropout(p=0.25)
    assert layer.rate == 0.25


@pytest.mark.parametrize('build,message', [
    (lambda: Dropout(2.0), 'Dropout: `rate` must lie in \\[0, 1\\]; '
                           'received 2.0'),
    (lambda: Dropout(-0.1), 'Dropout: `rate` must lie in \\[0, 1\\]; '
                            'received -0.1'),
    (lambda: Dropout('a'), "Dropout: `rate` must be a float between 0 and 1; "
                           "received 'a'"),
    (lambda: SpatialDropout1D(1.5), 'SpatialDropout1D: `rate` must lie in'),
    (lambda: SpatialDropout2D(-1), 'SpatialDropout2D: `rate` must lie in'),
    (lambda: Dropout(0.5, noise_shape=(None, 0)),
     'Dropout: `noise_shape` must be a tuple of positive integers and '
     'Nones; received \\(None, 0\\)'),
    (lambda: Dropout(0.5, noise_shape=3),
     'Dropout: `noise_shape` must be a tuple of positive integers'),
    (lambda: Dense(-1), 'Dense: `units` must be a positive integer; '
                        'received -1'),
    (lambda: Dense(0), 'Dense: `units` must be a positive integer; '
                       'received 0'),
    (lambda: Dense('a'), "Dense: `units` must be a positive integer; "
                         "received 'a'"),
    (lambda: Dense(2.5), 'Dense: `units` must be a positive integer; '
                         'received 2.5'),
])
def test_bad_rates_noise_shapes_and_units(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_dropout_rate_bounds_are_accepted():
    # 0 and 1 are allowed; as in Keras 2 both leave the inputs unchanged.
    data = np.ones((2, 3), dtype='float32')
    for rate in (0., 1):
        layer = Dropout(rate)
        assert layer.rate == float(rate)
        np.testing.assert_array_equal(apply(layer, data, learning_phase=1),
                                      data)
    assert Dense(3.0).units == 3


def test_dropout_noise_shape_none_entries_on_variable_sizes():
    # Time axis unknown until run time: None entries take the input's
    # sizes there.
    x = Input(shape=(None, 6))
    y = Dropout(0.5, noise_shape=(None, 1, None))(x)
    assert K.int_shape(y) == (None, None, 6)
    f = K.function([x, K.learning_phase()], [y])
    data = np.ones((3, 5, 6), dtype='float32')
    out = f([data, 1])[0]
    assert out.shape == (3, 5, 6)
    assert set(np.unique(out)) <= {0., 2.}
    np.testing.assert_array_equal(out, np.repeat(out[:, :1], 5, axis=1))
    # Another batch and length through the same function.
    out = f([np.ones((2, 7, 6), dtype='float32'), 1])[0]
    np.testing.assert_array_equal(out, np.repeat(out[:, :1], 7, axis=1))
    assert 0 < (out == 0).mean() < 1
    np.testing.assert_array_equal(f([data, 0])[0], data)


def test_spatial_dropout_on_variable_sizes():
    x = Input(shape=(None, 4))
    f = K.function([x, K.learning_phase()], [SpatialDropout1D(0.5)(x)])
    out = f([np.ones((2, 6, 4), dtype='float32'), 1])[0]
    np.testing.assert_array_equal(out, np.repeat(out[:, :1], 6, axis=1))
    x = Input(shape=(3, None, None))
    y = SpatialDropout2D(0.5, data_format='channels_first')(x)
    out = K.function([x, K.learning_phase()], [y])(
        [np.ones((2, 3, 4, 5), dtype='float32'), 1])[0]
    assert out.shape == (2, 3, 4, 5)
    assert np.all(out == out[:, :, :1, :1])
    x = Input(shape=(None, 2, 2, 4))
    y = SpatialDropout3D(0.5, data_format='channels_last')(x)
    out = K.function([x, K.learning_phase()], [y])(
        [np.ones((2, 3, 2, 2, 4), dtype='float32'), 1])[0]
    assert np.all(out == out[:, :1, :1, :1, :])


def test_dropout_noise_shape_of_the_wrong_rank():
    with pytest.raises(ValueError, match='does not have the rank of the '
                                         'input'):
        Dropout(0.5, noise_shape=(None, 1))(Input(shape=(3, 4)))


def test_layer_test_dropout_with_noise_shape():
    from keras.utils.test_utils import layer_test
    layer_test(Dropout, kwargs={'rate': 0.5, 'noise_shape': (None, 1, None)},
               input_shape=(3, 2, 4))
    layer_test(SpatialDropout1D, kwargs={'rate': 0.5}, input_shape=(3, 2, 4))
    layer_test(SpatialDropout2D, kwargs={'rate': 0.5},
               input_shape=(2, 3, 3, 2))
