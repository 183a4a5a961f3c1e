"""CellLayer: what SimpleRNN, GRU and LSTM share as layers over one
built-in cell.

2.3.1's SimpleRNN, GRU and LSTM take their cell's arguments themselves,
build the cell from them, expose them as read-only attributes
(`LSTM.units`) and write one flat config. A subclass names its cell in
`cell_class` and, from an `__init__` with 2.3.1's signature, calls
`self._init_cell_layer(locals())`.
"""
import inspect

from keras import regularizers
from keras.layers.recurrent.base_rnn import RNN
from keras.layers.recurrent.cell_base import cell_kwargs
from keras.layers.recurrent.cell_base import cell_layer_config
from keras.layers.recurrent.cell_base import cell_property
from keras.layers.recurrent.cell_base import config_without_implementation_0

_RNN_ARGUMENTS = ('return_sequences', 'return_state', 'go_backwards',
                  'stateful', 'unroll')


def _cell_argument_names(cell_class):
    parameters = inspect.signature(cell_class.__init__).parameters.values()
    return [p.name for p in parameters if p.name != 'self' and
            p.kind == p.POSITIONAL_OR_KEYWORD]


class CellLayer(RNN):
    """An RNN over a `cell_class` cell built from the layer's arguments."""

    cell_class = None

    def __init_subclass__(cls, **kwargs):
        super(CellLayer, cls).__init_subclass__(**kwargs)
        if cls.cell_class is None:
            return
        for name in _cell_argument_names(cls.cell_class):
            if not hasattr(cls, name):
                setattr(cls, name, cell_property(name))

    def _init_cell_layer(self, arguments):
        """Builds the cell and the RNN from `arguments`, the locals of the
        subclass's `__init__`."""
        arguments = dict(arguments)
        kwargs = arguments.pop('kwargs')
        activity_regularizer = arguments.pop('activity_regularizer')
        rnn_arguments = dict((name, arguments.pop(name))
                             for name in _RNN_ARGUMENTS)
        cell_arguments = dict((name, arguments[name]) for name in
                              _cell_argument_names(self.cell_class))
        cell_arguments.update(cell_kwargs(kwargs))
        rnn_arguments.update(kwargs)
        RNN.__init__(self, self.cell_class(**cell_arguments),
                     **rnn_arguments)
        self.activity_regularizer = regularizers.get(activity_regularizer)

    def get_config(self):
        return cell_layer_config(self, RNN.get_config(self))

    @classmethod
    def from_config(cls, config):
        return cls(**config_without_implementation_0(config))
