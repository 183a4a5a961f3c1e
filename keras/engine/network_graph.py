"""The graph algorithms of Network: ordering the nodes and layers between
a network's inputs and outputs, and re-creating a network from its config.
"""
import collections
import copy
import json
import warnings

from keras.utils.generic_utils import unpack_singleton


def node_key(layer, node_index):
    """The key of a layer's node in `Network._network_nodes`."""
    return layer.name + '_ib-' + str(node_index)


def map_graph_network(inputs, outputs):
    """Orders the nodes and layers that compute `outputs` from `inputs`.

    The nodes are found by walking back from the outputs. A node's depth is
    its longest distance to an output (outputs are at depth 0), and a
    layer's depth the largest depth of its nodes, so computing the nodes by
    decreasing depth computes every input before it is used.

    Returns:
        (network_nodes, nodes_by_depth, layers, layers_by_depth):
        the set of node keys, dicts depth -> nodes and depth -> layers, and
        the layers by decreasing depth (ties in the order they were found).

    Raises:
        ValueError: for a cycle, for a tensor that cannot be computed from
            `inputs` ("Graph disconnected"), or for duplicate layer names.
    """
    network_nodes = set()
    layer_indices = {}
    nodes_in_decreasing_depth = []
    finished = set()
    in_progress = set()

    def visit(tensor, layer, node_index):
        node = layer._inbound_nodes[node_index]
        if node in in_progress:
            raise ValueError('The tensor ' + str(tensor) + ' at layer "' +
                             layer.name + '" is part of a cycle.')
        if node in finished:
            return
        network_nodes.add(node_key(layer, node_index))
        layer_indices.setdefault(layer, len(layer_indices))
        in_progress.add(node)
        for x, inbound_layer, inbound_index in zip(
                node.input_tensors, node.inbound_layers, node.node_indices):
            if inbound_layer is not None:
                visit(x, inbound_layer, inbound_index)
        finished.add(node)
        in_progress.remove(node)
        nodes_in_decreasing_depth.append(node)

    # Iterative deepening would be needed for very deep graphs; recursion
    # depth is the graph depth, as in Keras 2.
    for x in outputs:
        layer, node_index, _ = x._keras_history
        visit(x, layer, node_index)

    node_depths = {}
    layer_depths = {}
    for node in reversed(nodes_in_decreasing_depth):
        depth = max(node_depths.setdefault(node, 0),
                    layer_depths.get(node.outbound_layer, 0))
        layer_depths[node.outbound_layer] = depth
        node_depths[node] = depth
        for inbound_layer, inbound_index in zip(node.inbound_layers,
                                                node.node_indices):
            if inbound_layer is None:
                continue
            inbound_node = inbound_layer._inbound_nodes[inbound_index]
            node_depths[inbound_node] = max(depth + 1,
                                            node_depths.get(inbound_node, 0))

    nodes_by_depth = collections.defaultdict(list)
    for node, depth in node_depths.items():
        nodes_by_depth[depth].append(node)
    layers_by_depth = collections.defaultdict(list)
    for layer, depth in layer_depths.items():
        layers_by_depth[depth].append(layer)

    layers = []
    for depth in sorted(layers_by_depth, reverse=True):
        layers_by_depth[depth].sort(key=lambda layer: layer_indices[layer])
        layers.extend(layers_by_depth[depth])

    _check_connected(inputs, nodes_by_depth)
    names = [layer.name for layer in layers]
    for name in names:
        if names.count(name) != 1:
            raise ValueError('The name "' + name + '" is used ' +
                             str(names.count(name)) + ' times in the model. '
                             'All layer names should be unique.')
    return network_nodes, dict(nodes_by_depth), layers, dict(layers_by_depth)


def _check_connected(inputs, nodes_by_depth):
    computable = set(id(x) for x in inputs)
    computed_layers = []
    for depth in sorted(nodes_by_depth, reverse=True):
        for node in nodes_by_depth[depth]:
            layer = node.outbound_layer
            for x in node.input_tensors:
                if id(x) not in computable:
                    raise ValueError('Graph disconnected: cannot obtain value '
                                     'for tensor ' + str(x) + ' at layer "' +
                                     layer.name + '". The following '
                                     'previous layers were accessed without '
                                     'issue: ' + str(computed_layers))
            computable.update(id(x) for x in node.output_tensors)
            computed_layers.append(layer.name)


def shape_list(shapes):
    """A list of shapes from one shape or a list of shapes."""
    if isinstance(shapes, list) and (
            not shapes or isinstance(shapes[0], (tuple, list)) or
            shapes[0] is None and any(isinstance(s, (tuple, list))
                                      for s in shapes)):
        return shapes
    return [shapes]


def propagate_shapes(network, input_shapes):
    """The network's output shapes for new input shapes, from every
    layer's compute_output_shape in depth order."""
    shape_map = {}
    for layer, shape in zip(network._input_layers, input_shapes):
        shape_map[(layer, 0, 0)] = shape
    for depth in sorted(network._nodes_by_depth, reverse=True):
        for node in network._nodes_by_depth[depth]:
            layer = node.outbound_layer
            if layer in network._input_layers:
                continue
            in_shapes = [shape_map[coordinates] for coordinates in zip(
                node.inbound_layers, node.node_indices, node.tensor_indices)]
            out_shapes = shape_list(layer.compute_output_shape(
                unpack_singleton(in_shapes)))
            node_index = layer._inbound_nodes.index(node)
            for tensor_index, shape in enumerate(out_shapes):
                shape_map[(layer, node_index, tensor_index)] = shape
    return [shape_map[coordinates]
            for coordinates in network._output_coordinates]


def network_config(network):
    """The 2.3.1 config of a graph network: name, layers (each with the
    nodes that call it inside this network), input_layers, output_layers.
    """
    # Node indices in the config count only the nodes of this network;
    # a network layer starts with its own internal node.
    from keras.engine.network import Network
    kept_index = {}
    for layer in network.layers:
        kept = 1 if isinstance(layer, Network) else 0
        for node_index in range(len(layer._inbound_nodes)):
            key = node_key(layer, node_index)
            if key in network._network_nodes:
                kept_index[key] = kept
                kept += 1

    layer_configs = []
    for layer in network.layers:
        inbound_nodes = []
        for node_index, node in enumerate(layer._inbound_nodes):
            if (node_key(layer, node_index) not in network._network_nodes or
                    not node.inbound_layers):
                continue
            kwargs = _serializable_arguments(layer, node.arguments)
            inbound_nodes.append([
                [inbound.name, kept_index.get(node_key(inbound, index), 0),
                 tensor_index, kwargs]
                for inbound, index, tensor_index in zip(
                    node.inbound_layers, node.node_indices,
                    node.tensor_indices)])
        layer_configs.append({'name': layer.name,
                              'class_name': layer.__class__.__name__,
                              'config': layer.get_config(),
                              'inbound_nodes': inbound_nodes})

    def coordinates(entries):
        result = []
        for layer, node_index, tensor_index in entries:
            key = node_key(layer, node_index)
            if key in network._network_nodes:
                result.append([layer.name, kept_index[key], tensor_index])
        return result

    config = {'name': network.name,
              'layers': layer_configs,
              'input_layers': coordinates(network._input_coordinates),
              'output_layers': coordinates(network._output_coordinates)}
    return copy.deepcopy(config)


def _serializable_arguments(layer, arguments):
    if not arguments:
        return {}
    try:
        json.dumps(arguments)
    except TypeError:
        warnings.warn('Layer ' + layer.name + ' was passed non-serializable '
                      'keyword arguments: ' + str(arguments) + '. They will '
                      'not be included in the serialized model (and thus '
                      'will be missing at deserialization time).')
        return {}
    return arguments


def rebuild_from_config(config, custom_objects=None):
    """Re-creates the layers of a network config and replays their calls.

    Returns:
        (input_tensors, output_tensors) for the new network.
    """
    from keras.layers import deserialize as deserialize_layer

    created_layers = {}
    pending = collections.OrderedDict()

    for layer_data in config['layers']:
        layer = deserialize_layer(layer_data, custom_objects=custom_objects)
        created_layers[layer_data['name']] = layer
        pending[layer] = list(layer_data['inbound_nodes'])

    def replay(layer, node_data):
        """Calls `layer` as recorded; False if an input does not exist yet
        (a layer shared at several depths, e.g. A(B(A(B(x)))))."""
        input_tensors = []
        kwargs = {}
        for input_data in node_data:
            if len(input_data) == 3:
                name, node_index, tensor_index = input_data
            elif len(input_data) == 4:
                name, node_index, tensor_index, kwargs = input_data
            else:
                raise ValueError('Improperly formatted model config.')
            inbound_layer = created_layers[name]
            if len(inbound_layer._inbound_nodes) <= node_index:
                return False
            inbound_node = inbound_layer._inbound_nodes[node_index]
            input_tensors.append(inbound_node.output_tensors[tensor_index])
        if input_tensors:
            layer(unpack_singleton(input_tensors), **(kwargs or {}))
        return True

    while any(pending.values()):
        progress = False
        for layer_data in config['layers']:
            layer = created_layers[layer_data['name']]
            node_list = pending[layer]
            while node_list and replay(layer, node_list[0]):
                node_list.pop(0)
                progress = True
        if not progress:
            raise ValueError('Improperly formatted model config: some layer '
                             'calls can never be replayed because their '
                             'inputs are never created.')

    def tensors(entries):
        result = []
        for name, node_index, tensor_index in entries:
            if name not in created_layers:
                raise ValueError('Unknown layer in model config: ' + name)
            node = created_layers[name]._inbound_nodes[node_index]
            result.append(node.output_tensors[tensor_index])
        return result

    return tensors(config['input_layers']), tensors(config['output_layers'])
