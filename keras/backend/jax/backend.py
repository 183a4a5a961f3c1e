"""The jax backend class: numpy-like primitives on jax.numpy, graphs
compiled with jax.jit, gradients with jax.vjp."""
import jax
import jax.numpy as jnp
import numpy as np

from keras.backend.base import Backend
from keras.backend.jax.conv import JaxConv
from keras.backend.jax.ctc import JaxCtc
from keras.backend.jax.pooling import JaxPooling
from keras.backend.jax.control_flow import JaxControlFlow
from keras.backend.jax.function import JaxFunction
from keras.backend.jax.random import JaxRandom
from keras.backend.jax import sharding
from keras.backend.numpylike import NumpyLikePrimitives
from keras.backend.symbolic.function import GraphPlan
from keras.backend.symbolic.function import check_function_kwargs

# float64 variables and int64 counters must keep their types (floatx may be
# float64), as on the other backends.
jax.config.update('jax_enable_x64', True)


class JaxBackend(JaxConv, JaxPooling, JaxCtc, JaxRandom, JaxControlFlow,
                 NumpyLikePrimitives, Backend):
    name = 'jax'
    xp = jnp
    # Shapes are static under jit and K.shape gives numpy values: ops on
    # such values only run on numpy, so sizes computed from shapes stay
    # static (keras/backend/symbolic/op.py, keras/backend/ops/sizes.py).
    folds_static_values = True

    def is_native(self, x):
        return isinstance(x, jax.Array)

    def convert(self, x, dtype=None):
        return jnp.asarray(x, dtype=dtype)

    def cast(self, x, dtype):
        return jnp.asarray(x).astype(dtype)

    def shape(self, x):
        # Shapes are static under jit: keep them concrete.
        return np.asarray(jnp.shape(x), dtype='int32')

    def make_variable(self, value, dtype, name, trainable=True):
        return jnp.array(value, dtype=dtype)

    def device_count(self, kind):
        # Placement itself is per plan, not per node (jax/sharding.py).
        return sharding.device_count(kind)

    def stop_gradient(self, x):
        return jax.lax.stop_gradient(x)

    def sigmoid(self, x):
        x = jnp.asarray(x)
        if not jnp.issubdtype(x.dtype, jnp.floating):
            return super(JaxBackend, self).sigmoid(x)
        # One primitive (lax.logistic), stable for any sign, its gradient
        # s * (1 - s): the numpy-like form's sign split would run twice
        # the element-wise ops and save its masks for the backward pass.
        return jax.nn.sigmoid(x)

    def lower_gradients(self, lowering, node):
        wrt_values = [value if tensor.node is None else jnp.zeros_like(value)
                      for tensor, value in zip(node.wrt,
                                               lowering.evaluate(node.wrt))]
        fn = lowering.subgraph([node.loss], node.wrt)
        keys = []

        def scalar_loss(*values):
            (loss,), memo = fn(values)
            keys[:] = list(memo.keys())
            return jnp.sum(loss), [memo[k] for k in keys]

        _, vjp, memo_values = jax.vjp(scalar_loss, *wrt_values, has_aux=True)
        lowering.values.update(zip(keys, memo_values))
        loss_dtype = jnp.result_type(lowering.values[node.loss])
        return list(vjp(jnp.ones((), dtype=loss_dtype)))

    def function(self, inputs, outputs, updates=None, **kwargs):
        check_function_kwargs(kwargs, self.name)
        return JaxFunction(self, GraphPlan(inputs, outputs, updates))

    def evaluate(self, tensors):
        plan = GraphPlan([], list(tensors))
        return JaxFunction(self, plan, jit=False)([])
