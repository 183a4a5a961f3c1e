"""Loops over the first axis and run-time printing: plain Python loops, as
torch runs eagerly."""
import sys

import torch

from keras.backend.torch.core import tensor
from keras.backend.torch.core import to_numpy


class TorchControlFlow(object):

    def map_fn(self, fn, elems):
        """`fn` applied to each slice `elems[i]`, results stacked."""
        elems = tensor(elems)
        return torch.stack([tensor(fn(elems[i]))
                            for i in range(elems.shape[0])], dim=0)

    def foldl(self, fn, elems, initializer):
        elems = tensor(elems)
        accumulator = initializer
        for i in range(elems.shape[0]):
            accumulator = fn(accumulator, elems[i])
        return accumulator

    def foldr(self, fn, elems, initializer):
        elems = tensor(elems)
        accumulator = initializer
        for i in reversed(range(elems.shape[0])):
            accumulator = fn(accumulator, elems[i])
        return accumulator

    def print_tensor(self, x, message):
        sys.stdout.write('%s%s\n' % (message, to_numpy(x)))
        sys.stdout.flush()
        return x
