"""Files written by Keras 2.3.1 (on Theano, on TensorFlow, with CuDNN
layers) and Keras 1.2.2 load and predict what those versions predicted.

The files and their expected predictions (computed with NumPy loops when
they were written) come from tests/data/make_legacy_files.py. A backend
computing true convolutions (theano) expects `outputs_theano_*`, the
others `outputs_tensorflow_*`: they differ where 2.3.1 did not convert
kernels (depthwise and separable ones; every kernel of a Keras 1 file,
which records no backend)."""
import os
import warnings

import h5py
import numpy as np
import pytest

from keras import backend as K
from keras import layers
from keras.engine.sequential import Sequential
from keras.models import load_model

DATA = os.path.join(os.path.dirname(__file__), '..', '..', 'data', 'legacy')
TRAINING_BACKENDS = ('jax', 'tensorflow', 'torch', 'theano')
TOLERANCE = dict(rtol=1e-5, atol=1e-5)


def path(name):
    return os.path.join(DATA, name + '.h5')


def expected(name):
    """(inputs, [outputs]) for the current backend's kernel convention."""
    arrays = np.load(os.path.join(DATA, name + '.npz'))
    convention = 'theano' if K.backend() == 'theano' else 'tensorflow'
    outputs = []
    while 'outputs_%s_%d' % (convention, len(outputs)) in arrays:
        outputs.append(arrays['outputs_%s_%d' % (convention,
                                                 len(outputs))])
    if 'inputs' in arrays:
        return arrays['inputs'], outputs
    inputs = []
    while 'inputs_%d' % len(inputs) in arrays:
        inputs.append(arrays['inputs_%d' % len(inputs)])
    return inputs, outputs


def assert_predicts(model, name):
    inputs, outputs = expected(name)
    predictions = model.predict(inputs)
    if not isinstance(predictions, list):
        predictions = [predictions]
    assert len(predictions) == len(outputs)
    for prediction, output in zip(predictions, outputs):
        np.testing.assert_allclose(prediction, output, **TOLERANCE)


def load_quietly(name, **kwargs):
    with warnings.catch_warnings():
        # Keras 1 configs warn about each converted argument.
        warnings.simplefilter('ignore')
        return load_model(path(name), **kwargs)


# ---------------------------------------------------------------------------
# The files are what they claim to be.

def test_files_have_the_layout_of_their_version():
    with h5py.File(path('keras2_theano_convnet'), 'r') as f:
        # Fixed-length byte strings, as h5py 2 stored Keras's bytes.
        assert f.attrs.get_id('backend').dtype == np.dtype('S6')
        assert f.attrs['backend'] == b'theano'
        assert f.attrs['keras_version'] == b'2.3.1'
        assert f['model_weights'].attrs['backend'] == b'theano'
        assert 'conv2d_1/kernel' in f['model_weights/conv2d_1']
    with h5py.File(path('keras2_tensorflow_weights'), 'r') as f:
        assert f.attrs['backend'] == b'tensorflow'
        assert 'model_config' not in f.attrs
        assert b'conv2d_1/kernel:0' in list(
            f['conv2d_1'].attrs['weight_names'])
    with h5py.File(path('keras1_convnet_theano'), 'r') as f:
        assert f.attrs['keras_version'] == b'1.2.2'
        assert 'backend' not in f.attrs
        assert 'keras_version' not in f['model_weights'].attrs
        # Keras 1 'th' kernel: (nb_filter, stack_size, rows, cols).
        kernel = f['model_weights/convolution2d_1/convolution2d_1_W']
        assert kernel.shape == (3, 2, 3, 2)


# ---------------------------------------------------------------------------
# Keras 2.3.1 on Theano.

def test_theano_convnet_load_model():
    model = load_quietly('keras2_theano_convnet', compile=False)
    assert [layer.__class__.__name__ for layer in model.layers] == [
        'Conv2D', 'Conv2DTranspose', 'SeparableConv2D', 'DepthwiseConv2D',
        'Flatten', 'Dense']
    assert_predicts(model, 'keras2_theano_convnet')


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_theano_convnet_load_model_restores_the_optimizer():
    model = load_quietly('keras2_theano_convnet')
    assert model.optimizer.__class__.__name__ == 'SGD'
    assert K.get_value(model.optimizer.iterations) == 3
    with h5py.File(path('keras2_theano_convnet'), 'r') as f:
        moment = f['optimizer_weights/training/SGD/moment_0'][()]
    np.testing.assert_allclose(K.get_value(model.optimizer.weights[1]),
                               moment)
    assert_predicts(model, 'keras2_theano_convnet')


def convnet(batch_normalization=False, **names):
    model = Sequential()
    model.add(layers.Conv2D(3, (3, 2), activation='tanh',
                            input_shape=(6, 6, 2), **names.get('conv', {})))
    if batch_normalization:
        model.add(layers.BatchNormalization(**names.get('bn', {})))
    model.add(layers.Conv2DTranspose(2, (2, 3), strides=(2, 1),
                                     **names.get('transpose', {})))
    model.add(layers.SeparableConv2D(2, (3, 3), depth_multiplier=2,
                                     activation='relu',
                                     **names.get('separable', {})))
    model.add(layers.DepthwiseConv2D((2, 2), **names.get('depthwise', {})))
    model.add(layers.Flatten())
    model.add(layers.Dense(3, **names.get('dense', {})))
    return model


def test_theano_convnet_load_weights_into_a_model_built_here():
    model = convnet()
    model.load_weights(path('keras2_theano_convnet'))
    assert_predicts(model, 'keras2_theano_convnet')


def test_theano_conv_lstm_conv1d_conv3d_load_model():
    model = load_quietly('keras2_theano_conv_lstm', compile=False)
    assert [layer.name for layer in model.layers if layer.weights] == [
        'conv_lst_m2d_1', 'conv1d_1', 'conv3d_1', 'dense_1']
    assert_predicts(model, 'keras2_theano_conv_lstm')


# ---------------------------------------------------------------------------
# Keras 2.3.1 on TensorFlow.

def test_tensorflow_weights_load_weights():
    model = convnet(batch_normalization=True)
    model.load_weights(path('keras2_tensorflow_weights'))
    assert_predicts(model, 'keras2_tensorflow_weights')


def test_tensorflow_weights_load_weights_by_name():
    names = {'conv': dict(name='conv2d_1'),
             'bn': dict(name='batch_normalization_1'),
             'transpose': dict(name='conv2d_transpose_1'),
             'separable': dict(name='separable_conv2d_1'),
             'depthwise': dict(name='depthwise_conv2d_1'),
             'dense': dict(name='dense_1')}
    model = convnet(batch_normalization=True, **names)
    model.load_weights(path('keras2_tensorflow_weights'), by_name=True)
    assert_predicts(model, 'keras2_tensorflow_weights')


# ---------------------------------------------------------------------------
# CuDNNGRU / CuDNNLSTM (2.3.1 on a GPU) and GRU / LSTM.

def plain_rnn_model():
    return Sequential([
        layers.GRU(3, reset_after=True, recurrent_activation='sigmoid',
                   return_sequences=True, input_shape=(4, 5)),
        layers.LSTM(2, recurrent_activation='sigmoid'),
        layers.Dense(2)])


def cudnn_model():
    return Sequential([
        layers.CuDNNGRU(3, return_sequences=True, input_shape=(4, 5)),
        layers.CuDNNLSTM(2), layers.Dense(2)])


def test_cudnn_model_load_model():
    model = load_quietly('keras2_cudnn', compile=False)
    assert [layer.__class__.__name__ for layer in model.layers] == [
        'CuDNNGRU', 'CuDNNLSTM', 'Dense']
    assert_predicts(model, 'keras2_cudnn')


def test_cudnn_weights_into_gru_and_lstm():
    model = plain_rnn_model()
    model.load_weights(path('keras2_cudnn'))
    assert_predicts(model, 'keras2_cudnn')


def test_gru_and_lstm_weights_into_cudnn_layers():
    model = cudnn_model()
    model.load_weights(path('keras2_gru_lstm_weights'))
    assert_predicts(model, 'keras2_gru_lstm_weights')
    plain = plain_rnn_model()
    plain.load_weights(path('keras2_gru_lstm_weights'))
    assert_predicts(plain, 'keras2_gru_lstm_weights')


def test_cudnn_weights_refused_by_gru_without_reset_after():
    model = Sequential([layers.GRU(3, return_sequences=True,
                                   input_shape=(4, 5)),
                        layers.LSTM(2), layers.Dense(2)])
    with pytest.raises(ValueError, match='not compatible'):
        model.load_weights(path('keras2_cudnn'))


# ---------------------------------------------------------------------------
# Keras 1.2.2.

@pytest.mark.parametrize('backend', ['theano', 'tensorflow'])
def test_keras_1_convnet_load_model(backend):
    name = 'keras1_convnet_' + backend
    model = load_quietly(name, compile=False)
    conv = model.layers[0]
    assert conv.__class__.__name__ == 'Conv2D'
    assert conv.data_format == ('channels_first' if backend == 'theano'
                                else 'channels_last')
    assert_predicts(model, name)


@pytest.mark.backends(*TRAINING_BACKENDS)
def test_keras_1_convnet_load_model_compiled():
    model = load_quietly('keras1_convnet_tensorflow')
    assert model.optimizer.__class__.__name__ == 'SGD'
    np.testing.assert_allclose(K.get_value(model.optimizer.momentum), 0.9,
                               rtol=1e-6)
    assert_predicts(model, 'keras1_convnet_tensorflow')


def test_keras_1_recurrent_load_model():
    model = load_quietly('keras1_recurrent_theano', compile=False)
    assert [layer.__class__.__name__ for layer in model.layers] == [
        'Embedding', 'Bidirectional', 'GRU', 'Dense']
    assert_predicts(model, 'keras1_recurrent_theano')


def test_keras_1_recurrent_load_weights_into_a_model_built_here():
    model = Sequential([
        layers.Embedding(10, 4, input_length=5),
        layers.Bidirectional(layers.LSTM(
            3, return_sequences=True, recurrent_activation='hard_sigmoid')),
        layers.GRU(2, recurrent_activation='hard_sigmoid'),
        layers.Dense(2)])
    model.load_weights(path('keras1_recurrent_theano'))
    assert_predicts(model, 'keras1_recurrent_theano')


def test_keras_1_functional_model_with_merge_and_conv1d():
    model = load_quietly('keras1_functional_tensorflow', compile=False)
    names = [layer.__class__.__name__ for layer in model.layers]
    assert 'Merge' in names and 'Conv1D' in names
    assert_predicts(model, 'keras1_functional_tensorflow')


def test_keras_1_sequential_starting_with_a_merge_of_sequentials():
    model = load_quietly('keras1_merge_sequential_tensorflow', compile=False)
    assert [layer.__class__.__name__ for layer in model.layers] == [
        'Sequential', 'Sequential', 'Merge', 'Dense']
    assert_predicts(model, 'keras1_merge_sequential_tensorflow')
