"""Iterators that read batches of images, from numpy arrays or from image
files in class subdirectories, through an `ImageDataGenerator`'s random
transform and standardisation. Each is a `keras.utils.Sequence` (indexed
batches, for `fit_generator` with several workers) and also a thread-safe
infinite Python iterator (`next(iterator)`)."""
import multiprocessing.pool
import os
import threading
import warnings

import numpy as np

from keras.backend import config
from keras.preprocessing.image.utils import array_to_img
from keras.preprocessing.image.utils import img_to_array
from keras.preprocessing.image.utils import load_img
from keras.utils.data_utils import Sequence

_COLOR_MODE_CHANNELS = {'rgb': 3, 'rgba': 4, 'grayscale': 1}


class Iterator(Sequence):
    """Base class of the image iterators.

    Subclasses implement `_get_batches_of_transformed_samples(index_array)`.

    The sample order of an epoch is fixed when the epoch starts (at
    construction, then by `on_epoch_end`, or when the Python-iterator side
    wraps around), so every worker thread or forked worker process of an
    epoch reads the same order: no sample is repeated or lost.

    # Arguments
        n: Integer, total number of samples.
        batch_size: Integer, size of a batch.
        shuffle: Boolean, whether to shuffle the samples at every epoch.
        seed: Random seed, for the shuffling and the random transforms.
    """

    white_list_formats = ('png', 'jpg', 'jpeg', 'bmp', 'ppm', 'tif', 'tiff')

    def __init__(self, n, batch_size, shuffle, seed):
        self.n = n
        self.batch_size = batch_size
        self.seed = seed
        self.shuffle = shuffle
        self.batch_index = 0
        self.total_batches_seen = 0
        self.lock = threading.Lock()
        self._epochs_seen = 0
        self.index_array = None
        self._set_index_array()
        self.index_generator = self._flow_index()

    def _set_index_array(self):
        if not self.shuffle:
            self.index_array = np.arange(self.n)
        elif self.seed is None:
            self.index_array = np.random.permutation(self.n)
        else:
            rng = np.random.RandomState(
                (self.seed + self._epochs_seen) % 2**32)
            self.index_array = rng.permutation(self.n)

    def _batch_seed(self, batch_number):
        """Seed of the random transforms of one batch: a function of the
        iterator's seed, the epoch and the batch, not of which worker asks
        first."""
        if self.seed is None:
            return None
        return (self.seed + self._epochs_seen * len(self) +
                batch_number) % 2**32

    def __getitem__(self, idx):
        if idx >= len(self) or idx < -len(self):
            raise ValueError('Asked to retrieve element {idx}, but the '
                             'Sequence has length {length}'.format(
                                 idx=idx, length=len(self)))
        idx = idx % len(self)
        self.total_batches_seen += 1
        start = self.batch_size * idx
        index_array = self.index_array[start:start + self.batch_size]
        return self._get_batches_of_transformed_samples(
            index_array, self._batch_seed(idx))

    def __len__(self):
        return (self.n + self.batch_size - 1) // self.batch_size

    def on_epoch_end(self):
        self._epochs_seen += 1
        self._set_index_array()

    def reset(self):
        """Restarts the Python-iterator side at the first batch."""
        self.batch_index = 0

    def _flow_index(self):
        self.reset()
        pass_ended = False
        while True:
            if pass_ended:
                self._epochs_seen += 1
                self._set_index_array()
            current_index = 0 if self.n == 0 else (
                self.batch_index * self.batch_size) % self.n
            batch_number = self.batch_index
            pass_ended = self.n <= current_index + self.batch_size
            self.batch_index = 0 if pass_ended else self.batch_index + 1
            self.total_batches_seen += 1
            yield (self.index_array[current_index:
                                    current_index + self.batch_size],
                   self._batch_seed(batch_number))

    def __getstate__(self):
        # Locks and generators cannot be pickled (worker processes started
        # by 'spawn' receive the iterator pickled); the indexed batches need
        # neither.
        state = self.__dict__.copy()
        del state['lock']
        del state['index_generator']
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.lock = threading.Lock()
        self.index_generator = self._flow_index()

    def __iter__(self):
        # Infinite, as Keras 2 image iterators are: `next` never stops.
        return self

    def __next__(self, *args, **kwargs):
        return self.next(*args, **kwargs)

    def next(self):
        """Returns the next batch."""
        # Only index generation is locked: the images of different batches
        # are read and transformed in parallel.
        with self.lock:
            index_array, batch_seed = next(self.index_generator)
        return self._get_batches_of_transformed_samples(index_array,
                                                        batch_seed)

    def _get_batches_of_transformed_samples(self, index_array,
                                            batch_seed=None):
        """Returns the batch of the samples `index_array`.

        # Arguments
            index_array: Array of sample indices.
            batch_seed: None, or the seed of this batch's random transforms.
        """
        raise NotImplementedError

    def _transform(self, x, sample_seed):
        generator = self.image_data_generator
        if sample_seed is None:
            params = generator.get_random_transform(x.shape)
        else:
            params = generator.get_random_transform(x.shape,
                                                    seed=int(sample_seed))
        x = generator.apply_transform(x, params)
        return generator.standardize(x)

    def _save_batch(self, batch_x, index_array):
        for i, j in enumerate(index_array):
            img = array_to_img(batch_x[i], self.data_format, scale=True)
            fname = '{prefix}_{index}_{hash}.{format}'.format(
                prefix=self.save_prefix, index=j,
                hash=np.random.randint(1e7), format=self.save_format)
            img.save(os.path.join(self.save_to_dir, fname))


def _sample_seeds(batch_seed, count):
    if batch_seed is None:
        return [None] * count
    return np.random.RandomState(batch_seed).randint(2**31 - 1, size=count)


def _default_data_format(data_format):
    return config.image_data_format() if data_format is None else data_format


def _default_dtype(dtype):
    return config.floatx() if dtype is None else dtype


class NumpyArrayIterator(Iterator):
    """Iterator yielding data from a numpy array.

    # Arguments
        x: Numpy array of input data, or a tuple `(images, extra)` whose
            `extra` (an array or a list of arrays) is passed along with the
            images, unmodified.
        y: Numpy array of targets data, or None.
        image_data_generator: `ImageDataGenerator` for the random transforms
            and the standardisation.
        batch_size: Integer, size of a batch.
        shuffle: Boolean, whether to shuffle the data between epochs.
        sample_weight: Numpy array of sample weights.
        seed: Random seed for shuffling and transforms.
        data_format: "channels_first" or "channels_last" (default: the
            backend's `image_data_format()`).
        save_to_dir: None or directory where the transformed batches are
            saved as pictures (for viewing).
        save_prefix: Prefix of the saved pictures' file names.
        save_format: "png" or "jpeg".
        subset: "training" or "validation", with the generator's
            `validation_split`.
        dtype: Dtype of the generated arrays (default: `floatx()`).
    """

    def __init__(self, x, y, image_data_generator, batch_size=32,
                 shuffle=False, sample_weight=None, seed=None,
                 data_format=None, save_to_dir=None, save_prefix='',
                 save_format='png', subset=None, dtype=None):
        data_format = _default_data_format(data_format)
        self.dtype = _default_dtype(dtype)
        if isinstance(x, (tuple, list)):
            if not isinstance(x[1], list):
                x_misc = [np.asarray(x[1])]
            else:
                x_misc = [np.asarray(xx) for xx in x[1]]
            x = x[0]
            for xx in x_misc:
                if len(x) != len(xx):
                    raise ValueError(
                        'All of the arrays in `x` should have the same '
                        'length. Found a pair with: len(x[0]) = %s, '
                        'len(x[?]) = %s' % (len(x), len(xx)))
        else:
            x_misc = []
        if y is not None and len(x) != len(y):
            raise ValueError('`x` (images tensor) and `y` (labels) should '
                             'have the same length. Found: x.shape = %s, '
                             'y.shape = %s' % (np.asarray(x).shape,
                                               np.asarray(y).shape))
        if sample_weight is not None and len(x) != len(sample_weight):
            raise ValueError('`x` (images tensor) and `sample_weight` should '
                             'have the same length. Found: x.shape = %s, '
                             'sample_weight.shape = %s' % (
                                 np.asarray(x).shape,
                                 np.asarray(sample_weight).shape))
        if subset is not None:
            if subset not in {'training', 'validation'}:
                raise ValueError('Invalid subset name: %r; expected '
                                 '"training" or "validation".' % (subset,))
            split_idx = int(len(x) * image_data_generator._validation_split)
            if y is not None and not np.array_equal(
                    np.unique(y[:split_idx]), np.unique(y[split_idx:])):
                raise ValueError('Training and validation subsets have '
                                 'different number of classes after the '
                                 'split. If your numpy arrays are sorted by '
                                 'the label, you might want to shuffle '
                                 'them.')
            part = (slice(None, split_idx) if subset == 'validation'
                    else slice(split_idx, None))
            x = x[part]
            x_misc = [np.asarray(xx[part]) for xx in x_misc]
            if y is not None:
                y = y[part]
            if sample_weight is not None:
                sample_weight = sample_weight[part]
        self.x = np.asarray(x, dtype=self.dtype)
        self.x_misc = x_misc
        if self.x.ndim != 4:
            raise ValueError('Input data in `NumpyArrayIterator` should have '
                             'rank 4. You passed an array with shape %s'
                             % (self.x.shape,))
        channels_axis = 3 if data_format == 'channels_last' else 1
        if self.x.shape[channels_axis] not in {1, 3, 4}:
            warnings.warn(
                'NumpyArrayIterator is set to use the data format convention '
                '"%s" (channels on axis %d), i.e. expected either 1, 3, or 4 '
                'channels on axis %d. However, it was passed an array with '
                'shape %s (%d channels).' % (
                    data_format, channels_axis, channels_axis,
                    self.x.shape, self.x.shape[channels_axis]))
        self.y = None if y is None else np.asarray(y)
        self.sample_weight = (None if sample_weight is None
                              else np.asarray(sample_weight))
        self.image_data_generator = image_data_generator
        self.data_format = data_format
        self.save_to_dir = save_to_dir
        self.save_prefix = save_prefix
        self.save_format = save_format
        super(NumpyArrayIterator, self).__init__(self.x.shape[0], batch_size,
                                                 shuffle, seed)

    def _get_batches_of_transformed_samples(self, index_array,
                                            batch_seed=None):
        batch_x = np.zeros((len(index_array),) + self.x.shape[1:],
                           dtype=self.dtype)
        seeds = _sample_seeds(batch_seed, len(index_array))
        for i, j in enumerate(index_array):
            batch_x[i] = self._transform(self.x[j].astype(self.dtype),
                                         seeds[i])
        if self.save_to_dir:
            self._save_batch(batch_x, index_array)
        batch_x_miscs = [xx[index_array] for xx in self.x_misc]
        inputs = batch_x if not batch_x_miscs else [batch_x] + batch_x_miscs
        if self.y is None:
            return inputs
        output = (inputs, self.y[index_array])
        if self.sample_weight is not None:
            output += (self.sample_weight[index_array],)
        return output


class BatchFromFilesMixin(object):
    """Reads batches of images from files (`self.filepaths`) with labels
    (`self.labels`) as `self.class_mode` asks; shared by
    `DirectoryIterator` and `DataFrameIterator`."""

    def set_processing_attrs(self, image_data_generator, target_size,
                             color_mode, data_format, save_to_dir,
                             save_prefix, save_format, subset,
                             interpolation):
        """Sets the attributes used to load and transform the images.

        # Arguments
            image_data_generator: `ImageDataGenerator` (or None: no
                transform).
            target_size: Tuple `(height, width)` the images are resized to.
            color_mode: "rgb", "rgba" or "grayscale".
            data_format: "channels_first" or "channels_last".
            save_to_dir, save_prefix, save_format: where and how to save
                the transformed pictures (for viewing).
            subset: None, "training" or "validation", with the
                generator's `validation_split`.
            interpolation: Resampling used by `load_img` when resizing.
        """
        self.image_data_generator = image_data_generator
        self.target_size = tuple(target_size)
        if color_mode not in _COLOR_MODE_CHANNELS:
            raise ValueError('Invalid color mode: %r; expected "rgb", "rgba", '
                             'or "grayscale".' % (color_mode,))
        if data_format not in ('channels_last', 'channels_first'):
            raise ValueError('Invalid data_format: %r; expected '
                             '"channels_last" or "channels_first".'
                             % (data_format,))
        self.color_mode = color_mode
        self.data_format = data_format
        channels = (_COLOR_MODE_CHANNELS[color_mode],)
        if data_format == 'channels_last':
            self.image_shape = self.target_size + channels
        else:
            self.image_shape = channels + self.target_size
        self.save_to_dir = save_to_dir
        self.save_prefix = save_prefix
        self.save_format = save_format
        self.interpolation = interpolation
        if subset is None:
            self.split = None
        else:
            validation_split = image_data_generator._validation_split
            if subset == 'validation':
                self.split = (0, validation_split)
            elif subset == 'training':
                self.split = (validation_split, 1)
            else:
                raise ValueError('Invalid subset name: %r; expected '
                                 '"training" or "validation".' % (subset,))
        self.subset = subset

    def _get_batches_of_transformed_samples(self, index_array,
                                            batch_seed=None):
        batch_x = np.zeros((len(index_array),) + self.image_shape,
                           dtype=self.dtype)
        seeds = _sample_seeds(batch_seed, len(index_array))
        filepaths = self.filepaths
        for i, j in enumerate(index_array):
            img = load_img(filepaths[j], color_mode=self.color_mode,
                           target_size=self.target_size,
                           interpolation=self.interpolation)
            x = img_to_array(img, data_format=self.data_format,
                             dtype=self.dtype)
            img.close()
            if self.image_data_generator:
                x = self._transform(x, seeds[i])
            batch_x[i] = x
        if self.save_to_dir:
            self._save_batch(batch_x, index_array)
        if self.class_mode == 'input':
            batch_y = batch_x.copy()
        elif self.class_mode in {'binary', 'sparse'}:
            batch_y = np.asarray([self.classes[j] for j in index_array],
                                 dtype=self.dtype).reshape(len(batch_x))
        elif self.class_mode == 'categorical':
            batch_y = np.zeros((len(batch_x), len(self.class_indices)),
                               dtype=self.dtype)
            for i, j in enumerate(index_array):
                batch_y[i, self.classes[j]] = 1.
        elif self.class_mode == 'multi_output':
            batch_y = [output[index_array] for output in self.labels]
        elif self.class_mode == 'raw':
            batch_y = self.labels[index_array]
        else:
            return batch_x
        if self.sample_weight is None:
            return batch_x, batch_y
        return batch_x, batch_y, self.sample_weight[index_array]

    @property
    def filepaths(self):
        """List of absolute paths to image files."""
        raise NotImplementedError

    @property
    def labels(self):
        """Class labels of every observation."""
        raise NotImplementedError

    @property
    def sample_weight(self):
        raise NotImplementedError


def _iter_valid_files(directory, white_list_formats, follow_links):
    """Yields `(root, fname)` of the white-listed image files under
    `directory`, in sorted order."""
    walk = sorted(os.walk(directory, followlinks=follow_links),
                  key=lambda entry: entry[0])
    extensions = tuple('.' + ext for ext in white_list_formats)
    for root, _, files in walk:
        for fname in sorted(files):
            if fname.lower().endswith('.tiff'):
                warnings.warn('Using ".tiff" files with multiple bands will '
                              'cause distortion. Please verify your output.')
            if fname.lower().endswith(extensions):
                yield root, fname


def _list_valid_filenames_in_directory(directory, white_list_formats, split,
                                       class_indices, follow_links):
    """Lists the images of one class subdirectory.

    Returns `(classes, filenames)`: the class index of each file and its path
    relative to the parent of `directory`. With `split = (start, stop)`,
    only that fraction of the (sorted) files is kept.
    """
    dirname = os.path.basename(directory)
    found = list(_iter_valid_files(directory, white_list_formats,
                                   follow_links))
    if split:
        start = int(split[0] * len(found))
        stop = int(split[1] * len(found))
        found = found[start:stop]
    classes = []
    filenames = []
    for root, fname in found:
        classes.append(class_indices[dirname])
        relative = os.path.relpath(os.path.join(root, fname), directory)
        filenames.append(os.path.join(dirname, relative))
    return classes, filenames


class DirectoryIterator(BatchFromFilesMixin, Iterator):
    """Iterator reading images from a directory with one subdirectory per
    class.

    # Arguments
        directory: Path to the directory to read images from. Each
            subdirectory is a class; images in its subtree belong to it.
        image_data_generator: `ImageDataGenerator` for the random transforms
            and the standardisation (or None).
        target_size: Tuple `(height, width)` the images are resized to.
        color_mode: "rgb", "rgba" or "grayscale".
        classes: Optional list of class subdirectories (e.g.
            `['dogs', 'cats']`); default: every subdirectory, sorted.
        class_mode: "categorical" (one-hot), "binary" (0/1), "sparse"
            (integer), "input" (the images themselves) or None (images
            only).
        batch_size: Integer, size of a batch.
        shuffle: Boolean, whether to shuffle the data between epochs.
        seed: Random seed for shuffling and transforms.
        data_format: "channels_first" or "channels_last" (default: the
            backend's `image_data_format()`).
        save_to_dir: None or directory where the transformed pictures are
            saved (for viewing).
        save_prefix: Prefix of the saved pictures' file names.
        save_format: "png" or "jpeg".
        follow_links: Whether to follow symbolic links to subdirectories.
        subset: "training" or "validation", with the generator's
            `validation_split` (applied within every class).
        interpolation: Resampling when resizing: "nearest", "bilinear",
            "bicubic", "lanczos", "box" or "hamming".
        dtype: Dtype of the generated arrays (default: `floatx()`).
    """

    allowed_class_modes = {'categorical', 'binary', 'sparse', 'input', None}

    def __init__(self, directory, image_data_generator, target_size=(256, 256),
                 color_mode='rgb', classes=None, class_mode='categorical',
                 batch_size=32, shuffle=True, seed=None, data_format=None,
                 save_to_dir=None, save_prefix='', save_format='png',
                 follow_links=False, subset=None, interpolation='nearest',
                 dtype=None):
        self.set_processing_attrs(
            image_data_generator, target_size, color_mode,
            _default_data_format(data_format), save_to_dir, save_prefix,
            save_format, subset, interpolation)
        self.directory = directory
        if class_mode not in self.allowed_class_modes:
            raise ValueError('Invalid class_mode: {}; expected one of: {}'
                             .format(class_mode, self.allowed_class_modes))
        self.class_mode = class_mode
        self.dtype = _default_dtype(dtype)
        if not classes:
            classes = [subdir for subdir in sorted(os.listdir(directory))
                       if os.path.isdir(os.path.join(directory, subdir))]
        self.num_classes = len(classes)
        self.class_indices = dict(zip(classes, range(len(classes))))
        # Listing is I/O bound: one thread per class directory.
        pool = multiprocessing.pool.ThreadPool()
        try:
            results = [pool.apply_async(
                _list_valid_filenames_in_directory,
                (os.path.join(directory, subdir), self.white_list_formats,
                 self.split, self.class_indices, follow_links))
                for subdir in classes]
            listed = [result.get() for result in results]
        finally:
            pool.close()
            pool.join()
        self.filenames = []
        class_list = []
        for file_classes, filenames in listed:
            class_list.extend(file_classes)
            self.filenames.extend(filenames)
        self.samples = len(self.filenames)
        self.classes = np.asarray(class_list, dtype='int32')
        print('Found %d images belonging to %d classes.' %
              (self.samples, self.num_classes))
        self._filepaths = [os.path.join(self.directory, fname)
                           for fname in self.filenames]
        super(DirectoryIterator, self).__init__(self.samples, batch_size,
                                                shuffle, seed)

    @property
    def filepaths(self):
        return self._filepaths

    @property
    def labels(self):
        return self.classes

    @property
    def sample_weight(self):
        # Directories carry no sample weights.
        return None


# Re-exported so that `iterators` names every iterator class; imported last
# because `dataframe_iterator` builds on the classes above.
from keras.preprocessing.image.dataframe_iterator import (  # noqa: E402
    DataFrameIterator)  # noqa: F401
