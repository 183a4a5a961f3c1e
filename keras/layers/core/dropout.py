"""Dropout and its spatial variants."""
import numpy as np

from keras import backend as K
from keras.engine.base_layer import Layer
from keras.engine.base_layer import _legacy
from keras.engine.input_spec import InputSpec
from keras.utils.argument_validation import check_rate


def check_noise_shape(noise_shape, owner):
    """None, or a tuple of positive ints and Nones (the input's size)."""
    if noise_shape is None:
        return None
    entries = noise_shape if isinstance(noise_shape, (list, tuple)) else None
    if entries is None or not all(
            n is None or (isinstance(n, (int, np.integer)) and
                          not isinstance(n, bool) and n >= 1)
            for n in entries):
        raise ValueError('%s: `noise_shape` must be a tuple of positive '
                         'integers and Nones; received %r.'
                         % (owner, noise_shape))
    return noise_shape


def resolve_noise_shape(noise_shape, inputs):
    """`noise_shape` with its None entries replaced by the input's sizes:
    static ones where known, else read from `K.shape(inputs)`."""
    static = K.int_shape(inputs)
    if len(noise_shape) != len(static):
        raise ValueError('`noise_shape` %r does not have the rank of the '
                         'input (shape %s).' % (noise_shape, static))
    dynamic = None
    resolved = []
    for axis, size in enumerate(noise_shape):
        if size is None:
            size = static[axis]
            if size is None:
                if dynamic is None:
                    dynamic = K.shape(inputs)
                size = dynamic[axis]
        resolved.append(size)
    return tuple(resolved)


class Dropout(Layer):
    """Sets a fraction `rate` of the inputs to 0 during training (scaling
    the others by 1 / (1 - rate)); the identity at test time.

    Args:
        rate: float in [0, 1], the fraction of inputs to drop.
        noise_shape: shape of the binary keep/drop mask, broadcast over the
            input; None entries take the input's size. E.g. (batch, 1,
            features) drops the same features at every timestep.
        seed: integer random seed.

    Input shape:
        Any.

    Output shape:
        The input shape.
    """

    @_legacy('legacy_dropout_support')
    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super(Dropout, self).__init__(**kwargs)
        self.rate = check_rate(rate, 'rate', self.__class__.__name__)
        self.noise_shape = check_noise_shape(noise_shape,
                                             self.__class__.__name__)
        self.seed = seed
        self.supports_masking = True

    def _get_noise_shape(self, inputs):
        if self.noise_shape is None:
            return None
        return resolve_noise_shape(self.noise_shape, inputs)

    def call(self, inputs, training=None):
        if not 0. < self.rate < 1.:
            return inputs
        noise_shape = self._get_noise_shape(inputs)

        def dropped_inputs():
            return K.dropout(inputs, self.rate, noise_shape, seed=self.seed)
        return K.in_train_phase(dropped_inputs, inputs, training=training)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = {'rate': self.rate,
                  'noise_shape': self.noise_shape,
                  'seed': self.seed}
        base_config = super(Dropout, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class SpatialDropout1D(Dropout):
    """Drops whole feature maps (channels) of 3D inputs
    (samples, timesteps, channels), for correlated adjacent frames.

    Args:
        rate: float in [0, 1], the fraction of channels to drop.
    """

    @_legacy('legacy_spatialdropout1d_support')
    def __init__(self, rate, **kwargs):
        super(SpatialDropout1D, self).__init__(rate, **kwargs)
        self.input_spec = InputSpec(ndim=3)

    def _get_noise_shape(self, inputs):
        return resolve_noise_shape((None, 1, None), inputs)


class _SpatialDropoutND(Dropout):
    """Drops whole feature maps of inputs with `_spatial_rank` spatial axes
    (the base of SpatialDropout2D and SpatialDropout3D)."""
    _spatial_rank = None

    @_legacy('legacy_spatialdropoutNd_support')
    def __init__(self, rate, data_format=None, **kwargs):
        super(_SpatialDropoutND, self).__init__(rate, **kwargs)
        self.data_format = K.normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self._spatial_rank + 2)

    def _get_noise_shape(self, inputs):
        one_per_position = (1,) * self._spatial_rank
        if self.data_format == 'channels_first':
            noise_shape = (None, None) + one_per_position
        else:
            noise_shape = (None,) + one_per_position + (None,)
        return resolve_noise_shape(noise_shape, inputs)

    def get_config(self):
        config = super(_SpatialDropoutND, self).get_config()
        config['data_format'] = self.data_format
        return config


class SpatialDropout2D(_SpatialDropoutND):
    """Drops whole 2D feature maps of 4D inputs.

    Args:
        rate: float in [0, 1], the fraction of channels to drop.
        data_format: 'channels_first' or 'channels_last' (default: the
            image_data_format of keras.json).
    """
    _spatial_rank = 2


class SpatialDropout3D(_SpatialDropoutND):
    """Drops whole 3D feature maps of 5D inputs.

    Args:
        rate: float in [0, 1], the fraction of channels to drop.
        data_format: 'channels_first' or 'channels_last' (default: the
            image_data_format of keras.json).
    """
    _spatial_rank = 3
