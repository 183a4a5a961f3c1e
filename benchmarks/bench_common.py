"""What the benchmark scripts share: a subprocess per backend, thread
limits, the machine description, markdown tables and the dated sections of
RESULTS.md.

A benchmark script runs itself again as a worker, one process per backend
with KERAS_BACKEND set (`run_worker_process`); the worker prints its
result as one `BENCH_RESULT <json>` line (`print_result`), which the
parent collects, tabulates (`markdown_table`, `ratio_cell`) and appends
to RESULTS.md (`append_section`).

The scripts that compare our keras with tf-keras (bench_applications.py,
bench_saving.py) also share their command line (`comparison_parser`) and
the runs of every backend's worker and of the tf-keras one
(`run_backend_workers`, `run_tf_keras_worker`).
"""
import argparse
import datetime
import importlib
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
RESULTS_PATH = os.path.join(HERE, 'RESULTS.md')
# The framework each training backend needs, to skip the ones not installed.
FRAMEWORKS = {'jax': 'jax', 'tensorflow': 'tensorflow', 'torch': 'torch',
              'theano': 'pytensor'}
BACKEND_ORDER = ('jax', 'tensorflow', 'torch', 'theano')
RESULT_PREFIX = 'BENCH_RESULT '
# The backends our keras is timed on where tf-keras is the reference.
KERAS_BACKENDS = BACKEND_ORDER + ('numpy',)
DEFAULT_TF_KERAS_PYTHON = '/work/tfkeras_venv/bin/python'


def installed_backends(requested=None):
    """`requested`, or every training backend whose framework imports."""
    if requested:
        return list(requested)
    return [b for b in BACKEND_ORDER
            if importlib.util.find_spec(FRAMEWORKS[b]) is not None]


def framework_version(backend):
    module = importlib.import_module(FRAMEWORKS[backend])
    return getattr(module, '__version__', '?')


def keras_version(backend):
    """The version of the framework under our keras on `backend`."""
    if backend in FRAMEWORKS:
        return framework_version(backend)
    return np.__version__


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


def apply_thread_limit(backend, threads):
    """The in-process half of limit_threads, for the frameworks that read
    no environment variable; must run before the framework computes."""
    if not threads:
        return
    if backend == 'tensorflow':
        import tensorflow as tf
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    elif backend == 'torch':
        import torch
        torch.set_num_threads(threads)
        torch.set_num_interop_threads(1)


def worker_env(backend, threads=None):
    """The environment of a worker process: the backend, the thread limit,
    PyTensor at full speed and both the repository root (keras) and this
    folder (the raw-step modules) importable."""
    env = dict(os.environ)
    env['KERAS_BACKEND'] = backend
    if threads:
        limit_threads(env, threads)
    # Full speed for PyTensor: the C linker and all graph rewrites (the test
    # suite's FAST_COMPILE setting would time the Python linker instead).
    env['KERAS_PYTENSOR_MODE'] = 'FAST_RUN'
    env['PYTHONPATH'] = os.pathsep.join(
        p for p in [HERE, ROOT, env.get('PYTHONPATH')] if p)
    env.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
    return env


def print_result(result):
    """The worker's answer to run_worker_process: one line on stdout."""
    print(RESULT_PREFIX + json.dumps(result))
    sys.stdout.flush()


def run_worker_process(script, backend, arguments, threads=None,
                       timeout=None):
    """Runs `python script *arguments` with worker_env(backend, threads)
    and returns the dict its print_result line holds, or
    `{'backend': ..., 'error': last line of stderr}`."""
    command = [sys.executable, os.path.abspath(script)] + \
        [str(a) for a in arguments]
    try:
        proc = subprocess.run(command, env=worker_env(backend, threads),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {'backend': backend, 'error': 'over %d s' % timeout}
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX):])
    tail = (proc.stderr.strip().splitlines() or ['(no output)'])[-1]
    return {'backend': backend, 'error': tail}


def run_in_other_python(python, script, arguments, threads=None,
                        timeout=None, program='tf-keras'):
    """Runs `script *arguments` in another environment's `python` (tf-keras's)
    with the tensorflow worker environment but without our repository on
    the path, so our `keras` shadows nothing; returns its print_result
    dict, or `{'program': program, 'error': ...}`."""
    if not os.path.exists(python):
        return {'program': program, 'error': 'no environment at %s'
                % python}
    env = worker_env('tensorflow', threads)
    env.pop('PYTHONPATH', None)
    command = [python, os.path.abspath(script)] + [str(a) for a in arguments]
    if threads:
        command += ['--threads', str(threads)]
    proc = subprocess.run(command, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True,
                          timeout=timeout)
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX):])
    tail = (proc.stderr.strip().splitlines() or ['(no output)'])[-1]
    return {'program': program, 'error': tail}


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


def load_average():
    return os.getloadavg()[0]


def threads_label(threads):
    return ('%d per framework' % threads if threads
            else 'each framework\'s default')


def ratio_cell(value, reference, target, digits=2):
    """`value / reference` with ' (over target)' when above `target`
    (None: no target)."""
    ratio = value / reference
    text = '%.*f' % (digits, ratio)
    if target is not None and ratio > target:
        text += ' (over %.*f)' % (digits, target)
    return text


def failed_cell(result):
    return 'failed: %s' % result['error'].replace('|', '/')


def markdown_table(header, rows):
    """A markdown table; the first column is left-aligned, the others
    right-aligned. Rows shorter than the header are padded with blanks."""
    lines = ['| %s |' % ' | '.join(header),
             '| --- |' + ' ---: |' * (len(header) - 1)]
    for row in rows:
        cells = [str(c) for c in row] + [''] * (len(header) - len(row))
        lines.append('| %s |' % ' | '.join(cells))
    return '\n'.join(lines)


def section_lines(title, notes, load, threads):
    """The head of a dated section: `## <title>, <date>, threads: ...`,
    then the machine, `notes` (bullets without the dash) and the load."""
    now = datetime.datetime.now().strftime('%Y-%m-%d %H:%M')
    lines = ['## %s%s, threads: %s' % (title + ', ' if title else '', now,
                                       threads_label(threads)), '',
             '- machine: %s' % machine_description()]
    lines += ['- ' + note for note in notes]
    lines.append('- load average (1 min) before and after the run: '
                 '%.1f, %.1f' % tuple(load))
    return lines


def append_section(path, lines, header=None):
    """Appends `lines` (a section) to the markdown file at `path`; a file
    not there yet starts with `header` (lines)."""
    if os.path.exists(path):
        with open(path) as f:
            text = f.read().rstrip('\n') + '\n\n'
    else:
        text = '\n'.join(header or []) + ('\n' if header else '')
    with open(path, 'w') as f:
        f.write(text + '\n'.join(lines).rstrip('\n') + '\n')


def timed(fn, *args):
    """Seconds one call of `fn(*args)` takes."""
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def shuffled_epoch(step, x, y, batch_size):
    """One shuffled pass over the data as Keras's fit loop makes it: each
    batch is gathered from the numpy arrays and handed to `step(x, y)`,
    which brings its results back to Python."""
    order = np.random.permutation(len(x))
    for start in range(0, len(x), batch_size):
        batch = order[start:start + batch_size]
        step(x[batch], y[batch])


def take_turns(sides, repeats):
    """Times each `(name, fn)` of `sides` `repeats` times, taking turns in
    an order rotated every round (slow drifts, thermal or other programs,
    then fall on every side alike). Returns ({name: [wall seconds, ...]},
    {name: [CPU seconds of this process, ...]}): on a busy machine the
    CPU time leaves out the waits for a core, which the wall time counts."""
    wall = {name: [] for name, _ in sides}
    cpu = {name: [] for name, _ in sides}
    for repeat in range(repeats):
        shift = repeat % len(sides)
        for name, fn in sides[shift:] + sides[:shift]:
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            cpu[name].append(time.process_time() - start_cpu)
            wall[name].append(time.perf_counter() - start)
    return wall, cpu


def comparison_parser(doc, repeats, timeout):
    """The command line of a script timing our keras on each backend
    against tf-keras, described by the first paragraph of `doc`; the script
    adds its own options. `--worker BACKEND` and `--tf-keras-worker` (not
    shown) make it the worker of run_backend_workers or run_tf_keras_worker.
    """
    parser = argparse.ArgumentParser(description=doc.split('\n\n')[0])
    parser.add_argument('--backends', nargs='+', choices=KERAS_BACKENDS,
                        help='backends to time (default: every installed '
                        'one, and numpy)')
    parser.add_argument('--repeats', type=int, default=repeats)
    parser.add_argument('--threads', type=int,
                        help='compute threads per framework')
    parser.add_argument('--timeout', type=int, default=timeout)
    parser.add_argument('--tf-keras-python', default=os.environ.get(
        'TF_KERAS_PYTHON', DEFAULT_TF_KERAS_PYTHON))
    parser.add_argument('--results', default=RESULTS_PATH)
    parser.add_argument('--no-write', action='store_true',
                        help='print the table only')
    parser.add_argument('--worker', choices=KERAS_BACKENDS,
                        help=argparse.SUPPRESS)
    parser.add_argument('--tf-keras-worker', action='store_true',
                        help=argparse.SUPPRESS)
    return parser


def run_backend_workers(script, args, arguments, message):
    """Runs `script --worker BACKEND *arguments` (with --threads) for each
    of args.backends, by default every installed backend and numpy, after
    printing `message % backend` to stderr; returns their results, each
    with a 'program'."""
    backends = args.backends or (installed_backends() + ['numpy'])
    results = []
    for backend in backends:
        print(message % backend, file=sys.stderr)
        command = ['--worker', backend] + list(arguments)
        if args.threads:
            command += ['--threads', args.threads]
        result = run_worker_process(script, backend, command, args.threads,
                                    timeout=args.timeout)
        result.setdefault('program', 'keras on %s' % backend)
        results.append(result)
    return results


def run_tf_keras_worker(script, args, arguments, message):
    """Runs `script --tf-keras-worker *arguments` in args.tf_keras_python
    after printing `message` to stderr; returns its result, which has an
    'error' (also printed) when tf-keras could not be timed."""
    print(message, file=sys.stderr)
    result = run_in_other_python(
        args.tf_keras_python, script, ['--tf-keras-worker'] + list(arguments),
        args.threads, args.timeout)
    if 'error' in result:
        print('tf-keras not timed: %s' % result['error'], file=sys.stderr)
    return result
