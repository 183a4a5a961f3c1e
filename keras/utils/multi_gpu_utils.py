"""Data parallelism as Keras 2.3.1 did it: one replica of a model per GPU,
each on a slice of the batch, outputs joined along the batch axis."""
from keras import backend as K
from keras.backend.active import current
from keras.backend.symbolic.devices import device_scope
from keras.backend.symbolic.devices import normalize_device_name
from keras.engine.training import Model
from keras.layers.core.lambda_layer import Lambda
from keras.layers.merge import concatenate
from keras.utils.generic_utils import to_list


def multi_gpu_model(model, gpus=None, cpu_merge=True, cpu_relocation=False):
    """Replicates a model on several GPUs (data parallelism).

    Each input batch is split into one slice per GPU; a replica of `model`
    runs on each slice and the outputs are concatenated along the batch
    axis into one batch. A batch of 64 on `gpus=2` gives each replica 32
    samples; a batch that does not divide evenly gives the remainder to
    the last replica.

    The replicas call `model` itself, so they share its weights: train the
    returned model, then save the template (`model.save(...)`), not the
    returned model, whose extra slicing layers hold Python functions.

    Devices are discovered per backend: `tf.config.list_logical_devices
    ('GPU')` (tensorflow), `jax.devices('gpu')` (jax),
    `torch.cuda.device_count()` (torch); the theano (PyTensor) and numpy
    backends run on the CPU only, so they always raise the error below.

    Each replica's ops are recorded on its GPU, and each backend places
    them with its own engine: tensorflow runs them under `tf.device`, as
    2.3.1 did; torch copies each replica's operands (its batch slice and
    the shared weights) to `cuda:<id>` and computes there, gradients
    flowing back to the weights' device; jax shards the batch across the
    GPUs and lets XLA's SPMD partitioner split the computation (the
    weights are replicated). Results and weight updates equal those of
    the template on the whole batch.

    # Arguments
        model: a Keras model (functional or Sequential).
        gpus: an integer >= 2, the number of GPUs to use (ids 0 to
            gpus - 1), or a list of at least two GPU ids. None: every GPU
            found.
        cpu_merge: whether to concatenate the replica outputs on the CPU
            (tensorflow and torch; on jax XLA chooses where).
        cpu_relocation: as in 2.3.1, build the replicas from a copy of
            `model` (`clone_model`, its weights copied from `model`)
            whose weights are created on the CPU, instead of `model`
            itself; the returned model then shares the copy's weights,
            not those of `model`.

    # Returns
        A Keras `Model` with the inputs of `model` and one output per
        output of `model`.

    # Raises
        ValueError: if fewer than 2 GPUs are requested, or if the
            requested GPUs are not all available.
    """
    available_devices = available_device_names()
    if not gpus:
        # Every visible GPU, as with CUDA_VISIBLE_DEVICES=0,2 python ...
        gpus = len([name for name in available_devices if 'gpu' in name])
    if isinstance(gpus, (list, tuple)):
        if len(gpus) <= 1:
            raise ValueError('For multi-gpu usage to be effective, '
                             'call `multi_gpu_model` with `len(gpus) >= 2`. '
                             'Received: `gpus=%s`' % (gpus,))
        target_gpu_ids = list(gpus)
    else:
        if gpus <= 1:
            raise ValueError('For multi-gpu usage to be effective, '
                             'call `multi_gpu_model` with `gpus >= 2`. '
                             'Received: `gpus=%d`' % gpus)
        target_gpu_ids = list(range(gpus))
    target_devices = ['/cpu:0'] + ['/gpu:%d' % i for i in target_gpu_ids]
    for device in target_devices:
        if device not in available_devices:
            raise ValueError(
                'To call `multi_gpu_model` with `gpus=%s`, '
                'we expect the following devices to be available: %s. '
                'However this machine only has: %s. '
                'Try reducing `gpus`.' % (gpus, target_devices,
                                          available_devices))
    if cpu_relocation:
        model = _relocated_copy(model)
    return build_data_parallel(model, target_devices[1:],
                               merge_device='/cpu:0' if cpu_merge else None)


def available_device_names():
    """The devices of the active backend, named as 2.3.1 normalised
    TensorFlow's: `['/cpu:0', '/gpu:0', '/gpu:1', ...]`."""
    return ['/cpu:0'] + ['/gpu:%d' % i for i in range(_gpu_count())]


def _gpu_count():
    return current().device_count('gpu')


def _relocated_copy(model):
    from keras.models import clone_model
    with current().placement('/cpu:0'):
        copy = clone_model(model)
    copy.set_weights(model.get_weights())
    return copy


def get_slice(data, i, parts):
    """Slice `i` of `parts` of `data` along the batch axis; the last slice
    takes the remainder of an uneven batch."""
    batch_size = K.shape(data)[0]
    step = batch_size // parts
    start = step * i
    stop = batch_size if i == parts - 1 else step * (i + 1)
    return data[start:stop]


def build_data_parallel(model, devices, merge_device=None):
    """The data-parallel model of `model` over `devices` (a list of at
    least one device name such as '/gpu:0' or '/cpu:0'): one input slice
    and one replica per device, recorded on that device, outputs
    concatenated along the batch axis (on `merge_device` when given).

    `multi_gpu_model` calls it with the GPUs it checked; tests call it
    with CPU device names.
    """
    parts = len(devices)
    if parts < 1:
        raise ValueError('`devices` must name at least one device; '
                         'received %r.' % (devices,))
    devices = [normalize_device_name(name) for name in devices]
    all_outputs = [[] for _ in model.outputs]
    for i, device in enumerate(devices):
        with device_scope(device):
            inputs = []
            for x in model.inputs:
                inputs.append(Lambda(get_slice,
                                     output_shape=K.int_shape(x)[1:],
                                     arguments={'i': i, 'parts': parts})(x))
            outputs = to_list(model(inputs if len(inputs) > 1
                                    else inputs[0]))
        for index, output in enumerate(outputs):
            all_outputs[index].append(output)
    merged = []
    with device_scope(merge_device):
        for name, outputs in zip(_unique_output_names(model.output_names),
                                 all_outputs):
            if len(outputs) == 1:
                merged.append(outputs[0])
            else:
                merged.append(concatenate(outputs, axis=0, name=name))
    return Model(model.inputs, merged)


def _unique_output_names(names):
    """Output names with `_1`, `_2`, ... added to repeated ones (a siamese
    model can list one output layer twice), as 2.3.1 named the merges."""
    repeated = {name for name in names if names.count(name) > 1}
    counts = dict.fromkeys(repeated, 0)
    unique = []
    for name in names:
        if name in counts:
            counts[name] += 1
            name = '%s_%d' % (name, counts[name])
        unique.append(name)
    return unique
