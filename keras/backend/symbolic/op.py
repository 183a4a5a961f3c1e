"""The `symbolic_op` decorator: one definition serves eager and symbolic calls.

Called on concrete values, a K op runs at once on the active backend. Called
with any KerasTensor (placeholder, variable or op result) among its
arguments, it records a graph node and returns KerasTensors whose static
shape and dtype are inferred here.
"""
import functools
import itertools

import numpy as np

from keras.backend import active
from keras.backend.symbolic import graph
from keras.backend.symbolic import structure
from keras.backend.symbolic.tensor import KerasTensor
from keras.backend.symbolic.tensor import standard_dtype


_name_counter = itertools.count(1)


def has_symbolic(obj):
    return any(isinstance(x, KerasTensor) for x in structure.flatten(obj))


def symbolic_op(fn=None, shape=None, multi_output=False, stateful=False,
                node_class=graph.Node):
    """Makes `fn` record a node when given symbolic arguments.

    Args:
        shape: a rule `(args, kwargs) -> [(shape, dtype), ...]` giving the
            output specs, or None to infer them by running `fn` on the numpy
            backend with stand-in values (twice, with two sizes for the
            unknown dimensions, so that dimensions that follow them are
            found to be unknown too).
        multi_output: `fn` returns a tuple of tensors.
        stateful: always record, even without symbolic arguments (random
            ops must draw anew at every call of a compiled function).
    """
    def decorate(fn):
        @functools.wraps(fn)
        def op(*args, **kwargs):
            if not stateful and not has_symbolic((args, kwargs)):
                return fn(*args, **kwargs)
            return record(fn, args, kwargs, shape, multi_output, node_class)
        op.eager = fn
        return op
    if fn is not None:
        return decorate(fn)
    return decorate


def record(fn, args, kwargs, shape_rule=None, multi_output=False,
           node_class=graph.Node, name=None):
    """Adds a node calling `fn` and returns its output tensor(s)."""
    if shape_rule is not None:
        specs = shape_rule(args, kwargs)
    else:
        specs = probe_specs(fn, args, kwargs, multi_output)
    node = node_class(fn, args, kwargs, name=name, multi_output=multi_output)
    uses_learning_phase = any(getattr(x, '_uses_learning_phase', False)
                              or graph.is_learning_phase(x)
                              for x in node.inputs)
    outputs = []
    for i, (out_shape, out_dtype) in enumerate(specs):
        tensor = KerasTensor(out_shape, out_dtype, node=node, index=i,
                             name='%s_%d' % (node.name, next(_name_counter)))
        tensor._uses_learning_phase = uses_learning_phase
        outputs.append(tensor)
    node.outputs = outputs
    if multi_output:
        return tuple(outputs)
    return outputs[0]




def _numpy_backend():
    from keras.backend import numpy as numpy_backend
    return numpy_backend.BACKEND


def _stand_in(tensor, unknown_size):
    if graph.is_learning_phase(tensor):
        return 1
    shape = tuple(unknown_size if d is None else d for d in tensor.shape)
    # Zero-strided: a huge variable costs no memory here.
    return np.broadcast_to(np.zeros((), dtype=tensor.dtype), shape)


def _run_on_numpy(fn, args, kwargs, unknown_size):
    backend = active.current()

    def swap(x):
        if isinstance(x, KerasTensor):
            return _stand_in(x, unknown_size)
        if backend.is_native(x):  # a constant such as K.constant's result
            return backend.to_numpy(x)
        return x
    a, k = structure.map_structure(swap, (args, kwargs))
    with active.using(_numpy_backend()), np.errstate(all='ignore'):
        result = fn(*a, **k)
    return result


def _spec_of(value):
    value = np.asarray(value)
    return value.shape, standard_dtype(value.dtype)


def probe_specs(fn, args, kwargs, multi_output=False):
    """Output (shape, dtype) pairs of `fn`, found by running it on numpy."""
    tensors = [x for x in structure.flatten((args, kwargs))
               if isinstance(x, KerasTensor)]
    has_unknown = any(d is None for t in tensors for d in t.shape)
    first = _run_on_numpy(fn, args, kwargs, 2)
    first = list(first) if multi_output else [first]
    specs = [_spec_of(v) for v in first]
    if not has_unknown:
        return specs
    second = _run_on_numpy(fn, args, kwargs, 3)
    second = list(second) if multi_output else [second]
    merged = []
    for (shape_a, dtype), value in zip(specs, second):
        shape_b = np.shape(value)
        if len(shape_a) != len(shape_b):
            raise ValueError('Cannot infer the rank of the output of %s.'
                             % getattr(fn, '__name__', fn))
        merged.append((tuple(a if a == b else None
                             for a, b in zip(shape_a, shape_b)), dtype))
    return merged
