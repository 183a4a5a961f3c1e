"""Files written by tf-keras 2.21 (tests/data/tf_keras/, made by
scripts/make_tf_keras_files.py) load here and predict what tf-keras
predicted; the translation of tf-keras configs to Keras 2.3.1 configs."""
import copy
import json
import os

import h5py
import numpy as np
import pytest

import keras
from keras import backend as K
from keras import layers
from keras.engine import tf_keras_config, tf_keras_training
from keras.models import Model, Sequential, load_model

DATA = os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, 'data',
                    'tf_keras')
NAMES = ['mlp', 'convnet', 'conv1d', 'embedding_lstm', 'gru',
         'bidirectional', 'separable', 'conv_transpose', 'nested',
         'multi_io']
TRAINING_BACKENDS = ('jax', 'tensorflow', 'torch', 'theano')


def stored(name):
    """(inputs, tf-keras's predictions) saved beside the model."""
    with np.load(os.path.join(DATA, name + '.npz')) as arrays:
        inputs = [arrays['x%d' % i] for i in range(4) if 'x%d' % i in arrays]
        outputs = [arrays['y%d' % i] for i in range(4)
                   if 'y%d' % i in arrays]
    return inputs, outputs


def flip_depthwise_kernels_on_theano(model):
    """Keras 2.3.1 never converted depthwise and separable kernels between
    conventions, and neither does the loader here; on theano (true
    convolutions) a kernel written by TensorFlow therefore computes another
    function. Flipping them by hand must give tf-keras's numbers, which
    shows the loader left them exactly as in the file."""
    if K.backend() != 'theano':
        return
    from keras.utils.conv_utils import convert_kernel
    for layer in model.layers:
        if isinstance(layer, (layers.DepthwiseConv2D,
                              layers.SeparableConv1D,
                              layers.SeparableConv2D)):
            weights = layer.get_weights()
            weights[0] = convert_kernel(weights[0])
            layer.set_weights(weights)


def transpose_loops(x, kernel, strides, before, out_sizes):
    """A 2-D transposed convolution (TensorFlow's kernel convention,
    (*k, filters, in)) by loops: input p spreads over outputs
    p * stride - before + offset."""
    out = np.zeros((x.shape[0],) + tuple(out_sizes) + (kernel.shape[2],))
    for p in np.ndindex(*x.shape[1:3]):
        for o in np.ndindex(*kernel.shape[:2]):
            t = [p[i] * strides[i] - before[i] + o[i] for i in range(2)]
            if all(0 <= t[i] < out_sizes[i] for i in range(2)):
                out[:, t[0], t[1]] += x[:, p[0], p[1]].dot(kernel[o].T)
    return out


def conv_transpose_predictions(model, x, before):
    """build_conv_transpose's model by loops, its first 'same' layer
    padded with `before` zeros before each axis."""
    from keras.utils.conv_utils import convert_kernel
    (k1, b1), (k2, b2) = [layer.get_weights() for layer in model.layers
                          if layer.weights]
    if K.backend() == 'theano':
        # Loaded in Theano's convention: back to the file's.
        k1, k2 = convert_kernel(k1), convert_kernel(k2)
    h = transpose_loops(x, k1, (2, 2), before, (8, 8)) + b1
    return np.maximum(transpose_loops(h, k2, (1, 1), (0, 0), (9, 10)) + b2,
                      0.)


def assert_predicts_as_tf_keras(model, name):
    flip_depthwise_kernels_on_theano(model)
    inputs, expected = stored(name)
    if name == 'conv_transpose' and K.backend() == 'theano':
        # Keras 2 on Theano's transposed 'same' convolution is the adjoint
        # of its 'half' convolution: one zero before each axis where
        # TensorFlow's puts none (8 = 4 * 2, kernel 3). No kernel
        # conversion maps one onto the other, so the numbers are checked
        # against loops, which give tf-keras's with TensorFlow's padding.
        np.testing.assert_allclose(
            conv_transpose_predictions(model, inputs[0], (0, 0)),
            expected[0], rtol=1e-5, atol=1e-5)
        expected = [conv_transpose_predictions(model, inputs[0], (1, 1))]
    predicted = model.predict(inputs if len(inputs) > 1 else inputs[0])
    if not isinstance(predicted, list):
        predicted = [predicted]
    assert len(predicted) == len(expected)
    for ours, theirs in zip(predicted, expected):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize('name', NAMES)
def test_load_model_predicts_as_tf_keras(name):
    model = load_model(os.path.join(DATA, name + '.h5'), compile=False)
    assert_predicts_as_tf_keras(model, name)


# Models built here, layer for layer as make_tf_keras_files.py builds them
# with tf-keras, to load the files written by `save_weights`.

def build_mlp():
    return Sequential([layers.Dense(8, activation='relu', input_shape=(6,)),
                       layers.Dropout(0.25), layers.Dense(4),
                       layers.Activation('softmax')])


def build_convnet():
    inputs = layers.Input(shape=(8, 8, 3))
    x = layers.Conv2D(4, 3, padding='same', activation='relu')(inputs)
    x = layers.MaxPooling2D(2)(x)
    x = layers.BatchNormalization()(x)
    x = layers.Conv2D(5, (2, 3), strides=(1, 2), use_bias=False)(x)
    x = layers.Flatten()(x)
    return Model(inputs, layers.Dense(3, activation='softmax')(x))


def build_conv1d():
    return Sequential([
        layers.Conv1D(4, 3, padding='causal', dilation_rate=2,
                      activation='tanh', input_shape=(10, 3)),
        layers.Conv1D(5, 2, strides=2), layers.GlobalAveragePooling1D(),
        layers.Dense(2)])


def build_embedding_lstm():
    return Sequential([layers.Embedding(20, 5, input_length=7),
                       layers.LSTM(6, return_sequences=True),
                       layers.LSTM(4), layers.Dense(1, activation='sigmoid')])


def build_gru():
    inputs = layers.Input(shape=(5, 3))
    x = layers.GRU(4, return_sequences=True, reset_after=True)(inputs)
    return Model(inputs, layers.GRU(3, go_backwards=True)(x))


def build_bidirectional():
    return Sequential([
        layers.Bidirectional(layers.LSTM(3, return_sequences=True),
                             input_shape=(4, 3)),
        layers.Bidirectional(layers.GRU(2, reset_after=True),
                             merge_mode='sum')])


def build_separable():
    inputs = layers.Input(shape=(7, 7, 3))
    x = layers.SeparableConv2D(4, 3, depth_multiplier=2, padding='same')(
        inputs)
    x = layers.DepthwiseConv2D(3, depth_multiplier=2, strides=2)(x)
    x = layers.SeparableConv1D(2, 2)(layers.Reshape((9, 8))(x))
    return Model(inputs, layers.Flatten()(x))


def build_conv_transpose():
    inputs = layers.Input(shape=(4, 4, 2))
    x = layers.Conv2DTranspose(3, 3, strides=2, padding='same')(inputs)
    x = layers.Conv2DTranspose(2, (2, 3), activation='relu')(x)
    return Model(inputs, x)


def build_nested():
    inner = Sequential([layers.Dense(5, activation='relu', input_shape=(4,)),
                        layers.BatchNormalization(), layers.Dense(3)])
    inner.layers[0].trainable = False
    inputs = layers.Input(shape=(4,))
    return Model(inputs, layers.Dense(2, activation='tanh')(inner(inputs)))


def build_multi_io():
    left = layers.Input(shape=(4,))
    right = layers.Input(shape=(3,))
    added = layers.Add()([layers.Dense(5)(left), layers.Dense(5)(right)])
    joined = layers.Concatenate()([added, right])
    return Model([left, right], [layers.Dense(2, activation='softmax')(joined),
                                 layers.Dense(1)(added)])


@pytest.mark.parametrize('name', NAMES)
def test_load_weights_into_model_built_here(name):
    model = globals()['build_' + name]()
    model.load_weights(os.path.join(DATA, name + '_weights.h5'))
    assert_predicts_as_tf_keras(model, name)


def test_nested_model_weight_order_follows_the_file():
    """The nested model's group lists its trainable weights first (the
    frozen Dense moves behind the BatchNormalization scale and offset);
    each weight must land in the variable of the same name."""
    model = load_model(os.path.join(DATA, 'nested.h5'), compile=False)
    inner = model.get_layer('inner')
    with h5py.File(os.path.join(DATA, 'nested.h5'), 'r') as f:
        group = f['model_weights']['inner']
        saved = {name.split(':')[0]: np.asarray(group[name])
                 for name in _weight_names(group)}
    assert not inner.layers[0].trainable
    for layer in inner.layers:
        for variable, value in zip(layer.weights, layer.get_weights()):
            short = '%s/%s' % (layer.name,
                               variable.name.split('/')[-1].split(':')[0])
            np.testing.assert_array_equal(value, saved[short])


def _weight_names(group):
    return [n.decode('utf8') if isinstance(n, bytes) else str(n)
            for n in group.attrs['weight_names']]


def test_compiled_mlp_restores_adam_and_loss():
    model = load_model(os.path.join(DATA, 'mlp.h5'))
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    assert np.isclose(K.get_value(model.optimizer.learning_rate), 0.002)
    assert np.isclose(K.get_value(model.optimizer.beta_1), 0.9)
    assert model.optimizer.epsilon == pytest.approx(1e-7)
    assert model.loss == 'categorical_crossentropy'
    assert_predicts_as_tf_keras(model, 'mlp')


def test_compiled_multi_output_restores_sgd_losses_and_metrics():
    model = load_model(os.path.join(DATA, 'multi_io.h5'))
    assert isinstance(model.optimizer, keras.optimizers.SGD)
    assert np.isclose(K.get_value(model.optimizer.learning_rate), 0.05)
    assert np.isclose(K.get_value(model.optimizer.momentum), 0.9)
    assert model.loss == ['categorical_crossentropy', 'mean_squared_error']
    assert model.loss_weights == [1.0, 0.5]
    assert_predicts_as_tf_keras(model, 'multi_io')


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_multi_output_metric_names_and_sgd_momenta():
    """tf-keras's legacy SGD keeps Keras 2's slot order: the momenta
    restored are the file's."""
    model = load_model(os.path.join(DATA, 'multi_io.h5'))
    model._make_train_function()
    assert model.metrics_names == ['loss', 'first_loss', 'second_loss',
                                   'first_accuracy', 'second_mae']
    with h5py.File(os.path.join(DATA, 'multi_io.h5'), 'r') as f:
        group = f['optimizer_weights']
        saved = [np.asarray(group[name]) for name in _weight_names(group)]
    restored = K.batch_get_value(model.optimizer.weights)
    assert len(restored) == len(saved)
    for ours, theirs in zip(restored, saved):
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=0)


# -- translation of configs -------------------------------------------------

def file_configs(name):
    with h5py.File(os.path.join(DATA, name + '.h5'), 'r') as f:
        version = f.attrs['keras_version']
        model_config = json.loads(f.attrs['model_config'])
        training_config = json.loads(f.attrs['training_config']) \
            if 'training_config' in f.attrs else None
    return version, model_config, training_config


def test_sequential_input_layer_becomes_batch_input_shape():
    version, config, _ = file_configs('mlp')
    assert config['config']['layers'][0]['class_name'] == 'InputLayer'
    translated = tf_keras_config.translate_model_config(config, version)
    first = translated['config']['layers'][0]
    assert [layer['class_name'] for layer in translated['config']['layers']] \
        == ['Dense', 'Dropout', 'Dense', 'Activation']
    assert first['config']['batch_input_shape'] == [None, 6]
    assert first['config']['kernel_initializer'] == {
        'class_name': 'VarianceScaling',
        'config': {'scale': 1., 'mode': 'fan_avg', 'distribution': 'uniform',
                   'seed': None}}
    assert 'module' not in json.dumps(translated)
    assert config['config']['layers'][0]['class_name'] == 'InputLayer', \
        'the argument must not change'


def test_functional_config_becomes_model_with_2_3_1_keys():
    version, config, _ = file_configs('convnet')
    translated = tf_keras_config.translate_model_config(config, version)
    assert translated['class_name'] == 'Model'
    assert 'trainable' not in translated['config']
    by_name = {layer['name']: layer for layer in
               translated['config']['layers']}
    assert by_name['batch_normalization']['config']['axis'] == 3
    assert 'groups' not in by_name['conv2d']['config']
    assert set(by_name['input_1']['config']) == {
        'batch_input_shape', 'dtype', 'sparse', 'name'}


def test_keras_2_3_1_config_is_returned_unchanged():
    config = {'class_name': 'Sequential', 'config': {'name': 's', 'layers': [
        {'class_name': 'Dense', 'config': {'name': 'd', 'units': 2,
                                           'groups': 2}}]}}
    for version in ('2.3.1', b'2.2.4', '2.0.8', '1.2.2', None):
        translated = tf_keras_config.translate_model_config(config, version)
        assert translated == config
        assert translated is not config


def test_tf_keras_markers_identify_a_file_without_version():
    _, config, _ = file_configs('gru')
    assert tf_keras_config.is_tf_keras_config(config, None)
    assert tf_keras_config.is_tf_keras_config({}, '2.2.4-tf')
    assert tf_keras_config.is_tf_keras_config({}, '2.21.0')
    assert not tf_keras_config.is_tf_keras_config({}, '2.3.1')


def dense_config(**extra):
    config = {'name': 'dense_9', 'units': 2, 'dtype': 'float32'}
    config.update(extra)
    return {'class_name': 'Sequential', 'config': {'name': 'seq', 'layers': [
        {'class_name': 'Dense', 'config': config}]}}


@pytest.mark.parametrize('class_name, key, value', [
    ('Conv2D', 'groups', 2),
    ('GlobalAveragePooling1D', 'keepdims', True),
    ('LSTM', 'time_major', True),
    ('InputLayer', 'ragged', True),
])
def test_non_default_value_of_a_missing_key_is_refused(class_name, key,
                                                       value):
    config = {'class_name': 'Sequential', 'config': {'name': 'seq', 'layers': [
        {'class_name': class_name, 'config': {'name': 'odd', key: value}}]}}
    with pytest.raises(ValueError) as error:
        tf_keras_config.translate_model_config(config, '2.21.0')
    message = str(error.value)
    assert '"odd"' in message and class_name in message
    assert '%s=%r' % (key, value) in message


def test_mixed_precision_policy_is_refused_and_float32_policy_kept():
    policy = {'module': 'keras.mixed_precision', 'class_name': 'Policy',
              'config': {'name': 'mixed_float16'}, 'registered_name': None}
    with pytest.raises(ValueError, match='dense_9.*mixed_float16'):
        tf_keras_config.translate_model_config(dense_config(dtype=policy),
                                               '2.21.0')
    policy['config']['name'] = 'float32'
    translated = tf_keras_config.translate_model_config(
        dense_config(dtype=policy), '2.21.0')
    assert translated['config']['layers'][0]['config']['dtype'] == 'float32'


def test_regularizers_and_initializers_get_2_3_1_classes():
    translated = tf_keras_config.translate_model_config(dense_config(
        kernel_regularizer={'module': 'keras.regularizers', 'class_name': 'L2',
                            'config': {'l2': 0.25}, 'registered_name': None},
        kernel_initializer={'module': 'keras.initializers',
                            'class_name': 'HeNormal', 'config': {'seed': 3},
                            'registered_name': None},
        bias_initializer={'class_name': 'VarianceScaling', 'config': {
            'scale': 2., 'mode': 'fan_out',
            'distribution': 'truncated_normal', 'seed': None}}), '2.21.0')
    config = translated['config']['layers'][0]['config']
    assert config['kernel_regularizer'] == {
        'class_name': 'L1L2', 'config': {'l1': 0., 'l2': 0.25}}
    assert config['kernel_initializer'] == {
        'class_name': 'VarianceScaling', 'config': {
            'scale': 2., 'mode': 'fan_in', 'distribution': 'normal',
            'seed': 3}}
    assert config['bias_initializer']['config']['distribution'] == 'normal'
    model = keras.models.model_from_config(translated)
    assert model.layers[0].kernel_regularizer.l2 == pytest.approx(0.25)


def test_tf_op_layer_is_refused_with_its_operation():
    config = {'class_name': 'Functional', 'config': {
        'name': 'm', 'layers': [{'class_name': 'TFOpLambda', 'name': 'op',
                                 'config': {'name': 'tf.math.add',
                                            'function': 'math.add'},
                                 'inbound_nodes': []}],
        'input_layers': [], 'output_layers': []}}
    with pytest.raises(ValueError, match="tf.math.add.*'math.add'"):
        tf_keras_config.translate_model_config(config, '2.21.0')


def test_frozen_functional_model_freezes_its_layers():
    _, config, _ = file_configs('gru')
    config = copy.deepcopy(config)
    config['config']['trainable'] = False
    translated = tf_keras_config.translate_model_config(config, '2.21.0')
    model = keras.models.model_from_config(translated)
    assert model.trainable_weights == []
    assert len(model.non_trainable_weights) == 6


def test_training_config_of_a_new_tf_keras_optimizer():
    version, model_config, training_config = file_configs('mlp')
    translated = tf_keras_training.translate_training_config(
        training_config, version, model_config)
    assert translated['optimizer_config'] == {
        'class_name': 'Adam', 'config': {
            'learning_rate': pytest.approx(0.002), 'beta_1': 0.9,
            'beta_2': 0.999, 'epsilon': 1e-07, 'amsgrad': False}}
    assert translated['metrics'] == ['accuracy']
    assert translated['loss'] == 'categorical_crossentropy'


def test_training_config_refusals_and_kept_options():
    _, model_config, training_config = file_configs('mlp')
    optimizer = training_config['optimizer_config']['config']
    optimizer['clipnorm'] = 1.5
    loss = {'module': 'keras.losses', 'class_name': 'CategoricalCrossentropy',
            'config': {'reduction': 'auto', 'name': 'cce',
                       'from_logits': True, 'label_smoothing': 0.1,
                       'axis': -1, 'fn': 'categorical_crossentropy'},
            'registered_name': None}
    training_config['loss'] = loss
    translated = tf_keras_training.translate_training_config(
        training_config, '2.21.0', model_config)
    assert translated['optimizer_config']['config']['clipnorm'] == 1.5
    assert translated['loss'] == {'class_name': 'CategoricalCrossentropy',
                                  'config': {'reduction':
                                             'sum_over_batch_size',
                                             'name': 'cce',
                                             'from_logits': True,
                                             'label_smoothing': 0.1}}
    optimizer['use_ema'] = True
    with pytest.raises(ValueError, match='use_ema.*compile=False'):
        tf_keras_training.translate_training_config(training_config, '2.21.0',
                                                  model_config)
    optimizer['use_ema'] = False
    optimizer['learning_rate'] = {'class_name': 'ExponentialDecay',
                                  'config': {}}
    with pytest.raises(ValueError, match='ExponentialDecay'):
        tf_keras_training.translate_training_config(training_config, '2.21.0',
                                                  model_config)


# -- optimizer state --------------------------------------------------------

@pytest.mark.backends(*TRAINING_BACKENDS)
def test_adam_state_of_a_new_tf_keras_optimizer_is_restored():
    """tf-keras's Adam interleaves m and v per parameter; 2.3.1 keeps
    [iterations] + ms + vs + vhats (of shape (1,) without amsgrad)."""
    model = load_model(os.path.join(DATA, 'mlp.h5'))
    with h5py.File(os.path.join(DATA, 'mlp.h5'), 'r') as f:
        group = f['optimizer_weights']
        saved = {name: np.asarray(group[name])
                 for name in _weight_names(group)}
    restored = K.batch_get_value(model.optimizer.weights)
    params = ['hidden/kernel', 'hidden/bias', 'logits/kernel', 'logits/bias']
    expected = ([saved['iteration:0']] +
                [saved['Adam/m/%s:0' % p] for p in params] +
                [saved['Adam/v/%s:0' % p] for p in params] +
                [np.zeros(1)] * 4)
    assert int(saved['iteration:0']) == 1
    assert len(restored) == len(expected)
    for ours, theirs in zip(restored, expected):
        np.testing.assert_array_equal(np.asarray(ours).reshape(-1),
                                      np.asarray(theirs).reshape(-1))


def test_optimizer_weights_orders_of_new_and_legacy_tf_keras():
    a, b = np.full((2, 3), 1.), np.full((3,), 2.)
    translate = tf_keras_training.translate_optimizer_weights
    # New Adamax: m and u interleaved.
    names = ['iteration:0', 'Adamax/m/d/kernel:0', 'Adamax/u/d/kernel:0',
             'Adamax/m/d/bias:0', 'Adamax/u/d/bias:0']
    values = [np.int64(3), a, a + 10, b, b + 10]
    result = translate(names, values, {'class_name': 'Custom>Adamax',
                                       'config': {}}, '2.21.0')
    assert [np.asarray(v).tolist() for v in result] == [
        3, a.tolist(), b.tolist(), (a + 10).tolist(), (b + 10).tolist()]
    # Legacy SGD without momentum: zero momenta of the parameters' shapes.
    result = translate(['SGD/iter:0'], [np.int64(5)],
                       {'class_name': 'SGD', 'config': {}}, '2.21.0',
                       param_shapes=[(2, 3), (3,)])
    assert int(result[0]) == 5
    assert [r.shape for r in result[1:]] == [(2, 3), (3,)]
    assert not any(r.any() for r in result[1:])
    # Nadam: 2.3.1's m_schedule, the product of the momentum schedule.
    result = translate(['iteration:0', 'Nadam/m/d/bias:0',
                        'Nadam/v/d/bias:0'], [np.int64(2), b, b + 1],
                       {'class_name': 'Custom>Nadam',
                        'config': {'beta_1': 0.9}}, '2.21.0')
    expected = (0.9 * (1 - 0.5 * 0.96 ** 0.004)) * \
        (0.9 * (1 - 0.5 * 0.96 ** 0.008))
    assert float(result[1]) == pytest.approx(expected, rel=1e-6)
    # Keras 2 files are left alone; unknown slots are refused.
    assert translate(['x'], [a], {'class_name': 'Adam', 'config': {}},
                     '2.3.1') == [a]
    with pytest.raises(ValueError, match='slots'):
        translate(['iteration:0', 'Adam/m/d/bias:0', 'Adam/ema/d/bias:0'],
                  [np.int64(1), b, b], {'class_name': 'Adam',
                                        'config': {}}, '2.21.0')
