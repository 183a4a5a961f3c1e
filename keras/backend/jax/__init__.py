"""The jax backend: graphs lowered inside jax.jit, gradients by jax.vjp."""
from keras.backend.jax.backend import JaxBackend

BACKEND = JaxBackend()
