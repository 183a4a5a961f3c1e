"""Permute: reorders the non-batch axes."""
from keras import backend as K
from keras.engine.base_layer import Layer
from keras.engine.input_spec import InputSpec


class Permute(Layer):
    """Permutes the axes of the input (the batch axis stays first).

    Args:
        dims: tuple of ints, the permutation of the axes 1 to n, e.g.
            (2, 1) swaps the first and second non-batch axes.

    Input shape:
        (batch,) + n axes.

    Output shape:
        The input shape with its axes 1 to n reordered by `dims`.
    """

    def __init__(self, dims, **kwargs):
        super(Permute, self).__init__(**kwargs)
        self.dims = tuple(dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError('Invalid permutation `dims`: ' + str(dims) +
                             ' The set of indices in `dims` must be '
                             'consecutive and start from 1.')
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)

    def compute_output_shape(self, input_shape):
        input_shape = list(input_shape)
        return tuple([input_shape[0]] + [input_shape[d] for d in self.dims])

    def call(self, inputs):
        return K.permute_dimensions(inputs, (0,) + self.dims)

    def get_config(self):
        config = {'dims': self.dims}
        base_config = super(Permute, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))
