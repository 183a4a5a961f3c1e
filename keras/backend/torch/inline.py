"""Plain torch expressions for the commonest nodes of a generated program
(see program.py).

A node normally calls its K op's eager function, which calls the backend
method, which promotes operands as numpy would: three Python calls and
several type checks around one kernel. When the graph says every tensor
operand has the result's dtype (float32 mostly) and every other operand is
a Python number that keeps it, none of that can change the result, and the
node is written as the torch expression the backend would have reached.
Where the program knows an operand is a fresh tensor that nothing else
will read, elementwise ops write into it instead of allocating, as a
hand-written torch step would.

An entry gives, for a node, either None (not handled) or an `Inline`.
"""
import collections

import torch

from keras.backend.ops import array as array_ops
from keras.backend.ops import indexing as indexing_ops
from keras.backend.ops import math as math_ops
from keras.backend.ops import nn as nn_ops
from keras.backend.ops.slice_groups import basic_key
from keras.backend.symbolic.tensor import KerasTensor
from keras.backend.torch import random

Inline = collections.namedtuple('Inline', [
    'expression',  # source with {0}, {1}... for the operands
    'operands',    # node arguments the placeholders stand for
    'alias',       # the result is an operand itself, not a new tensor
    'in_place',    # {operand index: source writing into that operand}
])


# Dtypes whose arithmetic torch and numpy agree on, given operands of one
# dtype and Python numbers of its kind (an int tensor and a Python float
# give float64 in numpy, float32 in torch).
_SAME_IN_TORCH = {'float32': (float, int), 'float64': (float, int),
                  'int32': (int,), 'int64': (int,)}


def _is_float32(x):
    return isinstance(x, KerasTensor) and x.dtype == 'float32'


def _is_number(x):
    return type(x) in (float, int)


def _operands_of_dtype(args, dtype):
    """Whether the args are tensors of `dtype` or Python numbers that keep
    it, one tensor at least."""
    kinds = _SAME_IN_TORCH.get(dtype, ())
    return any(isinstance(a, KerasTensor) for a in args) and all(
        a.dtype == dtype if isinstance(a, KerasTensor) else
        type(a) in kinds and (dtype != 'int32' or -2 ** 31 <= a < 2 ** 31)
        for a in args)


_FLOATS = ('float32', 'float64')
# dtypes named alike in torch, for casts written as .to(torch.<name>).
_TORCH_NAMES = ('bool', 'uint8', 'int8', 'int16', 'int32', 'int64',
                'float16', 'float32', 'float64')

# torch.rsub: Tensor.__rsub__ is a Python wrapper around it.
_NUMBER_MINUS_TENSOR = 'torch.rsub({1}, {0})'

# Binary elementwise ops: (expression, in-place into x, in-place into y).
# Into y only where the op commutes, or through out= with a tensor x.
_BINARY = {
    math_ops.add.eager: ('({0} + {1})', '{0}.add_({1})', '{1}.add_({0})'),
    math_ops.multiply.eager: ('({0} * {1})', '{0}.mul_({1})',
                              '{1}.mul_({0})'),
    math_ops.subtract.eager: ('({0} - {1})', '{0}.sub_({1})',
                              'torch.sub({0}, {1}, out={1})'),
    math_ops.divide.eager: ('({0} / {1})', '{0}.div_({1})',
                            'torch.div({0}, {1}, out={1})'),
}


def _binary(node):
    if len(node.args) != 2 or node.kwargs:
        return None
    x, y = node.args
    dtype = node.outputs[0].dtype
    if not _operands_of_dtype((x, y), dtype) or (
            node.fn is math_ops.divide.eager and dtype not in _FLOATS):
        return None
    if node.fn is math_ops.subtract.eager and _is_number(x):
        return Inline(_NUMBER_MINUS_TENSOR, (x, y), False, {})
    expression, into_x, into_y = _BINARY[node.fn]
    in_place = {0: into_x}
    if isinstance(x, KerasTensor) or node.fn in (math_ops.add.eager,
                                                 math_ops.multiply.eager):
        in_place[1] = into_y
    return Inline(expression, (x, y), False, in_place)


def _unary(expression, in_place, dtypes):
    def rule(node):
        if len(node.args) != 1 or node.kwargs or not _operands_of_dtype(
                node.args, node.outputs[0].dtype) or \
                node.outputs[0].dtype not in dtypes:
            return None
        return Inline(expression, node.args, False, {0: in_place})
    return rule


def _cast(node):
    args = dict(zip(('x', 'dtype'), node.args), **node.kwargs)
    x, dtype = args.get('x'), args.get('dtype')
    if set(args) != {'x', 'dtype'} or not isinstance(x, KerasTensor) or \
            dtype != node.outputs[0].dtype or x.dtype not in _TORCH_NAMES:
        return None
    if x.dtype == dtype:
        return Inline('{0}', (x,), True, {})
    return Inline('{0}.to(torch.%s)' % dtype, (x,), False, {})


def _relu(node):
    args = dict(zip(('x', 'alpha', 'max_value', 'threshold'), node.args),
                **node.kwargs)
    plain = args.get('alpha', 0.) == 0. and args.get('max_value') is None \
        and args.get('threshold', 0.) == 0.
    if plain and set(args) <= {'x', 'alpha', 'max_value', 'threshold'} and \
            _is_float32(args.get('x')):
        # clamp_min, not torch.relu: relu's gradient at 0 is 0, K.relu's
        # (a maximum) is 1 there.
        return Inline('torch.clamp_min({0}, 0.)', (args['x'],), False,
                      {0: '{0}.clamp_min_(0.)'})
    return None


def _dot(node):
    if len(node.args) != 2 or node.kwargs:
        return None
    x, y = node.args
    if _is_float32(x) and _is_float32(y) and len(x.shape) == 2 and \
            len(y.shape) == 2:
        return Inline('torch.matmul({0}, {1})', (x, y), False, {})
    return None


def _bias_add(node):
    args = dict(zip(('x', 'bias', 'data_format'), node.args), **node.kwargs)
    if not set(args) <= {'x', 'bias', 'data_format'}:
        return None
    x, bias = args.get('x'), args.get('bias')
    if not (_is_float32(x) and _is_float32(bias)) or len(bias.shape) != 1:
        return None
    # A rank-2 input has its channels last whatever the data format.
    if len(x.shape) == 2 or args.get('data_format') == 'channels_last':
        return Inline('({0} + {1})', (x, bias), False,
                      {0: '{0}.add_({1})'})
    return None


def _dropout(node):
    args = dict(zip(('x', 'level', 'noise_shape', 'seed'), node.args),
                **node.kwargs)
    level, seed = args.get('level'), args.get('seed')
    if set(args) <= {'x', 'level', 'noise_shape', 'seed'} and \
            _is_float32(args.get('x')) and \
            args.get('noise_shape') is None and \
            type(level) is float and 0. <= level < 1. and \
            (seed is None or type(seed) is int):
        return Inline('dropout({0}, %r, %r)' % (level, seed), (args['x'],),
                      False, {})
    return None


def dropout(x, level, seed):
    """K.dropout of a float32 tensor with no noise shape: the same draws
    from the same generator and the same arithmetic, with the mask made in
    the memory of the draws."""
    keep = torch.empty(x.shape, dtype=torch.float32, device=x.device)
    keep.uniform_(0., 1., generator=random.generator(seed))
    return x * keep.ge_(level).mul_(1. / (1. - level))


def _filled_like(torch_fn):
    def rule(node):
        args = dict(zip(('x', 'dtype', 'name'), node.args), **node.kwargs)
        x = args.get('x')
        if not set(args) <= {'x', 'dtype', 'name'} or \
                not isinstance(x, KerasTensor) or \
                args.get('dtype') not in (None, x.dtype) or \
                x.dtype != node.outputs[0].dtype:
            return None
        return Inline('%s({0})' % torch_fn, (x,), False, {})
    return rule


def _sum(node):
    args = dict(zip(('x', 'axis', 'keepdims'), node.args), **node.kwargs)
    x, axis = args.get('x'), args.get('axis')
    keepdims = args.get('keepdims', False)
    if not set(args) <= {'x', 'axis', 'keepdims'} or \
            not isinstance(x, KerasTensor) or x.dtype not in _FLOATS or \
            type(keepdims) is not bool:
        return None
    if axis is None and not keepdims:
        return Inline('torch.sum({0})', (x,), False, {})
    if type(axis) is int:
        return Inline('torch.sum({0}, dim=%d, keepdim=%r)' % (axis, keepdims),
                      (x,), False, {})
    return None


def _basic_index(node):
    """x[key] for a key of ints, None, Ellipsis and slices of int bounds
    with a positive step: torch's basic indexing, a view, is numpy's then
    (LSTM gates: `z[:, units:2 * units]`)."""
    key = basic_key(node)
    if key is None:
        return None
    return Inline('{0}[{1}]', (node.args[0], key), True, {})


RULES = {fn: _binary for fn in _BINARY}
RULES.update({
    # x * x: torch.square runs the slower pow kernel.
    math_ops.square.eager: _unary('({0} * {0})', '{0}.mul_({0})',
                                  _SAME_IN_TORCH),
    # K.sqrt is sqrt(max(x, 0)) as in Keras 2; clamp_min propagates NaN as
    # that maximum does.
    math_ops.sqrt.eager: _unary('torch.clamp_min({0}, 0.).sqrt_()',
                                '{0}.clamp_min_(0.).sqrt_()', _FLOATS),
    math_ops.tanh.eager: _unary('torch.tanh({0})', '{0}.tanh_()', _FLOATS),
    nn_ops.sigmoid.eager: _unary('torch.sigmoid({0})', '{0}.sigmoid_()',
                                 _FLOATS),
    array_ops.cast.eager: _cast,
    nn_ops.relu.eager: _relu,
    math_ops.dot.eager: _dot,
    nn_ops.bias_add.eager: _bias_add,
    nn_ops.dropout.eager: _dropout,
    array_ops.ones_like.eager: _filled_like('torch.ones_like'),
    array_ops.zeros_like.eager: _filled_like('torch.zeros_like'),
    math_ops.sum.eager: _sum,
    indexing_ops._getitem.eager: _basic_index,
})


def inline(node):
    """The Inline form of an op node, or None."""
    rule = RULES.get(node.fn)
    if rule is None or node.multi_output or len(node.outputs) != 1 or \
            node.outputs[0].dtype not in _SAME_IN_TORCH:
        return None
    return rule(node)
