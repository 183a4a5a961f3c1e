"""Network: a graph of layers that is itself a layer.

`Network(inputs, outputs)` records the layers and nodes that compute the
outputs from the inputs; calling the network on new tensors replays that
graph on them (so models can be nested). Subclasses that define `call`
without inputs/outputs are "subclassed" networks: their layers are the
layers assigned to their attributes.
"""
import json
import warnings

import numpy as np

from keras import backend as K
from keras.engine import network_graph
from keras.engine.hdf5_format import json_default
from keras.utils.io_utils import ask_to_proceed_with_overwrite  # noqa: F401
from keras.engine.base_layer import Layer
from keras.engine.base_layer import _legacy
from keras.engine.base_layer import _unique
from keras.engine.input_layer import InputLayer
from keras.engine.node import Node
from keras.utils.generic_utils import has_arg
from keras.utils.generic_utils import object_list_uid
from keras.utils.generic_utils import to_list
from keras.utils.generic_utils import unpack_singleton
from keras.utils.layer_utils import get_source_inputs  # noqa: F401
from keras.utils.layer_utils import print_summary as print_layer_summary

_NETWORK_KWARGS = frozenset(['name', 'trainable', 'dtype'])


class Network(Layer):
    """A directed acyclic graph of layers.

    `Network(inputs, outputs, name=None)`: `inputs` are tensors from
    `Input()` (one or a list), `outputs` tensors computed from them by
    layers. Keras 1's `input=` / `output=` keywords are accepted with a
    deprecation warning.
    """

    @_legacy('legacy_model_constructor')
    def __init__(self, *args, **kwargs):
        if (len(args) == 2 or (len(args) == 1 and 'outputs' in kwargs) or
                ('inputs' in kwargs and 'outputs' in kwargs)):
            self._init_graph_network(*args, **kwargs)
        else:
            self._init_subclassed_network(**kwargs)

    def _base_init(self, name=None, trainable=True, dtype=None, **kwargs):
        for kwarg in kwargs:
            if kwarg not in _NETWORK_KWARGS:
                raise TypeError('Keyword argument not understood:', kwarg)
        if not name:
            # Networks are named after the lower-cased class name, not the
            # snake-cased one: MyModel -> mymodel_1.
            prefix = self.__class__.__name__.lower()
            name = prefix + '_' + str(K.get_uid(prefix))
        Layer.__init__(self, name=name, trainable=trainable,
                       dtype=dtype or K.floatx())
        self._layers = []
        self._is_compiled = False
        self._expects_training_arg = has_arg(self.call, 'training')
        self.optimizer = None
        self.inputs = []
        self.outputs = []
        self._output_mask_cache = {}
        self._output_tensor_cache = {}
        self._output_shape_cache = {}

    def _init_subclassed_network(self, name=None, **kwargs):
        self._base_init(name=name, **kwargs)
        self._is_graph_network = False
        self.built = False

    def _init_graph_network(self, inputs, outputs, name=None, **kwargs):
        self._base_init(name=name, **kwargs)
        self._is_graph_network = True
        self._uses_inputs_arg = True
        self.inputs = to_list(inputs, allow_tuple=True)
        self.outputs = to_list(outputs, allow_tuple=True)
        for kind, tensors in (('inputs', self.inputs),
                              ('outputs', self.outputs)):
            if len(set(id(x) for x in tensors)) != len(tensors):
                raise ValueError('The list of ' + kind + ' passed to the '
                                 'model is redundant. All ' + kind +
                                 ' should only appear once. Found: ' +
                                 str(tensors))
        cls_name = self.__class__.__name__
        for x in self.inputs:
            if not hasattr(x, '_keras_history'):
                raise ValueError('Input tensors to a ' + cls_name + ' must '
                                 'come from `keras.layers.Input`. Received: ' +
                                 str(x) + ' (missing previous layer '
                                 'metadata).')
            layer = x._keras_history[0]
            if (len(layer._inbound_nodes) > 1 or
                    (layer._inbound_nodes and
                     layer._inbound_nodes[0].inbound_layers)):
                warnings.warn(cls_name + ' inputs must come from '
                              '`keras.layers.Input` (thus holding past layer '
                              'metadata), they cannot be the output of a '
                              'previous non-Input layer. Here, a tensor '
                              'specified as input to "' + self.name +
                              '" was not an Input tensor, it was generated '
                              'by layer ' + layer.name + '.\nNote that input '
                              'tensors are instantiated via `tensor = '
                              'keras.layers.Input(shape)`.\nThe tensor that '
                              'caused the issue was: ' + str(x.name))
        for x in self.outputs:
            if not hasattr(x, '_keras_history'):
                raise ValueError('Output tensors to a ' + cls_name + ' must '
                                 'be the output of a Keras `Layer` (thus '
                                 'holding past layer metadata). Found: ' +
                                 str(x))

        self._output_layers = []
        self._output_coordinates = []
        for x in self.outputs:
            layer, node_index, tensor_index = x._keras_history
            self._output_layers.append(layer)
            self._output_coordinates.append((layer, node_index, tensor_index))
        self._input_layers = []
        self._input_coordinates = []
        for x in self.inputs:
            layer, node_index, tensor_index = x._keras_history
            self._input_layers.append(layer)
            self._input_coordinates.append((layer, node_index, tensor_index))

        self.input_names = []
        self._feed_input_names = []
        self._feed_inputs = []
        self._feed_input_shapes = []
        for i, layer in enumerate(self._input_layers):
            if not isinstance(layer, InputLayer):
                raise TypeError('Input layers to a `Model` must be '
                                '`InputLayer` objects. Received inputs: {}. '
                                'Input {} (0-based) originates from layer '
                                'type `{}`.'.format(inputs, i,
                                                    layer.__class__.__name__))
            self.input_names.append(layer.name)
            if layer.is_placeholder:
                self._feed_input_names.append(layer.name)
                self._feed_inputs.append(layer.input)
                self._feed_input_shapes.append(K.int_shape(self.inputs[i]))
        self.output_names = [layer.name for layer in self._output_layers]
        self._internal_input_shapes = [K.int_shape(x) for x in self.inputs]
        self._internal_output_shapes = [K.int_shape(x) for x in self.outputs]

        (self._network_nodes, self._nodes_by_depth, self._layers,
         self._layers_by_depth) = network_graph.map_graph_network(
            self.inputs, self.outputs)

        input_masks = [None] * len(self.inputs)
        output_masks = []
        for layer, node_index, tensor_index in self._output_coordinates:
            node = layer._inbound_nodes[node_index]
            output_masks.append(node.output_masks[tensor_index])
        self.supports_masking = True
        self._output_mask_cache[self._cache_key(self.inputs, input_masks)] = \
            unpack_singleton(output_masks)
        # The node linking the internal inputs to the internal outputs: a
        # network's node 0, which `get_config` accounts for.
        Node(outbound_layer=self, inbound_layers=[], node_indices=[],
             tensor_indices=[], input_tensors=self.inputs,
             output_tensors=self.outputs, input_masks=input_masks,
             output_masks=output_masks,
             input_shapes=[K.int_shape(x) for x in self.inputs],
             output_shapes=[K.int_shape(x) for x in self.outputs])
        self.built = True

    def __setattr__(self, name, value):
        # The layers of a graph network are its graph's; only subclassed
        # networks collect the layers assigned to their attributes.
        if isinstance(value, Layer):
            if '_is_graph_network' not in self.__dict__:
                raise RuntimeError('It looks like you are subclassing `Model` '
                                   'and you forgot to call `super(YourClass, '
                                   'self).__init__()`. Always start with this '
                                   'line.')
            if self._is_graph_network:
                object.__setattr__(self, name, value)
                return
        super(Network, self).__setattr__(name, value)

    @staticmethod
    def _cache_key(inputs, masks):
        return object_list_uid(inputs) + '_' + object_list_uid(masks)

    @staticmethod
    def _node_key(layer, node_index):
        return network_graph.node_key(layer, node_index)

    # Layer properties computed from the layers.

    @property
    def layers(self):
        return self._layers

    @property
    def input_spec(self):
        """The specs of the input layers (None entries where they have
        none), so that calling the network checks the number of inputs."""
        if not self.__dict__.get('_is_graph_network'):
            return None
        specs = []
        for layer in self._input_layers:
            specs.extend(to_list(layer.input_spec))
        return unpack_singleton(specs)

    @input_spec.setter
    def input_spec(self, value):
        pass  # derived from the input layers

    @property
    def stateful(self):
        return any(getattr(layer, 'stateful', False) for layer in self.layers)

    @stateful.setter
    def stateful(self, value):
        pass  # derived from the layers

    def reset_states(self):
        for layer in self.layers:
            if hasattr(layer, 'reset_states') and getattr(layer, 'stateful',
                                                          False):
                layer.reset_states()

    @property
    def uses_learning_phase(self):
        return any(getattr(x, '_uses_learning_phase', False)
                   for x in to_list(self.outputs or []))

    def _owned_nodes(self, layer):
        for node_index, node in enumerate(layer._inbound_nodes):
            if self._node_key(layer, node_index) in self._network_nodes:
                yield node

    @property
    def updates(self):
        """The update ops of the layers for the calls inside this network,
        plus the unconditional ones."""
        if not self.trainable and not self.stateful:
            return []
        if not self._is_graph_network:
            return _unique(super(Network, self).updates)
        updates = []
        for layer in self.layers:
            for node in self._owned_nodes(layer):
                updates += layer.get_updates_for(node.input_tensors)
            updates += layer.get_updates_for(None)
        updates += self.get_updates_for(None)
        return _unique(updates)

    @property
    def state_updates(self):
        """The updates of stateful layers (e.g. RNN states), which also run
        at test and predict time."""
        updates = []
        graph = self.__dict__.get('_is_graph_network') and \
            '_network_nodes' in self.__dict__
        for layer in self.layers:
            if not getattr(layer, 'stateful', False):
                continue
            if graph and isinstance(layer, Network):
                # The updates of this network's calls of a nested model
                # (its own internal ones read its placeholders, which this
                # network does not feed).
                for node in self._owned_nodes(layer):
                    updates += layer.get_updates_for(node.input_tensors)
                updates += layer.get_updates_for(None)
            elif hasattr(layer, 'updates'):
                updates += layer.updates
        return _unique(updates)

    @property
    def losses(self):
        """The losses of the layers for the calls inside this network,
        plus the unconditional ones (weight regularization, add_loss)."""
        if not self._is_graph_network:
            return _unique(super(Network, self).losses)
        losses = []
        for layer in self.layers:
            for node in self._owned_nodes(layer):
                losses += layer.get_losses_for(node.input_tensors)
            losses += layer.get_losses_for(None)
        losses += self.get_losses_for(None)
        return _unique(losses)

    def get_updates_for(self, inputs):
        if not self.trainable and not self.stateful:
            return []
        return _unique(super(Network, self).get_updates_for(inputs))

    # Weights.

    def get_weights(self):
        """All weight values, layer by layer."""
        weights = []
        for layer in self.layers:
            weights += layer.weights
        return K.batch_get_value(weights)

    def set_weights(self, weights):
        """Sets all weight values, layer by layer, from a list in the order
        of `get_weights()`.

        Raises:
            ValueError: if the list does not have one array per weight
                (Keras 2 ignored the extra or missing ones silently), or
                if an array's shape differs from its weight's, naming the
                layer and the weight.
        """
        weights = list(weights)
        params = []
        for layer in self.layers:
            params += [(layer, w) for w in layer.weights]
        if len(weights) != len(params):
            raise ValueError(
                'You called `set_weights(weights)` on model "%s" with a '
                'weight list of length %d, but the model has %d weights '
                '(%s). Pass one array per weight, in the order of '
                '`get_weights()`.' % (
                    self.name, len(weights), len(params),
                    ', '.join('%s: %s' % (w.name, K.int_shape(w))
                              for _, w in params)[:500]))
        pairs = []
        for (layer, param), value in zip(params, weights):
            value_shape = tuple(np.shape(value))
            if tuple(K.int_shape(param)) != value_shape:
                raise ValueError(
                    'Model "%s": weight "%s" of layer "%s" has shape %s, '
                    'but the array given for it has shape %s.'
                    % (self.name, param.name, layer.name,
                       tuple(K.int_shape(param)), value_shape))
            pairs.append((param, value))
        K.batch_set_value(pairs)

    def get_layer(self, name=None, index=None):
        """A layer by name or by index in `layers`.

        Raises:
            ValueError: if there is no such layer.
        """
        if index is not None:
            if len(self.layers) <= index:
                raise ValueError('Was asked to retrieve layer at index ' +
                                 str(index) + ' but model only has ' +
                                 str(len(self.layers)) + ' layers.')
            return self.layers[index]
        if not name:
            raise ValueError('Provide either a layer name or layer index.')
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError('No such layer: ' + name)

    # Running the graph.

    def build(self, input_shape=None):
        """Graph networks are built at creation; a subclassed network is
        built by calling it on placeholders of `input_shape`."""
        if self._is_graph_network:
            self.built = True
            return
        if input_shape is None:
            raise ValueError('You must provide an `input_shape` argument.')
        shapes = input_shape
        if isinstance(input_shape, tuple) or not any(
                isinstance(s, (tuple, list)) for s in input_shape):
            shapes = [input_shape]
        placeholders = [K.placeholder(shape=tuple(s)) for s in shapes]
        kwargs = {'training': False} if self._expects_training_arg else {}
        self.call(unpack_singleton(placeholders), **kwargs)
        self.built = True

    def call(self, inputs, mask=None):
        """Replays the graph on `inputs` (cached per inputs and masks)."""
        if not self._is_graph_network:
            raise NotImplementedError('Subclassed networks must implement '
                                      '`call`.')
        inputs = to_list(inputs)
        masks = [None] * len(inputs) if mask is None else to_list(mask)
        key = self._cache_key(inputs, masks)
        if key in self._output_tensor_cache:
            return self._output_tensor_cache[key]
        outputs, _, _ = self.run_internal_graph(inputs, masks)
        return outputs

    def compute_mask(self, inputs, mask=None):
        if not self._is_graph_network:
            return None
        inputs = to_list(inputs)
        masks = [None] * len(inputs) if mask is None else to_list(mask)
        key = self._cache_key(inputs, masks)
        if key in self._output_mask_cache:
            return self._output_mask_cache[key]
        _, output_masks, _ = self.run_internal_graph(inputs, masks)
        return output_masks

    def compute_output_shape(self, input_shape):
        if not self._is_graph_network:
            raise NotImplementedError
        input_shapes = [tuple(s) if s is not None else None
                        for s in network_graph.shape_list(input_shape)]
        if len(input_shapes) != len(self._input_layers):
            raise ValueError('Invalid input_shape argument ' +
                             str(input_shape) + ': model has ' +
                             str(len(self._input_layers)) +
                             ' tensor inputs.')
        key = ', '.join(str(s) for s in input_shapes)
        if key in self._output_shape_cache:
            return self._output_shape_cache[key]
        if input_shapes == self._internal_input_shapes:
            shapes = list(self._internal_output_shapes)
        else:
            shapes = network_graph.propagate_shapes(self, input_shapes)
        result = unpack_singleton(shapes)
        self._output_shape_cache[key] = result
        return result

    def run_internal_graph(self, inputs, masks=None):
        """Computes the outputs for new input tensors by calling every
        layer's `call` in depth order.

        Returns:
            (output_tensors, output_masks, output_shapes); the tensors (one
            or a list) and the masks are also cached for `call` and
            `compute_mask`.
        """
        if masks is None:
            masks = [None] * len(inputs)
        tensor_map = {}
        for x, y, mask in zip(self.inputs, inputs, masks):
            tensor_map[id(x)] = (y, mask)

        for depth in sorted(self._nodes_by_depth, reverse=True):
            for node in self._nodes_by_depth[depth]:
                layer = node.outbound_layer
                computed = [tensor_map[id(x)] for x in node.input_tensors
                            if id(x) in tensor_map]
                if len(computed) != len(node.input_tensors):
                    continue
                outputs, output_masks = self._run_node(layer, node, computed,
                                                       inputs)
                for x, y, mask in zip(node.output_tensors, outputs,
                                      output_masks):
                    tensor_map[id(x)] = (y, mask)

        output_tensors = []
        output_masks = []
        output_shapes = []
        for x in self.outputs:
            if id(x) not in tensor_map:
                raise ValueError('Could not compute output ' + str(x))
            tensor, mask = tensor_map[id(x)]
            if output_shapes is not None and hasattr(tensor, '_keras_shape'):
                output_shapes.append(tensor._keras_shape)
            else:
                output_shapes = None
            output_tensors.append(tensor)
            output_masks.append(mask)

        key = self._cache_key(inputs, masks)
        output_tensors = unpack_singleton(output_tensors)
        self._output_tensor_cache[key] = output_tensors
        output_masks = unpack_singleton(output_masks)
        self._output_mask_cache[key] = output_masks
        return output_tensors, output_masks, output_shapes

    def _run_node(self, layer, node, computed, network_inputs):
        kwargs = dict(node.arguments or {})
        tensors = [x for x, _ in computed]
        masks = [m for _, m in computed]
        if len(computed) == 1:
            tensors, masks = tensors[0], masks[0]
        with K.name_scope(layer.name):
            if has_arg(layer.call, 'mask') and 'mask' not in kwargs:
                if masks is not None and not (
                        isinstance(masks, list) and
                        all(m is None for m in masks)):
                    kwargs['mask'] = masks
            outputs = to_list(layer.call(tensors, **kwargs))
            output_masks = layer.compute_mask(tensors, masks)
            if output_masks is None:
                output_masks = [None] * len(outputs)
            else:
                output_masks = to_list(output_masks)
            tensor_list = to_list(tensors)
            regularizer = getattr(layer, 'activity_regularizer', None)
            if regularizer is not None:
                layer.add_loss([regularizer(x) for x in outputs],
                               inputs=tensor_list)

        # What the layer added for these tensors belongs to this call of
        # the network: key it by the network's inputs, which are the input
        # tensors of the node an enclosing network owns.
        self.add_update(layer.get_updates_for(tensor_list), network_inputs)
        self.add_update(layer.get_updates_for(None), None)
        self.add_loss(layer.get_losses_for(tensor_list), network_inputs)
        self.add_loss(layer.get_losses_for(None), None)

        if all(hasattr(x, '_keras_shape') for x in tensor_list):
            shapes = layer.compute_output_shape(unpack_singleton(
                [x._keras_shape for x in tensor_list]))
            uses_learning_phase = any(
                getattr(x, '_uses_learning_phase', False)
                for x in tensor_list)
            for x, shape in zip(outputs, network_graph.shape_list(shapes)):
                x._keras_shape = tuple(shape) if shape is not None else None
                x._uses_learning_phase = (
                    getattr(x, '_uses_learning_phase', False) or
                    uses_learning_phase)
        return outputs, output_masks

    # Configuration and serialisation.

    def get_config(self):
        """The 2.3.1 network config: name, layers (with their inbound
        nodes), input_layers and output_layers."""
        if not self._is_graph_network:
            raise NotImplementedError
        return network_graph.network_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """A network from the output of `get_config`.

        Args:
            custom_objects: dict of the user's layer classes and functions.
        """
        inputs, outputs = network_graph.rebuild_from_config(
            config, custom_objects=custom_objects)
        return cls(inputs=inputs, outputs=outputs, name=config.get('name'))

    def _updated_config(self):
        from keras import __version__ as keras_version
        return {'class_name': self.__class__.__name__,
                'config': self.get_config(),
                'keras_version': keras_version,
                'backend': K.backend()}

    def to_json(self, **kwargs):
        """The model's architecture (no weights) as a JSON string."""
        return json.dumps(self._updated_config(), default=json_default,
                          **kwargs)

    def to_yaml(self, **kwargs):
        """The model's architecture (no weights) as a YAML string."""
        import yaml
        return yaml.dump(self._updated_config(), **kwargs)

    def summary(self, line_length=None, positions=None, print_fn=None):
        """Prints the layers, their output shapes and parameter counts.

        Raises:
            ValueError: if the model is not built yet.
        """
        if not self.built:
            raise ValueError('This model has not yet been built. Build the '
                             'model first by calling build() or calling fit() '
                             'with some data. Or specify input_shape or '
                             'batch_input_shape in the first layer for '
                             'automatic build. ')
        return print_layer_summary(self, line_length=line_length,
                                   positions=positions, print_fn=print_fn)

    # Saving goes through keras.engine.saving (imported when used: it
    # imports this module).

    def save(self, filepath, overwrite=True, include_optimizer=True):
        """Saves architecture, weights, training configuration and optimizer
        state to one HDF5 file (see `keras.models.load_model`).

        Args:
            filepath: path, or an open `h5py.File` / `h5py.Group`.
            overwrite: when False and the file exists, ask first.
            include_optimizer: also save the optimizer and its state.
        """
        from keras.engine import saving
        saving.save_model(self, filepath, overwrite, include_optimizer)

    def save_weights(self, filepath, overwrite=True):
        """Saves the weights of all layers to an HDF5 file (path, or an
        open `h5py.File` / `h5py.Group`)."""
        from keras.engine import saving
        saving.save_weights(self, filepath, overwrite)

    def load_weights(self, filepath, by_name=False, skip_mismatch=False,
                     reshape=False):
        """Loads weights saved by `save_weights` (or `save`).

        Args:
            filepath: path, or an open `h5py.File` / `h5py.Group`.
            by_name: match layers by name instead of by order (layers
                missing from the file keep their weights).
            skip_mismatch: with `by_name`, skip layers whose weight count
                or shapes differ, with a warning.
            reshape: reshape saved arrays to the layer's weight shapes when
                their sizes agree.
        """
        from keras.engine import saving
        saving.load_weights(self, filepath, by_name=by_name,
                            skip_mismatch=skip_mismatch, reshape=reshape)

    def __getstate__(self):
        from keras.engine import saving
        return saving.pickle_model(self)

    def __setstate__(self, state):
        from keras.engine import saving
        model = saving.unpickle_model(state)
        self.__dict__.update(model.__dict__)

