"""SimpleRNNCell and SimpleRNN: `h_t = activation(x_t W + h_{t-1} U + b)`."""
from keras import backend as K
from keras.engine.base_layer import _legacy
from keras.layers.recurrent.cell_base import RecurrentCell
from keras.layers.recurrent.cell_layer import CellLayer
from keras.layers.recurrent.cell_base import _masked


class SimpleRNNCell(RecurrentCell):
    """Cell class for SimpleRNN: `output = activation(x W + h U + b)`, the
    output being the only state.

    Args:
        units: positive integer, dimensionality of the output space.
        activation: activation function (default tanh; None is linear).
        use_bias: whether the layer uses a bias vector.
        kernel_initializer, recurrent_initializer, bias_initializer:
            initializers of `kernel` (input_dim, units), `recurrent_kernel`
            (units, units) and `bias` (units,).
        kernel_regularizer, recurrent_regularizer, bias_regularizer:
            regularizers of those weights.
        kernel_constraint, recurrent_constraint, bias_constraint:
            constraints of those weights.
        dropout: float in [0, 1], fraction of the input units to drop.
        recurrent_dropout: float in [0, 1], fraction of the recurrent units
            to drop.
    """

    def __init__(self, units, activation='tanh', use_bias=True,
                 kernel_initializer='glorot_uniform',
                 recurrent_initializer='orthogonal',
                 bias_initializer='zeros', kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0., recurrent_dropout=0.,
                 **kwargs):
        super(SimpleRNNCell, self).__init__(
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
        self.state_size = self.units
        self.output_size = self.units

    def build(self, input_shape):
        self._add_kernels(input_shape[-1], 1)
        self._add_bias((self.units,))
        self.built = True

    def input_projection(self, inputs, training=None):
        masks = self._input_dropout_masks(inputs, training, count=1)
        if masks is not None:
            inputs = _masked(inputs, masks[0])
        h = K.dot(inputs, self.kernel)
        if self.bias is not None:
            h = h + self.bias
        return h

    def recurrent_step(self, projected, states, training=None):
        prev_output = states[0]
        masks = self._recurrent_dropout_masks(prev_output, training, count=1)
        if masks is not None:
            prev_output = prev_output * masks[0]
        output = self.activation(projected +
                                 K.dot(prev_output, self.recurrent_kernel))
        return output, [output]


class SimpleRNN(CellLayer):
    """Fully-connected RNN where the output is fed back as input.

    Args:
        units, activation, use_bias, *_initializer, *_regularizer,
        *_constraint, dropout, recurrent_dropout: as SimpleRNNCell.
        activity_regularizer: regularizer of the output.
        return_sequences, return_state, go_backwards, stateful, unroll:
            as RNN.

    Input shape:
        3D tensor `(batch_size, timesteps, input_dim)`.

    Output shape:
        `(batch_size, units)`, `(batch_size, timesteps, units)` with
        return_sequences; with return_state also the final state
        `(batch_size, units)`.
    """

    cell_class = SimpleRNNCell

    @_legacy('legacy_recurrent_support')
    def __init__(self, units, activation='tanh', use_bias=True,
                 kernel_initializer='glorot_uniform',
                 recurrent_initializer='orthogonal',
                 bias_initializer='zeros', kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None,
                 dropout=0., recurrent_dropout=0., return_sequences=False,
                 return_state=False, go_backwards=False, stateful=False,
                 unroll=False, **kwargs):
        self._init_cell_layer(locals())
