"""Legacy alias of `keras.losses` (the Keras 1 module name)."""
from keras.losses import *  # noqa: F401,F403
from keras.losses import deserialize  # noqa: F401
from keras.losses import get  # noqa: F401
from keras.losses import serialize  # noqa: F401
