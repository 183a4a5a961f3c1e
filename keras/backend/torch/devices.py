"""Placement of recorded ops on torch devices (symbolic/devices.py).

A placed node's operands are copied to its device (autograd carries the
gradients back), and the tensors it creates land there too, since
torch.device('cuda') means the current CUDA device.
"""
import contextlib

import torch

from keras.backend.symbolic.devices import parse_device_name
from keras.backend.symbolic.structure import map_structure


def torch_device(device_name):
    """The torch device named '/cpu:0', '/gpu:1', ..."""
    kind, index = parse_device_name(device_name)
    if kind == 'cpu':
        return torch.device('cpu')
    count = torch.cuda.device_count()
    if index >= count:
        raise ValueError('Cannot place ops on %s: torch sees %d GPU(s).'
                         % (device_name, count))
    return torch.device('cuda', index)


def device_context(device):
    """The context making `device` the current CUDA device, if it is one."""
    if device.type == 'cuda':
        return torch.cuda.device(device)
    return contextlib.nullcontext()


def moved_to(device, values):
    """`values` (a structure) with its tensors on `device`."""
    def moved(value):
        if isinstance(value, torch.Tensor) and value.device != device:
            return value.to(device)
        return value
    return map_structure(moved, values)


def placed(device, fn, args, kwargs):
    """Calls `fn` on `device`: what a generated program runs for a placed
    node, its device resolved when the program was generated."""
    with device_context(device):
        args, kwargs = moved_to(device, (args, kwargs))
        return fn(*args, **kwargs)
