"""The loop primitive as pytensor.scan, and run-time printing as pytensor's
Print op.

pytensor shapes are symbolic, so a Python loop (which needs the number of
steps) is only used when asked to unroll.
"""
import collections
import contextlib
import sys
import warnings

import pytensor
from pytensor.graph.basic import Variable
from pytensor.printing import Print

from keras.backend.numpylike.control_flow import python_scan
from keras.backend.numpylike.control_flow import static_length
from keras.backend.pytensor.random import RandomStreams
from keras.backend.pytensor.random import register_loop_updates
from keras.backend.pytensor.values import with_static_shape
from keras.backend.symbolic import graph


def _write(op, value):
    sys.stdout.write('%s%s\n' % (op.message, value))
    sys.stdout.flush()


def _random_streams():
    lowering = graph.active_lowering()
    if lowering is not None and isinstance(lowering.rng, RandomStreams):
        return lowering.rng
    return None


def _scan(step, **kwargs):
    streams = _random_streams()
    drawn_before = set() if streams is None else {
        state for stream in streams.streams.values()
        for state, _ in stream.state_updates}
    # pytensor 3 deprecates returning the updates of the generators the
    # body draws from, but has no other way for loops that draw.
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', DeprecationWarning)
        results, updates = pytensor.scan(step, return_updates=True, **kwargs)
    register_loop_updates(updates)
    if streams is not None:
        # A draw the body made but no output uses (the other branch of a
        # switch on the learning phase, evaluated all the same) has no
        # state update out of the loop: its generator is dropped.
        for stream in streams.streams.values():
            stream.state_updates = [
                (state, next_state)
                for state, next_state in stream.state_updates
                if state in drawn_before or state in updates]
    return results


@contextlib.contextmanager
def _throwaway_random_streams(backend):
    """Random ops inside the block draw from generators no compiled
    function will ever update."""
    outer = graph.active_lowering()
    lowering = graph.Lowering(backend, rng=RandomStreams(), learning_phase=(
        outer.learning_phase if outer else 0))
    if outer is not None:
        lowering.state = outer.state
    with lowering:
        yield


class _LoopInvariants(object):
    """The outer values a loop body reads (`Body.captured`): collected
    while the body is first traced, then given to pytensor.scan as
    non-sequences and replaced by its inner copies. Left to scan's own
    discovery, an outer expression would be rebuilt inside the loop from
    its root inputs, so a dropout mask drawn before the loop would be
    drawn at every step (and its generator would break the gradient)."""

    def __init__(self):
        self.values = []
        self.inner = None


_invariant_frames = []


class PytensorControlFlow(object):

    def loop_invariants(self, values):
        """`values` read by the body of the innermost loop being traced, as
        that loop's inputs (see _LoopInvariants)."""
        if not _invariant_frames:
            return values
        frame = _invariant_frames[-1]
        if frame.inner is None:
            for value in values:
                if isinstance(value, Variable) and not any(
                        value is known for known in frame.values):
                    frame.values.append(value)
            return values
        return [frame.inner.get(id(value), value) for value in values]

    def scan(self, fn, init, xs, length=None, reverse=False, unroll=False):
        """See NumpyLikeControlFlow.scan."""
        init = [self.convert(c) for c in init]
        xs = [self.convert(x) for x in xs]
        if unroll:
            steps = static_length(self, xs, length)
            return python_scan(self, fn, init, xs, steps, reverse)
        n_carry = len(init)
        # scan must be told which outputs feed back: trace the step once
        # on the first elements (a graph that is never compiled) to count
        # the others and to collect the outer values the body reads.
        invariants = _LoopInvariants()
        _invariant_frames.append(invariants)
        try:
            with _throwaway_random_streams(self):
                _, first_y = fn(list(init),
                                [with_static_shape(x[0]) for x in xs])
        finally:
            _invariant_frames.pop()
        n_outputs = len(first_y)

        streams = _random_streams()

        def step(*args):
            x_t = [with_static_shape(a) for a in args[:len(xs)]]
            carry = [with_static_shape(a)
                     for a in args[len(xs):len(xs) + n_carry]]
            invariants.inner = {
                id(outer): with_static_shape(inner) for outer, inner in
                zip(invariants.values, args[len(xs) + n_carry:])}
            loops_before = dict(streams.loop_updates) if streams else {}
            _invariant_frames.append(invariants)
            try:
                new_carry, y = fn(carry, x_t)
            finally:
                _invariant_frames.pop()
            results = []
            for value, start in zip(new_carry, init):
                # scan needs the carry's exact type back.
                value = self.cast(value, start.dtype)
                results.append(start.type.filter_variable(
                    value, allow_convert=True))
            results += [self.convert(v) for v in y]
            # Generators advanced by loops inside this step: this loop
            # must carry their states from one step to the next.
            inner = collections.OrderedDict(
                (state, update) for state, update in (
                    streams.loop_updates.items() if streams else ())
                if loops_before.get(state) is not update)
            return (results, inner) if inner else results

        kwargs = {'n_steps': length} if length is not None else {}
        results = _scan(step, sequences=xs,
                        outputs_info=init + [None] * n_outputs,
                        non_sequences=list(invariants.values),
                        go_backwards=reverse, **kwargs)
        if not isinstance(results, (list, tuple)):
            results = [results]
        carry = [with_static_shape(r[-1]) for r in results[:n_carry]]
        ys = [with_static_shape(r[::-1] if reverse else r)
              for r in results[n_carry:]]
        return carry, ys

    def print_tensor(self, x, message):
        return with_static_shape(Print(message, global_fn=_write)(
            self.convert(x)))
