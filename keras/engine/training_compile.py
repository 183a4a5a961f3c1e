"""What `Model.compile` builds: the target placeholders, the metric
objects (and their first, symbolic call) and the total loss.

The functions take the model being compiled and set its attributes
(`targets`, `_feed_targets`, `_compile_metric_functions`, ...), as
`Model.compile` documents.
"""
from keras import backend as K
from keras import losses
from keras import metrics as metrics_module
from keras.engine import training_utils
from keras.utils import losses_utils
from keras.utils.generic_utils import check_for_unexpected_keys
from keras.utils.generic_utils import to_list


def prepare_targets(model, target_tensors, skip_target_weighing_indices):
    """Target placeholders (or the user's target tensors) per output."""
    if target_tensors is not None:
        if isinstance(target_tensors, dict):
            check_for_unexpected_keys('target_tensors', target_tensors,
                                      model.output_names)
            target_tensors = [target_tensors.get(name)
                              for name in model.output_names]
        else:
            target_tensors = to_list(target_tensors, allow_tuple=True)
            if len(target_tensors) != len(model.outputs):
                raise ValueError('When passing a list as '
                                 '`target_tensors`, it should have one '
                                 'entry per model output. The model has '
                                 + str(len(model.outputs)) + ' outputs, '
                                 'but you passed target_tensors=' +
                                 str(target_tensors))
    model.targets = []
    model._feed_targets = []
    model._feed_outputs = []
    model._feed_output_names = []
    model._feed_output_shapes = []
    model._feed_loss_fns = []
    for i, output in enumerate(model.outputs):
        if i in model._skip_target_indices:
            model.targets.append(None)
            continue
        name = model.output_names[i]
        loss_fn = model.loss_functions[i]
        target = target_tensors[i] if target_tensors else None
        if target is None or K.is_placeholder(target):
            if target is None:
                target = K.placeholder(
                    shape=target_shape(K.int_shape(output), loss_fn),
                    name=name + '_target', dtype=K.dtype(output))
            model._feed_targets.append(target)
            model._feed_outputs.append(output)
            model._feed_output_names.append(name)
            model._feed_output_shapes.append(K.int_shape(output))
            model._feed_loss_fns.append(loss_fn)
        else:
            skip_target_weighing_indices.append(i)
        model.targets.append(target)


def prepare_metrics(model, metrics, weighted_metrics, masks):
    """Metric objects per output, their unique names, and their first
    (symbolic) call, which records their results and update ops."""
    output_shapes = [K.int_shape(o) for o in model.outputs]
    per_output = training_utils.collect_per_output_metric_info(
        metrics, model.output_names, output_shapes, model.loss_functions)
    per_output_weighted = training_utils.collect_per_output_metric_info(
        weighted_metrics, model.output_names, output_shapes,
        model.loss_functions, is_weighted=True)
    model._compile_metric_functions = []
    model._output_loss_metrics = None
    if len(model.outputs) > 1:
        model._output_loss_metrics = [
            metrics_module.Mean(name=name + '_loss')
            for name in model.output_names]
    taken = ['loss'] + [name + '_loss' for i, name in
                        enumerate(model.output_names)
                        if len(model.outputs) > 1 and
                        i not in model._skip_target_indices]
    taken += [m.name for m in list(model._metrics) +
              metrics_from_layers(model.layers)]
    with K.name_scope('metrics'):
        for i in range(len(model.outputs)):
            if i in model._skip_target_indices:
                continue
            for metric_dict, weights in (
                    (per_output[i], None),
                    (per_output_weighted[i], model.sample_weights[i])):
                for name, metric_fn in metric_dict.items():
                    metric_fn.name = unique_metric_name(
                        model.output_names, name, i, taken)
                    taken.append(metric_fn.name)
                    model._compile_metric_functions.append(metric_fn)
                    with K.name_scope(metric_fn.name):
                        training_utils.call_metric_function(
                            metric_fn, model.targets[i], model.outputs[i],
                            weights=weights, mask=masks[i])


def unique_metric_name(output_names, metric_name, output_index, taken):
    """`metric_name`, prefixed by the output name in multi-output models,
    with a `_<n>` suffix when already in `taken`."""
    if len(output_names) > 1:
        metric_name = '%s_%s' % (output_names[output_index], metric_name)
    unique_name = metric_name
    j = 1
    while unique_name in taken:
        unique_name = '%s_%d' % (metric_name, j)
        j += 1
    return unique_name


def prepare_total_loss(model, masks):
    """Sum over outputs of loss_weight * (masked, sample-weighted)
    loss, plus the model's own losses (regularizers, add_loss)."""
    total_loss = None
    with K.name_scope('loss'):
        for i, (y_true, y_pred, loss_fn, sample_weight, mask,
                loss_weight) in enumerate(zip(
                    model.targets, model.outputs, model.loss_functions,
                    model.sample_weights, masks, model.loss_weights_list)):
            if i in model._skip_target_indices:
                continue
            with K.name_scope(model.output_names[i] + '_loss'):
                if mask is not None:
                    mask = K.cast(mask, K.dtype(y_pred))
                    if sample_weight is None:
                        sample_weight = mask
                    else:
                        mask, _, sample_weight = \
                            losses_utils.squeeze_or_expand_dimensions(
                                mask, None, sample_weight)
                        sample_weight = sample_weight * mask
                output_loss = _output_loss(loss_fn, y_true, y_pred,
                                           sample_weight)
            if model._output_loss_metrics is not None:
                model._output_loss_metrics[i](output_loss)
            weighted = loss_weight * output_loss
            total_loss = weighted if total_loss is None else \
                total_loss + weighted
        if total_loss is None:
            if not model.losses:
                raise ValueError('The model cannot be compiled because it '
                                 'has no loss to optimize.')
            total_loss = 0.
        for loss_tensor in model.losses:
            total_loss = total_loss + loss_tensor
    if K.ndim(total_loss) > 0:
        total_loss = K.mean(total_loss)
    return total_loss


def metrics_from_layers(layers):
    """Metrics added with add_metric in the layers (for nested models,
    not the metrics of their own compile)."""
    # training.py imports this module: import Model when first needed.
    from keras.engine.training import Model
    metrics = []
    for layer in layers:
        if isinstance(layer, Model):
            metrics += list(layer._metrics)
            metrics += metrics_from_layers(layer.layers)
        else:
            metrics += list(getattr(layer, 'metrics', []))
    return metrics


def target_shape(output_shape, loss_fn):
    """The shape targets must have for an output: as the output for the
    built-in losses, with a last axis of 1 for sparse crossentropy, and
    only the rank for custom losses (which may take any targets)."""
    if output_shape is None:
        return None
    output_shape = tuple(output_shape)
    batch_free = (None,) + output_shape[1:]
    if isinstance(loss_fn, losses.SparseCategoricalCrossentropy) or (
            isinstance(loss_fn, losses.LossFunctionWrapper) and
            loss_fn.fn is losses.sparse_categorical_crossentropy):
        if K.image_data_format() == 'channels_first' and \
                len(output_shape) in (4, 5):
            return (None, 1) + output_shape[2:]
        return batch_free[:-1] + (1,)
    if not isinstance(loss_fn, losses.Loss) or (
            isinstance(loss_fn, losses.LossFunctionWrapper) and
            losses.LOSS_OBJECTS.get(loss_fn.fn.__name__) is not loss_fn.fn):
        return (None,) * len(output_shape)
    return batch_free


def _output_loss(loss_fn, y_true, y_pred, sample_weight):
    """The scalar loss of one output."""
    if isinstance(loss_fn, losses.Loss):
        per_sample = loss_fn.call(y_true, y_pred)
        weighted = losses_utils.compute_weighted_loss(
            per_sample, sample_weight=sample_weight,
            reduction=losses_utils.Reduction.NONE)
        return losses_utils.reduce_weighted_loss(
            weighted, reduction=loss_fn.reduction)
    # A custom loss object reduces (and weights) by itself.
    return loss_fn(y_true, y_pred, sample_weight=sample_weight)
