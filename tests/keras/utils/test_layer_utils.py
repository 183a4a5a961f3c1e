"""print_summary text (Keras 2 layout) and graph helpers, on stand-in
models exposing the attributes the helpers read."""
import numpy as np
import pytest

from keras.utils import layer_utils


class FakeLayer(object):
    def __init__(self, name, class_name, output_shape, weights=(),
                 trainable=True):
        self.name = name
        self.__class__ = type(class_name, (FakeLayer,), {})
        self._output_shape = output_shape
        self.weights = [np.zeros(shape) for shape in weights]
        self.trainable = trainable
        self._inbound_nodes = []

    @property
    def output_shape(self):
        if self._output_shape is None:
            raise AttributeError('The layer has multiple inbound nodes')
        return self._output_shape

    def count_params(self):
        return layer_utils.count_params(self.weights)


class FakeNode(object):
    def __init__(self, inbound_layers, node_indices=None, tensor_indices=None,
                 input_tensors=None):
        self.inbound_layers = inbound_layers
        self.node_indices = node_indices or [0] * len(inbound_layers)
        self.tensor_indices = tensor_indices or [0] * len(inbound_layers)
        self.input_tensors = input_tensors or []


class FakeModel(object):
    def __init__(self, name, layers, nodes_by_depth=None, class_name='Model'):
        self.name = name
        self.layers = layers
        self.__class__ = type(class_name, (FakeModel,), {})
        self._is_graph_network = nodes_by_depth is not None
        self._nodes_by_depth = nodes_by_depth or {}
        self.trainable_weights = [w for layer in layers if layer.trainable
                                  for w in layer.weights]
        self.non_trainable_weights = [w for layer in layers
                                      if not layer.trainable
                                      for w in layer.weights]


def summary_lines(model, **kwargs):
    lines = []
    layer_utils.print_summary(model, print_fn=lines.append, **kwargs)
    return lines


def test_sequential_summary_text():
    dense_1 = FakeLayer('dense_1', 'Dense', (None, 32), [(100, 32), (32,)])
    dense_2 = FakeLayer('dense_2', 'Dense', (None, 10), [(32, 10), (10,)])
    frozen = FakeLayer('batch_normalization_1', 'BatchNormalization',
                       (None, 10), [(10,), (10,)], trainable=False)
    model = FakeModel('sequential_1', [dense_1, dense_2, frozen],
                      class_name='Sequential')
    assert summary_lines(model) == [
        'Model: "sequential_1"',
        '_' * 65,
        'Layer (type)                 Output Shape              Param #   ',
        '=' * 65,
        'dense_1 (Dense)              (None, 32)                3232      ',
        '_' * 65,
        'dense_2 (Dense)              (None, 10)                330       ',
        '_' * 65,
        'batch_normalization_1 (Batch (None, 10)                20        ',
        '=' * 65,
        'Total params: 3,582',
        'Trainable params: 3,562',
        'Non-trainable params: 20',
        '_' * 65,
    ]


def test_summary_with_custom_widths_and_multiple_output_shape():
    layer = FakeLayer('shared', 'Dense', None, [(2, 2)])
    model = FakeModel('m', [layer], class_name='Sequential')
    lines = summary_lines(model, line_length=40, positions=[20, 32, 40])
    # A field filling its column loses its last character to the separator.
    assert lines[2] == 'Layer (type)        Output Shap Param # '
    assert lines[4] == 'shared (Dense)      multiple    4       '
    assert lines[1] == '_' * 40


def build_functional():
    input_1 = FakeLayer('input_1', 'InputLayer', (None, 4))
    input_2 = FakeLayer('input_2', 'InputLayer', (None, 4))
    concat = FakeLayer('concatenate_1', 'Concatenate', (None, 8))
    dense = FakeLayer('dense_1', 'Dense', (None, 1), [(8, 1), (1,)])
    input_node_1 = FakeNode([])
    input_node_2 = FakeNode([])
    concat_node = FakeNode([input_1, input_2])
    dense_node = FakeNode([concat])
    input_1._inbound_nodes = [input_node_1]
    input_2._inbound_nodes = [input_node_2]
    concat._inbound_nodes = [concat_node]
    # A node from another model using the same layer is not listed.
    dense._inbound_nodes = [dense_node, FakeNode([input_1])]
    nodes_by_depth = {0: [dense_node], 1: [concat_node],
                      2: [input_node_1, input_node_2]}
    return FakeModel('model_1', [input_1, input_2, concat, dense],
                     nodes_by_depth)


def test_functional_summary_text():
    blank = ' ' * 98
    assert summary_lines(build_functional()) == [
        'Model: "model_1"',
        '_' * 98,
        'Layer (type)                    Output Shape         Param #     '
        'Connected to                     ',
        '=' * 98,
        'input_1 (InputLayer)            (None, 4)            0           '
        '                                 ',
        '_' * 98,
        'input_2 (InputLayer)            (None, 4)            0           '
        '                                 ',
        '_' * 98,
        'concatenate_1 (Concatenate)     (None, 8)            0           '
        'input_1[0][0]                    ',
        blank[:65] + 'input_2[0][0]                    ',
        '_' * 98,
        'dense_1 (Dense)                 (None, 1)            9           '
        'concatenate_1[0][0]              ',
        '=' * 98,
        'Total params: 9',
        'Trainable params: 9',
        'Non-trainable params: 0',
        '_' * 98,
    ]


def test_linear_functional_graph_uses_sequential_layout():
    inputs = FakeLayer('input_1', 'InputLayer', (None, 3))
    dense = FakeLayer('dense_1', 'Dense', (None, 2), [(3, 2)])
    input_node = FakeNode([])
    dense_node = FakeNode([inputs])
    inputs._inbound_nodes = [input_node]
    dense._inbound_nodes = [dense_node]
    model = FakeModel('model_2', [inputs, dense],
                      {0: [dense_node], 1: [input_node]})
    lines = summary_lines(model)
    assert lines[2].rstrip() == \
        'Layer (type)                 Output Shape              Param #'
    assert len(lines[1]) == 65


def test_collected_trainable_weights_and_consistency_check_are_used():
    dense = FakeLayer('dense_1', 'Dense', (None, 2), [(3, 2)])
    model = FakeModel('m', [dense], class_name='Sequential')
    calls = []
    model._check_trainable_weights_consistency = lambda: calls.append(1)
    model._collected_trainable_weights = []
    lines = summary_lines(model)
    assert calls == [1]
    assert 'Trainable params: 0' in lines


def test_count_params_counts_each_weight_once():
    shared = np.zeros((3, 4))
    assert layer_utils.count_params([shared, shared, np.zeros(5)]) == 17
    assert layer_utils.count_params([]) == 0


class FakeTensor(object):
    def __init__(self, name):
        self.name = name

    def __eq__(self, other):
        raise AssertionError('tensors must be compared by identity')

    __hash__ = object.__hash__


def test_get_source_inputs_walks_back_to_inputs():
    x1, x2 = FakeTensor('x1'), FakeTensor('x2')
    input_1 = FakeLayer('input_1', 'InputLayer', (None, 4))
    input_2 = FakeLayer('input_2', 'InputLayer', (None, 4))
    input_1._inbound_nodes = [FakeNode([], input_tensors=[x1])]
    input_2._inbound_nodes = [FakeNode([], input_tensors=[x2])]
    x1._keras_history = (input_1, 0, 0)
    x2._keras_history = (input_2, 0, 0)
    merge = FakeLayer('add_1', 'Add', (None, 4))
    # x1 is used twice: it must be listed once.
    merge._inbound_nodes = [FakeNode([input_1, input_2, input_1],
                                     input_tensors=[x1, x2, x1])]
    out = FakeTensor('out')
    out._keras_history = (merge, 0, 0)
    sources = layer_utils.get_source_inputs(out)
    assert len(sources) == 2
    assert sources[0] is x1 and sources[1] is x2
    plain = object()
    assert layer_utils.get_source_inputs(plain) is plain
    orphan_layer = FakeLayer('o', 'Dense', (None, 1))
    orphan = FakeTensor('orphan')
    orphan._keras_history = (orphan_layer, 0, 0)
    assert layer_utils.get_source_inputs(orphan)[0] is orphan


def test_convert_dense_weights_data_format_round_trip():
    class FakeDense(object):
        def __init__(self, kernel, bias):
            self.values = [kernel, bias]

        def get_weights(self):
            return [np.copy(v) for v in self.values]

        def set_weights(self, values):
            self.values = values

    kernel = np.arange(2 * 3 * 4 * 5, dtype='float32').reshape((24, 5))
    dense = FakeDense(kernel, np.zeros(5))
    layer_utils.convert_dense_weights_data_format(dense, (4, 2, 3),
                                                  'channels_first')
    # Row for (h, w, c) in channels_last order moved to (c, h, w) order.
    converted = dense.values[0]
    np.testing.assert_array_equal(
        converted[:, 0].reshape((4, 2, 3)),
        np.transpose(kernel[:, 0].reshape((2, 3, 4)), (2, 0, 1)))
    layer_utils.convert_dense_weights_data_format(dense, (2, 3, 4),
                                                  'channels_last')
    np.testing.assert_array_equal(dense.values[0], kernel)
    with pytest.raises(ValueError):
        layer_utils.convert_dense_weights_data_format(dense, (2, 3, 4), 'x')
