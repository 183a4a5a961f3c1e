"""Random tensors. Recorded as graph nodes even without symbolic inputs, so
that every call of a compiled function draws anew."""
import numpy as np

from keras.backend import config
from keras.backend.active import current
from keras.backend.ops.shape_utils import argument
from keras.backend.ops.sizes import known_sizes
from keras.backend.ops.sizes import static_sizes
from keras.backend.symbolic.op import symbolic_op
from keras.backend.symbolic.tensor import standard_dtype


def _rule(dtype_index):
    def rule(args, kwargs):
        shape = argument(args, kwargs, 0, 'shape')
        dtype = argument(args, kwargs, dtype_index, 'dtype')
        return [(known_sizes(shape, 'K.random', 'shape'),
                 standard_dtype(dtype or config.floatx()))]
    return rule


def _sizes(shape):
    """The shape for a primitive: ints, or (tensorflow, pytensor) sizes
    known when the graph runs."""
    sizes = static_sizes(shape, 'K.random', 'shape')
    return tuple(sizes) if isinstance(sizes, list) else sizes


def _random_op(dtype_index):
    def decorate(fn):
        # Loop bodies (map_fn, foldl) re-run stateful nodes at every step.
        fn.stateful = True
        return symbolic_op(fn, shape=_rule(dtype_index), stateful=True)
    return decorate


@_random_op(dtype_index=3)
def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Uniform draws in [minval, maxval); `shape` may hold sizes given as
    tensors (`K.shape(x)`)."""
    return current().random_uniform(_sizes(shape), minval, maxval,
                                    standard_dtype(dtype or config.floatx()),
                                    seed)


@_random_op(dtype_index=3)
def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return current().random_normal(_sizes(shape), mean, stddev,
                                   standard_dtype(dtype or config.floatx()),
                                   seed)


@_random_op(dtype_index=2)
def random_binomial(shape, p=0.0, dtype=None, seed=None):
    """1 with probability `p`, else 0."""
    return current().random_binomial(_sizes(shape), p,
                                     standard_dtype(dtype or config.floatx()),
                                     seed)


@_random_op(dtype_index=3)
def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal draws, redrawn when beyond two standard deviations."""
    return current().truncated_normal(_sizes(shape), mean, stddev,
                                      standard_dtype(dtype or
                                                     config.floatx()),
                                      seed)


def random_uniform_variable(shape, low, high, dtype=None, name=None,
                            seed=None):
    """A variable initialised with uniform draws in [low, high)."""
    from keras.backend.ops.core import variable
    rng = np.random.RandomState(seed) if seed is not None else np.random
    return variable(rng.uniform(low, high, size=shape), dtype=dtype,
                    name=name)


def random_normal_variable(shape, mean, scale, dtype=None, name=None,
                           seed=None):
    from keras.backend.ops.core import variable
    rng = np.random.RandomState(seed) if seed is not None else np.random
    return variable(rng.normal(mean, scale, size=shape), dtype=dtype,
                    name=name)
