"""Times one conv2d through K.function against the framework's own call,
forward and forward+backward, and the recording of a VGG16-sized stack of
symbolic K ops.

The convolution: batch 32, 64x64 inputs of 32 channels, channels_last,
a 3x3 kernel to 64 filters, padding 'same', stride 1. Forward returns the
output; forward+backward returns the gradients of sum(output) with respect
to the input and the kernel. Both sides take the numpy input and hand back
numpy arrays, as K.function does:

- jax: `jax.jit` of `lax.conv_general_dilated` (NHWC, HWIO), `jax.grad`;
- tensorflow: `tf.function` of `tf.nn.conv2d`, `GradientTape`;
- torch: `F.conv2d` of the input permuted to NCHW (a view), forward under
  `inference_mode`, backward by `torch.autograd.grad`;
- theano: `pytensor.function` (Keras' FAST_RUN: the C VM) of the
  backend's own conv primitive (PyTensor has no convolution op),
  `pytensor.grad`.

The recording: a (None, 224, 224, 3) placeholder through VGG16's 13
conv2d + bias_add + relu, 5 pool2d, batch_flatten and 3 dense dots, the
weights being placeholders too (recording, not allocating 138M
parameters): no compilation, no computation.

Each backend runs in its own subprocess with KERAS_BACKEND set. The sides
are warmed up (compilation) and then take turns for `--repeats` timed
calls; the table gives medians.

    python benchmarks/bench_conv.py                  # every installed backend
    python benchmarks/bench_conv.py --backends torch tensorflow --no-write
    python benchmarks/bench_conv.py --threads 1     # one compute thread each
"""
import argparse
import sys

import numpy as np

import bench_common

TARGET_RATIO = 1.2          # K.function / raw, on jax, tensorflow, torch
THEANO_TARGET_RATIO = 3.    # theano / tensorflow
INPUT_SHAPE = (32, 64, 64, 32)
KERNEL_SHAPE = (3, 3, 32, 64)
VGG16_BLOCKS = ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3))
VGG16_DENSE = (4096, 4096, 1000)


def make_data(seed=0):
    rng = np.random.RandomState(seed)
    x = rng.randn(*INPUT_SHAPE).astype('float32')
    kernel = (rng.randn(*KERNEL_SHAPE) * 0.05).astype('float32')
    return x, kernel


def build_k_functions(kernel):
    """(forward, forward+backward), each `f(x) -> list of numpy arrays`."""
    from keras import backend as K
    x = K.placeholder(shape=(None,) + INPUT_SHAPE[1:])
    weights = K.variable(kernel)
    out = K.conv2d(x, weights, padding='same', data_format='channels_last')
    forward = K.function([x], [out])
    backward = K.function([x], K.gradients(K.sum(out), [x, weights]))
    return (lambda value: forward([value]),
            lambda value: backward([value]))


def build_raw_jax(kernel):
    import jax
    import jax.numpy as jnp
    from jax import lax

    def conv(x, k):
        return lax.conv_general_dilated(
            x, k, (1, 1), 'SAME',
            dimension_numbers=('NHWC', 'HWIO', 'NHWC'))

    forward = jax.jit(conv)
    backward = jax.jit(jax.grad(lambda x, k: jnp.sum(conv(x, k)),
                                argnums=(0, 1)))
    k = jnp.asarray(kernel)
    return (lambda x: [np.asarray(forward(x, k))],
            lambda x: [np.asarray(g) for g in backward(x, k)])


def build_raw_tensorflow(kernel):
    import tensorflow as tf
    k = tf.Variable(kernel)
    spec = [tf.TensorSpec((None,) + INPUT_SHAPE[1:], tf.float32)]

    @tf.function(input_signature=spec)
    def forward(x):
        return tf.nn.conv2d(x, k, 1, 'SAME')

    @tf.function(input_signature=spec)
    def backward(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            loss = tf.reduce_sum(tf.nn.conv2d(x, k, 1, 'SAME'))
        return tape.gradient(loss, [x, k])

    return (lambda x: [forward(x).numpy()],
            lambda x: [g.numpy() for g in backward(x)])


def build_raw_torch(kernel):
    import torch
    import torch.nn.functional as F
    # A torch user's weight: (out, in, kh, kw), a leaf that trains.
    weight = torch.from_numpy(kernel).permute(3, 2, 0, 1).contiguous()
    weight.requires_grad_()

    def conv(x):
        # NHWC data permuted to NCHW is a view in torch's channels_last
        # memory format, which its CPU convolution takes as it is.
        out = F.conv2d(x.permute(0, 3, 1, 2), weight, None, 1, 1)
        return out.permute(0, 2, 3, 1)

    def forward(x):
        with torch.inference_mode():
            return [conv(torch.from_numpy(x)).numpy()]

    def backward(x):
        x = torch.from_numpy(x).requires_grad_()
        grad_x, grad_weight = torch.autograd.grad(conv(x).sum(), [x, weight])
        # The kernel's gradient in K's layout (kh, kw, in, out): a view.
        return [grad_x.numpy(), grad_weight.permute(2, 3, 1, 0).numpy()]
    return forward, backward


def build_raw_theano(kernel):
    """The theano backend's own conv formulation (PyTensor has no
    convolution op), compiled by pytensor.function directly."""
    import pytensor
    import pytensor.tensor as pt
    from keras.backend import load
    from keras.backend.pytensor import settings
    from keras.backend.pytensor.values import with_static_shape
    from keras.backend.pytensor.values import without_static_shape
    backend = load.backend_object()
    x = with_static_shape(pt.tensor('x', dtype='float32',
                                    shape=(None,) + INPUT_SHAPE[1:]))
    k = backend.make_variable(kernel, 'float32', 'kernel')
    out = backend.conv(x, k, (1, 1), 'same', (1, 1), 'channels_last')
    grads = pytensor.grad(pt.sum(out), [x, k])
    # Graph inputs go back to pytensor's own class, as K.function does:
    # pytensor.function does not clone them, and its rewrites expect it.
    x = without_static_shape(x)
    # Keras' FAST_RUN: the C virtual machine, as Theano's FAST_RUN was
    # (pytensor's own 'FAST_RUN' now means numba).
    mode = settings.compile_mode('FAST_RUN')
    forward = pytensor.function([x], out, mode=mode)
    backward = pytensor.function([x], grads, mode=mode)
    return (lambda value: [forward(value)],
            lambda value: list(backward(value)))


RAW_BUILDERS = {'jax': build_raw_jax, 'tensorflow': build_raw_tensorflow,
                'torch': build_raw_torch, 'theano': build_raw_theano}


def record_vgg16():
    """VGG16's graph of symbolic K ops on (None, 224, 224, 3); weights are
    placeholders."""
    from keras import backend as K
    h = K.placeholder(shape=(None, 224, 224, 3))
    channels = 3
    for filters, convs in VGG16_BLOCKS:
        for _ in range(convs):
            kernel = K.placeholder(shape=(3, 3, channels, filters))
            bias = K.placeholder(shape=(filters,))
            h = K.relu(K.bias_add(K.conv2d(h, kernel, padding='same'),
                                  bias))
            channels = filters
        h = K.pool2d(h, (2, 2), strides=(2, 2))
    h = K.batch_flatten(h)
    for units in VGG16_DENSE:
        h = K.dot(h, K.placeholder(shape=(K.int_shape(h)[-1], units)))
    return h


def check_agreement(k_side, raw_side, x, backend):
    """The two sides compute the same thing (theano's kernel is flipped:
    its raw side is its own primitive, so they still agree)."""
    for got, want in zip(k_side(x), raw_side(x)):
        scale = max(1., float(np.abs(want).max()))
        if not np.allclose(got, want, atol=1e-3 * scale, rtol=1e-3):
            raise AssertionError('%s: K.function and the raw call disagree '
                                 '(max difference %g)'
                                 % (backend, np.abs(got - want).max()))


def run_worker(backend, args):
    bench_common.apply_thread_limit(backend, args.threads)
    timed = bench_common.timed
    x, kernel = make_data()
    k_forward, k_backward = build_k_functions(kernel)
    raw_forward, raw_backward = RAW_BUILDERS[backend](kernel)
    sides = [('k_forward', k_forward), ('raw_forward', raw_forward),
             ('k_backward', k_backward), ('raw_backward', raw_backward)]
    result = {'backend': backend,
              'version': bench_common.framework_version(backend)}
    for name, fn in sides:
        result[name + '_first_s'] = timed(fn, x)
    check_agreement(k_forward, raw_forward, x, backend)
    check_agreement(k_backward, raw_backward, x, backend)
    times = {name: [] for name, _ in sides}
    for repeat in range(args.repeats):
        # Rotating the order spreads slow drifts over every side.
        shift = repeat % len(sides)
        for name, fn in sides[shift:] + sides[:shift]:
            times[name].append(timed(fn, x))
    for name, _ in sides:
        result[name + '_ms'] = 1000. * float(np.median(times[name]))
        result[name + '_min_ms'] = 1000. * float(np.min(times[name]))
    record_vgg16()  # imports and first-call costs out of the timing
    records = [timed(record_vgg16) for _ in range(args.record_repeats)]
    result['record_vgg16_ms'] = 1000. * float(np.median(records))
    bench_common.print_result(result)


def measure(backend, args):
    arguments = ['--worker', backend, '--repeats', args.repeats,
                 '--record-repeats', args.record_repeats]
    if args.threads:
        arguments += ['--threads', args.threads]
    return bench_common.run_worker_process(__file__, backend, arguments,
                                           args.threads)


def _ratio(value, reference, target):
    # theano's target is against tensorflow: none here (inf).
    return bench_common.ratio_cell(
        value, reference, target if target != float('inf') else None)


def format_table(results):
    header = ['backend', 'K.function fwd ms', 'raw fwd ms', 'ratio',
              'K.function fwd+bwd ms', 'raw fwd+bwd ms', 'ratio',
              'VGG16 recording ms']
    rows = []
    tensorflow = [r for r in results
                  if r['backend'] == 'tensorflow' and 'error' not in r]
    notes = []
    for r in results:
        if 'error' in r:
            rows.append([r['backend'], bench_common.failed_cell(r)])
            continue
        # theano's raw side is its own formulation: its target is against
        # tensorflow's K.function.
        target = TARGET_RATIO if r['backend'] != 'theano' else float('inf')
        rows.append([
            '%s %s' % (r['backend'], r['version']),
            '%.1f' % r['k_forward_ms'], '%.1f' % r['raw_forward_ms'],
            _ratio(r['k_forward_ms'], r['raw_forward_ms'], target),
            '%.1f' % r['k_backward_ms'], '%.1f' % r['raw_backward_ms'],
            _ratio(r['k_backward_ms'], r['raw_backward_ms'], target),
            '%.1f' % r['record_vgg16_ms']])
        if r['backend'] == 'theano' and tensorflow:
            tf_result = tensorflow[0]
            notes.append(
                '- theano / tensorflow (K.function): forward %s, '
                'forward+backward %s (target <= %.0f)'
                % (_ratio(r['k_forward_ms'], tf_result['k_forward_ms'],
                          THEANO_TARGET_RATIO),
                   _ratio(r['k_backward_ms'], tf_result['k_backward_ms'],
                          THEANO_TARGET_RATIO), THEANO_TARGET_RATIO))
    first_calls = ', '.join(
        '%s %.2f/%.2f s' % (r['backend'], r['k_forward_first_s'],
                            r['k_backward_first_s'])
        for r in results if 'error' not in r)
    if first_calls:
        notes.append('- first K.function call (compilation), forward / '
                     'forward+backward: ' + first_calls)
    return '\n'.join([bench_common.markdown_table(header, rows), ''] + notes)


def write_results(path, table, args, load):
    """Appends the run to `path` as a dated section."""
    notes = [
        'conv2d: input %s channels_last, kernel %s, padding same, '
        'float32; median of %d calls after a warm-up call; fwd+bwd = '
        'gradients of sum(output) wrt input and kernel; ratio = K.function '
        '/ raw, target <= %.1f on jax, tensorflow, torch; theano\'s raw '
        'side is its own conv primitive compiled by pytensor.function, its '
        'target theano / tensorflow <= %.0f'
        % ('x'.join(str(n) for n in INPUT_SHAPE),
           'x'.join(str(n) for n in KERNEL_SHAPE), args.repeats,
           TARGET_RATIO, THEANO_TARGET_RATIO),
        'VGG16 recording: symbolic K ops only (weights are placeholders), '
        'median of %d recordings' % args.record_repeats]
    lines = bench_common.section_lines(
        'conv2d and VGG16 recording (benchmarks/bench_conv.py)', notes, load,
        args.threads)
    bench_common.append_section(path, lines + ['', table])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--backends', nargs='+',
                        choices=sorted(bench_common.FRAMEWORKS),
                        help='backends to time (default: every installed one)')
    parser.add_argument('--repeats', type=int, default=9,
                        help='timed calls per side (default: 9)')
    parser.add_argument('--record-repeats', type=int, default=5,
                        help='timed VGG16 recordings (default: 5)')
    parser.add_argument('--threads', type=int,
                        help='compute threads per framework (default: each '
                        'framework\'s own choice)')
    parser.add_argument('--results', default=bench_common.RESULTS_PATH,
                        help='markdown file the run is appended to (default: '
                        '%(default)s)')
    parser.add_argument('--no-write', action='store_true',
                        help='print the table only')
    parser.add_argument('--worker', choices=sorted(bench_common.FRAMEWORKS),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        run_worker(args.worker, args)
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
