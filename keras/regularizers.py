"""Weight and activity regularizers: callables turning a tensor into a
scalar penalty that is added to the model's loss."""
from keras import backend as K
from keras.utils.generic_utils import deserialize_keras_object
from keras.utils.generic_utils import get_from_identifier
from keras.utils.generic_utils import serialize_keras_object


class Regularizer(object):
    """Base class: `__call__(x)` returns the penalty for `x`."""

    def __call__(self, x):
        return 0.

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class L1L2(Regularizer):
    """`l1 * sum(|x|) + l2 * sum(x ** 2)`.

    Args:
        l1: L1 factor (float).
        l2: L2 factor (float).
    """

    def __init__(self, l1=0., l2=0.):
        self.l1 = K.cast_to_floatx(l1)
        self.l2 = K.cast_to_floatx(l2)

    def __call__(self, x):
        penalty = 0.
        if self.l1:
            penalty += float(self.l1) * K.sum(K.abs(x))
        if self.l2:
            penalty += float(self.l2) * K.sum(K.square(x))
        return penalty

    def get_config(self):
        return {'l1': float(self.l1), 'l2': float(self.l2)}


def l1(l=0.01):
    return L1L2(l1=l)


def l2(l=0.01):
    return L1L2(l2=l)


def l1_l2(l1=0.01, l2=0.01):
    return L1L2(l1=l1, l2=l2)


def _tf_keras_l1(l1=0.01, l=None):
    return L1L2(l1=l if l is not None else l1)


def _tf_keras_l2(l2=0.01, l=None):
    return L1L2(l2=l if l is not None else l2)


_REGISTRY = {
    'Regularizer': Regularizer,
    'L1L2': L1L2,
    'l1': l1,
    'l2': l2,
    'l1_l2': l1_l2,
    # tf-keras's classes, as in {'class_name': 'L2', 'config': {'l2': 0.01}}:
    # read into L1L2 objects, which save with 2.3.1's name.
    'L1': _tf_keras_l1,
    'L2': _tf_keras_l2,
}


def serialize(regularizer):
    return serialize_keras_object(regularizer)


def deserialize(config, custom_objects=None):
    return deserialize_keras_object(config, module_objects=_REGISTRY,
                                    custom_objects=custom_objects,
                                    printable_module_name='regularizer')


def get(identifier):
    """A regularizer from None, a name ('l2' -> `l2()`), a config dict or a
    callable.

    Raises:
        ValueError: for anything else.
    """
    if identifier is None:
        return None
    return get_from_identifier(identifier, deserialize, 'regularizer')
