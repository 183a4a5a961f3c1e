"""The torch backend class: primitives on torch tensors, variables kept as
leaf tensors, gradients with torch.autograd, graphs run eagerly by a
generated Python function (see function.py)."""
import numpy as np
import torch

from keras.backend.base import Backend
from keras.backend.base import EagerFunction
from keras.backend.torch.conv import TorchConv
from keras.backend.torch.ctc import TorchCtc
from keras.backend.torch.pooling import TorchPooling
from keras.backend.symbolic.function import GraphPlan
from keras.backend.symbolic.function import check_function_kwargs
from keras.backend.torch import core
from keras.backend.torch import devices
from keras.backend.torch.array import TorchArray
from keras.backend.torch.control_flow import TorchControlFlow
from keras.backend.torch.function import TorchFunction
from keras.backend.torch.function import gradient_values
from keras.backend.torch.function import grad_mode
from keras.backend.torch.function import run_body
from keras.backend.torch.function import supports_plan
from keras.backend.torch.function import watch
from keras.backend.torch.function import write_variable
from keras.backend.torch.math import TorchMath
from keras.backend.torch.nn import TorchNN
from keras.backend.torch.random import TorchRandom


class TorchBackend(TorchConv, TorchPooling, TorchCtc, TorchRandom, TorchMath,
                   TorchArray, TorchNN, TorchControlFlow, Backend):
    name = 'torch'

    # Values.
    def is_native(self, x):
        return isinstance(x, torch.Tensor)

    def convert(self, x, dtype=None):
        if dtype is None and core.is_python_scalar(x):
            return x
        return core.to_tensor(x, dtype)

    def cast(self, x, dtype):
        return core.to_tensor(x, dtype)

    def to_numpy(self, x):
        array = core.to_numpy(x)
        if isinstance(x, torch.Tensor) and core.DEVICE.type == 'cpu':
            # numpy() shares the tensor's memory: a caller writing to the
            # array would change the tensor, a variable's storage say.
            return array.copy()
        return array

    def get_value(self, variable):
        return self.to_numpy(variable.storage)

    def dtype_name(self, x):
        if isinstance(x, torch.Tensor):
            return core.dtype_name(x.dtype)
        return super(TorchBackend, self).dtype_name(np.asarray(x))

    # Device placement: keras/backend/torch/devices.py.
    def placement(self, device_name):
        return devices.device_context(devices.torch_device(device_name))

    def to_device(self, values, device_name):
        return devices.moved_to(devices.torch_device(device_name), values)

    def device_count(self, kind):
        return torch.cuda.device_count() if kind == 'gpu' else 1

    # Variables: a leaf tensor, requiring grad when it holds floats.
    def make_variable(self, value, dtype, name, trainable=True):
        # A copy: the storage must not share the caller's array.
        if dtype == 'bfloat16':  # unknown to numpy; .to() copies
            storage = core.to_tensor(value, dtype)
        else:
            storage = core.to_tensor(np.array(value, dtype=dtype))
        if trainable and core.is_float(storage):
            storage.requires_grad_(True)
        return storage

    def assign(self, variable, value):
        write_variable(variable, value)

    # Autodiff: the tape is torch's own; watched values become leaves.
    def watch(self, lowering, value):
        return watch(value)

    def lower_gradients(self, lowering, node):
        # Reached from the generic Lowering only (K.eval, graphs with node
        # kinds the generated programs do not know). It evaluates nodes in
        # an order that may compute a gradient before the gradient of that
        # gradient is asked for, so every gradient keeps its graph.
        loss, = lowering.evaluate([node.loss])
        wrt = lowering.evaluate(node.wrt)
        return gradient_values(loss, wrt, create_graph=True,
                               retain_graph=True)

    # Compilation.
    def run_body(self, body, param_values, captured_values):
        """A loop body's step by its generated program (see
        ops/control_flow.py: Body.run)."""
        return run_body(body, param_values, captured_values)

    def run_context(self, plan):
        return grad_mode(plan, generated=False)

    def function(self, inputs, outputs, updates=None, **kwargs):
        check_function_kwargs(kwargs, self.name)
        plan = GraphPlan(inputs, outputs, updates)
        if supports_plan(plan):
            return TorchFunction(self, plan)
        return EagerFunction(self, plan)
