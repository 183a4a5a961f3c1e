"""The PyTensor backend class (Keras' name for it: 'theano').

Backend values are pytensor variables: an eager K op on concrete inputs
builds a pytensor expression over constants, which `to_numpy` evaluates.
Variables are pytensor shared variables; K.function compiles with
pytensor.function and differentiates with pytensor.grad.
"""
import numpy as np
import pytensor
import pytensor.tensor as pt
from pytensor.compile.sharedvalue import SharedVariable
from pytensor.graph.basic import Constant
from pytensor.graph.basic import Variable
from pytensor.graph.utils import MissingInputError

from keras.backend.base import Backend
from keras.backend.pytensor.conv import PytensorConv
from keras.backend.pytensor.ctc import PytensorCtc
from keras.backend.pytensor.pooling import PytensorPooling
from keras.backend.numpylike import NumpyLikePrimitives
from keras.backend.pytensor import settings
from keras.backend.pytensor.array import PytensorArray
from keras.backend.pytensor.control_flow import PytensorControlFlow
from keras.backend.pytensor.function import PytensorFunction
from keras.backend.pytensor.math import PytensorMath
from keras.backend.pytensor.nn import PytensorNN
from keras.backend.pytensor.random import PytensorRandom
from keras.backend.pytensor.values import namespace
from keras.backend.pytensor.values import with_static_shape
from keras.backend.symbolic.function import GraphPlan
from keras.backend.symbolic.function import check_function_kwargs


class PytensorBackend(PytensorConv, PytensorPooling, PytensorCtc,
                      PytensorRandom, PytensorNN, PytensorArray,
                      PytensorMath, PytensorControlFlow, NumpyLikePrimitives,
                      Backend):
    name = 'theano'
    flips_kernels = True
    xp = namespace

    def __init__(self):
        super(PytensorBackend, self).__init__()
        settings.configure_blas()
        settings.configure_tracebacks()
        settings.sync_floatx()

    def is_native(self, x):
        return isinstance(x, Variable)

    def to_numpy(self, x):
        if isinstance(x, Constant):
            return np.asarray(x.data)
        if isinstance(x, SharedVariable):
            return x.get_value()
        if isinstance(x, Variable):
            try:
                # Default updates advance the states of eager random ops.
                fn = pytensor.function([], x, mode=settings.cheap_mode())
            except MissingInputError as e:
                raise ValueError('Cannot evaluate a pytensor expression that '
                                 'depends on unfed inputs: %s' % (e,)) from e
            return np.asarray(fn(), dtype=x.dtype)
        return np.asarray(x)

    # Variables: pytensor shared variables with static shapes.
    def make_variable(self, value, dtype, name, trainable=True):
        array = np.array(value, dtype=dtype)
        return with_static_shape(pytensor.shared(array, name=name,
                                                 shape=array.shape))

    def assign(self, variable, value):
        if self.is_native(value):
            value = self.to_numpy(value)
        variable.storage.set_value(np.array(value, dtype=variable.dtype))

    def get_value(self, variable):
        return np.array(variable.storage.get_value())

    # Autodiff.
    def lower_gradients(self, lowering, node):
        loss, = lowering.evaluate([node.loss])
        wrt = lowering.evaluate(node.wrt)
        differentiable = [w for w in wrt if isinstance(w, Variable) and
                          not isinstance(w, Constant)]
        grads = pytensor.grad(pt.sum(loss), differentiable,
                              disconnected_inputs='ignore',
                              return_disconnected='zero') \
            if differentiable else []
        by_input = dict(zip(differentiable, grads))
        results = []
        for w, tensor in zip(wrt, node.wrt):
            g = by_input.get(w) if isinstance(w, Variable) else None
            if g is None:
                g = pt.zeros_like(self.convert(w))
            results.append(self.cast(g, tensor.dtype))
        return results

    # Compilation.
    def function(self, inputs, outputs, updates=None, **kwargs):
        check_function_kwargs(kwargs, self.name, allowed=('name', 'mode'))
        mode = kwargs.get('mode')
        if isinstance(mode, str):
            mode = settings.compile_mode(mode)
        return PytensorFunction(self, GraphPlan(inputs, outputs, updates),
                                mode=mode, name=kwargs.get('name'))

    def evaluate(self, tensors):
        plan = GraphPlan([], list(tensors))
        return PytensorFunction(self, plan, mode=settings.cheap_mode())([])
