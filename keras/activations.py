"""Activation functions, by name for `activation='relu'` arguments."""
import warnings

from keras import backend as K
from keras.utils.generic_utils import deserialize_keras_object

# Constants of the scaled exponential linear unit (Klambauer et al., 2017).
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def softmax(x, axis=-1):
    """Softmax along `axis`.

    Raises:
        ValueError: for a 1D tensor.
    """
    if K.ndim(x) < 2:
        raise ValueError('Cannot apply softmax to a tensor that is 1D. '
                         'Received input: %s' % (x,))
    return K.softmax(x, axis=axis)


def elu(x, alpha=1.0):
    """`x` if `x > 0`, else `alpha * (exp(x) - 1)`."""
    return K.elu(x, alpha)


def selu(x):
    """Scaled exponential linear unit: `scale * elu(x, alpha)` with the
    self-normalising constants."""
    return _SELU_SCALE * K.elu(x, _SELU_ALPHA)


def softplus(x):
    """`log(exp(x) + 1)`."""
    return K.softplus(x)


def softsign(x):
    """`x / (abs(x) + 1)`."""
    return K.softsign(x)


def relu(x, alpha=0., max_value=None, threshold=0.):
    """Rectified linear unit, see `K.relu`."""
    return K.relu(x, alpha=alpha, max_value=max_value, threshold=threshold)


def tanh(x):
    return K.tanh(x)


def sigmoid(x):
    return K.sigmoid(x)


def hard_sigmoid(x):
    """`clip(0.2 * x + 0.5, 0, 1)`."""
    return K.hard_sigmoid(x)


def exponential(x):
    return K.exp(x)


def linear(x):
    """The identity."""
    return x


_REGISTRY = {
    'softmax': softmax,
    'elu': elu,
    'selu': selu,
    'softplus': softplus,
    'softsign': softsign,
    'relu': relu,
    'tanh': tanh,
    'sigmoid': sigmoid,
    'hard_sigmoid': hard_sigmoid,
    'exponential': exponential,
    'linear': linear,
}


def serialize(activation):
    """The name of an activation function."""
    return activation.__name__


def deserialize(name, custom_objects=None):
    return deserialize_keras_object(
        name, module_objects=_REGISTRY, custom_objects=custom_objects,
        printable_module_name='activation function')


def get(identifier):
    """An activation function from None (linear), a name or a callable.

    Raises:
        ValueError: for anything else.
    """
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        return deserialize(identifier)
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if callable(identifier):
        from keras.engine.base_layer import Layer
        if isinstance(identifier, Layer):
            warnings.warn(
                'Do not pass a layer instance (such as {identifier}) as the '
                'activation argument of another layer. Instead, advanced '
                'activation layers should be used just like any other '
                'layer in a model.'.format(
                    identifier=identifier.__class__.__name__))
        return identifier
    raise ValueError('Could not interpret activation function identifier: ' +
                     str(identifier))
