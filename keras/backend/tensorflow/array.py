"""Creation, shape manipulation and indexing on tf ops."""
import numbers

import numpy as np
import tensorflow as tf

from keras.backend.tensorflow.dtypes import is_native
from keras.backend.tensorflow.dtypes import promote
from keras.backend.tensorflow.dtypes import tensor


def _is_basic_index(key):
    return key is None or key is Ellipsis or isinstance(
        key, (slice, numbers.Integral)) or (
        is_native(key) and len(key.shape) == 0 and key.dtype.is_integer)


def _wrapped_indices(indices, size):
    """Negative indices counted from the end, as numpy does (tf.gather
    rejects them)."""
    indices = tensor(indices)
    if not indices.dtype.is_integer:
        indices = tf.cast(indices, tf.int64)
    size = tf.cast(size, indices.dtype)
    return tf.where(indices < 0, indices + size, indices)


class TensorflowArray(object):

    # Sizes given as tensors (keras/backend/ops/sizes.py) go to tf ops as
    # they are: TensorFlow takes sizes known only when the graph runs.
    takes_dynamic_sizes = True

    def static_value(self, x):
        """The value of `x` as a numpy array if it is known before the
        graph runs (eager tensors, constants and what TensorFlow folds),
        else None."""
        if not is_native(x):
            return np.asarray(x)
        value = tf.get_static_value(x)
        return None if value is None else np.asarray(value)

    def convert(self, x, dtype=None):
        return tensor(x, dtype)

    def cast(self, x, dtype):
        return tensor(x, dtype)

    def zeros(self, shape, dtype):
        return tf.zeros(shape, dtype=dtype)

    def ones(self, shape, dtype):
        return tf.ones(shape, dtype=dtype)

    def full(self, shape, value, dtype):
        return tf.fill(shape, tensor(value, dtype))

    def zeros_like(self, x, dtype):
        return tf.zeros_like(tensor(x), dtype=dtype)

    def ones_like(self, x, dtype):
        return tf.ones_like(tensor(x), dtype=dtype)

    def eye(self, n, m, dtype):
        return tf.eye(n, m, dtype=dtype)

    def arange(self, start, stop, step, dtype):
        return tf.range(start, stop, step, dtype=dtype)

    def shape(self, x):
        return tf.shape(tensor(x), out_type=tf.int32)

    def static_shape(self, x):
        shape = tensor(x).shape
        if shape.rank is None:
            raise ValueError('The tensorflow backend needs tensors of known '
                             'rank; received %r.' % (x,))
        return tuple(shape.as_list())

    def reshape(self, x, shape):
        return tf.reshape(tensor(x), shape)

    def transpose(self, x, axes=None):
        return tf.transpose(tensor(x), perm=axes)

    def expand_dims(self, x, axis):
        x = tensor(x)
        if isinstance(axis, (tuple, list)):
            rank = len(x.shape) + len(axis)
            for a in sorted(a % rank for a in axis):
                x = tf.expand_dims(x, a)
            return x
        return tf.expand_dims(x, axis)

    def squeeze(self, x, axis):
        if isinstance(axis, numbers.Integral):
            axis = [axis]
        return tf.squeeze(tensor(x), axis)

    def concatenate(self, tensors, axis):
        return tf.concat(list(promote(*tensors)), axis)

    def stack(self, tensors, axis):
        return tf.stack(list(promote(*tensors)), axis)

    def split(self, x, sizes, axis):
        # Optional primitive: slices of one tensor lowered together (see
        # keras/backend/ops/slice_groups.py); one Split op, whose gradient
        # is one concatenation.
        return tf.split(tensor(x), list(sizes), axis)

    def repeat(self, x, repeats, axis):
        return tf.repeat(tensor(x), repeats, axis=axis)

    def tile(self, x, reps):
        x = tensor(x)
        if is_native(reps):
            # A multiples vector known when the graph runs: its length is
            # static.
            reps = tf.unstack(tf.cast(reps, tf.int32), num=reps.shape[0])
        reps = [reps] if isinstance(reps, numbers.Integral) else list(reps)
        rank = len(x.shape)
        # numpy pads the shorter of the two with leading ones.
        if len(reps) < rank:
            reps = [1] * (rank - len(reps)) + reps
        elif len(reps) > rank:
            leading = tf.ones([len(reps) - rank], dtype=tf.int32)
            x = tf.reshape(x, tf.concat([leading, tf.shape(x)], 0))
        return tf.tile(x, reps)

    def take(self, x, indices, axis=0):
        x = tensor(x)
        if axis is None:
            x, axis = tf.reshape(x, [-1]), 0
        return tf.gather(x, _wrapped_indices(indices, tf.shape(x)[axis]),
                         axis=axis)

    def flip(self, x, axes):
        x = tensor(x)
        if axes is None:
            axes = range(len(x.shape))
        elif isinstance(axes, numbers.Integral):
            axes = [axes]
        return tf.reverse(x, axis=list(axes))

    def getitem(self, x, key):
        x = tensor(x)
        parts = key if isinstance(key, tuple) else (key,)
        if all(_is_basic_index(k) for k in parts):
            return x[key]
        if isinstance(key, tuple):
            # One integer array after plain `:` slices, e.g. x[:, [0, 2]].
            arrays = [i for i, k in enumerate(parts) if not _is_basic_index(k)]
            axis = arrays[0]
            if len(arrays) == 1 and all(k == slice(None) for k in
                                        parts[:axis]):
                taken = self.take(x, parts[axis], axis)
                # The index's own axes replace the indexed one.
                index_rank = len(taken.shape) - len(x.shape) + 1
                rest = (slice(None),) * (axis + index_rank) + \
                    parts[axis + 1:]
                return taken[rest]
            raise NotImplementedError(
                'The tensorflow backend supports numpy advanced indexing '
                'with one integer array (after `:` slices) or one boolean '
                'mask; received the index %r.' % (key,))
        index = key if is_native(key) else np.asarray(key)
        if index.dtype == bool:
            return tf.boolean_mask(x, index)
        return self.take(x, index, 0)

    def pad(self, x, pad_width, constant=0):
        x = tensor(x)
        rank = len(x.shape)
        widths = np.broadcast_to(np.asarray(pad_width, dtype='int64'),
                                 (rank, 2))
        return tf.pad(x, widths, constant_values=tensor(constant,
                                                        x.dtype.name))
