"""The tensorflow backend class: primitives on tf ops, variables in
tf.Variables, K.function lowered inside tf.function, gradients by a
persistent tf.GradientTape."""
import contextlib
import re

import numpy as np
import tensorflow as tf

from keras.backend.base import Backend
from keras.backend.tensorflow.conv import TensorflowConv
from keras.backend.tensorflow.ctc import TensorflowCtc
from keras.backend.tensorflow.pooling import TensorflowPooling
from keras.backend.symbolic.function import GraphPlan
from keras.backend.symbolic.function import check_function_kwargs
from keras.backend.tensorflow import dtypes
from keras.backend.tensorflow.array import TensorflowArray
from keras.backend.tensorflow.control_flow import TensorflowControlFlow
from keras.backend.tensorflow.function import TFFunction
from keras.backend.tensorflow.math import TensorflowMath
from keras.backend.tensorflow.nn import TensorflowNN
from keras.backend.tensorflow.random import TensorflowRandom


def _variable_name(name):
    # tf.Variable names follow op-name rules; Keras names may not.
    name = re.sub(r'[^A-Za-z0-9_.\-/]', '_', name or 'variable')
    return name if re.match(r'[A-Za-z0-9.]', name) else 'v' + name


class TensorflowBackend(TensorflowConv, TensorflowPooling, TensorflowCtc,
                        TensorflowRandom, TensorflowControlFlow,
                        TensorflowMath, TensorflowArray, TensorflowNN,
                        Backend):
    name = 'tensorflow'

    # Values.
    def is_native(self, x):
        return dtypes.is_native(x)

    def to_numpy(self, x):
        if isinstance(x, tf.Variable) or (isinstance(x, tf.Tensor) and
                                          hasattr(x, 'numpy')):
            return x.numpy()
        if isinstance(x, tf.Tensor):
            # A traced tensor: only values known at tracing (shapes).
            value = tf.get_static_value(x)
            if value is None:
                raise ValueError('The value of %r is only known when the '
                                 'compiled function runs; the tensorflow '
                                 'backend needs it at tracing here.' % (x,))
            return value
        return np.asarray(x)

    def dtype_name(self, x):
        return dtypes.dtype_name(x)

    # Variables.
    def make_variable(self, value, dtype, name, trainable=True):
        return tf.Variable(value, dtype=dtype, trainable=trainable,
                           name=_variable_name(name))

    def read_variable(self, variable):
        return variable.storage

    def assign(self, variable, value):
        variable.storage.assign(self.cast(value, variable.dtype))

    # Device placement: TensorFlow places each op itself under tf.device
    # and copies operands between devices.
    def placement(self, device_name):
        # Checked: tf.device would fall back to another device silently.
        self.check_device(device_name)
        return tf.device(device_name)

    def device_count(self, kind):
        return len(tf.config.list_logical_devices(kind.upper()))

    # Autodiff.
    def watch(self, lowering, value):
        tape = lowering.state.get('tape')
        if tape is not None and dtypes.is_native(value) and \
                dtypes.is_floating(value.dtype.name):
            tape.watch(value)
        return value

    def lower_gradients(self, lowering, node):
        tape = lowering.state.get('tape')
        if tape is None:
            raise RuntimeError('The tensorflow backend computes gradients '
                               'inside K.function or K.eval, which record '
                               'the graph on a GradientTape; this lowering '
                               'has no tape.')
        loss, = lowering.evaluate([node.loss])
        wrt = lowering.evaluate(node.wrt)
        total = tf.reduce_sum(loss)
        # The gradient computation is recorded only when a later gradient
        # differentiates it (second order); otherwise recording is waste.
        recording = contextlib.nullcontext() if node in lowering.state.get(
            'higher_order', ()) else tape.stop_recording()
        with recording:
            grads = tape.gradient(
                total, wrt,
                unconnected_gradients=tf.UnconnectedGradients.ZERO)
        # Gathers from a variable give IndexedSlices; the graph expects
        # dense tensors.
        return [tf.convert_to_tensor(g) for g in grads]

    # TensorFlow 1 sessions, for Keras 2 code that configures one
    # (K.set_session(tf.compat.v1.Session(config=...))). Graphs run in
    # tf.function, so the session is only kept and handed back.
    _session = None

    def get_session(self):
        if TensorflowBackend._session is None:
            TensorflowBackend._session = tf.compat.v1.Session()
        return TensorflowBackend._session

    def set_session(self, session):
        TensorflowBackend._session = session

    # Compilation.
    def function(self, inputs, outputs, updates=None, **kwargs):
        check_function_kwargs(kwargs, self.name)
        return TFFunction(self, GraphPlan(inputs, outputs, updates))

    def evaluate(self, tensors):
        plan = GraphPlan([], list(tensors))
        return TFFunction(self, plan, compiled=False)([])
