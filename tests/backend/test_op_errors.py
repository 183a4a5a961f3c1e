"""Bad input raises when the graph is built, with a message naming what was
expected and what was received (the shapes); the ops that check their own
arguments raise the same way on concrete values."""
import numpy as np
import pytest

import keras.backend as K
from backend_harness import BACKEND


class ErrorCase(object):
    """`op(*args, **kwargs)` must raise `error` matching `match`.

    Shape tuples among `args` (at any depth) become float32 inputs of that
    shape. `eager`: the op checks its inputs itself, so concrete values
    raise too (otherwise the backend's own error is accepted there).
    """

    def __init__(self, op, args, match, error=ValueError, eager=True,
                 id=None, **kwargs):
        self.op, self.args, self.kwargs = op, args, kwargs
        self.match, self.error, self.eager = match, error, eager
        self.id = op + ('-' + id if id else '')


def S(*shape):
    return ('shape',) + shape


CASES = [
    ErrorCase('concatenate', ([S(2, 3), S(3, 3)],), r'\(2, 3\), \(3, 3\)',
              axis=1, id='mismatch'),
    ErrorCase('concatenate', ([S(None, 3), S(None, 4)],),
              r'\(None, 3\), \(None, 4\)', axis=0, id='unknown-batch',
              eager=False),
    ErrorCase('concatenate', ([S(2, 3), S(2, 3, 1)],), 'one rank',
              id='ranks'),
    ErrorCase('stack', ([S(2, 3), S(2, 4)],), r'\(2, 3\), \(2, 4\)'),
    ErrorCase('dot', (S(2, 3), S(4, 5)), r'\(2, 3\).*\(4, 5\)'),
    ErrorCase('dot', (S(2, 3), S(4, 2, 5)), r'\(2, 3\).*\(4, 2, 5\)',
              id='3d'),
    ErrorCase('batch_dot', (S(2,), S(2, 3)), 'rank < 2'),
    ErrorCase('batch_dot', (S(2, 3), S(4, 3)), 'different batch sizes',
              id='batch'),
    ErrorCase('batch_dot', (S(2, 3, 4), S(2, 4, 5)), 'axis 0', axes=(0, 1),
              id='batch-axis'),
    ErrorCase('batch_dot', (S(2, 3, 4), S(2, 5, 3)),
              r'x.shape\[2\] != y.shape\[1\] \(4 != 5\)', id='axes-sizes'),
    ErrorCase('batch_dot', (S(2, 3, 4), S(2, 4, 3)), 'Multiple target',
              axes=((1, 2), (1, 2)), id='multiple-axes'),
    ErrorCase('reshape', (S(2, 3), (4,)), r'\(2, 3\).*\(4,\)'),
    ErrorCase('reshape', (S(2, 3), (-1, -1)), 'at most one', id='two-unknown'),
    ErrorCase('permute_dimensions', (S(2, 3, 4), (0, 2)),
              r'permutation.*\(2, 3, 4\)'),
    ErrorCase('squeeze', (S(2, 3), 1), r'axis 1.*\(2, 3\).*got 3'),
    ErrorCase('expand_dims', (S(2, 3), 4), 'out of range'),
    ErrorCase('repeat', (S(2, 3, 4), 2), r'2D.*\(2, 3, 4\)'),
    ErrorCase('bias_add', (S(2, 3, 4), S(2, 2, 3, 4)),
              'Unexpected bias dimensions 4, expect to be 1 or 2'),
    ErrorCase('categorical_crossentropy', (S(2, 3), S(2, 3)),
              'Unexpected channels axis 5', axis=5),
    ErrorCase('sparse_categorical_crossentropy', (S(2,), S(2, 3)),
              'Unexpected channels axis 3', axis=3),
    ErrorCase('dropout', (S(2, 3), 1.5), r'\[0, 1\).*1.5'),
    ErrorCase('switch', (S(2, 3, 4), S(2, 3), S(2, 3)),
              r'ndim\(condition\)=3, ndim\(then_expression\)=2'),
    ErrorCase('maximum', (S(2, 3), S(4,)), r'\(2, 3\).*\(4,\)',
              eager=False),
    ErrorCase('temporal_padding', (S(2, 3, 4), (1, 2, 3)), 'pairs'),
    ErrorCase('temporal_padding', (S(2, 3), (1, 1)), r'rank 3.*\(2, 3\)',
              id='rank'),
    ErrorCase('spatial_2d_padding', (S(1, 2, 2, 1), ((1, 1),)), '2 pairs'),
    ErrorCase('resize_images', (S(1, 2, 2, 1), 2, 2, 'channels_last',
                                'bicubic'), 'nearest.*bilinear.*bicubic'),
    ErrorCase('resize_images', (S(1, 2, 2, 1), 2, 2, 'channels_middle'),
              'channels_middle', id='data-format'),
    ErrorCase('resize_volumes', (S(1, 2, 2, 2, 1), 1.5, 1, 1,
                                 'channels_last'), 'integer factors'),
    ErrorCase('map_fn', (lambda row: (row, row), S(2, 3)), 'one tensor',
              error=TypeError),
    ErrorCase('foldl', (lambda acc, row: K.concatenate([acc, row]),
                        S(2, 3)), r'accumulator.*\(3,\).*\(6,\)'),
]


def _build(args, make):
    if isinstance(args, tuple) and args[:1] == ('shape',):
        return make(args[1:])
    if isinstance(args, (list, tuple)):
        return type(args)(_build(a, make) for a in args)
    return args


def _concrete(shape):
    shape = tuple(2 if d is None else d for d in shape)
    return BACKEND.convert(np.ones(shape, dtype='float32'))


@pytest.mark.parametrize('case', CASES, ids=[c.id for c in CASES])
def test_error_when_building_graph(case):
    args = _build(case.args, lambda shape: K.placeholder(shape=shape))
    with pytest.raises(case.error, match=case.match):
        getattr(K, case.op)(*args, **case.kwargs)


EAGER = [c for c in CASES if c.eager and not any(
    d is None for a in c.args if isinstance(a, tuple) for d in a[1:])]


@pytest.mark.parametrize('case', EAGER, ids=[c.id for c in EAGER])
def test_error_on_concrete_values(case):
    args = _build(case.args, _concrete)
    with pytest.raises(case.error, match=case.match):
        getattr(K, case.op)(*args, **case.kwargs)


def test_unknown_dimensions_are_compatible_with_known_ones():
    x = K.placeholder(shape=(None, 3))
    known = K.variable(np.ones((4, 3)))
    assert K.int_shape(K.concatenate([x, known], axis=0)) == (None, 3)
    assert K.int_shape(K.concatenate([x, known], axis=1)) == (4, 6)
    assert K.int_shape(K.stack([x, known])) == (2, 4, 3)
    assert K.int_shape(K.maximum(x, known)) == (4, 3)
    assert K.int_shape(K.batch_dot(x, K.placeholder(shape=(None, 3)),
                                   axes=1)) == (None, 1)
