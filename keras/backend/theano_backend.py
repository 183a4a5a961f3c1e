"""Keras 2's import path for the Theano backend module, kept for code such
as `from keras.backend import theano_backend as KTH`.

It offers the public K functions (they run on the active backend, which is
PyTensor under the name 'theano'), `pattern_broadcast` as Theano's
`patternbroadcast`, and `theano` / `T` (pytensor and pytensor.tensor,
imported on first use).
"""
import types

from keras import backend as _K
from keras.backend.active import current as _current
from keras.backend.ops.shape_utils import dims as _dims
from keras.backend.ops.shape_utils import spec_dtype as _spec_dtype
from keras.backend.ops.shape_utils import spec_shape as _spec_shape
from keras.backend.symbolic.op import symbolic_op as _symbolic_op

# The K namespace is listed by hand in keras/backend/__init__.py; copying
# its public names keeps this alias in step with it.
globals().update({name: value for name, value in vars(_K).items()
                  if not name.startswith('_') and
                  not isinstance(value, types.ModuleType)})


def _flagged_shape(args, kwargs):
    x, broadcastable = args
    shape = tuple(1 if flag else d
                  for flag, d in zip(broadcastable, _spec_shape(x)))
    return [(shape, _spec_dtype(x))]


@_symbolic_op(shape=_flagged_shape)
def _with_unit_axes(x, broadcastable):
    # A reshape to literal 1s tells PyTensor the axes may broadcast (it
    # refuses to broadcast axes it does not know to be 1); elsewhere it is
    # a no-op that checks the sizes.
    target = [1 if flag else d for flag, d in zip(broadcastable, _dims(x))]
    return _current().reshape(x, tuple(target))


def pattern_broadcast(x, broadcastable):
    """`x` with the axes flagged in `broadcastable` (one bool per axis)
    marked as broadcastable, as Theano's `patternbroadcast`.

    Raises:
        ValueError: if the number of flags is not the rank of `x`, or a
            flagged axis has a known size other than 1.
    """
    _K.pattern_broadcast(x, broadcastable)
    return _with_unit_axes(x, tuple(bool(flag) for flag in broadcastable))


def __getattr__(name):
    if name == 'theano':
        import pytensor
        return pytensor
    if name == 'T':
        import pytensor.tensor
        return pytensor.tensor
    raise AttributeError('module %r has no attribute %r' % (__name__, name))
