"""File helpers: HDF5-backed arrays, a dict over HDF5 groups, overwrite
prompts and atomic writes."""
import contextlib
import io
import os
import uuid
from collections import defaultdict

import numpy as np

try:
    import h5py
except ImportError:  # h5py is optional: only HDF5 features need it.
    h5py = None


class HDF5Matrix(object):
    """Reads an HDF5 dataset like a numpy array, loading rows on demand.

    Useful to train on data larger than memory: pass it as `x` to `fit`
    (with `shuffle='batch'`, since HDF5 reads are fastest in order).

    # Arguments
        datapath: path of the HDF5 file.
        dataset: name of the dataset in the file.
        start: first row to use.
        end: row after the last one to use (None: the end of the dataset).
        normalizer: function applied to every slice that is read.

    # Returns
        An array-like object.
    """

    # Open files by path, shared by all matrices over the same file.
    refs = defaultdict(int)

    def __init__(self, datapath, dataset, start=0, end=None, normalizer=None):
        if h5py is None:
            raise ImportError('The use of HDF5Matrix requires HDF5 and h5py '
                              'installed.')
        if datapath not in self.refs:
            self.refs[datapath] = h5py.File(datapath, 'r')
        self.data = self.refs[datapath][dataset]
        self.start = start
        self.end = self.data.shape[0] if end is None else end
        self.normalizer = normalizer
        first = self.data[0:1]
        if normalizer is not None:
            first = normalizer(first)
        self._base_shape = first.shape[1:]
        self._base_dtype = first.dtype

    def __len__(self):
        return self.end - self.start

    def __getitem__(self, key):
        if isinstance(key, slice):
            start = 0 if key.start is None else key.start
            stop = self.shape[0] if key.stop is None else key.stop
            if stop + self.start > self.end:
                raise IndexError('Slice %s is out of range for HDF5Matrix of '
                                 'length %d' % (key, len(self)))
            values = self.data[slice(start + self.start, stop + self.start)]
        elif isinstance(key, (int, np.integer)):
            if key + self.start >= self.end:
                raise IndexError('Index %d is out of range for HDF5Matrix of '
                                 'length %d' % (key, len(self)))
            values = self.data[key + self.start]
        else:
            values = self._read_rows(np.asarray(key, dtype='int64'))
        if self.normalizer is not None:
            return self.normalizer(values)
        return values

    def _read_rows(self, indices):
        if indices.size and indices.max() + self.start >= self.end:
            raise IndexError('Index %d is out of range for HDF5Matrix of '
                             'length %d' % (indices.max(), len(self)))
        # h5py only reads increasing, unique indices: read those, then put
        # the rows back in the requested order (shuffled batches).
        unique, inverse = np.unique(indices, return_inverse=True)
        rows = self.data[(unique + self.start).tolist()]
        return rows[inverse]

    @property
    def shape(self):
        """Shape of the matrix: (rows,) + shape of one row."""
        return (self.end - self.start,) + tuple(self._base_shape)

    @property
    def dtype(self):
        """Dtype of the rows as returned (after `normalizer`)."""
        return self._base_dtype

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def size(self):
        return int(np.prod(self.shape))


def ask_to_proceed_with_overwrite(filepath):
    """Asks on the terminal whether to overwrite an existing file.

    # Arguments
        filepath: the path to the file.

    # Returns
        True to proceed with the overwrite, False to cancel.
    """
    answer = input('[WARNING] %s already exists - overwrite? [y/n]'
                   % (filepath,))
    while answer not in ('y', 'n'):
        answer = input('Enter "y" (overwrite) or "n" (cancel).')
    if answer == 'n':
        return False
    print('[TIP] Next time specify overwrite=True!')
    return True


@contextlib.contextmanager
def atomic_write_path(filepath):
    """Context manager for writing a file so that it is replaced all at once.

    Yields a temporary path in the same directory (not yet created). When the
    block ends without an exception and the temporary file exists, it is
    moved onto `filepath` with `os.replace` (atomic on POSIX and Windows);
    on an exception it is deleted. An interrupted save therefore leaves the
    previous `filepath` intact.

    # Example

    ```python
    with atomic_write_path('model.h5') as tmp_path:
        with h5py.File(tmp_path, 'w') as f:
            ...
    ```
    """
    filepath = os.fspath(filepath)
    directory, name = os.path.split(os.path.abspath(filepath))
    # Same directory, so that os.replace never crosses file systems.
    temp_path = os.path.join(directory,
                             '.%s.%s.tmp' % (name, uuid.uuid4().hex[:12]))
    try:
        yield temp_path
    except BaseException:
        if os.path.exists(temp_path):
            os.remove(temp_path)
        raise
    if os.path.exists(temp_path):
        os.replace(temp_path, filepath)


def _is_h5py_object(value):
    return h5py is not None and isinstance(value, (h5py.File, h5py.Group))


def _is_stream(value):
    return hasattr(value, 'write') and callable(value.write)


def _sync_to_disk(path):
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def writable_hdf5(filepath, overwrite=True):
    """An HDF5 File/Group to write a save into.

    `filepath` may be a path (written atomically: a temporary file in the
    same folder, synced to disk, then renamed over the target), an open
    h5py File or Group (written in place), or a binary stream. Yields None
    when the file exists, `overwrite` is False and the user declines.
    """
    if _is_h5py_object(filepath):
        yield filepath
        return
    if _is_stream(filepath):
        buffer = io.BytesIO()
        with h5py.File(buffer, 'w') as f:
            yield f
        filepath.write(buffer.getvalue())
        return
    filepath = os.fspath(filepath)
    if not overwrite and os.path.isfile(filepath):
        if not ask_to_proceed_with_overwrite(filepath):
            yield None
            return
    with atomic_write_path(filepath) as temp_path:
        with h5py.File(temp_path, 'w') as f:
            yield f
        _sync_to_disk(temp_path)


@contextlib.contextmanager
def open_hdf5_for_reading(filepath):
    """An HDF5 File/Group to read a save from: a path, an open h5py File
    or Group, or a binary stream.

    Raises:
        OSError: naming the path, when it does not exist or is not a
            readable HDF5 file (truncated, or another format).
    """
    if _is_h5py_object(filepath):
        yield filepath
        return
    if _is_stream(filepath) or hasattr(filepath, 'read'):
        with h5py.File(filepath, 'r') as f:
            yield f
        return
    filepath = os.fspath(filepath)
    if not os.path.exists(filepath):
        raise OSError('No file or directory found at %s' % (filepath,))
    if not h5py.is_hdf5(filepath):
        raise OSError('%s is not an HDF5 file: it is in another format, or '
                      'it was truncated (an interrupted copy or download). '
                      'Keras model and weight files are HDF5 files written '
                      'by `model.save` or `model.save_weights`.' % (filepath,))
    try:
        f = h5py.File(filepath, 'r')
    except OSError as error:
        raise OSError('Unable to read the HDF5 file %s (it may be truncated '
                      'or corrupt): %s' % (filepath, error))
    with f:
        yield f


def save_to_binary_h5py(save_function, stream):
    """Calls `save_function(h5file)` on an in-memory HDF5 file, then writes
    its bytes to `stream`."""
    buffer = io.BytesIO()
    with h5py.File(buffer, 'w') as f:
        save_function(f)
    stream.write(buffer.getvalue())


def load_from_binary_h5py(load_function, stream):
    """Calls `load_function(h5file)` on the HDF5 bytes read from `stream`
    and returns its result."""
    with h5py.File(io.BytesIO(stream.read()), 'r') as f:
        return load_function(f)


_H5DICT_MODES = ('a', 'r', 'w')


class H5Dict(object):
    """A dict-like view of an HDF5 file or group, or of a plain dict, so
    that one serialisation code writes to disk and to memory (pickling).

    How values are stored in an HDF5 group:

    - `str`, `bytes`, Python numbers: attributes.
    - numpy arrays and numpy scalars: datasets (read back as numpy arrays).
    - lists or tuples of strings: an array attribute of UTF-8 bytes, split
      into attributes `<key>0`, `<key>1`, ... when larger than an HDF5
      object header (64512 bytes), as Keras 2 wrote `layer_names`; read
      back as a list of `str`.
    - lists or tuples of numbers: an array attribute (read back as a
      numpy array).
    - dicts of such values: a subgroup (read back as an `H5Dict`).

    As in Keras 2.3.1, reading a key that does not exist creates and
    returns an empty subgroup (this is how saving code opens
    `f['model_weights']`), except in read-only mode, where it raises.

    # Arguments
        path: a file path (str or `pathlib.Path`), an h5py File or Group,
            or a dict.
        mode: `'a'` (read and write, create the file if needed), `'r'`
            (read only) or `'w'` (create or truncate; clears a dict).

    # Example

    ```python
    with H5Dict('model.h5', mode='w') as f:
        f['model_config'] = json_string
        f['model_weights']['layer_names'] = ['dense_1']
    ```
    """

    def __init__(self, path, mode='a'):
        if h5py is None:
            raise ImportError('`H5Dict` requires h5py.')
        if mode not in _H5DICT_MODES:
            raise ValueError('`mode` must be one of %s; received %r.'
                             % (_H5DICT_MODES, mode))
        if isinstance(path, h5py.Group):
            self.data = path
            self._is_file = False
        elif isinstance(path, (str, os.PathLike)):
            self.data = h5py.File(os.fspath(path), mode=mode)
            self._is_file = True
        elif isinstance(path, dict):
            self.data = path
            self._is_file = False
            if mode == 'w':
                self.data.clear()
        else:
            raise TypeError('Required Group, str, Path or dict. '
                            'Received: {}.'.format(type(path)))
        self.read_only = mode == 'r'

    @staticmethod
    def is_supported_type(path):
        """Whether `path` is something an `H5Dict` can be built on."""
        return (isinstance(path, (str, os.PathLike, dict)) or
                (h5py is not None and isinstance(path, h5py.Group)))

    def _child(self, data):
        return H5Dict(data, mode='r' if self.read_only else 'a')

    def __setitem__(self, key, value):
        if self.read_only:
            raise ValueError('Cannot set item in read-only mode.')
        key = _text_key(key)
        if isinstance(self.data, dict):
            self._set_in_dict(key, value)
        else:
            self._set_in_group(key, value)

    def _set_in_dict(self, key, value):
        _check_storable(key, value)
        if isinstance(value, dict):
            child = self._child({})
            child.update(value)
            self.data[key] = child.data
        elif isinstance(value, (np.ndarray, np.generic)):
            self.data[key] = np.array(value)
        elif isinstance(value, (list, tuple)):
            self.data[key] = list(value)
        else:
            self.data[key] = value

    def _set_in_group(self, key, value):
        _check_storable(key, value)
        if key in self.data:
            kind = ('Group' if isinstance(self.data[key], h5py.Group)
                    else 'Dataset')
            raise KeyError('Cannot set attribute. {} with name "{}" '
                           'exists.'.format(kind, key))
        self._delete_attribute(key)
        if isinstance(value, dict):
            child = self._child(self.data.create_group(key))
            child.update(value)
        elif _is_numpy_value(value):
            value = np.asarray(value)
            dataset = self.data.create_dataset(key, value.shape,
                                               dtype=value.dtype)
            if value.shape:
                dataset[:] = value
            else:
                dataset[()] = value
        elif isinstance(value, (list, tuple)) and all(
                isinstance(item, (str, bytes)) for item in value):
            _hdf5_format().save_attributes_to_hdf5_group(self.data, key,
                                                          value)
        elif isinstance(value, (list, tuple)):
            self.data.attrs[key] = np.asarray(value)
        elif isinstance(value, bytes):
            # Fixed-length bytes, as Keras 2 wrote them: h5py 3 returns
            # variable-length ones as str.
            self.data.attrs[key] = np.bytes_(value)
        else:
            self.data.attrs[key] = value

    def _delete_attribute(self, key):
        """Removes `key` and its chunks, so that a new value replaces an
        old one of another size."""
        if key in self.data.attrs:
            del self.data.attrs[key]
        index = 0
        while '%s%d' % (key, index) in self.data.attrs:
            del self.data.attrs['%s%d' % (key, index)]
            index += 1

    def __getitem__(self, key):
        key = _text_key(key)
        if isinstance(self.data, dict):
            if key in self.data:
                value = self.data[key]
                return self._child(value) if isinstance(value, dict) else value
        elif key in self.data.attrs:
            return _attribute_value(self.data.attrs[key])
        elif key in self.data:
            value = self.data[key]
            if isinstance(value, h5py.Dataset):
                return np.asarray(value[()])
            return self._child(value)
        elif '%s0' % key in self.data.attrs:
            return _hdf5_format().load_attributes_from_hdf5_group(
                self.data, key)
        if self.read_only:
            raise ValueError('Cannot create group in read-only mode.')
        if isinstance(self.data, dict):
            self.data[key] = {}
            return self._child(self.data[key])
        return self._child(self.data.create_group(key))

    def __contains__(self, key):
        key = _text_key(key)
        if isinstance(self.data, dict):
            return key in self.data
        return (key in self.data or key in self.data.attrs or
                '%s0' % key in self.data.attrs)

    def keys(self):
        """The stored keys: subgroups and datasets, then attributes (an
        attribute split into chunks counts once, under its own name)."""
        if isinstance(self.data, dict):
            return list(self.data)
        names = list(self.data)
        attributes = set(self.data.attrs)
        for name in self.data.attrs:
            base = name.rstrip('0123456789')
            if base != name and base + '0' in attributes and (
                    base not in attributes):
                if base not in names:
                    names.append(base)
            elif name not in names:
                names.append(name)
        return names

    def __iter__(self):
        return iter(self.keys())

    def iter(self):
        return self.__iter__()

    def __len__(self):
        return len(self.keys())

    def get(self, key, default=None):
        if key in self:
            return self[key]
        return default

    def update(self, *args, **kwargs):
        """Sets every item of `dict(*args, **kwargs)`."""
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def close(self):
        """Flushes an HDF5 group's file; closes it if this H5Dict opened it
        from a path."""
        if isinstance(self.data, h5py.Group):
            if self._is_file:
                if self.data.id.valid:
                    self.data.close()
            else:
                self.data.file.flush()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.close()

    def __repr__(self):
        if isinstance(self.data, dict):
            return '<H5Dict over a dict of %d items>' % len(self.data)
        return '<H5Dict over %r>' % (self.data,)


def _hdf5_format():
    # keras.engine imports this module: import its HDF5 helpers late.
    from keras.engine import hdf5_format
    return hdf5_format


def _text_key(key):
    if isinstance(key, bytes):
        return key.decode('utf-8')
    if not isinstance(key, str):
        raise TypeError('H5Dict keys are strings; received %r (%s).'
                        % (key, type(key).__name__))
    return key


def _is_numpy_value(value):
    return isinstance(value, (np.ndarray, np.generic)) and not isinstance(
        value, (np.bytes_, np.str_))


_SCALARS = (str, bytes, bool, int, float)


def _check_storable(key, value):
    if isinstance(value, _SCALARS + (dict, np.ndarray, np.generic)):
        return
    if isinstance(value, (list, tuple)):
        all_scalars = all(isinstance(item, _SCALARS + (np.generic,))
                          for item in value)
        text_or_numbers = set(isinstance(item, (str, bytes))
                              for item in value)
        if all_scalars and len(text_or_numbers) < 2:
            return
        received = 'a %s of %s' % (type(value).__name__, ', '.join(
            sorted(set(type(item).__name__ for item in value))))
    else:
        received = type(value).__name__
    raise TypeError('H5Dict stores str, bytes, numbers, numpy arrays, '
                    'lists or tuples of strings or of numbers, and dicts '
                    'of these; received %s for key "%s".' % (received, key))


def _attribute_value(value):
    """An attribute as H5Dict returns it: string arrays as lists of str
    (h5py gives bytes or str depending on how they were written)."""
    if isinstance(value, np.ndarray) and value.dtype.kind in 'SUO':
        return [_hdf5_format().as_text(item) for item in value]
    if isinstance(value, np.bytes_):
        return bytes(value)
    return value
