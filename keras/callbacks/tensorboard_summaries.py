"""The TensorBoard records that `keras.callbacks.TensorBoard` writes, built
as the `tensorboard` package's own protocol buffers: scalar, histogram and
image summaries, a graph of the Keras layers and the embedding projector's
configuration. Every backend shares them; nothing here needs TensorFlow."""
import io
import os
import time

import numpy as np

try:
    from tensorboard.compat.proto.event_pb2 import Event
    from tensorboard.compat.proto.graph_pb2 import GraphDef
    from tensorboard.compat.proto.summary_pb2 import HistogramProto, Summary
    from tensorboard.plugins.projector.projector_config_pb2 import \
        ProjectorConfig
    from tensorboard.summary.writer.event_file_writer import EventFileWriter
except ImportError as error:  # pragma: no cover - depends on the install
    _IMPORT_ERROR = error
else:
    _IMPORT_ERROR = None

HISTOGRAM_BINS = 30
PROJECTOR_CONFIG = 'projector_config.pbtxt'


def require_tensorboard():
    if _IMPORT_ERROR is not None:
        raise ImportError('keras.callbacks.TensorBoard writes its event '
                          'files with the `tensorboard` package, which is '
                          'not installed (`pip install tensorboard`): %s'
                          % (_IMPORT_ERROR,))


def open_writer(log_dir):
    """An event file `events.out.tfevents.*` in `log_dir` (created)."""
    require_tensorboard()
    return EventFileWriter(log_dir)


def write_summary(writer, values, step):
    if values:
        writer.add_event(Event(wall_time=time.time(), step=int(step),
                               summary=Summary(value=values)))


def write_graph(writer, graph_def):
    writer.add_event(Event(wall_time=time.time(),
                           graph_def=graph_def.SerializeToString()))


def scalar_value(tag, value):
    return Summary.Value(tag=tag, simple_value=float(value))


def histogram_value(tag, values):
    """The distribution of `values` in HISTOGRAM_BINS equal buckets between
    their minimum and maximum; `bucket_limit` holds each right edge."""
    values = np.asarray(values, dtype=np.float64).ravel()
    if values.size == 0:
        counts, edges = np.zeros(0), np.zeros(1)
    else:
        counts, edges = np.histogram(values, bins=HISTOGRAM_BINS)
    proto = HistogramProto(
        min=float(values.min()) if values.size else 0.,
        max=float(values.max()) if values.size else 0.,
        num=float(values.size), sum=float(values.sum()),
        sum_squares=float(np.dot(values, values)),
        bucket_limit=[float(e) for e in edges[1:]],
        bucket=[float(c) for c in counts])
    return Summary.Value(tag=tag, histo=proto)


def to_uint8_image(image):
    """Float pixels to bytes as `tf.summary.image` scales them: all
    non-negative, the largest maps to 255; otherwise 0 maps to 128 and the
    largest magnitude to 127 away from it (truncated, as a cast does)."""
    image = np.asarray(image, dtype=np.float64)
    low, high = image.min(), image.max()
    if low >= 0:
        scale, offset = (255. / high if high > 0 else 0.), 0.
    else:
        largest = max(abs(low), abs(high))
        scale, offset = 127. / largest, 128.
    return np.clip(image * scale + offset, 0, 255).astype(np.uint8)


def image_values(tag, images, max_outputs=3):
    """PNG image summaries of a `(n, height, width, channels)` batch with
    channels 1, 3 or 4, tagged `tag/image/i` for the first `max_outputs`
    (as `tf.summary.image` tags them)."""
    from PIL import Image
    images = np.asarray(images)
    if images.ndim != 4 or images.shape[-1] not in (1, 3, 4):
        raise ValueError('An image summary needs a batch of shape (n, '
                         'height, width, 1|3|4); received shape %s.'
                         % (images.shape,))
    values = []
    modes = {1: 'L', 3: 'RGB', 4: 'RGBA'}
    for index, image in enumerate(images[:max_outputs]):
        pixels = to_uint8_image(image)
        channels = pixels.shape[-1]
        if channels == 1:
            pixels = pixels[:, :, 0]
        buffer = io.BytesIO()
        Image.fromarray(pixels, mode=modes[channels]).save(buffer,
                                                           format='PNG')
        values.append(Summary.Value(
            tag='%s/image/%d' % (tag, index),
            image=Summary.Image(height=image.shape[0], width=image.shape[1],
                                colorspace=channels,
                                encoded_image_string=buffer.getvalue())))
    return values


def layer_graph(model):
    """A GraphDef with a node per Keras layer (its name, its class as the
    op, the layers feeding it as inputs): the model as Keras draws it,
    since only TensorFlow has a graph of its own to show."""
    graph = GraphDef()
    seen = set()
    layers = list(getattr(model, '_input_layers', [])) + list(model.layers)
    for layer in layers:
        if layer.name in seen:
            continue
        seen.add(layer.name)
        node = graph.node.add(name=layer.name, op=type(layer).__name__)
        for inbound in getattr(layer, '_inbound_nodes', []):
            for source in inbound.inbound_layers:
                if source is not None and source.name not in node.input:
                    node.input.append(source.name)
    return graph


def write_projector_config(log_dir, embeddings):
    """Writes `projector_config.pbtxt` for `embeddings`, a list of
    `(tensor_name, shape, tensor_path, metadata_path or None)`: the
    projector reads tensors from the TSV files when `tensor_path` is set."""
    from google.protobuf import text_format
    config = ProjectorConfig()
    for tensor_name, shape, tensor_path, metadata_path in embeddings:
        embedding = config.embeddings.add(tensor_name=tensor_name,
                                          tensor_shape=list(shape),
                                          tensor_path=tensor_path)
        if metadata_path:
            embedding.metadata_path = metadata_path
    with open(os.path.join(log_dir, PROJECTOR_CONFIG), 'w') as handle:
        handle.write(text_format.MessageToString(config))


def write_tsv(path, matrix):
    np.savetxt(path, np.asarray(matrix, dtype=np.float64).reshape(
        len(matrix), -1), delimiter='\t', fmt='%.9g')
