"""Which backend's primitives the K ops call right now.

`current()` is the one indirection every K op goes through. Shape inference
temporarily switches to the numpy backend (`using`), so the stack is kept
here rather than in load.py.
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
