"""Recurrent layers (`keras.layers.recurrent` in Keras 2): RNN and its
cells. How states, constants and masks flow through RNN is described in
keras/layers/recurrent/base_rnn.py."""
from keras.layers.recurrent.base_rnn import RNN  # noqa: F401
from keras.layers.recurrent.base_rnn import _standardize_args  # noqa: F401
from keras.layers.recurrent.cell_base import _generate_dropout_mask  # noqa: F401,E501
from keras.layers.recurrent.gru import GRU  # noqa: F401
from keras.layers.recurrent.gru import GRUCell  # noqa: F401
from keras.layers.recurrent.lstm import LSTM  # noqa: F401
from keras.layers.recurrent.lstm import LSTMCell  # noqa: F401
from keras.layers.recurrent.simple_rnn import SimpleRNN  # noqa: F401
from keras.layers.recurrent.simple_rnn import SimpleRNNCell  # noqa: F401
from keras.layers.recurrent.stacked_cells import StackedRNNCells  # noqa: F401,E501
