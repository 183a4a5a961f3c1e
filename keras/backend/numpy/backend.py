"""The numpy backend class."""

import numpy as np

from keras.backend.base import Backend
from keras.backend.numpy.conv import NumpyConv
from keras.backend.numpy.ctc import NumpyCtc
from keras.backend.numpy.pooling import NumpyPooling
from keras.backend.numpy.random import NumpyRandom
from keras.backend.numpylike import NumpyLikePrimitives


class NumpyBackend(NumpyConv, NumpyPooling, NumpyCtc, NumpyRandom,
                   NumpyLikePrimitives, Backend):
    name = 'numpy'
    xp = np

    def is_native(self, x):
        return isinstance(x, (np.ndarray, np.generic))

    def convert(self, x, dtype=None):
        return np.asarray(x, dtype=dtype)

    def cast(self, x, dtype):
        return np.asarray(x).astype(dtype)

    def make_variable(self, value, dtype, name, trainable=True):
        return np.array(value, dtype=dtype)

    def assign(self, variable, value):
        variable.storage = np.array(value, dtype=variable.dtype)
