"""keras.callbacks: the Keras 2 callbacks."""
from keras.callbacks.callbacks import BaseLogger
from keras.callbacks.callbacks import CSVLogger
from keras.callbacks.callbacks import Callback
from keras.callbacks.callbacks import CallbackList
from keras.callbacks.callbacks import EarlyStopping
from keras.callbacks.callbacks import History
from keras.callbacks.callbacks import LambdaCallback
from keras.callbacks.callbacks import LearningRateScheduler
from keras.callbacks.callbacks import ModelCheckpoint
from keras.callbacks.callbacks import ProgbarLogger
from keras.callbacks.callbacks import ReduceLROnPlateau
from keras.callbacks.callbacks import RemoteMonitor
from keras.callbacks.callbacks import TerminateOnNaN
from keras.callbacks.tensorboard import TensorBoard
