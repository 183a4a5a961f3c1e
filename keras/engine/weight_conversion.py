"""Weights read from a file, converted for the layer that receives them.

`preprocess_weights_for_loading` is what Keras 2.3.1's loader applied to
the arrays of each layer before setting them. In order:

1. Wrappers and nested models: `Bidirectional` splits the arrays in two
   halves (forward layer, backward layer), `TimeDistributed` converts for
   its inner layer, a model used as a layer splits them per sublayer. Each
   part is converted recursively, so every rule below also applies inside
   them.

2. Keras 1 layouts (files whose Keras version is 1.x; 2.3.1's loader gave
   '1' when the weights group had no `keras_version` attribute, since
   Keras 1 never wrote one there):

   - Convolution1D stored `(filter_length, 1, input_dim, nb_filter)` (it
     ran as a 2-D convolution); Keras 1.0 stored `(nb_filter, input_dim,
     filter_length, 1)`. Both become `(filter_length, input_dim,
     nb_filter)`.
   - Convolution2D / Convolution3D with `dim_ordering='th'` (now
     `data_format='channels_first'`) stored `(nb_filter, stack_size,
     *spatial)`; Keras 2 kernels are `(*spatial, stack_size, filters)`.
     'tf' kernels already are.
   - Deconvolution2D stored `(rows, cols, stack_size, nb_filter)` ('tf')
     or `(nb_filter, stack_size, rows, cols)` ('th'), where stack_size is
     the input depth; Conv2DTranspose keeps `(rows, cols, filters,
     input_depth)`.
   - GRU (consume_less 'cpu' / 'mem') kept nine arrays `W_z, U_z, b_z,
     W_r, U_r, b_r, W_h, U_h, b_h`: concatenated per kind, gates z, r, h.
   - LSTM and ConvLSTM2D kept twelve, listed in the gate order i, c, f, o
     (`W_i, U_i, b_i, W_c, U_c, b_c, W_f, ...`): concatenated in Keras 2's
     order i, f, c, o. ConvLSTM2D 'th' kernels are first transposed per
     gate as Convolution2D's (2.3.1 concatenated them before transposing,
     along the wrong axis, and failed on such files).
   - SeparableConvolution2D 'th' kernels `(depth_multiplier, stack_size,
     rows, cols)` and `(nb_filter, depth_multiplier * stack_size, 1, 1)`
     become Keras 2's (2.3.1 did not convert these; 'tf' ones need
     nothing).
   - Needing nothing: Dense, Embedding, SimpleRNN, consume_less='gpu'
     GRU/LSTM (already concatenated in Keras 2's gate order), and
     BatchNormalization: Keras 1.1+ stored `gamma, beta, running_mean,
     running_std`, and `running_std` held the moving *variance* (it was
     updated with the variance `normalize_batch_in_training` returns and
     used as one), which is Keras 2's `moving_variance`.

3. Kernel convention. Theano computed true convolutions, TensorFlow and
   CNTK cross-correlations: when the file's backend and the current one
   differ in convention, the kernels of Conv1D, Conv2D, Conv3D and
   Conv2DTranspose, and both kernels of ConvLSTM2D, are flipped along their
   spatial axes. As in 2.3.1, depthwise and separable kernels (and
   Conv3DTranspose's) are never flipped, and an unknown or missing backend
   converts nothing. A conv kernel whose shape still differs from the
   layer's is reshaped (`reshape=True`) or, if that makes it fit,
   transposed from the 'th' layout.

4. CuDNNGRU / CuDNNLSTM <-> GRU / LSTM (see
   keras/engine/cudnn_weight_conversion.py).

5. `reshape=True`: every array whose shape differs from its weight's is
   reshaped to it when the sizes agree (2.3.1 did this for conv kernels
   only), else ValueError.
"""
import numpy as np

from keras import backend as K
from keras.engine.cudnn_weight_conversion import convert_rnn_weights
from keras.utils import conv_utils

# Backends by kernel convention. 'jax', 'torch' and 'numpy' are the names
# files written by this library carry; all of them correlate.
_CORRELATION_BACKENDS = ('tensorflow', 'cntk', 'jax', 'torch', 'numpy')
CONVOLUTION_BACKENDS = ('theano',)

# Layers whose kernels 2.3.1 flipped between conventions.
FLIPPED_CONV_LAYERS = ('Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose',
                        'ConvLSTM2D')


def preprocess_weights_for_loading(layer, weights,
                                   original_keras_version=None,
                                   original_backend=None,
                                   reshape=False):
    """Converts the weight arrays a file holds for `layer` to the arrays
    `layer.set_weights` expects.

    # Arguments
        layer: the layer instance receiving the weights.
        weights: list of arrays, in the order the file lists them.
        original_keras_version: the file's `keras_version` attribute (str
            or bytes); '1' or '1.x.y' selects the Keras 1 conversions.
        original_backend: the file's `backend` attribute (str or bytes) or
            None when absent.
        reshape: reshape arrays to the layer's weight shapes when the sizes
            agree.

    # Returns
        A list of numpy arrays.

    # Raises
        ValueError: with `reshape`, when an array's size differs from its
            weight's; for CuDNN weights given to a GRU without
            `reset_after` (or the reverse); for RNN biases of no known
            layout.
    """
    weights = [np.asarray(w) for w in weights]
    original_keras_version = _text(original_keras_version)
    original_backend = _text(original_backend)
    class_name = layer.__class__.__name__

    def nested(sublayer, arrays):
        return preprocess_weights_for_loading(
            sublayer, arrays, original_keras_version, original_backend,
            reshape)

    if class_name == 'Bidirectional':
        half = len(weights) // 2
        weights = (nested(layer.forward_layer, weights[:half]) +
                   nested(layer.backward_layer, weights[half:]))
    elif class_name == 'TimeDistributed':
        weights = nested(layer.layer, weights)
    elif _is_network(layer):
        weights = _convert_nested_model(layer, weights, nested)

    if _is_keras_1(original_keras_version):
        weights = _convert_keras_1_layout(layer, weights)

    if class_name in FLIPPED_CONV_LAYERS and weights:
        weights = _convert_conv_kernels(layer, weights, original_backend,
                                        reshape)

    weights = convert_rnn_weights(layer, weights)
    if reshape:
        weights = _reshaped_to_layer(layer, weights)
    return weights


def _text(value):
    if isinstance(value, bytes):
        return value.decode('utf8')
    return value


def _is_keras_1(version):
    return version is not None and str(version).split('.')[0] == '1'


def _is_network(layer):
    from keras.engine.network import Network
    return isinstance(layer, Network)


def needs_kernel_flip(original_backend):
    """Whether kernels written by `original_backend` must be flipped for
    the current backend: the two use different conventions, and the
    original one is known."""
    original_backend = _text(original_backend)
    if original_backend in _CORRELATION_BACKENDS:
        original_flips = False
    elif original_backend in CONVOLUTION_BACKENDS:
        original_flips = True
    else:
        return False
    return original_flips != (K.backend() in CONVOLUTION_BACKENDS)


# ---------------------------------------------------------------------------
# Nested models.

def _convert_nested_model(model, weights, nested):
    """Converts the arrays of a model used as a layer, sublayer by
    sublayer. When there is one array per weight of the model (the usual
    case), each array goes to the sublayer owning that weight, whatever the
    order of `model.weights` (trainable ones first, or each sublayer's
    together for a frozen model); otherwise (Keras 1 files, whose layers
    may hold more arrays than now) the arrays are taken as 2.3.1 took them:
    each sublayer's trainable ones, then each one's non-trainable ones."""
    sublayers = [sub for sub in model.layers if sub.weights]
    model_weights = model.weights
    if len(weights) == len(model_weights):
        owner = {}
        for sub in sublayers:
            for index, weight in enumerate(sub.weights):
                owner[id(weight)] = (sub, index)
        if all(id(w) in owner for w in model_weights):
            return _convert_by_owner(model_weights, weights, owner, nested)
    converted = []
    for part in ('trainable_weights', 'non_trainable_weights'):
        for sub in sublayers:
            count = len(getattr(sub, part))
            if count:
                converted.extend(nested(sub, weights[:count]))
                weights = weights[count:]
    return converted + weights


def _convert_by_owner(model_weights, weights, owner, nested):
    positions = {}  # sublayer -> [(position in model list, index in sub)]
    order = []
    for position, weight in enumerate(model_weights):
        sub, index = owner[id(weight)]
        if sub not in positions:
            positions[sub] = []
            order.append(sub)
        positions[sub].append((position, index))
    converted = list(weights)
    for sub in order:
        places = positions[sub]
        if len(places) != len(sub.weights):
            raise ValueError('Layer %s of model is given %d of its %d '
                             'weights.' % (sub.name, len(places),
                                           len(sub.weights)))
        by_index = sorted(places, key=lambda place: place[1])
        arrays = nested(sub, [weights[position]
                              for position, _ in by_index])
        if len(arrays) != len(by_index):
            raise ValueError('Converting the weights of layer %s gave %d '
                             'arrays for its %d weights.'
                             % (sub.name, len(arrays), len(by_index)))
        for (position, _), array in zip(by_index, arrays):
            converted[position] = array
    return converted


# ---------------------------------------------------------------------------
# Keras 1.

def _th_to_tf_kernel(kernel):
    """(out, in, *spatial) -> (*spatial, in, out)."""
    rank = kernel.ndim - 2
    return np.transpose(kernel, tuple(range(2, 2 + rank)) + (1, 0))


def _concatenated_gates(weights, order):
    """Keras 1's per-gate arrays (W, U, b for each gate in file order)
    concatenated per kind in the gates' new `order` (file gate indices)."""
    return [np.concatenate([weights[3 * gate + kind] for gate in order],
                           axis=-1)
            for kind in range(3)]


def _convert_keras_1_layout(layer, weights):
    class_name = layer.__class__.__name__
    weights = list(weights)
    channels_first = getattr(layer, 'data_format', None) == 'channels_first'
    if class_name == 'Conv1D' and weights:
        kernel = weights[0]
        if kernel.ndim == 4:
            length = layer.kernel_size[0]
            if kernel.shape[:2] != (length, 1) or (
                    kernel.shape[3] != layer.filters):
                # Keras 1.0: (nb_filter, input_dim, filter_length, 1).
                kernel = np.transpose(kernel, (2, 3, 1, 0))
            weights[0] = kernel[:, 0, :, :]
    elif class_name in ('Conv2D', 'Conv3D') and weights:
        if channels_first:
            weights[0] = _th_to_tf_kernel(weights[0])
    elif class_name == 'Conv2DTranspose' and weights:
        if channels_first:
            weights[0] = np.transpose(weights[0], (2, 3, 0, 1))
        else:
            weights[0] = np.transpose(weights[0], (0, 1, 3, 2))
    elif class_name == 'SeparableConv2D' and len(weights) >= 2:
        if channels_first:
            weights[0] = _th_to_tf_kernel(weights[0])
            weights[1] = _th_to_tf_kernel(weights[1])
    elif class_name == 'GRU' and len(weights) == 9:
        weights = _concatenated_gates(weights, (0, 1, 2))
    elif class_name == 'LSTM' and len(weights) == 12:
        weights = _concatenated_gates(weights, (0, 2, 1, 3))
    elif class_name == 'ConvLSTM2D' and len(weights) == 12:
        if channels_first:
            weights = [w if w.ndim == 1 else _th_to_tf_kernel(w)
                       for w in weights]
        weights = _concatenated_gates(weights, (0, 2, 1, 3))
    return weights


# ---------------------------------------------------------------------------
# Convolution kernels.

def _convert_conv_kernels(layer, weights, original_backend, reshape):
    weights = list(weights)
    is_conv_lstm = layer.__class__.__name__ == 'ConvLSTM2D'
    kernel_count = 2 if is_conv_lstm else 1
    layer_shape = tuple(K.int_shape(layer.weights[0])) if layer.weights \
        else None
    if (not reshape and layer_shape is not None and
            weights[0].shape != layer_shape and weights[0].ndim == 4):
        # Kernels in Theano's own layout (out, in, rows, cols), or in the
        # one 2.3.1's fallback transposition (3, 2, 0, 1) undid.
        for axes in ((2, 3, 1, 0), (3, 2, 0, 1)):
            if tuple(weights[0].shape[a] for a in axes) == layer_shape:
                for i in range(min(kernel_count, len(weights))):
                    weights[i] = np.transpose(weights[i], axes)
                break
    if needs_kernel_flip(original_backend):
        for i in range(min(kernel_count, len(weights))):
            if weights[i].ndim >= 3:
                weights[i] = conv_utils.convert_kernel(weights[i])
    return weights


# ---------------------------------------------------------------------------
# reshape=True.

def _reshaped_to_layer(layer, weights):
    symbolic = layer.weights
    if len(symbolic) != len(weights):
        return weights  # the loader reports the count mismatch
    reshaped = []
    for weight, array in zip(symbolic, weights):
        shape = tuple(K.int_shape(weight))
        if array.shape != shape:
            if array.size != int(np.prod(shape)):
                raise ValueError(
                    'Weights must be of equal size to apply a reshape '
                    'operation. Layer ' + layer.name + "'s weight " +
                    str(weight.name) + ' has shape ' + str(shape) +
                    ' and size ' + str(int(np.prod(shape))) + '. The '
                    'weights for loading have shape ' + str(array.shape) +
                    ' and size ' + str(array.size) + '.')
            array = np.reshape(array, shape)
        reshaped.append(array)
    return reshaped
