"""Times saving and loading a 25M-parameter model (HDF5), per backend,
against tf-keras on the same model.

The model: `Sequential([Dense(5000, input_shape=(5000,))])`, 25,005,000
float32 parameters (100 MB). Timed, each the median of --repeats runs
after one untimed warm-up: `model.save(path)` (no optimizer: the model is
not compiled), `keras.models.load_model(path)` (rebuilds the model,
initialisers included, then reads the weights), `model.save_weights(path)`
and `model.load_weights(path)`; and the size of both files. The loaded
weights are checked against the saved ones.

tf-keras runs in the Python of a separate environment (default
/work/tfkeras_venv/bin/python or $TF_KERAS_PYTHON; `pip install
tensorflow-cpu==2.21.0` then `pip install --no-deps tf-keras==2.21.0`),
saving with `save_format='h5'`. Without it the table has our rows only.

    python benchmarks/bench_saving.py               # appended to RESULTS.md
    python benchmarks/bench_saving.py --backends jax numpy --no-write
    python benchmarks/bench_saving.py --units 1000 --repeats 1
"""
import os
import shutil
import statistics
import sys
import tempfile
import time

import bench_common
import numpy as np

COLUMNS = ('save_s', 'load_s', 'save_weights_s', 'load_weights_s')


def _median_time(fn, repeats):
    fn()  # warm-up: first-call costs (imports, compilation) untimed
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(modules, units, repeats, folder):
    """Times the four operations with a Keras-like API (`modules` gives
    `Sequential`, `Dense`, `load_model` and the save keyword arguments)."""
    model = modules['Sequential']([modules['Dense'](units,
                                                    input_shape=(units,))])
    rng = np.random.default_rng(0)
    kernel = rng.standard_normal((units, units), dtype=np.float32)
    bias = rng.standard_normal(units).astype('float32')
    model.set_weights([kernel, bias])
    model_path = os.path.join(folder, 'model.h5')
    weights_path = os.path.join(folder, 'weights.h5')
    loaded = {}

    def save():
        model.save(model_path, **modules['save_kwargs'])

    def load():
        loaded['model'] = modules['load_model'](model_path)

    def save_weights():
        model.save_weights(weights_path, **modules['save_kwargs'])

    def load_weights():
        model.load_weights(weights_path)

    result = {}
    for key, fn in zip(COLUMNS, (save, load, save_weights, load_weights)):
        result[key] = _median_time(fn, repeats)
    restored = loaded['model'].get_weights()
    if not (np.array_equal(restored[0], kernel) and
            np.array_equal(restored[1], bias)):
        raise AssertionError('the loaded model has other weights')
    result['file_mb'] = os.path.getsize(model_path) / 2. ** 20
    result['weights_file_mb'] = os.path.getsize(weights_path) / 2. ** 20
    result['parameters'] = model.count_params()
    return result


def run_keras_worker(backend, units, repeats, threads):
    bench_common.apply_thread_limit(backend, threads)
    from keras.layers import Dense
    from keras.models import Sequential, load_model
    folder = tempfile.mkdtemp(prefix='bench_saving_')
    try:
        result = measure({'Sequential': Sequential, 'Dense': Dense,
                          'load_model': load_model, 'save_kwargs': {}},
                         units, repeats, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result.update(program='keras on %s %s'
                  % (backend, bench_common.keras_version(backend)))
    bench_common.print_result(result)


def run_tf_keras_worker(units, repeats, threads):
    os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
    import warnings
    warnings.simplefilter('ignore')  # the "HDF5 is legacy" warning
    import tensorflow as tf
    import tf_keras
    bench_common.apply_thread_limit('tensorflow', threads)
    folder = tempfile.mkdtemp(prefix='bench_saving_tf_keras_')
    try:
        result = measure({'Sequential': tf_keras.Sequential,
                          'Dense': tf_keras.layers.Dense,
                          'load_model': tf_keras.models.load_model,
                          'save_kwargs': {'save_format': 'h5'}},
                         units, repeats, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result.update(program='tf-keras %s (TensorFlow %s)'
                  % (tf_keras.__version__, tf.__version__))
    bench_common.print_result(result)


def format_table(rows, reference):
    header = ['program', 'save s', 'load s', 'save_weights s',
              'load_weights s', 'model file MB', 'weights file MB',
              'save + load vs tf-keras']
    cells = []
    for row in rows:
        if 'error' in row:
            cells.append([row.get('program') or row.get('backend'),
                          bench_common.failed_cell(row)])
            continue
        ratio = '-'
        if reference and 'error' not in reference:
            ratio = '%.2f' % ((row['save_s'] + row['load_s']) /
                              (reference['save_s'] + reference['load_s']))
        cells.append([row['program']] +
                     ['%.3f' % row[key] for key in COLUMNS] +
                     ['%.1f' % row['file_mb'], '%.1f' % row['weights_file_mb'],
                      ratio])
    return bench_common.markdown_table(header, cells)


def write_results(path, table, args, load, parameters):
    notes = ['model: Sequential([Dense(%d, input_shape=(%d,))]), %s float32 '
             'parameters, not compiled (no optimizer state); median of %d '
             'runs after one warm-up; files in the system temporary folder; '
             'load = load_model (model rebuilt, initialisers run, weights '
             'read); tf-keras saves with save_format="h5"'
             % (args.units, args.units, '{:,}'.format(parameters),
                args.repeats)]
    lines = bench_common.section_lines(
        'Saving a 25M-parameter model (bench_saving.py)', notes, load,
        args.threads)
    bench_common.append_section(path, lines + ['', table])


def main(argv=None):
    parser = bench_common.comparison_parser(__doc__, repeats=3, timeout=900)
    parser.add_argument('--units', type=int, default=5000,
                        help='Dense units and inputs (default 5000: 25M '
                        'parameters)')
    args = parser.parse_args(argv)

    if args.worker:
        run_keras_worker(args.worker, args.units, args.repeats, args.threads)
        return
    if args.tf_keras_worker:
        run_tf_keras_worker(args.units, args.repeats, args.threads)
        return
    load = [bench_common.load_average()]
    arguments = ['--units', args.units, '--repeats', args.repeats]
    rows = bench_common.run_backend_workers(__file__, args, arguments,
                                            'timing keras on %s ...')
    reference = bench_common.run_tf_keras_worker(
        __file__, args, arguments, 'timing tf-keras ...')
    rows.append(reference)
    load.append(bench_common.load_average())
    table = format_table(rows, reference)
    print(table)
    print('load average before and after: %.1f, %.1f' % tuple(load))
    parameters = next((row['parameters'] for row in rows
                       if 'parameters' in row), args.units * (args.units + 1))
    if not args.no_write:
        write_results(args.results, table, args, load, parameters)
        print('written to %s' % args.results, file=sys.stderr)


if __name__ == '__main__':
    main()
