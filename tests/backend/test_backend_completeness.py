"""The active backend has every primitive, and `keras.backend` is exactly
Keras 2.3.1's K: every name, with its signature and defaults, and no
undocumented public name. A missing or changed name is a visible failure,
one per name."""
import inspect
import types

import pytest

import keras.backend as K
from backend_harness import BACKEND
from keras.backend.numpy.conv import NumpyConv
from keras.backend.numpy.ctc import NumpyCtc
from keras.backend.numpy.pooling import NumpyPooling
from keras.backend.numpy.random import NumpyRandom
from keras.backend.numpylike.array import NumpyLikeArray
from keras.backend.numpylike.control_flow import NumpyLikeControlFlow
from keras.backend.numpylike.math import NumpyLikeMath
from keras.backend.numpylike.nn import NumpyLikeNN

# The reference implementations of the primitive families: the numpy-like
# code shared by numpy, jax and pytensor, and the numpy backend's oracles.
PRIMITIVE_FAMILIES = (NumpyLikeArray, NumpyLikeMath, NumpyLikeNN,
                      NumpyLikeControlFlow, NumpyRandom, NumpyConv,
                      NumpyPooling, NumpyCtc)

# The primitives the K ops of issue 5 are built on (docs/architecture.md,
# primitive contracts), listed as well so that a reference class that does
# not define one yet cannot hide it from this check.
CONTRACT_PRIMITIVES = ('conv', 'depthwise_conv', 'conv_transpose', 'pool',
                       'scan', 'ctc_loss', 'ctc_greedy_decode',
                       'ctc_beam_search_decode')

PRIMITIVES = sorted(set(CONTRACT_PRIMITIVES) | set(
    name for family in PRIMITIVE_FAMILIES
    for name, member in vars(family).items()
    if callable(member) and not name.startswith('_')))


@pytest.mark.parametrize('name', PRIMITIVES)
def test_primitive_exists(name):
    method = getattr(BACKEND, name, None)
    assert callable(method), (
        'the %s backend lacks the primitive %r (see keras/backend/numpylike, '
        'keras/backend/numpy and PRIMITIVES_ADDED.txt)' % (K.backend(), name))


# The 159 names keras/backend/__init__.py of Keras 2.3.1 exports, with
# their signatures there (../shared/reference/keras-2.3.1-api.md, section
# "Backend functions"). Where the backends of 2.3.1 differ, this is
# tensorflow_backend.py's, the Keras 2 default backend (batch_get_value,
# function, moving_average_update, placeholder, random_*_variable);
# name_scope was `tf.name_scope`, whose TF2 signature is (name).
KERAS_2_SIGNATURES = {
    'abs': '(x)',
    'all': '(x, axis=None, keepdims=False)',
    'any': '(x, axis=None, keepdims=False)',
    'arange': "(start, stop=None, step=1, dtype='int32')",
    'argmax': '(x, axis=-1)',
    'argmin': '(x, axis=-1)',
    'backend': '()',
    'batch_dot': '(x, y, axes=None)',
    'batch_flatten': '(x)',
    'batch_get_value': '(ops)',
    'batch_normalization': '(x, mean, var, beta, gamma, axis=-1, '
                           'epsilon=0.001)',
    'batch_set_value': '(tuples)',
    'bias_add': '(x, bias, data_format=None)',
    'binary_crossentropy': '(target, output, from_logits=False)',
    'cast': '(x, dtype)',
    'cast_to_floatx': '(x)',
    'categorical_crossentropy': '(target, output, from_logits=False, axis=-1)',
    'clear_session': '()',
    'clip': '(x, min_value, max_value)',
    'concatenate': '(tensors, axis=-1)',
    'constant': '(value, dtype=None, shape=None, name=None)',
    'control_dependencies': '(control_inputs)',
    'conv1d': "(x, kernel, strides=1, padding='valid', data_format=None, "
              'dilation_rate=1)',
    'conv2d': "(x, kernel, strides=(1, 1), padding='valid', "
              'data_format=None, dilation_rate=(1, 1))',
    'conv2d_transpose': '(x, kernel, output_shape, strides=(1, 1), '
                        "padding='valid', data_format=None, "
                        'dilation_rate=(1, 1))',
    'conv3d': "(x, kernel, strides=(1, 1, 1), padding='valid', "
              'data_format=None, dilation_rate=(1, 1, 1))',
    'conv3d_transpose': '(x, kernel, output_shape, strides=(1, 1, 1), '
                        "padding='valid', data_format=None)",
    'cos': '(x)',
    'count_params': '(x)',
    'ctc_batch_cost': '(y_true, y_pred, input_length, label_length)',
    'ctc_decode': '(y_pred, input_length, greedy=True, beam_width=100, '
                  'top_paths=1, merge_repeated=False)',
    'ctc_label_dense_to_sparse': '(labels, label_lengths)',
    'cumprod': '(x, axis=0)',
    'cumsum': '(x, axis=0)',
    'depthwise_conv2d': '(x, depthwise_kernel, strides=(1, 1), '
                        "padding='valid', data_format=None, "
                        'dilation_rate=(1, 1))',
    'dot': '(x, y)',
    'dropout': '(x, level, noise_shape=None, seed=None)',
    'dtype': '(x)',
    'eager': '(func)',
    'elu': '(x, alpha=1.0)',
    'epsilon': '()',
    'equal': '(x, y)',
    'eval': '(x)',
    'exp': '(x)',
    'expand_dims': '(x, axis=-1)',
    'eye': '(size, dtype=None, name=None)',
    'flatten': '(x)',
    'floatx': '()',
    'foldl': '(fn, elems, initializer=None, name=None)',
    'foldr': '(fn, elems, initializer=None, name=None)',
    'function': '(inputs, outputs, updates=None, **kwargs)',
    'gather': '(reference, indices)',
    'get_session': '()',
    'get_uid': "(prefix='')",
    'get_value': '(x)',
    'gradients': '(loss, variables)',
    'greater': '(x, y)',
    'greater_equal': '(x, y)',
    'hard_sigmoid': '(x)',
    'identity': '(x, name=None)',
    'image_data_format': '()',
    'in_test_phase': '(x, alt, training=None)',
    'in_top_k': '(predictions, targets, k)',
    'in_train_phase': '(x, alt, training=None)',
    'int_shape': '(x)',
    'is_keras_tensor': '(x)',
    'is_placeholder': '(x)',
    'is_sparse': '(tensor)',
    'is_tensor': '(x)',
    'is_variable': '(x)',
    'l2_normalize': '(x, axis=None)',
    'learning_phase': '()',
    'less': '(x, y)',
    'less_equal': '(x, y)',
    'local_conv1d': '(inputs, kernel, kernel_size, strides, data_format=None)',
    'local_conv2d': '(inputs, kernel, kernel_size, strides, output_shape, '
                    'data_format=None)',
    'log': '(x)',
    'logsumexp': '(x, axis=None, keepdims=False)',
    'manual_variable_initialization': '(value)',
    'map_fn': '(fn, elems, name=None, dtype=None)',
    'max': '(x, axis=None, keepdims=False)',
    'maximum': '(x, y)',
    'mean': '(x, axis=None, keepdims=False)',
    'min': '(x, axis=None, keepdims=False)',
    'minimum': '(x, y)',
    'moving_average_update': '(x, value, momentum)',
    'name_scope': '(name)',
    'ndim': '(x)',
    'normalize_batch_in_training': '(x, gamma, beta, reduction_axes, '
                                   'epsilon=0.001)',
    'normalize_data_format': '(value)',
    'not_equal': '(x, y)',
    'one_hot': '(indices, num_classes)',
    'ones': '(shape, dtype=None, name=None)',
    'ones_like': '(x, dtype=None, name=None)',
    'pattern_broadcast': '(x, broadcastable)',
    'permute_dimensions': '(x, pattern)',
    'placeholder': '(shape=None, ndim=None, dtype=None, sparse=False, '
                   'name=None)',
    'pool2d': "(x, pool_size, strides=(1, 1), padding='valid', "
              "data_format=None, pool_mode='max')",
    'pool3d': "(x, pool_size, strides=(1, 1, 1), padding='valid', "
              "data_format=None, pool_mode='max')",
    'pow': '(x, a)',
    'print_tensor': "(x, message='')",
    'prod': '(x, axis=None, keepdims=False)',
    'random_binomial': '(shape, p=0.0, dtype=None, seed=None)',
    'random_normal': '(shape, mean=0.0, stddev=1.0, dtype=None, seed=None)',
    'random_normal_variable': '(shape, mean, scale, dtype=None, name=None, '
                              'seed=None)',
    'random_uniform': '(shape, minval=0.0, maxval=1.0, dtype=None, seed=None)',
    'random_uniform_variable': '(shape, low, high, dtype=None, name=None, '
                               'seed=None)',
    'relu': '(x, alpha=0.0, max_value=None, threshold=0.0)',
    'repeat': '(x, n)',
    'repeat_elements': '(x, rep, axis)',
    'reset_uids': '()',
    'reshape': '(x, shape)',
    'resize_images': '(x, height_factor, width_factor, data_format, '
                     "interpolation='nearest')",
    'resize_volumes': '(x, depth_factor, height_factor, width_factor, '
                      'data_format)',
    'reverse': '(x, axes)',
    'rnn': '(step_function, inputs, initial_states, go_backwards=False, '
           'mask=None, constants=None, unroll=False, input_length=None)',
    'round': '(x)',
    'separable_conv1d': '(x, depthwise_kernel, pointwise_kernel, strides=1, '
                        "padding='valid', data_format=None, dilation_rate=1)",
    'separable_conv2d': '(x, depthwise_kernel, pointwise_kernel, '
                        "strides=(1, 1), padding='valid', data_format=None, "
                        'dilation_rate=(1, 1))',
    'set_epsilon': '(e)',
    'set_floatx': '(floatx)',
    'set_image_data_format': '(data_format)',
    'set_learning_phase': '(value)',
    'set_session': '(session)',
    'set_value': '(x, value)',
    'shape': '(x)',
    'sigmoid': '(x)',
    'sign': '(x)',
    'sin': '(x)',
    'size': '(x, name=None)',
    'slice': '(x, start, size)',
    'softmax': '(x, axis=-1)',
    'softplus': '(x)',
    'softsign': '(x)',
    'sparse_categorical_crossentropy': '(target, output, from_logits=False, '
                                       'axis=-1)',
    'spatial_2d_padding': '(x, padding=((1, 1), (1, 1)), data_format=None)',
    'spatial_3d_padding': '(x, padding=((1, 1), (1, 1), (1, 1)), '
                          'data_format=None)',
    'sqrt': '(x)',
    'square': '(x)',
    'squeeze': '(x, axis)',
    'stack': '(x, axis=0)',
    'std': '(x, axis=None, keepdims=False)',
    'stop_gradient': '(variables)',
    'sum': '(x, axis=None, keepdims=False)',
    'switch': '(condition, then_expression, else_expression)',
    'symbolic': '(func)',
    'tanh': '(x)',
    'temporal_padding': '(x, padding=(1, 1))',
    'tile': '(x, n)',
    'to_dense': '(tensor)',
    'transpose': '(x)',
    'truncated_normal': '(shape, mean=0.0, stddev=1.0, dtype=None, seed=None)',
    'update': '(x, new_x)',
    'update_add': '(x, increment)',
    'update_sub': '(x, decrement)',
    'var': '(x, axis=None, keepdims=False)',
    'variable': '(value, dtype=None, name=None, constraint=None)',
    'zeros': '(shape, dtype=None, name=None)',
    'zeros_like': '(x, dtype=None, name=None)',
}

# Public names K has beyond 2.3.1's list, on purpose. Anything else public
# in K is a name that escaped without a decision (submodules of
# keras.backend, which Python sets as attributes of the package on import,
# are not names of the API).
PROJECT_EXTRAS = {
    'get_variable_shape': (
        '(x)', 'defined by every 2.3.1 backend module and part of K up to '
        'Keras 2.2.4 (which star-imported the backend); Keras 2 code still '
        'calls it'),
    'image_dim_ordering': (
        '()', 'defined in 2.3.1 common.py and part of K up to 2.2.4; '
        'Keras 1-era code reads it'),
    'set_image_dim_ordering': (
        '(dim_ordering)', 'the setter of image_dim_ordering, same history'),
}


def public_names(module):
    return set(
        name for name, value in vars(module).items()
        if not name.startswith('_') and not (
            isinstance(value, types.ModuleType)
            and value.__name__.startswith(module.__name__ + '.')))


def test_there_are_159_keras_2_names():
    assert len(KERAS_2_SIGNATURES) == 159


@pytest.mark.parametrize('name', sorted(KERAS_2_SIGNATURES))
def test_keras_2_name_exists(name):
    assert callable(getattr(K, name, None)), 'K.%s is missing' % name


@pytest.mark.parametrize('name', sorted(KERAS_2_SIGNATURES))
def test_keras_2_signature(name):
    assert str(inspect.signature(getattr(K, name))) == \
        KERAS_2_SIGNATURES[name], 'K.%s differs from Keras 2.3.1' % name


@pytest.mark.parametrize('name', sorted(PROJECT_EXTRAS))
def test_project_extra_signature(name):
    assert str(inspect.signature(getattr(K, name))) == \
        PROJECT_EXTRAS[name][0]


def test_public_names_are_exactly_the_documented_ones():
    documented = set(KERAS_2_SIGNATURES) | set(PROJECT_EXTRAS)
    public = public_names(K)
    assert not public - documented, (
        'K exports undocumented public names %s: make them private, or add '
        'them to PROJECT_EXTRAS with the reason' % sorted(public - documented))
    assert not documented - public, (
        'K lacks %s' % sorted(documented - public))
