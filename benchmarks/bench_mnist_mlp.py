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
import os
import subprocess
import sys

import numpy as np

import bench_common
import raw_mlp

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


def run_worker(backend, args):
    bench_common.apply_thread_limit(backend, args.threads)
    import k_function_mlp
    sizes = tuple(args.layer_sizes)
    steps, repeats, batch_size = args.steps, args.repeats, args.batch_size
    np.random.seed(0)
    x, y = make_data(steps * batch_size, sizes)
    model = build_keras_model(sizes)
    k_step = k_function_mlp.build_k_function_step(sizes)
    raw_step = raw_mlp.BUILDERS[backend](sizes)
    sides = [('keras', lambda: keras_epoch(model, x, y, batch_size)),
             ('k_function', lambda: bench_common.shuffled_epoch(
                 k_step, x, y, batch_size)),
             ('raw', lambda: bench_common.shuffled_epoch(
                 raw_step, x, y, batch_size))]

    result = {'backend': backend,
              'version': bench_common.framework_version(backend)}
    for name, epoch in sides:
        result[name + '_warmup_s'] = bench_common.timed(epoch)
    times, _ = bench_common.take_turns(sides, repeats)
    for name, _ in sides:
        per_step = [1000. * t / steps for t in times[name]]
        result[name + '_ms'] = float(np.median(per_step))
        result[name + '_all_ms'] = per_step
    bench_common.print_result(result)


def run_profile(backend, args):
    """cProfile of Keras's fit on this backend, after a warm-up epoch."""
    import cProfile
    import pstats
    bench_common.apply_thread_limit(backend, args.threads)
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


def measure(backend, args):
    arguments = ['--worker', backend, '--steps', args.steps,
                 '--repeats', args.repeats, '--batch-size', args.batch_size,
                 '--layer-sizes'] + list(args.layer_sizes)
    if args.threads:
        arguments += ['--threads', args.threads]
    return bench_common.run_worker_process(__file__, backend, arguments,
                                           args.threads)


def format_table(results):
    header = ['backend', 'keras ms/step', 'raw ms/step', 'ratio',
              'K.function ms/step', 'ratio of fastest epochs']
    rows = []
    for r in results:
        if 'error' in r:
            rows.append([r['backend'], bench_common.failed_cell(r)])
            continue
        # Other programs only ever add time: the fastest epochs are the
        # least disturbed view on a busy machine.
        best_ratio = min(r['keras_all_ms']) / min(r['raw_all_ms'])
        rows.append([
            '%s %s' % (r['backend'], r['version']), '%.2f' % r['keras_ms'],
            '%.2f' % r['raw_ms'],
            bench_common.ratio_cell(r['keras_ms'], r['raw_ms'],
                                    TARGET_RATIO),
            '%.2f' % r['k_function_ms'], '%.2f' % best_ratio])
    return bench_common.markdown_table(header, rows)


def write_results(path, table, args, load):
    """Appends the run to `path` as a dated section."""
    notes = [
        'model: mnist_mlp\'s, layer sizes %s, relu, dropout 0.2, softmax, '
        'RMSprop (lr 0.001), categorical crossentropy, accuracy metric; '
        'random data; PyTensor in FAST_RUN (C) mode'
        % '-'.join(str(n) for n in args.layer_sizes),
        'batch %d, %d steps an epoch, median of %d epochs after one warm-up '
        'epoch' % (args.batch_size, args.steps, args.repeats),
        'raw: the same step written by hand in the framework '
        '(benchmarks/raw_mlp.py); ratio = keras / raw, target <= %.2f; '
        'K.function: the same step from K ops compiled with K.function, '
        'without the engine (benchmarks/k_function_mlp.py): keras minus it '
        'is the training loop\'s cost, it minus raw the backend function '
        'path\'s; ratio of fastest epochs: fastest keras epoch / fastest raw '
        'epoch, the steadier figure on a busy machine' % TARGET_RATIO]
    lines = bench_common.section_lines(
        'mnist_mlp fit() steps (bench_mnist_mlp.py)', notes, load,
        args.threads)
    bench_common.append_section(path, lines + ['', table])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--backends', nargs='+',
                        choices=sorted(bench_common.FRAMEWORKS),
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
    parser.add_argument('--results', default=bench_common.RESULTS_PATH,
                        help='markdown file the run is appended to (default: '
                        '%(default)s)')
    parser.add_argument('--append', action='store_true',
                        help='accepted for old command lines: every run is '
                        'appended to the results file')
    parser.add_argument('--no-write', action='store_true',
                        help='print the table only')
    parser.add_argument('--worker', choices=sorted(bench_common.FRAMEWORKS),
                        help=argparse.SUPPRESS)
    parser.add_argument('--profile', choices=sorted(bench_common.FRAMEWORKS),
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
            sys.exit(subprocess.call(command, env=bench_common.worker_env(
                args.profile, args.threads)))
        run_profile(args.profile, args)
        return

    load = [bench_common.load_average()]
    results = []
    for backend in bench_common.installed_backends(args.backends):
        print('timing %s ...' % backend, file=sys.stderr)
        results.append(measure(backend, args))
    load.append(bench_common.load_average())
    table = format_table(results)
    print(table)
    print('load average before and after: %.1f, %.1f' % tuple(load))
    if not args.no_write:
        write_results(args.results, table, args, load)
        print('written to %s' % args.results, file=sys.stderr)


if __name__ == '__main__':
    main()
