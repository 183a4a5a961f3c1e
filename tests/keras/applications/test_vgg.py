"""VGG16 and VGG19: published parameter counts, 2.3.1's layer names, the
argument checks, pooling, input tensors, and weights from a local file or
through get_file with 2.3.1's file names and hashes."""
import numpy as np
import pytest

from keras import backend as K
from keras.applications import VGG16
from keras.applications import VGG19
from keras.applications import _builder
from keras.layers import Input

# Closed form of the classification top on a 7x7x512 feature map:
# flatten -> fc1 (4096) -> fc2 (4096) -> predictions (1000).
TOP_PARAMS = (7 * 7 * 512 * 4096 + 4096) + (4096 * 4096 + 4096) + (
    4096 * 1000 + 1000)


def conv_params(convs_per_block):
    """Closed form of the 3x3 convolution stack's parameter count."""
    total, channels = 0, 3
    for filters, convs in zip((64, 128, 256, 512, 512), convs_per_block):
        for _ in range(convs):
            total += 3 * 3 * channels * filters + filters
            channels = filters
    return total


def image_shape(side, channels=3):
    if K.image_data_format() == 'channels_first':
        return (channels, side, side)
    return (side, side, channels)


def test_vgg16_full_model_has_the_published_parameter_count():
    # Built once: the top alone holds 123.6 million weights (0.5 GB).
    model = VGG16(weights=None)
    assert model.count_params() == 138357544
    assert conv_params((2, 2, 3, 3, 3)) + TOP_PARAMS == 138357544
    assert model.name == 'vgg16'
    assert [layer.name for layer in model.layers[1:]] == [
        'block1_conv1', 'block1_conv2', 'block1_pool',
        'block2_conv1', 'block2_conv2', 'block2_pool',
        'block3_conv1', 'block3_conv2', 'block3_conv3', 'block3_pool',
        'block4_conv1', 'block4_conv2', 'block4_conv3', 'block4_pool',
        'block5_conv1', 'block5_conv2', 'block5_conv3', 'block5_pool',
        'flatten', 'fc1', 'fc2', 'predictions']
    assert model.input_shape == (None,) + image_shape(224)
    assert model.output_shape == (None, 1000)


def test_vgg19_parameter_counts():
    # The published 143,667,240 is the no-top count plus the top's closed
    # form (same top as VGG16, whose full build is checked above); a small
    # top on 32x32 inputs checks VGG19's own top layers.
    model = VGG19(weights=None, include_top=False)
    assert model.count_params() == 20024384 == conv_params((2, 2, 4, 4, 4))
    assert model.count_params() + TOP_PARAMS == 143667240
    assert model.name == 'vgg19'
    names = [layer.name for layer in model.layers[1:]]
    assert names[6:11] == ['block3_conv1', 'block3_conv2', 'block3_conv3',
                           'block3_conv4', 'block3_pool']
    assert names[-1] == 'block5_pool' and len(names) == 21
    small = VGG19(weights=None, input_shape=image_shape(32), classes=10)
    assert small.count_params() == 20024384 + (512 * 4096 + 4096) + (
        4096 * 4096 + 4096) + (4096 * 10 + 10)
    assert [layer.name for layer in small.layers[-4:]] == [
        'flatten', 'fc1', 'fc2', 'predictions']
    assert small.output_shape == (None, 10)


def test_vgg16_without_top_and_pooling():
    model = VGG16(weights=None, include_top=False)
    assert model.count_params() == 14714688
    assert model.output_shape == ((None, 512, None, None)
                                  if K.image_data_format() == 'channels_first'
                                  else (None, None, None, 512))
    for pooling in ('avg', 'max'):
        pooled = VGG16(weights=None, include_top=False, pooling=pooling,
                       input_shape=image_shape(32))
        assert pooled.output_shape == (None, 512)
        assert pooled.count_params() == 14714688
    x = np.random.RandomState(0).uniform(
        0, 1, (2,) + image_shape(64)).astype('float32')
    features = VGG16(weights=None, include_top=False,
                     input_shape=image_shape(64))
    pooled = VGG16(weights=None, include_top=False, pooling='max',
                   input_shape=image_shape(64))
    pooled.set_weights(features.get_weights())
    maps = features.predict(x)
    spatial = (2, 3) if K.image_data_format() == 'channels_first' else (1, 2)
    np.testing.assert_allclose(pooled.predict(x), maps.max(axis=spatial),
                               rtol=1e-4, atol=1e-6)


def test_input_tensor_becomes_the_model_input():
    images = Input(shape=image_shape(32))
    model = VGG16(weights=None, include_top=False, input_tensor=images)
    assert model.inputs[0] is images
    assert model.output_shape[1:] == ((512, 1, 1) if K.image_data_format()
                                      == 'channels_first' else (1, 1, 512))


def test_argument_errors():
    with pytest.raises(ValueError, match='`weights` argument.*no_such'):
        VGG16(weights='no_such_file.h5')
    with pytest.raises(ValueError, match='`classes` should be 1000'):
        VGG19(weights='imagenet', include_top=True, classes=10)
    with pytest.raises(ValueError, match='pooling'):
        VGG16(weights=None, include_top=False, pooling='sum')
    with pytest.raises(ValueError, match='at least 32x32'):
        VGG19(weights=None, include_top=False, input_shape=image_shape(16))
    with pytest.raises(ValueError, match=r'should be \(224, 224, 3\)|'
                                         r'should be \(3, 224, 224\)'):
        VGG16(weights='imagenet', input_shape=image_shape(32))


@pytest.mark.parametrize('build', [VGG16, VGG19])
def test_weights_from_a_local_file(build, tmp_path):
    source = build(weights=None, include_top=False,
                   input_shape=image_shape(32))
    path = str(tmp_path / 'weights.h5')
    source.save_weights(path)
    loaded = build(weights=path, include_top=False,
                   input_shape=image_shape(32))
    fresh = build(weights=None, include_top=False,
                  input_shape=image_shape(32))
    for kept, original in zip(loaded.get_weights(), source.get_weights()):
        np.testing.assert_array_equal(kept, original)
    assert not all(np.array_equal(a, b) for a, b in
                   zip(loaded.get_weights(), fresh.get_weights()))


@pytest.mark.parametrize('build, prefix, top_hash, notop_hash', [
    (VGG16, 'vgg16', '64373286793e3c8b2b4e3219cbf3544b',
     '6d6bbae143d832006294945121d1f1fc'),
    (VGG19, 'vgg19', 'cbe5617147190e668d6c5d5026f83318',
     '253f8cb515780f3b799900260a226db6')])
def test_imagenet_weights_come_through_get_file(build, prefix, top_hash,
                                                notop_hash, tmp_path,
                                                monkeypatch):
    source = build(weights=None, include_top=False,
                   input_shape=image_shape(32))
    path = str(tmp_path / 'saved.h5')
    source.save_weights(path)
    calls = []

    def fake_get_file(fname, origin, **kwargs):
        calls.append(dict(kwargs, fname=fname, origin=origin))
        return path
    monkeypatch.setattr(_builder, 'get_file', fake_get_file)
    model = build(weights='imagenet', include_top=False,
                  input_shape=image_shape(32))
    base = ('https://github.com/fchollet/deep-learning-models/releases/'
            'download/v0.1/')
    notop = prefix + '_weights_tf_dim_ordering_tf_kernels_notop.h5'
    assert calls == [{'fname': notop, 'origin': base + notop,
                      'cache_subdir': 'models', 'file_hash': notop_hash}]
    for kept, original in zip(model.get_weights(), source.get_weights()):
        np.testing.assert_array_equal(kept, original)
    module = __import__('keras.applications.' + prefix, fromlist=['x'])
    top = prefix + '_weights_tf_dim_ordering_tf_kernels.h5'
    assert (module.WEIGHTS_PATH, module.WEIGHTS_HASH) == (base + top,
                                                          top_hash)
    assert (module.WEIGHTS_PATH_NO_TOP,
            module.WEIGHTS_HASH_NO_TOP) == (base + notop, notop_hash)


def test_unknown_keyword_arguments_are_errors_not_ignored():
    import numpy as np
    from keras.applications import imagenet_utils, vgg16, vgg19
    with pytest.raises(TypeError, match='VGG16\\(\\) got unexpected keyword '
                                        'arguments: backend, foo'):
        vgg16.VGG16(weights=None, include_top=False, input_shape=(32, 32, 3),
                    foo=1, backend=None)
    with pytest.raises(TypeError, match='VGG19\\(\\) got unexpected'):
        vgg19.VGG19(weights=None, include_top=False, foo=1)
    with pytest.raises(TypeError, match='preprocess_input\\(\\) got '
                                        'unexpected keyword arguments: bar'):
        vgg16.preprocess_input(np.zeros((1, 4, 4, 3)), bar=2)
    with pytest.raises(TypeError, match='decode_predictions'):
        imagenet_utils.decode_predictions(np.zeros((1, 1000)), baz=3)
