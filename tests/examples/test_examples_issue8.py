"""The issue-8 example scripts (reuters_mlp, imdb_cnn,
mnist_sklearn_wrapper), run as users run them in a fresh Python process,
on small data sets this file writes into a KERAS_HOME datasets cache in
the real files' formats."""
import numpy as np
import pytest

from _runner import TRAINING_BACKENDS
from _runner import cache_dir
from _runner import example
from _runner import failure_report
from _runner import file_hash
from _runner import marked_word_sequences
from _runner import printed_number
from _runner import run_example_on_cached_data
from _runner import run_python
from _runner import write_small_imdb
from _runner import write_small_mnist


def write_small_reuters(path, num_newswires=500, num_topics=5, seed=0):
    """A reuters.npz of the real file's layout (`x`: object array of lists
    of word ranks, `y`: int64 topics), easy to classify: half the words of
    a newswire of topic k come from ranks 100k+100 to 100k+199, the rest
    from ranks 1-99 for every topic; lengths 10-59. All ranks stay under
    1,000 - 3 (index_from), so none is cut by the example's
    num_words=1000. Returns the md5 hash, the kind of hash
    reuters.FILE_HASH is."""
    rng = np.random.RandomState(seed)
    topics = rng.randint(0, num_topics, num_newswires).astype('int64')
    newswires = marked_word_sequences(rng, topics, (10, 60), 100, 100)
    np.savez(path, x=newswires, y=topics)
    return file_hash(path, 'md5')


def write_easy_imdb(path):
    """A small imdb.npz whose sentiment few steps can learn: the marks of
    a negative review are the ten ranks 50-59, of a positive one 60-69,
    the common words ranks 1-49. (Few distinct sentiment words, so that
    each embedding row is updated often within the two epochs.)"""
    return write_small_imdb(path, first_marked=50, marked_width=10)


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_reuters_mlp_trains_two_epochs_on_a_cached_small_reuters(tmp_path):
    file_hash = write_small_reuters(str(cache_dir(tmp_path) / 'reuters.npz'))
    proc = run_example_on_cached_data('reuters_mlp.py',
                                      'keras.datasets.reuters', file_hash,
                                      tmp_path, '--epochs', '2')
    assert proc.returncode == 0, failure_report(proc)
    assert 'Downloading' not in proc.stdout
    # test_split=0.2 of 500 newswires.
    assert '400 train sequences' in proc.stdout
    assert '100 test sequences' in proc.stdout
    assert '5 classes' in proc.stdout
    # A binary bag of the 1,000 most frequent words per newswire.
    assert 'x_train shape: (400, 1000)' in proc.stdout
    assert 'x_test shape: (100, 1000)' in proc.stdout
    assert 'y_train shape: (400, 5)' in proc.stdout
    # Dense 1000*512+512 = 512,512; dense 512*5+5 = 2,565.
    assert 'Total params: 515,077' in proc.stdout
    # validation_split=0.1 of the 400 training newswires.
    assert 'Train on 360 samples, validate on 40 samples' in proc.stdout
    assert 'Epoch 2/2' in proc.stdout
    score = printed_number('Test score:', proc.stdout)
    # Chance level: accuracy 0.2, loss ln 5 = 1.61.
    assert np.isfinite(score) and score < 0.8
    assert printed_number('Test accuracy:', proc.stdout) >= 0.9


def test_reuters_mlp_default_is_the_classic_five_epochs():
    proc = run_python([example('reuters_mlp.py'), '--help'])
    assert proc.returncode == 0, failure_report(proc)
    assert 'default: 5)' in proc.stdout


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_imdb_cnn_trains_two_epochs_on_a_cached_small_imdb(tmp_path):
    file_hash = write_easy_imdb(str(cache_dir(tmp_path) / 'imdb.npz'))
    proc = run_example_on_cached_data('imdb_cnn.py', 'keras.datasets.imdb',
                                      file_hash, tmp_path, '--epochs', '2',
                                      '--maxlen', '100')
    assert proc.returncode == 0, failure_report(proc)
    assert 'Downloading' not in proc.stdout
    assert '512 train sequences' in proc.stdout
    assert '128 test sequences' in proc.stdout
    assert 'x_train shape: (512, 100)' in proc.stdout
    assert 'x_test shape: (128, 100)' in proc.stdout
    # Conv1D 'valid' of width 3 over 100 steps.
    assert '(None, 98, 250)' in proc.stdout
    # Embedding 5000*50 = 250,000; conv 3*50*250+250 = 37,750; dense
    # 250*250+250 = 62,750; dense 250+1 = 251.
    assert 'Total params: 350,751' in proc.stdout
    assert 'Epoch 2/2' in proc.stdout
    score = printed_number('Test score:', proc.stdout)
    # Chance level: accuracy 0.5, loss ln 2 = 0.693.
    assert np.isfinite(score) and score < 0.4
    assert printed_number('Test accuracy:', proc.stdout) >= 0.9


def test_imdb_cnn_defaults_are_the_classic_ones():
    proc = run_python([example('imdb_cnn.py'), '--help'])
    assert proc.returncode == 0, failure_report(proc)
    assert 'default: 2)' in proc.stdout
    assert 'default: 400)' in proc.stdout


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_mnist_sklearn_wrapper_grid_search_on_a_cached_small_mnist(tmp_path):
    file_hash = write_small_mnist(str(cache_dir(tmp_path) / 'mnist.npz'),
                                  num_train=512, num_test=128)
    proc = run_example_on_cached_data(
        'mnist_sklearn_wrapper.py', 'keras.datasets.mnist', file_hash,
        tmp_path, '--dense-layer-sizes', '16', '32,32', '--epochs', '2',
        '--cv', '2')
    assert proc.returncode == 0, failure_report(proc)
    assert 'Downloading' not in proc.stdout
    # 2 candidates x 2 folds, then the refit of the best on all 512.
    assert proc.stdout.count('Epoch 2/2') == 5, proc.stdout[-3000:]
    best = proc.stdout.split('The parameters of the best model are: \n')
    assert len(best) == 2, failure_report(proc)
    best_params = best[1].splitlines()[0]
    assert best_params in (
        "{'dense_layer_sizes': %s, 'epochs': 2, 'filters': 8, "
        "'kernel_size': 3, 'pool_size': 2}" % sizes
        for sizes in ('[16]', '[32, 32]')), best_params
    loss = printed_number('loss :', proc.stdout)
    # Chance level: accuracy 0.1, loss ln 10 = 2.30.
    assert np.isfinite(loss) and loss < 1.0
    assert printed_number('accuracy :', proc.stdout) >= 0.8


def test_mnist_sklearn_wrapper_defaults_are_the_classic_grid():
    proc = run_python([example('mnist_sklearn_wrapper.py'),
                       '--help'])
    assert proc.returncode == 0, failure_report(proc)
    assert 'default: 32 64 32,32 64,64)' in proc.stdout
    assert 'default: 3 6)' in proc.stdout
    proc = run_python([example('mnist_sklearn_wrapper.py'),
                       '--dense-layer-sizes', '32,x'])
    assert proc.returncode == 2, failure_report(proc)
    assert "received: '32,x'" in proc.stderr
