"""Sequential: a linear stack of layers."""
import copy
import warnings

from keras import backend as K
from keras.engine.base_layer import Layer
from keras.engine.input_layer import Input
from keras.engine.input_layer import InputLayer
from keras.engine.network import Network
from keras.engine.training import Model
from keras.utils import layer_utils

_SINGLE_OUTPUT_ERROR = ('All layers in a Sequential model should have a '
                        'single output tensor. For multi-output layers, use '
                        'the functional API.')


class Sequential(Model):
    """A model made of layers applied one after the other.

    The graph is built as soon as the input shape is known: when the first
    layer has an `input_shape` (or `batch_input_shape`, `input_dim`), at
    `build(input_shape)`, or when the model is first called or trained.

    Args:
        layers: list of layers to add.
        name: the model's name.

    Example:
        model = Sequential()
        model.add(Dense(32, input_dim=500))
        model.add(Dense(10, activation='softmax'))
    """

    def __init__(self, layers=None, name=None):
        super(Sequential, self).__init__(name=name)
        self._build_input_shape = None
        for layer in layers or []:
            self.add(layer)

    @property
    def layers(self):
        # The InputLayer created for the first layer is not part of the
        # stack the user built (2.3.1 leaves it out too).
        # (A Keras 1 Merge of models as first layer brings one per model.)
        if self._layers and isinstance(self._layers[0], InputLayer):
            return [layer for layer in self._layers
                    if not isinstance(layer, InputLayer)]
        return self._layers

    @property
    def model(self):
        warnings.warn('`Sequential.model` is deprecated. `Sequential` is a '
                      'subclass of `Model`, you can just use your '
                      '`Sequential` instance directly.')
        return self

    def add(self, layer):
        """Adds a layer on top of the stack.

        Raises:
            TypeError: if `layer` is not a Layer, or has several outputs.
            ValueError: for an empty model given as first layer.
        """
        if not isinstance(layer, Layer):
            raise TypeError('The added layer must be an instance of class '
                            'Layer. Found: ' + str(layer))
        self.built = False
        if not self._layers:
            # A Keras 1 `Merge([model_a, model_b])` is connected when made:
            # the merged models' inputs become this model's inputs.
            if isinstance(layer, InputLayer) or getattr(
                    layer, '_merges_models', False):
                self._set_io_from(layer)
            else:
                first_layer = layer
                if isinstance(layer, Network):
                    if not layer.layers:
                        raise ValueError('Cannot add an empty model to a '
                                         '`Sequential` model.')
                    # Nested models: the deepest first layer knows the shape.
                    first_layer = layer.layers[0]
                    while isinstance(first_layer, Network):
                        first_layer = first_layer.layers[0]
                if hasattr(first_layer, 'batch_input_shape'):
                    x = Input(batch_shape=first_layer.batch_input_shape,
                              dtype=first_layer.dtype,
                              name=layer.name + '_input')
                    layer(x)
                    self._set_io_from(layer)
        elif self.outputs:
            output = layer(self.outputs[0])
            if isinstance(output, list):
                raise TypeError(_SINGLE_OUTPUT_ERROR)
            self.outputs = [output]
        if self.inputs:
            self.build()
        else:
            self._layers.append(layer)

    def _set_io_from(self, layer):
        if len(layer._inbound_nodes[-1].output_tensors) != 1:
            raise ValueError(_SINGLE_OUTPUT_ERROR)
        self.outputs = [layer._inbound_nodes[-1].output_tensors[0]]
        self.inputs = layer_utils.get_source_inputs(self.outputs[0])

    def pop(self):
        """Removes the last layer.

        Raises:
            TypeError: if there are no layers.
        """
        if not self.layers:
            raise TypeError('There are no layers in the model.')
        self._layers.pop()
        self.built = False
        if not self.layers:
            # Nothing left: the next add() starts a new stack, with a new
            # input layer.
            self._layers = []
            self.outputs = None
            self.inputs = None
        elif self.outputs:
            self.layers[-1]._outbound_nodes = []
            self.outputs = [self.layers[-1].output]
            self.build()

    def build(self, input_shape=None):
        """Builds the graph; `input_shape` (with the batch axis) is needed
        when the first layer did not declare one."""
        if input_shape and not self.inputs:
            x = Input(batch_shape=tuple(input_shape), dtype=K.floatx(),
                      name=self.name + '_input')
            self.inputs = [x]
            for layer in self._layers:
                x = layer(x)
            self.outputs = [x]
            self._build_input_shape = input_shape
        if self.inputs:
            self._init_graph_network(self.inputs, self.outputs,
                                     name=self.name)
            self.built = True

    def _init_graph_network(self, inputs, outputs, name=None, **kwargs):
        # Every add() rebuilds the network from scratch (as in 2.3.1, the
        # model must be compiled again), keeping what the user set.
        state = {key: self.__dict__[key]
                 for key in ('trainable', '_build_input_shape')
                 if key in self.__dict__}
        super(Sequential, self)._init_graph_network(inputs, outputs,
                                                    name=name, **kwargs)
        self.__dict__.update(state)

    def predict_proba(self, x, batch_size=32, verbose=0):
        """Predictions, warning if they are not in [0, 1]."""
        predictions = self.predict(x, batch_size, verbose)
        if predictions.min() < 0. or predictions.max() > 1.:
            warnings.warn('Network returning invalid probability values. The '
                          'last layer might not be a softmax.')
        return predictions

    def predict_classes(self, x, batch_size=32, verbose=0):
        """Class indices: the argmax of the predictions, or whether the
        single output is above 0.5 (int32)."""
        probabilities = self.predict(x, batch_size=batch_size,
                                     verbose=verbose)
        if probabilities.shape[-1] > 1:
            return probabilities.argmax(axis=-1)
        return (probabilities > 0.5).astype('int32')

    def get_config(self):
        """The 2.3.1 Sequential config: name and the list of layers."""
        layers = self.layers
        for index, layer in enumerate(layers):
            if getattr(layer, '_merges_models', False):
                # The models a Keras 1 Merge merges are in its config.
                layers = layers[index:]
                break
        layer_configs = [{'class_name': layer.__class__.__name__,
                          'config': layer.get_config()}
                         for layer in layers]
        config = {'name': self.name, 'layers': copy.deepcopy(layer_configs)}
        if self._build_input_shape:
            config['build_input_shape'] = self._build_input_shape
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from keras import layers as layer_module
        if 'name' in config:
            name = config['name']
            build_input_shape = config.get('build_input_shape')
            layer_configs = config['layers']
        else:
            # Keras < 2.2.3 saved the list of layers alone.
            name = build_input_shape = None
            layer_configs = config
        model = cls(name=name)
        for layer_config in layer_configs:
            model.add(layer_module.deserialize(layer_config,
                                               custom_objects=custom_objects))
        if not model.inputs and build_input_shape:
            model.build(build_input_shape)
        return model
