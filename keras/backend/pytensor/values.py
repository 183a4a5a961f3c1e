"""pytensor variables as backend values: static shapes, numpy's scalar rules.

The K ops are written once for every backend and read `x.shape` of backend
values as numpy arrays have it: `len(x.shape)`, `x.shape[-1]`,
`int(np.prod(x.shape[1:]))`. A pytensor variable's `.shape` is a symbolic
vector, so the values this backend hands to the ops are of a subclass whose
`.shape` is a tuple: Python ints for the dimensions pytensor knows
statically, symbolic scalars for the others. The tests of every op run
through this: the symbolic layer's shape rules read `.shape` too.

Graph rewrites must see pytensor's own types: pytensor.function clones the
intermediate variables (clones take the plain class), the compiled function
hands its inputs back to the plain class, and the remaining roots
(constants, shared variables) have fully static shapes, whose `.shape` is
the tuple of ints that pytensor's own rewrites also use for them.
"""
import numbers

import numpy as np
import pytensor
import pytensor.tensor as pt
from pytensor.graph.basic import Apply
from pytensor.graph.basic import Constant
from pytensor.graph.basic import Variable
from pytensor.tensor.basic import alloc
from pytensor.tensor.exceptions import NotScalarConstantError
from pytensor.tensor.variable import TensorVariable


def _shape(self):
    """`x.shape` of a backend value: ints where static, else symbolic."""
    static = self.type.shape
    if all(d is not None for d in static):
        return tuple(static)
    dynamic = pt.shape(self)
    return tuple(d if d is not None else dynamic[i]
                 for i, d in enumerate(static))


def _transposed(self):
    return with_static_shape(_plain_class(type(self)).T.__get__(self))


def _clone(self, **kwargs):
    copy = _plain_class(type(self)).clone(self, **kwargs)
    copy.__class__ = _plain_class(type(copy))
    return copy


def _wrapped_method(name):
    def method(self, *args, **kwargs):
        result = getattr(_plain_class(type(self)), name)(self, *args, **kwargs)
        return with_static_shape(result)
    method.__name__ = name
    return method


# Ops written for numpy values may use operators and a few methods directly.
_WRAPPED_METHODS = (
    '__add__', '__radd__', '__sub__', '__rsub__', '__mul__', '__rmul__',
    '__truediv__', '__rtruediv__', '__floordiv__', '__rfloordiv__',
    '__mod__', '__rmod__', '__pow__', '__rpow__', '__neg__', '__abs__',
    '__invert__', '__and__', '__or__', '__xor__', '__lt__', '__le__',
    '__gt__', '__ge__', '__getitem__', '__matmul__', '__rmatmul__',
    'astype', 'reshape', 'dimshuffle', 'flatten', 'sum', 'mean', 'max', 'min',
    'prod', 'transpose', 'squeeze')

_STATIC_ATTRIBUTES = {name: _wrapped_method(name) for name in _WRAPPED_METHODS}
_STATIC_ATTRIBUTES.update(shape=property(_shape), T=property(_transposed),
                          clone=_clone)

_static_classes = {}
_plain_classes = {}


def _static_class(cls):
    # Single inheritance: CPython refuses `__class__` assignment to a class
    # with a mixin base, even an empty one.
    static = _static_classes.get(cls)
    if static is None:
        static = type('Static' + cls.__name__, (cls,),
                      dict(_STATIC_ATTRIBUTES, __module__=__name__))
        _static_classes[cls] = static
        _plain_classes[static] = cls
    return static


def _plain_class(cls):
    return _plain_classes.get(cls, cls)


def has_static_shape(x):
    return type(x) in _plain_classes


def with_static_shape(x):
    """`x` (a pytensor tensor, or a list/tuple of them) with the static
    `.shape` of backend values; anything else unchanged."""
    if isinstance(x, TensorVariable):
        if not has_static_shape(x):
            x.__class__ = _static_class(type(x))
        return x
    if isinstance(x, (list, tuple)):
        return type(x)(with_static_shape(v) for v in x)
    return x


def without_static_shape(x):
    """`x` back in its pytensor class (for graph inputs, which
    pytensor.function does not clone)."""
    x.__class__ = _plain_class(type(x))
    return x


def is_python_scalar(x):
    return isinstance(x, (bool, numbers.Number)) and not isinstance(
        x, np.generic)


def dtype_of(x):
    if isinstance(x, Variable):
        return np.dtype(x.dtype)
    return np.asarray(x).dtype


def _weak_scalar_dtype(value, dtype):
    """numpy 2's rule: a Python scalar takes the dtype of the array it meets
    unless its kind is higher (a float meeting ints, an int meeting bools).
    """
    kind = dtype.kind
    if isinstance(value, bool):
        return dtype
    if isinstance(value, numbers.Integral):
        return np.dtype('int64') if kind == 'b' else dtype
    if isinstance(value, numbers.Real):
        return dtype if kind in 'fc' else np.dtype('float64')
    return dtype if kind == 'c' else np.dtype('complex128')


def weakly_typed(args):
    """`args` with Python scalars turned into constants of the dtype numpy
    would give them next to the other (array) arguments, so that
    `x_float32 * 0.1` stays float32 whatever pytensor's floatX is."""
    arrays = [a for a in args if not is_python_scalar(a)]
    if len(arrays) == len(args):
        return list(args)
    if not arrays:
        return [pt.constant(np.asarray(a)) for a in args]
    dtype = np.result_type(*[dtype_of(a) for a in arrays])
    return [pt.constant(np.asarray(a, dtype=_weak_scalar_dtype(a, dtype)))
            if is_python_scalar(a) else a for a in args]


def _with_weak_scalars(fn, first_typed=0):
    def apply(*args, **kwargs):
        typed = weakly_typed(args[first_typed:])
        return with_static_shape(fn(*(list(args[:first_typed]) + typed),
                                    **kwargs))
    apply.__name__ = getattr(fn, '__name__', 'elementwise')
    return apply


def _static(fn):
    def apply(*args, **kwargs):
        return with_static_shape(fn(*args, **kwargs))
    apply.__name__ = getattr(fn, '__name__', 'op')
    return apply


def _on_plain_tensors(fn):
    """`fn`, pytensor's own code, called on its arguments in their plain
    pytensor class. It computes sizes from `x.shape` expecting int64
    scalars; the static `.shape` holds Python ints, which pytensor makes
    int8 constants whose products overflow (pt.tensordot reshaped a
    (32, 8, 16) tensor to (0, 16))."""
    def apply(*args, **kwargs):
        static = [a for a in args if isinstance(a, TensorVariable) and
                  has_static_shape(a)]
        for a in static:
            without_static_shape(a)
        try:
            return with_static_shape(fn(*args, **kwargs))
        finally:
            for a in static:
                with_static_shape(a)
    apply.__name__ = getattr(fn, '__name__', 'op')
    return apply


def filled(value, dtype, sizes):
    """A tensor of shape `sizes` (Python ints where known, symbolic scalars
    elsewhere) filled with the scalar `value`: pt.alloc's node, built here.
    pt.alloc infers the static shape of symbolic sizes by cloning and
    rewriting every node above them: each padding of a (None, ...) tensor
    cloned the whole graph built so far, 285 of the 297 seconds a small
    NASNet took to compile. Symbolic sizes are left unknown instead; the
    lowering restores the dimensions Keras knows."""
    value = pt.cast(value, dtype)
    sizes = [pt.constant(np.int64(s)) if isinstance(s, numbers.Integral)
             else pt.as_tensor_variable(s, ndim=0) for s in sizes]
    static = tuple(int(s.data) if isinstance(s, Constant) else None
                   for s in sizes)
    node = Apply(alloc, [value] + sizes,
                 [pt.tensor(dtype=value.dtype, shape=static)])
    return with_static_shape(node.outputs[0])


def known_size(size):
    """`size` (a symbolic integer scalar) as a Python int where the few
    nodes just above it fix it (an entry of a constant vector, a static
    dimension of a tensor's shape), else unchanged: what pytensor's
    whole-graph shape inference finds in the usual cases, without cloning
    the graph above."""
    try:
        return int(pt.get_underlying_scalar_constant_value(size))
    except NotScalarConstantError:
        return size


def _filled_array(value, shape, dtype):
    """numpy's full, as pytensor's zeros / ones / full compute it (dtype None
    is floatX) but through `filled` when the shape is a sequence."""
    if dtype is None:
        dtype = pytensor.config.floatX
    if isinstance(shape, numbers.Integral):
        shape = (shape,)
    if isinstance(shape, (list, tuple)):
        return filled(value, dtype, shape)
    return with_static_shape(pt.alloc(pt.cast(value, dtype), *shape))


def _zeros(shape, dtype=None):
    return _filled_array(0, shape, dtype)


def _ones(shape, dtype=None):
    return _filled_array(1, shape, dtype)


def _full(shape, fill_value, dtype=None):
    if dtype is None:
        dtype = dtype_of(fill_value)
    return _filled_array(fill_value, shape, dtype)


class PytensorNamespace(object):
    """pytensor.tensor under numpy's names, as the numpy-like primitives
    call it (`xp.subtract`, `xp.true_divide`, ...). Every result has a
    static `.shape`; Python scalars in element-wise functions follow
    numpy's promotion rules."""

    _aliases = {
        'subtract': pt.sub,
        'multiply': pt.mul,
        'true_divide': pt.true_div,
        'floor_divide': pt.floor_div,
        'negative': pt.neg,
        'asarray': pt.as_tensor_variable,
        'zeros': _zeros,
        'ones': _ones,
        'full': _full,
    }
    _elementwise = ('add', 'subtract', 'multiply', 'true_divide',
                    'floor_divide', 'mod', 'power', 'maximum', 'minimum',
                    'clip', 'equal', 'not_equal', 'greater', 'greater_equal',
                    'less', 'less_equal')
    # pytensor functions doing arithmetic on their inputs' shapes.
    _shape_arithmetic = ('tensordot',)

    def __init__(self):
        self._cache = {}

    def __getattr__(self, name):
        if name.startswith('_'):
            raise AttributeError(name)
        cache = self.__dict__['_cache']
        if name not in cache:
            fn = self._aliases.get(name) or getattr(pt, name)
            if name in self._elementwise:
                cache[name] = _with_weak_scalars(fn)
            elif name == 'where':
                # The condition's dtype plays no part in the result's.
                cache[name] = _with_weak_scalars(fn, first_typed=1)
            elif name in self._shape_arithmetic:
                cache[name] = _on_plain_tensors(fn)
            else:
                cache[name] = _static(fn)
        return cache[name]


namespace = PytensorNamespace()
