"""Keras 1 layers kept for old code (`keras.legacy.layers` in Keras 2.3.1),
plus Keras 1's `Merge` / `merge`, which 2.3.1 had dropped.

All are exported from keras.layers too; each warns that it is deprecated,
naming its Keras 2 replacement.
"""
from keras.legacy.layers.core import AtrousConvolution1D  # noqa: F401
from keras.legacy.layers.core import AtrousConvolution2D  # noqa: F401
from keras.legacy.layers.core import Highway  # noqa: F401
from keras.legacy.layers.core import MaxoutDense  # noqa: F401
from keras.legacy.layers.merge_layer import Merge  # noqa: F401
from keras.legacy.layers.merge_layer import merge  # noqa: F401
from keras.legacy.layers.recurrent import ConvRecurrent2D  # noqa: F401
from keras.legacy.layers.recurrent import Recurrent  # noqa: F401
