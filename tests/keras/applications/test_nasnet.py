"""NASNetMobile, NASNetLarge and the generic NASNet: published parameter
counts, 2.3.1's layer names, the argument checks, the 'channels_last'
only build, pooling, input tensors, and weights from a local file or
through get_file with 2.3.1's file names and hashes.

Each full model is built once; everything else uses a small NASNet-A
(1 @ 96: 4 filters per cell in the first stage) on 32x32 images."""
import warnings

import numpy as np
import pytest

from keras import backend as K
from keras.applications import NASNetLarge
from keras.applications import NASNetMobile
from keras.applications import _builder
from keras.applications import nasnet
from keras.layers import Input
from keras.models import Model

BASE = 'https://github.com/titu1994/Keras-NASNet/releases/download/v1.2/'
SMALL_FEATURES = 96  # penultimate_filters of the small model


def small_nasnet(**kwargs):
    arguments = dict(input_shape=(32, 32, 3), penultimate_filters=96,
                     num_blocks=1, stem_block_filters=8, skip_reduction=False,
                     include_top=False, weights=None)
    arguments.update(kwargs)
    return nasnet.NASNet(**arguments)


def weighted_layer_names(model):
    return [layer.name for layer in model.layers if layer.weights]


def kernel_shape(model, name):
    return tuple(K.int_shape(model.get_layer(name).weights[0]))


def test_nasnet_mobile_has_the_published_parameter_count():
    model = NASNetMobile(weights=None)
    assert model.count_params() == 5326716
    assert model.name == 'NASNet'
    assert model.input_shape == (None, 224, 224, 3)
    assert model.output_shape == (None, 1000)
    names = [layer.name for layer in model.layers]
    assert names[1:3] == ['stem_conv1', 'stem_bn1']
    assert names[-1] == 'predictions'
    assert weighted_layer_names(model)[:4] == [
        'stem_conv1', 'stem_bn1', 'reduction_conv_1_stem_1',
        'reduction_bn_1_stem_1']
    # 4 normal cells per stage, numbered 0-3, 5-8 and 9-12 around the
    # reduction cells reduce_4 and reduce_8 (2.3.1's numbering).
    for block in ('0', '3', '5', '8', '9', '12'):
        assert 'normal_concat_' + block in names
    for block in ('4', '13'):
        assert 'normal_concat_' + block not in names
    for block in ('stem_1', 'stem_2', 'reduce_4', 'reduce_8'):
        assert 'reduction_concat_' + block in names
    # A previous output of another size is halved (adjust_conv_1/2), one
    # of other channels only projected (adjust_conv_projection).
    for name in ('adjust_conv_1_stem_2', 'adjust_conv_2_0',
                 'adjust_conv_projection_1', 'adjust_conv_projection_reduce_4',
                 'adjust_conv_1_5', 'adjust_bn_5',
                 'separable_conv_1_reduction_left4_stem_1',
                 'reduction_left4_stem_1', 'reduction_add4_reduce_8',
                 'separable_conv_2_bn_normal_left5_12'):
        assert name in names
    assert 'adjust_conv_projection_0' not in names
    # penultimate_filters 1056 = 24 * 44: cells of 11, 22, 44, 88 and 176
    # filters, each normal cell's output being 6 times its filters.
    assert kernel_shape(model, 'stem_conv1') == (3, 3, 3, 32)
    assert kernel_shape(model, 'reduction_conv_1_stem_1') == (1, 1, 32, 11)
    assert kernel_shape(model, 'normal_conv_1_0') == (1, 1, 88, 44)
    assert kernel_shape(model, 'separable_conv_1_normal_left1_0') == (
        5, 5, 44, 1)
    assert kernel_shape(model, 'normal_conv_1_12') == (1, 1, 1056, 176)
    assert kernel_shape(model, 'predictions') == (1056, 1000)


def test_nasnet_large_has_the_published_parameter_count():
    model = NASNetLarge(weights=None)
    assert model.count_params() == 88949818
    assert model.input_shape == (None, 331, 331, 3)
    assert model.output_shape == (None, 1000)
    names = [layer.name for layer in model.layers]
    for name in ('normal_concat_0', 'normal_concat_5', 'normal_concat_7',
                 'normal_concat_12', 'normal_concat_13', 'normal_concat_18',
                 'reduction_concat_reduce_6',
                 'reduction_concat_reduce_12',
                 # skip_reduction: the cell after a reduction reads the
                 # output of the cell before it, halved by adjust_*.
                 'adjust_conv_1_7', 'adjust_conv_2_13'):
        assert name in names
    assert 'normal_concat_19' not in names
    assert kernel_shape(model, 'stem_conv1') == (3, 3, 3, 96)
    assert kernel_shape(model, 'normal_conv_1_18') == (1, 1, 4032, 672)
    assert kernel_shape(model, 'predictions') == (4032, 1000)


def test_small_nasnet_top_pooling_and_default_input():
    features = small_nasnet()
    assert features.output_shape == (None, 1, 1, SMALL_FEATURES)
    classifier = small_nasnet(include_top=True, classes=10)
    assert classifier.output_shape == (None, 10)
    assert classifier.count_params() == (features.count_params()
                                         + SMALL_FEATURES * 10 + 10)
    assert [type(layer).__name__ for layer in classifier.layers[-3:]] == [
        'Activation', 'GlobalAveragePooling2D', 'Dense']
    assert classifier.layers[-1].name == 'predictions'
    assert classifier.layers[-1].get_config()['activation'] == 'softmax'
    # As in 2.3.1 the input is static even without the top: the default
    # is (default_size, default_size, 3).
    pooled = small_nasnet(input_shape=None, default_size=64, pooling='max')
    assert pooled.input_shape == (None, 64, 64, 3)
    assert pooled.output_shape == (None, SMALL_FEATURES)
    assert type(pooled.layers[-1]).__name__ == 'GlobalMaxPooling2D'
    assert pooled.count_params() == features.count_params()


def test_input_tensor_becomes_the_model_input():
    images = Input(shape=(40, 40, 3))
    model = small_nasnet(input_tensor=images)
    assert model.inputs[0] is images
    assert model.output_shape == (None, 2, 2, SMALL_FEATURES)


def stem_reference(model, x):
    """numpy forward pass of the stem: stem_conv1 (3x3, stride 2, valid),
    stem_bn1, relu, reduction_conv_1_stem_1 (1x1), reduction_bn_1_stem_1
    (inference batch normalization)."""
    def batch_norm(h, name):
        gamma, beta, mean, variance = model.get_layer(name).get_weights()
        return (h - mean) / np.sqrt(variance + 1e-3) * gamma + beta
    kernel = model.get_layer('stem_conv1').get_weights()[0]
    if K.backend() == 'theano':  # true convolutions (flipped kernels)
        kernel = kernel[::-1, ::-1]
    side = (x.shape[1] - 3) // 2 + 1
    h = np.zeros((x.shape[0], side, side, kernel.shape[-1]))
    for a in range(3):
        for b in range(3):
            h += np.einsum('nijc,cf->nijf',
                           x[:, a:a + 2 * side:2, b:b + 2 * side:2],
                           kernel[a, b])
    h = np.maximum(batch_norm(h, 'stem_bn1'), 0.)
    pointwise = model.get_layer('reduction_conv_1_stem_1').get_weights()[0]
    return batch_norm(h @ pointwise[0, 0], 'reduction_bn_1_stem_1')


def test_channels_first_configuration_builds_channels_last():
    previous = K.image_data_format()
    K.set_image_data_format('channels_first')
    try:
        with pytest.warns(UserWarning, match='only available for the input '
                                             'data format "channels_last"'):
            model = small_nasnet(input_shape=None, default_size=33,
                                 pooling='avg')
        assert K.image_data_format() == 'channels_first'
        assert model.input_shape == (None, 33, 33, 3)
        assert model.get_layer('stem_conv1').data_format == 'channels_last'
        random = np.random.RandomState(2)
        for name in ('stem_bn1', 'reduction_bn_1_stem_1'):
            layer = model.get_layer(name)
            gamma, beta, mean, variance = random.uniform(
                0.5, 1.5, (4,) + layer.get_weights()[0].shape)
            layer.set_weights([gamma, beta - 1., mean - 1., variance])
        stem = Model(model.inputs,
                     model.get_layer('reduction_bn_1_stem_1').output)
        x = random.uniform(-1, 1, (2, 33, 33, 3)).astype('float32')
        np.testing.assert_allclose(stem.predict(x), stem_reference(model, x),
                                   rtol=1e-4, atol=1e-4)
        with pytest.raises(ValueError, match='divisible by 24'):
            small_nasnet(penultimate_filters=100)
        assert K.image_data_format() == 'channels_first'
    finally:
        K.set_image_data_format(previous)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        small_nasnet()
    assert not [w for w in caught if 'NASNet' in str(w.message)]


def test_forward_pass_of_the_whole_model():
    model = small_nasnet(input_shape=(64, 64, 3), pooling='avg')
    # One compiled function (compiling NASNet is slow on jax): the last
    # feature map and its global average.
    maps_and_pooled = Model(model.inputs, [model.layers[-2].output,
                                           model.output])
    x = np.random.RandomState(1).uniform(-1, 1, (2, 64, 64, 3))
    maps, pooled = maps_and_pooled.predict(x.astype('float32'))
    assert maps.shape == (2, 2, 2, SMALL_FEATURES)
    assert maps.min() >= 0. and maps.max() > 0.
    np.testing.assert_allclose(pooled, maps.mean(axis=(1, 2)),
                               rtol=1e-4, atol=1e-5)


def test_argument_errors():
    with pytest.raises(ValueError, match='`penultimate_filters` needs to be '
                                         'divisible by 24. Current value: '
                                         '100'):
        small_nasnet(penultimate_filters=100)
    with pytest.raises(ValueError, match='`weights` argument.*no_such'):
        small_nasnet(weights='no_such_file.h5')
    with pytest.raises(ValueError, match='`classes` should be 1000'):
        NASNetMobile(weights='imagenet', classes=10)
    with pytest.raises(ValueError, match='pooling'):
        small_nasnet(pooling='sum')
    with pytest.raises(ValueError, match='at least 32x32'):
        small_nasnet(input_shape=(16, 16, 3))
    with pytest.raises(ValueError, match='must be static'):
        NASNetMobile(weights='imagenet', include_top=False,
                     input_shape=(None, None, 3))
    with pytest.raises(ValueError, match='static `input_shape`'):
        small_nasnet(input_shape=(None, None, 3))
    # ImageNet weights need the default input, with or without the top.
    with pytest.raises(ValueError, match=r'should be \(224, 224, 3\)'):
        NASNetMobile(weights='imagenet', include_top=False,
                     input_shape=(64, 64, 3))
    with pytest.raises(ValueError, match=r'should be \(331, 331, 3\)'):
        NASNetLarge(weights='imagenet', input_shape=(224, 224, 3))
    with pytest.raises(ValueError, match='only be loaded with NASNetLarge '
                                         'or NASNetMobile'):
        small_nasnet(weights='imagenet', input_shape=None, default_size=64)
    with pytest.raises(TypeError, match=r'NASNetMobile\(\) got unexpected '
                                        'keyword arguments: backend, foo'):
        NASNetMobile(weights=None, foo=1, backend=None)
    with pytest.raises(TypeError, match=r'NASNetLarge\(\) got unexpected'):
        NASNetLarge(weights=None, foo=1)
    with pytest.raises(TypeError, match=r'NASNet\(\) got unexpected'):
        small_nasnet(foo=1)


def test_weights_from_a_local_file(tmp_path):
    source = small_nasnet()
    # Shifted away from any initialisation, so equal weights after loading
    # can only come from the file.
    source.set_weights([w + 0.5 for w in source.get_weights()])
    path = str(tmp_path / 'weights.h5')
    source.save_weights(path)
    loaded = small_nasnet(weights=path)
    assert len(loaded.get_weights()) == len(source.get_weights()) == len(
        loaded.weights)
    for kept, original in zip(loaded.get_weights(), source.get_weights()):
        np.testing.assert_array_equal(kept, original)


def test_imagenet_weights_of_the_mobile_size_come_through_get_file(
        tmp_path, monkeypatch):
    # The small architecture at NASNetMobile's input size: get_file is
    # asked for NASNetMobile's file, which is then loaded.
    source = small_nasnet(input_shape=None, default_size=224)
    source.set_weights([w + 0.5 for w in source.get_weights()])
    path = str(tmp_path / 'saved.h5')
    source.save_weights(path)
    calls = []

    def fake_get_file(fname, origin, **kwargs):
        calls.append(dict(kwargs, fname=fname, origin=origin))
        return path
    monkeypatch.setattr(_builder, 'get_file', fake_get_file)
    model = small_nasnet(weights='imagenet', input_shape=None,
                         default_size=224)
    assert calls == [{'fname': 'nasnet_mobile_no_top.h5',
                      'origin': BASE + 'NASNet-mobile-no-top.h5',
                      'cache_subdir': 'models',
                      'file_hash': '1ed92395b5b598bdda52abe5c0dbfd63'}]
    for kept, original in zip(model.get_weights(), source.get_weights()):
        np.testing.assert_array_equal(kept, original)


class Fetched(Exception):
    pass


def test_imagenet_weights_of_the_large_size_come_through_get_file(
        monkeypatch):
    calls = []

    def fake_get_file(fname, origin, **kwargs):
        calls.append(dict(kwargs, fname=fname, origin=origin))
        raise Fetched()
    monkeypatch.setattr(_builder, 'get_file', fake_get_file)
    with pytest.raises(Fetched):
        small_nasnet(weights='imagenet', input_shape=None, default_size=331,
                     include_top=True)
    assert calls == [{'fname': 'nasnet_large.h5',
                      'origin': BASE + 'NASNet-large.h5',
                      'cache_subdir': 'models',
                      'file_hash': '11577c9a518f0070763c2b964a382f17'}]


def test_published_file_names_and_hashes():
    assert nasnet.NASNET_MOBILE_WEIGHT_PATH == BASE + 'NASNet-mobile.h5'
    assert nasnet.NASNET_MOBILE_WEIGHT_PATH_NO_TOP == (
        BASE + 'NASNet-mobile-no-top.h5')
    assert nasnet.NASNET_LARGE_WEIGHT_PATH == BASE + 'NASNet-large.h5'
    assert nasnet.NASNET_LARGE_WEIGHT_PATH_NO_TOP == (
        BASE + 'NASNet-large-no-top.h5')
    assert nasnet.IMAGENET_FILES == {
        (224, True): ('nasnet_mobile.h5', BASE + 'NASNet-mobile.h5',
                      '020fb642bf7360b370c678b08e0adf61'),
        (224, False): ('nasnet_mobile_no_top.h5',
                       BASE + 'NASNet-mobile-no-top.h5',
                       '1ed92395b5b598bdda52abe5c0dbfd63'),
        (331, True): ('nasnet_large.h5', BASE + 'NASNet-large.h5',
                      '11577c9a518f0070763c2b964a382f17'),
        (331, False): ('nasnet_large_no_top.h5',
                       BASE + 'NASNet-large-no-top.h5',
                       'd81d89dc07e6e56530c4e77faddd61b5')}


def test_preprocess_input_scales_to_minus_one_one():
    pixels = np.array([[[[0, 127.5, 255]]]], dtype='float32')
    np.testing.assert_allclose(nasnet.preprocess_input(pixels),
                               [[[[-1., 0., 1.]]]])
    as_ints = nasnet.preprocess_input(np.array([[[0, 51, 255]]],
                                               dtype='uint8'))
    np.testing.assert_allclose(as_ints, [[[-1., 51 / 127.5 - 1., 1.]]],
                               rtol=1e-6)
    symbolic = nasnet.preprocess_input(K.variable(pixels))
    np.testing.assert_allclose(K.eval(symbolic), [[[[-1., 0., 1.]]]])
    with pytest.raises(TypeError, match=r'preprocess_input\(\) got '
                                        'unexpected keyword arguments: mode'):
        nasnet.preprocess_input(pixels, mode='caffe')
    assert nasnet.decode_predictions is not None
