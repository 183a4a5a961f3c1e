"""The base of stateful metrics: `Metric`, the reductions `Sum` and `Mean`,
and `MeanMetricWrapper`, the mean of a metric function over the samples.
"""
import numpy as np

from keras import backend as K
from keras.backend.symbolic.op import has_symbolic
from keras.engine.base_layer import Layer
from keras.utils import losses_utils
from keras.utils import metrics_utils
from keras.utils.generic_utils import serialize_keras_object


class Metric(Layer):
    """Base class of stateful metrics (a Layer holding state variables).

    Subclasses create their state with `add_weight` in `__init__`, and
    implement `update_state(*args, sample_weight=None)` returning the update
    ops (`K.update_add(...)`) and `result()` computing the value from the
    state variables.

    Called on symbolic tensors, a metric returns its result as of after the
    update, and keeps the update ops in `updates` (the model adds them to
    its train/test functions). Called on arrays, it updates its state at
    once and returns the result as an array.

    Args:
        name: name of the metric.
        dtype: dtype of the state variables (default: floatx).
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        update_state = cls.__dict__.get('update_state')
        if update_state is not None and not getattr(
                update_state, '_is_update_state_wrapper', False):
            cls.update_state = metrics_utils.update_state_wrapper(
                update_state)
        result = cls.__dict__.get('result')
        if result is not None and not getattr(result, '_is_result_wrapper',
                                              False):
            cls.result = metrics_utils.result_wrapper(result)

    def __init__(self, name=None, dtype=None, **kwargs):
        super(Metric, self).__init__(name=name, dtype=dtype, **kwargs)
        self.stateful = True
        self.built = True
        self.trainable = False
        self.dtype = K.floatx() if dtype is None else dtype
        self._call_updates = []
        self._call_result = None

    @property
    def updates(self):
        """The update ops of the last symbolic call."""
        return list(self._call_updates)

    def add_weight(self, name, shape=(), initializer=None, dtype=None):
        """A non-trainable state variable (zeros unless `initializer`)."""
        return super(Metric, self).add_weight(
            name=name, shape=shape,
            dtype=self.dtype if dtype is None else dtype,
            initializer=initializer or 'zeros', trainable=False)

    def __call__(self, *args, **kwargs):
        """Updates the state with a batch and returns the result."""
        if not has_symbolic((args, kwargs)):
            self.update_state(*args, **kwargs)
            return K.eval(self.result())
        self.update_state(*args, **kwargs)
        result_t = metrics_utils.result_after_updates(self.result(),
                                                      self._call_updates)
        result_t._metric_obj = self
        self._call_result = result_t
        return result_t

    def reset_states(self):
        """Sets every state variable to zero."""
        K.batch_set_value([(v, np.zeros(K.int_shape(v), dtype=v.dtype))
                           for v in self.weights])

    def get_config(self):
        return {'name': self.name, 'dtype': self.dtype}

    def update_state(self, *args, **kwargs):
        raise NotImplementedError('Must be implemented in subclasses.')

    def result(self):
        raise NotImplementedError('Must be implemented in subclasses.')


class Reduce(Metric):
    """Reduces values to their sum, or their (weighted) mean.

    Args:
        reduction: a `metrics_utils.Reduction` key.
    """

    def __init__(self, reduction, name, dtype=None):
        super(Reduce, self).__init__(name=name, dtype=dtype)
        self.reduction = reduction
        self.total = self.add_weight('total', initializer='zeros')
        if reduction in (metrics_utils.Reduction.SUM_OVER_BATCH_SIZE,
                         metrics_utils.Reduction.WEIGHTED_MEAN):
            self.count = self.add_weight('count', initializer='zeros')

    def update_state(self, values, sample_weight=None):
        values = K.cast(values, self.dtype)
        if sample_weight is not None:
            sample_weight = K.cast(sample_weight, self.dtype)
            values, _, sample_weight = \
                losses_utils.squeeze_or_expand_dimensions(
                    values, sample_weight=sample_weight)
            sample_weight = losses_utils.broadcast_weights(values,
                                                           sample_weight)
            values = values * sample_weight
        update_total = K.update_add(self.total, K.sum(values))
        if self.reduction == metrics_utils.Reduction.SUM:
            return [update_total]
        if self.reduction == metrics_utils.Reduction.WEIGHTED_MEAN and \
                sample_weight is not None:
            num_values = K.sum(sample_weight)
        else:
            num_values = K.sum(K.ones_like(values))
        return [update_total, K.update_add(self.count, num_values)]

    def result(self):
        if self.reduction == metrics_utils.Reduction.SUM:
            return K.identity(self.total)
        return metrics_utils.div_no_nan(self.total, self.count)


class Sum(Reduce):
    """The (weighted) sum of the values seen."""

    def __init__(self, name='sum', dtype=None):
        super(Sum, self).__init__(metrics_utils.Reduction.SUM, name=name,
                                  dtype=dtype)


class Mean(Reduce):
    """The (weighted) mean of the values seen."""

    def __init__(self, name='mean', dtype=None):
        super(Mean, self).__init__(metrics_utils.Reduction.WEIGHTED_MEAN,
                                   name=name, dtype=dtype)


class MeanMetricWrapper(Mean):
    """The mean of `fn(y_true, y_pred, **kwargs)` over the samples seen."""

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super(MeanMetricWrapper, self).__init__(name=name, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = K.cast(y_true, self.dtype)
        y_pred = K.cast(y_pred, self.dtype)
        y_pred, y_true = losses_utils.squeeze_or_expand_dimensions(y_pred,
                                                                   y_true)
        matches = self._fn(y_true, y_pred, **self._fn_kwargs)
        return super(MeanMetricWrapper, self).update_state(
            matches, sample_weight=sample_weight)

    def get_config(self):
        config = {}
        for key, value in self._fn_kwargs.items():
            config[key] = K.eval(value) if K.is_tensor(value) else value
        if type(self) is MeanMetricWrapper:
            config['fn'] = serialize_keras_object(self._fn)
        base_config = super(MeanMetricWrapper, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    @classmethod
    def from_config(cls, config):
        if cls is MeanMetricWrapper:
            # Subclasses imply their function; the base class stores it.
            # keras.metrics imports this module: import it when needed.
            from keras.metrics import get
            config = dict(config)
            return cls(get(config.pop('fn')), **config)
        return cls(**config)

