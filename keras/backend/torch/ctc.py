"""Connectionist temporal classification primitives (see
keras/backend/ops/ctc.py): torch's ctc_loss, and the numpy decoders on the
host (their output sizes depend on the values)."""
import torch
import torch.nn.functional as F

from keras.backend.numpy import ctc as numpy_ctc
from keras.backend.torch import core


class TorchCtc(object):

    def ctc_loss(self, labels, label_length, log_probs, input_length):
        log_probs = core.tensor(log_probs)
        label_length = core.to_tensor(label_length, 'int64')
        input_length = core.to_tensor(input_length, 'int64')
        numpy_ctc.check_lengths(core.to_numpy(label_length),
                                core.to_numpy(input_length),
                                log_probs.shape[1])
        loss = F.ctc_loss(log_probs.transpose(0, 1),
                          core.to_tensor(labels, 'int64'), input_length,
                          label_length, blank=log_probs.shape[-1] - 1,
                          reduction='none', zero_infinity=False)
        if not log_probs.requires_grad:
            return loss
        # torch's gradient with respect to log_probs is the one with respect
        # to the logits of a log_softmax before it: it adds exp(log_probs)
        # at each step within input_length. A term of value zero and of
        # that gradient, taken away, leaves the loss's own gradient.
        probs = log_probs.exp()
        steps = torch.arange(log_probs.shape[1], device=probs.device)
        within = (steps[None, :] < input_length[:, None]).to(probs.dtype)
        excess = ((probs - probs.detach()).sum(-1) * within).sum(-1)
        return loss - excess

    def ctc_greedy_decode(self, log_probs, input_length, merge_repeated):
        decoded, log_prob = numpy_ctc.greedy_decode(
            core.to_numpy(log_probs), core.to_numpy(input_length),
            merge_repeated)
        return [core.to_tensor(d) for d in decoded], core.to_tensor(log_prob)

    def ctc_beam_search_decode(self, log_probs, input_length, beam_width,
                               top_paths, merge_repeated):
        decoded, log_prob = numpy_ctc.beam_search_decode(
            core.to_numpy(log_probs), core.to_numpy(input_length),
            beam_width, top_paths, merge_repeated)
        return [core.to_tensor(d) for d in decoded], core.to_tensor(log_prob)

    def ctc_label_dense_to_sparse(self, labels, label_length):
        labels = core.tensor(labels)
        positions = torch.arange(labels.shape[1], device=labels.device)
        mask = positions[None, :] < core.to_tensor(label_length)[:, None]
        return (torch.nonzero(mask), labels[mask],
                torch.tensor(labels.shape, dtype=torch.int64,
                             device=labels.device))

    def sparse_to_dense(self, indices, values, dense_shape, default_value):
        values = core.tensor(values)
        dense = torch.full(core.dims(dense_shape), default_value,
                           dtype=values.dtype, device=values.device)
        indices = core.to_tensor(indices, 'int64')
        dense[tuple(indices.t())] = values
        return dense
