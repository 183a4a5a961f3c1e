"""The loop primitive and run-time printing: a plain Python loop, as torch
runs eagerly (autograd records every step)."""
import sys

import torch

from keras.backend.numpylike.control_flow import python_scan
from keras.backend.numpylike.control_flow import static_length
from keras.backend.torch.core import tensor
from keras.backend.torch.core import to_numpy


class TorchControlFlow(object):

    def scan(self, fn, init, xs, length=None, reverse=False, unroll=False):
        """See NumpyLikeControlFlow.scan."""
        xs = [tensor(x) for x in xs]
        steps = static_length(self, xs, length)
        return python_scan(self, fn, [tensor(c) for c in init], xs, steps,
                           reverse, unstack=torch.unbind)

    def print_tensor(self, x, message):
        sys.stdout.write('%s%s\n' % (message, to_numpy(x)))
        sys.stdout.flush()
        return x
