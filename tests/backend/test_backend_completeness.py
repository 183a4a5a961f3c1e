"""The active backend has every primitive, and `keras.backend` has every
Keras 2.3.1 K name: a missing one is a visible failure, one per name."""
import inspect

import pytest

import keras.backend as K
from backend_harness import BACKEND
from keras.backend.numpy.random import NumpyRandom
from keras.backend.numpylike.array import NumpyLikeArray
from keras.backend.numpylike.control_flow import NumpyLikeControlFlow
from keras.backend.numpylike.math import NumpyLikeMath
from keras.backend.numpylike.nn import NumpyLikeNN

PRIMITIVE_FAMILIES = (NumpyLikeArray, NumpyLikeMath, NumpyLikeNN,
                      NumpyLikeControlFlow, NumpyRandom)

PRIMITIVES = sorted(set(
    name for family in PRIMITIVE_FAMILIES
    for name, member in vars(family).items()
    if callable(member) and not name.startswith('_')))


@pytest.mark.parametrize('name', PRIMITIVES)
def test_primitive_exists(name):
    method = getattr(BACKEND, name, None)
    assert callable(method), (
        'the %s backend lacks the primitive %r (see keras/backend/numpylike '
        'and PRIMITIVES_ADDED.txt)' % (K.backend(), name))


# keras/backend/__init__.py of Keras 2.3.1 exports these names. Convolution,
# pooling, recurrence and CTC come in later issues: conv1d, conv2d,
# conv2d_transpose, conv3d, conv3d_transpose, depthwise_conv2d,
# separable_conv1d, separable_conv2d, local_conv1d, local_conv2d, pool2d,
# pool3d, rnn, ctc_batch_cost, ctc_decode, ctc_label_dense_to_sparse.
KERAS_2_NAMES = '''
abs all any arange argmax argmin backend batch_dot batch_flatten
batch_get_value batch_normalization batch_set_value bias_add
binary_crossentropy cast cast_to_floatx categorical_crossentropy
clear_session clip concatenate constant control_dependencies cos
count_params cumprod cumsum dot dropout dtype eager elu epsilon equal eval
exp expand_dims eye flatten floatx foldl foldr function gather get_session
get_uid get_value gradients greater greater_equal hard_sigmoid identity
image_data_format in_test_phase in_top_k in_train_phase int_shape
is_keras_tensor is_placeholder is_sparse is_tensor is_variable l2_normalize
learning_phase less less_equal log logsumexp manual_variable_initialization
map_fn max maximum mean min minimum moving_average_update name_scope ndim
normalize_batch_in_training normalize_data_format not_equal one_hot ones
ones_like pattern_broadcast permute_dimensions placeholder pow print_tensor
prod random_binomial random_normal random_normal_variable random_uniform
random_uniform_variable relu repeat repeat_elements reset_uids reshape
resize_images resize_volumes reverse round set_epsilon set_floatx
set_image_data_format set_learning_phase set_session set_value shape sigmoid
sign sin size slice softmax softplus softsign sparse_categorical_crossentropy
spatial_2d_padding spatial_3d_padding sqrt square squeeze stack std
stop_gradient sum switch symbolic tanh temporal_padding tile to_dense
transpose truncated_normal update update_add update_sub var variable zeros
zeros_like get_variable_shape image_dim_ordering set_image_dim_ordering
'''.split()


@pytest.mark.parametrize('name', KERAS_2_NAMES)
def test_keras_2_name_exists(name):
    assert callable(getattr(K, name, None)), 'K.%s is missing' % name


SIGNATURES = {
    'batch_dot': '(x, y, axes=None)',
    'batch_normalization': '(x, mean, var, beta, gamma, axis=-1, '
                           'epsilon=0.001)',
    'normalize_batch_in_training': '(x, gamma, beta, reduction_axes, '
                                   'epsilon=0.001)',
    'relu': '(x, alpha=0.0, max_value=None, threshold=0.0)',
    'resize_images': "(x, height_factor, width_factor, data_format, "
                     "interpolation='nearest')",
    'spatial_2d_padding': '(x, padding=((1, 1), (1, 1)), data_format=None)',
    'temporal_padding': '(x, padding=(1, 1))',
    'categorical_crossentropy': '(target, output, from_logits=False, '
                                'axis=-1)',
    'random_normal': '(shape, mean=0.0, stddev=1.0, dtype=None, seed=None)',
    'map_fn': '(fn, elems, name=None, dtype=None)',
    'foldl': '(fn, elems, initializer=None, name=None)',
    'print_tensor': "(x, message='')",
    'dropout': '(x, level, noise_shape=None, seed=None)',
}


@pytest.mark.parametrize('name', sorted(SIGNATURES))
def test_keras_2_signatures(name):
    assert str(inspect.signature(getattr(K, name))) == SIGNATURES[name]
