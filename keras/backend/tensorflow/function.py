"""A K.function lowered inside tf.function.

One tf.function per static learning-phase value, traced once: its input
signature has the placeholders' static shapes, None dimensions (the batch)
included, so batches of any size reuse the trace, and ops see the unknown
dimensions as Keras 2 on TensorFlow 1 did. Outputs and new variable values are computed first, then
assigned, all in the one call (a variable updated twice takes the last
value). With gradient nodes the lowering runs under a GradientTape,
persistent only when more than one gradient is taken from it.
"""
import contextlib
import functools

import numpy as np
import tensorflow as tf

from keras.backend.symbolic import graph
from keras.backend.symbolic.function import feed_value
from keras.backend.tensorflow.random import GeneratorStore
from keras.backend.tensorflow.random import MissingGenerators


def _higher_order_nodes(plan):
    """Gradient nodes whose results feed another gradient's loss: their
    gradient computation must itself be recorded on the tape."""
    losses = [node.loss for node in plan.gradient_nodes]
    upstream = set(graph.ancestors(losses)) if losses else set()
    return set(node for node in plan.gradient_nodes
               if any(out in upstream for out in node.outputs))


def _snapshot(value):
    # A tf.Variable used as is would be read after the assignments.
    if isinstance(value, tf.Variable):
        return value.read_value()
    return value


class TFFunction(object):
    """Callable on a list of input values; returns numpy outputs.

    Args:
        compiled: False runs the lowering eagerly (K.eval).
    """

    def __init__(self, backend, plan, compiled=True):
        self.backend = backend
        self.plan = plan
        self.compiled = compiled
        # Later updates of one variable win, as applying them in order would.
        last = {}
        for i, (var, _) in enumerate(plan.updates):
            last[var] = i
        self.updated = list(last)
        self.update_order = [last[var] for var in self.updated]
        self.feed_tensors = [t for i, t in enumerate(plan.inputs)
                             if i != plan.learning_phase_index]
        self.higher_order = _higher_order_nodes(plan)
        self.generators = GeneratorStore()
        self.traces = 0
        self._traced = {}

    def lower(self, phase, feed_values):
        """Evaluates the plan on backend values and assigns the updates;
        returns the outputs."""
        plan = self.plan
        backend = self.backend
        lowering = graph.Lowering(backend, watched=plan.watched,
                                  learning_phase=phase, rng=self.generators)
        lowering.state['higher_order'] = self.higher_order
        # A persistent tape keeps every intermediate alive and makes
        # tf.function trace a costlier graph; only several gradients (or
        # a gradient of a gradient) need one.
        persistent = len(plan.gradient_nodes) > 1 or bool(self.higher_order)
        tape = tf.GradientTape(persistent=persistent) \
            if plan.gradient_nodes else contextlib.nullcontext()
        with tape:
            if plan.gradient_nodes:
                lowering.state['tape'] = tape
            for tensor, value in zip(self.feed_tensors, feed_values):
                lowering.store(tensor, tf.convert_to_tensor(value))
            outputs = lowering.evaluate(plan.outputs)
            new_values = lowering.evaluate(plan.update_values)
        outputs = [_snapshot(v) for v in outputs]
        new_values = [backend.cast(_snapshot(new_values[i]), var.dtype)
                      for var, i in zip(self.updated, self.update_order)]
        for var, value in zip(self.updated, new_values):
            var.storage.assign(value)
        self.traces += 1  # completed lowerings: traces, or eager runs
        return outputs

    def _compiled(self, phase):
        fn = self._traced.get(phase)
        if fn is None:
            # autograph off: the lowering is plain Python whose branches
            # are all decided at tracing.
            signature = [tf.TensorSpec(t.shape, t.dtype)
                         for t in self.feed_tensors]
            fn = tf.function(functools.partial(self._lower_feeds, phase),
                             input_signature=signature, autograph=False)
            self._traced[phase] = fn
        return fn

    def _lower_feeds(self, phase, *feed_values):
        return self.lower(phase, feed_values)

    def __call__(self, values):
        plan = self.plan
        feeds, phase = plan.split_feeds(values)
        feed_values = [feed_value(self.backend, t, v) for t, v in feeds]
        if not self.compiled:
            outputs = self.lower(phase, feed_values)
        else:
            fn = self._compiled(phase)
            while True:
                try:
                    outputs = fn(*feed_values)
                    break
                except MissingGenerators:
                    if not self.generators.missing:
                        raise
                    self.generators.make_missing()
        return plan.pack([_to_numpy(v) for v in outputs])


def _to_numpy(value):
    # .numpy() of a scalar is a numpy scalar; outputs are arrays.
    if isinstance(value, (tf.Tensor, tf.Variable)):
        value = value.numpy()
    return np.asarray(value)
