"""Metrics (Keras 2.3.1): metric functions, and stateful `Metric` objects.

A metric function `fn(y_true, y_pred)` returns one value per sample. A
`Metric` holds variables (e.g. a total and a count) that `update_state`
updates and `result` reads; `compile` turns every metric into a `Metric`
whose state accumulates over an epoch.

The package splits them by kind: `functions` (metric functions),
`base_metric` (Metric, Sum, Mean, MeanMetricWrapper), `mean_metrics`
(means of metric and loss functions) and `confusion_metrics` (thresholded
counts, precision, recall, AUC, MeanIoU). Every public name is imported
here, and `deserialize` resolves them.
"""
from keras.losses import binary_crossentropy
from keras.losses import categorical_crossentropy
from keras.losses import categorical_hinge
from keras.losses import hinge
from keras.losses import kullback_leibler_divergence
from keras.losses import logcosh
from keras.losses import mean_absolute_error
from keras.losses import mean_absolute_percentage_error
from keras.losses import mean_squared_error
from keras.losses import mean_squared_logarithmic_error
from keras.losses import poisson
from keras.losses import sparse_categorical_crossentropy
from keras.losses import squared_hinge
from keras.metrics.base_metric import Mean
from keras.metrics.base_metric import MeanMetricWrapper
from keras.metrics.base_metric import Metric
from keras.metrics.base_metric import Reduce
from keras.metrics.base_metric import Sum
from keras.metrics.confusion_metrics import AUC
from keras.metrics.confusion_metrics import FalseNegatives
from keras.metrics.confusion_metrics import FalsePositives
from keras.metrics.confusion_metrics import MeanIoU
from keras.metrics.confusion_metrics import Precision
from keras.metrics.confusion_metrics import Recall
from keras.metrics.confusion_metrics import SensitivityAtSpecificity
from keras.metrics.confusion_metrics import SensitivitySpecificityBase
from keras.metrics.confusion_metrics import SpecificityAtSensitivity
from keras.metrics.confusion_metrics import TrueNegatives
from keras.metrics.confusion_metrics import TruePositives
from keras.metrics.functions import MAE
from keras.metrics.functions import MAPE
from keras.metrics.functions import MSE
from keras.metrics.functions import MSLE
from keras.metrics.functions import accuracy
from keras.metrics.functions import binary_accuracy
from keras.metrics.functions import categorical_accuracy
from keras.metrics.functions import cosine
from keras.metrics.functions import cosine_proximity
from keras.metrics.functions import cosine_similarity
from keras.metrics.functions import mae
from keras.metrics.functions import mape
from keras.metrics.functions import mse
from keras.metrics.functions import msle
from keras.metrics.functions import sparse_categorical_accuracy
from keras.metrics.functions import sparse_top_k_categorical_accuracy
from keras.metrics.functions import top_k_categorical_accuracy
from keras.metrics.mean_metrics import Accuracy
from keras.metrics.mean_metrics import BinaryAccuracy
from keras.metrics.mean_metrics import BinaryCrossentropy
from keras.metrics.mean_metrics import CategoricalAccuracy
from keras.metrics.mean_metrics import CategoricalCrossentropy
from keras.metrics.mean_metrics import CategoricalHinge
from keras.metrics.mean_metrics import CosineSimilarity
from keras.metrics.mean_metrics import Hinge
from keras.metrics.mean_metrics import KLDivergence
from keras.metrics.mean_metrics import LogCoshError
from keras.metrics.mean_metrics import MeanAbsoluteError
from keras.metrics.mean_metrics import MeanAbsolutePercentageError
from keras.metrics.mean_metrics import MeanSquaredError
from keras.metrics.mean_metrics import MeanSquaredLogarithmicError
from keras.metrics.mean_metrics import Poisson
from keras.metrics.mean_metrics import RootMeanSquaredError
from keras.metrics.mean_metrics import SparseCategoricalAccuracy
from keras.metrics.mean_metrics import SparseCategoricalCrossentropy
from keras.metrics.mean_metrics import SparseTopKCategoricalAccuracy
from keras.metrics.mean_metrics import SquaredHinge
from keras.metrics.mean_metrics import TopKCategoricalAccuracy
from keras.utils.generic_utils import deserialize_keras_object
from keras.utils.generic_utils import serialize_keras_object


def clone_metric(metric):
    """A fresh copy (new state) of a `Metric`; functions are returned as is.
    """
    if type(metric) is MeanMetricWrapper:
        # Its config names the function, which a user's function may not
        # resolve from: pass the function itself.
        return MeanMetricWrapper(metric._fn, name=metric.name,
                                 dtype=metric.dtype, **metric._fn_kwargs)
    if isinstance(metric, Metric):
        return metric.__class__.from_config(metric.get_config())
    return metric


def clone_metrics(metrics):
    """`clone_metric` over a list or dict of metrics (None stays None)."""
    if metrics is None:
        return None
    if isinstance(metrics, dict):
        return {key: clone_metric(value) for key, value in metrics.items()}
    return [clone_metric(metric) for metric in metrics]


_FUNCTIONS = [binary_accuracy, categorical_accuracy,
              sparse_categorical_accuracy, top_k_categorical_accuracy,
              sparse_top_k_categorical_accuracy, accuracy, cosine_proximity,
              binary_crossentropy, categorical_crossentropy,
              categorical_hinge, hinge, kullback_leibler_divergence,
              logcosh, mean_absolute_error, mean_absolute_percentage_error,
              mean_squared_error, mean_squared_logarithmic_error, poisson,
              sparse_categorical_crossentropy, squared_hinge]
_CLASSES = [Metric, Reduce, Sum, Mean, MeanMetricWrapper, Accuracy,
            BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
            TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy, Hinge,
            SquaredHinge, CategoricalHinge, LogCoshError, Poisson,
            KLDivergence, CosineSimilarity, MeanAbsoluteError,
            MeanAbsolutePercentageError, MeanSquaredError,
            MeanSquaredLogarithmicError, RootMeanSquaredError,
            BinaryCrossentropy, CategoricalCrossentropy,
            SparseCategoricalCrossentropy, TruePositives, FalsePositives,
            TrueNegatives, FalseNegatives, SensitivitySpecificityBase,
            SensitivityAtSpecificity, SpecificityAtSensitivity, Precision,
            Recall, AUC, MeanIoU]
_ALIASES = {'mse': mse, 'MSE': MSE, 'mae': mae, 'MAE': MAE, 'mape': mape,
            'MAPE': MAPE, 'msle': msle, 'MSLE': MSLE, 'cosine': cosine,
            'cosine_similarity': cosine_similarity}

# The names `deserialize` resolves.
METRIC_OBJECTS = dict([(f.__name__, f) for f in _FUNCTIONS] +
                      [(c.__name__, c) for c in _CLASSES] +
                      list(_ALIASES.items()))


def serialize(metric):
    return serialize_keras_object(metric)


def deserialize(config, custom_objects=None):
    return deserialize_keras_object(config, module_objects=METRIC_OBJECTS,
                                    custom_objects=custom_objects,
                                    printable_module_name='metric function')


def get(identifier):
    """A metric from a name, a config dict, a function or a Metric.

    Raises:
        ValueError: for anything else.
    """
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return deserialize(str(identifier))
    if callable(identifier):
        return identifier
    raise ValueError('Could not interpret metric function identifier: %r'
                     % (identifier,))

