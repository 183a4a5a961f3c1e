"""Tensor creation, casting and shape manipulation."""
import builtins

import numpy as np

from keras.backend import config
from keras.backend.active import current
from keras.backend.symbolic.op import symbolic_op
from keras.backend.symbolic.tensor import standard_dtype


def _floatx(dtype):
    return standard_dtype(dtype or config.floatx())


def _filled(value, shape, dtype, name):
    from keras.backend.ops.core import variable
    return variable(np.full(tuple(shape), value, dtype=_floatx(dtype)),
                    dtype=dtype, name=name)


def zeros(shape, dtype=None, name=None):
    """A variable of zeros (Keras 2 returns variables here)."""
    return _filled(0, shape, dtype, name)


def ones(shape, dtype=None, name=None):
    return _filled(1, shape, dtype, name)


def eye(size, dtype=None, name=None):
    """An identity-matrix variable; `size` is an int or a (rows, cols) pair.
    """
    from keras.backend.ops.core import variable
    rows, cols = (size, size) if isinstance(size, int) else size
    return variable(np.eye(rows, cols), dtype=dtype, name=name)


@symbolic_op
def zeros_like(x, dtype=None, name=None):
    return current().zeros(tuple(x.shape), dtype or standard_dtype(x.dtype))


@symbolic_op
def ones_like(x, dtype=None, name=None):
    return current().ones(tuple(x.shape), dtype or standard_dtype(x.dtype))


@symbolic_op
def cast(x, dtype):
    """`x` converted to `dtype` (a string such as 'float16', 'int32')."""
    return current().cast(x, standard_dtype(dtype))


@symbolic_op
def reshape(x, shape):
    """`x` with a new shape (a tuple, possibly with one -1, or a tensor)."""
    if not isinstance(shape, (tuple, list)):
        shape = tuple(int(s) for s in np.asarray(current().to_numpy(shape)))
    return current().reshape(x, tuple(shape))


@symbolic_op
def transpose(x):
    """Reverses the axes of `x`."""
    return current().transpose(x, None)


@symbolic_op
def permute_dimensions(x, pattern):
    """Permutes the axes of `x` by `pattern`, e.g. (0, 2, 1)."""
    return current().transpose(x, tuple(pattern))


@symbolic_op
def batch_flatten(x):
    """Flattens every axis but the first: shape (batch, -1)."""
    return current().reshape(x, (-1, int(np.prod(x.shape[1:]))))


@symbolic_op
def flatten(x):
    return current().reshape(x, (-1,))


@symbolic_op
def expand_dims(x, axis=-1):
    return current().expand_dims(x, axis)


@symbolic_op
def squeeze(x, axis):
    return current().squeeze(x, axis)


@symbolic_op
def concatenate(tensors, axis=-1):
    """Concatenation of a list of tensors along `axis`."""
    return current().concatenate(list(tensors), axis)


@symbolic_op
def stack(x, axis=0):
    return current().stack(list(x), axis)


@symbolic_op
def repeat(x, n):
    """Repeats a 2D tensor `n` times: (batch, dim) -> (batch, n, dim)."""
    if len(x.shape) != 2:
        raise ValueError('K.repeat expects a 2D tensor; received rank %d.'
                         % len(x.shape))
    backend = current()
    return backend.repeat(backend.expand_dims(x, 1), n, 1)


@symbolic_op
def repeat_elements(x, rep, axis):
    """Repeats each element `rep` times along `axis`, like np.repeat."""
    return current().repeat(x, rep, axis)


@symbolic_op
def tile(x, n):
    """Tiles `x` by `n` (an int or a sequence of ints)."""
    if isinstance(n, int):
        n = (n,)
    return current().tile(x, tuple(n))


@symbolic_op
def gather(reference, indices):
    """Rows of `reference` picked by the integer tensor `indices`."""
    backend = current()
    return backend.take(reference, backend.cast(indices, 'int64'), 0)


@symbolic_op
def one_hot(indices, num_classes):
    """One-hot encoding of an integer tensor: a new last axis of
    `num_classes` float entries."""
    backend = current()
    classes = backend.arange(0, num_classes, 1, 'int64')
    hits = backend.equal(backend.expand_dims(backend.cast(indices, 'int64'),
                                             -1), classes)
    return backend.cast(hits, config.floatx())


@symbolic_op
def reverse(x, axes):
    """Reverses `x` along `axes` (an int or a list of ints)."""
    if isinstance(axes, int):
        axes = [axes]
    return current().flip(x, tuple(axes))


@symbolic_op
def slice(x, start, size):
    """The slice of `x` starting at `start` with `size` (lists of ints)."""
    key = tuple(builtins.slice(b, b + s if s != -1 else None)
                for b, s in zip(start, size))
    return current().getitem(x, key)


def arange(start, stop=None, step=1, dtype='int32'):
    """A 1D tensor of evenly spaced values, like np.arange (start only: from
    0 to start)."""
    if stop is None:
        start, stop = 0, start
    return current().arange(start, stop, step, standard_dtype(dtype))


@symbolic_op
def getitem(x, key):
    """x[key], for the operator `[]` of symbolic tensors."""
    return current().getitem(x, key)
