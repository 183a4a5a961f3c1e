"""Random primitives on pytensor's shared random generators.

Each compiled function keeps its own streams, one per seed, plus one for
unseeded ops seeded from numpy's global RNG (so np.random.seed makes runs
repeatable). Every random op owns a shared generator, seeded from its
stream, whose state the compiled function updates: each call draws anew,
and two functions built with the same seed draw the same numbers.
"""
import numbers
import warnings

import numpy as np
import pytensor.tensor as pt
from pytensor.graph.basic import Apply
from pytensor.tensor.random import basic as distributions
from pytensor.tensor.random import shared_rng
from pytensor.tensor.random.utils import explicit_expand_dims

from keras.backend.pytensor.values import known_size
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

    def draw(self, distribution, params, shape, dtype):
        rng = shared_rng(np.random.default_rng(self.seeds.spawn(1)[0]))
        next_state, values = _random_node(
            getattr(distributions, distribution), rng, params, shape, dtype)
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
    """The int64 size vector of a draw of `shape` (ints, scalar tensors, or
    a vector tensor), and the static shape it gives, read from the nodes
    just above each size: never from the whole graph above them."""
    if isinstance(shape, (tuple, list)):
        if all(isinstance(d, numbers.Integral) for d in shape):
            return (pt.constant(np.asarray(shape, 'int64').reshape(-1)),
                    tuple(int(d) for d in shape))
        # All int64: next to int32 run-time sizes (K.shape), constant sizes
        # would be cast and pytensor would lose their static values.
        entries = [pt.constant(np.int64(d)) if isinstance(d, numbers.Integral)
                   else pt.cast(d, 'int64') for d in shape]
        size = pt.stack(entries)
    else:
        size = pt.cast(pt.as_tensor_variable(shape, ndim=1), 'int64')
        length = pt.get_vector_length(size)
        # The draw's rank is the size's static length.
        size = pt.specify_shape(size, (length,))
        entries = [size[i] for i in range(length)]
    known = [known_size(e) for e in entries]
    return size, tuple(k if isinstance(k, int) else None for k in known)


def _random_node(distribution, rng, params, shape, dtype):
    """(next generator state, draws): the node `rng.<distribution>(*params,
    size=shape, dtype=dtype)` builds, with the static shape of `_size`.
    RandomVariable.make_node infers it by cloning and rewriting every node
    above a run-time size (the batch): each dropout of a deep model cloned
    the whole graph built so far."""
    distribution = type(distribution)(
        **dict(distribution._props_dict(), dtype=dtype))
    size, static = _size(shape)
    params = explicit_expand_dims(
        [pt.as_tensor_variable(p) for p in params],
        distribution.ndims_params, size_length=len(static))
    rng.tag.used = True
    node = Apply(distribution, [rng, size] + params,
                 [rng.type(), pt.tensor(dtype=dtype, shape=static)])
    return node.outputs


def _constant(value, dtype):
    if isinstance(value, (int, float)):
        return pt.constant(np.asarray(value, dtype=dtype))
    return pt.cast(value, dtype)


class PytensorRandom(object):

    def random_uniform(self, shape, minval, maxval, dtype, seed):
        draws = _stream(seed).draw('uniform', [_constant(minval, dtype),
                                               _constant(maxval, dtype)],
                                   shape, dtype)
        return with_static_shape(draws)

    def random_normal(self, shape, mean, stddev, dtype, seed):
        draws = _stream(seed).draw('normal', [_constant(mean, dtype),
                                              _constant(stddev, dtype)],
                                   shape, dtype)
        return with_static_shape(draws)

    def random_binomial(self, shape, p, dtype, seed):
        draws = _stream(seed).draw('uniform', [0., 1.], shape, 'float64')
        return with_static_shape(pt.cast(pt.lt(draws, p), dtype))

    def truncated_normal(self, shape, mean, stddev, dtype, seed):
        # Inverse CDF of the normal restricted to two standard deviations:
        # the same distribution as TensorFlow's redraws, in one pass.
        u = _stream(seed).draw('uniform', [_LOWER_TAIL, 1. - _LOWER_TAIL],
                               shape, 'float64')
        z = np.sqrt(2.) * pt.erfinv(2. * u - 1.)
        values = pt.cast(z, dtype) * _constant(stddev, dtype) + \
            _constant(mean, dtype)
        return with_static_shape(values)
