"""Connectionist temporal classification primitives: TensorFlow's own ops
(see keras/backend/ops/ctc.py)."""
import tensorflow as tf


def _dense(sparse, dtype):
    return tf.cast(tf.sparse.to_dense(sparse, default_value=-1), dtype)


class TensorflowCtc(object):

    def ctc_loss(self, labels, label_length, log_probs, input_length):
        indices, values, dense_shape = self.ctc_label_dense_to_sparse(
            tf.cast(labels, tf.int32), label_length)
        return tf.compat.v1.nn.ctc_loss(
            tf.SparseTensor(indices, values, dense_shape), log_probs,
            tf.cast(input_length, tf.int32), time_major=False)

    def ctc_greedy_decode(self, log_probs, input_length, merge_repeated):
        decoded, log_prob = tf.nn.ctc_greedy_decoder(
            tf.transpose(log_probs, (1, 0, 2)),
            tf.cast(input_length, tf.int32), merge_repeated=merge_repeated)
        return ([_dense(d, tf.int64) for d in decoded],
                tf.cast(log_prob, log_probs.dtype))

    def ctc_beam_search_decode(self, log_probs, input_length, beam_width,
                               top_paths, merge_repeated):
        decoded, log_prob = tf.compat.v1.nn.ctc_beam_search_decoder(
            tf.transpose(log_probs, (1, 0, 2)),
            tf.cast(input_length, tf.int32), beam_width=beam_width,
            top_paths=top_paths, merge_repeated=merge_repeated)
        # Eager TensorFlow may hand back float32 scores for float64 input.
        return ([_dense(d, tf.int64) for d in decoded],
                tf.cast(log_prob, log_probs.dtype))

    def ctc_label_dense_to_sparse(self, labels, label_length):
        labels = tf.convert_to_tensor(labels)
        mask = tf.sequence_mask(label_length, maxlen=tf.shape(labels)[1])
        indices = tf.where(mask)
        return (indices, tf.gather_nd(labels, indices),
                tf.cast(tf.shape(labels), tf.int64))

    def sparse_to_dense(self, indices, values, dense_shape, default_value):
        values = tf.convert_to_tensor(values)
        dense = tf.fill(tf.cast(dense_shape, tf.int64),
                        tf.cast(default_value, values.dtype))
        return tf.tensor_scatter_nd_update(
            dense, tf.cast(indices, tf.int64), values)
