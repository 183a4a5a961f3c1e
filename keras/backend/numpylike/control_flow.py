"""The loop primitive and run-time printing over a numpy-like `xp`.

`scan` here is a Python loop: eager on numpy. jax and pytensor override it
with their own loops (lax.scan, pytensor.scan); every backend reuses
`python_scan` for `unroll=True`.
"""
import sys


def static_length(backend, xs, length, what='scan'):
    """The number of steps as a Python int: `length`, else the static size
    of the first axis of `xs[0]`; a ValueError when neither is known."""
    if length is not None:
        try:
            return int(length)
        except TypeError:
            raise ValueError('%s: a Python loop needs the number of steps as '
                             'a Python int; received length=%r.'
                             % (what, length))
    if not xs:
        raise ValueError('%s: without sequences to loop over, `length` must '
                         'give the number of steps.' % what)
    steps = backend.static_shape(xs[0])[0]
    if steps is None:
        raise ValueError('%s: a Python (unrolled) loop needs a number of '
                         'steps known before the graph runs; the first axis '
                         'of the sequences is unknown. Pass `length`.' % what)
    return steps


def python_scan(backend, fn, init, xs, steps, reverse=False, unstack=None):
    """The scan contract as a Python loop of `steps` steps (see
    NumpyLikeControlFlow.scan). `unstack(x)`, if given, splits a sequence
    into its steps at once (torch's unbind: the gradient of the steps is
    then one stack, where indexing step by step makes each step's gradient
    a zero-filled tensor of the whole sequence)."""
    carry = list(init)
    outputs = [None] * steps
    if unstack is None:
        def unstack(x):
            return [backend.getitem(x, i) for i in range(steps)]
    per_step = [unstack(x) for x in xs]
    order = range(steps - 1, -1, -1) if reverse else range(steps)
    for i in order:
        carry, y = fn(carry, [x[i] for x in per_step])
        carry = list(carry)
        outputs[i] = list(y)
    if not steps:
        return carry, []
    ys = [backend.stack([step[j] for step in outputs], 0)
          for j in range(len(outputs[0]))]
    return carry, ys


class NumpyLikeControlFlow(object):

    def scan(self, fn, init, xs, length=None, reverse=False, unroll=False):
        """The loop every K loop (map_fn, foldl, foldr, rnn) lowers to.

        Args:
            fn: `fn(carry, x_t) -> (new_carry, y_t)`, lists of backend
                values; the carry keeps its shapes and dtypes.
            init: the first carry, a list of backend values.
            xs: a list of tensors sharing the length T of axis 0 (may be
                empty: `length` then gives T).
            reverse: run the steps from T - 1 down to 0.
            unroll: a Python loop (T must be static); here it always is.

        Returns:
            (final carry, ys): `ys[j]` stacks the `y_t[j]` along a new axis
            0, `ys[j][i]` coming from the step that consumed `xs[*][i]`,
            whichever the direction.
        """
        steps = static_length(self, xs, length)
        return python_scan(self, fn, init, xs, steps, reverse)

    def print_tensor(self, x, message):
        """Prints `message` and the value of `x` when the graph runs; returns
        `x`."""
        sys.stdout.write('%s%s\n' % (message, self.xp.asarray(x)))
        sys.stdout.flush()
        return x
