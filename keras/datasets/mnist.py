"""MNIST handwritten digits: 60,000 training and 10,000 test images."""
import numpy as np

from keras.utils.data_utils import get_file

ORIGIN = 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz'
FILE_HASH = '731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1'


def load_data(path='mnist.npz'):
    """Loads the MNIST dataset.

    The file is downloaded once into the Keras cache
    (`~/.keras/datasets/<path>`, or under `$KERAS_HOME`) and checked against
    its sha256 hash. Without network access, place `mnist.npz` there by hand.

    # Arguments
        path: file name of the cached copy (relative to the datasets cache
            directory), or an absolute path.

    # Returns
        Tuple of numpy arrays: `(x_train, y_train), (x_test, y_test)`;
        x are uint8 images of shape (num_samples, 28, 28), y uint8 digit
        labels (0-9) of shape (num_samples,).
    """
    path = get_file(path, origin=ORIGIN, file_hash=FILE_HASH)
    # The file holds plain arrays; refusing pickles keeps a tampered cache
    # file from running code.
    with np.load(path, allow_pickle=False) as f:
        x_train, y_train = f['x_train'], f['y_train']
        x_test, y_test = f['x_test'], f['y_test']
    return (x_train, y_train), (x_test, y_test)
