"""Element-wise math, comparisons and reductions on tf ops, with numpy's
dtype rules (see dtypes.py)."""
import tensorflow as tf

from keras.backend.tensorflow.dtypes import as_ufunc_input
from keras.backend.tensorflow.dtypes import is_floating
from keras.backend.tensorflow.dtypes import promote
from keras.backend.tensorflow.dtypes import tensor


def _axis(axis):
    return list(axis) if isinstance(axis, tuple) else axis


def _as_bool(x):
    x = tensor(x)
    return x if x.dtype == tf.bool else tf.cast(x, tf.bool)


def _summable(x):
    # numpy sums booleans as integers; integer types are kept (as in
    # numpylike, following Keras 2 on TensorFlow).
    x = tensor(x)
    return tf.cast(x, tf.int64) if x.dtype == tf.bool else x


class TensorflowMath(object):

    def add(self, x, y):
        return tf.add(*promote(x, y))

    def subtract(self, x, y):
        return tf.subtract(*promote(x, y))

    def multiply(self, x, y):
        return tf.multiply(*promote(x, y))

    def divide(self, x, y):
        x, y = promote(x, y)
        if not is_floating(x.dtype.name):
            x, y = as_ufunc_input(x, 'sqrt'), as_ufunc_input(y, 'sqrt')
        return tf.divide(x, y)

    def floor_divide(self, x, y):
        return tf.math.floordiv(*promote(x, y))

    def mod(self, x, y):
        # floormod: the sign of the divisor, as numpy's mod.
        return tf.math.floormod(*promote(x, y))

    def negative(self, x):
        return tf.negative(tensor(x))

    def power(self, x, a):
        return tf.pow(*promote(x, a))

    def abs(self, x):
        return tf.abs(tensor(x))

    def sign(self, x):
        return tf.sign(tensor(x))

    def round(self, x):
        # Half to even, as numpy.
        return tf.round(as_ufunc_input(x, 'round'))

    def floor(self, x):
        return tf.floor(as_ufunc_input(x, 'floor'))

    def ceil(self, x):
        return tf.math.ceil(as_ufunc_input(x, 'ceil'))

    def sqrt(self, x):
        return tf.sqrt(as_ufunc_input(x, 'sqrt'))

    def square(self, x):
        return tf.square(as_ufunc_input(x, 'square'))

    def exp(self, x):
        return tf.exp(as_ufunc_input(x, 'exp'))

    def log(self, x):
        return tf.math.log(as_ufunc_input(x, 'log'))

    def log1p(self, x):
        return tf.math.log1p(as_ufunc_input(x, 'log1p'))

    def sin(self, x):
        return tf.sin(as_ufunc_input(x, 'sin'))

    def cos(self, x):
        return tf.cos(as_ufunc_input(x, 'cos'))

    def tanh(self, x):
        return tf.tanh(as_ufunc_input(x, 'tanh'))

    def maximum(self, x, y):
        return tf.maximum(*promote(x, y))

    def minimum(self, x, y):
        return tf.minimum(*promote(x, y))

    def clip(self, x, min_value, max_value):
        # minimum/maximum rather than clip_by_value: bounds may broadcast
        # like numpy's, and the gradient passes at the bounds either way.
        x, low, high = promote(x, min_value, max_value)
        return tf.minimum(tf.maximum(x, low), high)

    def equal(self, x, y):
        return tf.equal(*promote(x, y))

    def not_equal(self, x, y):
        return tf.not_equal(*promote(x, y))

    def greater(self, x, y):
        return tf.greater(*promote(x, y))

    def greater_equal(self, x, y):
        return tf.greater_equal(*promote(x, y))

    def less(self, x, y):
        return tf.less(*promote(x, y))

    def less_equal(self, x, y):
        return tf.less_equal(*promote(x, y))

    def logical_and(self, x, y):
        return tf.logical_and(_as_bool(x), _as_bool(y))

    def logical_or(self, x, y):
        return tf.logical_or(_as_bool(x), _as_bool(y))

    def logical_not(self, x):
        return tf.logical_not(_as_bool(x))

    def sum(self, x, axis=None, keepdims=False):
        return tf.reduce_sum(_summable(x), axis=_axis(axis),
                             keepdims=keepdims)

    def prod(self, x, axis=None, keepdims=False):
        return tf.reduce_prod(_summable(x), axis=_axis(axis),
                              keepdims=keepdims)

    def mean(self, x, axis=None, keepdims=False):
        return tf.reduce_mean(as_ufunc_input(x, 'sqrt'), axis=_axis(axis),
                              keepdims=keepdims)

    def max(self, x, axis=None, keepdims=False):
        return tf.reduce_max(tensor(x), axis=_axis(axis), keepdims=keepdims)

    def min(self, x, axis=None, keepdims=False):
        return tf.reduce_min(tensor(x), axis=_axis(axis), keepdims=keepdims)

    def any(self, x, axis=None, keepdims=False):
        return tf.reduce_any(_as_bool(x), axis=_axis(axis),
                             keepdims=keepdims)

    def all(self, x, axis=None, keepdims=False):
        return tf.reduce_all(_as_bool(x), axis=_axis(axis),
                             keepdims=keepdims)

    def argmax(self, x, axis=-1):
        x = tensor(x)
        if axis is None:
            x, axis = tf.reshape(x, [-1]), 0
        return tf.argmax(x, axis=axis, output_type=tf.int64)

    def argmin(self, x, axis=-1):
        x = tensor(x)
        if axis is None:
            x, axis = tf.reshape(x, [-1]), 0
        return tf.argmin(x, axis=axis, output_type=tf.int64)

    def cumsum(self, x, axis=0):
        return tf.cumsum(_summable(x), axis=axis)

    def cumprod(self, x, axis=0):
        return tf.math.cumprod(_summable(x), axis=axis)

    def matmul(self, x, y):
        x, y = promote(x, y)
        # numpy's matmul treats a vector as a matrix of one row (left) or
        # one column (right) and drops that axis again.
        x_vector = len(x.shape) == 1
        y_vector = len(y.shape) == 1
        if x_vector:
            x = tf.expand_dims(x, 0)
        if y_vector:
            y = tf.expand_dims(y, -1)
        result = tf.matmul(x, y)
        if y_vector:
            result = tf.squeeze(result, -1)
        if x_vector:
            result = tf.squeeze(result, -2 if not y_vector else -1)
        return result

    def tensordot(self, x, y, axes):
        x, y = promote(x, y)
        if not isinstance(axes, int):
            axes = [list(a) if isinstance(a, (list, tuple)) else [a]
                    for a in axes]
        return tf.tensordot(x, y, axes=axes)

    def where(self, condition, x, y):
        x, y = promote(x, y)
        return tf.where(_as_bool(condition), x, y)
