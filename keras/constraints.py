"""Weight constraints: projections applied to a weight after each optimizer
update (`param.constraint`)."""
import numpy as np

from keras import backend as K
from keras.utils.generic_utils import deserialize_keras_object
from keras.utils.generic_utils import get_from_identifier
from keras.utils.generic_utils import serialize_keras_object


class Constraint(object):
    """Base class: `__call__(w)` returns the projected weight."""

    def __call__(self, w):
        return w

    def get_config(self):
        return {}


def _norms(w, axis):
    return K.sqrt(K.sum(K.square(w), axis=axis, keepdims=True))


class MaxNorm(Constraint):
    """Rescales the weights whose norm along `axis` exceeds `max_value`.

    Args:
        max_value: the highest norm allowed.
        axis: the axis (or list of axes) the norm is computed over; 0 for
            a Dense kernel (one norm per unit), [0, 1, 2] for a
            channels_last Conv2D kernel.
    """

    def __init__(self, max_value=2, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w):
        norms = _norms(w, self.axis)
        desired = K.clip(norms, 0, self.max_value)
        return w * (desired / (K.epsilon() + norms))

    def get_config(self):
        return {'max_value': self.max_value, 'axis': self.axis}


class NonNeg(Constraint):
    """Sets negative weights to zero."""

    def __call__(self, w):
        return w * K.cast(K.greater_equal(w, 0.), K.floatx())


class UnitNorm(Constraint):
    """Rescales the weights to a norm of 1 along `axis`.

    Args:
        axis: axis (or list of axes) of the norm.
    """

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        return w / (K.epsilon() + _norms(w, self.axis))

    def get_config(self):
        return {'axis': self.axis}


class MinMaxNorm(Constraint):
    """Keeps the norm of the weights along `axis` within
    [min_value, max_value], moving it there at speed `rate`.

    Args:
        min_value: the lowest norm allowed.
        max_value: the highest norm allowed.
        rate: 1.0 projects at once; below 1 the new norm is
            `(1 - rate) * norm + rate * clip(norm, min_value, max_value)`.
        axis: axis (or list of axes) of the norm.
    """

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w):
        norms = _norms(w, self.axis)
        desired = (self.rate * K.clip(norms, self.min_value, self.max_value) +
                   (1 - self.rate) * norms)
        return w * (desired / (K.epsilon() + norms))

    def get_config(self):
        return {'min_value': self.min_value, 'max_value': self.max_value,
                'rate': self.rate, 'axis': self.axis}


class RadialConstraint(Constraint):
    """tf-keras's constraint making a square Conv2D kernel
    `(size, size, input_depth, output_depth)` constant on concentric rings.

    Each ring takes the value of one diagonal entry, as tf-keras computes
    it: with `s = size // 2`, the centre (one entry for odd sizes, two by
    two for even sizes) takes `w[s - 1, s - 1]` and the rings around it
    take `w[s + i, s + i]`, innermost first (`i` from 0 for odd sizes, from
    1 for even sizes). Not in Keras 2.3.1; read from tf-keras files.
    """

    def __call__(self, w):
        shape = K.int_shape(w)
        if len(shape) != 4 or shape[0] != shape[1] or shape[0] is None:
            raise ValueError('RadialConstraint needs a square kernel of '
                             'shape (size, size, input_depth, output_depth); '
                             'received shape %s.' % (shape,))
        size = shape[0]
        if size == 1:
            return w
        diagonal = _radial_diagonal_index(size)
        flat = K.reshape(w, (size * size,) + tuple(shape[2:]))
        rows = K.gather(flat, (diagonal * (size + 1)).ravel().tolist())
        return K.reshape(rows, shape)


def _radial_diagonal_index(size):
    """(size, size) array: the diagonal entry each kernel position takes."""
    centre = size // 2
    if size % 2:
        index = np.full((1, 1), centre - 1)
        first_ring = 0
    else:
        index = np.full((2, 2), centre - 1)
        first_ring = 1
    for ring in range(first_ring, centre):
        index = np.pad(index, 1, mode='constant',
                       constant_values=centre + ring)
    return index


# Aliases, Keras 1 names included.
max_norm = MaxNorm
non_neg = NonNeg
unit_norm = UnitNorm
min_max_norm = MinMaxNorm
maxnorm = max_norm
nonneg = non_neg
unitnorm = unit_norm

_REGISTRY = {
    'Constraint': Constraint,
    'MaxNorm': MaxNorm, 'max_norm': MaxNorm, 'maxnorm': MaxNorm,
    'NonNeg': NonNeg, 'non_neg': NonNeg, 'nonneg': NonNeg,
    'UnitNorm': UnitNorm, 'unit_norm': UnitNorm, 'unitnorm': UnitNorm,
    'MinMaxNorm': MinMaxNorm, 'min_max_norm': MinMaxNorm,
    'RadialConstraint': RadialConstraint,
    'radial_constraint': RadialConstraint,
}


def serialize(constraint):
    return serialize_keras_object(constraint)


def deserialize(config, custom_objects=None):
    return deserialize_keras_object(config, module_objects=_REGISTRY,
                                    custom_objects=custom_objects,
                                    printable_module_name='constraint')


def get(identifier):
    """A constraint from None, a name, a config dict or a callable.

    Raises:
        ValueError: for anything else.
    """
    if identifier is None:
        return None
    return get_from_identifier(identifier, deserialize, 'constraint')
