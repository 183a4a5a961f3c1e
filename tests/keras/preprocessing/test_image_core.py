"""keras.preprocessing.image (files, transforms, ImageDataGenerator) against
hand computations, numpy and Pillow."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from PIL import Image
from PIL import ImageEnhance

from keras.preprocessing import image
from keras.preprocessing.image import ImageDataGenerator
from keras.preprocessing.image import apply_affine_transform
from keras.preprocessing.image import apply_brightness_shift
from keras.preprocessing.image import apply_channel_shift
from keras.preprocessing.image import array_to_img
from keras.preprocessing.image import flip_axis
from keras.preprocessing.image import img_to_array
from keras.preprocessing.image import list_pictures
from keras.preprocessing.image import load_img
from keras.preprocessing.image import save_img

RAMP = np.arange(16.).reshape(4, 4, 1)  # value 4 * row + col


def _rgb_image(rows=4, cols=6, seed=0):
    return np.random.RandomState(seed).randint(
        0, 256, size=(rows, cols, 3)).astype('float32')


def test_module_exposes_every_keras2_name():
    import keras.preprocessing
    assert keras.preprocessing.image is image
    for name in ('random_rotation', 'random_shift', 'random_shear',
                 'random_zoom', 'apply_channel_shift', 'random_channel_shift',
                 'apply_brightness_shift', 'random_brightness',
                 'apply_affine_transform', 'load_img', 'array_to_img',
                 'img_to_array', 'save_img', 'list_pictures', 'flip_axis',
                 'Iterator', 'DirectoryIterator', 'NumpyArrayIterator',
                 'DataFrameIterator', 'ImageDataGenerator'):
        assert callable(getattr(image, name)), name


# -- affine transforms --

def test_rotation_by_90_degrees_is_rot90():
    # in = R (out - c) + c with R = [[0, -1], [1, 0]]: out[r, c] =
    # in[n - 1 - c, r], numpy's clockwise rot90 (k=-1).
    out = apply_affine_transform(RAMP, theta=90)
    assert_allclose(out[..., 0], np.rot90(RAMP[..., 0], -1), atol=1e-5)
    out = apply_affine_transform(RAMP, theta=-90)
    assert_allclose(out[..., 0], np.rot90(RAMP[..., 0], 1), atol=1e-5)


def test_whole_pixel_shift_is_roll_with_fill():
    out = apply_affine_transform(RAMP, tx=1, fill_mode='constant', cval=-1)
    expected = np.roll(RAMP, -1, axis=0)
    expected[-1] = -1
    assert_allclose(out, expected)
    out = apply_affine_transform(RAMP, ty=-2, fill_mode='constant', cval=7)
    expected = np.roll(RAMP, 2, axis=1)
    expected[:, :2] = 7
    assert_allclose(out, expected)


def test_shift_fill_modes_nearest_and_wrap():
    out = apply_affine_transform(RAMP, tx=1, fill_mode='nearest')
    assert_allclose(out[:3], RAMP[1:])
    assert_allclose(out[3], RAMP[3])
    out = apply_affine_transform(RAMP, ty=1, fill_mode='wrap', order=0)
    assert_allclose(out[:, :3], RAMP[:, 1:])


def _check_linear_map(out, matrix, n=4):
    # A linear image is reproduced exactly by linear interpolation wherever
    # the source point lies inside the input.
    center = (n - 1) / 2.
    checked = 0
    for r in range(n):
        for c in range(n):
            src = matrix @ (np.array([r, c]) - center) + center
            if np.all(src >= 0) and np.all(src <= n - 1):
                assert out[r, c, 0] == pytest.approx(4 * src[0] + src[1],
                                                     abs=1e-4)
                checked += 1
    assert checked >= 4


def test_shear_matches_closed_form():
    s = np.deg2rad(20)
    out = apply_affine_transform(RAMP, shear=20)
    _check_linear_map(out, np.array([[1, -np.sin(s)], [0, np.cos(s)]]))


def test_zoom_matches_closed_form():
    out = apply_affine_transform(RAMP, zx=0.5, zy=0.75)
    _check_linear_map(out, np.array([[0.5, 0], [0, 0.75]]))


def test_channel_axis_first_and_last_agree():
    x = _rgb_image(5, 5)
    last = apply_affine_transform(x, theta=30, tx=1, shear=10, zx=0.9,
                                  fill_mode='reflect')
    first = apply_affine_transform(x.transpose(2, 0, 1), theta=30, tx=1,
                                   shear=10, zx=0.9, row_axis=1, col_axis=2,
                                   channel_axis=0, fill_mode='reflect')
    assert_allclose(first.transpose(1, 2, 0), last, rtol=1e-5, atol=1e-4)


def test_identity_transform_returns_input():
    x = _rgb_image()
    assert_allclose(apply_affine_transform(x), x)


def test_affine_argument_errors():
    with pytest.raises(ValueError, match='fill_mode'):
        apply_affine_transform(RAMP, theta=10, fill_mode='mirror')
    with pytest.raises(ValueError, match='3D'):
        apply_affine_transform(RAMP[..., 0], theta=10)


def test_random_transforms_draw_from_their_ranges():
    x = RAMP.transpose(2, 0, 1)  # channels first, the default axes
    np.random.seed(3)
    theta = np.random.uniform(-40, 40)
    np.random.seed(3)
    assert_allclose(image.random_rotation(x, 40),
                    apply_affine_transform(x, theta=theta, row_axis=1,
                                           col_axis=2, channel_axis=0))
    np.random.seed(4)
    tx = np.random.uniform(-0.5, 0.5) * 4
    ty = np.random.uniform(-0.25, 0.25) * 4
    np.random.seed(4)
    assert_allclose(image.random_shift(x, 0.25, 0.5),
                    apply_affine_transform(x, tx=tx, ty=ty, row_axis=1,
                                           col_axis=2, channel_axis=0))
    np.random.seed(5)
    shear = np.random.uniform(-30, 30)
    np.random.seed(5)
    assert_allclose(image.random_shear(x, 30),
                    apply_affine_transform(x, shear=shear, row_axis=1,
                                           col_axis=2, channel_axis=0))
    np.random.seed(6)
    zx, zy = np.random.uniform(0.5, 1.5, 2)
    np.random.seed(6)
    assert_allclose(image.random_zoom(x, (0.5, 1.5)),
                    apply_affine_transform(x, zx=zx, zy=zy, row_axis=1,
                                           col_axis=2, channel_axis=0))
    assert_allclose(image.random_zoom(x, (1, 1)), x)
    with pytest.raises(ValueError, match='zoom_range'):
        image.random_zoom(x, (0.5, 1, 2))


def test_channel_shift_is_clipped_to_the_image_range():
    x = np.array([[[0., 10.], [5., 2.]]])  # channels first, 1x2x2
    assert_allclose(apply_channel_shift(x, 3., 0), [[[3., 10.], [8., 5.]]])
    assert_allclose(apply_channel_shift(x, -4., 0), [[[0., 6.], [1., 0.]]])
    np.random.seed(1)
    intensity = np.random.uniform(-2, 2)
    np.random.seed(1)
    assert_allclose(image.random_channel_shift(x, 2, 0),
                    np.clip(x + intensity, 0, 10))


def test_brightness_shift_matches_pillow():
    x = _rgb_image()
    x[0, 0] = 0
    x[0, 1] = 255  # full range: array_to_img's scaling is the identity
    expected = np.asarray(ImageEnhance.Brightness(
        Image.fromarray(x.astype('uint8'))).enhance(0.5), dtype='float32')
    # The default image_data_format is channels_last.
    assert_allclose(apply_brightness_shift(x, 0.5), expected)
    # Pillow darkens by blending with black: about x * 0.5.
    assert np.max(np.abs(expected - x * 0.5)) <= 1
    with pytest.raises(ValueError, match='brightness_range'):
        image.random_brightness(x, (0.5,))


def test_flip_axis():
    x = _rgb_image()
    assert_allclose(flip_axis(x, 1), x[:, ::-1])
    assert_allclose(flip_axis(x, 0), x[::-1])


# -- files and arrays --

def test_png_round_trip(tmp_path):
    x = _rgb_image(5, 7)
    path = str(tmp_path / 'pic.png')
    save_img(path, x, data_format='channels_last', scale=False)
    img = load_img(path)
    assert img.size == (7, 5) and img.mode == 'RGB'
    assert_allclose(img_to_array(img, data_format='channels_last'), x)
    first = img_to_array(img, data_format='channels_first')
    assert first.shape == (3, 5, 7)
    assert_allclose(first, x.transpose(2, 0, 1))
    assert img_to_array(img, data_format='channels_last',
                        dtype='uint8').dtype == np.uint8


def test_save_img_file_format_and_file_object(tmp_path):
    x = _rgb_image()
    path = tmp_path / 'noext'
    save_img(str(path), x, data_format='channels_last', file_format='png',
             scale=False)
    with Image.open(str(path)) as img:
        assert img.format == 'PNG'
        assert_allclose(np.asarray(img, dtype='float32'), x)


def test_load_img_color_modes(tmp_path):
    x = _rgb_image(3, 3)
    path = str(tmp_path / 'pic.png')
    save_img(path, x, data_format='channels_last', scale=False)
    gray = img_to_array(load_img(path, color_mode='grayscale'),
                        data_format='channels_last')
    assert gray.shape == (3, 3, 1)
    # ITU-R 601-2 luma, as Pillow's "L" conversion.
    luma = (x[..., 0] * 299 + x[..., 1] * 587 + x[..., 2] * 114) / 1000
    assert np.max(np.abs(gray[..., 0] - luma)) <= 1
    assert_allclose(img_to_array(load_img(path, grayscale=True),
                                 data_format='channels_last'), gray)
    rgba = img_to_array(load_img(path, color_mode='rgba'),
                        data_format='channels_last')
    assert rgba.shape == (3, 3, 4)
    assert_allclose(rgba[..., :3], x)
    assert_allclose(rgba[..., 3], 255)
    with pytest.raises(ValueError, match='color_mode'):
        load_img(path, color_mode='cmyk')


def test_load_img_target_size_and_interpolation(tmp_path):
    x = np.zeros((4, 4, 3), dtype='float32')
    x[:2, 2:] = 200
    x[2:, :2] = 100
    x[2:, 2:] = 40
    path = str(tmp_path / 'blocks.png')
    save_img(path, x, data_format='channels_last', scale=False)
    for interpolation in ('nearest', 'bilinear', 'bicubic', 'hamming',
                          'box', 'lanczos'):
        img = load_img(path, target_size=(2, 3), interpolation=interpolation)
        assert img.size == (3, 2)
    box = img_to_array(load_img(path, target_size=(2, 2),
                                interpolation='box'),
                       data_format='channels_last')
    # Box filtering by 2 is the mean of each 2x2 block.
    assert_allclose(box[..., 0], [[0, 200], [100, 40]])
    with pytest.raises(ValueError, match='interpolation'):
        load_img(path, target_size=(2, 2), interpolation='spline')


def test_array_to_img_scaling_and_errors():
    x = np.array([[[-1.], [0.]], [[1.], [3.]]])
    img = array_to_img(x, data_format='channels_last')
    assert img.mode == 'L'
    assert_allclose(np.asarray(img), [[0, 63], [127, 255]])
    unscaled = array_to_img(np.full((2, 2, 3), 7.), scale=False,
                            data_format='channels_last')
    assert unscaled.mode == 'RGB'
    assert_allclose(np.asarray(unscaled), 7)
    rgba = array_to_img(np.zeros((4, 2, 2)), data_format='channels_first')
    assert rgba.mode == 'RGBA' and rgba.size == (2, 2)
    with pytest.raises(ValueError, match='rank 3'):
        array_to_img(np.zeros((2, 2)))
    with pytest.raises(ValueError, match='channel number'):
        array_to_img(np.zeros((2, 2, 2)), data_format='channels_last')
    with pytest.raises(ValueError, match='data_format'):
        img_to_array(img, data_format='channels_middle')


def test_list_pictures(tmp_path):
    (tmp_path / 'sub').mkdir()
    for name in ('a.png', 'sub/b.JPG', 'c.txt', 'sub/d.jpeg'):
        (tmp_path / name).write_bytes(b'')
    found = sorted(p.replace(str(tmp_path), '')
                   for p in list_pictures(str(tmp_path)))
    assert found == sorted(['/a.png', '/sub/b.JPG', '/sub/d.jpeg'])
    assert [p.endswith('a.png') for p in
            list_pictures(str(tmp_path), ext='png')] == [True]


# -- ImageDataGenerator --

@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
def test_featurewise_statistics_equal_numpy(data_format):
    x = np.random.RandomState(0).rand(6, 3, 4, 5).astype('float32') * 9
    axes = (0, 2, 3) if data_format == 'channels_first' else (0, 1, 2)
    if data_format == 'channels_last':
        x = x.transpose(0, 2, 3, 1)
    gen = ImageDataGenerator(featurewise_center=True,
                             featurewise_std_normalization=True,
                             data_format=data_format)
    gen.fit(x)
    mean = x.mean(axis=axes, keepdims=True)[0]
    std = x.std(axis=axes, keepdims=True)[0]
    assert_allclose(gen.mean, mean, rtol=1e-5)
    assert_allclose(gen.std, std, rtol=1e-5)
    out = gen.standardize(np.copy(x))
    assert_allclose(out, (x - mean) / (std + 1e-6), rtol=1e-4, atol=1e-5)
    assert_allclose(out.mean(axis=axes), 0, atol=1e-5)
    assert_allclose(out.std(axis=axes), 1, atol=1e-4)


def test_samplewise_normalization_and_rescale():
    x = np.random.RandomState(1).rand(3, 4, 4, 1).astype('float32')
    gen = ImageDataGenerator(samplewise_center=True,
                             samplewise_std_normalization=True,
                             rescale=1. / 255)
    one = np.copy(x[0])
    out = gen.standardize(one)
    scaled = x[0] / 255
    assert_allclose(out, (scaled - scaled.mean()) / (scaled.std() + 1e-6),
                    rtol=1e-4, atol=1e-4)
    calls = []

    def preprocess(img):
        calls.append(img.shape)
        return img + 1
    gen = ImageDataGenerator(rescale=2., preprocessing_function=preprocess)
    assert_allclose(gen.standardize(np.copy(x[0])), (x[0] + 1) * 2,
                    rtol=1e-6)
    assert calls == [(4, 4, 1)]


def test_zca_whitening_gives_identity_covariance():
    x = np.random.RandomState(2).rand(60, 2, 2, 1).astype('float64')
    x[..., 0, 0] += 2 * x[..., 1, 0]  # correlated pixels
    with pytest.warns(UserWarning, match='featurewise_center'):
        gen = ImageDataGenerator(zca_whitening=True, zca_epsilon=1e-9,
                                 dtype='float64')
    assert gen.featurewise_center
    gen.fit(x)
    white = gen.standardize(np.copy(x)).reshape(60, -1)
    covariance = white.T @ white / 60
    assert_allclose(covariance, np.eye(4), atol=1e-4)


def test_fit_with_augmentation_keeps_flip_invariant_mean():
    x = np.random.RandomState(3).rand(4, 3, 3, 3).astype('float32')
    gen = ImageDataGenerator(featurewise_center=True, horizontal_flip=True,
                             vertical_flip=True)
    gen.fit(x, augment=True, rounds=3, seed=1)
    assert gen.mean.shape == (1, 1, 3)
    assert_allclose(gen.mean[0, 0], x.mean(axis=(0, 1, 2)), rtol=1e-5)


def test_standardize_warns_before_fit():
    gen = ImageDataGenerator(featurewise_center=True)
    with pytest.warns(UserWarning, match="hasn't been fit"):
        gen.standardize(np.zeros((2, 2, 1), dtype='float32'))


def test_generator_argument_errors():
    with pytest.raises(ValueError, match='data_format'):
        ImageDataGenerator(data_format='channels_middle')
    with pytest.raises(ValueError, match='validation_split'):
        ImageDataGenerator(validation_split=1.5)
    with pytest.raises(ValueError, match='zoom_range'):
        ImageDataGenerator(zoom_range=(0.5, 1.0, 2.0))
    with pytest.raises(ValueError, match='brightness_range'):
        ImageDataGenerator(brightness_range=0.5)
    with pytest.raises(ValueError, match='fill_mode'):
        ImageDataGenerator(fill_mode='mirror')
    with pytest.raises(ValueError, match='width_shift_range'):
        ImageDataGenerator(width_shift_range='wide')
    with pytest.raises(ValueError, match='rank 4'):
        ImageDataGenerator(featurewise_center=True).fit(np.zeros((2, 3, 3)))
    with pytest.warns(UserWarning, match='channels'):
        ImageDataGenerator().fit(np.zeros((2, 3, 3, 5)))


def test_normalization_flags_imply_centering():
    with pytest.warns(UserWarning):
        gen = ImageDataGenerator(featurewise_std_normalization=True,
                                 samplewise_std_normalization=True)
    assert gen.featurewise_center and gen.samplewise_center
    with pytest.warns(UserWarning):
        gen = ImageDataGenerator(zca_whitening=True, featurewise_center=True,
                                 featurewise_std_normalization=True)
    assert not gen.featurewise_std_normalization


def test_zoom_range_and_default_format():
    assert ImageDataGenerator(zoom_range=0.2).zoom_range == \
        pytest.approx([0.8, 1.2])
    assert ImageDataGenerator(zoom_range=[0.5, 2]).zoom_range == [0.5, 2]
    gen = ImageDataGenerator(data_format='channels_first')
    assert (gen.channel_axis, gen.row_axis, gen.col_axis) == (1, 2, 3)
    gen = ImageDataGenerator()
    assert (gen.channel_axis, gen.row_axis, gen.col_axis) == (3, 1, 2)
    assert gen.dtype == 'float32'


def test_shift_ranges_int_list_and_float():
    shape = (8, 10, 3)
    gen = ImageDataGenerator(width_shift_range=2, height_shift_range=[-3, 5])
    seen_ty, seen_tx = set(), set()
    for seed in range(60):
        params = gen.get_random_transform(shape, seed=seed)
        seen_ty.add(params['ty'])
        seen_tx.add(params['tx'])
    assert seen_ty == {-1, 0, 1}
    assert seen_tx == {-5, -3, 3, 5}
    gen = ImageDataGenerator(width_shift_range=0.25, height_shift_range=0.5)
    for seed in range(20):
        params = gen.get_random_transform(shape, seed=seed)
        assert abs(params['ty']) <= 0.25 * 10
        assert abs(params['tx']) <= 0.5 * 8
    gen = ImageDataGenerator(width_shift_range=[0.5])
    assert abs(gen.get_random_transform(shape, seed=0)['ty']) == 5


def test_get_random_transform_is_reproducible_and_complete():
    gen = ImageDataGenerator(rotation_range=30, shear_range=10,
                             zoom_range=0.1, channel_shift_range=5,
                             brightness_range=(0.5, 1.5),
                             horizontal_flip=True)
    first = gen.get_random_transform((4, 4, 3), seed=7)
    assert first == gen.get_random_transform((4, 4, 3), seed=7)
    assert set(first) == {'theta', 'tx', 'ty', 'shear', 'zx', 'zy',
                          'flip_horizontal', 'flip_vertical',
                          'channel_shift_intensity', 'brightness'}
    assert -30 <= first['theta'] <= 30 and -10 <= first['shear'] <= 10
    assert 0.9 <= first['zx'] <= 1.1 and 0.5 <= first['brightness'] <= 1.5
    assert first['flip_vertical'] is False
    plain = ImageDataGenerator().get_random_transform((4, 4, 3), seed=7)
    assert plain['theta'] == 0 and plain['channel_shift_intensity'] is None
    assert plain['brightness'] is None and plain['zx'] == 1


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
def test_apply_transform_flips_and_rotation(data_format):
    x = _rgb_image(4, 4)
    if data_format == 'channels_first':
        x = x.transpose(2, 0, 1)
        rows, cols = 1, 2
    else:
        rows, cols = 0, 1
    gen = ImageDataGenerator(data_format=data_format)
    assert_allclose(gen.apply_transform(x, {'flip_horizontal': True}),
                    np.flip(x, cols))
    assert_allclose(gen.apply_transform(x, {'flip_vertical': True}),
                    np.flip(x, rows))
    assert_allclose(gen.apply_transform(x, {'theta': 90}),
                    np.rot90(x, -1, axes=(rows, cols)), atol=1e-3)
    assert_allclose(gen.random_transform(x, seed=1), x)
    bright = gen.apply_transform(x, {'brightness': 1.0})
    assert bright.shape == x.shape
    scaled = (x - x.min()) / (x.max() - x.min()) * 255
    assert np.max(np.abs(bright - np.floor(scaled))) <= 1


def test_random_transform_flips_about_half_the_time():
    x = _rgb_image(3, 3)
    gen = ImageDataGenerator(horizontal_flip=True)
    np.random.seed(0)
    outs = [gen.random_transform(x) for _ in range(40)]
    flipped = sum(np.allclose(o, x[:, ::-1]) for o in outs)
    unchanged = sum(np.allclose(o, x) for o in outs)
    assert flipped + unchanged == 40
    assert 8 <= flipped <= 32


def test_flow_builds_a_numpy_array_iterator():
    x = np.arange(24, dtype='float32').reshape(4, 2, 3, 1)
    y = np.arange(4)
    gen = ImageDataGenerator(rescale=0.5)
    flow = gen.flow(x, y, batch_size=2, shuffle=False)
    assert isinstance(flow, image.NumpyArrayIterator)
    batch_x, batch_y = flow[1]
    assert_allclose(batch_x, x[2:] * 0.5)
    assert_allclose(batch_y, y[2:])


def test_flow_from_directory_builds_a_directory_iterator(tmp_path):
    for label in ('cat', 'dog'):
        (tmp_path / label).mkdir()
        save_img(str(tmp_path / label / 'a.png'), _rgb_image(3, 3),
                 data_format='channels_last', scale=False)
    flow = ImageDataGenerator().flow_from_directory(
        str(tmp_path), target_size=(3, 3), batch_size=2, shuffle=False)
    assert isinstance(flow, image.DirectoryIterator)
    batch_x, batch_y = flow[0]
    assert batch_x.shape == (2, 3, 3, 3)
    assert_allclose(batch_y, np.eye(2))


def test_flow_from_dataframe_builds_a_dataframe_iterator(tmp_path):
    pandas = pytest.importorskip('pandas')
    for name in ('a.png', 'b.png'):
        save_img(str(tmp_path / name), _rgb_image(3, 3),
                 data_format='channels_last', scale=False)
    frame = pandas.DataFrame({'filename': ['a.png', 'b.png'],
                              'target': [0.5, 2.0]})
    with pytest.warns(DeprecationWarning, match='raw'):
        flow = ImageDataGenerator().flow_from_dataframe(
            frame, str(tmp_path), y_col='target', class_mode='other',
            target_size=(3, 3), batch_size=2, shuffle=False)
    assert isinstance(flow, image.DataFrameIterator)
    batch_x, batch_y = flow[0]
    assert batch_x.shape == (2, 3, 3, 3)
    assert_allclose(batch_y, [0.5, 2.0])
