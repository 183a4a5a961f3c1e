"""File helpers: HDF5-backed arrays, overwrite prompts and atomic writes."""
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
