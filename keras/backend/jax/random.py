"""Random primitives on jax PRNG keys.

A compiled function receives a fresh base key and its call count at every
call; an unseeded op splits the base key, a seeded op folds the call count
into its own seed, so seeded functions repeat across processes.
"""
import jax
import numpy as np

from keras.backend.base import int_tuple
from keras.backend.symbolic.graph import active_lowering


class KeyStream(object):
    """The keys of one call of a compiled function."""

    def __init__(self, base_key, call_index):
        self.base_key = base_key
        self.call_index = call_index
        self.counter = 0

    def next(self, seed):
        self.counter += 1
        if seed is None:
            return jax.random.fold_in(self.base_key, self.counter)
        key = jax.random.fold_in(jax.random.PRNGKey(int(seed)),
                                 self.call_index)
        return jax.random.fold_in(key, self.counter)


def fresh_key_data():
    """Host-side entropy for one call, drawn from numpy's global RNG so that
    np.random.seed makes jax runs repeatable."""
    return np.random.randint(0, 2 ** 31 - 1, size=(), dtype=np.int64)


def _key(seed):
    lowering = active_lowering()
    if lowering is None or not isinstance(lowering.rng, KeyStream):
        return jax.random.PRNGKey(int(fresh_key_data()) if seed is None
                                  else int(seed))
    return lowering.rng.next(seed)


class JaxRandom(object):

    def random_uniform(self, shape, minval, maxval, dtype, seed):
        return jax.random.uniform(_key(seed), int_tuple(shape), dtype=dtype,
                                  minval=minval, maxval=maxval)

    def random_normal(self, shape, mean, stddev, dtype, seed):
        return jax.random.normal(_key(seed), int_tuple(shape),
                                 dtype=dtype) * stddev + mean

    def random_binomial(self, shape, p, dtype, seed):
        draws = jax.random.uniform(_key(seed), int_tuple(shape))
        return (draws < p).astype(dtype)

    def truncated_normal(self, shape, mean, stddev, dtype, seed):
        values = jax.random.truncated_normal(_key(seed), -2., 2.,
                                             int_tuple(shape), dtype=dtype)
        return values * stddev + mean
