"""Random primitives on jax PRNG keys.

A compiled function receives a fresh base key and its call count at every
call; an unseeded op splits the base key, a seeded op folds the call count
into its own seed, so seeded functions repeat across processes. A loop body
is traced once (lax.scan) but must draw anew at every step: its ops draw
from a stream that folds in the step index.
"""
import contextlib

import jax
import numpy as np

from keras.backend.base import int_tuple
from keras.backend.symbolic import graph
from keras.backend.symbolic.graph import active_lowering


class KeyStream(object):
    """The keys of one call of a compiled function (or of one step of a
    loop inside it).

    Attributes:
        path: (loop number, step index) of each enclosing loop, folded into
            the keys of seeded ops so that they differ per step too.
    """

    def __init__(self, base_key, call_index, path=()):
        self.base_key = base_key
        self.call_index = call_index
        self.path = path
        self.counter = 0

    def next(self, seed):
        self.counter += 1
        if seed is None:
            return jax.random.fold_in(self.base_key, self.counter)
        key = jax.random.fold_in(jax.random.PRNGKey(int(seed)),
                                 self.call_index)
        for index in self.path:
            key = jax.random.fold_in(key, index)
        return jax.random.fold_in(key, self.counter)

    def loop(self):
        """A function of a (traced) step index giving the stream of that
        step of a new loop."""
        self.counter += 1
        number = self.counter
        return lambda step: _StepStream(self, number, step)


class _StepStream(KeyStream):
    """The stream of one step of a loop. Its base key is made at the first
    unseeded draw: a loop body that draws nothing hashes no keys."""

    def __init__(self, parent, number, step):
        super(_StepStream, self).__init__(None, parent.call_index,
                                          parent.path + (number, step))
        self._parent = parent
        self._number = number
        self._step = step

    @property
    def base_key(self):
        if self._base_key is None:
            loop_key = jax.random.fold_in(self._parent.base_key, self._number)
            self._base_key = jax.random.fold_in(loop_key, self._step)
        return self._base_key

    @base_key.setter
    def base_key(self, value):
        self._base_key = value


def loop_streams():
    """`loop()` of the active stream; outside a compiled function, of a
    fresh one."""
    lowering = active_lowering()
    if lowering is not None and isinstance(lowering.rng, KeyStream):
        return lowering.rng.loop()
    stream = KeyStream(jax.random.PRNGKey(fresh_key_data()), np.int64(0))
    return stream.loop()


@contextlib.contextmanager
def drawing_from(backend, stream):
    """Random ops run inside the block (one traced loop step) draw from
    `stream`; the learning phase and other state stay the enclosing ones."""
    outer = active_lowering()
    lowering = graph.Lowering(
        backend, learning_phase=outer.learning_phase if outer else 0,
        rng=stream)
    if outer is not None:
        lowering.state = outer.state
    with lowering:
        yield


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
