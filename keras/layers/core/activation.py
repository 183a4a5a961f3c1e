"""Activation: applies an activation function."""
from keras import activations
from keras.engine.base_layer import Layer


class Activation(Layer):
    """Applies an activation function to its input.

    Args:
        activation: name of an activation function (see keras.activations)
            or a callable.

    Input shape:
        Any.

    Output shape:
        The input shape.
    """

    def __init__(self, activation, **kwargs):
        super(Activation, self).__init__(**kwargs)
        self.supports_masking = True
        self.activation = activations.get(activation)

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {'activation': activations.serialize(self.activation)}
        base_config = super(Activation, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))
