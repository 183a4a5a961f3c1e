"""K.variable and K.constant refuse text and other non-numeric values
with a message naming the op and its `value` argument (NumPy's own
"could not convert string to float" named neither)."""
import numpy as np
import pytest

from keras import backend as K


@pytest.mark.parametrize('value', ['abc', np.array(['a', 'b']), ['1', '2'],
                                   np.array([b'x'])])
def test_k_variable_and_constant_refuse_text(value):
    with pytest.raises(ValueError, match='K.variable: `value` must be '
                                         'numeric.*received text'):
        K.variable(value)
    with pytest.raises(ValueError, match='K.constant: `value` must be '
                                         'numeric.*received text'):
        K.constant(value)


def test_k_variable_names_its_argument_for_other_bad_values():
    with pytest.raises(ValueError, match='K.variable: `value` cannot be '
                                         'converted to float32'):
        K.variable({'a': 1})
    np.testing.assert_allclose(K.get_value(K.variable([1, 2])), [1., 2.])
    np.testing.assert_allclose(K.eval(K.constant(3)), 3.)
