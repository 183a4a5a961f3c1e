"""Connectionist temporal classification: the loss, the decoders and
sparse labels, with the values Keras 2.3.1 gets from TensorFlow.

Primitives (keras/backend/<backend>/ctc.py), on `log_probs` of shape
(batch, time, classes) whose last class is the blank:
- `ctc_loss(labels, label_length, log_probs, input_length)`: (batch,)
  negative log-likelihoods, as tf.compat.v1.nn.ctc_loss with its defaults;
  ValueError (TensorFlow: InvalidArgumentError) for a label longer than its
  input, inf where repeated labels leave no room for the blanks between.
  Its gradient is the loss's own, except on tensorflow, whose op takes
  logits and differentiates through its softmax too: the same gradient
  once composed with the log-softmax that K.ctc_batch_cost applies.
- `ctc_greedy_decode(log_probs, input_length, merge_repeated)` and
  `ctc_beam_search_decode(log_probs, input_length, beam_width, top_paths,
  merge_repeated)`: TensorFlow's decoders, returning (list of int64
  (batch, max decoded length) matrices padded with -1, scores).
- `ctc_label_dense_to_sparse(labels, label_length)` -> (indices, values,
  dense_shape) and `sparse_to_dense(indices, values, dense_shape,
  default_value)`.
Decoded lengths and sparse indices depend on values: their nodes are
graph.HostOnlyNode (jax runs such graphs without jit).
"""
import numbers

import numpy as np

from keras.backend import config
from keras.backend.active import current
from keras.backend.ops.nn import _log_softmax
from keras.backend.ops.shape_utils import dims
from keras.backend.ops.shape_utils import spec_dtype
from keras.backend.ops.shape_utils import spec_shape
from keras.backend.ops.sparse import SparseTensor
from keras.backend.symbolic import graph
from keras.backend.symbolic.op import has_symbolic
from keras.backend.symbolic.op import record
from keras.backend.symbolic.op import symbolic_op
from keras.backend.symbolic.tensor import KerasTensor


def _check_shape(x, rank, op, name, expected, last=None):
    """The static shape of argument `name`, checked to have `rank` axes
    (and a last axis of size `last`, if given)."""
    shape = tuple(spec_shape(x))
    if len(shape) != rank or (last is not None and
                              shape[-1] not in (last, None)):
        raise ValueError('%s: `%s` must have shape %s; received shape %s.'
                         % (op, name, expected, shape))
    return shape


def _check_float(x, op, name):
    dtype = spec_dtype(x)
    if not isinstance(dtype, str) or np.dtype(dtype).kind != 'f':
        raise TypeError('%s: `%s` must hold floats (probabilities); '
                        'received dtype %s.' % (op, name, dtype))


def _batch_size(shapes):
    known = [s[0] for s in shapes if s[0] is not None]
    return known[0] if known else None


def _python_int(value, op, name, minimum=1):
    if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, numbers.Integral):
        raise TypeError('%s: `%s` must be a Python int; received %r.'
                        % (op, name, value))
    if value < minimum:
        raise ValueError('%s: `%s` must be at least %d; received %d.'
                         % (op, name, minimum, value))
    return int(value)


def _python_bool(value, op, name):
    if isinstance(value, KerasTensor) or not isinstance(
            value, (bool, np.bool_, numbers.Integral)):
        raise TypeError('%s: `%s` must be a Python bool; received %r.'
                        % (op, name, value))
    return bool(value)


# Sparse labels.

def _dense_to_sparse(labels, label_lengths):
    b = current()
    return b.ctc_label_dense_to_sparse(b.convert(labels),
                                       b.cast(label_lengths, 'int32'))


def ctc_label_dense_to_sparse(labels, label_lengths):
    """The first `label_lengths[i]` labels of each row as a sparse tensor.

    Args:
        labels: (samples, max_label_length) tensor.
        label_lengths: (samples,) integer tensor.

    Returns:
        A SparseTensor (indices (n, 2) int64 in row-major order, values of
        labels' dtype, dense_shape = shape of labels as int64).
    """
    op = 'K.ctc_label_dense_to_sparse'
    shape = _check_shape(labels, 2, op, 'labels',
                         '(samples, max_label_length)')
    _check_shape(label_lengths, 1, op, 'label_lengths', '(samples,)')
    args = (labels, label_lengths)
    if has_symbolic(args):
        fields = record(
            _dense_to_sparse, args, {}, multi_output=True,
            node_class=graph.HostOnlyNode, name='ctc_label_dense_to_sparse',
            shape_rule=lambda a, k: [((None, 2), 'int64'),
                                     ((None,), spec_dtype(labels)),
                                     ((2,), 'int64')])
    else:
        fields = _dense_to_sparse(*args)
    return SparseTensor(*fields, shape=shape)


# Loss.

def _batch_cost_shapes(y_true, y_pred, input_length, label_length):
    op = 'K.ctc_batch_cost'
    shapes = [_check_shape(y_true, 2, op, 'y_true',
                           '(samples, max_string_length)'),
              _check_shape(y_pred, 3, op, 'y_pred',
                           '(samples, time_steps, num_categories)'),
              _check_shape(input_length, 2, op, 'input_length',
                           '(samples, 1)', last=1),
              _check_shape(label_length, 2, op, 'label_length',
                           '(samples, 1)', last=1)]
    _check_float(y_pred, op, 'y_pred')
    return shapes


def _batch_cost_rule(args, kwargs):
    shapes = _batch_cost_shapes(*args, **kwargs)
    return [((_batch_size(shapes), 1), spec_dtype(args[1]))]


@symbolic_op(shape=_batch_cost_rule)
def ctc_batch_cost(y_true, y_pred, input_length, label_length):
    """The CTC loss of each sample.

    Args:
        y_true: (samples, max_string_length) labels (any number type).
        y_pred: (samples, time_steps, num_categories) probabilities, the
            last category being the blank.
        input_length: (samples, 1) number of valid time steps of y_pred.
        label_length: (samples, 1) number of labels in y_true.

    Returns:
        (samples, 1): the negative log-likelihood of each label sequence.
        As Keras 2 on TensorFlow: log(y_pred + epsilon) are the logits of a
        softmax (renormalising y_pred), labels past max_string_length are
        dropped, and a label longer than its input_length raises
        ('Not enough time for target transition sequence'). TensorFlow
        alone also refuses empty labels.
    """
    _batch_cost_shapes(y_true, y_pred, input_length, label_length)
    b = current()
    y_true, y_pred, input_length, label_length = (
        b.convert(x) for x in (y_true, y_pred, input_length, label_length))
    label_length = b.cast(b.squeeze(label_length, -1), 'int32')
    input_length = b.cast(b.squeeze(input_length, -1), 'int32')
    # Keras' sparse labels hold the first max_string_length labels at most.
    label_length = b.minimum(label_length, dims(y_true)[1])
    logits = b.log(b.add(y_pred, config.epsilon()))
    loss = b.ctc_loss(b.cast(y_true, 'int32'), label_length,
                      _log_softmax(logits, -1), input_length)
    return b.expand_dims(loss, 1)


# Decoding.

def _decode(y_pred, input_length, greedy, beam_width, top_paths,
            merge_repeated):
    b = current()
    log_probs = b.log(b.add(b.convert(y_pred), config.epsilon()))
    input_length = b.cast(b.convert(input_length), 'int32')
    if greedy:
        decoded, log_prob = b.ctc_greedy_decode(log_probs, input_length,
                                                True)
    else:
        decoded, log_prob = b.ctc_beam_search_decode(
            log_probs, input_length, beam_width, top_paths, merge_repeated)
    return tuple(decoded) + (log_prob,)


def ctc_decode(y_pred, input_length, greedy=True, beam_width=100,
               top_paths=1, merge_repeated=False):
    """Decodes the output of a softmax.

    Args:
        y_pred: (samples, time_steps, num_categories) probabilities, the
            last category being the blank.
        input_length: (samples,) number of valid time steps of each sample.
        greedy: the best class at each step (TensorFlow's greedy decoder,
            repeats merged), else TensorFlow's beam search.
        beam_width: beams kept by the beam search.
        top_paths: number of most likely paths the beam search returns.
        merge_repeated: the beam search merges repeated labels of a path
            (a label, blank, the same label gives one label).

    Returns:
        (decoded, log_prob): decoded, a list of `top_paths` (one for greedy)
        int64 tensors (samples, max decoded length) padded with -1;
        log_prob (samples, top_paths): for the beam search, the paths'
        log-probabilities; for greedy, minus the sum over the steps of the
        best log-probability (TensorFlow's score).
    """
    op = 'K.ctc_decode'
    shapes = [_check_shape(y_pred, 3, op, 'y_pred',
                           '(samples, time_steps, num_categories)'),
              _check_shape(input_length, 1, op, 'input_length',
                           '(samples,)')]
    _check_float(y_pred, op, 'y_pred')
    greedy = _python_bool(greedy, op, 'greedy')
    merge_repeated = _python_bool(merge_repeated, op, 'merge_repeated')
    if greedy:
        paths = 1
    else:
        beam_width = _python_int(beam_width, op, 'beam_width')
        paths = top_paths = _python_int(top_paths, op, 'top_paths')
        if top_paths > beam_width:
            raise ValueError('%s: requested more paths than the beam width '
                             '(top_paths=%d, beam_width=%d).'
                             % (op, top_paths, beam_width))
    args = (y_pred, input_length)
    kwargs = dict(greedy=greedy, beam_width=beam_width, top_paths=top_paths,
                  merge_repeated=merge_repeated)
    if has_symbolic(args):
        batch = _batch_size(shapes)
        outputs = record(
            _decode, args, kwargs, multi_output=True,
            node_class=graph.HostOnlyNode, name='ctc_decode',
            shape_rule=lambda a, k: [((batch, None), 'int64')] * paths + [
                ((batch, paths), spec_dtype(y_pred))])
    else:
        outputs = _decode(*args, **kwargs)
    return list(outputs[:-1]), outputs[-1]
