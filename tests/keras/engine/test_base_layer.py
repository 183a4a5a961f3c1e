"""Layer, InputSpec, Node and Input: naming, weights, calls, masks,
connectivity and their Keras 2 error messages."""
import numpy as np
import pytest

from keras import backend as K
from keras import initializers
from keras import regularizers
from keras.engine.base_layer import InputSpec
from keras.engine.base_layer import Layer
from keras.engine.input_layer import Input
from keras.engine.input_layer import InputLayer
from keras.layers import Dense
from keras.layers import Masking


def run(inputs, outputs, values):
    """Evaluates `outputs` for input values with K.function."""
    return K.function(inputs, outputs)(values)


class Scale(Layer):
    """y = x * alpha + beta (alpha trainable, beta not)."""

    def build(self, input_shape):
        self.alpha = self.add_weight(name='alpha', shape=(input_shape[-1],),
                                     initializer='ones')
        self.beta = self.add_weight(name='beta', shape=(input_shape[-1],),
                                    initializer=initializers.Constant(2.),
                                    trainable=False)
        self.built = True

    def call(self, inputs):
        return inputs * self.alpha + self.beta


def test_default_names_count_per_class():
    K.clear_session()
    assert Dense(2).name == 'dense_1'
    assert Dense(2).name == 'dense_2'
    assert Scale().name == 'scale_1'
    assert Dense(2, name='head').name == 'head'
    assert InputLayer(input_shape=(3,)).name == 'input_1'

    class MyCustomLayer2D(Layer):
        pass
    assert MyCustomLayer2D().name == 'my_custom_layer2d_1'

    class _Private(Layer):
        pass
    assert _Private().name == 'private__private_1'


def test_unknown_keyword_argument():
    with pytest.raises(TypeError) as error:
        Layer(units=3)
    assert error.value.args == ('Keyword argument not understood:', 'units')


def test_input_shape_keywords():
    assert Layer(input_shape=(3,)).batch_input_shape == (None, 3)
    assert Layer(input_shape=(3,), batch_size=8).batch_input_shape == (8, 3)
    assert Layer(batch_input_shape=[4, 5]).batch_input_shape == (4, 5)
    assert Layer(input_dtype='float64').dtype == 'float64'
    assert Layer().dtype == K.floatx()
    assert not hasattr(Layer(), 'batch_input_shape')


def test_add_weight_names_values_and_trainability():
    K.clear_session()
    layer = Scale()
    x = Input(shape=(3,))
    layer(x)
    assert [w.name for w in layer.weights] == ['scale_1/alpha',
                                               'scale_1/beta']
    assert layer.trainable_weights == [layer.alpha]
    assert layer.non_trainable_weights == [layer.beta]
    np.testing.assert_allclose(K.get_value(layer.beta), [2., 2., 2.])
    layer.trainable = False
    assert layer.trainable_weights == []
    assert layer.non_trainable_weights == [layer.alpha, layer.beta]
    assert layer.count_params() == 6


def test_add_weight_outside_call_uses_layer_scope():
    layer = Layer(name='standalone')
    weight = layer.add_weight(name='w', shape=(2, 2), initializer='zeros')
    assert weight.name == 'standalone/w'
    assert layer.weights == [weight]


def test_add_weight_accepts_tensor_initializer():
    def ones_tensor(shape, dtype=None):
        return K.ones(shape) * 3.

    def random_tensor(shape, dtype=None):
        return K.random_normal(shape)
    layer = Layer()
    w = layer.add_weight(name='w', shape=(2,), initializer=ones_tensor)
    np.testing.assert_allclose(K.get_value(w), [3., 3.])
    r = layer.add_weight(name='r', shape=(5,), initializer=random_tensor)
    value = K.get_value(r)
    assert value.shape == (5,) and np.all(value == K.get_value(r))


def test_weight_regularizer_loss():
    layer = Dense(2, kernel_regularizer=regularizers.l2(0.5),
                  kernel_initializer='ones', bias_regularizer='l1')
    layer(Input(shape=(3,)))
    assert len(layer.losses) == 2
    values = [float(K.eval(loss)) for loss in layer.losses]
    assert values[0] == pytest.approx(0.5 * 6)
    assert values[1] == pytest.approx(0.)
    assert layer.get_losses_for(None) == layer.losses


def test_activity_regularizer_loss_depends_on_inputs():
    layer = Dense(2, kernel_initializer='ones',
                  activity_regularizer=regularizers.l1(0.1))
    x = Input(shape=(3,))
    layer(x)
    assert len(layer.losses) == 1
    assert layer.get_losses_for(None) == []
    assert layer.get_losses_for(x) == layer.losses
    value = run([x], [layer.losses[0]], [np.ones((4, 3))])[0]
    assert float(value) == pytest.approx(0.1 * 4 * 2 * 3)


def test_get_and_set_weights():
    layer = Dense(3)
    layer(Input(shape=(2,)))
    kernel = np.arange(6.).reshape((2, 3))
    layer.set_weights([kernel, np.ones(3)])
    got = layer.get_weights()
    np.testing.assert_allclose(got[0], kernel)
    np.testing.assert_allclose(got[1], np.ones(3))
    with pytest.raises(ValueError, match='with a  weight list of length 1, '
                                         'but the layer was expecting 2'):
        layer.set_weights([kernel])
    with pytest.raises(ValueError, match=r'Layer weight shape \(3,\) not '
                                         r'compatible with provided weight '
                                         r'shape \(4,\)'):
        layer.set_weights([kernel, np.ones(4)])


def test_initial_weights_keyword():
    kernel = np.ones((2, 3)) * 5.
    layer = Dense(3, weights=[kernel, np.zeros(3)])
    x = Input(shape=(2,))
    y = layer(x)
    out = run([x], [y], [np.ones((1, 2))])[0]
    np.testing.assert_allclose(out, [[10., 10., 10.]])


def test_count_params_before_build():
    with pytest.raises(RuntimeError, match='but the layer isn\'t built'):
        Dense(2, name='d').count_params()


def test_call_stamps_history_shape_and_node():
    K.clear_session()
    x = Input(shape=(4,), name='x')
    layer = Dense(2)
    y = layer(x)
    assert y._keras_history == (layer, 0, 0)
    assert y._keras_shape == (None, 2)
    assert K.int_shape(y) == (None, 2)
    assert K.is_keras_tensor(y)
    node = layer._inbound_nodes[0]
    assert node.inbound_layers == [x._keras_history[0]]
    assert node.node_indices == [0] and node.tensor_indices == [0]
    assert node.input_shapes == [(None, 4)]
    assert node.output_shapes == [(None, 2)]
    assert node.get_config() == {'outbound_layer': 'dense_1',
                                 'inbound_layers': ['x'],
                                 'node_indices': [0], 'tensor_indices': [0]}
    assert x._keras_history[0]._outbound_nodes == [node]
    assert layer.input is x and layer.output is y
    assert layer.input_shape == (None, 4)
    assert layer.output_shape == (None, 2)


def test_identity_layer_output_is_a_new_tensor():
    x = Input(shape=(3,))
    layer = Layer()
    y = layer(x)
    assert y is not x
    assert x._keras_history[0].__class__ is InputLayer
    assert y._keras_history[0] is layer
    np.testing.assert_allclose(run([x], [y], [np.ones((2, 3))])[0],
                               np.ones((2, 3)))


def test_shared_layer_nodes_and_attribute_errors():
    layer = Dense(2, name='shared')
    a = Input(shape=(3,))
    b = Input(shape=(3,))
    ya = layer(a)
    yb = layer(b)
    assert layer.get_input_at(0) is a and layer.get_input_at(1) is b
    assert layer.get_output_at(1) is yb and layer.get_output_at(0) is ya
    assert layer.get_output_shape_at(1) == (None, 2)
    assert layer.input_shape == (None, 3)  # same shape at both nodes
    with pytest.raises(AttributeError, match='Layer shared has multiple '
                                             'inbound nodes, hence the '
                                             'notion of "layer input" is '
                                             'ill-defined'):
        layer.input
    with pytest.raises(AttributeError, match='get_output_at'):
        layer.output
    with pytest.raises(ValueError, match='Asked to get input at node 2, but '
                                         'the layer has only 2 inbound '
                                         'nodes.'):
        layer.get_input_at(2)
    other = Layer()
    other(Input(shape=(5,)))
    other(Input(shape=(6,)))
    with pytest.raises(AttributeError, match='different input shapes'):
        other.input_shape


def test_unconnected_layer_errors():
    layer = Dense(2, name='lonely')
    with pytest.raises(AttributeError, match='Layer lonely is not connected, '
                                             'no input to return.'):
        layer.input
    with pytest.raises(AttributeError, match='Layer lonely has no inbound '
                                             'nodes.'):
        layer.output
    with pytest.raises(AttributeError, match='has never been called and thus '
                                             'has no defined input shape'):
        layer.input_shape
    with pytest.raises(RuntimeError, match='has never been called'):
        layer.get_output_at(0)


def test_non_tensor_input_error():
    with pytest.raises(ValueError, match='Layer dense_in was called with an '
                                         'input that isn\'t a symbolic '
                                         'tensor'):
        Dense(2, name='dense_in')(np.ones((2, 3)).tolist())


def test_input_spec_messages():
    layer = Layer(name='checked')
    layer.input_spec = InputSpec(ndim=3)
    with pytest.raises(ValueError, match='Input 0 is incompatible with layer '
                                         'checked: expected ndim=3, found '
                                         'ndim=2'):
        layer(Input(shape=(4,)))
    layer.input_spec = InputSpec(min_ndim=3)
    with pytest.raises(ValueError, match='expected min_ndim=3, found ndim=2'):
        layer(Input(shape=(4,)))
    layer.input_spec = InputSpec(max_ndim=2)
    with pytest.raises(ValueError, match='expected max_ndim=2, found ndim=3'):
        layer(Input(shape=(4, 5)))
    layer.input_spec = InputSpec(dtype='int32')
    with pytest.raises(ValueError, match='expected dtype=int32, found '
                                         'dtype=float32'):
        layer(Input(shape=(4,)))
    layer.input_spec = InputSpec(axes={-1: 5})
    with pytest.raises(ValueError, match=r'expected axis -1 of input shape to '
                                         r'have value 5 but got shape '
                                         r'\(None, 4\)'):
        layer(Input(shape=(4,)))
    layer.input_spec = InputSpec(shape=(None, 5))
    with pytest.raises(ValueError, match=r'expected shape=\(None, 5\), found '
                                         r'shape=\(None, 4\)'):
        layer(Input(shape=(4,)))
    layer.input_spec = [InputSpec(ndim=2), InputSpec(ndim=2)]
    with pytest.raises(ValueError, match='Layer checked expects 2 inputs, but '
                                         'it received 1 input tensors'):
        layer(Input(shape=(4,)))


def test_dense_locks_input_dimension_after_build():
    layer = Dense(2)
    layer(Input(shape=(3,)))
    with pytest.raises(ValueError, match='expected axis -1 of input shape to '
                                         'have value 3'):
        layer(Input(shape=(4,)))


def test_input_spec_repr():
    assert repr(InputSpec(ndim=2, axes={-1: 3})) == \
        'InputSpec(ndim=2, axes={-1: 3})'
    assert InputSpec(shape=(None, 2)).ndim == 2


def test_mask_propagation_and_support():
    x = Input(shape=(3, 2))
    masked = Masking(mask_value=0.)(x)
    node = masked._keras_history[0]._inbound_nodes[0]
    assert node.output_masks[0] is not None

    class MaskEcho(Layer):
        def __init__(self, **kwargs):
            super(MaskEcho, self).__init__(**kwargs)
            self.supports_masking = True
            self.received = None

        def call(self, inputs, mask=None):
            self.received = mask
            return inputs * 1.
    echo = MaskEcho()
    out = echo(masked)
    assert echo.received is node.output_masks[0]
    assert echo._inbound_nodes[0].output_masks[0] is node.output_masks[0]
    data = np.array([[[0., 0.], [1., 2.], [0., 3.]]])
    mask_value = run([x], [echo._inbound_nodes[0].output_masks[0]], [data])
    np.testing.assert_array_equal(mask_value[0], [[False, True, True]])
    np.testing.assert_allclose(run([x], [out], [data])[0], data)
    with pytest.raises(TypeError, match='does not support masking, but was '
                                        'passed an input_mask'):
        Layer(name='no_mask')(masked)


def test_add_update_and_updates_for_inputs():
    layer = Layer()
    counter = K.variable(0.)
    x = Input(shape=(2,))
    conditional = K.update_add(counter, 1.)
    layer.add_update(conditional, inputs=x)
    unconditional = (counter, counter + 2.)
    layer.add_update([unconditional])
    assert layer.get_updates_for(x) == [conditional]
    assert layer.get_updates_for(None) == [unconditional]
    assert layer.updates == [conditional, unconditional]
    layer.trainable = False
    assert layer.updates == []


def test_add_loss_ignores_empty():
    layer = Layer()
    layer.add_loss(None)
    layer.add_loss([])
    assert layer.losses == []
    layer.add_loss(K.constant(1.))
    assert len(layer.losses) == 1


def test_config_round_trip():
    layer = Layer(name='base', trainable=False, input_shape=(3,),
                  dtype='float64')
    config = layer.get_config()
    assert config == {'name': 'base', 'trainable': False,
                      'batch_input_shape': (None, 3), 'dtype': 'float64'}
    clone = Layer.from_config(config)
    assert clone.get_config() == config


def test_sublayers_and_variables_assigned_to_attributes_are_tracked():
    class Block(Layer):
        def __init__(self, **kwargs):
            super(Block, self).__init__(**kwargs)
            self.inner = Dense(2, kernel_regularizer='l2')
            self.scale = K.variable(1.)

        def call(self, inputs):
            return self.inner(inputs) * self.scale

        def compute_output_shape(self, input_shape):
            return input_shape[:-1] + (2,)
    block = Block()
    x = Input(shape=(3,))
    y = block(x)
    assert y._keras_shape == (None, 2)
    assert block.trainable_weights == [block.scale, block.inner.kernel,
                                       block.inner.bias]
    assert len(block.losses) == 1
    assert len(block.get_losses_for(None)) == 1
    block.trainable = False
    assert block.trainable_weights == []
    assert len(block.non_trainable_weights) == 3


def test_input_and_input_layer():
    K.clear_session()
    x = Input(shape=(3,))
    layer = x._keras_history[0]
    assert isinstance(layer, InputLayer)
    assert layer.name == 'input_1'
    assert K.int_shape(x) == (None, 3)
    assert K.is_placeholder(x) and layer.is_placeholder
    assert layer.get_config() == {'batch_input_shape': (None, 3),
                                  'dtype': 'float32', 'sparse': False,
                                  'name': 'input_1'}
    assert K.int_shape(Input(batch_shape=(5, 2))) == (5, 2)
    assert K.dtype(Input(shape=(2,), dtype='int32')) == 'int32'
    with pytest.raises(ValueError, match='either a `shape` or a '
                                         '`batch_shape`'):
        Input()
    with pytest.raises(ValueError, match='Only provide the input_shape OR '
                                         'batch_input_shape'):
        InputLayer(input_shape=(2,), batch_input_shape=(None, 2))
    with pytest.raises(ValueError, match='An Input layer should be passed '
                                         'either a `batch_input_shape` or an '
                                         '`input_shape`.'):
        InputLayer()


def test_input_wrapping_an_existing_tensor():
    base = K.placeholder(shape=(None, 4))
    doubled = base * 2.
    x = Input(tensor=doubled)
    assert x is doubled
    assert not x._keras_history[0].is_placeholder
    assert x._keras_shape == (None, 4)
    y = Dense(1, kernel_initializer='ones')(x)
    out = run([base], [y], [np.ones((2, 4))])[0]
    np.testing.assert_allclose(out, [[8.], [8.]])


def test_topology_alias_module():
    from keras.engine import topology
    assert topology.Layer is Layer
    assert topology.InputSpec is InputSpec
    assert topology.Input is Input


def test_add_metric_tracks_a_mean_metric_once():
    x = Input(shape=(2,))
    layer = Layer()
    y = layer(x)
    layer.add_metric(K.mean(y), name='mean_y')
    layer.add_metric(K.mean(y), name='mean_y')
    assert [m.name for m in layer.metrics] == ['mean_y']


def test_keras1_input_dtype_keyword():
    with pytest.warns(UserWarning, match='Update your `InputLayer` call'):
        layer = InputLayer(input_shape=(2,), input_dtype='int32')
    assert layer.dtype == 'int32'
    assert K.dtype(layer.output) == 'int32'
