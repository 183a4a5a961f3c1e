"""The mnist_mlp training step written by hand in each framework, as the
baseline that Keras is timed against.

Each builder takes the layer sizes (mnist_mlp's by default) and returns
`step(x_batch, y_batch) -> (loss, accuracy)` as Python floats, doing the
same work as one Keras 2.3.1 train function call:

- forward: 784-512-512-10, relu, dropout 0.2 after each hidden layer
  (keep mask from a uniform draw, scaled by 1/0.8), softmax;
- loss: Keras's categorical crossentropy (probabilities renormalised,
  clipped to [1e-7, 1 - 1e-7], -sum(y log p)), averaged over the batch;
- batch accuracy (argmax match);
- RMSprop as Keras 2.3.1 writes it: a = rho*a + (1-rho)*g^2;
  p -= lr * g / (sqrt(a) + 1e-7), lr 0.001, rho 0.9.

Weights start as Keras's defaults (glorot uniform kernels, zero biases).
"""
import numpy as np

LAYER_SIZES = (784, 512, 512, 10)
DROPOUT_RATE = 0.2
LEARNING_RATE = 0.001
RHO = 0.9
EPSILON = 1e-7


def initial_weights(sizes=LAYER_SIZES, seed=0):
    """[kernel0, bias0, kernel1, bias1, ...] as float32 arrays."""
    rng = np.random.RandomState(seed)
    weights = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        limit = np.sqrt(6. / (fan_in + fan_out))
        weights.append(rng.uniform(-limit, limit, (fan_in, fan_out))
                       .astype('float32'))
        weights.append(np.zeros(fan_out, 'float32'))
    return weights


def build_jax_step(sizes=LAYER_SIZES):
    import jax
    import jax.numpy as jnp

    def forward_loss(params, key, x, y):
        h = x
        for i in range(0, len(params) - 2, 2):
            h = jax.nn.relu(h @ params[i] + params[i + 1])
            key, sub = jax.random.split(key)
            keep = jax.random.uniform(sub, h.shape) >= DROPOUT_RATE
            h = jnp.where(keep, h / (1. - DROPOUT_RATE), 0.)
        probs = jax.nn.softmax(h @ params[-2] + params[-1])
        probs = probs / jnp.sum(probs, axis=-1, keepdims=True)
        probs = jnp.clip(probs, EPSILON, 1. - EPSILON)
        loss = jnp.mean(-jnp.sum(y * jnp.log(probs), axis=-1))
        return loss, probs

    def train_step(params, accums, base_key, step_index, x, y):
        key = jax.random.fold_in(base_key, step_index)
        (loss, probs), grads = jax.value_and_grad(
            forward_loss, has_aux=True)(params, key, x, y)
        new_params, new_accums = [], []
        for p, a, g in zip(params, accums, grads):
            a = RHO * a + (1. - RHO) * jnp.square(g)
            new_params.append(p - LEARNING_RATE * g / (jnp.sqrt(a) + EPSILON))
            new_accums.append(a)
        accuracy = jnp.mean(
            (jnp.argmax(probs, -1) == jnp.argmax(y, -1)).astype(jnp.float32))
        return new_params, new_accums, loss, accuracy

    jitted = jax.jit(train_step, donate_argnums=(0, 1))
    state = {'params': [jnp.asarray(w) for w in initial_weights(sizes)],
             'step': 0}
    state['accums'] = [jnp.zeros_like(p) for p in state['params']]
    base_key = jax.random.PRNGKey(0)

    def step(x, y):
        state['params'], state['accums'], loss, accuracy = jitted(
            state['params'], state['accums'], base_key,
            np.int32(state['step']), x, y)
        state['step'] += 1
        return float(loss), float(accuracy)
    return step


def build_tensorflow_step(sizes=LAYER_SIZES):
    import tensorflow as tf

    params = [tf.Variable(w) for w in initial_weights(sizes)]
    accums = [tf.Variable(tf.zeros_like(w)) for w in params]
    spec = [tf.TensorSpec((None, sizes[0]), tf.float32),
            tf.TensorSpec((None, sizes[-1]), tf.float32)]

    @tf.function(input_signature=spec)
    def train_step(x, y):
        with tf.GradientTape() as tape:
            h = x
            for i in range(0, len(params) - 2, 2):
                h = tf.nn.relu(tf.matmul(h, params[i]) + params[i + 1])
                keep = tf.random.uniform(tf.shape(h)) >= DROPOUT_RATE
                h = tf.where(keep, h / (1. - DROPOUT_RATE), 0.)
            probs = tf.nn.softmax(tf.matmul(h, params[-2]) + params[-1])
            probs = probs / tf.reduce_sum(probs, axis=-1, keepdims=True)
            probs = tf.clip_by_value(probs, EPSILON, 1. - EPSILON)
            loss = tf.reduce_mean(-tf.reduce_sum(y * tf.math.log(probs), -1))
        grads = tape.gradient(loss, params)
        for p, a, g in zip(params, accums, grads):
            a.assign(RHO * a + (1. - RHO) * tf.square(g))
            p.assign_sub(LEARNING_RATE * g / (tf.sqrt(a) + EPSILON))
        accuracy = tf.reduce_mean(tf.cast(
            tf.equal(tf.argmax(probs, -1), tf.argmax(y, -1)), tf.float32))
        return loss, accuracy

    def step(x, y):
        loss, accuracy = train_step(x, y)
        return float(loss.numpy()), float(accuracy.numpy())
    return step


def build_torch_step(sizes=LAYER_SIZES):
    import torch

    params = [torch.tensor(w, requires_grad=True)
              for w in initial_weights(sizes)]
    accums = [torch.zeros_like(p) for p in params]

    def step(x, y):
        x = torch.from_numpy(x)
        y = torch.from_numpy(y)
        h = x
        for i in range(0, len(params) - 2, 2):
            h = torch.relu(h @ params[i] + params[i + 1])
            keep = torch.rand(h.shape) >= DROPOUT_RATE
            h = torch.where(keep, h / (1. - DROPOUT_RATE), 0.)
        probs = torch.softmax(h @ params[-2] + params[-1], dim=-1)
        probs = probs / probs.sum(dim=-1, keepdim=True)
        probs = probs.clamp(EPSILON, 1. - EPSILON)
        loss = (-(y * probs.log()).sum(dim=-1)).mean()
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, a, g in zip(params, accums, grads):
                a.mul_(RHO).add_((1. - RHO) * g * g)
                p.sub_(LEARNING_RATE * g / (a.sqrt() + EPSILON))
            accuracy = (probs.argmax(-1) == y.argmax(-1)).float().mean()
        return loss.item(), accuracy.item()
    return step


def build_theano_step(sizes=LAYER_SIZES, mode='CVM'):
    """`mode` 'CVM' is Theano's FAST_RUN (C code, all rewrites), what
    Keras's KERAS_PYTENSOR_MODE=FAST_RUN compiles with; PyTensor 3's own
    'FAST_RUN' links with numba instead."""
    import pytensor
    import pytensor.tensor as pt
    from pytensor.compile.mode import get_mode
    from pytensor.tensor.random.utils import RandomStream

    srng = RandomStream(seed=0)
    params = [pytensor.shared(w) for w in initial_weights(sizes)]
    accums = [pytensor.shared(np.zeros_like(w.get_value())) for w in params]
    x = pt.matrix('x', dtype='float32')
    y = pt.matrix('y', dtype='float32')
    h = x
    for i in range(0, len(params) - 2, 2):
        h = pt.maximum(pt.dot(h, params[i]) + params[i + 1], 0.)
        keep = srng.uniform(size=h.shape, dtype='float32') >= DROPOUT_RATE
        h = pt.switch(keep, h / np.float32(1. - DROPOUT_RATE), 0.)
    probs = pt.special.softmax(pt.dot(h, params[-2]) + params[-1], axis=-1)
    probs = probs / probs.sum(axis=-1, keepdims=True)
    probs = pt.clip(probs, np.float32(EPSILON), np.float32(1. - EPSILON))
    loss = pt.mean(-pt.sum(y * pt.log(probs), axis=-1))
    grads = pytensor.grad(loss, params)
    updates = []
    for p, a, g in zip(params, accums, grads):
        new_a = np.float32(RHO) * a + np.float32(1. - RHO) * pt.sqr(g)
        updates.append((a, new_a))
        updates.append((p, p - np.float32(LEARNING_RATE) * g /
                        (pt.sqrt(new_a) + np.float32(EPSILON))))
    accuracy = pt.mean(pt.cast(pt.eq(pt.argmax(probs, -1),
                                     pt.argmax(y, -1)), 'float32'))
    train_step = pytensor.function([x, y], [loss, accuracy], updates=updates,
                                   mode=get_mode(mode))

    def step(x_batch, y_batch):
        loss_value, accuracy_value = train_step(x_batch, y_batch)
        return float(loss_value), float(accuracy_value)
    return step


BUILDERS = {
    'jax': build_jax_step,
    'tensorflow': build_tensorflow_step,
    'torch': build_torch_step,
    'theano': build_theano_step,
}
