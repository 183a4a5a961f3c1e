"""What SimpleRNNCell, GRUCell and LSTMCell share: their common arguments
and config keys, dropout masks drawn once per sequence, and the split of a
step into an input projection and a recurrent step.

A step of a built-in cell is

    output, new_states = cell.recurrent_step(cell.input_projection(x_t),
                                             states)

`input_projection` reads only the inputs (input dropout, kernel, input
bias), so `RNN` applies it to the whole sequence at once (one matrix
product outside the time loop) and iterates only `recurrent_step`; `call`
(the 2.3.1 cell API, used by StackedRNNCells and user code) composes the
two for one step.
"""
import contextlib
import warnings

import numpy as np

from keras import activations
from keras import backend as K
from keras import constraints
from keras import initializers
from keras import regularizers
from keras.engine.base_layer import Layer
from keras.utils.argument_validation import check_choice
from keras.utils.argument_validation import check_int
from keras.utils.argument_validation import check_rate


def _generate_dropout_mask(ones, rate, training=None, count=1):
    """Dropout masks of the shape of `ones`: dropped (and scaled by
    1 / (1 - rate)) in the training phase, `ones` otherwise.

    Returns:
        One tensor for count=1, else a list of `count` independent masks.
    """
    def dropped_inputs():
        return K.dropout(ones, rate)

    if count > 1:
        return [K.in_train_phase(dropped_inputs, ones, training=training)
                for _ in range(count)]
    return K.in_train_phase(dropped_inputs, ones, training=training)


def _masked(inputs, mask):
    """`inputs` (batch, dim) or a whole sequence (batch, time, dim) times a
    (batch, dim) mask, the same mask at every time step."""
    if K.ndim(inputs) == K.ndim(mask) + 1:
        return inputs * K.expand_dims(mask, 1)
    return inputs * mask


def state_sizes(cell):
    """`cell.state_size` as a list, one entry per state."""
    size = cell.state_size
    return list(size) if hasattr(size, '__len__') else [size]


def output_size_of(cell):
    size = getattr(cell, 'output_size', None)
    return size if size is not None else state_sizes(cell)[0]


def with_batch(batch_size, size):
    """The shape of a state or output of `size` (an int or a tuple)."""
    if hasattr(size, '__len__'):
        return (batch_size,) + tuple(size)
    return (batch_size, size)


@contextlib.contextmanager
def build_in_scope_of(owner, cell):
    """Builds `cell` with its weights named after `owner`, as 2.3.1 named
    them (`lstm_1/kernel`, not `lstm_1/lstm_cell_1/kernel`)."""
    scope = (contextlib.nullcontext() if owner._in_call_scope
             else K.name_scope(owner.name))
    previous = getattr(cell, '_in_call_scope', False)
    if isinstance(cell, Layer):
        cell._in_call_scope = True
    try:
        with scope:
            yield
    finally:
        if isinstance(cell, Layer):
            cell._in_call_scope = previous


def check_implementation(implementation, owner):
    """1 or 2; Keras 1's 0 (consume_less='cpu') becomes 1 with 2.3.1's
    warning."""
    if implementation == 0 and not isinstance(implementation, bool):
        warnings.warn('`implementation=0` has been deprecated, and now '
                      'defaults to `implementation=1`. Please update your '
                      'layer call.', stacklevel=4)
        return 1
    return check_choice(implementation, 'implementation', owner, (1, 2))


class RecurrentCell(Layer):
    """Base class of the built-in cells (not a public Keras 2 class).

    Subclasses set `state_size` and `output_size` and implement `build`,
    `input_projection(inputs, training)` (inputs of one step, (batch, dim),
    or of a whole sequence, (batch, time, dim)) and
    `recurrent_step(projected_t, states, training)` returning
    `(output, new_states)`.

    Dropout masks are drawn at the first call after
    `reset_dropout_mask()` / `reset_recurrent_dropout_mask()` and reused
    until the next reset: `RNN.call` resets them before and after each
    sequence and makes the first call outside the time loop, so one mask
    per sequence (per batch) serves every step.
    """

    def __init__(self, units, activation='tanh', use_bias=True,
                 kernel_initializer='glorot_uniform',
                 recurrent_initializer='orthogonal',
                 bias_initializer='zeros', kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0., recurrent_dropout=0.,
                 **kwargs):
        super(RecurrentCell, self).__init__(**kwargs)
        owner = self.__class__.__name__
        self.units = check_int(units, 'units', owner)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = check_rate(dropout, 'dropout', owner)
        self.recurrent_dropout = check_rate(recurrent_dropout,
                                            'recurrent_dropout', owner)
        self._dropout_mask = None
        self._recurrent_dropout_mask = None

    # Weights.

    def _add_kernels(self, input_dim, gates, recurrent_initializer=None):
        """`kernel` (input_dim, gates * units) and `recurrent_kernel`
        (units, gates * units), in 2.3.1's order."""
        self.kernel = self.add_weight(
            shape=(input_dim, gates * self.units), name='kernel',
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, gates * self.units), name='recurrent_kernel',
            initializer=recurrent_initializer or self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint)

    def _add_bias(self, shape, initializer=None):
        if not self.use_bias:
            self.bias = None
            return
        self.bias = self.add_weight(
            shape=shape, name='bias',
            initializer=initializer or self.bias_initializer,
            regularizer=self.bias_regularizer,
            constraint=self.bias_constraint)

    def _gate(self, tensor, index):
        """Entries `index * units : (index + 1) * units` of the last axis of
        `tensor` (a bias vector, a kernel or a batch of pre-activations)."""
        start, stop = index * self.units, (index + 1) * self.units
        if K.ndim(tensor) == 1:
            return tensor[start:stop]
        return tensor[:, start:stop]

    # The step.

    def call(self, inputs, states, training=None):
        projected = self.input_projection(inputs, training=training)
        return self.recurrent_step(projected, states, training=training)

    def input_projection(self, inputs, training=None):
        raise NotImplementedError

    def _gated_input_projection(self, inputs, training, gates, bias):
        """`x W + b` of a kernel of `gates` stacked gates (GRU, LSTM): one
        input dropout mask and product per gate with implementation 1, one
        mask and one product for all with implementation 2."""
        masks = self._input_dropout_masks(inputs, training, count=gates)
        if self.implementation == 1 and masks is not None:
            projected = K.concatenate([
                K.dot(_masked(inputs, mask), self._gate(self.kernel, gate))
                for gate, mask in enumerate(masks)])
        else:
            if masks is not None:
                inputs = _masked(inputs, masks[0])
            projected = K.dot(inputs, self.kernel)
        if bias is not None:
            projected = projected + bias
        return projected

    def recurrent_step(self, projected, states, training=None):
        raise NotImplementedError

    # Dropout masks.

    def reset_dropout_mask(self):
        self._dropout_mask = None

    def reset_recurrent_dropout_mask(self):
        self._recurrent_dropout_mask = None

    def _input_dropout_masks(self, inputs, training, count):
        """The list of `count` (batch, input_dim) masks of the inputs, or
        None without input dropout (2.3.1 drops only for 0 < rate < 1)."""
        if not 0. < self.dropout < 1.:
            return None
        if self._dropout_mask is None:
            step_inputs = inputs[:, 0] if K.ndim(inputs) == 3 else inputs
            self._dropout_mask = _generate_dropout_mask(
                K.ones_like(step_inputs), self.dropout, training=training,
                count=count)
        masks = self._dropout_mask
        return list(masks) if isinstance(masks, (list, tuple)) else [masks]

    def _recurrent_dropout_masks(self, state, training, count):
        """The list of `count` (batch, units) masks of the previous output,
        or None without recurrent dropout."""
        if not 0. < self.recurrent_dropout < 1.:
            return None
        if self._recurrent_dropout_mask is None:
            self._recurrent_dropout_mask = _generate_dropout_mask(
                K.ones_like(state), self.recurrent_dropout,
                training=training, count=count)
        masks = self._recurrent_dropout_mask
        return list(masks) if isinstance(masks, (list, tuple)) else [masks]

    # Configuration.

    def argument_config(self):
        """The constructor arguments of the cell (without the base Layer
        keys), shared with the layer's config."""
        return {
            'units': self.units,
            'activation': activations.serialize(self.activation),
            'use_bias': self.use_bias,
            'kernel_initializer': initializers.serialize(
                self.kernel_initializer),
            'recurrent_initializer': initializers.serialize(
                self.recurrent_initializer),
            'bias_initializer': initializers.serialize(self.bias_initializer),
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

    def get_config(self):
        base_config = super(RecurrentCell, self).get_config()
        return dict(list(base_config.items()) +
                    list(self.argument_config().items()))


def concatenated_initializer(parts):
    """An initializer of a vector made of consecutive pieces, each
    `(initializer, length)`, e.g. LSTM's bias with ones for the forget
    gate."""
    def initializer(shape, dtype=None):
        values = []
        for init, length in parts:
            value = init((length,), dtype=dtype)
            if not isinstance(value, np.ndarray):
                value = K.eval(value)
            values.append(np.asarray(value))
        return np.concatenate(values).astype(dtype or K.floatx())
    return initializer


def cell_property(name, doc=None):
    """A read-only layer attribute forwarded to `self.cell` (2.3.1's
    `LSTM.units` etc.)."""
    return property(lambda self: getattr(self.cell, name),
                    doc=doc or 'The cell\'s `%s`.' % name)


def cell_layer_config(layer, rnn_config):
    """2.3.1's config of SimpleRNN, GRU and LSTM: the RNN keys without
    `cell`, the cell's arguments flattened in, and the layer's
    activity_regularizer."""
    config = dict(rnn_config)
    del config['cell']
    config.update(layer.cell.argument_config())
    config['activity_regularizer'] = regularizers.serialize(
        layer.activity_regularizer)
    return config


def config_without_implementation_0(config):
    """A GRU or LSTM config with 2.3.1's retired `implementation=0` read
    as 1, so that old configs load without the constructor's warning."""
    config = dict(config)
    if config.get('implementation') == 0:
        config['implementation'] = 1
    return config


def cell_kwargs(kwargs):
    """The layer keyword arguments 2.3.1 also gives the cell it builds."""
    return {'dtype': kwargs.get('dtype'),
            'trainable': kwargs.get('trainable', True)}


def set_state_values(layer, shapes, values=None):
    """Gives a stateful layer's state variables zeros, or `values` (one
    array per state, or one array), checked against `shapes`; the variables
    are made on first use, one of each shape."""
    if not layer.states or layer.states[0] is None:
        layer.states = [K.zeros(shape, dtype=layer.dtype)
                        for shape in shapes]
    if values is None:
        K.batch_set_value([(state, np.zeros(shape))
                           for state, shape in zip(layer.states, shapes)])
        return
    if not isinstance(values, (list, tuple)):
        values = [values]
    if len(values) != len(layer.states):
        raise ValueError('Layer ' + layer.name + ' expects ' +
                         str(len(layer.states)) + ' states, but it '
                         'received ' + str(len(values)) + ' state '
                         'values. Input received: ' + str(values))
    pairs = []
    for index, (value, state, shape) in enumerate(zip(values, layer.states,
                                                      shapes)):
        value = np.asarray(value)
        if value.shape != tuple(shape):
            raise ValueError('State ' + str(index) + ' is incompatible '
                             'with layer ' + layer.name + ': expected '
                             'shape=' + str(tuple(shape)) + ', found shape=' +
                             str(value.shape))
        pairs.append((state, value))
    K.batch_set_value(pairs)
