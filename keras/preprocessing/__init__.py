"""keras.preprocessing: data preparation utilities: `image` (loading,
augmentation with ImageDataGenerator, batch iterators over arrays, folders
and data frames), `sequence` (padding, skip-grams, time-series windows)
and `text` (tokenising, hashing, bag-of-words matrices)."""
from keras.preprocessing import image  # noqa: F401
from keras.preprocessing import sequence  # noqa: F401
from keras.preprocessing import text  # noqa: F401
