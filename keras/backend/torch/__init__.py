"""The torch backend: eager torch ops, gradients by torch.autograd, graphs
run by generated Python functions; on the GPU when torch sees one."""
from keras.backend.torch.backend import TorchBackend

BACKEND = TorchBackend()
