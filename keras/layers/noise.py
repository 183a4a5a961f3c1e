"""Regularization layers adding noise in the training phase only:
GaussianNoise, GaussianDropout, AlphaDropout."""
import numpy as np

from keras import backend as K
from keras.engine.base_layer import Layer
from keras.engine.base_layer import _legacy
from keras.layers.core.dropout import check_noise_shape
from keras.layers.core.dropout import resolve_noise_shape
from keras.utils.argument_validation import check_non_negative
from keras.utils.argument_validation import check_rate

# The fixed point of SELU (Klambauer et al., 2017).
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


class GaussianNoise(Layer):
    """Adds zero-centered Gaussian noise of standard deviation `stddev`
    (training phase only): a regularizer, also data augmentation for
    real-valued inputs.

    Args:
        stddev: float, the standard deviation of the noise.

    Input shape:
        Any.

    Output shape:
        The input shape.
    """

    @_legacy('legacy_gaussiannoise_support')
    def __init__(self, stddev, **kwargs):
        super(GaussianNoise, self).__init__(**kwargs)
        self.supports_masking = True
        self.stddev = check_non_negative(stddev, 'stddev', 'GaussianNoise')

    def call(self, inputs, training=None):
        def noised():
            return inputs + K.random_normal(shape=K.shape(inputs), mean=0.,
                                            stddev=self.stddev,
                                            dtype=K.dtype(inputs))
        return K.in_train_phase(noised, inputs, training=training)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {'stddev': self.stddev}
        base_config = super(GaussianNoise, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class GaussianDropout(Layer):
    """Multiplies the inputs by 1-centered Gaussian noise of standard
    deviation `sqrt(rate / (1 - rate))` (training phase only).

    Args:
        rate: float in [0, 1], the drop probability (as for `Dropout`);
            0 and 1 leave the inputs unchanged, as in Keras 2.

    Input shape:
        Any.

    Output shape:
        The input shape.
    """

    @_legacy('legacy_gaussiandropout_support')
    def __init__(self, rate, **kwargs):
        super(GaussianDropout, self).__init__(**kwargs)
        self.supports_masking = True
        self.rate = check_rate(rate, 'rate', 'GaussianDropout')

    def call(self, inputs, training=None):
        if not 0. < self.rate < 1.:
            return inputs

        def noised():
            stddev = np.sqrt(self.rate / (1.0 - self.rate))
            return inputs * K.random_normal(shape=K.shape(inputs), mean=1.0,
                                            stddev=stddev,
                                            dtype=K.dtype(inputs))
        return K.in_train_phase(noised, inputs, training=training)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {'rate': self.rate}
        base_config = super(GaussianDropout, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class AlphaDropout(Layer):
    """Dropout that keeps the mean and variance of its inputs (for SELU
    networks): dropped entries are set to SELU's negative saturation value
    `-alpha * scale`, then an affine map `a * x + b` restores the moments
    (training phase only).

    Args:
        rate: float in [0, 1], the drop probability; 0 and 1 leave the
            inputs unchanged, as in Keras 2.
        noise_shape: shape of the binary keep/drop mask, broadcast over the
            input; None entries take the input's size.
        seed: integer random seed.

    Input shape:
        Any.

    Output shape:
        The input shape.
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super(AlphaDropout, self).__init__(**kwargs)
        self.rate = check_rate(rate, 'rate', 'AlphaDropout')
        self.noise_shape = check_noise_shape(noise_shape, 'AlphaDropout')
        self.seed = seed
        self.supports_masking = True

    def _get_noise_shape(self, inputs):
        if not self.noise_shape:
            return K.shape(inputs)
        return resolve_noise_shape(self.noise_shape, inputs)

    def call(self, inputs, training=None):
        if not 0. < self.rate < 1.:
            return inputs
        noise_shape = self._get_noise_shape(inputs)
        rate = self.rate

        def dropped_inputs():
            alpha_p = -_SELU_ALPHA * _SELU_SCALE
            kept = K.greater_equal(K.random_uniform(noise_shape,
                                                    seed=self.seed,
                                                    dtype=K.dtype(inputs)),
                                   rate)
            kept = K.cast(kept, K.dtype(inputs))
            # The affine map that restores zero mean and unit variance.
            a = ((1 - rate) * (1 + rate * alpha_p ** 2)) ** -0.5
            b = -a * alpha_p * rate
            x = inputs * kept + alpha_p * (1 - kept)
            return a * x + b
        return K.in_train_phase(dropped_inputs, inputs, training=training)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {'rate': self.rate,
                  'noise_shape': self.noise_shape,
                  'seed': self.seed}
        base_config = super(AlphaDropout, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))
