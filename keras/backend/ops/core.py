"""The symbolic layer's public API: tensors, variables, K.function,
gradients, the learning phase and variable updates."""
import collections
import contextlib

import numpy as np

from keras.backend import config
from keras.backend.active import current
from keras.backend.ops import sparse
from keras.backend.ops.shape_utils import dims
from keras.backend.ops.shape_utils import rank
from keras.backend.ops.shape_utils import same_as_first
from keras.backend.ops.shape_utils import spec_shape
from keras.backend.ops.sizes import python_int
from keras.backend.symbolic import graph
from keras.backend.symbolic.op import record
from keras.backend.symbolic.op import symbolic_op
from keras.backend.symbolic.tensor import KerasTensor
from keras.backend.symbolic.tensor import Placeholder
from keras.backend.symbolic.tensor import Variable
from keras.backend.symbolic.tensor import standard_dtype

_uids = collections.defaultdict(int)
_name_scopes = []
_learning_phase_value = None
_learning_phase_tensor = None


# Naming.

def get_uid(prefix=''):
    """1 for the first call with `prefix`, then 2, 3, ..."""
    _uids[prefix] += 1
    return _uids[prefix]


def reset_uids():
    _uids.clear()


@contextlib.contextmanager
def name_scope(name):
    """Prefixes the names of variables created inside with `name/`."""
    _name_scopes.append(str(name))
    try:
        yield name
    finally:
        _name_scopes.pop()


def _scoped(name):
    return '/'.join(_name_scopes + [name])


def clear_session():
    """Resets the layer-name counters and the learning phase."""
    global _learning_phase_value, _learning_phase_tensor
    reset_uids()
    _learning_phase_value = None
    _learning_phase_tensor = None
    del _name_scopes[:]


# Tensors and variables.

def placeholder(shape=None, ndim=None, dtype=None, sparse=False, name=None):
    """A symbolic input, fed when a K.function is called.

    Args:
        shape: tuple, None entries for unknown dimensions.
        ndim: rank, when `shape` is not given (all dimensions unknown).
        dtype: defaults to floatx().
        sparse: not supported; raises ValueError.
        name: optional name.
    """
    if sparse:
        raise ValueError('Sparse placeholders are not supported by the %s '
                         'backend: feed dense arrays (see the known gaps).'
                         % current().name)
    if shape is None:
        if ndim is None:
            raise ValueError('K.placeholder needs `shape` or `ndim`.')
        shape = (None,) * int(ndim)
    return Placeholder(tuple(shape), dtype or config.floatx(),
                       name=name or 'placeholder_%d' % get_uid('placeholder'))


def _numeric_array(value, dtype, op_name):
    """`value` as a numpy array of `dtype`.

    Raises:
        ValueError: naming `op_name`'s `value` argument, for text (NumPy
            would parse '1.5' as a number and fail on 'abc' with its own
            message) or anything else not convertible to `dtype`.
    """
    raw = value if isinstance(value, np.ndarray) else None
    if isinstance(value, (str, bytes)):
        raw = np.asarray(value)
    elif raw is None and isinstance(value, (list, tuple)):
        try:
            raw = np.asarray(value)
        except ValueError:  # ragged lists: let the conversion below say
            raw = None
    if raw is not None and (raw.dtype.kind in ('U', 'S') or (
            raw.dtype.kind == 'O' and raw.size and
            isinstance(raw.flat[0], (str, bytes)))):
        raise ValueError('%s: `value` must be numeric (a number, a list or '
                         'an array of numbers); received text of dtype %s: '
                         '%s.' % (op_name, raw.dtype, repr(value)[:60]))
    try:
        return np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as error:
        raise ValueError('%s: `value` cannot be converted to %s: %s; '
                         'received %s.' % (op_name, dtype, error,
                                           repr(value)[:60]))


def variable(value, dtype=None, name=None, constraint=None):
    """A variable holding `value` (numpy array, list, scalar or tensor).

    Args:
        dtype: defaults to floatx().
        name: optional; prefixed by the active name scopes.
        constraint: optional projection applied by optimizers after updates.
    """
    dtype = standard_dtype(dtype or config.floatx())
    if isinstance(value, KerasTensor):
        value = eval(value)
    elif current().is_native(value):
        value = current().to_numpy(value)
    array = _numeric_array(value, dtype, 'K.variable')
    storage = current().make_variable(array, dtype, name)
    return Variable(storage, array.shape, dtype,
                    name=_scoped(name or 'variable'), constraint=constraint)


def constant(value, dtype=None, shape=None, name=None):
    """A constant tensor of `value`.

    Args:
        shape: as TensorFlow's: a value with as many entries is reshaped to
            it (`K.constant([1, 2, 3, 4, 5, 6], shape=(2, 3))`), a single
            value fills it.

    Raises:
        ValueError: naming both shapes, when `value` neither has the size
            of `shape` nor a single entry.
    """
    dtype = standard_dtype(dtype or config.floatx())
    array = _numeric_array(value, dtype, 'K.constant')
    if shape is not None:
        shape = tuple(python_int(d, 'K.constant', 'shape') for d in shape)
        size = int(np.prod(shape, dtype='int64'))
        if array.size == size:
            array = array.reshape(shape)
        elif array.size == 1:
            array = np.full(shape, array.reshape(()), dtype=dtype)
        else:
            raise ValueError('K.constant: a value of shape %s (%d entries) '
                             'cannot take the shape %s (%d entries): give '
                             'as many entries, or a single one to fill it.'
                             % (array.shape, array.size, shape, size))
    return current().convert(array, dtype)


def is_keras_tensor(x):
    """Whether `x` was produced by a Keras layer (or Input).

    Raises:
        ValueError: if `x` is not a tensor at all.
    """
    if not is_tensor(x):
        raise ValueError('Unexpectedly found an instance of type `%s`. '
                         'Expected a symbolic tensor instance.' % type(x))
    return hasattr(x, '_keras_history')


def is_tensor(x):
    return isinstance(x, KerasTensor) or current().is_native(x)


def is_variable(x):
    return isinstance(x, Variable)


def is_placeholder(x):
    return isinstance(x, Placeholder)


def is_sparse(tensor):
    return sparse.is_sparse(tensor)


def to_dense(tensor):
    """A sparse tensor densified (zeros elsewhere); other tensors as they
    are."""
    return sparse.to_dense(tensor)


def int_shape(x):
    """The static shape as a tuple of ints and Nones."""
    if hasattr(x, '_keras_shape'):
        return tuple(x._keras_shape)
    shape = x.shape if hasattr(x, 'shape') else np.shape(x)
    return tuple(None if d is None else int(d) for d in shape)


def ndim(x):
    return len(int_shape(x))


def dtype(x):
    """The dtype name, e.g. 'float32'."""
    if isinstance(x, KerasTensor):
        return x.dtype
    return standard_dtype(getattr(x, 'dtype', np.asarray(x).dtype))


def count_params(x):
    return int(np.prod(int_shape(x)))


def _shape_rule(args, kwargs):
    x_shape = tuple(spec_shape(args[0]))
    return [((len(x_shape),), 'int32', x_shape)]


@symbolic_op(shape=_shape_rule)
def shape(x):
    """The dynamic shape of `x` as an int32 tensor. Its entries known
    statically are known to the ops that use it: `K.reshape(x,
    (K.shape(x)[0], -1))` keeps the static sizes."""
    return current().shape(x)


@symbolic_op(shape=same_as_first)
def identity(x, name=None):
    return x


# Evaluation and values.

def eval(x):
    """The value of a tensor or variable, as a numpy array (a
    SparseTensorValue of them for a sparse tensor)."""
    if sparse.is_sparse(x):
        return sparse.evaluate(x)
    if isinstance(x, Variable):
        return current().get_value(x)
    if isinstance(x, KerasTensor):
        value = current().evaluate([x])[0]
        if hasattr(x, '_update'):
            set_value(x._update[0], value)
        return value
    return np.asarray(current().to_numpy(x))


def get_value(x):
    if isinstance(x, Variable):
        return current().get_value(x)
    return eval(x)


def batch_get_value(ops):
    return [get_value(x) for x in ops]


def set_value(x, value):
    """Assigns a numpy value to a variable; the shape must match."""
    if not isinstance(x, Variable):
        raise TypeError('K.set_value expects a variable; received %r.' % (x,))
    value = np.asarray(value, dtype=x.dtype)
    if value.shape != x.shape:
        raise ValueError('Cannot assign a value of shape %s to variable %r of '
                         'shape %s.' % (value.shape, x.name, x.shape))
    current().assign(x, value)


def batch_set_value(tuples):
    for x, value in tuples:
        set_value(x, value)


def function(inputs, outputs, updates=None, **kwargs):
    """Compiles a callable taking a list of input values and returning the
    outputs as numpy arrays, applying `updates` at every call.

    Args:
        inputs: list of placeholders (and K.learning_phase() if fed).
        outputs: a tensor or a list of tensors.
        updates: list of (variable, new_value) pairs or K.update results.
        **kwargs: `name`; anything else raises ValueError.
    """
    return current().function(inputs, outputs, updates=updates, **kwargs)


# Autodiff.

def gradients(loss, variables):
    """Symbolic gradients of `loss` (summed if not scalar) with respect to
    each of `variables`; None where `loss` does not depend on one.

    Always a list, also for a single tensor, as Keras 2 on TensorFlow
    returns (Deep Dream / saliency code writes `K.gradients(loss, x)[0]`).
    """
    if not isinstance(loss, KerasTensor):
        raise TypeError('K.gradients needs a symbolic loss; received %r.'
                        % (loss,))
    wrt = list(variables) if isinstance(variables, (list, tuple)) else \
        [variables]
    for v in wrt:
        if not isinstance(v, KerasTensor):
            raise TypeError('K.gradients can only differentiate with respect '
                            'to symbolic tensors or variables; received %r.'
                            % (v,))
    on_path = graph.dependents(loss, wrt)
    connected = [v for v in wrt if v in on_path]
    results = {}
    if connected:
        node = graph.GradientNode(loss, connected, on_path)
        outputs = []
        for i, v in enumerate(connected):
            g = KerasTensor(v.shape, v.dtype, node=node, index=i,
                            name='gradient_%d' % get_uid('gradient'))
            outputs.append(g)
            results[v] = g
        node.outputs = outputs
    return [results.get(v) for v in wrt]


@symbolic_op(shape=same_as_first)
def _stop_gradient(x):
    return current().stop_gradient(x)


def stop_gradient(variables):
    """`variables` (a tensor or a list) treated as constants by gradients."""
    if isinstance(variables, (list, tuple)):
        return [_stop_gradient(v) for v in variables]
    return _stop_gradient(variables)


# Updates.

def _assign_value(variable, new_value):
    return new_value


def update(x, new_x):
    """An update setting variable `x` to `new_x` when a function runs."""
    if not isinstance(x, Variable):
        raise TypeError('K.update expects a variable as first argument; '
                        'received %r.' % (x,))
    result = record(_assign_value, (x, new_x), {},
                    shape_rule=lambda a, k: [(x.shape, x.dtype)],
                    name='assign')
    result._update = (x, new_x)
    return result


def update_add(x, increment):
    return update(x, x + increment)


def update_sub(x, decrement):
    return update(x, x - decrement)


def moving_average_update(x, value, momentum):
    """Update of `x` to `momentum * x + (1 - momentum) * value`."""
    return update(x, x * momentum + value * (1. - momentum))


# Learning phase.

def learning_phase():
    """The learning phase: a symbolic scalar fed 1 by fit and 0 by
    evaluate/predict, or the int set by set_learning_phase."""
    global _learning_phase_tensor
    if _learning_phase_value is not None:
        return _learning_phase_value
    if _learning_phase_tensor is None:
        _learning_phase_tensor = Placeholder((), 'uint8',
                                             name=graph.LEARNING_PHASE_NAME)
    return _learning_phase_tensor


def set_learning_phase(value):
    """Fixes the learning phase to 0 (test) or 1 (train)."""
    global _learning_phase_value
    if value not in (0, 1):
        raise ValueError('Expected learning phase to be 0 or 1.')
    _learning_phase_value = int(value)


def _switch_value(condition, then_value, else_value):
    backend = current()
    cond = backend.cast(backend.convert(condition), 'bool')
    then_value = backend.convert(then_value)
    else_value = backend.convert(else_value)
    cond_rank = rank(cond)
    then_rank = rank(then_value)
    if cond_rank > then_rank:
        raise ValueError('Rank of `condition` should be less than or equal '
                         'to rank of `then_expression` and '
                         '`else_expression`. ndim(condition)=%d, '
                         'ndim(then_expression)=%d' % (cond_rank, then_rank))
    if 0 < cond_rank < then_rank:
        cond = backend.reshape(cond, tuple(dims(cond)) +
                               (1,) * (then_rank - cond_rank))
    return backend.where(cond, then_value, else_value)


def _switch_rule(args, kwargs):
    condition, then_value = args[0], args[1]
    if isinstance(then_value, KerasTensor):
        spec = (then_value.shape, then_value.dtype)
    else:
        spec = (np.shape(then_value), dtype(then_value))
    cond_rank = len(getattr(condition, 'shape', ()))
    if cond_rank > len(spec[0]):
        raise ValueError('Rank of `condition` should be less than or equal '
                         'to rank of `then_expression` and '
                         '`else_expression`. ndim(condition)=%d, '
                         'ndim(then_expression)=%d'
                         % (cond_rank, len(spec[0])))
    return [spec]


def switch(condition, then_expression, else_expression):
    """`then_expression` where `condition` holds, else `else_expression`.

    A scalar condition selects a whole branch; a tensor condition selects
    element-wise (its rank may be lower than the branches'). Branches may
    be callables returning tensors.
    """
    if callable(then_expression):
        then_expression = then_expression()
    if callable(else_expression):
        else_expression = else_expression()
    if isinstance(condition, (bool, int, np.bool_)) and not isinstance(
            condition, KerasTensor):
        return then_expression if condition else else_expression
    args = (condition, then_expression, else_expression)
    if not any(isinstance(a, KerasTensor) for a in args):
        return _switch_value(*args)
    return record(_switch_value, args, {}, shape_rule=_switch_rule,
                  node_class=graph.SwitchNode, name='switch')


def in_train_phase(x, alt, training=None):
    """`x` in the training phase, `alt` otherwise (either may be a callable).
    """
    if training is None:
        training = learning_phase()
        uses_learning_phase = True
    else:
        uses_learning_phase = False
    if isinstance(training, (bool, int)) and not isinstance(
            training, KerasTensor):
        if training in (1, True):
            return x() if callable(x) else x
        return alt() if callable(alt) else alt
    result = switch(training, x, alt)
    if uses_learning_phase and isinstance(result, KerasTensor):
        result._uses_learning_phase = True
    return result


def in_test_phase(x, alt, training=None):
    """`x` in the test phase, `alt` otherwise."""
    return in_train_phase(alt, x, training=training)


# Compatibility with TensorFlow-only helpers of Keras 2.

def symbolic(func):
    return func


def eager(func):
    return func


def manual_variable_initialization(value):
    """Kept for compatibility: variables here are always initialised at
    creation, so there is nothing to defer."""
    if value:
        raise ValueError('manual_variable_initialization(True) is not '
                         'supported: variables are initialised when created.')


def get_session():
    """TensorFlow 1's session. Only a backend that has one provides it."""
    backend = current()
    if hasattr(backend, 'get_session'):
        return backend.get_session()
    raise RuntimeError('K.get_session() needs a TensorFlow session; the %s '
                       'backend has none (graphs are compiled by K.function).'
                       % backend.name)


def set_session(session):
    """Registers a TensorFlow 1 session, on backends that have sessions."""
    backend = current()
    if hasattr(backend, 'set_session'):
        return backend.set_session(session)
    raise RuntimeError('K.set_session() needs a TensorFlow session; the %s '
                       'backend has none.' % backend.name)


def get_variable_shape(x):
    """The static shape of a variable, as K.int_shape."""
    return int_shape(x)


@symbolic_op(shape=same_as_first)
def print_tensor(x, message=''):
    """`x`, printing `message` and its value each time it is computed (when
    the compiled function runs, not when the graph is built)."""
    return current().print_tensor(x, message)

