"""Array primitives where pytensor.tensor differs from numpy."""
import numpy as np
import pytensor.tensor as pt
from pytensor.graph.basic import Variable

from keras.backend.pytensor.values import with_static_shape
from keras.backend.symbolic.tensor import standard_dtype


class PytensorArray(object):

    def convert(self, x, dtype=None):
        dtype = standard_dtype(dtype)
        if isinstance(x, Variable):
            return self.cast(x, dtype) if dtype else with_static_shape(x)
        if isinstance(x, (list, tuple)) and any(
                isinstance(v, Variable) for v in x):
            x = pt.as_tensor_variable(list(x))
            return self.cast(x, dtype) if dtype else with_static_shape(x)
        return with_static_shape(pt.constant(np.asarray(x, dtype=dtype)))

    def cast(self, x, dtype):
        x = self.convert(x)
        dtype = standard_dtype(dtype)
        if x.dtype == dtype:
            return x
        return with_static_shape(pt.cast(x, dtype))

    def shape(self, x):
        return with_static_shape(pt.cast(pt.shape(self.convert(x)), 'int32'))

    def static_shape(self, x):
        if isinstance(x, Variable):
            return tuple(x.type.shape)
        return np.shape(x)

    def getitem(self, x, key):
        return with_static_shape(self.convert(x)[key])

    def pad(self, x, pad_width, constant=0):
        return with_static_shape(pt.pad(x, pad_width, mode='constant',
                                        constant_values=constant))
