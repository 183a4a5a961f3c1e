"""Regularizers: penalties against NumPy, model losses, serialisation."""
import numpy as np
import pytest

from keras import backend as K
from keras import regularizers
from keras.engine.input_layer import Input
from keras.engine.training import Model
from keras.layers import Dense

WEIGHTS = np.array([[1., -2.], [0.5, 3.]], dtype='float32')


@pytest.mark.parametrize('regularizer,expected', [
    (regularizers.l1(0.1), 0.1 * 6.5),
    (regularizers.l2(0.2), 0.2 * 14.25),
    (regularizers.l1_l2(l1=0.1, l2=0.2), 0.1 * 6.5 + 0.2 * 14.25),
    (regularizers.L1L2(), 0.),
])
def test_penalty_matches_numpy(regularizer, expected):
    penalty = regularizer(K.variable(WEIGHTS))
    assert float(K.eval(penalty)) == pytest.approx(expected, rel=1e-5)


def test_default_factors():
    assert float(regularizers.l1().l1) == pytest.approx(0.01)
    assert float(regularizers.l2().l2) == pytest.approx(0.01)
    both = regularizers.l1_l2()
    assert float(both.l1) == pytest.approx(0.01)
    assert float(both.l2) == pytest.approx(0.01)


def test_regularizers_add_model_losses():
    x = Input(shape=(2,))
    dense = Dense(2, kernel_regularizer=regularizers.l2(0.5),
                  activity_regularizer=regularizers.l1(0.1))
    model = Model(x, dense(x))
    dense.set_weights([WEIGHTS, np.zeros(2)])
    assert len(model.losses) == 2
    data = np.array([[1., 1.]], dtype='float32')
    values = K.function([x], model.losses)([data])
    activity = np.abs(data.dot(WEIGHTS)).sum()
    assert sorted(float(v) for v in values) == pytest.approx(
        sorted([0.5 * 14.25, 0.1 * activity]), rel=1e-5)


def test_serialization():
    config = regularizers.serialize(regularizers.l1_l2(l1=0.25, l2=0.5))
    assert config == {'class_name': 'L1L2',
                      'config': {'l1': 0.25, 'l2': 0.5}}
    restored = regularizers.deserialize(config)
    assert isinstance(restored, regularizers.L1L2)
    assert float(restored.l2) == 0.5
    from_name = regularizers.get('l2')
    assert isinstance(from_name, regularizers.L1L2)
    assert float(from_name.l2) == pytest.approx(0.01)
    assert regularizers.get(None) is None
    assert isinstance(regularizers.get(config), regularizers.L1L2)
    with pytest.raises(ValueError, match='Could not interpret regularizer '
                                         'identifier: 3'):
        regularizers.get(3)
    with pytest.raises(ValueError, match='Unknown regularizer: l3'):
        regularizers.get('l3')
