"""Node: one call of a layer on some inputs, linking the layers it connects.

Every time a layer is called on new tensors a Node is appended to its
`_inbound_nodes` and to the `_outbound_nodes` of each layer that produced
the inputs. A network is the graph of these nodes.
"""


class Node(object):
    """The connection made by calling `outbound_layer` on some tensors.

    Args:
        outbound_layer: the layer that was called (it owns this node).
        inbound_layers: for every input tensor, the layer that produced it
            (None for tensors that do not come from a layer).
        node_indices: for every input tensor, the index of the node of its
            inbound layer that produced it.
        tensor_indices: for every input tensor, its index among the outputs
            of that node.
        input_tensors, output_tensors: lists of tensors.
        input_masks, output_masks: lists of masks (None entries: no mask).
        input_shapes, output_shapes: lists of shape tuples.
        arguments: the keyword arguments of the call, or None.
    """

    def __init__(self, outbound_layer, inbound_layers, node_indices,
                 tensor_indices, input_tensors, output_tensors, input_masks,
                 output_masks, input_shapes, output_shapes, arguments=None):
        self.outbound_layer = outbound_layer
        self.inbound_layers = inbound_layers
        self.node_indices = node_indices
        self.tensor_indices = tensor_indices
        self.input_tensors = input_tensors
        self.output_tensors = output_tensors
        self.input_masks = input_masks
        self.output_masks = output_masks
        self.input_shapes = input_shapes
        self.output_shapes = output_shapes
        self.arguments = arguments

        for layer in inbound_layers:
            if layer is not None:
                layer._outbound_nodes.append(self)
        outbound_layer._inbound_nodes.append(self)

    def get_config(self):
        """Names of the connected layers and the indices, for printing."""
        inbound_names = [None if layer is None else layer.name
                         for layer in self.inbound_layers]
        outbound_name = (self.outbound_layer.name
                         if self.outbound_layer is not None else None)
        return {'outbound_layer': outbound_name,
                'inbound_layers': inbound_names,
                'node_indices': self.node_indices,
                'tensor_indices': self.tensor_indices}
