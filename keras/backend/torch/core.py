"""Device, dtype names and value conversion shared by the torch primitives.

Every tensor the backend creates lives on `DEVICE`: the GPU when torch sees
one, else the CPU. Python scalars are left as they are wherever torch
accepts them: torch treats them as weakly typed, as numpy 2 does, and
skipping the conversion saves a tensor allocation per op.
"""
import numpy as np
import torch

from keras.backend.symbolic.tensor import standard_dtype

DEVICE = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
_ON_CUDA = DEVICE.type == 'cuda'

Tensor = torch.Tensor

_BY_NAME = {
    'bool': torch.bool,
    'uint8': torch.uint8,
    'uint16': torch.uint16,
    'uint32': torch.uint32,
    'uint64': torch.uint64,
    'int8': torch.int8,
    'int16': torch.int16,
    'int32': torch.int32,
    'int64': torch.int64,
    'float16': torch.float16,
    'bfloat16': torch.bfloat16,
    'float32': torch.float32,
    'float64': torch.float64,
    'complex64': torch.complex64,
    'complex128': torch.complex128,
}
_NAMES = {dtype: name for name, dtype in _BY_NAME.items()}

# numpy's result dtype of float math (sqrt, exp, ...) on non-float input.
_FLOAT_RESULT = {
    torch.bool: torch.float16, torch.int8: torch.float16,
    torch.uint8: torch.float16, torch.int16: torch.float32,
    torch.uint16: torch.float32,
}
_promotions = {}


def torch_dtype(dtype):
    """The torch dtype for a name ('float32'), numpy dtype or torch dtype."""
    found = _BY_NAME.get(dtype)
    if found is not None:
        return found
    if isinstance(dtype, torch.dtype):
        return dtype
    try:
        return _BY_NAME[standard_dtype(dtype)]
    except (KeyError, TypeError):
        raise TypeError('The torch backend has no dtype %r; expected one of '
                        '%s.' % (dtype, ', '.join(sorted(_BY_NAME))))


def dtype_name(dtype):
    """'float32' for torch.float32."""
    return _NAMES[dtype]


def is_python_scalar(x):
    return type(x) in (float, int, bool)


def to_tensor(x, dtype=None):
    """A tensor on DEVICE from a tensor, numpy array, list or scalar, cast
    to `dtype` if given."""
    target = None if dtype is None else torch_dtype(dtype)
    if isinstance(x, Tensor):
        if x.is_cuda != _ON_CUDA:
            x = x.to(DEVICE)
        if target is not None and x.dtype is not target:
            x = x.to(target)
        return x
    if target is torch.bfloat16:
        return to_tensor(x, 'float32').to(target)
    array = np.asarray(x, dtype=None if target is None else
                       dtype_name(target))
    if array.dtype.kind not in 'biufc':
        raise TypeError('The torch backend cannot make a tensor of %s values '
                        '(dtype %s); expected numbers or booleans.'
                        % (type(x).__name__, array.dtype))
    if not array.flags.writeable or not array.dtype.isnative or \
            any(s < 0 for s in array.strides):
        # torch.from_numpy needs memory it may write, in native byte order.
        array = np.array(array, dtype=array.dtype.newbyteorder('='))
    tensor = torch.from_numpy(array)
    if DEVICE.type != 'cpu':
        tensor = tensor.to(DEVICE)
    return tensor


def tensor(x):
    """`x` as a tensor; tensors pass as they are (the fast path of ops)."""
    if isinstance(x, Tensor):
        return x
    return to_tensor(x)


def operand(x):
    """`x` for a torch op: Python scalars as they are, everything else a
    tensor."""
    if isinstance(x, Tensor) or type(x) in (float, int, bool):
        return x
    # numpy scalars become 0-d tensors: numpy types them strongly.
    return to_tensor(x)


def result_dtype(a, b):
    """numpy's promotion of two torch dtypes (torch would give float32 for
    int32 and float32, and ignores the dtype of 0-d tensors)."""
    key = (a, b)
    found = _promotions.get(key)
    if found is None:
        try:
            found = torch_dtype(np.result_type(dtype_name(a), dtype_name(b)))
        except TypeError:  # bfloat16 is unknown to numpy
            found = torch.promote_types(a, b)
        _promotions[key] = found
    return found


def operands(x, y):
    """`x` and `y` for a binary torch op, promoted as numpy promotes them.
    """
    if isinstance(x, Tensor):
        if isinstance(y, Tensor):
            if x.dtype is not y.dtype:
                dtype = result_dtype(x.dtype, y.dtype)
                return x.to(dtype), y.to(dtype)
            return x, y
        y = operand(y)
        if isinstance(y, Tensor):
            return operands(x, y)
        if type(y) is float and not (x.is_floating_point() or
                                     x.is_complex()):
            # numpy: an integer array and a Python float give float64.
            x = x.to(torch.float64)
        return x, y
    x = operand(x)
    if isinstance(x, Tensor):
        return operands(x, y)
    y = operand(y)
    if isinstance(y, Tensor):
        if type(x) is float and not (y.is_floating_point() or
                                     y.is_complex()):
            y = y.to(torch.float64)
    return x, y


def is_float(x):
    """Whether a tensor or Python scalar holds floating (or complex)
    values."""
    if isinstance(x, Tensor):
        return x.is_floating_point() or x.is_complex()
    return isinstance(x, (float, complex))


def floating(x):
    """`x` as a float tensor, with numpy's result dtype for int input."""
    x = tensor(x)
    if x.is_floating_point() or x.is_complex():
        return x
    return x.to(_FLOAT_RESULT.get(x.dtype, torch.float64))


def dims(shape):
    """A shape given as a tuple, list, numpy array or tensor, as a tuple of
    Python ints."""
    if isinstance(shape, Tensor):
        shape = shape.tolist()
    elif isinstance(shape, np.ndarray):
        shape = shape.reshape(-1).tolist()
    elif not isinstance(shape, (tuple, list, torch.Size)):
        shape = (shape,)
    return tuple(int(d) for d in shape)


def to_numpy(x):
    """A numpy array of `x`; on the CPU it shares the tensor's memory."""
    if isinstance(x, Tensor):
        x = x.detach()
        if x.dtype is torch.bfloat16:
            x = x.float()
        if x.is_cuda:
            x = x.cpu()
        return x.numpy()
    return np.asarray(x)
