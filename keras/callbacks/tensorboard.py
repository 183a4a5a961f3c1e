"""`TensorBoard`: writes the training metrics, weight and gradient
histograms, weight images, the layer graph and embeddings where TensorBoard
shows them, on every backend, with the `tensorboard` package's own event
writer (see `tensorboard_summaries`)."""
import os

import numpy as np

from keras import backend as K
from keras.backend.base import BACKENDS_THAT_TRAIN
from keras.callbacks import tensorboard_summaries as summaries
from keras.callbacks.base_callback import Callback

EMBEDDING_TSV = 'keras_embedding_%s.tsv'


def _tag(weight):
    """The tag Keras 2 on TensorFlow gave a weight: its tensor name
    (`dense_1/kernel:0`) with ':' made '_'."""
    name = weight.name if ':' in weight.name else weight.name + ':0'
    return name.replace(':', '_')


def _weight_image(value):
    """A weight as a `(n, height, width, 1)` image batch, laid out as Keras
    2 did: a kernel matrix wider than tall, a 2D convolution's kernels one
    image per output channel, a bias a column; None for other shapes."""
    value = np.squeeze(np.asarray(value))
    if value.ndim == 2:
        if value.shape[0] > value.shape[1]:
            value = value.T
        return value.reshape((1,) + value.shape + (1,))
    if value.ndim == 3:
        if K.image_data_format() == 'channels_last':
            value = np.transpose(value, (2, 0, 1))
        return value.reshape(value.shape + (1,))
    if value.ndim == 1:
        return value.reshape((1, value.shape[0], 1, 1))
    return None


class TensorBoard(Callback):
    """Writes logs for TensorBoard (`tensorboard --logdir=./logs`).

    # Arguments
        log_dir: the directory of the event files.
        histogram_freq: every how many epochs to write histograms of the
            weights and layer outputs (and gradients, with `write_grads`),
            computed on the validation data, which is then required; 0
            writes none.
        batch_size: the batch size for the validation data (histograms)
            and `embeddings_data`.
        write_graph: whether to write the model's graph: a node per layer
            with its inbound layers as inputs.
        write_grads: whether to add histograms of the gradients of the loss
            with respect to the trainable weights (`histogram_freq` > 0).
        write_images: whether to write the weights as images, at the
            histogram epochs (every epoch when `histogram_freq` is 0:
            Keras 2 then wrote none).
        embeddings_freq: every how many epochs to save the outputs of the
            embedding layers on `embeddings_data`; 0 saves none.
        embeddings_layer_names: the layers whose outputs to save (default:
            every `Embedding` layer).
        embeddings_metadata: a metadata file name for every layer, or a
            dict from layer name to file name (see TensorBoard's projector).
        embeddings_data: the model inputs to compute the embeddings on.
        update_freq: 'epoch' writes the metrics at the end of each epoch
            (step: the epoch), 'batch' after each batch, an integer after
            that many samples (step: the samples seen).

    Keras 2 saved embeddings in a TensorFlow checkpoint; a checkpoint needs
    TensorFlow's own saver, so here they are TSV files
    (`keras_embedding_<layer>.tsv`, rewritten at each save) that
    `projector_config.pbtxt` names as each embedding's `tensor_path`, which
    the projector reads in place of a checkpoint.
    """

    def __init__(self, log_dir='./logs', histogram_freq=0, batch_size=32,
                 write_graph=True, write_grads=False, write_images=False,
                 embeddings_freq=0, embeddings_layer_names=None,
                 embeddings_metadata=None, embeddings_data=None,
                 update_freq='epoch'):
        super(TensorBoard, self).__init__()
        summaries.require_tensorboard()
        if update_freq not in ('batch', 'epoch') and not (
                isinstance(update_freq, (int, np.integer)) and
                not isinstance(update_freq, bool) and update_freq > 0):
            raise ValueError("update_freq must be 'batch', 'epoch' or a "
                             "positive integer; received %r." % (update_freq,))
        for name, value in (('histogram_freq', histogram_freq),
                            ('embeddings_freq', embeddings_freq)):
            if isinstance(value, bool) or not isinstance(
                    value, (int, np.integer)) or value < 0:
                raise ValueError('%s must be a non-negative integer; '
                                 'received %r.' % (name, value))
        if write_grads and K.backend() not in BACKENDS_THAT_TRAIN:
            raise ValueError(
                'write_grads=True needs the gradients of the loss, which the '
                '%s backend cannot compute (no automatic differentiation); '
                'backends with gradients: %s.'
                % (K.backend(), ', '.join(BACKENDS_THAT_TRAIN)))
        self.log_dir = log_dir
        self.histogram_freq = histogram_freq
        self.batch_size = batch_size
        self.write_graph = write_graph
        self.write_grads = write_grads
        self.write_images = write_images
        self.embeddings_freq = embeddings_freq
        self.embeddings_layer_names = embeddings_layer_names
        self.embeddings_metadata = embeddings_metadata or {}
        self.embeddings_data = embeddings_data
        self.update_freq = 1 if update_freq == 'batch' else update_freq
        self.samples_seen = 0
        self.samples_seen_at_last_write = 0
        self.writer = None

    def set_model(self, model):
        self.model = model
        if self.embeddings_freq and self.embeddings_data is None:
            raise ValueError('To visualize embeddings, embeddings_data must '
                             'be provided.')
        if self.writer is None:
            self.writer = summaries.open_writer(self.log_dir)
        if self.write_graph:
            summaries.write_graph(self.writer, summaries.layer_graph(model))
        self._histogram_function = None
        self._embedding_function = None
        if self.embeddings_freq:
            self._set_embeddings(model)
        self.writer.flush()

    # Histograms and images.

    def _weights(self):
        return [(weight, _tag(weight)) for layer in self.model.layers
                for weight in layer.weights]

    def _gradient_weights(self):
        if not self.write_grads:
            return []
        trainable = {id(w) for w in self.model.trainable_weights}
        return [(weight, tag) for weight, tag in self._weights()
                if id(weight) in trainable]

    def _outputs(self):
        tagged = []
        for layer in self.model.layers:
            output = layer.output
            if isinstance(output, list):
                tagged += [(out, '%s_out_%d' % (layer.name, i))
                           for i, out in enumerate(output)]
            else:
                tagged.append((output, '%s_out' % layer.name))
        return tagged

    def _make_histogram_function(self):
        """One function of the fed inputs (targets and sample weights too
        when gradients are wanted) returning layer outputs and gradients."""
        outputs = [tensor for tensor, _ in self._outputs()]
        tags = [tag for _, tag in self._outputs()]
        gradient_weights = self._gradient_weights()
        if gradient_weights:
            gradients = K.gradients(self.model.total_loss,
                                    [w for w, _ in gradient_weights])
            for gradient, (_, tag) in zip(gradients, gradient_weights):
                if gradient is not None:
                    outputs.append(gradient)
                    tags.append(tag + '_grad')
        feeds = self.model._feed_list(with_targets=bool(gradient_weights))
        function = K.function(feeds, outputs)
        self._histogram_function = (function, tags, bool(gradient_weights))

    def _validation_feeds(self, with_targets):
        """The validation arrays that the histogram function takes: the
        inputs, then targets and sample weights, then the learning phase."""
        data = list(self.validation_data)
        model = self.model
        phase = data[-1:] if model._uses_dynamic_learning_phase() else []
        arrays = data[:len(data) - len(phase)]
        expected = len(model._feed_inputs) + len(model._feed_targets) + \
            len(model._feed_sample_weights)
        if len(arrays) != expected:
            raise ValueError('TensorBoard expected %d validation arrays '
                             '(inputs, targets, sample weights); received '
                             '%d.' % (expected, len(arrays)))
        if not with_targets:
            arrays = arrays[:len(model._feed_inputs)]
        return arrays, phase

    def _write_histograms(self, epoch):
        if self._histogram_function is None:
            self._make_histogram_function()
        function, tags, with_targets = self._histogram_function
        arrays, phase = self._validation_feeds(with_targets)
        weights = self._weights()
        weight_values = K.batch_get_value([w for w, _ in weights])
        size = len(arrays[0])
        for start in range(0, size, self.batch_size):
            batch = [a[start:start + self.batch_size] for a in arrays]
            results = function(batch + phase)
            values = [summaries.histogram_value(tag, value)
                      for (_, tag), value in zip(weights, weight_values)]
            values += [summaries.histogram_value(tag, value)
                       for tag, value in zip(tags, results)]
            summaries.write_summary(self.writer, values, epoch)

    def _write_images(self, epoch):
        values = []
        for (weight, tag) in self._weights():
            image = _weight_image(K.get_value(weight))
            if image is not None:
                values += summaries.image_values(tag, image)
        summaries.write_summary(self.writer, values, epoch)

    # Embeddings.

    def _set_embeddings(self, model):
        names = self.embeddings_layer_names
        if names is None:
            names = [layer.name for layer in model.layers
                     if type(layer).__name__ == 'Embedding']
        if not names:
            raise ValueError('embeddings_freq is set but the model has no '
                             'Embedding layer; name the layers to show in '
                             'embeddings_layer_names.')
        layers = [model.get_layer(name) for name in names]
        metadata = self.embeddings_metadata
        if not isinstance(metadata, dict):
            metadata = {name: metadata for name in names}
        # Imported here: keras.engine imports keras.callbacks.
        from keras.engine.training_utils import standardize_input_data
        self._embedding_inputs = standardize_input_data(
            self.embeddings_data, model.input_names)
        count = len(self._embedding_inputs[0])
        self._embedding_layers = layers
        self._embedding_function = K.function(
            model._feed_list(with_targets=False),
            [layer.output for layer in layers])
        summaries.write_projector_config(self.log_dir, [
            (layer.name + '_embedding',
             (count, int(np.prod(K.int_shape(layer.output)[1:]))),
             EMBEDDING_TSV % layer.name, metadata.get(layer.name))
            for layer in layers])

    def _write_embeddings(self):
        phase = [0] if self.model._uses_dynamic_learning_phase() else []
        count = len(self._embedding_inputs[0])
        parts = [[] for _ in self._embedding_layers]
        for start in range(0, count, self.batch_size):
            batch = [a[start:start + self.batch_size]
                     for a in self._embedding_inputs]
            for part, value in zip(parts, self._embedding_function(
                    batch + phase)):
                part.append(np.asarray(value).reshape(len(batch[0]), -1))
        for layer, part in zip(self._embedding_layers, parts):
            summaries.write_tsv(
                os.path.join(self.log_dir, EMBEDDING_TSV % layer.name),
                np.concatenate(part))

    # Hooks.

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if not self.validation_data and self.histogram_freq:
            raise ValueError('If printing histograms, validation_data must '
                             'be provided, and cannot be a generator.')
        histogram_epoch = self.histogram_freq and \
            epoch % self.histogram_freq == 0
        if histogram_epoch:
            self._write_histograms(epoch)
        if self.write_images and (histogram_epoch or not self.histogram_freq):
            self._write_images(epoch)
        if self.embeddings_freq and epoch % self.embeddings_freq == 0:
            self._write_embeddings()
        step = epoch if self.update_freq == 'epoch' else self.samples_seen
        self._write_logs(logs, step)

    def on_batch_end(self, batch, logs=None):
        if self.update_freq == 'epoch':
            return
        logs = logs or {}
        self.samples_seen += logs.get('size', 1)
        if self.samples_seen - self.samples_seen_at_last_write >= \
                self.update_freq:
            self._write_logs(logs, self.samples_seen)
            self.samples_seen_at_last_write = self.samples_seen

    def _write_logs(self, logs, step):
        values = [summaries.scalar_value(name, np.asarray(value).item())
                  for name, value in logs.items()
                  if name not in ('batch', 'size')]
        summaries.write_summary(self.writer, values, step)
        self.writer.flush()

    def on_train_end(self, logs=None):
        if self.writer is not None:
            self.writer.close()
            self.writer = None
