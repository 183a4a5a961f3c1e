"""Tensor creation, casting and shape manipulation."""
import builtins

import numpy as np

from keras.backend import config
from keras.backend.active import current
from keras.backend.ops.shape_utils import dims
from keras.backend.ops.shape_utils import dims_compatible
from keras.backend.ops.shape_utils import normalize_axis
from keras.backend.ops.shape_utils import rank
from keras.backend.ops.shape_utils import result_dtype
from keras.backend.ops.shape_utils import spec_dtype
from keras.backend.ops.shape_utils import spec_shape
from keras.backend.ops.shape_utils import static_shape
from keras.backend.symbolic.op import symbolic_op
from keras.backend.symbolic.tensor import KerasTensor
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


def _like_rule(args, kwargs):
    x = args[0]
    dtype = kwargs.get('dtype', args[1] if len(args) > 1 else None)
    return [(spec_shape(x), standard_dtype(dtype or spec_dtype(x)))]


@symbolic_op(shape=_like_rule)
def zeros_like(x, dtype=None, name=None):
    """Zeros of the shape of `x`, with `dtype` (default: that of `x`)."""
    b = current()
    return b.zeros_like(x, standard_dtype(dtype or b.dtype_name(x)))


@symbolic_op(shape=_like_rule)
def ones_like(x, dtype=None, name=None):
    b = current()
    return b.ones_like(x, standard_dtype(dtype or b.dtype_name(x)))


def _cast_rule(args, kwargs):
    dtype = kwargs.get('dtype', args[1] if len(args) > 1 else None)
    return [(spec_shape(args[0]), standard_dtype(dtype))]


@symbolic_op(shape=_cast_rule)
def cast(x, dtype):
    """`x` converted to `dtype` (a string such as 'float16', 'int32')."""
    return current().cast(x, standard_dtype(dtype))


def _reshape_target(x_shape, target):
    """The static output shape of a reshape, checking sizes when known."""
    if isinstance(target, KerasTensor):
        if len(target.shape) != 1 or target.shape[0] is None:
            raise ValueError('K.reshape: a shape tensor must be a vector of '
                             'known length; received %r.' % (target,))
        return (None,) * target.shape[0]
    out = [None if isinstance(d, KerasTensor) else int(d) for d in target]
    if out.count(-1) > 1:
        raise ValueError('K.reshape: at most one dimension may be -1; '
                         'received %s.' % (tuple(target),))
    total = None if None in x_shape else int(np.prod(x_shape))
    known = [d for d in out if d is not None and d != -1]
    if -1 in out:
        index = out.index(-1)
        if total is not None and None not in out:
            rest = int(np.prod(known))
            if rest == 0 or total % rest:
                raise ValueError('K.reshape: cannot reshape a tensor of shape '
                                 '%s into %s.' % (x_shape, tuple(target)))
            out[index] = total // rest
        else:
            out[index] = None
    elif total is not None and None not in out and \
            int(np.prod(out)) != total:
        raise ValueError('K.reshape: cannot reshape a tensor of shape %s '
                         '(%d values) into %s.'
                         % (x_shape, total, tuple(target)))
    return tuple(out)


def _reshape_rule(args, kwargs):
    x = args[0]
    target = kwargs['shape'] if 'shape' in kwargs else args[1]
    return [(_reshape_target(spec_shape(x), target), spec_dtype(x))]


@symbolic_op(shape=_reshape_rule)
def reshape(x, shape):
    """`x` with a new shape (a tuple, possibly with one -1 and tensor
    entries such as `K.shape(x)[0]`, or a shape tensor)."""
    if not isinstance(shape, (tuple, list)):
        # A shape tensor (K.shape(y)) may only be known when the compiled
        # function runs (tensorflow, pytensor): the backend takes it as is.
        return current().reshape(x, shape)
    if all(isinstance(d, (int, np.integer)) for d in shape):
        _reshape_target(static_shape(x), shape)
    return current().reshape(x, tuple(shape))


@symbolic_op
def transpose(x):
    """Reverses the axes of `x`."""
    return current().transpose(x, None)


@symbolic_op
def permute_dimensions(x, pattern):
    """Permutes the axes of `x` by `pattern`, e.g. (0, 2, 1)."""
    pattern = tuple(pattern)
    if sorted(pattern) != list(range(rank(x))):
        raise ValueError('K.permute_dimensions: the pattern must be a '
                         'permutation of the %d axes of a tensor of shape %s; '
                         'received %s.' % (rank(x), static_shape(x), pattern))
    return current().transpose(x, pattern)


@symbolic_op
def batch_flatten(x):
    """Flattens every axis but the first: shape (batch, -1)."""
    shape = static_shape(x)
    if None in shape[1:]:
        return current().reshape(x, (dims(x)[0], -1))
    return current().reshape(x, (-1, int(np.prod(shape[1:]))))


@symbolic_op
def flatten(x):
    return current().reshape(x, (-1,))


@symbolic_op
def expand_dims(x, axis=-1):
    """`x` with a new axis of size 1 at `axis`."""
    return current().expand_dims(x, normalize_axis(axis, rank(x) + 1,
                                                   'K.expand_dims'))


@symbolic_op
def squeeze(x, axis):
    """Removes axis `axis`, which must have size 1."""
    shape = static_shape(x)
    axis = normalize_axis(axis, len(shape), 'K.squeeze')
    if shape[axis] not in (1, None):
        raise ValueError('K.squeeze: cannot squeeze axis %d of a tensor of '
                         'shape %s: expected a dimension of 1, got %d.'
                         % (axis, shape, shape[axis]))
    return current().squeeze(x, axis)


def _joined_shapes(tensors, axis, op_name, new_axis):
    shapes = [tuple(spec_shape(t)) for t in tensors]
    if not shapes:
        raise ValueError('%s needs at least one tensor.' % op_name)
    ranks = set(len(s) for s in shapes)
    if len(ranks) > 1:
        raise ValueError('%s needs tensors of one rank; received shapes %s.'
                         % (op_name, shapes))
    out_rank = len(shapes[0]) + (1 if new_axis else 0)
    axis = normalize_axis(axis, out_rank, op_name)
    merged = list(shapes[0])
    for shape in shapes[1:]:
        for i, d in enumerate(shape):
            if not new_axis and i == axis:
                continue
            if not dims_compatible(merged[i], d):
                if new_axis:
                    detail = 'all shapes must be equal'
                else:
                    detail = ('shapes must match except on the concatenation '
                              'axis %d' % axis)
                raise ValueError('%s: %s; received shapes %s.'
                                 % (op_name, detail, shapes))
            if merged[i] is None:
                merged[i] = d
    if new_axis:
        merged.insert(axis, len(shapes))
    else:
        sizes = [s[axis] for s in shapes]
        merged[axis] = None if None in sizes else builtins.sum(sizes)
    return tuple(merged), axis


def _concatenate_rule(args, kwargs):
    tensors = list(args[0])
    axis = kwargs.get('axis', args[1] if len(args) > 1 else -1)
    shape, _ = _joined_shapes(tensors, axis, 'K.concatenate', False)
    return [(shape, result_dtype(*tensors))]


@symbolic_op(shape=_concatenate_rule)
def concatenate(tensors, axis=-1):
    """Concatenation of a list of tensors along `axis`."""
    tensors = list(tensors)
    _, axis = _joined_shapes(tensors, axis, 'K.concatenate', False)
    return current().concatenate(tensors, axis)


def _stack_rule(args, kwargs):
    tensors = list(args[0])
    axis = kwargs.get('axis', args[1] if len(args) > 1 else 0)
    shape, _ = _joined_shapes(tensors, axis, 'K.stack', True)
    return [(shape, result_dtype(*tensors))]


@symbolic_op(shape=_stack_rule)
def stack(x, axis=0):
    """Stacks a list of tensors of one shape along a new axis."""
    x = list(x)
    _, axis = _joined_shapes(x, axis, 'K.stack', True)
    return current().stack(x, axis)


@symbolic_op
def repeat(x, n):
    """Repeats a 2D tensor `n` times: (batch, dim) -> (batch, n, dim)."""
    if rank(x) != 2:
        raise ValueError('K.repeat expects a 2D tensor; received a tensor of '
                         'shape %s.' % (static_shape(x),))
    backend = current()
    return backend.repeat(backend.expand_dims(x, 1), n, 1)


@symbolic_op
def repeat_elements(x, rep, axis):
    """Repeats each element `rep` times along `axis`, like np.repeat."""
    return current().repeat(x, rep, normalize_axis(axis, rank(x),
                                                   'K.repeat_elements'))


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
    0 to start; empty for a negative start, as Keras 2)."""
    if stop is None:
        start, stop = 0, builtins.max(start, 0)
    return current().arange(start, stop, step, standard_dtype(dtype))


@symbolic_op(shape=lambda args, kwargs: [((), 'int32')])
def size(x, name=None):
    """The number of entries of `x`, as an int32 scalar tensor."""
    backend = current()
    return backend.cast(backend.prod(backend.shape(x)), 'int32')


def pattern_broadcast(x, broadcastable):
    """Theano's broadcast pattern: a flag per axis saying the axis has size
    1. Broadcasting here follows the shapes, so this checks and returns `x`.
    """
    shape = spec_shape(x)
    if len(broadcastable) != len(shape):
        raise ValueError('K.pattern_broadcast: %d flags for a tensor of rank '
                         '%d.' % (len(broadcastable), len(shape)))
    for axis, (flag, d) in enumerate(zip(broadcastable, shape)):
        if flag and d not in (1, None):
            raise ValueError('K.pattern_broadcast: axis %d of shape %s is '
                             'marked broadcastable but has size %d.'
                             % (axis, shape, d))
    return x


@symbolic_op
def getitem(x, key):
    """x[key], for the operator `[]` of symbolic tensors."""
    return current().getitem(x, key)
