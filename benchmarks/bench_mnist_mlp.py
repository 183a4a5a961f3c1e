"""Times Keras's fit() on the mnist_mlp model against the same training step
written by hand in each backend's framework (benchmarks/raw_mlp.py), and
the step built from K ops with K.function (benchmarks/k_function_mlp.py).

Each backend runs in its own subprocess with KERAS_BACKEND set. Within it,
each side gets one warm-up epoch (compilation), then they take turns for
`--repeats` timed epochs of `--steps` batches of random data of MNIST's
shape; the table reports the median ms per step.

    python benchmarks/bench_mnist_mlp.py                # every installed backend
    python benchmarks/bench_mnist_mlp.py --backends jax torch --no-write
    python benchmarks/bench_mnist_mlp.py --profile torch  # where Keras spends it
"""
import argparse
import datetime
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
# The framework each backend needs, to skip the ones not installed.
FRAMEWORKS = {'jax': 'jax', 'tensorflow': 'tensorflow', 'torch': 'torch',
              'theano': 'pytensor'}
RESULT_PREFIX = 'BENCH_RESULT '
TARGET_RATIO = 1.10


def make_data(num_samples, seed=0):
    rng = np.random.RandomState(seed)
    x = rng.rand(num_samples, 784).astype('float32')
    y = np.eye(10, dtype='float32')[rng.randint(0, 10, num_samples)]
    return x, y


def build_keras_model():
    from keras.layers import Dense
    from keras.layers import Dropout
    from keras.models import Sequential
    from keras.optimizers import RMSprop
    model = Sequential()
    model.add(Dense(512, activation='relu', input_shape=(784,)))
    model.add(Dropout(0.2))
    model.add(Dense(512, activation='relu'))
    model.add(Dropout(0.2))
    model.add(Dense(10, activation='softmax'))
    model.compile(loss='categorical_crossentropy',
                  optimizer=RMSprop(learning_rate=0.001),
                  metrics=['accuracy'])
    return model


def keras_epoch(model, x, y, batch_size):
    model.fit(x, y, batch_size=batch_size, epochs=1, verbose=0, shuffle=True)


def raw_epoch(step, x, y, batch_size):
    """One shuffled pass over the data, as Keras's fit loop makes it: the
    batch is gathered from the numpy arrays and the loss and accuracy come
    back to Python every step."""
    order = np.random.permutation(len(x))
    for start in range(0, len(x), batch_size):
        batch = order[start:start + batch_size]
        step(x[batch], y[batch])


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def framework_version(backend):
    module = __import__(FRAMEWORKS[backend])
    return getattr(module, '__version__', '?')


def run_worker(backend, steps, repeats, batch_size):
    import k_function_mlp
    import raw_mlp
    np.random.seed(0)
    x, y = make_data(steps * batch_size)
    model = build_keras_model()
    k_step = k_function_mlp.build_k_function_step()
    raw_step = raw_mlp.BUILDERS[backend]()
    sides = [('keras', lambda: keras_epoch(model, x, y, batch_size)),
             ('k_function', lambda: raw_epoch(k_step, x, y, batch_size)),
             ('raw', lambda: raw_epoch(raw_step, x, y, batch_size))]

    result = {'backend': backend, 'version': framework_version(backend)}
    for name, epoch in sides:
        result[name + '_warmup_s'] = timed(epoch)
    times = {name: [] for name, _ in sides}
    for repeat in range(repeats):
        # Rotating the order spreads slow drifts (thermal, other processes)
        # over every side.
        shift = repeat % len(sides)
        for name, epoch in sides[shift:] + sides[:shift]:
            times[name].append(timed(epoch))
    for name, _ in sides:
        per_step = [1000. * t / steps for t in times[name]]
        result[name + '_ms'] = float(np.median(per_step))
        result[name + '_all_ms'] = per_step
    print(RESULT_PREFIX + json.dumps(result))


def run_profile(backend, steps, batch_size, top):
    """cProfile of Keras's fit on this backend, after a warm-up epoch."""
    import cProfile
    import pstats
    x, y = make_data(steps * batch_size)
    model = build_keras_model()
    keras_epoch(model, x, y, batch_size)
    profiler = cProfile.Profile()
    profiler.enable()
    keras_epoch(model, x, y, batch_size)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    print('--- %s: %d steps, sorted by own time ---' % (backend, steps))
    stats.sort_stats('tottime').print_stats(top)
    print('--- %s: sorted by cumulative time ---' % backend)
    stats.sort_stats('cumulative').print_stats(top)


def worker_env(backend):
    env = dict(os.environ)
    env['KERAS_BACKEND'] = backend
    # Full speed for PyTensor: the C linker and all graph rewrites (the test
    # suite's FAST_COMPILE setting would time the Python linker instead).
    env['KERAS_PYTENSOR_MODE'] = 'FAST_RUN'
    env['PYTHONPATH'] = os.pathsep.join(
        p for p in [HERE, env.get('PYTHONPATH')] if p)
    env.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
    return env


def measure(backend, args):
    command = [sys.executable, os.path.abspath(__file__), '--worker', backend,
               '--steps', str(args.steps), '--repeats', str(args.repeats),
               '--batch-size', str(args.batch_size)]
    proc = subprocess.run(command, env=worker_env(backend),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX):])
    tail = (proc.stderr.strip().splitlines() or ['(no output)'])[-1]
    return {'backend': backend, 'error': tail}


def machine_description():
    cpu = platform.processor() or platform.machine()
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    cpu = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    return '%s, %d logical cores, %s, Python %s' % (
        cpu, os.cpu_count() or 0, platform.system(),
        platform.python_version())


def format_table(results):
    lines = ['| backend | keras ms/step | raw ms/step | ratio '
             '| K.function ms/step |',
             '| --- | ---: | ---: | ---: | ---: |']
    for r in results:
        if 'error' in r:
            lines.append('| %s | failed: %s | | | |'
                         % (r['backend'], r['error'].replace('|', '/')))
            continue
        ratio = r['keras_ms'] / r['raw_ms']
        flag = '' if ratio <= TARGET_RATIO else ' (over %.2f)' % TARGET_RATIO
        lines.append('| %s %s | %.2f | %.2f | %.2f%s | %.2f |' % (
            r['backend'], r['version'], r['keras_ms'], r['raw_ms'], ratio,
            flag, r['k_function_ms']))
    return '\n'.join(lines)


def write_results(path, table, args):
    today = datetime.date.today().isoformat()
    text = [
        '# mnist_mlp benchmark results', '',
        'Produced by `python benchmarks/bench_mnist_mlp.py` on %s.' % today,
        '', '- machine: %s' % machine_description(),
        '- model: 784-512-512-10, relu, dropout 0.2, softmax, RMSprop '
        '(lr 0.001), categorical crossentropy, accuracy metric',
        '- batch %d, %d steps an epoch, median of %d epochs after one '
        'warm-up epoch; PyTensor in FAST_RUN mode'
        % (args.batch_size, args.steps, args.repeats),
        '- raw: the same step written by hand in the framework '
        '(benchmarks/raw_mlp.py); ratio = keras / raw, target <= %.2f'
        % TARGET_RATIO,
        '- K.function: the same step from K ops compiled with K.function, '
        'without the engine (benchmarks/k_function_mlp.py): keras minus it '
        'is the training loop\'s cost, it minus raw the backend function '
        'path\'s', '', table, '']
    with open(path, 'w') as f:
        f.write('\n'.join(text))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--backends', nargs='+', choices=sorted(FRAMEWORKS),
                        help='backends to time (default: every installed one)')
    parser.add_argument('--steps', type=int, default=50,
                        help='batches per timed epoch (default: 50)')
    parser.add_argument('--repeats', type=int, default=5,
                        help='timed epochs per side (default: 5)')
    parser.add_argument('--batch-size', type=int, default=128)
    parser.add_argument('--results', default=os.path.join(HERE, 'RESULTS.md'),
                        help='markdown file to write (default: %(default)s)')
    parser.add_argument('--no-write', action='store_true',
                        help='print the table only')
    parser.add_argument('--worker', choices=sorted(FRAMEWORKS),
                        help=argparse.SUPPRESS)
    parser.add_argument('--profile', choices=sorted(FRAMEWORKS),
                        help='print a cProfile of Keras fit() on one backend')
    parser.add_argument('--top', type=int, default=30,
                        help='rows of --profile output (default: 30)')
    args = parser.parse_args(argv)

    if args.worker:
        run_worker(args.worker, args.steps, args.repeats, args.batch_size)
        return
    if args.profile:
        if os.environ.get('KERAS_BACKEND') != args.profile:
            command = [sys.executable, os.path.abspath(__file__)] + \
                (argv if argv is not None else sys.argv[1:])
            sys.exit(subprocess.call(command, env=worker_env(args.profile)))
        run_profile(args.profile, args.steps, args.batch_size, args.top)
        return

    backends = args.backends or [
        b for b in ('jax', 'tensorflow', 'torch', 'theano')
        if importlib.util.find_spec(FRAMEWORKS[b]) is not None]
    results = []
    for backend in backends:
        print('timing %s ...' % backend, file=sys.stderr)
        results.append(measure(backend, args))
    table = format_table(results)
    print(table)
    if not args.no_write:
        write_results(args.results, table, args)
        print('written to %s' % args.results, file=sys.stderr)


if __name__ == '__main__':
    main()
