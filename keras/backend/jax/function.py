"""A K.function lowered inside jax.jit.

The jitted function is pure: it takes the values of every variable the
graph reads (those it updates are donated) and returns the outputs and the
new values, which are written back to the variables after the call.
"""
import jax
import numpy as np

from keras.backend.jax.random import KeyStream
from keras.backend.jax.sharding import batch_sharding
from keras.backend.jax.random import fresh_key_data
from keras.backend.symbolic import graph
from keras.backend.symbolic.function import feed_value
from keras.backend.symbolic.tensor import KerasTensor


def _has_host_only_nodes(plan):
    roots = [t for t in plan.outputs + plan.update_values
             if isinstance(t, KerasTensor)]
    return any(t.node is not None and t.node.host_only
               for t in graph.ancestors(roots, stop=plan.inputs))


class JaxFunction(object):

    def __init__(self, backend, plan, jit=True):
        self.backend = backend
        self.plan = plan
        updated = []
        for var, _ in plan.updates:
            if var not in updated:
                updated.append(var)
        self.updated = updated
        self.read_only = [v for v in plan.variables if v not in updated]
        # Later updates of one variable win, as applying them in order would.
        last = {}
        for i, (var, _) in enumerate(plan.updates):
            last[var] = i
        self.update_order = [last[var] for var in updated]
        self._feed_tensors = [t for i, t in enumerate(plan.inputs)
                              if i != plan.learning_phase_index]
        self.calls = 0
        self._jitted = {}
        # jax.jit needs every shape at tracing: a graph with an op whose
        # output sizes depend on values (graph.HostOnlyNode: CTC decoding,
        # sparse indices) runs op by op on concrete arrays instead.
        self.jit = jit and not _has_host_only_nodes(plan)
        # Ops recorded on several devices (multi_gpu_model): the batch is
        # sharded over them (sharding.py).
        self.sharding = batch_sharding(plan) if self.jit else None

    def _pure(self, phase, updated_values, read_only_values, feed_values,
              key_data, call_index):
        plan = self.plan
        feeds = dict(zip(self.updated, updated_values))
        feeds.update(zip(self.read_only, read_only_values))
        feeds.update(zip(self._feed_tensors, feed_values))
        rng = KeyStream(jax.random.PRNGKey(key_data), call_index)
        lowering = graph.Lowering(self.backend, feeds, learning_phase=phase,
                                  rng=rng)
        lowering.evaluate(plan.ordered_outputs())
        outputs = lowering.evaluate(plan.outputs)
        new_values = lowering.evaluate(plan.update_values)
        new_values = [self.backend.cast(new_values[i], var.dtype)
                      for var, i in zip(self.updated, self.update_order)]
        return outputs, new_values

    def _compiled(self, phase):
        fn = self._jitted.get(phase)
        if fn is None:
            def pure(*args):
                return self._pure(phase, *args)
            fn = jax.jit(pure, donate_argnums=(0,)) if self.jit else pure
            self._jitted[phase] = fn
        return fn

    def __call__(self, values):
        plan = self.plan
        feeds, phase = plan.split_feeds(values)
        feed_values = [feed_value(self.backend, t, v) for t, v in feeds]
        fn = self._compiled(phase)
        updated = [v.storage for v in self.updated]
        read_only = [v.storage for v in self.read_only]
        sharding = self.sharding
        if sharding is not None:
            updated = [sharding.variable(v) for v in updated]
            read_only = [sharding.variable(v) for v in read_only]
            feed_values = [sharding.feed(v) for v in feed_values]
        outputs, new_values = fn(updated, read_only, feed_values,
                                 fresh_key_data(), np.int64(self.calls))
        if sharding is not None:
            new_values = [sharding.returned(v) for v in new_values]
        self.calls += 1
        for var, value in zip(self.updated, new_values):
            var.storage = value
        return plan.pack([np.asarray(o) for o in outputs])
