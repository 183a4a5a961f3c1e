"""Exact Progbar text, with a fake clock so timings are known."""
import io
import sys

import pytest

from keras.utils import generic_utils
from keras.utils.generic_utils import Progbar


class FakeClock(object):
    def __init__(self, now=1000.0):
        self.now = now

    def time(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(generic_utils, 'time', fake)
    # Outside a terminal and outside a notebook: newline-based display.
    monkeypatch.delitem(sys.modules, 'ipykernel', raising=False)
    return fake


def test_verbose_1_without_terminal(clock, capsys):
    bar = Progbar(target=100)
    clock.now = 1001.0
    bar.update(12, [('loss', 0.5)])
    clock.now = 1002.0
    bar.update(100, [('loss', 0.25)])
    first = ' 12/100 [==>...........................] - ETA: 7s - loss: 0.5000'
    # loss is averaged over samples: (0.5 * 12 + 0.25 * 88) / 100 = 0.28.
    last = ('100/100 [==============================] - 2s 20ms/step'
            ' - loss: 0.2800')
    assert capsys.readouterr().out == '\n' + first + '\n' + last + '\n'


def test_update_without_values_keeps_averages(clock, capsys):
    bar = Progbar(target=10, width=10)
    clock.now = 1001.0
    bar.update(5, [('loss', 1.0), ('extra_metric', 2.0)])
    clock.now = 1001.5
    bar.update(10)
    out = capsys.readouterr().out
    first = ' 5/10 [====>.....] - ETA: 1s - loss: 1.0000 - extra_metric: 2.0000'
    last_core = ('10/10 [==========] - 2s 150ms/step - loss: 1.0000'
                 ' - extra_metric: 2.0000')
    assert out == '\n' + first + '\n' + last_core + '\n'


def test_stateful_metrics_small_values_and_interval(clock, capsys):
    bar = Progbar(target=4, stateful_metrics=['acc'])
    clock.now = 1000.01
    bar.update(1, [('loss', 0.0001), ('acc', 0.5)])
    # Less than `interval` later and not finished: nothing is drawn...
    clock.now = 1000.02
    bar.update(2, [('loss', 0.0001), ('acc', 0.75)])
    # ...but the values still count.
    clock.now = 1004.0
    bar.add(2, [('loss', 0.0007), ('acc', 0.9)])
    lines = capsys.readouterr().out.split('\n')
    assert lines[0] == ''
    assert lines[1] == ('1/4 [======>.......................] - ETA: 0s'
                        ' - loss: 1.0000e-04 - acc: 0.5000')
    # loss: (0.0001 * 2 + 0.0007 * 2) / 4 = 0.0004; acc: last value.
    assert lines[2] == ('4/4 [==============================] - 4s 1s/step'
                        ' - loss: 4.0000e-04 - acc: 0.9000')
    assert lines[3] == ''


def test_eta_formats(clock, capsys):
    bar = Progbar(target=10000)
    clock.now = 1100.0
    bar.update(10)
    clock.now = 1200.0
    bar.update(5000)
    lines = capsys.readouterr().out.split('\n')
    assert lines[1].endswith(' - ETA: 27:45:00')
    # The shorter second line is padded to erase the end of the first.
    assert lines[2] == (' 5000/10000 [==============>...............]'
                        ' - ETA: 3:20' + ' ' * 4)


def test_verbose_2_prints_one_line_at_the_end(clock, capsys):
    bar = Progbar(target=100, verbose=2, stateful_metrics=['acc'])
    clock.now = 1001.0
    bar.update(50, [('loss', 1.0), ('acc', 0.5)])
    assert capsys.readouterr().out == ''
    clock.now = 1002.0
    bar.update(100, [('loss', 0.5), ('acc', 0.7)])
    assert capsys.readouterr().out == ' - 2s - loss: 0.7500 - acc: 0.7000\n'


def test_verbose_0_is_silent(clock, capsys):
    bar = Progbar(target=3, verbose=0)
    bar.update(3, [('loss', 1.0)])
    assert capsys.readouterr().out == ''


def test_unknown_target(clock, capsys):
    bar = Progbar(target=None)
    clock.now = 1001.0
    bar.update(5, [('loss', 2.0)])
    assert capsys.readouterr().out == \
        '\n      5/Unknown - 1s 200ms/step - loss: 2.0000'


def test_value_first_seen_without_new_steps_is_shown_as_given(clock, capsys):
    # The end-of-epoch update adds val_loss without advancing.
    bar = Progbar(target=10, verbose=2)
    bar.update(10, [('loss', 1.0)])
    bar.update(10, [('loss', 1.0), ('val_loss', 0.25)])
    out = capsys.readouterr().out.split('\n')
    assert out[1] == ' - 0s - loss: 1.0000 - val_loss: 0.2500'


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_dynamic_display_on_a_terminal(clock, monkeypatch):
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, 'stdout', terminal)
    bar = Progbar(target=2, width=4)
    clock.now = 1001.0
    bar.update(1)
    clock.now = 1002.0
    bar.update(2)
    first = '1/2 [=>..] - ETA: 1s'
    assert terminal.getvalue() == (
        '\r' + first +
        '\b' * len(first) + '\r' + '2/2 [====] - 2s 1s/step\n')


def test_notebook_counts_as_dynamic(clock, monkeypatch):
    monkeypatch.setitem(sys.modules, 'ipykernel', object())
    assert Progbar(target=1)._dynamic_display
