"""Shared helpers of losses and metrics: reductions, and matching the ranks
of predictions, targets and sample weights."""
from keras import backend as K


class Reduction(object):
    """How a `Loss` reduces its per-sample values.

    * `NONE`: no reduction; the weighted per-sample losses are returned.
    * `SUM`: the sum of the weighted losses.
    * `SUM_OVER_BATCH_SIZE`: the sum divided by the number of elements of
      the loss tensor (not by the sum of the weights), as Keras 2.3 does.
    """
    NONE = 'none'
    SUM = 'sum'
    SUM_OVER_BATCH_SIZE = 'sum_over_batch_size'

    @classmethod
    def all(cls):
        return (cls.SUM, cls.SUM_OVER_BATCH_SIZE, cls.NONE)

    @classmethod
    def validate(cls, key):
        if key not in cls.all():
            raise ValueError('Invalid Reduction Key %s. Expected one of %s.'
                             % (key, ', '.join(cls.all())))


def squeeze_or_expand_dimensions(y_pred, y_true=None, sample_weight=None):
    """Makes ranks compatible by squeezing or expanding a trailing 1.

    `y_pred` or `y_true` loses its last axis when that axis has size 1 and
    it has one more dimension than the other. `sample_weight` is squeezed
    or expanded by one trailing axis to match `y_pred`.

    Returns:
        `(y_pred, y_true)` when `sample_weight` is None, else
        `(y_pred, y_true, sample_weight)`.
    """
    if y_true is not None:
        y_pred_shape = K.int_shape(y_pred)
        y_true_shape = K.int_shape(y_true)
        y_pred_rank = len(y_pred_shape)
        y_true_rank = len(y_true_shape)
        if y_pred_rank - y_true_rank == 1 and y_pred_shape[-1] == 1:
            y_pred = K.squeeze(y_pred, -1)
        elif y_true_rank - y_pred_rank == 1 and y_true_shape[-1] == 1:
            y_true = K.squeeze(y_true, -1)
    if sample_weight is None:
        return y_pred, y_true
    y_pred_rank = K.ndim(y_pred)
    weights_rank = K.ndim(sample_weight)
    if weights_rank != 0:
        if weights_rank - y_pred_rank == 1:
            sample_weight = K.squeeze(sample_weight, -1)
        elif y_pred_rank - weights_rank == 1:
            sample_weight = K.expand_dims(sample_weight, -1)
    return y_pred, y_true, sample_weight


def _num_elements(x):
    return K.sum(K.ones_like(x, dtype=K.dtype(x)))


def reduce_weighted_loss(weighted_losses,
                         reduction=Reduction.SUM_OVER_BATCH_SIZE):
    """Reduces weighted losses to a scalar (or not, for `NONE`)."""
    if reduction == Reduction.NONE:
        return weighted_losses
    loss = K.sum(weighted_losses)
    if reduction == Reduction.SUM_OVER_BATCH_SIZE:
        loss = loss / _num_elements(weighted_losses)
    return loss


def broadcast_weights(values, sample_weight):
    """`sample_weight` expanded and repeated to the shape of `values`.

    Raises:
        ValueError: if the weights have more dimensions than the values, or
            a dimension that is neither 1 nor the values' size there.
    """
    weights_shape = K.int_shape(sample_weight)
    values_shape = K.int_shape(values)
    if values_shape == weights_shape:
        return sample_weight
    weights_rank = len(weights_shape)
    values_rank = len(values_shape)
    if weights_rank > values_rank:
        raise ValueError('Incompatible shapes: `values` %s vs `sample_weight` '
                         '%s' % (values_shape, weights_shape))
    for axis in range(weights_rank, values_rank):
        sample_weight = K.expand_dims(sample_weight, axis=axis)
    for axis in range(weights_rank):
        weights_dim = weights_shape[axis]
        values_dim = values_shape[axis]
        if weights_dim is not None and values_dim is not None and \
                weights_dim != values_dim:
            if weights_dim != 1:
                raise ValueError('Incompatible shapes: `values` %s vs '
                                 '`sample_weight` %s'
                                 % (values_shape, weights_shape))
            sample_weight = K.repeat_elements(sample_weight, values_dim,
                                              axis=axis)
    return sample_weight


def compute_weighted_loss(losses, sample_weight=None,
                          reduction=Reduction.SUM_OVER_BATCH_SIZE,
                          name=None):
    """Weights `losses` by `sample_weight` and reduces them.

    Args:
        losses: tensor of per-sample (or per-element) losses.
        sample_weight: None, a scalar, or a tensor broadcastable to `losses`
            after squeezing/expanding one trailing axis.
        reduction: a `Reduction` key.

    Returns:
        The reduced loss, in the dtype of `losses`.
    """
    Reduction.validate(reduction)
    if sample_weight is None:
        sample_weight = 1.0
    input_dtype = K.dtype(losses)
    losses = K.cast(losses, K.floatx())
    if not isinstance(sample_weight, (int, float)):
        sample_weight = K.cast(sample_weight, K.floatx())
        losses, _, sample_weight = squeeze_or_expand_dimensions(
            losses, None, sample_weight)
        sample_weight = broadcast_weights(losses, sample_weight)
    weighted_losses = losses * sample_weight
    loss = reduce_weighted_loss(weighted_losses, reduction)
    return K.cast(loss, input_dtype)
