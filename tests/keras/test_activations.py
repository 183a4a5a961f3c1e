"""Activation functions against NumPy, and their (de)serialisation."""
import numpy as np
import pytest

from keras import activations
from keras import backend as K


def evaluate(function, data, **kwargs):
    x = K.placeholder(shape=(None,) + data.shape[1:])
    return K.function([x], [function(x, **kwargs)])([data])[0]


DATA = np.array([[-3., -0.5, 0., 0.4, 2.5], [1., -1., 6., -6., 0.1]],
                dtype='float32')


def np_softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def np_elu(x, alpha=1.):
    return np.where(x > 0, x, alpha * (np.exp(x) - 1))


CASES = [
    ('softmax', {}, np_softmax(DATA)),
    ('elu', {}, np_elu(DATA)),
    ('elu', {'alpha': 0.5}, np_elu(DATA, 0.5)),
    ('selu', {}, 1.0507009873554805 * np_elu(DATA, 1.6732632423543772)),
    ('softplus', {}, np.log1p(np.exp(DATA))),
    ('softsign', {}, DATA / (1 + np.abs(DATA))),
    ('relu', {}, np.maximum(DATA, 0)),
    ('relu', {'alpha': 0.1, 'max_value': 2.},
     np.where(DATA > 0, np.minimum(DATA, 2.), 0.1 * DATA)),
    ('relu', {'threshold': 1.}, np.where(DATA > 1., DATA, 0.)),
    ('tanh', {}, np.tanh(DATA)),
    ('sigmoid', {}, 1. / (1. + np.exp(-DATA))),
    ('hard_sigmoid', {}, np.clip(0.2 * DATA + 0.5, 0., 1.)),
    ('exponential', {}, np.exp(DATA)),
    ('linear', {}, DATA),
]


@pytest.mark.parametrize('name,kwargs,expected', CASES,
                         ids=[c[0] + str(i) for i, c in enumerate(CASES)])
def test_activation_matches_numpy(name, kwargs, expected):
    function = activations.get(name)
    np.testing.assert_allclose(evaluate(function, DATA, **kwargs), expected,
                               rtol=1e-5, atol=1e-6)


def test_softmax_on_3d_and_axis():
    data = np.random.randn(2, 3, 4).astype('float32')
    np.testing.assert_allclose(evaluate(activations.softmax, data),
                               np_softmax(data), rtol=1e-5)
    np.testing.assert_allclose(evaluate(activations.softmax, data, axis=1),
                               np_softmax(data, axis=1), rtol=1e-5)


def test_softmax_rejects_1d():
    with pytest.raises(ValueError, match='Cannot apply softmax to a tensor '
                                         'that is 1D'):
        activations.softmax(K.placeholder(shape=(3,)))


def test_get_serialize_deserialize():
    assert activations.get(None) is activations.linear
    assert activations.get('relu') is activations.relu
    assert activations.serialize(activations.tanh) == 'tanh'
    assert activations.deserialize('sigmoid') is activations.sigmoid

    def custom(x):
        return x * 2
    assert activations.get(custom) is custom
    assert activations.deserialize('custom',
                                   custom_objects={'custom': custom}) is custom
    with pytest.raises(ValueError, match='Unknown activation function: '
                                         'nope'):
        activations.get('nope')
    with pytest.raises(ValueError, match='Could not interpret activation '
                                         'function identifier: 1'):
        activations.get(1)
