"""Every K op of the tables, on the session backend, against the numpy
backend: eager on concrete values, symbolic on variables (K.eval), and
through placeholders with an unknown batch size (K.function); gradients
against central differences on backends that train."""
import numpy as np
import pytest

import keras.backend as K
from backend_cases_array import CASES as ARRAY_CASES
from backend_cases_conv import CASES as CONV_CASES
from backend_cases_math import CASES as MATH_CASES
from backend_cases_nn import CASES as NN_CASES
from backend_harness import BACKEND
from backend_harness import TRAINS
from backend_harness import assert_same_values
from backend_harness import expected_static_shapes
from backend_harness import float_inputs
from backend_harness import is_symbolic
from backend_harness import known_static_shapes
from backend_harness import loss_weights
from backend_harness import numeric_gradients
from backend_harness import outputs_list
from backend_harness import placeholder_for
from backend_harness import reference
from backend_harness import unique_ids

CASES = unique_ids(MATH_CASES + ARRAY_CASES + NN_CASES + CONV_CASES)
GRADIENT_CASES = [c for c in CASES if c.differentiable()]


def by_id(cases):
    return pytest.mark.parametrize('case', cases, ids=[c.id for c in cases])


@by_id(CASES)
def test_eager(case):
    expected = reference(case)
    result = outputs_list(case.call(lambda i, a: BACKEND.convert(a)))
    assert len(result) == len(expected)
    for out, ref in zip(result, expected):
        assert not is_symbolic(out), (
            '%s on concrete values returned a symbolic tensor' % case.id)
        assert_same_values(K.eval(out), ref, case, 'eager value')


@by_id(CASES)
def test_variable(case):
    expected = reference(case)
    result = outputs_list(case.call(
        lambda i, a: K.variable(a, dtype=a.dtype.name)))
    assert len(result) == len(expected)
    for out, ref, shape in zip(result, expected,
                               known_static_shapes(case, expected)):
        assert is_symbolic(out)
        assert K.int_shape(out) == shape, (
            'static shape of %s: %s, expected %s (real shape %s)'
            % (case.id, K.int_shape(out), shape, ref.shape))
        assert K.dtype(out) == ref.dtype.name
        assert_same_values(K.eval(out), ref, case, 'K.eval value')


@by_id(CASES)
def test_placeholder(case):
    expected = reference(case)
    static = expected_static_shapes(case, expected)
    arrays = case.arrays()
    inputs = [placeholder_for(a, i in case.batched)
              for i, a in enumerate(arrays)]
    result = outputs_list(case.call(lambda i, a: inputs[i]))
    for out, shape, ref in zip(result, static, expected):
        assert K.int_shape(out) == shape, (
            'static shape of %s with unknown batch: %s, expected %s'
            % (case.id, K.int_shape(out), shape))
        assert K.dtype(out) == ref.dtype.name
    values = K.function(inputs, result)(arrays)
    for value, ref in zip(values, expected):
        assert_same_values(value, ref, case, 'K.function value')


@pytest.mark.backends(*TRAINS)
@by_id(GRADIENT_CASES)
def test_gradient(case):
    expected = reference(case)
    wrt = float_inputs(case)
    assert wrt, '%s: no float input to differentiate' % case.id
    weights = loss_weights(expected)
    arrays = case.arrays()
    inputs = [placeholder_for(a, False) for a in arrays]
    outputs = outputs_list(case.call(lambda i, a: inputs[i]))
    loss = sum(K.sum(out * K.constant(w, dtype=w.dtype.name))
               for out, w in zip(outputs, weights))
    grads = K.gradients(loss, [inputs[i] for i in wrt])
    assert all(g is not None for g in grads), case.id
    values = K.function(inputs, grads)(arrays)
    for value, numeric, index in zip(values, numeric_gradients(
            case, weights, wrt), wrt):
        assert value.shape == arrays[index].shape
        np.testing.assert_allclose(value, numeric, rtol=2e-3, atol=2e-4,
                                   err_msg='gradient of %s wrt input %d'
                                   % (case.id, index))
