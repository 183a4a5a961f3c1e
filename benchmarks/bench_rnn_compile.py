"""Times the first call of a K.function computing a long K.rnn with its
gradients: tracing, compilation and one run, per backend.

The function: a tanh RNN (`h = tanh(x_t W + h U)`, W and U variables) over
inputs of batch 32, 32 features and 200 (or 400) steps, 64 units; outputs
the mean of every step's output and its gradients with respect to W and U.
K.rnn lowers to the backend's loop (lax.scan, tf.while_loop,
pytensor.scan, a Python loop on torch), so compilation should not grow with
the number of steps; with --unroll-steps the same function is also timed
with `unroll=True` (a Python loop traced step by step, what jax and
tensorflow did before K.rnn had real loops; only there by default:
theano's graph rewrites take minutes over an unrolled loop). Target: a
first call under 1.5 s on jax and tensorflow.

Each measurement runs in a fresh subprocess with KERAS_BACKEND set (and
PyTensor in FAST_RUN mode, its compiled-module cache as it is), so nothing
is cached in memory from an earlier one.

    python benchmarks/bench_rnn_compile.py       # appended to RESULTS.md
    python benchmarks/bench_rnn_compile.py --threads 1
    python benchmarks/bench_rnn_compile.py --backends jax --steps 200 \
        --no-write
"""
import argparse
import sys
import time

import numpy as np

import bench_common

TARGET_S = 1.5
BATCH, FEATURES, UNITS = 32, 32, 64


def run_worker(backend, steps, unroll, threads):
    """Builds the graph, then calls the K.function twice; prints the
    timings as one JSON line."""
    bench_common.apply_thread_limit(backend, threads)
    import keras.backend as K
    rng = np.random.RandomState(0)
    data = rng.standard_normal((BATCH, steps, FEATURES)).astype('float32')

    start = time.perf_counter()
    x = K.placeholder((None, steps, FEATURES))
    kernel = K.variable(rng.standard_normal((FEATURES, UNITS)) * 0.1)
    recurrent = K.variable(rng.standard_normal((UNITS, UNITS)) * 0.1)

    def step(x_t, states):
        h = K.tanh(K.dot(x_t, kernel) + K.dot(states[0], recurrent))
        return h, [h]
    h0 = K.zeros((BATCH, UNITS))
    _, outputs, _ = K.rnn(step, x, [h0], unroll=unroll)
    loss = K.mean(outputs)
    grads = K.gradients(loss, [kernel, recurrent])
    f = K.function([x], [loss] + grads)
    record_s = time.perf_counter() - start

    start = time.perf_counter()
    first = f([data])
    first_s = time.perf_counter() - start
    start = time.perf_counter()
    f([data])
    second_s = time.perf_counter() - start
    assert np.isfinite(first[0]) and first[1].shape == (FEATURES, UNITS)
    bench_common.print_result({
        'backend': backend,
        'version': bench_common.framework_version(backend),
        'steps': steps, 'unroll': unroll, 'record_s': record_s,
        'first_s': first_s, 'second_s': second_s})


def measure(backend, steps, unroll, args):
    arguments = ['--worker', backend, '--steps', steps]
    if unroll:
        arguments.append('--unroll')
    if args.threads:
        arguments += ['--threads', args.threads]
    return bench_common.run_worker_process(__file__, backend, arguments,
                                           args.threads, timeout=args.timeout)


def _seconds(result, key):
    if 'error' in result:
        return 'failed: %s' % result['error'].replace('|', '/')
    return '%.2f' % result[key]


def format_table(rows):
    header = ['backend', 'steps', 'record graph s',
              'first call s (trace+compile+run)', 'next call s',
              'first call s, unroll=True']
    cells = []
    for backend, version, steps, looped, unrolled in rows:
        first = _seconds(looped, 'first_s')
        if backend in ('jax', 'tensorflow') and 'error' not in looped and \
                looped['first_s'] > TARGET_S:
            first += ' (over %.1f)' % TARGET_S
        cells.append(['%s %s' % (backend, version), steps,
                      _seconds(looped, 'record_s'), first,
                      _seconds(looped, 'second_s'),
                      _seconds(unrolled, 'first_s') if unrolled else '-'])
    return bench_common.markdown_table(header, cells)


def write_results(path, table, args, load):
    """Appends the run as a dated section of `path`."""
    notes = [
        'tanh RNN, batch %d, %d features, %d units, W and U variables; '
        'K.function of mean(outputs) and its gradients wrt W and U; each '
        'figure from a fresh process; PyTensor in FAST_RUN mode with its '
        'on-disk module cache; target: first call under %.1f s on jax and '
        'tensorflow' % (BATCH, FEATURES, UNITS, TARGET_S)]
    lines = bench_common.section_lines(
        'K.rnn compile time (bench_rnn_compile.py)', notes, load,
        args.threads)
    bench_common.append_section(path, lines + ['', table])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--backends', nargs='+',
                        choices=sorted(bench_common.FRAMEWORKS),
                        help='backends to time (default: every installed one)')
    parser.add_argument('--steps', type=int, nargs='+', default=[200, 400],
                        help='time steps (default: 200 400)')
    parser.add_argument('--unroll-steps', type=int, nargs='*', default=[200],
                        help='step counts also timed with unroll=True '
                        '(default: 200)')
    parser.add_argument('--unroll-backends', nargs='*',
                        default=['jax', 'tensorflow'],
                        help='backends also timed with unroll=True '
                        '(default: jax tensorflow)')
    parser.add_argument('--threads', type=int,
                        help='compute threads per framework (default: each '
                        'framework\'s own choice)')
    parser.add_argument('--timeout', type=int, default=600,
                        help='seconds allowed per measurement')
    parser.add_argument('--results', default=bench_common.RESULTS_PATH)
    parser.add_argument('--no-write', action='store_true',
                        help='print the table only')
    parser.add_argument('--worker', choices=sorted(bench_common.FRAMEWORKS),
                        help=argparse.SUPPRESS)
    parser.add_argument('--unroll', action='store_true',
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        run_worker(args.worker, args.steps[0], args.unroll, args.threads)
        return
    load = [bench_common.load_average()]
    rows = []
    for backend in bench_common.installed_backends(args.backends):
        for steps in args.steps:
            print('timing %s, %d steps ...' % (backend, steps),
                  file=sys.stderr)
            looped = measure(backend, steps, False, args)
            unrolled = measure(backend, steps, True, args) if (
                steps in args.unroll_steps and
                backend in args.unroll_backends) else None
            version = looped.get('version') or (unrolled or {}).get(
                'version', '')
            rows.append((backend, version, steps, looped, unrolled))
    load.append(bench_common.load_average())
    table = format_table(rows)
    print(table)
    print('load average before and after: %.1f, %.1f' % tuple(load))
    if not args.no_write:
        write_results(args.results, table, args, load)
        print('written to %s' % args.results, file=sys.stderr)


if __name__ == '__main__':
    main()
