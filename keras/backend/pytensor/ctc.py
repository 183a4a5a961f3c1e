"""Connectionist temporal classification primitives (see
keras/backend/ops/ctc.py): the loss as the forward algorithm over
pytensor.scan, the decoders as a pytensor Op running the numpy decoders
when the compiled function runs."""
import warnings

import numpy as np
import pytensor
import pytensor.tensor as pt
from pytensor.gradient import disconnected_type
from pytensor.graph.basic import Apply
from pytensor.graph.basic import Constant
from pytensor.graph.op import Op
from pytensor.raise_op import CheckAndRaise

from keras.backend.numpy import ctc as numpy_ctc
from keras.backend.pytensor.values import filled
from keras.backend.pytensor.values import known_size
from keras.backend.pytensor.values import with_static_shape

# log(0) stand-in: finite, so that no gradient meets inf - inf; exp() of it
# is exactly 0 in float32 and float64.
_LOG_ZERO = -1e30


def _log_sum_exp(terms):
    top = terms[0]
    for term in terms[1:]:
        top = pt.maximum(top, term)
    top = pytensor.gradient.disconnected_grad(top)
    return top + pt.log(sum(pt.exp(t - top) for t in terms))


def _shifted(alpha, by, log_zero):
    """alpha[:, s - by], log(0) for s < by."""
    pad = filled(log_zero, alpha.dtype, [alpha.shape[0], by])
    return pt.concatenate([pad, alpha[:, :-by]], axis=1)


class _Decode(Op):
    """TensorFlow's greedy (beam_width None) or beam search decoder, run by
    the numpy code on the function's values. Outputs: `top_paths` int64
    matrices (batch, max decoded length), then the scores (batch,
    top_paths)."""
    __props__ = ('beam_width', 'top_paths', 'merge_repeated')

    def __init__(self, beam_width, top_paths, merge_repeated):
        self.beam_width = beam_width
        self.top_paths = top_paths
        self.merge_repeated = bool(merge_repeated)

    def make_node(self, log_probs, input_length):
        log_probs = pt.as_tensor_variable(log_probs)
        input_length = pt.as_tensor_variable(input_length)
        batch = log_probs.type.shape[0]
        paths = [pt.TensorType('int64', shape=(batch, None))()
                 for _ in range(self.top_paths)]
        scores = pt.TensorType(log_probs.dtype,
                               shape=(batch, self.top_paths))()
        return Apply(self, [log_probs, input_length], paths + [scores])

    def perform(self, node, inputs, outputs):
        log_probs, input_length = inputs
        if self.beam_width is None:
            decoded, scores = numpy_ctc.greedy_decode(
                log_probs, input_length, self.merge_repeated)
        else:
            decoded, scores = numpy_ctc.beam_search_decode(
                log_probs, input_length, self.beam_width, self.top_paths,
                self.merge_repeated)
        for storage, value in zip(outputs, decoded + [scores]):
            storage[0] = value

    def connection_pattern(self, node):
        return [[False] * len(node.outputs) for _ in node.inputs]

    def grad(self, inputs, output_grads):
        return [disconnected_type() for _ in inputs]


def _decoded(op, log_probs, input_length):
    outputs = with_static_shape(op(log_probs, pt.cast(input_length,
                                                      'int32')))
    return list(outputs[:-1]), outputs[-1]


class PytensorCtc(object):

    def ctc_loss(self, labels, label_length, log_probs, input_length):
        log_probs = self.convert(log_probs)
        dtype = log_probs.dtype
        log_zero = pt.constant(np.asarray(_LOG_ZERO, dtype=dtype))
        labels = with_static_shape(pt.cast(self.convert(labels), 'int64'))
        label_length = pt.cast(self.convert(label_length), 'int64')
        input_length = pt.cast(self.convert(input_length), 'int64')
        batch, max_time, classes = (log_probs.shape[i] for i in range(3))
        blank = classes - 1
        # States: the labels with blanks around and between them. Sizes
        # through `filled`: pt.alloc would clone the graph above the batch.
        states = filled(blank, 'int64', [batch, 2 * labels.shape[1] + 1])
        states = pt.set_subtensor(states[:, 1::2], labels)
        # A state may be reached from two back, skipping a blank, when it
        # is a label that differs from the label before.
        before = pt.concatenate(
            [filled(-1, 'int64', [batch, 2]), states[:, :-2]], axis=1)
        can_skip = pt.and_(pt.neq(states, blank), pt.neq(states, before))
        # (time, batch, state): log-probability of each state's class. The
        # fancy index broadcasts the states over time (pt.broadcast_to is
        # an alloc).
        emitted = pt.take_along_axis(log_probs, states[:, None, :], axis=2)
        emitted = emitted.dimshuffle(1, 0, 2)
        # Before the first step: the empty prefix, with probability 1.
        start = filled(log_zero, dtype, [batch, states.shape[1]])
        start = pt.set_subtensor(start[:, 0], np.asarray(0., dtype=dtype))

        def step(emitted_t, t, alpha, can_skip, input_length):
            skip = pt.switch(can_skip, _shifted(alpha, 2, log_zero),
                             log_zero)
            new = _log_sum_exp([alpha, _shifted(alpha, 1, log_zero),
                                skip]) + emitted_t
            # Past its input_length a sample keeps its alphas.
            new = pt.switch(pt.lt(t, input_length)[:, None], new, alpha)
            return start.type.filter_variable(new, allow_convert=True)

        with warnings.catch_warnings():
            warnings.simplefilter('ignore', DeprecationWarning)
            # The tensors the step reads given as non-sequences: found on
            # their own, every node above them (the model) would be part
            # of the loop body.
            alphas = pytensor.scan(step, sequences=[emitted,
                                                    pt.arange(max_time)],
                                   outputs_info=[start],
                                   non_sequences=[can_skip, input_length],
                                   return_updates=False)
        # The start prepended: a batch of zero time steps has no scan step.
        alpha = pt.concatenate([start[None], alphas], axis=0)[-1]
        # Alignments end on the last label or on the blank after it.
        rows = pt.arange(batch)
        end_blank = alpha[rows, 2 * label_length]
        end_label = pt.switch(
            pt.gt(label_length, 0),
            alpha[rows, pt.maximum(2 * label_length - 1, 0)], log_zero)
        loss = -_log_sum_exp([end_blank, end_label])
        # No alignment fits (repeats without room for a blank between).
        loss = pt.switch(pt.gt(loss, -_LOG_ZERO / 10),
                         np.asarray(np.inf, dtype=dtype), loss)
        return with_static_shape(_checked_lengths(
            loss, label_length, input_length, max_time))

    def ctc_greedy_decode(self, log_probs, input_length, merge_repeated):
        return _decoded(_Decode(None, 1, merge_repeated),
                        self.convert(log_probs), self.convert(input_length))

    def ctc_beam_search_decode(self, log_probs, input_length, beam_width,
                               top_paths, merge_repeated):
        return _decoded(_Decode(beam_width, top_paths, merge_repeated),
                        self.convert(log_probs), self.convert(input_length))

    def ctc_label_dense_to_sparse(self, labels, label_length):
        labels = self.convert(labels)
        label_length = self.convert(label_length)
        mask = pt.lt(pt.arange(labels.shape[1])[None, :],
                     label_length[:, None])
        rows, columns = pt.nonzero(mask)
        indices = pt.cast(pt.stack([rows, columns], axis=1), 'int64')
        return with_static_shape((indices, labels[rows, columns],
                                  pt.cast(pt.shape(labels), 'int64')))

    def sparse_to_dense(self, indices, values, dense_shape, default_value):
        values = self.convert(values)
        indices = pt.cast(self.convert(indices), 'int64')
        dense_shape = self.convert(dense_shape)
        rank = dense_shape.type.shape[0]
        dense = filled(default_value, values.dtype,
                       [known_size(dense_shape[i]) for i in range(rank)])
        at = tuple(indices[:, i] for i in range(rank))
        return with_static_shape(pt.set_subtensor(dense[at], values))


def _checked_lengths(loss, label_length, input_length, max_time):
    """`loss`, raising TensorFlow's length errors when the function runs
    (at once when the lengths are constants)."""
    if all(isinstance(v, Constant) for v in (label_length, input_length)) \
            and isinstance(max_time, (int, np.integer)):
        numpy_ctc.check_lengths(label_length.data, input_length.data,
                                max_time)
        return loss
    check = CheckAndRaise(
        ValueError, 'Not enough time for target transition sequence, or '
        'input_length out of range: ctc_batch_cost needs 0 <= label_length '
        '<= input_length <= the number of time steps of y_pred.')
    return check(loss, pt.all(pt.le(label_length, input_length)),
                 pt.all(pt.ge(label_length, 0)),
                 pt.all(pt.le(input_length, max_time)),
                 pt.all(pt.ge(input_length, 0)))
