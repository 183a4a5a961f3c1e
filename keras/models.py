"""Keras 2's `keras.models`: the model classes, model cloning and
(de)serialisation entry points."""
from keras import backend as K
from keras.engine.input_layer import Input
from keras.engine.input_layer import InputLayer
from keras.engine.network import Network  # noqa: F401
from keras.engine.sequential import Sequential
from keras.engine.training import Model
from keras.utils.generic_utils import has_arg
from keras.utils.generic_utils import to_list

from keras.engine.saving import load_model  # noqa: F401
from keras.engine.saving import model_from_config  # noqa: F401
from keras.engine.saving import model_from_json  # noqa: F401
from keras.engine.saving import model_from_yaml  # noqa: F401
from keras.engine.saving import save_model  # noqa: F401


def _clone_layer(layer):
    return layer.__class__.from_config(layer.get_config())


def _clone_functional_model(model, input_tensors=None):
    """A new functional model with the same graph and freshly initialised
    layers, on new placeholders or on `input_tensors`."""
    if not isinstance(model, Model):
        raise ValueError('Expected `model` argument to be a `Model` instance, '
                         'got ', model)
    if isinstance(model, Sequential):
        raise ValueError('Expected `model` argument to be a functional '
                         '`Model` instance, got a `Sequential` instance '
                         'instead:', model)
    layer_map = {}
    tensor_map = {}
    if input_tensors is None:
        input_tensors = []
        for layer in model._input_layers:
            x = Input(batch_shape=layer.batch_input_shape, dtype=layer.dtype,
                      sparse=layer.sparse, name=layer.name)
            input_tensors.append(x)
            layer_map[layer] = x._keras_history[0]
    else:
        input_tensors = to_list(input_tensors)
        wrapped = []
        for i, x in enumerate(input_tensors):
            if not K.is_keras_tensor(x):
                original = model._input_layers[i]
                x = Input(tensor=x,
                          name='input_wrapper_for_' + original.name)
                layer_map[original] = x._keras_history[0]
            wrapped.append(x)
        input_tensors = wrapped

    for x, y in zip(model.inputs, input_tensors):
        tensor_map[id(x)] = (y, None)

    for depth in sorted(model._nodes_by_depth, reverse=True):
        for node in model._nodes_by_depth[depth]:
            layer = node.outbound_layer
            if layer not in layer_map:
                layer_map[layer] = _clone_layer(layer)
            elif isinstance(layer_map[layer], InputLayer):
                continue
            new_layer = layer_map[layer]
            computed = [tensor_map[id(x)] for x in node.input_tensors
                        if id(x) in tensor_map]
            if len(computed) != len(node.input_tensors):
                continue
            kwargs = dict(node.arguments or {})
            tensors = [x for x, _ in computed]
            masks = [m for _, m in computed]
            if len(computed) == 1:
                tensors, masks = tensors[0], masks[0]
            if (has_arg(new_layer.call, 'mask') and 'mask' not in kwargs and
                    any(m is not None for m in to_list(masks))):
                kwargs['mask'] = masks
            outputs = to_list(new_layer(tensors, **kwargs))
            output_masks = to_list(new_layer.compute_mask(tensors, masks))
            if len(output_masks) != len(outputs):
                output_masks = [None] * len(outputs)
            for x, y, mask in zip(node.output_tensors, outputs, output_masks):
                tensor_map[id(x)] = (y, mask)

    output_tensors = []
    for x in model.outputs:
        if id(x) not in tensor_map:
            raise ValueError('Could not compute output ' + str(x))
        output_tensors.append(tensor_map[id(x)][0])
    return Model(input_tensors, output_tensors, name=model.name)


def _clone_sequential_model(model, input_tensors=None):
    """A new Sequential model with freshly initialised copies of the layers.
    """
    if not isinstance(model, Sequential):
        raise ValueError('Expected `model` argument to be a `Sequential` '
                         'model instance, but got:', model)
    layers = model.layers
    for index, layer in enumerate(layers):
        if getattr(layer, '_merges_models', False):
            # A Keras 1 Merge of models: its clone rebuilds the models it
            # merges (as Sequential.get_config leaves them to it).
            layers = layers[index:]
            break
    layers = [_clone_layer(layer) for layer in layers]
    if input_tensors is None:
        return Sequential(layers=layers, name=model.name)
    if len(to_list(input_tensors)) != 1:
        raise ValueError('To clone a `Sequential` model, we expect  at most '
                         'one tensor as part of `input_tensors`.')
    x = to_list(input_tensors)[0]
    if K.is_keras_tensor(x):
        origin_layer = x._keras_history[0]
        if isinstance(origin_layer, InputLayer):
            return Sequential(layers=[origin_layer] + layers, name=model.name)
        raise ValueError('Cannot clone a `Sequential` model on top of a '
                         'tensor that comes from a Keras layer other than an '
                         '`InputLayer`. Use the functional API instead.')
    input_layer = Input(tensor=x, name='input_wrapper_for_' + str(x.name))
    return Sequential(layers=[input_layer._keras_history[0]] + layers,
                      name=model.name)


def clone_model(model, input_tensors=None):
    """A copy of `model` with new layers (new weights, not copied: use
    `set_weights(model.get_weights())` for that).

    Args:
        model: a functional Model or a Sequential model.
        input_tensors: optional tensors to build the copy on; placeholders
            are created otherwise.
    """
    if isinstance(model, Sequential):
        return _clone_sequential_model(model, input_tensors=input_tensors)
    return _clone_functional_model(model, input_tensors=input_tensors)
