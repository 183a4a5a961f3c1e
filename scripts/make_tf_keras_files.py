"""Writes the tf-keras test files of tests/data/tf_keras/ (run by hand).

Run with a Python that has tf-keras, not with this package's environment:

    pip install tensorflow-cpu==2.21.0
    pip install --no-deps tf-keras==2.21.0
    python scripts/make_tf_keras_files.py [output folder]

The committed files were written by TensorFlow 2.21.0 (tensorflow-cpu),
tf-keras 2.21.0, h5py 3.14.0 and NumPy 2.4.6 on Linux x86-64, Python 3.11.

For each model NAME it writes:
- NAME.h5: `model.save(path, save_format='h5')` (the full model; the `mlp`
  model is compiled with Adam and trained one step, so the file holds a
  training_config and optimizer weights);
- NAME_weights.h5: `model.save_weights(path)` in HDF5;
- NAME.npz: the fixed inputs (`x0`, `x1`, ...) and tf-keras's predictions
  for them (`y0`, `y1`, ...), plus `versions` (the line above).

Weights are drawn from a seeded generator instead of the initialisers so
that biases, BatchNormalization statistics and recurrent kernels hold
values a wrong conversion would change.
"""
import os
import sys

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

import h5py
import numpy as np
import tensorflow as tf
import tf_keras
from tf_keras import layers

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_FOLDER = os.path.join(os.path.dirname(HERE), 'tests', 'data',
                              'tf_keras')


def versions():
    return ('tensorflow %s, tf_keras %s, h5py %s, numpy %s'
            % (tf.__version__, tf_keras.__version__, h5py.__version__,
               np.__version__))


def mlp():
    model = tf_keras.Sequential([
        layers.Dense(8, activation='relu', input_shape=(6,), name='hidden'),
        layers.Dropout(0.25),
        layers.Dense(4, name='logits'),
        layers.Activation('softmax'),
    ])
    model.compile(optimizer=tf_keras.optimizers.Adam(learning_rate=0.002),
                  loss='categorical_crossentropy', metrics=['accuracy'])
    return model, [(3, 6)]


def convnet():
    inputs = layers.Input(shape=(8, 8, 3))
    x = layers.Conv2D(4, 3, padding='same', activation='relu')(inputs)
    x = layers.MaxPooling2D(2)(x)
    x = layers.BatchNormalization()(x)
    x = layers.Conv2D(5, (2, 3), strides=(1, 2), use_bias=False)(x)
    x = layers.Flatten()(x)
    outputs = layers.Dense(3, activation='softmax')(x)
    return tf_keras.Model(inputs, outputs, name='convnet'), [(2, 8, 8, 3)]


def conv1d():
    model = tf_keras.Sequential([
        layers.Input(shape=(10, 3)),
        layers.Conv1D(4, 3, padding='causal', dilation_rate=2,
                      activation='tanh'),
        layers.Conv1D(5, 2, strides=2),
        layers.GlobalAveragePooling1D(),
        layers.Dense(2),
    ])
    return model, [(2, 10, 3)]


def embedding_lstm():
    model = tf_keras.Sequential([
        layers.Embedding(20, 5, input_length=7),
        layers.LSTM(6, return_sequences=True),
        layers.LSTM(4),
        layers.Dense(1, activation='sigmoid'),
    ])
    model.build((None, 7))
    return model, [('int', 20, (3, 7))]


def gru():
    inputs = layers.Input(shape=(5, 3))
    x = layers.GRU(4, return_sequences=True)(inputs)
    x = layers.GRU(3, reset_after=False, go_backwards=True)(x)
    return tf_keras.Model(inputs, x), [(2, 5, 3)]


def bidirectional():
    model = tf_keras.Sequential([
        layers.Input(shape=(4, 3)),
        layers.Bidirectional(layers.LSTM(3, return_sequences=True),
                             merge_mode='concat'),
        layers.Bidirectional(layers.GRU(2), merge_mode='sum'),
    ])
    return model, [(2, 4, 3)]


def separable():
    inputs = layers.Input(shape=(7, 7, 3))
    x = layers.SeparableConv2D(4, 3, depth_multiplier=2, padding='same')(
        inputs)
    x = layers.DepthwiseConv2D(3, depth_multiplier=2, strides=2)(x)
    x = layers.SeparableConv1D(2, 2)(layers.Reshape((9, 8))(x))
    x = layers.Flatten()(x)
    return tf_keras.Model(inputs, x), [(2, 7, 7, 3)]


def conv_transpose():
    inputs = layers.Input(shape=(4, 4, 2))
    x = layers.Conv2DTranspose(3, 3, strides=2, padding='same')(inputs)
    x = layers.Conv2DTranspose(2, (2, 3), padding='valid',
                               activation='relu')(x)
    return tf_keras.Model(inputs, x), [(2, 4, 4, 2)]


def nested():
    inner = tf_keras.Sequential([
        layers.Dense(5, activation='relu', input_shape=(4,)),
        layers.BatchNormalization(),
        layers.Dense(3),
    ], name='inner')
    # A frozen layer inside a nested model: its weights move behind the
    # trainable ones in the nested model's weight list.
    inner.layers[0].trainable = False
    inputs = layers.Input(shape=(4,))
    x = inner(inputs)
    outputs = layers.Dense(2, activation='tanh')(x)
    return tf_keras.Model(inputs, outputs, name='outer'), [(3, 4)]


def multi_io():
    left = layers.Input(shape=(4,), name='left')
    right = layers.Input(shape=(3,), name='right')
    a = layers.Dense(5, name='left_dense')(left)
    b = layers.Dense(5, name='right_dense')(right)
    added = layers.Add()([a, b])
    joined = layers.Concatenate()([added, right])
    first = layers.Dense(2, activation='softmax', name='first')(joined)
    second = layers.Dense(1, name='second')(added)
    model = tf_keras.Model([left, right], [first, second])
    model.compile(
        optimizer=tf_keras.optimizers.legacy.SGD(learning_rate=0.05,
                                                 momentum=0.9),
        loss=['categorical_crossentropy', tf_keras.losses.MeanSquaredError()],
        loss_weights=[1.0, 0.5],
        metrics={'first': 'accuracy', 'second': ['mae']})
    return model, [(3, 4), (3, 3)]


MODELS = [mlp, convnet, conv1d, embedding_lstm, gru, bidirectional,
          separable, conv_transpose, nested, multi_io]


def make_input(spec, rng):
    if spec[0] == 'int':
        _, high, shape = spec
        return rng.integers(0, high, size=shape).astype('int32')
    return rng.standard_normal(spec).astype('float32')


def randomize_weights(model, rng):
    """Replaces every weight with seeded values; variances stay positive."""
    values = []
    for weight in model.weights:
        shape = tuple(weight.shape)
        value = rng.uniform(-0.6, 0.6, size=shape).astype('float32')
        if 'moving_variance' in weight.name:
            value = np.abs(value) + 0.5
        values.append(value)
    model.set_weights(values)


def train_one_step(model, inputs, rng):
    """One step of the compiled model on random targets (one-hot for
    softmax outputs), so the file holds optimizer state."""
    outputs = model.predict(inputs, verbose=0)
    if not isinstance(outputs, list):
        outputs = [outputs]
    targets = [np.eye(y.shape[-1], dtype='float32')[
        rng.integers(0, y.shape[-1], size=len(y))] for y in outputs]
    model.train_on_batch(inputs, targets if len(targets) > 1 else targets[0])


def write(builder, folder, rng):
    name = builder.__name__
    model, input_specs = builder()
    randomize_weights(model, rng)
    inputs = [make_input(spec, rng) for spec in input_specs]
    feed = inputs if len(inputs) > 1 else inputs[0]
    if model.optimizer is not None:
        train_one_step(model, feed, rng)
    outputs = model.predict(feed, verbose=0)
    if not isinstance(outputs, list):
        outputs = [outputs]
    model.save(os.path.join(folder, name + '.h5'), save_format='h5')
    model.save_weights(os.path.join(folder, name + '_weights.h5'),
                       save_format='h5')
    arrays = {'x%d' % i: x for i, x in enumerate(inputs)}
    arrays.update({'y%d' % i: y for i, y in enumerate(outputs)})
    np.savez(os.path.join(folder, name + '.npz'), versions=versions(),
             **arrays)
    sizes = [os.path.getsize(os.path.join(folder, name + suffix))
             for suffix in ('.h5', '_weights.h5', '.npz')]
    print('%-16s %6d %6d %6d bytes' % (name, *sizes))


def main(argv):
    folder = argv[1] if len(argv) > 1 else DEFAULT_FOLDER
    os.makedirs(folder, exist_ok=True)
    print(versions())
    tf_keras.utils.set_random_seed(0)
    rng = np.random.default_rng(1234)
    for builder in MODELS:
        tf_keras.backend.clear_session()
        write(builder, folder, rng)


if __name__ == '__main__':
    main(sys.argv)
