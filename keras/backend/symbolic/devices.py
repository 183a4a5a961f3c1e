"""Device placement of recorded ops, for data parallelism.

Ops recorded inside `device_scope('/gpu:1')` carry that device name on
their node; each backend's compiler honours it in its own way (tensorflow:
`tf.device`; torch: the node's operands are copied to the device; jax:
the batch is sharded across the devices the plan names and XLA's SPMD
partitioner splits the computation). Numpy and theano (PyTensor) run on
the CPU only and have no devices to place on.

Names are TensorFlow's short ones, as Keras 2.3.1 wrote them: '/cpu:0',
'/gpu:1' (also '/device:GPU:1', 'gpu:1', case-insensitive).
"""
import contextlib
import re
import threading

_state = threading.local()

_NAME = re.compile(r'^/?(?:device:)?(cpu|gpu):(\d+)$', re.IGNORECASE)


def parse_device_name(name):
    """('cpu' or 'gpu', index) of a device name such as '/gpu:1'."""
    match = _NAME.match(str(name).strip()) if isinstance(name, str) else None
    if match is None:
        raise ValueError(
            "Expected a device name such as '/cpu:0' or '/gpu:1'; "
            'received %r.' % (name,))
    return match.group(1).lower(), int(match.group(2))


def normalize_device_name(name):
    kind, index = parse_device_name(name)
    return '/%s:%d' % (kind, index)


def _stack():
    stack = getattr(_state, 'stack', None)
    if stack is None:
        stack = _state.stack = []
    return stack


@contextlib.contextmanager
def device_scope(name):
    """Records the ops created inside on device `name` (None: no device,
    which cancels an outer scope)."""
    stack = _stack()
    stack.append(None if name is None else normalize_device_name(name))
    try:
        yield
    finally:
        stack.pop()


def current_device():
    """The device name ops recorded now are placed on, or None."""
    stack = _stack()
    return stack[-1] if stack else None
