"""The mnist_mlp training step built from K ops and compiled with
K.function, without the engine: the middle column of the benchmark table.

Keras fit() time minus this is the training loop's own cost
(keras/engine/training_arrays.py, callbacks, data slicing); this minus the
hand-written step is the cost of the backend's K.function path.
"""
import numpy as np

import raw_mlp


def build_k_function_step(sizes=raw_mlp.LAYER_SIZES):
    from keras import backend as K

    weights = [K.variable(w) for w in raw_mlp.initial_weights(sizes)]
    accums = [K.zeros(K.int_shape(w)) for w in weights]
    iterations = K.variable(0, dtype='int64')
    x = K.placeholder(shape=(None, sizes[0]))
    y = K.placeholder(shape=(None, sizes[-1]))
    phase = K.learning_phase()

    h = x
    for i in range(0, len(weights) - 2, 2):
        h = K.relu(K.bias_add(K.dot(h, weights[i]), weights[i + 1]))
        dropped = K.dropout(h, raw_mlp.DROPOUT_RATE)
        h = K.in_train_phase(dropped, h, training=phase)
    probs = K.softmax(K.bias_add(K.dot(h, weights[-2]), weights[-1]))
    loss = K.mean(K.categorical_crossentropy(y, probs))
    accuracy = K.mean(K.cast(K.equal(K.argmax(y, -1), K.argmax(probs, -1)),
                             K.floatx()))

    grads = K.gradients(loss, weights)
    updates = [K.update_add(iterations, 1)]
    for p, a, g in zip(weights, accums, grads):
        new_a = raw_mlp.RHO * a + (1. - raw_mlp.RHO) * K.square(g)
        updates.append(K.update(a, new_a))
        updates.append(K.update(p, p - raw_mlp.LEARNING_RATE * g /
                                (K.sqrt(new_a) + raw_mlp.EPSILON)))
    train_function = K.function([x, y, phase], [loss, accuracy],
                                updates=updates)

    def step(x_batch, y_batch):
        loss_value, accuracy_value = train_function([x_batch, y_batch, 1])
        return float(loss_value), float(accuracy_value)
    return step
