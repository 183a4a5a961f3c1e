"""The example scripts, run as users run them: in a fresh Python process on
the session's backend (KERAS_BACKEND, set by conftest.py)."""
import os
import re

import numpy as np
import pytest

from _runner import TRAINING_BACKENDS
from _runner import assert_fails_naming_the_training_backends
from _runner import cache_dir
from _runner import epoch_end_losses
from _runner import example
from _runner import failure_report
from _runner import printed_number
from _runner import run_example_on_cached_data
from _runner import run_python
from _runner import write_small_imdb
from _runner import write_small_mnist


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_digits_mlp_reaches_95_percent_test_accuracy():
    proc = run_python([example('digits_mlp.py')])
    assert proc.returncode == 0, failure_report(proc)
    backend = os.environ['KERAS_BACKEND']
    assert 'Using %s backend.' % backend in proc.stderr
    # verbose=1: Keras's progress bar, with the validation split's metrics.
    assert 'Epoch 1/30' in proc.stdout
    assert 'val_accuracy' in proc.stdout
    assert printed_number('Test accuracy:', proc.stdout) >= 0.95


@pytest.mark.backends('numpy')
def test_digits_mlp_on_numpy_names_the_backends_that_train():
    proc = run_python([example('digits_mlp.py'), '--epochs', '1'])
    assert proc.returncode != 0, failure_report(proc)
    last_line = proc.stderr.strip().splitlines()[-1]
    assert 'numpy' in last_line, failure_report(proc)
    for backend in TRAINING_BACKENDS:
        assert backend in last_line, failure_report(proc)
    assert 'Test accuracy:' not in proc.stdout


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_mnist_mlp_trains_one_epoch_on_a_cached_small_mnist(tmp_path):
    file_hash = write_small_mnist(str(cache_dir(tmp_path) / 'mnist.npz'))
    proc = run_example_on_cached_data('mnist_mlp.py', 'keras.datasets.mnist',
                                      file_hash, tmp_path, '--epochs', '1')
    assert proc.returncode == 0, failure_report(proc)
    assert 'Downloading' not in proc.stdout
    assert '1024 train samples' in proc.stdout
    assert '128 test samples' in proc.stdout
    # model.summary() of the classic model: 784*512+512 + 512*512+512 +
    # 512*10+10 weights.
    assert 'Total params: 669,706' in proc.stdout
    assert 'Epoch 1/1' in proc.stdout
    assert 'val_accuracy' in proc.stdout
    loss = printed_number('Test loss:', proc.stdout)
    assert np.isfinite(loss) and loss < 0.5
    assert printed_number('Test accuracy:', proc.stdout) >= 0.9


def test_mnist_mlp_default_is_the_classic_twenty_epochs():
    # The --epochs flag exists for tests; the script itself must stay the
    # classic example.
    proc = run_python([example('mnist_mlp.py'), '--help'])
    assert proc.returncode == 0, failure_report(proc)
    assert 'default: 20' in proc.stdout


# -- mnist_cnn, imdb_lstm, addition_rnn, conv_lstm --

@pytest.mark.backends(*TRAINING_BACKENDS)
@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
def test_mnist_cnn_trains_one_epoch_on_a_cached_small_mnist(tmp_path,
                                                            data_format):
    # The image layout comes from keras.json in KERAS_HOME, as for users.
    (tmp_path / 'keras.json').write_text(
        '{"image_data_format": "%s"}' % data_format)
    file_hash = write_small_mnist(str(cache_dir(tmp_path) / 'mnist.npz'))
    proc = run_example_on_cached_data('mnist_cnn.py', 'keras.datasets.mnist',
                                      file_hash, tmp_path, '--epochs', '1')
    assert proc.returncode == 0, failure_report(proc)
    assert 'Downloading' not in proc.stdout
    if data_format == 'channels_first':
        assert 'x_train shape: (1024, 1, 28, 28)' in proc.stdout
        assert '(None, 64, 12, 12)' in proc.stdout
    else:
        assert 'x_train shape: (1024, 28, 28, 1)' in proc.stdout
        assert '(None, 12, 12, 64)' in proc.stdout
    assert '1024 train samples' in proc.stdout
    assert '128 test samples' in proc.stdout
    # Conv 3*3*1*32+32 = 320; conv 3*3*32*64+64 = 18,496; 26x26 -> 24x24
    # -> pooled 12*12*64 = 9,216 features; dense 9216*128+128 =
    # 1,179,776; dense 128*10+10 = 1,290.
    assert 'Total params: 1,199,882' in proc.stdout
    assert 'Epoch 1/1' in proc.stdout
    assert 'val_accuracy' in proc.stdout
    loss = printed_number('Test loss:', proc.stdout)
    assert np.isfinite(loss) and loss < 0.5
    assert printed_number('Test accuracy:', proc.stdout) >= 0.9


def test_mnist_cnn_default_is_the_classic_twelve_epochs():
    proc = run_python([example('mnist_cnn.py'), '--help'])
    assert proc.returncode == 0, failure_report(proc)
    assert 'default: 12' in proc.stdout


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_imdb_lstm_trains_two_epochs_on_a_cached_small_imdb(tmp_path):
    file_hash = write_small_imdb(str(cache_dir(tmp_path) / 'imdb.npz'))
    proc = run_example_on_cached_data('imdb_lstm.py', 'keras.datasets.imdb',
                                      file_hash, tmp_path, '--epochs', '2')
    assert proc.returncode == 0, failure_report(proc)
    assert 'Downloading' not in proc.stdout
    assert '512 train sequences' in proc.stdout
    assert '128 test sequences' in proc.stdout
    # pad_sequences to maxlen 80.
    assert 'x_train shape: (512, 80)' in proc.stdout
    assert 'x_test shape: (128, 80)' in proc.stdout
    # Embedding 20000*128 = 2,560,000; LSTM 4*(128*128 + 128*128 + 128) =
    # 131,584; dense 128+1 = 129.
    assert 'Total params: 2,691,713' in proc.stdout
    assert 'Epoch 2/2' in proc.stdout
    score = printed_number('Test score:', proc.stdout)
    # Chance level is ln 2 = 0.693 and accuracy 0.5. An epoch is 16 Adam
    # steps of learning rate 0.001 from a random start: after one, accuracy
    # ranged over 0.5-1 from run to run; after two it is well above chance.
    assert np.isfinite(score) and score < 0.6
    assert printed_number('Test accuracy:', proc.stdout) >= 0.75


def test_imdb_lstm_default_is_the_classic_fifteen_epochs():
    proc = run_python([example('imdb_lstm.py'), '--help'])
    assert proc.returncode == 0, failure_report(proc)
    assert 'default: 15' in proc.stdout


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_addition_rnn_loss_falls_over_two_small_iterations():
    proc = run_python([example('addition_rnn.py'),
                       '--training-size', '2000', '--iterations', '2'])
    assert proc.returncode == 0, failure_report(proc)
    assert 'Total addition questions: 2000' in proc.stdout
    # 10% held out; 7 characters per question ('123+456'), 4 per answer,
    # one-hot over the 12 characters '0123456789+ '.
    assert 'Training Data:\n(1800, 7, 12)\n(1800, 4, 12)' in proc.stdout
    assert 'Validation Data:\n(200, 7, 12)\n(200, 4, 12)' in proc.stdout
    # Encoder LSTM 4*(12*128 + 128*128 + 128) = 72,192; decoder LSTM
    # 4*(128*128 + 128*128 + 128) = 131,584; TimeDistributed dense
    # 128*12+12 = 1,548.
    assert 'Total params: 205,324' in proc.stdout
    assert '(None, 4, 12)' in proc.stdout
    assert 'Iteration 2' in proc.stdout and 'Iteration 3' not in proc.stdout
    # Ten sample questions per iteration, each marked right or wrong.
    samples = re.findall(r'^Q [0-9+ ]{7} T [0-9 ]{4} \S+ ([0-9+ ]{4})$',
                         proc.stdout, re.MULTILINE)
    assert len(samples) == 20, proc.stdout[-3000:]
    losses = epoch_end_losses(proc.stdout)
    assert len(losses) == 2
    (loss_1, val_loss_1), (loss_2, val_loss_2) = losses
    # Chance level is ln 12 = 2.48 per character.
    assert np.all(np.isfinite([loss_1, val_loss_1, loss_2, val_loss_2]))
    assert loss_2 < loss_1 and val_loss_2 < val_loss_1 < 2.48


def test_addition_rnn_defaults_are_the_classic_ones():
    proc = run_python([example('addition_rnn.py'), '--help'])
    assert proc.returncode == 0, failure_report(proc)
    assert 'default: 50000' in proc.stdout
    assert 'default: 199' in proc.stdout


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_conv_lstm_trains_and_predicts_frames_on_small_movies(tmp_path):
    proc = run_python([example('conv_lstm.py'),
                       '--samples', '12', '--epochs', '2', '--size', '12',
                       '--frames', '4', '--plot-dir', str(tmp_path)])
    assert proc.returncode == 0, failure_report(proc)
    # Four ConvLSTM2D of 40 3x3 filters: the first 3*3*1*160 + 3*3*40*160
    # + 160 = 59,200, the others 3*3*40*160 * 2 + 160 = 115,360; four
    # BatchNormalization of 4*40 (half of them moving statistics, not
    # trained); Conv3D 3*3*3*40 + 1 = 1,081.
    assert 'Total params: 407,001' in proc.stdout
    assert 'Non-trainable params: 320' in proc.stdout
    assert '(None, None, 12, 12, 1)' in proc.stdout
    # 10 movies trained on (5/6), 5% of them for validation.
    assert 'Train on 9 samples, validate on 1 samples' in proc.stdout
    assert 'Epoch 2/2' in proc.stdout
    losses = epoch_end_losses(proc.stdout)
    assert len(losses) == 2 and np.all(np.isfinite(losses))
    # Given 2 frames of a held-out movie, it predicts the 2 others.
    assert 'Predicted frames: 2' in proc.stdout
    error = printed_number('Mean absolute error of the predicted frames:',
                           proc.stdout)
    assert 0. <= error <= 1.
    images = sorted(os.listdir(str(tmp_path)))
    if 'matplotlib is not installed' in proc.stdout:
        assert images == []
    else:
        assert images == ['%d_animate.png' % i for i in range(1, 5)]


def test_conv_lstm_defaults_are_the_classic_ones():
    proc = run_python([example('conv_lstm.py'), '--help'])
    assert proc.returncode == 0, failure_report(proc)
    for default in ('default: 1200', 'default: 300', 'default: 40',
                    'default: 15'):
        assert default in proc.stdout


@pytest.mark.backends('numpy')
@pytest.mark.parametrize('script', ['mnist_cnn.py', 'imdb_lstm.py',
                                    'addition_rnn.py', 'conv_lstm.py'])
def test_examples_on_numpy_name_the_backends_that_train(tmp_path, script):
    datasets = cache_dir(tmp_path)
    if script == 'mnist_cnn.py':
        file_hash = write_small_mnist(str(datasets / 'mnist.npz'),
                                      num_train=16, num_test=8)
        proc = run_example_on_cached_data(script, 'keras.datasets.mnist',
                                          file_hash, tmp_path,
                                          '--epochs', '1')
    elif script == 'imdb_lstm.py':
        file_hash = write_small_imdb(str(datasets / 'imdb.npz'),
                                     num_train=16, num_test=8)
        proc = run_example_on_cached_data(script, 'keras.datasets.imdb',
                                          file_hash, tmp_path,
                                          '--epochs', '1')
    elif script == 'addition_rnn.py':
        proc = run_python([example(script),
                           '--training-size', '200', '--iterations', '1'])
    else:
        proc = run_python([example(script), '--samples', '6',
                           '--epochs', '1', '--size', '8', '--frames', '2',
                           '--plot-dir', str(tmp_path)])
    # The model builds and prints its summary; fit then refuses, before
    # any result is printed.
    assert 'Total params:' in proc.stdout, failure_report(proc)
    assert_fails_naming_the_training_backends(proc)
