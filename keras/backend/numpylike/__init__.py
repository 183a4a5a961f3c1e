"""Primitives shared by the backends whose array API follows numpy's
(numpy, jax.numpy, pytensor.tensor). Each backend class mixes these in with
`self.xp` set to its array module and overrides what differs."""
from keras.backend.numpylike.array import NumpyLikeArray
from keras.backend.numpylike.control_flow import NumpyLikeControlFlow
from keras.backend.numpylike.conv import NumpyLikeConv
from keras.backend.numpylike.conv import NumpyLikePooling
from keras.backend.numpylike.math import NumpyLikeMath
from keras.backend.numpylike.nn import NumpyLikeNN


class NumpyLikePrimitives(NumpyLikeMath, NumpyLikeArray, NumpyLikeNN,
                          NumpyLikeControlFlow, NumpyLikeConv,
                          NumpyLikePooling):
    xp = None
