"""Functional models: graph building, calling models on new tensors,
weights, losses and updates, configs, JSON/YAML and summaries."""
import json
import warnings

import numpy as np
import pytest

from keras import backend as K
from keras.engine.base_layer import Layer
from keras.engine.input_layer import Input
from keras.engine.input_layer import InputLayer
from keras.engine.training import Model
from keras.layers import Activation
from keras.layers import Dense
from keras.layers import Dropout
from keras.layers import Lambda
from keras.layers import Masking
from keras.models import Sequential
from keras.models import clone_model
from keras.models import model_from_config
from keras.models import model_from_json
from keras.models import model_from_yaml


def forward(model, *arrays):
    outputs = K.function(model.inputs, model.outputs)(list(arrays))
    return outputs[0] if len(outputs) == 1 else outputs


def numpy_dense(layer, x, activation=None):
    kernel, bias = layer.get_weights()
    y = x.dot(kernel) + bias
    return np.maximum(y, 0.) if activation == 'relu' else y


def without_bytecode(config):
    """The config with Lambda bytecode left out: marshal output differs
    between a function and its reloaded copy."""
    for layer in config['layers']:
        layer['config'].pop('function', None)
    return config


def two_branch_model():
    """a -> dense_a (relu) -+-> concat-free sum -> out_sum
       b -> dense_b --------+-> out_b"""
    K.clear_session()
    a = Input(shape=(3,), name='a')
    b = Input(shape=(4,), name='b')
    ha = Dense(2, activation='relu', name='dense_a')(a)
    hb = Dense(2, name='dense_b')(b)
    total = Lambda(lambda t: t[0] + t[1], name='add')([ha, hb])
    out_b = Dense(1, name='out_b')(hb)
    return Model(inputs=[a, b], outputs=[total, out_b], name='two')


def test_multi_input_output_model_structure():
    model = two_branch_model()
    assert model.name == 'two'
    assert model.input_names == ['a', 'b']
    assert model.output_names == ['add', 'out_b']
    assert [l.name for l in model.layers] == ['a', 'b', 'dense_a', 'dense_b',
                                              'add', 'out_b']
    assert model._feed_input_names == ['a', 'b']
    assert model._feed_input_shapes == [(None, 3), (None, 4)]
    assert model.inputs == [model.get_layer('a').output,
                            model.get_layer('b').output]
    assert model.input_shape == [(None, 3), (None, 4)]
    assert model.output_shape == [(None, 2), (None, 1)]
    assert len(model.weights) == 6
    assert model.count_params() == 3 * 2 + 2 + 4 * 2 + 2 + 2 + 1
    assert sorted(model._nodes_by_depth) == [0, 1, 2]


def test_multi_input_output_forward_matches_numpy():
    model = two_branch_model()
    xa = np.random.random((5, 3)).astype('float32')
    xb = np.random.random((5, 4)).astype('float32')
    total, out_b = forward(model, xa, xb)
    ha = numpy_dense(model.get_layer('dense_a'), xa, 'relu')
    hb = numpy_dense(model.get_layer('dense_b'), xb)
    np.testing.assert_allclose(total, ha + hb, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(out_b, numpy_dense(model.get_layer('out_b'),
                                                  hb), rtol=1e-5, atol=1e-6)


def test_get_layer_errors():
    model = two_branch_model()
    assert model.get_layer(index=2).name == 'dense_a'
    with pytest.raises(ValueError, match='Was asked to retrieve layer at '
                                         'index 10 but model only has 6 '
                                         'layers.'):
        model.get_layer(index=10)
    with pytest.raises(ValueError, match='No such layer: nope'):
        model.get_layer('nope')
    with pytest.raises(ValueError, match='Provide either a layer name or '
                                         'layer index.'):
        model.get_layer()


def test_disconnected_graph_names_the_missing_input():
    a = Input(shape=(2,), name='in_a')
    b = Input(shape=(2,), name='in_b')
    out = Lambda(lambda t: t[0] * t[1])([a, Dense(2)(b)])
    with pytest.raises(ValueError, match='Graph disconnected: cannot obtain '
                                         'value for tensor .*in_b'):
        Model(a, out)


def test_duplicate_layer_names():
    x = Input(shape=(2,))
    y = Dense(2, name='same')(Dense(2, name='same')(x))
    with pytest.raises(ValueError, match='The name "same" is used 2 times in '
                                         'the model. All layer names should '
                                         'be unique.'):
        Model(x, y)


def test_invalid_inputs_and_outputs():
    x = Input(shape=(2,))
    y = Dense(2)(x)
    with pytest.raises(ValueError, match='The list of inputs passed to the '
                                         'model is redundant'):
        Model([x, x], y)
    with pytest.raises(ValueError, match='must come from '
                                         '`keras.layers.Input`'):
        Model(K.placeholder(shape=(None, 2)), y)
    with pytest.raises(ValueError, match='must be the output of a Keras '
                                         '`Layer`'):
        Model(x, y * 2.)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        with pytest.raises(TypeError, match='Input layers to a `Model` must '
                                            'be `InputLayer` objects'):
            Model(y, Dense(1)(y))
    assert any('cannot be the output of a previous non-Input layer'
               in str(w.message) for w in caught)


def test_keras1_input_output_keywords():
    x = Input(shape=(2,))
    y = Dense(1)(x)
    with pytest.warns(UserWarning, match='Update your `Model` call to the '
                                         'Keras 2 API'):
        model = Model(input=x, output=y)
    assert model.inputs == [x] and model.outputs == [y]


def test_shared_layer_weights_counted_once():
    K.clear_session()
    shared = Dense(3, name='shared')
    a = Input(shape=(4,))
    b = Input(shape=(4,))
    out = Lambda(lambda t: t[0] - t[1])([shared(a), shared(b)])
    model = Model([a, b], out)
    assert model.trainable_weights == [shared.kernel, shared.bias]
    assert len(model.get_weights()) == 2
    xa = np.random.random((2, 4))
    xb = np.random.random((2, 4))
    expected = numpy_dense(shared, xa) - numpy_dense(shared, xb)
    np.testing.assert_allclose(forward(model, xa, xb), expected, rtol=1e-5,
                               atol=1e-6)


def test_model_called_on_new_tensors_shares_weights():
    x = Input(shape=(3,))
    inner = Model(x, Dense(2, activation='relu')(Dense(4)(x)))
    new_input = Input(shape=(3,))
    y = inner(new_input)
    assert K.int_shape(y) == (None, 2)
    assert y._keras_history[0] is inner
    data = np.random.random((6, 3)).astype('float32')
    out = K.function([new_input], [y])([data])[0]
    np.testing.assert_allclose(out, forward(inner, data), rtol=1e-5)
    assert inner.compute_output_shape((None, 3)) == (None, 2)
    assert inner.compute_output_shape((7, 3)) == (7, 2)


def test_nested_model_in_outer_model():
    K.clear_session()
    x = Input(shape=(3,), name='inner_in')
    inner = Model(x, Dense(2, name='inner_dense')(x), name='inner')
    outer_in = Input(shape=(3,), name='outer_in')
    h = inner(outer_in)
    out = Dense(1, name='head')(h)
    outer = Model(outer_in, out, name='outer')
    assert [l.name for l in outer.layers] == ['outer_in', 'inner', 'head']
    assert len(outer.trainable_weights) == 4
    data = np.random.random((4, 3)).astype('float32')
    expected = numpy_dense(outer.get_layer('head'),
                           numpy_dense(inner.get_layer('inner_dense'), data))
    np.testing.assert_allclose(forward(outer, data), expected, rtol=1e-5,
                               atol=1e-6)

    config = outer.get_config()
    inner_config = [l for l in config['layers'] if l['name'] == 'inner'][0]
    # The inner model's node 0 is its own graph: the outer call is node 1.
    assert inner_config['inbound_nodes'] == [[['outer_in', 0, 0, {}]]]
    head_config = [l for l in config['layers'] if l['name'] == 'head'][0]
    assert head_config['inbound_nodes'] == [[['inner', 1, 0, {}]]]

    rebuilt = Model.from_config(config)
    rebuilt.set_weights(outer.get_weights())
    np.testing.assert_allclose(forward(rebuilt, data), expected, rtol=1e-5,
                               atol=1e-6)


def test_nested_model_losses_and_updates():
    x = Input(shape=(3,))
    dense = Dense(2, kernel_regularizer='l2',
                  activity_regularizer='l1')
    inner = Model(x, dense(x))
    counter = K.variable(0.)
    dense.add_update(K.update_add(counter, 1.), inputs=x)
    assert len(inner.losses) == 2
    assert len(inner.updates) == 1

    outer_in = Input(shape=(3,))
    outer = Model(outer_in, inner(outer_in))
    # The weight penalty once, the activity penalty for the outer call.
    losses = outer.losses
    assert len(losses) == 2
    values = K.function([outer_in], losses)([np.ones((2, 3))])
    expected_activity = 0.01 * np.abs(forward(outer,
                                              np.ones((2, 3)))).sum()
    assert any(np.isclose(float(v), expected_activity, rtol=1e-5)
               for v in values)


def test_weights_get_set_and_trainable_flag():
    model = two_branch_model()
    values = [np.random.random(w.shape) for w in model.get_weights()]
    model.set_weights(values)
    for got, want in zip(model.get_weights(), values):
        np.testing.assert_allclose(got, want, rtol=1e-6)
    model.trainable = False
    assert model.trainable_weights == []
    assert len(model.non_trainable_weights) == 6
    model.trainable = True
    model.get_layer('dense_a').trainable = False
    assert len(model.trainable_weights) == 4
    assert len(model.non_trainable_weights) == 2


def test_uses_learning_phase_and_dropout():
    x = Input(shape=(100,))
    y = Dropout(0.5)(x)
    model = Model(x, y)
    assert model.uses_learning_phase
    assert not Model(x, Dense(2)(x)).uses_learning_phase
    data = np.ones((4, 100), dtype='float32')
    f = K.function([x, K.learning_phase()], [y])
    np.testing.assert_allclose(f([data, 0])[0], data)
    train = f([data, 1])[0]
    assert set(np.unique(train)) <= {0., 2.}
    assert 0 < (train == 0).sum() < train.size


def test_masks_flow_through_a_nested_model():
    x = Input(shape=(3, 2))
    inner = Model(x, Masking()(x))
    outer_in = Input(shape=(3, 2))
    y = inner(outer_in)
    mask = y._keras_history[0]._inbound_nodes[1].output_masks[0]
    data = np.array([[[0., 0.], [1., 0.], [0., 0.]]])
    value = K.function([outer_in], [mask])([data])[0]
    np.testing.assert_array_equal(value, [[False, True, False]])


def test_get_config_format_and_round_trip():
    model = two_branch_model()
    config = model.get_config()
    assert set(config) == {'name', 'layers', 'input_layers',
                           'output_layers'}
    assert config['input_layers'] == [['a', 0, 0], ['b', 0, 0]]
    assert config['output_layers'] == [['add', 0, 0], ['out_b', 0, 0]]
    by_name = {l['name']: l for l in config['layers']}
    assert by_name['a']['inbound_nodes'] == []
    assert by_name['a']['class_name'] == 'InputLayer'
    assert by_name['add']['inbound_nodes'] == [[['dense_a', 0, 0, {}],
                                                ['dense_b', 0, 0, {}]]]
    rebuilt = Model.from_config(config)
    assert without_bytecode(rebuilt.get_config()) == without_bytecode(config)
    rebuilt.set_weights(model.get_weights())
    xa = np.random.random((2, 3))
    xb = np.random.random((2, 4))
    for got, want in zip(forward(rebuilt, xa, xb), forward(model, xa, xb)):
        np.testing.assert_allclose(got, want, rtol=1e-6)


def test_shared_layer_config_keeps_node_indices():
    shared = Dense(2, name='shared')
    a = Input(shape=(2,), name='a')
    b = Input(shape=(2,), name='b')
    out = Lambda(lambda t: t[0] + t[1], name='sum')([shared(a), shared(b)])
    model = Model([a, b], out)
    by_name = {l['name']: l for l in model.get_config()['layers']}
    assert by_name['shared']['inbound_nodes'] == [[['a', 0, 0, {}]],
                                                  [['b', 0, 0, {}]]]
    assert by_name['sum']['inbound_nodes'] == [[['shared', 0, 0, {}],
                                                ['shared', 1, 0, {}]]]
    rebuilt = Model.from_config(model.get_config())
    assert len(rebuilt.get_layer('shared')._inbound_nodes) == 2
    rebuilt.set_weights(model.get_weights())
    xa, xb = np.random.random((3, 2)), np.random.random((3, 2))
    np.testing.assert_allclose(forward(rebuilt, xa, xb),
                               forward(model, xa, xb), rtol=1e-6)


def test_call_arguments_are_kept_in_config():
    class Scaled(Layer):
        def call(self, inputs, factor=1.):
            return inputs * factor
    x = Input(shape=(2,))
    layer = Scaled(name='scaled')
    model = Model(x, layer(x, factor=3.))
    by_name = {l['name']: l for l in model.get_config()['layers']}
    assert by_name['scaled']['inbound_nodes'] == [
        [[x._keras_history[0].name, 0, 0, {'factor': 3.}]]]
    rebuilt = Model.from_config(model.get_config(),
                                custom_objects={'Scaled': Scaled})
    np.testing.assert_allclose(forward(rebuilt, np.ones((1, 2))), [[3., 3.]])


def test_to_json_and_to_yaml():
    model = two_branch_model()
    parsed = json.loads(model.to_json())
    assert parsed['class_name'] == 'Model'
    assert parsed['keras_version'] == '2.3.1'
    assert parsed['backend'] == K.backend()
    assert parsed['config']['name'] == 'two'
    for rebuilt in (model_from_json(model.to_json()),
                    model_from_yaml(model.to_yaml()),
                    model_from_config(json.loads(model.to_json()))):
        assert [l.name for l in rebuilt.layers] == [l.name for l in
                                                    model.layers]
        assert rebuilt.output_shape == model.output_shape


def test_summary_of_a_branching_model():
    K.clear_session()
    a = Input(shape=(3,), name='a')
    b = Input(shape=(3,), name='b')
    shared = Dense(2, name='shared')
    total = Lambda(lambda t: t[0] + t[1], name='add')([shared(a), shared(b)])
    model = Model([a, b], total, name='siamese')
    lines = []
    model.summary(print_fn=lines.append)
    header = ('Layer (type)                    Output Shape         Param #  '
              '   Connected to                     ')
    assert lines[0] == 'Model: "siamese"'
    assert lines[1] == '_' * 98
    assert lines[2] == header
    assert lines[3] == '=' * 98
    assert lines[4] == ('a (InputLayer)                  (None, 3)            '
                        '0                                            ')
    assert lines[8] == ('shared (Dense)                  (None, 2)            '
                        '8           a[0][0]                          ')
    assert lines[9] == ('                                                     '
                        '            b[0][0]                          ')
    assert lines[11] == ('add (Lambda)                    (None, 2)         '
                         '   0           shared[0][0]                     ')
    assert lines[12] == ('                                                    '
                         '             shared[1][0]                     ')
    assert lines[-4:] == ['Total params: 8', 'Trainable params: 8',
                          'Non-trainable params: 0', '_' * 98]


def test_subclassed_model_tracks_its_layers():
    class TwoLayers(Model):
        def __init__(self):
            super(TwoLayers, self).__init__(name='two_layers')
            self.hidden = Dense(4, activation='relu')
            self.head = Dense(1)

        def call(self, inputs):
            return self.head(self.hidden(inputs))

        def compute_output_shape(self, input_shape):
            return input_shape[:-1] + (1,)
    model = TwoLayers()
    assert model.layers == [model.hidden, model.head]
    x = Input(shape=(3,))
    y = model(x)
    assert K.int_shape(y) == (None, 1)
    assert len(model.trainable_weights) == 4
    data = np.random.random((2, 3))
    expected = numpy_dense(model.head,
                           numpy_dense(model.hidden, data, 'relu'))
    np.testing.assert_allclose(K.function([x], [y])([data])[0], expected,
                               rtol=1e-5, atol=1e-6)
    with pytest.raises(NotImplementedError):
        model.get_config()


def test_subclass_forgetting_super_init():
    class Broken(Model):
        def __init__(self):
            self.dense = Dense(2)
    with pytest.raises(RuntimeError, match='forgot to call `super'):
        Broken()


def test_network_default_names():
    K.clear_session()
    x = Input(shape=(2,))
    assert Model(x, Dense(1)(x)).name == 'model_1'
    assert Model(x, Dense(1)(x)).name == 'model_2'
    assert Sequential().name == 'sequential_1'


def test_clone_functional_model():
    model = two_branch_model()
    clone = clone_model(model)
    assert clone is not model
    assert [l.name for l in clone.layers] == [l.name for l in model.layers]
    assert not any(w1 is w2 for w1, w2 in zip(clone.weights, model.weights))
    clone.set_weights(model.get_weights())
    xa, xb = np.random.random((2, 3)), np.random.random((2, 4))
    for got, want in zip(forward(clone, xa, xb), forward(model, xa, xb)):
        np.testing.assert_allclose(got, want, rtol=1e-6)

    new_a = Input(shape=(3,))
    new_b = Input(shape=(4,))
    on_tensors = clone_model(model, input_tensors=[new_a, new_b])
    assert on_tensors.inputs == [new_a, new_b]


def test_clone_sequential_model():
    model = Sequential([Dense(3, input_shape=(2,)), Activation('tanh')])
    clone = clone_model(model)
    assert isinstance(clone, Sequential)
    assert [l.__class__ for l in clone.layers] == [Dense, Activation]
    clone.set_weights(model.get_weights())
    data = np.random.random((2, 2))
    np.testing.assert_allclose(forward(clone, data), forward(model, data),
                               rtol=1e-6)
    x = Input(shape=(2,))
    on_input = clone_model(model, input_tensors=x)
    assert on_input.inputs == [x]
    assert isinstance(on_input.layers[0], Dense)
    with pytest.raises(ValueError, match='Expected `model` argument to be a '
                                         '`Model` instance'):
        clone_model(Dense(2))


def test_input_layer_listed_in_functional_layers():
    x = Input(shape=(2,))
    model = Model(x, Dense(1)(x))
    assert isinstance(model.layers[0], InputLayer)


class Counting(Layer):
    """Counts its calls in a non-trainable weight, with an update added in
    `call` for its inputs (as BatchNormalization does)."""

    def build(self, input_shape):
        self.count = self.add_weight(name='count', shape=(),
                                     initializer='zeros', trainable=False)
        self.built = True

    def call(self, inputs):
        self.add_update(K.update_add(self.count, 1.), inputs)
        return inputs * 1.


def test_updates_of_a_nested_model_run_in_the_outer_model():
    x = Input(shape=(2,))
    counting = Counting()
    inner = Model(x, counting(x))
    assert len(inner.updates) == 1
    outer_in = Input(shape=(2,))
    outer = Model(outer_in, Dense(1)(inner(outer_in)))
    updates = outer.updates
    assert len(updates) == 1
    assert updates[0] is not inner.updates[0]
    step = K.function([outer_in], [outer.output], updates=updates)
    step([np.ones((3, 2))])
    step([np.ones((3, 2))])
    assert float(K.get_value(counting.count)) == 2.
    outer.trainable = False
    assert outer.updates == []


def test_stateful_layers_and_reset_states():
    class Stateful(Layer):
        def __init__(self, **kwargs):
            super(Stateful, self).__init__(**kwargs)
            self.stateful = True
            self.resets = 0

        def reset_states(self):
            self.resets += 1
    x = Input(shape=(2,))
    layer = Stateful()
    model = Model(x, Dense(1)(layer(x)))
    assert model.stateful
    layer.add_update((K.variable(0.), K.constant(1.)))
    assert len(model.state_updates) == 1
    model.reset_states()
    assert layer.resets == 1
    assert not Model(x, Dense(1)(x)).stateful
