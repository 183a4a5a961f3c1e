"""CIFAR-10 small images: 50,000 training and 10,000 test 32x32 colour
images in 10 classes."""
import os

import numpy as np

from keras.datasets.cifar import load_batch, to_image_data_format
from keras.utils.data_utils import get_file

DIRNAME = 'cifar-10-batches-py'
ORIGIN = 'https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz'
NUM_TRAIN_BATCHES = 5


def load_data():
    """Loads the CIFAR-10 dataset.

    `cifar-10-python.tar.gz` is downloaded once into the Keras cache
    (`~/.keras/datasets/`, or `$KERAS_HOME/datasets/`), saved there as
    `cifar-10-batches-py.tar.gz` and extracted into `cifar-10-batches-py/`.
    Without network access, place the archive in that directory by hand,
    under the name `cifar-10-batches-py.tar.gz`.

    # Returns
        Tuple of numpy arrays: `(x_train, y_train), (x_test, y_test)`;
        x are uint8 images of shape (num_samples, 32, 32, 3) under
        `K.image_data_format() == 'channels_last'`, else
        (num_samples, 3, 32, 32); y the class indices (0-9) of shape
        (num_samples, 1) (uint8 for training and int64 for test, as in
        Keras 2.3.1).
    """
    path = get_file(DIRNAME, origin=ORIGIN, untar=True)
    images, labels = [], []
    for i in range(1, NUM_TRAIN_BATCHES + 1):
        batch_images, batch_labels = load_batch(
            os.path.join(path, 'data_batch_' + str(i)))
        images.append(np.asarray(batch_images, dtype='uint8'))
        labels.append(np.asarray(batch_labels, dtype='uint8'))
    x_train = np.concatenate(images)
    y_train = np.concatenate(labels)
    x_test, y_test = load_batch(os.path.join(path, 'test_batch'))
    y_train = np.reshape(y_train, (len(y_train), 1))
    y_test = np.reshape(y_test, (len(y_test), 1))
    return ((to_image_data_format(x_train), y_train),
            (to_image_data_format(x_test), y_test))
