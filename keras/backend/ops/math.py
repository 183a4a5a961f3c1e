"""Element-wise math, comparisons, reductions and products."""
import builtins
import functools
import operator

import numpy as np

from keras.backend import config
from keras.backend.active import current
from keras.backend.ops.shape_utils import argument
from keras.backend.ops.shape_utils import dims
from keras.backend.ops.shape_utils import dims_compatible
from keras.backend.ops.shape_utils import elementwise
from keras.backend.ops.shape_utils import floating_dtype
from keras.backend.ops.shape_utils import normalize_axis
from keras.backend.ops.shape_utils import rank
from keras.backend.ops.shape_utils import reduced_shape
from keras.backend.ops.shape_utils import reduction
from keras.backend.ops.shape_utils import result_dtype
from keras.backend.ops.shape_utils import same_as_first
from keras.backend.ops.shape_utils import spec_shape
from keras.backend.ops.shape_utils import static_shape
from keras.backend.ops.shape_utils import summed_dtype
from keras.backend.ops.sizes import python_int
from keras.backend.symbolic.op import symbolic_op

_binary = elementwise(n_args=2)
_comparison = elementwise(n_args=2, dtype='bool')


@symbolic_op(shape=elementwise(value=operator.add))
def add(x, y):
    return current().add(x, y)


@symbolic_op(shape=elementwise(value=operator.sub))
def subtract(x, y):
    return current().subtract(x, y)


@symbolic_op(shape=elementwise(value=operator.mul))
def multiply(x, y):
    return current().multiply(x, y)


@symbolic_op(shape=_binary)
def divide(x, y):
    return current().divide(x, y)


@symbolic_op(shape=elementwise(value=operator.floordiv))
def floor_divide(x, y):
    return current().floor_divide(x, y)


@symbolic_op(shape=elementwise(value=operator.mod))
def mod(x, y):
    return current().mod(x, y)


@symbolic_op(shape=elementwise(n_args=1, value=operator.neg))
def negative(x):
    return current().negative(x)


@symbolic_op(shape=same_as_first)
def abs(x):
    """Element-wise absolute value."""
    return current().abs(x)


@symbolic_op(shape=same_as_first)
def sign(x):
    return current().sign(x)


@symbolic_op(shape=same_as_first)
def round(x):
    """Element-wise rounding to the nearest integer, half to even."""
    return current().round(x)


@symbolic_op(shape=same_as_first)
def sqrt(x):
    """Element-wise square root; negative inputs give 0, as in Keras 2."""
    backend = current()
    return backend.sqrt(backend.maximum(x, 0))


@symbolic_op(shape=same_as_first)
def square(x):
    return current().square(x)


@symbolic_op(shape=same_as_first)
def exp(x):
    return current().exp(x)


@symbolic_op(shape=same_as_first)
def log(x):
    return current().log(x)


@symbolic_op(shape=same_as_first)
def sin(x):
    return current().sin(x)


@symbolic_op(shape=same_as_first)
def cos(x):
    return current().cos(x)


@symbolic_op(shape=same_as_first)
def tanh(x):
    return current().tanh(x)


@symbolic_op(shape=_binary)
def pow(x, a):
    """Element-wise `x ** a`."""
    return current().power(x, a)


@symbolic_op(shape=elementwise(value=builtins.max))
def maximum(x, y):
    return current().maximum(x, y)


@symbolic_op(shape=elementwise(value=builtins.min))
def minimum(x, y):
    return current().minimum(x, y)


@symbolic_op(shape=same_as_first)
def clip(x, min_value, max_value):
    """Element-wise clipping to [min_value, max_value].

    Args:
        min_value, max_value: numbers or tensors; None means unbounded.
    """
    if min_value is None:
        min_value = -np.inf
    if max_value is None:
        max_value = np.inf
    if isinstance(max_value, (int, float)) and isinstance(
            min_value, (int, float)) and max_value < min_value:
        max_value = min_value
    return current().clip(x, min_value, max_value)


@symbolic_op(shape=_comparison)
def equal(x, y):
    return current().equal(x, y)


@symbolic_op(shape=_comparison)
def not_equal(x, y):
    return current().not_equal(x, y)


@symbolic_op(shape=_comparison)
def greater(x, y):
    return current().greater(x, y)


@symbolic_op(shape=_comparison)
def greater_equal(x, y):
    return current().greater_equal(x, y)


@symbolic_op(shape=_comparison)
def less(x, y):
    return current().less(x, y)


@symbolic_op(shape=_comparison)
def less_equal(x, y):
    return current().less_equal(x, y)


def _axis(axis):
    if isinstance(axis, list):
        return tuple(axis)
    return axis


def _product(entries):
    return functools.reduce(operator.mul, entries, 1)


def _float_or_float64(dtype):
    # numpy computes exp/log of integers in float64.
    return floating_dtype(dtype, 'float64')


@symbolic_op(shape=reduction('K.sum', dtype=summed_dtype, value=builtins.sum))
def sum(x, axis=None, keepdims=False):
    """Sum of the values along `axis` (an int, a list, or None for all)."""
    return current().sum(x, axis=_axis(axis), keepdims=keepdims)


@symbolic_op(shape=reduction('K.prod', dtype=summed_dtype, value=_product))
def prod(x, axis=None, keepdims=False):
    return current().prod(x, axis=_axis(axis), keepdims=keepdims)


@symbolic_op(shape=reduction('K.mean', dtype=floating_dtype))
def mean(x, axis=None, keepdims=False):
    """Mean along `axis`; booleans and integers are averaged as floatx."""
    backend = current()
    if not _is_float(x):
        x = backend.cast(x, config.floatx())
    return backend.mean(x, axis=_axis(axis), keepdims=keepdims)


@symbolic_op(shape=reduction('K.max', value=builtins.max))
def max(x, axis=None, keepdims=False):
    return current().max(x, axis=_axis(axis), keepdims=keepdims)


@symbolic_op(shape=reduction('K.min', value=builtins.min))
def min(x, axis=None, keepdims=False):
    return current().min(x, axis=_axis(axis), keepdims=keepdims)


@symbolic_op(shape=reduction('K.var', dtype=floating_dtype))
def var(x, axis=None, keepdims=False):
    """Variance (population, ddof=0) along `axis`."""
    backend = current()
    if not _is_float(x):
        x = backend.cast(x, config.floatx())
    axis = _axis(axis)
    centered = backend.subtract(x, backend.mean(x, axis=axis, keepdims=True))
    return backend.mean(backend.square(centered), axis=axis,
                        keepdims=keepdims)


@symbolic_op(shape=reduction('K.std', dtype=floating_dtype))
def std(x, axis=None, keepdims=False):
    return current().sqrt(var.eager(x, axis=axis, keepdims=keepdims))


@symbolic_op(shape=reduction('K.any', dtype=lambda dtype: 'bool'))
def any(x, axis=None, keepdims=False):
    """Logical or along `axis` (a bool tensor)."""
    backend = current()
    return backend.any(backend.cast(x, 'bool'), axis=_axis(axis),
                       keepdims=keepdims)


@symbolic_op(shape=reduction('K.all', dtype=lambda dtype: 'bool'))
def all(x, axis=None, keepdims=False):
    backend = current()
    return backend.all(backend.cast(x, 'bool'), axis=_axis(axis),
                       keepdims=keepdims)


def _arg_reduction(op_name):
    def rule(args, kwargs):
        shape = tuple(spec_shape(args[0]))
        axis = argument(args, kwargs, 1, 'axis', -1)
        if axis is not None:
            axis = python_int(axis, op_name, 'axis')
        return [(reduced_shape(shape, axis, False, op_name), 'int64')]
    return rule


@symbolic_op(shape=_arg_reduction('K.argmax'))
def argmax(x, axis=-1):
    """Index of the maximum along `axis`, as int64."""
    return current().cast(current().argmax(x, axis=axis), 'int64')


@symbolic_op(shape=_arg_reduction('K.argmin'))
def argmin(x, axis=-1):
    return current().cast(current().argmin(x, axis=axis), 'int64')


@symbolic_op(shape=reduction('K.logsumexp', dtype=_float_or_float64))
def logsumexp(x, axis=None, keepdims=False):
    """log(sum(exp(x))) along `axis`, computed without overflow."""
    backend = current()
    axis = _axis(axis)
    peak = backend.stop_gradient(backend.max(x, axis=axis, keepdims=True))
    # An infinite maximum would give inf - inf.
    peak = backend.where(backend.less(backend.abs(peak), np.inf), peak, 0.)
    summed = backend.sum(backend.exp(backend.subtract(x, peak)), axis=axis,
                         keepdims=True)
    result = backend.add(backend.log(summed), peak)
    if not keepdims:
        result = backend.squeeze(result, axis) if axis is not None else \
            backend.reshape(result, ())
    return result


def _cumulative(op_name):
    def rule(args, kwargs):
        x = args[0]
        shape = tuple(spec_shape(x))
        normalize_axis(argument(args, kwargs, 1, 'axis', 0), len(shape),
                       op_name)
        return [(shape, summed_dtype(result_dtype(x)))]
    return rule


@symbolic_op(shape=_cumulative('K.cumsum'))
def cumsum(x, axis=0):
    return current().cumsum(x, axis=axis)


@symbolic_op(shape=_cumulative('K.cumprod'))
def cumprod(x, axis=0):
    return current().cumprod(x, axis=axis)


def _is_float(x):
    if not hasattr(x, 'dtype'):
        return isinstance(x, float)
    return 'float' in current().dtype_name(x)


def _dot_shape(x_shape, y_shape):
    x_rank, y_rank = len(x_shape), len(y_shape)
    if x_rank == 0 or y_rank == 0:
        raise ValueError('K.dot needs tensors of rank 1 or more; received '
                         'shapes %s and %s.' % (x_shape, y_shape))
    y_axis = y_rank - 2 if y_rank >= 2 else 0
    if not dims_compatible(x_shape[-1], y_shape[y_axis]):
        raise ValueError('K.dot: cannot multiply x of shape %s by y of shape '
                         '%s: the last axis of x (%s) must match axis %d of '
                         'y (%s).' % (x_shape, y_shape, x_shape[-1], y_axis,
                                      y_shape[y_axis]))
    return tuple(x_shape[:-1]) + tuple(d for i, d in enumerate(y_shape)
                                       if i != y_axis)


def _dot_rule(args, kwargs):
    x, y = args[:2]
    return [(_dot_shape(spec_shape(x), spec_shape(y)), result_dtype(x, y))]


@symbolic_op(shape=_dot_rule)
def dot(x, y):
    """Matrix product, with Keras 2's rule for rank > 2: the last axis of
    `x` is contracted with the second-to-last axis of `y` (or its only axis
    if `y` is a vector): (2, 3) . (4, 3, 5) -> (2, 4, 5)."""
    backend = current()
    x_shape, y_shape = static_shape(x), static_shape(y)
    _dot_shape(x_shape, y_shape)
    if len(x_shape) <= 2 and len(y_shape) <= 2:
        return backend.matmul(x, y)
    y_axis = builtins.max(len(y_shape) - 2, 0)
    return backend.tensordot(x, y, axes=([len(x_shape) - 1], [y_axis]))


def _batch_dot_axes(x_shape, y_shape, axes):
    """Keras 2.3.1's checks and normalisation of the batch_dot axes."""
    x_rank, y_rank = len(x_shape), len(y_shape)
    if x_rank < 2 or y_rank < 2:
        raise ValueError('Can not do batch_dot on inputs with rank < 2. '
                         'Received inputs with shapes %s and %s.'
                         % (x_shape, y_shape))
    if not dims_compatible(x_shape[0], y_shape[0]):
        raise ValueError('Can not do batch_dot on inputs with different '
                         'batch sizes. Received inputs with shapes %s and %s.'
                         % (x_shape, y_shape))
    if axes is None:
        axes = (x_rank - 1, y_rank - 1 if y_rank == 2 else y_rank - 2)
    if isinstance(axes, int):
        axes = (axes, axes)
    if builtins.any(isinstance(a, (list, tuple)) for a in axes):
        raise ValueError('Multiple target dimensions are not supported. '
                         'Expected: None, int, (int, int). Provided: %s.'
                         % (axes,))
    axes = [a + r if a < 0 else a for a, r in zip(axes, (x_rank, y_rank))]
    if 0 in axes:
        raise ValueError('Can not perform batch_dot over axis 0. If your '
                         'inputs are not batched, add a dummy batch dimension '
                         'to your inputs using K.expand_dims(x, 0).')
    if axes[0] >= x_rank or axes[1] >= y_rank:
        raise ValueError('batch_dot: axes %s are out of range for shapes %s '
                         'and %s.' % (axes, x_shape, y_shape))
    d1, d2 = x_shape[axes[0]], y_shape[axes[1]]
    if not dims_compatible(d1, d2):
        raise ValueError('Can not do batch_dot on inputs with shapes %s and '
                         '%s with axes=%s. x.shape[%d] != y.shape[%d] '
                         '(%d != %d).' % (x_shape, y_shape, axes, axes[0],
                                          axes[1], d1, d2))
    return axes


def _batch_dot_rule(args, kwargs):
    x, y = args[:2]
    axes = kwargs.get('axes', args[2] if len(args) > 2 else None)
    x_shape, y_shape = spec_shape(x), spec_shape(y)
    axes = _batch_dot_axes(x_shape, y_shape, axes)
    x_free = [d for i, d in enumerate(x_shape) if i not in (0, axes[0])]
    y_free = [d for i, d in enumerate(y_shape) if i not in (0, axes[1])]
    batch = x_shape[0] if x_shape[0] is not None else y_shape[0]
    shape = [batch] + x_free + y_free
    if len(shape) == 1:
        shape.append(1)
    return [(tuple(shape), result_dtype(x, y))]


@symbolic_op(shape=_batch_dot_rule)
def batch_dot(x, y, axes=None):
    """Batch-wise dot product of `x` and `y` (first axis is the batch).

    The result holds the free axes of `x` then those of `y`, after the
    batch axis; (batch, 1) when both inputs have rank 2. For example
    x (32, 20, 1) and y (32, 30, 20) with axes (1, 2) give (32, 1, 30).

    Args:
        axes: int or pair of ints: the axes of `x` and `y` contracted.
            Defaults to the last axis of `x` and the second-to-last of `y`
            (the last if `y` has rank 2).
    """
    backend = current()
    axes = _batch_dot_axes(static_shape(x), static_shape(y), axes)
    x_rank, y_rank = rank(x), rank(y)
    # Move the contracted axes last in x and first (after batch) in y, then
    # one batched matmul over flattened free axes.
    x_free = [i for i in range(1, x_rank) if i != axes[0]]
    y_free = [i for i in range(1, y_rank) if i != axes[1]]
    xt = backend.transpose(x, [0] + x_free + [axes[0]])
    yt = backend.transpose(y, [0, axes[1]] + y_free)
    x_dims, y_dims = dims(x), dims(y)
    batch = x_dims[0]
    x_free_dims = [x_dims[i] for i in x_free]
    y_free_dims = [y_dims[i] for i in y_free]
    x2 = backend.reshape(xt, (batch, _product(x_free_dims), x_dims[axes[0]]))
    y2 = backend.reshape(yt, (batch, y_dims[axes[1]], _product(y_free_dims)))
    result = backend.matmul(x2, y2)
    out_shape = [batch] + x_free_dims + y_free_dims
    if len(out_shape) == 1:
        out_shape.append(1)
    return backend.reshape(result, tuple(out_shape))


def _product(sizes):
    """The product of static sizes, or -1 (inferred) if one is dynamic."""
    if builtins.all(isinstance(d, int) for d in sizes):
        return int(np.prod(sizes))
    return -1
