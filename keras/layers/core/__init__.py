"""Core layers (`keras.layers.core` in Keras 2)."""
from keras.layers.core.activation import Activation  # noqa: F401
from keras.layers.core.activity_regularization import ActivityRegularization  # noqa: F401,E501
from keras.layers.core.dense import Dense  # noqa: F401
from keras.layers.core.dropout import Dropout  # noqa: F401
from keras.layers.core.dropout import SpatialDropout1D  # noqa: F401
from keras.layers.core.dropout import SpatialDropout2D  # noqa: F401
from keras.layers.core.dropout import SpatialDropout3D  # noqa: F401
from keras.layers.core.flatten import Flatten  # noqa: F401
from keras.layers.core.lambda_layer import Lambda  # noqa: F401
from keras.layers.core.masking import Masking  # noqa: F401
from keras.layers.core.permute import Permute  # noqa: F401
from keras.layers.core.repeat_vector import RepeatVector  # noqa: F401
from keras.layers.core.reshape import Reshape  # noqa: F401
