"""What every backend's compiled function shares: normalising the
arguments of `K.function` and analysing the graph it must run."""
import numpy as np

from keras.backend.symbolic import graph
from keras.backend.symbolic import structure
from keras.backend.symbolic.tensor import KerasTensor
from keras.backend.symbolic.tensor import Variable


def normalize_updates(updates):
    """`(variable, new_value)` pairs from Keras 2's update forms: pairs,
    the tensors `K.update` returns, or nested lists of those."""
    pairs = []
    for update in updates or []:
        if isinstance(update, KerasTensor) and hasattr(update, '_update'):
            pairs.append(update._update)
        elif isinstance(update, (tuple, list)) and len(update) == 2 and \
                isinstance(update[0], Variable):
            pairs.append((update[0], update[1]))
        elif isinstance(update, (tuple, list)):
            pairs.extend(normalize_updates(update))
        else:
            raise ValueError('An update must be a (variable, new_value) pair '
                             'or the result of K.update/update_add/'
                             'update_sub; received %r.' % (update,))
    return pairs


class GraphPlan(object):
    """The inputs, outputs and updates of a K.function, analysed once.

    Attributes:
        inputs: tensors fed at call time, in order.
        outputs: flat list of output tensors.
        structure: nested structure to repack the outputs into.
        updates: list of (variable, new value) pairs.
        variables: every variable the graph reads.
        watched: tensors that gradients are taken with respect to.
        learning_phase_index: position of the learning phase among the
            inputs, or None. Its value is static: a Python int at lowering.
    """

    def __init__(self, inputs, outputs, updates=None):
        if not isinstance(inputs, (list, tuple)):
            raise TypeError('K.function expects a list of input tensors; '
                            'received %r.' % (inputs,))
        for x in inputs:
            if not isinstance(x, KerasTensor):
                raise TypeError('Inputs of K.function must be symbolic tensors '
                                '(K.placeholder, Input, K.learning_phase()); '
                                'received %r.' % (x,))
        self.inputs = list(inputs)
        self.structure = outputs
        self.outputs = structure.flatten(outputs)
        self.updates = normalize_updates(updates)
        self.update_values = [v for _, v in self.updates]
        needed = [t for t in self.outputs + self.update_values
                  if isinstance(t, KerasTensor)]
        all_tensors = graph.ancestors(needed, stop=self.inputs)
        self.variables = [t for t in all_tensors if isinstance(t, Variable)
                          and t not in self.inputs]
        for var, _ in self.updates:
            if var not in self.variables:
                self.variables.append(var)
        self.gradient_nodes = []
        # The devices ops are placed on (symbolic/devices.py), first seen
        # first.
        self.devices = []
        watched = set()
        for t in all_tensors:
            node = t.node
            if node is None:
                continue
            if node.kind == 'gradient' and node not in self.gradient_nodes:
                self.gradient_nodes.append(node)
                watched.update(node.wrt)
            if node.device is not None and node.device not in self.devices:
                self.devices.append(node.device)
        self.watched = watched
        self.learning_phase_index = None
        for i, x in enumerate(self.inputs):
            if graph.is_learning_phase(x):
                self.learning_phase_index = i

    def split_feeds(self, values):
        """(feeds for the non-phase inputs, static learning phase)."""
        if not isinstance(values, (list, tuple)):
            raise TypeError('A Keras function takes a list of input values; '
                            'received %s.' % type(values).__name__)
        if len(values) != len(self.inputs):
            raise ValueError('This function expects %d input values, '
                             'received %d.' % (len(self.inputs), len(values)))
        phase = 0
        feeds = []
        for i, (tensor, value) in enumerate(zip(self.inputs, values)):
            if i == self.learning_phase_index:
                phase = int(np.asarray(value).item())
            else:
                feeds.append((tensor, value))
        return feeds, phase

    def ordered_outputs(self):
        """Gradient nodes first, so that functional autodiff computes the
        forward pass once and the outputs reuse its values."""
        grads = [out for node in self.gradient_nodes for out in node.outputs
                 if out is not None]
        return grads + self.outputs + [v for v in self.update_values
                                       if isinstance(v, KerasTensor)]

    def pack(self, flat):
        it = iter(flat)
        return structure.map_structure(lambda _: next(it), self.structure)


def check_function_kwargs(kwargs, backend_name, allowed=('name',)):
    for key in kwargs:
        if key not in allowed:
            raise ValueError('Invalid argument "%s" passed to K.function with '
                             '%s backend. Accepted: %s.'
                             % (key, backend_name, ', '.join(allowed)))


def feed_value(backend, tensor, value):
    """A fed value checked against the placeholder's shape and cast to its
    dtype: a numpy array, or a native tensor if one was fed."""
    native = backend.is_native(value)
    array = value if native else np.asarray(value)
    shape = tuple(array.shape)
    if len(shape) != len(tensor.shape) and tensor.shape:
        raise ValueError('Error when feeding %r: expected an array of rank %d '
                         '(shape %s), received shape %s.'
                         % (tensor.name, len(tensor.shape), tensor.shape,
                            shape))
    for expected, got in zip(tensor.shape, shape):
        if expected is not None and expected != got:
            raise ValueError('Error when feeding %r: expected shape %s, '
                             'received shape %s.'
                             % (tensor.name, tensor.shape, shape))
    if native:
        return backend.cast(array, tensor.dtype)
    return array.astype(tensor.dtype, copy=False)
