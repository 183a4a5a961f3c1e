"""CuDNNGRU and CuDNNLSTM: the recurrent layers of NVIDIA's cuDNN library.

Keras 2 ran them only through TensorFlow's cuDNN kernels, on a GPU. Here
they compute the same functions with backend ops, on every backend and
device, so that models and weight files written with them load and run
anywhere. They are RNN layers over a fixed cell (tanh and sigmoid, no
dropout, no masking, no unrolling); as for GRU and LSTM, the input
projection of the whole sequence is one matrix product before the loop.

cuDNN keeps two biases, one added to the input product and one to the
recurrent product, so the `bias` weight is the input bias followed by the
recurrent bias.

The kernels are stored as 2.3.1 stored them, which is not the matrix
they multiply by: 2.3.1 handed cuDNN each gate's slice of `kernel`
(input_dim, units) flattened in C order, and cuDNN reads those numbers as
a (units, input_dim) matrix M computing `M x`; each gate's slice of
`recurrent_kernel` likewise acts transposed. Below, W_g and U_g are the
matrices acting (`x W_g`): W_g = reshape(kernel_g, (units, input_dim)).T
and U_g = recurrent_kernel_g.T. Weight files written by 2.3.1's (and
tf-keras's) CuDNN layers therefore compute here what they computed on a
GPU, and keras/engine/weight_conversion.py converts them to GRU/LSTM
kernels as 2.3.1 did.

- CuDNNGRU, gates z (update), r (reset), h (candidate); `bias` is
  `[b_in (3 * units), b_rec (3 * units)]`:

      z = sigmoid(x W_z + b_in_z + h U_z + b_rec_z)
      r = sigmoid(x W_r + b_in_r + h U_r + b_rec_r)
      hh = tanh(x W_h + b_in_h + r * (h U_h + b_rec_h))
      h_t = z * h + (1 - z) * hh

  i.e. GRU(reset_after=True, recurrent_activation='sigmoid') with kernels
  W and U and this bias reshaped to (2, 3 * units).

- CuDNNLSTM, gates i, f, c, o; `bias` is `[b_in (4 * units), b_rec (4 *
  units)]` and `z = x W + b_in + h U + b_rec`, then the LSTM equations with
  sigmoid gates and tanh: LSTM(recurrent_activation='sigmoid') with
  kernels W and U and the bias `b_in + b_rec`. With unit_forget_bias, as
  in 2.3.1, the recurrent bias's forget slice (entries [5 * units,
  6 * units) of `bias`) starts at one and the rest from bias_initializer:
  the total forget bias starts at one more than bias_initializer gives.
"""
from keras import backend as K
from keras import constraints
from keras import initializers
from keras import regularizers
from keras.engine.base_layer import Layer
from keras.layers.recurrent.base_rnn import RNN
from keras.layers.recurrent.cell_base import cell_kwargs
from keras.layers.recurrent.cell_base import cell_property
from keras.layers.recurrent.cell_base import concatenated_initializer
from keras.layers.recurrent.gru import GRUCell
from keras.layers.recurrent.lstm import LSTMCell
from keras.layers.recurrent.lstm import lstm_state_update
from keras.utils.argument_validation import check_int


def _acting_input_kernel(kernel, gates, units):
    """The matrix (input_dim, gates * units) a stored CuDNN `kernel`
    multiplies the inputs by: per gate, the slice's C-order values read as
    (units, input_dim), transposed."""
    input_dim = K.int_shape(kernel)[0]
    per_gate = K.permute_dimensions(
        K.reshape(kernel, (input_dim, gates, units)), (1, 0, 2))
    read = K.reshape(per_gate, (gates, units, input_dim))
    return K.reshape(K.permute_dimensions(read, (2, 0, 1)),
                     (input_dim, gates * units))


def _acting_recurrent_kernel(recurrent_kernel, gates, units):
    """The matrix a stored CuDNN `recurrent_kernel` multiplies the state
    by: each gate's square slice transposed."""
    per_gate = K.reshape(recurrent_kernel, (units, gates, units))
    return K.reshape(K.permute_dimensions(per_gate, (2, 1, 0)),
                     (units, gates * units))


class _CuDNNGRUCell(GRUCell):
    """GRUCell with reset_after, sigmoid gates and cuDNN's flat bias
    `[b_in, b_rec]` of shape (6 * units,)."""

    def __init__(self, units, **kwargs):
        super(_CuDNNGRUCell, self).__init__(
            units, activation='tanh', recurrent_activation='sigmoid',
            implementation=2, reset_after=True, **kwargs)

    def build(self, input_shape):
        self._add_kernels(input_shape[-1], 3)
        self._add_bias((6 * self.units,))
        self.built = True

    @property
    def input_bias(self):
        return self.bias[:3 * self.units]

    @property
    def recurrent_bias(self):
        return self.bias[3 * self.units:]

    def input_projection(self, inputs, training=None):
        kernel = _acting_input_kernel(self.kernel, 3, self.units)
        return K.dot(inputs, kernel) + self.input_bias

    def recurrent_step(self, projected, states, training=None):
        h_tm1 = states[0]
        units = self.units
        inner = K.dot(h_tm1, _acting_recurrent_kernel(
            self.recurrent_kernel, 3, units)) + self.recurrent_bias
        z = self.recurrent_activation(projected[:, :units] +
                                      inner[:, :units])
        r = self.recurrent_activation(projected[:, units:2 * units] +
                                      inner[:, units:2 * units])
        hh = self.activation(projected[:, 2 * units:] +
                             r * inner[:, 2 * units:])
        h = z * h_tm1 + (1 - z) * hh
        return h, [h]


class _CuDNNLSTMCell(LSTMCell):
    """LSTMCell with sigmoid gates and cuDNN's flat bias `[b_in, b_rec]`
    of shape (8 * units,); the two halves are summed once per sequence."""

    def __init__(self, units, **kwargs):
        super(_CuDNNLSTMCell, self).__init__(
            units, activation='tanh', recurrent_activation='sigmoid',
            implementation=2, **kwargs)

    def build(self, input_shape):
        # No Identity tiling here: 2.3.1 gave the initializer the whole
        # (units, 4 * units) shape.
        self._add_kernels(input_shape[-1], 4)
        bias_initializer = None
        if self.unit_forget_bias:
            bias_initializer = concatenated_initializer(
                [(self.bias_initializer, 5 * self.units),
                 (initializers.Ones(), self.units),
                 (self.bias_initializer, 2 * self.units)])
        self._add_bias((8 * self.units,), bias_initializer)
        self.built = True

    def input_projection(self, inputs, training=None):
        units = 4 * self.units
        kernel = _acting_input_kernel(self.kernel, 4, self.units)
        return (K.dot(inputs, kernel) +
                (self.bias[:units] + self.bias[units:]))

    def recurrent_step(self, projected, states, training=None):
        h_tm1, c_tm1 = states[0], states[1]
        z = projected + K.dot(h_tm1, _acting_recurrent_kernel(
            self.recurrent_kernel, 4, self.units))
        z = [self._gate(z, gate) for gate in range(4)]
        return lstm_state_update(z, c_tm1, self.activation,
                                 self.recurrent_activation)


def _bias_slice(gate, recurrent, gates):
    """A property: the `gate` slice of the input (or recurrent) bias, as
    2.3.1's `bias_z_i` / `bias_z` attributes."""
    def getter(self):
        start = ((gates if recurrent else 0) + gate) * self.units
        return self.bias[start:start + self.units]
    return property(getter)


class _CuDNNRNN(RNN):
    """What CuDNNGRU and CuDNNLSTM share: an RNN over a fixed cell, without
    masking, unrolling or the cell in the config."""

    def __init__(self, cell, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, **kwargs):
        if 'unroll' in kwargs:
            # Not an argument of 2.3.1's CuDNN layers.
            raise TypeError('Keyword argument not understood:', 'unroll')
        super(_CuDNNRNN, self).__init__(
            cell, return_sequences=return_sequences,
            return_state=return_state, go_backwards=go_backwards,
            stateful=stateful, **kwargs)
        self.supports_masking = False

    units = cell_property('units')
    kernel_initializer = cell_property('kernel_initializer')
    recurrent_initializer = cell_property('recurrent_initializer')
    bias_initializer = cell_property('bias_initializer')
    kernel_regularizer = cell_property('kernel_regularizer')
    recurrent_regularizer = cell_property('recurrent_regularizer')
    bias_regularizer = cell_property('bias_regularizer')
    kernel_constraint = cell_property('kernel_constraint')
    recurrent_constraint = cell_property('recurrent_constraint')
    bias_constraint = cell_property('bias_constraint')
    kernel = cell_property('kernel')
    recurrent_kernel = cell_property('recurrent_kernel')
    bias = cell_property('bias')

    def call(self, inputs, mask=None, training=None, initial_state=None,
             constants=None):
        masks = mask if isinstance(mask, list) else [mask]
        if any(m is not None for m in masks):
            raise ValueError('Masking is not supported for CuDNN RNNs '
                             '(layer %s received a mask).' % self.name)
        return super(_CuDNNRNN, self).call(
            inputs, training=training, initial_state=initial_state,
            constants=constants)

    def _argument_config(self):
        cell = self.cell
        return {
            'units': self.units,
            'kernel_initializer': initializers.serialize(
                cell.kernel_initializer),
            'recurrent_initializer': initializers.serialize(
                cell.recurrent_initializer),
            'bias_initializer': initializers.serialize(
                cell.bias_initializer),
            'kernel_regularizer': regularizers.serialize(
                cell.kernel_regularizer),
            'recurrent_regularizer': regularizers.serialize(
                cell.recurrent_regularizer),
            'bias_regularizer': regularizers.serialize(
                cell.bias_regularizer),
            'activity_regularizer': regularizers.serialize(
                self.activity_regularizer),
            'kernel_constraint': constraints.serialize(
                cell.kernel_constraint),
            'recurrent_constraint': constraints.serialize(
                cell.recurrent_constraint),
            'bias_constraint': constraints.serialize(cell.bias_constraint),
        }

    def get_config(self):
        config = Layer.get_config(self)
        config.update({'return_sequences': self.return_sequences,
                       'return_state': self.return_state,
                       'go_backwards': self.go_backwards,
                       'stateful': self.stateful})
        config.update(self._argument_config())
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class CuDNNGRU(_CuDNNRNN):
    """cuDNN's Gated Recurrent Unit (the reset gate applied after the
    recurrent product; see the module docstring for the equations).

    Args:
        units: positive integer, dimensionality of the output space.
        kernel_initializer: initializer of `kernel` (input_dim, 3 * units),
            gates z, r, h.
        recurrent_initializer: initializer of `recurrent_kernel`
            (units, 3 * units).
        bias_initializer: initializer of `bias` (6 * units,): the input
            bias then the recurrent bias.
        kernel_regularizer, recurrent_regularizer, bias_regularizer:
            regularizers of the three weights.
        activity_regularizer: regularizer of the output.
        kernel_constraint, recurrent_constraint, bias_constraint:
            constraints of the three weights.
        return_sequences, return_state, stateful, go_backwards: as RNN.

    Input shape:
        3D tensor `(batch_size, timesteps, input_dim)` (no mask).

    Output shape:
        `(batch_size, units)`, `(batch_size, timesteps, units)` with
        return_sequences; with return_state also the final state.
    """

    def __init__(self, units, kernel_initializer='glorot_uniform',
                 recurrent_initializer='orthogonal',
                 bias_initializer='zeros', kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None,
                 return_sequences=False, return_state=False,
                 stateful=False, **kwargs):
        units = check_int(units, 'units', 'CuDNNGRU')
        cell = _CuDNNGRUCell(
            units, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, **cell_kwargs(kwargs))
        super(CuDNNGRU, self).__init__(
            cell, return_sequences=return_sequences,
            return_state=return_state, stateful=stateful, **kwargs)
        self.activity_regularizer = regularizers.get(activity_regularizer)

    # 2.3.1's slices of the weights.
    kernel_z = cell_property('kernel_z')
    kernel_r = cell_property('kernel_r')
    kernel_h = cell_property('kernel_h')
    recurrent_kernel_z = cell_property('recurrent_kernel_z')
    recurrent_kernel_r = cell_property('recurrent_kernel_r')
    recurrent_kernel_h = cell_property('recurrent_kernel_h')


class CuDNNLSTM(_CuDNNRNN):
    """cuDNN's Long Short-Term Memory layer (see the module docstring for
    the equations).

    Args:
        units: positive integer, dimensionality of the output space.
        kernel_initializer: initializer of `kernel` (input_dim, 4 * units),
            gates i, f, c, o.
        recurrent_initializer: initializer of `recurrent_kernel`
            (units, 4 * units).
        bias_initializer: initializer of `bias` (8 * units,): the input
            bias then the recurrent bias.
        unit_forget_bias: add one to the initial forget-gate bias (in the
            recurrent half, as 2.3.1).
        kernel_regularizer, recurrent_regularizer, bias_regularizer:
            regularizers of the three weights.
        activity_regularizer: regularizer of the output.
        kernel_constraint, recurrent_constraint, bias_constraint:
            constraints of the three weights.
        return_sequences, return_state, stateful, go_backwards: as RNN.

    Input shape:
        3D tensor `(batch_size, timesteps, input_dim)` (no mask).

    Output shape:
        `(batch_size, units)`, `(batch_size, timesteps, units)` with
        return_sequences; with return_state also the final states h and c.
    """

    def __init__(self, units, kernel_initializer='glorot_uniform',
                 recurrent_initializer='orthogonal',
                 bias_initializer='zeros', unit_forget_bias=True,
                 kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, return_sequences=False,
                 return_state=False, stateful=False, **kwargs):
        units = check_int(units, 'units', 'CuDNNLSTM')
        cell = _CuDNNLSTMCell(
            units, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, **cell_kwargs(kwargs))
        super(CuDNNLSTM, self).__init__(
            cell, return_sequences=return_sequences,
            return_state=return_state, stateful=stateful, **kwargs)
        self.activity_regularizer = regularizers.get(activity_regularizer)

    unit_forget_bias = cell_property('unit_forget_bias')

    def _argument_config(self):
        config = super(CuDNNLSTM, self)._argument_config()
        ordered = {}
        for key, value in config.items():
            ordered[key] = value
            if key == 'bias_initializer':
                ordered['unit_forget_bias'] = self.unit_forget_bias
        return ordered


# 2.3.1's per-gate slices: bias_z_i (input bias) ... bias_h (recurrent).
for _index, _gate in enumerate('zrh'):
    setattr(CuDNNGRU, 'bias_%s_i' % _gate, _bias_slice(_index, False, 3))
    setattr(CuDNNGRU, 'bias_' + _gate, _bias_slice(_index, True, 3))
for _index, _gate in enumerate('ifco'):
    setattr(CuDNNLSTM, 'kernel_' + _gate, property(
        lambda self, g=_index: self.cell._gate(self.kernel, g)))
    setattr(CuDNNLSTM, 'recurrent_kernel_' + _gate, property(
        lambda self, g=_index: self.cell._gate(self.recurrent_kernel, g)))
    setattr(CuDNNLSTM, 'bias_%s_i' % _gate, _bias_slice(_index, False, 4))
    setattr(CuDNNLSTM, 'bias_' + _gate, _bias_slice(_index, True, 4))
del _index, _gate
