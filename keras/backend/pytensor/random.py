"""Random primitives on pytensor's shared random generators.

Each compiled function keeps its own streams, one per seed, plus one for
unseeded ops seeded from numpy's global RNG (so np.random.seed makes runs
repeatable). Every random op owns a shared generator, seeded from its
stream, whose state the compiled function updates: each call draws anew,
and two functions built with the same seed draw the same numbers.
"""
import warnings

import numpy as np
import pytensor.tensor as pt
from pytensor.graph.basic import Variable
from pytensor.tensor.random import shared_rng

from keras.backend.pytensor.values import with_static_shape
from keras.backend.symbolic.graph import active_lowering

# P(Z < -2) for a standard normal: truncated draws invert the CDF on
# [P(Z < -2), P(Z < 2)].
_LOWER_TAIL = 0.022750131948179195


class _Stream(object):
    """Generators seeded in sequence from one seed (what pytensor's
    deprecated RandomStream did)."""

    def __init__(self, seed):
        self.seeds = np.random.SeedSequence(seed)
        self.state_updates = []

    def draw(self, distribution, *args, **kwargs):
        rng = shared_rng(np.random.default_rng(self.seeds.spawn(1)[0]))
        next_state, values = getattr(rng, distribution)(*args, **kwargs)
        # scan finds the generators its body uses by their default update,
        # deprecated in pytensor 3 but the only way a loop body can draw.
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', DeprecationWarning)
            rng.default_update = next_state
        self.state_updates.append((rng, next_state))
        return values


class RandomStreams(object):
    """The random streams of one compiled function."""

    def __init__(self):
        self.streams = {}
        # Generators drawn inside a scan loop: the loop gives their updates.
        self.loop_updates = {}

    def stream(self, seed):
        if seed not in self.streams:
            initial = int(seed) if seed is not None else \
                np.random.randint(0, 2 ** 31 - 1)
            self.streams[seed] = _Stream(initial)
        return self.streams[seed]

    def updates(self):
        """(generator state, next state) pairs for pytensor.function."""
        return [(state, self.loop_updates.get(state, next_state))
                for stream in self.streams.values()
                for state, next_state in stream.state_updates]


def register_loop_updates(updates):
    """Records the updates pytensor.scan returned for the generator states
    its body used; the next states the body built exist only inside the
    loop."""
    lowering = active_lowering()
    if updates and lowering is not None and isinstance(lowering.rng,
                                                       RandomStreams):
        lowering.rng.loop_updates.update(updates)


def _stream(seed):
    lowering = active_lowering()
    if lowering is not None and isinstance(lowering.rng, RandomStreams):
        return lowering.rng.stream(seed)
    # An op called outside a compiled function: its own stream.
    return RandomStreams().stream(seed)


def _size(shape):
    if isinstance(shape, (tuple, list)):
        # All int64: next to int32 run-time sizes (K.shape), constant sizes
        # would be cast and pytensor would lose their static values.
        return tuple(pt.cast(d, 'int64') if isinstance(d, Variable)
                     else int(d) for d in shape)
    return pt.cast(pt.as_tensor_variable(shape), 'int64')


def _constant(value, dtype):
    if isinstance(value, (int, float)):
        return pt.constant(np.asarray(value, dtype=dtype))
    return pt.cast(value, dtype)


class PytensorRandom(object):

    def random_uniform(self, shape, minval, maxval, dtype, seed):
        draws = _stream(seed).draw('uniform', _constant(minval, dtype),
                                   _constant(maxval, dtype),
                                   size=_size(shape), dtype=dtype)
        return with_static_shape(draws)

    def random_normal(self, shape, mean, stddev, dtype, seed):
        draws = _stream(seed).draw('normal', _constant(mean, dtype),
                                   _constant(stddev, dtype),
                                   size=_size(shape), dtype=dtype)
        return with_static_shape(draws)

    def random_binomial(self, shape, p, dtype, seed):
        draws = _stream(seed).draw('uniform', 0., 1., size=_size(shape),
                                   dtype='float64')
        return with_static_shape(pt.cast(pt.lt(draws, p), dtype))

    def truncated_normal(self, shape, mean, stddev, dtype, seed):
        # Inverse CDF of the normal restricted to two standard deviations:
        # the same distribution as TensorFlow's redraws, in one pass.
        u = _stream(seed).draw('uniform', _LOWER_TAIL, 1. - _LOWER_TAIL,
                               size=_size(shape), dtype='float64')
        z = np.sqrt(2.) * pt.erfinv(2. * u - 1.)
        values = pt.cast(z, dtype) * _constant(stddev, dtype) + \
            _constant(mean, dtype)
        return with_static_shape(values)
