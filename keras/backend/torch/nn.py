"""Neural-network primitives on torch."""
import torch
import torch.nn.functional as F

from keras.backend.torch.core import Tensor
from keras.backend.torch.core import floating


class TorchNN(object):

    def sigmoid(self, x):
        return torch.sigmoid(floating(x))

    def softplus(self, x):
        # torch returns x itself above the threshold, where log1p(exp(-x))
        # is below float32 resolution anyway.
        return F.softplus(floating(x))

    def stop_gradient(self, x):
        return x.detach() if isinstance(x, Tensor) else x
