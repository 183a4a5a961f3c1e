"""Callbacks: objects called at given stages of training.

The training loop calls a `CallbackList` holding `BaseLogger` (epoch
averages), `ProgbarLogger` (when verbose), the user's callbacks and
`History`, in that order. The loop sets `params` (keys 'epochs', 'steps',
'samples', 'verbose', 'do_validation', 'metrics', 'batch_size') and passes
`logs` dicts: batch logs hold 'batch', 'size' and the metric values, epoch
logs the metrics and, with validation, the 'val_' metrics.

The callbacks live by kind in the modules of this package
(`base_callback`, `loggers`, `monitored`, `learning_rate`); this module
keeps the Keras 2 import path `keras.callbacks.callbacks`.
"""
from keras.callbacks.base_callback import Callback  # noqa: F401
from keras.callbacks.base_callback import CallbackList  # noqa: F401
from keras.callbacks.base_callback import LambdaCallback  # noqa: F401
from keras.callbacks.learning_rate import LearningRateScheduler  # noqa: F401
from keras.callbacks.learning_rate import ReduceLROnPlateau  # noqa: F401
from keras.callbacks.loggers import BaseLogger  # noqa: F401
from keras.callbacks.loggers import CSVLogger  # noqa: F401
from keras.callbacks.loggers import History  # noqa: F401
from keras.callbacks.loggers import ProgbarLogger  # noqa: F401
from keras.callbacks.loggers import RemoteMonitor  # noqa: F401
from keras.callbacks.monitored import EarlyStopping  # noqa: F401
from keras.callbacks.monitored import ModelCheckpoint  # noqa: F401
from keras.callbacks.monitored import TerminateOnNaN  # noqa: F401
