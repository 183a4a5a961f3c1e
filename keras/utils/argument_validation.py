"""Checks of constructor arguments, so that a bad value fails where it is
given, with a message naming the argument, the value received and what is
allowed (Python's own int() and float() errors name none of these)."""
import numbers

import numpy as np


def _describe(value):
    return '%r (%s)' % (value, type(value).__name__)


def _is_integral(value):
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, (numbers.Integral, np.integer)):
        return True
    # 3.0 is accepted where Keras 2 accepted it (int(3.0)); 3.5 is not.
    return isinstance(value, (float, np.floating)) and float(value).is_integer()


def check_int(value, name, owner, minimum=1):
    """`value` as a Python int, refused unless it is an integer >= minimum.

    Args:
        name: the argument's name, as the user wrote it.
        owner: the class or function taking it (for the message).
        minimum: the smallest value allowed.
    """
    if not _is_integral(value) or int(value) < minimum:
        allowed = ('a positive integer' if minimum == 1 else
                   'a non-negative integer' if minimum == 0 else
                   'an integer >= %d' % minimum)
        raise ValueError('%s: `%s` must be %s; received %s.'
                         % (owner, name, allowed, _describe(value)))
    return int(value)


def check_int_tuple(values, name, owner, minimum=1):
    """Each entry of a tuple checked by `check_int`."""
    try:
        entries = tuple(values)
    except TypeError:
        entries = None
    if entries is None or not all(_is_integral(v) and int(v) >= minimum
                                  for v in entries):
        raise ValueError('%s: `%s` must be integers >= %d; received %s.'
                         % (owner, name, minimum, _describe(values)))
    return tuple(int(v) for v in entries)


def check_rate(value, name, owner, maximum_included=True):
    """`value` as a float in [0, 1] (or [0, 1) without the maximum)."""
    if isinstance(value, (bool, np.bool_)) or \
            not isinstance(value, (numbers.Real, np.number)):
        raise ValueError('%s: `%s` must be a float between 0 and 1; '
                         'received %s.' % (owner, name, _describe(value)))
    value = float(value)
    too_large = value > 1. if maximum_included else value >= 1.
    if not value >= 0. or too_large:
        bound = '1]' if maximum_included else '1)'
        raise ValueError('%s: `%s` must lie in [0, %s; received %r.'
                         % (owner, name, bound, value))
    return value


def check_non_negative(value, name, owner):
    """`value` as a float >= 0 (a standard deviation, an alpha)."""
    if isinstance(value, (bool, np.bool_)) or \
            not isinstance(value, (numbers.Real, np.number)) or \
            not float(value) >= 0.:
        raise ValueError('%s: `%s` must be a number >= 0; received %s.'
                         % (owner, name, _describe(value)))
    return float(value)


def check_choice(value, name, owner, allowed):
    """`value` unchanged if it is one of `allowed`."""
    if value not in allowed:
        raise ValueError('%s: `%s` must be one of %s; received %s.'
                         % (owner, name, ', '.join(repr(a) for a in allowed),
                            _describe(value)))
    return value


def check_shape(value, name, owner, allow_none=True):
    """`value` as a tuple of Python ints (and None where `allow_none`, for
    unknown dimensions), refused unless every entry is an integer >= 0.

    A string ('abc' is iterable, so `tuple('abc')` would pass) or a single
    integer is refused with a message naming the argument.
    """
    if isinstance(value, (str, bytes)) or not hasattr(value, '__iter__'):
        entries = None
    else:
        entries = tuple(value)
    if entries is None or not all(
            (allow_none and v is None) or
            (v is not None and _is_integral(v) and int(v) >= 0)
            for v in entries):
        allowed = ('a tuple of integers >= 0 or None (unknown)'
                   if allow_none else 'a tuple of integers >= 0')
        raise ValueError('%s: `%s` must be %s; received %s.'
                         % (owner, name, allowed, _describe(value)))
    return tuple(None if v is None else int(v) for v in entries)
