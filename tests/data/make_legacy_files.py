"""Writes tests/data/legacy/: HDF5 files as Keras 2.3.1 (on Theano and on
TensorFlow) and Keras 1.2.2 wrote them, with h5py and NumPy only.

Run by hand (`python tests/data/make_legacy_files.py`); the output is
committed. Those Keras versions do not install on today's NumPy, so the
files follow their documented layout (docs/saving-format.md; section B8
of the 2.3.1 reference): root attributes `keras_version`, `backend`
(2.3.1 only), `model_config`, `training_config`; `model_weights` with
`layer_names` and, per layer, `weight_names` and one dataset per weight
(2.3.1 also puts `keras_version` and `backend` on `model_weights`; Keras 1
did not, which is how 2.3.1 recognised Keras 1 weights); weights-only
files have that layout at the root.

Beside each `<name>.h5`, `<name>.npz` holds `inputs` and the predictions
computed here with the NumPy loops of legacy_reference.py:
`outputs_theano_<i>` (what a backend computing true convolutions predicts
after loading the file as 2.3.1 loaded it) and `outputs_tensorflow_<i>`
(what a cross-correlation backend predicts). Where the file's backend is
known (2.3.1 files) conv kernels are converted and both agree, except for
depthwise and separable kernels, which 2.3.1 never converted. Keras 1
files carry no backend, so nothing is converted.
"""
import json
import os

import h5py
import numpy as np

import legacy_configs as cfg
import legacy_reference as ref

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'legacy')
RNG = np.random.RandomState(2331)


def uniform(*shape, scale=0.5):
    return RNG.uniform(-scale, scale, shape).astype('float32')


# ---------------------------------------------------------------------------
# HDF5 writing, as 2.3.1's H5Dict / Keras 1.2.2's topology wrote.

def text(value):
    """A string attribute as h5py 2 stored the bytes Keras gave it: a
    fixed-length byte string (h5py 3 would store bytes as a variable-length
    string, read back as str)."""
    return np.bytes_(value.encode('utf8'))


def write_weights(group, layers, keras_2_backend=None):
    """`layers`: [(layer name, [(weight name, array)])] in model.layers
    order. `keras_2_backend`: the backend name 2.3.1 records (None for
    Keras 1, which recorded neither it nor the version here)."""
    group.attrs['layer_names'] = np.array(
        [name.encode('utf8') for name, _ in layers])
    if keras_2_backend is not None:
        group.attrs['backend'] = text(keras_2_backend)
        group.attrs['keras_version'] = text('2.3.1')
    for layer_name, weights in layers:
        layer_group = group.create_group(layer_name)
        names = [name.encode('utf8') for name, _ in weights]
        # An empty list becomes an empty float64 array, as h5py stored it.
        layer_group.attrs['weight_names'] = (np.array(names) if names
                                             else np.array([]))
        for name, value in weights:
            write_dataset(layer_group, name, value)


def write_dataset(group, name, value):
    value = np.asarray(value)
    dataset = group.create_dataset(name, value.shape, dtype=value.dtype)
    if not value.shape:
        dataset[()] = value
    else:
        dataset[:] = value


def write_model_file(path, model_config, layers, training_config,
                     optimizer_weights, keras_version, backend):
    """A full-model file; `backend` None for Keras 1."""
    with h5py.File(path, 'w') as f:
        f.attrs['keras_version'] = text(keras_version)
        if backend is not None:
            f.attrs['backend'] = text(backend)
        f.attrs['model_config'] = text(json.dumps(model_config))
        write_weights(f.create_group('model_weights'), layers,
                      backend if keras_version.startswith('2') else None)
        f.attrs['training_config'] = text(json.dumps(training_config))
        if optimizer_weights:
            group = f.create_group('optimizer_weights')
            group.attrs['weight_names'] = np.array(
                [name.encode('utf8') for name, _ in optimizer_weights])
            for name, value in optimizer_weights:
                write_dataset(group, name, value)


def write_weights_file(path, layers, backend):
    with h5py.File(path, 'w') as f:
        write_weights(f, layers, backend)


def write_expected(path, inputs, outputs_theano, outputs_tensorflow):
    """`inputs`: an array, or a list of arrays (`inputs_<i>`)."""
    if isinstance(inputs, list):
        arrays = dict(('inputs_%d' % i, x) for i, x in enumerate(inputs))
    else:
        arrays = {'inputs': inputs}
    for i, (th, tf) in enumerate(zip(outputs_theano, outputs_tensorflow)):
        arrays['outputs_theano_%d' % i] = th.astype('float32')
        arrays['outputs_tensorflow_%d' % i] = tf.astype('float32')
    np.savez(path, **arrays)


def named(layer_name, weights, suffix):
    """2.3.1 names: '<layer>/<weight>' (+ ':0' on TensorFlow)."""
    return [('%s/%s%s' % (layer_name, name, suffix), value)
            for name, value in weights]


def sgd_weights(params, suffix):
    """2.3.1's SGD state: iterations, then one moment per parameter."""
    weights = [('SGD/iterations' + suffix, np.array(3, dtype='int64'))]
    for i, param in enumerate(params):
        weights.append(('training/SGD/moment_%d%s' % (i, suffix),
                        uniform(*param.shape, scale=0.01)))
    return weights


# ---------------------------------------------------------------------------
# Keras 2.3.1: a convnet (Sequential).

def convnet_weights():
    return {
        'conv2d_1': [('kernel', uniform(3, 2, 2, 3)), ('bias', uniform(3))],
        'batch_normalization_1': [
            ('gamma', 1. + uniform(3)), ('beta', uniform(3)),
            ('moving_mean', uniform(3)),
            ('moving_variance', 1. + uniform(3))],
        'conv2d_transpose_1': [('kernel', uniform(2, 3, 2, 3)),
                               ('bias', uniform(2))],
        'separable_conv2d_1': [('depthwise_kernel', uniform(3, 3, 2, 2)),
                               ('pointwise_kernel', uniform(1, 1, 4, 2)),
                               ('bias', uniform(2))],
        'depthwise_conv2d_1': [('depthwise_kernel', uniform(2, 2, 2, 1)),
                               ('bias', uniform(2))],
        'dense_1': [('kernel', uniform(40, 3)), ('bias', uniform(3))],
    }


def convnet_forward(x, w, conv_true, separable_true, with_bn):
    """`conv_true`: Conv2D / Conv2DTranspose run as true convolutions;
    `separable_true`: SeparableConv2D / DepthwiseConv2D likewise."""
    v = dict((name, dict(arrays)) for name, arrays in w.items())
    h = np.tanh(ref.conv(x, v['conv2d_1']['kernel'], conv_true) +
                v['conv2d_1']['bias'])
    if with_bn:
        bn = v['batch_normalization_1']
        h = ref.batch_normalization(h, bn['gamma'], bn['beta'],
                                    bn['moving_mean'], bn['moving_variance'])
    h = ref.conv2d_transpose(h, v['conv2d_transpose_1']['kernel'], (2, 1),
                             conv_true) + v['conv2d_transpose_1']['bias']
    sep = v['separable_conv2d_1']
    h = ref.relu(ref.separable_conv2d(h, sep['depthwise_kernel'],
                                      sep['pointwise_kernel'],
                                      separable_true) + sep['bias'])
    dw = v['depthwise_conv2d_1']
    h = ref.depthwise_conv2d(h, dw['depthwise_kernel'],
                             separable_true) + dw['bias']
    h = h.reshape(h.shape[0], -1)
    return ref.dense(h, v['dense_1']['kernel'], v['dense_1']['bias'])


def convnet_layers(with_bn, batch_input_shape):
    layers = [cfg.conv('Conv2D', 'conv2d_1', 3, (3, 2), activation='tanh',
                       batch_input_shape=batch_input_shape)]
    if with_bn:
        layers.append(cfg.batch_normalization('batch_normalization_1'))
    layers += [
        cfg.conv2d_transpose('conv2d_transpose_1', 2, (2, 3), (2, 1)),
        cfg.separable_conv2d('separable_conv2d_1', 2, (3, 3), 2,
                             activation='relu'),
        cfg.depthwise_conv2d('depthwise_conv2d_1', (2, 2)),
        cfg.flatten('flatten_1'),
        cfg.dense('dense_1', 3)]
    return layers


def layer_list(layers, weights, suffix):
    return [(c['config']['name'],
             named(c['config']['name'], weights.get(c['config']['name'],
                                                     []), suffix))
            for c in layers]


def keras2_theano_convnet():
    """Full model saved by 2.3.1 on Theano: Theano-convention kernels."""
    x = uniform(2, 6, 6, 2, scale=1.)
    w = convnet_weights()
    del w['batch_normalization_1']
    layers = convnet_layers(False, (None, 6, 6, 2))
    params = [a for c in layers for _, a in w.get(c['config']['name'], [])]
    write_model_file(
        os.path.join(OUT, 'keras2_theano_convnet.h5'),
        cfg.sequential('sequential_1', layers), layer_list(layers, w, ''),
        cfg.training_config(cfg.SGD_2_3_1, 'mse'),
        sgd_weights(params, ''), '2.3.1', 'theano')
    # On Theano all run as true convolutions; a correlating backend gets
    # the Conv2D and Conv2DTranspose kernels flipped (same function) but
    # the depthwise and separable kernels as they are.
    write_expected(os.path.join(OUT, 'keras2_theano_convnet.npz'), x,
                   [convnet_forward(x, w, True, True, False)],
                   [convnet_forward(x, w, True, False, False)])


def keras2_tensorflow_convnet_weights():
    """save_weights of 2.3.1 on TensorFlow (names end in ':0')."""
    x = uniform(2, 6, 6, 2, scale=1.)
    w = convnet_weights()
    layers = convnet_layers(True, (None, 6, 6, 2))
    write_weights_file(os.path.join(OUT, 'keras2_tensorflow_weights.h5'),
                       layer_list(layers, w, ':0'), 'tensorflow')
    # Theano gets the Conv2D and Conv2DTranspose kernels flipped (the same
    # function) but runs the unconverted depthwise and separable kernels
    # as true convolutions.
    write_expected(os.path.join(OUT, 'keras2_tensorflow_weights.npz'), x,
                   [convnet_forward(x, w, False, True, True)],
                   [convnet_forward(x, w, False, False, True)])


# ---------------------------------------------------------------------------
# Keras 2.3.1 on Theano: ConvLSTM2D, Conv1D, Conv3D (functional, two
# outputs).

def keras2_theano_conv_lstm():
    x = uniform(2, 3, 5, 5, 1, scale=1.)
    w = {'conv_lst_m2d_1': [('kernel', uniform(3, 3, 1, 8)),
                            ('recurrent_kernel', uniform(3, 3, 2, 8)),
                            ('bias', uniform(8))],
         'conv1d_1': [('kernel', uniform(3, 2, 2)), ('bias', uniform(2))],
         'conv3d_1': [('kernel', uniform(2, 3, 2, 1, 1)),
                      ('bias', uniform(1))],
         'dense_1': [('kernel', uniform(14, 2)), ('bias', uniform(2))]}
    v = dict((name, dict(arrays)) for name, arrays in w.items())
    calls = [
        (cfg.input_layer('input_1', (None, 3, 5, 5, 1)), []),
        (cfg.conv_lstm2d('conv_lst_m2d_1', 2, (3, 3)), ['input_1']),
        (cfg.reshape('reshape_1', (9, 2)), ['conv_lst_m2d_1']),
        (cfg.conv('Conv1D', 'conv1d_1', 2, (3,), activation='tanh'),
         ['reshape_1']),
        (cfg.flatten('flatten_1'), ['conv1d_1']),
        (cfg.conv('Conv3D', 'conv3d_1', 1, (2, 3, 2)), ['input_1']),
        (cfg.dense('dense_1', 2), ['flatten_1']),
        (cfg.flatten('flatten_2'), ['conv3d_1']),
    ]
    config = cfg.functional('model_1', calls, ['input_1'],
                            ['dense_1', 'flatten_2'])
    layers = [(c['config']['name'],
               named(c['config']['name'], w.get(c['config']['name'], []),
                     '')) for c, _ in calls]
    write_model_file(os.path.join(OUT, 'keras2_theano_conv_lstm.h5'),
                     config, layers,
                     cfg.training_config(cfg.ADAM_2_3_1, 'mse'), [],
                     '2.3.1', 'theano')
    lstm = v['conv_lst_m2d_1']
    h = ref.conv_lstm2d(x, lstm['kernel'], lstm['recurrent_kernel'],
                        lstm['bias'], true_convolution=True)
    h = np.tanh(ref.conv(h.reshape(2, 9, 2), v['conv1d_1']['kernel'], True)
                + v['conv1d_1']['bias'])
    first = ref.dense(h.reshape(2, -1), v['dense_1']['kernel'],
                      v['dense_1']['bias'])
    second = (ref.conv(x, v['conv3d_1']['kernel'], True) +
              v['conv3d_1']['bias']).reshape(2, -1)
    # Every kernel here is converted: both conventions predict the same.
    write_expected(os.path.join(OUT, 'keras2_theano_conv_lstm.npz'), x,
                   [first, second], [first, second])


# ---------------------------------------------------------------------------
# Keras 2.3.1 on TensorFlow with a GPU: CuDNNGRU and CuDNNLSTM, and the
# same model with GRU / LSTM.

def keras2_cudnn_files():
    x = uniform(2, 4, 5, scale=1.)
    cudnn = {'cu_dnngru_1': [('kernel', uniform(5, 9)),
                             ('recurrent_kernel', uniform(3, 9)),
                             ('bias', uniform(18))],
             'cu_dnnlstm_1': [('kernel', uniform(3, 8)),
                              ('recurrent_kernel', uniform(2, 8)),
                              ('bias', uniform(16))],
             'dense_1': [('kernel', uniform(2, 2)), ('bias', uniform(2))]}
    v = dict((name, dict(arrays)) for name, arrays in cudnn.items())
    layers = [cfg.cudnn_gru('cu_dnngru_1', 3, return_sequences=True,
                            batch_input_shape=(None, 4, 5)),
              cfg.cudnn_lstm('cu_dnnlstm_1', 2), cfg.dense('dense_1', 2)]
    write_model_file(os.path.join(OUT, 'keras2_cudnn.h5'),
                     cfg.sequential('sequential_1', layers),
                     layer_list(layers, cudnn, ':0'),
                     cfg.training_config(cfg.ADAM_2_3_1, 'mse'), [],
                     '2.3.1', 'tensorflow')
    g, l = v['cu_dnngru_1'], v['cu_dnnlstm_1']
    h = ref.cudnn_gru(x, g['kernel'], g['recurrent_kernel'], g['bias'],
                      return_sequences=True)
    h = ref.cudnn_lstm(h, l['kernel'], l['recurrent_kernel'], l['bias'])
    out = ref.dense(h, v['dense_1']['kernel'], v['dense_1']['bias'])
    write_expected(os.path.join(OUT, 'keras2_cudnn.npz'), x, [out], [out])

    # GRU(reset_after=True, recurrent_activation='sigmoid') and LSTM
    # weights, for CuDNN layers to load.
    plain = {'gru_1': [('kernel', uniform(5, 9)),
                       ('recurrent_kernel', uniform(3, 9)),
                       ('bias', uniform(2, 9))],
             'lstm_1': [('kernel', uniform(3, 8)),
                        ('recurrent_kernel', uniform(2, 8)),
                        ('bias', uniform(8))],
             'dense_1': [('kernel', uniform(2, 2)), ('bias', uniform(2))]}
    v = dict((name, dict(arrays)) for name, arrays in plain.items())
    write_weights_file(os.path.join(OUT, 'keras2_gru_lstm_weights.h5'),
                       [(name, named(name, plain[name], ':0'))
                        for name in ('gru_1', 'lstm_1', 'dense_1')],
                       'tensorflow')
    h = ref.gru(x, v['gru_1']['kernel'], v['gru_1']['recurrent_kernel'],
                v['gru_1']['bias'], reset_after=True, return_sequences=True)
    h = ref.lstm(h, v['lstm_1']['kernel'], v['lstm_1']['recurrent_kernel'],
                 v['lstm_1']['bias'])
    out = ref.dense(h, v['dense_1']['kernel'], v['dense_1']['bias'])
    write_expected(os.path.join(OUT, 'keras2_gru_lstm_weights.npz'), x,
                   [out], [out])


# ---------------------------------------------------------------------------
# Keras 1.2.2.

def k1_named(layer_name, weights, suffix):
    """Keras 1 names: '<layer>_<weight>' (+ ':0' on TensorFlow)."""
    return [('%s_%s%s' % (layer_name, name, suffix), value)
            for name, value in weights]


def k1_sgd_weights(params, suffix):
    """Keras 1.2.2's SGD state: iterations (a float), one moment per
    parameter; unnamed variables ('param_<i>' on Theano)."""
    values = [np.array(3., dtype='float32')] + [
        uniform(*p.shape, scale=0.01) for p in params]
    if suffix:
        names = ['Variable%s:0' % ('_%d' % i if i else '')
                 for i in range(len(values))]
    else:
        names = ['param_%d' % i for i in range(len(values))]
    return list(zip(names, values))


def keras1_convnet(backend):
    """Sequential: Convolution2D, BatchNormalization, MaxPooling2D,
    Dropout, Flatten, Dense. Theano's with dim_ordering 'th' and true
    convolution kernels; TensorFlow's with 'tf' and names ending ':0'."""
    theano = backend == 'theano'
    ordering, suffix = ('th', '') if theano else ('tf', ':0')
    x = uniform(2, 6, 5, 2, scale=1.)  # channels-last
    kernel = uniform(3, 2, 2, 3)       # (rows, cols, in, out)
    bn = [('gamma', 1. + uniform(3)), ('beta', uniform(3)),
          ('running_mean', uniform(3)),
          ('running_std', 1. + uniform(3))]  # a variance, despite its name
    dense_kernel, dense_bias = uniform(12, 3), uniform(3)
    stored_kernel = (np.transpose(kernel, (3, 2, 0, 1)) if theano
                     else kernel)
    batch_input_shape = (None, 2, 6, 5) if theano else (None, 6, 5, 2)
    layers = [
        cfg.k1_convolution2d('convolution2d_1', 3, 3, 2, ordering,
                             activation='relu',
                             batch_input_shape=batch_input_shape),
        cfg.k1_batch_normalization('batchnormalization_1',
                                   1 if theano else -1),
        cfg.k1_max_pooling2d('maxpooling2d_1', ordering),
        cfg.k1_dropout('dropout_1', 0.25),
        cfg.k1_flatten('flatten_1'),
        cfg.k1_dense('dense_1', 3)]
    weights = {'convolution2d_1': [('W', stored_kernel), ('b', uniform(3))],
               'batchnormalization_1': bn,
               'dense_1': [('W', dense_kernel), ('b', dense_bias)]}
    file_layers = [(c['config']['name'],
                    k1_named(c['config']['name'],
                             weights.get(c['config']['name'], []), suffix))
                   for c in layers]
    params = [weights['convolution2d_1'][0][1],
              weights['convolution2d_1'][1][1], bn[0][1], bn[1][1],
              dense_kernel, dense_bias]
    name = 'keras1_convnet_%s' % backend
    write_model_file(os.path.join(OUT, name + '.h5'),
                     cfg.k1_sequential(layers), file_layers,
                     cfg.k1_training_config(cfg.SGD_1_2_2,
                                            'categorical_crossentropy'),
                     k1_sgd_weights(params, suffix), '1.2.2', None)
    inputs = np.transpose(x, (0, 3, 1, 2)) if theano else x
    outputs = []
    for true_convolution in (True, False):
        h = ref.relu(ref.conv(x, kernel, true_convolution) +
                     weights['convolution2d_1'][1][1])
        values = dict(bn)
        h = ref.batch_normalization(h, values['gamma'], values['beta'],
                                    values['running_mean'],
                                    values['running_std'])
        h = h[:, :4, :4].reshape(2, 2, 2, 2, 2, 3).max(axis=(2, 4))
        if theano:
            h = np.transpose(h, (0, 3, 1, 2))  # flattened channels first
        outputs.append(ref.dense(h.reshape(2, -1), dense_kernel,
                                 dense_bias))
    # No backend in Keras 1 files: kernels are never converted.
    write_expected(os.path.join(OUT, name + '.npz'), inputs, [outputs[0]],
                   [outputs[1]])


def keras1_recurrent_theano():
    """Sequential: Embedding, Bidirectional(LSTM) and GRU with per-gate
    weights (consume_less 'cpu' and 'mem'), Dense."""
    x = RNG.randint(0, 10, size=(3, 5)).astype('float32')
    table = uniform(10, 4)

    def gates(names, input_dim, units):
        return {g: (uniform(input_dim, units), uniform(units, units),
                    uniform(units)) for g in names}

    forward, backward = gates('icfo', 4, 3), gates('icfo', 4, 3)
    gru = gates('zrh', 6, 2)
    dense_kernel, dense_bias = uniform(2, 2), uniform(2)
    lstm_config = cfg.k1_recurrent('LSTM', 'lstm_1', 3, 'cpu',
                                   return_sequences=True)
    layers = [cfg.k1_embedding('embedding_1', 10, 4, 5),
              cfg.k1_bidirectional('bidirectional_1', lstm_config),
              cfg.k1_recurrent('GRU', 'gru_1', 2, 'mem', input_dim=6),
              cfg.k1_dense('dense_1', 2)]

    def per_gate(prefix, weights, order):
        # Keras 1 LSTM listed its weights gate by gate in the order
        # i, c, f, o; GRU z, r, h.
        return [('%s_%s_%s' % (prefix, kind, g), weights[g][k])
                for g in order for k, kind in enumerate('WUb')]

    file_layers = [
        ('embedding_1', [('embedding_1_W', table)]),
        ('bidirectional_1', per_gate('forward_lstm_1', forward, 'icfo') +
         per_gate('backward_lstm_1', backward, 'icfo')),
        ('gru_1', per_gate('gru_1', gru, 'zrh')),
        ('dense_1', [('dense_1_W', dense_kernel),
                     ('dense_1_b', dense_bias)])]
    write_model_file(os.path.join(OUT, 'keras1_recurrent_theano.h5'),
                     cfg.k1_sequential(layers), file_layers,
                     cfg.k1_training_config(cfg.SGD_1_2_2, 'mse'), [],
                     '1.2.2', None)

    def concatenated(weights, order):
        return [np.concatenate([weights[g][k] for g in order], axis=-1)
                for k in range(3)]

    e = ref.embedding(x, table)
    h_forward = ref.lstm(e, *concatenated(forward, 'ifco'),
                         recurrent_activation='hard_sigmoid',
                         return_sequences=True)
    h_backward = ref.lstm(e, *concatenated(backward, 'ifco'),
                          recurrent_activation='hard_sigmoid',
                          return_sequences=True, go_backwards=True)
    # Keras 1 (like 2.3.1) reversed the backward outputs to align them.
    h = np.concatenate([h_forward, h_backward[:, ::-1]], axis=-1)
    h = ref.gru(h, *concatenated(gru, 'zrh'),
                recurrent_activation='hard_sigmoid')
    out = ref.dense(h, dense_kernel, dense_bias)
    write_expected(os.path.join(OUT, 'keras1_recurrent_theano.npz'), x,
                   [out], [out])


def keras1_functional_tensorflow():
    """Keras 1 functional Model (3-element node entries): Convolution1D
    (kernel stored (filter_length, 1, input_dim, nb_filter)) and a Dense
    branch merged by a Keras 1 `Merge` layer (mode 'concat')."""
    x = uniform(2, 6, 3, scale=1.)
    kernel, bias = uniform(3, 3, 2), uniform(2)
    d1_kernel, d1_bias = uniform(18, 4), uniform(4)
    d2_kernel, d2_bias = uniform(12, 2), uniform(2)
    calls = [
        (cfg.k1_input_layer('input_1', (None, 6, 3)), []),
        (cfg.k1_convolution1d('convolution1d_1', 2, 3, activation='tanh'),
         ['input_1']),
        (cfg.k1_flatten('flatten_2'), ['input_1']),
        (cfg.k1_flatten('flatten_1'), ['convolution1d_1']),
        (cfg.k1_dense('dense_1', 4, activation='relu'), ['flatten_2']),
        (cfg.k1_merge('merge_1', 'concat'), ['flatten_1', 'dense_1']),
        (cfg.k1_dense('dense_2', 2), ['merge_1']),
    ]
    weights = {'convolution1d_1': [('W', kernel[:, None]), ('b', bias)],
               'dense_1': [('W', d1_kernel), ('b', d1_bias)],
               'dense_2': [('W', d2_kernel), ('b', d2_bias)]}
    file_layers = [(c['config']['name'],
                    k1_named(c['config']['name'],
                             weights.get(c['config']['name'], []), ':0'))
                   for c, _ in calls]
    write_model_file(
        os.path.join(OUT, 'keras1_functional_tensorflow.h5'),
        cfg.k1_functional('model_1', calls, ['input_1'], ['dense_2']),
        file_layers, cfg.k1_training_config(cfg.SGD_1_2_2, 'mse'), [],
        '1.2.2', None)
    outputs = []
    for true_convolution in (True, False):
        a = np.tanh(ref.conv(x, kernel, true_convolution) + bias)
        b = ref.dense(x.reshape(2, -1), d1_kernel, d1_bias, 'relu')
        merged = np.concatenate([a.reshape(2, -1), b], axis=-1)
        outputs.append(ref.dense(merged, d2_kernel, d2_bias))
    write_expected(os.path.join(OUT, 'keras1_functional_tensorflow.npz'),
                   x, [outputs[0]], [outputs[1]])


def keras1_merge_sequential_tensorflow():
    """Keras 1 Sequential starting with a `Merge` of two Sequential models
    (its config nests their list configs under 'layers'); Keras 1 saved
    the weights of the merged models' layers first, without the Merge."""
    x_left, x_right = uniform(2, 3, scale=1.), uniform(2, 4, scale=1.)
    weights = {'dense_1': [('W', uniform(3, 2)), ('b', uniform(2))],
               'dense_2': [('W', uniform(4, 2)), ('b', uniform(2))],
               'dense_3': [('W', uniform(4, 1)), ('b', uniform(1))]}
    merge = cfg.k1_merge('merge_1', 'concat')
    merge['config']['layers'] = [
        cfg.k1_sequential([cfg.k1_dense('dense_1', 2, activation='tanh',
                                        batch_input_shape=(None, 3))]),
        cfg.k1_sequential([cfg.k1_dense('dense_2', 2, activation='relu',
                                        batch_input_shape=(None, 4))])]
    config = cfg.k1_sequential([merge, cfg.k1_dense('dense_3', 1)])
    name = 'keras1_merge_sequential_tensorflow'
    write_model_file(os.path.join(OUT, name + '.h5'), config,
                     [(n, k1_named(n, weights[n], ':0'))
                      for n in ('dense_1', 'dense_2', 'dense_3')],
                     cfg.k1_training_config(cfg.SGD_1_2_2, 'mse'), [],
                     '1.2.2', None)
    v = dict((n, dict(arrays)) for n, arrays in weights.items())
    left = ref.dense(x_left, v['dense_1']['W'], v['dense_1']['b'], 'tanh')
    right = ref.dense(x_right, v['dense_2']['W'], v['dense_2']['b'], 'relu')
    out = ref.dense(np.concatenate([left, right], axis=-1),
                    v['dense_3']['W'], v['dense_3']['b'])
    write_expected(os.path.join(OUT, name + '.npz'), [x_left, x_right],
                   [out], [out])


def main():
    os.makedirs(OUT, exist_ok=True)
    keras2_theano_convnet()
    keras2_tensorflow_convnet_weights()
    keras2_theano_conv_lstm()
    keras2_cudnn_files()
    keras1_convnet('theano')
    keras1_convnet('tensorflow')
    keras1_recurrent_theano()
    keras1_functional_tensorflow()
    keras1_merge_sequential_tensorflow()
    for name in sorted(os.listdir(OUT)):
        print('%-40s %6d bytes' % (name, os.path.getsize(
            os.path.join(OUT, name))))


if __name__ == '__main__':
    main()
