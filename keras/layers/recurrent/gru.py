"""GRUCell and GRU: the Gated Recurrent Unit (Cho et al., 2014)."""
from keras import activations
from keras import backend as K
from keras.engine.base_layer import _legacy
from keras.layers.recurrent.cell_base import RecurrentCell
from keras.layers.recurrent.cell_layer import CellLayer
from keras.layers.recurrent.cell_base import check_implementation


class GRUCell(RecurrentCell):
    """Cell class for the GRU layer.

    With gates in the order z (update), r (reset), h (candidate):

        z = recurrent_activation(x W_z + h_{t-1} U_z + b_z)
        r = recurrent_activation(x W_r + h_{t-1} U_r + b_r)
        hh = activation(x W_h + (r * h_{t-1}) U_h + b_h)
        h_t = z * h_{t-1} + (1 - z) * hh

    With `reset_after=True` (CuDNN's variant) the reset gate multiplies
    after the recurrent product, `r * (h_{t-1} U_h + rb_h)`, and the bias
    has separate input and recurrent rows: shape (2, 3 * units).

    Args:
        units: positive integer, dimensionality of the output space.
        activation: activation of the candidate (default tanh).
        recurrent_activation: activation of the gates (default sigmoid).
        use_bias, *_initializer, *_regularizer, *_constraint, dropout,
            recurrent_dropout: as SimpleRNNCell; `kernel` is
            (input_dim, 3 * units), `recurrent_kernel` (units, 3 * units).
        implementation: 1 (one product per gate, a dropout mask per gate)
            or 2 (one product for all gates, one mask).
        reset_after: apply the reset gate after the recurrent product.
    """

    def __init__(self, units, activation='tanh',
                 recurrent_activation='sigmoid', use_bias=True,
                 kernel_initializer='glorot_uniform',
                 recurrent_initializer='orthogonal',
                 bias_initializer='zeros', kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0., recurrent_dropout=0.,
                 implementation=2, reset_after=False, **kwargs):
        super(GRUCell, self).__init__(
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
        self.implementation = check_implementation(implementation,
                                                   'GRUCell')
        self.reset_after = reset_after
        self.state_size = self.units
        self.output_size = self.units

    def build(self, input_shape):
        self._add_kernels(input_shape[-1], 3)
        # reset_after: input and recurrent biases as two rows (a shape
        # unlike CuDNNGRU's flat (6 * units,), which tells them apart when
        # weights are converted).
        self._add_bias((2, 3 * self.units) if self.reset_after
                       else (3 * self.units,))
        self.built = True

    # 2.3.1's slices of the weights.

    @property
    def input_bias(self):
        if self.bias is None:
            return None
        return K.flatten(self.bias[0]) if self.reset_after else self.bias

    @property
    def recurrent_bias(self):
        if self.bias is None or not self.reset_after:
            return None
        return K.flatten(self.bias[1])

    kernel_z = property(lambda self: self._gate(self.kernel, 0))
    kernel_r = property(lambda self: self._gate(self.kernel, 1))
    kernel_h = property(lambda self: self._gate(self.kernel, 2))
    recurrent_kernel_z = property(
        lambda self: self._gate(self.recurrent_kernel, 0))
    recurrent_kernel_r = property(
        lambda self: self._gate(self.recurrent_kernel, 1))
    recurrent_kernel_h = property(
        lambda self: self._gate(self.recurrent_kernel, 2))

    # The step.

    def input_projection(self, inputs, training=None):
        return self._gated_input_projection(inputs, training, 3,
                                            self.input_bias)

    def recurrent_step(self, projected, states, training=None):
        h_tm1 = states[0]
        masks = self._recurrent_dropout_masks(h_tm1, training, count=3)
        x_z, x_r, x_h = [self._gate(projected, gate) for gate in range(3)]
        kernel = self.recurrent_kernel
        recurrent_bias = self.recurrent_bias
        if self.implementation == 1:
            h_z, h_r, h_h = masks if masks is not None else [None] * 3
            h_z = h_tm1 if h_z is None else h_tm1 * h_z
            h_r = h_tm1 if h_r is None else h_tm1 * h_r
            h_h = h_tm1 if h_h is None else h_tm1 * h_h
            recurrent_z = K.dot(h_z, self._gate(kernel, 0))
            recurrent_r = K.dot(h_r, self._gate(kernel, 1))
            if recurrent_bias is not None:
                recurrent_z = recurrent_z + self._gate(recurrent_bias, 0)
                recurrent_r = recurrent_r + self._gate(recurrent_bias, 1)
            z = self.recurrent_activation(x_z + recurrent_z)
            r = self.recurrent_activation(x_r + recurrent_r)
            if self.reset_after:
                recurrent_h = K.dot(h_h, self._gate(kernel, 2))
                if recurrent_bias is not None:
                    recurrent_h = recurrent_h + self._gate(recurrent_bias, 2)
                recurrent_h = r * recurrent_h
            else:
                recurrent_h = K.dot(r * h_h, self._gate(kernel, 2))
        else:
            if masks is not None:
                # As 2.3.1: the dropped state also enters the final mix.
                h_tm1 = h_tm1 * masks[0]
            units = self.units
            if self.reset_after:
                inner = K.dot(h_tm1, kernel)
                if recurrent_bias is not None:
                    inner = inner + recurrent_bias
            else:
                inner = K.dot(h_tm1, kernel[:, :2 * units])
            z = self.recurrent_activation(x_z + inner[:, :units])
            r = self.recurrent_activation(x_r + inner[:, units:2 * units])
            if self.reset_after:
                recurrent_h = r * inner[:, 2 * units:]
            else:
                recurrent_h = K.dot(r * h_tm1, kernel[:, 2 * units:])
        hh = self.activation(x_h + recurrent_h)
        h = z * h_tm1 + (1 - z) * hh
        return h, [h]

    def argument_config(self):
        config = super(GRUCell, self).argument_config()
        config.update({
            'recurrent_activation': activations.serialize(
                self.recurrent_activation),
            'implementation': self.implementation,
            'reset_after': self.reset_after})
        return config


class GRU(CellLayer):
    """Gated Recurrent Unit (Cho et al., 2014).

    Two variants: the default applies the reset gate to the hidden state
    before the recurrent product; `reset_after=True` applies it after, as
    CuDNNGRU does (with separate input and recurrent biases), so that
    weights trained with CuDNNGRU run here with `reset_after=True,
    recurrent_activation='sigmoid'`.

    Args:
        units, activation, recurrent_activation, use_bias, *_initializer,
        *_regularizer, *_constraint, dropout, recurrent_dropout,
        implementation, reset_after: as GRUCell.
        activity_regularizer: regularizer of the output.
        return_sequences, return_state, go_backwards, stateful, unroll:
            as RNN.

    Input shape:
        3D tensor `(batch_size, timesteps, input_dim)`.

    Output shape:
        `(batch_size, units)`, `(batch_size, timesteps, units)` with
        return_sequences; with return_state also the final state.
    """

    cell_class = GRUCell

    @_legacy('legacy_recurrent_support')
    def __init__(self, units, activation='tanh',
                 recurrent_activation='sigmoid', use_bias=True,
                 kernel_initializer='glorot_uniform',
                 recurrent_initializer='orthogonal',
                 bias_initializer='zeros', kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None,
                 dropout=0., recurrent_dropout=0., implementation=2,
                 return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False,
                 reset_after=False, **kwargs):
        implementation = check_implementation(implementation, 'GRU')
        self._init_cell_layer(locals())
