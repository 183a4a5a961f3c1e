"""Checks that files written here load in tf-keras (run by hand, not in CI).

    python scripts/check_tf_keras_compat.py [backend ...] \
        [--tf-keras-python PATH]

For each backend (default: all five), a worker process with KERAS_BACKEND
set builds a set of small models with this package, saves each with
`model.save` and `model.save_weights` and records fixed inputs and its own
predictions. Then the Python of a tf-keras environment (default
/work/tfkeras_venv/bin/python, or $TF_KERAS_PYTHON; install it with
`pip install tensorflow-cpu==2.21.0` then `pip install --no-deps
tf-keras==2.21.0`) runs this script again with `--tf-keras-side`: it loads
every file with `tf_keras.models.load_model`, and the weights file into
the model tf-keras builds from our `to_json()`, predicts, and compares
with our predictions. A table of the largest absolute differences, or of
the errors, is printed at the end.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import traceback

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_TF_KERAS_PYTHON = '/work/tfkeras_venv/bin/python'
BACKENDS = ('jax', 'tensorflow', 'torch', 'theano', 'numpy')
TRAINING_BACKENDS = ('jax', 'tensorflow', 'torch', 'theano')
TOLERANCE = 1e-5


# -- our side: models built with this package --------------------------------

def build_models():
    """(name, model, input specs): `(shape,)` floats or `('int', high,
    shape)` integer indices."""
    from keras import layers
    from keras.models import Model, Sequential

    models = []
    mlp = Sequential([layers.Dense(8, activation='relu', input_shape=(6,)),
                      layers.Dropout(0.2), layers.Dense(4),
                      layers.Activation('softmax')])
    mlp.compile('adam', 'categorical_crossentropy', metrics=['accuracy'])
    models.append(('mlp_adam', mlp, [(3, 6)]))

    inputs = layers.Input(shape=(8, 8, 3))
    x = layers.Conv2D(4, 3, padding='same', activation='relu')(inputs)
    x = layers.MaxPooling2D(2)(x)
    x = layers.BatchNormalization()(x)
    x = layers.Conv2D(5, (2, 3), strides=(1, 2))(x)
    x = layers.Flatten()(x)
    convnet = Model(inputs, layers.Dense(3, activation='softmax')(x))
    convnet.compile('sgd', 'categorical_crossentropy')
    models.append(('conv2d_bn', convnet, [(2, 8, 8, 3)]))

    models.append(('conv1d', Sequential([
        layers.Conv1D(4, 3, padding='causal', dilation_rate=2,
                      input_shape=(10, 3)),
        layers.GlobalMaxPooling1D(), layers.Dense(2)]), [(2, 10, 3)]))

    inputs = layers.Input(shape=(7, 7, 3))
    x = layers.SeparableConv2D(4, 3, depth_multiplier=2, padding='same')(
        inputs)
    x = layers.DepthwiseConv2D(3, strides=2)(x)
    x = layers.Conv2DTranspose(2, 3, strides=2, padding='same')(x)
    models.append(('separable_depthwise_transpose', Model(inputs, x),
                   [(2, 7, 7, 3)]))

    models.append(('embedding_lstm', Sequential([
        layers.Embedding(20, 5, input_length=7),
        layers.LSTM(6, return_sequences=True), layers.LSTM(4),
        layers.Dense(1, activation='sigmoid')]), [('int', 20, (3, 7))]))

    inputs = layers.Input(shape=(5, 3))
    x = layers.GRU(4, return_sequences=True)(inputs)
    x = layers.GRU(3, reset_after=True, go_backwards=True)(x)
    models.append(('gru', Model(inputs, x), [(2, 5, 3)]))

    models.append(('simple_rnn_bidirectional_time_distributed', Sequential([
        layers.Bidirectional(layers.SimpleRNN(3, return_sequences=True),
                             input_shape=(4, 3)),
        layers.TimeDistributed(layers.Dense(2)),
        layers.Bidirectional(layers.LSTM(2), merge_mode='sum')]),
        [(2, 4, 3)]))

    inner = Sequential([layers.Dense(5, activation='relu', input_shape=(4,)),
                        layers.BatchNormalization(), layers.Dense(3)])
    inner.layers[0].trainable = False
    inputs = layers.Input(shape=(4,))
    models.append(('nested_sequential', Model(
        inputs, layers.Dense(2, activation='tanh')(inner(inputs))),
        [(3, 4)]))

    left = layers.Input(shape=(4,), name='left')
    right = layers.Input(shape=(3,), name='right')
    added = layers.Add()([layers.Dense(5)(left), layers.Dense(5)(right)])
    joined = layers.Concatenate()([added, right])
    multi = Model([left, right], [
        layers.Dense(2, activation='softmax', name='first')(joined),
        layers.Dense(1, name='second')(added)])
    multi.compile('rmsprop', ['categorical_crossentropy', 'mse'],
                  loss_weights=[1., .5])
    models.append(('multi_io_rmsprop', multi, [(3, 4), (3, 3)]))
    return models


def make_input(spec, rng):
    if spec[0] == 'int':
        return rng.integers(0, spec[1], size=spec[2]).astype('int32')
    return rng.standard_normal(spec).astype('float32')


def randomize(model, rng):
    """Seeded weights (positive variances) so every weight matters."""
    values = []
    # get_weights / set_weights order: layer by layer.
    for weight in [w for layer in model.layers for w in layer.weights]:
        shape = tuple(int(n) for n in weight.shape)
        value = rng.uniform(-0.6, 0.6, size=shape).astype('float32')
        if 'moving_variance' in weight.name:
            value = np.abs(value) + 0.5
        values.append(value)
    model.set_weights(values)


def train_one_step(model, inputs, rng):
    outputs = model.predict(inputs)
    outputs = outputs if isinstance(outputs, list) else [outputs]
    targets = [np.eye(y.shape[-1], dtype='float32')[
        rng.integers(0, y.shape[-1], size=len(y))] for y in outputs]
    model.train_on_batch(inputs, targets if len(targets) > 1 else targets[0])


def write_our_files(folder):
    """Saves each model and weights file in `folder`, with `<name>.npz`
    (inputs and our predictions); returns the names."""
    from keras import backend as K
    rng = np.random.default_rng(7)
    names = []
    for name, model, specs in build_models():
        randomize(model, rng)
        inputs = [make_input(spec, rng) for spec in specs]
        feed = inputs if len(inputs) > 1 else inputs[0]
        if model.optimizer is not None and K.backend() in TRAINING_BACKENDS:
            train_one_step(model, feed, rng)
        outputs = model.predict(feed)
        outputs = outputs if isinstance(outputs, list) else [outputs]
        model.save(os.path.join(folder, name + '.h5'))
        model.save_weights(os.path.join(folder, name + '_weights.h5'))
        with open(os.path.join(folder, name + '.json'), 'w') as f:
            f.write(model.to_json())
        arrays = {'x%d' % i: x for i, x in enumerate(inputs)}
        arrays.update({'y%d' % i: y for i, y in enumerate(outputs)})
        np.savez(os.path.join(folder, name + '.npz'), **arrays)
        names.append(name)
    return names


# -- tf-keras side ----------------------------------------------------------

def tf_keras_side(folder, names):
    """Runs in the tf-keras environment; returns {name: {check: cell}}."""
    os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
    import tf_keras
    results = {}
    for name in names:
        with np.load(os.path.join(folder, name + '.npz')) as arrays:
            inputs = [arrays['x%d' % i] for i in range(4)
                      if 'x%d' % i in arrays]
            expected = [arrays['y%d' % i] for i in range(4)
                        if 'y%d' % i in arrays]
        feed = inputs if len(inputs) > 1 else inputs[0]
        results[name] = {}

        def full_model(name=name):
            warnings = _LogCollector('tensorflow')
            with warnings:
                model = tf_keras.models.load_model(
                    os.path.join(folder, name + '.h5'))
            note = ''
            if model.optimizer is not None:
                restored = not any('optimizer' in message
                                   for message in warnings.messages)
                note = ' (compiled: %s, optimizer state %s, iterations %d)' \
                    % (type(model.optimizer).__name__,
                       'restored' if restored else 'NOT restored',
                       int(model.optimizer.iterations.numpy()))
            return model, note

        def weights_only(name=name):
            with open(os.path.join(folder, name + '.json')) as f:
                model = tf_keras.models.model_from_json(f.read())
            model.load_weights(os.path.join(folder, name + '_weights.h5'))
            return model, ''

        for check, load in (('load_model', full_model),
                            ('load_weights', weights_only)):
            try:
                model, note = load()
                predicted = model.predict(feed, verbose=0)
                predicted = predicted if isinstance(predicted, list) \
                    else [predicted]
                error = max(float(np.max(np.abs(p - e)))
                            for p, e in zip(predicted, expected))
                verdict = 'ok' if error <= TOLERANCE else 'DIFFERS'
                results[name][check] = '%s %.1e%s' % (verdict, error, note)
            except Exception as error:  # reported in the table
                message = str(error).strip().splitlines()
                results[name][check] = 'FAILED: %s: %s' % (
                    type(error).__name__, (message or [''])[0][:150])
                traceback.print_exc()
    return results


class _LogCollector:
    """Collects the messages of a `logging` logger inside a with block."""

    def __init__(self, logger_name):
        import logging
        self.logger = logging.getLogger(logger_name)
        self.messages = []
        self.handler = logging.Handler()
        self.handler.emit = lambda record: self.messages.append(
            record.getMessage())

    def __enter__(self):
        self.logger.addHandler(self.handler)
        return self

    def __exit__(self, *exc_info):
        self.logger.removeHandler(self.handler)


# -- driver ------------------------------------------------------------------

def run_backend(backend, tf_keras_python):
    folder = tempfile.mkdtemp(prefix='tf_keras_compat_%s_' % backend)
    env = dict(os.environ, KERAS_BACKEND=backend,
               PYTHONPATH=os.pathsep.join(
                   p for p in [ROOT, os.environ.get('PYTHONPATH')] if p))
    ours = subprocess.run([sys.executable, os.path.abspath(__file__),
                           '--our-side', folder], env=env,
                          capture_output=True, text=True)
    if ours.returncode != 0:
        return None, 'saving failed: %s' % ours.stderr.strip()[-2000:]
    names = json.loads(ours.stdout.strip().splitlines()[-1])
    theirs = subprocess.run([tf_keras_python, os.path.abspath(__file__),
                             '--tf-keras-side', folder] + names,
                            capture_output=True, text=True,
                            env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL='2'))
    if theirs.returncode != 0:
        return None, 'tf-keras side failed: %s' % theirs.stderr[-2000:]
    return json.loads(theirs.stdout.strip().splitlines()[-1]), folder


def print_table(all_results):
    for backend, results in all_results.items():
        print('\n## files written on %s, read by tf-keras\n' % backend)
        if isinstance(results, str):
            print(results)
            continue
        print('| model | tf_keras load_model | tf_keras load_weights |')
        print('| --- | --- | --- |')
        for name, cells in results.items():
            print('| %s | %s | %s |' % (name, cells.get('load_model', ''),
                                        cells.get('load_weights', '')))


def main(argv):
    if len(argv) > 1 and argv[1] == '--our-side':
        print(json.dumps(write_our_files(argv[2])))
        return 0
    if len(argv) > 1 and argv[1] == '--tf-keras-side':
        print(json.dumps(tf_keras_side(argv[2], argv[3:])))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('backends', nargs='*',
                        help='backends to write with (default: all of %s)'
                        % ', '.join(BACKENDS))
    parser.add_argument('--tf-keras-python', default=os.environ.get(
        'TF_KERAS_PYTHON', DEFAULT_TF_KERAS_PYTHON))
    args = parser.parse_args(argv[1:])
    unknown = [b for b in args.backends if b not in BACKENDS]
    if unknown:
        parser.error('unknown backend(s) %s; expected some of %s'
                     % (', '.join(unknown), ', '.join(BACKENDS)))
    if not os.path.exists(args.tf_keras_python):
        print('No tf-keras environment at %s: create one (pip install '
              'tensorflow-cpu==2.21.0; pip install --no-deps '
              'tf-keras==2.21.0) and pass --tf-keras-python.'
              % args.tf_keras_python)
        return 2
    all_results = {}
    for backend in args.backends or BACKENDS:
        results, detail = run_backend(backend, args.tf_keras_python)
        all_results[backend] = results if results is not None else detail
        if results is not None:
            print('%s: files in %s' % (backend, detail))
    print_table(all_results)
    failed = any(isinstance(r, str) or any(
        not cell.startswith('ok') for cells in r.values()
        for cell in cells.values()) for r in all_results.values())
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
