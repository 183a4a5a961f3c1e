"""Loops over the first axis and run-time printing over a numpy-like `xp`.

The loops are Python loops: eager on numpy, unrolled under jax.jit. A
backend with symbolic shapes (pytensor) overrides them with its own loop.
"""
import sys


class NumpyLikeControlFlow(object):

    def map_fn(self, fn, elems):
        """`fn` applied to each slice `elems[i]`, results stacked."""
        outputs = [fn(elems[i]) for i in range(self.static_shape(elems)[0])]
        return self.xp.stack(outputs, axis=0)

    def foldl(self, fn, elems, initializer):
        """`fn(accumulator, elems[i])` for i = 0, 1, ...; the last
        accumulator."""
        accumulator = initializer
        for i in range(self.static_shape(elems)[0]):
            accumulator = fn(accumulator, elems[i])
        return accumulator

    def foldr(self, fn, elems, initializer):
        accumulator = initializer
        for i in reversed(range(self.static_shape(elems)[0])):
            accumulator = fn(accumulator, elems[i])
        return accumulator

    def print_tensor(self, x, message):
        """Prints `message` and the value of `x` when the graph runs; returns
        `x`."""
        sys.stdout.write('%s%s\n' % (message, self.xp.asarray(x)))
        sys.stdout.flush()
        return x
