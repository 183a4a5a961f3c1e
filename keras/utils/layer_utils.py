"""Helpers over layers and models: parameter counts, `summary()` printing,
kernel conversion between backends and source-input lookup."""
import numpy as np

from keras.utils.conv_utils import convert_kernel


def _weight_size(weight):
    try:
        from keras import backend
        return int(backend.count_params(weight))
    except (ImportError, AttributeError):
        # Backend not importable (or without count_params): use the shape.
        return int(np.prod([int(dim) for dim in weight.shape]))


def count_params(weights):
    """Counts the scalars in a list of weights, each weight counted once.

    # Arguments
        weights: iterable of backend variables (or arrays).

    # Returns
        The total number of scalars (int).
    """
    unique = {}
    for weight in weights:
        unique[id(weight)] = weight
    return int(sum(_weight_size(weight) for weight in unique.values()))


def _is_sequential_like(model):
    """True when the summary can omit the 'Connected to' column: a
    Sequential model, a subclassed model, or a graph that is a plain chain
    (one node per depth, one inbound layer per node, no shared layer)."""
    if model.__class__.__name__ == 'Sequential':
        return True
    if not getattr(model, '_is_graph_network', False):
        return True
    nodes = []
    for depth_nodes in model._nodes_by_depth.values():
        if len(depth_nodes) > 1:
            return False
        if len(depth_nodes) == 1 and len(depth_nodes[0].inbound_layers) > 1:
            return False
        nodes.extend(depth_nodes)
    for layer in model.layers:
        used_nodes = [node for node in layer._inbound_nodes
                      if any(node is n for n in nodes)]
        if len(used_nodes) > 1:
            return False
    return True


def _output_shape_or_multiple(layer):
    try:
        return layer.output_shape
    except AttributeError:
        # Layers called on several inputs have no single output shape.
        return 'multiple'


def print_summary(model, line_length=None, positions=None, print_fn=None):
    """Prints a summary of a model, as `model.summary()` does.

    # Arguments
        model: Keras model instance.
        line_length: total length of the printed lines.
        positions: relative (all <= 1) or absolute positions of the right
            end of every column.
        print_fn: function called with every line (default: `print`).
    """
    if print_fn is None:
        print_fn = print

    sequential_like = _is_sequential_like(model)
    if sequential_like:
        line_length = line_length or 65
        positions = positions or [.45, .85, 1.]
        headers = ['Layer (type)', 'Output Shape', 'Param #']
        relevant_nodes = None
    else:
        line_length = line_length or 98
        positions = positions or [.33, .55, .67, 1.]
        headers = ['Layer (type)', 'Output Shape', 'Param #', 'Connected to']
        relevant_nodes = []
        for depth_nodes in model._nodes_by_depth.values():
            relevant_nodes.extend(depth_nodes)
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]

    def print_row(fields):
        line = ''
        for index, (field, position) in enumerate(zip(fields, positions)):
            if index > 0:
                # The previous column may fill its width: its last character
                # becomes the one space separating the columns.
                line = line[:-1] + ' '
            line += str(field)
            line = line[:position]
            line += ' ' * (position - len(line))
        print_fn(line)

    print_fn('Model: "{}"'.format(model.name))
    print_fn('_' * line_length)
    print_row(headers)
    print_fn('=' * line_length)

    layers = model.layers
    for index, layer in enumerate(layers):
        description = layer.name + ' (' + layer.__class__.__name__ + ')'
        fields = [description, _output_shape_or_multiple(layer),
                  layer.count_params()]
        if sequential_like:
            print_row(fields)
        else:
            connections = _connections(layer, relevant_nodes)
            print_row(fields + [connections[0] if connections else ''])
            for connection in connections[1:]:
                print_row(['', '', '', connection])
        if index == len(layers) - 1:
            print_fn('=' * line_length)
        else:
            print_fn('_' * line_length)

    check_consistency = getattr(model, '_check_trainable_weights_consistency',
                                None)
    if check_consistency is not None:
        check_consistency()
    if hasattr(model, '_collected_trainable_weights'):
        trainable_count = count_params(model._collected_trainable_weights)
    else:
        trainable_count = count_params(model.trainable_weights)
    non_trainable_count = count_params(model.non_trainable_weights)

    print_fn('Total params: {:,}'.format(trainable_count + non_trainable_count))
    print_fn('Trainable params: {:,}'.format(trainable_count))
    print_fn('Non-trainable params: {:,}'.format(non_trainable_count))
    print_fn('_' * line_length)


def _connections(layer, relevant_nodes):
    """'name[node][tensor]' for every input of the layer's nodes that belong
    to this model (a shared layer also has nodes in other models)."""
    connections = []
    for node in layer._inbound_nodes:
        if relevant_nodes and not any(node is n for n in relevant_nodes):
            continue
        for inbound_layer, node_index, tensor_index in zip(
                node.inbound_layers, node.node_indices, node.tensor_indices):
            connections.append('%s[%d][%d]' % (inbound_layer.name, node_index,
                                               tensor_index))
    return connections


# The weights that Keras 2 on Theano convolved as true convolutions, by
# layer class name (layer modules need not be imported here; a subclass
# counts as its nearest listed base): kernels of the conv, depthwise_conv
# and conv_transpose primitives, which the theano backend flips. Keras
# 2.3.1 listed only the first four and left the others' weights in the
# wrong convention. Pointwise kernels are 1x1: flipping changes nothing.
_FLIPPED_KERNELS = {
    'Conv1D': ('kernel',),
    'Conv2D': ('kernel',),
    'Conv3D': ('kernel',),
    'Conv2DTranspose': ('kernel',),
    'Conv3DTranspose': ('kernel',),
    'DepthwiseConv2D': ('depthwise_kernel',),
    'SeparableConv1D': ('depthwise_kernel',),
    'SeparableConv2D': ('depthwise_kernel',),
    'ConvLSTM2DCell': ('kernel', 'recurrent_kernel'),
}

# Attributes through which layers hold other layers: models, wrappers,
# recurrent layers and their cells.
_SUBLAYER_ATTRIBUTES = ('layers', 'layer', 'forward_layer', 'backward_layer',
                        'cell', 'cells')


def _all_layers(layer):
    yield layer
    for attribute in _SUBLAYER_ATTRIBUTES:
        inner = getattr(layer, attribute, None)
        if inner is None:
            continue
        for sublayer in inner if isinstance(inner, (list, tuple)) else [inner]:
            if hasattr(sublayer, 'get_weights'):
                for found in _all_layers(sublayer):
                    yield found


def _flipped_kernels(layer):
    for cls in type(layer).__mro__:
        names = _FLIPPED_KERNELS.get(cls.__name__)
        if names is not None:
            return [getattr(layer, name, None) for name in names]
    return []


def convert_all_kernels_in_model(model):
    """Flips the convolution kernels of a model along their spatial axes,
    converting its weights between the Theano convention (true
    convolution, kept by the theano backend) and the TensorFlow one
    (cross-correlation, the other backends). Its own inverse.

    Every convolution-like layer is converted (Conv1D/2D/3D,
    Conv2DTranspose/Conv3DTranspose, DepthwiseConv2D, SeparableConv1D/2D,
    ConvLSTM2D), also inside nested models and wrappers; a kernel shared
    by several layers is flipped once.

    # Arguments
        model: the Keras model to convert (modified in place).
    """
    flip_convolution_kernels(model)


def flip_convolution_kernels(model, except_classes=()):
    """`convert_all_kernels_in_model`, leaving out the layers whose class
    name is in `except_classes` (those a loader has already flipped)."""
    from keras import backend
    kernels = {}
    for layer in _all_layers(model):
        if type(layer).__name__ in except_classes:
            continue
        for kernel in _flipped_kernels(layer):
            if kernel is not None:
                kernels[id(kernel)] = kernel
    backend.batch_set_value([
        (kernel, convert_kernel(backend.get_value(kernel)))
        for kernel in kernels.values()])


def convert_dense_weights_data_format(dense, previous_feature_map_shape,
                                      target_data_format='channels_first'):
    """Reorders the kernel rows of a `Dense` layer that follows `Flatten`,
    after the data format of the feature maps before it changed.

    # Arguments
        dense: the `Dense` layer (modified in place).
        previous_feature_map_shape: shape of the feature maps before
            `Flatten`, without the batch axis, in the target format.
        target_data_format: 'channels_first' or 'channels_last'.
    """
    if target_data_format not in ('channels_last', 'channels_first'):
        raise ValueError('`target_data_format` must be "channels_first" or '
                         '"channels_last". Received: ' +
                         str(target_data_format))
    kernel, bias = dense.get_weights()
    flat_size = int(np.prod(previous_feature_map_shape))
    for unit in range(kernel.shape[1]):
        if target_data_format == 'channels_first':
            channels, rows, cols = previous_feature_map_shape
            maps = kernel[:, unit].reshape((rows, cols, channels))
            maps = np.transpose(maps, (2, 0, 1))
        else:
            rows, cols, channels = previous_feature_map_shape
            maps = kernel[:, unit].reshape((channels, rows, cols))
            maps = np.transpose(maps, (1, 2, 0))
        kernel[:, unit] = np.reshape(maps, (flat_size,))
    dense.set_weights([kernel, bias])


def get_source_inputs(tensor, layer=None, node_index=None):
    """Returns the input tensors that `tensor` was computed from.

    Follows `_keras_history` back through the graph of layers to the input
    layers.

    # Arguments
        tensor: the tensor to start from.
        layer: origin layer of the tensor (found from its history if None).
        node_index: origin node index of the tensor.

    # Returns
        List of input tensors (the tensor itself if it has no history).
    """
    if not hasattr(tensor, '_keras_history'):
        return tensor
    if layer is None or node_index:
        layer, node_index, _ = tensor._keras_history
    if not layer._inbound_nodes:
        return [tensor]
    node = layer._inbound_nodes[node_index]
    if not node.inbound_layers:
        # An input layer's node: the recursion stops here.
        return list(node.input_tensors)
    sources = []
    for input_tensor, inbound_layer, inbound_node_index in zip(
            node.input_tensors, node.inbound_layers, node.node_indices):
        for source in get_source_inputs(input_tensor, inbound_layer,
                                        inbound_node_index):
            # Identity, not ==: tensors may overload == elementwise.
            if not any(source is known for known in sources):
                sources.append(source)
    return sources
