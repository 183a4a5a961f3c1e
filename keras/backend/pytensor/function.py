"""A K.function compiled by pytensor.function.

Lowering the recorded graph with pytensor primitives builds a pytensor
graph: placeholders become pytensor inputs with their static shapes,
variables their shared variables, updates (and the states of the random
generators) the function's updates. One pytensor function is compiled per
value of the (static) learning phase, at its first call.
"""
import collections

import numpy as np
import pytensor
import pytensor.tensor as pt
from pytensor.graph.basic import Variable
from pytensor.tensor.variable import TensorVariable

from keras.backend.pytensor import settings
from keras.backend.pytensor.random import RandomStreams
from keras.backend.pytensor.values import with_static_shape
from keras.backend.pytensor.values import without_static_shape
from keras.backend.symbolic import graph
from keras.backend.symbolic.function import feed_value


class _Lowering(graph.Lowering):
    """Tells pytensor the dimensions that Keras' shape inference knows and
    pytensor's does not (after a reshape to a run-time shape, say):
    pytensor broadcasts only dimensions it knows to be 1."""

    def store(self, tensor, value):
        if isinstance(value, TensorVariable) and \
                value.ndim == len(tensor.shape):
            static = value.type.shape
            if any(s is None and k is not None
                   for s, k in zip(static, tensor.shape)):
                value = with_static_shape(pt.specify_shape(
                    value, tuple(s if s is not None else k
                                 for s, k in zip(static, tensor.shape))))
        super(_Lowering, self).store(tensor, value)


def _input_variable(tensor):
    return with_static_shape(pt.tensor(dtype=tensor.dtype,
                                       shape=tensor.shape, name=tensor.name))


def _as_output(value):
    if isinstance(value, Variable):
        return value
    return pt.constant(np.asarray(value))


class PytensorFunction(object):
    """Callable with a list of input values, as Keras 2's K.function.

    Args:
        backend: the pytensor backend object.
        plan: the GraphPlan of the function.
        mode: a pytensor Mode; None picks it from KERAS_PYTENSOR_MODE.
        name: name of the pytensor function.
    """

    def __init__(self, backend, plan, mode=None, name=None):
        self.backend = backend
        self.plan = plan
        self.mode = mode if mode is not None else settings.compile_mode()
        self.name = name
        self._feed_tensors = [t for i, t in enumerate(plan.inputs)
                              if i != plan.learning_phase_index]
        self._compiled = {}

    def _updates(self, new_values, streams):
        # Later updates of one variable win, as applying them in order would.
        pairs = collections.OrderedDict()
        for (var, _), value in zip(self.plan.updates, new_values):
            storage = var.storage
            value = pt.cast(self.backend.convert(value), storage.dtype)
            pairs[storage] = storage.type.filter_variable(value,
                                                          allow_convert=True)
        for state, next_state in streams.updates():
            pairs[state] = next_state
        return list(pairs.items())

    def compile(self, phase):
        """The pytensor function for learning phase `phase`."""
        fn = self._compiled.get(phase)
        if fn is not None:
            return fn
        settings.sync_floatx()
        plan = self.plan
        inputs = [_input_variable(t) for t in self._feed_tensors]
        streams = RandomStreams()
        lowering = _Lowering(self.backend,
                             dict(zip(self._feed_tensors, inputs)),
                             learning_phase=phase, rng=streams)
        lowering.evaluate(plan.ordered_outputs())
        outputs = [_as_output(v) for v in lowering.evaluate(plan.outputs)]
        new_values = lowering.evaluate(plan.update_values)
        inputs = [without_static_shape(x) for x in inputs]
        fn = pytensor.function(inputs, outputs,
                               updates=self._updates(new_values, streams),
                               mode=self.mode, on_unused_input='ignore',
                               name=self.name)
        self._compiled[phase] = fn
        return fn

    def __call__(self, values):
        plan = self.plan
        feeds, phase = plan.split_feeds(values)
        arrays = []
        for tensor, value in feeds:
            value = feed_value(self.backend, tensor, value)
            if self.backend.is_native(value):
                value = self.backend.to_numpy(value)
            arrays.append(value)
        fn = self.compile(phase)
        outputs = fn(*arrays)
        # Some Python implementations return wider integers than their
        # output type (cumsum of int32 gives numpy's int64).
        return plan.pack([np.asarray(o, dtype=v.type.dtype) for o, v in
                          zip(outputs, fn.maker.fgraph.outputs)])
