"""Random primitives on numpy generators."""
import numpy as np

from keras.backend.base import int_tuple
from keras.backend.symbolic.graph import active_lowering


def generator(seed):
    """np.random for unseeded ops; a generator per seed and compiled
    function otherwise, so a seeded op gives the same draws in every new
    function, and new draws at every call of one function."""
    if seed is None:
        return np.random
    lowering = active_lowering()
    store = lowering.rng if lowering is not None and \
        lowering.rng is not None else {}
    if seed not in store:
        store[seed] = np.random.RandomState(seed)
    return store[seed]


class NumpyRandom(object):

    def random_uniform(self, shape, minval, maxval, dtype, seed):
        return generator(seed).uniform(minval, maxval,
                                       int_tuple(shape)).astype(dtype)

    def random_normal(self, shape, mean, stddev, dtype, seed):
        return generator(seed).normal(mean, stddev,
                                      int_tuple(shape)).astype(dtype)

    def random_binomial(self, shape, p, dtype, seed):
        draws = generator(seed).uniform(0., 1., int_tuple(shape))
        return (draws < p).astype(dtype)

    def truncated_normal(self, shape, mean, stddev, dtype, seed):
        # Redraw values beyond two standard deviations, as TF does.
        gen = generator(seed)
        shape = int_tuple(shape)
        values = gen.normal(0., 1., shape)
        bad = np.abs(values) > 2.
        while bad.any():
            values[bad] = gen.normal(0., 1., int(bad.sum()))
            bad = np.abs(values) > 2.
        return (values * stddev + mean).astype(dtype)
