"""keras.preprocessing.image: loading, converting and saving images
(`utils`), affine and intensity transforms (`affine`), real-time
augmentation (`ImageDataGenerator`, in `generator`) and the iterators that
read batches from arrays, directories and data frames (`iterators`)."""
from keras.preprocessing.image.affine import apply_affine_transform  # noqa: F401
from keras.preprocessing.image.affine import apply_brightness_shift  # noqa: F401
from keras.preprocessing.image.affine import apply_channel_shift  # noqa: F401
from keras.preprocessing.image.affine import flip_axis  # noqa: F401
from keras.preprocessing.image.affine import random_brightness  # noqa: F401
from keras.preprocessing.image.affine import random_channel_shift  # noqa: F401
from keras.preprocessing.image.affine import random_rotation  # noqa: F401
from keras.preprocessing.image.affine import random_shear  # noqa: F401
from keras.preprocessing.image.affine import random_shift  # noqa: F401
from keras.preprocessing.image.affine import random_zoom  # noqa: F401
from keras.preprocessing.image.generator import ImageDataGenerator  # noqa: F401
from keras.preprocessing.image.iterators import DataFrameIterator  # noqa: F401
from keras.preprocessing.image.iterators import DirectoryIterator  # noqa: F401
from keras.preprocessing.image.iterators import Iterator  # noqa: F401
from keras.preprocessing.image.iterators import NumpyArrayIterator  # noqa: F401
from keras.preprocessing.image.utils import array_to_img  # noqa: F401
from keras.preprocessing.image.utils import img_to_array  # noqa: F401
from keras.preprocessing.image.utils import list_pictures  # noqa: F401
from keras.preprocessing.image.utils import load_img  # noqa: F401
from keras.preprocessing.image.utils import save_img  # noqa: F401
