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
import datetime
import importlib
import importlib.util
import json
import os
import subprocess
import sys
import time

import numpy as np

from bench_mnist_mlp import apply_thread_limit
from bench_mnist_mlp import limit_threads
from bench_mnist_mlp import machine_description

HERE = os.path.dirname(os.path.abspath(__file__))
FRAMEWORKS = {'jax': 'jax', 'tensorflow': 'tensorflow', 'torch': 'torch',
              'theano': 'pytensor'}
RESULT_PREFIX = 'BENCH_RESULT '
TARGET_S = 1.5
BATCH, FEATURES, UNITS = 32, 32, 64


def run_worker(backend, steps, unroll, threads):
    """Builds the graph, then calls the K.function twice; prints the
    timings as one JSON line."""
    if threads:
        apply_thread_limit(backend, threads)
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
    module = importlib.import_module(FRAMEWORKS[backend])
    print(RESULT_PREFIX + json.dumps({
        'backend': backend, 'version': getattr(module, '__version__', '?'),
        'steps': steps, 'unroll': unroll, 'record_s': record_s,
        'first_s': first_s, 'second_s': second_s}))


def worker_env(backend, threads):
    env = dict(os.environ)
    env['KERAS_BACKEND'] = backend
    if threads:
        limit_threads(env, threads)
    env['KERAS_PYTENSOR_MODE'] = 'FAST_RUN'
    root = os.path.dirname(HERE)
    env['PYTHONPATH'] = os.pathsep.join(
        p for p in [root, env.get('PYTHONPATH')] if p)
    env.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
    return env


def measure(backend, steps, unroll, args):
    command = [sys.executable, os.path.abspath(__file__), '--worker',
               backend, '--steps', str(steps)]
    if unroll:
        command.append('--unroll')
    if args.threads:
        command += ['--threads', str(args.threads)]
    timeout = args.timeout
    try:
        proc = subprocess.run(command, env=worker_env(backend, args.threads),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {'error': 'over %d s' % timeout}
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX):])
    tail = (proc.stderr.strip().splitlines() or ['(no output)'])[-1]
    return {'error': tail}


def _seconds(result, key):
    if 'error' in result:
        return 'failed: %s' % result['error'].replace('|', '/')
    return '%.2f' % result[key]


def format_table(rows):
    lines = ['| backend | steps | record graph s | first call s '
             '(trace+compile+run) | next call s | first call s, unroll=True |',
             '| --- | ---: | ---: | ---: | ---: | ---: |']
    for backend, version, steps, looped, unrolled in rows:
        first = _seconds(looped, 'first_s')
        if backend in ('jax', 'tensorflow') and 'error' not in looped and \
                looped['first_s'] > TARGET_S:
            first += ' (over %.1f)' % TARGET_S
        lines.append('| %s %s | %d | %s | %s | %s | %s |' % (
            backend, version, steps, _seconds(looped, 'record_s'), first,
            _seconds(looped, 'second_s'),
            _seconds(unrolled, 'first_s') if unrolled else '-'))
    return '\n'.join(lines)


def write_results(path, table, args, load):
    """Appends the run as a dated section of `path`."""
    now = datetime.datetime.now().strftime('%Y-%m-%d %H:%M')
    threads = ('%d per framework' % args.threads if args.threads
               else 'each framework\'s default')
    section = [
        '## %s, K.rnn compile time (bench_rnn_compile.py), threads: %s'
        % (now, threads), '',
        '- machine: %s' % machine_description(),
        '- tanh RNN, batch %d, %d features, %d units, W and U variables; '
        'K.function of mean(outputs) and its gradients wrt W and U; each '
        'figure from a fresh process; PyTensor in FAST_RUN mode with its '
        'on-disk module cache; target: first call under %.1f s on jax and '
        'tensorflow' % (BATCH, FEATURES, UNITS, TARGET_S),
        '- load average (1 min) before and after the run: %.1f, %.1f'
        % tuple(load), '', table, '']
    with open(path) as f:
        existing = f.read().rstrip('\n') + '\n\n'
    with open(path, 'w') as f:
        f.write(existing + '\n'.join(section))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--backends', nargs='+', choices=sorted(FRAMEWORKS),
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
    parser.add_argument('--results', default=os.path.join(HERE, 'RESULTS.md'))
    parser.add_argument('--no-write', action='store_true',
                        help='print the table only')
    parser.add_argument('--worker', choices=sorted(FRAMEWORKS),
                        help=argparse.SUPPRESS)
    parser.add_argument('--unroll', action='store_true',
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        run_worker(args.worker, args.steps[0], args.unroll, args.threads)
        return
    backends = args.backends or [
        b for b in ('jax', 'tensorflow', 'torch', 'theano')
        if importlib.util.find_spec(FRAMEWORKS[b]) is not None]
    load = [os.getloadavg()[0]]
    rows = []
    for backend in backends:
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
    load.append(os.getloadavg()[0])
    table = format_table(rows)
    print(table)
    print('load average before and after: %.1f, %.1f' % tuple(load))
    if not args.no_write:
        write_results(args.results, table, args, load)
        print('written to %s' % args.results, file=sys.stderr)


if __name__ == '__main__':
    main()
