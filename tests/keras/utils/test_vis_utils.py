"""plot_model and model_to_dot: the graph drawn (nodes, labels, edges),
a real PNG rendered by Graphviz, and the messages when pydot or Graphviz
is missing."""
import re

import pytest
from PIL import Image

from keras import utils
from keras.layers import Dense, Input, LSTM, TimeDistributed, concatenate
from keras.models import Model, Sequential
from keras.utils import vis_utils


def _two_input_model():
    a = Input((3,), name='a')
    b = Input((2,), name='b')
    inner = Sequential([Dense(4, input_shape=(5,), name='i1'),
                        Dense(2, name='i2')], name='inner')
    merged = concatenate([a, b], name='merged')
    return Model([a, b], inner(merged), name='outer')


def _labels_and_edges(dot):
    text = dot.to_string()
    labels = dict(re.findall(r'^(\d+) \[label="?(.*?)"?\];$', text, re.M))
    edges = [(labels[src], labels[dst]) for src, dst in
             re.findall(r'^(\d+) -> (\d+);$', text, re.M)]
    return sorted(labels.values()), sorted(edges), text


def test_model_to_dot_draws_layers_and_connections():
    labels, edges, text = _labels_and_edges(
        vis_utils.model_to_dot(_two_input_model()))
    assert labels == ['a: InputLayer', 'b: InputLayer', 'inner: Sequential',
                      'merged: Concatenate']
    assert edges == [('a: InputLayer', 'merged: Concatenate'),
                     ('b: InputLayer', 'merged: Concatenate'),
                     ('merged: Concatenate', 'inner: Sequential')]
    assert 'rankdir=TB;' in text and 'dpi=96;' in text


def test_shapes_names_rankdir_and_wrappers():
    model = Sequential([TimeDistributed(Dense(2), input_shape=(4, 3),
                                        name='td'),
                        LSTM(5, name='rnn')])
    dot = vis_utils.model_to_dot(model, show_shapes=True, rankdir='LR',
                                 dpi=50)
    labels, edges, text = _labels_and_edges(dot)
    wrapped = [label for label in labels if label.startswith('td(')]
    assert len(wrapped) == 1
    assert re.match(r'td\(dense_\d+\): TimeDistributed\(Dense\)\\n'
                    r'\|\{input:\|output:\}\|\{\{\(None, 4, 3\)\}\|'
                    r'\{\(None, 4, 2\)\}\}$', wrapped[0]), wrapped[0]
    assert 'rnn: LSTM\\n|{input:|output:}|{{(None, 4, 2)}|{(None, 5)}}' \
        in labels
    assert 'rankdir=LR;' in text and 'dpi=50;' in text
    plain, _, _ = _labels_and_edges(vis_utils.model_to_dot(
        model, show_layer_names=False))
    assert sorted(plain) == ['InputLayer', 'LSTM', 'TimeDistributed(Dense)']
    with pytest.raises(ValueError, match="`rankdir` must be 'TB' or 'LR', "
                                         "got 'XY'"):
        vis_utils.model_to_dot(model, rankdir='XY')


def test_expand_nested_draws_the_inner_model_as_a_cluster():
    labels, edges, text = _labels_and_edges(vis_utils.model_to_dot(
        _two_input_model(), expand_nested=True))
    assert 'subgraph cluster_inner {' in text
    assert 'inner: Sequential' not in labels
    assert ('merged: Concatenate', 'i1_input: InputLayer') in edges
    assert ('i1: Dense', 'i2: Dense') in edges


def test_plot_model_writes_a_png_pillow_opens(tmp_path):
    path = str(tmp_path / 'model.png')
    utils.plot_model(_two_input_model(), to_file=path, show_shapes=True)
    with Image.open(path) as image:
        assert image.format == 'PNG'
        width, height = image.size
    assert width > 100 and height > 100
    no_extension = str(tmp_path / 'drawing')
    utils.plot_model(_two_input_model(), to_file=no_extension)
    with Image.open(no_extension) as image:
        assert image.format == 'PNG'
    svg = str(tmp_path / 'model.svg')
    utils.plot_model(_two_input_model(), to_file=svg)
    assert open(svg).read().lstrip().startswith('<?xml')


def test_clear_messages_without_pydot_or_graphviz(tmp_path, monkeypatch):
    model = _two_input_model()
    monkeypatch.setenv('PATH', str(tmp_path))
    with pytest.raises(ImportError, match='failed to call GraphViz.*'
                                          'install GraphViz'):
        utils.plot_model(model, to_file=str(tmp_path / 'm.png'))
    monkeypatch.setattr(vis_utils, 'pydot', None)
    with pytest.raises(ImportError, match='Failed to import `pydot`.*'
                                          'pip install pydot'):
        vis_utils.model_to_dot(model)
