"""Reshape: gives the input a new shape (the batch axis is kept)."""
import numpy as np

from keras import backend as K
from keras.engine.base_layer import Layer


class Reshape(Layer):
    """Reshapes the input to `(batch_size,) + target_shape`.

    Args:
        target_shape: tuple of ints, without the batch axis; one entry may
            be -1, inferred from the size of the input.

    Input shape:
        Any, with a known size per sample for a -1 to be inferred.

    Output shape:
        `(batch_size,) + target_shape`
    """

    def __init__(self, target_shape, **kwargs):
        super(Reshape, self).__init__(**kwargs)
        self.target_shape = tuple(target_shape)

    def _fix_unknown_dimension(self, input_shape, output_shape):
        """`output_shape` with its -1 entry replaced by the size that keeps
        the number of elements of `input_shape`.

        Raises:
            ValueError: for more than one -1, or if the sizes do not match.
        """
        output_shape = list(output_shape)
        message = 'total size of new array must be unchanged'
        known = 1
        unknown = None
        for index, dim in enumerate(output_shape):
            if dim < 0:
                if unknown is not None:
                    raise ValueError('Can only specify one unknown '
                                     'dimension.')
                unknown = index
            else:
                known *= dim
        original = int(np.prod(input_shape, dtype=np.int64))
        if unknown is not None:
            if known == 0 or original % known != 0:
                raise ValueError(message)
            output_shape[unknown] = original // known
        elif original != known:
            raise ValueError(message)
        return tuple(output_shape)

    def compute_output_shape(self, input_shape):
        if None in input_shape[1:]:
            # Unknown input size: a -1 stays unknown.
            return (input_shape[0],) + tuple(
                None if s == -1 else s for s in self.target_shape)
        return (input_shape[0],) + self._fix_unknown_dimension(
            input_shape[1:], self.target_shape)

    def call(self, inputs):
        shape = K.int_shape(inputs)
        if None not in shape[1:]:
            target = self._fix_unknown_dimension(shape[1:], self.target_shape)
            return K.reshape(inputs, (-1,) + target)
        if -1 not in self.target_shape:
            return K.reshape(inputs, (-1,) + self.target_shape)
        return K.reshape(inputs, (K.shape(inputs)[0],) + self.target_shape)

    def get_config(self):
        config = {'target_shape': self.target_shape}
        base_config = super(Reshape, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))
