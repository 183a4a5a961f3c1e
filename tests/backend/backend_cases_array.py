"""Conformance table: casting, shape manipulation, indexing, switch."""
import operator

import numpy as np

import keras.backend as K
from backend_harness import Case
from backend_harness import bools
from backend_harness import integers
from backend_harness import signed

A = signed(2, 3)
B = signed(2, 3)
C = signed(2, 3, 4)
INT = integers(2, 3, high=4)
MASK = bools(2, 3)



# Sizes computed from shapes, as Keras 2 code writes them. Their static
# shapes come from what is known of the sizes (None where they follow the
# unknown batch size); the values from the sizes when the graph runs.

def tile_by_batch(x):
    return K.tile(x, K.stack([K.shape(x)[0], 1, 1]))


def first_half_by_slice(x):
    return K.slice(x, [0, 0, 0], K.stack([-1, K.shape(x)[1] // 2, -1]))


def first_half_by_index(x):
    return x[:, :K.shape(x)[1] // 2]


def last_rows_by_index(x):
    return x[K.shape(x)[0] - 1:, ::K.shape(x)[1] - 1]


def positions(x):
    return K.arange(K.shape(x)[0])


def positions_from(x):
    return K.arange(1, K.shape(x)[1] * 2, 2, dtype='float32')


def reshape_keep_batch(x):
    return K.reshape(x, (K.shape(x)[0], -1))


def reshape_like(x, y):
    return K.reshape(x, K.shape(y))


def one_hot_classes_of(indices, probs):
    return K.one_hot(indices, K.shape(probs)[-1])


def repeat_by_width(x):
    return K.repeat(x, K.shape(x)[1])


def size_of_rows(x):
    return K.prod(K.shape(x)[1:])


CASES = [
    Case('cast', A, 'int32', id='float-to-int'),
    Case('cast', INT, 'float32', id='int-to-float'),
    Case('cast', MASK, 'float32', id='bool-to-float'),
    Case('cast', A, 'float64', id='float64'),
    Case('cast', A, 'float16', id='float16', grad=False),
    Case('zeros_like', A, grad=False),
    Case('zeros_like', A, dtype='int32', id='dtype'),
    Case('ones_like', INT),
    Case('ones_like', C, grad=False),
    Case('reshape', C, (-1, 12)),
    Case('reshape', C, (2, 12), id='static', batched=()),
    Case('reshape', C, (-1,), id='flat'),
    Case('reshape', C, (-1, 3, 2, 2), id='split'),
    Case('transpose', A),
    Case('transpose', C, id='3d'),
    Case('permute_dimensions', C, (0, 2, 1)),
    Case('permute_dimensions', C, (2, 0, 1), id='batch-moves'),
    Case('batch_flatten', C),
    Case('batch_flatten', signed(2, 2, 2, 2), id='4d'),
    Case('flatten', C),
    Case('expand_dims', A),
    Case('expand_dims', A, 0, id='axis0'),
    Case('expand_dims', C, axis=1, id='axis1'),
    Case('squeeze', signed(2, 1, 3), 1),
    Case('squeeze', signed(2, 3, 1), -1, id='last'),
    Case('concatenate', [A, B]),
    Case('concatenate', [A, B, A], axis=0, id='axis0'),
    Case('concatenate', [C, signed(2, 3, 2)], axis=2, id='3d'),
    Case('concatenate', [C, signed(2, 1, 4)], axis=-2, id='negative-axis'),
    Case('concatenate', [INT, INT], axis=1, id='int'),
    Case('stack', [A, B]),
    Case('stack', [A, B, A], axis=1, id='axis1'),
    Case('stack', [C, C], axis=-1, id='last'),
    Case('repeat', A, 3),
    Case('repeat_elements', C, 2, axis=1),
    Case('repeat_elements', A, 3, 0, id='batch-axis'),
    Case('repeat_elements', C, 2, -1, id='last'),
    Case('tile', A, 2),
    Case('tile', C, (2, 1, 2), id='3d'),
    Case('tile', A, [1, 3], id='list'),
    Case('gather', signed(5, 3), integers(4, high=5)),
    Case('gather', signed(5, 2, 2), integers(2, 3, high=5), id='2d-indices'),
    Case('one_hot', integers(2, 3, high=4), 4),
    Case('one_hot', integers(3, high=5), 5, id='1d'),
    Case('reverse', C, 1),
    Case('reverse', C, [0, 2], id='list'),
    Case('reverse', A, -1, id='last'),
    Case('slice', C, (0, 1, 0), (2, 2, -1)),
    Case('slice', A, (1, 0), (1, 2), id='rows'),
    Case(operator.getitem, C, (slice(None), 1)),
    Case(operator.getitem, C, (Ellipsis, 0), id='ellipsis'),
    Case(operator.getitem, C, 0, id='first', batched=()),
    Case(operator.getitem, A, (slice(None), slice(None, None, -1)),
         id='negative-step'),
    Case(operator.getitem, C, (slice(None), slice(0, 2), slice(1, 3)),
         id='ranges'),
    Case('size', C),
    Case('shape', C),
    Case(tile_by_batch, C),
    Case(first_half_by_slice, signed(2, 5, 3)),
    Case(first_half_by_index, C),
    # One row whatever the batch size, but its start follows the batch.
    Case(last_rows_by_index, C, static=[(None, 2, 4)]),
    Case(positions, C),
    Case(positions_from, C),
    # TensorFlow does not see that the -1 follows the batch size either.
    Case(reshape_keep_batch, C, static=[(None, None)]),
    Case(reshape_like, signed(2, 12), C),
    Case(one_hot_classes_of, integers(4, high=3), signed(4, 3)),
    Case(repeat_by_width, A),
    Case(size_of_rows, C),
    Case(operator.getitem, C, (slice(None), None, slice(1, None)),
         id='newaxis'),
    Case(operator.getitem, C, (Ellipsis, -1), id='negative-index'),
    Case(operator.getitem, C, (slice(None), slice(-2, None), slice(1, -1)),
         id='negative-bounds'),

    Case('switch', MASK, A, B),
    Case('switch', MASK[:, 0], C, C * 2, id='lower-rank-condition'),
    Case('switch', np.array(True), A, B, id='scalar-condition',
         batched=(1, 2)),
    Case('switch', A > 0, A, 0. * A, id='relu-like'),
    Case('switch', INT > 1, INT, INT * 3, id='int'),
]
