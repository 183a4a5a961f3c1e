"""Kept for old imports (`from keras.engine.topology import Layer`)."""
from keras.engine.base_layer import InputSpec  # noqa: F401
from keras.engine.base_layer import Layer  # noqa: F401
from keras.engine.base_layer import Node  # noqa: F401
from keras.engine.input_layer import Input  # noqa: F401
from keras.engine.input_layer import InputLayer  # noqa: F401
from keras.engine.network import Network  # noqa: F401
from keras.engine.network import get_source_inputs  # noqa: F401
