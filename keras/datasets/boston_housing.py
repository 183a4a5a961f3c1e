"""Boston housing prices: 506 districts, 13 attributes each, and the median
home value (in k$) as target."""
import numpy as np

from keras.utils.data_utils import get_file

ORIGIN = 'https://s3.amazonaws.com/keras-datasets/boston_housing.npz'
FILE_HASH = ('f553886a1f8d56431e820c5b82552d9d'
             '95cfcb96d1e678153f8839538947dff5')


def load_data(path='boston_housing.npz', test_split=0.2, seed=113):
    """Loads the Boston housing dataset.

    The file is downloaded once into the Keras cache
    (`~/.keras/datasets/<path>`, or under `$KERAS_HOME`) and checked against
    its sha256 hash. Without network access, place `boston_housing.npz`
    there by hand. The samples are shuffled with
    `np.random.RandomState(seed)`; the first `int(n * (1 - test_split))`
    go to training, the rest to test.

    # Arguments
        path: file name of the cached copy (relative to the datasets cache
            directory).
        test_split: fraction of the data for test, in [0, 1).
        seed: int, seed of the shuffle.

    # Returns
        Tuple of numpy arrays: `(x_train, y_train), (x_test, y_test)`;
        x of shape (num_samples, 13), y of shape (num_samples,).

    # Raises
        ValueError: `test_split` outside [0, 1).
    """
    if not 0 <= test_split < 1:
        raise ValueError('`test_split` must be a fraction in [0, 1); '
                         'received: ' + str(test_split) + '.')
    path = get_file(path, origin=ORIGIN, file_hash=FILE_HASH)
    # Plain float arrays: refusing pickles keeps a tampered cache file
    # from running code.
    with np.load(path, allow_pickle=False) as f:
        x, y = f['x'], f['y']
    rng = np.random.RandomState(seed)
    order = np.arange(len(x))
    rng.shuffle(order)
    x, y = x[order], y[order]
    split = int(len(x) * (1 - test_split))
    return (x[:split], y[:split]), (x[split:], y[split:])
