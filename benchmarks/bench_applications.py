"""Times building every `keras.applications` model with `weights=None`,
per backend, against tf-keras building the same architecture.

Each model is built with its default arguments (the classification top
included, the default input size), `K.clear_session()` between models,
and timed as the median of --repeats builds after one untimed warm-up
(first-use imports). A build is the graph recording of every layer plus
the initialisers drawing the weights; the parameter count is printed so a
wrong architecture shows. The issue's target: at most a few seconds per
model on every backend.

tf-keras runs in the Python of a separate environment (default
/work/tfkeras_venv/bin/python or $TF_KERAS_PYTHON; see bench_saving.py);
without it the table has our columns only.

    python benchmarks/bench_applications.py            # appended to RESULTS.md
    python benchmarks/bench_applications.py --backends jax --models VGG16 --no-write
"""
import os
import statistics
import sys
import time

import bench_common

MODELS = ('VGG16', 'VGG19', 'ResNet50', 'ResNet101', 'ResNet152',
          'ResNet50V2', 'ResNet101V2', 'ResNet152V2', 'ResNeXt50',
          'ResNeXt101', 'InceptionV3', 'InceptionResNetV2', 'Xception',
          'MobileNet', 'MobileNetV2', 'DenseNet121', 'DenseNet169',
          'DenseNet201', 'NASNetMobile', 'NASNetLarge')
# tf-keras has no ResNeXt: those rows have no reference.
TF_KERAS_MODELS = tuple(m for m in MODELS if not m.startswith('ResNeXt'))


def time_builds(applications, clear_session, names, repeats):
    """{name: {'seconds': median build time, 'parameters': count}}, or
    {'error': ...} for a model the module does not have or fails on."""
    results = {}
    for name in names:
        build = getattr(applications, name, None)
        if build is None:
            results[name] = {'error': 'not in this keras.applications'}
            continue
        times = []
        try:
            for attempt in range(repeats + 1):
                clear_session()
                start = time.perf_counter()
                model = build(weights=None)
                elapsed = time.perf_counter() - start
                if attempt:  # the first build pays one-time imports
                    times.append(elapsed)
        except Exception as error:  # reported in the table, not raised
            results[name] = {'error': '%s: %s' % (type(error).__name__,
                                                  error)}
            continue
        results[name] = {'seconds': statistics.median(times),
                         'parameters': model.count_params()}
        del model
    return results


def run_keras_worker(backend, names, repeats, threads):
    bench_common.apply_thread_limit(backend, threads)
    from keras import applications
    from keras import backend as K
    bench_common.print_result({
        'program': 'keras on %s %s' % (backend,
                                       bench_common.keras_version(backend)),
        'models': time_builds(applications, K.clear_session, names,
                              repeats)})


def run_tf_keras_worker(names, repeats, threads):
    os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
    import tf_keras
    bench_common.apply_thread_limit('tensorflow', threads)
    bench_common.print_result({
        'program': 'tf-keras %s' % tf_keras.__version__,
        'models': time_builds(tf_keras.applications,
                              tf_keras.backend.clear_session,
                              [n for n in names if n in TF_KERAS_MODELS],
                              repeats)})


def format_table(names, columns):
    """One row per model: its parameter count, then the build seconds of
    each program (a column per backend, tf-keras last)."""
    header = ['model', 'parameters'] + [c['program'] for c in columns]
    rows = []
    for name in names:
        parameters = next((c['models'][name]['parameters'] for c in columns
                           if 'parameters' in c.get('models', {})
                           .get(name, {})), None)
        row = [name, '{:,}'.format(parameters) if parameters else '-']
        for column in columns:
            if 'error' in column:
                row.append(bench_common.failed_cell(column))
                continue
            entry = column['models'].get(name)
            if entry is None:
                row.append('-')
            elif 'error' in entry:
                row.append(bench_common.failed_cell(entry))
            else:
                row.append('%.2f' % entry['seconds'])
        rows.append(row)
    return bench_common.markdown_table(header, rows)


def main(argv=None):
    parser = bench_common.comparison_parser(__doc__, repeats=1, timeout=1800)
    parser.add_argument('--models', nargs='+', choices=MODELS,
                        default=list(MODELS))
    args = parser.parse_args(argv)

    if args.worker:
        run_keras_worker(args.worker, args.models, args.repeats,
                         args.threads)
        return
    if args.tf_keras_worker:
        run_tf_keras_worker(args.models, args.repeats, args.threads)
        return
    load = [bench_common.load_average()]
    arguments = ['--repeats', args.repeats, '--models'] + list(args.models)
    columns = bench_common.run_backend_workers(__file__, args, arguments,
                                               'building on %s ...')
    columns.append(bench_common.run_tf_keras_worker(
        __file__, args, arguments, 'building with tf-keras ...'))
    load.append(bench_common.load_average())
    table = format_table(args.models, columns)
    print(table)
    print('load average before and after: %.1f, %.1f' % tuple(load))
    if not args.no_write:
        notes = ['seconds to build each model with weights=None and its '
                 'default arguments (top included), median of %d build(s) '
                 'after one warm-up, K.clear_session() before each'
                 % args.repeats]
        lines = bench_common.section_lines(
            'Building keras.applications models (bench_applications.py)',
            notes, load, args.threads)
        bench_common.append_section(args.results, lines + ['', table])
        print('written to %s' % args.results, file=sys.stderr)


if __name__ == '__main__':
    main()
