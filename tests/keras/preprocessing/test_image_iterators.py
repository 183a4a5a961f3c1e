"""keras.preprocessing.image iterators (NumpyArrayIterator,
DirectoryIterator, DataFrameIterator) on images the tests write with Pillow,
checked against the values written."""
import os
import pickle
import threading

import numpy as np
import pytest

from keras.preprocessing.image import ImageDataGenerator
from keras.preprocessing.image.dataframe_iterator import DataFrameIterator
from keras.preprocessing.image.iterators import DirectoryIterator
from keras.preprocessing.image.iterators import Iterator
from keras.preprocessing.image.iterators import NumpyArrayIterator
from keras.utils import Sequence

pd = pytest.importorskip('pandas')
Image = pytest.importorskip('PIL.Image')

TRAINING_BACKENDS = ('jax', 'tensorflow', 'torch', 'theano')
CLASSES = ('ant', 'bee', 'cat')


def _numbered_images(n, size=2, channels=3):
    """Image i is filled with the value i: a batch tells which samples it
    holds."""
    return np.arange(n, dtype='float32').reshape(n, 1, 1, 1) * np.ones(
        (1, size, size, channels), dtype='float32')


def _write_png(path, value, size=(4, 6)):
    """A flat grey RGB picture of height size[0], width size[1]."""
    pixels = np.full(size + (3,), value, dtype='uint8')
    Image.fromarray(pixels, 'RGB').save(path)


@pytest.fixture
def image_tree(tmp_path):
    """root/<class>/<k>.png with value 10 * class + k (k = 0..3), plus a
    text file and a nested picture."""
    root = tmp_path / 'tree'
    for c, name in enumerate(CLASSES):
        (root / name).mkdir(parents=True)
        for k in range(4):
            _write_png(str(root / name / ('%d.png' % k)), 10 * c + k)
        (root / name / 'notes.txt').write_text('not an image')
    (root / 'cat' / 'deep').mkdir()
    _write_png(str(root / 'cat' / 'deep' / '9.png'), 29)
    return root


def _pixel_values(batch_x):
    return [int(round(v)) for v in batch_x[:, 0, 0, 0]]


# -- Iterator / NumpyArrayIterator --

def test_iterators_are_sequences_with_keras2_white_list():
    assert issubclass(NumpyArrayIterator, Iterator)
    assert issubclass(DirectoryIterator, Sequence)
    assert issubclass(DataFrameIterator, Sequence)
    assert Iterator.white_list_formats == ('png', 'jpg', 'jpeg', 'bmp',
                                           'ppm', 'tif', 'tiff')


def test_numpy_iterator_batches_in_order_without_shuffle():
    x = _numbered_images(7)
    y = np.arange(7) * 2
    it = NumpyArrayIterator(x, y, ImageDataGenerator(), batch_size=3,
                            shuffle=False)
    assert len(it) == 3
    sizes = []
    for index in range(3):
        batch_x, batch_y = it[index]
        sizes.append(len(batch_x))
        expected = list(range(3 * index, min(3 * index + 3, 7)))
        assert _pixel_values(batch_x) == expected
        np.testing.assert_array_equal(batch_y, np.array(expected) * 2)
        np.testing.assert_array_equal(batch_x, x[expected])
    assert sizes == [3, 3, 1]
    assert it[-1][1].tolist() == [12]
    with pytest.raises(ValueError, match='has length 3'):
        it[3]
    # The Python-iterator side wraps around to the start.
    seen = [_pixel_values(next(it)[0]) for _ in range(4)]
    assert seen == [[0, 1, 2], [3, 4, 5], [6], [0, 1, 2]]
    it.reset()
    assert _pixel_values(next(it)[0]) == [0, 1, 2]


def test_shuffled_epochs_see_every_sample_once():
    n = 10
    x = _numbered_images(n)
    it = NumpyArrayIterator(x, np.arange(n), ImageDataGenerator(),
                            batch_size=4, shuffle=True, seed=3)
    orders = []
    for _ in range(3):
        order = [int(v) for i in range(len(it)) for v in it[i][1]]
        assert sorted(order) == list(range(n))
        orders.append(order)
        it.on_epoch_end()
    assert orders[0] != list(range(n)) or orders[1] != list(range(n))
    assert len(set(map(tuple, orders))) > 1
    # Same seed, same orders: the shuffling depends on the seed only.
    again = NumpyArrayIterator(x, np.arange(n), ImageDataGenerator(),
                               batch_size=4, shuffle=True, seed=3)
    assert [int(v) for i in range(len(again)) for v in again[i][1]] == \
        orders[0]
    # next(): two passes of 3 batches, each pass a permutation.
    for _ in range(2):
        labels = [int(v) for _ in range(3) for v in next(again)[1]]
        assert sorted(labels) == list(range(n))


def test_next_from_several_threads_never_repeats_a_batch():
    it = NumpyArrayIterator(_numbered_images(24), np.arange(24),
                            ImageDataGenerator(), batch_size=2, shuffle=True,
                            seed=5)
    labels = []
    collected = threading.Lock()

    def read_three():
        for _ in range(3):
            batch_y = next(it)[1]
            with collected:
                labels.extend(int(v) for v in batch_y)

    threads = [threading.Thread(target=read_three) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(labels) == list(range(24))


def test_iterator_pickles_for_spawned_workers(image_tree):
    it = DirectoryIterator(str(image_tree), ImageDataGenerator(),
                           target_size=(4, 6), batch_size=5, seed=2,
                           class_mode='sparse')
    copy = pickle.loads(pickle.dumps(it))
    np.testing.assert_array_equal(copy.index_array, it.index_array)
    np.testing.assert_array_equal(copy[2][0], it[2][0])
    np.testing.assert_array_equal(next(copy)[1], it[0][1])


def test_numpy_iterator_extra_inputs_sample_weight_and_no_labels():
    x = _numbered_images(4)
    extra = np.arange(4) + 100
    weights = np.array([.5, 1., 1.5, 2.])
    it = NumpyArrayIterator((x, extra), np.arange(4), ImageDataGenerator(),
                            batch_size=2, sample_weight=weights)
    (batch_x, batch_extra), batch_y, batch_w = it[1]
    assert _pixel_values(batch_x) == [2, 3]
    np.testing.assert_array_equal(batch_extra, [102, 103])
    np.testing.assert_array_equal(batch_w, [1.5, 2.])
    only_x = NumpyArrayIterator(x, None, ImageDataGenerator(), batch_size=4)
    assert isinstance(only_x[0], np.ndarray)
    assert only_x[0].dtype == np.float32


def test_numpy_iterator_subset_split():
    x = _numbered_images(8)
    y = np.array([0, 1] * 4)
    gen = ImageDataGenerator(validation_split=0.25)
    val = NumpyArrayIterator(x, y, gen, batch_size=8, subset='validation')
    train = NumpyArrayIterator(x, y, gen, batch_size=8, subset='training')
    assert _pixel_values(val[0][0]) == [0, 1]
    assert _pixel_values(train[0][0]) == [2, 3, 4, 5, 6, 7]
    with pytest.raises(ValueError, match='different number of classes'):
        NumpyArrayIterator(x, np.sort(y), gen, subset='validation')
    with pytest.raises(ValueError, match='Invalid subset name'):
        NumpyArrayIterator(x, y, gen, subset='test')


def test_numpy_iterator_rejects_bad_input():
    gen = ImageDataGenerator()
    with pytest.raises(ValueError, match='same length'):
        NumpyArrayIterator(_numbered_images(3), np.arange(2), gen)
    with pytest.raises(ValueError, match='sample_weight'):
        NumpyArrayIterator(_numbered_images(3), np.arange(3), gen,
                           sample_weight=np.ones(2))
    with pytest.raises(ValueError, match='rank 4'):
        NumpyArrayIterator(np.zeros((3, 2, 2)), None, gen)
    with pytest.warns(UserWarning, match='5 channels'):
        NumpyArrayIterator(np.zeros((2, 3, 3, 5)), None, gen,
                           data_format='channels_last')


def test_seeded_augmentation_is_reproducible():
    x = np.random.RandomState(0).rand(6, 5, 5, 1).astype('float32')
    gen = ImageDataGenerator(rotation_range=40, horizontal_flip=True)
    first = NumpyArrayIterator(x, None, gen, batch_size=3, seed=7)
    second = NumpyArrayIterator(x, None, gen, batch_size=3, seed=7)
    np.testing.assert_array_equal(first[1], second[1])
    assert not np.allclose(first[1], x[3:])


def test_numpy_iterator_saves_batches(tmp_path):
    # Top half 0, bottom half i + 1: array_to_img scales it to 0 and 255.
    x = np.zeros((3, 4, 4, 3), dtype='float32')
    x[:, 2:] = (np.arange(3) + 1).reshape(3, 1, 1, 1)
    it = NumpyArrayIterator(x, None, ImageDataGenerator(), batch_size=2,
                            save_to_dir=str(tmp_path), save_prefix='aug',
                            save_format='png', data_format='channels_last')
    it[1]
    names = os.listdir(str(tmp_path))
    assert len(names) == 1
    assert names[0].startswith('aug_2_') and names[0].endswith('.png')
    with Image.open(str(tmp_path / names[0])) as img:
        pixels = np.asarray(img)
    assert pixels.shape == (4, 4, 3)
    np.testing.assert_array_equal(pixels[:2], 0)
    np.testing.assert_array_equal(pixels[2:], 255)


# -- DirectoryIterator --

def test_directory_lists_images_by_class(image_tree):
    it = DirectoryIterator(str(image_tree), ImageDataGenerator(),
                           target_size=(4, 6), batch_size=13, shuffle=False,
                           data_format='channels_last')
    assert it.class_indices == {'ant': 0, 'bee': 1, 'cat': 2}
    assert it.samples == 13 and len(it) == 1
    assert it.filenames[:2] == [os.path.join('ant', '0.png'),
                                os.path.join('ant', '1.png')]
    assert os.path.join('cat', 'deep', '9.png') in it.filenames
    np.testing.assert_array_equal(it.classes, [0] * 4 + [1] * 4 + [2] * 5)
    assert it.filepaths[0] == os.path.join(str(image_tree), 'ant', '0.png')
    batch_x, batch_y = it[0]
    assert batch_x.shape == (13, 4, 6, 3) and batch_x.dtype == np.float32
    assert _pixel_values(batch_x) == [0, 1, 2, 3, 10, 11, 12, 13,
                                      20, 21, 22, 23, 29]
    np.testing.assert_array_equal(batch_y, np.eye(3)[it.classes])


@pytest.mark.parametrize('class_mode', ['binary', 'sparse', 'input', None])
def test_directory_class_modes(image_tree, class_mode):
    it = DirectoryIterator(str(image_tree), ImageDataGenerator(),
                           target_size=(4, 6), classes=['bee', 'ant'],
                           class_mode=class_mode, batch_size=8,
                           shuffle=False, data_format='channels_last')
    assert it.class_indices == {'bee': 0, 'ant': 1}
    batch = it[0]
    if class_mode is None:
        assert _pixel_values(batch) == [10, 11, 12, 13, 0, 1, 2, 3]
        return
    batch_x, batch_y = batch
    if class_mode == 'input':
        np.testing.assert_array_equal(batch_y, batch_x)
    else:
        assert batch_y.shape == (8,)
        np.testing.assert_array_equal(batch_y, [0] * 4 + [1] * 4)


def test_directory_resize_grayscale_rgba_and_channels_first(image_tree):
    gen = ImageDataGenerator()
    grey = DirectoryIterator(str(image_tree), gen, target_size=(2, 3),
                             color_mode='grayscale', batch_size=2,
                             shuffle=False, data_format='channels_last',
                             interpolation='bilinear')
    batch_x = grey[0][0]
    assert batch_x.shape == (2, 2, 3, 1)
    np.testing.assert_allclose(batch_x[1], np.ones((2, 3, 1)))
    rgba = DirectoryIterator(str(image_tree), gen, target_size=(4, 6),
                             color_mode='rgba', batch_size=2, shuffle=False,
                             data_format='channels_first', dtype='float64')
    batch_x = rgba[0][0]
    assert batch_x.shape == (2, 4, 4, 6) and batch_x.dtype == np.float64
    np.testing.assert_array_equal(batch_x[1, :3], np.ones((3, 4, 6)))
    np.testing.assert_array_equal(batch_x[1, 3], np.full((4, 6), 255.))


def test_directory_interpolation_reaches_pillow(tmp_path):
    root = tmp_path / 'ramp'
    (root / 'a').mkdir(parents=True)
    ramp = np.array([[0, 60, 120, 240]], dtype='uint8')
    Image.fromarray(ramp, 'L').save(str(root / 'a' / 'r.png'))
    expected = {}
    with Image.open(str(root / 'a' / 'r.png')) as img:
        for name, method in [('nearest', Image.NEAREST),
                             ('bilinear', Image.BILINEAR)]:
            expected[name] = np.asarray(img.resize((7, 1), method),
                                        dtype='float32')
    assert not np.array_equal(expected['nearest'], expected['bilinear'])
    for name in ('nearest', 'bilinear'):
        it = DirectoryIterator(str(root), ImageDataGenerator(),
                               target_size=(1, 7), color_mode='grayscale',
                               interpolation=name, class_mode=None,
                               data_format='channels_last')
        np.testing.assert_array_equal(it[0][0, :, :, 0], expected[name])


def test_directory_subset_splits_every_class(image_tree):
    gen = ImageDataGenerator(validation_split=0.5)
    val = DirectoryIterator(str(image_tree), gen, target_size=(4, 6),
                            classes=['ant', 'bee'], subset='validation',
                            shuffle=False, class_mode='sparse',
                            data_format='channels_last')
    train = DirectoryIterator(str(image_tree), gen, target_size=(4, 6),
                              classes=['ant', 'bee'], subset='training',
                              shuffle=False, class_mode='sparse',
                              data_format='channels_last')
    assert _pixel_values(val[0][0]) == [0, 1, 10, 11]
    assert _pixel_values(train[0][0]) == [2, 3, 12, 13]


def test_directory_follow_links(image_tree, tmp_path):
    outside = tmp_path / 'outside'
    outside.mkdir()
    _write_png(str(outside / 'x.png'), 5)
    try:
        os.symlink(str(outside), str(image_tree / 'ant' / 'linked'))
    except (OSError, NotImplementedError):
        pytest.skip('symbolic links are not available here')
    gen = ImageDataGenerator()
    assert DirectoryIterator(str(image_tree), gen, classes=['ant']).samples \
        == 4
    linked = DirectoryIterator(str(image_tree), gen, classes=['ant'],
                               follow_links=True)
    assert linked.samples == 5
    assert os.path.join('ant', 'linked', 'x.png') in linked.filenames


def test_directory_white_list_formats(tmp_path):
    root = tmp_path / 'formats'
    (root / 'a').mkdir(parents=True)
    pixels = np.full((3, 3, 3), 7, dtype='uint8')
    for ext, fmt in [('png', 'PNG'), ('JPG', 'JPEG'), ('bmp', 'BMP'),
                     ('ppm', 'PPM'), ('tif', 'TIFF'), ('gif', 'GIF')]:
        Image.fromarray(pixels).save(str(root / 'a' / ('p.' + ext)), fmt)
    it = DirectoryIterator(str(root), ImageDataGenerator(),
                           target_size=(3, 3))
    assert sorted(it.filenames) == sorted(
        os.path.join('a', 'p.' + ext)
        for ext in ('png', 'JPG', 'bmp', 'ppm', 'tif'))


def test_directory_saves_transformed_pictures(image_tree, tmp_path):
    out = tmp_path / 'saved'
    out.mkdir()
    it = DirectoryIterator(str(image_tree), ImageDataGenerator(),
                           target_size=(4, 6), batch_size=3, shuffle=False,
                           save_to_dir=str(out), save_prefix='look',
                           save_format='jpeg')
    it[1]
    names = sorted(os.listdir(str(out)))
    assert len(names) == 3
    indices = sorted(int(n.split('_')[1]) for n in names)
    assert indices == [3, 4, 5]
    assert all(n.startswith('look_') and n.endswith('.jpeg') for n in names)


def test_directory_rejects_bad_arguments(image_tree):
    gen = ImageDataGenerator()
    with pytest.raises(ValueError, match='Invalid class_mode'):
        DirectoryIterator(str(image_tree), gen, class_mode='onehot')
    with pytest.raises(ValueError, match='Invalid color mode'):
        DirectoryIterator(str(image_tree), gen, color_mode='cmyk')
    with pytest.raises(ValueError, match='Invalid subset name'):
        DirectoryIterator(str(image_tree), gen, subset='test')


def test_flow_from_directory_builds_a_directory_iterator(image_tree):
    gen = ImageDataGenerator(rescale=0.5)
    it = gen.flow_from_directory(str(image_tree), target_size=(4, 6),
                                 class_mode='sparse', batch_size=4,
                                 shuffle=False)
    assert isinstance(it, DirectoryIterator)
    batch_x, batch_y = it[1]
    assert _pixel_values(batch_x * 2) == [10, 11, 12, 13]
    np.testing.assert_array_equal(batch_y, [1, 1, 1, 1])


# -- DataFrameIterator --

def _frame(image_tree):
    return pd.DataFrame({
        'filename': ['ant/0.png', 'bee/1.png', 'cat/2.png', 'ant/3.png'],
        'class': ['ant', 'bee', 'cat', 'ant'],
        'kind': ['x', 'y', 'x', 'y'],
        'score': [0.5, 1.5, 2.5, 3.5],
        'count': [1, 2, 3, 4],
        'tags': [['ant'], ['bee', 'cat'], ['cat'], ['ant', 'bee']],
    })


def _frame_iterator(image_tree, df=None, **kwargs):
    options = dict(directory=str(image_tree), target_size=(4, 6),
                   batch_size=4, shuffle=False)
    options.update(kwargs)
    return DataFrameIterator(_frame(image_tree) if df is None else df,
                             image_data_generator=ImageDataGenerator(),
                             **options)


def test_dataframe_categorical_and_sparse(image_tree):
    it = _frame_iterator(image_tree)
    assert it.class_indices == {'ant': 0, 'bee': 1, 'cat': 2}
    batch_x, batch_y = it[0]
    assert _pixel_values(batch_x) == [0, 11, 22, 3]
    np.testing.assert_array_equal(batch_y, np.eye(3)[[0, 1, 2, 0]])
    sparse = _frame_iterator(image_tree, class_mode='sparse')
    np.testing.assert_array_equal(sparse[0][1], [0, 1, 2, 0])


def test_dataframe_binary_multilabel_raw_and_multi_output(image_tree):
    binary = _frame_iterator(image_tree, y_col='kind', class_mode='binary')
    np.testing.assert_array_equal(binary[0][1], [0, 1, 0, 1])
    tags = _frame_iterator(image_tree, y_col='tags')
    np.testing.assert_array_equal(tags[0][1], [[1, 0, 0], [0, 1, 1],
                                               [0, 0, 1], [1, 1, 0]])
    raw = _frame_iterator(image_tree, y_col='score', class_mode='raw')
    np.testing.assert_array_equal(raw[0][1], [0.5, 1.5, 2.5, 3.5])
    raw_pair = _frame_iterator(image_tree, y_col=['score', 'count'],
                               class_mode='raw')
    np.testing.assert_array_equal(raw_pair[0][1],
                                  [[.5, 1], [1.5, 2], [2.5, 3], [3.5, 4]])
    multi = _frame_iterator(image_tree, y_col=['score', 'count'],
                            class_mode='multi_output')
    score, count = multi[0][1]
    np.testing.assert_array_equal(score, [0.5, 1.5, 2.5, 3.5])
    np.testing.assert_array_equal(count, [1, 2, 3, 4])
    only_x = _frame_iterator(image_tree, class_mode=None)
    assert _pixel_values(only_x[0]) == [0, 11, 22, 3]


def test_dataframe_weights_classes_and_subset(image_tree):
    weighted = _frame_iterator(image_tree, weight_col='score',
                               class_mode='sparse')
    batch_x, batch_y, batch_w = weighted[0]
    np.testing.assert_array_equal(batch_w, [0.5, 1.5, 2.5, 3.5])
    kept = _frame_iterator(image_tree, classes=['cat', 'ant'],
                           class_mode='sparse')
    assert kept.class_indices == {'ant': 0, 'cat': 1}
    assert _pixel_values(kept[0][0]) == [0, 22, 3]
    np.testing.assert_array_equal(kept[0][1], [0, 1, 0])
    gen = ImageDataGenerator(validation_split=0.25)
    val = DataFrameIterator(_frame(image_tree), str(image_tree), gen,
                            target_size=(4, 6), subset='validation',
                            shuffle=False)
    train = DataFrameIterator(_frame(image_tree), str(image_tree), gen,
                              target_size=(4, 6), subset='training',
                              shuffle=False)
    assert val.filenames == ['ant/0.png']
    assert train.filenames == ['bee/1.png', 'cat/2.png', 'ant/3.png']


def test_dataframe_validates_filenames_and_absolute_paths(image_tree):
    df = _frame(image_tree)
    df.loc[1, 'filename'] = 'bee/missing.png'
    df.loc[2, 'filename'] = 'cat/notes.txt'
    with pytest.warns(UserWarning, match='Found 2 invalid image'):
        it = _frame_iterator(image_tree, df=df)
    assert it.filenames == ['ant/0.png', 'ant/3.png']
    unchecked = _frame_iterator(image_tree, df=df, validate_filenames=False)
    assert unchecked.samples == 4
    absolute = _frame(image_tree)
    absolute['filename'] = [str(image_tree / f) for f in
                            absolute['filename']]
    it = _frame_iterator(image_tree, df=absolute, directory=None)
    assert _pixel_values(it[0][0]) == [0, 11, 22, 3]


def test_dataframe_rejects_bad_arguments(image_tree):
    with pytest.raises(ValueError, match='Invalid class_mode'):
        _frame_iterator(image_tree, class_mode='other')
    with pytest.raises(ValueError, match='there must be 2 classes. Found 3'):
        _frame_iterator(image_tree, class_mode='binary')
    with pytest.raises(TypeError, match='y_col must be a list'):
        _frame_iterator(image_tree, y_col='score', class_mode='multi_output')
    with pytest.raises(TypeError, match='must be strings'):
        _frame_iterator(image_tree, y_col='count', class_mode='sparse')
    with pytest.raises(TypeError, match='weight_col=kind must be numeric'):
        _frame_iterator(image_tree, weight_col='kind')
    df = _frame(image_tree)
    df['filename'] = [1, 2, 3, 4]
    with pytest.raises(TypeError, match='x_col=filename must be strings'):
        _frame_iterator(image_tree, df=df)


def test_flow_from_dataframe_builds_a_dataframe_iterator(image_tree):
    it = ImageDataGenerator().flow_from_dataframe(
        _frame(image_tree), str(image_tree), target_size=(4, 6),
        class_mode='sparse', shuffle=False)
    assert isinstance(it, DataFrameIterator)
    np.testing.assert_array_equal(it[0][1], [0, 1, 2, 0])


# -- training --

@pytest.mark.backends(*TRAINING_BACKENDS)
@pytest.mark.parametrize('use_multiprocessing', [False, True])
def test_fit_generator_sees_every_sample_once_per_epoch(
        image_tree, use_multiprocessing):
    from keras.layers import Dense
    from keras.layers import Flatten
    from keras.models import Sequential
    it = ImageDataGenerator(rescale=1. / 32).flow_from_directory(
        str(image_tree), target_size=(2, 2), class_mode='categorical',
        batch_size=3, shuffle=True, seed=1)
    model = Sequential([Flatten(input_shape=(2, 2, 3)),
                        Dense(3, activation='softmax')])
    model.compile('sgd', 'categorical_crossentropy')
    seen = []
    train_on_batch = model.train_on_batch

    def recording_train_on_batch(x, y, **kwargs):
        seen.append([int(round(v * 32)) for v in x[:, 0, 0, 0]])
        return train_on_batch(x, y, **kwargs)

    model.train_on_batch = recording_train_on_batch
    history = model.fit_generator(it, epochs=2, workers=2,
                                  use_multiprocessing=use_multiprocessing,
                                  verbose=0)
    assert len(history.history['loss']) == 2
    assert len(seen) == 2 * len(it) == 10
    every_image = [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23, 29]
    for epoch in range(2):
        values = sum(seen[epoch * 5:(epoch + 1) * 5], [])
        assert sorted(values) == every_image
