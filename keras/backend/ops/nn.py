"""Activations, crossentropies and other neural-network ops."""
import numbers

from keras.backend import config
from keras.backend.active import current
from keras.backend.ops.shape_utils import argument
from keras.backend.ops.shape_utils import broadcast_shapes
from keras.backend.ops.shape_utils import dims
from keras.backend.ops.shape_utils import floating_dtype
from keras.backend.ops.shape_utils import normalize_axis
from keras.backend.ops.shape_utils import rank
from keras.backend.ops.shape_utils import result_dtype
from keras.backend.ops.shape_utils import same_as_first
from keras.backend.ops.shape_utils import spec_shape
from keras.backend.ops.shape_utils import static_shape
from keras.backend.symbolic.op import symbolic_op


@symbolic_op(shape=same_as_first)
def relu(x, alpha=0., max_value=None, threshold=0.):
    """Rectified linear unit.

    Args:
        alpha: slope below the threshold.
        max_value: saturation threshold, or None.
        threshold: values below it are zeroed (or scaled by alpha).
    """
    b = current()
    if alpha != 0.:
        negative_part = b.maximum(b.add(b.negative(x), threshold), 0.) \
            if threshold != 0. else b.maximum(b.negative(x), 0.)
    if threshold != 0.:
        x = b.multiply(x, b.cast(b.greater(x, threshold), _dtype(x)))
    else:
        x = b.maximum(x, 0.)
    if max_value is not None:
        x = b.clip(x, 0., max_value)
    if alpha != 0.:
        x = b.subtract(x, b.multiply(alpha, negative_part))
    return x


def _dtype(x):
    return current().dtype_name(x)


@symbolic_op(shape=same_as_first)
def elu(x, alpha=1.):
    b = current()
    negative = b.multiply(alpha, b.subtract(b.exp(b.minimum(x, 0.)), 1.))
    return b.where(b.greater(x, 0.), x, negative)


@symbolic_op(shape=same_as_first)
def softmax(x, axis=-1):
    """Softmax along `axis`."""
    b = current()
    shifted = b.subtract(x, b.stop_gradient(b.max(x, axis=axis,
                                                  keepdims=True)))
    e = b.exp(shifted)
    return b.divide(e, b.sum(e, axis=axis, keepdims=True))


def _log_softmax(x, axis):
    b = current()
    shifted = b.subtract(x, b.stop_gradient(b.max(x, axis=axis,
                                                  keepdims=True)))
    return b.subtract(shifted, b.log(b.sum(b.exp(shifted), axis=axis,
                                           keepdims=True)))


@symbolic_op(shape=same_as_first)
def softplus(x):
    return current().softplus(x)


@symbolic_op(shape=same_as_first)
def softsign(x):
    b = current()
    return b.divide(x, b.add(1., b.abs(x)))


@symbolic_op(shape=same_as_first)
def sigmoid(x):
    return current().sigmoid(x)


@symbolic_op(shape=same_as_first)
def hard_sigmoid(x):
    """Segment-wise linear sigmoid: clip(0.2 * x + 0.5, 0, 1)."""
    b = current()
    return b.clip(b.add(b.multiply(x, 0.2), 0.5), 0., 1.)


def _probability_dtype(output):
    # Probabilities of integers are computed in float64, as numpy divides.
    return floating_dtype(result_dtype(output), 'float64')


def _categorical_rule(args, kwargs):
    target = argument(args, kwargs, 0, 'target')
    output = argument(args, kwargs, 1, 'output')
    axis = argument(args, kwargs, 3, 'axis', -1)
    _check_class_axis(len(spec_shape(output)), axis)
    shape = broadcast_shapes(spec_shape(target), spec_shape(output))
    axis = normalize_axis(axis, len(shape), 'K.categorical_crossentropy')
    return [(shape[:axis] + shape[axis + 1:],
             result_dtype(target, _probability_dtype(output)))]


@symbolic_op(shape=_categorical_rule)
def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Crossentropy between one-hot (or soft) `target` and `output`.

    Args:
        from_logits: `output` holds logits rather than probabilities (which
            are renormalised to sum to 1 and clipped away from 0 and 1).
        axis: the class axis.
    """
    _check_class_axis(rank(output), axis)
    b = current()
    if from_logits:
        log_probs = _log_softmax(output, axis)
    else:
        output = b.divide(output, b.sum(output, axis=axis, keepdims=True))
        eps = config.epsilon()
        log_probs = b.log(b.clip(output, eps, 1. - eps))
    return b.negative(b.sum(b.multiply(target, log_probs), axis=axis))


def _sparse_categorical_rule(args, kwargs):
    target = argument(args, kwargs, 0, 'target')
    output = argument(args, kwargs, 1, 'output')
    axis = argument(args, kwargs, 3, 'axis', -1)
    output_shape = tuple(spec_shape(output))
    _check_class_axis(len(output_shape), axis)
    axis = normalize_axis(axis, len(output_shape),
                          'K.sparse_categorical_crossentropy')
    target_shape = tuple(spec_shape(target))
    if len(target_shape) == len(output_shape):
        target_shape = target_shape[:-1]
    shape = broadcast_shapes(target_shape,
                             output_shape[:axis] + output_shape[axis + 1:])
    return [(shape, _probability_dtype(output))]


@symbolic_op(shape=_sparse_categorical_rule)
def sparse_categorical_crossentropy(target, output, from_logits=False,
                                    axis=-1):
    """Crossentropy between integer class `target` and `output`."""
    _check_class_axis(rank(output), axis)
    b = current()
    output_rank = rank(output)
    axis = axis % output_rank
    if axis != output_rank - 1:
        perm = [i for i in range(output_rank) if i != axis] + [axis]
        output = b.transpose(output, perm)
    if from_logits:
        log_probs = _log_softmax(output, -1)
    else:
        output = b.divide(output, b.sum(output, axis=-1, keepdims=True))
        eps = config.epsilon()
        log_probs = b.log(b.clip(output, eps, 1. - eps))
    target = b.cast(target, 'int64')
    if rank(target) == output_rank:
        target = b.squeeze(target, -1)
    classes = b.arange(0, static_shape(output)[-1], 1, 'int64')
    hits = b.cast(b.equal(b.expand_dims(target, -1), classes),
                  _dtype(log_probs))
    return b.negative(b.sum(b.multiply(hits, log_probs), axis=-1))


def _check_class_axis(output_rank, axis):
    if axis != -1 and axis not in range(output_rank):
        raise ValueError('Unexpected channels axis %s. Expected to be -1 or '
                         'one of the axes of `output`, which has %d '
                         'dimensions.' % (axis, output_rank))


def _binary_rule(args, kwargs):
    target = argument(args, kwargs, 0, 'target')
    output = argument(args, kwargs, 1, 'output')
    shape = broadcast_shapes(spec_shape(target), spec_shape(output))
    return [(shape, result_dtype(_probability_dtype(output), target))]


@symbolic_op(shape=_binary_rule)
def binary_crossentropy(target, output, from_logits=False):
    """Element-wise crossentropy of a sigmoid output and a binary target.

    Probabilities are clipped to [eps, 1 - eps] and turned back into logits,
    then the numerically stable logit form is used, as Keras 2 does.
    """
    b = current()
    if not from_logits:
        eps = config.epsilon()
        output = b.clip(output, eps, 1. - eps)
        output = b.log(b.divide(output, b.subtract(1., output)))
    # max(x, 0) - x * z + log(1 + exp(-|x|)), with both max and |x| taken
    # from one sign test, so that the gradient at x == 0 (zero-initialised
    # output layers) is sigmoid(0) - z: max and abs alone each pick an
    # arbitrary side of their kink there.
    positive = b.greater_equal(output, 0.)
    relu_logits = b.where(positive, output,
                          b.zeros_like(output, _dtype(output)))
    negative_abs = b.where(positive, b.negative(output), output)
    return b.add(b.subtract(relu_logits, b.multiply(output, target)),
                 b.log1p(b.exp(negative_abs)))


def _check_dropout(x_shape, level, noise_shape):
    if isinstance(level, numbers.Number) and not 0. <= level < 1.:
        raise ValueError('Dropout level must be in the interval [0, 1); '
                         'received %r.' % (level,))
    if noise_shape is not None and len(noise_shape) != len(x_shape):
        raise ValueError('K.dropout: noise_shape %s does not have the rank '
                         'of x (shape %s).' % (tuple(noise_shape), x_shape))


def _dropout_rule(args, kwargs):
    x = args[0]
    _check_dropout(tuple(spec_shape(x)), argument(args, kwargs, 1, 'level'),
                   argument(args, kwargs, 2, 'noise_shape'))
    return same_as_first(args, kwargs)


@symbolic_op(shape=_dropout_rule)
def dropout(x, level, noise_shape=None, seed=None):
    """Sets entries of `x` to 0 with probability `level`, scaling the rest
    by 1 / (1 - level).

    Args:
        noise_shape: shape of the keep/drop mask, broadcast over `x`; None
            entries take the size of `x` there.
    """
    _check_dropout(static_shape(x), level, noise_shape)
    b = current()
    shape = tuple(dims(x))
    if noise_shape is not None:
        shape = tuple(s if n is None else n for s, n in
                      zip(shape, noise_shape))
    dtype = _dtype(x)
    keep = b.random_uniform(shape, 0., 1., dtype, seed)
    mask = b.cast(b.greater_equal(keep, level), dtype)
    return b.multiply(x, b.multiply(mask, 1. / (1. - level)))


dropout.eager.stateful = True


@symbolic_op(shape=same_as_first)
def l2_normalize(x, axis=None):
    """`x` divided by its L2 norm along `axis` (all axes for None)."""
    b = current()
    if isinstance(axis, list):
        axis = tuple(axis)
    squares = b.sum(b.square(x), axis=axis, keepdims=True)
    return b.divide(x, b.sqrt(b.maximum(squares, 1e-12)))


def _check_bias_rank(x_rank, bias_rank):
    if bias_rank != 1 and bias_rank != x_rank - 1:
        raise ValueError('Unexpected bias dimensions %d, expect to be 1 or '
                         '%d dimensions' % (bias_rank, x_rank - 1))


def _bias_add_rule(args, kwargs):
    bias = kwargs['bias'] if 'bias' in kwargs else args[1]
    _check_bias_rank(len(spec_shape(args[0])), len(spec_shape(bias)))
    return same_as_first(args, kwargs)


@symbolic_op(shape=_bias_add_rule)
def bias_add(x, bias, data_format=None):
    """Adds `bias` (rank 1, or rank of x minus 1) along the channels axis.

    With channels_first and a bias of rank > 1, the bias is *reshaped* (not
    transposed) to put its last axis first, as Keras 2.3.1 does: weights
    trained with Keras 2 give the same outputs.
    """
    data_format = config.normalize_data_format(data_format)
    b = current()
    x_rank = rank(x)
    bias_shape = static_shape(bias)
    _check_bias_rank(x_rank, len(bias_shape))
    if data_format == 'channels_first' and x_rank > 2:
        if len(bias_shape) == 1:
            bias = b.reshape(bias, (1, bias_shape[0]) + (1,) * (x_rank - 2))
        else:
            bias = b.reshape(bias, (1, bias_shape[-1]) + bias_shape[:-1])
    return b.add(x, bias)


def _in_top_k_rule(args, kwargs):
    predictions = argument(args, kwargs, 0, 'predictions')
    targets = argument(args, kwargs, 1, 'targets')
    k = argument(args, kwargs, 2, 'k')
    scores = tuple(spec_shape(predictions))
    if not scores:
        raise ValueError('K.in_top_k needs predictions of rank 1 or more; '
                         'received a scalar.')
    return [(broadcast_shapes(spec_shape(targets), scores[:-1],
                              spec_shape(k)), 'bool')]


@symbolic_op(shape=_in_top_k_rule)
def in_top_k(predictions, targets, k):
    """Whether each target class is among the `k` largest predictions
    (ties at the boundary count as in, as TensorFlow does)."""
    b = current()
    classes = b.arange(0, static_shape(predictions)[-1], 1, 'int64')
    hits = b.cast(b.equal(b.expand_dims(b.cast(targets, 'int64'), -1),
                          classes), _dtype(predictions))
    target_score = b.sum(b.multiply(predictions, hits), axis=-1,
                         keepdims=True)
    above = b.sum(b.cast(b.greater(predictions, target_score), 'int32'),
                  axis=-1)
    return b.less(above, k)
