"""Merge layers and their functional forms against NumPy: broadcasting of
inputs of different ranks, Concatenate, Dot (batch_dot semantics, negative
axes, normalize), masks, shapes, configs and 2.3.1's error messages."""
import numpy as np
import pytest

from keras import backend as K
from keras import layers
from keras.engine.input_layer import Input
from keras.engine.training import Model
from keras.layers import Add
from keras.layers import Average
from keras.layers import Concatenate
from keras.layers import Dense
from keras.layers import Dot
from keras.layers import Embedding
from keras.layers import Maximum
from keras.layers import Minimum
from keras.layers import Multiply
from keras.layers import Subtract
from keras.layers import merge
from keras.models import model_from_json


def merge_test(layer, arrays, expected=None, rtol=1e-5):
    """Checks a merge layer like `layer_test` does a single-input layer:
    symbolic and computed shapes against compute_output_shape, a model
    round trip through its config, and the output against `expected`.

    Returns:
        The output on `arrays`.
    """
    inputs = [Input(shape=a.shape[1:]) for a in arrays]
    y = layer(inputs)
    expected_shape = layer.compute_output_shape([(None,) + a.shape[1:]
                                                for a in arrays])
    assert K.int_shape(y) == expected_shape
    model = Model(inputs, y)
    output = model.predict(arrays)
    assert output.ndim == len(expected_shape)
    for want, got in zip(expected_shape[1:], output.shape[1:]):
        assert want in (None, got)
    clone = Model.from_config(model.get_config())
    np.testing.assert_allclose(clone.predict(arrays), output, rtol=1e-6)
    clone = model_from_json(model.to_json())
    np.testing.assert_allclose(clone.predict(arrays), output, rtol=1e-6)
    config = layers.serialize(layer)
    assert layers.deserialize(config).get_config() == layer.get_config()
    if expected is not None:
        np.testing.assert_allclose(output, expected, rtol=rtol, atol=1e-6)
    return output


def data(*shape):
    return np.random.randn(*shape).astype('float32')


def test_import_paths():
    assert merge.Add is Add and merge.dot is layers.dot
    for name in ['add', 'subtract', 'multiply', 'average', 'maximum',
                 'minimum', 'concatenate', 'dot']:
        assert getattr(layers, name) is getattr(merge, name)


@pytest.mark.parametrize('cls,reference', [
    (Add, lambda a, b, c: a + b + c),
    (Multiply, lambda a, b, c: a * b * c),
    (Average, lambda a, b, c: (a + b + c) / 3.),
    (Maximum, lambda a, b, c: np.maximum(np.maximum(a, b), c)),
    (Minimum, lambda a, b, c: np.minimum(np.minimum(a, b), c)),
])
def test_elementwise_layers_on_three_inputs(cls, reference):
    arrays = [data(2, 3, 4) for _ in range(3)]
    merge_test(cls(), arrays, reference(*arrays))


def test_subtract():
    a, b = data(2, 5), data(2, 5)
    merge_test(Subtract(), [a, b], a - b)
    x1, x2, x3 = Input(shape=(5,)), Input(shape=(5,)), Input(shape=(5,))
    with pytest.raises(ValueError, match='A `Subtract` layer should be '
                                         'called on exactly 2 inputs'):
        Subtract()([x1, x2, x3])


def test_functional_forms():
    a, b = data(3, 4), data(3, 4)
    xa, xb = Input(shape=(4,)), Input(shape=(4,))
    cases = [
        (layers.add([xa, xb]), a + b),
        (layers.subtract([xa, xb]), a - b),
        (layers.multiply([xa, xb]), a * b),
        (layers.average([xa, xb]), (a + b) / 2.),
        (layers.maximum([xa, xb]), np.maximum(a, b)),
        (layers.minimum([xa, xb]), np.minimum(a, b)),
        (layers.concatenate([xa, xb]), np.concatenate([a, b], axis=-1)),
        (layers.concatenate([xa, xb], axis=0), np.concatenate([a, b])),
        (layers.dot([xa, xb], axes=1), (a * b).sum(axis=1, keepdims=True)),
    ]
    outputs = K.function([xa, xb], [c[0] for c in cases])([a, b])
    for (_, expected), output in zip(cases, outputs):
        np.testing.assert_allclose(output, expected, rtol=1e-5, atol=1e-6)
    named = layers.add([xa, xb], name='my_sum')
    assert named._keras_history[0].name == 'my_sum'
    normalized = layers.dot([xa, xb], axes=-1, normalize=True)
    assert normalized._keras_history[0].normalize is True


def test_inputs_of_different_ranks_broadcast():
    a, b = data(2, 5), data(2, 3, 5)
    output = merge_test(Add(), [a, b], a[:, None, :] + b)
    assert output.shape == (2, 3, 5)
    c = data(2, 4, 3, 5)
    merge_test(Multiply(), [a, b, c], a[:, None, None, :] * b[:, None] * c)
    # Same rank, size-1 axes broadcast.
    d, e = data(2, 1, 5), data(2, 3, 1)
    merge_test(Maximum(), [d, e], np.maximum(d, e))
    assert Add().compute_output_shape([(None, 1, 5), (None, 3, 1)]) == \
        (None, 3, 5)
    assert Add().compute_output_shape([(None, None, 5), (4, 3, 5)]) == \
        (4, None, 5)


def test_elementwise_shape_errors():
    with pytest.raises(ValueError, match='A merge layer should be called on '
                                         'a list of inputs.'):
        Add()(Input(shape=(3,)))
    with pytest.raises(ValueError, match='A merge layer should be called on '
                                         'a list of at least 2 inputs. Got 1 '
                                         'inputs.'):
        Add().build([(None, 3)])
    # As in Keras 2, a one-element list reaches build as a single shape.
    with pytest.raises(ValueError, match='A merge layer should be called on '
                                         'a list of inputs.'):
        Add()([Input(shape=(3,))])
    with pytest.raises(ValueError, match='Operands could not be broadcast '
                                         'together with shapes '
                                         '\\(3,\\) \\(4,\\)'):
        Add()([Input(shape=(3,)), Input(shape=(4,))])
    with pytest.raises(ValueError, match='Can not merge tensors with '
                                         'different batch sizes'):
        Add()([Input(batch_shape=(2, 3)), Input(batch_shape=(4, 3))])


def test_masks_are_anded():
    a = Input(shape=(3,), dtype='int32')
    b = Input(shape=(3,), dtype='int32')
    ea = Embedding(5, 2, mask_zero=True)(a)
    eb = Embedding(5, 2, mask_zero=True)(b)
    ec = Embedding(5, 2)(b)
    da = np.array([[1, 0, 3]], dtype='int32')
    db = np.array([[0, 2, 2]], dtype='int32')
    for fn in [layers.add, layers.subtract, layers.multiply, layers.average,
               layers.maximum, layers.minimum]:
        y = fn([ea, eb])
        mask = y._keras_history[0]._inbound_nodes[0].output_masks[0]
        value = K.function([a, b], [mask])([da, db])[0]
        np.testing.assert_array_equal(value, (da != 0) & (db != 0))
    y = layers.add([ea, ec])
    mask = y._keras_history[0]._inbound_nodes[0].output_masks[0]
    np.testing.assert_array_equal(K.function([a], [mask])([da])[0], da != 0)
    unmasked = layers.add([ec, Embedding(5, 2)(a)])
    assert unmasked._keras_history[0]._inbound_nodes[0].output_masks[0] is \
        None
    layer = Add()
    with pytest.raises(ValueError, match='`mask` should be a list.'):
        layer.compute_mask([ea, eb], mask=ea)
    with pytest.raises(ValueError, match='The lists `inputs` and `mask` '
                                         'should have the same length.'):
        layer.compute_mask([ea, eb], mask=[None])


def test_concatenate():
    a, b = data(2, 3, 4), data(2, 3, 2)
    merge_test(Concatenate(), [a, b], np.concatenate([a, b], axis=-1))
    c = data(2, 1, 4)
    merge_test(Concatenate(axis=1), [a, c], np.concatenate([a, c], axis=1))
    merge_test(Concatenate(axis=-2), [a, c, a],
               np.concatenate([a, c, a], axis=1))
    layer = Concatenate(axis=1)
    assert layer.compute_output_shape([(None, 3, 4), (None, 1, 4)]) == \
        (None, 4, 4)
    assert layer.compute_output_shape([(None, None, 4), (None, 1, 4)]) == \
        (None, None, 4)
    # Unknown sizes off the concat axis match any size.
    y = Concatenate()([Input(shape=(None, 4)), Input(shape=(3, 2))])
    assert K.int_shape(y) == (None, None, 6)
    with pytest.raises(ValueError, match='A `Concatenate` layer requires '
                                         'inputs with matching shapes except '
                                         'for the concat axis. Got inputs '
                                         'shapes: \\[\\(None, 3, 4\\), '
                                         '\\(None, 2, 5\\)\\]'):
        Concatenate()([Input(shape=(3, 4)), Input(shape=(2, 5))])
    with pytest.raises(ValueError, match='A `Concatenate` layer should be '
                                         'called on a list of at least 2 '
                                         'inputs'):
        Concatenate()([Input(shape=(3,))])
    with pytest.raises(ValueError, match='A `Concatenate` layer should be '
                                         'called on a list of at least 2 '
                                         'inputs'):
        Concatenate().build([(None, 3)])
    with pytest.raises(ValueError, match="Concatenate: `axis` must be an "
                                         "integer; received 'a'"):
        Concatenate(axis='a')
    assert layers.deserialize(layers.serialize(layer)).axis == 1


def test_concatenate_masks():
    a = Input(shape=(3,), dtype='int32')
    b = Input(shape=(2,), dtype='int32')
    ea = Embedding(5, 2, mask_zero=True)(a)
    eb = Embedding(5, 2, mask_zero=True)(b)
    plain_b = Embedding(5, 2)(b)
    da = np.array([[1, 0, 3], [0, 2, 2]], dtype='int32')
    db = np.array([[0, 2], [4, 4]], dtype='int32')

    def mask_of(y, inputs, values):
        mask = y._keras_history[0]._inbound_nodes[0].output_masks[0]
        return K.function(inputs, [mask])(values)[0]

    # Along time: the masks follow each other.
    y = layers.concatenate([ea, eb], axis=1)
    np.testing.assert_array_equal(mask_of(y, [a, b], [da, db]),
                                  np.concatenate([da, db], axis=1) != 0)
    y = layers.concatenate([ea, plain_b], axis=1)
    np.testing.assert_array_equal(
        mask_of(y, [a, b], [da, db]),
        np.concatenate([da != 0, np.ones((2, 2), bool)], axis=1))
    # Along features: a timestep is kept where every input keeps it.
    ec = Embedding(5, 2, mask_zero=True)(a)
    y = layers.concatenate([ea, ec])
    np.testing.assert_array_equal(mask_of(y, [a], [da]), da != 0)


def test_dot_two_dimensional():
    a, b = data(3, 4), data(3, 4)
    output = merge_test(Dot(axes=1), [a, b], (a * b).sum(1, keepdims=True))
    assert output.shape == (3, 1)
    merge_test(Dot(axes=-1), [a, b], (a * b).sum(1, keepdims=True))
    na = a / np.linalg.norm(a, axis=1, keepdims=True)
    nb = b / np.linalg.norm(b, axis=1, keepdims=True)
    merge_test(Dot(axes=1, normalize=True), [a, b],
               (na * nb).sum(1, keepdims=True))


def test_dot_batch_dot_semantics():
    a, b = data(2, 3, 4), data(2, 5, 4)
    # Axes (2, 2): out[n, i, j] = sum_k a[n, i, k] * b[n, j, k].
    expected = np.zeros((2, 3, 5), dtype='float64')
    for n in range(2):
        for i in range(3):
            for j in range(5):
                expected[n, i, j] = np.sum(a[n, i, :] * b[n, j, :])
    output = merge_test(Dot(axes=2), [a, b], expected)
    assert output.shape == (2, 3, 5)
    merge_test(Dot(axes=-1), [a, b], expected)
    merge_test(Dot(axes=[2, -1]), [a, b], expected)
    # Axes (1, 2) of a (2, 3, 4) and c (2, 4, 3): the free axes of a, then
    # those of c.
    c = data(2, 4, 3)
    expected = np.einsum('nik,njk->nij', a.transpose(0, 2, 1), c)
    merge_test(Dot(axes=(1, 2)), [a, c], expected, rtol=1e-4)
    # Different ranks: (2, 4) . (2, 3, 4) on their last axes.
    d = data(2, 4)
    merge_test(Dot(axes=-1), [d, a], np.einsum('nk,njk->nj', d, a),
               rtol=1e-4)
    # Normalized along the contracted axes: cosines.
    an = a / np.linalg.norm(a, axis=2, keepdims=True)
    bn = b / np.linalg.norm(b, axis=2, keepdims=True)
    merge_test(Dot(axes=2, normalize=True), [a, b],
               np.einsum('nik,njk->nij', an, bn), rtol=1e-4)


def test_dot_shapes_config_and_errors():
    layer = Dot(axes=(1, 2))
    assert layer.compute_output_shape([(None, 3, 4), (None, 5, 3)]) == \
        (None, 4, 5)
    assert Dot(axes=1).compute_output_shape([(None, 4), (None, 4)]) == \
        (None, 1)
    clone = layers.deserialize(layers.serialize(Dot(axes=[1, 2],
                                                    normalize=True)))
    assert clone.axes == [1, 2] and clone.normalize is True
    with pytest.raises(ValueError, match='Dimension incompatibility 3 != '
                                         '4'):
        Dot(axes=1)([Input(shape=(3,)), Input(shape=(4,))])
    with pytest.raises(ValueError, match='A `Dot` layer should be called on '
                                         'a list of 2 inputs.'):
        Dot(axes=1)([Input(shape=(3,))] * 3)
    with pytest.raises(TypeError, match='Invalid type for `axes` - should be '
                                        'a list or an int'):
        Dot(axes='a')
    with pytest.raises(ValueError, match='Invalid format for `axes` - '
                                         'should contain two elements'):
        Dot(axes=(1, 2, 3))
    with pytest.raises(ValueError, match='Invalid format for `axes` - list '
                                         'elements should be "int"'):
        Dot(axes=(1, 'a'))
    x = Input(shape=(3,), dtype='int32')
    e = Embedding(5, 3, mask_zero=True)(x)
    y = layers.dot([e, e], axes=2)
    assert y._keras_history[0]._inbound_nodes[0].output_masks[0] is None


@pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')
def test_merged_branches_train():
    a, b = Input(shape=(3,)), Input(shape=(3,))
    branch_a = Dense(2, kernel_initializer='ones', use_bias=False)
    y = layers.concatenate([branch_a(a), layers.multiply([a, b])])
    y = Dense(1, kernel_initializer='ones', use_bias=False)(y)
    model = Model([a, b], y)
    model.compile('sgd', 'mse')
    xa, xb = np.ones((2, 3), 'float32'), np.ones((2, 3), 'float32')
    before = model.get_weights()
    model.train_on_batch([xa, xb], np.zeros((2, 1), 'float32'))
    # Output 2 * 3 + 3 = 9 everywhere, target 0: d loss / d kernel of the
    # first Dense = 2 * 9 * (input 1) * (next kernel 1) = 18.
    np.testing.assert_allclose(model.get_weights()[0],
                               before[0] - 0.01 * 18., rtol=1e-5)
