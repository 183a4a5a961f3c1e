"""Times Keras's fit() on the mnist_mlp model against the same training step
written by hand in each backend's framework (benchmarks/raw_mlp.py), and
the step built from K ops with K.function (benchmarks/k_function_mlp.py).

Each backend runs in its own subprocess with KERAS_BACKEND set. Within it,
each side gets one warm-up epoch (compilation), then they take turns for
`--repeats` timed epochs of `--steps` batches of random data of MNIST's
shape; the table reports the median ms per step.

    python benchmarks/bench_mnist_mlp.py              # every installed backend
    python benchmarks/bench_mnist_mlp.py --backends jax torch --no-write
    python benchmarks/bench_mnist_mlp.py --profile torch   # where Keras spends
    python benchmarks/bench_mnist_mlp.py --layer-sizes 16 8 8 10 --batch-size 8
                                                      # the fixed cost a step
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

import raw_mlp

HERE = os.path.dirname(os.path.abspath(__file__))
# The framework each backend needs, to skip the ones not installed.
FRAMEWORKS = {'jax': 'jax', 'tensorflow': 'tensorflow', 'torch': 'torch',
              'theano': 'pytensor'}
RESULT_PREFIX = 'BENCH_RESULT '
TARGET_RATIO = 1.10


MNIST_MLP_SIZES = raw_mlp.LAYER_SIZES


def make_data(num_samples, sizes=MNIST_MLP_SIZES, seed=0):
    rng = np.random.RandomState(seed)
    x = rng.rand(num_samples, sizes[0]).astype('float32')
    y = np.eye(sizes[-1], dtype='float32')[
        rng.randint(0, sizes[-1], num_samples)]
    return x, y


def build_keras_model(sizes=MNIST_MLP_SIZES):
    """mnist_mlp's model: relu layers of sizes[1:-1], each followed by
    Dropout(0.2), then softmax."""
    from keras.layers import Dense
    from keras.layers import Dropout
    from keras.models import Sequential
    from keras.optimizers import RMSprop
    model = Sequential()
    for i, units in enumerate(sizes[1:-1]):
        extra = {'input_shape': (sizes[0],)} if i == 0 else {}
        model.add(Dense(units, activation='relu', **extra))
        model.add(Dropout(0.2))
    model.add(Dense(sizes[-1], activation='softmax'))
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


def apply_thread_limit(backend, threads):
    """The in-process half of limit_threads, for the frameworks that read
    no environment variable; must run before the framework computes."""
    if backend == 'tensorflow':
        import tensorflow as tf
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    elif backend == 'torch':
        import torch
        torch.set_num_threads(threads)
        torch.set_num_interop_threads(1)


def run_worker(backend, args):
    if args.threads:
        apply_thread_limit(backend, args.threads)
    import k_function_mlp
    sizes = tuple(args.layer_sizes)
    steps, repeats, batch_size = args.steps, args.repeats, args.batch_size
    np.random.seed(0)
    x, y = make_data(steps * batch_size, sizes)
    model = build_keras_model(sizes)
    k_step = k_function_mlp.build_k_function_step(sizes)
    raw_step = raw_mlp.BUILDERS[backend](sizes)
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


def run_profile(backend, args):
    """cProfile of Keras's fit on this backend, after a warm-up epoch."""
    import cProfile
    import pstats
    if args.threads:
        apply_thread_limit(backend, args.threads)
    x, y = make_data(args.steps * args.batch_size, args.layer_sizes)
    model = build_keras_model(args.layer_sizes)
    keras_epoch(model, x, y, args.batch_size)
    profiler = cProfile.Profile()
    profiler.enable()
    keras_epoch(model, x, y, args.batch_size)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    print('--- %s: %d steps, sorted by own time ---' % (backend, args.steps))
    stats.sort_stats('tottime').print_stats(args.top)
    print('--- %s: sorted by cumulative time ---' % backend)
    stats.sort_stats('cumulative').print_stats(args.top)


def limit_threads(env, threads):
    """Asks every framework for `threads` compute threads. On a busy small
    machine a framework with a thread per core stalls whenever one of them
    is descheduled; fewer threads make timings repeatable."""
    count = str(threads)
    for name in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'OPENBLAS_NUM_THREADS',
                 'TF_NUM_INTRAOP_THREADS'):
        env[name] = count
    env['TF_NUM_INTEROP_THREADS'] = '1'
    env['XLA_FLAGS'] = ' '.join(filter(None, [
        env.get('XLA_FLAGS'), '--xla_cpu_multi_thread_eigen=%s'
        % ('true' if threads > 1 else 'false'),
        'intra_op_parallelism_threads=%s' % count]))


def worker_env(backend, threads=None):
    env = dict(os.environ)
    env['KERAS_BACKEND'] = backend
    if threads:
        limit_threads(env, threads)
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
               '--batch-size', str(args.batch_size), '--layer-sizes'] + \
        [str(n) for n in args.layer_sizes]
    if args.threads:
        command += ['--threads', str(args.threads)]
    proc = subprocess.run(command, env=worker_env(backend, args.threads),
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
    memory = ''
    try:
        with open('/proc/meminfo') as f:
            kib = int(f.readline().split()[1])
        memory = ', %.0f GiB memory' % (kib / 2. ** 20)
    except (OSError, ValueError, IndexError):
        pass
    return '%s, %d logical cores%s, %s, Python %s, NumPy %s' % (
        cpu, os.cpu_count() or 0, memory, platform.system(),
        platform.python_version(), np.__version__)


def format_table(results):
    lines = ['| backend | keras ms/step | raw ms/step | ratio '
             '| K.function ms/step | ratio of fastest epochs |',
             '| --- | ---: | ---: | ---: | ---: | ---: |']
    for r in results:
        if 'error' in r:
            lines.append('| %s | failed: %s | | | | |'
                         % (r['backend'], r['error'].replace('|', '/')))
            continue
        ratio = r['keras_ms'] / r['raw_ms']
        flag = '' if ratio <= TARGET_RATIO else ' (over %.2f)' % TARGET_RATIO
        # Other programs only ever add time: the fastest epochs are the
        # least disturbed view on a busy machine.
        best_ratio = min(r['keras_all_ms']) / min(r['raw_all_ms'])
        lines.append('| %s %s | %.2f | %.2f | %.2f%s | %.2f | %.2f |' % (
            r['backend'], r['version'], r['keras_ms'], r['raw_ms'], ratio,
            flag, r['k_function_ms'], best_ratio))
    return '\n'.join(lines)


RESULTS_TITLE = '# mnist_mlp benchmark results'


def write_results(path, table, args, load):
    """Writes the run as a section of `path`: the file is started afresh,
    or with --append the section goes after the runs already there."""
    now = datetime.datetime.now().strftime('%Y-%m-%d %H:%M')
    threads = ('%d per framework' % args.threads if args.threads
               else 'each framework\'s default')
    section = [
        '## %s, threads: %s' % (now, threads), '',
        '- machine: %s' % machine_description(),
        '- layer sizes %s, batch %d, %d steps an epoch, median of %d '
        'epochs after one warm-up epoch'
        % ('-'.join(str(n) for n in args.layer_sizes), args.batch_size,
           args.steps, args.repeats),
        '- load average (1 min) before and after the run: %.1f, %.1f'
        % tuple(load), '', table, '']
    header = [
        RESULTS_TITLE, '',
        'Written by `python benchmarks/bench_mnist_mlp.py` (see README.md).',
        '', '- model: mnist_mlp\'s (784-512-512-10 unless a section says '
        'otherwise), relu, dropout 0.2, softmax, RMSprop (lr 0.001), '
        'categorical crossentropy, accuracy metric; random data; PyTensor '
        'in FAST_RUN (C) mode',
        '- raw: the same step written by hand in the framework '
        '(benchmarks/raw_mlp.py); ratio = keras / raw, target <= %.2f'
        % TARGET_RATIO,
        '- K.function: the same step from K ops compiled with K.function, '
        'without the engine (benchmarks/k_function_mlp.py): keras minus it '
        'is the training loop\'s cost, it minus raw the backend function '
        'path\'s',
        '- ratio of fastest epochs: fastest keras epoch / fastest raw epoch; '
        'other programs only add time, so on a busy machine this is the '
        'steadier figure', '']
    if args.append and os.path.exists(path):
        with open(path) as f:
            existing = f.read().rstrip('\n') + '\n\n'
        text = existing + '\n'.join(section)
    else:
        text = '\n'.join(header + section)
    with open(path, 'w') as f:
        f.write(text)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--backends', nargs='+', choices=sorted(FRAMEWORKS),
                        help='backends to time (default: every installed one)')
    parser.add_argument('--steps', type=int, default=50,
                        help='batches per timed epoch (default: 50)')
    parser.add_argument('--repeats', type=int, default=9,
                        help='timed epochs per side (default: 9)')
    parser.add_argument('--batch-size', type=int, default=128)
    parser.add_argument('--layer-sizes', type=int, nargs='+',
                        default=list(MNIST_MLP_SIZES),
                        help='input, hidden and class sizes (default: '
                        '784 512 512 10); a tiny model such as 16 8 8 10 '
                        'with --batch-size 8 shows the fixed cost per step')
    parser.add_argument('--threads', type=int,
                        help='compute threads per framework (default: each '
                        'framework\'s own choice)')
    parser.add_argument('--results', default=os.path.join(HERE, 'RESULTS.md'),
                        help='markdown file to write (default: %(default)s)')
    parser.add_argument('--append', action='store_true',
                        help='add this run to the results file instead of '
                        'starting it afresh')
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
        run_worker(args.worker, args)
        return
    if args.profile:
        if os.environ.get('KERAS_BACKEND') != args.profile:
            command = [sys.executable, os.path.abspath(__file__)] + \
                (argv if argv is not None else sys.argv[1:])
            sys.exit(subprocess.call(
                command, env=worker_env(args.profile, args.threads)))
        run_profile(args.profile, args)
        return

    backends = args.backends or [
        b for b in ('jax', 'tensorflow', 'torch', 'theano')
        if importlib.util.find_spec(FRAMEWORKS[b]) is not None]
    load = [os.getloadavg()[0]]
    results = []
    for backend in backends:
        print('timing %s ...' % backend, file=sys.stderr)
        results.append(measure(backend, args))
    load.append(os.getloadavg()[0])
    table = format_table(results)
    print(table)
    print('load average before and after: %.1f, %.1f' % tuple(load))
    if not args.no_write:
        write_results(args.results, table, args, load)
        print('written to %s' % args.results, file=sys.stderr)


if __name__ == '__main__':
    main()
