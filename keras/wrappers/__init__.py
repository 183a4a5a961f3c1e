"""Wrappers that let Keras models be used by other libraries."""
from keras.wrappers import scikit_learn  # noqa: F401
