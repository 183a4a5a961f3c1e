"""Loops over the first axis and run-time printing.

A first axis of known length unrolls in Python, as on jax; one unknown at
tracing (the batch axis of a placeholder) runs TensorFlow's own loops.
"""
import sys

import tensorflow as tf

from keras.backend.tensorflow.dtypes import tensor


class TensorflowControlFlow(object):

    def map_fn(self, fn, elems):
        elems = tensor(elems)
        length = elems.shape[0]
        if length is not None:
            return tf.stack([fn(elems[i]) for i in range(length)], axis=0)
        # tf.map_fn needs the output type up front: the first element,
        # mapped outside the loop, gives it (each element is mapped once,
        # so side effects such as random draws are not repeated).
        first = tensor(fn(elems[0]))
        rest = tf.map_fn(fn, elems[1:], fn_output_signature=tf.TensorSpec(
            first.shape, first.dtype))
        return tf.concat([first[None], rest], axis=0)

    def foldl(self, fn, elems, initializer):
        elems = tensor(elems)
        if elems.shape[0] is None:
            return tf.foldl(fn, elems, initializer)
        accumulator = initializer
        for i in range(elems.shape[0]):
            accumulator = fn(accumulator, elems[i])
        return accumulator

    def foldr(self, fn, elems, initializer):
        elems = tensor(elems)
        if elems.shape[0] is None:
            return tf.foldr(fn, elems, initializer)
        accumulator = initializer
        for i in reversed(range(elems.shape[0])):
            accumulator = fn(accumulator, elems[i])
        return accumulator

    def print_tensor(self, x, message):
        # tf.print is a stateful op: inside tf.function it runs at every
        # call, not once at tracing.
        x = tensor(x)
        tf.print(message, x, output_stream=sys.stdout, sep='',
                 summarize=-1)
        return x
