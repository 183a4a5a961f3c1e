"""The Keras 1 abstract recurrent layers: `Recurrent` and its convolutional
variant `ConvRecurrent2D`.

Keras 2 recurrent layers are an `RNN` iterating a cell; Keras 1 ones
subclassed `Recurrent` and implemented `step`. A Keras 1 subclass works
here as it did:

    class MyRNN(Recurrent):
        def __init__(self, output_dim, **kwargs):
            self.output_dim = output_dim
            super(MyRNN, self).__init__(**kwargs)

        def build(self, input_shape):
            self.states = [None]
            self.W = self.add_weight((input_shape[2], self.output_dim),
                                     initializer='glorot_uniform', name='W')
            ...
            if self.stateful:
                self.reset_states()

        def step(self, x, states):
            h = K.dot(x, self.W) + ...
            return h, [h]

The size of the output and of each state is `self.units` (Keras 2) or
`self.output_dim` (Keras 1); `self.states` holds one entry per state (the
state variables of a stateful layer, else None).
"""
import warnings

import numpy as np

from keras import backend as K
from keras.engine.base_layer import Layer
from keras.engine.input_spec import InputSpec
from keras.layers.recurrent.cell_base import set_state_values
from keras.utils import conv_utils
from keras.utils.argument_validation import check_int
from keras.utils.generic_utils import has_arg
from keras.utils.generic_utils import to_list

_CONSUME_LESS = {'cpu': 0, 'mem': 1, 'gpu': 2}


def _call_with_training(method, inputs, training):
    """Keras 1 `get_constants(x)` / `preprocess_input(x)` take no
    `training` argument; Keras 2 ones do."""
    if has_arg(method, 'training'):
        return method(inputs, training=training)
    return method(inputs)


def _mark_learning_phase(tensors):
    for tensor in tensors:
        try:
            tensor._uses_learning_phase = True
        except AttributeError:  # native values take no attributes
            pass


class Recurrent(Layer):
    """Abstract base class of the Keras 1 recurrent layers.

    Subclasses implement `build` (weights, and `self.states`: one None per
    state) and `step(inputs, states) -> (output, new_states)`, where
    `inputs` is one time step (batch, input_dim) and `states` the states
    followed by the constants of `get_constants`. They may override
    `get_initial_state(inputs)` (zeros of shape (batch, units) by default),
    `preprocess_input(inputs, training=None)` (applied to the whole
    sequence before the loop) and `get_constants(inputs, training=None)`.

    Args:
        return_sequences: return every step's output (batch, time, units),
            not only the last one (batch, units).
        return_state: also return the last states, after the output.
        go_backwards: process the sequence from its end; outputs are in
            processing order.
        stateful: the last states of a batch are the initial states of the
            next; needs a fixed batch size (`batch_input_shape`).
        unroll: unroll the loop (needs a fixed number of time steps).
        implementation: stored for subclasses (Keras 1 `consume_less`:
            'cpu' -> 0, 'mem' -> 1, 'gpu' -> 2).
        input_dim, input_length: Keras 1 shorthand for
            `input_shape=(input_length, input_dim)`.

    Input shape:
        3D tensor `(batch_size, timesteps, input_dim)`, or a list: the
        inputs followed by the initial states.

    Output shape:
        `(batch_size, units)`, `(batch_size, timesteps, units)` with
        return_sequences; with return_state a list: the output, then one
        `(batch_size, units)` tensor per state.
    """

    _replacement = ('write a cell (a layer with `call(inputs, states)` and '
                    '`state_size`) and iterate it with `keras.layers.RNN`')

    def __init__(self, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False,
                 implementation=0, **kwargs):
        name = self.__class__.__name__
        base = ('' if name in ('Recurrent', 'ConvRecurrent2D')
                else ' (a subclass of a Keras 1 recurrent base class)')
        warnings.warn('`' + name + '`' + base + ': the Keras 1 `Recurrent` '
                      'layers are deprecated; ' + self._replacement +
                      ' instead.', stacklevel=2)
        if 'consume_less' in kwargs:
            consume_less = kwargs.pop('consume_less')
            if consume_less not in _CONSUME_LESS:
                raise ValueError('%s: `consume_less` must be one of '
                                 '"cpu", "mem", "gpu"; received %r.'
                                 % (name, consume_less))
            implementation = _CONSUME_LESS[consume_less]
        if 'input_dim' in kwargs or 'input_length' in kwargs:
            input_shape = (kwargs.pop('input_length', None),
                           kwargs.pop('input_dim', None))
            kwargs.setdefault('input_shape', input_shape)
        super(Recurrent, self).__init__(**kwargs)
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll
        self.implementation = implementation
        self.supports_masking = True
        self.input_spec = [InputSpec(ndim=3)]
        self.state_spec = None
        # A Keras 1 subclass may set these before calling this __init__.
        for attribute, default in (('states', [None]), ('dropout', 0),
                                   ('recurrent_dropout', 0)):
            if attribute not in self.__dict__:
                setattr(self, attribute, default)
        self._seen_input_shape = None

    # Sizes.

    def _state_dim(self):
        units = getattr(self, 'units', None)
        if units is None:
            units = getattr(self, 'output_dim', None)
        if units is None:
            raise AttributeError(self.__class__.__name__ + ' must set '
                                 '`self.units` (or Keras 1 `self.output_dim`)'
                                 ', the size of its output and states.')
        return units

    def _state_shape(self, input_shape):
        """The shape of each state for an input of `input_shape`."""
        return (input_shape[0], self._state_dim())

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, list):
            input_shape = input_shape[0]
        state_shape = self._state_shape(input_shape)
        if self.return_sequences:
            output_shape = ((input_shape[0], input_shape[1]) +
                            tuple(state_shape[1:]))
        else:
            output_shape = tuple(state_shape)
        if self.return_state:
            return [output_shape] + [tuple(state_shape)
                                     for _ in self.states]
        return output_shape

    def compute_mask(self, inputs, mask):
        if isinstance(mask, list):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None for _ in self.states]
        return output_mask

    # What subclasses implement.

    def step(self, inputs, states):
        """`(output, new_states)` for one time step."""
        raise NotImplementedError

    def get_constants(self, inputs, training=None):
        """Tensors given to every step after the states."""
        return []

    def get_initial_state(self, inputs):
        """Zero states (batch, units), one per entry of `self.states`."""
        zeros = K.sum(K.zeros_like(inputs), axis=(1, 2))  # (batch,)
        zeros = K.expand_dims(zeros)                       # (batch, 1)
        zeros = K.tile(zeros, [1, self._state_dim()])      # (batch, units)
        return [zeros for _ in self.states]

    def preprocess_input(self, inputs, training=None):
        """The sequence the loop runs over (e.g. the input projections)."""
        return inputs

    # Call.

    def __call__(self, inputs, initial_state=None, **kwargs):
        if isinstance(inputs, list):
            if initial_state is not None:
                raise ValueError('Give the initial states of ' + self.name +
                                 ' either in its input list or as '
                                 '`initial_state`, not both.')
            if len(inputs) > 1:
                initial_state = inputs[1:]
            inputs = inputs[0]
        self._seen_input_shape = K.int_shape(inputs)
        if initial_state is None:
            return super(Recurrent, self).__call__(inputs, **kwargs)
        initial_state = to_list(initial_state, allow_tuple=True)
        keras_tensors = [hasattr(state, '_keras_history')
                         for state in initial_state]
        if any(keras_tensors) and not all(keras_tensors):
            raise ValueError('The initial states of a recurrent layer cannot '
                             'be a mix of Keras tensors and other tensors.')
        if not all(keras_tensors):
            kwargs['initial_state'] = initial_state
            return super(Recurrent, self).__call__(inputs, **kwargs)
        # Keras tensors become inputs of the node. A Keras 1 `build` expects
        # the shape of the sequence alone: build here first.
        if not self.built:
            self._build_for(K.int_shape(inputs))
        self.state_spec = [InputSpec(shape=K.int_shape(state))
                           for state in initial_state]
        main_spec = to_list(self.input_spec)[0] if self.input_spec else None
        specs = self.input_spec
        self.input_spec = [main_spec] + self.state_spec
        try:
            return super(Recurrent, self).__call__(
                [inputs] + list(initial_state), **kwargs)
        finally:
            self.input_spec = specs

    def _build_for(self, input_shape):
        with K.name_scope(self.name):
            self._in_call_scope = True
            try:
                self.build(input_shape)
            finally:
                self._in_call_scope = False
        self.built = True
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)

    def call(self, inputs, mask=None, training=None, initial_state=None):
        call_inputs = inputs
        if isinstance(inputs, list):
            initial_state = inputs[1:]
            inputs = inputs[0]
        elif initial_state is not None:
            initial_state = to_list(initial_state, allow_tuple=True)
        elif self.stateful:
            initial_state = self.states
        else:
            initial_state = self.get_initial_state(inputs)
        if isinstance(mask, list):
            mask = mask[0]
        initial_state = list(initial_state)
        if len(initial_state) != len(self.states):
            raise ValueError('Layer has ' + str(len(self.states)) +
                             ' states but was passed ' +
                             str(len(initial_state)) + ' initial states.')
        timesteps = K.int_shape(inputs)[1]
        if self.unroll and timesteps is None:
            raise ValueError('Cannot unroll a RNN if the time dimension is '
                             'undefined: pass an `input_shape` with the '
                             'number of time steps to the first layer of a '
                             'Sequential model, or a `shape` to `Input`.')
        constants = _call_with_training(self.get_constants, inputs, training)
        sequence = _call_with_training(self.preprocess_input, inputs,
                                       training)
        last_output, outputs, states = K.rnn(
            self.step, sequence, initial_state, go_backwards=self.go_backwards,
            mask=mask, constants=constants, unroll=self.unroll,
            input_length=timesteps)
        states = list(states)
        if self.stateful:
            self.add_update(list(zip(self.states, states)), call_inputs)
        output = outputs if self.return_sequences else last_output
        dropouts = ('dropout', 'recurrent_dropout', 'dropout_W', 'dropout_U')
        if any(getattr(self, name, 0) for name in dropouts):
            _mark_learning_phase([output] + states)
        if self.return_state:
            return [output] + states
        return output

    # Stateful layers.

    def _batch_size(self):
        specs = to_list(self.input_spec) if self.input_spec else []
        spec_shape = getattr(specs[0], 'shape', None) if specs else None
        if spec_shape and spec_shape[0]:
            return spec_shape[0]
        if self._seen_input_shape:
            return self._seen_input_shape[0]
        return getattr(self, 'batch_input_shape', (None,))[0]

    def reset_states(self, states=None):
        """Sets the states of a stateful layer to zeros, or to `states` (one
        NumPy array per state).

        Raises:
            AttributeError: if the layer is not stateful.
            ValueError: without a known batch size, or for values of the
                wrong number or shape.
        """
        if not self.stateful:
            raise AttributeError('Layer must be stateful.')
        batch_size = self._batch_size()
        if not batch_size:
            raise ValueError('If a RNN is stateful, it needs to know its '
                             'batch size. Specify the batch size of your '
                             'input tensors: `batch_input_shape` on the '
                             'first layer of a Sequential model, '
                             '`batch_shape` on an Input.')
        input_shape = self._seen_input_shape or self.batch_input_shape
        shape = tuple(self._state_shape((batch_size,) +
                                        tuple(input_shape[1:])))
        set_state_values(self, [shape] * len(self.states), states)

    def get_config(self):
        config = {'return_sequences': self.return_sequences,
                  'return_state': self.return_state,
                  'go_backwards': self.go_backwards,
                  'stateful': self.stateful,
                  'unroll': self.unroll,
                  'implementation': self.implementation}
        base_config = super(Recurrent, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


class ConvRecurrent2D(Recurrent):
    """Abstract base class of the Keras 1 convolutional recurrent layers:
    a `Recurrent` over sequences of images whose states are feature maps.

    Subclasses implement `build` and `step` as for `Recurrent`; the states
    have the shape of a convolution of one input frame with this layer's
    `filters`, `kernel_size`, `strides`, `padding` and `dilation_rate`
    (zeros from `get_initial_state`).

    Args:
        filters: number of output channels.
        kernel_size: int or pair of ints.
        strides: int or pair of ints.
        padding: 'valid' or 'same'.
        data_format: 'channels_last' (frames (rows, cols, channels)) or
            'channels_first'; None: the global setting.
        dilation_rate: int or pair of ints.
        return_sequences, go_backwards, stateful: as for `Recurrent`
            (which takes the other arguments).

    Input shape:
        5D tensor `(batch, time, rows, cols, channels)` (channels_last) or
        `(batch, time, channels, rows, cols)` (channels_first).

    Output shape:
        `(batch, new_rows, new_cols, filters)` (channels_last), with the
        time axis after the batch axis with return_sequences.
    """

    _replacement = 'use `keras.layers.ConvLSTM2D`'

    def __init__(self, filters, kernel_size, strides=(1, 1), padding='valid',
                 data_format=None, dilation_rate=(1, 1),
                 return_sequences=False, go_backwards=False, stateful=False,
                 **kwargs):
        super(ConvRecurrent2D, self).__init__(**kwargs)
        owner = self.__class__.__name__
        self.filters = check_int(filters, 'filters', owner)
        self.kernel_size = conv_utils.normalize_tuple(kernel_size, 2,
                                                      'kernel_size')
        self.strides = conv_utils.normalize_tuple(strides, 2, 'strides')
        self.padding = conv_utils.normalize_padding(padding)
        self.data_format = conv_utils.normalize_data_format(data_format)
        self.dilation_rate = conv_utils.normalize_tuple(dilation_rate, 2,
                                                        'dilation_rate')
        self.return_sequences = return_sequences
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.input_spec = [InputSpec(ndim=5)]
        self.state_spec = None

    def _state_shape(self, input_shape):
        if self.data_format == 'channels_first':
            rows, cols = input_shape[3], input_shape[4]
        else:
            rows, cols = input_shape[2], input_shape[3]
        rows, cols = [conv_utils.conv_output_length(
            size, self.kernel_size[i], self.padding, self.strides[i],
            dilation=self.dilation_rate[i]) for i, size in enumerate(
                (rows, cols))]
        if self.data_format == 'channels_first':
            return (input_shape[0], self.filters, rows, cols)
        return (input_shape[0], rows, cols, self.filters)

    def get_initial_state(self, inputs):
        """Zero feature maps: one frame convolved with a zero kernel (so
        that unknown sizes work too), one per entry of `self.states`."""
        frame = K.sum(K.zeros_like(inputs), axis=1)
        channel_axis = 1 if self.data_format == 'channels_first' else -1
        channels = K.int_shape(frame)[channel_axis]
        kernel = K.constant(np.zeros(self.kernel_size +
                                     (channels, self.filters)),
                            dtype=K.dtype(inputs))
        state = K.conv2d(frame, kernel, strides=self.strides,
                         padding=self.padding, data_format=self.data_format,
                         dilation_rate=self.dilation_rate)
        return [state for _ in self.states]

    def get_config(self):
        config = {'filters': self.filters,
                  'kernel_size': self.kernel_size,
                  'strides': self.strides,
                  'padding': self.padding,
                  'data_format': self.data_format,
                  'dilation_rate': self.dilation_rate,
                  'return_sequences': self.return_sequences,
                  'go_backwards': self.go_backwards,
                  'stateful': self.stateful}
        base_config = super(ConvRecurrent2D, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))
