"""Sparse tensors, as far as Keras 2's K has them: the result of
K.ctc_label_dense_to_sparse, K.is_sparse, K.to_dense and K.eval.

A sparse tensor is TensorFlow's triple of tensors (symbolic or backend
values): `indices` (n, rank) int64, `values` (n,) and `dense_shape`
(rank,) int64. It is a namedtuple, so a graph node taking one sees its
three fields as inputs and gets it back rebuilt from their values.
"""
import collections

import numpy as np

from keras.backend.active import current
from keras.backend.ops.shape_utils import spec_dtype
from keras.backend.ops.shape_utils import spec_shape
from keras.backend.symbolic import graph
from keras.backend.symbolic.op import has_symbolic
from keras.backend.symbolic.op import record
from keras.backend.symbolic.tensor import KerasTensor

# What K.eval returns for a sparse tensor, as tf.compat.v1.SparseTensorValue.
SparseTensorValue = collections.namedtuple(
    'SparseTensorValue', ['indices', 'values', 'dense_shape'])


class SparseTensor(collections.namedtuple(
        'SparseTensor', ['indices', 'values', 'dense_shape'])):
    """A sparse tensor of tensors.

    Args:
        indices, values, dense_shape: the three tensors.
        shape: the static dense shape, None for unknown sizes; by default
            unknown sizes of the rank `dense_shape` has.
    """

    def __new__(cls, indices, values, dense_shape, shape=None):
        self = super(SparseTensor, cls).__new__(cls, indices, values,
                                                dense_shape)
        if shape is None:
            shape = (None,) * spec_shape(dense_shape)[0]
        self._keras_shape = tuple(shape)
        return self

    @property
    def shape(self):
        return self._keras_shape

    @property
    def dtype(self):
        return spec_dtype(self.values)


def is_sparse(tensor):
    return isinstance(tensor, SparseTensor)


def _densify(indices, values, dense_shape):
    return current().sparse_to_dense(indices, values, dense_shape, 0)


def to_dense(tensor):
    """A sparse tensor as a dense one (zeros where no value is given);
    any other tensor as it is."""
    if not is_sparse(tensor):
        return tensor
    args = tuple(tensor)
    if not has_symbolic(args):
        return _densify(*args)
    # The dense shape is only known when the graph runs.
    return record(_densify, args, {},
                  shape_rule=lambda a, k: [(tensor.shape, tensor.dtype)],
                  node_class=graph.HostOnlyNode, name='to_dense')


def evaluate(tensor):
    """K.eval of a sparse tensor: a SparseTensorValue of numpy arrays."""
    fields = list(tensor)
    symbolic = [i for i, f in enumerate(fields) if isinstance(f, KerasTensor)]
    if symbolic:
        values = current().evaluate([fields[i] for i in symbolic])
        for i, value in zip(symbolic, values):
            fields[i] = value
    return SparseTensorValue(*[np.asarray(current().to_numpy(f))
                               for f in fields])
