"""imagenet_utils: preprocess_input against hand-computed values in every
mode and data format, on numpy arrays and on backend tensors;
decode_predictions on a small class-index file in the cache; the input
shape checks of _obtain_input_shape."""
import hashlib
import json
from urllib.error import URLError

import numpy as np
import pytest

from keras import backend as K
from keras.applications import imagenet_utils
from keras.applications import vgg16
from keras.applications import vgg19
from keras.utils import data_utils

# One 1x2 RGB image, channels last: pixels (0, 127.5, 255) and (10, 20, 30).
IMAGE = np.array([[[0., 127.5, 255.], [10., 20., 30.]]], dtype='float32')
# Written out by hand from the definitions of each mode.
EXPECTED = {
    'caffe': [[[255. - 103.939, 127.5 - 116.779, 0. - 123.68],
               [30. - 103.939, 20. - 116.779, 10. - 123.68]]],
    'tf': [[[-1., 0., 1.], [10. / 127.5 - 1, 20. / 127.5 - 1,
                            30. / 127.5 - 1]]],
    'torch': [[[(0. - 0.485) / 0.229, (0.5 - 0.456) / 0.224,
                (1. - 0.406) / 0.225],
               [(10. / 255 - 0.485) / 0.229, (20. / 255 - 0.456) / 0.224,
                (30. / 255 - 0.406) / 0.225]]],
}


def as_format(image, data_format):
    return image if data_format == 'channels_last' else np.moveaxis(
        image, -1, -3)


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
@pytest.mark.parametrize('mode', ['caffe', 'tf', 'torch'])
def test_preprocess_numpy_and_symbolic(mode, data_format):
    expected = as_format(np.array(EXPECTED[mode]), data_format)
    single = as_format(IMAGE, data_format)
    batch = np.stack([single, single * 0 + 255.])
    expected_second = imagenet_utils.preprocess_input(
        as_format(np.full_like(IMAGE, 255.), data_format),
        data_format=data_format, mode=mode)
    out = imagenet_utils.preprocess_input(single.copy(),
                                          data_format=data_format, mode=mode)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-4)
    out_batch = imagenet_utils.preprocess_input(
        batch.copy(), data_format=data_format, mode=mode)
    np.testing.assert_allclose(out_batch[0], expected, rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(out_batch[1], expected_second, rtol=1e-5)
    symbolic = imagenet_utils.preprocess_input(
        K.variable(batch), data_format=data_format, mode=mode)
    np.testing.assert_allclose(K.eval(symbolic), out_batch, rtol=1e-5,
                               atol=1e-4)


def test_preprocess_default_format_and_integer_input():
    out = imagenet_utils.preprocess_input(np.array([[[1, 2, 3]]]), mode='tf')
    assert out.dtype.kind == 'f'
    np.testing.assert_allclose(out, [[[1 / 127.5 - 1, 2 / 127.5 - 1,
                                       3 / 127.5 - 1]]], rtol=1e-6)
    if K.image_data_format() == 'channels_last':
        np.testing.assert_allclose(
            imagenet_utils.preprocess_input(IMAGE.copy()),
            EXPECTED['caffe'], rtol=1e-5, atol=1e-4)


def test_preprocess_on_a_placeholder_through_a_function():
    from keras.layers import Input
    images = Input(shape=(1, 2, 3))
    out = imagenet_utils.preprocess_input(images,
                                          data_format='channels_last')
    run = K.function([images], [out])
    np.testing.assert_allclose(run([IMAGE[None]])[0][0], EXPECTED['caffe'],
                               rtol=1e-5, atol=1e-4)


def test_model_modules_preprocess_in_caffe_mode():
    for module in (vgg16, vgg19):
        np.testing.assert_allclose(
            module.preprocess_input(IMAGE.copy(),
                                    data_format='channels_last'),
            EXPECTED['caffe'], rtol=1e-5, atol=1e-4)
        assert module.decode_predictions is imagenet_utils.decode_predictions


def test_preprocess_rejects_unknown_mode_and_format():
    with pytest.raises(ValueError, match='mode'):
        imagenet_utils.preprocess_input(IMAGE, mode='keras')
    with pytest.raises(ValueError, match='data_format'):
        imagenet_utils.preprocess_input(IMAGE, data_format='channels_middle')


def refuse_download(url, filename, reporthook=None, data=None):
    raise URLError('network is unreachable')


@pytest.fixture
def cached_class_index(tmp_path, monkeypatch):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    monkeypatch.setattr(data_utils, 'urlretrieve', refuse_download)
    monkeypatch.setattr(imagenet_utils, 'CLASS_INDEX', None)
    index = {str(i): [f'n{i:08d}', f'class_{i}'] for i in range(1000)}
    content = json.dumps(index).encode()
    (tmp_path / 'models').mkdir()
    (tmp_path / 'models' / 'imagenet_class_index.json').write_bytes(content)
    monkeypatch.setattr(imagenet_utils, 'CLASS_INDEX_HASH',
                        hashlib.md5(content).hexdigest())


def test_decode_predictions_reads_the_cached_index(cached_class_index):
    preds = np.zeros((2, 1000))
    preds[0, [7, 3, 999]] = [0.5, 0.3, 0.2]
    preds[1, 42] = 1.
    decoded = imagenet_utils.decode_predictions(preds, top=3)
    assert [entry[:2] for entry in decoded[0]] == [
        ('n00000007', 'class_7'), ('n00000003', 'class_3'),
        ('n00000999', 'class_999')]
    assert [entry[2] for entry in decoded[0]] == [0.5, 0.3, 0.2]
    assert decoded[1][0] == ('n00000042', 'class_42', 1.)
    assert len(imagenet_utils.decode_predictions(preds)[1]) == 5


def test_decode_predictions_offline_without_cache(tmp_path, monkeypatch):
    monkeypatch.setenv('KERAS_HOME', str(tmp_path))
    monkeypatch.setattr(data_utils, 'urlretrieve', refuse_download)
    monkeypatch.setattr(imagenet_utils, 'CLASS_INDEX', None)
    with pytest.raises(Exception, match='imagenet_class_index.json'):
        imagenet_utils.decode_predictions(np.zeros((1, 1000)))


def test_class_index_origin_and_hash_are_2_3_1s(tmp_path, monkeypatch):
    seen = {}

    def record(fname, origin, **kwargs):
        seen.update(kwargs, fname=fname, origin=origin)
        path = tmp_path / fname
        path.write_text(json.dumps({str(i): ['n', 'c'] for i in range(1000)}))
        return str(path)
    monkeypatch.setattr(imagenet_utils, 'get_file', record)
    monkeypatch.setattr(imagenet_utils, 'CLASS_INDEX', None)
    imagenet_utils.decode_predictions(np.ones((1, 1000)))
    assert seen == {
        'fname': 'imagenet_class_index.json',
        'origin': 'https://storage.googleapis.com/download.tensorflow.org/'
                  'data/imagenet_class_index.json',
        'cache_subdir': 'models',
        'file_hash': 'c2c37ea517e94d9795004a39431a14cb'}


@pytest.mark.parametrize('shape', [(1000,), (2, 999), (1, 10, 1000)])
def test_decode_predictions_rejects_other_shapes(shape):
    with pytest.raises(ValueError, match=r'\(samples, 1000\).*' +
                       str(shape).replace('(', r'\(').replace(')', r'\)')):
        imagenet_utils.decode_predictions(np.zeros(shape))


def test_obtain_input_shape_defaults_and_checks():
    obtain = imagenet_utils._obtain_input_shape
    assert obtain(None, 224, 32, 'channels_last', True) == (224, 224, 3)
    assert obtain(None, 224, 32, 'channels_first', True) == (3, 224, 224)
    assert obtain(None, 224, 32, 'channels_last', False) == (None, None, 3)
    assert obtain(None, 224, 32, 'channels_first', False) == (3, None, None)
    assert obtain((64, 48, 3), 224, 32, 'channels_last', True) == (64, 48, 3)
    assert obtain((3, 224, 224), 224, 32, 'channels_first', True,
                  weights='imagenet') == (3, 224, 224)
    with pytest.raises(ValueError, match=r'should be \(224, 224, 3\)'):
        obtain((64, 64, 3), 224, 32, 'channels_last', True,
               weights='imagenet')
    with pytest.raises(ValueError, match='at least 32x32'):
        obtain((31, 64, 3), 224, 32, 'channels_last', False)
    with pytest.raises(ValueError, match='at least 32x32'):
        obtain((3, 64, 20), 224, 32, 'channels_first', False)
    with pytest.raises(ValueError, match='3 channels'):
        obtain((64, 64, 1), 224, 32, 'channels_last', False,
               weights='imagenet')
    with pytest.raises(ValueError, match='three integers'):
        obtain((64, 64), 224, 32, 'channels_last', False)
    with pytest.raises(ValueError, match='static `input_shape`'):
        obtain((None, None, 3), 224, 32, 'channels_last', True)
    with pytest.warns(UserWarning, match='1 or 3 input channels'):
        assert obtain((64, 64, 5), 224, 32, 'channels_last',
                      False) == (64, 64, 5)
