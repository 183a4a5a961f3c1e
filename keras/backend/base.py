"""What all backend classes share: variables kept as backend arrays, and
eager lowering of a GraphPlan (numpy, torch)."""
import contextlib

import numpy as np

from keras.backend.symbolic import graph
from keras.backend.symbolic.devices import parse_device_name
from keras.backend.symbolic.function import GraphPlan
from keras.backend.symbolic.function import check_function_kwargs
from keras.backend.symbolic.function import feed_value
from keras.backend.symbolic.tensor import standard_dtype

def int_tuple(shape):
    """A shape given as a tuple, list or array of ints, as a tuple of ints.
    """
    return tuple(int(s) for s in np.asarray(shape).reshape(-1))


BACKENDS_THAT_TRAIN = ('jax', 'tensorflow', 'torch', 'theano')


class Backend(object):
    """Base of the backend classes. Subclasses set `name` and implement the
    primitives (see keras/backend/numpylike for the list)."""
    name = None
    # Theano computed true convolutions (kernels flipped along their spatial
    # axes); the theano backend keeps that convention, the others correlate.
    flips_kernels = False

    def __init__(self):
        self.seeded_generators = {}

    # Values.
    def is_native(self, x):
        raise NotImplementedError

    def to_numpy(self, x):
        return np.asarray(x)

    def dtype_name(self, x):
        """The dtype of a backend value as a name such as 'float32'."""
        return standard_dtype(x.dtype)

    # Variables: `storage` holds the backend's array by default.
    def make_variable(self, value, dtype, name, trainable=True):
        return self.convert(value, dtype)

    def read_variable(self, variable):
        return variable.storage

    def assign(self, variable, value):
        variable.storage = self.cast(self.convert(value), variable.dtype)

    def get_value(self, variable):
        return np.array(self.to_numpy(variable.storage))

    # Autodiff.
    def watch(self, lowering, value):
        return value

    def lower_gradients(self, lowering, node):
        raise NotImplementedError(
            'The %s backend cannot compute gradients. Backends that can: %s.'
            % (self.name, ', '.join(BACKENDS_THAT_TRAIN)))

    # Device placement (symbolic/devices.py). The default, for backends
    # with one device (numpy, theano), runs everything where it is.
    def placement(self, device_name):
        """The context the ops of a node placed on `device_name` run in.
        """
        self.check_device(device_name)
        return contextlib.nullcontext()

    def check_device(self, device_name):
        kind, index = parse_device_name(device_name)
        count = self.device_count(kind)
        if index >= count:
            raise ValueError('Cannot place ops on %s: the %s backend has %d '
                             '%s device(s).' % (device_name, self.name,
                                                count, kind.upper()))

    def to_device(self, values, device_name):
        """`values` (a structure of backend values) where the ops placed
        on `device_name` can read them."""
        return values

    def device_count(self, kind):
        """How many devices of `kind` ('cpu' or 'gpu') the backend can
        place ops on."""
        return 1 if kind == 'cpu' else 0

    # Compilation.
    def run_context(self, plan):
        """The context eager lowering of `plan` runs in (torch: grad mode).
        """
        return contextlib.nullcontext()

    def function(self, inputs, outputs, updates=None, **kwargs):
        check_function_kwargs(kwargs, self.name)
        return EagerFunction(self, GraphPlan(inputs, outputs, updates))

    def evaluate(self, tensors):
        """Values of `tensors` as numpy arrays, for K.eval."""
        plan = GraphPlan([], list(tensors))
        return EagerFunction(self, plan)([])


class EagerFunction(object):
    """Runs a GraphPlan op by op on the backend (numpy, torch)."""

    def __init__(self, backend, plan):
        self.backend = backend
        self.plan = plan
        self.rng = {}

    def __call__(self, values):
        plan = self.plan
        feeds, phase = plan.split_feeds(values)
        backend = self.backend
        feed_dict = {t: backend.convert(feed_value(backend, t, v))
                     for t, v in feeds}
        lowering = graph.Lowering(backend, feed_dict, watched=plan.watched,
                                  learning_phase=phase, rng=self.rng)
        with backend.run_context(plan):
            lowering.evaluate(plan.ordered_outputs())
            new_values = lowering.evaluate(plan.update_values)
            outputs = [backend.to_numpy(v) for v in
                       lowering.evaluate(plan.outputs)]
            for (var, _), value in zip(plan.updates, new_values):
                backend.assign(var, value)
        return plan.pack(outputs)
