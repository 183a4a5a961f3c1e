"""Creation, shape manipulation and indexing over a numpy-like `xp`."""
import numbers

import numpy as np


def _is_python_scalar(x):
    return isinstance(x, (bool, numbers.Number)) and not isinstance(
        x, np.generic)


class NumpyLikeArray(object):

    # Sizes given as tensors (keras/backend/ops/sizes.py): numpy runs
    # eagerly, and jax's jit needs static shapes, so neither takes a size
    # known only when the graph runs.
    takes_dynamic_sizes = False

    def static_value(self, x):
        """The value of `x` as a numpy array if it is known before the
        graph runs, else None."""
        try:
            return np.asarray(x)
        except TypeError:
            # A jax tracer: its value only exists when the jitted
            # function runs.
            return None

    def convert(self, x, dtype=None):
        return self.xp.asarray(x, dtype=dtype)

    def cast(self, x, dtype):
        return self.xp.asarray(x).astype(dtype)

    def zeros(self, shape, dtype):
        return self.xp.zeros(shape, dtype=dtype)

    def ones(self, shape, dtype):
        return self.xp.ones(shape, dtype=dtype)

    def full(self, shape, value, dtype):
        return self.xp.full(shape, value, dtype=dtype)

    def eye(self, n, m, dtype):
        return self.xp.eye(n, m, dtype=dtype)

    def arange(self, start, stop, step, dtype):
        return self.xp.arange(start, stop, step, dtype=dtype)

    def shape(self, x):
        return self.xp.asarray(self.xp.shape(x), dtype='int32')

    def static_shape(self, x):
        """The shape known without running the graph: a tuple of ints, with
        None for dimensions only known at run time (symbolic backends)."""
        return tuple(x.shape)

    def zeros_like(self, x, dtype):
        return self.xp.zeros_like(x, dtype=dtype)

    def ones_like(self, x, dtype):
        return self.xp.ones_like(x, dtype=dtype)

    def reshape(self, x, shape):
        return self.xp.reshape(x, shape)

    def transpose(self, x, axes=None):
        return self.xp.transpose(x, axes)

    def expand_dims(self, x, axis):
        return self.xp.expand_dims(x, axis)

    def squeeze(self, x, axis):
        return self.xp.squeeze(x, axis)

    def concatenate(self, tensors, axis):
        return self.xp.concatenate(tensors, axis=axis)

    def stack(self, tensors, axis):
        return self.xp.stack(self._weakly_typed(tensors), axis=axis)

    def _weakly_typed(self, values):
        """Python scalars among `values` as arrays of the type numpy 2
        gives them next to the others: `K.stack([K.shape(x)[0], 1])` is
        int32, as on the other backends."""
        values = list(values)
        scalars = [_is_python_scalar(v) for v in values]
        if all(scalars) or not any(scalars):
            return values
        dtype = np.result_type(*[
            v if scalar else np.dtype(self.dtype_name(v))
            for v, scalar in zip(values, scalars)])
        return [np.asarray(v, dtype=dtype) if scalar else v
                for v, scalar in zip(values, scalars)]

    def repeat(self, x, repeats, axis):
        return self.xp.repeat(x, repeats, axis=axis)

    def tile(self, x, reps):
        return self.xp.tile(x, reps)

    def take(self, x, indices, axis=0):
        return self.xp.take(x, indices, axis=axis)

    def flip(self, x, axes):
        return self.xp.flip(x, axis=axes)

    def getitem(self, x, key):
        return x[key]

    def pad(self, x, pad_width, constant=0):
        return self.xp.pad(x, pad_width, constant_values=constant)
