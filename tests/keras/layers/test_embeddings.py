"""Embedding: lookups against NumPy indexing, masks, input_length shapes,
configs, Keras 1 spellings, errors and a training step by hand."""
import numpy as np
import pytest

from keras import backend as K
from keras import layers
from keras import optimizers
from keras.engine.input_layer import Input
from keras.engine.sequential import Sequential
from keras.engine.training import Model
from keras.layers import Dense
from keras.layers import Embedding
from keras.layers import Flatten
from keras.layers.embeddings import Embedding as EmbeddingByModule
from keras.utils.test_utils import layer_test


def output_and_mask(layer, data):
    x = Input(shape=data.shape[1:], dtype='int32')
    y = layer(x)
    mask = layer._inbound_nodes[0].output_masks[0]
    fetches = [y] if mask is None else [y, mask]
    values = K.function([x], fetches)([data])
    return values[0], (values[1] if mask is not None else None), y


def round_trip(layer):
    clone = layers.deserialize(layers.serialize(layer))
    assert clone.__class__ is layer.__class__
    assert clone.get_config() == layer.get_config()
    return clone


def test_import_path():
    assert EmbeddingByModule is Embedding


def test_lookup_matches_numpy_indexing_and_names_the_weight():
    layer = Embedding(6, 3)
    data = np.array([[0, 1, 5], [2, 2, 4]], dtype='int32')
    output, mask, y = output_and_mask(layer, data)
    table = layer.get_weights()[0]
    assert table.shape == (6, 3)
    # Default initializer: uniform in [-0.05, 0.05].
    assert np.all(np.abs(table) <= 0.05)
    expected = np.array([[table[i] for i in row] for row in data])
    np.testing.assert_array_equal(output, expected)
    assert mask is None
    assert [w.name for w in layer.weights] == [layer.name + '/embeddings']
    assert K.int_shape(y) == (None, 3, 3)
    assert K.dtype(y) == K.floatx()


def test_float_indices_are_cast():
    layer = Embedding(4, 2, embeddings_initializer='ones')
    x = Input(shape=(2,))
    y = layer(x)
    out = K.function([x], [y])([np.array([[1., 3.]], dtype='float32')])[0]
    np.testing.assert_array_equal(out, np.ones((1, 2, 2)))


def test_mask_zero():
    layer = Embedding(5, 2, mask_zero=True)
    assert layer.supports_masking
    data = np.array([[1, 0, 3], [0, 0, 4]], dtype='int32')
    _, mask, _ = output_and_mask(layer, data)
    np.testing.assert_array_equal(mask, data != 0)
    assert not Embedding(5, 2).supports_masking


def test_mask_zero_reaches_a_merge_layer():
    a = Input(shape=(3,), dtype='int32')
    b = Input(shape=(3,), dtype='int32')
    ea = Embedding(5, 2, mask_zero=True)(a)
    eb = Embedding(5, 2, mask_zero=True)(b)
    merged = layers.add([ea, eb])
    merge_layer = merged._keras_history[0]
    mask = merge_layer._inbound_nodes[0].output_masks[0]
    da = np.array([[1, 0, 3], [2, 2, 0]], dtype='int32')
    db = np.array([[1, 1, 0], [0, 3, 4]], dtype='int32')
    value = K.function([a, b], [mask])([da, db])[0]
    np.testing.assert_array_equal(value, (da != 0) & (db != 0))
    # Concatenating features: an unmasked input does not change the mask.
    plain = Embedding(5, 2)(b)
    joined = layers.concatenate([ea, plain])
    mask = joined._keras_history[0]._inbound_nodes[0].output_masks[0]
    value = K.function([a, b], [mask])([da, db])[0]
    np.testing.assert_array_equal(value, da != 0)


def test_input_length_sets_the_input_shape():
    layer = Embedding(10, 4, input_length=5)
    assert layer.batch_input_shape == (None, 5)
    assert Embedding(10, 4).batch_input_shape == (None, None)
    assert layer.compute_output_shape((None, 5)) == (None, 5, 4)
    assert layer.compute_output_shape((2, None)) == (2, 5, 4)
    with pytest.raises(ValueError, match='"input_length" is 5, but received '
                                         'input has shape \\(None, 6\\)'):
        layer.compute_output_shape((None, 6))
    with pytest.raises(ValueError, match='"input_length" is 5'):
        layer.compute_output_shape((None, 5, 2))
    model = Sequential([Embedding(10, 4, input_length=5), Flatten(),
                        Dense(1)])
    assert model.output_shape == (None, 1)


def test_input_length_tuple_with_none():
    layer = Embedding(10, 4, input_length=(None, 5))
    assert layer.batch_input_shape == (None, None, 5)
    assert layer.compute_output_shape((None, 2, 5)) == (None, 2, 5, 4)
    assert layer.compute_output_shape((None, None, 5)) == (None, None, 5, 4)
    with pytest.raises(ValueError, match='"input_length" is \\(None, 5\\)'):
        layer.compute_output_shape((None, 2, 6))
    with pytest.raises(ValueError, match='"input_length" is \\(None, 5\\)'):
        layer.compute_output_shape((None, 5))
    data = np.array([[[1, 2, 3, 4, 5], [0, 0, 1, 1, 9]]], dtype='int32')
    output, _, y = output_and_mask(layer, data)
    assert K.int_shape(y) == (None, 2, 5, 4)
    np.testing.assert_array_equal(output, layer.get_weights()[0][data])


def test_config_round_trip():
    layer = Embedding(7, 3, embeddings_regularizer='l2', mask_zero=True,
                      input_length=4, embeddings_constraint='non_neg')
    config = layer.get_config()
    assert config['input_dim'] == 7 and config['output_dim'] == 3
    assert config['mask_zero'] is True and config['input_length'] == 4
    assert config['embeddings_initializer']['class_name'] == 'RandomUniform'
    assert config['embeddings_constraint']['class_name'] == 'NonNeg'
    assert config['activity_regularizer'] is None
    assert config['batch_input_shape'] == (None, 4)
    clone = round_trip(layer)
    assert clone.mask_zero and clone.input_length == 4


def test_keras1_spellings():
    with pytest.warns(UserWarning) as record:
        layer = Embedding(10, 3, init='zeros', W_regularizer='l2',
                          W_constraint='non_neg', dropout=0.2)
    messages = ' '.join(str(w.message) for w in record)
    assert 'The `dropout` argument is no longer support in `Embedding`' \
        in messages
    assert 'Update your `Embedding` call to the Keras 2 API' in messages
    assert layer.embeddings_regularizer is not None
    assert layer.embeddings_constraint is not None
    output, _, _ = output_and_mask(layer, np.array([[1, 2]], dtype='int32'))
    np.testing.assert_array_equal(output, np.zeros((1, 2, 3)))
    with pytest.warns(UserWarning):
        layer = Embedding(input_dim=10, output_dim=3, input_length=2,
                          init='uniform')
    assert layer.batch_input_shape == (None, 2)


@pytest.mark.parametrize('kwargs,message', [
    ({'input_dim': 0, 'output_dim': 3},
     'Embedding: `input_dim` must be a positive integer; received 0'),
    ({'input_dim': 10, 'output_dim': -2},
     'Embedding: `output_dim` must be a positive integer; received -2'),
    ({'input_dim': 'a', 'output_dim': 3},
     "Embedding: `input_dim` must be a positive integer; received 'a'"),
    ({'input_dim': 10, 'output_dim': 3, 'input_length': 0},
     'Embedding: `input_length` must be a positive integer; received 0'),
    ({'input_dim': 10, 'output_dim': 3, 'input_length': (None, 'x')},
     'Embedding: `input_length` must be a positive integer'),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message.replace('(', '\\(')):
        Embedding(**kwargs)


def test_layer_test():
    layer_test(Embedding, kwargs={'output_dim': 4, 'input_dim': 10,
                                  'input_length': 2},
               input_shape=(3, 2), input_dtype='int32',
               expected_output_dtype='float32')
    layer_test(Embedding, kwargs={'output_dim': 4, 'input_dim': 10,
                                  'mask_zero': True},
               input_shape=(3, 2), input_dtype='int32',
               expected_output_dtype='float32')
    layer_test(Embedding, kwargs={'output_dim': 4, 'input_dim': 10,
                                  'input_length': (None, 2)},
               input_shape=(3, 4, 2), input_dtype='int32',
               expected_output_dtype='float32')


@pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')
def test_one_sgd_step_matches_a_hand_computed_gradient():
    layer = Embedding(5, 2, input_length=3)
    x = Input(shape=(3,), dtype='int32')
    model = Model(x, layer(x))
    model.compile(optimizers.SGD(learning_rate=0.5), 'mse')
    data = np.array([[0, 1, 1], [4, 1, 3]], dtype='int32')
    target = np.random.RandomState(0).randn(2, 3, 2).astype('float32')
    table = layer.get_weights()[0].astype('float64')
    model.train_on_batch(data, target)
    # mse: mean over every entry; each lookup adds its gradient to its row.
    diff = table[data] - target
    gradient = np.zeros_like(table)
    for b in range(2):
        for t in range(3):
            gradient[data[b, t]] += 2. * diff[b, t] / diff.size
    np.testing.assert_allclose(layer.get_weights()[0], table - 0.5 * gradient,
                               rtol=1e-5, atol=1e-6)
