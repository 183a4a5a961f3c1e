"""RepeatVector: repeats a vector n times."""
from keras import backend as K
from keras.engine.base_layer import Layer
from keras.engine.input_spec import InputSpec


class RepeatVector(Layer):
    """Repeats the input `n` times along a new axis 1.

    Args:
        n: integer, the repetition factor.

    Input shape:
        2D tensor (num_samples, features).

    Output shape:
        3D tensor (num_samples, n, features).
    """

    def __init__(self, n, **kwargs):
        super(RepeatVector, self).__init__(**kwargs)
        self.n = n
        self.input_spec = InputSpec(ndim=2)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def call(self, inputs):
        return K.repeat(inputs, self.n)

    def get_config(self):
        config = {'n': self.n}
        base_config = super(RepeatVector, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))
