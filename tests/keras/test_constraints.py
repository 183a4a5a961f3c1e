"""Constraints against NumPy projections, and their serialisation."""
import numpy as np
import pytest

from keras import backend as K
from keras import constraints

WEIGHTS = np.array([[3., -0.5, 0.], [4., 0.2, -2.]], dtype='float32')
EPSILON = 1e-7


def project(constraint):
    return K.eval(constraint(K.variable(WEIGHTS)))


def column_norms(w):
    return np.sqrt((w ** 2).sum(axis=0, keepdims=True))


def test_max_norm():
    norms = column_norms(WEIGHTS)
    expected = WEIGHTS * np.clip(norms, 0, 2.) / (EPSILON + norms)
    np.testing.assert_allclose(project(constraints.MaxNorm(2.)), expected,
                               rtol=1e-5, atol=1e-6)
    result = project(constraints.max_norm(1., axis=1))
    assert np.all(np.sqrt((result ** 2).sum(axis=1)) <= 1. + 1e-5)


def test_non_neg():
    np.testing.assert_array_equal(project(constraints.NonNeg()),
                                  np.maximum(WEIGHTS, 0.))


def test_unit_norm():
    expected = WEIGHTS / (EPSILON + column_norms(WEIGHTS))
    np.testing.assert_allclose(project(constraints.UnitNorm()), expected,
                               rtol=1e-5, atol=1e-6)


def test_min_max_norm():
    norms = column_norms(WEIGHTS)
    desired = 0.5 * np.clip(norms, 1., 2.) + 0.5 * norms
    expected = WEIGHTS * desired / (EPSILON + norms)
    result = project(constraints.MinMaxNorm(min_value=1., max_value=2.,
                                            rate=0.5))
    np.testing.assert_allclose(result, expected, rtol=1e-5, atol=1e-6)


def test_aliases_and_serialization():
    assert constraints.maxnorm is constraints.MaxNorm
    assert constraints.nonneg is constraints.NonNeg
    assert constraints.unitnorm is constraints.UnitNorm
    assert constraints.min_max_norm is constraints.MinMaxNorm
    config = constraints.serialize(constraints.MaxNorm(3, axis=1))
    assert config == {'class_name': 'MaxNorm',
                      'config': {'max_value': 3, 'axis': 1}}
    assert constraints.deserialize(config).max_value == 3
    assert isinstance(constraints.get('non_neg'), constraints.NonNeg)
    assert isinstance(constraints.get('unit_norm'), constraints.UnitNorm)
    assert constraints.get(None) is None
    config = constraints.serialize(constraints.MinMaxNorm())
    assert config['config'] == {'min_value': 0.0, 'max_value': 1.0,
                                'rate': 1.0, 'axis': 0}
    with pytest.raises(ValueError, match='Could not interpret constraint '
                                         'identifier'):
        constraints.get(2)


def test_constraint_is_attached_to_the_weight():
    from keras.engine.input_layer import Input
    from keras.layers import Dense
    constraint = constraints.NonNeg()
    dense = Dense(2, kernel_constraint=constraint)
    dense(Input(shape=(3,)))
    assert dense.kernel.constraint is constraint
    assert dense.bias.constraint is None


# RadialConstraint of tf-keras 2.21 applied to
# w = arange(n * n * 2 * 3).reshape(n, n, 2, 3) * 0.5 - 7: the plane of
# input channel 0, filter 0, as tf_keras printed it, and the diagonal
# entry w[d, d] each position takes (every channel and filter alike).
RADIAL_TF_KERAS = {
    3: ([[5., 5., 5.], [5., -7., 5.], [5., 5., 5.]],
        [[1, 1, 1], [1, 0, 1], [1, 1, 1]]),
    4: ([[38., 38., 38., 38.], [38., 8., 8., 38.], [38., 8., 8., 38.],
         [38., 38., 38., 38.]],
        [[3, 3, 3, 3], [3, 1, 1, 3], [3, 1, 1, 3], [3, 3, 3, 3]]),
    5: ([[47., 47., 47., 47., 47.], [47., 29., 29., 29., 47.],
         [47., 29., 11., 29., 47.], [47., 29., 29., 29., 47.],
         [47., 47., 47., 47., 47.]],
        [[3, 3, 3, 3, 3], [3, 2, 2, 2, 3], [3, 2, 1, 2, 3],
         [3, 2, 2, 2, 3], [3, 3, 3, 3, 3]]),
}


@pytest.mark.parametrize('size', sorted(RADIAL_TF_KERAS))
def test_radial_constraint_matches_tf_keras(size):
    w = np.arange(size * size * 6, dtype='float32').reshape(
        size, size, 2, 3) * 0.5 - 7
    plane, diagonal = RADIAL_TF_KERAS[size]
    result = K.eval(constraints.RadialConstraint()(K.variable(w)))
    np.testing.assert_array_equal(result[:, :, 0, 0], plane)
    diagonal = np.array(diagonal)
    np.testing.assert_array_equal(result, w[diagonal, diagonal])
    assert constraints.serialize(constraints.get('radial_constraint')) == {
        'class_name': 'RadialConstraint', 'config': {}}


def test_radial_constraint_needs_a_square_kernel():
    with pytest.raises(ValueError, match=r'square kernel .* received '
                                         r'shape \(3, 2, 1, 1\)'):
        constraints.RadialConstraint()(K.variable(np.ones((3, 2, 1, 1))))
