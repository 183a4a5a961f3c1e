"""The `symbolic_op` decorator: one definition serves eager and symbolic calls.

Called on concrete values, a K op runs at once on the active backend. Called
with any KerasTensor (placeholder, variable or op result) among its
arguments, it records a graph node and returns KerasTensors whose static
shape and dtype come from the op's shape rule. Nothing runs to find them:
recording costs the same for a (None, 512, 512, 64) tensor as for a scalar,
and a size that depends on a tensor's value is None, never a guess.
"""
import functools
import itertools

import numpy as np

from keras.backend import active
from keras.backend.symbolic import graph
from keras.backend.symbolic import structure
from keras.backend.symbolic.tensor import KerasTensor


_name_counter = itertools.count(1)


def has_symbolic(obj):
    return any(isinstance(x, KerasTensor) for x in structure.flatten(obj))


def symbolic_op(fn=None, shape=None, multi_output=False, stateful=False,
                node_class=graph.Node):
    """Makes `fn` record a node when given symbolic arguments.

    Args:
        shape: the shape rule, required: `(args, kwargs) -> [spec, ...]`,
            one spec per output: `(shape, dtype)`, or `(shape, dtype,
            value)` where `value` is what is known of an integer scalar
            (an int or None) or vector (a tuple of ints and Nones) before
            the graph runs (see keras/backend/ops/sizes.py). Shapes hold
            None for sizes not known statically. The rule also checks the
            arguments, so that bad calls fail when the graph is built.
        multi_output: `fn` returns a tuple of tensors.
        stateful: always record, even without symbolic arguments (random
            ops must draw anew at every call of a compiled function).

    Raises:
        TypeError: at decoration, if `shape` is missing.
    """
    def decorate(fn):
        if shape is None:
            raise TypeError(
                'symbolic_op(%s) needs a shape rule: pass shape=rule, a '
                'function (args, kwargs) -> [(shape, dtype), ...] computing '
                'the static output shapes and dtypes from the arguments '
                '(shared rules are in keras/backend/ops/shape_utils.py). '
                'Shapes are never inferred by running the op.'
                % getattr(fn, '__name__', fn))

        @functools.wraps(fn)
        def op(*args, **kwargs):
            if not stateful and not has_symbolic((args, kwargs)):
                return fn(*args, **kwargs)
            return record(fn, args, kwargs, shape, multi_output, node_class)
        op.eager = fn
        op.shape_rule = shape
        return op
    if fn is not None:
        return decorate(fn)
    return decorate


def record(fn, args, kwargs, shape_rule=None, multi_output=False,
           node_class=graph.Node, name=None):
    """Adds a node calling `fn` and returns its output tensor(s).

    Args:
        shape_rule: required; see `symbolic_op`.
    """
    if shape_rule is None:
        raise TypeError('record(%s) needs shape_rule=, a function (args, '
                        'kwargs) -> [(shape, dtype), ...] giving the static '
                        'output shapes and dtypes.'
                        % getattr(fn, '__name__', fn))
    specs = shape_rule(args, kwargs)
    backend = active.current()
    if getattr(backend, 'folds_static_values', False) and not getattr(
            fn, 'stateful', False):
        fn = _folding_static_values(fn)
    node = node_class(fn, args, kwargs, name=name, multi_output=multi_output)
    uses_learning_phase = any(getattr(x, '_uses_learning_phase', False)
                              or graph.is_learning_phase(x)
                              for x in node.inputs)
    outputs = []
    for i, spec in enumerate(specs):
        out_shape, out_dtype = spec[0], spec[1]
        tensor = KerasTensor(out_shape, out_dtype, node=node, index=i,
                             name='%s_%d' % (node.name, next(_name_counter)))
        tensor._uses_learning_phase = uses_learning_phase
        if len(spec) > 2 and spec[2] is not None:
            tensor._known_value = spec[2]
        outputs.append(tensor)
    node.outputs = outputs
    if multi_output:
        return tuple(outputs)
    return outputs[0]


def _numpy_backend():
    from keras.backend import numpy as numpy_backend
    return numpy_backend.BACKEND


def _folding_static_values(fn):
    """`fn` for a backend whose sizes are numpy values (jax: shapes are
    static under jit, and K.shape gives them as numpy arrays). A call whose
    array arguments are all numpy values runs on the numpy backend, so that
    `K.shape(x)[1] // 2` stays a number known when the function is traced
    instead of becoming a traced value that no size may depend on."""
    @functools.wraps(fn)
    def call(*args, **kwargs):
        if _only_numpy_values((args, kwargs)):
            with active.using(_numpy_backend()):
                return fn(*args, **kwargs)
        return fn(*args, **kwargs)
    return call


def _only_numpy_values(obj):
    found = False
    for leaf in structure.flatten(obj):
        if isinstance(leaf, (np.ndarray, np.generic)):
            found = True
        elif hasattr(leaf, 'shape') and hasattr(leaf, 'dtype'):
            return False  # a backend array (a traced value under jit)
    return found
