"""Sizes given as tensors, as Keras 2 code computes them from shapes:
`K.arange(K.shape(x)[0])`, `K.reshape(x, (K.shape(x)[0], -1))`,
`x[:, :K.shape(x)[1] // 2]`.

Two questions, asked at two times:

- Building the graph, what is known of such a size? `known_value`. The
  ops that carry sizes (K.shape, indexing it, integer arithmetic, K.stack,
  K.concatenate, K.cast, K.prod, ...) record with their result what is
  known of its value (an int, or None, per entry), so that
  `K.shape(x)[1] // 2` is known to be 3 for x of shape (None, 6), and the
  static shapes that follow from it are exact. What depends on values, or
  on an unknown dimension, is None.
- Running the op, what does the backend primitive receive? `static_sizes`
  / `static_size` / `static_number`: Python ints (numbers) where the value
  is known at that point, which is always the case on numpy and torch
  (eager) and, on jax, for sizes derived from shapes (static under jit).
  Elsewhere tensorflow and pytensor take the size tensors as they are;
  jax, whose jit needs static shapes, fails with an error saying so.

Arguments that only a Python int can serve (axes, repetition counts,
resize factors) are checked when the graph is built: `python_int`.
"""
import numbers
import operator

import numpy as np

from keras.backend.active import current
from keras.backend.symbolic.tensor import KerasTensor


# What is known when the graph is built.

def known_value(x):
    """What is known of an integer scalar or vector before the graph runs:
    an int or None for a scalar, a tuple of ints and Nones for a vector,
    None when nothing is (a float, a tensor of other rank, a variable, or
    a vector of unknown length)."""
    if isinstance(x, KerasTensor):
        value = getattr(x, '_known_value', None)
        if value is None and len(x.shape) == 1 and x.shape[0] is not None \
                and _is_integer_dtype(x.dtype):
            return (None,) * x.shape[0]
        return value
    if isinstance(x, numbers.Integral):
        return int(x)
    if isinstance(x, (list, tuple)):
        entries = [known_value(v) for v in x]
        return tuple(e if not isinstance(e, tuple) else None
                     for e in entries)
    if isinstance(x, numbers.Number) or not hasattr(x, 'dtype'):
        return None
    value = current().static_value(x)
    if value is None:
        # A backend tensor computed from shapes (theano: K.shape of a
        # K.constant): its entries are unknown, its length may not be.
        shape = tuple(current().static_shape(x))
        if len(shape) == 1 and shape[0] is not None and \
                _is_integer_dtype(x.dtype):
            return (None,) * shape[0]
        return None
    if value.dtype.kind not in 'biu' or value.ndim > 1:
        return None
    if value.ndim == 0:
        return int(value)
    return tuple(int(v) for v in value)


def known_sizes(value, op_name, argument):
    """The sizes a shape-like argument (a shape, tile multiples, slice
    bounds) is known to hold when the graph is built: a tuple of ints and
    Nones.

    Args:
        value: an int, a list/tuple of ints and integer scalar tensors, or
            an integer vector tensor of known length.

    Raises:
        ValueError: for a tensor of another rank, or a vector whose length
            is unknown (the rank of the result would be unknown).
        TypeError: for non-integer entries.
    """
    if isinstance(value, KerasTensor):
        if len(value.shape) != 1 or value.shape[0] is None:
            raise ValueError('%s: `%s` must be a list of sizes or an integer '
                             'vector of known length; received %r.'
                             % (op_name, argument, value))
        _check_integer(value, op_name, argument)
    elif isinstance(value, (list, tuple)):
        for entry in value:
            if isinstance(entry, KerasTensor):
                if entry.shape != ():
                    raise ValueError('%s: each entry of `%s` must be a '
                                     'scalar; received %r.'
                                     % (op_name, argument, entry))
                _check_integer(entry, op_name, argument)
            elif isinstance(entry, float) or not (
                    isinstance(entry, numbers.Integral) or
                    hasattr(entry, 'dtype')):
                raise TypeError('%s: `%s` must hold integers; received %r.'
                                % (op_name, argument, value))
    elif isinstance(value, numbers.Integral):
        return (int(value),)
    known = known_value(value)
    if not isinstance(known, tuple):
        raise ValueError('%s: `%s` must be a list of sizes or an integer '
                         'vector of known length; received %r.'
                         % (op_name, argument, value))
    return known


def known_scalar(value, op_name, argument):
    """What is known of a scalar size argument: an int or None."""
    if isinstance(value, KerasTensor):
        if value.shape != ():
            raise ValueError('%s: `%s` must be a scalar; received %r.'
                             % (op_name, argument, value))
        _check_integer(value, op_name, argument)
    known = known_value(value)
    return known if not isinstance(known, tuple) else None


def _is_integer_dtype(dtype):
    return np.dtype(dtype).kind in 'iu'


def _check_integer(tensor, op_name, argument):
    if np.dtype(tensor.dtype).kind not in 'iu':
        raise TypeError('%s: `%s` must be an integer tensor; received %r.'
                        % (op_name, argument, tensor))


def python_int(value, op_name, argument):
    """`value` as a Python int, for arguments no tensor can serve (axes,
    repetition counts, resize factors).

    Raises:
        TypeError: naming the argument, for a symbolic tensor or a value
            that is not an integer.
    """
    if isinstance(value, KerasTensor):
        raise TypeError('%s: `%s` must be a Python int, known when the graph '
                        'is built; received the symbolic tensor %r.'
                        % (op_name, argument, value))
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError('%s: `%s` must be an int; received %r.'
                        % (op_name, argument, value))


def combine(fn, *values):
    """`fn` applied to known values entry by entry (vectors as tuples,
    broadcasting scalars); None where an entry is unknown."""
    if any(v is None for v in values):
        return None
    lengths = set(len(v) for v in values if isinstance(v, tuple))
    if not lengths:
        return _apply(fn, values)
    if len(lengths) > 1:
        return None
    n = lengths.pop()
    columns = [v if isinstance(v, tuple) else (v,) * n for v in values]
    return tuple(_apply(fn, entries) for entries in zip(*columns))


def _apply(fn, entries):
    if any(e is None for e in entries):
        return None
    try:
        return int(fn(*entries))
    except (ZeroDivisionError, ValueError, OverflowError):
        return None


# What a backend primitive receives when the op runs.

def _dynamic(op_name, argument):
    """Checks that the backend takes sizes only known when its graph runs.
    """
    backend = current()
    if not getattr(backend, 'takes_dynamic_sizes', False):
        raise ValueError(
            '%s: `%s` depends on a tensor value, but %s needs sizes known '
            'when the function is traced (jit static shapes). Sizes derived '
            'from shapes (K.shape, K.int_shape) are static; a size computed '
            'from the values of a tensor is not.'
            % (op_name, argument, backend.name))


def _static_entry(value, op_name, argument):
    """A size entry as a Python int, or None when it is only known at run
    time."""
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Number) or not hasattr(value, 'dtype'):
        raise TypeError('%s: `%s` must hold integers; received %r.'
                        % (op_name, argument, value))
    known = current().static_value(value)
    if known is None:
        return None
    if known.dtype.kind not in 'biu' or known.size != 1:
        raise TypeError('%s: `%s` must hold integers; received %r.'
                        % (op_name, argument, value))
    return int(known.reshape(()))


def static_sizes(value, op_name, argument):
    """Sizes (an int, a list of ints and scalar tensors, or a vector
    tensor) for a backend primitive: a tuple of Python ints when they are
    known now; else, on the backends that take sizes as tensors, a list
    mixing ints and scalar tensors, or the vector tensor itself.

    Raises:
        ValueError: on jax, for sizes that depend on traced values.
    """
    if isinstance(value, numbers.Integral):
        return (int(value),)
    if isinstance(value, (list, tuple)):
        entries = [_static_entry(v, op_name, argument) for v in value]
        if all(e is not None for e in entries):
            return tuple(entries)
        _dynamic(op_name, argument)
        return [e if e is not None else v for e, v in zip(entries, value)]
    known = current().static_value(value)
    if known is not None:
        if known.dtype.kind not in 'biu':
            raise TypeError('%s: `%s` must hold integers; received %r.'
                            % (op_name, argument, value))
        return tuple(int(v) for v in np.reshape(known, -1))
    _dynamic(op_name, argument)
    return value


def static_size(value, op_name, argument):
    """A scalar size for a backend primitive: a Python int when known now,
    else (tensorflow, pytensor) the scalar tensor."""
    entry = _static_entry(value, op_name, argument)
    if entry is not None:
        return entry
    _dynamic(op_name, argument)
    return value


def static_number(value, op_name, argument):
    """A scalar number (int or float, as K.arange's bounds) for a backend
    primitive: a Python number when known now, else the scalar tensor."""
    if isinstance(value, numbers.Number):
        return value
    known = current().static_value(value)
    if known is not None:
        if known.size != 1:
            raise ValueError('%s: `%s` must be a scalar; received %r.'
                             % (op_name, argument, value))
        return known.reshape(()).item()
    _dynamic(op_name, argument)
    return value
