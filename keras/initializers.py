"""Weight initializers.

An initializer is called with a shape (and a dtype) and returns the initial
value of a weight. The random ones draw with NumPy, from a
`np.random.Generator(np.random.PCG64(seed))` when a seed is given (the seed
is then incremented, so that two weights initialised by the same instance
differ); otherwise that generator's seed is one integer drawn from NumPy's
global generator, so `np.random.seed` still decides every draw. The values
are therefore the same on every backend: `np.random.seed(1)` followed by
building a model gives identical initial weights on jax, tensorflow, torch,
theano and numpy.

Draws are made directly in float32 unless float64 is asked for (float16 and
other dtypes are cast from float32): a float64 draw cast down costs several
times more, which for the 102M weights of VGG16's fc1 is seconds.
"""
import numpy as np

from keras import backend as K
from keras.utils.generic_utils import deserialize_keras_object
from keras.utils.generic_utils import get_from_identifier
from keras.utils.generic_utils import serialize_keras_object

# The standard deviation of a unit normal truncated to [-2, 2]: dividing by
# it gives truncated draws the variance asked for.
_TRUNCATED_NORMAL_STDDEV = 0.87962566103423978


def _dtype(dtype):
    return np.dtype(dtype or K.floatx())


def _shape(shape):
    return tuple(int(d) for d in shape)


def _draw_dtype(dtype):
    """The dtype NumPy's Generator draws in for a weight of `dtype`."""
    return np.float64 if dtype == np.float64 else np.float32


# Seeds for the Generator when none is given are drawn below this bound
# from NumPy's global RandomState (the bound keeps them int64).
_SEED_BOUND = 2 ** 63


class Initializer(object):
    """Base class: `__call__(shape, dtype=None)` returns the initial value.
    """

    def __call__(self, shape, dtype=None):
        raise NotImplementedError

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config.pop('dtype', None)
        return cls(**config)


class Zeros(Initializer):
    """All zeros."""

    def __call__(self, shape, dtype=None):
        return np.zeros(_shape(shape), dtype=_dtype(dtype))


class Ones(Initializer):
    """All ones."""

    def __call__(self, shape, dtype=None):
        return np.ones(_shape(shape), dtype=_dtype(dtype))


class Constant(Initializer):
    """All entries set to `value`.

    Args:
        value: a Python scalar (or anything broadcastable to the shape).
    """

    def __init__(self, value=0):
        self.value = value

    def __call__(self, shape, dtype=None):
        return np.full(_shape(shape), self.value, dtype=_dtype(dtype))

    def get_config(self):
        return {'value': self.value}


class _SeededInitializer(Initializer):
    """Draws from a generator seeded by `seed` (NumPy's global one if None).
    """

    def __init__(self, seed=None):
        self.seed = seed

    def _generator(self):
        if self.seed is None:
            # One draw from the global state: np.random.seed fixes it, and
            # it advances so that successive weights differ.
            seed = np.random.randint(_SEED_BOUND, dtype=np.int64)
        else:
            seed = self.seed
            self.seed += 1
        return np.random.Generator(np.random.PCG64(seed))


def _scalar(value, values):
    # In the draws' dtype, so that the in-place arithmetic below runs in
    # float32 rather than through a float64 loop (NumPy scalars are strong).
    return np.asarray(value, dtype=values.dtype)


def _finish(values, dtype):
    return values.astype(dtype, copy=False)


def _uniform(generator, minval, maxval, shape, dtype):
    values = generator.random(shape, dtype=_draw_dtype(dtype))
    # In place: a second full-size temporary would cost as much as the draw.
    values *= _scalar(maxval - minval, values)
    values += _scalar(minval, values)
    return _finish(values, dtype)


def _normal(generator, mean, stddev, shape, dtype):
    values = generator.standard_normal(shape, dtype=_draw_dtype(dtype))
    values *= _scalar(stddev, values)
    values += _scalar(mean, values)
    return _finish(values, dtype)


def _truncated_normal(generator, mean, stddev, shape, dtype):
    """Normal draws; those beyond two standard deviations are redrawn."""
    draw_dtype = _draw_dtype(dtype)
    values = generator.standard_normal(shape, dtype=draw_dtype)
    outside = np.flatnonzero(np.abs(values) > 2.)
    flat = values.reshape(-1)
    while outside.size:
        redrawn = generator.standard_normal(outside.size, dtype=draw_dtype)
        flat[outside] = redrawn
        outside = outside[np.abs(redrawn) > 2.]
    values *= _scalar(stddev, values)
    values += _scalar(mean, values)
    return _finish(values, dtype)


class RandomNormal(_SeededInitializer):
    """Normal distribution.

    Args:
        mean: mean of the values.
        stddev: standard deviation of the values.
        seed: integer seed, or None.
    """

    def __init__(self, mean=0., stddev=0.05, seed=None):
        super(RandomNormal, self).__init__(seed)
        self.mean = mean
        self.stddev = stddev

    def __call__(self, shape, dtype=None):
        return _normal(self._generator(), self.mean, self.stddev,
                       _shape(shape), _dtype(dtype))

    def get_config(self):
        return {'mean': self.mean, 'stddev': self.stddev, 'seed': self.seed}


class RandomUniform(_SeededInitializer):
    """Uniform distribution in [minval, maxval).

    Args:
        minval: lower bound.
        maxval: upper bound (excluded).
        seed: integer seed, or None.
    """

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        super(RandomUniform, self).__init__(seed)
        self.minval = minval
        self.maxval = maxval

    def __call__(self, shape, dtype=None):
        return _uniform(self._generator(), self.minval, self.maxval,
                        _shape(shape), _dtype(dtype))

    def get_config(self):
        return {'minval': self.minval, 'maxval': self.maxval,
                'seed': self.seed}


class TruncatedNormal(_SeededInitializer):
    """Normal distribution; values beyond two standard deviations from the
    mean are redrawn. Recommended for neural network weights.

    Args:
        mean: mean of the values.
        stddev: standard deviation before truncation.
        seed: integer seed, or None.
    """

    def __init__(self, mean=0., stddev=0.05, seed=None):
        super(TruncatedNormal, self).__init__(seed)
        self.mean = mean
        self.stddev = stddev

    def __call__(self, shape, dtype=None):
        return _truncated_normal(self._generator(), self.mean, self.stddev,
                                 _shape(shape), _dtype(dtype))

    def get_config(self):
        return {'mean': self.mean, 'stddev': self.stddev, 'seed': self.seed}


_MODES = ('fan_in', 'fan_out', 'fan_avg')
# 'normal' is truncated (2.3.1's only normal); tf-keras calls it
# 'truncated_normal' and adds 'untruncated_normal'.
_DISTRIBUTIONS = ('normal', 'uniform', 'untruncated_normal')
_DISTRIBUTION_ALIASES = {'truncated_normal': 'normal'}


class VarianceScaling(_SeededInitializer):
    """Scale-aware initializer.

    With `distribution="normal"`, draws from a normal truncated at two
    standard deviations, with a variance of `scale / n` after truncation;
    with `distribution="uniform"`, draws uniformly within
    `[-limit, limit]`, `limit = sqrt(3 * scale / n)`. `n` is the number of
    input units (`fan_in`), output units (`fan_out`) or their average
    (`fan_avg`) of the weight. tf-keras's names are read too:
    "truncated_normal" is "normal"; "untruncated_normal" draws from a
    normal of variance `scale / n`.

    Args:
        scale: positive float.
        mode: "fan_in", "fan_out" or "fan_avg".
        distribution: "normal", "uniform" (or "truncated_normal",
            "untruncated_normal").
        seed: integer seed, or None.

    Raises:
        ValueError: for an invalid `scale`, `mode` or `distribution`.
    """

    def __init__(self, scale=1.0, mode='fan_in', distribution='normal',
                 seed=None):
        super(VarianceScaling, self).__init__(seed)
        if scale <= 0.:
            raise ValueError('`scale` must be a positive float. Got:', scale)
        mode = mode.lower()
        if mode not in _MODES:
            raise ValueError('Invalid `mode` argument: expected on of '
                             '{"fan_in", "fan_out", "fan_avg"} but got', mode)
        distribution = distribution.lower()
        distribution = _DISTRIBUTION_ALIASES.get(distribution, distribution)
        if distribution not in _DISTRIBUTIONS:
            raise ValueError('Invalid `distribution` argument: expected one '
                             'of {"normal", "uniform", "truncated_normal", '
                             '"untruncated_normal"} but got', distribution)
        self.scale = scale
        self.mode = mode
        self.distribution = distribution

    def __call__(self, shape, dtype=None):
        shape = _shape(shape)
        fan_in, fan_out = _compute_fans(shape)
        units = {'fan_in': fan_in, 'fan_out': fan_out,
                 'fan_avg': (fan_in + fan_out) / 2.}[self.mode]
        scale = self.scale / max(1., units)
        generator = self._generator()
        dtype = _dtype(dtype)
        if self.distribution == 'normal':
            stddev = np.sqrt(scale) / _TRUNCATED_NORMAL_STDDEV
            return _truncated_normal(generator, 0., stddev, shape, dtype)
        if self.distribution == 'untruncated_normal':
            return _normal(generator, 0., np.sqrt(scale), shape, dtype)
        limit = np.sqrt(3. * scale)
        return _uniform(generator, -limit, limit, shape, dtype)

    def get_config(self):
        return {'scale': self.scale, 'mode': self.mode,
                'distribution': self.distribution, 'seed': self.seed}


class Orthogonal(_SeededInitializer):
    """A random orthogonal matrix (of the shape flattened to 2D), times
    `gain`.

    Args:
        gain: multiplicative factor.
        seed: integer seed, or None.
    """

    def __init__(self, gain=1., seed=None):
        super(Orthogonal, self).__init__(seed)
        self.gain = gain

    def __call__(self, shape, dtype=None):
        shape = _shape(shape)
        rows = int(np.prod(shape[:-1]))
        cols = shape[-1]
        # float64 whatever the dtype: the SVD, not the draw, dominates.
        draws = self._generator().standard_normal((rows, cols))
        u, _, v = np.linalg.svd(draws, full_matrices=False)
        q = u if u.shape == (rows, cols) else v
        return (self.gain * q.reshape(shape)).astype(_dtype(dtype))

    def get_config(self):
        return {'gain': self.gain, 'seed': self.seed}


class Identity(Initializer):
    """The identity matrix (padded with zeros if not square) times `gain`.
    Only for 2D weights.

    Args:
        gain: multiplicative factor.
    """

    def __init__(self, gain=1.):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        if len(shape) != 2:
            raise ValueError('Identity matrix initializer can only be used '
                             'for 2D matrices.')
        rows, cols = _shape(shape)
        return (self.gain * np.eye(rows, cols)).astype(_dtype(dtype))

    def get_config(self):
        return {'gain': self.gain}


def lecun_uniform(seed=None):
    """Uniform within sqrt(3 / fan_in)."""
    return VarianceScaling(scale=1., mode='fan_in', distribution='uniform',
                           seed=seed)


def glorot_normal(seed=None):
    """Truncated normal, stddev sqrt(2 / (fan_in + fan_out))."""
    return VarianceScaling(scale=1., mode='fan_avg', distribution='normal',
                           seed=seed)


def glorot_uniform(seed=None):
    """Uniform within sqrt(6 / (fan_in + fan_out))."""
    return VarianceScaling(scale=1., mode='fan_avg', distribution='uniform',
                           seed=seed)


def he_normal(seed=None):
    """Truncated normal, stddev sqrt(2 / fan_in)."""
    return VarianceScaling(scale=2., mode='fan_in', distribution='normal',
                           seed=seed)


def lecun_normal(seed=None):
    """Truncated normal, stddev sqrt(1 / fan_in)."""
    return VarianceScaling(scale=1., mode='fan_in', distribution='normal',
                           seed=seed)


def he_uniform(seed=None):
    """Uniform within sqrt(6 / fan_in)."""
    return VarianceScaling(scale=2., mode='fan_in', distribution='uniform',
                           seed=seed)


def _compute_fans(shape, data_format='channels_last'):
    """Input and output unit counts of a weight of `shape`.

    Dense kernels are (fan_in, fan_out); convolution kernels of rank 3 to 5
    are (*spatial, in, out) in channels_last and (out, in, *spatial) in
    channels_first, each unit counted once per receptive-field position.
    Other ranks use the square root of the size for both.
    """
    if len(shape) == 2:
        return shape[0], shape[1]
    if len(shape) in (3, 4, 5):
        if data_format == 'channels_first':
            receptive_field = np.prod(shape[2:])
            return shape[1] * receptive_field, shape[0] * receptive_field
        if data_format == 'channels_last':
            receptive_field = np.prod(shape[:-2])
            return shape[-2] * receptive_field, shape[-1] * receptive_field
        raise ValueError('Invalid data_format: ' + data_format)
    fan = np.sqrt(np.prod(shape))
    return fan, fan


# Aliases, Keras 1 names included.
zero = zeros = Zeros
one = ones = Ones
constant = Constant
uniform = random_uniform = RandomUniform
normal = random_normal = RandomNormal
truncated_normal = TruncatedNormal
identity = Identity
orthogonal = Orthogonal

_REGISTRY = {
    'Initializer': Initializer,
    'Zeros': Zeros, 'zeros': Zeros, 'zero': Zeros,
    'Ones': Ones, 'ones': Ones, 'one': Ones,
    'Constant': Constant, 'constant': Constant,
    'RandomNormal': RandomNormal, 'random_normal': RandomNormal,
    'normal': RandomNormal,
    'RandomUniform': RandomUniform, 'random_uniform': RandomUniform,
    'uniform': RandomUniform,
    'TruncatedNormal': TruncatedNormal, 'truncated_normal': TruncatedNormal,
    'VarianceScaling': VarianceScaling,
    'Orthogonal': Orthogonal, 'orthogonal': Orthogonal,
    'Identity': Identity, 'identity': Identity,
    'lecun_uniform': lecun_uniform,
    'glorot_normal': glorot_normal,
    'glorot_uniform': glorot_uniform,
    'he_normal': he_normal,
    'lecun_normal': lecun_normal,
    'he_uniform': he_uniform,
}
# tf-keras writes these as classes ({'class_name': 'GlorotUniform',
# 'config': {'seed': None}}); they build the VarianceScaling instances
# 2.3.1's functions build, so a model read from a tf-keras file is saved
# again with 2.3.1's names. tf-keras 2's 'V2' suffixed names likewise.
def _read_tf_keras_config(factory):
    def build(seed=None, dtype=None):  # TF1-style configs carry a dtype
        return factory(seed=seed)
    build.__name__ = factory.__name__
    return build


_REGISTRY.update({
    'GlorotUniform': _read_tf_keras_config(glorot_uniform),
    'GlorotNormal': _read_tf_keras_config(glorot_normal),
    'HeNormal': _read_tf_keras_config(he_normal),
    'HeUniform': _read_tf_keras_config(he_uniform),
    'LecunNormal': _read_tf_keras_config(lecun_normal),
    'LecunUniform': _read_tf_keras_config(lecun_uniform),
})
_REGISTRY.update({name + 'V2': _REGISTRY[name] for name in (
    'Zeros', 'Ones', 'Constant', 'RandomNormal', 'RandomUniform',
    'TruncatedNormal', 'VarianceScaling', 'Orthogonal', 'Identity',
    'GlorotUniform', 'GlorotNormal', 'HeNormal', 'HeUniform', 'LecunNormal',
    'LecunUniform', 'glorot_normal', 'glorot_uniform', 'he_normal',
    'he_uniform', 'lecun_normal', 'lecun_uniform')})


def serialize(initializer):
    return serialize_keras_object(initializer)


def deserialize(config, custom_objects=None):
    return deserialize_keras_object(config, module_objects=_REGISTRY,
                                    custom_objects=custom_objects,
                                    printable_module_name='initializer')


def get(identifier):
    """An initializer from a name, a config dict or a callable.

    Raises:
        ValueError: for anything else.
    """
    return get_from_identifier(identifier, deserialize, 'initializer')
