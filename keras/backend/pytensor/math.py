"""Math primitives where pytensor.tensor differs from numpy."""
import pytensor.tensor as pt

from keras.backend.pytensor.values import with_static_shape

def _is_float(x):
    return 'float' in str(getattr(x, 'dtype', 'float64'))


class PytensorMath(object):

    def divide(self, x, y):
        # numpy divides integers in float64; pytensor would use floatX.
        if not _is_float(x) and not _is_float(y):
            x = pt.cast(self.convert(x), 'float64')
            y = pt.cast(self.convert(y), 'float64')
        return self.xp.true_divide(x, y)

    def round(self, x):
        return with_static_shape(pt.round_half_to_even(x))

    def logical_and(self, x, y):
        return with_static_shape(pt.and_(self.cast(x, 'bool'),
                                         self.cast(y, 'bool')))

    def logical_or(self, x, y):
        return with_static_shape(pt.or_(self.cast(x, 'bool'),
                                        self.cast(y, 'bool')))

    def logical_not(self, x):
        return with_static_shape(pt.invert(self.cast(x, 'bool')))

    def cumsum(self, x, axis=0):
        return self._accumulate(pt.cumsum, x, axis)

    def cumprod(self, x, axis=0):
        return self._accumulate(pt.cumprod, x, axis)

    def _accumulate(self, fn, x, axis):
        # Integers keep their dtype (as sum does), booleans count in int64.
        # pytensor's Python implementation returns numpy's int64 for int32
        # inputs while typing the result int32: accumulate in 64 bits and
        # cast back (the same wrap-around as 32-bit accumulation).
        x = self.convert(x)
        if x.dtype == 'bool':
            return with_static_shape(fn(pt.cast(x, 'int64'), axis=axis))
        if x.dtype.startswith(('int', 'uint')) and x.dtype[-2:] != '64':
            wide = 'uint64' if x.dtype.startswith('uint') else 'int64'
            return with_static_shape(pt.cast(fn(pt.cast(x, wide), axis=axis),
                                             x.dtype))
        return with_static_shape(fn(x, axis=axis))
