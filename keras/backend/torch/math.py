"""Element-wise math, comparisons, reductions and products on torch, with
numpy's result dtypes."""
import builtins

import torch

from keras.backend.torch.core import Tensor
from keras.backend.torch.core import floating
from keras.backend.torch.core import is_float
from keras.backend.torch.core import operand
from keras.backend.torch.core import operands
from keras.backend.torch.core import tensor
from keras.backend.torch.core import to_tensor


def _int_dtype_kept(x):
    # numpy widens int32 sums to int64; Keras 2 (TensorFlow) keeps the
    # input's integer type. Booleans sum to int64 on both.
    if x.is_floating_point() or x.is_complex() or x.dtype is torch.bool:
        return None
    return x.dtype


def _reduce(fn, x, axis, keepdims, **kwargs):
    x = tensor(x)
    if axis is None:
        result = fn(x, **kwargs)
        if keepdims:
            result = result.reshape((1,) * x.ndim)
        return result
    if isinstance(axis, (tuple, list)) and not axis:
        return x
    return fn(x, dim=axis, keepdim=keepdims, **kwargs)


def _prod_along(x, dim, keepdim=False, dtype=None):
    # torch.prod reduces one axis at a time.
    if isinstance(dim, int):
        return torch.prod(x, dim=dim, keepdim=keepdim, dtype=dtype)
    for axis in sorted((a % x.ndim for a in dim), reverse=True):
        x = torch.prod(x, dim=axis, keepdim=keepdim, dtype=dtype)
    return x


def _flat_if_none(x, axis):
    x = tensor(x)
    if axis is None:
        return x.reshape(-1), 0
    return x, axis


class TorchMath(object):

    def add(self, x, y):
        x, y = operands(x, y)
        return x + y

    def subtract(self, x, y):
        x, y = operands(x, y)
        return x - y

    def multiply(self, x, y):
        x, y = operands(x, y)
        return x * y

    def divide(self, x, y):
        x, y = operands(x, y)
        if not is_float(x) and not is_float(y):
            x = tensor(x).to(torch.float64)
        return x / y

    def floor_divide(self, x, y):
        x, y = operands(x, y)
        return x // y

    def mod(self, x, y):
        x, y = operands(x, y)
        return x % y

    def negative(self, x):
        return -operand(x)

    def power(self, x, a):
        x, a = operands(x, a)
        return x ** a

    def abs(self, x):
        x = tensor(x)
        return x if x.dtype is torch.bool else torch.abs(x)

    def sign(self, x):
        return torch.sign(tensor(x))

    def round(self, x):
        # Half to even, as numpy and TensorFlow round.
        return torch.round(tensor(x))

    def floor(self, x):
        return torch.floor(tensor(x))

    def ceil(self, x):
        return torch.ceil(tensor(x))

    def sqrt(self, x):
        return torch.sqrt(floating(x))

    def square(self, x):
        x = tensor(x)
        if x.is_floating_point():
            return x * x  # torch.square runs the slower pow kernel
        return torch.square(x)

    def exp(self, x):
        return torch.exp(floating(x))

    def log(self, x):
        return torch.log(floating(x))

    def log1p(self, x):
        return torch.log1p(floating(x))

    def sin(self, x):
        return torch.sin(floating(x))

    def cos(self, x):
        return torch.cos(floating(x))

    def tanh(self, x):
        return torch.tanh(floating(x))

    def maximum(self, x, y):
        x, y = operands(x, y)
        if isinstance(x, Tensor):
            if isinstance(y, Tensor):
                return torch.maximum(x, y)
            return torch.clamp_min(x, y)
        if isinstance(y, Tensor):
            return torch.clamp_min(y, x)
        return builtins.max(x, y)

    def minimum(self, x, y):
        x, y = operands(x, y)
        if isinstance(x, Tensor):
            if isinstance(y, Tensor):
                return torch.minimum(x, y)
            return torch.clamp_max(x, y)
        if isinstance(y, Tensor):
            return torch.clamp_max(y, x)
        return builtins.min(x, y)

    def clip(self, x, min_value, max_value):
        x, min_value = operands(x, min_value)
        x, max_value = operands(x, max_value)
        x = tensor(x)
        if isinstance(min_value, Tensor) != isinstance(max_value, Tensor):
            # torch.clamp takes two numbers or two tensors.
            min_value = to_tensor(min_value, x.dtype)
            max_value = to_tensor(max_value, x.dtype)
        return torch.clamp(x, min_value, max_value)

    def equal(self, x, y):
        return tensor(operand(x) == operand(y))

    def not_equal(self, x, y):
        return tensor(operand(x) != operand(y))

    def greater(self, x, y):
        return tensor(operand(x) > operand(y))

    def greater_equal(self, x, y):
        return tensor(operand(x) >= operand(y))

    def less(self, x, y):
        return tensor(operand(x) < operand(y))

    def less_equal(self, x, y):
        return tensor(operand(x) <= operand(y))

    def logical_and(self, x, y):
        return torch.logical_and(tensor(x), tensor(y))

    def logical_or(self, x, y):
        return torch.logical_or(tensor(x), tensor(y))

    def logical_not(self, x):
        return torch.logical_not(tensor(x))

    def sum(self, x, axis=None, keepdims=False):
        x = tensor(x)
        return _reduce(torch.sum, x, axis, keepdims,
                       dtype=_int_dtype_kept(x))

    def prod(self, x, axis=None, keepdims=False):
        x = tensor(x)
        return _reduce(_prod_along if axis is not None else torch.prod, x,
                       axis, keepdims, dtype=_int_dtype_kept(x))

    def mean(self, x, axis=None, keepdims=False):
        return _reduce(torch.mean, floating(x), axis, keepdims)

    def max(self, x, axis=None, keepdims=False):
        return _reduce(torch.amax, x, axis, keepdims)

    def min(self, x, axis=None, keepdims=False):
        return _reduce(torch.amin, x, axis, keepdims)

    def any(self, x, axis=None, keepdims=False):
        return _reduce(torch.any, x, axis, keepdims)

    def all(self, x, axis=None, keepdims=False):
        return _reduce(torch.all, x, axis, keepdims)

    def argmax(self, x, axis=-1):
        x = tensor(x)
        if x.dtype is torch.bool:
            x = x.to(torch.uint8)
        return torch.argmax(x, dim=axis)

    def argmin(self, x, axis=-1):
        x = tensor(x)
        if x.dtype is torch.bool:
            x = x.to(torch.uint8)
        return torch.argmin(x, dim=axis)

    def cumsum(self, x, axis=0):
        x, axis = _flat_if_none(x, axis)
        return torch.cumsum(x, dim=axis, dtype=_int_dtype_kept(x))

    def cumprod(self, x, axis=0):
        x, axis = _flat_if_none(x, axis)
        return torch.cumprod(x, dim=axis, dtype=_int_dtype_kept(x))

    def matmul(self, x, y):
        x, y = operands(x, y)
        return torch.matmul(x, y)

    def tensordot(self, x, y, axes):
        x, y = operands(x, y)
        if not isinstance(axes, int):
            x_axes, y_axes = axes
            axes = ([x_axes] if isinstance(x_axes, int) else list(x_axes),
                    [y_axes] if isinstance(y_axes, int) else list(y_axes))
        return torch.tensordot(x, y, dims=axes)

    def where(self, condition, x, y):
        condition = tensor(condition)
        if condition.dtype is not torch.bool:
            condition = condition != 0
        x, y = operands(x, y)
        if not isinstance(x, Tensor) and not isinstance(y, Tensor):
            x = tensor(x)
        return torch.where(condition, x, y)
