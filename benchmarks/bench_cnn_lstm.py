"""Times Keras's fit() on the models of examples/mnist_cnn.py and
examples/imdb_lstm.py against the same training steps written by hand in
jax, tensorflow and torch (benchmarks/raw_cnn_lstm.py); theano (PyTensor)
is timed on the Keras side only and reported as a multiple of
tensorflow's.

Each backend runs in its own subprocess with KERAS_BACKEND set. Within it,
for each model, both sides start from the same weights, get one untimed
warm-up epoch (compilation), then take turns for `--repeats` timed epochs
of `--cnn-steps` / `--lstm-steps` batches of random data of the examples'
shapes; the table reports the median ms per step.

    python benchmarks/bench_cnn_lstm.py              # appended to RESULTS.md
    python benchmarks/bench_cnn_lstm.py --backends torch --models lstm \
        --no-write
    python benchmarks/bench_cnn_lstm.py --keras-loop train_on_batch
    python benchmarks/bench_cnn_lstm.py --profile torch lstm  # where Keras
                                                         # spends the time
"""
import argparse
import os
import sys

import numpy as np

import bench_common
import raw_cnn_lstm as raw

TARGET_RATIO = 1.15          # keras / raw on jax, tensorflow, torch
MODELS = ('cnn', 'lstm')
MODEL_NAMES = {'cnn': 'mnist_cnn', 'lstm': 'imdb_lstm'}
BATCH_SIZES = {'cnn': 128, 'lstm': 32}
LSTM_LENGTH = 80


def make_data(model, num_samples, seed=0):
    rng = np.random.RandomState(seed)
    if model == 'cnn':
        x = rng.rand(num_samples, *raw.CNN_INPUT).astype('float32')
        y = np.eye(raw.CNN_CLASSES, dtype='float32')[
            rng.randint(0, raw.CNN_CLASSES, num_samples)]
    else:
        x = rng.randint(1, raw.MAX_FEATURES,
                        (num_samples, LSTM_LENGTH)).astype('int32')
        y = rng.randint(0, 2, (num_samples, 1)).astype('float32')
    return x, y


def build_keras_model(model):
    """The example's model, compiled as the example compiles it, with the
    raw side's initial weights."""
    from keras.layers import LSTM
    from keras.layers import Conv2D
    from keras.layers import Dense
    from keras.layers import Dropout
    from keras.layers import Embedding
    from keras.layers import Flatten
    from keras.layers import MaxPooling2D
    from keras.models import Sequential
    from keras.optimizers import Adadelta
    from keras.optimizers import Adam
    if model == 'cnn':
        keras_model = Sequential([
            Conv2D(32, kernel_size=(3, 3), activation='relu',
                   input_shape=raw.CNN_INPUT),
            Conv2D(64, (3, 3), activation='relu'),
            MaxPooling2D(pool_size=(2, 2)),
            Dropout(0.25),
            Flatten(),
            Dense(128, activation='relu'),
            Dropout(0.5),
            Dense(raw.CNN_CLASSES, activation='softmax')])
        keras_model.compile(loss='categorical_crossentropy',
                            optimizer=Adadelta(), metrics=['accuracy'])
        keras_model.set_weights(raw.cnn_weights())
    else:
        keras_model = Sequential([
            Embedding(raw.MAX_FEATURES, raw.EMBEDDING_DIM),
            LSTM(raw.LSTM_UNITS, dropout=raw.LSTM_DROPOUT,
                 recurrent_dropout=raw.LSTM_RECURRENT_DROPOUT),
            Dense(1, activation='sigmoid')])
        keras_model.compile(loss='binary_crossentropy', optimizer=Adam(),
                            metrics=['accuracy'])
        keras_model.set_weights(raw.lstm_weights())
    return keras_model


def keras_epoch_function(keras_model, x, y, batch_size, loop, losses):
    """One epoch of Keras training; the mean loss goes to `losses`."""
    if loop == 'fit':
        def epoch():
            history = keras_model.fit(x, y, batch_size=batch_size, epochs=1,
                                      verbose=0, shuffle=True)
            losses.append(float(history.history['loss'][0]))
    else:
        def step(x_batch, y_batch):
            losses.append(float(np.ravel(
                keras_model.train_on_batch(x_batch, y_batch))[0]))

        def epoch():
            bench_common.shuffled_epoch(step, x, y, batch_size)
    return epoch


def time_model(backend, model, args):
    steps = args.cnn_steps if model == 'cnn' else args.lstm_steps
    batch_size = BATCH_SIZES[model]
    np.random.seed(0)
    x, y = make_data(model, steps * batch_size)
    keras_losses, raw_losses = [], []
    sides = [('keras', keras_epoch_function(
        build_keras_model(model), x, y, batch_size, args.keras_loop,
        keras_losses))]
    if backend in raw.BUILDERS:
        raw_step = raw.BUILDERS[backend](model)

        def recorded_step(x_batch, y_batch):
            raw_losses.append(raw_step(x_batch, y_batch)[0])
        sides.append(('raw', lambda: bench_common.shuffled_epoch(
            recorded_step, x, y, batch_size)))
    result = {'steps': steps, 'batch_size': batch_size}
    for name, epoch in sides:
        result[name + '_warmup_s'] = bench_common.timed(epoch)
    # The warm-up epoch's mean loss on each side: the same computation
    # from the same weights gives about the same value.
    result['keras_warmup_loss'] = float(np.mean(keras_losses))
    if raw_losses:
        result['raw_warmup_loss'] = float(np.mean(raw_losses))
    wall, cpu = bench_common.take_turns(sides, args.repeats)
    for name, _ in sides:
        per_step = [1000. * t / steps for t in wall[name]]
        result[name + '_ms'] = float(np.median(per_step))
        result[name + '_all_ms'] = per_step
        result[name + '_cpu_ms'] = 1000. * float(
            np.median(cpu[name])) / steps
    return result


def run_worker(backend, args):
    bench_common.apply_thread_limit(backend, args.threads)
    result = {'backend': backend,
              'version': bench_common.framework_version(backend)}
    for model in args.models:
        try:
            result[model] = time_model(backend, model, args)
        except Exception as error:  # noqa: reported in the table
            result[model] = {'error': '%s: %s' % (type(error).__name__,
                                                  error)}
    bench_common.print_result(result)


def run_profile(backend, model, args):
    """cProfile of Keras's training epochs on one backend, after a
    warm-up epoch."""
    import cProfile
    import pstats
    bench_common.apply_thread_limit(backend, args.threads)
    steps = args.cnn_steps if model == 'cnn' else args.lstm_steps
    x, y = make_data(model, steps * BATCH_SIZES[model])
    epoch = keras_epoch_function(build_keras_model(model), x, y,
                                 BATCH_SIZES[model], args.keras_loop, [])
    epoch()
    profiler = cProfile.Profile()
    profiler.enable()
    epoch()
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    print('--- %s %s: %d steps, sorted by own time ---'
          % (backend, MODEL_NAMES[model], steps))
    stats.sort_stats('tottime').print_stats(args.top)
    print('--- sorted by cumulative time ---')
    stats.sort_stats('cumulative').print_stats(args.top)


def worker_arguments(backend, args):
    arguments = ['--worker', backend, '--models'] + list(args.models) + [
        '--cnn-steps', args.cnn_steps, '--lstm-steps', args.lstm_steps,
        '--repeats', args.repeats, '--threads', args.threads,
        '--keras-loop', args.keras_loop]
    return arguments


def _spread(values):
    """(slowest - fastest) / fastest of the timed epochs, in percent."""
    return '%.0f%%' % (100. * (max(values) - min(values)) / min(values))


def format_table(results):
    header = ['backend', 'model', 'keras ms/step', 'raw ms/step', 'ratio',
              'ratio of CPU times', 'ratio of fastest epochs',
              'spread keras / raw']
    rows, notes = [], []
    tensorflow = {}
    for r in results:
        if r['backend'] == 'tensorflow' and 'error' not in r:
            tensorflow = r
    losses = []
    for r in results:
        label = '%s %s' % (r['backend'], r.get('version', ''))
        for model in MODELS:
            if 'error' in r:
                if model == MODELS[0]:
                    rows.append([label.strip(), '-',
                                 bench_common.failed_cell(r)])
                continue
            if model not in r:
                continue
            m = r[model]
            name = MODEL_NAMES[model]
            if 'error' in m:
                rows.append([label, name, bench_common.failed_cell(m)])
                continue
            if 'raw_ms' in m:
                rows.append([
                    label, name, '%.1f' % m['keras_ms'], '%.1f' % m['raw_ms'],
                    bench_common.ratio_cell(m['keras_ms'], m['raw_ms'],
                                            TARGET_RATIO),
                    '%.2f' % (m['keras_cpu_ms'] / m['raw_cpu_ms']),
                    '%.2f' % (min(m['keras_all_ms']) / min(m['raw_all_ms'])),
                    '%s / %s' % (_spread(m['keras_all_ms']),
                                 _spread(m['raw_all_ms']))])
                losses.append('%s %s %.3f / %.3f' % (
                    r['backend'], name, m['keras_warmup_loss'],
                    m['raw_warmup_loss']))
            else:
                tf_model = tensorflow.get(model, {})
                if 'keras_ms' in tf_model:
                    versus = '%.2f x tensorflow\'s keras' % (
                        m['keras_ms'] / tf_model['keras_ms'])
                    versus_cpu = '%.2f x tensorflow' % (
                        m['keras_cpu_ms'] / tf_model['keras_cpu_ms'])
                else:
                    versus = versus_cpu = '(no tensorflow run)'
                rows.append([label, name, '%.1f' % m['keras_ms'], '-',
                             versus, versus_cpu, '-', '%s / -'
                             % _spread(m['keras_all_ms'])])
    if losses:
        notes.append('- mean loss of the warm-up epoch, keras / raw (same '
                     'weights, same computation, different dropout draws): '
                     + '; '.join(losses))
    return '\n'.join([bench_common.markdown_table(header, rows), ''] + notes)


def write_results(path, table, args, load):
    title = 'mnist_cnn and imdb_lstm training steps (bench_cnn_lstm.py)'
    notes = [
        'models: examples/mnist_cnn.py (batch 128, Adadelta) and '
        'examples/imdb_lstm.py (batch 32, length 80, Adam), accuracy '
        'metric; random data; float32; PyTensor in FAST_RUN (C) mode',
        'keras: `model.%s`, %d steps an epoch (mnist_cnn) and %d '
        '(imdb_lstm); raw: the same step written by hand '
        '(benchmarks/raw_cnn_lstm.py; torch: functional code, the LSTM an '
        'explicit Python loop); median of %d epochs after one warm-up '
        'epoch; ratio = keras / raw, target <= %.2f on jax, tensorflow, '
        'torch; theano: keras only, as a multiple of tensorflow\'s keras'
        % ('fit' if args.keras_loop == 'fit' else 'train_on_batch',
           args.cnn_steps, args.lstm_steps, args.repeats, TARGET_RATIO),
        'ratio of CPU times: of the medians of the process\'s CPU time '
        'per step, which leaves out the waits for a core on a busy machine '
        '(one thread per framework: CPU time is compute time); ratio of '
        'fastest epochs: fastest keras epoch / fastest raw epoch',
        'spread: (slowest - fastest) / fastest timed epoch, the noise of '
        'the run']
    lines = bench_common.section_lines(title, notes, load, args.threads)
    bench_common.append_section(path, lines + ['', table])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--backends', nargs='+',
                        choices=sorted(bench_common.FRAMEWORKS),
                        help='backends to time (default: every installed one)')
    parser.add_argument('--models', nargs='+', choices=MODELS,
                        default=list(MODELS))
    parser.add_argument('--cnn-steps', type=int, default=3,
                        help='mnist_cnn batches per timed epoch (default: 3)')
    parser.add_argument('--lstm-steps', type=int, default=10,
                        help='imdb_lstm batches per timed epoch (default: 10)')
    parser.add_argument('--repeats', type=int, default=5,
                        help='timed epochs per side (default: 5)')
    parser.add_argument('--threads', type=int, default=1,
                        help='compute threads per framework (default: 1, '
                        'the repeatable setting on a small shared machine; '
                        '0: each framework\'s own choice)')
    parser.add_argument('--keras-loop', choices=('fit', 'train_on_batch'),
                        default='fit',
                        help='how Keras trains: fit() over the epoch '
                        '(default) or a train_on_batch call per batch')
    parser.add_argument('--results', default=bench_common.RESULTS_PATH,
                        help='markdown file the run is appended to (default: '
                        '%(default)s)')
    parser.add_argument('--no-write', action='store_true',
                        help='print the table only')
    parser.add_argument('--worker', choices=sorted(bench_common.FRAMEWORKS),
                        help=argparse.SUPPRESS)
    parser.add_argument('--profile', nargs=2, metavar=('BACKEND', 'MODEL'),
                        help='print a cProfile of Keras training on one '
                        'backend and model (cnn or lstm)')
    parser.add_argument('--top', type=int, default=30,
                        help='rows of --profile output (default: 30)')
    args = parser.parse_args(argv)

    if args.worker:
        run_worker(args.worker, args)
        return
    if args.profile:
        backend, model = args.profile
        if os.environ.get('KERAS_BACKEND') != backend:
            env = bench_common.worker_env(backend, args.threads)
            command = [sys.executable, os.path.abspath(__file__)] + \
                (argv if argv is not None else sys.argv[1:])
            import subprocess
            sys.exit(subprocess.call(command, env=env))
        run_profile(backend, model, args)
        return

    load = [bench_common.load_average()]
    results = []
    for backend in bench_common.installed_backends(args.backends):
        print('timing %s ...' % backend, file=sys.stderr)
        results.append(bench_common.run_worker_process(
            __file__, backend, worker_arguments(backend, args),
            args.threads))
    load.append(bench_common.load_average())
    table = format_table(results)
    print(table)
    print('load average before and after: %.1f, %.1f' % tuple(load))
    if not args.no_write:
        write_results(args.results, table, args, load)
        print('written to %s' % args.results, file=sys.stderr)


if __name__ == '__main__':
    main()
