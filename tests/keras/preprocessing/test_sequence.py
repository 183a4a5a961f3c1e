"""keras.preprocessing.sequence against hand-written expectations."""
import math
import random

import numpy as np
import pytest

import keras
from keras.preprocessing import sequence
from keras.preprocessing.sequence import TimeseriesGenerator
from keras.preprocessing.sequence import _remove_long_seq
from keras.preprocessing.sequence import make_sampling_table
from keras.preprocessing.sequence import pad_sequences
from keras.preprocessing.sequence import skipgrams

TRAINING_BACKENDS = ('jax', 'tensorflow', 'torch', 'theano')
SEQS = [[1], [1, 2], [1, 2, 3]]


def test_keras2_import_paths():
    import keras.preprocessing
    assert keras.preprocessing.sequence is sequence
    for name in ('pad_sequences', 'skipgrams', 'make_sampling_table',
                 'TimeseriesGenerator', '_remove_long_seq'):
        assert hasattr(sequence, name)


# -- pad_sequences --

def test_pad_defaults_pad_and_truncate_at_the_front():
    result = pad_sequences(SEQS)
    assert result.dtype == np.int32
    np.testing.assert_array_equal(result, [[0, 0, 1], [0, 1, 2], [1, 2, 3]])
    np.testing.assert_array_equal(pad_sequences(SEQS, maxlen=2),
                                  [[0, 1], [1, 2], [2, 3]])


def test_pad_post_and_truncate_post():
    np.testing.assert_array_equal(pad_sequences(SEQS, padding='post'),
                                  [[1, 0, 0], [1, 2, 0], [1, 2, 3]])
    np.testing.assert_array_equal(
        pad_sequences(SEQS, maxlen=2, truncating='post'),
        [[0, 1], [1, 2], [1, 2]])
    np.testing.assert_array_equal(
        pad_sequences(SEQS, maxlen=2, padding='post', truncating='post'),
        [[1, 0], [1, 2], [1, 2]])


def test_pad_value_maxlen_longer_than_data_and_empty_sequences():
    result = pad_sequences([[5, 6], [], [7]], maxlen=4, value=-1)
    np.testing.assert_array_equal(result, [[-1, -1, 5, 6],
                                           [-1, -1, -1, -1],
                                           [-1, -1, -1, 7]])


def test_pad_float_dtype_keeps_fractions_int_dtype_truncates_them():
    data = [[0.5, 1.25], [2.75]]
    np.testing.assert_allclose(pad_sequences(data, dtype='float32'),
                               [[0.5, 1.25], [0., 2.75]])
    np.testing.assert_array_equal(pad_sequences(data), [[0, 1], [0, 2]])


def test_pad_accepts_a_numpy_array_and_tuples():
    np.testing.assert_array_equal(pad_sequences(np.array([[1, 2], [3, 4]]),
                                                maxlen=3),
                                  [[0, 1, 2], [0, 3, 4]])
    np.testing.assert_array_equal(pad_sequences(((1,), (2, 3))),
                                  [[0, 1], [2, 3]])


def test_pad_maxlen_zero_and_no_sequences():
    assert pad_sequences(SEQS, maxlen=0).shape == (3, 0)
    assert pad_sequences([]).shape == (0, 0)


def test_pad_strings():
    words = [['a', 'b'], ['c']]
    result = pad_sequences(words, dtype='<U1', value='_')
    np.testing.assert_array_equal(result, [['a', 'b'], ['_', 'c']])
    # Variable-length strings need dtype=object.
    result = pad_sequences([['hello', 'world'], ['x']], maxlen=3,
                           dtype=object, value='')
    assert result.dtype == object
    assert result.tolist() == [['', 'hello', 'world'], ['', '', 'x']]
    with pytest.raises(ValueError, match='int32.*dtype=object'):
        pad_sequences(words, value='_')


def test_pad_samples_with_feature_axes():
    data = [np.ones((1, 2)), np.arange(6).reshape(3, 2)]
    result = pad_sequences(data, maxlen=2, dtype='float32', padding='post')
    assert result.shape == (2, 2, 2)
    np.testing.assert_array_equal(result[0], [[1, 1], [0, 0]])
    np.testing.assert_array_equal(result[1], [[2, 3], [4, 5]])
    with pytest.raises(ValueError, match='position 1'):
        pad_sequences([np.ones((2, 2)), np.ones((2, 3))])


@pytest.mark.parametrize('name', ['padding', 'truncating'])
def test_pad_bad_side_is_refused_up_front(name):
    for data in (SEQS, [[], []]):
        with pytest.raises(ValueError) as info:
            pad_sequences(data, **{name: 'middle'})
        message = str(info.value)
        assert name in message and 'middle' in message
        assert '"pre"' in message and '"post"' in message


def test_pad_non_iterable_input_is_a_clear_error():
    with pytest.raises(ValueError, match='list of sequences'):
        pad_sequences(5)
    with pytest.raises(ValueError, match='position 1.*int'):
        pad_sequences([[1], 2])
    with pytest.raises(ValueError, match='maxlen'):
        pad_sequences(SEQS, maxlen=-1)


# -- make_sampling_table --

def test_sampling_table_closed_form():
    size, factor = 8, 1e-3
    table = make_sampling_table(size, sampling_factor=factor)
    expected = []
    for i in range(size):
        rank = max(i, 1)
        inverse_frequency = (rank * (math.log(rank) + 0.577) + 0.5 -
                             1. / (12. * rank))
        expected.append(min(1., math.sqrt(factor * inverse_frequency)))
    np.testing.assert_allclose(table, expected, rtol=1e-12)
    # Rarer words (higher rank) are kept more often.
    assert np.all(np.diff(table[1:]) > 0)


def test_sampling_table_factor_one_keeps_all_but_the_top_word():
    # Rank 1: sqrt(0.577 + 0.5 - 1/12) = 0.99683; ranks >= 2 exceed 1.
    table = make_sampling_table(50, 1.)
    np.testing.assert_allclose(table[:2], math.sqrt(0.577 + 0.5 - 1. / 12))
    np.testing.assert_array_equal(table[2:], np.ones(48))


# -- skipgrams --

def test_skipgrams_positive_pairs_by_hand():
    # Window 1 around each non-zero word; 0 is never paired.
    couples, labels = skipgrams([1, 2, 3, 0, 4], vocabulary_size=5,
                                window_size=1, negative_samples=0.,
                                shuffle=False)
    assert couples == [[1, 2], [2, 1], [2, 3], [3, 2]]
    assert labels == [1, 1, 1, 1]
    couples, labels = skipgrams([1, 2, 3], vocabulary_size=4, window_size=2,
                                negative_samples=0., shuffle=False,
                                categorical=True)
    assert couples == [[1, 2], [1, 3], [2, 1], [2, 3], [3, 1], [3, 2]]
    assert labels == [[0, 1]] * 6


def test_skipgrams_negative_samples():
    random.seed(0)
    couples, labels = skipgrams([1, 2, 3, 4], vocabulary_size=10,
                                window_size=1, negative_samples=2.,
                                shuffle=False, categorical=True)
    # 6 positive pairs, then int(6 * 2) negative ones.
    assert len(couples) == len(labels) == 18
    assert labels == [[0, 1]] * 6 + [[1, 0]] * 12
    for word, other in couples[6:]:
        assert word in (1, 2, 3, 4)
        assert 1 <= other <= 9


def test_skipgrams_shuffle_keeps_pairs_with_their_labels():
    seq = [3, 1, 4, 1, 5, 9, 2, 6]
    plain = skipgrams(seq, 10, window_size=2, negative_samples=0.,
                      shuffle=False)
    shuffled = skipgrams(seq, 10, window_size=2, negative_samples=0.,
                         shuffle=True, seed=7)
    again = skipgrams(seq, 10, window_size=2, negative_samples=0.,
                      shuffle=True, seed=7)
    assert shuffled == again
    assert shuffled[0] != plain[0]
    assert sorted(shuffled[0]) == sorted(plain[0])
    # With negatives, every pair must keep its own label.
    random.seed(1)
    couples, labels = skipgrams([1, 2, 3], 1000, window_size=1,
                                negative_samples=1., seed=3)
    positives = {(1, 2), (2, 1), (2, 3), (3, 2)}
    for couple, label in zip(couples, labels):
        if label == 1:
            assert tuple(couple) in positives


def test_skipgrams_sampling_table():
    seq = [1, 2, 3, 4]
    couples, _ = skipgrams(seq, 5, window_size=1, negative_samples=0.,
                           shuffle=False, sampling_table=np.zeros(5))
    assert couples == []
    couples, _ = skipgrams(seq, 5, window_size=1, negative_samples=0.,
                           shuffle=False, sampling_table=np.ones(5))
    assert len(couples) == 6


def test_remove_long_seq_keeps_strictly_shorter():
    seqs = [[1], [1, 2], [1, 2, 3]]
    assert _remove_long_seq(3, seqs, ['a', 'b', 'c']) == ([[1], [1, 2]],
                                                          ['a', 'b'])


# -- TimeseriesGenerator --

def test_timeseries_windows_by_hand():
    data = np.arange(50)
    gen = TimeseriesGenerator(data, data * 10, length=10, sampling_rate=2,
                              batch_size=2)
    assert isinstance(gen, keras.utils.Sequence)
    # Current rows 10..49, two per batch.
    assert len(gen) == 20
    x, y = gen[0]
    np.testing.assert_array_equal(x, [[0, 2, 4, 6, 8], [1, 3, 5, 7, 9]])
    np.testing.assert_array_equal(y, [100, 110])
    x, y = gen[19]
    np.testing.assert_array_equal(x, [[38, 40, 42, 44, 46],
                                      [39, 41, 43, 45, 47]])
    np.testing.assert_array_equal(y, [480, 490])


def test_timeseries_stride_bounds_last_batch_and_reverse():
    data = np.arange(20).reshape(20, 1)
    gen = TimeseriesGenerator(data, np.arange(20), length=3, stride=3,
                              start_index=2, end_index=15, batch_size=2,
                              reverse=True)
    # Current rows 5, 8, 11, 14: two batches.
    assert len(gen) == 2
    x, y = gen[1]
    assert x.shape == (2, 3, 1)
    np.testing.assert_array_equal(x[:, :, 0], [[10, 9, 8], [13, 12, 11]])
    np.testing.assert_array_equal(y, [11, 14])
    # A smaller last batch.
    gen = TimeseriesGenerator(data, np.arange(20), length=4, batch_size=5)
    assert len(gen) == 4
    x, y = gen[3]
    np.testing.assert_array_equal(y, [19])
    np.testing.assert_array_equal(x[0, :, 0], [15, 16, 17, 18])


def test_timeseries_shuffle_draws_rows_in_range():
    data = np.arange(30)
    gen = TimeseriesGenerator(data, data, length=5, start_index=3,
                              end_index=20, shuffle=True, batch_size=16)
    np.random.seed(0)
    x, y = gen[0]
    assert x.shape == (16, 5)
    assert np.all((y >= 8) & (y <= 20))
    # Each window ends just before its target row.
    np.testing.assert_array_equal(x[:, -1] + 1, y)


def test_timeseries_errors():
    with pytest.raises(ValueError, match='same length'):
        TimeseriesGenerator(np.arange(10), np.arange(9), length=2)
    with pytest.raises(ValueError, match='start_index\\+length=12 > '
                                         'end_index=9'):
        TimeseriesGenerator(np.arange(10), np.arange(10), length=12)


def test_timeseries_generator_predicts_on_every_backend():
    from keras.layers import Dense
    from keras.layers import Flatten
    from keras.models import Sequential
    data = np.random.RandomState(0).rand(30, 2).astype('float32')
    gen = TimeseriesGenerator(data, data[:, :1], length=4, batch_size=8)
    model = Sequential([Flatten(input_shape=(4, 2)), Dense(1)])
    predictions = model.predict_generator(gen)
    assert predictions.shape == (26, 1)


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_timeseries_generator_trains_a_model():
    from keras.layers import Dense
    from keras.layers import Flatten
    from keras.models import Sequential
    series = np.sin(np.arange(80) / 4.).astype('float32').reshape(80, 1)
    gen = TimeseriesGenerator(series, series, length=6, batch_size=8)
    model = Sequential([Flatten(input_shape=(6, 1)), Dense(1)])
    model.compile('sgd', 'mse')
    history = model.fit_generator(gen, epochs=3, verbose=0)
    losses = history.history['loss']
    assert len(losses) == 3 and np.all(np.isfinite(losses))
    assert losses[-1] < losses[0]
