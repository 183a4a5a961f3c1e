"""Creation, shape manipulation and indexing on torch, with numpy's
semantics where torch's differ (take, negative slice steps, pad)."""
import numpy as np
import torch
import torch.nn.functional as F

from keras.backend.torch.core import DEVICE
from keras.backend.torch.core import Tensor
from keras.backend.torch.core import dims
from keras.backend.torch.core import dtype_name
from keras.backend.torch.core import is_python_scalar
from keras.backend.torch.core import result_dtype
from keras.backend.torch.core import tensor
from keras.backend.torch.core import to_numpy
from keras.backend.torch.core import to_tensor
from keras.backend.torch.core import torch_dtype


def _number(x):
    return x.item() if isinstance(x, (Tensor, np.generic)) else x


def _same_dtype(tensors):
    """`tensors` converted to the dtype numpy promotes them to, Python
    scalars weakly typed (a stack of an int32 size and 1 stays int32)."""
    tensors = list(tensors)
    typed = [tensor(t) for t in tensors if not is_python_scalar(t)]
    if not typed:
        return [tensor(t) for t in tensors]
    dtype = typed[0].dtype
    for t in typed[1:]:
        if t.dtype is not dtype:
            dtype = result_dtype(dtype, t.dtype)
    scalars = [t for t in tensors if is_python_scalar(t)]
    if scalars:
        dtype = torch_dtype(np.result_type(dtype_name(dtype), *scalars))
    return [to_tensor(t, dtype) if is_python_scalar(t) else
            tensor(t).to(dtype) for t in tensors]


def _without_negative_steps(x, key):
    """(x, key) with every negative-step slice of `key` turned into a
    positive one on a flipped axis: torch slices only forwards."""
    if not isinstance(key, tuple):
        key = (key,)
    consumed = [_axes_consumed(k) for k in key]
    if Ellipsis in key:
        at = key.index(Ellipsis)
        fill = x.ndim - sum(c for c in consumed if c is not None)
        consumed[at] = fill
    new_key = []
    axis = 0
    for k, count in zip(key, consumed):
        if isinstance(k, slice) and k.step is not None and k.step < 0:
            size = x.shape[axis]
            start, stop, step = k.indices(size)
            x = torch.flip(x, (axis,))
            k = slice(size - 1 - start, size - 1 - stop, -step)
        new_key.append(k)
        axis += count or 0
    return x, tuple(new_key)


def _axes_consumed(k):
    """How many axes of the indexed tensor one key entry uses."""
    if k is None:
        return 0
    if k is Ellipsis:
        return None
    if isinstance(k, (Tensor, np.ndarray)) and k.dtype in (torch.bool,
                                                          np.bool_):
        return k.ndim
    return 1


def _is_index_array(k):
    if isinstance(k, (Tensor, np.ndarray)):
        return k.ndim > 0
    return isinstance(k, list)


def _is_int_index(k):
    if isinstance(k, (Tensor, np.ndarray)):
        return k.ndim == 0 and k.dtype not in (torch.bool, np.bool_)
    return isinstance(k, (int, np.integer)) and not isinstance(k, bool)


def _ints_as_advanced(key):
    """`key` with its integers as one-element index tensors when it holds
    index arrays: numpy then counts the integers as advanced indices (they
    decide where the indexed dimensions go), torch as basic ones."""
    if not isinstance(key, tuple) or not any(_is_index_array(k)
                                             for k in key):
        return key
    return tuple(torch.tensor([int(k)], device=DEVICE)
                 if _is_int_index(k) else k for k in key)


def _has_negative_step(key):
    entries = key if isinstance(key, tuple) else (key,)
    return any(isinstance(k, slice) and k.step is not None and
               _number(k.step) < 0 for k in entries)


class TorchArray(object):

    # Eager: every size is known when an op runs (sizes given as tensors
    # are read as ints, see keras/backend/ops/sizes.py).
    takes_dynamic_sizes = False

    def static_value(self, x):
        """The value of `x` as a numpy array: always known, eagerly."""
        return to_numpy(x)

    def zeros(self, shape, dtype):
        return torch.zeros(dims(shape), dtype=torch_dtype(dtype),
                           device=DEVICE)

    def ones(self, shape, dtype):
        return torch.ones(dims(shape), dtype=torch_dtype(dtype),
                          device=DEVICE)

    def full(self, shape, value, dtype):
        if isinstance(value, Tensor):
            return value.to(torch_dtype(dtype)).expand(dims(shape)).clone()
        return torch.full(dims(shape), _number(value),
                          dtype=torch_dtype(dtype), device=DEVICE)

    def zeros_like(self, x, dtype):
        x = tensor(x)
        return torch.zeros_like(x, dtype=torch_dtype(dtype or x.dtype))

    def ones_like(self, x, dtype):
        x = tensor(x)
        return torch.ones_like(x, dtype=torch_dtype(dtype or x.dtype))

    def eye(self, n, m, dtype):
        return torch.eye(int(n), int(n if m is None else m),
                         dtype=torch_dtype(dtype), device=DEVICE)

    def arange(self, start, stop, step, dtype):
        return torch.arange(_number(start), _number(stop), _number(step),
                            dtype=torch_dtype(dtype), device=DEVICE)

    def shape(self, x):
        return torch.tensor(tuple(tensor(x).shape), dtype=torch.int32,
                            device=DEVICE)

    def static_shape(self, x):
        return tuple(x.shape)

    def reshape(self, x, shape):
        return torch.reshape(tensor(x), dims(shape))

    def transpose(self, x, axes=None):
        x = tensor(x)
        if axes is None:
            axes = tuple(range(x.ndim - 1, -1, -1))
        return x.permute(tuple(axes))

    def expand_dims(self, x, axis):
        x = tensor(x)
        if isinstance(axis, int):
            return torch.unsqueeze(x, axis)
        rank = x.ndim + len(axis)
        for a in sorted(a % rank for a in axis):
            x = torch.unsqueeze(x, a)
        return x

    def squeeze(self, x, axis):
        x = tensor(x)
        if axis is None:
            return torch.squeeze(x)
        return torch.squeeze(x, axis if isinstance(axis, int)
                             else tuple(axis))

    def concatenate(self, tensors, axis):
        return torch.cat(_same_dtype(tensors), dim=axis)

    def stack(self, tensors, axis):
        return torch.stack(_same_dtype(tensors), dim=axis)

    def repeat(self, x, repeats, axis):
        if not isinstance(repeats, int):
            repeats = to_tensor(repeats, 'int64')
        return torch.repeat_interleave(tensor(x), repeats, dim=axis)

    def tile(self, x, reps):
        return torch.tile(tensor(x), dims(reps))

    def take(self, x, indices, axis=0):
        x = tensor(x)
        indices = tensor(indices)
        if indices.is_floating_point():
            indices = indices.to(torch.int64)
        if axis is None:
            return x.reshape(-1)[indices]
        # Indexing, unlike index_select, takes indices of any shape and
        # negative ones, as numpy's take does.
        return x[(slice(None),) * (axis % x.ndim) + (indices,)]

    def flip(self, x, axes):
        x = tensor(x)
        if axes is None:
            axes = tuple(range(x.ndim))
        elif isinstance(axes, int):
            axes = (axes,)
        return torch.flip(x, tuple(axes))

    def getitem(self, x, key):
        x = tensor(x)
        if _has_negative_step(key):
            x, key = _without_negative_steps(x, key)
        return x[_ints_as_advanced(key)]

    def pad(self, x, pad_width, constant=0):
        x = tensor(x)
        pairs = np.broadcast_to(np.asarray(pad_width, dtype='int64'),
                                (x.ndim, 2))
        flat = []
        for before, after in pairs[::-1]:
            flat.extend((int(before), int(after)))
        return F.pad(x, flat, mode='constant', value=_number(constant))
