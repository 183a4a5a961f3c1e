"""PyTensor configuration chosen by the backend: BLAS, floatX and the
compile mode.

Settings a user gave in PYTENSOR_FLAGS or ~/.pytensorrc win over the ones
made here, except floatX, which follows Keras' floatx (see `sync_floatx`).
"""
import os

import pytensor
from pytensor.compile.mode import Mode
from pytensor.compile.mode import get_mode

from keras.backend import config

MODE_VARIABLE = 'KERAS_PYTENSOR_MODE'
DEFAULT_MODE = 'FAST_RUN'

# pytensor's own FAST_RUN picks numba when the linker is 'auto'; Keras'
# FAST_RUN means the C virtual machine, as Theano's did.
_MODES = {
    'FAST_RUN': lambda: get_mode('CVM'),
    # Python implementations only (no C compiler) and no rewrites but the
    # merging of duplicate nodes. Measured on a small MLP training step:
    # 0.13-0.2 s to compile, against 0.5-0.7 s with pytensor's
    # 'fast_compile' rewrites (which also ran slower here).
    'FAST_COMPILE': lambda: Mode(linker='py', optimizer='merge'),
    'NUMBA': lambda: get_mode('NUMBA'),
    'JAX': lambda: get_mode('JAX'),
    'DEBUG_MODE': lambda: get_mode('DebugMode'),
}

_LIBRARY_DIRS = ('/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu',
                 '/usr/lib64', '/usr/lib', '/usr/local/lib',
                 '/opt/OpenBLAS/lib')


def _user_set(name):
    """Whether PYTENSOR_FLAGS or a pytensorrc file gave `name`."""
    param = getattr(pytensor.config, '_config_var_dict', {}).get(name)
    if param is None:
        return name in os.environ.get('PYTENSOR_FLAGS', '')
    return not param.is_default


def _openblas_found():
    dirs = [d for d in os.environ.get('LIBRARY_PATH', '').split(':') if d]
    # The unversioned name is what `-lopenblas` links against (Debian's
    # libopenblas-dev installs it).
    return any(os.path.exists(os.path.join(directory, 'libopenblas.so'))
               for directory in dirs + list(_LIBRARY_DIRS))


def configure_blas():
    """Links the C code to OpenBLAS when nothing else was configured: pip
    installs of pytensor find no BLAS by themselves, warn, and run matrix
    products without it."""
    if _user_set('blas__ldflags'):
        return
    param = getattr(pytensor.config, '_config_var_dict', {}).get(
        'blas__ldflags')
    already_computed = getattr(param, 'val', '')
    # Reading the default would probe the compiler and warn: avoid it.
    if not already_computed and _openblas_found():
        pytensor.config.blas__ldflags = '-lopenblas'


def configure_tracebacks():
    """Stops pytensor from recording a stack trace for every node it
    builds, unless the user asked for traces. Recording them was half of
    the time taken to build the graph of a ConvLSTM2D model and its
    gradients (minutes), and the traces point into Keras' own code, not
    the user's."""
    if not _user_set('traceback__limit'):
        pytensor.config.traceback__limit = 0


def sync_floatx():
    """Keeps pytensor's floatX equal to Keras' floatx, which may change at
    run time (K.set_floatx). pytensor types Python float constants with it:
    with floatX float64, `x_float32 * 0.1` would become float64."""
    if pytensor.config.floatX != config.floatx():
        pytensor.config.floatX = config.floatx()


def mode_name():
    """The compile mode named by KERAS_PYTENSOR_MODE (default FAST_RUN)."""
    name = os.environ.get(MODE_VARIABLE, DEFAULT_MODE).strip().upper()
    if name not in _MODES:
        raise ValueError('%s=%r is not a known PyTensor compile mode for '
                         'Keras. Expected one of: %s.'
                         % (MODE_VARIABLE, name, ', '.join(sorted(_MODES))))
    return name


def compile_mode(name=None):
    """The pytensor Mode for K.function: `name` (a mode name of Keras or
    of pytensor), else the one KERAS_PYTENSOR_MODE names."""
    if name is None:
        return _MODES[mode_name()]()
    if name.upper() in _MODES:
        return _MODES[name.upper()]()
    return get_mode(name)


def cheap_mode():
    """The mode for K.eval and other one-off evaluations: C compilation
    costs seconds per graph, far more than running it once."""
    return _MODES['FAST_COMPILE']()
