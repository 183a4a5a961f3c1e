"""Conversion to tf tensors, with numpy's type promotion.

TensorFlow refuses to mix dtypes (float32 + float64, int32 * float32);
numpy promotes. The numpy backend is the reference and symbolic dtypes are
inferred with numpy, so the tensorflow primitives promote as numpy does,
with Python scalars weakly typed (float32 tensor + 0.5 stays float32).
"""
import functools
import numbers

import numpy as np
import tensorflow as tf


def is_native(x):
    return isinstance(x, (tf.Tensor, tf.Variable))


def dtype_name(x):
    """numpy-style dtype name of a tf value, numpy array or Python scalar."""
    if is_native(x):
        return x.dtype.name
    if isinstance(x, bool):
        return 'bool'
    return np.asarray(x).dtype.name


def _promotion_type(x):
    if is_native(x):
        return np.dtype(x.dtype.name)
    if isinstance(x, (bool, numbers.Number)) and not isinstance(
            x, np.generic):
        return x  # weak, as in numpy 2
    return np.asarray(x).dtype


def tensor(x, dtype=None):
    """`x` as a tf tensor (tf.Variables pass as they are) of `dtype`."""
    if is_native(x):
        if dtype is None or x.dtype.name == dtype:
            return x
        return tf.cast(x, dtype)
    if isinstance(x, (list, tuple)) and any(
            is_native(v) for v in tf.nest.flatten(x)):
        return tensor(tf.convert_to_tensor(x), dtype)
    return tf.convert_to_tensor(np.asarray(x, dtype=dtype))


def promote(*values):
    """`values` as tf tensors of the dtype numpy would give their result."""
    first = values[0]
    if is_native(first) and all(is_native(v) and v.dtype == first.dtype
                                for v in values[1:]):
        return values
    target = np.result_type(*[_promotion_type(v) for v in values]).name
    return tuple(tensor(v, target) for v in values)


@functools.lru_cache(maxsize=None)
def _ufunc_result(ufunc_name, dtype):
    ufunc = getattr(np, ufunc_name)
    with np.errstate(all='ignore'):
        return ufunc(np.ones((), dtype=dtype)).dtype.name


def as_ufunc_input(x, ufunc_name):
    """`x` as a tensor of the dtype numpy's `ufunc_name` would compute in:
    integers and booleans become floats for sqrt, exp, log, ..."""
    x = tensor(x)
    target = _ufunc_result(ufunc_name, x.dtype.name)
    return x if target == x.dtype.name else tf.cast(x, target)


@functools.lru_cache(maxsize=None)
def is_floating(dtype):
    return np.issubdtype(np.dtype(dtype), np.floating)
