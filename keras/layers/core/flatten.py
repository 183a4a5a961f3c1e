"""Flatten: collapses every axis but the batch axis."""
import numpy as np

from keras import backend as K
from keras.engine.base_layer import Layer
from keras.engine.input_spec import InputSpec


class Flatten(Layer):
    """Flattens the input without affecting the batch size.

    Args:
        data_format: 'channels_first' or 'channels_last' (default: the
            image_data_format of keras.json). With 'channels_first' the
            channels axis is moved last before flattening, so that the
            element order matches that of channels_last inputs.

    Input shape:
        (batch, d1, d2, ...) with rank >= 3 and known d1, d2, ...

    Output shape:
        (batch, d1 * d2 * ...)
    """

    def __init__(self, data_format=None, **kwargs):
        super(Flatten, self).__init__(**kwargs)
        self.input_spec = InputSpec(min_ndim=3)
        self.data_format = K.normalize_data_format(data_format)

    def compute_output_shape(self, input_shape):
        if not all(input_shape[1:]):
            raise ValueError('The shape of the input to "Flatten" is not '
                             'fully defined (got ' + str(input_shape[1:]) +
                             '). Make sure to pass a complete "input_shape" '
                             'or "batch_input_shape" argument to the first '
                             'layer in your model.')
        return (input_shape[0], int(np.prod(input_shape[1:])))

    def call(self, inputs):
        if self.data_format == 'channels_first':
            rank = K.ndim(inputs)
            inputs = K.permute_dimensions(
                inputs, [0] + list(range(2, rank)) + [1])
        return K.batch_flatten(inputs)

    def get_config(self):
        config = {'data_format': self.data_format}
        base_config = super(Flatten, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))
