"""Convolutional recurrent layers: ConvRNN2D, ConvLSTM2DCell and ConvLSTM2D
(Shi et al., 2015, "Convolutional LSTM Network").

A ConvLSTM2D is an LSTM whose input and recurrent transformations are 2D
convolutions: inputs are sequences of images (batch, time, rows, cols,
channels) (or (batch, time, channels, rows, cols) for channels_first), and
the states h and c are images (batch, rows', cols', filters).

ConvRNN2D is RNN (keras/layers/recurrent/base_rnn.py, whose docstring is
the contract) with image-shaped states: it overrides the shapes (output,
states, stateful variables) and the zero initial states, and leaves the
loop, masks, constants and stateful updates to RNN. ConvLSTM2DCell is a
RecurrentCell (shared arguments, dropout masks drawn once per sequence)
whose step is the input convolution of x_t (`input_projection`) followed
by `recurrent_step` (one 'same', stride 1 convolution of h).

Unlike the LSTM's projection, the input convolution is not hoisted out
of the time loop (one convolution over the batch * time images): measured
on CPU (jax, tensorflow, torch; 8-16 sequences of 8-10 frames of 16x16 to
40x40 images, 1 to 32 channels, 16 or 40 filters), materialising the
(batch, time, rows, cols, 4 * filters) pre-activations, their time-major
copy and their gradient made a training step as fast or up to 2x slower
than convolving each step in the loop, where the step's pre-activations
stay in cache.
"""
from keras import activations
from keras import backend as K
from keras import constraints
from keras import initializers
from keras import regularizers
from keras.engine.base_layer import _legacy
from keras.engine.input_spec import InputSpec
from keras.layers.convolutional.arguments import check_dilation_with_strides
from keras.layers.convolutional.arguments import data_format_argument
from keras.layers.convolutional.arguments import int_tuple
from keras.layers.convolutional.arguments import padding_argument
from keras.layers.recurrent.base_rnn import RNN
from keras.layers.recurrent.cell_base import RecurrentCell
from keras.layers.recurrent.cell_base import cell_kwargs
from keras.layers.recurrent.cell_base import cell_layer_config
from keras.layers.recurrent.cell_base import cell_property
from keras.layers.recurrent.cell_base import concatenated_initializer
from keras.layers.recurrent.cell_base import set_state_values
from keras.layers.recurrent.cell_base import state_sizes
from keras.layers.recurrent.lstm import lstm_state_update
from keras.utils import conv_utils
from keras.utils.argument_validation import check_int

_GATES = ('i', 'f', 'c', 'o')


class ConvRNN2D(RNN):
    """Base class for convolutional-recurrent layers: RNN over a cell whose
    states are images.

    Args:
        cell: an RNN cell with convolution arguments: `filters`,
            `kernel_size`, `strides`, `padding`, `data_format`,
            `dilation_rate`, `state_size` (one number of channels per
            state) and `call(inputs, states, **kwargs)` on images. A list
            of cells is refused (stacking is not possible).
        return_sequences: return the output of every step (batch, time,
            ...) rather than the last one.
        return_state: also return the final states, after the output.
        go_backwards: process the sequence from its last step to its
            first; outputs are in processing order.
        stateful: the final states of each batch are the initial states of
            the next; needs the full input shape with the batch size
            (`batch_input_shape`).
        unroll: must be False: unrolling is not possible with convolutional
            RNNs (a TypeError, as in Keras 2.3.1).

    Call arguments:
        inputs: a 5D tensor, or a list `[inputs, *initial_states,
            *constants]`.
        mask: (batch, time) boolean.
        training: the phase, for dropout in the cell.
        initial_state: list of initial state tensors (batch, rows', cols',
            channels) (channels first for channels_first).
        constants: list of tensors given to the cell at every step.

    Input shape:
        5D tensor `(batch, time, rows, cols, channels)`, or `(batch, time,
        channels, rows, cols)` for channels_first.

    Output shape:
        `(batch, rows', cols', filters)` (channels_first: `(batch, filters,
        rows', cols')`), with a time axis after the batch axis with
        return_sequences; with return_state a list: the output followed by
        one state of the shape of one output step per state. rows' and
        cols' are the convolution's output sizes (the kernel, strides,
        padding and dilation of the cell).
    """

    def __init__(self, cell, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, **kwargs):
        if unroll:
            raise TypeError("ConvRNN2D: unrolling isn't possible with "
                            "convolutional RNNs; received unroll=%r, "
                            "expected False." % (unroll,))
        if isinstance(cell, (list, tuple)):
            raise TypeError('ConvRNN2D: it is not possible at the moment to '
                            'stack convolutional cells; `cell` received a '
                            'list of %d cells, expected one cell.'
                            % len(cell))
        super(ConvRNN2D, self).__init__(cell,
                                        return_sequences=return_sequences,
                                        return_state=return_state,
                                        go_backwards=go_backwards,
                                        stateful=stateful, unroll=False,
                                        **kwargs)
        self.input_spec = [InputSpec(ndim=5)]

    # Shapes.

    def _state_shape(self, input_shape, channels):
        """The shape of one state (or output step) with `channels`
        channels, for inputs of `input_shape` (batch, time, ...)."""
        cell = self.cell
        if cell.data_format == 'channels_first':
            rows, cols = input_shape[3], input_shape[4]
        else:
            rows, cols = input_shape[2], input_shape[3]
        rows, cols = [conv_utils.conv_output_length(
            size, cell.kernel_size[axis], padding=cell.padding,
            stride=cell.strides[axis], dilation=cell.dilation_rate[axis])
            for axis, size in enumerate((rows, cols))]
        if cell.data_format == 'channels_first':
            return (input_shape[0], channels, rows, cols)
        return (input_shape[0], rows, cols, channels)

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, list):
            input_shape = input_shape[0]
        input_shape = tuple(input_shape)
        step_shape = self._state_shape(input_shape, self.cell.filters)
        if self.return_sequences:
            output_shape = step_shape[:1] + (input_shape[1],) + step_shape[1:]
        else:
            output_shape = step_shape
        if self.return_state:
            return [output_shape] + [self._state_shape(input_shape, size)
                                     for size in state_sizes(self.cell)]
        return output_shape

    # Build.

    def _channel_axis(self):
        """The channels axis of a state (batch, ...)."""
        return 1 if self.cell.data_format == 'channels_first' else 3

    def _build_state_spec(self):
        """Checks the initial states' specs against `cell.state_size` (the
        channels of 4D states), or makes the specs from it."""
        axis = self._channel_axis()
        expected = state_sizes(self.cell)
        if self.state_spec is not None:
            received = [spec.shape[axis] if spec.shape and
                        len(spec.shape) == 4 else spec.shape
                        for spec in self.state_spec]
            if received != expected:
                raise ValueError(
                    'An initial_state was passed that is not compatible '
                    'with `cell.state_size`. Received `state_spec`=%s; '
                    'however `cell.state_size` is %s (the channels of '
                    '4D states, axis %d).'
                    % ([spec.shape for spec in self.state_spec],
                       self.cell.state_size, axis))
        else:
            shapes = [[None] * 4 for _ in expected]
            for shape, size in zip(shapes, expected):
                shape[axis] = size
            self.state_spec = [InputSpec(shape=tuple(shape))
                               for shape in shapes]

    # States.

    def get_initial_state(self, inputs):
        """Zero states (batch, rows', cols', channels) (channels first for
        channels_first), one per `cell.state_size` entry."""
        shape = K.int_shape(inputs)
        sizes = state_sizes(self.cell)
        steps = [self._state_shape(shape, size)[1:] for size in sizes]
        if all(None not in step for step in steps):
            zero = K.zeros_like(inputs[:, 0, :1, :1, :1])  # (batch, 1, 1, 1)
            return [K.tile(zero, (1,) + step) for step in steps]
        # Unknown image sizes: the shape of a convolution of zeros.
        cell = self.cell
        axis = self._channel_axis()
        image = K.expand_dims(K.sum(K.zeros_like(inputs[:, 0]), axis=axis),
                              axis)
        states = []
        for size in sizes:
            kernel = K.zeros(cell.kernel_size + (1, size),
                             dtype=K.dtype(inputs))
            states.append(K.conv2d(image, kernel, strides=cell.strides,
                                   padding=cell.padding,
                                   data_format=cell.data_format,
                                   dilation_rate=cell.dilation_rate))
        return states

    def reset_states(self, states=None):
        """Sets the states of a stateful layer to zeros, or to `states` (a
        NumPy array per state, of the state's full shape).

        Raises:
            AttributeError: if the layer is not stateful.
            ValueError: without a complete input shape (batch size, rows,
                columns), or for a wrong number or shape of values.
        """
        if not self.stateful:
            raise AttributeError('Layer must be stateful.')
        input_shape = self.input_spec[0].shape if self.input_spec else None
        if not input_shape or not input_shape[0]:
            raise ValueError('If a RNN is stateful, a complete input_shape '
                             'must be provided (including batch size). '
                             'Specify the batch size of your input '
                             'tensors: \n- If using a Sequential model, '
                             'specify the batch size by passing a '
                             '`batch_input_shape` argument to your first '
                             'layer.\n- If using the functional API, '
                             'specify the batch size by passing a '
                             '`batch_shape` argument to your Input layer.')
        shapes = [self._state_shape(input_shape, size)
                  for size in state_sizes(self.cell)]
        if any(None in shape for shape in shapes):
            raise ValueError('If a RNN is stateful, a complete input_shape '
                             'must be provided (including batch size); the '
                             'states of %s would have the shapes %s, with '
                             'unknown sizes.' % (self.name, shapes))
        set_state_values(self, shapes, states)


class ConvLSTM2DCell(RecurrentCell):
    """Cell class for the ConvLSTM2D layer.

    With gates in the order i (input), f (forget), c (cell candidate),
    o (output), `z = conv(x, kernel) + bias + conv(h_{t-1},
    recurrent_kernel)` split in four along the channels:

        i = recurrent_activation(z_i)
        f = recurrent_activation(z_f)
        c_t = f * c_{t-1} + i * activation(z_c)
        o = recurrent_activation(z_o)
        h_t = o * activation(c_t)

    The input convolution has the cell's strides, padding and dilation;
    the recurrent one is always 'same' with stride 1, so h and c keep the
    image size of the input convolution's output. The states are `[h, c]`.

    Args:
        filters: positive integer, the number of output channels.
        kernel_size: int or tuple of 2 ints, the convolution window.
        strides: int or tuple of 2 ints, of the input convolution.
        padding: 'valid' or 'same' (of the input convolution).
        data_format: 'channels_last' or 'channels_first'; None for
            `K.image_data_format()`.
        dilation_rate: int or tuple of 2 ints, of the input convolution
            (strides must be 1 when it is above 1).
        activation: activation of the candidate and of the cell state
            (default tanh).
        recurrent_activation: activation of the gates (default
            hard_sigmoid).
        use_bias: whether the gates have a bias.
        kernel_initializer, recurrent_initializer, bias_initializer:
            initializers of `kernel` (kernel_rows, kernel_cols, channels,
            4 * filters), `recurrent_kernel` (kernel_rows, kernel_cols,
            filters, 4 * filters) and `bias` (4 * filters,).
        unit_forget_bias: initialize the forget gate's bias to ones
            whatever bias_initializer is.
        kernel_regularizer, recurrent_regularizer, bias_regularizer,
        kernel_constraint, recurrent_constraint, bias_constraint: of the
            weights.
        dropout: fraction of the input channels dropped (a mask per gate,
            drawn once per sequence).
        recurrent_dropout: fraction of the channels of h dropped (a mask
            per gate, drawn once per sequence).
    """

    def __init__(self, filters, kernel_size, strides=(1, 1), padding='valid',
                 data_format=None, dilation_rate=(1, 1), activation='tanh',
                 recurrent_activation='hard_sigmoid', use_bias=True,
                 kernel_initializer='glorot_uniform',
                 recurrent_initializer='orthogonal',
                 bias_initializer='zeros', unit_forget_bias=True,
                 kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None,
                 dropout=0., recurrent_dropout=0., **kwargs):
        owner = self.__class__.__name__
        filters = check_int(filters, 'filters', owner)
        super(ConvLSTM2DCell, self).__init__(
            filters, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, **kwargs)
        self.filters = filters
        self.kernel_size = int_tuple(kernel_size, 2, 'kernel_size', owner)
        self.strides = int_tuple(strides, 2, 'strides', owner)
        self.padding = padding_argument(padding, owner)
        self.data_format = data_format_argument(data_format, owner)
        self.dilation_rate = int_tuple(dilation_rate, 2, 'dilation_rate',
                                       owner)
        check_dilation_with_strides(self.strides, self.dilation_rate, owner)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = unit_forget_bias
        self.state_size = (self.filters, self.filters)

    def build(self, input_shape):
        owner = self.__class__.__name__
        axis = 1 if self.data_format == 'channels_first' else -1
        input_dim = input_shape[axis]
        if input_dim is None:
            raise ValueError('%s: the channel dimension of the inputs should '
                             'be defined; found `None` in input shape %s '
                             '(data_format=%r).'
                             % (owner, tuple(input_shape), self.data_format))
        self.kernel_shape = self.kernel_size + (input_dim, 4 * self.filters)
        self.kernel = self.add_weight(
            shape=self.kernel_shape, name='kernel',
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            shape=self.kernel_size + (self.filters, 4 * self.filters),
            name='recurrent_kernel',
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint)
        bias_initializer = None
        if self.unit_forget_bias:
            bias_initializer = concatenated_initializer(
                [(self.bias_initializer, self.filters),
                 (initializers.Ones(), self.filters),
                 (self.bias_initializer, 2 * self.filters)])
        self._add_bias((4 * self.filters,), bias_initializer)
        self.built = True

    # Slices along the channels.

    def _channels(self, tensor, gate):
        """Gate `gate` of pre-activations: a slice of their channels
        axis."""
        start, stop = gate * self.filters, (gate + 1) * self.filters
        if self.data_format == 'channels_first':
            return tensor[..., start:stop, :, :]
        return tensor[..., start:stop]

    def _weight_gate(self, weight, gate):
        """Gate `gate` of a kernel or of the bias (their last axis)."""
        return weight[..., gate * self.filters:(gate + 1) * self.filters]

    def _channels_axis(self):
        return -3 if self.data_format == 'channels_first' else -1

    # The convolutions.

    def input_conv(self, x, w, b=None, padding='valid'):
        """The input convolution of `x` (batch, ...), plus `b`."""
        output = K.conv2d(x, w, strides=self.strides, padding=padding,
                          data_format=self.data_format,
                          dilation_rate=self.dilation_rate)
        if b is not None:
            output = K.bias_add(output, b, data_format=self.data_format)
        return output

    def recurrent_conv(self, x, w):
        """The recurrent convolution: 'same', stride 1, no dilation."""
        return K.conv2d(x, w, strides=(1, 1), padding='same',
                        data_format=self.data_format)

    # The step.

    def call(self, inputs, states, training=None):
        # Overridden, so that RNN runs the whole step in the loop (see the
        # module docstring).
        projected = self.input_projection(inputs, training=training)
        return self.recurrent_step(projected, states, training=training)

    def input_projection(self, inputs, training=None):
        masks = self._input_dropout_masks(inputs, training, count=4)
        if masks is None:
            return self.input_conv(inputs, self.kernel, self.bias,
                                   padding=self.padding)
        return K.concatenate(
            [self.input_conv(inputs * mask,
                             self._weight_gate(self.kernel, gate),
                             None if self.bias is None
                             else self._weight_gate(self.bias, gate),
                             padding=self.padding)
             for gate, mask in enumerate(masks)],
            axis=self._channels_axis())

    def recurrent_step(self, projected, states, training=None):
        h_tm1, c_tm1 = states[0], states[1]
        masks = self._recurrent_dropout_masks(h_tm1, training, count=4)
        if masks is None:
            z = projected + self.recurrent_conv(h_tm1, self.recurrent_kernel)
            z = [self._channels(z, gate) for gate in range(4)]
        else:
            z = [self._channels(projected, gate) +
                 self.recurrent_conv(h_tm1 * mask,
                                     self._weight_gate(
                                         self.recurrent_kernel, gate))
                 for gate, mask in enumerate(masks)]
        return lstm_state_update(z, c_tm1, self.activation,
                                 self.recurrent_activation)

    # Configuration.

    def argument_config(self):
        return {
            'filters': self.filters,
            'kernel_size': self.kernel_size,
            'strides': self.strides,
            'padding': self.padding,
            'data_format': self.data_format,
            'dilation_rate': self.dilation_rate,
            'activation': activations.serialize(self.activation),
            'recurrent_activation': activations.serialize(
                self.recurrent_activation),
            'use_bias': self.use_bias,
            'kernel_initializer': initializers.serialize(
                self.kernel_initializer),
            'recurrent_initializer': initializers.serialize(
                self.recurrent_initializer),
            'bias_initializer': initializers.serialize(self.bias_initializer),
            'unit_forget_bias': self.unit_forget_bias,
            'kernel_regularizer': regularizers.serialize(
                self.kernel_regularizer),
            'recurrent_regularizer': regularizers.serialize(
                self.recurrent_regularizer),
            'bias_regularizer': regularizers.serialize(self.bias_regularizer),
            'kernel_constraint': constraints.serialize(self.kernel_constraint),
            'recurrent_constraint': constraints.serialize(
                self.recurrent_constraint),
            'bias_constraint': constraints.serialize(self.bias_constraint),
            'dropout': self.dropout,
            'recurrent_dropout': self.recurrent_dropout,
        }


# 2.3.1's per-gate slices of the weights: kernel_i ... bias_o.
for _index, _gate_name in enumerate(_GATES):
    setattr(ConvLSTM2DCell, 'kernel_' + _gate_name, property(
        lambda self, g=_index: self._weight_gate(self.kernel, g)))
    setattr(ConvLSTM2DCell, 'recurrent_kernel_' + _gate_name, property(
        lambda self, g=_index: self._weight_gate(self.recurrent_kernel, g)))
    setattr(ConvLSTM2DCell, 'bias_' + _gate_name, property(
        lambda self, g=_index: (None if self.bias is None
                                else self._weight_gate(self.bias, g))))


class ConvLSTM2D(ConvRNN2D):
    """Convolutional LSTM: an LSTM whose input and recurrent
    transformations are convolutions.

    Args:
        filters, kernel_size, strides, padding, data_format, dilation_rate,
        activation, recurrent_activation, use_bias, *_initializer,
        unit_forget_bias, *_regularizer, *_constraint, dropout,
        recurrent_dropout: as ConvLSTM2DCell.
        activity_regularizer: regularizer of the output.
        return_sequences, go_backwards, stateful: as ConvRNN2D;
            `return_state` is accepted as a keyword too.

    Input shape:
        5D tensor `(batch, time, rows, cols, channels)`, or `(batch, time,
        channels, rows, cols)` for channels_first.

    Output shape:
        `(batch, rows', cols', filters)` (channels_first: `(batch, filters,
        rows', cols')`), with a time axis after the batch axis with
        return_sequences; with return_state also the final states h and c,
        of the shape of one output step.
    """

    @_legacy('legacy_convlstm2d_support')
    def __init__(self, filters, kernel_size, strides=(1, 1), padding='valid',
                 data_format=None, dilation_rate=(1, 1), activation='tanh',
                 recurrent_activation='hard_sigmoid', use_bias=True,
                 kernel_initializer='glorot_uniform',
                 recurrent_initializer='orthogonal',
                 bias_initializer='zeros', unit_forget_bias=True,
                 kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, return_sequences=False,
                 go_backwards=False, stateful=False, dropout=0.,
                 recurrent_dropout=0., **kwargs):
        cell = ConvLSTM2DCell(filters=filters, kernel_size=kernel_size,
                              strides=strides, padding=padding,
                              data_format=data_format,
                              dilation_rate=dilation_rate,
                              activation=activation,
                              recurrent_activation=recurrent_activation,
                              use_bias=use_bias,
                              kernel_initializer=kernel_initializer,
                              recurrent_initializer=recurrent_initializer,
                              bias_initializer=bias_initializer,
                              unit_forget_bias=unit_forget_bias,
                              kernel_regularizer=kernel_regularizer,
                              recurrent_regularizer=recurrent_regularizer,
                              bias_regularizer=bias_regularizer,
                              kernel_constraint=kernel_constraint,
                              recurrent_constraint=recurrent_constraint,
                              bias_constraint=bias_constraint,
                              dropout=dropout,
                              recurrent_dropout=recurrent_dropout,
                              **cell_kwargs(kwargs))
        super(ConvLSTM2D, self).__init__(cell,
                                         return_sequences=return_sequences,
                                         go_backwards=go_backwards,
                                         stateful=stateful, **kwargs)
        self.activity_regularizer = regularizers.get(activity_regularizer)

    filters = cell_property('filters')
    kernel_size = cell_property('kernel_size')
    strides = cell_property('strides')
    padding = cell_property('padding')
    data_format = cell_property('data_format')
    dilation_rate = cell_property('dilation_rate')
    activation = cell_property('activation')
    recurrent_activation = cell_property('recurrent_activation')
    use_bias = cell_property('use_bias')
    kernel_initializer = cell_property('kernel_initializer')
    recurrent_initializer = cell_property('recurrent_initializer')
    bias_initializer = cell_property('bias_initializer')
    unit_forget_bias = cell_property('unit_forget_bias')
    kernel_regularizer = cell_property('kernel_regularizer')
    recurrent_regularizer = cell_property('recurrent_regularizer')
    bias_regularizer = cell_property('bias_regularizer')
    kernel_constraint = cell_property('kernel_constraint')
    recurrent_constraint = cell_property('recurrent_constraint')
    bias_constraint = cell_property('bias_constraint')
    dropout = cell_property('dropout')
    recurrent_dropout = cell_property('recurrent_dropout')

    def get_config(self):
        return cell_layer_config(self, super(ConvLSTM2D, self).get_config())

    @classmethod
    def from_config(cls, config):
        return cls(**config)
