"""Conformance table: element-wise math, comparisons, reductions, products.
"""
import operator

from backend_harness import Case
from backend_harness import bools
from backend_harness import integers
from backend_harness import positive
from backend_harness import signed

A = signed(2, 3)
B = signed(2, 3)
C = signed(2, 3, 4)
POS = positive(2, 3)
ROW = signed(3)
INT = integers(2, 3, high=4)
INT2 = integers(2, 3, high=4)
MASK = bools(2, 3)
HALVES = signed(2, 3) * 3

CASES = [
    # Element-wise, one input.
    Case('abs', A),
    Case('square', A),
    Case('sqrt', POS),
    Case('sqrt', A, id='negative-gives-zero', grad=False),
    Case('exp', A),
    Case('log', POS),
    Case('round', HALVES, grad=False),
    Case('sign', A, grad=False),
    Case('sign', INT - 2, id='int'),
    Case('sin', A),
    Case('cos', A),
    Case('tanh', A),
    Case('pow', POS, 2.5),
    Case('pow', A, 3, id='int-exponent'),
    Case('pow', A, -2, id='negative-exponent'),
    Case('clip', A, -0.5, 0.6),
    Case('clip', A, None, 0.6, id='no-min'),
    Case('clip', A, -0.5, None, id='no-max'),
    Case('clip', A, 0.5, -0.5, id='max-below-min'),
    # Element-wise, two inputs, with broadcasting.
    Case('maximum', A, B),
    Case('maximum', A, ROW, id='broadcast'),
    Case('maximum', A, 0.1, id='scalar'),
    Case('minimum', A, B),
    Case('minimum', C, 0.1, id='scalar'),
    Case(operator.add, A, B),
    Case(operator.add, A, ROW, id='broadcast'),
    Case(operator.sub, A, 2.),
    Case(operator.mul, C, 3.),
    Case(operator.truediv, A, POS),
    Case(operator.pow, POS, 1.5),
    Case(operator.neg, A),
    Case(operator.add, INT, INT2, id='int'),
    Case(operator.floordiv, INT, INT2 + 1, id='int'),
    Case(operator.mod, INT, INT2 + 1, id='int'),
    # Comparisons give bool tensors.
    Case('equal', INT, INT2),
    Case('equal', A, A, id='float'),
    Case('not_equal', INT, INT2),
    Case('greater', A, B),
    Case('greater', A, 0., id='scalar'),
    Case('greater_equal', INT, INT2),
    Case('less', A, B),
    Case('less_equal', INT, INT2),
    Case(operator.lt, A, B),
    Case(operator.ge, A, 0.5),
    # Reductions.
    Case('sum', C),
    Case('sum', C, axis=1),
    Case('sum', C, axis=-1, keepdims=True, id='last-keepdims'),
    Case('sum', C, axis=[0, 2], id='list'),
    Case('sum', INT, axis=1, id='int'),
    Case('mean', C),
    Case('mean', C, axis=1, keepdims=True),
    Case('mean', C, axis=[1, 2], id='list'),
    Case('mean', MASK, axis=0, id='bool'),
    Case('mean', INT, axis=0, id='int'),
    Case('max', C),
    Case('max', C, axis=1),
    Case('max', C, axis=-1, keepdims=True, id='keepdims'),
    Case('max', INT, axis=1, id='int'),
    Case('min', C, axis=0),
    Case('min', C, axis=[0, 1], keepdims=True, id='list-keepdims'),
    Case('prod', A, axis=1),
    Case('prod', C),
    Case('prod', INT, axis=0, id='int'),
    Case('var', C),
    Case('var', C, axis=1),
    Case('var', C, axis=-1, keepdims=True, id='keepdims'),
    Case('std', C, axis=2),
    Case('std', C, axis=[0, 1], id='list'),
    Case('any', MASK),
    Case('any', MASK, axis=1),
    Case('any', A > 1, axis=0, keepdims=True, id='keepdims'),
    Case('any', INT, axis=1, id='int'),
    Case('all', MASK, axis=0),
    Case('all', A, id='float'),
    Case('argmax', C),
    Case('argmax', C, axis=1),
    Case('argmin', A, axis=0),
    Case('argmin', C),
    Case('logsumexp', C),
    Case('logsumexp', C, axis=1),
    Case('logsumexp', C * 50, axis=-1, keepdims=True, id='large'),
    Case('cumsum', C, axis=1),
    Case('cumsum', A),
    Case('cumsum', INT, axis=1, id='int'),
    Case('cumprod', A, axis=1),
    Case('cumprod', C),
    # Products.
    Case('dot', A, signed(3, 4)),
    Case('dot', A, signed(4, 3, 5), id='3d-right'),
    Case('dot', C, signed(4, 5), id='3d-left'),
    Case('dot', C, signed(2, 4, 5), id='3d-both', batched=(0,)),
    Case('dot', ROW, signed(3, 4), id='vector-matrix', batched=()),
    Case('dot', A, ROW, id='matrix-vector'),
    Case(operator.matmul, A, signed(3, 2)),
    Case('batch_dot', signed(32, 20, 1), signed(32, 30, 20), axes=(1, 2),
         id='keras-doc-example', grad=False),
    Case('batch_dot', signed(3, 4, 1), signed(3, 5, 4), axes=(1, 2),
         id='axes-1-2'),
    Case('batch_dot', signed(2, 2), signed(2, 2), axes=1, id='2d-2d'),
    Case('batch_dot', signed(2, 3, 4), signed(2, 4, 5), id='default-axes'),
    Case('batch_dot', signed(2, 3, 4), signed(2, 4), id='3d-2d'),
    Case('batch_dot', signed(2, 4), signed(2, 4, 5), id='2d-3d'),
    Case('batch_dot', signed(2, 3, 4), signed(2, 5, 3), axes=[1, 2],
         id='list-axes'),
    Case('batch_dot', signed(2, 3, 2, 4), signed(2, 4, 5), axes=(-1, 1),
         id='4d-3d'),
    Case('batch_dot', signed(2, 3, 4), signed(2, 3, 4), axes=(-1, -1),
         id='negative-axes'),
]
