"""Loops as pytensor.scan, and run-time printing as pytensor's Print op.

pytensor shapes are symbolic, so the numpy-like Python loops (which need
the length of the sequence) cannot be used.
"""
import sys
import warnings

import pytensor
from pytensor.printing import Print

from keras.backend.pytensor.random import register_loop_updates
from keras.backend.pytensor.values import with_static_shape


def _write(op, value):
    sys.stdout.write('%s%s\n' % (op.message, value))
    sys.stdout.flush()


def _scan(step, **kwargs):
    # pytensor 3 deprecates returning the updates of the generators the
    # body draws from, but has no other way for loops that draw.
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', DeprecationWarning)
        results, updates = pytensor.scan(step, return_updates=True, **kwargs)
    register_loop_updates(updates)
    return results


class PytensorControlFlow(object):

    def map_fn(self, fn, elems):
        def step(element):
            return self.convert(fn(with_static_shape(element)))
        results = _scan(step, sequences=[self.convert(elems)])
        return with_static_shape(results)

    def foldl(self, fn, elems, initializer):
        return self._fold(fn, elems, initializer, backwards=False)

    def foldr(self, fn, elems, initializer):
        return self._fold(fn, elems, initializer, backwards=True)

    def _fold(self, fn, elems, initializer, backwards):
        initializer = self.convert(initializer)

        def step(element, accumulator):
            result = fn(with_static_shape(accumulator),
                        with_static_shape(element))
            # scan needs the accumulator's exact type at every step.
            result = self.cast(result, initializer.dtype)
            return initializer.type.filter_variable(result,
                                                    allow_convert=True)
        results = _scan(step, sequences=[self.convert(elems)],
                        outputs_info=[initializer], go_backwards=backwards)
        return with_static_shape(results[-1])

    def print_tensor(self, x, message):
        return with_static_shape(Print(message, global_fn=_write)(
            self.convert(x)))
