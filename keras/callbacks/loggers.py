"""Callbacks that record or report the metrics: `BaseLogger` (epoch
averages), `ProgbarLogger` (stdout), `History` (what `fit` returns),
`CSVLogger` (a file) and `RemoteMonitor` (an HTTP server)."""
import csv
import json
import os
import warnings
from collections.abc import Iterable

import numpy as np

from keras.callbacks.base_callback import Callback
from keras.utils.generic_utils import Progbar


class BaseLogger(Callback):
    """Averages batch metrics into the epoch logs, weighted by batch size.

    Attached to every model. Stateful metrics (which already average over
    the epoch themselves) take their last batch value instead.

    # Arguments
        stateful_metrics: names of metrics not to average.
    """

    def __init__(self, stateful_metrics=None):
        super(BaseLogger, self).__init__()
        self.stateful_metrics = set(stateful_metrics or ())

    def on_epoch_begin(self, epoch, logs=None):
        self.seen = 0
        self.totals = {}

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        batch_size = logs.get('size', 0)
        self.seen += batch_size
        for name, value in logs.items():
            if name in self.stateful_metrics:
                self.totals[name] = value
            else:
                self.totals[name] = self.totals.get(name, 0) + value * batch_size

    def on_epoch_end(self, epoch, logs=None):
        if logs is None:
            return
        for name in self.params.get('metrics', []):
            if name in self.totals:
                if name in self.stateful_metrics:
                    logs[name] = self.totals[name]
                else:
                    logs[name] = self.totals[name] / self.seen


class ProgbarLogger(Callback):
    """Prints metrics to stdout with a `Progbar`, one bar per epoch.

    # Arguments
        count_mode: 'samples' or 'steps': whether the bar counts samples
            seen or batches.
        stateful_metrics: names of metrics shown as last value rather than
            averaged.

    # Raises
        ValueError: for an unknown `count_mode`.
    """

    def __init__(self, count_mode='samples', stateful_metrics=None):
        super(ProgbarLogger, self).__init__()
        if count_mode == 'samples':
            self.use_steps = False
        elif count_mode == 'steps':
            self.use_steps = True
        else:
            raise ValueError('Unknown `count_mode`: ' + str(count_mode))
        self.stateful_metrics = set(stateful_metrics or ())
        self.target = None
        self.seen = 0
        self.log_values = []

    def on_train_begin(self, logs=None):
        self.verbose = self.params['verbose']
        self.epochs = self.params['epochs']

    def on_epoch_begin(self, epoch, logs=None):
        self.target = self.params['steps' if self.use_steps else 'samples']
        if self.verbose:
            print('Epoch %d/%d' % (epoch + 1, self.epochs))
            self.progbar = Progbar(target=self.target, verbose=self.verbose,
                                   stateful_metrics=self.stateful_metrics)
        self.seen = 0

    def on_batch_begin(self, batch, logs=None):
        if self.target is None or self.seen < self.target:
            self.log_values = []

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        self.seen += 1 if self.use_steps else logs.get('size', 0)
        for name in self.params['metrics']:
            if name in logs:
                self.log_values.append((name, logs[name]))
        # The last batch is drawn by on_epoch_end, together with the
        # validation metrics, so that the final line shows them all.
        if self.verbose and (self.target is None or self.seen < self.target):
            self.progbar.update(self.seen, self.log_values)

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        for name in self.params['metrics']:
            if name in logs:
                self.log_values.append((name, logs[name]))
        if self.verbose:
            self.progbar.update(self.seen, self.log_values)


class History(Callback):
    """Records the epoch logs in `history` (name -> list of values).

    Attached to every model; `fit` returns it.
    """

    def on_train_begin(self, logs=None):
        self.epoch = []
        self.history = {}

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for name, value in (logs or {}).items():
            self.history.setdefault(name, []).append(value)


class CSVLogger(Callback):
    """Streams epoch results to a CSV file (one row per epoch).

    # Arguments
        filename: path of the CSV file.
        separator: character separating the fields.
        append: append to an existing file (the header is written only if
            the file is empty) rather than overwrite it.
    """

    def __init__(self, filename, separator=',', append=False):
        self.sep = separator
        self.filename = filename
        self.append = append
        self.writer = None
        self.keys = None
        self.append_header = True
        self.csv_file = None
        super(CSVLogger, self).__init__()

    def on_train_begin(self, logs=None):
        if self.append:
            if os.path.exists(self.filename):
                with open(self.filename, 'r') as f:
                    self.append_header = not bool(len(f.readline()))
            mode = 'a'
        else:
            mode = 'w'
        self.csv_file = open(self.filename, mode, newline='\n')

    @staticmethod
    def _format_value(value):
        is_zero_dim_array = isinstance(value, np.ndarray) and value.ndim == 0
        if isinstance(value, str):
            return value
        if isinstance(value, Iterable) and not is_zero_dim_array:
            return '"[%s]"' % (', '.join(map(str, value)))
        return value

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs.keys())
        if self.model is not None and getattr(self.model, 'stop_training',
                                              False):
            # NA keeps CSV parsers working for a last epoch cut short.
            logs = dict((key, logs.get(key, 'NA')) for key in self.keys)
        if not self.writer:
            separator = self.sep

            class CustomDialect(csv.excel):
                delimiter = separator

            self.writer = csv.DictWriter(self.csv_file,
                                         fieldnames=['epoch'] + self.keys,
                                         dialect=CustomDialect)
            if self.append_header:
                self.writer.writeheader()
        row = {'epoch': epoch}
        row.update((key, self._format_value(logs[key])) for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        if self.csv_file is not None:
            self.csv_file.close()
        self.writer = None


class RemoteMonitor(Callback):
    """Sends the epoch logs to a server as an HTTP POST.

    Needs the `requests` library. The logs are sent as JSON, either as the
    request body (`send_as_json=True`) or as the form field `field`.

    # Arguments
        root: root URL of the server.
        path: path relative to `root` the events are sent to.
        field: form field holding the JSON data.
        headers: dict of extra HTTP headers.
        send_as_json: send the request body as `application/json`.
    """

    def __init__(self, root='http://localhost:9000',
                 path='/publish/epoch/end/', field='data', headers=None,
                 send_as_json=False):
        super(RemoteMonitor, self).__init__()
        self.root = root
        self.path = path
        self.field = field
        self.headers = headers
        self.send_as_json = send_as_json

    def on_epoch_end(self, epoch, logs=None):
        try:
            import requests
        except ImportError:
            raise ImportError('RemoteMonitor requires the `requests` library '
                              '(pip install requests).')
        send = {'epoch': epoch}
        for name, value in (logs or {}).items():
            # numpy scalars are not JSON serialisable.
            if isinstance(value, (np.ndarray, np.generic)):
                send[name] = value.item()
            else:
                send[name] = value
        try:
            if self.send_as_json:
                requests.post(self.root + self.path, json=send,
                              headers=self.headers)
            else:
                requests.post(self.root + self.path,
                              {self.field: json.dumps(send)},
                              headers=self.headers)
        except requests.exceptions.RequestException:
            warnings.warn('Warning: could not reach RemoteMonitor root server '
                          'at ' + str(self.root))
