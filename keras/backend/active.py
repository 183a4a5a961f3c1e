"""Which backend's primitives the K ops call right now.

`current()` is the one indirection every K op goes through. Some callers
switch to the numpy backend for a while (`using`): on jax, sizes computed
from static shapes run on numpy so they stay Python numbers under jit
(keras/backend/symbolic/op.py), and keras.backend.numpy_backend runs its
functions there. Hence a stack, kept here rather than in load.py.
"""
import contextlib

_stack = []


def current():
    """The backend module whose primitives K ops call."""
    return _stack[-1]


def set_backend_module(module):
    _stack.clear()
    _stack.append(module)


@contextlib.contextmanager
def using(module):
    _stack.append(module)
    try:
        yield module
    finally:
        _stack.pop()
