"""CIFAR-100 small images: 50,000 training and 10,000 test 32x32 colour
images in 100 fine classes grouped into 20 coarse ones."""
import os

import numpy as np

from keras.datasets.cifar import load_batch, to_image_data_format
from keras.utils.data_utils import get_file

DIRNAME = 'cifar-100-python'
ORIGIN = 'https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz'


def load_data(label_mode='fine'):
    """Loads the CIFAR-100 dataset.

    `cifar-100-python.tar.gz` is downloaded once into the Keras cache
    (`~/.keras/datasets/`, or `$KERAS_HOME/datasets/`) and extracted there
    into `cifar-100-python/`. Without network access, place
    `cifar-100-python.tar.gz` in that directory by hand (it is extracted
    on the first call).

    # Arguments
        label_mode: 'fine' (100 classes) or 'coarse' (20 superclasses).

    # Returns
        Tuple of numpy arrays: `(x_train, y_train), (x_test, y_test)`;
        x are uint8 images of shape (num_samples, 32, 32, 3) under
        `K.image_data_format() == 'channels_last'`, else
        (num_samples, 3, 32, 32); y the int64 class indices of shape
        (num_samples, 1).

    # Raises
        ValueError: an unknown `label_mode`.
    """
    if label_mode not in ['fine', 'coarse']:
        raise ValueError('`label_mode` must be one of `"fine"`, `"coarse"`; '
                         'received: ' + repr(label_mode) + '.')
    path = get_file(DIRNAME, origin=ORIGIN, untar=True)
    label_key = label_mode + '_labels'
    x_train, y_train = load_batch(os.path.join(path, 'train'), label_key)
    x_test, y_test = load_batch(os.path.join(path, 'test'), label_key)
    y_train = np.reshape(y_train, (len(y_train), 1))
    y_test = np.reshape(y_test, (len(y_test), 1))
    return ((to_image_data_format(x_train), y_train),
            (to_image_data_format(x_test), y_test))
