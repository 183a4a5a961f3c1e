"""The loop primitive as tf.while_loop over TensorArrays, and run-time
printing.

Inside tf.function the loop is one While op whatever the number of steps
(known or not), so tracing and gradients cost the same for 20 steps or
2000. Run eagerly (K.eval, concrete tensors), tf.while_loop is a Python loop
anyway: the Python loop is used directly.
"""
import sys

import tensorflow as tf

from keras.backend.numpylike.control_flow import python_scan
from keras.backend.numpylike.control_flow import static_length
from keras.backend.tensorflow.dtypes import tensor


def _step_signature(fn, carry, x_specs):
    """The (new carry, y_t) tensors of one step, traced into a graph of
    their own that never runs: TensorArrays need the dtypes and shapes of
    the outputs before the loop is built."""
    def one_step(carry_values, x_values):
        new_carry, y = fn(list(carry_values), list(x_values))
        return [tensor(v) for v in new_carry], [tensor(v) for v in y]
    carry_specs = [tf.TensorSpec(c.shape, c.dtype) for c in carry]
    traced = tf.function(one_step, autograph=False).get_concrete_function(
        carry_specs, x_specs)
    return traced.structured_outputs


def _with_carry_type(value, like):
    value = tensor(value)
    if value.dtype != like.dtype:
        value = tf.cast(value, like.dtype)
    return value


class TensorflowControlFlow(object):

    def scan(self, fn, init, xs, length=None, reverse=False, unroll=False):
        """See NumpyLikeControlFlow.scan."""
        init = [tensor(c) for c in init]
        xs = [tensor(x) for x in xs]
        if unroll or tf.executing_eagerly():
            steps = static_length(self, xs, length) if unroll else (
                int(length) if length is not None else int(xs[0].shape[0]))
            return python_scan(self, fn, init, xs, steps, reverse)
        if length is not None:
            steps = tensor(length)
        elif xs[0].shape[0] is not None:
            steps = tf.constant(xs[0].shape[0], tf.int32)
        else:
            steps = tf.shape(xs[0], out_type=tf.int32)[0]
        steps = tf.cast(steps, tf.int32)
        x_specs = [tf.TensorSpec(x.shape[1:], x.dtype) for x in xs]
        new_carry, y = _step_signature(fn, init, x_specs)
        # The carry may get more specific static shapes than `init` (a
        # known batch size), or less: the loop keeps what both agree on.
        invariants = [c.shape.most_specific_compatible_shape(n.shape)
                      for c, n in zip(init, new_carry)]
        inputs = [tf.TensorArray(x.dtype, size=steps,
                                 element_shape=x.shape[1:]).unstack(x)
                  for x in xs]
        outputs = [tf.TensorArray(v.dtype, size=steps, element_shape=v.shape)
                   for v in y]

        def body(i, carry, outputs):
            t = steps - 1 - i if reverse else i
            new_carry, y = fn(list(carry), [ta.read(t) for ta in inputs])
            new_carry = [_with_carry_type(n, c)
                         for n, c in zip(new_carry, carry)]
            outputs = [ta.write(t, tensor(v)) for ta, v in zip(outputs, y)]
            return i + 1, new_carry, outputs

        _, carry, outputs = tf.while_loop(
            lambda i, *_: i < steps, body,
            (tf.constant(0, tf.int32), init, outputs),
            shape_invariants=(tf.TensorShape([]), invariants,
                              [tf.TensorShape(None) for _ in outputs]))
        return list(carry), [ta.stack() for ta in outputs]

    def print_tensor(self, x, message):
        # tf.print is a stateful op: inside tf.function it runs at every
        # call, not once at tracing.
        x = tensor(x)
        tf.print(message, x, output_stream=sys.stdout, sep='',
                 summarize=-1)
        return x
