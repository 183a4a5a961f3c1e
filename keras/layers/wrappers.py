"""Wrappers: layers that take another layer and change how it is applied.

- `TimeDistributed(layer)` applies `layer` to every step of axis 1: the
  input `(batch, time, ...)` is folded to `(batch * time, ...)`, the inner
  layer runs once on it (one call, whatever the number of steps) and its
  output is unfolded to `(batch, time, ...)`. The inner layer's `call` runs
  on the folded tensor, so what it records per input (BatchNormalization's
  moving-average updates, conditional losses) is keyed by that tensor:
  `_input_map` maps the wrapper's inputs to it, and `get_updates_for` /
  `get_losses_for` look the inner layer's up through the map.
- `Bidirectional(layer)` runs a recurrent layer forwards and a copy of it
  (`go_backwards` flipped) backwards over the same input and merges the two
  outputs. See keras/layers/recurrent/base_rnn.py for how states,
  constants and masks reach an RNN's `call`.

The weights of a wrapper are its inner layers'; with TimeDistributed they
are built in the wrapper's name scope (`time_distributed_1/kernel`), with
Bidirectional in each direction's (`bidirectional_1/forward_lstm_1/kernel`),
as 2.3.1 named them.
"""
import copy

from keras import backend as K
from keras.engine.base_layer import Layer
from keras.engine.base_layer import _unique
from keras.engine.input_spec import InputSpec
from keras.layers.recurrent.base_rnn import _standardize_args
from keras.layers.recurrent.cell_base import build_in_scope_of
from keras.utils.argument_validation import check_choice
from keras.utils.generic_utils import has_arg
from keras.utils.generic_utils import object_list_uid
from keras.utils.generic_utils import to_list

_MERGE_MODES = ('sum', 'mul', 'ave', 'concat', None)


class Wrapper(Layer):
    """Abstract base class of the layers that wrap another layer.

    The wrapper's weights, updates and losses are the wrapped layer's (plus
    what the wrapper adds itself); `trainable` is the wrapped layer's.

    Args:
        layer: the layer to wrap.
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError('Please initialize `%s` layer with a `Layer` '
                             'instance. You passed: %r'
                             % (self.__class__.__name__, layer))
        self.layer = layer
        # The wrapped layer keeps its own `trainable` unless one is given.
        kwargs.setdefault('trainable', layer.trainable)
        super(Wrapper, self).__init__(**kwargs)
        # Inner inputs (e.g. the folded tensor of TimeDistributed) keyed by
        # the uid of the wrapper's inputs.
        self._input_map = {}

    def _wrapped_layers(self):
        """The layers whose weights, updates and losses are the wrapper's."""
        return [self.layer]

    def build(self, input_shape=None):
        if not self.layer.built:
            with build_in_scope_of(self, self.layer):
                self.layer.build(input_shape)
            self.layer.built = True
        self.built = True

    @property
    def activity_regularizer(self):
        return getattr(self.layer, 'activity_regularizer', None)

    @activity_regularizer.setter
    def activity_regularizer(self, value):
        self.layer.activity_regularizer = value

    @property
    def trainable(self):
        return self.layer.trainable

    @trainable.setter
    def trainable(self, value):
        self.layer.trainable = value

    # Weights, updates and losses: the wrapped layers'.

    @property
    def trainable_weights(self):
        weights = list(self._trainable_weights) if self.trainable else []
        for layer in self._wrapped_layers():
            weights += layer.trainable_weights
        return _unique(weights)

    @trainable_weights.setter
    def trainable_weights(self, weights):
        self._trainable_weights = list(weights)

    @property
    def non_trainable_weights(self):
        weights = list(self._non_trainable_weights)
        if not self.trainable:
            weights = list(self._trainable_weights) + weights
        for layer in self._wrapped_layers():
            weights += layer.non_trainable_weights
        return _unique(weights)

    @non_trainable_weights.setter
    def non_trainable_weights(self, weights):
        self._non_trainable_weights = list(weights)

    def get_weights(self):
        return self.layer.get_weights()

    def set_weights(self, weights):
        self.layer.set_weights(weights)

    def _inner_inputs(self, inputs):
        if inputs is None:
            return None
        return self._input_map.get(object_list_uid(inputs), inputs)

    @property
    def updates(self):
        updates = list(self._updates)
        for layer in self._wrapped_layers():
            updates += layer.updates
        return _unique(updates)

    def get_updates_for(self, inputs):
        inner_inputs = self._inner_inputs(inputs)
        updates = list(self._per_input_updates.get(
            self._inputs_key(inputs), []))
        for layer in self._wrapped_layers():
            updates += layer.get_updates_for(inner_inputs)
        return _unique(updates)

    @property
    def losses(self):
        losses = list(self._losses)
        for layer in self._wrapped_layers():
            losses += layer.losses
        return _unique(losses)

    def get_losses_for(self, inputs):
        inner_inputs = self._inner_inputs(inputs)
        losses = list(self._per_input_losses.get(
            self._inputs_key(inputs), []))
        for layer in self._wrapped_layers():
            losses += layer.get_losses_for(inner_inputs)
        return _unique(losses)

    # Configuration.

    def get_config(self):
        config = {'layer': {'class_name': self.layer.__class__.__name__,
                            'config': self.layer.get_config()}}
        base_config = super(Wrapper, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from keras.layers import deserialize as deserialize_layer
        config = dict(config)
        layer = deserialize_layer(config.pop('layer'),
                                  custom_objects=custom_objects)
        return cls(layer, **config)


def _size(tensor, axis, static):
    """Dimension `axis` of `tensor`: the static size when known, else
    `K.shape(tensor)[axis]`."""
    return static if static is not None else K.shape(tensor)[axis]


class TimeDistributed(Wrapper):
    """Applies a layer to every temporal slice of an input.

    The input's axis 1 is the time axis: for a batch of 32 sequences of
    10 vectors of 16 dimensions, `(32, 10, 16)`,
    `TimeDistributed(Dense(8))` outputs `(32, 10, 8)` with the same Dense
    weights at every step. It works with any layer, models included
    (`TimeDistributed(vision_model)` applies a model to every frame of a
    video), e.g. `TimeDistributed(Conv2D(64, (3, 3)))` on
    `(batch, 10, 299, 299, 3)` inputs.

    Args:
        layer: a layer instance (or model).

    Input shape:
        `(batch, time, ...)`: at least 3D; `(batch, ...)` is what `layer`
        takes.

    Output shape:
        `(batch, time, ...)` where `...` is `layer`'s output shape.
    """

    def __init__(self, layer, **kwargs):
        super(TimeDistributed, self).__init__(layer, **kwargs)
        self.supports_masking = True
        self._mask_map = {}

    @staticmethod
    def _inner_shape(input_shape):
        return (input_shape[0],) + tuple(input_shape[2:])

    def build(self, input_shape):
        input_shape = tuple(input_shape)
        if len(input_shape) < 3:
            raise ValueError('`TimeDistributed` Layer should be passed an '
                             '`input_shape` with at least 3 dimensions '
                             '(batch, time, ...), received: ' +
                             str(input_shape))
        self.input_spec = InputSpec(shape=(None,) + input_shape[1:])
        super(TimeDistributed, self).build(self._inner_shape(input_shape))

    def compute_output_shape(self, input_shape):
        inner_shape = self.layer.compute_output_shape(
            self._inner_shape(input_shape))
        return (inner_shape[0], input_shape[1]) + tuple(inner_shape[1:])

    @staticmethod
    def _fold(x):
        """(batch, time, ...) -> (batch * time, ...)."""
        shape = K.int_shape(x)
        return K.reshape(x, (-1,) + tuple(_size(x, i, shape[i])
                                          for i in range(2, len(shape))))

    @staticmethod
    def _unfold(y, timesteps):
        """(batch * time, ...) -> (batch, time, ...)."""
        shape = K.int_shape(y)
        return K.reshape(y, (-1, timesteps) + tuple(
            _size(y, i, shape[i]) for i in range(1, len(shape))))

    def _folded(self, tensor, cache):
        """`_fold(tensor)`, made once per tensor: `call` and
        `compute_mask` give the inner layer the same folded tensors (a
        model caches its outputs and masks per inputs and masks)."""
        key = object_list_uid(tensor)
        if key not in cache:
            cache[key] = self._fold(tensor)
        return cache[key]

    def _folded_inputs(self, inputs):
        return self._folded(inputs, self._input_map)

    def _folded_mask(self, mask):
        return self._folded(mask, self._mask_map)

    def call(self, inputs, training=None, mask=None):
        kwargs = {}
        if has_arg(self.layer.call, 'training'):
            kwargs['training'] = training
        if mask is not None and has_arg(self.layer.call, 'mask'):
            kwargs['mask'] = self._folded_mask(mask)
        timesteps = _size(inputs, 1, K.int_shape(inputs)[1])
        folded = self._folded_inputs(inputs)
        y = self.layer.call(folded, **kwargs)
        output = self._unfold(y, timesteps)
        if getattr(y, '_uses_learning_phase', False):
            output._uses_learning_phase = True
        return output

    def compute_mask(self, inputs, mask=None):
        """The inner layer's mask for the folded inputs, unfolded to
        `(batch, time, ...)`; where the inner layer gives none, the input
        mask reduced to `(batch, time)` (or None without one)."""
        inner_mask = None if mask is None else self._folded_mask(mask)
        if not getattr(self.layer, 'supports_masking', False):
            inner_mask = None
        output_mask = self.layer.compute_mask(self._folded_inputs(inputs),
                                              inner_mask)
        if output_mask is not None and output_mask is inner_mask:
            return mask  # passed through unchanged: no need to unfold
        if output_mask is None:
            if mask is None:
                return None
            while K.ndim(mask) > 2:
                mask = K.any(mask, axis=-1)
            return mask
        timesteps = _size(inputs, 1, K.int_shape(inputs)[1])
        return self._unfold(output_mask, timesteps)


def _own_copy(layer, name):
    """A shallow copy of `layer` (sharing its cell and any weights it has)
    with its own name and bookkeeping, so that the copy's calls, updates
    and input specs are not the original's."""
    twin = copy.copy(layer)
    state = twin.__dict__
    state['_inbound_nodes'] = []
    state['_outbound_nodes'] = []
    for attribute in ('_losses', '_updates', '_metrics', '_trainable_weights',
                      '_non_trainable_weights', '_layers'):
        if attribute in state:
            state[attribute] = list(state[attribute])
    for attribute in ('_per_input_losses', '_per_input_updates'):
        if attribute in state:
            state[attribute] = dict(state[attribute])
    if isinstance(state.get('input_spec'), list):
        state['input_spec'] = list(state['input_spec'])
    twin.name = name
    return twin


class Bidirectional(Wrapper):
    """Bidirectional wrapper for RNNs.

    Runs `layer` over the sequence forwards and a copy of it backwards
    (`go_backwards` flipped, its own weights), then merges the outputs;
    with `return_sequences` the backward outputs are reversed in time first
    so that step t of both is merged.

    Args:
        layer: a recurrent layer instance (RNN, SimpleRNN, GRU, LSTM, ...).
        merge_mode: how the outputs are combined: 'concat' (last axis),
            'sum', 'mul', 'ave', or None (a list `[forward, backward]`).
        weights: initial weights, the forward layer's followed by the
            backward layer's.

    Call arguments:
        inputs, mask, training: as for the wrapped layer.
        initial_state: the forward layer's states followed by the backward
            layer's (an even number of tensors).
        constants: tensors given to both cells at every step.

    Input shape:
        3D tensor `(batch, timesteps, input_dim)`.

    Output shape:
        The wrapped layer's, with the last axis doubled for 'concat'; a
        list of two for merge_mode None; with `return_state`, followed by
        the forward states and then the backward states.

    Raises:
        ValueError: for a `merge_mode` other than the ones above.
    """

    def __init__(self, layer, merge_mode='concat', weights=None, **kwargs):
        check_choice(merge_mode, 'merge_mode', 'Bidirectional', _MERGE_MODES)
        if not isinstance(layer, Layer) or not hasattr(layer,
                                                       'go_backwards'):
            raise ValueError('`Bidirectional` wraps a recurrent layer '
                             '(with `go_backwards`, e.g. LSTM(10)); '
                             'received: %r' % (layer,))
        self.forward_layer = _own_copy(layer, 'forward_' + layer.name)
        config = layer.get_config()
        config['go_backwards'] = not config['go_backwards']
        config['name'] = 'backward_' + layer.name
        self.backward_layer = layer.__class__.from_config(config)
        self._trainable = layer.trainable
        super(Bidirectional, self).__init__(layer, **kwargs)
        self.merge_mode = merge_mode
        self._initial_split_weights = None
        if weights:
            half = len(weights) // 2
            self._initial_split_weights = (list(weights[:half]),
                                           list(weights[half:]))
        self.stateful = layer.stateful
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True
        self._num_constants = None
        spec = layer.input_spec
        self.input_spec = list(spec) if isinstance(spec, list) else spec

    def _wrapped_layers(self):
        return [self.forward_layer, self.backward_layer]

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = value
        self.forward_layer.trainable = value
        self.backward_layer.trainable = value

    def get_weights(self):
        return (self.forward_layer.get_weights() +
                self.backward_layer.get_weights())

    def set_weights(self, weights):
        half = len(weights) // 2
        self.forward_layer.set_weights(weights[:half])
        self.backward_layer.set_weights(weights[half:])

    def build(self, input_shape):
        # Each direction names its weights in its own scope (its
        # `add_weight` opens it): bidirectional_1/forward_lstm_1/kernel.
        for layer in (self.forward_layer, self.backward_layer):
            if not layer.built:
                layer.build(input_shape)
                layer.built = True
        if self._initial_split_weights is not None:
            forward_weights, backward_weights = self._initial_split_weights
            self.forward_layer.set_weights(forward_weights)
            self.backward_layer.set_weights(backward_weights)
            self._initial_split_weights = None
        self.built = True

    def reset_states(self):
        self.forward_layer.reset_states()
        self.backward_layer.reset_states()

    def compute_output_shape(self, input_shape):
        output_shape = self.forward_layer.compute_output_shape(input_shape)
        state_shapes = []
        if self.return_state:
            state_shapes = list(output_shape[1:])
            output_shape = output_shape[0]
        output_shape = tuple(output_shape)
        if self.merge_mode == 'concat':
            last = output_shape[-1]
            output_shapes = [output_shape[:-1] +
                             (None if last is None else 2 * last,)]
        elif self.merge_mode is None:
            output_shapes = [output_shape, output_shape]
        else:
            output_shapes = [output_shape]
        if self.return_state:
            return output_shapes + state_shapes + state_shapes
        if self.merge_mode is None:
            return output_shapes
        return output_shapes[0]

    def compute_mask(self, inputs, mask):
        if isinstance(mask, list):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        output_masks = [output_mask] * (2 if self.merge_mode is None else 1)
        if self.return_state:
            state_count = len(self.forward_layer.states)
            return output_masks + [None] * (2 * state_count)
        if self.merge_mode is None:
            return output_masks
        return output_mask

    def __call__(self, inputs, initial_state=None, constants=None, **kwargs):
        inputs, initial_state, constants = _standardize_args(
            inputs, initial_state, constants, self._num_constants)
        if initial_state is None and constants is None:
            return super(Bidirectional, self).__call__(inputs, **kwargs)

        additional_inputs = []
        additional_specs = []
        if initial_state is not None:
            if len(initial_state) % 2:
                raise ValueError('When passing `initial_state` to a '
                                 'Bidirectional RNN, the state should be a '
                                 'list containing the states of the '
                                 'underlying RNNs (the forward ones, then '
                                 'the backward ones: an even number). '
                                 'Found: ' + str(initial_state))
            half = len(initial_state) // 2
            state_specs = [InputSpec(shape=K.int_shape(state))
                           for state in initial_state]
            self.forward_layer.state_spec = state_specs[:half]
            self.backward_layer.state_spec = state_specs[half:]
            additional_inputs += initial_state
            additional_specs += state_specs
        if constants is not None:
            constants_specs = [InputSpec(shape=K.int_shape(constant))
                               for constant in constants]
            self._num_constants = len(constants)
            for layer in (self.forward_layer, self.backward_layer):
                layer.constants_spec = constants_specs
                layer._num_constants = self._num_constants
            additional_inputs += constants
            additional_specs += constants_specs

        keras_tensors = [K.is_keras_tensor(t) for t in additional_inputs]
        if any(keras_tensors) and not all(keras_tensors):
            raise ValueError('The initial state or constants of a '
                             'Bidirectional layer cannot be specified with '
                             'a mix of Keras tensors and non-Keras tensors')
        if all(keras_tensors):
            # They become inputs of the node; the spec covers them for this
            # call only.
            original_spec = self.input_spec
            self.input_spec = to_list(original_spec)[:1] + additional_specs
            try:
                return super(Bidirectional, self).__call__(
                    [inputs] + additional_inputs, **kwargs)
            finally:
                self.input_spec = original_spec
        if initial_state is not None:
            kwargs['initial_state'] = initial_state
        if constants is not None:
            kwargs['constants'] = constants
        return super(Bidirectional, self).__call__(inputs, **kwargs)

    def call(self, inputs, mask=None, training=None, initial_state=None,
             constants=None):
        if isinstance(inputs, list):
            # [x, *forward states, *backward states, *constants]
            x = inputs[0]
            extra = list(inputs[1:])
            if self._num_constants:
                constants = extra[-self._num_constants:]
                extra = extra[:-self._num_constants]
            if extra:
                initial_state = extra
            # The directions' calls record their updates for `x`.
            self._input_map[object_list_uid(inputs)] = x
        else:
            x = inputs
        if isinstance(mask, list):
            mask = mask[0]

        kwargs = {}
        for name, value in (('training', training), ('mask', mask),
                            ('constants', constants)):
            if has_arg(self.layer.call, name):
                kwargs[name] = value
        forward_kwargs = dict(kwargs)
        backward_kwargs = dict(kwargs)
        if initial_state is not None:
            half = len(initial_state) // 2
            forward_kwargs['initial_state'] = list(initial_state[:half])
            backward_kwargs['initial_state'] = list(initial_state[half:])
        y = self.forward_layer.call(x, **forward_kwargs)
        y_rev = self.backward_layer.call(x, **backward_kwargs)

        states = []
        if self.return_state:
            states = list(y[1:]) + list(y_rev[1:])
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = K.reverse(y_rev, 1)
        if self.merge_mode == 'concat':
            outputs = [K.concatenate([y, y_rev])]
        elif self.merge_mode == 'sum':
            outputs = [y + y_rev]
        elif self.merge_mode == 'ave':
            outputs = [(y + y_rev) / 2]
        elif self.merge_mode == 'mul':
            outputs = [y * y_rev]
        else:
            outputs = [y, y_rev]

        if (getattr(y, '_uses_learning_phase', False) or
                getattr(y_rev, '_uses_learning_phase', False)):
            for output in outputs:
                output._uses_learning_phase = True
        if self.return_state:
            return outputs + states
        if self.merge_mode is None:
            return outputs
        return outputs[0]

    def get_config(self):
        config = {'merge_mode': self.merge_mode}
        if self._num_constants is not None:
            config['num_constants'] = self._num_constants
        base_config = super(Bidirectional, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from keras.layers import deserialize as deserialize_layer
        config = dict(config)
        rnn_layer = deserialize_layer(config.pop('layer'),
                                      custom_objects=custom_objects)
        num_constants = config.pop('num_constants', None)
        layer = cls(rnn_layer, **config)
        layer._num_constants = num_constants
        for direction in (layer.forward_layer, layer.backward_layer):
            direction._num_constants = num_constants
        return layer
