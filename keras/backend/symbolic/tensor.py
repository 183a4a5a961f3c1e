"""Symbolic tensors: placeholders, op results and variables.

A KerasTensor stands for a value that only exists when a compiled function
runs. It knows its static shape (None for unknown dims) and dtype, and the
graph node that produces it. Variables are KerasTensors too: ops on them are
recorded, because their values change between calls.
"""
import itertools

import numpy as np

_tensor_counter = itertools.count()


def standard_dtype(dtype):
    """Canonical dtype name: 'float32', 'int64', 'bool', ..."""
    if dtype is None:
        return None
    if isinstance(dtype, str):
        return np.dtype(dtype).name
    if type(dtype).__module__ == 'torch':  # torch.float32 has no .name
        return np.dtype(str(dtype).rpartition('.')[2]).name
    name = getattr(dtype, 'name', None)
    if isinstance(name, str):
        try:
            return np.dtype(name).name
        except TypeError:
            pass
    return np.dtype(dtype).name


class KerasTensor(object):
    """A symbolic tensor of the shared graph.

    Attributes:
        node: the `Node` that computes it (None for placeholders/variables).
        index: which output of `node` it is.
        shape: static shape tuple, None for unknown dimensions.
        dtype: dtype name.
        name: a readable name.
    """
    # numpy must defer to our operators (ndarray + KerasTensor).
    __array_priority__ = 100

    def __init__(self, shape, dtype, node=None, index=0, name=None):
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = standard_dtype(dtype)
        self.node = node
        self.index = index
        self.uid = next(_tensor_counter)
        self.name = name or 'tensor_%d' % self.uid
        self._keras_shape = self.shape
        self._uses_learning_phase = False

    @property
    def ndim(self):
        return len(self.shape)

    def get_shape(self):
        return _StaticShape(self.shape)

    def __repr__(self):
        return '<KerasTensor %r shape=%s dtype=%s>' % (
            self.name, self.shape, self.dtype)

    def __hash__(self):
        return id(self)

    def __len__(self):
        if not self.shape or self.shape[0] is None:
            raise TypeError('len() of a symbolic tensor with unknown first '
                            'dimension: %r' % (self,))
        return self.shape[0]

    def __iter__(self):
        raise TypeError('A symbolic tensor is not iterable: %r. Use K ops '
                        '(K.gather, slicing) instead.' % (self,))

    def __bool__(self):
        raise TypeError('The truth value of a symbolic tensor is unknown '
                        'until it is evaluated: %r. Use K.switch.' % (self,))

    # Operators are bound in keras.backend.ops.operators, once the ops exist.


class Placeholder(KerasTensor):
    """An input fed when a compiled function is called."""

    def __init__(self, shape, dtype, name=None, sparse=False):
        super(Placeholder, self).__init__(shape, dtype, name=name)
        self.sparse = sparse


class Variable(KerasTensor):
    """A stateful tensor whose value lives in the backend's storage.

    `storage` is the backend's own container (a jax array, a tf.Variable, a
    torch tensor, a pytensor shared variable or a numpy array).
    """

    def __init__(self, storage, shape, dtype, name=None, constraint=None,
                 trainable=True):
        super(Variable, self).__init__(shape, dtype, name=name)
        self.storage = storage
        self.constraint = constraint
        self.trainable = trainable


class _StaticShape(tuple):
    """What `x.get_shape()` returns: a tuple with `as_list()`."""

    def as_list(self):
        return list(self)


def is_symbolic(x):
    return isinstance(x, KerasTensor)
