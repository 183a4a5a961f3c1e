"""Shape helpers shared by the K ops, and the shape rules shared by many.

Inside an op, values are backend tensors whose shapes may be partly
symbolic (pytensor): `static_shape` gives ints where known, None elsewhere,
and `dims` falls back to run-time sizes for the unknown ones.

Shape rules (symbolic_op's `shape=`) see the call's arguments, KerasTensors
among them, and compute the output shapes and dtypes without running
anything: `spec_shape`, `spec_dtype`, and the rules below. A size that
depends on a tensor's value is None unless it is known statically
(keras/backend/ops/sizes.py). Dtypes are those numpy gives: the numpy
backend is the reference.
"""
import builtins
import collections
import numbers

import numpy as np

from keras.backend import config
from keras.backend.active import current
from keras.backend.ops.sizes import combine
from keras.backend.ops.sizes import known_scalar
from keras.backend.ops.sizes import known_value
from keras.backend.ops.sizes import python_int
from keras.backend.symbolic.tensor import KerasTensor
from keras.backend.symbolic.tensor import standard_dtype


def static_shape(x):
    """Static shape of a backend value (None where unknown)."""
    if isinstance(x, (bool, numbers.Number)):
        return ()
    return tuple(None if d is None else int(d)
                 for d in current().static_shape(x))


def rank(x):
    return len(static_shape(x))


def dims(x):
    """The sizes of `x`: Python ints where static, run-time scalars
    elsewhere (usable in reshape targets)."""
    known = static_shape(x)
    if all(d is not None for d in known):
        return list(known)
    dynamic = current().shape(x)
    return [d if d is not None else dynamic[i] for i, d in enumerate(known)]


def spec_shape(x):
    """Static shape of a KerasTensor, a backend value or a Python number."""
    if isinstance(x, KerasTensor):
        return x.shape
    if isinstance(x, (bool, numbers.Number)):
        return ()
    if hasattr(x, 'shape'):
        try:
            return static_shape(x)
        except (TypeError, AttributeError):
            pass
    return np.shape(x)


def normalize_axis(axis, ndim, op_name):
    """`axis` as a non-negative int, or a ValueError naming the op."""
    axis = python_int(axis, op_name, 'axis')
    if not -ndim <= axis < max(ndim, 1):
        raise ValueError('%s: axis %d is out of range for a tensor of rank '
                         '%d.' % (op_name, axis, ndim))
    return axis % ndim if ndim else 0


def dims_compatible(a, b):
    return a is None or b is None or a == b


def spec_dtype(x):
    """dtype name of a KerasTensor, backend value or dtype (name); Python
    numbers are returned as is (weakly typed in numpy 2 promotion)."""
    if isinstance(x, KerasTensor):
        return x.dtype
    if isinstance(x, (str, np.dtype)):
        return standard_dtype(x)
    if isinstance(x, (bool, numbers.Number)):
        return x
    if hasattr(x, 'dtype'):
        return current().dtype_name(x)
    return np.asarray(x).dtype.name


def result_dtype(*operands):
    types = [spec_dtype(x) for x in operands]
    return np.result_type(*[np.dtype(t) if isinstance(t, str) else t
                            for t in types]).name


def is_float_dtype(dtype):
    return np.dtype(dtype).kind in 'fc'


def floating_dtype(dtype, default=None):
    """`dtype` if it is a float type, else `default` (floatx when None):
    the dtype of a mean, a variance, a softmax of it."""
    if is_float_dtype(dtype):
        return standard_dtype(dtype)
    return standard_dtype(default or config.floatx())


def argument(args, kwargs, index, name, default=None):
    """A call's argument given by position `index` or keyword `name`."""
    if name in kwargs:
        return kwargs[name]
    if len(args) > index:
        return args[index]
    return default


def product(sizes):
    """The product of sizes, None if one is unknown."""
    if any(d is None for d in sizes):
        return None
    return int(np.prod(sizes, dtype='int64'))


# Shape rules shared by many ops (see symbolic_op's `shape=`).

def broadcast_shapes(*shapes):
    rank = max(len(s) for s in shapes) if shapes else 0
    result = []
    for i in range(rank):
        dims = [s[len(s) - rank + i] for s in shapes
                if len(s) - rank + i >= 0]
        known = [d for d in dims if d is not None and d != 1]
        if any(d is None for d in dims) and not known:
            result.append(None if any(d is None for d in dims) else 1)
        elif known:
            if len(set(known)) > 1:
                raise ValueError('Incompatible shapes for broadcasting: %s'
                                 % (shapes,))
            result.append(known[0])
        else:
            result.append(1)
    return tuple(result)


def elementwise(*, n_args=2, dtype=None, value=None):
    """Rule for broadcasting element-wise ops on the first `n_args`.

    Args:
        dtype: the output dtype (default: numpy's promotion of the operands).
        value: for integer results, the function computing the result's
            known value from the operands' (sizes: `K.shape(x)[1] // 2`).
    """
    def rule(args, kwargs):
        operands = args[:n_args]
        shape = broadcast_shapes(*[spec_shape(a) for a in operands])
        out_dtype = dtype if dtype is not None else result_dtype(*operands)
        known = None
        if value is not None and np.dtype(out_dtype).kind in 'iu' and \
                len(shape) <= 1:
            known = combine(value, *[known_value(a) for a in operands])
        return [(shape, out_dtype, known)]
    return rule


def same_as_first(args, kwargs):
    x = args[0]
    return [(tuple(spec_shape(x)), result_dtype(x))]


# Axes.

def reduction_axes(axis, ndim, op_name):
    """The sorted axes an `axis` argument (None, an int or a list of ints)
    names in a tensor of rank `ndim`.

    Raises:
        TypeError: for a symbolic or non-integer axis.
        ValueError: for an axis out of range or named twice.
    """
    if axis is None:
        return tuple(range(ndim))
    entries = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    axes = [normalize_axis(a, ndim, op_name) for a in entries]
    if len(set(axes)) != len(axes):
        raise ValueError('%s: axis %s names an axis twice.' % (op_name, axis))
    return tuple(sorted(axes))


def reduced_shape(shape, axis, keepdims, op_name):
    """The shape of a reduction of a tensor of `shape` along `axis`."""
    axes = reduction_axes(axis, len(shape), op_name)
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def reduction(op_name, dtype=None, value=None):
    """Rule for `op(x, axis=None, keepdims=False)`.

    Args:
        dtype: a function of the input dtype name giving the output's
            (default: the input's).
        value: for integer vectors reduced to a scalar, the function of the
            entries giving the known value (K.prod(K.shape(x)[1:])).
    """
    def rule(args, kwargs):
        x = args[0]
        axis = argument(args, kwargs, 1, 'axis')
        keepdims = argument(args, kwargs, 2, 'keepdims', False)
        shape = reduced_shape(tuple(spec_shape(x)), axis, keepdims, op_name)
        in_dtype = result_dtype(x)
        out_dtype = dtype(in_dtype) if dtype is not None else in_dtype
        known = None
        if value is not None and shape == () and np.dtype(
                out_dtype).kind in 'iu':
            entries = known_value(x)
            if isinstance(entries, tuple) and None not in entries and entries:
                known = int(value(entries))
        return [(shape, out_dtype, known)]
    return rule


def summed_dtype(dtype):
    """numpy's sum/prod/cumsum dtype as the numpy backend computes them:
    integers keep their type (as Keras 2 on TensorFlow), booleans count
    in int64."""
    return 'int64' if dtype == 'bool' else dtype


def permutation(pattern, shape, op_name):
    """`pattern` checked as a permutation of the axes of a tensor of
    `shape`, as a tuple."""
    if isinstance(pattern, KerasTensor):
        python_int(pattern, op_name, 'pattern')
    pattern = tuple(python_int(p, op_name, 'pattern') for p in pattern)
    if sorted(pattern) != list(range(len(shape))):
        raise ValueError('%s: the pattern must be a permutation of the %d '
                         'axes of a tensor of shape %s; received %s.'
                         % (op_name, len(shape), tuple(shape), pattern))
    return pattern


# Indexing.

def slice_length(size, start, stop, step):
    """The length of `range(size)[start:stop:step]`; None if it depends on
    an unknown size or bound (bounds given as ints or None)."""
    if step is None:
        step = 1
    if step == 0:
        raise ValueError('slice step cannot be zero')
    if size is None:
        return None
    return len(range(*builtins.slice(start, stop, step).indices(size)))


def _known_bound(bound, argument):
    """A slice bound or step as an int, None (absent) or `unknown`."""
    if bound is None:
        return None
    known = known_scalar(bound, 'K.getitem', argument)
    return _UNKNOWN if known is None else known


_UNKNOWN = object()


def _index_entry_kind(entry):
    """'slice', 'int', 'newaxis', 'ellipsis', 'array' (integer indices) or
    'mask' (booleans) for one entry of an index."""
    if entry is None:
        return 'newaxis'
    if entry is Ellipsis:
        return 'ellipsis'
    if isinstance(entry, builtins.slice) or _is_encoded_slice(entry):
        return 'slice'
    if isinstance(entry, (bool, np.bool_)):
        return 'mask'
    if isinstance(entry, numbers.Integral):
        return 'int'
    shape = spec_shape(entry) if not isinstance(entry, list) else \
        np.shape(entry)
    dtype = spec_dtype(entry) if not isinstance(entry, list) else \
        np.asarray(entry).dtype.name
    if isinstance(dtype, numbers.Number):
        dtype = type(dtype).__name__
    if np.dtype(dtype).kind == 'b':
        return 'mask'
    if np.dtype(dtype).kind not in 'iu':
        raise IndexError('only integers, slices, None, Ellipsis and integer '
                         'or boolean arrays are valid indices; received %r.'
                         % (entry,))
    return 'int' if len(shape) == 0 else 'array'


def _consumed(entry, kind):
    """How many axes of the indexed tensor one index entry uses."""
    if kind in ('newaxis', 'ellipsis'):
        return 0
    if kind == 'mask':
        return 0 if isinstance(entry, (bool, np.bool_)) else len(
            spec_shape(entry))
    return 1


def _is_encoded_slice(entry):
    return isinstance(entry, SliceKey)


# A slice in an index recorded in a graph. Graph traversal does not look
# inside slice objects; it finds the tensor bounds of a namedtuple (and
# replaces them by their values when the graph runs).
SliceKey = collections.namedtuple('SliceKey', ['start', 'stop', 'step'])


def encode_index(key):
    """`key` as a tuple with its slices as SliceKeys, for recording."""
    if not isinstance(key, tuple):
        key = (key,)
    return tuple(SliceKey(k.start, k.stop, k.step)
                 if isinstance(k, builtins.slice) else k for k in key)


def decode_index(key):
    """The index a recorded (encoded) `key` stands for."""
    if isinstance(key, SliceKey):
        return builtins.slice(*key)
    if isinstance(key, tuple):
        return tuple(decode_index(k) for k in key)
    return key


def _slice_parts(entry):
    if isinstance(entry, builtins.slice):
        return entry.start, entry.stop, entry.step
    return tuple(entry)


def indexed_shape(shape, key):
    """The shape of `x[key]` for x of static `shape`, as numpy gives it.

    `key` entries: slices (bounds and steps ints, None or integer scalar
    tensors, negative steps included), ints or integer scalar tensors,
    None, Ellipsis, integer index arrays and boolean masks (numpy's
    advanced indexing). Sizes that depend on tensor values are None.
    """
    if isinstance(key, SliceKey) or not isinstance(key, tuple):
        key = (key,)
    kinds = [_index_entry_kind(k) for k in key]
    if kinds.count('ellipsis') > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    consumed = [_consumed(k, kind) for k, kind in zip(key, kinds)]
    if sum(consumed) > len(shape):
        raise IndexError('too many indices for a tensor of shape %s: %r'
                         % (tuple(shape), key))
    if 'ellipsis' in kinds:
        at = kinds.index('ellipsis')
        fill = len(shape) - sum(consumed)
        key = key[:at] + (builtins.slice(None),) * fill + key[at + 1:]
        kinds = kinds[:at] + ['slice'] * fill + kinds[at + 1:]
        consumed = consumed[:at] + [1] * fill + consumed[at + 1:]
    rest = len(shape) - sum(consumed)
    key = key + (builtins.slice(None),) * rest
    kinds = kinds + ['slice'] * rest
    consumed = consumed + [1] * rest

    basic = []      # output dims of the basic entries, in order
    advanced = []   # shapes of the index arrays (masks: their count)
    positions = []  # where they are among the basic output dims
    axis = 0
    for entry, kind, count in zip(key, kinds, consumed):
        if kind == 'newaxis':
            basic.append(1)
        elif kind == 'slice':
            size = shape[axis]
            bounds = [_known_bound(b, 'key') for b in _slice_parts(entry)]
            if any(b is _UNKNOWN for b in bounds):
                basic.append(None)
            else:
                basic.append(slice_length(size, *bounds))
        elif kind == 'int':
            index = known_scalar(entry, 'K.getitem', 'key')
            size = shape[axis]
            if index is not None and size is not None and not \
                    -size <= index < size:
                raise IndexError('index %d is out of bounds for axis %d '
                                 'with size %d' % (index, axis, size))
        elif kind == 'array':
            advanced.append(tuple(spec_shape(entry)))
            positions.append(len(basic))
        else:  # a boolean mask: its true entries, a value-dependent count
            mask_shape = tuple(spec_shape(entry))
            for i, d in enumerate(mask_shape):
                if not dims_compatible(d, shape[axis + i]):
                    raise IndexError('boolean index of shape %s does not '
                                     'match the indexed shape %s at axis %d'
                                     % (mask_shape, tuple(shape), axis + i))
            advanced.append((_mask_count(entry),))
            positions.append(len(basic))
        axis += count
    if not advanced:
        return tuple(basic)
    try:
        joined = broadcast_shapes(*advanced)
    except ValueError:
        raise IndexError('shape mismatch: index arrays could not be '
                         'broadcast together with shapes %s' % (advanced,))
    # numpy puts the broadcast index dims where the advanced entries are
    # when they are adjacent, else first. Integers count as advanced here.
    int_positions = [i for i, kind in enumerate(kinds)
                     if kind in ('array', 'mask', 'int')]
    adjacent = int_positions == list(range(int_positions[0],
                                           int_positions[-1] + 1))
    if not adjacent:
        return joined + tuple(basic)
    at = positions[0]
    return tuple(basic[:at]) + joined + tuple(basic[at:])


def _mask_count(mask):
    if isinstance(mask, KerasTensor):
        return None
    values = np.asarray(mask) if isinstance(mask, (list, bool, np.bool_,
                                                   np.ndarray)) else None
    if values is None:
        values = current().static_value(mask)
    return None if values is None else int(np.count_nonzero(values))
