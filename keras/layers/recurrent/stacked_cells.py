"""StackedRNNCells: several cells behaving as one."""
import warnings

from keras.engine.base_layer import Layer
from keras.layers.recurrent.cell_base import build_in_scope_of
from keras.layers.recurrent.cell_base import output_size_of
from keras.layers.recurrent.cell_base import state_sizes
from keras.utils.generic_utils import has_arg


class StackedRNNCells(Layer):
    """A stack of RNN cells run as one cell: the output of each cell is the
    input of the next, at every step.

    The states are the flat list of the cells' states, in cell order (a
    stack of two LSTM cells has states `[h1, c1, h2, c2]`);
    `reverse_state_order=True` (deprecated in 2.3.1) lists them from the
    last cell to the first.

    Args:
        cells: list of RNN cells.

    Used for efficient stacked RNNs: `RNN([LSTMCell(8), LSTMCell(4)])`.
    """

    def __init__(self, cells, **kwargs):
        for cell in cells:
            if not hasattr(cell, 'call'):
                raise ValueError('All cells must have a `call` method. '
                                 'received cells: %r' % (cells,))
            if not hasattr(cell, 'state_size'):
                raise ValueError('All cells must have a `state_size` '
                                 'attribute. received cells: %r' % (cells,))
        self.reverse_state_order = kwargs.pop('reverse_state_order', False)
        if self.reverse_state_order:
            warnings.warn('`reverse_state_order=True` in `StackedRNNCells` '
                          'will soon be deprecated. Please update the code '
                          'to work with the natural order of states if you '
                          'rely on the RNN states, eg '
                          '`RNN(return_state=True)`.')
        super(StackedRNNCells, self).__init__(**kwargs)
        self.cells = list(cells)
        # The cells' weights, losses and updates are this layer's.
        self.__dict__.setdefault('_layers', [])
        for cell in self.cells:
            if isinstance(cell, Layer) and not any(
                    cell is known for known in self._layers):
                self._layers.append(cell)

    def _ordered_cells(self):
        return self.cells[::-1] if self.reverse_state_order else self.cells

    @property
    def state_size(self):
        state_size = []
        for cell in self._ordered_cells():
            if hasattr(cell.state_size, '__len__'):
                state_size += list(cell.state_size)
            else:
                state_size.append(cell.state_size)
        return tuple(state_size)

    @property
    def output_size(self):
        return output_size_of(self.cells[-1])

    def call(self, inputs, states, constants=None, training=None, **kwargs):
        nested_states = []
        for cell in self._ordered_cells():
            count = len(state_sizes(cell))
            nested_states.append(list(states[:count]))
            states = states[count:]
        if self.reverse_state_order:
            nested_states = nested_states[::-1]

        new_nested_states = []
        for cell, cell_states in zip(self.cells, nested_states):
            cell_kwargs = dict(kwargs)
            if has_arg(cell.call, 'constants'):
                cell_kwargs['constants'] = constants
            if has_arg(cell.call, 'training'):
                cell_kwargs['training'] = training
            inputs, cell_states = cell.call(inputs, cell_states,
                                            **cell_kwargs)
            if not isinstance(cell_states, (list, tuple)):
                cell_states = [cell_states]
            new_nested_states.append(list(cell_states))

        if self.reverse_state_order:
            new_nested_states = new_nested_states[::-1]
        new_states = []
        for cell_states in new_nested_states:
            new_states += cell_states
        return inputs, new_states

    def build(self, input_shape):
        constants_shape = None
        if isinstance(input_shape, list):
            constants_shape = list(input_shape[1:])
            input_shape = input_shape[0]
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                with build_in_scope_of(self, cell):
                    if constants_shape and has_arg(cell.call, 'constants'):
                        cell.build([input_shape] + constants_shape)
                    else:
                        cell.build(input_shape)
                cell.built = True
            size = output_size_of(cell)
            size = tuple(size) if hasattr(size, '__len__') else (size,)
            input_shape = (input_shape[0],) + size
        self.built = True

    def reset_dropout_mask(self):
        for cell in self.cells:
            if hasattr(cell, 'reset_dropout_mask'):
                cell.reset_dropout_mask()

    def reset_recurrent_dropout_mask(self):
        for cell in self.cells:
            if hasattr(cell, 'reset_recurrent_dropout_mask'):
                cell.reset_recurrent_dropout_mask()

    def get_config(self):
        cells = [{'class_name': cell.__class__.__name__,
                  'config': cell.get_config()} for cell in self.cells]
        config = {'cells': cells}
        base_config = super(StackedRNNCells, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from keras.layers import deserialize as deserialize_layer
        config = dict(config)
        cells = [deserialize_layer(cell_config, custom_objects=custom_objects)
                 for cell_config in config.pop('cells')]
        return cls(cells, **config)
