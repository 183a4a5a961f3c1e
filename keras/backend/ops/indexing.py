"""Indexing: gather, one_hot, reverse, slice and `x[key]` of symbolic
tensors. Sizes and bounds may be tensors (`x[:, :K.shape(x)[1] // 2]`)."""
import builtins

from keras.backend import config
from keras.backend.active import current
from keras.backend.ops.shape_utils import SliceKey
from keras.backend.ops.shape_utils import argument
from keras.backend.ops.shape_utils import decode_index
from keras.backend.ops.shape_utils import dims
from keras.backend.ops.shape_utils import encode_index
from keras.backend.ops.shape_utils import indexed_shape
from keras.backend.ops.shape_utils import rank
from keras.backend.ops.shape_utils import reduction_axes
from keras.backend.ops.shape_utils import result_dtype
from keras.backend.ops.shape_utils import same_as_first
from keras.backend.ops.shape_utils import spec_shape
from keras.backend.ops.sizes import combine
from keras.backend.ops.sizes import known_scalar
from keras.backend.ops.sizes import known_sizes
from keras.backend.ops.sizes import known_value
from keras.backend.ops.sizes import python_int
from keras.backend.ops.sizes import static_size
from keras.backend.ops.sizes import static_sizes
from keras.backend.symbolic.op import symbolic_op
from keras.backend.symbolic.tensor import KerasTensor


def _gather_rule(args, kwargs):
    reference = argument(args, kwargs, 0, 'reference')
    indices = argument(args, kwargs, 1, 'indices')
    shape = tuple(spec_shape(reference))
    if not shape:
        raise ValueError('K.gather needs a reference of rank 1 or more; '
                         'received a scalar.')
    return [(tuple(spec_shape(indices)) + shape[1:], result_dtype(reference))]


@symbolic_op(shape=_gather_rule)
def gather(reference, indices):
    """Rows of `reference` picked by the integer tensor `indices`."""
    backend = current()
    return backend.take(reference, backend.cast(indices, 'int64'), 0)


def _one_hot_rule(args, kwargs):
    indices = argument(args, kwargs, 0, 'indices')
    classes = known_scalar(argument(args, kwargs, 1, 'num_classes'),
                           'K.one_hot', 'num_classes')
    return [(tuple(spec_shape(indices)) + (classes,), config.floatx())]


@symbolic_op(shape=_one_hot_rule)
def one_hot(indices, num_classes):
    """One-hot encoding of an integer tensor: a new last axis of
    `num_classes` (an int or a scalar tensor) float entries."""
    backend = current()
    num_classes = static_size(num_classes, 'K.one_hot', 'num_classes')
    classes = backend.arange(0, num_classes, 1, 'int64')
    hits = backend.equal(backend.expand_dims(backend.cast(indices, 'int64'),
                                             -1), classes)
    return backend.cast(hits, config.floatx())


def _reverse_axes(axes, ndim):
    axes = list(axes) if isinstance(axes, (list, tuple)) else [axes]
    return reduction_axes([python_int(a, 'K.reverse', 'axes') for a in axes],
                          ndim, 'K.reverse')


def _reverse_rule(args, kwargs):
    _reverse_axes(argument(args, kwargs, 1, 'axes'),
                  len(spec_shape(args[0])))
    return same_as_first(args, kwargs)


@symbolic_op(shape=_reverse_rule)
def reverse(x, axes):
    """Reverses `x` along `axes` (an int or a list of ints)."""
    return current().flip(x, _reverse_axes(axes, rank(x)))


def _slice_rule(args, kwargs):
    x = args[0]
    shape = tuple(spec_shape(x))
    starts = known_sizes(argument(args, kwargs, 1, 'start'), 'K.slice',
                         'start')
    sizes = known_sizes(argument(args, kwargs, 2, 'size'), 'K.slice', 'size')
    if len(starts) != len(shape) or len(sizes) != len(shape):
        raise ValueError('K.slice: `start` and `size` need one entry per axis '
                         'of x (shape %s); received %d and %d entries.'
                         % (shape, len(starts), len(sizes)))
    out = []
    for axis, (d, b, s) in enumerate(zip(shape, starts, sizes)):
        if (b is not None and b < 0) or (s is not None and s < -1):
            raise ValueError('K.slice: start %s and size %s are invalid for '
                             'axis %d (start >= 0, size >= 0 or -1).'
                             % (b, s, axis))
        if s == -1:
            out.append(combine(lambda size, begin: size - begin, d, b))
        else:
            if None not in (d, b, s) and b + s > d:
                raise ValueError('K.slice: start %d + size %d exceed the '
                                 'size %d of axis %d.' % (b, s, d, axis))
            out.append(s)
    return [(tuple(out), result_dtype(x))]


def _entry(values, i):
    if isinstance(values, (tuple, list)):
        return values[i]
    return current().getitem(values, i)


@symbolic_op(shape=_slice_rule)
def slice(x, start, size):
    """The slice of `x` starting at `start` with `size` (lists of ints and
    scalar tensors, or integer vectors; a size of -1 takes the rest of the
    axis)."""
    b = current()
    starts = static_sizes(start, 'K.slice', 'start')
    sizes = static_sizes(size, 'K.slice', 'size')
    key = []
    for i in range(rank(x)):
        begin, length = _entry(starts, i), _entry(sizes, i)
        if isinstance(length, int):
            stop = None if length == -1 else b.add(begin, length) \
                if not isinstance(begin, int) else begin + length
        else:  # known when the graph runs (tensorflow, pytensor)
            stop = b.where(b.equal(length, -1), dims(x)[i],
                           b.add(begin, length))
        key.append(builtins.slice(begin, stop))
    return b.getitem(x, tuple(key))


def _getitem_rule(args, kwargs):
    x, key = args
    return [(indexed_shape(tuple(spec_shape(x)), key), result_dtype(x),
             _indexed_value(x, key))]


def _indexed_value(x, key):
    """What is known of `x[key]` for a known vector `x` (a shape)."""
    values = known_value(x) if len(spec_shape(x)) == 1 else None
    if not isinstance(values, tuple) or len(key) != 1:
        return None
    entry = key[0]
    if isinstance(entry, SliceKey):
        bounds = [None if b is None else known_scalar(b, 'K.getitem', 'key')
                  for b in entry]
        if any(b is None and e is not None for b, e in zip(bounds, entry)):
            return None
        return values[builtins.slice(*bounds)]
    if entry is None or entry is Ellipsis or isinstance(entry, list) or (
            isinstance(entry, KerasTensor) and entry.shape != ()):
        return None
    index = known_scalar(entry, 'K.getitem', 'key')
    if index is None or not -len(values) <= index < len(values):
        return None
    return values[index]


@symbolic_op(shape=_getitem_rule)
def _getitem(x, key):
    return current().getitem(x, _runnable_index(decode_index(key)))


def _runnable_index(key):
    """`key` with slice bounds as Python ints where they are known now:
    sizes of the result, which jax's jit needs static."""
    parts = []
    for entry in key:
        if isinstance(entry, builtins.slice):
            entry = builtins.slice(*[
                b if b is None or isinstance(b, int)
                else static_size(b, 'K.getitem', 'slice bound')
                for b in (entry.start, entry.stop, entry.step)])
        parts.append(entry)
    return tuple(parts)


def getitem(x, key):
    """x[key] for symbolic tensors (the operator `[]`): numpy's indexing,
    with tensor bounds and indices allowed."""
    return _getitem(x, encode_index(key))
