"""Tensor creation, casting and shape manipulation. Indexing (gather,
one_hot, reverse, slice, []) is in indexing.py."""
import builtins
import numbers

import numpy as np

from keras.backend import config
from keras.backend.active import current
from keras.backend.ops.indexing import gather  # noqa: F401
from keras.backend.ops.indexing import getitem  # noqa: F401
from keras.backend.ops.indexing import one_hot  # noqa: F401
from keras.backend.ops.indexing import reverse  # noqa: F401
from keras.backend.ops.indexing import slice  # noqa: F401
from keras.backend.ops.shape_utils import argument
from keras.backend.ops.shape_utils import dims
from keras.backend.ops.shape_utils import dims_compatible
from keras.backend.ops.shape_utils import normalize_axis
from keras.backend.ops.shape_utils import permutation
from keras.backend.ops.shape_utils import product
from keras.backend.ops.shape_utils import rank
from keras.backend.ops.shape_utils import result_dtype
from keras.backend.ops.shape_utils import spec_shape
from keras.backend.ops.shape_utils import static_shape
from keras.backend.ops.sizes import combine
from keras.backend.ops.sizes import known_scalar
from keras.backend.ops.sizes import known_sizes
from keras.backend.ops.sizes import known_value
from keras.backend.ops.sizes import python_int
from keras.backend.ops.sizes import static_number
from keras.backend.ops.sizes import static_size
from keras.backend.ops.sizes import static_sizes
from keras.backend.symbolic.op import has_symbolic
from keras.backend.symbolic.op import symbolic_op
from keras.backend.symbolic.tensor import standard_dtype


def _floatx(dtype):
    return standard_dtype(dtype or config.floatx())


# Creation.

def _full_rule(args, kwargs):
    shape, _, dtype, op_name = args
    return [(known_sizes(shape, op_name, 'shape'), dtype)]


@symbolic_op(shape=_full_rule)
def _full(shape, value, dtype, op_name):
    return current().full(static_sizes(shape, op_name, 'shape'), value,
                          dtype)


def _filled(value, shape, dtype, name, op_name):
    """A variable filled with `value`, as Keras 2 returns when the shape is
    known; a tensor when the shape holds sizes known only when the graph
    runs (`K.zeros(K.shape(x))`), as Keras 2 on TensorFlow does."""
    dtype = _floatx(dtype)
    if has_symbolic(shape):
        sizes = known_sizes(shape, op_name, 'shape')
        if None in sizes:
            return _full(shape, value, dtype, op_name)
        shape = sizes
    elif not isinstance(shape, (numbers.Integral, list, tuple)):
        shape = static_sizes(shape, op_name, 'shape')
        if not isinstance(shape, tuple):  # a shape tensor of the graph
            return current().full(shape, value, dtype)
    from keras.backend.ops.core import variable
    return variable(np.full(shape, value, dtype=dtype), dtype=dtype,
                    name=name)


def zeros(shape, dtype=None, name=None):
    """A variable of zeros (Keras 2 returns variables here), or a tensor
    for a shape known only when the graph runs."""
    return _filled(0, shape, dtype, name, 'K.zeros')


def ones(shape, dtype=None, name=None):
    return _filled(1, shape, dtype, name, 'K.ones')


def eye(size, dtype=None, name=None):
    """An identity-matrix variable; `size` is an int or a (rows, cols) pair.
    """
    from keras.backend.ops.core import variable
    if isinstance(size, (list, tuple)):
        rows, cols = [python_int(s, 'K.eye', 'size') for s in size]
    else:
        rows = cols = python_int(size, 'K.eye', 'size')
    return variable(np.eye(rows, cols), dtype=dtype, name=name)


def _like_rule(args, kwargs):
    x = args[0]
    dtype = argument(args, kwargs, 1, 'dtype')
    return [(spec_shape(x), standard_dtype(dtype or result_dtype(x)))]


@symbolic_op(shape=_like_rule)
def zeros_like(x, dtype=None, name=None):
    """Zeros of the shape of `x`, with `dtype` (default: that of `x`)."""
    b = current()
    return b.zeros_like(x, standard_dtype(dtype or b.dtype_name(x)))


@symbolic_op(shape=_like_rule)
def ones_like(x, dtype=None, name=None):
    b = current()
    return b.ones_like(x, standard_dtype(dtype or b.dtype_name(x)))


def _arange_length(start, stop, step):
    if step == 0:
        raise ValueError('K.arange: `step` must not be zero.')
    if None in (start, stop, step):
        return None
    return builtins.max(int(np.ceil((stop - start) / step)), 0)


def _known_number(value, op_name, argument_name):
    if isinstance(value, numbers.Number):
        return value
    return known_scalar(value, op_name, argument_name)


def _arange_rule(args, kwargs):
    start = argument(args, kwargs, 0, 'start')
    stop = argument(args, kwargs, 1, 'stop')
    step = argument(args, kwargs, 2, 'step', 1)
    dtype = standard_dtype(argument(args, kwargs, 3, 'dtype', 'int32'))
    start, step = [_known_number(v, 'K.arange', n)
                   for v, n in ((start, 'start'), (step, 'step'))]
    if stop is None:
        start, stop = 0, None if start is None else builtins.max(start, 0)
    else:
        stop = _known_number(stop, 'K.arange', 'stop')
    return [((_arange_length(start, stop, step),), dtype)]


@symbolic_op(shape=_arange_rule)
def arange(start, stop=None, step=1, dtype='int32'):
    """A 1D tensor of evenly spaced values, like np.arange (start only: from
    0 to start; empty for a negative start, as Keras 2). The bounds may be
    scalar tensors (`K.arange(K.shape(x)[0])`)."""
    b = current()
    start = static_number(start, 'K.arange', 'start')
    step = static_number(step, 'K.arange', 'step')
    if stop is None:
        if isinstance(start, numbers.Number):
            start, stop = 0, builtins.max(start, 0)
        else:
            start, stop = 0, b.maximum(start, 0)
    else:
        stop = static_number(stop, 'K.arange', 'stop')
    return b.arange(start, stop, step, standard_dtype(dtype))


def _cast_rule(args, kwargs):
    x = args[0]
    dtype = standard_dtype(argument(args, kwargs, 1, 'dtype'))
    known = known_value(x) if np.dtype(dtype).kind in 'iu' else None
    return [(spec_shape(x), dtype, known)]


@symbolic_op(shape=_cast_rule)
def cast(x, dtype):
    """`x` converted to `dtype` (a string such as 'float16', 'int32')."""
    return current().cast(x, standard_dtype(dtype))


# Shape manipulation.

def _reshape_target(x_shape, target):
    """The static output shape of a reshape to `target` (sizes as ints,
    None where unknown), checking them when known."""
    out = list(target)
    if out.count(-1) > 1:
        raise ValueError('K.reshape: at most one dimension may be -1; '
                         'received %s.' % (tuple(target),))
    total = product(x_shape)
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
    target = known_sizes(argument(args, kwargs, 1, 'shape'), 'K.reshape',
                         'shape')
    return [(_reshape_target(tuple(spec_shape(x)), target), result_dtype(x))]


@symbolic_op(shape=_reshape_rule)
def reshape(x, shape):
    """`x` with a new shape: a tuple (possibly with one -1, and entries
    such as `K.shape(x)[0]`) or a shape tensor (`K.shape(y)`)."""
    target = static_sizes(shape, 'K.reshape', 'shape')
    if isinstance(target, tuple):
        _reshape_target(static_shape(x), target)
    elif isinstance(target, list):
        target = tuple(target)
    return current().reshape(x, target)


@symbolic_op(shape=lambda args, kwargs: [
    (tuple(reversed(spec_shape(args[0]))), result_dtype(args[0]))])
def transpose(x):
    """Reverses the axes of `x`."""
    return current().transpose(x, None)


def _permute_rule(args, kwargs):
    x = args[0]
    shape = tuple(spec_shape(x))
    pattern = permutation(argument(args, kwargs, 1, 'pattern'), shape,
                          'K.permute_dimensions')
    return [(tuple(shape[p] for p in pattern), result_dtype(x))]


@symbolic_op(shape=_permute_rule)
def permute_dimensions(x, pattern):
    """Permutes the axes of `x` by `pattern`, e.g. (0, 2, 1)."""
    pattern = permutation(pattern, static_shape(x), 'K.permute_dimensions')
    return current().transpose(x, pattern)


def _batch_flatten_rule(args, kwargs):
    shape = tuple(spec_shape(args[0]))
    first = shape[0] if shape else 1
    return [((first, product(shape[1:])), result_dtype(args[0]))]


@symbolic_op(shape=_batch_flatten_rule)
def batch_flatten(x):
    """Flattens every axis but the first: shape (batch, -1)."""
    shape = static_shape(x)
    if None in shape[1:]:
        return current().reshape(x, (dims(x)[0], -1))
    return current().reshape(x, (-1, int(np.prod(shape[1:]))))


@symbolic_op(shape=lambda args, kwargs: [
    ((product(spec_shape(args[0])),), result_dtype(args[0]))])
def flatten(x):
    return current().reshape(x, (-1,))


def _expand_dims_rule(args, kwargs):
    shape = list(spec_shape(args[0]))
    axis = normalize_axis(argument(args, kwargs, 1, 'axis', -1),
                          len(shape) + 1, 'K.expand_dims')
    shape.insert(axis, 1)
    return [(tuple(shape), result_dtype(args[0]))]


@symbolic_op(shape=_expand_dims_rule)
def expand_dims(x, axis=-1):
    """`x` with a new axis of size 1 at `axis`."""
    return current().expand_dims(x, normalize_axis(axis, rank(x) + 1,
                                                   'K.expand_dims'))


def _squeezed_axis(shape, axis):
    axis = normalize_axis(axis, len(shape), 'K.squeeze')
    if shape[axis] not in (1, None):
        raise ValueError('K.squeeze: cannot squeeze axis %d of a tensor of '
                         'shape %s: expected a dimension of 1, got %d.'
                         % (axis, shape, shape[axis]))
    return axis


def _squeeze_rule(args, kwargs):
    shape = tuple(spec_shape(args[0]))
    axis = _squeezed_axis(shape, argument(args, kwargs, 1, 'axis'))
    return [(shape[:axis] + shape[axis + 1:], result_dtype(args[0]))]


@symbolic_op(shape=_squeeze_rule)
def squeeze(x, axis):
    """Removes axis `axis`, which must have size 1."""
    return current().squeeze(x, _squeezed_axis(static_shape(x), axis))


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
    axis = argument(args, kwargs, 1, 'axis', -1)
    shape, _ = _joined_shapes(tensors, axis, 'K.concatenate', False)
    dtype = result_dtype(*tensors)
    known = None
    if len(shape) == 1 and np.dtype(dtype).kind in 'iu':
        parts = [known_value(t) for t in tensors]
        if all(isinstance(p, tuple) for p in parts):
            known = builtins.sum(parts, ())
    return [(shape, dtype, known)]


@symbolic_op(shape=_concatenate_rule)
def concatenate(tensors, axis=-1):
    """Concatenation of a list of tensors along `axis`."""
    tensors = list(tensors)
    _, axis = _joined_shapes(tensors, axis, 'K.concatenate', False)
    return current().concatenate(tensors, axis)


def _stack_rule(args, kwargs):
    tensors = list(args[0])
    axis = argument(args, kwargs, 1, 'axis', 0)
    shape, _ = _joined_shapes(tensors, axis, 'K.stack', True)
    dtype = result_dtype(*tensors)
    known = None
    if len(shape) == 1 and np.dtype(dtype).kind in 'iu':
        known = tuple(known_scalar(t, 'K.stack', 'x') for t in tensors)
    return [(shape, dtype, known)]


@symbolic_op(shape=_stack_rule)
def stack(x, axis=0):
    """Stacks a list of tensors of one shape along a new axis (scalar
    sizes into a shape: `K.stack([K.shape(x)[0], 1, 1])`)."""
    x = list(x)
    _, axis = _joined_shapes(x, axis, 'K.stack', True)
    return current().stack(x, axis)


# Repetition.

def _repeat_rule(args, kwargs):
    x = args[0]
    shape = tuple(spec_shape(x))
    if len(shape) != 2:
        raise ValueError('K.repeat expects a 2D tensor; received a tensor of '
                         'shape %s.' % (shape,))
    n = known_scalar(argument(args, kwargs, 1, 'n'), 'K.repeat', 'n')
    return [((shape[0], n, shape[1]), result_dtype(x))]


@symbolic_op(shape=_repeat_rule)
def repeat(x, n):
    """Repeats a 2D tensor `n` times: (batch, dim) -> (batch, n, dim)."""
    if rank(x) != 2:
        raise ValueError('K.repeat expects a 2D tensor; received a tensor of '
                         'shape %s.' % (static_shape(x),))
    backend = current()
    n = static_size(n, 'K.repeat', 'n')
    if isinstance(n, int):
        return backend.repeat(backend.expand_dims(x, 1), n, 1)
    return backend.tile(backend.expand_dims(x, 1), [1, n, 1])


def _repeat_elements_rule(args, kwargs):
    x = args[0]
    shape = list(spec_shape(x))
    rep = python_int(argument(args, kwargs, 1, 'rep'), 'K.repeat_elements',
                     'rep')
    axis = normalize_axis(argument(args, kwargs, 2, 'axis'), len(shape),
                          'K.repeat_elements')
    shape[axis] = None if shape[axis] is None else shape[axis] * rep
    return [(tuple(shape), result_dtype(x))]


@symbolic_op(shape=_repeat_elements_rule)
def repeat_elements(x, rep, axis):
    """Repeats each element `rep` (a Python int) times along `axis`, like
    np.repeat."""
    rep = python_int(rep, 'K.repeat_elements', 'rep')
    return current().repeat(x, rep, normalize_axis(axis, rank(x),
                                                   'K.repeat_elements'))


def _tile_rule(args, kwargs):
    x = args[0]
    shape = tuple(spec_shape(x))
    reps = known_sizes(argument(args, kwargs, 1, 'n'), 'K.tile', 'n')
    # numpy pads the shorter of the shape and the multiples with ones.
    width = builtins.max(len(shape), len(reps))
    shape = (1,) * (width - len(shape)) + shape
    reps = (1,) * (width - len(reps)) + tuple(reps)
    out = tuple(combine(lambda d, r: d * r, d, r) if r != 1 else d
                for d, r in zip(shape, reps))
    return [(out, result_dtype(x))]


@symbolic_op(shape=_tile_rule)
def tile(x, n):
    """Tiles `x` by `n`: an int, a list of ints and scalar tensors, or an
    integer vector tensor (`K.stack([K.shape(x)[0], 1, 1])`)."""
    return current().tile(x, static_sizes(n, 'K.tile', 'n'))


@symbolic_op(shape=lambda args, kwargs: [
    ((), 'int32', product(spec_shape(args[0])))])
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
