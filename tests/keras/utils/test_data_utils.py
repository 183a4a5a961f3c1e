"""get_file (no network: urlretrieve is replaced), hashing, archives, and
the Sequence / enqueuer machinery."""
import contextlib
import hashlib
import os
import tarfile
import threading
import zipfile
from urllib.error import HTTPError
from urllib.error import URLError

import numpy as np
import pytest

from keras.utils import data_utils
from keras.utils.data_utils import GeneratorEnqueuer
from keras.utils.data_utils import OrderedEnqueuer
from keras.utils.data_utils import Sequence
from keras.utils.data_utils import get_file
from keras.utils.data_utils import validate_file

ORIGIN = 'https://example.invalid/data/payload.bin'
PAYLOAD = b'keras test payload\n' * 100


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def md5(data):
    return hashlib.md5(data).hexdigest()


class FakeServer(object):
    """Stands in for urlretrieve: serves `payload`, counts calls."""

    def __init__(self, payload=PAYLOAD, error=None):
        self.payload = payload
        self.error = error
        self.calls = []

    def __call__(self, url, filename, reporthook=None, data=None):
        self.calls.append((url, filename))
        if self.error is not None:
            raise self.error
        with open(filename, 'wb') as f:
            f.write(self.payload)
        if reporthook is not None:
            reporthook(0, 8192, len(self.payload))
            reporthook(1, 8192, len(self.payload))


@pytest.fixture
def server(monkeypatch):
    fake = FakeServer()
    monkeypatch.setattr(data_utils, 'urlretrieve', fake)
    return fake


def test_download_then_cache_hit(tmp_path, server):
    path = get_file('payload.bin', ORIGIN, cache_dir=str(tmp_path),
                    file_hash=sha256(PAYLOAD))
    assert path == str(tmp_path / 'datasets' / 'payload.bin')
    with open(path, 'rb') as f:
        assert f.read() == PAYLOAD
    assert server.calls[0][0] == ORIGIN
    # Second call: the cached file matches, nothing is downloaded.
    assert get_file('payload.bin', ORIGIN, cache_dir=str(tmp_path),
                    file_hash=sha256(PAYLOAD)) == path
    assert get_file('payload.bin', ORIGIN, cache_dir=str(tmp_path)) == path
    assert len(server.calls) == 1
    # No partial download file is left behind.
    assert os.listdir(str(tmp_path / 'datasets')) == ['payload.bin']


def test_cache_dir_defaults_to_keras_home(tmp_path, monkeypatch, server):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path / 'home'))
    path = get_file('payload.bin', ORIGIN, cache_subdir='models')
    assert path == str(tmp_path / 'home' / 'models' / 'payload.bin')
    assert os.path.exists(path)


def test_unwritable_cache_dir_falls_back_to_tmp(monkeypatch, server):
    monkeypatch.setattr(data_utils.os, 'access', lambda path, mode: False)
    assert data_utils._cache_base_dir('/proc/no-such-dir') == '/tmp/.keras'


def test_hash_mismatch_triggers_download(tmp_path, server, capsys):
    target = tmp_path / 'datasets' / 'payload.bin'
    target.parent.mkdir()
    target.write_bytes(b'stale or truncated')
    for file_hash, kwargs in [(sha256(PAYLOAD), {}),
                              (md5(PAYLOAD), {'hash_algorithm': 'md5'})]:
        target.write_bytes(b'stale or truncated')
        get_file('payload.bin', ORIGIN, cache_dir=str(tmp_path),
                 file_hash=file_hash, **kwargs)
        assert target.read_bytes() == PAYLOAD
    assert len(server.calls) == 2
    assert 'hash does not match the original value' in capsys.readouterr().out


def test_md5_hash_argument(tmp_path, server):
    target = tmp_path / 'datasets' / 'payload.bin'
    target.parent.mkdir()
    target.write_bytes(PAYLOAD)
    get_file('payload.bin', ORIGIN, cache_dir=str(tmp_path),
             md5_hash=md5(PAYLOAD))
    assert server.calls == []


def test_corrupted_download_is_rejected(tmp_path, server):
    with pytest.raises(ValueError, match='incomplete or corrupted'):
        get_file('payload.bin', ORIGIN, cache_dir=str(tmp_path),
                 file_hash=sha256(b'something else'))
    assert not os.listdir(str(tmp_path / 'datasets'))


@pytest.mark.parametrize('error', [
    URLError('[Errno -3] Temporary failure in name resolution'),
    HTTPError(ORIGIN, 404, 'Not Found', None, None),
    ConnectionRefusedError(111, 'Connection refused'),
])
def test_offline_failure_explains_manual_placement(tmp_path, monkeypatch,
                                                   error):
    monkeypatch.setattr(data_utils, 'urlretrieve', FakeServer(error=error))
    expected_path = str(tmp_path / 'datasets' / 'payload.bin')
    with pytest.raises(Exception) as info:
        get_file('payload.bin', ORIGIN, cache_dir=str(tmp_path))
    message = str(info.value)
    assert 'URL fetch failure on ' + ORIGIN in message
    assert '"payload.bin"' in message
    assert expected_path in message
    assert not os.path.exists(expected_path)
    # Placing the file there by hand is enough: no download is attempted.
    with open(expected_path, 'wb') as f:
        f.write(PAYLOAD)
    assert get_file('payload.bin', ORIGIN, cache_dir=str(tmp_path),
                    file_hash=sha256(PAYLOAD)) == expected_path


def test_validate_file_and_hash_file(tmp_path):
    path = tmp_path / 'f.bin'
    path.write_bytes(PAYLOAD)
    assert validate_file(str(path), sha256(PAYLOAD))
    assert validate_file(str(path), md5(PAYLOAD))       # auto: 32 chars = md5
    assert validate_file(str(path), md5(PAYLOAD), algorithm='md5')
    assert not validate_file(str(path), sha256(b'x'))
    assert not validate_file(str(path), md5(PAYLOAD), algorithm='sha256')
    assert data_utils._hash_file(str(path)) == sha256(PAYLOAD)
    assert data_utils._hash_file(str(path), 'md5', chunk_size=7) == \
        md5(PAYLOAD)


def make_tar(path, member_name, content):
    source = path.parent / ('src_' + member_name)
    source.write_bytes(content)
    with tarfile.open(str(path), 'w:gz') as archive:
        archive.add(str(source), arcname=member_name)


def make_zip(path, member_name, content):
    with zipfile.ZipFile(str(path), 'w') as archive:
        archive.writestr(member_name, content)


def serve_file(monkeypatch, path):
    monkeypatch.setattr(data_utils, 'urlretrieve',
                        FakeServer(payload=path.read_bytes()))


@pytest.mark.parametrize('maker,archive_format', [
    (make_tar, 'auto'), (make_tar, 'tar'), (make_zip, 'auto'),
    (make_zip, 'zip'), (make_zip, ['zip'])])
def test_extract(tmp_path, monkeypatch, maker, archive_format):
    archive = tmp_path / 'archive'
    maker(archive, 'inside.txt', b'hello')
    serve_file(monkeypatch, archive)
    cache = tmp_path / 'cache'
    path = get_file('archive', ORIGIN, cache_dir=str(cache), extract=True,
                    archive_format=archive_format)
    assert path == str(cache / 'datasets' / 'archive')
    assert (cache / 'datasets' / 'inside.txt').read_bytes() == b'hello'


def test_extract_wrong_format_or_none(tmp_path):
    archive = tmp_path / 'a.zip'
    make_zip(archive, 'inside.txt', b'hello')
    out = tmp_path / 'out'
    assert not data_utils._extract_archive(str(archive), str(out), 'tar')
    assert not data_utils._extract_archive(str(archive), str(out), None)
    assert data_utils._extract_archive(str(archive), str(out), 'zip')


def test_untar(tmp_path, monkeypatch):
    archive = tmp_path / 'archive.tar.gz'
    make_tar(archive, 'folder_member.txt', b'abc')
    serve_file(monkeypatch, archive)
    path = get_file('folder_member.txt', ORIGIN, cache_dir=str(tmp_path),
                    untar=True)
    assert path == str(tmp_path / 'datasets' / 'folder_member.txt')
    assert os.path.exists(path + '.tar.gz')
    with open(path, 'rb') as f:
        assert f.read() == b'abc'


def test_urlretrieve_reads_file_urls(tmp_path):
    source = tmp_path / 'source.bin'
    source.write_bytes(PAYLOAD)
    reports = []
    target = tmp_path / 'copy.bin'
    data_utils.urlretrieve(source.as_uri(), str(target),
                           lambda *args: reports.append(args))
    assert target.read_bytes() == PAYLOAD
    assert reports[0][1:] == (8192, len(PAYLOAD))


class RangeSequence(Sequence):
    def __init__(self, length=6):
        self.length = length
        self.epochs_ended = 0
        self.offset = 0

    def __len__(self):
        return self.length

    def __getitem__(self, index):
        return np.array([index + self.offset])

    def on_epoch_end(self):
        self.epochs_ended += 1
        self.offset += 100


def take(iterator, count):
    return [int(next(iterator)[0]) for _ in range(count)]


@contextlib.contextmanager
def serving(enqueuer, workers, max_queue_size):
    """The batches of the started enqueuer, which is stopped on exit."""
    enqueuer.start(workers=workers, max_queue_size=max_queue_size)
    try:
        yield enqueuer.get()
    finally:
        enqueuer.stop()


def test_sequence_iteration():
    sequence = RangeSequence(4)
    assert [int(batch[0]) for batch in sequence] == [0, 1, 2, 3]
    with pytest.raises(NotImplementedError):
        len(Sequence())


@pytest.mark.parametrize('use_multiprocessing', [False, True])
def test_ordered_enqueuer_keeps_order_across_epochs(use_multiprocessing):
    sequence = RangeSequence(5)
    enqueuer = OrderedEnqueuer(sequence,
                               use_multiprocessing=use_multiprocessing)
    with serving(enqueuer, workers=3, max_queue_size=4) as batches:
        assert take(batches, 5) == [0, 1, 2, 3, 4]
        # on_epoch_end ran between epochs, and workers see its effect.
        assert take(batches, 5) == [100, 101, 102, 103, 104]
    assert not enqueuer.is_running()
    assert sequence.epochs_ended >= 1


def test_ordered_enqueuer_shuffle_covers_every_batch():
    enqueuer = OrderedEnqueuer(RangeSequence(20), shuffle=True)
    with serving(enqueuer, workers=2, max_queue_size=5) as batches:
        first_epoch = take(batches, 20)
    assert sorted(first_epoch) == list(range(20))


class FailingSequence(RangeSequence):
    def __getitem__(self, index):
        if index == 2:
            raise IndexError('bad batch 2')
        return super(FailingSequence, self).__getitem__(index)


def test_ordered_enqueuer_propagates_worker_errors():
    enqueuer = OrderedEnqueuer(FailingSequence(5))
    enqueuer.start(workers=1, max_queue_size=2)
    batches = enqueuer.get()
    assert take(batches, 2) == [0, 1]
    with pytest.raises(IndexError, match='bad batch 2'):
        next(batches)
    assert not enqueuer.is_running()


def counting_generator(limit=None):
    i = 0
    while limit is None or i < limit:
        yield np.array([i])
        i += 1


def test_generator_enqueuer_threads_serve_every_item_once():
    enqueuer = GeneratorEnqueuer(counting_generator(), use_multiprocessing=False)
    with serving(enqueuer, workers=4, max_queue_size=10) as batches:
        values = take(batches, 50)
    # Workers take turns on the generator: no item lost or repeated.
    assert sorted(values) == list(range(50))


def test_generator_enqueuer_finite_generator_ends():
    enqueuer = GeneratorEnqueuer(counting_generator(7))
    with serving(enqueuer, workers=1, max_queue_size=3) as batches:
        values = [int(x[0]) for x in batches]
    assert values == list(range(7))


def test_generator_enqueuer_propagates_errors_and_deprecates_wait_time():
    def broken():
        yield np.array([0])
        raise KeyError('from the generator')

    with pytest.warns(DeprecationWarning, match='wait_time'):
        enqueuer = GeneratorEnqueuer(broken(), wait_time=0.1)
    enqueuer.start(workers=1, max_queue_size=1)
    batches = enqueuer.get()
    assert take(batches, 1) == [0]
    with pytest.raises(KeyError, match='from the generator'):
        next(batches)
    assert not enqueuer.is_running()


def test_generator_enqueuer_multiprocessing():
    enqueuer = GeneratorEnqueuer(counting_generator(), use_multiprocessing=True)
    with serving(enqueuer, workers=1, max_queue_size=3) as batches:
        values = take(batches, 5)
    assert values == [0, 1, 2, 3, 4]


def test_stop_does_not_hang_with_full_queue():
    enqueuer = OrderedEnqueuer(RangeSequence(100))
    enqueuer.start(workers=2, max_queue_size=2)
    next(enqueuer.get())
    stopper = threading.Thread(target=enqueuer.stop)
    stopper.start()
    stopper.join(10)
    assert not stopper.is_alive()


def test_empty_sequence_does_not_spin():
    sequence = RangeSequence(0)
    enqueuer = OrderedEnqueuer(sequence)
    enqueuer.start(workers=1, max_queue_size=2)
    enqueuer.stop(timeout=5)
    assert not enqueuer.run_thread.is_alive()
    assert sequence.epochs_ended == 0
