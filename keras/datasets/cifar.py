"""Reading the python pickle batches of the CIFAR-10 and CIFAR-100
archives (`cifar-10-python.tar.gz`, `cifar-100-python.tar.gz`)."""
import pickle

from keras import backend as K


def load_batch(fpath, label_key='labels'):
    """Reads one CIFAR batch file.

    A batch is a pickled dict (written by Python 2, so its keys come back
    as bytes) whose `data` entry is a uint8 array of shape
    (num_samples, 3072): per image, the 1024 red, then the 1024 green, then
    the 1024 blue pixel values, each plane in row-major order.

    # Arguments
        fpath: path of the batch file.
        label_key: key of the labels in the batch: 'labels' (CIFAR-10),
            'fine_labels' or 'coarse_labels' (CIFAR-100).

    # Returns
        A tuple `(data, labels)`: data of shape (num_samples, 3, 32, 32),
        labels as stored in the file (a list of ints).

    # Raises
        KeyError: the batch has no `label_key` entry.
    """
    with open(fpath, 'rb') as f:
        # encoding='bytes' reads the Python 2 str keys and the numpy array
        # inside without guessing a text encoding.
        batch = pickle.load(f, encoding='bytes')
    batch = {(key.decode('utf8') if isinstance(key, bytes) else key): value
             for key, value in batch.items()}
    if label_key not in batch:
        raise KeyError('The CIFAR batch ' + str(fpath) + ' has no labels '
                       'under ' + repr(label_key) + '; its keys are ' +
                       str(sorted(batch)) + '.')
    data = batch['data']
    labels = batch[label_key]
    data = data.reshape(data.shape[0], 3, 32, 32)
    return data, labels


def to_image_data_format(x):
    """(samples, channels, rows, cols) as stored, transposed to
    (samples, rows, cols, channels) under 'channels_last'."""
    if K.image_data_format() == 'channels_last':
        return x.transpose(0, 2, 3, 1)
    return x
