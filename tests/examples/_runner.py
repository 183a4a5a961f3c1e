"""What the example tests share: running a script as users run it, in a
fresh Python process on the session's backend (KERAS_BACKEND, set by
conftest.py), with a KERAS_HOME whose datasets cache holds small data in
the real files' formats; and reading what the script printed."""
import hashlib
import os
import re
import subprocess
import sys

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
EXAMPLES = os.path.join(REPO, 'examples')
TRAINING_BACKENDS = ('jax', 'tensorflow', 'torch', 'theano')
# A hung script must fail the run, not stall CI.
SCRIPT_TIMEOUT_S = 300


def example(script):
    return os.path.join(EXAMPLES, script)


def run_python(args, keras_home=None, cwd=None):
    """Runs `python *args` in the repository root, or in `cwd` (where a
    script saves its results) with the source tree first on PYTHONPATH so
    that keras still imports from it; the datasets cache is under
    `keras_home`."""
    env = dict(os.environ)
    if cwd is not None:
        env['PYTHONPATH'] = os.pathsep.join(
            [REPO] + [p for p in [env.get('PYTHONPATH')] if p])
    if keras_home is not None:
        env['KERAS_HOME'] = str(keras_home)
    env.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
    return subprocess.run([sys.executable] + list(args),
                          cwd=REPO if cwd is None else str(cwd), env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=SCRIPT_TIMEOUT_S)


# The example runs unchanged through its dataset module's load_data and
# get_file's hash check; only the expected hash is that of the small file.
# argv is the module (which must name its hash FILE_HASH), the hash, the
# script and its arguments.
RUN_DATASET_WITH_HASH = '''
import importlib
import runpy
import sys
module = importlib.import_module(sys.argv[1])
assert hasattr(module, 'FILE_HASH'), (
    sys.argv[1] + ' no longer names its hash FILE_HASH: update '
    'tests/examples/_runner.py')
module.FILE_HASH = sys.argv[2]
script = sys.argv[3]
sys.argv = [script] + sys.argv[4:]
runpy.run_path(script, run_name='__main__')
'''


def run_example_on_cached_data(script, dataset_module, file_hash, keras_home,
                               *args, cwd=None):
    """Runs the example `script` with `args`, its dataset read from the
    cache under `keras_home` and checked against `file_hash`."""
    return run_python(['-c', RUN_DATASET_WITH_HASH, dataset_module,
                       file_hash, example(script)] + list(args),
                      keras_home=keras_home, cwd=cwd)


def cache_dir(keras_home):
    """Makes and returns the datasets cache of `keras_home`."""
    datasets = keras_home / 'datasets'
    datasets.mkdir(parents=True)
    return datasets


def file_hash(path, algorithm):
    with open(path, 'rb') as f:
        return hashlib.new(algorithm, f.read()).hexdigest()


def printed_number(label, stdout):
    match = re.search(r'^%s\s*([-+0-9.eE]+|nan|inf)\s*$' % re.escape(label),
                      stdout, re.MULTILINE)
    assert match, 'no %r line in the output:\n%s' % (label, stdout[-2000:])
    return float(match.group(1))


def failure_report(proc):
    return 'exit code %d\n--- stdout ---\n%s\n--- stderr ---\n%s' % (
        proc.returncode, proc.stdout[-3000:], proc.stderr[-3000:])


def epoch_end_losses(stdout):
    """(loss, val_loss) of each epoch, from the progress bar's last line
    of the epoch (the one with the validation metrics)."""
    pairs = re.findall(r' - loss: (\S+) .*- val_loss: (\S+)', stdout)
    assert pairs, 'no epoch summary line in the output:\n%s' % stdout[-2000:]
    return [(float(loss), float(val_loss)) for loss, val_loss in pairs]


def assert_fails_naming_the_training_backends(proc):
    assert proc.returncode != 0, failure_report(proc)
    last_line = proc.stderr.strip().splitlines()[-1]
    assert 'numpy' in last_line, failure_report(proc)
    for backend in TRAINING_BACKENDS:
        assert backend in last_line, failure_report(proc)
    for result in ('Test accuracy:', 'Predicted frames:', 'Iteration 1\n'
                   'Train on'):
        assert result not in proc.stdout


def write_small_mnist(path, num_train=1024, num_test=128, seed=0):
    """An mnist.npz of the real file's layout (uint8 28x28 images, uint8
    labels) whose classes are easy to tell apart: class k lights rows
    2k+4 and 2k+5 over noise, so one epoch is enough to learn them.
    Returns the sha256 hash, the kind of hash mnist.FILE_HASH is."""
    rng = np.random.RandomState(seed)

    def images_and_labels(n):
        labels = rng.randint(0, 10, n).astype('uint8')
        images = rng.randint(0, 20, (n, 28, 28)).astype('uint8')
        for k in range(10):
            images[labels == k, 2 * k + 4:2 * k + 6, 4:24] = 255
        return images, labels

    x_train, y_train = images_and_labels(num_train)
    x_test, y_test = images_and_labels(num_test)
    np.savez(path, x_train=x_train, y_train=y_train, x_test=x_test,
             y_test=y_test)
    return file_hash(path, 'sha256')


def marked_word_sequences(rng, labels, lengths, first_marked, marked_width):
    """Lists of word ranks (an object array, as imdb.npz and reuters.npz
    hold them) that tell their labels apart: each has a length drawn from
    `lengths` (low, high); about half its words are marks of its label k,
    ranks first_marked + k * marked_width to first_marked + (k + 1) *
    marked_width - 1; the rest are common words, ranks 1 to
    first_marked - 1."""
    sequences = np.empty(len(labels), dtype=object)
    for i, label in enumerate(labels):
        length = rng.randint(*lengths)
        words = rng.randint(1, first_marked, length)
        marked = rng.rand(length) < 0.5
        words[marked] = (rng.randint(first_marked, first_marked +
                                     marked_width, marked.sum()) +
                         marked_width * label)
        sequences[i] = [int(w) for w in words]
    return sequences


def write_small_imdb(path, num_train=512, num_test=128, seed=0,
                     first_marked=100, marked_width=100):
    """An imdb.npz of the real file's layout (object arrays of lists of
    word ranks, int64 0/1 labels), easy to classify: the words of
    `marked_word_sequences` with lengths 10-119 (so pad_sequences both
    pads and truncates). Returns the md5 hash, the kind of hash
    imdb.FILE_HASH is."""
    rng = np.random.RandomState(seed)

    def reviews_and_labels(n):
        labels = rng.randint(0, 2, n).astype('int64')
        return marked_word_sequences(rng, labels, (10, 120), first_marked,
                                     marked_width), labels

    x_train, y_train = reviews_and_labels(num_train)
    x_test, y_test = reviews_and_labels(num_test)
    np.savez(path, x_train=x_train, y_train=y_train, x_test=x_test,
             y_test=y_test)
    return file_hash(path, 'md5')
