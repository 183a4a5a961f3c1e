"""keras.callbacks.TensorBoard: event files written during a real `fit` (or
by driving the hooks by hand, on every backend), read back with
TensorBoard's own EventAccumulator. Expected numbers come from the
history, the weights and numpy (a linear model's gradient in closed form).
"""
import io
import os

import numpy as np
import pytest
from google.protobuf import text_format
from PIL import Image
from tensorboard.backend.event_processing import event_accumulator as ea
from tensorboard.plugins.projector.projector_config_pb2 import \
    ProjectorConfig

from keras import backend as K
from keras import optimizers
from keras.callbacks import Callback, TensorBoard
from keras.layers import Concatenate, Dense, Embedding, Flatten, Input
from keras.models import Model, Sequential

TRAINING = pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')


def _read(log_dir):
    accumulator = ea.EventAccumulator(str(log_dir), size_guidance={
        ea.SCALARS: 0, ea.HISTOGRAMS: 0, ea.IMAGES: 0})
    accumulator.Reload()
    return accumulator


def _scalars(accumulator, tag):
    return [(event.step, event.value) for event in accumulator.Scalars(tag)]


def _data():
    rng = np.random.RandomState(0)
    x = rng.normal(size=(10, 2)).astype('float32')
    y = x.dot(np.array([[1.5], [-2.]], dtype='float32')) + 0.5
    return x, y


def _linear(lr=0.05):
    model = Sequential([Dense(1, input_shape=(2,), name='linear')])
    model.compile(optimizers.SGD(lr=lr), 'mse', metrics=['mae'])
    return model


class BatchLogs(Callback):
    def __init__(self):
        super(BatchLogs, self).__init__()
        self.logs = []

    def on_batch_end(self, batch, logs=None):
        self.logs.append(dict(logs))


class WeightsAtEpochEnd(Callback):
    def __init__(self):
        super(WeightsAtEpochEnd, self).__init__()
        self.weights = []

    def on_epoch_end(self, epoch, logs=None):
        self.weights.append([w.copy() for w in self.model.get_weights()])


@TRAINING
def test_epoch_scalars_match_the_history(tmp_path):
    x, y = _data()
    model = _linear()
    history = model.fit(x, y, batch_size=4, epochs=3, verbose=0,
                        validation_data=(x, y),
                        callbacks=[TensorBoard(str(tmp_path))])
    events = _read(tmp_path)
    assert sorted(events.Tags()['scalars']) == ['loss', 'mae', 'val_loss',
                                                'val_mae']
    for tag, values in history.history.items():
        steps, logged = zip(*_scalars(events, tag))
        assert steps == (0, 1, 2)
        np.testing.assert_allclose(logged, values, rtol=1e-6)


@TRAINING
@pytest.mark.parametrize('update_freq', ['batch', 4])
def test_batch_scalars_are_stepped_by_samples_seen(tmp_path, update_freq):
    x, y = _data()
    model = _linear()
    batches = BatchLogs()
    history = model.fit(x, y, batch_size=3, epochs=2, verbose=0,
                        callbacks=[batches, TensorBoard(
                            str(tmp_path), update_freq=update_freq)])
    # Batches of 3, 3, 3, 1 samples: seen after each 3, 6, 9, 10, 13, ...
    seen = np.cumsum([log['size'] for log in batches.logs])
    if update_freq == 'batch':
        written = list(range(len(seen)))
    else:  # after at least 4 samples since the last write: 6, 10, 16, 20
        written = [1, 3, 5, 7]
    expected = [(int(seen[i]), batches.logs[i]['loss']) for i in written]
    # Each epoch's end writes the epoch logs at the samples seen so far.
    for epoch, end in enumerate((10, 20)):
        expected.append((end, history.history['loss'][epoch]))
    logged = _scalars(_read(tmp_path), 'loss')
    assert [step for step, _ in logged] == sorted(s for s, _ in expected)
    by_step = sorted(expected, key=lambda pair: pair[0])
    np.testing.assert_allclose([v for _, v in logged],
                               [v for _, v in by_step], rtol=1e-6)


def _histogram(events, tag):
    return [(event.step, event.histogram_value)
            for event in events.Histograms(tag)]


def _check_histogram(histogram, values):
    values = np.asarray(values, dtype=np.float64).ravel()
    assert histogram.num == values.size
    np.testing.assert_allclose(
        [histogram.min, histogram.max, histogram.sum, histogram.sum_squares],
        [values.min(), values.max(), values.sum(), (values ** 2).sum()],
        rtol=1e-5, atol=1e-5)
    assert sum(histogram.bucket) == values.size


@TRAINING
def test_histograms_of_weights_outputs_and_gradients(tmp_path):
    x, y = _data()
    x_val, y_val = x[:6] * 2, y[:6] - 1
    model = _linear()
    weights = WeightsAtEpochEnd()
    model.fit(x, y, batch_size=5, epochs=3, verbose=0,
              validation_data=(x_val, y_val),
              callbacks=[weights, TensorBoard(
                  str(tmp_path), histogram_freq=2, batch_size=6,
                  write_grads=True)])
    events = _read(tmp_path)
    assert sorted(events.Tags()['histograms']) == sorted([
        'linear/kernel_0', 'linear/bias_0', 'linear_out',
        'linear/kernel_0_grad', 'linear/bias_0_grad'])
    for tag in events.Tags()['histograms']:
        assert [step for step, _ in _histogram(events, tag)] == [0, 2]
    for index, epoch in enumerate((0, 2)):
        kernel, bias = weights.weights[epoch]
        _check_histogram(_histogram(events, 'linear/kernel_0')[index][1],
                         kernel)
        _check_histogram(_histogram(events, 'linear/bias_0')[index][1],
                         bias)
        prediction = x_val.dot(kernel) + bias
        _check_histogram(_histogram(events, 'linear_out')[index][1],
                         prediction)
        # mse = mean((x w + b - y)^2): d/dw = 2 x^T r / n, d/db = 2 sum r / n
        residual = prediction - y_val
        _check_histogram(_histogram(events, 'linear/kernel_0_grad')
                         [index][1], 2 * x_val.T.dot(residual) / len(x_val))
        _check_histogram(_histogram(events, 'linear/bias_0_grad')[index][1],
                         [2 * residual.sum() / len(x_val)])


@TRAINING
def test_histograms_need_validation_data(tmp_path):
    x, y = _data()
    with pytest.raises(ValueError, match='validation_data must be provided'):
        _linear().fit(x, y, epochs=1, verbose=0, callbacks=[
            TensorBoard(str(tmp_path), histogram_freq=1)])


def test_output_histograms_by_hand_on_every_backend(tmp_path):
    x, y = _data()
    model = _linear()
    callback = TensorBoard(str(tmp_path), histogram_freq=1, batch_size=4)
    callback.set_model(model)
    # Three validation batches of 4, 4, 2 rows, all written at the epoch.
    callback.validation_data = [x, y, np.ones(len(x), dtype='float32')]
    if model._uses_dynamic_learning_phase():
        callback.validation_data.append(0)
    callback.on_epoch_end(0, {'loss': 1.25})
    callback.on_train_end()
    events = _read(tmp_path)
    kernel, bias = model.get_weights()
    outputs = _histogram(events, 'linear_out')
    assert [step for step, _ in outputs] == [0, 0, 0]
    for (_, histogram), rows in zip(outputs, (slice(0, 4), slice(4, 8),
                                              slice(8, 10))):
        _check_histogram(histogram, x[rows].dot(kernel) + bias)
    assert _scalars(events, 'loss') == [(0, 1.25)]


def test_weight_images_scaled_as_tensorflow_did(tmp_path):
    model = Sequential([Dense(3, input_shape=(2,), name='first'),
                        Dense(2, name='second')])
    kernel = np.array([[-2., 0., 1.], [0.5, 2., -1.]], dtype='float32')
    bias = np.array([0., 1., 3.], dtype='float32')
    kernel_2 = np.array([[1., 0.], [2., 0.], [4., 1.]], dtype='float32')
    model.set_weights([kernel, bias, kernel_2, np.zeros(2, 'float32')])
    callback = TensorBoard(str(tmp_path), write_images=True,
                           write_graph=False)
    callback.set_model(model)
    callback.on_epoch_end(0, {})
    callback.on_train_end()
    events = _read(tmp_path)

    def pixels(tag):
        (event,) = events.Images(tag)
        image = Image.open(io.BytesIO(event.encoded_image_string))
        assert (image.height, image.width) == (event.height, event.width)
        return np.asarray(image)

    # Negative values: 0 -> 128, the largest magnitude (2) -> 128 +- 127.
    np.testing.assert_array_equal(
        pixels('first/kernel_0/image/0'),
        np.trunc(kernel * 127. / 2. + 128.).astype('uint8'))
    # Non-negative: the largest maps to 255; a bias is a column.
    np.testing.assert_array_equal(pixels('first/bias_0/image/0'),
                                  [[0], [85], [255]])
    # A tall kernel is shown transposed.
    np.testing.assert_array_equal(pixels('second/kernel_0/image/0'),
                                  [[63, 127, 255], [0, 0, 63]])


def test_graph_has_a_node_per_layer_with_its_inputs(tmp_path):
    left = Input((2,), name='left')
    right = Input((3,), name='right')
    merged = Concatenate(name='merge')([Dense(4, name='dense_l')(left),
                                        right])
    model = Model([left, right], Dense(1, name='head')(merged))
    callback = TensorBoard(str(tmp_path))
    callback.set_model(model)
    callback.on_train_end()
    graph = _read(tmp_path).Graph()
    nodes = {node.name: (node.op, list(node.input)) for node in graph.node}
    assert nodes == {'left': ('InputLayer', []),
                     'right': ('InputLayer', []),
                     'dense_l': ('Dense', ['left']),
                     'merge': ('Concatenate', ['dense_l', 'right']),
                     'head': ('Dense', ['merge'])}


def test_no_graph_without_write_graph(tmp_path):
    callback = TensorBoard(str(tmp_path), write_graph=False)
    callback.set_model(_linear())
    callback.on_epoch_end(0, {'loss': 2.})
    callback.on_train_end()
    events = _read(tmp_path)
    assert not events.Tags()['graph']
    assert _scalars(events, 'loss') == [(0, 2.)]


def test_embeddings_written_as_tsv_named_by_the_projector_config(tmp_path):
    model = Sequential([Embedding(5, 2, input_length=3, name='words'),
                        Flatten(), Dense(1)])
    data = np.array([[0, 1, 2], [4, 4, 3], [1, 0, 0]])
    callback = TensorBoard(str(tmp_path), batch_size=2, embeddings_freq=2,
                           embeddings_data=data,
                           embeddings_metadata='words.tsv')
    callback.set_model(model)
    config = text_format.Parse(
        (tmp_path / 'projector_config.pbtxt').read_text(), ProjectorConfig())
    (embedding,) = config.embeddings
    assert embedding.tensor_name == 'words_embedding'
    assert embedding.tensor_path == 'keras_embedding_words.tsv'
    assert embedding.metadata_path == 'words.tsv'
    assert list(embedding.tensor_shape) == [3, 6]
    tsv = tmp_path / 'keras_embedding_words.tsv'
    callback.on_epoch_end(1, {})
    assert not tsv.exists()
    callback.on_epoch_end(2, {})
    callback.on_train_end()
    table = model.layers[0].get_weights()[0]
    expected = table[data].reshape(3, 6)
    np.testing.assert_allclose(np.loadtxt(str(tsv), delimiter='\t'),
                               expected, rtol=1e-6)


def test_embeddings_need_data_and_an_embedding_layer(tmp_path):
    callback = TensorBoard(str(tmp_path), embeddings_freq=1)
    with pytest.raises(ValueError, match='embeddings_data must be provided'):
        callback.set_model(_linear())
    callback = TensorBoard(str(tmp_path), embeddings_freq=1,
                           embeddings_data=np.zeros((2, 2)))
    with pytest.raises(ValueError, match='no Embedding layer'):
        callback.set_model(_linear())


@pytest.mark.parametrize('arguments, message', [
    ({'update_freq': 'sometimes'}, "update_freq must be 'batch', 'epoch'"),
    ({'update_freq': 0}, 'received 0'),
    ({'histogram_freq': -1}, 'histogram_freq must be a non-negative'),
    ({'embeddings_freq': 1.5}, 'embeddings_freq must be a non-negative'),
])
def test_bad_arguments_are_refused(tmp_path, arguments, message):
    with pytest.raises(ValueError, match=message):
        TensorBoard(str(tmp_path), **arguments)


def test_write_grads_needs_a_backend_with_gradients(tmp_path):
    if K.backend() == 'numpy':
        with pytest.raises(ValueError, match='write_grads=True needs'):
            TensorBoard(str(tmp_path), write_grads=True)
    else:
        assert TensorBoard(str(tmp_path), write_grads=True).write_grads


def test_event_file_is_named_as_tensorboard_expects(tmp_path):
    callback = TensorBoard(str(tmp_path / 'logs'))
    callback.set_model(_linear())
    callback.on_train_end()
    names = os.listdir(str(tmp_path / 'logs'))
    assert len(names) == 1 and names[0].startswith('events.out.tfevents.')


def test_convolution_kernels_are_one_image_per_filter(tmp_path):
    from keras.layers import Conv2D
    if K.image_data_format() != 'channels_last':
        pytest.skip('the kernel layout below is channels_last')
    model = Sequential([Conv2D(2, (2, 3), input_shape=(4, 4, 1),
                               name='conv')])
    kernel = np.arange(12, dtype='float32').reshape(2, 3, 1, 2)
    model.set_weights([kernel, np.zeros(2, 'float32')])
    callback = TensorBoard(str(tmp_path), write_images=True)
    callback.set_model(model)
    callback.on_epoch_end(0, {})
    callback.on_train_end()
    events = _read(tmp_path)
    for index in range(2):
        (event,) = events.Images('conv/kernel_0/image/%d' % index)
        image = np.asarray(Image.open(io.BytesIO(
            event.encoded_image_string)))
        # Each image scaled on its own: its largest weight maps to 255.
        weights = kernel[:, :, 0, index]
        np.testing.assert_array_equal(
            image, np.trunc(weights * 255. / weights.max()))
