"""Python operators of symbolic tensors, bound to the K ops."""
from keras.backend.ops import array
from keras.backend.ops import math
from keras.backend.symbolic.tensor import KerasTensor


def _reflected(op):
    return lambda self, other: op(other, self)


def bind_operators():
    ops = {
        '__add__': math.add, '__sub__': math.subtract,
        '__mul__': math.multiply, '__truediv__': math.divide,
        '__floordiv__': math.floor_divide, '__mod__': math.mod,
        '__pow__': math.pow,
        '__lt__': math.less, '__le__': math.less_equal,
        '__gt__': math.greater, '__ge__': math.greater_equal,
        '__getitem__': array.getitem,
    }
    for name, op in ops.items():
        setattr(KerasTensor, name, op)
    for name, op in (('__radd__', math.add), ('__rsub__', math.subtract),
                     ('__rmul__', math.multiply),
                     ('__rtruediv__', math.divide),
                     ('__rfloordiv__', math.floor_divide),
                     ('__rpow__', math.pow)):
        setattr(KerasTensor, name, _reflected(op))
    KerasTensor.__neg__ = math.negative
    KerasTensor.__abs__ = math.abs
    KerasTensor.__matmul__ = math.dot
    KerasTensor.T = property(array.transpose)

