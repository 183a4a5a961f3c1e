"""Layer: the base class of every layer (and, through Network, of models).

A layer holds weights, and when called on symbolic tensors it records a
`Node` linking the tensors' producing layers to itself, so that networks
can be built from the calls.
"""
import re
import sys

import numpy as np

from keras import backend as K
from keras import initializers
from keras.engine.input_spec import InputSpec  # noqa: F401
from keras.engine.node import Node
from keras.utils.argument_validation import check_int
from keras.utils.argument_validation import check_shape
from keras.utils.generic_utils import has_arg
from keras.utils.generic_utils import is_all_none
from keras.utils.generic_utils import object_list_uid
from keras.utils.generic_utils import to_list
from keras.utils.generic_utils import unpack_singleton
from keras.utils.layer_utils import count_params

try:
    from keras.legacy import interfaces
except ImportError:  # pragma: no cover - the legacy module is optional
    interfaces = None

__all__ = ['InputSpec', 'Layer', 'Node']

_ALLOWED_KWARGS = frozenset(['input_shape', 'batch_input_shape', 'batch_size',
                             'dtype', 'name', 'trainable', 'weights',
                             'input_dtype'])


def _legacy(decorator_name):
    """The keras.legacy.interfaces decorator of that name, or a no-op."""
    decorator = getattr(interfaces, decorator_name, None)
    return decorator if decorator is not None else (lambda fn: fn)


def _to_snake_case(name):
    words = re.sub('(.)([A-Z][a-z0-9]+)', r'\1_\2', name)
    snake = re.sub('([a-z])([A-Z])', r'\1_\2', words).lower()
    # Names starting with '_' (private classes) are not valid scope names.
    return snake if not snake.startswith('_') else 'private' + snake


def _normalize_shape(shape):
    """A shape as a tuple of Python ints and Nones: compute_output_shape
    may return lists or NumPy integers."""
    if not isinstance(shape, (tuple, list)):
        return shape
    if any(isinstance(d, (tuple, list)) for d in shape):
        return [_normalize_shape(s) for s in shape]
    return tuple(None if d is None else int(d) for d in shape)


def _shapes_per_tensor(shapes, count):
    """One normalized shape per tensor, from a single shape or a list."""
    if count == 1:
        return [_normalize_shape(shapes)]
    if isinstance(shapes, (list, tuple)) and len(shapes) == count:
        return [_normalize_shape(s) for s in shapes]
    return [None] * count


def _set_attribute(tensor, name, value):
    try:
        setattr(tensor, name, value)
    except AttributeError:
        pass  # native backend values (jax arrays) take no attributes


def _metric_class():
    """keras.metrics.Metric if that module is loaded (it imports us)."""
    metrics = sys.modules.get('keras.metrics')
    return getattr(metrics, 'Metric', None)


def _unique(objects):
    """`objects` without repeats (by identity), in first-seen order."""
    seen = set()
    result = []
    for obj in objects:
        if id(obj) not in seen:
            seen.add(id(obj))
            result.append(obj)
    return result


class Layer(object):
    """Abstract base layer class.

    Subclasses implement `build(input_shape)` (create weights with
    `add_weight`), `call(inputs, **kwargs)` (the computation, with K ops),
    `compute_output_shape(input_shape)` (when the shape changes) and
    `get_config()` (the constructor arguments).

    Keyword args (the only ones accepted):
        input_shape: shape tuple without the batch axis; a layer given one
            can be the first layer of a Sequential model.
        batch_input_shape: shape tuple with the batch axis.
        batch_size: the batch size that goes with `input_shape`.
        dtype: dtype of the layer's weights (and input, for a first layer).
        name: unique name; defaults to the snake-cased class name + '_N'.
        trainable: whether the weights are updated by training.
        weights: initial weight values (list of NumPy arrays).
        input_dtype: Keras 1 name of `dtype`.

    Attributes:
        name, trainable, built, input_spec, supports_masking, stateful,
        weights, trainable_weights, non_trainable_weights, losses, updates,
        input, output, input_shape, output_shape, and their `_at(i)`
        variants for layers called several times.
    """

    def __init__(self, **kwargs):
        self.input_spec = None
        self.supports_masking = False
        self.stateful = False
        self._trainable_weights = []
        self._non_trainable_weights = []
        self._losses = []
        self._updates = []
        self._per_input_losses = {}
        self._per_input_updates = {}
        self._built = False
        self._metrics = []
        self._inbound_nodes = []
        self._outbound_nodes = []
        self._in_call_scope = False

        for kwarg in kwargs:
            if kwarg not in _ALLOWED_KWARGS:
                raise TypeError('Keyword argument not understood:', kwarg)
        name = kwargs.get('name')
        if not name:
            prefix = self.__class__.__name__
            name = _to_snake_case(prefix) + '_' + str(K.get_uid(prefix))
        self.name = name
        self.trainable = kwargs.get('trainable', True)
        owner = self.__class__.__name__
        if kwargs.get('batch_input_shape') is not None:
            self.batch_input_shape = check_shape(
                kwargs['batch_input_shape'], 'batch_input_shape', owner)
        elif kwargs.get('input_shape') is not None:
            batch_size = kwargs.get('batch_size')
            if batch_size is not None:
                batch_size = check_int(batch_size, 'batch_size', owner)
            self.batch_input_shape = (batch_size,) + check_shape(
                kwargs['input_shape'], 'input_shape', owner)
        dtype = kwargs.get('dtype') or kwargs.get('input_dtype')
        self.dtype = dtype or K.floatx()
        self._initial_weights = kwargs.get('weights')

    # Attribute tracking: layers, metrics and variables assigned to
    # attributes of a layer belong to it (their weights count as its own).

    def __setattr__(self, name, value):
        metric_class = _metric_class()
        if metric_class is not None and isinstance(value, metric_class):
            self.__dict__.setdefault('_metrics', [])
            if not any(value is m for m in self._metrics):
                self._metrics.append(value)
        elif isinstance(value, Layer):
            self.__dict__.setdefault('_layers', [])
            if not any(value is layer for layer in self._layers):
                self._layers.append(value)
        elif K.is_variable(value):
            trainable = self.__dict__.setdefault('_trainable_weights', [])
            frozen = self.__dict__.setdefault('_non_trainable_weights', [])
            if not any(value is w for w in trainable + frozen):
                if getattr(value, 'trainable', True):
                    trainable.append(value)
                else:
                    frozen.append(value)
        object.__setattr__(self, name, value)

    @property
    def built(self):
        return self._built

    @built.setter
    def built(self, value):
        self._built = value

    # Weights.

    @_legacy('legacy_add_weight_support')
    def add_weight(self, name=None, shape=None, dtype=None, initializer=None,
                   regularizer=None, trainable=True, constraint=None):
        """Creates a weight variable of the layer.

        Args:
            name: the weight's name (prefixed by the layer's name).
            shape: shape tuple; () for a scalar.
            dtype: defaults to the layer's dtype.
            initializer: name, instance or callable `(shape, dtype)`.
            regularizer: callable whose penalty joins the layer's losses.
            trainable: False puts the weight among the non-trainable ones.
            constraint: projection applied by optimizers after updates.

        Returns:
            The variable.
        """
        if shape is None:
            shape = ()
        initializer = initializers.get(initializer)
        dtype = dtype or self.dtype
        if self._in_call_scope:
            weight = self._make_variable(initializer, shape, dtype, name,
                                         constraint)
        else:
            with K.name_scope(self.name):
                weight = self._make_variable(initializer, shape, dtype, name,
                                             constraint)
        weight.trainable = trainable
        if regularizer is not None:
            with K.name_scope('weight_regularizer'):
                self.add_loss(regularizer(weight))
        if trainable:
            self._trainable_weights.append(weight)
        else:
            self._non_trainable_weights.append(weight)
        return weight

    @staticmethod
    def _make_variable(initializer, shape, dtype, name, constraint):
        value = initializer(tuple(shape), dtype=dtype)
        return K.variable(value, dtype=dtype, name=name,
                          constraint=constraint)

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        weights = list(self._trainable_weights)
        for layer in getattr(self, '_layers', []):
            weights += layer.trainable_weights
        return _unique(weights)

    @trainable_weights.setter
    def trainable_weights(self, weights):
        self._trainable_weights = list(weights)

    @property
    def non_trainable_weights(self):
        sublayers = getattr(self, '_layers', [])
        if self.trainable:
            weights = list(self._non_trainable_weights)
            for layer in sublayers:
                weights += layer.non_trainable_weights
        else:
            weights = (list(self._trainable_weights) +
                       list(self._non_trainable_weights))
            for layer in sublayers:
                weights += layer.weights
        return _unique(weights)

    @non_trainable_weights.setter
    def non_trainable_weights(self, weights):
        self._non_trainable_weights = list(weights)

    @property
    def weights(self):
        return self.trainable_weights + self.non_trainable_weights

    def get_weights(self):
        """The weight values, as a list of NumPy arrays."""
        return K.batch_get_value(self.weights)

    def set_weights(self, weights):
        """Sets the weight values from a list of NumPy arrays, in the order
        of `get_weights()`.

        Raises:
            ValueError: if the count or a shape does not match.
        """
        params = self.weights
        if len(params) != len(weights):
            raise ValueError('You called `set_weights(weights)` on layer "' +
                             self.name + '" with a  weight list of length ' +
                             str(len(weights)) + ', but the layer was '
                             'expecting ' + str(len(params)) +
                             ' weights. Provided weights: ' +
                             str(weights)[:50] + '...')
        if not params:
            return
        pairs = []
        for param, value in zip(params, weights):
            value_shape = tuple(np.shape(value))
            param_shape = tuple(K.int_shape(param))
            if param_shape != value_shape:
                raise ValueError('Layer weight shape ' +
                                 str(param_shape) +
                                 ' not compatible with provided weight '
                                 'shape ' + str(value_shape) + ' (layer "' +
                                 self.name + '", weight "' + param.name +
                                 '").')
            pairs.append((param, value))
        K.batch_set_value(pairs)

    def count_params(self):
        """The number of scalars in the layer's weights.

        Raises:
            RuntimeError: if the layer is not built yet.
        """
        if not self.built:
            if self.__class__.__name__ == 'Sequential':
                self.build()
            else:
                raise RuntimeError('You tried to call `count_params` on ' +
                                   self.name + ', but the layer isn\'t '
                                   'built. You can build it manually via: `' +
                                   self.name + '.build(batch_input_shape)`.')
        return count_params(self.weights)

    # The computation.

    def build(self, input_shape):
        """Creates the weights; `input_shape` is a tuple (a list of tuples
        for several inputs)."""
        self.built = True

    def call(self, inputs, **kwargs):
        """The layer's logic: returns `inputs` unchanged by default."""
        return inputs

    def compute_output_shape(self, input_shape):
        """The output shape for `input_shape`; the same by default."""
        return input_shape

    def compute_mask(self, inputs, mask=None):
        """The output mask: None, or the input mask if masking is supported.

        Raises:
            TypeError: if given a mask while masking is not supported.
        """
        if not self.supports_masking:
            if mask is not None and not is_all_none(mask):
                raise TypeError('Layer ' + self.name + ' does not support '
                                'masking, but was passed an input_mask: ' +
                                str(mask))
            return None
        return mask

    def __call__(self, inputs, **kwargs):
        """Applies the layer to symbolic tensors, recording a Node.

        Builds the layer first if needed (from the inputs' static shapes),
        checks the inputs against `input_spec`, propagates masks and stamps
        `_keras_shape`, `_keras_history` and `_uses_learning_phase` on the
        outputs.
        """
        if isinstance(inputs, list):
            inputs = inputs[:]
        with K.name_scope(self.name):
            self._in_call_scope = True
            try:
                if not self.built:
                    self.assert_input_compatibility(inputs)
                    shapes = [K.int_shape(x) for x in to_list(inputs)]
                    self.build(unpack_singleton(shapes))
                    self.built = True
                    if self._initial_weights is not None:
                        self.set_weights(self._initial_weights)
            finally:
                self._in_call_scope = False
            self.assert_input_compatibility(inputs)

            previous_mask = _collect_previous_mask(inputs)
            user_kwargs = dict(kwargs)
            if not is_all_none(previous_mask) and has_arg(self.call, 'mask'):
                kwargs.setdefault('mask', previous_mask)
            input_shape = _collect_input_shape(inputs)
            output = self.call(inputs, **kwargs)
            output_mask = self.compute_mask(inputs, previous_mask)

            outputs = to_list(output)
            input_list = to_list(inputs)
            # An output that is one of the inputs would get this layer's
            # history stamped over its own: copy it.
            outputs = [K.identity(x) if any(x is i for i in input_list)
                       else x for x in outputs]
            output = unpack_singleton(outputs)

            if all(s is not None for s in to_list(input_shape)):
                output_shape = self.compute_output_shape(input_shape)
            elif isinstance(input_shape, list):
                output_shape = [None] * len(input_shape)
            else:
                output_shape = None
            if not isinstance(output_mask, (list, tuple)) and len(outputs) > 1:
                output_mask = [output_mask] * len(outputs)

            self._add_inbound_node(input_tensors=inputs,
                                   output_tensors=output,
                                   input_masks=previous_mask,
                                   output_masks=output_mask,
                                   input_shapes=input_shape,
                                   output_shapes=output_shape,
                                   arguments=user_kwargs)

            regularizer = getattr(self, 'activity_regularizer', None)
            if regularizer is not None:
                with K.name_scope('activity_regularizer'):
                    penalties = [regularizer(x) for x in outputs]
                self.add_loss(penalties, inputs=input_list)
        return output

    def _add_inbound_node(self, input_tensors, output_tensors, input_masks,
                          output_masks, input_shapes, output_shapes,
                          arguments=None):
        """Records a call as a Node and stamps the outputs with its history.
        """
        input_tensors = to_list(input_tensors)
        output_tensors = to_list(output_tensors)
        input_masks = to_list(input_masks)
        output_masks = to_list(output_masks)
        input_shapes = _shapes_per_tensor(input_shapes, len(input_tensors))
        output_shapes = _shapes_per_tensor(output_shapes,
                                           len(output_tensors))

        inbound_layers = []
        node_indices = []
        tensor_indices = []
        for x in input_tensors:
            history = getattr(x, '_keras_history', (None, None, None))
            inbound_layers.append(history[0])
            node_indices.append(history[1])
            tensor_indices.append(history[2])

        Node(self, inbound_layers=inbound_layers, node_indices=node_indices,
             tensor_indices=tensor_indices, input_tensors=input_tensors,
             output_tensors=output_tensors, input_masks=input_masks,
             output_masks=output_masks, input_shapes=input_shapes,
             output_shapes=output_shapes, arguments=arguments)

        uses_learning_phase = (
            any(getattr(x, '_uses_learning_phase', False)
                for x in input_tensors) or
            getattr(self, 'uses_learning_phase', False))
        node_index = len(self._inbound_nodes) - 1
        for i, (x, shape) in enumerate(zip(output_tensors, output_shapes)):
            if shape is not None:
                _set_attribute(x, '_keras_shape', shape)
            _set_attribute(x, '_uses_learning_phase',
                           getattr(x, '_uses_learning_phase', False) or
                           uses_learning_phase)
            _set_attribute(x, '_keras_history', (self, node_index, i))

    def assert_input_compatibility(self, inputs):
        """Checks `inputs` against `self.input_spec`.

        Raises:
            ValueError: naming the layer, the input index, and what was
                expected and found.
        """
        inputs = to_list(inputs)
        for x in inputs:
            try:
                K.is_keras_tensor(x)
            except ValueError:
                raise ValueError('Layer ' + self.name + ' was called with an '
                                 'input that isn\'t a symbolic tensor. '
                                 'Received type: ' + str(type(x)) +
                                 '. Full input: ' + str(inputs) +
                                 '. All inputs to the layer should be '
                                 'tensors.')
        if not self.input_spec:
            return
        specs = to_list(self.input_spec, allow_tuple=True)
        if len(inputs) != len(specs):
            raise ValueError('Layer ' + self.name + ' expects ' +
                             str(len(specs)) + ' inputs, but it received ' +
                             str(len(inputs)) + ' input tensors. Input '
                             'received: ' + str(inputs))
        for index, (x, spec) in enumerate(zip(inputs, specs)):
            if spec is not None:
                self._check_spec(index, x, spec)

    def _check_spec(self, index, x, spec):
        prefix = ('Input ' + str(index) + ' is incompatible with layer ' +
                  self.name + ': ')
        rank = K.ndim(x)
        if spec.ndim is not None and rank != spec.ndim:
            raise ValueError(prefix + 'expected ndim=' + str(spec.ndim) +
                             ', found ndim=' + str(rank))
        if spec.max_ndim is not None and rank > spec.max_ndim:
            raise ValueError(prefix + 'expected max_ndim=' +
                             str(spec.max_ndim) + ', found ndim=' + str(rank))
        if spec.min_ndim is not None and rank < spec.min_ndim:
            raise ValueError(prefix + 'expected min_ndim=' +
                             str(spec.min_ndim) + ', found ndim=' + str(rank))
        if spec.dtype is not None and K.dtype(x) != spec.dtype:
            raise ValueError(prefix + 'expected dtype=' + str(spec.dtype) +
                             ', found dtype=' + str(K.dtype(x)))
        shape = K.int_shape(x)
        for axis, value in (spec.axes or {}).items():
            if value is not None and shape[int(axis)] not in (value, None):
                raise ValueError(prefix + 'expected axis ' + str(axis) +
                                 ' of input shape to have value ' +
                                 str(value) + ' but got shape ' + str(shape))
        if spec.shape is not None:
            for expected, found in zip(spec.shape, shape):
                if (expected is not None and found is not None and
                        expected != found):
                    raise ValueError(prefix + 'expected shape=' +
                                     str(spec.shape) + ', found shape=' +
                                     str(shape))

    # Losses and updates.

    def add_loss(self, losses, inputs=None):
        """Adds loss tensors, conditional on `inputs` (None: unconditional,
        e.g. weight regularization)."""
        if losses is None or (isinstance(losses, list) and not losses):
            return
        losses = to_list(losses)
        self._losses += losses
        key = self._inputs_key(inputs)
        self._per_input_losses.setdefault(key, [])
        self._per_input_losses[key] += losses

    def add_update(self, updates, inputs=None):
        """Adds update ops (K.update results or (variable, value) pairs),
        conditional on `inputs` (None: unconditional)."""
        if updates is None or (isinstance(updates, list) and not updates):
            return
        updates = to_list(updates)
        self._updates += updates
        key = self._inputs_key(inputs)
        self._per_input_updates.setdefault(key, [])
        self._per_input_updates[key] += updates

    @staticmethod
    def _inputs_key(inputs):
        if inputs is None or (isinstance(inputs, list) and not inputs):
            return None
        return object_list_uid(inputs)

    def get_updates_for(self, inputs):
        """The updates added for exactly these inputs (None: the
        unconditional ones, sub-layers' included)."""
        if not self.trainable and not self.stateful:
            return []
        key = self._inputs_key(inputs)
        updates = list(self._per_input_updates.get(key, []))
        if key is None:
            for layer in getattr(self, '_layers', []):
                updates += layer.get_updates_for(None)
        return updates

    def get_losses_for(self, inputs):
        """The losses added for exactly these inputs (None: the
        unconditional ones, sub-layers' included)."""
        key = self._inputs_key(inputs)
        losses = list(self._per_input_losses.get(key, []))
        if key is None:
            for layer in getattr(self, '_layers', []):
                losses += layer.get_losses_for(None)
        return losses

    @property
    def losses(self):
        losses = list(self._losses)
        for layer in getattr(self, '_layers', []):
            losses += layer.losses
        return losses

    @property
    def updates(self):
        if not self.trainable and not self.stateful:
            return []
        updates = list(self._updates)
        for layer in getattr(self, '_layers', []):
            updates += layer.updates
        return updates

    def add_metric(self, value, name=None):
        """Tracks a metric tensor: its mean over the batches is reported
        under `name` during training."""
        if any(getattr(m, 'name', None) == name for m in self._metrics):
            return
        metric = getattr(value, '_metric_obj', None)
        if metric is None:
            from keras import metrics as metrics_module
            metric = metrics_module.Mean(name=name, dtype=K.dtype(value))
            metric(value)
        self._metrics.append(metric)

    @property
    def metrics(self):
        metrics = list(self._metrics)
        for layer in getattr(self, '_layers', []):
            metrics += layer.metrics
        return metrics

    # Configuration.

    def get_config(self):
        """The constructor arguments, as a JSON-serialisable dict."""
        config = {'name': self.name, 'trainable': self.trainable}
        if hasattr(self, 'batch_input_shape'):
            config['batch_input_shape'] = self.batch_input_shape
        if hasattr(self, 'dtype'):
            config['dtype'] = self.dtype
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    # Connectivity.

    def _get_node_attribute_at_index(self, node_index, attr, attr_name):
        if not self._inbound_nodes:
            raise RuntimeError('The layer has never been called and thus has '
                               'no defined ' + attr_name + '.')
        if not len(self._inbound_nodes) > node_index:
            raise ValueError('Asked to get ' + attr_name + ' at node ' +
                             str(node_index) + ', but the layer has only ' +
                             str(len(self._inbound_nodes)) +
                             ' inbound nodes.')
        return unpack_singleton(getattr(self._inbound_nodes[node_index],
                                        attr))

    def get_input_shape_at(self, node_index):
        return self._get_node_attribute_at_index(node_index, 'input_shapes',
                                                 'input shape')

    def get_output_shape_at(self, node_index):
        return self._get_node_attribute_at_index(node_index, 'output_shapes',
                                                 'output shape')

    def get_input_at(self, node_index):
        return self._get_node_attribute_at_index(node_index, 'input_tensors',
                                                 'input')

    def get_output_at(self, node_index):
        return self._get_node_attribute_at_index(node_index, 'output_tensors',
                                                 'output')

    def get_input_mask_at(self, node_index):
        return self._get_node_attribute_at_index(node_index, 'input_masks',
                                                 'input mask')

    def get_output_mask_at(self, node_index):
        return self._get_node_attribute_at_index(node_index, 'output_masks',
                                                 'output mask')

    def _single_node_attribute(self, attr, attr_name, method):
        if len(self._inbound_nodes) > 1:
            raise AttributeError('Layer ' + self.name + ' has multiple '
                                 'inbound nodes, hence the notion of "' +
                                 attr_name + '" is ill-defined. Use `' +
                                 method + '(node_index)` instead.')
        return self._get_node_attribute_at_index(0, attr, attr_name)

    @property
    def input(self):
        if not self._inbound_nodes:
            raise AttributeError('Layer ' + self.name + ' is not connected, '
                                 'no input to return.')
        return self._single_node_attribute('input_tensors', 'layer input',
                                           'get_input_at')

    @property
    def output(self):
        if not self._inbound_nodes:
            raise AttributeError('Layer ' + self.name + ' has no inbound '
                                 'nodes.')
        return self._single_node_attribute('output_tensors', 'layer output',
                                           'get_output_at')

    @property
    def input_mask(self):
        return self._single_node_attribute('input_masks', 'layer input mask',
                                           'get_input_mask_at')

    @property
    def output_mask(self):
        return self._single_node_attribute('output_masks',
                                           'layer output mask',
                                           'get_output_mask_at')

    def _shared_shape(self, attr, kind, method):
        if not self._inbound_nodes:
            raise AttributeError('The layer has never been called and thus '
                                 'has no defined ' + kind + ' shape.')
        shapes = set(str(getattr(node, attr)) for node in self._inbound_nodes)
        if len(shapes) != 1:
            raise AttributeError('The layer "' + str(self.name) + '" has '
                                 'multiple inbound nodes, with different ' +
                                 kind + ' shapes. Hence the notion of "' +
                                 kind + ' shape" is ill-defined for the '
                                 'layer. Use `' + method + '(node_index)` '
                                 'instead.')
        return unpack_singleton(getattr(self._inbound_nodes[0], attr))

    @property
    def input_shape(self):
        return self._shared_shape('input_shapes', 'input',
                                  'get_input_shape_at')

    @property
    def output_shape(self):
        return self._shared_shape('output_shapes', 'output',
                                  'get_output_shape_at')


def _collect_previous_mask(input_tensors):
    """The masks the inputs' producing layers computed (None where none)."""
    masks = []
    for x in to_list(input_tensors):
        history = getattr(x, '_keras_history', None)
        if history is None:
            masks.append(None)
            continue
        layer, node_index, tensor_index = history
        masks.append(layer._inbound_nodes[node_index]
                     .output_masks[tensor_index])
    return unpack_singleton(masks)


def _collect_input_shape(input_tensors):
    shapes = []
    for x in to_list(input_tensors):
        try:
            shapes.append(K.int_shape(x))
        except (TypeError, AttributeError):
            shapes.append(None)
    return unpack_singleton(shapes)
