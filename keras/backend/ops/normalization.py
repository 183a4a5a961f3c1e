"""Batch normalization."""
from keras.backend.active import current
from keras.backend.ops.shape_utils import argument
from keras.backend.ops.shape_utils import floating_dtype
from keras.backend.ops.shape_utils import normalize_axis
from keras.backend.ops.shape_utils import rank
from keras.backend.ops.shape_utils import reduction_axes
from keras.backend.ops.shape_utils import result_dtype
from keras.backend.ops.shape_utils import same_as_first
from keras.backend.ops.shape_utils import spec_shape
from keras.backend.ops.shape_utils import static_shape
from keras.backend.symbolic.op import symbolic_op


def _broadcast_along(param, x_rank, axis):
    """A rank-1 statistic or scale reshaped to broadcast along `axis` of a
    tensor of rank `x_rank`; other parameters are returned as they are."""
    if param is None or isinstance(param, (int, float)):
        return param
    if rank(param) == 1 and x_rank > 1 and axis != x_rank - 1:
        shape = [1] * x_rank
        shape[axis] = static_shape(param)[0]
        return current().reshape(param, tuple(shape))
    return param


def _normalize(x, mean, var, beta, gamma, epsilon):
    b = current()
    inv = b.divide(1., b.sqrt(b.add(var, epsilon)))
    if gamma is not None:
        inv = b.multiply(inv, gamma)
    result = b.multiply(b.subtract(x, mean), inv)
    if beta is not None:
        result = b.add(result, beta)
    return result


@symbolic_op(shape=same_as_first)
def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=1e-3):
    """`(x - mean) / sqrt(var + epsilon) * gamma + beta`.

    Args:
        mean, var, beta, gamma: tensors broadcastable to `x`; rank-1 ones
            are laid along `axis`. `beta` and `gamma` may be None.
        axis: the features axis.
        epsilon: added to the variance.
    """
    x_rank = rank(x)
    axis = normalize_axis(axis, x_rank, 'K.batch_normalization')
    mean, var, beta, gamma = [_broadcast_along(p, x_rank, axis)
                              for p in (mean, var, beta, gamma)]
    return _normalize(x, mean, var, beta, gamma, epsilon)


def _normalize_batch_rule(args, kwargs):
    x = args[0]
    gamma = argument(args, kwargs, 1, 'gamma')
    beta = argument(args, kwargs, 2, 'beta')
    shape = tuple(spec_shape(x))
    axes = reduction_axes(list(argument(args, kwargs, 3, 'reduction_axes')),
                          len(shape), 'K.normalize_batch_in_training')
    stats_shape = tuple(d for i, d in enumerate(shape) if i not in axes)
    stats_dtype = floating_dtype(result_dtype(x), 'float64')
    params = [p for p in (gamma, beta) if p is not None]
    normed_dtype = result_dtype(stats_dtype, *params)
    return [(shape, normed_dtype), (stats_shape, stats_dtype),
            (stats_shape, stats_dtype)]


@symbolic_op(shape=_normalize_batch_rule, multi_output=True)
def normalize_batch_in_training(x, gamma, beta, reduction_axes,
                                epsilon=1e-3):
    """Normalizes `x` by its mean and variance over `reduction_axes`.

    Args:
        gamma, beta: scale and offset (rank 1 along the remaining axis, or
            None).
        reduction_axes: list of the axes reduced (all but the features
            axis).

    Returns:
        (normalized x, mean, variance); mean and variance have the reduced
        axes removed.
    """
    b = current()
    x_rank = rank(x)
    axes = sorted(normalize_axis(a, x_rank, 'K.normalize_batch_in_training')
                  for a in reduction_axes)
    mean = b.mean(x, axis=tuple(axes), keepdims=True)
    var = b.mean(b.square(b.subtract(x, mean)), axis=tuple(axes),
                 keepdims=True)
    kept = [a for a in range(x_rank) if a not in axes]
    if len(kept) == 1:
        gamma, beta = [_broadcast_along(p, x_rank, kept[0])
                       for p in (gamma, beta)]
    normed = _normalize(x, mean, var, beta, gamma, epsilon)
    return normed, b.squeeze(mean, tuple(axes)), b.squeeze(var, tuple(axes))
