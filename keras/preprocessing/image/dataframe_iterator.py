"""`DataFrameIterator`: batches of images whose file names (and labels) are
columns of a pandas DataFrame."""
import collections
import os
import warnings

import numpy as np

from keras.preprocessing.image.iterators import BatchFromFilesMixin
from keras.preprocessing.image.iterators import Iterator
from keras.preprocessing.image.iterators import _default_data_format
from keras.preprocessing.image.iterators import _default_dtype

# Class modes whose labels are not class names.
_NON_CLASS_MODES = ('input', 'multi_output', 'raw', None)


def _validate_filename(filename, white_list_formats):
    extensions = tuple('.' + ext for ext in white_list_formats)
    return (filename.lower().endswith(extensions) and
            os.path.isfile(filename))


class DataFrameIterator(BatchFromFilesMixin, Iterator):
    """Iterator reading images listed in a pandas DataFrame.

    # Arguments
        dataframe: DataFrame with a column of image file names (relative to
            `directory`, or absolute paths when `directory` is None) and,
            depending on `class_mode`, label columns:
            - "categorical": `y_col` holds class names (strings), or lists
              or tuples of class names (multi-label); one-hot targets.
            - "binary" / "sparse": `y_col` holds class names (strings);
              0/1 or integer targets.
            - "raw": `y_col` (a column name or a list of them) holds the
              targets as they are.
            - "multi_output": `y_col` is a list of columns, one target
              array per column.
            - "input" or None: no labels (targets are the images, or none).
        directory: Directory the file names are relative to, or None.
        image_data_generator: `ImageDataGenerator` for the random transforms
            and the standardisation (or None).
        x_col: Column with the file names.
        y_col: Column(s) with the targets.
        weight_col: Optional column with numeric sample weights.
        target_size: Tuple `(height, width)` the images are resized to.
        color_mode: "rgb", "rgba" or "grayscale".
        classes: Optional list of classes to keep (rows with other labels
            are dropped); default: every label found, sorted.
        class_mode: One of "binary", "categorical", "input",
            "multi_output", "raw", "sparse" or None.
        batch_size: Integer, size of a batch.
        shuffle: Boolean, whether to shuffle the data between epochs.
        seed: Random seed for shuffling and transforms.
        data_format: "channels_first" or "channels_last".
        save_to_dir: None or directory where the transformed pictures are
            saved (for viewing).
        save_prefix: Prefix of the saved pictures' file names.
        save_format: "png" or "jpeg".
        subset: "training" or "validation", with the generator's
            `validation_split` (applied to the rows in order).
        interpolation: Resampling when resizing.
        dtype: Dtype of the generated arrays.
        validate_filenames: Whether to drop (with a warning) rows whose file
            is missing or not a white-listed image format.
    """

    allowed_class_modes = {'binary', 'categorical', 'input', 'multi_output',
                           'raw', 'sparse', None}

    def __init__(self, dataframe, directory=None, image_data_generator=None,
                 x_col='filename', y_col='class', weight_col=None,
                 target_size=(256, 256), color_mode='rgb', classes=None,
                 class_mode='categorical', batch_size=32, shuffle=True,
                 seed=None, data_format='channels_last', save_to_dir=None,
                 save_prefix='', save_format='png', subset=None,
                 interpolation='nearest', dtype='float32',
                 validate_filenames=True):
        self.set_processing_attrs(
            image_data_generator, target_size, color_mode,
            _default_data_format(data_format), save_to_dir, save_prefix,
            save_format, subset, interpolation)
        df = dataframe.copy()
        self.directory = directory or ''
        self.class_mode = class_mode
        self.dtype = _default_dtype(dtype)
        self._check_params(df, x_col, y_col, weight_col, classes)
        if validate_filenames:
            df = self._filter_valid_filepaths(df, x_col)
        if class_mode not in _NON_CLASS_MODES:
            df, classes = self._filter_classes(df, y_col, classes)
            num_classes = len(classes)
            self.class_indices = dict(zip(classes, range(len(classes))))
        if self.split:
            start = int(self.split[0] * len(df))
            stop = int(self.split[1] * len(df))
            df = df.iloc[start:stop, :]
        if class_mode not in _NON_CLASS_MODES:
            self.classes = self.get_classes(df, y_col)
        self.filenames = df[x_col].tolist()
        self._sample_weight = df[weight_col].values if weight_col else None
        if class_mode == 'multi_output':
            self._targets = [np.array(df[col].tolist()) for col in y_col]
        if class_mode == 'raw':
            self._targets = df[y_col].values
        self.samples = len(self.filenames)
        validated = 'validated' if validate_filenames else 'non-validated'
        if class_mode in _NON_CLASS_MODES:
            print('Found {} {} image filenames.'.format(self.samples,
                                                         validated))
        else:
            print('Found {} {} image filenames belonging to {} classes.'
                  .format(self.samples, validated, num_classes))
        self._filepaths = [os.path.join(self.directory, fname)
                           for fname in self.filenames]
        super(DataFrameIterator, self).__init__(self.samples, batch_size,
                                                shuffle, seed)

    def _check_params(self, df, x_col, y_col, weight_col, classes):
        if self.class_mode not in self.allowed_class_modes:
            raise ValueError('Invalid class_mode: {}; expected one of: {}'
                             .format(self.class_mode,
                                     self.allowed_class_modes))
        if self.class_mode == 'multi_output' and not isinstance(y_col, list):
            raise TypeError('If class_mode="{}", y_col must be a list. '
                            'Received {}.'.format(self.class_mode,
                                                  type(y_col).__name__))
        if not all(df[x_col].apply(lambda x: isinstance(x, str))):
            raise TypeError('All values in column x_col={} must be strings.'
                            .format(x_col))
        if self.class_mode in {'binary', 'sparse'}:
            if not all(df[y_col].apply(lambda x: isinstance(x, str))):
                raise TypeError('If class_mode="{}", y_col="{}" column '
                                'values must be strings.'
                                .format(self.class_mode, y_col))
        if self.class_mode == 'binary':
            if classes:
                if len(set(classes)) != 2:
                    raise ValueError('If class_mode="binary" there must be 2 '
                                     'classes. {} class/es were given.'
                                     .format(len(set(classes))))
            elif df[y_col].nunique() != 2:
                raise ValueError('If class_mode="binary" there must be 2 '
                                 'classes. Found {} classes.'
                                 .format(df[y_col].nunique()))
        if self.class_mode == 'categorical':
            types = (str, list, tuple)
            if not all(df[y_col].apply(lambda x: isinstance(x, types))):
                raise TypeError('If class_mode="{}", y_col="{}" column '
                                'values must be type string, list or tuple.'
                                .format(self.class_mode, y_col))
        if classes and self.class_mode in _NON_CLASS_MODES:
            warnings.warn('`classes` will be ignored given the class_mode="{}"'
                          .format(self.class_mode))
        if weight_col and not issubclass(df[weight_col].dtype.type,
                                         np.number):
            raise TypeError('Column weight_col={} must be numeric.'
                            .format(weight_col))

    def get_classes(self, df, y_col):
        """Class indices of every row (a list of them for multi-label
        rows)."""
        labels = []
        for label in df[y_col]:
            if isinstance(label, (list, tuple)):
                labels.append([self.class_indices[lbl] for lbl in label])
            else:
                labels.append(self.class_indices[label])
        return labels

    @staticmethod
    def _filter_classes(df, y_col, classes):
        df = df.copy()

        def keep_known(labels):
            if isinstance(labels, (list, tuple)):
                labels = [cls for cls in labels if cls in classes]
                return labels or None
            if isinstance(labels, str):
                return labels if labels in classes else None
            raise TypeError('Expect string, list or tuple but found {} in {} '
                            'column '.format(type(labels), y_col))

        if classes:
            classes = list(collections.OrderedDict.fromkeys(classes).keys())
            df[y_col] = df[y_col].apply(keep_known)
        else:
            classes = set()
            for value in df[y_col]:
                if isinstance(value, (list, tuple)):
                    classes.update(value)
                else:
                    classes.add(value)
        return df.dropna(subset=[y_col]), sorted(classes)

    def _filter_valid_filepaths(self, df, x_col):
        filepaths = df[x_col].map(
            lambda fname: os.path.join(self.directory, fname))
        mask = filepaths.apply(_validate_filename,
                               args=(self.white_list_formats,))
        n_invalid = int((~mask).sum())
        if n_invalid:
            warnings.warn('Found {} invalid image filename(s) in x_col="{}". '
                          'These filename(s) will be ignored.'
                          .format(n_invalid, x_col))
        return df[mask]

    @property
    def filepaths(self):
        return self._filepaths

    @property
    def labels(self):
        if self.class_mode in {'multi_output', 'raw'}:
            return self._targets
        return self.classes

    @property
    def sample_weight(self):
        return self._sample_weight
