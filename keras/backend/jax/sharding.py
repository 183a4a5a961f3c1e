"""Data parallelism on jax: the batch split across devices by XLA.

A graph whose ops were recorded on several devices (multi_gpu_model's
replicas, symbolic/devices.py) runs as one jitted computation whose feeds
are sharded along the batch axis over those devices and whose variables
are replicated on each; XLA's SPMD partitioner then splits the work. jax
cannot pin single ops of one jitted computation to single devices, so
this is its own form of what `tf.device` per replica does on tensorflow.
"""
import jax
import numpy as np
from jax.sharding import Mesh
from jax.sharding import NamedSharding
from jax.sharding import PartitionSpec

from keras.backend.symbolic.devices import parse_device_name


def jax_device(device_name):
    """The jax device named '/cpu:0', '/gpu:1', ..."""
    kind, index = parse_device_name(device_name)
    try:
        found = jax.devices(kind)
    except RuntimeError:  # no backend of that platform
        found = []
    if index >= len(found):
        raise ValueError('Cannot place ops on %s: jax has %d %s device(s).'
                         % (device_name, len(found), kind.upper()))
    return found[index]


def device_count(kind):
    try:
        return len(jax.devices(kind))
    except RuntimeError:
        return 0


class BatchSharding(object):
    """Where a data-parallel plan's values go: feeds split along their
    first axis over the mesh, variables replicated. The variables' new
    values return to the default device after each call, so that the
    template model's own functions still run there."""

    def __init__(self, devices):
        self.size = len(devices)
        mesh = Mesh(np.array(devices), ('batch',))
        self.split = NamedSharding(mesh, PartitionSpec('batch'))
        self.replicated = NamedSharding(mesh, PartitionSpec())
        self.home = jax.devices()[0]

    def feed(self, value):
        shape = np.shape(value)
        if shape and shape[0] % self.size == 0:
            return jax.device_put(value, self.split)
        # A batch that does not divide evenly is computed whole on each
        # device: right, without the speed-up.
        return jax.device_put(value, self.replicated)

    def variable(self, value):
        return jax.device_put(value, self.replicated)

    def returned(self, value):
        if value.sharding.is_fully_replicated:
            for shard in value.addressable_shards:
                if shard.device == self.home:
                    return shard.data
        return jax.device_put(value, self.home)


def batch_sharding(plan):
    """The BatchSharding of a plan whose nodes name at least two devices
    (GPUs if any are named: a CPU merge cannot join a GPU mesh), else
    None."""
    names = plan.devices
    gpus = [name for name in names if parse_device_name(name)[0] == 'gpu']
    devices = []
    for name in gpus or names:
        device = jax_device(name)
        if device not in devices:
            devices.append(device)
    return BatchSharding(devices) if len(devices) > 1 else None
