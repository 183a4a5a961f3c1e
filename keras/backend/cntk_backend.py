"""Old import path of the CNTK backend, which cannot exist any more."""
from keras.backend.load import cntk_unavailable_message

raise ImportError(cntk_unavailable_message())
