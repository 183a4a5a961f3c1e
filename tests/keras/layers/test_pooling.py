"""Pooling layers against explicit NumPy loops, on the active backend:
windowed max/average (valid and same padding: TensorFlow's, or Keras 2 on
Theano's on the theano backend; both data formats), global pooling (with
masks for GlobalAveragePooling1D), shapes, configs, aliases, Keras 1
spellings and argument errors."""
import itertools
import warnings

import numpy as np
import pytest

from keras import backend as K
from keras import layers
from keras.engine.input_layer import Input
from keras.engine.training import Model
from keras.layers import AveragePooling1D
from keras.layers import AveragePooling2D
from keras.layers import AveragePooling3D
from keras.layers import Dense
from keras.layers import GlobalAveragePooling1D
from keras.layers import GlobalAveragePooling2D
from keras.layers import GlobalAveragePooling3D
from keras.layers import GlobalMaxPooling1D
from keras.layers import GlobalMaxPooling2D
from keras.layers import GlobalMaxPooling3D
from keras.layers import Masking
from keras.layers import MaxPooling1D
from keras.layers import MaxPooling2D
from keras.layers import MaxPooling3D
from keras.layers import pooling
from keras.utils.test_utils import layer_test

WINDOWED = {1: (MaxPooling1D, AveragePooling1D),
            2: (MaxPooling2D, AveragePooling2D),
            3: (MaxPooling3D, AveragePooling3D)}
GLOBAL = {1: (GlobalMaxPooling1D, GlobalAveragePooling1D),
          2: (GlobalMaxPooling2D, GlobalAveragePooling2D),
          3: (GlobalMaxPooling3D, GlobalAveragePooling3D)}


# NumPy references.

def same_pad_before(n, k, s):
    """Zeros before an axis under 'same': TensorFlow's split puts the odd
    one after; Keras 2 on Theano (the theano backend) gave pool_2d a pad
    of k - 2 (odd k above 2) or k - 1 on both sides and kept the first
    ceil(n / s) outputs."""
    if K.backend() == 'theano':
        return k - 2 if k > 2 and k % 2 else k - 1
    out = -(-n // s)
    return max((out - 1) * s + k - n, 0) // 2


def _window(o, n, k, s, padding):
    """The input indices of output position `o` along an axis of size `n`.
    """
    if padding == 'valid':
        start = o * s
    else:
        start = o * s - same_pad_before(n, k, s)
    return [i for i in range(start, start + k) if 0 <= i < n]


def np_pool(x, pool_size, strides, padding, mode, data_format):
    """Pooling by loops over output positions and window entries; only
    real (unpadded) entries take part."""
    if data_format == 'channels_first':
        x = np.moveaxis(x, 1, -1)
    spatial = x.shape[1:-1]
    if padding == 'valid':
        sizes = [(n - k) // s + 1 for n, k, s in
                 zip(spatial, pool_size, strides)]
    else:
        sizes = [-(-n // s) for n, s in zip(spatial, strides)]
    out = np.zeros((x.shape[0],) + tuple(sizes) + (x.shape[-1],))
    for b in range(x.shape[0]):
        for position in itertools.product(*[range(m) for m in sizes]):
            ranges = [_window(o, n, k, s, padding) for o, n, k, s in
                      zip(position, spatial, pool_size, strides)]
            for c in range(x.shape[-1]):
                values = [x[(b,) + idx + (c,)]
                          for idx in itertools.product(*ranges)]
                if mode == 'max':
                    out[(b,) + position + (c,)] = max(values)
                else:
                    out[(b,) + position + (c,)] = sum(values) / len(values)
    if data_format == 'channels_first':
        out = np.moveaxis(out, -1, 1)
    return out


def np_global(x, mode, data_format, mask=None):
    """Global pooling by a loop over the spatial positions of each sample
    and channel; `mask` (batch, steps) selects the steps of a 1D input."""
    if data_format == 'channels_first':
        x = np.moveaxis(x, 1, -1)
    out = np.zeros((x.shape[0], x.shape[-1]))
    for b in range(x.shape[0]):
        for c in range(x.shape[-1]):
            values = []
            for idx in itertools.product(*[range(n) for n in x.shape[1:-1]]):
                if mask is None or mask[b, idx[0]]:
                    values.append(x[(b,) + idx + (c,)])
            out[b, c] = (max(values) if mode == 'max'
                         else sum(values) / len(values))
    return out


def apply(layer, data, mask=None):
    """The layer's output on `data` through K.function; checks the static
    shape against compute_output_shape and the computed one."""
    x = Input(shape=data.shape[1:])
    inputs, values = [x], [data]
    if mask is None:
        y = layer(x)
    else:
        m = Input(shape=mask.shape[1:], dtype='bool')
        y = layer(x, mask=m)
        inputs.append(m)
        values.append(mask)
    output = K.function(inputs, [y])(values)[0]
    expected_shape = layer.compute_output_shape((None,) + data.shape[1:])
    assert y._keras_shape == expected_shape
    assert output.shape[1:] == expected_shape[1:]
    return output


def round_trip(layer):
    clone = layers.deserialize(layers.serialize(layer))
    assert clone.__class__ is layer.__class__
    assert clone.get_config() == layer.get_config()
    return clone


def _data(shape):
    return np.random.uniform(-5, 5, size=shape).astype('float32')


# Windowed pooling.

WINDOWED_CASES = [
    # rank, input shape (channels_last), pool_size, strides
    (1, (2, 7, 3), 3, 2),
    (1, (2, 6, 2), 2, None),
    (2, (2, 5, 5, 3), (2, 3), (2, 1)),
    (2, (2, 5, 4, 2), 2, None),
    (3, (2, 4, 5, 3, 2), 2, (1, 2, 2)),
]


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
@pytest.mark.parametrize('padding', ['valid', 'same'])
@pytest.mark.parametrize('mode', ['max', 'avg'])
@pytest.mark.parametrize('case', WINDOWED_CASES)
def test_windowed_pooling_matches_loops(case, mode, padding, data_format):
    rank, shape, pool_size, strides = case
    layer_cls = WINDOWED[rank][mode == 'avg']
    data = _data(shape)
    if data_format == 'channels_first':
        data = np.ascontiguousarray(np.moveaxis(data, -1, 1))
    layer = layer_cls(pool_size=pool_size, strides=strides, padding=padding,
                      data_format=data_format)
    output = apply(layer, data)
    pool_tuple = (pool_size,) * rank if isinstance(pool_size, int) \
        else pool_size
    stride_tuple = pool_tuple if strides is None else (
        (strides,) * rank if isinstance(strides, int) else strides)
    expected = np_pool(data, pool_tuple, stride_tuple, padding, mode,
                       data_format)
    np.testing.assert_allclose(output, expected, rtol=1e-5, atol=1e-5)
    assert layer.weights == []


def test_average_same_divides_by_real_entries():
    # A ones input: every window mean is 1, also at the padded border.
    data = np.ones((1, 5, 5, 1), dtype='float32')
    output = apply(AveragePooling2D(3, strides=2, padding='same'), data)
    np.testing.assert_allclose(output, np.ones((1, 3, 3, 1)), rtol=1e-6)
    # Hand count: the corner window of [[1, 2], [3, 4]] with pool 3,
    # stride 2, 'same' (pad 1 before) covers the whole 2x2 input.
    data = np.array([[1., 2.], [3., 4.]], 'float32').reshape(1, 2, 2, 1)
    output = apply(AveragePooling2D(3, strides=2, padding='same'), data)
    np.testing.assert_allclose(output.ravel(), [2.5], rtol=1e-6)


def test_pooling_1d_defaults_and_output_shapes():
    layer = MaxPooling1D()
    assert layer.pool_size == (2,) and layer.strides == (2,)
    assert layer.padding == 'valid' and layer.data_format == 'channels_last'
    assert layer.compute_output_shape((None, 7, 3)) == (None, 3, 3)
    assert layer.compute_output_shape((None, None, 3)) == (None, None, 3)
    same = AveragePooling1D(3, padding='same', data_format='channels_first')
    assert same.compute_output_shape((4, 2, 7)) == (4, 2, 3)
    assert same.input_spec.ndim == 3


def test_pooling_nd_defaults_follow_image_data_format():
    for layer_cls, rank in [(MaxPooling2D, 2), (AveragePooling2D, 2),
                            (MaxPooling3D, 3), (AveragePooling3D, 3)]:
        layer = layer_cls()
        assert layer.pool_size == (2,) * rank
        assert layer.strides == (2,) * rank
        assert layer.data_format == K.image_data_format()
        assert layer.input_spec.ndim == rank + 2
    layer = MaxPooling2D((3, 2), strides=1, padding='same',
                         data_format='channels_first')
    assert layer.compute_output_shape((None, 3, 5, None)) == (None, 3, 5,
                                                              None)
    layer = MaxPooling3D(data_format='channels_last')
    assert layer.compute_output_shape((2, 5, 4, 3, 6)) == (2, 2, 2, 1, 6)


@pytest.mark.parametrize('layer_cls', [MaxPooling1D, AveragePooling1D,
                                       MaxPooling2D, AveragePooling2D,
                                       MaxPooling3D, AveragePooling3D])
def test_windowed_config_round_trip(layer_cls):
    rank = {MaxPooling1D: 1, AveragePooling1D: 1, MaxPooling2D: 2,
            AveragePooling2D: 2}.get(layer_cls, 3)
    layer = layer_cls(pool_size=3, strides=1, padding='same',
                      data_format='channels_first', name='pool')
    config = layer.get_config()
    assert config == {'name': 'pool', 'trainable': True, 'dtype': 'float32',
                      'pool_size': (3,) * rank, 'strides': (1,) * rank,
                      'padding': 'same', 'data_format': 'channels_first'}
    clone = round_trip(layer)
    assert clone.pool_size == (3,) * rank and clone.padding == 'same'


def test_padding_is_case_insensitive():
    assert MaxPooling2D(padding='SAME').padding == 'same'


# Global pooling.

@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
@pytest.mark.parametrize('mode', ['max', 'avg'])
@pytest.mark.parametrize('rank,shape', [(1, (3, 5, 2)), (2, (2, 4, 3, 2)),
                                        (3, (2, 3, 2, 4, 2))])
def test_global_pooling_matches_loops(rank, shape, mode, data_format):
    layer_cls = GLOBAL[rank][mode == 'avg']
    data = _data(shape)
    if data_format == 'channels_first':
        data = np.ascontiguousarray(np.moveaxis(data, -1, 1))
    layer = layer_cls(data_format=data_format)
    output = apply(layer, data)
    np.testing.assert_allclose(output, np_global(data, mode, data_format),
                               rtol=1e-5, atol=1e-5)
    channels = data.shape[1] if data_format == 'channels_first' \
        else data.shape[-1]
    assert output.shape == (data.shape[0], channels)


def test_global_pooling_defaults_and_configs():
    for layer_cls in GLOBAL[1]:
        layer = layer_cls(name='g')
        assert layer.data_format == 'channels_last'
        assert layer.get_config() == {'name': 'g', 'trainable': True,
                                      'dtype': 'float32',
                                      'data_format': 'channels_last'}
        assert layer.compute_output_shape((None, None, 4)) == (None, 4)
        round_trip(layer)
    for layer_cls in GLOBAL[2] + GLOBAL[3]:
        layer = layer_cls()
        assert layer.data_format == K.image_data_format()
        clone = round_trip(layer_cls(data_format='channels_first'))
        assert clone.data_format == 'channels_first'
        rank = 2 if layer_cls in GLOBAL[2] else 3
        shape = (None, 3) + (None,) * rank
        assert clone.compute_output_shape(shape) == (None, 3)
        assert layer_cls(data_format='channels_last').compute_output_shape(
            (None,) * (rank + 1) + (5,)) == (None, 5)


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
def test_global_average_pooling_1d_averages_unmasked_steps(data_format):
    data = _data((3, 4, 2))
    mask = np.array([[True, True, False, False],
                     [True, False, True, True],
                     [True, True, True, True]])
    if data_format == 'channels_first':
        data = np.ascontiguousarray(np.moveaxis(data, -1, 1))
    layer = GlobalAveragePooling1D(data_format=data_format)
    assert layer.supports_masking
    output = apply(layer, data, mask=mask)
    np.testing.assert_allclose(output,
                               np_global(data, 'avg', data_format, mask),
                               rtol=1e-5, atol=1e-6)
    # The output carries no mask.
    assert layer._inbound_nodes[0].output_masks == [None]


def test_global_average_pooling_1d_after_masking_layer():
    data = _data((2, 5, 3))
    data[0, 3:] = 0.
    data[1, 1] = 0.
    x = Input(shape=(5, 3))
    y = GlobalAveragePooling1D()(Masking(0.)(x))
    output = K.function([x], [y])([data])[0]
    mask = np.any(data != 0, axis=-1)
    np.testing.assert_allclose(output, np_global(data, 'avg',
                                                 'channels_last', mask),
                               rtol=1e-5, atol=1e-6)
    # Unmasked, the zero steps count.
    np.testing.assert_allclose(apply(GlobalAveragePooling1D(), data),
                               data.mean(axis=1), rtol=1e-5, atol=1e-6)


def test_global_max_pooling_1d_refuses_masks():
    x = Input(shape=(5, 3))
    with pytest.raises(TypeError, match='does not support masking'):
        GlobalMaxPooling1D()(Masking(0.)(x))


@pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')
def test_masked_global_average_trains():
    data = _data((4, 5, 3))
    data[:, 3:] = 0.
    targets = np.random.uniform(size=(4, 1)).astype('float32')
    x = Input(shape=(5, 3))
    y = Dense(1)(GlobalAveragePooling1D()(Masking(0.)(x)))
    model = Model(x, y)
    model.compile('sgd', 'mse')
    before = model.evaluate(data, targets, verbose=0)
    model.fit(data, targets, epochs=3, batch_size=4, verbose=0)
    assert model.evaluate(data, targets, verbose=0) < before


# layer_test on every layer.

LAYER_TEST_CASES = [
    (MaxPooling1D, {}, (2, 6, 3)),
    (MaxPooling1D, {'pool_size': 3, 'strides': 1, 'padding': 'same'},
     (2, 5, 3)),
    (AveragePooling1D, {'data_format': 'channels_first'}, (2, 3, 6)),
    (MaxPooling2D, {'pool_size': (2, 3), 'padding': 'same'}, (2, 5, 5, 2)),
    (AveragePooling2D, {'strides': 1, 'data_format': 'channels_first'},
     (2, 2, 5, 5)),
    (MaxPooling3D, {'data_format': 'channels_first'}, (2, 2, 4, 4, 3)),
    (AveragePooling3D, {'padding': 'same'}, (2, 3, 3, 3, 2)),
    (GlobalMaxPooling1D, {}, (2, 4, 3)),
    (GlobalAveragePooling1D, {'data_format': 'channels_first'}, (2, 3, 4)),
    (GlobalMaxPooling2D, {'data_format': 'channels_first'}, (2, 2, 4, 3)),
    (GlobalAveragePooling2D, {}, (2, 4, 3, 2)),
    (GlobalMaxPooling3D, {}, (2, 3, 2, 3, 2)),
    (GlobalAveragePooling3D, {'data_format': 'channels_first'},
     (2, 2, 3, 2, 3)),
]


@pytest.mark.parametrize('layer_cls,kwargs,input_shape', LAYER_TEST_CASES,
                         ids=lambda v: getattr(v, '__name__', None))
def test_layer_test(layer_cls, kwargs, input_shape):
    layer_test(layer_cls, kwargs=kwargs, input_shape=input_shape)


# Names.

def test_aliases_and_import_paths():
    assert pooling.MaxPool1D is MaxPooling1D
    assert pooling.MaxPool2D is MaxPooling2D
    assert pooling.MaxPool3D is MaxPooling3D
    assert pooling.AvgPool1D is AveragePooling1D
    assert pooling.AvgPool2D is AveragePooling2D
    assert pooling.AvgPool3D is AveragePooling3D
    assert pooling.GlobalMaxPool1D is GlobalMaxPooling1D
    assert pooling.GlobalMaxPool2D is GlobalMaxPooling2D
    assert pooling.GlobalMaxPool3D is GlobalMaxPooling3D
    assert pooling.GlobalAvgPool1D is GlobalAveragePooling1D
    assert pooling.GlobalAvgPool2D is GlobalAveragePooling2D
    assert pooling.GlobalAvgPool3D is GlobalAveragePooling3D
    for name in ['MaxPool1D', 'MaxPool2D', 'MaxPool3D', 'AvgPool1D',
                 'AvgPool2D', 'AvgPool3D', 'GlobalMaxPool1D',
                 'GlobalMaxPool2D', 'GlobalMaxPool3D', 'GlobalAvgPool1D',
                 'GlobalAvgPool2D', 'GlobalAvgPool3D']:
        assert getattr(layers, name) is getattr(pooling, name)
    # 2.3.1 writes the class name; configs deserialise by it.
    config = {'class_name': 'MaxPooling2D',
              'config': {'pool_size': [2, 2], 'strides': [1, 1],
                         'padding': 'valid', 'data_format': 'channels_last',
                         'name': 'max_pooling2d_7', 'trainable': True}}
    layer = layers.deserialize(config)
    assert isinstance(layer, MaxPooling2D)
    assert layer.pool_size == (2, 2) and layer.strides == (1, 1)


# Keras 1 spellings.

def test_keras1_pooling_1d_arguments():
    with pytest.warns(UserWarning, match='Update your `MaxPooling1D` call '
                      'to the Keras 2 API'):
        layer = MaxPooling1D(pool_length=2, stride=1, border_mode='same')
    assert layer.pool_size == (2,) and layer.strides == (1,)
    assert layer.padding == 'same'
    data = _data((2, 5, 3))
    np.testing.assert_allclose(apply(layer, data),
                               np_pool(data, (2,), (1,), 'same', 'max',
                                       'channels_last'), rtol=1e-6)
    with pytest.warns(UserWarning, match='AveragePooling1D'):
        layer = AveragePooling1D(pool_length=3)
    assert layer.pool_size == (3,) and layer.strides == (3,)


def test_keras1_pooling_nd_arguments():
    with pytest.warns(UserWarning, match='Update your `MaxPooling2D` call'):
        layer = MaxPooling2D(dim_ordering='th')
    assert layer.data_format == 'channels_first'
    with pytest.warns(UserWarning):
        layer = AveragePooling2D((2, 2), border_mode='same',
                                 dim_ordering='tf')
    assert layer.data_format == 'channels_last' and layer.padding == 'same'
    with pytest.warns(UserWarning):
        layer = MaxPooling3D(pool_size=(1, 2, 2), dim_ordering='th')
    assert layer.data_format == 'channels_first'
    with pytest.warns(UserWarning):
        layer = AveragePooling3D(border_mode='same')
    assert layer.padding == 'same'
    with pytest.warns(UserWarning, match='GlobalAveragePooling2D'):
        layer = GlobalAveragePooling2D(dim_ordering='th')
    assert layer.data_format == 'channels_first'
    with pytest.warns(UserWarning, match='GlobalMaxPooling3D'):
        layer = GlobalMaxPooling3D(dim_ordering='tf')
    assert layer.data_format == 'channels_last'
    data = _data((2, 3, 4, 4))
    with pytest.warns(UserWarning):
        layer = MaxPooling2D(dim_ordering='th')
    np.testing.assert_allclose(apply(layer, data),
                               np_pool(data, (2, 2), (2, 2), 'valid', 'max',
                                       'channels_first'), rtol=1e-6)


def test_keras2_spellings_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        MaxPooling1D(2, 1, 'same')
        MaxPooling2D((2, 2), None, 'valid', data_format='channels_last')
        GlobalAveragePooling2D(data_format='channels_last')


def test_keras1_and_keras2_names_together_are_refused():
    with pytest.raises(TypeError, match='pool_size'):
        MaxPooling1D(pool_size=2, pool_length=2)
    with pytest.raises(TypeError, match='positional'):
        MaxPooling2D((2, 2), (1, 1), 'valid', 'channels_last')


# Argument errors.

@pytest.mark.parametrize('layer_cls', [MaxPooling1D, AveragePooling2D,
                                       MaxPooling3D])
@pytest.mark.parametrize('bad', [0, -1, 'a', 2.5, (2, 0, 2, 2)])
def test_bad_pool_size_and_strides(layer_cls, bad):
    with pytest.raises(ValueError, match='pool_size') as info:
        layer_cls(pool_size=bad)
    assert repr(bad) in str(info.value)
    with pytest.raises(ValueError, match='strides'):
        layer_cls(strides=bad)


@pytest.mark.parametrize('layer_cls', [MaxPooling1D, AveragePooling1D,
                                       MaxPooling2D, AveragePooling3D])
@pytest.mark.parametrize('bad', ['causal', 'full', 'bogus', None])
def test_bad_padding(layer_cls, bad):
    with pytest.raises(ValueError, match='padding') as info:
        layer_cls(padding=bad)
    assert "'valid', 'same'" in str(info.value)
    assert repr(bad) in str(info.value)


@pytest.mark.parametrize('layer_cls', [MaxPooling1D, MaxPooling2D,
                                       AveragePooling3D, GlobalMaxPooling1D,
                                       GlobalAveragePooling1D,
                                       GlobalAveragePooling2D,
                                       GlobalMaxPooling3D])
def test_bad_data_format(layer_cls):
    with pytest.raises(ValueError, match='data_format.*channels_first.*'
                       'bogus'):
        layer_cls(data_format='bogus')


def test_wrong_input_rank_is_refused():
    with pytest.raises(ValueError, match='ndim'):
        MaxPooling2D()(Input(shape=(5, 3)))
    with pytest.raises(ValueError, match='ndim'):
        GlobalAveragePooling1D()(Input(shape=(5, 5, 3)))


@pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')
def test_same_average_pooling_trains_after_predict():
    # 'same' average pooling with an uneven pad rescales border windows;
    # predicting first (torch: inference mode) must not leave anything
    # behind that the gradient of a later fit cannot use.
    inputs = Input(shape=(5, 5, 1))
    pooled = AveragePooling2D(pool_size=2, padding='same')(inputs)
    outputs = layers.Dense(1, kernel_initializer='ones',
                           use_bias=False)(layers.Flatten()(pooled))
    model = Model(inputs, outputs)
    model.compile('sgd', 'mse')
    x = np.arange(25, dtype='float32').reshape(1, 5, 5, 1) / 25.
    # 3x3 output; the last row and column average fewer real entries.
    model.predict(x)
    before = model.get_weights()[0][:, 0]
    model.fit(x, np.zeros((1, 1)), epochs=1, verbose=0)
    after = model.get_weights()[0][:, 0]
    image = x[0, :, :, 0]
    # Windows start at 0, 2, 4 (TensorFlow) or -1, 1, 3 (Theano).
    starts = [s - same_pad_before(5, 2, 2) for s in (0, 2, 4)]
    expected_pool = np.array([[
        image[max(r, 0):r + 2, max(c, 0):c + 2].mean() for c in starts]
        for r in starts])
    prediction = expected_pool.sum()
    # One SGD step on mse: w -= lr * 2 * (prediction - 0) * pooled.
    np.testing.assert_allclose(
        after, before - 0.01 * 2 * prediction * expected_pool.ravel(),
        rtol=1e-5)
