"""Data handling of the training methods: inputs as lists and dicts, and
the Keras 2 error messages for bad data or a bad compile; the numpy
backend (inference only)."""
import numpy as np
import pytest

from keras import backend as K
from keras.layers import Dense
from keras.layers import Input
from keras.layers import Layer
from keras.models import Model

RNG = np.random.RandomState(1)
XA = RNG.uniform(-1, 1, (6, 2)).astype('float32')
XB = RNG.uniform(-1, 1, (6, 3)).astype('float32')
Y = RNG.uniform(-1, 1, (6, 1)).astype('float32')
WEIGHTS = [RNG.uniform(-1, 1, (5, 1)).astype('float32'),
           np.array([0.3], dtype='float32')]


class Join(Layer):
    """Concatenation along the last axis (kept here: the test is about
    training, not about the merge layers)."""

    def call(self, inputs):
        return K.concatenate(inputs, axis=-1)

    def compute_output_shape(self, input_shapes):
        return input_shapes[0][:-1] + (sum(s[-1] for s in input_shapes),)


def two_input_model(compiled=True):
    a = Input((2,), name='a')
    b = Input((3,), name='b')
    out = Dense(1, name='out')(Join()([a, b]))
    model = Model([a, b], out)
    model.set_weights(WEIGHTS)
    if compiled:
        model.compile('sgd', 'mse')
    return model


def expected_prediction():
    return np.concatenate([XA, XB], -1).dot(WEIGHTS[0]) + WEIGHTS[1]


def test_inputs_as_list_or_dict_and_1d_targets():
    model = two_input_model()
    prediction = expected_prediction()
    np.testing.assert_allclose(model.predict([XA, XB]), prediction,
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(model.predict({'a': XA, 'b': XB}), prediction,
                               rtol=1e-5, atol=1e-6)
    expected = ((prediction - Y) ** 2).mean()
    # 1D targets get a second axis of size 1.
    np.testing.assert_allclose(
        model.evaluate({'a': XA, 'b': XB}, Y[:, 0], verbose=0), expected,
        rtol=1e-5)


def test_predict_without_compile():
    model = two_input_model(compiled=False)
    np.testing.assert_allclose(model.predict([XA, XB], batch_size=4),
                               expected_prediction(), rtol=1e-5, atol=1e-6)


@pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')
@pytest.mark.parametrize('method', ['fit', 'evaluate', 'train_on_batch',
                                    'test_on_batch'])
def test_training_methods_need_compile(method):
    model = two_input_model(compiled=False)
    with pytest.raises(RuntimeError,
                       match='You must compile your model before using it.'):
        getattr(model, method)([XA, XB], Y)


def test_wrong_number_of_arrays():
    model = two_input_model()
    with pytest.raises(ValueError, match='Expected to see 2 array\\(s\\), '
                                         'but instead got the following '
                                         'list of 1 arrays'):
        model.evaluate([XA], Y, verbose=0)
    with pytest.raises(ValueError, match='No data provided for "b"'):
        model.predict({'a': XA})


def test_shape_mismatch_names_the_input():
    model = two_input_model()
    with pytest.raises(ValueError, match='Error when checking input: '
                                         'expected b to have shape \\(3,\\) '
                                         'but got array with shape \\(4,\\)'):
        model.predict([XA, np.zeros((6, 4))])
    with pytest.raises(ValueError, match='expected a to have 2 dimensions, '
                                         'but got array with shape'):
        model.predict([XA[:, :, None], XB])
    with pytest.raises(ValueError, match='Error when checking target: '
                                         'expected out to have shape'):
        model.evaluate([XA, XB], np.zeros((6, 2)), verbose=0)


def test_sample_count_mismatch():
    model = two_input_model()
    with pytest.raises(ValueError, match='Input arrays should have the same '
                                         'number of samples as target '
                                         'arrays. Found 6 input samples and '
                                         '5 target samples.'):
        model.evaluate([XA, XB], Y[:5], verbose=0)
    with pytest.raises(ValueError, match='All input arrays \\(x\\) should '
                                         'have the same number of samples'):
        model.predict([XA, XB[:5]])
    with pytest.raises(ValueError, match='sample_weight cannot be '
                                         'broadcast'):
        model.evaluate([XA, XB], Y, sample_weight=np.ones(5), verbose=0)
    with pytest.raises(ValueError, match='sample_weight_mode="temporal"'):
        model.evaluate([XA, XB], Y, sample_weight=np.ones((6, 1)),
                       verbose=0)


def test_categorical_crossentropy_with_integer_targets():
    inputs = Input((2,))
    model = Model(inputs, Dense(3, activation='softmax')(inputs))
    model.compile('sgd', 'categorical_crossentropy')
    # As in Keras 2.3.1, the shape check comes first.
    with pytest.raises(ValueError, match='expected dense_\\d+ to have shape '
                                         '\\(3,\\) but got array with '
                                         'shape \\(1,\\)'):
        model.evaluate(XA, np.array([0, 1, 2, 0, 1, 2]), verbose=0)


def test_compile_errors():
    model = two_input_model(compiled=False)
    with pytest.raises(ValueError, match='no loss to optimize'):
        model.compile('sgd')
    with pytest.raises(ValueError, match='Unknown entries in loss '
                                         'dictionary'):
        model.compile('sgd', loss={'not_an_output': 'mse'})
    with pytest.raises(ValueError, match='it should have one entry per '
                                         'model outputs'):
        model.compile('sgd', loss=['mse', 'mae'])
    with pytest.raises(ValueError, match='Unknown loss function'):
        model.compile('sgd', loss='no_such_loss')
    with pytest.raises(ValueError, match='Unknown optimizer'):
        model.compile('no_such_optimizer', loss='mse')
    with pytest.raises(ValueError, match='loss_weights'):
        model.compile('sgd', loss='mse', loss_weights=[1., 2.])
    with pytest.raises(TypeError, match='Type of `metrics` argument'):
        model.compile('sgd', loss='mse', metrics='mae')


@pytest.mark.backends('numpy')
def test_numpy_backend_predicts_and_evaluates_but_cannot_fit():
    model = two_input_model()
    prediction = expected_prediction()
    np.testing.assert_allclose(model.predict([XA, XB]), prediction,
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(model.evaluate([XA, XB], Y, verbose=0),
                               ((prediction - Y) ** 2).mean(), rtol=1e-5)
    with pytest.raises(NotImplementedError,
                       match='numpy backend.*jax, tensorflow, torch, '
                             'theano'):
        model.fit([XA, XB], Y, verbose=0)
    with pytest.raises(NotImplementedError, match='numpy backend'):
        model.train_on_batch([XA, XB], Y)
    assert K.backend() == 'numpy'
