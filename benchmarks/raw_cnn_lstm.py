"""Keras's mnist_cnn and imdb_lstm training steps written by hand in jax,
tensorflow and torch: the baselines of bench_cnn_lstm.py.

Each builder returns `step(x_batch, y_batch) -> (loss, accuracy)` as Python
floats, doing the work of one Keras 2.3.1 train function call of the
model, from the same initial weights (`cnn_weights`, `lstm_weights`, in
Keras's layouts; torch's builders transpose them to torch's), in float32:

mnist_cnn (examples/mnist_cnn.py), batch 128 of 28x28x1:
    Conv2D(32, 3x3, relu) - Conv2D(64, 3x3, relu) - MaxPooling2D(2x2) -
    Dropout(0.25) - Flatten - Dense(128, relu) - Dropout(0.5) -
    Dense(10, softmax); Keras's categorical crossentropy (renormalised,
    clipped to [1e-7, 1 - 1e-7]); batch accuracy; Adadelta as Keras 2.3.1
    writes it (lr 1, rho 0.95, epsilon 1e-7):
        a = rho*a + (1-rho)*g^2
        u = g * sqrt(d + eps) / sqrt(a + eps);  p -= lr*u
        d = rho*d + (1-rho)*u^2

imdb_lstm (examples/imdb_lstm.py), batch 32 of 80 word indices:
    Embedding(20000, 128) - LSTM(128, dropout=0.2, recurrent_dropout=0.2)
    - Dense(1, sigmoid); Keras's binary crossentropy (clipped, turned back
    into logits, the stable logistic form); batch accuracy; Adam as Keras
    2.3.1 writes it (lr 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7):
        lr_t = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
        m = beta_1*m + (1-beta_1)*g;  v = beta_2*v + (1-beta_2)*g^2
        p -= lr_t * m / (sqrt(v) + eps)
    The LSTM is LSTM(implementation=2)'s: gates i, f, c, o in one
    (128, 512) kernel; one input dropout mask and one recurrent dropout
    mask of (batch, 128), drawn once per batch and used at every step
    (2.3.1's variational dropout); the input projection `x W + b` of the
    whole sequence is one product before the loop, and the loop runs
    `z = proj_t + (h * mask) U` over the time steps.

Per framework:
- jax: one `jax.jit` of `jax.value_and_grad` + the optimizer, parameters
  and slots donated; convolutions `lax.conv_general_dilated` (NHWC,
  HWIO), pooling `lax.reduce_window`, the LSTM loop `lax.scan`; dropout
  keeps where a uniform draw is >= rate.
- tensorflow: one `tf.function` with a `GradientTape`, `tf.Variable`s
  updated by `assign`; `tf.nn.conv2d` / `max_pool2d` (NHWC), the LSTM
  loop a `tf.while_loop` reading the steps from a `TensorArray` (the
  loop Keras's K.rnn also builds); the
  embedding's gradient (IndexedSlices) made dense, as Keras's is.
- torch: eager autograd, functional code as an nn.Module would run it
  (`F.conv2d` and `F.max_pool2d` in NCHW with (out, in, kh, kw) kernels,
  `F.linear` with (out, in) weights, `F.embedding`, `F.dropout`), the
  LSTM an explicit Python loop over the time steps (torch's fused
  `nn.LSTM` has no recurrent dropout), the optimizer in place under
  `torch.no_grad`.
"""
import numpy as np

EPSILON = 1e-7

# mnist_cnn
CNN_CLASSES = 10
CNN_INPUT = (28, 28, 1)
ADADELTA_LR, ADADELTA_RHO = 1.0, 0.95

# imdb_lstm
MAX_FEATURES = 20000
EMBEDDING_DIM = 128
LSTM_UNITS = 128
LSTM_DROPOUT = 0.2
LSTM_RECURRENT_DROPOUT = 0.2
ADAM_LR, ADAM_BETA_1, ADAM_BETA_2 = 0.001, 0.9, 0.999


def _glorot(rng, shape, receptive=1):
    fan_in, fan_out = shape[-2] * receptive, shape[-1] * receptive
    limit = np.sqrt(6. / (fan_in + fan_out))
    return rng.uniform(-limit, limit, shape).astype('float32')


def cnn_weights(seed=0):
    """Keras's weights of mnist_cnn, in its order and layouts: conv kernels
    (kh, kw, in, out), dense kernels (in, out); glorot uniform, zero
    biases."""
    rng = np.random.RandomState(seed)
    return [_glorot(rng, (3, 3, 1, 32), 9), np.zeros(32, 'float32'),
            _glorot(rng, (3, 3, 32, 64), 9), np.zeros(64, 'float32'),
            _glorot(rng, (12 * 12 * 64, 128)), np.zeros(128, 'float32'),
            _glorot(rng, (128, CNN_CLASSES)),
            np.zeros(CNN_CLASSES, 'float32')]


def lstm_weights(seed=0):
    """Keras's weights of imdb_lstm: embeddings (uniform +-0.05), the LSTM
    kernel (glorot), recurrent kernel (orthogonal) and bias (ones for the
    forget gate), the dense kernel and bias."""
    rng = np.random.RandomState(seed)
    q, r = np.linalg.qr(rng.normal(size=(4 * LSTM_UNITS, LSTM_UNITS)))
    recurrent = (q * np.sign(np.diag(r))).T.astype('float32')
    bias = np.zeros(4 * LSTM_UNITS, 'float32')
    bias[LSTM_UNITS:2 * LSTM_UNITS] = 1.
    return [rng.uniform(-0.05, 0.05, (MAX_FEATURES, EMBEDDING_DIM))
            .astype('float32'),
            _glorot(rng, (EMBEDDING_DIM, 4 * LSTM_UNITS)), recurrent, bias,
            _glorot(rng, (LSTM_UNITS, 1)), np.zeros(1, 'float32')]


def _adam_step_size(xp, t):
    """Adam's lr_t at step t (from 1), bias corrections folded in."""
    return ADAM_LR * xp.sqrt(1. - ADAM_BETA_2 ** t) / (1. - ADAM_BETA_1 ** t)


# jax

def build_jax(model):
    import jax
    import jax.numpy as jnp
    from jax import lax

    # Every dtype is explicit: Keras's jax backend enables 64-bit types
    # (jax_enable_x64), under which jax's defaults are float64.
    f32 = jnp.float32

    def dropout(key, x, rate):
        keep = jax.random.uniform(key, x.shape, f32) >= rate
        return jnp.where(keep, x / (1. - rate), 0.)

    def cnn_loss(params, key, x, y):
        k1, b1, k2, b2, w3, b3, w4, b4 = params
        dims = ('NHWC', 'HWIO', 'NHWC')
        h = jax.nn.relu(lax.conv_general_dilated(
            x, k1, (1, 1), 'VALID', dimension_numbers=dims) + b1)
        h = jax.nn.relu(lax.conv_general_dilated(
            h, k2, (1, 1), 'VALID', dimension_numbers=dims) + b2)
        h = lax.reduce_window(h, -jnp.inf, lax.max, (1, 2, 2, 1),
                              (1, 2, 2, 1), 'VALID')
        key1, key2 = jax.random.split(key)
        h = dropout(key1, h, 0.25).reshape(h.shape[0], -1)
        h = dropout(key2, jax.nn.relu(h @ w3 + b3), 0.5)
        probs = jax.nn.softmax(h @ w4 + b4)
        probs = probs / jnp.sum(probs, axis=-1, keepdims=True)
        probs = jnp.clip(probs, EPSILON, 1. - EPSILON)
        loss = jnp.mean(-jnp.sum(y * jnp.log(probs), axis=-1))
        accuracy = jnp.mean(
            (jnp.argmax(probs, -1) == jnp.argmax(y, -1)).astype(f32))
        return loss, accuracy

    def lstm_loss(params, key, x, y):
        embeddings, kernel, recurrent, bias, w, b = params
        batch = x.shape[0]
        key1, key2 = jax.random.split(key)
        in_mask = dropout(key1, jnp.ones((batch, EMBEDDING_DIM), f32),
                          LSTM_DROPOUT)
        h_mask = dropout(key2, jnp.ones((batch, LSTM_UNITS), f32),
                         LSTM_RECURRENT_DROPOUT)
        inputs = jnp.take(embeddings, x, axis=0) * in_mask[:, None]
        projected = jnp.swapaxes(inputs @ kernel + bias, 0, 1)

        def step(carry, z_x):
            h, c = carry
            z = z_x + (h * h_mask) @ recurrent
            i, f, g, o = jnp.split(z, 4, axis=-1)
            c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
            h = jax.nn.sigmoid(o) * jnp.tanh(c)
            return (h, c), None
        zeros = jnp.zeros((batch, LSTM_UNITS), f32)
        (h, _), _ = lax.scan(step, (zeros, zeros), projected)
        probs = jax.nn.sigmoid(h @ w + b)
        return _binary_loss(jnp, probs, y)

    def adadelta(params, slots, grads, t):
        new_params, accums, deltas = [], [], []
        for p, a, d, g in zip(params, slots[0], slots[1], grads):
            a = ADADELTA_RHO * a + (1. - ADADELTA_RHO) * jnp.square(g)
            u = g * jnp.sqrt(d + EPSILON) / jnp.sqrt(a + EPSILON)
            new_params.append(p - ADADELTA_LR * u)
            accums.append(a)
            deltas.append(ADADELTA_RHO * d +
                          (1. - ADADELTA_RHO) * jnp.square(u))
        return new_params, (accums, deltas)

    def adam(params, slots, grads, t):
        lr_t = _adam_step_size(jnp, t)
        new_params, ms, vs = [], [], []
        for p, m, v, g in zip(params, slots[0], slots[1], grads):
            m = ADAM_BETA_1 * m + (1. - ADAM_BETA_1) * g
            v = ADAM_BETA_2 * v + (1. - ADAM_BETA_2) * jnp.square(g)
            new_params.append(p - lr_t * m / (jnp.sqrt(v) + EPSILON))
            ms.append(m)
            vs.append(v)
        return new_params, (ms, vs)

    loss_fn, update, weights = {
        'cnn': (cnn_loss, adadelta, cnn_weights()),
        'lstm': (lstm_loss, adam, lstm_weights())}[model]

    def train_step(params, slots, base_key, t, x, y):
        key = jax.random.fold_in(base_key, t)
        (loss, accuracy), grads = jax.value_and_grad(
            loss_fn, has_aux=True)(params, key, x, y)
        params, slots = update(params, slots, grads, t.astype(f32) + 1.)
        return params, slots, loss, accuracy

    jitted = jax.jit(train_step, donate_argnums=(0, 1))
    params = [jnp.asarray(w) for w in weights]
    state = {'params': params, 'step': 0,
             'slots': tuple([jnp.zeros_like(p) for p in params]
                            for _ in range(2))}
    base_key = jax.random.PRNGKey(0)

    def step(x, y):
        state['params'], state['slots'], loss, accuracy = jitted(
            state['params'], state['slots'], base_key,
            np.int32(state['step']), x, y)
        state['step'] += 1
        assert loss.dtype == f32, 'the raw step computed in %s' % loss.dtype
        return float(loss), float(accuracy)
    return step


def _binary_loss(xp, probs, y):
    """Keras's binary crossentropy of sigmoid outputs, and the batch
    accuracy, for numpy-like `xp` (jax.numpy)."""
    probs_c = xp.clip(probs, EPSILON, 1. - EPSILON)
    logits = xp.log(probs_c / (1. - probs_c))
    losses = (xp.maximum(logits, 0.) - logits * y +
              xp.log1p(xp.exp(-xp.abs(logits))))
    loss = xp.mean(xp.mean(losses, axis=-1))
    accuracy = xp.mean((y == xp.round(probs)).astype('float32'))
    return loss, accuracy


# tensorflow

def build_tensorflow(model):
    import tensorflow as tf

    def dropout(x, rate):
        keep = tf.random.uniform(tf.shape(x)) >= rate
        return tf.where(keep, x / (1. - rate), 0.)

    def cnn_forward(params, x, y):
        k1, b1, k2, b2, w3, b3, w4, b4 = params
        h = tf.nn.relu(tf.nn.conv2d(x, k1, 1, 'VALID') + b1)
        h = tf.nn.relu(tf.nn.conv2d(h, k2, 1, 'VALID') + b2)
        h = tf.nn.max_pool2d(h, 2, 2, 'VALID')
        h = tf.reshape(dropout(h, 0.25), (tf.shape(h)[0], -1))
        h = dropout(tf.nn.relu(tf.matmul(h, w3) + b3), 0.5)
        probs = tf.nn.softmax(tf.matmul(h, w4) + b4)
        probs = probs / tf.reduce_sum(probs, axis=-1, keepdims=True)
        probs = tf.clip_by_value(probs, EPSILON, 1. - EPSILON)
        loss = tf.reduce_mean(-tf.reduce_sum(y * tf.math.log(probs), -1))
        accuracy = tf.reduce_mean(tf.cast(
            tf.equal(tf.argmax(probs, -1), tf.argmax(y, -1)), tf.float32))
        return loss, accuracy

    def lstm_forward(params, x, y):
        embeddings, kernel, recurrent, bias, w, b = params
        batch = tf.shape(x)[0]
        in_mask = dropout(tf.ones((batch, EMBEDDING_DIM)), LSTM_DROPOUT)
        h_mask = dropout(tf.ones((batch, LSTM_UNITS)),
                         LSTM_RECURRENT_DROPOUT)
        inputs = tf.gather(embeddings, x) * in_mask[:, None]
        projected = tf.transpose(
            tf.tensordot(inputs, kernel, 1) + bias, (1, 0, 2))
        # A TensorArray to read the steps from: slicing `projected[t]` in
        # the loop would make each step's gradient a full-size tensor.
        steps = tf.TensorArray(tf.float32, size=tf.shape(projected)[0])
        steps = steps.unstack(projected)

        def body(t, h, c):
            z = steps.read(t) + tf.matmul(h * h_mask, recurrent)
            i, f, g, o = tf.split(z, 4, axis=-1)
            c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
            h = tf.sigmoid(o) * tf.tanh(c)
            return t + 1, h, c
        zeros = tf.zeros((batch, LSTM_UNITS))
        _, h, _ = tf.while_loop(lambda t, h, c: t < tf.shape(projected)[0],
                                body, (tf.constant(0), zeros, zeros))
        probs = tf.sigmoid(tf.matmul(h, w) + b)
        probs_c = tf.clip_by_value(probs, EPSILON, 1. - EPSILON)
        logits = tf.math.log(probs_c / (1. - probs_c))
        losses = (tf.maximum(logits, 0.) - logits * y +
                  tf.math.log1p(tf.exp(-tf.abs(logits))))
        loss = tf.reduce_mean(tf.reduce_mean(losses, -1))
        accuracy = tf.reduce_mean(
            tf.cast(tf.equal(y, tf.round(probs)), tf.float32))
        return loss, accuracy

    if model == 'cnn':
        weights, forward = cnn_weights(), cnn_forward
        spec = [tf.TensorSpec((None,) + CNN_INPUT, tf.float32),
                tf.TensorSpec((None, CNN_CLASSES), tf.float32)]
    else:
        weights, forward = lstm_weights(), lstm_forward
        spec = [tf.TensorSpec((None, None), tf.int32),
                tf.TensorSpec((None, 1), tf.float32)]
    params = [tf.Variable(w) for w in weights]
    slots = [[tf.Variable(tf.zeros_like(w)) for w in weights]
             for _ in range(2)]
    iterations = tf.Variable(0., dtype=tf.float32)

    def adadelta(grads):
        for p, a, d, g in zip(params, slots[0], slots[1], grads):
            a.assign(ADADELTA_RHO * a + (1. - ADADELTA_RHO) * tf.square(g))
            u = g * tf.sqrt(d + EPSILON) / tf.sqrt(a + EPSILON)
            p.assign_sub(ADADELTA_LR * u)
            d.assign(ADADELTA_RHO * d + (1. - ADADELTA_RHO) * tf.square(u))

    def adam(grads):
        t = iterations.assign_add(1.)
        lr_t = _adam_step_size(tf, t)
        for p, m, v, g in zip(params, slots[0], slots[1], grads):
            m.assign(ADAM_BETA_1 * m + (1. - ADAM_BETA_1) * g)
            v.assign(ADAM_BETA_2 * v + (1. - ADAM_BETA_2) * tf.square(g))
            p.assign_sub(lr_t * m / (tf.sqrt(v) + EPSILON))
    update = adadelta if model == 'cnn' else adam

    @tf.function(input_signature=spec)
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss, accuracy = forward(params, x, y)
        grads = [tf.convert_to_tensor(g)
                 for g in tape.gradient(loss, params)]
        update(grads)
        return loss, accuracy

    def step(x, y):
        loss, accuracy = train_step(x, y)
        return float(loss.numpy()), float(accuracy.numpy())
    return step


# torch

def build_torch(model):
    import torch
    import torch.nn.functional as F

    def cnn_forward(params, x):
        k1, b1, k2, b2, w3, b3, w4, b4 = params
        h = F.relu(F.conv2d(x, k1, b1))
        h = F.relu(F.conv2d(h, k2, b2))
        h = F.dropout(F.max_pool2d(h, 2), 0.25, training=True)
        h = F.relu(F.linear(h.flatten(1), w3, b3))
        return torch.softmax(F.linear(F.dropout(h, 0.5, training=True),
                                      w4, b4), dim=-1)

    def lstm_forward(params, x):
        embeddings, kernel, recurrent, bias, w, b = params
        batch = x.shape[0]
        ones = torch.ones(batch, EMBEDDING_DIM)
        in_mask = F.dropout(ones, LSTM_DROPOUT, training=True)
        h_mask = F.dropout(ones, LSTM_RECURRENT_DROPOUT, training=True)
        inputs = F.embedding(x, embeddings) * in_mask[:, None]
        projected = F.linear(inputs.transpose(0, 1), kernel, bias)
        h = c = torch.zeros(batch, LSTM_UNITS)
        for z_x in projected:
            z = z_x + (h * h_mask) @ recurrent
            i, f, g, o = z.chunk(4, 1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
        return torch.sigmoid(F.linear(h, w, b))

    if model == 'cnn':
        k1, b1, k2, b2, w3, b3, w4, b4 = cnn_weights()
        weights = [k1.transpose(3, 2, 0, 1), b1, k2.transpose(3, 2, 0, 1),
                   b2, w3.T, b3, w4.T, b4]
    else:
        embeddings, kernel, recurrent, bias, w, b = lstm_weights()
        # recurrent stays (units, 4 units): `h @ recurrent` in the loop.
        weights = [embeddings, kernel.T, recurrent, bias, w.T, b]
    params = [torch.tensor(np.ascontiguousarray(w), requires_grad=True)
              for w in weights]
    slots = [[torch.zeros_like(p) for p in params] for _ in range(2)]
    state = {'t': 0}

    def adadelta(grads):
        for p, a, d, g in zip(params, slots[0], slots[1], grads):
            a.mul_(ADADELTA_RHO).addcmul_(g, g, value=1. - ADADELTA_RHO)
            u = d.add(EPSILON).sqrt_().div_(a.add(EPSILON).sqrt_()).mul_(g)
            p.sub_(u, alpha=ADADELTA_LR)
            d.mul_(ADADELTA_RHO).addcmul_(u, u, value=1. - ADADELTA_RHO)

    def adam(grads):
        state['t'] += 1
        lr_t = _adam_step_size(np, state['t'])
        for p, m, v, g in zip(params, slots[0], slots[1], grads):
            m.mul_(ADAM_BETA_1).add_(g, alpha=1. - ADAM_BETA_1)
            v.mul_(ADAM_BETA_2).addcmul_(g, g, value=1. - ADAM_BETA_2)
            p.addcdiv_(m, v.sqrt().add_(EPSILON), value=-lr_t)

    def step(x, y):
        y = torch.from_numpy(y)
        if model == 'cnn':
            # A torch user's images are NCHW; with one channel that is the
            # same memory as NHWC.
            x = torch.from_numpy(x).permute(0, 3, 1, 2)
            probs = cnn_forward(params, x)
            probs = probs / probs.sum(dim=-1, keepdim=True)
            probs = probs.clamp(EPSILON, 1. - EPSILON)
            loss = (-(y * probs.log()).sum(dim=-1)).mean()
        else:
            x = torch.from_numpy(x).long()
            probs = lstm_forward(params, x)
            probs_c = probs.clamp(EPSILON, 1. - EPSILON)
            logits = torch.log(probs_c / (1. - probs_c))
            loss = (logits.clamp_min(0.) - logits * y +
                    torch.log1p(torch.exp(-logits.abs()))).mean(-1).mean()
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            (adadelta if model == 'cnn' else adam)(grads)
            if model == 'cnn':
                accuracy = (probs.argmax(-1) == y.argmax(-1)).float().mean()
            else:
                accuracy = (y == probs.round()).float().mean()
        return loss.item(), accuracy.item()
    return step


BUILDERS = {'jax': build_jax, 'tensorflow': build_tensorflow,
            'torch': build_torch}
