"""The callback protocol: `Callback` (every hook a no-op) and
`CallbackList`, which the training loops call; `LambdaCallback` builds a
callback from functions."""


class CallbackList(object):
    """A container calling a list of callbacks in order.

    # Arguments
        callbacks: list of `Callback` instances.
        queue_length: kept for compatibility (Keras 2 used it to time slow
            callbacks).
    """

    def __init__(self, callbacks=None, queue_length=10):
        self.callbacks = list(callbacks or [])
        self.queue_length = queue_length
        self.params = {}
        self.model = None

    def append(self, callback):
        self.callbacks.append(callback)

    def set_params(self, params):
        self.params = params
        for callback in self.callbacks:
            callback.set_params(params)

    def set_model(self, model):
        self.model = model
        for callback in self.callbacks:
            callback.set_model(model)

    def _call_all(self, hook_name, *args):
        for callback in self.callbacks:
            getattr(callback, hook_name)(*args)

    def _call_batch_hook(self, mode, hook, batch, logs=None):
        """Calls `on_<mode>_batch_<hook>` ('train'/'test'/'predict',
        'begin'/'end') on every callback."""
        self._call_all('on_%s_batch_%s' % (mode, hook), batch, logs or {})

    def _call_begin_hook(self, mode):
        self._call_all('on_%s_begin' % mode, None)

    def _call_end_hook(self, mode):
        self._call_all('on_%s_end' % mode, None)

    def on_batch_begin(self, batch, logs=None):
        self._call_batch_hook('train', 'begin', batch, logs)

    def on_batch_end(self, batch, logs=None):
        self._call_batch_hook('train', 'end', batch, logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._call_all('on_epoch_begin', epoch, logs or {})

    def on_epoch_end(self, epoch, logs=None):
        self._call_all('on_epoch_end', epoch, logs or {})

    def on_train_batch_begin(self, batch, logs=None):
        self._call_batch_hook('train', 'begin', batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        self._call_batch_hook('train', 'end', batch, logs)

    def on_test_batch_begin(self, batch, logs=None):
        self._call_batch_hook('test', 'begin', batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        self._call_batch_hook('test', 'end', batch, logs)

    def on_predict_batch_begin(self, batch, logs=None):
        self._call_batch_hook('predict', 'begin', batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._call_batch_hook('predict', 'end', batch, logs)

    def on_train_begin(self, logs=None):
        self._call_all('on_train_begin', logs)

    def on_train_end(self, logs=None):
        self._call_all('on_train_end', logs)

    def on_test_begin(self, logs=None):
        self._call_all('on_test_begin', logs)

    def on_test_end(self, logs=None):
        self._call_all('on_test_end', logs)

    def on_predict_begin(self, logs=None):
        self._call_all('on_predict_begin', logs)

    def on_predict_end(self, logs=None):
        self._call_all('on_predict_end', logs)

    def __iter__(self):
        return iter(self.callbacks)


class Callback(object):
    """Base class of callbacks; every hook does nothing by default.

    # Properties
        params: dict of training parameters (verbosity, batch size, number
            of epochs, ...).
        model: the model being trained.

    `on_batch_begin`/`on_batch_end` are the Keras 2 names of the training
    batch hooks; `on_train_batch_*` call them.
    """

    def __init__(self):
        self.validation_data = None
        self.model = None
        self.params = {}

    def set_params(self, params):
        self.params = params

    def set_model(self, model):
        self.model = model

    def on_batch_begin(self, batch, logs=None):
        pass

    def on_batch_end(self, batch, logs=None):
        pass

    def on_epoch_begin(self, epoch, logs=None):
        pass

    def on_epoch_end(self, epoch, logs=None):
        pass

    def on_train_batch_begin(self, batch, logs=None):
        self.on_batch_begin(batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        self.on_batch_end(batch, logs)

    def on_test_batch_begin(self, batch, logs=None):
        pass

    def on_test_batch_end(self, batch, logs=None):
        pass

    def on_predict_batch_begin(self, batch, logs=None):
        pass

    def on_predict_batch_end(self, batch, logs=None):
        pass

    def on_train_begin(self, logs=None):
        pass

    def on_train_end(self, logs=None):
        pass

    def on_test_begin(self, logs=None):
        pass

    def on_test_end(self, logs=None):
        pass

    def on_predict_begin(self, logs=None):
        pass

    def on_predict_end(self, logs=None):
        pass


class LambdaCallback(Callback):
    """A callback built from functions.

    # Arguments
        on_epoch_begin, on_epoch_end: called as `f(epoch, logs)`.
        on_batch_begin, on_batch_end: called as `f(batch, logs)`.
        on_train_begin, on_train_end: called as `f(logs)`.
        **kwargs: other attributes (or hooks, e.g. `on_test_batch_end`) to
            set on the callback.

    # Example

    ```python
    json_log = open('loss_log.json', mode='wt', buffering=1)
    json_logging_callback = LambdaCallback(
        on_epoch_end=lambda epoch, logs: json_log.write(
            json.dumps({'epoch': epoch, 'loss': logs['loss']}) + '\\n'),
        on_train_end=lambda logs: json_log.close())
    ```
    """

    def __init__(self, on_epoch_begin=None, on_epoch_end=None,
                 on_batch_begin=None, on_batch_end=None, on_train_begin=None,
                 on_train_end=None, **kwargs):
        super(LambdaCallback, self).__init__()
        self.__dict__.update(kwargs)
        hooks = {'on_epoch_begin': on_epoch_begin,
                 'on_epoch_end': on_epoch_end,
                 'on_batch_begin': on_batch_begin,
                 'on_batch_end': on_batch_end,
                 'on_train_begin': on_train_begin,
                 'on_train_end': on_train_end}
        for name, function in hooks.items():
            if function is not None:
                setattr(self, name, function)
