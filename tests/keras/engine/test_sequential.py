"""Sequential: add, pop, deferred building, configs and summary text."""
import numpy as np
import pytest

from keras import backend as K
from keras.engine.input_layer import Input
from keras.engine.input_layer import InputLayer
from keras.engine.training import Model
from keras.layers import Activation
from keras.layers import Dense
from keras.layers import Dropout
from keras.layers import Flatten
from keras.layers import Lambda
from keras.layers import Reshape
from keras.models import Sequential
from keras.models import model_from_json


def forward(model, data):
    return K.function(model.inputs, model.outputs)([data])[0]


def test_add_builds_when_the_first_layer_has_a_shape():
    K.clear_session()
    model = Sequential()
    model.add(Dense(32, input_shape=(16,)))
    assert model.built
    model.add(Dense(10, activation='softmax'))
    assert [l.name for l in model.layers] == ['dense_1', 'dense_2']
    assert isinstance(model._layers[0], InputLayer)
    assert model._layers[0].name == 'dense_1_input'
    assert model.input_shape == (None, 16)
    assert model.output_shape == (None, 10)
    assert model.inputs[0]._keras_history[0] is model._layers[0]
    assert model.outputs == [model.layers[-1].output]
    assert len(model.weights) == 4
    assert model.count_params() == 16 * 32 + 32 + 32 * 10 + 10


def test_first_layer_shape_keywords():
    model = Sequential([Dense(2, input_dim=3, batch_size=7)])
    assert model.input_shape == (7, 3)
    assert model.layers[0].batch_input_shape == (7, 3)
    model = Sequential([Dense(2, batch_input_shape=(None, 5),
                              dtype='float64')])
    assert model.input_shape == (None, 5)
    assert K.dtype(model.inputs[0]) == 'float64'


def test_forward_matches_numpy():
    model = Sequential([Dense(4, input_shape=(3,), activation='relu'),
                        Dense(2), Activation('tanh')])
    data = np.random.random((5, 3)).astype('float32')
    k1, b1 = model.layers[0].get_weights()
    k2, b2 = model.layers[1].get_weights()
    expected = np.tanh(np.maximum(data.dot(k1) + b1, 0.).dot(k2) + b2)
    np.testing.assert_allclose(forward(model, data), expected, rtol=1e-5,
                               atol=1e-6)


def test_deferred_build_by_build_call():
    K.clear_session()
    model = Sequential()
    model.add(Dense(3))
    model.add(Dense(1))
    assert not model.built
    assert model.inputs == [] or not model.inputs
    with pytest.raises(ValueError, match='This model has not yet been '
                                         'built'):
        model.summary()
    model.build((None, 4))
    assert model.built
    assert model.input_shape == (None, 4)
    assert model.output_shape == (None, 1)
    assert model._layers[0].name == 'sequential_1_input'
    config = model.get_config()
    assert config['build_input_shape'] == (None, 4)
    rebuilt = Sequential.from_config(config)
    assert rebuilt.built and rebuilt.output_shape == (None, 1)


def test_deferred_build_by_calling_the_model():
    model = Sequential([Dense(3), Dense(2)])
    x = Input(shape=(5,))
    y = model(x)
    assert model.built
    assert K.int_shape(y) == (None, 2)
    data = np.random.random((2, 5))
    np.testing.assert_allclose(K.function([x], [y])([data])[0],
                               forward(model, data), rtol=1e-6)


def test_add_errors():
    model = Sequential()
    with pytest.raises(TypeError, match='The added layer must be an instance '
                                        'of class Layer. Found: 3'):
        model.add(3)
    with pytest.raises(ValueError, match='Cannot add an empty model to a '
                                         '`Sequential` model.'):
        model.add(Sequential())

    x = Input(shape=(2,))
    two_outputs = Model(x, [Dense(1)(x), Dense(1)(x)])
    model = Sequential([Dense(2, input_shape=(2,))])
    with pytest.raises(TypeError, match='should have a single output tensor'):
        model.add(two_outputs)


def test_pop():
    model = Sequential([Dense(4, input_shape=(3,)), Dense(2), Dense(1)])
    model.pop()
    assert len(model.layers) == 2
    assert model.output_shape == (None, 2)
    assert model.outputs == [model.layers[-1].output]
    assert model.layers[-1]._outbound_nodes == []
    data = np.random.random((2, 3))
    k1, b1 = model.layers[0].get_weights()
    k2, b2 = model.layers[1].get_weights()
    np.testing.assert_allclose(forward(model, data),
                               (data.dot(k1) + b1).dot(k2) + b2, rtol=1e-5,
                               atol=1e-6)
    model.pop()
    model.pop()
    assert model.layers == []
    with pytest.raises(TypeError, match='There are no layers in the model.'):
        model.pop()
    model.add(Dense(2, input_shape=(5,)))
    assert model.input_shape == (None, 5)
    assert [l.__class__ for l in model.layers] == [Dense]


def test_input_layer_as_first_layer():
    model = Sequential()
    model.add(InputLayer(input_shape=(3,)))
    model.add(Dense(2))
    assert model.built
    assert model.input_shape == (None, 3)
    assert [l.__class__ for l in model.layers] == [Dense]


def test_nested_sequential_models():
    inner = Sequential([Dense(3, input_shape=(4,)), Activation('relu')])
    outer = Sequential([inner, Dense(1)])
    assert outer.input_shape == (None, 4)
    assert outer.layers[0] is inner
    assert len(outer.trainable_weights) == 4
    data = np.random.random((3, 4)).astype('float32')
    k, b = outer.layers[1].get_weights()
    expected = forward(inner, data).dot(k) + b
    np.testing.assert_allclose(forward(outer, data), expected, rtol=1e-5,
                               atol=1e-6)
    rebuilt = Sequential.from_config(outer.get_config())
    rebuilt.set_weights(outer.get_weights())
    np.testing.assert_allclose(forward(rebuilt, data), expected, rtol=1e-5,
                               atol=1e-6)


def test_config_format_and_round_trip():
    K.clear_session()
    model = Sequential([Reshape((2, 3), input_shape=(6,)), Flatten(),
                        Dropout(0.2), Dense(2)], name='seq')
    config = model.get_config()
    assert config['name'] == 'seq'
    assert [l['class_name'] for l in config['layers']] == [
        'Reshape', 'Flatten', 'Dropout', 'Dense']
    assert config['layers'][0]['config']['batch_input_shape'] == (None, 6)
    assert 'build_input_shape' not in config
    rebuilt = Sequential.from_config(config)
    rebuilt.set_weights(model.get_weights())
    data = np.random.random((2, 6))
    np.testing.assert_allclose(forward(rebuilt, data), forward(model, data),
                               rtol=1e-6)
    # Keras < 2.2.3 configs were the bare list of layers.
    legacy = Sequential.from_config(config['layers'])
    assert [l.__class__.__name__ for l in legacy.layers] == [
        'Reshape', 'Flatten', 'Dropout', 'Dense']
    from_json = model_from_json(model.to_json())
    assert isinstance(from_json, Sequential)
    assert from_json.output_shape == (None, 2)


def test_summary_lines_match_keras2():
    K.clear_session()
    model = Sequential()
    model.add(Dense(32, input_shape=(16,)))
    model.add(Dropout(0.5))
    model.add(Dense(10, activation='softmax'))
    lines = []
    model.summary(print_fn=lines.append)
    assert lines == [
        'Model: "sequential_1"',
        '_________________________________________________________________',
        'Layer (type)                 Output Shape              Param #   ',
        '=================================================================',
        'dense_1 (Dense)              (None, 32)                544       ',
        '_________________________________________________________________',
        'dropout_1 (Dropout)          (None, 32)                0         ',
        '_________________________________________________________________',
        'dense_2 (Dense)              (None, 10)                330       ',
        '=================================================================',
        'Total params: 874',
        'Trainable params: 874',
        'Non-trainable params: 0',
        '_________________________________________________________________',
    ]


def test_summary_counts_frozen_layers():
    model = Sequential([Dense(2, input_shape=(3,), trainable=False),
                        Dense(1)])
    lines = []
    model.summary(print_fn=lines.append)
    assert lines[-4:-1] == ['Total params: 11', 'Trainable params: 3',
                            'Non-trainable params: 8']


def test_adding_after_build_keeps_trainable_flag():
    model = Sequential([Dense(2, input_shape=(3,))])
    model.trainable = False
    model.add(Dense(1))
    assert not model.trainable
    assert model.trainable_weights == []


def test_lambda_layer_in_sequential():
    model = Sequential([Lambda(lambda x: x * 2., input_shape=(3,))])
    np.testing.assert_allclose(forward(model, np.ones((1, 3))),
                               [[2., 2., 2.]])


def test_predict_classes_and_proba_use_predict():
    model = Sequential([Dense(3, input_shape=(2,))])
    probabilities = np.array([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]])
    model.predict = lambda x, batch_size=32, verbose=0: probabilities
    np.testing.assert_array_equal(model.predict_classes(np.zeros((2, 2))),
                                  [1, 0])
    np.testing.assert_allclose(model.predict_proba(np.zeros((2, 2))),
                               probabilities)
    single = np.array([[0.2], [0.9]])
    model.predict = lambda x, batch_size=32, verbose=0: single
    classes = model.predict_classes(np.zeros((2, 2)))
    np.testing.assert_array_equal(classes, [[0], [1]])
    assert classes.dtype == np.int32
    model.predict = lambda x, batch_size=32, verbose=0: single * 3.
    with pytest.warns(UserWarning, match='invalid probability values'):
        model.predict_proba(np.zeros((2, 2)))


def test_model_property_is_deprecated():
    model = Sequential([Dense(1, input_shape=(2,))])
    with pytest.warns(UserWarning, match='`Sequential.model` is deprecated'):
        assert model.model is model
