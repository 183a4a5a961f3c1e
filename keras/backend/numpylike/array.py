"""Creation, shape manipulation and indexing over a numpy-like `xp`."""


class NumpyLikeArray(object):

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
        return self.xp.stack(tensors, axis=axis)

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
