"""Random primitives on tf.random.Generator objects.

Each compiled function keeps its generators (one per seed, one for unseeded
ops) so that every call draws anew: their state lives in tf.Variables,
advanced by the draws. The variables are made outside tf.function: a trace
that meets a seed without a generator stops with MissingGenerators, the
function makes the generators eagerly and traces again.
"""
import numpy as np
import tensorflow as tf

from keras.backend.symbolic.graph import active_lowering
from keras.backend.tensorflow.dtypes import promote


class MissingGenerators(Exception):
    """Raised while tracing when a generator must be made first."""


class GeneratorStore(object):
    """The generators of one compiled function (or one K.eval)."""

    def __init__(self):
        self.generators = {}
        self.missing = set()

    def get(self, seed):
        generator = self.generators.get(seed)
        if generator is not None:
            return generator
        if not tf.executing_eagerly():
            self.missing.add(seed)
            raise MissingGenerators()
        return self._make(seed)

    def make_missing(self):
        for seed in self.missing:
            self._make(seed)
        self.missing.clear()

    def _make(self, seed):
        # Unseeded: seeded from numpy's global RNG, so that np.random.seed
        # makes runs repeatable.
        value = np.random.randint(0, 2 ** 31 - 1) if seed is None else seed
        generator = tf.random.Generator.from_seed(int(value))
        self.generators[seed] = generator
        return generator


def _generator(seed):
    lowering = active_lowering()
    store = lowering.rng if lowering is not None and isinstance(
        lowering.rng, GeneratorStore) else GeneratorStore()
    return store.get(seed)


def _shape(shape):
    if isinstance(shape, (tuple, list)):
        return list(shape)
    return shape


class TensorflowRandom(object):

    def random_uniform(self, shape, minval, maxval, dtype, seed):
        return _generator(seed).uniform(_shape(shape), minval, maxval,
                                        dtype=dtype)

    def random_normal(self, shape, mean, stddev, dtype, seed):
        return _generator(seed).normal(_shape(shape), mean, stddev,
                                       dtype=dtype)

    def random_binomial(self, shape, p, dtype, seed):
        draws = _generator(seed).uniform(_shape(shape), 0., 1.)
        return tf.cast(tf.less(*promote(draws, p)), dtype)

    def truncated_normal(self, shape, mean, stddev, dtype, seed):
        # Redrawn beyond two standard deviations, as the other backends.
        return _generator(seed).truncated_normal(_shape(shape), mean, stddev,
                                                 dtype=dtype)
