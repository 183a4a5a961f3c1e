"""keras.preprocessing: data preparation utilities (`sequence`: padding,
skip-grams, time-series windows)."""
from keras.preprocessing import sequence  # noqa: F401
