"""Downloading and caching files, and feeding data from `Sequence` objects or
generators through background workers (`OrderedEnqueuer`,
`GeneratorEnqueuer`)."""
import hashlib
import itertools
import multiprocessing
import os
import queue
import random
import tarfile
import threading
import warnings
import zipfile
from multiprocessing.pool import ThreadPool
from urllib.error import HTTPError
from urllib.error import URLError
from urllib.request import urlopen

import numpy as np

from keras.utils.generic_utils import Progbar


def urlretrieve(url, filename, reporthook=None, data=None):
    """Downloads `url` into the file `filename`.

    # Arguments
        url: the URL to fetch.
        filename: local path to write.
        reporthook: called as `reporthook(block_count, block_size,
            total_size)` after every block; `total_size` is -1 when the
            server does not announce it.
        data: optional POST data, passed to `urlopen`.
    """
    block_size = 8192
    with urlopen(url, data) as response, open(filename, 'wb') as target:
        length = response.headers.get('Content-Length')
        total_size = int(length.strip()) if length else -1
        block_count = 0
        while True:
            block = response.read(block_size)
            block_count += 1
            if reporthook is not None:
                reporthook(block_count, block_size, total_size)
            if not block:
                break
            target.write(block)


def _cache_base_dir(cache_dir):
    """`cache_dir`, else `$KERAS_HOME`, else `~/.keras`; `/tmp/.keras` when
    the chosen directory cannot be written."""
    if cache_dir is None:
        cache_dir = (os.environ.get('KERAS_HOME') or
                     os.path.join(os.path.expanduser('~'), '.keras'))
    cache_dir = os.path.expanduser(cache_dir)
    try:
        os.makedirs(cache_dir, exist_ok=True)
    except OSError:
        pass
    if not os.access(cache_dir, os.W_OK):
        cache_dir = os.path.join('/tmp', '.keras')
    return cache_dir


def _resolve_hash_algorithm(file_hash, algorithm):
    if algorithm == 'sha256' or (algorithm == 'auto' and len(file_hash) == 64):
        return 'sha256'
    return 'md5'


def _hash_file(fpath, algorithm='sha256', chunk_size=65535):
    """Returns the hex digest of a file ('sha256', 'md5'; 'auto' = sha256)."""
    hasher = hashlib.md5() if algorithm == 'md5' else hashlib.sha256()
    with open(fpath, 'rb') as stream:
        for chunk in iter(lambda: stream.read(chunk_size), b''):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath, file_hash, algorithm='auto', chunk_size=65535):
    """Checks a file against a sha256 or md5 hash.

    # Arguments
        fpath: path of the file.
        file_hash: expected hex digest.
        algorithm: 'sha256', 'md5' or 'auto' (sha256 for 64-character
            hashes, md5 otherwise).
        chunk_size: bytes read at a time.

    # Returns
        True if the file matches the hash.
    """
    algorithm = _resolve_hash_algorithm(str(file_hash), algorithm)
    return _hash_file(fpath, algorithm, chunk_size) == str(file_hash)


def _extract_archive(file_path, path='.', archive_format='auto'):
    """Extracts a tar or zip archive into `path`.

    # Arguments
        archive_format: 'auto' (try tar then zip), 'tar', 'zip', a list of
            these, or None (extract nothing).

    # Returns
        True if the file was an archive of an accepted format and was
        extracted, False otherwise.
    """
    if archive_format is None:
        return False
    if archive_format == 'auto':
        archive_format = ['tar', 'zip']
    if isinstance(archive_format, str):
        archive_format = [archive_format]
    for archive_type in archive_format:
        if archive_type == 'tar' and tarfile.is_tarfile(file_path):
            with tarfile.open(file_path) as archive:
                # The 'data' filter refuses members escaping `path` (absolute
                # names, '..', device files) on Pythons that provide it.
                if hasattr(tarfile, 'data_filter'):
                    archive.extractall(path, filter='data')
                else:
                    archive.extractall(path)
            return True
        if archive_type == 'zip' and zipfile.is_zipfile(file_path):
            with zipfile.ZipFile(file_path) as archive:
                archive.extractall(path)
            return True
    return False


def get_file(fname, origin, untar=False, md5_hash=None, file_hash=None,
             cache_subdir='datasets', hash_algorithm='auto', extract=False,
             archive_format='auto', cache_dir=None):
    """Downloads a file from a URL unless it is already in the cache.

    The file goes to `<cache_dir>/<cache_subdir>/<fname>`; `cache_dir`
    defaults to `$KERAS_HOME` or `~/.keras` (`/tmp/.keras` if that is not
    writable). A cached file whose hash does not match `file_hash` is
    downloaded again.

    # Arguments
        fname: name of the file (an absolute path is used as is).
        origin: the URL to download from.
        untar: deprecated, use `extract`. Downloads `<fname>.tar.gz`,
            extracts it and returns the path `<fname>`.
        md5_hash: deprecated, use `file_hash` (md5).
        file_hash: expected sha256 or md5 hex digest of the file.
        cache_subdir: sub-directory of the cache (or an absolute path).
        hash_algorithm: 'md5', 'sha256' or 'auto'.
        extract: if True, extract the file as an archive next to it.
        archive_format: 'auto', 'tar', 'zip' or None.
        cache_dir: base cache directory.

    # Returns
        Path to the downloaded file.

    # Raises
        Exception: when the download fails; the message names the URL, the
            file and the path where it can be placed by hand.
        ValueError: when the downloaded file does not match `file_hash`.
    """
    if md5_hash is not None and file_hash is None:
        file_hash = md5_hash
        hash_algorithm = 'md5'
    datadir = os.path.join(_cache_base_dir(cache_dir), cache_subdir)
    os.makedirs(datadir, exist_ok=True)

    if untar:
        untar_fpath = os.path.join(datadir, fname)
        fpath = untar_fpath + '.tar.gz'
    else:
        fpath = os.path.join(datadir, fname)

    download = not os.path.exists(fpath)
    if not download and file_hash is not None:
        algorithm = _resolve_hash_algorithm(str(file_hash), hash_algorithm)
        if not validate_file(fpath, file_hash, algorithm=algorithm):
            print('A local file was found, but it seems to be incomplete or '
                  'outdated because the ' + algorithm + ' file hash does '
                  'not match the original value of ' + str(file_hash) +
                  ' so we will re-download the data.')
            download = True

    if download:
        _download(origin, fpath, file_hash, hash_algorithm)

    if untar:
        if not os.path.exists(untar_fpath):
            _extract_archive(fpath, datadir, archive_format='tar')
        return untar_fpath
    if extract:
        _extract_archive(fpath, datadir, archive_format)
    return fpath


def _download(origin, fpath, file_hash, hash_algorithm):
    """Downloads into a temporary name next to `fpath`, checks the hash and
    only then renames, so an interrupted download never looks cached."""
    print('Downloading data from', origin)
    partial_path = fpath + '.part'
    progress = {'bar': None}

    def report(block_count, block_size, total_size):
        if progress['bar'] is None:
            progress['bar'] = Progbar(total_size if total_size != -1 else None)
        else:
            progress['bar'].update(block_count * block_size)

    try:
        try:
            urlretrieve(origin, partial_path, report)
        except HTTPError as e:
            raise Exception(_fetch_failure_message(origin, fpath, e.code,
                                                   e.msg))
        except URLError as e:
            raise Exception(_fetch_failure_message(origin, fpath, e.errno,
                                                   e.reason))
        except OSError as e:
            # Socket errors and timeouts that urllib does not wrap.
            raise Exception(_fetch_failure_message(origin, fpath, e.errno,
                                                   e))
    except BaseException:
        if os.path.exists(partial_path):
            os.remove(partial_path)
        raise
    if file_hash is not None:
        algorithm = _resolve_hash_algorithm(str(file_hash), hash_algorithm)
        if not validate_file(partial_path, file_hash, algorithm=algorithm):
            os.remove(partial_path)
            raise ValueError('The file downloaded from ' + origin + ' is '
                             'incomplete or corrupted: its ' + algorithm +
                             ' hash does not match the expected value ' +
                             str(file_hash) + '.')
    os.replace(partial_path, fpath)


def _fetch_failure_message(origin, fpath, code, reason):
    return ('URL fetch failure on {} : {} -- {}\n'
            'Could not download the file "{}". Without network access, get '
            'it elsewhere and place it by hand at {} ; it will be used from '
            'there (it must match the expected hash, if one is given).'
            .format(origin, code, reason, os.path.basename(fpath), fpath))


class Sequence(object):
    """Base class for fitting to a sequence of data, such as a dataset.

    Subclasses implement `__getitem__` (returns one complete batch) and
    `__len__` (the number of batches), and may implement `on_epoch_end`.
    Unlike a generator, a `Sequence` is indexed, so with several workers
    every batch is still used exactly once per epoch.

    # Example

    ```python
    class CIFAR10Sequence(Sequence):
        def __init__(self, x_set, y_set, batch_size):
            self.x, self.y = x_set, y_set
            self.batch_size = batch_size

        def __len__(self):
            return int(np.ceil(len(self.x) / float(self.batch_size)))

        def __getitem__(self, idx):
            batch = slice(idx * self.batch_size, (idx + 1) * self.batch_size)
            return np.array(self.x[batch]), np.array(self.y[batch])
    ```
    """

    use_sequence_api = True

    def __getitem__(self, index):
        """Returns batch number `index`."""
        raise NotImplementedError

    def __len__(self):
        """Returns the number of batches in the sequence."""
        raise NotImplementedError

    def on_epoch_end(self):
        """Called at the end of every epoch (e.g. to reshuffle)."""
        pass

    def __iter__(self):
        """Yields every batch once, in order."""
        for index in range(len(self)):
            yield self[index]


# Sequences and generators being served, by enqueuer uid. Pool workers read
# from this dict: worker threads share it, worker processes get a copy at
# start-up (init_pool / init_pool_generator).
_SHARED_SEQUENCES = {}
_UID_COUNTER = itertools.count()
_UID_LOCK = threading.Lock()
# Generators are not thread-safe; worker threads take turns on each one.
_GENERATOR_LOCKS = {}


def _new_uid():
    with _UID_LOCK:
        return next(_UID_COUNTER)


def init_pool(seqs):
    """Pool initializer: installs the shared sequences in a worker process."""
    global _SHARED_SEQUENCES
    _SHARED_SEQUENCES = seqs


def get_index(uid, i):
    """Returns item `i` of the sequence served by enqueuer `uid`."""
    return _SHARED_SEQUENCES[uid][i]


def init_pool_generator(gens, random_seed=None):
    """Pool initializer for generators; seeds each worker differently."""
    global _SHARED_SEQUENCES
    _SHARED_SEQUENCES = gens
    if random_seed is not None:
        seed = (random_seed + multiprocessing.current_process().ident) % 2**32
        np.random.seed(seed)
        random.seed(seed)


def next_sample(uid):
    """Returns the next item of the generator served by enqueuer `uid`."""
    lock = _GENERATOR_LOCKS.setdefault(uid, threading.Lock())
    with lock:
        return next(_SHARED_SEQUENCES[uid])


def _process_context():
    # Generators cannot be pickled, so worker processes must inherit them by
    # forking; use 'fork' wherever the platform has it.
    if 'fork' in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context('fork')
    return multiprocessing.get_context()


class SequenceEnqueuer(object):
    """Base class of the enqueuers: runs workers that fill a queue with
    batches, consumed through `get()`.

    # Usage

    ```python
    enqueuer = OrderedEnqueuer(sequence)
    enqueuer.start(workers=4, max_queue_size=10)
    batches = enqueuer.get()
    for _ in range(steps):
        x, y = next(batches)
    enqueuer.stop()
    ```
    """

    def __init__(self, sequence, use_multiprocessing=False):
        self.sequence = sequence
        self.use_multiprocessing = use_multiprocessing
        self.uid = _new_uid()
        self.workers = 0
        self.executor_fn = None
        self.queue = None
        self.run_thread = None
        self.stop_signal = None

    def is_running(self):
        return self.stop_signal is not None and not self.stop_signal.is_set()

    def start(self, workers=1, max_queue_size=10):
        """Starts the workers.

        # Arguments
            workers: number of worker threads or processes.
            max_queue_size: most batches waiting in the queue.
        """
        workers = max(1, int(workers))
        if self.use_multiprocessing:
            self.executor_fn = self._get_executor_init(workers)
        else:
            self.executor_fn = lambda _: ThreadPool(workers)
        self.workers = workers
        self.queue = queue.Queue(max_queue_size)
        self.stop_signal = threading.Event()
        self.run_thread = threading.Thread(target=self._run, daemon=True)
        self.run_thread.start()

    def _send_sequence(self):
        _SHARED_SEQUENCES[self.uid] = self.sequence

    def stop(self, timeout=None):
        """Stops the workers and waits up to `timeout` seconds for them."""
        if self.stop_signal is None:
            return
        self.stop_signal.set()
        # Unblock a producer waiting on a full queue.
        with self.queue.mutex:
            self.queue.queue.clear()
            self.queue.unfinished_tasks = 0
            self.queue.not_full.notify_all()
            self.queue.all_tasks_done.notify_all()
        if self.run_thread is not None:
            self.run_thread.join(timeout)
        _SHARED_SEQUENCES.pop(self.uid, None)
        _GENERATOR_LOCKS.pop(self.uid, None)

    def _get_executor_init(self, workers):
        """Returns a function `f(shared_sequences) -> process pool`."""
        raise NotImplementedError

    def _run(self):
        raise NotImplementedError

    def _next_future(self):
        """Waits for the next queued result, checking for `stop()`."""
        while self.is_running():
            try:
                return self.queue.get(block=True, timeout=0.1)
            except queue.Empty:
                continue
        return None

    def get(self):
        """Yields batches; runs until `stop()` (or forever)."""
        raise NotImplementedError


class OrderedEnqueuer(SequenceEnqueuer):
    """Serves a `Sequence` through workers, batches in order (optionally
    shuffled per epoch), calling `sequence.on_epoch_end()` between epochs.

    # Arguments
        sequence: a `keras.utils.Sequence`.
        use_multiprocessing: use worker processes rather than threads.
        shuffle: shuffle the batch order at every epoch.
    """

    def __init__(self, sequence, use_multiprocessing=False, shuffle=False):
        super(OrderedEnqueuer, self).__init__(sequence, use_multiprocessing)
        self.shuffle = shuffle

    def _get_executor_init(self, workers):
        def pool_fn(seqs):
            return _process_context().Pool(workers, initializer=init_pool,
                                           initargs=(seqs,))
        return pool_fn

    def _wait_for_epoch_batches(self):
        with self.queue.all_tasks_done:
            while self.queue.unfinished_tasks and self.is_running():
                self.queue.all_tasks_done.wait(0.1)

    def _run(self):
        indices = list(range(len(self.sequence)))
        if not indices:
            # Nothing to serve: idle until stopped instead of spinning
            # through empty epochs.
            self.stop_signal.wait()
            return
        self._send_sequence()
        while True:
            if self.shuffle:
                random.shuffle(indices)
            # A fresh pool per epoch, so that worker processes see the
            # sequence as `on_epoch_end` left it.
            executor = self.executor_fn(_SHARED_SEQUENCES)
            try:
                for i in indices:
                    if self.stop_signal.is_set():
                        return
                    self.queue.put(executor.apply_async(get_index,
                                                        (self.uid, i)),
                                   block=True)
                self._wait_for_epoch_batches()
                if self.stop_signal.is_set():
                    return
            finally:
                if self.stop_signal.is_set():
                    executor.terminate()
                else:
                    executor.close()
                    executor.join()
            self.sequence.on_epoch_end()
            self._send_sequence()

    def get(self):
        try:
            while self.is_running():
                future = self._next_future()
                if future is None:
                    return
                inputs = future.get()
                self.queue.task_done()
                if inputs is not None:
                    yield inputs
        except Exception:
            self.stop()
            raise


class GeneratorEnqueuer(SequenceEnqueuer):
    """Serves a Python generator through workers.

    With threads, workers take turns on the generator (it is never run by
    two threads at once). With processes, every worker process runs its own
    copy of the generator, so data is duplicated unless the generator
    accounts for it: prefer a `Sequence` for multiprocessing.

    # Arguments
        sequence: a generator (or iterator).
        use_multiprocessing: use worker processes rather than threads.
        wait_time: ignored, kept for backward compatibility.
        random_seed: seed of each worker process's random generators.
    """

    def __init__(self, sequence, use_multiprocessing=False, wait_time=None,
                 random_seed=None):
        super(GeneratorEnqueuer, self).__init__(sequence, use_multiprocessing)
        self.random_seed = random_seed
        if wait_time is not None:
            warnings.warn('`wait_time` is not used anymore.',
                          DeprecationWarning)

    def _get_executor_init(self, workers):
        def pool_fn(seqs):
            return _process_context().Pool(
                workers, initializer=init_pool_generator,
                initargs=(seqs, self.random_seed))
        return pool_fn

    def _run(self):
        self._send_sequence()
        executor = self.executor_fn(_SHARED_SEQUENCES)
        try:
            while not self.stop_signal.is_set():
                self.queue.put(executor.apply_async(next_sample, (self.uid,)),
                               block=True)
        finally:
            executor.terminate()

    def get(self):
        try:
            while self.is_running():
                future = self._next_future()
                if future is None:
                    return
                inputs = future.get()
                self.queue.task_done()
                if inputs is not None:
                    yield inputs
        except StopIteration:
            # A finite generator ended: hand out the results that were
            # produced before the end, then finish.
            for inputs in self._drain_finished():
                yield inputs
        except Exception as e:
            self.stop()
            if 'generator already executing' in str(e):
                raise RuntimeError(
                    'Your generator is NOT thread-safe. Keras requires a '
                    'thread-safe generator when `use_multiprocessing=False, '
                    'workers > 1`.')
            raise

    def _drain_finished(self):
        pending = []
        while True:
            try:
                pending.append(self.queue.get_nowait())
            except queue.Empty:
                break
        results = []
        for future in pending:
            future.wait()
            if future.successful():
                inputs = future.get()
                if inputs is not None:
                    results.append(inputs)
        return results
