"""Masking: marks the timesteps to skip."""
from keras import backend as K
from keras.engine.base_layer import Layer


class Masking(Layer):
    """Masks the timesteps whose features all equal `mask_value`.

    Downstream layers that support masking (e.g. recurrent layers) skip
    those timesteps; the output is the input with them set to 0.

    Args:
        mask_value: the value marking a timestep as padding.

    Input shape:
        (samples, timesteps, features).

    Output shape:
        The input shape.
    """

    def __init__(self, mask_value=0., **kwargs):
        super(Masking, self).__init__(**kwargs)
        self.supports_masking = True
        self.mask_value = mask_value

    def compute_mask(self, inputs, mask=None):
        return K.any(K.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs):
        keep = K.any(K.not_equal(inputs, self.mask_value), axis=-1,
                     keepdims=True)
        return inputs * K.cast(keep, K.dtype(inputs))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {'mask_value': self.mask_value}
        base_config = super(Masking, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))
