"""Drawing models: `model_to_dot` builds a pydot graph of the layers, and
`plot_model` renders it with Graphviz to an image file."""
import os

from keras.engine import network_graph

try:
    import pydot
except ImportError:  # pydot is optional: only drawing needs it.
    pydot = None


def _check_pydot():
    """Raises ImportError when pydot or Graphviz's `dot` is missing."""
    if pydot is None:
        raise ImportError('Failed to import `pydot`. Please install `pydot`. '
                          'For example with `pip install pydot`.')
    try:
        # Rendering an empty graph runs the `dot` program.
        pydot.Dot.create(pydot.Dot())
    except Exception as error:  # pydot raises several kinds here
        raise ImportError('`pydot` failed to call GraphViz.Please install '
                          'GraphViz (https://www.graphviz.org/) and ensure '
                          'that its executables are in the $PATH. (%s)'
                          % (error,))


def is_model(layer):
    from keras.engine.network import Network
    return isinstance(layer, Network)


def is_wrapped_model(layer):
    from keras.layers.wrappers import Wrapper
    return isinstance(layer, Wrapper) and is_model(layer.layer)


def add_edge(dot, src, dst):
    """Adds the edge src -> dst once."""
    if not dot.get_edge(src, dst):
        dot.add_edge(pydot.Edge(src, dst))


def _shape_text(layer, attribute):
    try:
        return str(getattr(layer, attribute))
    except AttributeError:
        return 'multiple'


def _node_label(layer, show_shapes, show_layer_names):
    class_name = layer.__class__.__name__
    name = layer.name
    inner = getattr(layer, 'layer', None)
    if inner is not None and class_name in ('TimeDistributed',
                                            'Bidirectional'):
        class_name = '%s(%s)' % (class_name, inner.__class__.__name__)
        name = '%s(%s)' % (name, inner.name)
    label = '%s: %s' % (name, class_name) if show_layer_names else class_name
    if show_shapes:
        label = '%s\n|{input:|output:}|{{%s}|{%s}}' % (
            label, _shape_text(layer, 'input_shape'),
            _shape_text(layer, 'output_shape'))
    return label


def _graph_layers(model):
    from keras.engine.sequential import Sequential
    if isinstance(model, Sequential):
        if not model.built:
            model.build()
        # The input layer is part of the drawing, as in Keras 2.
        return list(model._layers)
    return list(model.layers)


def model_to_dot(model, show_shapes=False, show_layer_names=True,
                 rankdir='TB', expand_nested=False, dpi=96, subgraph=False):
    """A `pydot.Dot` (or, with `subgraph`, a `pydot.Cluster`) of the model's
    layers and their connections.

    # Arguments
        model: a Keras model.
        show_shapes: show input and output shapes in each node.
        show_layer_names: show layer names as well as classes.
        rankdir: 'TB' (vertical) or 'LR' (horizontal).
        expand_nested: draw nested models as clusters of their layers.
        dpi: resolution of the rendered image.
        subgraph: return a cluster to embed in another graph.

    # Raises
        ImportError: when pydot or Graphviz is missing.
        ValueError: for an unknown `rankdir`.
    """
    _check_pydot()
    if rankdir not in ('TB', 'LR'):
        raise ValueError("`rankdir` must be 'TB' or 'LR', got %r"
                         % (rankdir,))
    if subgraph:
        dot = pydot.Cluster(style='dashed', graph_name=model.name)
        dot.set('label', model.name)
        dot.set('labeljust', 'l')
    else:
        dot = pydot.Dot()
        dot.set('rankdir', rankdir)
        dot.set('concentrate', True)
        dot.set('dpi', dpi)
        dot.set_node_defaults(shape='record')

    layers = _graph_layers(model)
    # Nested models drawn as clusters: edges into them go to their first
    # layer, edges out of them leave from their last.
    entry_of = {}
    exit_of = {}
    for layer in layers:
        layer_id = str(id(layer))
        nested = layer.layer if is_wrapped_model(layer) else layer
        if expand_nested and is_model(nested):
            cluster = model_to_dot(nested, show_shapes, show_layer_names,
                                   rankdir, expand_nested, subgraph=True)
            dot.add_subgraph(cluster)
            inner_layers = _graph_layers(nested)
            entry_of[layer_id] = str(id(inner_layers[0]))
            exit_of[layer_id] = str(id(inner_layers[-1]))
            continue
        dot.add_node(pydot.Node(layer_id, label=_node_label(
            layer, show_shapes, show_layer_names)))

    for layer in layers:
        layer_id = str(id(layer))
        for index, node in enumerate(layer._inbound_nodes):
            if network_graph.node_key(layer, index) not in \
                    model._network_nodes:
                continue
            for inbound in node.inbound_layers:
                source = str(id(inbound))
                add_edge(dot, exit_of.get(source, source),
                         entry_of.get(layer_id, layer_id))
    return dot


def plot_model(model, to_file='model.png', show_shapes=False,
               show_layer_names=True, rankdir='TB', expand_nested=False,
               dpi=96):
    """Draws the model with Graphviz into `to_file` (the format comes
    from its extension; png without one).

    # Returns
        An IPython Image of the file in a notebook, else None.
    """
    dot = model_to_dot(model, show_shapes=show_shapes,
                       show_layer_names=show_layer_names, rankdir=rankdir,
                       expand_nested=expand_nested, dpi=dpi)
    extension = os.path.splitext(to_file)[1]
    extension = extension[1:] if extension else 'png'
    dot.write(to_file, format=extension)
    try:
        from IPython import display
        return display.Image(filename=to_file)
    except (ImportError, ValueError):
        # No IPython, or a format it cannot show (svg, no extension).
        return None
