"""The ResNet family: ResNet50 of the resnet50 module, ResNet50/101/152,
ResNet50V2/101V2/152V2 and ResNeXt50/101. Published parameter counts,
keras_applications 1.0.8's layer names and order, the argument checks,
pooling, input tensors, weights from a local file or through get_file
with the published names and hashes, preprocessing, and one block of each
kind against numpy."""
import warnings

import numpy as np
import pytest

from keras import backend as K
from keras import layers
from keras import models
from keras.applications import _builder
from keras.applications import _resnet_common
from keras.applications import resnet
from keras.applications import resnet50
from keras.applications import resnet_v2
from keras.applications import resnext
from keras.backend.active import current

RESNET_RELEASE = ('https://github.com/keras-team/keras-applications/'
                  'releases/download/resnet/')
V02_RELEASE = ('https://github.com/fchollet/deep-learning-models/'
               'releases/download/v0.2/')
# (with top, without top) md5 hashes published with the files.
PUBLISHED_HASHES = {
    'resnet50': ('2cb95161c43110f7111970584f804107',
                 '4d473c1dd8becc155b73f8504c6f6626'),
    'resnet101': ('f1aeb4b969a6efcfb50fad2f0c20cfc5',
                  '88cf7a10940856eca736dc7b7e228a21'),
    'resnet152': ('100835be76be38e30d865e96f2aaae62',
                  'ee4c566cf9a93f14d82f913c2dc6dd0c'),
    'resnet50v2': ('3ef43a0b657b3be2300d5770ece849e0',
                   'fac2f116257151a9d068a22e544a4917'),
    'resnet101v2': ('6343647c601c52e1368623803854d971',
                    'c0ed64b8031c3730f411d2eb4eea35b5'),
    'resnet152v2': ('a49b44d1979771252814e80f8ec446f9',
                    'ed17cf2e0169df9d443503ef94b23b33'),
    'resnext50': ('67a5b30d522ed92f75a1f16eef299d1a',
                  '62527c363bdd9ec598bed41947b379fc'),
    'resnext101': ('34fb605428fcc7aa4d62f44404c11509',
                   '0f678c91647380debd923963594981b3'),
}


def channels_first():
    return K.image_data_format() == 'channels_first'


def image_shape(side, channels=3):
    return (channels, side, side) if channels_first() else (side, side,
                                                             channels)


def to_data_format(nhwc):
    return np.transpose(nhwc, (0, 3, 1, 2)) if channels_first() else nhwc


def from_data_format(array):
    return np.transpose(array, (0, 2, 3, 1)) if channels_first() else array


def build_quietly(build, **kwargs):
    # ResNet50 of the resnet50 module warns that its no-top output changed
    # in Keras 2.2.0, as 2.3.1 did.
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        return build(**kwargs)


# ---------------------------------------------------------------------------
# Full models: each built once, with the top and the default input; the
# layer names and order within blocks are checked on these builds.

def check_resnet50_module_blocks(model, names):
    # 2.3.1 orders layers by depth, then by traversal from the output: the
    # main branch's last convolution precedes the shortcut's.
    start = names.index('res2a_branch2c')
    assert names[start:start + 4] == ['res2a_branch2c', 'res2a_branch1',
                                      'bn2a_branch2c', 'bn2a_branch1']
    for stage, blocks in zip((2, 3, 4, 5), ('abc', 'abcd', 'abcdef', 'abc')):
        convs = sorted(n for n in names if n and n.startswith(f'res{stage}'))
        expected = [f'res{stage}{b}_branch{part}'
                    for b in blocks for part in ('1', '2a', '2b', '2c')
                    if part != '1' or b == 'a']
        assert convs == sorted(expected)
    assert model.get_layer('res2a_branch1').strides == (1, 1)
    assert model.get_layer('res3a_branch2a').strides == (2, 2)
    assert model.get_layer('res3a_branch1').strides == (2, 2)
    assert model.get_layer('bn_conv1').epsilon == 1e-3
    assert model.get_layer('conv1').get_weights()[0].shape == (7, 7, 3, 64)


def check_resnet_blocks(model, names):
    start = names.index('conv2_block1_2_relu')
    assert names[start + 1:start + 7] == [
        'conv2_block1_0_conv', 'conv2_block1_3_conv', 'conv2_block1_0_bn',
        'conv2_block1_3_bn', 'conv2_block1_add', 'conv2_block1_out']
    assert 'conv2_block2_0_conv' not in names
    assert model.get_layer('conv3_block1_0_conv').strides == (2, 2)
    assert model.get_layer('conv3_block1_1_conv').strides == (2, 2)
    assert model.get_layer('conv2_block1_0_conv').strides == (1, 1)
    assert model.get_layer('conv4_block6_3_bn').epsilon == 1.001e-5
    assert model.get_layer('conv1_conv').use_bias


def check_resnet_v2_blocks(model, names):
    start = names.index('conv2_block1_2_relu')
    assert names[start + 1:start + 4] == [
        'conv2_block1_0_conv', 'conv2_block1_3_conv', 'conv2_block1_out']
    # The last block of stages 2-4 strides: its middle convolution and a
    # 1x1 max pooling on the shortcut.
    assert model.get_layer('conv2_block3_2_conv').strides == (2, 2)
    assert model.get_layer('conv2_block1_2_conv').strides == (1, 1)
    assert model.get_layer('conv5_block3_2_conv').strides == (1, 1)
    pools = [layer for layer in model.layers
             if isinstance(layer, layers.MaxPooling2D)]
    assert pools[0].name == 'pool1_pool'
    assert len(pools) == 4 and all(p.pool_size == (1, 1) and
                                   p.strides == (2, 2) for p in pools[1:])
    assert not model.get_layer('conv2_block1_1_conv').use_bias
    assert model.get_layer('conv2_block1_3_conv').use_bias
    assert 'conv1_bn' not in names


def check_resnext_blocks(model, names):
    start = names.index('conv2_block1_2_pad')
    assert names[start:start + 4] == ['conv2_block1_2_pad',
                                      'conv2_block1_2_conv',
                                      'conv2_block1_2_reduce',
                                      'conv2_block1_2_bn']
    # The published files hold a depthwise kernel of depth multiplier
    # filters // 32 per grouped convolution.
    for layer, channels in (('conv2_block1_2_conv', 128),
                            ('conv5_block3_2_conv', 1024)):
        kernel, = model.get_layer(layer).get_weights()
        assert kernel.shape == (3, 3, channels, channels // 32)
    assert model.get_layer('conv3_block1_2_conv').strides == (2, 2)
    assert model.get_layer('conv2_block1_0_conv').get_weights()[0].shape \
        == (1, 1, 64, 256)
    assert all(not layer.use_bias for layer in model.layers
               if isinstance(layer, layers.Conv2D))


def no_more_checks(model, names):
    pass


# (constructor, model name, published parameter count, layer count, names
# of layers 1-8 (None: generated) and of the last 4, further checks)
FULL_MODELS = [
    (resnet50.ResNet50, 'resnet50', 25636712, 177,
     ['conv1_pad', 'conv1', 'bn_conv1', None, 'pool1_pad', None,
      'res2a_branch2a', 'bn2a_branch2a'],
     [None, None, 'avg_pool', 'fc1000'], check_resnet50_module_blocks),
    (resnet.ResNet50, 'resnet50', 25636712, 177,
     ['conv1_pad', 'conv1_conv', 'conv1_bn', 'conv1_relu', 'pool1_pad',
      'pool1_pool', 'conv2_block1_1_conv', 'conv2_block1_1_bn'],
     ['conv5_block3_add', 'conv5_block3_out', 'avg_pool', 'probs'],
     check_resnet_blocks),
    (resnet.ResNet101, 'resnet101', 44707176, 347, None,
     ['conv5_block3_add', 'conv5_block3_out', 'avg_pool', 'probs'],
     no_more_checks),
    (resnet.ResNet152, 'resnet152', 60419944, 517, None,
     ['conv5_block3_add', 'conv5_block3_out', 'avg_pool', 'probs'],
     no_more_checks),
    (resnet_v2.ResNet50V2, 'resnet50v2', 25613800, 192,
     ['conv1_pad', 'conv1_conv', 'pool1_pad', 'pool1_pool',
      'conv2_block1_preact_bn', 'conv2_block1_preact_relu',
      'conv2_block1_1_conv', 'conv2_block1_1_bn'],
     ['post_bn', 'post_relu', 'avg_pool', 'probs'], check_resnet_v2_blocks),
    (resnet_v2.ResNet101V2, 'resnet101v2', 44675560, 379, None,
     ['post_bn', 'post_relu', 'avg_pool', 'probs'], no_more_checks),
    (resnet_v2.ResNet152V2, 'resnet152v2', 60380648, 566, None,
     ['post_bn', 'post_relu', 'avg_pool', 'probs'], no_more_checks),
    (resnext.ResNeXt50, 'resnext50', 25097128, 209,
     ['conv1_pad', 'conv1_conv', 'conv1_bn', 'conv1_relu', 'pool1_pad',
      'pool1_pool', 'conv2_block1_1_conv', 'conv2_block1_1_bn'],
     ['conv5_block3_add', 'conv5_block3_out', 'avg_pool', 'probs'],
     check_resnext_blocks),
    (resnext.ResNeXt101, 'resnext101', 44315560, 413, None,
     ['conv5_block3_add', 'conv5_block3_out', 'avg_pool', 'probs'],
     no_more_checks),
]


@pytest.mark.parametrize('build, name, params, depth, first, last, check',
                         FULL_MODELS,
                         ids=[row[0].__module__.split('.')[-1] + '.' +
                              row[0].__name__ for row in FULL_MODELS])
def test_full_model(build, name, params, depth, first, last, check):
    model = build(weights=None)
    assert model.count_params() == params
    assert model.name == name
    assert len(model.layers) == depth
    assert model.input_shape == (None,) + image_shape(224)
    assert model.output_shape == (None, 1000)
    # Generated names count layers across the session: None here.
    names = [None if n.startswith(('activation_', 'max_pooling2d_', 'add_'))
             else n for n in (layer.name for layer in model.layers)]
    assert names[-4:] == last
    if first is not None:
        assert names[1:9] == first
    # The softmax top on the 2048 features of the last stage.
    top = model.layers[-1]
    assert top.get_weights()[0].shape == (2048, 1000)
    assert top.get_config()['activation'] == 'softmax'
    check(model, names)


# ---------------------------------------------------------------------------
# Arguments, on the 50-layer variants with small inputs.

def test_without_top_pooling_and_classes():
    pooled = resnet.ResNet50(weights=None, include_top=False, pooling='max')
    assert pooled.output_shape == (None, 2048)
    assert pooled.layers[-1].name == 'max_pool'
    assert isinstance(pooled.layers[-1], layers.GlobalMaxPooling2D)
    assert pooled.count_params() == 25636712 - (2048 * 1000 + 1000)
    assert pooled.input_shape == (None,) + (
        (3, None, None) if channels_first() else (None, None, 3))
    averaged = resnet_v2.ResNet50V2(weights=None, include_top=False,
                                    pooling='avg', input_shape=image_shape(32))
    assert averaged.output_shape == (None, 2048)
    assert averaged.layers[-1].name == 'avg_pool'
    assert isinstance(averaged.layers[-1], layers.GlobalAveragePooling2D)
    assert averaged.layers[-2].name == 'post_relu'
    with pytest.warns(UserWarning, match='changed since Keras 2.2.0'):
        features = resnet50.ResNet50(weights=None, include_top=False,
                                     input_shape=image_shape(32))
    # Five halvings of 32.
    assert features.output_shape == ((None, 2048, 1, 1) if channels_first()
                                     else (None, 1, 1, 2048))
    small = resnext.ResNeXt50(weights=None, input_shape=image_shape(32),
                              classes=7)
    assert small.output_shape == (None, 7)
    assert small.count_params() == 25097128 - 2049 * 1000 + 2049 * 7


def test_input_tensor_becomes_the_model_input():
    images = layers.Input(shape=image_shape(40))
    scaled = layers.Lambda(lambda t: t * 2.0)(images)
    model = resnet50.ResNet50(weights=None, include_top=False,
                              input_tensor=scaled, pooling='avg')
    assert model.inputs[0] is images
    assert model.output_shape == (None, 2048)
    assert model.layers[1].name == scaled._keras_history[0].name


@pytest.mark.parametrize('build', [resnet50.ResNet50, resnet.ResNet50,
                                   resnet_v2.ResNet50V2, resnext.ResNeXt50])
def test_argument_errors(build):
    with pytest.raises(ValueError, match='`weights` argument.*no_such'):
        build(weights='no_such_file.h5')
    with pytest.raises(ValueError, match='`classes` should be 1000'):
        build(weights='imagenet', include_top=True, classes=10)
    with pytest.raises(ValueError, match='pooling.*sum'):
        build(weights=None, include_top=False, pooling='sum')
    with pytest.raises(ValueError, match='at least 32x32'):
        build(weights=None, include_top=False, input_shape=image_shape(31))
    with pytest.raises(ValueError, match=r'should be \(224, 224, 3\)|'
                                         r'should be \(3, 224, 224\)'):
        build(weights='imagenet', input_shape=image_shape(64))
    with pytest.raises(ValueError, match='3 channels'):
        build(weights='imagenet', include_top=False,
              input_shape=image_shape(64, channels=1))
    with pytest.raises(ValueError, match='static `input_shape`'):
        build(weights=None, input_shape=image_shape(None))
    with pytest.raises(ValueError, match='three integers'):
        build(weights=None, include_top=False, input_shape=(64, 64))
    with pytest.raises(TypeError, match=build.__name__ + r'\(\) got '
                       'unexpected keyword arguments: backend, layers'):
        build(weights=None, backend=K, layers=layers)


def test_other_constructors_reject_extra_arguments():
    for build in (resnet.ResNet101, resnet.ResNet152,
                  resnet_v2.ResNet101V2, resnet_v2.ResNet152V2,
                  resnext.ResNeXt101):
        with pytest.raises(TypeError, match=build.__name__ +
                           r'\(\) got unexpected keyword arguments: models'):
            build(weights=None, models=models)


# ---------------------------------------------------------------------------
# Weights: a local file, and ImageNet through get_file.

class Fetched(Exception):
    """Stops a build after get_file was called."""


@pytest.mark.parametrize('build, name, base, notop_hash', [
    (resnet50.ResNet50, 'resnet50', V02_RELEASE,
     'a268eb855778b3df3c7506639542a6af'),
    (resnet.ResNet50, 'resnet50', RESNET_RELEASE,
     PUBLISHED_HASHES['resnet50'][1]),
    (resnet_v2.ResNet50V2, 'resnet50v2', RESNET_RELEASE,
     PUBLISHED_HASHES['resnet50v2'][1]),
    (resnext.ResNeXt50, 'resnext50', RESNET_RELEASE,
     PUBLISHED_HASHES['resnext50'][1])],
    ids=['resnet50.ResNet50', 'resnet.ResNet50', 'ResNet50V2', 'ResNeXt50'])
def test_imagenet_weights_are_fetched_with_get_file(build, name, base,
                                                    notop_hash, monkeypatch):
    calls = []

    def get_file(fname, origin, **kwargs):
        calls.append(dict(kwargs, fname=fname, origin=origin))
        raise Fetched()
    monkeypatch.setattr(_builder, 'get_file', get_file)
    with pytest.raises(Fetched):
        build_quietly(build, weights='imagenet', include_top=False,
                      input_shape=image_shape(32))
    fname = name + '_weights_tf_dim_ordering_tf_kernels_notop.h5'
    assert calls == [{'fname': fname, 'origin': base + fname,
                      'cache_subdir': 'models', 'file_hash': notop_hash}]


def test_weights_from_a_local_file_and_by_name(tmp_path, monkeypatch):
    kwargs = {'include_top': False, 'input_shape': image_shape(32)}
    source = resnext.ResNeXt50(weights=None, **kwargs)
    path = str(tmp_path / 'weights.h5')
    source.save_weights(path)
    loaded = resnext.ResNeXt50(weights=path, **kwargs)
    # Random kernels: equal only when loaded.
    for kept, original in zip(loaded.get_weights(), source.get_weights()):
        np.testing.assert_array_equal(kept, original)
    # keras_applications loaded the ImageNet ResNeXt files by layer name:
    # a file whose layers come in another order still fits.
    import h5py
    with h5py.File(path, 'r+') as f:
        f.attrs['layer_names'] = list(f.attrs['layer_names'])[::-1]
    monkeypatch.setattr(_builder, 'get_file', lambda *args, **kw: path)
    model = resnext.ResNeXt50(weights='imagenet', **kwargs)
    for kept, original in zip(model.get_weights(), source.get_weights()):
        np.testing.assert_array_equal(kept, original)


def test_published_weight_files_of_every_model():
    assert resnet50.WEIGHTS_PATH == (
        V02_RELEASE + 'resnet50_weights_tf_dim_ordering_tf_kernels.h5')
    assert resnet50.WEIGHTS_PATH_NO_TOP == (
        V02_RELEASE + 'resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5')
    assert resnet50.WEIGHTS_HASH == 'a7b3fe01876f51b976af0dea6bc144eb'
    assert resnet50.WEIGHTS_HASH_NO_TOP == 'a268eb855778b3df3c7506639542a6af'
    assert _resnet_common.WEIGHTS_HASHES == PUBLISHED_HASHES
    for module in (resnet, resnet_v2, resnext):
        assert module.BASE_WEIGHTS_PATH == RESNET_RELEASE
    for name, (top_hash, notop_hash) in PUBLISHED_HASHES.items():
        top = name + '_weights_tf_dim_ordering_tf_kernels.h5'
        notop = name + '_weights_tf_dim_ordering_tf_kernels_notop.h5'
        assert _resnet_common.weight_file(name, True) == (
            top, RESNET_RELEASE + top, top_hash)
        assert _resnet_common.weight_file(name, False) == (
            notop, RESNET_RELEASE + notop, notop_hash)


# ---------------------------------------------------------------------------
# Preprocessing: caffe for ResNet, tf for ResNetV2, torch for ResNeXt.

PIXEL = np.array([[[[51., 102., 153.]]]], dtype='float32')


@pytest.mark.parametrize('module, expected', [
    # caffe: RGB to BGR, minus the BGR means 103.939, 116.779, 123.68.
    (resnet50, [153 - 103.939, 102 - 116.779, 51 - 123.68]),
    (resnet, [153 - 103.939, 102 - 116.779, 51 - 123.68]),
    # tf: x / 127.5 - 1.
    (resnet_v2, [51 / 127.5 - 1, 102 / 127.5 - 1, 153 / 127.5 - 1]),
    # torch: 51/255 = 0.2, 102/255 = 0.4, 153/255 = 0.6, minus the means
    # (0.485, 0.456, 0.406), over the deviations (0.229, 0.224, 0.225).
    (resnext, [-0.285 / 0.229, -0.056 / 0.224, 0.194 / 0.225])])
def test_preprocess_input(module, expected):
    out = module.preprocess_input(PIXEL.copy(), data_format='channels_last')
    np.testing.assert_allclose(out[0, 0, 0], expected, rtol=1e-5)
    first = module.preprocess_input(np.transpose(PIXEL, (0, 3, 1, 2)),
                                    data_format='channels_first')
    np.testing.assert_allclose(first[0, :, 0, 0], expected, rtol=1e-5)
    symbolic = K.eval(module.preprocess_input(
        K.constant(PIXEL), data_format='channels_last'))
    np.testing.assert_allclose(symbolic[0, 0, 0], expected, rtol=1e-5)
    with pytest.raises(TypeError, match='preprocess_input'):
        module.preprocess_input(PIXEL, mode='tf')
    assert module.decode_predictions is resnet50.decode_predictions


# ---------------------------------------------------------------------------
# One block of each kind against numpy, with random weights and
# batch-norm statistics.

def np_conv(x, kernel, bias=None, stride=1, padding=0):
    """Cross-correlation of NHWC `x` with an (h, w, in, out) kernel."""
    if current().flips_kernels:
        # Keras 2 on Theano stores kernels for true convolutions.
        kernel = kernel[::-1, ::-1]
    x = np.pad(x, ((0, 0), (padding, padding), (padding, padding), (0, 0)))
    kh, kw = kernel.shape[:2]
    rows = (x.shape[1] - kh) // stride + 1
    cols = (x.shape[2] - kw) // stride + 1
    out = np.zeros((x.shape[0], rows, cols, kernel.shape[3]))
    for i in range(kh):
        for j in range(kw):
            window = x[:, i:i + stride * rows:stride,
                       j:j + stride * cols:stride]
            out += window @ kernel[i, j]
    return out if bias is None else out + bias


def np_batch_norm(x, layer):
    gamma, beta, mean, variance = layer.get_weights()
    return gamma * (x - mean) / np.sqrt(variance + layer.epsilon) + beta


def relu(x):
    return np.maximum(x, 0)


def randomise(model, seed):
    rng = np.random.RandomState(seed)
    for layer in model.layers:
        if isinstance(layer, layers.BatchNormalization):
            # gamma, beta, mean and variance, all positive.
            values = [rng.uniform(0.5, 1.5, w.shape)
                      for w in layer.get_weights()]
        else:
            values = [rng.normal(0, 0.3, w.shape)
                      for w in layer.get_weights()]
        layer.set_weights([v.astype('float32') for v in values])


def run_block(block_fn, in_shape, seed):
    """Builds `block_fn` on an input of NHWC shape `in_shape`, randomises
    its weights and returns (model, NHWC input, NHWC output)."""
    inputs = layers.Input(shape=image_shape(in_shape[0], in_shape[2]))
    model = models.Model(inputs, block_fn(inputs))
    randomise(model, seed)
    x = np.random.RandomState(seed + 1).normal(
        0, 1, (2,) + tuple(in_shape)).astype('float32')
    out = from_data_format(model.predict(to_data_format(x)))
    return model, x, out


def test_resnet50_module_conv_block_matches_numpy():
    model, x, out = run_block(
        lambda t: resnet50.conv_block(t, 3, (4, 5, 6), stage=2, block='a'),
        (6, 6, 3), seed=1)
    w = {layer.name: layer for layer in model.layers}
    y = relu(np_batch_norm(np_conv(x, *w['res2a_branch2a'].get_weights(),
                                   stride=2), w['bn2a_branch2a']))
    y = relu(np_batch_norm(np_conv(y, *w['res2a_branch2b'].get_weights(),
                                   padding=1), w['bn2a_branch2b']))
    y = np_batch_norm(np_conv(y, *w['res2a_branch2c'].get_weights()),
                      w['bn2a_branch2c'])
    shortcut = np_batch_norm(np_conv(x, *w['res2a_branch1'].get_weights(),
                                     stride=2), w['bn2a_branch1'])
    assert out.shape == (2, 3, 3, 6)
    np.testing.assert_allclose(out, relu(y + shortcut), rtol=1e-4,
                               atol=1e-4)


def test_resnet_v1_block_matches_numpy():
    model, x, out = run_block(
        lambda t: _resnet_common.block1(t, 3, stride=2, name='b'),
        (5, 5, 4), seed=2)
    w = {layer.name: layer for layer in model.layers}
    y = relu(np_batch_norm(np_conv(x, *w['b_1_conv'].get_weights(),
                                   stride=2), w['b_1_bn']))
    y = relu(np_batch_norm(np_conv(y, *w['b_2_conv'].get_weights(),
                                   padding=1), w['b_2_bn']))
    y = np_batch_norm(np_conv(y, *w['b_3_conv'].get_weights()), w['b_3_bn'])
    shortcut = np_batch_norm(np_conv(x, *w['b_0_conv'].get_weights(),
                                     stride=2), w['b_0_bn'])
    assert out.shape == (2, 3, 3, 12)
    np.testing.assert_allclose(out, relu(y + shortcut), rtol=1e-4,
                               atol=1e-4)


def test_resnet_v2_strided_block_matches_numpy():
    # The last block of a stage: identity shortcut subsampled by a 1x1 max
    # pooling of stride 2, i.e. every other pixel.
    model, x, out = run_block(
        lambda t: _resnet_common.block2(t, 2, stride=2, name='b'),
        (5, 5, 8), seed=3)
    w = {layer.name: layer for layer in model.layers}
    pre = relu(np_batch_norm(x, w['b_preact_bn']))
    y = relu(np_batch_norm(np_conv(pre, w['b_1_conv'].get_weights()[0]),
                           w['b_1_bn']))
    y = relu(np_batch_norm(np_conv(y, w['b_2_conv'].get_weights()[0],
                                   stride=2, padding=1), w['b_2_bn']))
    y = np_conv(y, *w['b_3_conv'].get_weights())
    assert out.shape == (2, 3, 3, 8)
    np.testing.assert_allclose(out, x[:, ::2, ::2] + y, rtol=1e-4,
                               atol=1e-4)


@pytest.fixture(params=['channels_last', 'channels_first'])
def data_format(request):
    """Runs a test in both image data formats (the grouped convolution
    reshapes along the channel axis of each)."""
    saved = K.image_data_format()
    K.set_image_data_format(request.param)
    yield request.param
    K.set_image_data_format(saved)


def test_resnext_block_is_a_grouped_convolution(data_format):
    groups, filters = 32, 64  # 2 channels per group
    model, x, out = run_block(
        lambda t: _resnet_common.block3(t, filters, stride=2, groups=groups,
                                        name='b'),
        (5, 5, 3), seed=4)
    w = {layer.name: layer for layer in model.layers}
    y = relu(np_batch_norm(np_conv(x, w['b_1_conv'].get_weights()[0]),
                           w['b_1_bn']))
    # A grouped convolution from the depthwise kernel: input channel k
    # feeds output channel (k // 2) * 2 + m through kernel[..., k, m].
    depthwise = w['b_2_conv'].get_weights()[0]
    dense = np.zeros((3, 3, filters, filters))
    for k in range(filters):
        for m in range(filters // groups):
            dense[:, :, k, (k // 2) * 2 + m] = depthwise[:, :, k, m]
    y = relu(np_batch_norm(np_conv(y, dense, stride=2, padding=1),
                           w['b_2_bn']))
    y = np_batch_norm(np_conv(y, w['b_3_conv'].get_weights()[0]),
                      w['b_3_bn'])
    shortcut = np_batch_norm(np_conv(x, w['b_0_conv'].get_weights()[0],
                                     stride=2), w['b_0_bn'])
    assert out.shape == (2, 3, 3, 128)
    np.testing.assert_allclose(out, relu(y + shortcut), rtol=1e-4,
                               atol=1e-4)


def test_resnext_block_without_static_input_size(data_format):
    # Without a static input size the grouped convolution reshapes with
    # sizes read from the tensor; it must compute what the static one does.
    def block(side, name):
        inputs = layers.Input(shape=image_shape(side))
        return models.Model(inputs, _resnet_common.block3(
            inputs, 64, stride=2, name=name))
    dynamic, static = block(None, 'd'), block(5, 's')
    assert dynamic.output_shape == (None,) + image_shape(None, 128)
    # Rebuilt from its config too: the Lambda's function must need no
    # names but K.
    dynamic = models.model_from_json(dynamic.to_json())
    randomise(dynamic, seed=6)
    static.set_weights(dynamic.get_weights())
    x = np.random.RandomState(5).normal(
        0, 1, (2,) + image_shape(5)).astype('float32')
    out = dynamic.predict(x)
    assert out.shape == (2,) + image_shape(3, 128)
    np.testing.assert_allclose(out, static.predict(x), rtol=1e-5, atol=1e-5)


def test_package_exports():
    from keras import applications
    # As in 2.3.1, the package's ResNet50 is the resnet50 module's graph.
    assert applications.ResNet50 is resnet50.ResNet50
    assert applications.ResNet101 is resnet.ResNet101
    assert applications.ResNet152 is resnet.ResNet152
    assert applications.ResNet50V2 is resnet_v2.ResNet50V2
    assert applications.ResNet101V2 is resnet_v2.ResNet101V2
    assert applications.ResNet152V2 is resnet_v2.ResNet152V2
    assert applications.ResNeXt50 is resnext.ResNeXt50
    assert applications.ResNeXt101 is resnext.ResNeXt101
