"""The PyTensor backend (named 'theano', as Keras 2 named it): graphs
compiled by pytensor.function, gradients by pytensor.grad."""
from keras.backend.pytensor.backend import PytensorBackend

BACKEND = PytensorBackend()
