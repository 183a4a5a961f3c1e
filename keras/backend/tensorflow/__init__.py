"""The tensorflow backend: graphs lowered inside tf.function, gradients by
tf.GradientTape, variables kept in tf.Variables."""
from keras.backend.tensorflow.backend import TensorflowBackend

BACKEND = TensorflowBackend()
