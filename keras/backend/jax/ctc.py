"""Connectionist temporal classification primitives (see
keras/backend/ops/ctc.py).

The loss is the forward algorithm in log space over lax.scan. The
decoders and the sparse labels have sizes that depend on the values, which
jax.jit cannot trace: they run the numpy code on concrete arrays, and the
K ops that use them mark their graph nodes `host_only`, so that a
K.function containing one runs without jit (keras/backend/jax/function.py).
"""
import functools

import jax
import jax.numpy as jnp
import numpy as np

from keras.backend.numpy import ctc as numpy_ctc

# log(0) stand-in: finite, so that no gradient meets inf - inf; exp() of it
# is exactly 0 in float32 and float64.
_LOG_ZERO = -1e30


def _log_sum_exp(*terms):
    top = jax.lax.stop_gradient(functools.reduce(jnp.maximum, terms))
    return top + jnp.log(sum(jnp.exp(t - top) for t in terms))


def _shifted(alpha, by):
    """alpha[:, s - by], log(0) for s < by."""
    pad = jnp.full(alpha.shape[:1] + (by,), _LOG_ZERO, alpha.dtype)
    return jnp.concatenate([pad, alpha[:, :-by]], axis=1)


def _concrete(x, what):
    if isinstance(x, jax.core.Tracer):
        raise ValueError(
            '%s has output sizes that depend on the values, which jax.jit '
            'cannot trace. K ops using it run their K.function without '
            'jit; call it on concrete arrays.' % what)
    return np.asarray(x)


# Jitted on its own too, so that eager calls (K.eval) do not dispatch the
# scan op by op.
@jax.jit
def _ctc_loss(labels, label_length, log_probs, input_length):
    batch, max_time, classes = log_probs.shape
    blank = classes - 1
    # States: the labels with blanks around and between them.
    states = jnp.full((batch, 2 * labels.shape[1] + 1), blank, 'int32')
    states = states.at[:, 1::2].set(labels)
    # A state may be reached from two back, skipping a blank, when it
    # is a label that differs from the label before.
    before = jnp.concatenate(
        [jnp.full((batch, 2), -1, 'int32'), states[:, :-2]], axis=1)
    can_skip = (states != blank) & (states != before)
    # (time, batch, state): log-probability of each state's class.
    emitted = jnp.take_along_axis(
        log_probs, jnp.broadcast_to(states[:, None, :], (
            batch, max_time, states.shape[1])), axis=2)
    emitted = jnp.transpose(emitted, (1, 0, 2))

    def step(alpha, inputs):
        emitted_t, t = inputs
        skip = jnp.where(can_skip, _shifted(alpha, 2), _LOG_ZERO)
        new = _log_sum_exp(alpha, _shifted(alpha, 1), skip) + emitted_t
        # Past its input_length a sample keeps its alphas.
        return jnp.where((t < input_length)[:, None], new, alpha), None

    # Before the first step: the empty prefix, with probability 1.
    alpha = jnp.full(states.shape, _LOG_ZERO, log_probs.dtype)
    alpha = alpha.at[:, 0].set(0.)
    alpha, _ = jax.lax.scan(step, alpha,
                            (emitted, jnp.arange(max_time)))
    # Alignments end on the last label or on the blank after it.
    last = 2 * label_length
    end_blank = jnp.take_along_axis(alpha, last[:, None], axis=1)[:, 0]
    end_label = jnp.take_along_axis(
        alpha, jnp.maximum(last - 1, 0)[:, None], axis=1)[:, 0]
    end_label = jnp.where(label_length > 0, end_label, _LOG_ZERO)
    loss = -_log_sum_exp(end_blank, end_label)
    # No alignment fits (repeats without room for a blank between).
    return jnp.where(loss > -_LOG_ZERO / 10, jnp.inf, loss)


class JaxCtc(object):

    def ctc_loss(self, labels, label_length, log_probs, input_length):
        log_probs = jnp.asarray(log_probs)
        label_length = jnp.asarray(label_length, dtype='int32')
        input_length = jnp.asarray(input_length, dtype='int32')
        _check_lengths(label_length, input_length, log_probs.shape[1])
        return _ctc_loss(jnp.asarray(labels, dtype='int32'), label_length,
                         log_probs, input_length)

    def ctc_greedy_decode(self, log_probs, input_length, merge_repeated):
        decoded, log_prob = numpy_ctc.greedy_decode(
            _concrete(log_probs, 'ctc_decode'),
            _concrete(input_length, 'ctc_decode'), merge_repeated)
        return [jnp.asarray(d) for d in decoded], jnp.asarray(log_prob)

    def ctc_beam_search_decode(self, log_probs, input_length, beam_width,
                               top_paths, merge_repeated):
        decoded, log_prob = numpy_ctc.beam_search_decode(
            _concrete(log_probs, 'ctc_decode'),
            _concrete(input_length, 'ctc_decode'), beam_width, top_paths,
            merge_repeated)
        return [jnp.asarray(d) for d in decoded], jnp.asarray(log_prob)

    def ctc_label_dense_to_sparse(self, labels, label_length):
        return tuple(jnp.asarray(a) for a in numpy_ctc.label_dense_to_sparse(
            _concrete(labels, 'ctc_label_dense_to_sparse'),
            _concrete(label_length, 'ctc_label_dense_to_sparse')))

    def sparse_to_dense(self, indices, values, dense_shape, default_value):
        shape = tuple(int(d) for d in _concrete(dense_shape, 'to_dense'))
        values = jnp.asarray(values)
        dense = jnp.full(shape, default_value, values.dtype)
        indices = jnp.asarray(indices)
        return dense.at[tuple(indices[:, i] for i in range(len(shape)))].set(
            values)


def _check_lengths(label_length, input_length, max_time):
    """TensorFlow's length errors. Under jit the lengths are only known
    when the function runs: a host callback raises there (jax reports it as
    a JaxRuntimeError quoting the ValueError)."""
    if isinstance(label_length, jax.core.Tracer) or \
            isinstance(input_length, jax.core.Tracer):
        jax.debug.callback(numpy_ctc.check_lengths, label_length,
                           input_length, max_time)
    else:
        numpy_ctc.check_lengths(np.asarray(label_length),
                                np.asarray(input_length), max_time)
