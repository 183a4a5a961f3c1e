"""Keras 2 module paths that user code imports: keras.backend.
tensorflow_backend, theano_backend, numpy_backend, cntk_backend,
load_backend and common. Run on every backend: numpy_backend must give
numpy results, on the numpy backend, whatever backend is active."""
import importlib
import inspect
import os
import sys
import types

import numpy as np
import pytest
from scipy import signal

import keras.backend as K
from keras.backend import active
from keras.backend import common
from keras.backend import load_backend
from keras.backend import numpy_backend as KNP
from keras.backend import tensorflow_backend as KTF
from keras.backend import theano_backend as KTH

RNG = np.random.RandomState(1234)

K_FUNCTIONS = sorted(
    name for name, value in vars(K).items()
    if not name.startswith('_') and not isinstance(value, types.ModuleType))


# tensorflow_backend, theano_backend, load_backend: aliases of K.

@pytest.mark.parametrize('module', [KTF, KTH, load_backend],
                         ids=['tensorflow_backend', 'theano_backend',
                              'load_backend'])
def test_alias_modules_offer_every_k_function(module):
    missing = [name for name in K_FUNCTIONS if not hasattr(module, name)]
    assert not missing, '%s lacks %s' % (module.__name__, missing)
    for name in K_FUNCTIONS:
        if module is KTH and name == 'pattern_broadcast':
            # Theano's own version, which also marks the axes.
            assert inspect.signature(KTH.pattern_broadcast) == \
                inspect.signature(K.pattern_broadcast)
        else:
            assert getattr(module, name) is getattr(K, name), name


def test_load_backend_names_the_backend_and_its_config():
    assert load_backend.backend() == K.backend() == load_backend._BACKEND
    assert load_backend._keras_dir == os.environ['KERAS_HOME']
    assert load_backend._config_path == os.path.join(
        os.environ['KERAS_HOME'], 'keras.json')
    assert os.path.exists(load_backend._config_path)
    with pytest.raises(AttributeError):
        load_backend._BACKEND = 'mxnet'
    assert load_backend._BACKEND == K.backend()


def test_cntk_backend_explains_why_it_is_unavailable():
    for _ in range(2):  # a failed import is not cached: it fails each time
        sys.modules.pop('keras.backend.cntk_backend', None)
        with pytest.raises(ImportError,
                           match='CNTK has no build for Python 3.8'):
            importlib.import_module('keras.backend.cntk_backend')


# common: the global configuration.

COMMON_SIGNATURES = {
    'cast_to_floatx': '(x)',
    'eager': '(func)',
    'epsilon': '()',
    'floatx': '()',
    'image_data_format': '()',
    'image_dim_ordering': '()',
    'normalize_data_format': '(value)',
    'set_epsilon': '(e)',
    'set_floatx': '(floatx)',
    'set_image_data_format': '(data_format)',
    'set_image_dim_ordering': '(dim_ordering)',
    'symbolic': '(func)',
}


@pytest.fixture
def saved_config():
    saved = K.floatx(), K.epsilon(), K.image_data_format()
    yield
    K.set_floatx(saved[0])
    K.set_epsilon(saved[1])
    K.set_image_data_format(saved[2])


def test_common_has_the_keras_2_functions():
    for name, signature in COMMON_SIGNATURES.items():
        assert str(inspect.signature(getattr(common, name))) == signature
        assert getattr(common, name) is getattr(K, name)


def test_common_setters_change_k(saved_config):
    common.set_epsilon(1e-3)
    assert K.epsilon() == 1e-3
    common.set_floatx('float64')
    assert K.floatx() == 'float64'
    assert common.cast_to_floatx([1, 2]).dtype == np.float64
    common.set_image_data_format('channels_first')
    assert K.image_data_format() == 'channels_first'
    assert common.image_dim_ordering() == 'th'
    assert common.normalize_data_format(None) == 'channels_first'
    common.set_image_dim_ordering('tf')
    assert K.image_data_format() == 'channels_last'
    with pytest.raises(ValueError, match='float8'):
        common.set_floatx('float8')


def test_common_private_globals_read_and_assign_the_state(saved_config):
    K.set_epsilon(1e-4)
    assert common._EPSILON == 1e-4
    assert common._FLOATX == K.floatx()
    assert common._IMAGE_DATA_FORMAT == K.image_data_format()
    common._FLOATX = 'float16'
    common._EPSILON = 1e-2
    common._IMAGE_DATA_FORMAT = 'channels_first'
    assert (K.floatx(), K.epsilon(), K.image_data_format()) == (
        'float16', 1e-2, 'channels_first')
    with pytest.raises(ValueError, match='float8'):
        common._FLOATX = 'float8'


def test_symbolic_and_eager_decorators_keep_the_function():
    def twice(x):
        return 2 * x
    assert common.symbolic(twice)(3) == 6
    assert common.eager(twice)(3) == 6


# numpy_backend: the reference implementation on numpy arrays.

# Every public name of 2.3.1's numpy_backend.py except its private helper
# normalize_conv.
KNP_NAMES = '''
abs all any arange argmax argmin batch_dot batch_flatten
batch_normalization bias_add binary_crossentropy categorical_crossentropy
clip concatenate constant conv conv1d conv2d conv2d_transpose conv3d
conv3d_transpose conv_transpose cos count_params ctc_decode cumprod cumsum
depthwise_conv depthwise_conv2d dot dropout dtype elu equal eval exp
expand_dims eye flatten gather get_value get_variable_shape greater
greater_equal hard_sigmoid in_test_phase in_top_k in_train_phase int_shape
l2_normalize learning_phase less less_equal log logsumexp max maximum mean
min minimum ndim not_equal one_hot ones ones_like permute_dimensions pool
pool2d pool3d pow print_tensor prod random_normal_variable
random_uniform_variable relu repeat repeat_elements reshape resize_images
resize_volumes reverse rnn round separable_conv separable_conv1d
separable_conv2d set_learning_phase sigmoid sign sin slice softmax softplus
softsign spatial_2d_padding spatial_3d_padding sqrt square squeeze stack
std sum switch tanh temporal_padding tile transpose var variable zeros
zeros_like
'''.split()

KNP_HELPER_SIGNATURES = {
    'conv': '(x, w, padding, data_format, dilation_rate=1)',
    'conv_transpose': '(x, w, output_shape, padding, data_format, '
                      'dilation_rate=1)',
    'depthwise_conv': '(x, w, padding, data_format)',
    'pool': '(x, pool_size, strides, padding, data_format, pool_mode)',
    'separable_conv': '(x, w1, w2, padding, data_format)',
}


@pytest.fixture
def untouched_backend():
    """Checks that numpy_backend leaves the active backend as it was."""
    before, name = active.current(), K.backend()
    yield
    assert active.current() is before
    assert K.backend() == name


def test_numpy_backend_names_and_signatures():
    assert len(KNP_NAMES) == 111
    for name in KNP_NAMES:
        function = getattr(KNP, name, None)
        assert callable(function), 'numpy_backend.%s is missing' % name
        if name in KNP_HELPER_SIGNATURES:
            assert str(inspect.signature(function)) == \
                KNP_HELPER_SIGNATURES[name]
        else:
            assert inspect.signature(function) == \
                inspect.signature(getattr(K, name)), name


def test_relu_is_computed_on_numpy(untouched_backend):
    x = RNG.randn(3, 4).astype('float32')
    y = KNP.relu(x)
    assert type(y) is np.ndarray
    np.testing.assert_array_equal(y, np.maximum(x, 0.))
    leaky = KNP.relu(x, alpha=0.1, max_value=0.5)
    np.testing.assert_allclose(leaky, np.where(x > 0, np.minimum(x, 0.5),
                                               0.1 * x), rtol=1e-6)


def test_variables_are_numpy_arrays(untouched_backend):
    data = RNG.randn(3, 3)
    v = KNP.variable(data)
    assert type(v) is np.ndarray and v.dtype == K.floatx()
    np.testing.assert_array_equal(KNP.eval(v), data.astype(K.floatx()))
    np.testing.assert_allclose(KNP.dot(v, v), v @ v, rtol=1e-5)
    ones = KNP.ones((2, 3))
    assert type(ones) is np.ndarray
    np.testing.assert_array_equal(ones, np.ones((2, 3)))
    assert KNP.int_shape(v) == (3, 3) and KNP.ndim(v) == 2
    assert KNP.count_params(v) == 9 and KNP.dtype(v) == K.floatx()
    uniform = KNP.random_uniform_variable((200,), -1., 2., seed=3)
    assert type(uniform) is np.ndarray
    assert uniform.min() >= -1. and uniform.max() < 2.


def test_values_of_the_active_backend_are_accepted(untouched_backend):
    data = RNG.randn(2, 3).astype('float32')
    total = KNP.sum(K.variable(data), axis=1)
    assert isinstance(total, np.ndarray)
    np.testing.assert_allclose(total, data.sum(axis=1), rtol=1e-5)
    stacked = KNP.concatenate([data, K.eval(K.constant(data))], axis=0)
    np.testing.assert_array_equal(stacked, np.concatenate([data, data]))


def test_learning_phase_is_the_modules_own(untouched_backend):
    x = np.ones(3)
    assert KNP.learning_phase() == 0
    np.testing.assert_array_equal(KNP.in_train_phase(x, -x), -x)
    np.testing.assert_array_equal(KNP.in_test_phase(x, -x), x)
    try:
        KNP.set_learning_phase(1)
        np.testing.assert_array_equal(KNP.in_train_phase(x, -x), x)
        assert K.is_tensor(K.learning_phase())
    finally:
        KNP.set_learning_phase(0)
    np.testing.assert_array_equal(
        KNP.in_train_phase(lambda: x, lambda: -x, training=1), x)
    with pytest.raises(ValueError, match='0 or 1'):
        KNP.set_learning_phase(2)


# Convolution and pooling against definitions written here.

def correlate_nhwc(x, kernel):
    """'valid' cross-correlation, channels last, any number of spatial
    axes, from scipy's n-dimensional correlate."""
    batch, channels_out = x.shape[0], kernel.shape[-1]
    out = [[sum(signal.correlate(x[b, ..., c], kernel[..., c, o],
                                 mode='valid')
                for c in range(x.shape[-1]))
            for o in range(channels_out)] for b in range(batch)]
    return np.moveaxis(np.array(out), 1, -1)


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
def test_conv2d_is_a_cross_correlation(untouched_backend, data_format):
    x = RNG.randn(2, 5, 6, 3).astype('float32')
    kernel = RNG.randn(3, 2, 3, 4).astype('float32')
    expected = correlate_nhwc(x, kernel)
    if data_format == 'channels_first':
        x, expected = np.moveaxis(x, -1, 1), np.moveaxis(expected, -1, 1)
    for y in (KNP.conv2d(x, kernel, data_format=data_format),
              KNP.conv(x, kernel, 'valid', data_format)):
        assert type(y) is np.ndarray
        np.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-5)


def test_rank_generic_conv_1d_and_3d(untouched_backend):
    x = RNG.randn(2, 7, 3).astype('float32')
    kernel = RNG.randn(3, 3, 2).astype('float32')
    np.testing.assert_allclose(KNP.conv(x, kernel, 'valid', 'channels_last'),
                               correlate_nhwc(x, kernel), rtol=1e-4,
                               atol=1e-5)
    x = RNG.randn(1, 4, 3, 5, 2).astype('float32')
    kernel = RNG.randn(2, 2, 3, 2, 3).astype('float32')
    np.testing.assert_allclose(KNP.conv(x, kernel, 'valid', 'channels_last'),
                               correlate_nhwc(x, kernel), rtol=1e-4,
                               atol=1e-5)


def test_depthwise_conv_1d(untouched_backend):
    x = RNG.randn(2, 7, 3).astype('float32')
    kernel = RNG.randn(3, 3, 2).astype('float32')
    # Output channel c * multiplier + m sees input channel c only.
    expected = np.stack([
        sum(x[:, k:k + 5, c] * kernel[k, c, m] for k in range(3))
        for c in range(3) for m in range(2)], axis=-1)
    np.testing.assert_allclose(
        KNP.depthwise_conv(x, kernel, 'valid', 'channels_last'), expected,
        rtol=1e-4, atol=1e-5)
    channels_first = KNP.depthwise_conv(np.moveaxis(x, -1, 1), kernel,
                                        'valid', 'channels_first')
    np.testing.assert_allclose(channels_first, np.moveaxis(expected, -1, 1),
                               rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize('padding', ['valid', 'same'])
@pytest.mark.parametrize('spatial', [(7,), (6, 5)])
def test_conv_transpose_is_the_adjoint_of_conv(untouched_backend, padding,
                                               spatial):
    # <conv(y, w), x> == <y, conv_transpose(x, w)> for every y and x.
    rank = len(spatial)
    y = RNG.randn(2, *spatial, 3)
    kernel = RNG.randn(*(3,) * rank, 3, 4)
    forward = KNP.conv(y, kernel, padding, 'channels_last')
    x = RNG.randn(*forward.shape)
    back = KNP.conv_transpose(x, kernel, y.shape, padding, 'channels_last')
    assert back.shape == y.shape
    np.testing.assert_allclose(np.sum(forward * x), np.sum(y * back),
                               rtol=1e-4)


def test_pooling_over_disjoint_windows(untouched_backend):
    x = RNG.randn(2, 4, 6, 3).astype('float32')
    windows = x.reshape(2, 2, 2, 3, 2, 3)
    np.testing.assert_allclose(KNP.pool2d(x, (2, 2), strides=(2, 2)),
                               windows.max(axis=(2, 4)))
    np.testing.assert_allclose(
        KNP.pool(x, (2, 2), (2, 2), 'valid', 'channels_last', 'avg'),
        windows.mean(axis=(2, 4)), rtol=1e-5)
    steps = RNG.randn(2, 6, 3).astype('float32')
    np.testing.assert_allclose(
        KNP.pool(steps, 2, 2, 'valid', 'channels_last', 'max'),
        steps.reshape(2, 3, 2, 3).max(axis=2))
    np.testing.assert_allclose(
        KNP.pool(np.moveaxis(steps, -1, 1), 2, 2, 'valid', 'channels_first',
                 'avg'),
        np.moveaxis(steps.reshape(2, 3, 2, 3).mean(axis=2), -1, 1),
        rtol=1e-5)


# Recurrence and CTC decoding.

def test_rnn_with_a_step_function_written_in_numpy_backend(
        untouched_backend):
    inputs = RNG.randn(2, 5, 3).astype('float32')
    w_in = RNG.randn(3, 4).astype('float32')
    w_state = RNG.randn(4, 4).astype('float32')

    def step(x_t, states):
        h = KNP.tanh(KNP.dot(x_t, w_in) + KNP.dot(states[0], w_state))
        return h, [h]

    last, outputs, states = KNP.rnn(step, inputs, [np.zeros((2, 4),
                                                            'float32')])
    h, expected = np.zeros((2, 4)), []
    for t in range(5):
        h = np.tanh(inputs[:, t] @ w_in + h @ w_state)
        expected.append(h)
    assert type(outputs) is np.ndarray
    np.testing.assert_allclose(outputs, np.stack(expected, axis=1),
                               rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(last, h, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(states[0], h, rtol=1e-4, atol=1e-5)


def test_greedy_ctc_decode(untouched_backend):
    # Best path 0 0 blank 1 1 over classes {0, 1, blank=2}: labels [0, 1].
    y_pred = np.array([[[.6, .3, .1], [.5, .2, .3], [.1, .1, .8],
                        [.2, .7, .1], [.3, .6, .1]]], dtype='float32')
    decoded, log_prob = KNP.ctc_decode(y_pred, np.array([5]))
    assert len(decoded) == 1 and type(decoded[0]) is np.ndarray
    np.testing.assert_array_equal(decoded[0], [[0, 1]])
    # TensorFlow's greedy decoder gives minus the sum of the best
    # log-probabilities (of y_pred + epsilon).
    np.testing.assert_allclose(
        log_prob, [[-np.log(y_pred.max(axis=-1) + K.epsilon()).sum()]],
        rtol=1e-5)
