"""Keras 2.3.1's import path `keras.callbacks.tensorboard_v1` for the
TensorBoard callback (one implementation for every backend)."""
from keras.callbacks.tensorboard import TensorBoard  # noqa: F401
from keras.engine.training_utils import standardize_input_data  # noqa: F401
