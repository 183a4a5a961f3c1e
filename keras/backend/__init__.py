"""The Keras backend API, `K`: one explicit list of public names.

Importing this package reads keras.json / KERAS_BACKEND and loads the
backend, as Keras 2 does at the first import of anything in keras.
"""
from keras.backend import load as _load

_load.initialize()

from keras.backend.ops import operators as _operators  # noqa: E402

_operators.bind_operators()

from keras.backend.config import cast_to_floatx  # noqa: E402,F401
from keras.backend.config import epsilon  # noqa: E402,F401
from keras.backend.config import floatx  # noqa: E402,F401
from keras.backend.config import image_data_format  # noqa: E402,F401
from keras.backend.config import image_dim_ordering  # noqa: E402,F401
from keras.backend.config import normalize_data_format  # noqa: E402,F401
from keras.backend.config import set_epsilon  # noqa: E402,F401
from keras.backend.config import set_floatx  # noqa: E402,F401
from keras.backend.config import set_image_data_format  # noqa: E402,F401
from keras.backend.config import set_image_dim_ordering  # noqa: E402,F401
from keras.backend.load import backend  # noqa: E402,F401
from keras.backend.ops.array import arange  # noqa: E402,F401
from keras.backend.ops.array import batch_flatten  # noqa: E402,F401
from keras.backend.ops.array import cast  # noqa: E402,F401
from keras.backend.ops.array import concatenate  # noqa: E402,F401
from keras.backend.ops.array import expand_dims  # noqa: E402,F401
from keras.backend.ops.array import eye  # noqa: E402,F401
from keras.backend.ops.array import flatten  # noqa: E402,F401
from keras.backend.ops.array import gather  # noqa: E402,F401
from keras.backend.ops.array import one_hot  # noqa: E402,F401
from keras.backend.ops.array import ones  # noqa: E402,F401
from keras.backend.ops.array import ones_like  # noqa: E402,F401
from keras.backend.ops.array import pattern_broadcast  # noqa: E402,F401
from keras.backend.ops.array import permute_dimensions  # noqa: E402,F401
from keras.backend.ops.array import repeat  # noqa: E402,F401
from keras.backend.ops.array import repeat_elements  # noqa: E402,F401
from keras.backend.ops.array import reshape  # noqa: E402,F401
from keras.backend.ops.array import reverse  # noqa: E402,F401
from keras.backend.ops.array import size  # noqa: E402,F401
from keras.backend.ops.array import slice  # noqa: E402,F401
from keras.backend.ops.array import squeeze  # noqa: E402,F401
from keras.backend.ops.array import stack  # noqa: E402,F401
from keras.backend.ops.array import tile  # noqa: E402,F401
from keras.backend.ops.array import transpose  # noqa: E402,F401
from keras.backend.ops.array import zeros  # noqa: E402,F401
from keras.backend.ops.array import zeros_like  # noqa: E402,F401
from keras.backend.ops.control_flow import control_dependencies  # noqa
from keras.backend.ops.control_flow import foldl  # noqa: E402,F401
from keras.backend.ops.control_flow import foldr  # noqa: E402,F401
from keras.backend.ops.control_flow import map_fn  # noqa: E402,F401
from keras.backend.ops.conv import conv1d  # noqa: E402,F401
from keras.backend.ops.conv import conv2d  # noqa: E402,F401
from keras.backend.ops.conv import conv2d_transpose  # noqa: E402,F401
from keras.backend.ops.conv import conv3d  # noqa: E402,F401
from keras.backend.ops.conv import conv3d_transpose  # noqa: E402,F401
from keras.backend.ops.conv import depthwise_conv2d  # noqa: E402,F401
from keras.backend.ops.conv import local_conv1d  # noqa: E402,F401
from keras.backend.ops.conv import local_conv2d  # noqa: E402,F401
from keras.backend.ops.conv import separable_conv1d  # noqa: E402,F401
from keras.backend.ops.conv import separable_conv2d  # noqa: E402,F401
from keras.backend.ops.core import batch_get_value  # noqa: E402,F401
from keras.backend.ops.core import batch_set_value  # noqa: E402,F401
from keras.backend.ops.core import clear_session  # noqa: E402,F401
from keras.backend.ops.core import constant  # noqa: E402,F401
from keras.backend.ops.core import count_params  # noqa: E402,F401
from keras.backend.ops.core import dtype  # noqa: E402,F401
from keras.backend.ops.core import eager  # noqa: E402,F401
from keras.backend.ops.core import eval  # noqa: E402,F401
from keras.backend.ops.core import function  # noqa: E402,F401
from keras.backend.ops.core import get_session  # noqa: E402,F401
from keras.backend.ops.core import get_uid  # noqa: E402,F401
from keras.backend.ops.core import get_value  # noqa: E402,F401
from keras.backend.ops.core import get_variable_shape  # noqa: E402,F401
from keras.backend.ops.core import gradients  # noqa: E402,F401
from keras.backend.ops.core import identity  # noqa: E402,F401
from keras.backend.ops.core import in_test_phase  # noqa: E402,F401
from keras.backend.ops.core import in_train_phase  # noqa: E402,F401
from keras.backend.ops.core import int_shape  # noqa: E402,F401
from keras.backend.ops.core import is_keras_tensor  # noqa: E402,F401
from keras.backend.ops.core import is_placeholder  # noqa: E402,F401
from keras.backend.ops.core import is_sparse  # noqa: E402,F401
from keras.backend.ops.core import is_tensor  # noqa: E402,F401
from keras.backend.ops.core import is_variable  # noqa: E402,F401
from keras.backend.ops.core import learning_phase  # noqa: E402,F401
from keras.backend.ops.core import manual_variable_initialization  # noqa
from keras.backend.ops.core import moving_average_update  # noqa: E402,F401
from keras.backend.ops.core import name_scope  # noqa: E402,F401
from keras.backend.ops.core import ndim  # noqa: E402,F401
from keras.backend.ops.core import placeholder  # noqa: E402,F401
from keras.backend.ops.core import print_tensor  # noqa: E402,F401
from keras.backend.ops.core import reset_uids  # noqa: E402,F401
from keras.backend.ops.core import set_learning_phase  # noqa: E402,F401
from keras.backend.ops.core import set_session  # noqa: E402,F401
from keras.backend.ops.core import set_value  # noqa: E402,F401
from keras.backend.ops.core import shape  # noqa: E402,F401
from keras.backend.ops.core import stop_gradient  # noqa: E402,F401
from keras.backend.ops.core import switch  # noqa: E402,F401
from keras.backend.ops.core import symbolic  # noqa: E402,F401
from keras.backend.ops.core import to_dense  # noqa: E402,F401
from keras.backend.ops.core import update  # noqa: E402,F401
from keras.backend.ops.core import update_add  # noqa: E402,F401
from keras.backend.ops.core import update_sub  # noqa: E402,F401
from keras.backend.ops.core import variable  # noqa: E402,F401
from keras.backend.ops.ctc import ctc_batch_cost  # noqa: E402,F401
from keras.backend.ops.ctc import ctc_decode  # noqa: E402,F401
from keras.backend.ops.ctc import ctc_label_dense_to_sparse  # noqa: E402,F401
from keras.backend.ops.image import resize_images  # noqa: E402,F401
from keras.backend.ops.image import resize_volumes  # noqa: E402,F401
from keras.backend.ops.image import spatial_2d_padding  # noqa: E402,F401
from keras.backend.ops.image import spatial_3d_padding  # noqa: E402,F401
from keras.backend.ops.image import temporal_padding  # noqa: E402,F401
from keras.backend.ops.math import abs  # noqa: E402,F401
from keras.backend.ops.math import all  # noqa: E402,F401
from keras.backend.ops.math import any  # noqa: E402,F401
from keras.backend.ops.math import argmax  # noqa: E402,F401
from keras.backend.ops.math import argmin  # noqa: E402,F401
from keras.backend.ops.math import batch_dot  # noqa: E402,F401
from keras.backend.ops.math import clip  # noqa: E402,F401
from keras.backend.ops.math import cos  # noqa: E402,F401
from keras.backend.ops.math import cumprod  # noqa: E402,F401
from keras.backend.ops.math import cumsum  # noqa: E402,F401
from keras.backend.ops.math import dot  # noqa: E402,F401
from keras.backend.ops.math import equal  # noqa: E402,F401
from keras.backend.ops.math import exp  # noqa: E402,F401
from keras.backend.ops.math import greater  # noqa: E402,F401
from keras.backend.ops.math import greater_equal  # noqa: E402,F401
from keras.backend.ops.math import less  # noqa: E402,F401
from keras.backend.ops.math import less_equal  # noqa: E402,F401
from keras.backend.ops.math import log  # noqa: E402,F401
from keras.backend.ops.math import logsumexp  # noqa: E402,F401
from keras.backend.ops.math import max  # noqa: E402,F401
from keras.backend.ops.math import maximum  # noqa: E402,F401
from keras.backend.ops.math import mean  # noqa: E402,F401
from keras.backend.ops.math import min  # noqa: E402,F401
from keras.backend.ops.math import minimum  # noqa: E402,F401
from keras.backend.ops.math import not_equal  # noqa: E402,F401
from keras.backend.ops.math import pow  # noqa: E402,F401
from keras.backend.ops.math import prod  # noqa: E402,F401
from keras.backend.ops.math import round  # noqa: E402,F401
from keras.backend.ops.math import sign  # noqa: E402,F401
from keras.backend.ops.math import sin  # noqa: E402,F401
from keras.backend.ops.math import sqrt  # noqa: E402,F401
from keras.backend.ops.math import square  # noqa: E402,F401
from keras.backend.ops.math import std  # noqa: E402,F401
from keras.backend.ops.math import sum  # noqa: E402,F401
from keras.backend.ops.math import tanh  # noqa: E402,F401
from keras.backend.ops.math import var  # noqa: E402,F401
from keras.backend.ops.nn import bias_add  # noqa: E402,F401
from keras.backend.ops.nn import binary_crossentropy  # noqa: E402,F401
from keras.backend.ops.nn import categorical_crossentropy  # noqa: E402,F401
from keras.backend.ops.nn import dropout  # noqa: E402,F401
from keras.backend.ops.nn import elu  # noqa: E402,F401
from keras.backend.ops.nn import hard_sigmoid  # noqa: E402,F401
from keras.backend.ops.nn import in_top_k  # noqa: E402,F401
from keras.backend.ops.nn import l2_normalize  # noqa: E402,F401
from keras.backend.ops.nn import relu  # noqa: E402,F401
from keras.backend.ops.nn import sigmoid  # noqa: E402,F401
from keras.backend.ops.nn import softmax  # noqa: E402,F401
from keras.backend.ops.nn import softplus  # noqa: E402,F401
from keras.backend.ops.nn import softsign  # noqa: E402,F401
from keras.backend.ops.nn import sparse_categorical_crossentropy  # noqa
from keras.backend.ops.normalization import batch_normalization  # noqa
from keras.backend.ops.normalization import normalize_batch_in_training  # noqa
from keras.backend.ops.pooling import pool2d  # noqa: E402,F401
from keras.backend.ops.pooling import pool3d  # noqa: E402,F401
from keras.backend.ops.random import random_binomial  # noqa: E402,F401
from keras.backend.ops.random import random_normal  # noqa: E402,F401
from keras.backend.ops.random import random_normal_variable  # noqa: E402,F401
from keras.backend.ops.random import random_uniform  # noqa: E402,F401
from keras.backend.ops.random import random_uniform_variable  # noqa: E402,F401
from keras.backend.ops.random import truncated_normal  # noqa: E402,F401
from keras.backend.ops.rnn import rnn  # noqa: E402,F401
