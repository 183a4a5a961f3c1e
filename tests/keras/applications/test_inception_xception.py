"""InceptionV3, InceptionResNetV2 and Xception: published parameter counts,
2.3.1's layer names and weight shapes in load order, the argument checks,
pooling, input tensors, classes, weights from a local file or through
get_file with 2.3.1's file names and hashes, 'tf' preprocessing, and one
block of each model against numpy."""
import numpy as np
import pytest

from keras import backend as K
from keras import layers
from keras import models
from keras.applications import InceptionResNetV2
from keras.applications import InceptionV3
from keras.applications import Xception
from keras.applications import _builder
from keras.applications import imagenet_utils
from keras.applications import inception_resnet_v2
from keras.applications import inception_v3
from keras.applications import xception

BASE = 'https://github.com/fchollet/deep-learning-models/releases/download/'
# model name (also the weight files' prefix): (constructor, module,
# published parameter count, release of the weight files, md5 with top,
# md5 without top, smallest input side)
MODELS = {
    'inception_v3': (InceptionV3, inception_v3, 23851784, 'v0.5',
                     '9a0d58056eeedaa3f26cb7ebd46da564',
                     'bcbd6486424b2319ff4ef7d526e38f63', 75),
    'inception_resnet_v2': (InceptionResNetV2, inception_resnet_v2, 55873736,
                            'v0.7', 'e693bd0210a403b3192acc6073ad2e96',
                            'd19885ff4a710c122648d3b5c3b684e4', 75),
    'xception': (Xception, xception, 22910480, 'v0.4',
                 '0a58e3b7378bc2990ea3b43d5981f1f6',
                 'b0042744bf5b25fce3cb969f33bebb97', 71),
}
# Every model ends in 2048 (1536 for Inception-ResNet) feature channels
# followed by the 1000-way classifier.
FEATURES = {'inception_v3': 2048, 'inception_resnet_v2': 1536,
            'xception': 2048}
# Side of the last feature map at the smallest input: the Inceptions'
# valid poolings bring 75 down to 1, Xception's 'same' ones 71 to 3.
SMALLEST_MAP = {'inception_v3': 1, 'inception_resnet_v2': 1, 'xception': 3}


def channels_last():
    return K.image_data_format() == 'channels_last'


def image_shape(side, channels=3):
    return (side, side, channels) if channels_last() else (channels, side,
                                                          side)


def top_params(name, classes=1000):
    return FEATURES[name] * classes + classes


def weight_file_names(name):
    prefix = name + '_weights_tf_dim_ordering_tf_kernels'
    return prefix + '.h5', prefix + '_notop.h5'


def recording_get_file(calls, path):
    def fake_get_file(fname, origin, **kwargs):
        calls.append(dict(kwargs, fname=fname, origin=origin))
        return path
    return fake_get_file


def recording_loads(monkeypatch):
    """Records the paths models are asked to load instead of loading them
    (the published files hold 80 to 220 MB)."""
    loads = []
    monkeypatch.setattr(_builder, 'load_tensorflow_kernels',
                        lambda model, path, **kwargs: loads.append(path))
    return loads


def shapes(layer):
    return [K.int_shape(w) for w in layer.weights]


# The expected names and weight shapes are those of Keras 2.3.1 in a fresh
# session (convolutions, batch normalizations and activations that 2.3.1
# left unnamed are numbered from 1).
NAME_CHECKS = {
    'inception_v3': dict(
        layers=313, first=['input_1', 'conv2d_1', 'batch_normalization_1',
                           'activation_1', 'conv2d_2'],
        last=['mixed10', 'avg_pool', 'predictions'],
        present=['mixed0', 'mixed3', 'mixed8', 'mixed9_0', 'mixed9_1',
                 'conv2d_94', 'batch_normalization_94', 'activation_94',
                 'max_pooling2d_4', 'average_pooling2d_9',
                 'concatenate_2'],
        absent=['conv2d_95', 'mixed9_2', 'max_pooling2d_5'],
        shapes={'conv2d_1': [(3, 3, 3, 32)],
                # scale=False: beta, moving mean, moving variance
                'batch_normalization_1': [(32,), (32,), (32,)],
                'conv2d_94': [(1, 1, 2048, 192)]}),
    'inception_resnet_v2': dict(
        layers=782, first=['input_1', 'conv2d_1', 'batch_normalization_1',
                           'activation_1'],
        last=['conv_7b', 'conv_7b_bn', 'conv_7b_ac', 'avg_pool',
              'predictions'],
        present=['mixed_5b', 'block35_1_mixed', 'block35_1_conv',
                 'block35_1', 'block35_1_ac', 'block35_10_ac', 'mixed_6a',
                 'block17_20_ac', 'mixed_7a', 'block8_9_ac', 'block8_10'],
        absent=['block35_11', 'block17_21', 'block8_10_ac', 'block8_11'],
        shapes={'block35_1_conv': [(1, 1, 128, 320), (320,)],
                'block17_1_conv': [(1, 1, 384, 1088), (1088,)],
                'block8_10_conv': [(1, 1, 448, 2080), (2080,)],
                'conv_7b': [(1, 1, 2080, 1536)],
                'conv_7b_bn': [(1536,)] * 3,
                'predictions': [(1536, 1000), (1000,)]}),
    'xception': dict(
        layers=134, first=['input_1', 'block1_conv1', 'block1_conv1_bn',
                           'block1_conv1_act', 'block1_conv2',
                           'block1_conv2_bn', 'block1_conv2_act',
                           'block2_sepconv1'],
        last=['block14_sepconv2', 'block14_sepconv2_bn',
              'block14_sepconv2_act', 'avg_pool', 'predictions'],
        present=['conv2d_1', 'batch_normalization_4', 'add_12',
                 'block2_pool', 'block5_sepconv1_act', 'block12_sepconv3_bn',
                 'block13_pool', 'block14_sepconv1_act'],
        absent=['block2_sepconv1_act', 'conv2d_5', 'add_13', 'block15_pool'],
        shapes={'block1_conv1': [(3, 3, 3, 32)],
                'block1_conv1_bn': [(32,)] * 4,
                'block2_sepconv1': [(3, 3, 64, 1), (1, 1, 64, 128)],
                'conv2d_4': [(1, 1, 728, 1024)],
                'block14_sepconv2': [(3, 3, 1536, 1), (1, 1, 1536, 2048)]}),
}


@pytest.mark.parametrize('name', sorted(MODELS))
def test_full_model_counts_names_and_imagenet_file(name, monkeypatch):
    # The one full build per model and backend: weights='imagenet' through
    # get_file, with the load replaced by a recorder (no 100 MB file here).
    build, _, count, release, top_hash, _, _ = MODELS[name]
    calls = []
    monkeypatch.setattr(_builder, 'get_file',
                        recording_get_file(calls, 'fetched.h5'))
    loads = recording_loads(monkeypatch)
    K.clear_session()
    model = build()
    top_file, _ = weight_file_names(name)
    assert calls == [{'fname': top_file, 'origin': BASE + release + '/' +
                      top_file, 'cache_subdir': 'models',
                      'file_hash': top_hash}]
    assert loads == ['fetched.h5']
    assert model.count_params() == count
    assert model.name == name
    assert model.input_shape == (None,) + image_shape(299)
    assert model.output_shape == (None, 1000)
    assert model.get_layer('predictions').count_params() == top_params(name)

    checks = NAME_CHECKS[name]
    names = [layer.name for layer in model.layers]
    assert len(names) == len(set(names)) == checks['layers']
    assert names[:len(checks['first'])] == checks['first']
    assert names[-len(checks['last']):] == checks['last']
    assert set(checks['present']) <= set(names)
    assert not set(checks['absent']) & set(names)
    for layer_name, expected in checks['shapes'].items():
        assert shapes(model.get_layer(layer_name)) == expected, layer_name


def test_weight_files_of_each_module():
    for name, (_, module, _, release, top_hash, notop_hash, _) in (
            MODELS.items()):
        top_file, notop_file = weight_file_names(name)
        urls = (BASE + release + '/' + top_file,
                BASE + release + '/' + notop_file)
        if module is inception_resnet_v2:
            assert module.BASE_WEIGHT_URL == BASE + release + '/'
            assert (module.BASE_WEIGHT_URL + module.WEIGHTS_FILE,
                    module.BASE_WEIGHT_URL +
                    module.WEIGHTS_FILE_NO_TOP) == urls
        elif module is xception:
            assert (module.TF_WEIGHTS_PATH,
                    module.TF_WEIGHTS_PATH_NO_TOP) == urls
        else:
            assert (module.WEIGHTS_PATH, module.WEIGHTS_PATH_NO_TOP) == urls
        assert (module.WEIGHTS_HASH, module.WEIGHTS_HASH_NO_TOP) == (
            top_hash, notop_hash)


@pytest.mark.parametrize('name', sorted(MODELS))
def test_no_top_imagenet_file_through_get_file(name, monkeypatch):
    build, _, count, release, _, notop_hash, side = MODELS[name]
    calls = []
    monkeypatch.setattr(_builder, 'get_file',
                        recording_get_file(calls, 'fetched_notop.h5'))
    loads = recording_loads(monkeypatch)
    model = build(include_top=False, input_shape=image_shape(side))
    _, notop_file = weight_file_names(name)
    assert calls == [{'fname': notop_file, 'origin': BASE + release + '/' +
                      notop_file, 'cache_subdir': 'models',
                      'file_hash': notop_hash}]
    assert loads == ['fetched_notop.h5']
    # The feature extractor's size does not depend on the input size.
    assert model.count_params() == count - top_params(name)
    assert model.output_shape[1:] == image_shape(SMALLEST_MAP[name],
                                                 FEATURES[name])


def test_weights_from_a_local_path_load_by_order(tmp_path):
    source = Xception(weights=None, include_top=False,
                      input_shape=image_shape(71))
    path = str(tmp_path / 'xception.h5')
    source.save_weights(path)
    loaded = Xception(weights=path, include_top=False,
                      input_shape=image_shape(71))
    kept, original = loaded.get_weights(), source.get_weights()
    assert len(kept) == len(original) == 234
    # Randomly initialized kernels match only if the file was loaded.
    for a, b in zip(kept, original):
        np.testing.assert_array_equal(a, b)


def test_pooling_and_classes_on_xception():
    for pooling, pooling_class in (('avg', layers.GlobalAveragePooling2D),
                                   ('max', layers.GlobalMaxPooling2D)):
        pooled = Xception(weights=None, include_top=False, pooling=pooling,
                          input_shape=image_shape(71))
        assert pooled.output_shape == (None, 2048)
        assert type(pooled.layers[-1]) is pooling_class
        assert pooled.layers[-2].name == 'block14_sepconv2_act'
    small = Xception(weights=None, input_shape=image_shape(71), classes=7)
    assert small.output_shape == (None, 7)
    assert small.count_params() == (22910480 - top_params('xception') +
                                    top_params('xception', classes=7))
    assert [layer.name for layer in small.layers[-2:]] == ['avg_pool',
                                                           'predictions']


def test_input_tensor_sources_become_the_model_inputs():
    images = layers.Input(shape=image_shape(71))
    model = Xception(weights=None, include_top=False, input_tensor=images)
    assert model.inputs[0] is images
    assert model.output_shape[1:] == image_shape(3, 2048)
    # A tensor computed from an Input: the model starts from that Input.
    source = layers.Input(shape=image_shape(71))
    scaled = layers.Activation('linear')(source)
    model = Xception(weights=None, include_top=False, input_tensor=scaled,
                     pooling='avg')
    assert model.inputs == [source]
    assert model.output_shape == (None, 2048)


@pytest.mark.parametrize('name', sorted(MODELS))
def test_argument_errors(name):
    build, _, _, _, _, _, side = MODELS[name]
    with pytest.raises(ValueError, match=f'at least {side}x{side}'):
        build(weights=None, include_top=False,
              input_shape=image_shape(side - 1))
    with pytest.raises(ValueError, match=r'should be \(299, 299, 3\)|'
                                         r'should be \(3, 299, 299\)'):
        build(weights='imagenet', input_shape=image_shape(side))
    with pytest.raises(ValueError, match='`weights` argument.*no_such'):
        build(weights='no_such_file.h5')
    with pytest.raises(ValueError, match='`classes` should be 1000'):
        build(weights='imagenet', classes=10)
    with pytest.raises(ValueError, match='pooling'):
        build(weights=None, include_top=False, pooling='sum')
    with pytest.raises(TypeError, match=build.__name__ + r'\(\) got '
                                        'unexpected keyword arguments: foo'):
        build(weights=None, include_top=False, foo=1)


@pytest.mark.parametrize('module', [inception_v3, inception_resnet_v2,
                                    xception])
def test_preprocess_input_scales_to_plus_minus_one(module):
    # 'tf' mode by hand: x / 127.5 - 1, whatever the data format.
    x = np.array([[[[0., 127.5, 255.], [51., 204., 25.5]]]], 'float32')
    expected = np.array([[[[-1., 0., 1.], [-0.6, 0.6, -0.8]]]], 'float32')
    np.testing.assert_allclose(module.preprocess_input(x.copy()), expected,
                               atol=1e-6)
    np.testing.assert_allclose(
        module.preprocess_input(x.copy(), data_format='channels_first'),
        expected, atol=1e-6)
    ints = np.array([[[[0, 255, 51]]]], 'uint8')
    out = module.preprocess_input(ints)
    assert out.dtype == np.dtype(K.floatx())
    np.testing.assert_allclose(out, [[[[-1., 1., -0.6]]]], atol=1e-6)
    symbolic = module.preprocess_input(K.variable(x))
    np.testing.assert_allclose(K.eval(symbolic), expected, atol=1e-6)
    with pytest.raises(TypeError, match='unexpected keyword arguments: mode'):
        module.preprocess_input(x, mode='caffe')
    assert module.decode_predictions is imagenet_utils.decode_predictions


def _conv_same(x, kernel, bias=None):
    """Stride-1 'same' cross-correlation of NHWC `x` with an HWIO kernel."""
    rows, cols = kernel.shape[:2]
    top, left = (rows - 1) // 2, (cols - 1) // 2
    padded = np.pad(x, ((0, 0), (top, rows - 1 - top),
                        (left, cols - 1 - left), (0, 0)))
    height, width = x.shape[1:3]
    out = np.zeros(x.shape[:3] + (kernel.shape[3],))
    for i in range(rows):
        for j in range(cols):
            out += padded[:, i:i + height, j:j + width, :] @ kernel[i, j]
    return out if bias is None else out + bias


def _random_weights(model, rng):
    for layer in model.layers:
        values = [rng.normal(0, 0.3, w.shape) for w in layer.get_weights()]
        if isinstance(layer, layers.BatchNormalization):
            # The moving variance is the last weight: keep it positive.
            values[-1] = rng.uniform(0.5, 1.5, values[-1].shape)
        layer.set_weights(values)
    return {layer.name: layer.get_weights() for layer in model.layers}


def _batch_norm(x, weights, eps):
    gamma, beta, mean, variance = weights
    return gamma * (x - mean) / np.sqrt(variance + eps) + beta


def test_inception_resnet_block_against_numpy():
    # block35 on a small 5x5x8 map, every weight random, against numpy:
    # relu(x + 0.17 * conv1x1(concat(branches)) + bias).
    K.clear_session()  # the names below count from 1 per layer class
    rng = np.random.RandomState(1)
    inputs = layers.Input(shape=image_shape(5, channels=8))
    block = inception_resnet_v2.inception_resnet_block(
        inputs, scale=0.17, block_type='block35', block_idx=3)
    model = models.Model(inputs, block)
    assert [layer.name for layer in model.layers[-4:]] == [
        'block35_3_mixed', 'block35_3_conv', 'block35_3', 'block35_3_ac']
    # Batch normalization without scale: beta, mean, variance.
    params = _random_weights(model, rng)
    first = min(int(layer.name.split('_')[-1]) for layer in model.layers
                if layer.name.startswith('conv2d_'))
    eps = model.get_layer(f'batch_normalization_{first}').epsilon
    flips = K.backend() == 'theano'  # Keras 2's Theano kernels are flipped

    def conv_bn_relu(x, index):
        kernel, beta, mean, variance = (
            params[f'conv2d_{index}'] + params[f'batch_normalization_{index}'])
        if flips:
            kernel = kernel[::-1, ::-1]
        y = _conv_same(x, kernel)
        return np.maximum((y - mean) / np.sqrt(variance + eps) + beta, 0)

    x = rng.normal(0, 1, (2, 5, 5, 8))
    # The six convolutions are numbered in the order the branches list them.
    branch_0 = conv_bn_relu(x, first)
    branch_1 = conv_bn_relu(conv_bn_relu(x, first + 1), first + 2)
    branch_2 = conv_bn_relu(conv_bn_relu(conv_bn_relu(x, first + 3),
                                         first + 4), first + 5)
    mixed = np.concatenate([branch_0, branch_1, branch_2], axis=-1)
    assert mixed.shape[-1] == 128
    kernel, bias = params['block35_3_conv']
    expected = np.maximum(x + 0.17 * _conv_same(mixed, kernel, bias), 0)
    feed = x if channels_last() else x.transpose(0, 3, 1, 2)
    out = model.predict(feed.astype('float32'))
    if not channels_last():
        out = out.transpose(0, 2, 3, 1)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)


def test_xception_downsampling_block_against_numpy():
    # Block 3 on a 5x5x4 map: relu, two separable convolutions with batch
    # normalization, a 3x3 max pooling of stride 2 ('same': one row of
    # padding each side), plus the strided 1x1 projection of the input.
    K.clear_session()  # the names below count from 1 per layer class
    rng = np.random.RandomState(2)
    inputs = layers.Input(shape=image_shape(5, channels=4))
    model = models.Model(inputs,
                         xception._downsampling_block(inputs, 3, (6, 8)))
    params = _random_weights(model, rng)
    eps = model.get_layer('block3_sepconv1_bn').epsilon
    flips = K.backend() == 'theano'  # Keras 2's Theano kernels are flipped

    def separable_bn(x, name):
        depthwise, pointwise = params[name]
        if flips:
            depthwise = depthwise[::-1, ::-1]
        channels = x.shape[-1]
        spread = np.zeros((3, 3, channels, channels))
        for c in range(channels):
            spread[:, :, c, c] = depthwise[:, :, c, 0]
        return _batch_norm(_conv_same(_conv_same(x, spread), pointwise),
                           params[name + '_bn'], eps)

    x = rng.normal(0, 1, (2, 5, 5, 4))
    y = separable_bn(np.maximum(x, 0), 'block3_sepconv1')
    y = separable_bn(np.maximum(y, 0), 'block3_sepconv2')
    padded = np.pad(y, ((0, 0), (1, 1), (1, 1), (0, 0)),
                    constant_values=-np.inf)
    pooled = np.array([[padded[:, i:i + 3, j:j + 3].max(axis=(1, 2))
                        for j in (0, 2, 4)] for i in (0, 2, 4)])
    pooled = pooled.transpose(2, 0, 1, 3)
    conv_name = [name for name in params if name.startswith('conv2d_')][0]
    bn_name = [name for name in params
               if name.startswith('batch_normalization_')][0]
    (kernel,) = params[conv_name]
    shortcut = _batch_norm(x[:, ::2, ::2] @ kernel[0, 0], params[bn_name],
                           eps)
    expected = pooled + shortcut
    feed = x if channels_last() else x.transpose(0, 3, 1, 2)
    out = model.predict(feed.astype('float32'))
    if not channels_last():
        out = out.transpose(0, 2, 3, 1)
    assert out.shape == (2, 3, 3, 8)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)


def test_inception_v3_8x8_block_against_numpy():
    # The last block ('mixed9') on a 3x3x4 map: a 1x1 branch, two branches
    # ending in parallel 1x3 and 3x1 convolutions, and an average pooling
    # ('same', padding excluded from the mean) followed by a 1x1.
    K.clear_session()  # the names below count from 1 per layer class
    rng = np.random.RandomState(3)
    inputs = layers.Input(shape=image_shape(3, channels=4))
    model = models.Model(inputs, inception_v3._block_8(inputs, 0))
    assert model.layers[-1].name == 'mixed9'
    assert 'mixed9_0' in [layer.name for layer in model.layers]
    params = _random_weights(model, rng)
    first = min(int(layer.name.split('_')[-1]) for layer in model.layers
                if layer.name.startswith('conv2d_'))
    eps = model.get_layer(f'batch_normalization_{first}').epsilon
    flips = K.backend() == 'theano'  # Keras 2's Theano kernels are flipped

    def conv_bn_relu(x, offset):
        # Convolutions are numbered in the order the branches list them;
        # batch normalization without scale: beta, mean, variance.
        index = first + offset
        kernel, beta, mean, variance = (
            params[f'conv2d_{index}'] + params[f'batch_normalization_{index}'])
        if flips:
            kernel = kernel[::-1, ::-1]
        y = _conv_same(x, kernel)
        return np.maximum((y - mean) / np.sqrt(variance + eps) + beta, 0)

    x = rng.normal(0, 1, (2, 3, 3, 4))
    branch3x3 = conv_bn_relu(x, 1)
    branch3x3dbl = conv_bn_relu(conv_bn_relu(x, 4), 5)
    window_sums = _conv_same(x, np.ones((3, 3, 1, 1)) * np.eye(4))
    counts = _conv_same(np.ones((1, 3, 3, 1)), np.ones((3, 3, 1, 1)))
    expected = np.concatenate([
        conv_bn_relu(x, 0),
        conv_bn_relu(branch3x3, 2), conv_bn_relu(branch3x3, 3),
        conv_bn_relu(branch3x3dbl, 6), conv_bn_relu(branch3x3dbl, 7),
        conv_bn_relu(window_sums / counts, 8)], axis=-1)
    assert expected.shape == (2, 3, 3, 320 + 4 * 384 + 192)
    feed = x if channels_last() else x.transpose(0, 3, 1, 2)
    out = model.predict(feed.astype('float32'))
    if not channels_last():
        out = out.transpose(0, 2, 3, 1)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)
