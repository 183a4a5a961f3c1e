"""Random tensors. Recorded as graph nodes even without symbolic inputs, so
that every call of a compiled function draws anew."""
import numpy as np

from keras.backend import config
from keras.backend.active import current
from keras.backend.symbolic.op import symbolic_op
from keras.backend.symbolic.tensor import KerasTensor
from keras.backend.symbolic.tensor import standard_dtype


def _shape_rule(args, kwargs):
    shape = args[0] if args else kwargs['shape']
    dtype = kwargs.get('dtype') if len(args) < 4 else args[3]
    dtype = standard_dtype(dtype or config.floatx())
    if isinstance(shape, KerasTensor):
        return [((None,) * (shape.shape[0] or 0), dtype)]
    return [(tuple(None if isinstance(d, KerasTensor) else int(d)
                   for d in shape), dtype)]


def _random_op(fn):
    # Loop bodies (map_fn, foldl) re-run stateful nodes at every step.
    fn.stateful = True
    return symbolic_op(fn, shape=_shape_rule, stateful=True)


@_random_op
def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Uniform draws in [minval, maxval)."""
    return current().random_uniform(shape, minval, maxval,
                                    standard_dtype(dtype or config.floatx()),
                                    seed)


@_random_op
def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return current().random_normal(shape, mean, stddev,
                                   standard_dtype(dtype or config.floatx()),
                                   seed)


@_random_op
def random_binomial(shape, p=0.0, dtype=None, seed=None):
    """1 with probability `p`, else 0."""
    return current().random_binomial(shape, p,
                                     standard_dtype(dtype or config.floatx()),
                                     seed)


@_random_op
def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal draws, redrawn when beyond two standard deviations."""
    return current().truncated_normal(shape, mean, stddev,
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
