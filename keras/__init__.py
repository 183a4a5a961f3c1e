"""Keras 2 on today's Python, NumPy 2 and tensor backends."""
__version__ = '2.3.1'

from keras import backend  # noqa: E402,F401
