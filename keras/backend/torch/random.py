"""Random primitives on torch generators.

A compiled function keeps one generator per seed, so a seeded op gives the
same draws in every new function and new draws at every call of one
function. Its unseeded ops share one more generator, seeded from numpy's
global RNG at the first draw, so np.random.seed makes torch runs repeatable
as it does jax runs.
"""
import numbers

import numpy as np
import torch

from keras.backend.symbolic.graph import active_lowering
from keras.backend.torch.core import DEVICE
from keras.backend.torch.core import dims
from keras.backend.torch.core import torch_dtype

# Normal CDF at -2 and 2: truncated normals are drawn by inverting the CDF
# on this interval, with no redraw loop (and no device sync).
_CDF_MINUS_2 = 0.022750131948179195
_CDF_PLUS_2 = 0.9772498680518208


def generator(seed):
    lowering = active_lowering()
    store = lowering.rng if lowering is not None and \
        isinstance(lowering.rng, dict) else {}
    # A CUDA generator serves one GPU; replicas placed on other GPUs
    # (multi_gpu_model) each get their own.
    key = (seed, torch.cuda.current_device()) if DEVICE.type == 'cuda' \
        else seed
    found = store.get(key)
    if found is None:
        found = torch.Generator(device=DEVICE)
        found.manual_seed(int(seed) if seed is not None else
                          int(np.random.randint(0, 2 ** 31 - 1)))
        store[key] = found
    return found


def _draw_dtype(dtype):
    # Integer results are float draws cast, as numpy's astype does.
    return dtype if dtype.is_floating_point else torch.float64


def _is_number(x):
    return isinstance(x, numbers.Number) or (
        isinstance(x, np.ndarray) and x.ndim == 0)


def _empty(shape, dtype):
    return torch.empty(dims(shape), dtype=_draw_dtype(dtype), device=DEVICE)


class TorchRandom(object):

    def random_uniform(self, shape, minval, maxval, dtype, seed):
        dtype = torch_dtype(dtype)
        values = _empty(shape, dtype)
        if _is_number(minval) and _is_number(maxval):
            values.uniform_(float(minval), float(maxval),
                            generator=generator(seed))
        else:
            values.uniform_(0., 1., generator=generator(seed))
            values = values * (maxval - minval) + minval
        return values.to(dtype)

    def random_normal(self, shape, mean, stddev, dtype, seed):
        dtype = torch_dtype(dtype)
        values = _empty(shape, dtype)
        if _is_number(mean) and _is_number(stddev):
            values.normal_(float(mean), float(stddev),
                           generator=generator(seed))
        else:
            values.normal_(0., 1., generator=generator(seed))
            values = values * stddev + mean
        return values.to(dtype)

    def random_binomial(self, shape, p, dtype, seed):
        draws = _empty(shape, torch.float32).uniform_(
            0., 1., generator=generator(seed))
        return (draws < p).to(torch_dtype(dtype))

    def truncated_normal(self, shape, mean, stddev, dtype, seed):
        dtype = torch_dtype(dtype)
        draw_dtype = torch.float64 if dtype is torch.float64 else \
            torch.float32
        uniform = _empty(shape, draw_dtype).uniform_(
            _CDF_MINUS_2, _CDF_PLUS_2, generator=generator(seed))
        values = torch.special.ndtri(uniform).clamp_(-2., 2.)
        return (values * stddev + mean).to(dtype)
