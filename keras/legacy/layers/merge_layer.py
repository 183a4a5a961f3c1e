"""Keras 1's `Merge` layer and `merge` function, which Keras 2 replaced by
one layer per mode (`Add`, `Concatenate`, ... in keras.layers.merge).

`Merge` wraps the Keras 2 layer of its mode (a `Lambda` for a function)
and warns, naming it. It merges Keras tensors when called on a list of
them, and, given `layers` (Keras 1: layers or models, typically two
Sequential models), it is connected to their outputs as soon as it is
created, so that it can start a Sequential model whose inputs are the
inputs of all the merged models:

    model = Sequential()
    model.add(Merge([left, right], mode='concat'))
    model.add(Dense(10))
    model.fit([x_left, x_right], y)

Keras 1 code imports both names from keras.layers. There, `merge` is the
module keras.layers.merge (the Keras 2 merge functions), as in Keras 2.3.1;
this module makes that module callable as the Keras 1 `merge` function, so
that `merge([a, b], mode='sum')` and `merge.Add` both work.
"""
import inspect
import numbers
import sys
import types
import warnings

from keras import backend as K
from keras.engine.base_layer import Layer
from keras.engine.network import Network
from keras.layers import merge as merge_module
from keras.layers.core.lambda_layer import Lambda
from keras.utils.generic_utils import deserialize_keras_object
from keras.utils.generic_utils import func_dump
from keras.utils.generic_utils import func_load
from keras.utils.generic_utils import to_list
from keras.utils.generic_utils import unpack_singleton

MODES = ('sum', 'mul', 'concat', 'ave', 'cos', 'dot', 'max')

_ELEMENTWISE = {'sum': ('Add', 'add'),
                'mul': ('Multiply', 'multiply'),
                'ave': ('Average', 'average'),
                'max': ('Maximum', 'maximum')}


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value,
                                                                  bool)


def _check_arguments(mode, concat_axis, dot_axes, output_shape):
    if not (callable(mode) or (isinstance(mode, str) and mode in MODES)):
        raise ValueError('Merge: `mode` must be one of ' +
                         ', '.join(repr(m) for m in MODES) +
                         ' or a function of the list of inputs; received '
                         '%r.' % (mode,))
    if not _is_int(concat_axis):
        raise ValueError('Merge: `concat_axis` must be an integer; received '
                         '%r.' % (concat_axis,))
    if not (_is_int(dot_axes) or (isinstance(dot_axes, (list, tuple)) and
                                  len(dot_axes) == 2 and
                                  all(_is_int(a) for a in dot_axes))):
        raise ValueError('Merge: `dot_axes` must be an integer or a pair of '
                         'integers; received %r.' % (dot_axes,))
    if not (output_shape is None or callable(output_shape) or
            isinstance(output_shape, (tuple, list))):
        raise ValueError('Merge: `output_shape` must be a tuple, a list or a '
                         'function of the input shapes; received %r.'
                         % (output_shape,))


def _keras2_equivalent(mode, concat_axis, dot_axes, function_name=False):
    """The Keras 2 layer (or function) doing what `mode` does."""
    if callable(mode):
        return '`keras.layers.Lambda(function, output_shape=...)`'
    if mode in _ELEMENTWISE:
        layer, function = _ELEMENTWISE[mode]
        return ('`keras.layers.%s(inputs)`' % function if function_name
                else '`keras.layers.%s()`' % layer)
    if mode == 'concat':
        if function_name:
            return ('`keras.layers.concatenate(inputs, axis=%d)`'
                    % concat_axis)
        return '`keras.layers.Concatenate(axis=%d)`' % concat_axis
    normalize = ', normalize=True' if mode == 'cos' else ''
    if function_name:
        return '`keras.layers.dot(inputs, axes=%r%s)`' % (dot_axes,
                                                         normalize)
    return '`keras.layers.Dot(axes=%r%s)`' % (dot_axes, normalize)


def _dump(value):
    """(value, type) as Keras 1 configs store functions."""
    if isinstance(value, types.FunctionType):
        return func_dump(value), 'lambda'
    if callable(value):
        return value.__name__, 'function'
    return value, 'raw'


def _load(value, value_type, custom_objects):
    if value_type == 'function':
        return deserialize_keras_object(
            value, custom_objects=custom_objects,
            printable_module_name='function in Merge layer')
    if value_type == 'lambda':
        globs = dict(globals())
        globs.update(custom_objects or {})
        return func_load(value, globs=globs)
    return value


class Merge(Layer):
    """Keras 1 layer merging a list of tensors according to `mode`.

    Args:
        layers: optional list of at least 2 layers, models or Keras
            tensors: the layer is applied to their outputs at once.
        mode: 'sum' (default), 'mul', 'concat', 'ave', 'cos', 'dot',
            'max', or a function of the list of input tensors returning a
            tensor.
        concat_axis: the concatenation axis ('concat').
        dot_axes: int or pair of ints, the axes to contract ('dot', 'cos').
        output_shape: with a function `mode`: the output shape without the
            batch axis (tuple), or a function of the list of input shapes;
            None: inferred.
        output_mask: with a function `mode`: the output mask, or a
            function of the list of input masks.
        arguments: keyword arguments for a function `mode`.
        node_indices: with `layers`, the node of each layer whose output
            is merged (default: 0 each).
        tensor_indices: with `layers`, the output of that node to merge
            (default: 0 each).
        name: the layer's name.

    The modes are the Keras 2 layers `Add`, `Multiply`, `Concatenate`,
    `Average`, `Dot`, `Dot(normalize=True)` (cosine) and `Maximum`; a
    model merged through `layers` is called on its own inputs.
    """

    def __init__(self, layers=None, mode='sum', concat_axis=-1, dot_axes=-1,
                 output_shape=None, output_mask=None, arguments=None,
                 node_indices=None, tensor_indices=None, name=None,
                 **kwargs):
        _check_arguments(mode, concat_axis, dot_axes, output_shape)
        warnings.warn('The `Merge` layer is deprecated (Keras 1) and will be '
                      'removed after 08/2017. Use instead the layers of '
                      '`keras.layers.merge`: here ' +
                      _keras2_equivalent(mode, concat_axis, dot_axes) +
                      ', with the functional API when merging models.',
                      stacklevel=2)
        super(Merge, self).__init__(name=name, **kwargs)
        self.mode = mode
        self.concat_axis = int(concat_axis)
        self.dot_axes = (int(dot_axes) if _is_int(dot_axes)
                         else tuple(int(a) for a in dot_axes))
        self._output_shape = (tuple(output_shape)
                              if isinstance(output_shape, list)
                              else output_shape)
        self._output_mask = output_mask
        self.arguments = dict(arguments or {})
        self.supports_masking = True
        # Not assigned as an attribute: that would make it a tracked
        # sub-layer (it has no weights, and is an implementation detail).
        self.__dict__['_merge_layer'] = self._make_merge_layer()
        self._merged_layers = None
        # Sequential.add takes a layer with this flag, connected at
        # creation, as its start (its inputs are the model's inputs).
        self._merges_models = False
        if layers is not None:
            self._connect(layers, node_indices, tensor_indices)

    def _make_merge_layer(self):
        mode, name = self.mode, self.name
        if callable(mode):
            return Lambda(mode, output_shape=self._output_shape,
                          arguments=self.arguments, name=name)
        if mode in _ELEMENTWISE:
            return getattr(merge_module, _ELEMENTWISE[mode][0])(name=name)
        if mode == 'concat':
            return merge_module.Concatenate(axis=self.concat_axis, name=name)
        return merge_module.Dot(axes=self.dot_axes,
                                normalize=(mode == 'cos'), name=name)

    def _connect(self, layers, node_indices, tensor_indices):
        """Applies the layer to the outputs of `layers` (Keras 1 style)."""
        if not isinstance(layers, (list, tuple)) or len(layers) < 2:
            raise ValueError('A Merge should only be applied to a list of '
                             'layers with at least 2 elements. Found: ' +
                             str(layers))
        layers = list(layers)
        node_indices = list(node_indices or [0] * len(layers))
        tensor_indices = list(tensor_indices or [0] * len(layers))
        if len(node_indices) != len(layers) or \
                len(tensor_indices) != len(layers):
            raise ValueError('Merge: `node_indices` and `tensor_indices` '
                             'need one entry per merged layer (%d).'
                             % len(layers))
        tensors = []
        for layer, node_index, tensor_index in zip(layers, node_indices,
                                                   tensor_indices):
            tensors.append(_output_of(layer, node_index, tensor_index))
        self._merged_layers = layers
        self._merges_models = True
        self(tensors)

    def build(self, input_shape):
        if not isinstance(input_shape, list) or len(input_shape) < 2:
            raise ValueError('A Merge layer should be called on a list of at '
                             'least 2 inputs; received input shape %s.'
                             % (input_shape,))
        self._merge_layer.build(input_shape)
        self._merge_layer.built = True
        self.built = True

    def call(self, inputs, mask=None):
        if not isinstance(inputs, list) or len(inputs) < 2:
            raise ValueError('A Merge layer should be called on a list of at '
                             'least 2 inputs. Got: ' + str(inputs))
        if callable(self.mode):
            return self._merge_layer.call(inputs, mask=mask)
        return self._merge_layer.call(inputs)

    def compute_output_shape(self, input_shape):
        return self._merge_layer.compute_output_shape(input_shape)

    def compute_mask(self, inputs, mask=None):
        if mask is None or all(m is None for m in to_list(mask)):
            return None
        if not callable(self.mode):
            return self._merge_layer.compute_mask(inputs, mask)
        if callable(self._output_mask):
            # Keras 1: a function of the list of input masks; a function
            # of (inputs, mask) as for Lambda is accepted too.
            if len(_positional_names(self._output_mask)) > 1:
                return self._output_mask(inputs, mask)
            return self._output_mask(mask)
        return self._output_mask

    def get_config(self):
        mode, mode_type = _dump(self.mode)
        output_shape, output_shape_type = _dump(self._output_shape)
        output_mask, output_mask_type = _dump(self._output_mask)
        config = {'mode': mode,
                  'mode_type': mode_type,
                  'concat_axis': self.concat_axis,
                  'dot_axes': self.dot_axes,
                  'output_shape': output_shape,
                  'output_shape_type': output_shape_type,
                  'output_mask': output_mask,
                  'output_mask_type': output_mask_type,
                  'arguments': self.arguments}
        if self._merged_layers and all(isinstance(layer, Network)
                                       for layer in self._merged_layers):
            # Keras 1: a Sequential model starting with a Merge of models
            # saves the models here (layers are saved by the graph).
            config['layers'] = [{'class_name': layer.__class__.__name__,
                                 'config': layer.get_config()}
                                for layer in self._merged_layers]
        base_config = super(Merge, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from keras.layers import deserialize as deserialize_layer
        config = dict(config)
        if config.get('layers'):
            config['layers'] = [deserialize_layer(layer_config,
                                                  custom_objects)
                                for layer_config in config['layers']]
        for key in ('mode', 'output_shape', 'output_mask'):
            value_type = config.pop(key + '_type', 'raw')
            if key in config:
                config[key] = _load(config[key], value_type, custom_objects)
        with warnings.catch_warnings():
            warnings.filterwarnings('ignore', message='The `Merge` layer')
            return cls(**config)


def _positional_names(function):
    return [p.name for p in inspect.signature(function).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


def _output_of(layer, node_index, tensor_index):
    """The tensor a Keras 1 `Merge(layers=...)` merges for `layer`."""
    if hasattr(layer, '_keras_history'):
        return layer  # already a Keras tensor
    if not isinstance(layer, Layer):
        raise TypeError('Merge: `layers` must be layers, models or Keras '
                        'tensors; received %r.' % (layer,))
    if isinstance(layer, Network) and node_index == 0:
        # A model: called on its own inputs, so that it is one layer (with
        # its weights) of the model the Merge is added to.
        if not layer.inputs:
            raise ValueError('Merge: the model "%s" has no inputs yet: give '
                             'its first layer an `input_shape` (or '
                             '`input_dim`) before merging it.' % layer.name)
        outputs = to_list(layer(unpack_singleton(list(layer.inputs))))
        return outputs[tensor_index]
    if len(layer._inbound_nodes) <= node_index:
        raise ValueError('Merge: layer "%s" has %d nodes, there is no node '
                         '%d to merge; call the layer on its inputs first.'
                         % (layer.name, len(layer._inbound_nodes),
                            node_index))
    return layer._inbound_nodes[node_index].output_tensors[tensor_index]


def _merge(inputs, mode, concat_axis, dot_axes, output_shape, output_mask,
           arguments, name, stacklevel):
    _check_arguments(mode, concat_axis, dot_axes, output_shape)
    warnings.warn('The `merge` function is deprecated (Keras 1) and will be '
                  'removed after 08/2017. Use instead the functions of '
                  '`keras.layers.merge`: here ' +
                  _keras2_equivalent(mode, concat_axis, dot_axes,
                                     function_name=True) + '.',
                  stacklevel=stacklevel)
    if not isinstance(inputs, (list, tuple)):
        raise ValueError('merge: `inputs` must be a list of at least 2 '
                         'tensors; received %r.' % (inputs,))
    with warnings.catch_warnings():
        warnings.filterwarnings('ignore', message='The `Merge` layer')
        layer = Merge(mode=mode, concat_axis=concat_axis, dot_axes=dot_axes,
                      output_shape=output_shape, output_mask=output_mask,
                      arguments=arguments, name=name)
    inputs = list(inputs)
    if all(hasattr(x, '_keras_history') for x in inputs):
        return layer(inputs)
    # Plain backend tensors: compute the merge without recording a node.
    layer.build([K.int_shape(x) for x in inputs])
    return layer.call(inputs)


def merge(inputs, mode='sum', concat_axis=-1, dot_axes=-1, output_shape=None,
          output_mask=None, arguments=None, name=None):
    """Keras 1 functional interface to `Merge`: merges a list of tensors
    (Keras tensors: the result is a Keras tensor) according to `mode`.

    Args:
        inputs: list of at least 2 tensors.
        mode, concat_axis, dot_axes, output_shape, output_mask, arguments,
            name: as for `Merge`.

    Returns:
        The merged tensor.
    """
    return _merge(inputs, mode, concat_axis, dot_axes, output_shape,
                  output_mask, arguments, name, stacklevel=3)


class _CallableModule(types.ModuleType):
    """keras.layers.merge, callable as the Keras 1 `merge` function."""

    def __call__(self, inputs, mode='sum', concat_axis=-1, dot_axes=-1,
                 output_shape=None, output_mask=None, arguments=None,
                 name=None):
        return _merge(inputs, mode, concat_axis, dot_axes, output_shape,
                      output_mask, arguments, name, stacklevel=3)


def _make_merge_module_callable():
    module = sys.modules[merge_module.__name__]
    if not isinstance(module, _CallableModule):
        module.__class__ = _CallableModule


_make_merge_module_callable()
