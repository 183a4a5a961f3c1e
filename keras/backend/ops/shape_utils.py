"""Shape helpers shared by the K ops.

Inside an op, values are backend tensors whose shapes may be partly
symbolic (pytensor): `static_shape` gives ints where known, None elsewhere,
and `dims` falls back to run-time sizes for the unknown ones. Shape rules
see KerasTensors and use `spec_shape`.
"""
import numbers

import numpy as np

from keras.backend.active import current
from keras.backend.symbolic.tensor import KerasTensor


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
    if not -ndim <= axis < max(ndim, 1):
        raise ValueError('%s: axis %d is out of range for a tensor of rank '
                         '%d.' % (op_name, axis, ndim))
    return axis % ndim if ndim else 0


def dims_compatible(a, b):
    return a is None or b is None or a == b



def spec_dtype(x):
    """dtype name of a KerasTensor or backend value; Python numbers are
    returned as is (weakly typed in numpy 2 promotion)."""
    if isinstance(x, KerasTensor):
        return x.dtype
    if isinstance(x, (bool, numbers.Number)):
        return x
    if hasattr(x, 'dtype'):
        return current().dtype_name(x)
    return np.asarray(x).dtype.name


def result_dtype(*operands):
    types = [spec_dtype(x) for x in operands]
    return np.result_type(*[np.dtype(t) if isinstance(t, str) else t
                            for t in types]).name


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


def elementwise(*, n_args=2, dtype=None):
    """Rule for broadcasting element-wise ops on the first `n_args`."""
    def rule(args, kwargs):
        operands = args[:n_args]
        shape = broadcast_shapes(*[spec_shape(a) for a in operands])
        out_dtype = dtype if dtype is not None else result_dtype(*operands)
        return [(shape, out_dtype)]
    return rule


def same_as_first(args, kwargs):
    x = args[0]
    return [(tuple(spec_shape(x)), result_dtype(x))]
