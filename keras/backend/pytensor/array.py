"""Array primitives where pytensor.tensor differs from numpy."""
import numpy as np
import pytensor.tensor as pt
from pytensor.graph.basic import Constant
from pytensor.graph.basic import Variable
from pytensor.tensor.exceptions import NotScalarConstantError

from keras.backend.pytensor.values import filled
from keras.backend.pytensor.values import with_static_shape
from keras.backend.symbolic.tensor import standard_dtype


class PytensorArray(object):

    # Sizes given as tensors (keras/backend/ops/sizes.py) enter the
    # pytensor graph as they are: shapes may be symbolic there.
    takes_dynamic_sizes = True

    def static_value(self, x):
        """The value of `x` as a numpy array if it is a constant (or a
        scalar pytensor can fold to one, such as a static dimension),
        else None."""
        if not isinstance(x, Variable):
            return np.asarray(x)
        if isinstance(x, Constant):
            return np.asarray(x.data)
        if x.ndim == 0:
            try:
                return np.asarray(pt.get_underlying_scalar_constant_value(x),
                                  dtype=x.dtype)
            except NotScalarConstantError:
                return None
        return None

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
        # x set into a filled tensor. Not pt.pad: it is an OpFromGraph
        # whose Python implementation compiles its inner graph (with
        # numba) at every call of a cheap-mode graph.
        x = self.convert(x)
        static = x.type.shape
        sizes, inside = [], []
        for axis, (before, after) in enumerate(pad_width):
            before, after = int(before), int(after)
            size = static[axis] if static[axis] is not None \
                else x.shape[axis]
            sizes.append(size + before + after)
            inside.append(slice(before, -after if after else None))
        outside = filled(constant, x.dtype, sizes)
        return with_static_shape(pt.set_subtensor(outside[tuple(inside)], x))
