"""The engine: layers, networks and models."""
from keras.engine.base_layer import Layer  # noqa: F401
from keras.engine.input_layer import Input  # noqa: F401
from keras.engine.input_layer import InputLayer  # noqa: F401
from keras.engine.input_spec import InputSpec  # noqa: F401
from keras.engine.network import get_source_inputs  # noqa: F401
from keras.engine.training import Model  # noqa: F401
