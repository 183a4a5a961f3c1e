"""Bad arguments to the engine fail where they are given, with a message
naming the argument and the value received (Keras 2 raised
ZeroDivisionError, Python's own int()/float() errors, or ignored them).
Every check runs before anything trains, so on every backend."""
import numpy as np
import pytest

from keras import backend as K
from keras.engine.base_layer import Layer
from keras.engine.input_layer import InputLayer
from keras.layers import Dense
from keras.layers import Input
from keras.models import Model
from keras.models import Sequential

X = np.ones((10, 3), dtype='float32')
Y = np.zeros((10, 2), dtype='float32')


def compiled_model():
    inputs = Input((3,), name='features')
    model = Model(inputs, Dense(2, name='scores')(inputs))
    model.compile('sgd', 'mse')
    return model


@pytest.mark.parametrize('split', [1.5, 1., -0.2, 'half'])
def test_fit_refuses_a_validation_split_outside_0_1(split):
    with pytest.raises(ValueError, match=r'Model.fit: `validation_split`.*'
                                         r'received .*' + str(split)):
        compiled_model().fit(X, Y, validation_split=split, verbose=0)


def test_fit_refuses_a_validation_split_that_leaves_a_side_empty():
    model = compiled_model()
    with pytest.raises(ValueError, match='validation_split.*0.95 of 10 '
                                         'samples leaves no training'):
        model.fit(X, Y, validation_split=0.95, verbose=0)
    with pytest.raises(ValueError, match='leaves no validation'):
        model.fit(X, Y, validation_split=1e-17, verbose=0)


@pytest.mark.parametrize('batch_size', [0, -4, 2.5, '32'])
def test_batch_size_must_be_a_positive_integer(batch_size):
    model = compiled_model()
    calls = [('Model.fit', lambda: model.fit(X, Y, batch_size=batch_size,
                                             verbose=0)),
             ('Model.evaluate', lambda: model.evaluate(
                 X, Y, batch_size=batch_size, verbose=0)),
             ('Model.predict', lambda: model.predict(X,
                                                     batch_size=batch_size))]
    for method, call in calls:
        with pytest.raises(ValueError, match=method + r': `batch_size` must '
                                           r'be a positive integer; '
                                           r'received ' +
                                           repr(batch_size)):
            call()


def test_batch_size_given_as_a_whole_float_still_works():
    # Keras 2 accepted batch_size=4.0 (it sliced with it).
    model = compiled_model()
    assert model.predict(X, batch_size=4.).shape == (10, 2)


def test_model_set_weights_checks_the_number_of_arrays():
    model = compiled_model()
    kernel, bias = model.get_weights()
    with pytest.raises(ValueError, match=r'set_weights.*model "model_\d+" '
                                         r'with a weight list of length 1, '
                                         r'but the model has 2 weights '
                                         r'\(scores/kernel: \(3, 2\), '
                                         r'scores/bias: \(2,\)\)'):
        model.set_weights([kernel])
    with pytest.raises(ValueError, match='length 3, but the model has 2'):
        model.set_weights([kernel, bias, bias])
    # Nothing was assigned by the failed calls.
    model.set_weights([kernel + 1., bias + 1.])
    np.testing.assert_allclose(model.get_weights()[0], kernel + 1.)


def test_model_set_weights_names_the_layer_and_weight_of_a_wrong_shape():
    model = compiled_model()
    kernel, bias = model.get_weights()
    with pytest.raises(ValueError, match=r'weight "scores/kernel" of layer '
                                         r'"scores" has shape \(3, 2\), but '
                                         r'the array given for it has shape '
                                         r'\(2, 3\)'):
        model.set_weights([kernel.T, bias])
    with pytest.raises(ValueError, match=r'not compatible with provided '
                                         r'weight shape \(3,\) \(layer '
                                         r'"scores", weight "scores/bias"\)'):
        model.layers[1].set_weights([kernel, np.ones(3)])


def test_nested_model_set_weights_round_trip():
    inner = Sequential([Dense(4, input_shape=(3,)), Dense(2)])
    inputs = Input((3,))
    model = Model(inputs, Dense(1)(inner(inputs)))
    weights = [w + 0.5 for w in model.get_weights()]
    model.set_weights(weights)
    for expected, actual in zip(weights, model.get_weights()):
        np.testing.assert_allclose(actual, expected)
    with pytest.raises(ValueError, match='length 5, but the model has 6'):
        model.set_weights(weights[:5])


@pytest.mark.parametrize('bad', ['x', 'y', 'x-object', 'x-dict'])
def test_string_arrays_are_refused_naming_the_argument(bad):
    model = compiled_model()
    x, y = X, Y
    if bad == 'x':
        x = np.array([['1', '2', 'a']] * 10)
    elif bad == 'x-object':
        x = np.array([['1', 2, 3]] * 10, dtype=object)
    elif bad == 'x-dict':
        x = {'features': np.array([['a', 'b', 'c']] * 10)}
    else:
        y = np.array([['spam', 'eggs']] * 10)
    argument, name = ('y', 'scores') if bad == 'y' else ('x', 'features')
    match = '`%s` for "%s" is an array of strings' % (argument, name)
    with pytest.raises(ValueError, match=match):
        model.fit(x, y, verbose=0)
    with pytest.raises(ValueError, match=match):
        model.evaluate(x, y, verbose=0)
    with pytest.raises(ValueError, match=match):
        model.train_on_batch(x, y)
    if bad != 'y':
        with pytest.raises(ValueError, match=match):
            model.predict(x)


@pytest.mark.parametrize('shape', ['abc', 3, (-1,), (2.5,), ('a', 2),
                                   None])
def test_input_shape_must_be_a_tuple_of_integers(shape):
    if shape is None:
        with pytest.raises(ValueError, match='either a `shape` or a '
                                             '`batch_shape`'):
            Input(shape=shape)
        return
    with pytest.raises(ValueError, match=r'Input: `shape` must be a tuple '
                                         r'of integers >= 0 or None'):
        Input(shape=shape)


def test_other_shape_arguments_are_checked():
    with pytest.raises(ValueError, match=r"Input: `batch_shape` must be.*"
                                         r"received 'ab' \(str\)"):
        Input(batch_shape='ab')
    with pytest.raises(ValueError, match='InputLayer: `input_shape`'):
        InputLayer(input_shape='abc')
    with pytest.raises(ValueError, match='InputLayer: `batch_size` must be '
                                         'a positive integer'):
        InputLayer(input_shape=(3,), batch_size=0)
    with pytest.raises(ValueError, match=r'Dense: `input_shape` must be.*'
                                         r"received 'abc'"):
        Dense(2, input_shape='abc')
    with pytest.raises(ValueError, match='Layer: `batch_input_shape`'):
        Layer(batch_input_shape=(None, 'x'))
    # Valid spellings keep working: lists, None entries, whole floats.
    assert Dense(2, input_shape=[3]).batch_input_shape == (None, 3)
    assert Layer(input_shape=(None, 3.), batch_size=4).batch_input_shape == \
        (4, None, 3)
    assert K.int_shape(Input(shape=[None, 2])) == (None, None, 2)
    assert Layer(input_shape=None).name


def test_compile_refuses_an_unknown_sample_weight_mode():
    inputs = Input((4, 3))
    model = Model(inputs, Dense(2, name='out')(inputs))
    with pytest.raises(ValueError, match='`sample_weight_mode` must be None '
                                         'or "temporal".*received '
                                         '\'timestep\' for output "out"'):
        model.compile('sgd', 'mse', sample_weight_mode='timestep')
    with pytest.raises(ValueError, match="received 'sample'"):
        model.compile('sgd', 'mse', sample_weight_mode={'out': 'sample'})
