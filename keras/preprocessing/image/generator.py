"""ImageDataGenerator: real-time image augmentation and normalisation,
configured once and applied per image by the iterators of `flow`,
`flow_from_directory` and `flow_from_dataframe`."""
import numbers
import warnings

import numpy as np

from keras.backend import config
from keras.preprocessing.image.affine import FILL_MODES
from keras.preprocessing.image.affine import apply_affine_transform
from keras.preprocessing.image.affine import _brightness_shift
from keras.preprocessing.image.affine import apply_channel_shift
from keras.preprocessing.image.affine import flip_axis

_NOT_FIT = ("This ImageDataGenerator specifies `%s`, but it hasn't been fit "
            "on any training data. Fit it first by calling "
            "`.fit(numpy_data)`.")
_STD_EPSILON = 1e-6


def _is_pair(value):
    return isinstance(value, (tuple, list, np.ndarray)) and len(value) == 2


def _check_shift_range(value, name):
    if isinstance(value, bool) or not (
            isinstance(value, numbers.Number)
            or isinstance(value, (tuple, list, np.ndarray))):
        raise ValueError('`%s` should be a float, an int or a list of '
                         'numbers; received %r.' % (name, value))
    return value


def _draw_shift(shift_range, size, rng):
    """A shift in pixels. An int n draws from the integers in (-n, n); a
    list draws one of its values with a random sign; a float f draws
    uniformly from [-f, f). Values below 1 are fractions of `size`."""
    if not shift_range:
        return 0
    if isinstance(shift_range, numbers.Integral):
        shift = rng.choice(int(shift_range))
        shift *= rng.choice([-1, 1])
    elif isinstance(shift_range, (tuple, list, np.ndarray)):
        shift = rng.choice(shift_range)
        shift *= rng.choice([-1, 1])
    else:
        shift = rng.uniform(-shift_range, shift_range)
    if np.max(shift_range) < 1:
        shift *= size
    return shift


class ImageDataGenerator(object):
    """Generates batches of tensor image data with real-time augmentation.

    Args:
        featurewise_center: Set the input mean to 0 over the dataset,
            per channel (needs `fit`).
        samplewise_center: Set each sample mean to 0.
        featurewise_std_normalization: Divide inputs by the dataset std,
            per channel (needs `fit`).
        samplewise_std_normalization: Divide each input by its std.
        zca_whitening: Apply ZCA whitening (needs `fit`).
        zca_epsilon: Epsilon added to the eigenvalues for ZCA whitening.
        rotation_range: Degree range for random rotations.
        width_shift_range: float (fraction of the width if < 1, else
            pixels), int (pixels from the integers in `(-n, n)`) or list
            (one of its values, with a random sign).
        height_shift_range: As `width_shift_range`, along the height.
        brightness_range: Tuple or list of two floats: range of brightness
            factors.
        shear_range: Shear angle in degrees (counter-clockwise).
        zoom_range: Float `z` for `[1 - z, 1 + z]`, or `[lower, upper]`.
        channel_shift_range: Range of random channel shifts.
        fill_mode: "constant", "nearest", "reflect" or "wrap".
        cval: Fill value for `fill_mode="constant"`.
        horizontal_flip: Randomly flip inputs horizontally.
        vertical_flip: Randomly flip inputs vertically.
        rescale: Factor multiplied into the data before any other
            transformation (`None` or 0: no rescaling).
        preprocessing_function: Function run on each image (3D array)
            after augmentation, returning an array of the same shape.
        data_format: "channels_first" or "channels_last" (`None`: the
            backend's `image_data_format()`).
        validation_split: Fraction of images reserved for validation
            (strictly between 0 and 1).
        interpolation_order: Spline order of the geometric transforms.
        dtype: Dtype of the generated arrays (`None`: `floatx()`).
    """

    def __init__(self,
                 featurewise_center=False,
                 samplewise_center=False,
                 featurewise_std_normalization=False,
                 samplewise_std_normalization=False,
                 zca_whitening=False,
                 zca_epsilon=1e-6,
                 rotation_range=0,
                 width_shift_range=0.,
                 height_shift_range=0.,
                 brightness_range=None,
                 shear_range=0.,
                 zoom_range=0.,
                 channel_shift_range=0.,
                 fill_mode='nearest',
                 cval=0.,
                 horizontal_flip=False,
                 vertical_flip=False,
                 rescale=None,
                 preprocessing_function=None,
                 data_format='channels_last',
                 validation_split=0.0,
                 interpolation_order=1,
                 dtype='float32'):
        if data_format is None:
            data_format = config.image_data_format()
        if dtype is None:
            dtype = config.floatx()
        self.featurewise_center = featurewise_center
        self.samplewise_center = samplewise_center
        self.featurewise_std_normalization = featurewise_std_normalization
        self.samplewise_std_normalization = samplewise_std_normalization
        self.zca_whitening = zca_whitening
        self.zca_epsilon = zca_epsilon
        self.rotation_range = rotation_range
        self.width_shift_range = _check_shift_range(width_shift_range,
                                                    'width_shift_range')
        self.height_shift_range = _check_shift_range(height_shift_range,
                                                     'height_shift_range')
        self.shear_range = shear_range
        self.channel_shift_range = channel_shift_range
        self.fill_mode = fill_mode
        self.cval = cval
        self.horizontal_flip = horizontal_flip
        self.vertical_flip = vertical_flip
        self.rescale = rescale
        self.preprocessing_function = preprocessing_function
        self.dtype = dtype
        self.interpolation_order = interpolation_order

        if data_format not in {'channels_last', 'channels_first'}:
            raise ValueError(
                '`data_format` should be `"channels_last"` (channel after '
                'row and column) or `"channels_first"` (channel before row '
                'and column). Received: %s' % (data_format,))
        self.data_format = data_format
        if data_format == 'channels_first':
            self.channel_axis, self.row_axis, self.col_axis = 1, 2, 3
        else:
            self.channel_axis, self.row_axis, self.col_axis = 3, 1, 2
        if fill_mode not in FILL_MODES:
            raise ValueError('`fill_mode` should be one of %s. Received: %r'
                             % (FILL_MODES, fill_mode))
        if validation_split and not 0 < validation_split < 1:
            raise ValueError('`validation_split` must be strictly between 0 '
                             'and 1.  Received: %s' % (validation_split,))
        self._validation_split = validation_split

        self.mean = None
        self.std = None
        self.principal_components = None

        if isinstance(zoom_range, numbers.Number) and \
                not isinstance(zoom_range, bool):
            self.zoom_range = [1 - zoom_range, 1 + zoom_range]
        elif _is_pair(zoom_range):
            self.zoom_range = [zoom_range[0], zoom_range[1]]
        else:
            raise ValueError('`zoom_range` should be a float or a tuple or '
                             'list of two floats. Received: %s'
                             % (zoom_range,))
        self._reconcile_normalization()
        if brightness_range is not None and not _is_pair(brightness_range):
            raise ValueError('`brightness_range should be tuple or list of '
                             'two floats. Received: %s' % (brightness_range,))
        self.brightness_range = brightness_range

    def _reconcile_normalization(self):
        """Turns on the centering that each normalisation needs, warning as
        Keras 2 did."""
        if self.zca_whitening:
            if not self.featurewise_center:
                self.featurewise_center = True
                warnings.warn('This ImageDataGenerator specifies '
                              '`zca_whitening`, which overrides setting of '
                              '`featurewise_center`.')
            if self.featurewise_std_normalization:
                self.featurewise_std_normalization = False
                warnings.warn('This ImageDataGenerator specifies '
                              '`zca_whitening` which overrides setting of'
                              '`featurewise_std_normalization`.')
        if self.featurewise_std_normalization and \
                not self.featurewise_center:
            self.featurewise_center = True
            warnings.warn('This ImageDataGenerator specifies '
                          '`featurewise_std_normalization`, which overrides '
                          'setting of `featurewise_center`.')
        if self.samplewise_std_normalization and not self.samplewise_center:
            self.samplewise_center = True
            warnings.warn('This ImageDataGenerator specifies '
                          '`samplewise_std_normalization`, which overrides '
                          'setting of `samplewise_center`.')

    # -- iterators --

    def flow(self, x, y=None, batch_size=32, shuffle=True,
             sample_weight=None, seed=None, save_to_dir=None, save_prefix='',
             save_format='png', subset=None):
        """Batches of augmented data from numpy arrays: a
        `NumpyArrayIterator` yielding `(x, y)` (or `x`, or `(x, y,
        sample_weight)`)."""
        from keras.preprocessing.image.iterators import NumpyArrayIterator
        return NumpyArrayIterator(
            x, y, self, batch_size=batch_size, shuffle=shuffle,
            sample_weight=sample_weight, seed=seed,
            data_format=self.data_format, save_to_dir=save_to_dir,
            save_prefix=save_prefix, save_format=save_format, subset=subset,
            dtype=self.dtype)

    def flow_from_directory(self, directory, target_size=(256, 256),
                            color_mode='rgb', classes=None,
                            class_mode='categorical', batch_size=32,
                            shuffle=True, seed=None, save_to_dir=None,
                            save_prefix='', save_format='png',
                            follow_links=False, subset=None,
                            interpolation='nearest'):
        """Batches of augmented images read from one subdirectory per class:
        a `DirectoryIterator`."""
        from keras.preprocessing.image.iterators import DirectoryIterator
        return DirectoryIterator(
            directory, self, target_size=target_size, color_mode=color_mode,
            classes=classes, class_mode=class_mode,
            data_format=self.data_format, batch_size=batch_size,
            shuffle=shuffle, seed=seed, save_to_dir=save_to_dir,
            save_prefix=save_prefix, save_format=save_format,
            follow_links=follow_links, subset=subset,
            interpolation=interpolation, dtype=self.dtype)

    def flow_from_dataframe(self, dataframe, directory=None, x_col='filename',
                            y_col='class', weight_col=None,
                            target_size=(256, 256), color_mode='rgb',
                            classes=None, class_mode='categorical',
                            batch_size=32, shuffle=True, seed=None,
                            save_to_dir=None, save_prefix='',
                            save_format='png', subset=None,
                            interpolation='nearest', validate_filenames=True,
                            **kwargs):
        """Batches of augmented images listed in a pandas DataFrame: a
        `DataFrameIterator`."""
        if 'has_ext' in kwargs:
            warnings.warn('has_ext is deprecated, filenames in the dataframe '
                          'have to contain file extensions.',
                          DeprecationWarning)
        if 'sort' in kwargs:
            warnings.warn('sort is deprecated, batches will be created in the '
                          'same order than the filenames provided if shuffle '
                          'is set to False.', DeprecationWarning)
        if class_mode == 'other':
            warnings.warn('`class_mode` "other" is deprecated, please use '
                          '`class_mode` "raw".', DeprecationWarning)
            class_mode = 'raw'
        if 'drop_duplicates' in kwargs:
            warnings.warn('drop_duplicates is deprecated, you can drop '
                          'duplicates by using the pandas.DataFrame.'
                          'drop_duplicates method.', DeprecationWarning)
        from keras.preprocessing.image.iterators import DataFrameIterator
        return DataFrameIterator(
            dataframe, directory, self, x_col=x_col, y_col=y_col,
            weight_col=weight_col, target_size=target_size,
            color_mode=color_mode, classes=classes, class_mode=class_mode,
            data_format=self.data_format, batch_size=batch_size,
            shuffle=shuffle, seed=seed, save_to_dir=save_to_dir,
            save_prefix=save_prefix, save_format=save_format, subset=subset,
            interpolation=interpolation,
            validate_filenames=validate_filenames, dtype=self.dtype)

    # -- normalisation --

    def standardize(self, x):
        """Applies the normalisation configuration in place to a batch or a
        single image (`preprocessing_function`, `rescale`, sample-wise then
        feature-wise statistics, ZCA) and returns it."""
        if self.preprocessing_function:
            x = self.preprocessing_function(x)
        if self.rescale:
            x *= self.rescale
        if self.samplewise_center:
            x -= np.mean(x, keepdims=True)
        if self.samplewise_std_normalization:
            x /= (np.std(x, keepdims=True) + _STD_EPSILON)
        if self.featurewise_center:
            if self.mean is not None:
                x -= self.mean
            else:
                warnings.warn(_NOT_FIT % 'featurewise_center')
        if self.featurewise_std_normalization:
            if self.std is not None:
                x /= (self.std + _STD_EPSILON)
            else:
                warnings.warn(_NOT_FIT % 'featurewise_std_normalization')
        if self.zca_whitening:
            if self.principal_components is not None:
                flat_x = np.reshape(x, (-1, np.prod(x.shape[-3:])))
                white_x = flat_x @ self.principal_components
                x = np.reshape(white_x, x.shape)
            else:
                warnings.warn(_NOT_FIT % 'zca_whitening')
        return x

    def fit(self, x, augment=False, rounds=1, seed=None):
        """Computes the data statistics that feature-wise normalisation and
        ZCA whitening need.

        Args:
            x: Sample data, rank 4 (grayscale data: 1 channel).
            augment: Whether to fit on randomly augmented samples.
            rounds: With `augment`, how many augmented passes over the data.
            seed: Random seed.
        """
        x = np.asarray(x, dtype=self.dtype)
        if x.ndim != 4:
            raise ValueError('Input to `.fit()` should have rank 4. Got '
                             'array with shape: ' + str(x.shape))
        if x.shape[self.channel_axis] not in {1, 3, 4}:
            warnings.warn(
                'Expected input to be images (as Numpy array) following the '
                'data format convention "%s" (channels on axis %d), i.e. '
                'expected either 1, 3 or 4 channels on axis %d. However, it '
                'was passed an array with shape %s (%d channels).' % (
                    self.data_format, self.channel_axis, self.channel_axis,
                    x.shape, x.shape[self.channel_axis]))
        if seed is not None:
            np.random.seed(seed)
        x = np.copy(x)
        if augment:
            augmented = np.zeros((rounds * x.shape[0],) + x.shape[1:],
                                 dtype=self.dtype)
            for r in range(rounds):
                for i in range(x.shape[0]):
                    augmented[i + r * x.shape[0]] = self.random_transform(x[i])
            x = augmented
        stats_axes = (0, self.row_axis, self.col_axis)
        broadcast_shape = [1, 1, 1]
        broadcast_shape[self.channel_axis - 1] = x.shape[self.channel_axis]
        if self.featurewise_center:
            self.mean = np.reshape(np.mean(x, axis=stats_axes),
                                   broadcast_shape)
            x -= self.mean
        if self.featurewise_std_normalization:
            self.std = np.reshape(np.std(x, axis=stats_axes),
                                  broadcast_shape)
            x /= (self.std + _STD_EPSILON)
        if self.zca_whitening:
            flat_x = np.reshape(x, (x.shape[0], -1))
            sigma = flat_x.T @ flat_x / flat_x.shape[0]
            u, s, _ = np.linalg.svd(sigma)
            s_inv = 1. / np.sqrt(s[np.newaxis] + self.zca_epsilon)
            self.principal_components = (u * s_inv) @ u.T

    # -- augmentation --

    def get_random_transform(self, img_shape, seed=None):
        """Draws the parameters of one random transformation.

        Args:
            img_shape: Shape of the single image (3D).
            seed: Random seed.

        Returns:
            A dict for `apply_transform`.
        """
        img_row_axis = self.row_axis - 1
        img_col_axis = self.col_axis - 1
        # A generator of its own: worker threads drawing seeded transforms
        # must not reseed each other's global state.
        rng = np.random.RandomState(seed) if seed is not None else np.random
        theta = (rng.uniform(-self.rotation_range, self.rotation_range)
                 if self.rotation_range else 0)
        tx = _draw_shift(self.height_shift_range,
                         img_shape[img_row_axis], rng)
        ty = _draw_shift(self.width_shift_range,
                         img_shape[img_col_axis], rng)
        shear = (rng.uniform(-self.shear_range, self.shear_range)
                 if self.shear_range else 0)
        if self.zoom_range[0] == 1 and self.zoom_range[1] == 1:
            zx, zy = 1, 1
        else:
            zx, zy = rng.uniform(self.zoom_range[0],
                                       self.zoom_range[1], 2)
        flip_horizontal = bool(rng.random() < 0.5) and \
            bool(self.horizontal_flip)
        flip_vertical = bool(rng.random() < 0.5) and \
            bool(self.vertical_flip)
        channel_shift_intensity = None
        if self.channel_shift_range != 0:
            channel_shift_intensity = rng.uniform(
                -self.channel_shift_range, self.channel_shift_range)
        brightness = None
        if self.brightness_range is not None:
            brightness = rng.uniform(self.brightness_range[0],
                                           self.brightness_range[1])
        return {'theta': theta, 'tx': tx, 'ty': ty, 'shear': shear,
                'zx': zx, 'zy': zy, 'flip_horizontal': flip_horizontal,
                'flip_vertical': flip_vertical,
                'channel_shift_intensity': channel_shift_intensity,
                'brightness': brightness}

    def apply_transform(self, x, transform_parameters):
        """Applies a transformation to one image (3D array).

        Args:
            x: The image.
            transform_parameters: Dict with any of "theta", "tx", "ty",
                "shear", "zx", "zy", "flip_horizontal", "flip_vertical",
                "channel_shift_intensity", "brightness".

        Returns:
            The transformed image.
        """
        params = transform_parameters
        img_row_axis = self.row_axis - 1
        img_col_axis = self.col_axis - 1
        img_channel_axis = self.channel_axis - 1
        x = apply_affine_transform(
            x, params.get('theta', 0), params.get('tx', 0),
            params.get('ty', 0), params.get('shear', 0),
            params.get('zx', 1), params.get('zy', 1),
            row_axis=img_row_axis, col_axis=img_col_axis,
            channel_axis=img_channel_axis, fill_mode=self.fill_mode,
            cval=self.cval, order=self.interpolation_order)
        if params.get('channel_shift_intensity') is not None:
            x = apply_channel_shift(x, params['channel_shift_intensity'],
                                    img_channel_axis)
        if params.get('flip_horizontal', False):
            x = flip_axis(x, img_col_axis)
        if params.get('flip_vertical', False):
            x = flip_axis(x, img_row_axis)
        if params.get('brightness') is not None:
            x = _brightness_shift(x, params['brightness'], self.data_format)
        return x

    def random_transform(self, x, seed=None):
        """Applies a random transformation to one image (3D array)."""
        params = self.get_random_transform(x.shape, seed)
        return self.apply_transform(x, params)
