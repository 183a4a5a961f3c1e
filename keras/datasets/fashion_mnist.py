"""Fashion-MNIST: 60,000 training and 10,000 test 28x28 grayscale images
of clothing in 10 classes."""
import gzip
import os

import numpy as np

from keras.utils.data_utils import get_file

CACHE_SUBDIR = os.path.join('datasets', 'fashion-mnist')
BASE_ORIGIN = 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/'
FILES = ['train-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz',
         't10k-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz']

# IDX magic numbers: two zero bytes, the type code 0x08 (unsigned byte),
# then the number of dimensions.
_LABELS_MAGIC = 0x00000801
_IMAGES_MAGIC = 0x00000803


def load_data():
    """Loads the Fashion-MNIST dataset.

    The four gzipped IDX files are downloaded once into the Keras cache
    (`~/.keras/datasets/fashion-mnist/`, or under `$KERAS_HOME`). Without
    network access, place them in that directory by hand.

    # Returns
        Tuple of numpy arrays: `(x_train, y_train), (x_test, y_test)`;
        x are uint8 images of shape (num_samples, 28, 28), y uint8 labels
        (0-9) of shape (num_samples,).

    # Raises
        ValueError: a file is not an IDX file of the expected kind, or the
            images and labels of a part differ in number.
    """
    paths = [get_file(fname, origin=BASE_ORIGIN + fname,
                      cache_subdir=CACHE_SUBDIR) for fname in FILES]
    y_train = _read_idx(paths[0], _LABELS_MAGIC)
    x_train = _read_idx(paths[1], _IMAGES_MAGIC)
    y_test = _read_idx(paths[2], _LABELS_MAGIC)
    x_test = _read_idx(paths[3], _IMAGES_MAGIC)
    for x, y, name in ((x_train, y_train, 'train'), (x_test, y_test, 't10k')):
        if len(x) != len(y):
            raise ValueError('The Fashion-MNIST ' + name + ' files hold ' +
                             str(len(x)) + ' images but ' + str(len(y)) +
                             ' labels.')
    return (x_train, y_train), (x_test, y_test)


def _read_idx(path, expected_magic):
    """The uint8 array of a gzipped IDX file: a big-endian int32 magic
    number, one big-endian int32 size per dimension, then the values."""
    with gzip.open(path, 'rb') as f:
        content = f.read()
    ndim = expected_magic & 0xff
    header_size = 4 * (1 + ndim)
    whole_words = min(len(content), header_size) // 4 * 4
    header = np.frombuffer(content[:whole_words], dtype='>i4')
    if len(header) != 1 + ndim or header[0] != expected_magic:
        raise ValueError('Expected an IDX file of unsigned bytes with ' +
                         str(ndim) + ' dimension(s) (magic number ' +
                         hex(expected_magic) + ') at ' + str(path) +
                         '; received a file starting with ' +
                         repr(content[:4]) + '.')
    shape = tuple(int(size) for size in header[1:])
    values = np.frombuffer(content, dtype=np.uint8, offset=header_size)
    if values.size != int(np.prod(shape)):
        raise ValueError('The IDX file ' + str(path) + ' declares shape ' +
                         str(shape) + ' but holds ' + str(values.size) +
                         ' values.')
    return values.reshape(shape).copy()
