"""LSTMCell and LSTM: Long Short-Term Memory (Hochreiter, 1997)."""
import numpy as np

from keras import activations
from keras import backend as K
from keras import initializers
from keras.engine.base_layer import _legacy
from keras.layers.recurrent.cell_base import RecurrentCell
from keras.layers.recurrent.cell_layer import CellLayer
from keras.layers.recurrent.cell_base import check_implementation
from keras.layers.recurrent.cell_base import concatenated_initializer

_GATES = ('i', 'f', 'c', 'o')


def _tiled_identity(gain):
    """2.3.1's recurrent Identity initializer for the four gates: an
    identity block per gate."""
    def initializer(shape, dtype=None):
        rows, cols = shape
        return (gain * np.concatenate([np.identity(rows)] * (cols // rows),
                                      axis=1)).astype(dtype or K.floatx())
    return initializer


class LSTMCell(RecurrentCell):
    """Cell class for the LSTM layer.

    With gates in the order i (input), f (forget), c (cell candidate),
    o (output), `z = x W + h_{t-1} U + b` split in four:

        i = recurrent_activation(z_i)
        f = recurrent_activation(z_f)
        c_t = f * c_{t-1} + i * activation(z_c)
        o = recurrent_activation(z_o)
        h_t = o * activation(c_t)

    The states are `[h, c]`.

    Args:
        units: positive integer, dimensionality of the output space.
        activation: activation of the candidate and of the cell state
            (default tanh).
        recurrent_activation: activation of the gates (default sigmoid).
        unit_forget_bias: initialize the forget gate's bias to ones
            (Jozefowicz et al., 2015) whatever bias_initializer is.
        use_bias, *_initializer, *_regularizer, *_constraint, dropout,
            recurrent_dropout: as SimpleRNNCell; `kernel` is
            (input_dim, 4 * units), `recurrent_kernel` (units, 4 * units),
            `bias` (4 * units,).
        implementation: 1 (one product per gate, a dropout mask per gate)
            or 2 (one product for all gates, one mask).
    """

    def __init__(self, units, activation='tanh',
                 recurrent_activation='sigmoid', use_bias=True,
                 kernel_initializer='glorot_uniform',
                 recurrent_initializer='orthogonal',
                 bias_initializer='zeros', unit_forget_bias=True,
                 kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None,
                 dropout=0., recurrent_dropout=0., implementation=2,
                 **kwargs):
        super(LSTMCell, self).__init__(
            units, activation=activation, use_bias=use_bias,
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
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = unit_forget_bias
        self.implementation = check_implementation(implementation,
                                                   'LSTMCell')
        self.state_size = (self.units, self.units)
        self.output_size = self.units

    def build(self, input_shape):
        recurrent_initializer = None
        if isinstance(self.recurrent_initializer, initializers.Identity):
            recurrent_initializer = _tiled_identity(
                self.recurrent_initializer.gain)
        self._add_kernels(input_shape[-1], 4, recurrent_initializer)
        bias_initializer = None
        if self.unit_forget_bias:
            bias_initializer = concatenated_initializer(
                [(self.bias_initializer, self.units),
                 (initializers.Ones(), self.units),
                 (self.bias_initializer, 2 * self.units)])
        self._add_bias((4 * self.units,), bias_initializer)
        self.built = True

    # The step.

    def input_projection(self, inputs, training=None):
        return self._gated_input_projection(inputs, training, 4, self.bias)

    def recurrent_step(self, projected, states, training=None):
        h_tm1, c_tm1 = states[0], states[1]
        masks = self._recurrent_dropout_masks(h_tm1, training, count=4)
        if self.implementation == 1 and masks is not None:
            z = [self._gate(projected, gate) +
                 K.dot(h_tm1 * mask, self._gate(self.recurrent_kernel, gate))
                 for gate, mask in enumerate(masks)]
        else:
            if masks is not None:
                h_tm1 = h_tm1 * masks[0]
            z = projected + K.dot(h_tm1, self.recurrent_kernel)
            z = [self._gate(z, gate) for gate in range(4)]
        return lstm_state_update(z, c_tm1, self.activation,
                                 self.recurrent_activation)

    def argument_config(self):
        config = super(LSTMCell, self).argument_config()
        config.update({
            'recurrent_activation': activations.serialize(
                self.recurrent_activation),
            'unit_forget_bias': self.unit_forget_bias,
            'implementation': self.implementation})
        return config


# 2.3.1's per-gate slices of the weights: kernel_i ... bias_o.
for _index, _gate_name in enumerate(_GATES):
    setattr(LSTMCell, 'kernel_' + _gate_name, property(
        lambda self, g=_index: self._gate(self.kernel, g)))
    setattr(LSTMCell, 'recurrent_kernel_' + _gate_name, property(
        lambda self, g=_index: self._gate(self.recurrent_kernel, g)))
    setattr(LSTMCell, 'bias_' + _gate_name, property(
        lambda self, g=_index: (None if self.bias is None
                                else self._gate(self.bias, g))))


class LSTM(CellLayer):
    """Long Short-Term Memory layer (Hochreiter, 1997).

    Args:
        units, activation, recurrent_activation, use_bias, *_initializer,
        unit_forget_bias, *_regularizer, *_constraint, dropout,
        recurrent_dropout, implementation: as LSTMCell.
        activity_regularizer: regularizer of the output.
        return_sequences, return_state, go_backwards, stateful, unroll:
            as RNN.

    Input shape:
        3D tensor `(batch_size, timesteps, input_dim)`.

    Output shape:
        `(batch_size, units)`, `(batch_size, timesteps, units)` with
        return_sequences; with return_state also the final states h and c.
    """

    cell_class = LSTMCell

    @_legacy('legacy_recurrent_support')
    def __init__(self, units, activation='tanh',
                 recurrent_activation='sigmoid', use_bias=True,
                 kernel_initializer='glorot_uniform',
                 recurrent_initializer='orthogonal',
                 bias_initializer='zeros', unit_forget_bias=True,
                 kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0., recurrent_dropout=0.,
                 implementation=2, return_sequences=False,
                 return_state=False, go_backwards=False, stateful=False,
                 unroll=False, **kwargs):
        implementation = check_implementation(implementation, 'LSTM')
        self._init_cell_layer(locals())


def lstm_state_update(z, c_tm1, activation, recurrent_activation):
    """(h, [h, c]) of an LSTM step from the four gate pre-activations
    `z` (i, f, c, o) and the previous cell state."""
    i = recurrent_activation(z[0])
    f = recurrent_activation(z[1])
    c = f * c_tm1 + i * activation(z[2])
    o = recurrent_activation(z[3])
    h = o * activation(c)
    return h, [h, c]
