"""CTC on the session backend: K.ctc_batch_cost, K.ctc_decode and
K.ctc_label_dense_to_sparse, eagerly, on variables (K.eval) and through
placeholders with an unknown batch (K.function).

References, independent of the backend's code path: alignments counted by
hand, the numpy oracle (keras/backend/numpy/ctc.py, a per-sample alpha
recursion) fed a log-softmax computed here, central differences of it for
gradients, and on the tensorflow backend TensorFlow's own ops, which the
numpy decoders (shared by torch, jax and theano) are checked against too.
"""
import numpy as np
import pytest

import keras.backend as K
from backend_harness import BACKEND
from backend_harness import TRAINS
from keras.backend.numpy import ctc as numpy_ctc
from keras.backend.ops.sparse import SparseTensorValue
from keras.backend.symbolic.tensor import KerasTensor

EPSILON = 1e-7


def normalized(y_pred):
    """What TensorFlow's ctc_loss makes of Keras' log(y_pred + epsilon):
    the log of (y_pred + epsilon) renormalised, in float64."""
    shifted = y_pred.astype('float64') + EPSILON
    return np.log(shifted / shifted.sum(axis=-1, keepdims=True))


def oracle_cost(y_true, y_pred, input_length, label_length):
    return numpy_ctc.ctc_loss(
        y_true.astype('int64'), label_length[:, 0], normalized(y_pred),
        input_length[:, 0])[:, None]


def random_batch(seed, batch=3, time=7, classes=5, max_label=3,
                 dtype='float32'):
    """Softmax outputs, labels with repeats, and lengths that leave room
    for the blanks repeats need."""
    rng = np.random.RandomState(seed)
    y_pred = rng.dirichlet(np.ones(classes), size=(batch, time))
    y_true = rng.randint(0, classes - 1, size=(batch, max_label))
    y_true[0, :2] = y_true[0, 0]  # a repeat
    label_length = rng.randint(1, max_label + 1, size=(batch, 1))
    label_length[0] = max_label
    input_length = np.full((batch, 1), time)
    input_length[1:] = rng.randint(2 * max_label, time + 1,
                                   size=(batch - 1, 1))
    return (y_true.astype('float32'), y_pred.astype(dtype),
            input_length.astype('int32'), label_length.astype('int32'))


def cost_placeholders(arrays):
    return [K.placeholder((None,) + a.shape[1:], dtype=a.dtype.name)
            for a in arrays]


def error_types():
    if K.backend() == 'tensorflow':
        import tensorflow as tf
        return (tf.errors.InvalidArgumentError,)
    if K.backend() == 'jax':
        import jax  # under jit the host check reports through jax
        return (ValueError, jax.errors.JaxRuntimeError)
    return (ValueError,)


# ctc_batch_cost: values.

def test_batch_cost_counts_alignments_by_hand():
    # Two steps, one label `a`, the blank last: the alignments are aa, a-
    # and -a.
    y_pred = np.array([[[0.7, 0.3], [0.4, 0.6]]], dtype='float32')
    q = np.exp(normalized(y_pred))[0]
    expected = -np.log(q[0, 0] * q[1, 0] + q[0, 0] * q[1, 1] +
                       q[0, 1] * q[1, 0])
    loss = K.ctc_batch_cost(K.constant([[0.]]), K.constant(y_pred),
                            K.constant([[2]], dtype='int32'),
                            K.constant([[1]], dtype='int32'))
    np.testing.assert_allclose(K.eval(loss), [[expected]], rtol=1e-5)


def test_batch_cost_repeated_label_needs_a_blank_between():
    # `a a` in three steps: only a - a.
    y_pred = np.array([[[0.5, 0.1, 0.4], [0.3, 0.2, 0.5],
                        [0.6, 0.3, 0.1]]], dtype='float32')
    q = np.exp(normalized(y_pred))[0]
    loss = K.ctc_batch_cost(K.constant([[0., 0.]]), K.constant(y_pred),
                            K.constant([[3]], dtype='int32'),
                            K.constant([[2]], dtype='int32'))
    np.testing.assert_allclose(K.eval(loss),
                               [[-np.log(q[0, 0] * q[1, 2] * q[2, 0])]],
                               rtol=1e-5)
    # In two steps no alignment fits: an infinite loss, as TensorFlow's.
    short = K.ctc_batch_cost(K.constant([[0., 0.]]),
                             K.constant(y_pred[:, :2]),
                             K.constant([[2]], dtype='int32'),
                             K.constant([[2]], dtype='int32'))
    assert np.isinf(K.eval(short)).all()


def test_batch_cost_matches_the_oracle_eagerly_and_on_variables():
    arrays = random_batch(0)
    expected = oracle_cost(*arrays)
    eager = K.ctc_batch_cost(*[BACKEND.convert(a) for a in arrays])
    np.testing.assert_allclose(K.eval(eager), expected, rtol=1e-5)
    symbolic = K.ctc_batch_cost(*[K.variable(a, dtype=a.dtype.name)
                                  for a in arrays])
    assert K.int_shape(symbolic) == (3, 1)
    assert K.dtype(symbolic) == 'float32'
    np.testing.assert_allclose(K.eval(symbolic), expected, rtol=1e-5)


def test_batch_cost_in_a_function_with_unknown_batch():
    arrays = random_batch(1, batch=4, time=9, classes=6, max_label=4)
    inputs = cost_placeholders(arrays)
    loss = K.ctc_batch_cost(*inputs)
    assert K.int_shape(loss) == (None, 1)
    assert K.dtype(loss) == 'float32'
    f = K.function(inputs, [loss])
    np.testing.assert_allclose(f(list(arrays))[0], oracle_cost(*arrays),
                               rtol=1e-5)
    # Another batch size through the same function.
    short = [a[:2] for a in arrays]
    np.testing.assert_allclose(f(short)[0], oracle_cost(*short), rtol=1e-5)


def test_batch_cost_float64():
    arrays = random_batch(2, dtype='float64')
    loss = K.ctc_batch_cost(*[K.variable(a, dtype=a.dtype.name)
                              for a in arrays])
    assert K.dtype(loss) == 'float64'
    value = K.eval(loss)
    assert value.dtype == np.float64
    np.testing.assert_allclose(value, oracle_cost(*arrays), rtol=1e-7)


def test_batch_cost_keeps_the_first_max_string_length_labels():
    # A label_length past y_true's width counts the labels there are, as
    # Keras' sparse labels do.
    y_true, y_pred, input_length, label_length = random_batch(3)
    label_length[:] = 10
    loss = K.ctc_batch_cost(*[K.variable(a, dtype=a.dtype.name) for a in
                              (y_true, y_pred, input_length, label_length)])
    expected = oracle_cost(y_true, y_pred, input_length,
                           np.full_like(label_length, y_true.shape[1]))
    np.testing.assert_allclose(K.eval(loss), expected, rtol=1e-5)


@pytest.mark.backends(*TRAINS)
def test_batch_cost_gradient_matches_central_differences():
    arrays = random_batch(4, batch=2, time=5, classes=4, max_label=2)
    y_true, y_pred, input_length, label_length = arrays
    weights = np.array([[1.], [0.5]])
    inputs = cost_placeholders(arrays)
    loss = K.sum(K.ctc_batch_cost(*inputs) * K.constant(weights))
    grad = K.gradients(loss, [inputs[1]])[0]
    value = K.function(inputs, [grad])(list(arrays))[0]

    def total(y):
        return float(np.sum(weights * oracle_cost(y_true, y, input_length,
                                                  label_length)))
    y = y_pred.astype('float64')
    numeric = np.zeros_like(y)
    step = 1e-6
    for index in np.ndindex(*y.shape):
        up, down = y.copy(), y.copy()
        up[index] += step
        down[index] -= step
        numeric[index] = (total(up) - total(down)) / (2 * step)
    # Steps past a sample's input_length take no part.
    assert np.all(numeric[1, input_length[1, 0]:] == 0.)
    np.testing.assert_allclose(value, numeric, rtol=2e-3, atol=2e-4)


# ctc_batch_cost: errors.

def test_batch_cost_label_longer_than_input_fails():
    y_true, y_pred, input_length, label_length = random_batch(5)
    input_length[1] = 1
    label_length[1] = 2
    inputs = cost_placeholders((y_true, y_pred, input_length, label_length))
    f = K.function(inputs, [K.ctc_batch_cost(*inputs)])
    with pytest.raises(error_types(), match='Not enough time'):
        f([y_true, y_pred, input_length, label_length])
    with pytest.raises(error_types(), match='Not enough time'):
        K.eval(K.ctc_batch_cost(*[K.constant(a, dtype=a.dtype.name) for a in
                                  (y_true, y_pred, input_length,
                                   label_length)]))


def test_batch_cost_empty_label():
    y_true, y_pred, input_length, label_length = random_batch(6)
    label_length[2] = 0
    args = [K.constant(a, dtype=a.dtype.name)
            for a in (y_true, y_pred, input_length, label_length)]
    if K.backend() == 'tensorflow':
        # TensorFlow's op refuses empty labels.
        with pytest.raises(error_types(), match='Labels length is zero'):
            K.eval(K.ctc_batch_cost(*args))
        return
    # Elsewhere: the probability of blanks only.
    value = K.eval(K.ctc_batch_cost(*args))
    blanks = normalized(y_pred)[2, :input_length[2, 0], -1]
    np.testing.assert_allclose(value[2], [-blanks.sum()], rtol=1e-5)


@pytest.mark.parametrize('position, shape, message', [
    (0, (3,), 'y_true'), (1, (3, 7), 'y_pred'), (2, (3,), 'input_length'),
    (3, (3, 2), 'label_length')])
def test_batch_cost_checks_ranks(position, shape, message):
    arrays = list(random_batch(7))
    arrays[position] = np.zeros(shape, dtype=arrays[position].dtype)
    inputs = cost_placeholders(arrays)
    with pytest.raises(ValueError, match=message):
        K.ctc_batch_cost(*inputs)


def test_batch_cost_needs_float_predictions():
    y_true, y_pred, input_length, label_length = cost_placeholders(
        random_batch(8))
    with pytest.raises(TypeError, match='y_pred'):
        K.ctc_batch_cost(y_true, K.placeholder((None, 7, 5), dtype='int32'),
                         input_length, label_length)


# ctc_decode.

def decode_reference(y_pred, input_length, greedy=True, beam_width=100,
                     top_paths=1, merge_repeated=False):
    log_probs = np.log(y_pred + np.asarray(EPSILON, y_pred.dtype))
    if greedy:
        return numpy_ctc.greedy_decode(log_probs, input_length, True)
    return numpy_ctc.beam_search_decode(log_probs, input_length, beam_width,
                                        top_paths, merge_repeated)


def assert_decoded(actual, expected):
    decoded, log_prob = actual
    expected_decoded, expected_log_prob = expected
    assert len(decoded) == len(expected_decoded)
    for d, e in zip(decoded, expected_decoded):
        d = np.asarray(d)
        assert d.dtype == np.int64
        np.testing.assert_array_equal(d, e)
    assert np.asarray(log_prob).dtype == expected_log_prob.dtype
    np.testing.assert_allclose(log_prob, expected_log_prob, rtol=1e-5,
                               atol=1e-6)


def test_greedy_decode_by_hand():
    # Best classes a a - b b -, then a - -: repeats merge, blanks go.
    a, b, blank = [0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.2, 0.7]
    y_pred = np.array([[a, a, blank, b, b, blank],
                       [a, blank, blank, b, b, b]], dtype='float32')
    decoded, log_prob = K.ctc_decode(K.constant(y_pred),
                                     K.constant([6, 3], dtype='int32'))
    np.testing.assert_array_equal(K.eval(decoded[0]), [[0, 1], [0, -1]])
    best = np.log(np.float32(0.8) + np.float32(EPSILON))
    best_blank = np.log(np.float32(0.7) + np.float32(EPSILON))
    np.testing.assert_allclose(
        K.eval(log_prob), [[-(4 * best + 2 * best_blank)],
                           [-(best + 2 * best_blank)]], rtol=1e-6)


def test_beam_search_by_hand():
    # Greedy reads blank blank (the empty string, p = 0.36); the beam
    # search sums aa, a- and -a into `a` (p = 0.64).
    y_pred = np.array([[[0.4, 0.6], [0.4, 0.6]]], dtype='float32')
    q = np.exp(normalized(y_pred))[0]
    decoded, log_prob = K.ctc_decode(K.constant(y_pred),
                                     K.constant([2], dtype='int32'),
                                     greedy=False, beam_width=4,
                                     top_paths=2)
    np.testing.assert_array_equal(K.eval(decoded[0]), [[0]])
    assert K.eval(decoded[1]).shape == (1, 0)
    p_a = q[0, 0] * q[1, 0] + q[0, 0] * q[1, 1] + q[0, 1] * q[1, 0]
    np.testing.assert_allclose(K.eval(log_prob),
                               [[np.log(p_a), np.log(q[0, 1] * q[1, 1])]],
                               rtol=1e-5)
    greedy, _ = K.ctc_decode(K.constant(y_pred),
                             K.constant([2], dtype='int32'))
    assert K.eval(greedy[0]).shape == (1, 0)


DECODE_SETTINGS = [
    dict(greedy=True),
    dict(greedy=False, beam_width=1),
    dict(greedy=False, beam_width=4, top_paths=3),
    dict(greedy=False, beam_width=10, top_paths=2, merge_repeated=True),
]


@pytest.mark.parametrize('settings', DECODE_SETTINGS,
                         ids=lambda s: '-'.join('%s%s' % kv
                                                for kv in s.items()))
def test_decode_eager_symbolic_and_in_a_function(settings):
    rng = np.random.RandomState(9)
    y_pred = rng.dirichlet(np.full(5, 0.5), size=(3, 8)).astype('float32')
    input_length = np.array([8, 5, 3], dtype='int32')
    expected = decode_reference(y_pred, input_length, **settings)
    decoded, log_prob = K.ctc_decode(BACKEND.convert(y_pred),
                                     BACKEND.convert(input_length),
                                     **settings)
    assert not any(isinstance(x, KerasTensor) for x in decoded + [log_prob])
    assert_decoded(([K.eval(d) for d in decoded], K.eval(log_prob)),
                   expected)
    decoded, log_prob = K.ctc_decode(K.variable(y_pred),
                                     K.variable(input_length, dtype='int32'),
                                     **settings)
    assert_decoded(([K.eval(d) for d in decoded], K.eval(log_prob)),
                   expected)
    y = K.placeholder((None, None, 5))
    lengths = K.placeholder((None,), dtype='int32')
    decoded, log_prob = K.ctc_decode(y, lengths, **settings)
    paths = settings.get('top_paths', 1)
    assert [K.int_shape(d) for d in decoded] == [(None, None)] * paths
    assert [K.dtype(d) for d in decoded] == ['int64'] * paths
    assert K.int_shape(log_prob) == (None, paths)
    assert K.dtype(log_prob) == 'float32'
    values = K.function([y, lengths], decoded + [log_prob])(
        [y_pred, input_length])
    assert_decoded((values[:-1], values[-1]), expected)


def test_decode_float64():
    rng = np.random.RandomState(10)
    y_pred = rng.dirichlet(np.ones(4), size=(2, 6))
    input_length = np.array([6, 4], dtype='int32')
    for settings in (dict(greedy=True), dict(greedy=False, beam_width=3)):
        decoded, log_prob = K.ctc_decode(K.variable(y_pred, dtype='float64'),
                                         K.variable(input_length,
                                                    dtype='int32'),
                                         **settings)
        assert K.dtype(log_prob) == 'float64'
        assert_decoded(([K.eval(d) for d in decoded], K.eval(log_prob)),
                       decode_reference(y_pred, input_length, **settings))


def test_decode_argument_errors():
    y = K.placeholder((None, 6, 4))
    lengths = K.placeholder((None,), dtype='int32')
    with pytest.raises(ValueError, match='more paths than the beam width'):
        K.ctc_decode(y, lengths, greedy=False, beam_width=2, top_paths=3)
    with pytest.raises(TypeError, match='beam_width'):
        K.ctc_decode(y, lengths, greedy=False, beam_width=2.5)
    with pytest.raises(ValueError, match='top_paths'):
        K.ctc_decode(y, lengths, greedy=False, top_paths=0)
    with pytest.raises(ValueError, match='input_length'):
        K.ctc_decode(y, K.placeholder((None, 1), dtype='int32'))
    with pytest.raises(ValueError, match='y_pred'):
        K.ctc_decode(K.placeholder((None, 4)), lengths)


def test_decode_more_paths_than_prefixes_fails():
    # One step of two classes and the blank: three prefixes at most.
    y_pred = np.full((1, 1, 3), 1. / 3, dtype='float32')
    with pytest.raises(error_types(), match='Less leaves'):
        decoded, _ = K.ctc_decode(K.variable(y_pred),
                                  K.variable([1], dtype='int32'),
                                  greedy=False, beam_width=5, top_paths=4)
        K.eval(decoded[0])


# ctc_label_dense_to_sparse and the sparse tensor.

LABELS = np.array([[3, 1, 4, 1], [5, 9, 2, 6], [5, 3, 5, 8]], 'float32')
LENGTHS = np.array([2, 4, 0], 'int32')
INDICES = [[0, 0], [0, 1], [1, 0], [1, 1], [1, 2], [1, 3]]


def assert_sparse_value(value):
    assert isinstance(value, SparseTensorValue)
    assert value.indices.dtype == np.int64
    np.testing.assert_array_equal(value.indices, INDICES)
    assert value.values.dtype == np.float32
    np.testing.assert_array_equal(value.values, [3, 1, 5, 9, 2, 6])
    assert value.dense_shape.dtype == np.int64
    np.testing.assert_array_equal(value.dense_shape, [3, 4])


def test_label_dense_to_sparse_eagerly():
    sparse = K.ctc_label_dense_to_sparse(BACKEND.convert(LABELS),
                                         BACKEND.convert(LENGTHS))
    assert K.is_sparse(sparse)
    assert K.int_shape(sparse) == (3, 4)
    assert_sparse_value(K.eval(sparse))
    dense = K.to_dense(sparse)
    assert not K.is_sparse(dense)
    np.testing.assert_array_equal(
        K.eval(dense), np.where(np.arange(4) < LENGTHS[:, None], LABELS, 0))


def test_label_dense_to_sparse_symbolic():
    labels = K.placeholder((None, 4))
    lengths = K.placeholder((None,), dtype='int32')
    sparse = K.ctc_label_dense_to_sparse(labels, lengths)
    assert K.is_sparse(sparse)
    assert K.int_shape(sparse) == (None, 4)
    assert K.int_shape(sparse.indices) == (None, 2)
    assert K.int_shape(sparse.values) == (None,)
    assert K.int_shape(sparse.dense_shape) == (2,)
    dense = K.to_dense(sparse)
    assert K.int_shape(dense) == (None, 4)
    assert K.dtype(dense) == 'float32'
    values = K.function([labels, lengths], list(sparse) + [dense])(
        [LABELS, LENGTHS])
    assert_sparse_value(SparseTensorValue(*values[:3]))
    np.testing.assert_array_equal(
        values[3], np.where(np.arange(4) < LENGTHS[:, None], LABELS, 0))
    assert_sparse_value(K.eval(K.ctc_label_dense_to_sparse(
        K.variable(LABELS), K.variable(LENGTHS, dtype='int32'))))


def test_dense_tensors_are_not_sparse():
    x = K.variable(LABELS)
    assert not K.is_sparse(x)
    assert K.to_dense(x) is x
    assert not K.is_sparse(K.placeholder((2, 3)))


def test_label_dense_to_sparse_checks_ranks():
    with pytest.raises(ValueError, match='label_lengths'):
        K.ctc_label_dense_to_sparse(K.placeholder((None, 4)),
                                    K.placeholder((None, 1), dtype='int32'))
    with pytest.raises(ValueError, match='labels'):
        K.ctc_label_dense_to_sparse(K.placeholder((None,)),
                                    K.placeholder((None,), dtype='int32'))


# The jax backend: graphs with value-dependent sizes run without jit.

@pytest.mark.backends('jax')
def test_jax_runs_decoding_graphs_without_jit():
    y = K.placeholder((None, 6, 4))
    lengths = K.placeholder((None,), dtype='int32')
    decoded, _ = K.ctc_decode(y, lengths)
    assert not K.function([y, lengths], decoded).jit
    arrays = random_batch(11)
    inputs = cost_placeholders(arrays)
    assert K.function(inputs, [K.ctc_batch_cost(*inputs)]).jit


# The tensorflow backend: TensorFlow's own ops, and the numpy decoders that
# the other backends share checked against them.

@pytest.fixture
def tf():
    import tensorflow
    return tensorflow


def tf_sparse_labels(tf, y_true, label_length):
    mask = np.arange(y_true.shape[1]) < label_length
    return tf.SparseTensor(np.argwhere(mask), y_true[mask].astype('int32'),
                           y_true.shape)


@pytest.mark.backends('tensorflow')
def test_batch_cost_equals_tensorflow_ctc_loss(tf):
    y_true, y_pred, input_length, label_length = random_batch(
        12, batch=5, time=12, classes=7, max_label=4)
    expected = tf.compat.v1.nn.ctc_loss(
        tf_sparse_labels(tf, y_true, label_length),
        np.log(np.transpose(y_pred, (1, 0, 2)) + np.float32(EPSILON)),
        input_length[:, 0]).numpy()
    loss = K.ctc_batch_cost(*[K.variable(a, dtype=a.dtype.name) for a in
                              (y_true, y_pred, input_length, label_length)])
    np.testing.assert_allclose(K.eval(loss)[:, 0], expected, rtol=1e-6)


def tf_greedy(tf, log_probs, input_length, merge_repeated):
    decoded, log_prob = tf.nn.ctc_greedy_decoder(
        np.transpose(log_probs, (1, 0, 2)), input_length,
        merge_repeated=merge_repeated)
    return ([tf.sparse.to_dense(decoded[0], default_value=-1).numpy()],
            log_prob.numpy())


def tf_decode(tf, log_probs, input_length, greedy, beam_width, top_paths,
              merge_repeated):
    """TensorFlow's decoders called as Keras 2.3.1 calls them."""
    if greedy:
        return tf_greedy(tf, log_probs, input_length, True)
    decoded, log_prob = tf.compat.v1.nn.ctc_beam_search_decoder(
        np.transpose(log_probs, (1, 0, 2)), input_length,
        beam_width=beam_width, top_paths=top_paths,
        merge_repeated=merge_repeated)
    return ([tf.sparse.to_dense(d, default_value=-1).numpy()
             for d in decoded], log_prob.numpy())


@pytest.mark.backends('tensorflow')
@pytest.mark.parametrize('settings', DECODE_SETTINGS,
                         ids=lambda s: '-'.join('%s%s' % kv
                                                for kv in s.items()))
def test_decode_equals_tensorflow_decoders(tf, settings):
    rng = np.random.RandomState(13)
    y_pred = rng.dirichlet(np.full(6, 0.5), size=(4, 10)).astype('float32')
    input_length = np.array([10, 7, 4, 9], dtype='int32')
    settings = dict(dict(greedy=True, beam_width=100, top_paths=1,
                         merge_repeated=False), **settings)
    expected = tf_decode(tf, np.log(y_pred + np.float32(EPSILON)),
                         input_length, **settings)
    decoded, log_prob = K.ctc_decode(K.variable(y_pred),
                                     K.variable(input_length, dtype='int32'),
                                     **settings)
    assert_decoded(([K.eval(d) for d in decoded], K.eval(log_prob)),
                   expected)


@pytest.mark.backends('tensorflow')
@pytest.mark.parametrize('seed', range(3))
def test_numpy_decoders_equal_tensorflow_on_random_inputs(tf, seed):
    """The host decoders of torch, jax and theano: every random setting
    (sizes, peaked or flat distributions, unnormalised rows, lengths, beam
    widths, top_paths, merge_repeated) decodes as TensorFlow does."""
    rng = np.random.RandomState(100 + seed)
    for _ in range(25):
        batch, time, classes = (rng.randint(1, 4), rng.randint(1, 16),
                                rng.randint(2, 9))
        y = rng.dirichlet(np.full(classes, rng.choice([0.2, 1., 5.])),
                          size=(batch, time))
        log_probs = (np.log(y + EPSILON) +
                     rng.normal(size=(batch, time, 1))).astype('float32')
        input_length = rng.randint(1, time + 1, size=batch).astype('int32')
        beam_width = int(rng.choice([1, 2, 3, 8, 100]))
        top_paths = int(rng.randint(1, min(beam_width, 3) + 1))
        merge_repeated = bool(rng.randint(2))
        # Short inputs have fewer prefixes than paths asked: both refuse.
        try:
            expected = tf_decode(tf, log_probs, input_length, False,
                                 beam_width, top_paths, merge_repeated)
        except tf.errors.InvalidArgumentError:
            with pytest.raises(ValueError, match='Less leaves'):
                numpy_ctc.beam_search_decode(log_probs, input_length,
                                             beam_width, top_paths,
                                             merge_repeated)
            continue
        assert_decoded(numpy_ctc.beam_search_decode(
            log_probs, input_length, beam_width, top_paths, merge_repeated),
            expected)
        for merge in (True, False):
            assert_decoded(
                numpy_ctc.greedy_decode(log_probs, input_length, merge),
                tf_greedy(tf, log_probs, input_length, merge))


@pytest.mark.backends('tensorflow')
def test_numpy_oracle_loss_equals_tensorflow(tf):
    rng = np.random.RandomState(14)
    for _ in range(20):
        batch, time, classes, width = (rng.randint(1, 5), rng.randint(1, 12),
                                       rng.randint(2, 6), rng.randint(1, 5))
        log_probs = np.log(rng.dirichlet(np.ones(classes),
                                         size=(batch, time)))
        labels = rng.randint(0, classes - 1, size=(batch, width))
        label_length = rng.randint(1, min(width, time) + 1, size=batch)
        input_length = np.array([rng.randint(n, time + 1)
                                 for n in label_length])
        expected = tf.compat.v1.nn.ctc_loss(
            tf_sparse_labels(tf, labels, label_length[:, None]), log_probs,
            input_length.astype('int32'), time_major=False).numpy()
        np.testing.assert_allclose(
            numpy_ctc.ctc_loss(labels, label_length, log_probs,
                               input_length), expected, rtol=1e-6)
