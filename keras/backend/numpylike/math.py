"""Element-wise math, comparisons and reductions over a numpy-like `xp`."""


class NumpyLikeMath(object):

    def add(self, x, y):
        return self.xp.add(x, y)

    def subtract(self, x, y):
        return self.xp.subtract(x, y)

    def multiply(self, x, y):
        return self.xp.multiply(x, y)

    def divide(self, x, y):
        return self.xp.true_divide(x, y)

    def floor_divide(self, x, y):
        return self.xp.floor_divide(x, y)

    def mod(self, x, y):
        return self.xp.mod(x, y)

    def negative(self, x):
        return self.xp.negative(x)

    def power(self, x, a):
        return self.xp.power(x, a)

    def abs(self, x):
        return self.xp.abs(x)

    def sign(self, x):
        return self.xp.sign(x)

    def round(self, x):
        # Half to even, as TensorFlow's and numpy's round.
        return self.xp.round(x)

    def floor(self, x):
        return self.xp.floor(x)

    def ceil(self, x):
        return self.xp.ceil(x)

    def sqrt(self, x):
        return self.xp.sqrt(x)

    def square(self, x):
        return self.xp.square(x)

    def exp(self, x):
        return self.xp.exp(x)

    def log(self, x):
        return self.xp.log(x)

    def log1p(self, x):
        return self.xp.log1p(x)

    def sin(self, x):
        return self.xp.sin(x)

    def cos(self, x):
        return self.xp.cos(x)

    def tanh(self, x):
        return self.xp.tanh(x)

    def maximum(self, x, y):
        return self.xp.maximum(x, y)

    def minimum(self, x, y):
        return self.xp.minimum(x, y)

    def clip(self, x, min_value, max_value):
        return self.xp.clip(x, min_value, max_value)

    def equal(self, x, y):
        return self.xp.equal(x, y)

    def not_equal(self, x, y):
        return self.xp.not_equal(x, y)

    def greater(self, x, y):
        return self.xp.greater(x, y)

    def greater_equal(self, x, y):
        return self.xp.greater_equal(x, y)

    def less(self, x, y):
        return self.xp.less(x, y)

    def less_equal(self, x, y):
        return self.xp.less_equal(x, y)

    def logical_and(self, x, y):
        return self.xp.logical_and(x, y)

    def logical_or(self, x, y):
        return self.xp.logical_or(x, y)

    def logical_not(self, x):
        return self.xp.logical_not(x)

    def _kept_int_dtype(self, x):
        # numpy widens int32 sums to int64; Keras 2 (TensorFlow) keeps the
        # input's integer type.
        dtype = str(x.dtype)
        return dtype if 'int' in dtype else None

    def sum(self, x, axis=None, keepdims=False):
        return self.xp.sum(x, axis=axis, keepdims=keepdims,
                           dtype=self._kept_int_dtype(x))

    def prod(self, x, axis=None, keepdims=False):
        return self.xp.prod(x, axis=axis, keepdims=keepdims,
                            dtype=self._kept_int_dtype(x))

    def mean(self, x, axis=None, keepdims=False):
        return self.xp.mean(x, axis=axis, keepdims=keepdims)

    def max(self, x, axis=None, keepdims=False):
        return self.xp.max(x, axis=axis, keepdims=keepdims)

    def min(self, x, axis=None, keepdims=False):
        return self.xp.min(x, axis=axis, keepdims=keepdims)

    def any(self, x, axis=None, keepdims=False):
        return self.xp.any(x, axis=axis, keepdims=keepdims)

    def all(self, x, axis=None, keepdims=False):
        return self.xp.all(x, axis=axis, keepdims=keepdims)

    def argmax(self, x, axis=-1):
        return self.xp.argmax(x, axis=axis)

    def argmin(self, x, axis=-1):
        return self.xp.argmin(x, axis=axis)

    def cumsum(self, x, axis=0):
        return self.xp.cumsum(x, axis=axis, dtype=self._kept_int_dtype(x))

    def cumprod(self, x, axis=0):
        return self.xp.cumprod(x, axis=axis, dtype=self._kept_int_dtype(x))

    def matmul(self, x, y):
        return self.xp.matmul(x, y)

    def tensordot(self, x, y, axes):
        return self.xp.tensordot(x, y, axes=axes)

    def where(self, condition, x, y):
        return self.xp.where(condition, x, y)
