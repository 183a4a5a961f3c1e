"""Wrappers for the scikit-learn estimator API: `KerasClassifier` and
`KerasRegressor`.

They are duck-typed estimators (scikit-learn is only imported when
scikit-learn asks them for their tags), so `import keras` does not need
scikit-learn.
"""
import copy
import types

import numpy as np

from keras.models import Sequential
from keras.utils.generic_utils import has_arg
from keras.utils.np_utils import to_categorical

# Keras 1 spelling of `epochs`, accepted as an sk_param; `Model.fit`
# converts it (with its rename warning).
_LEGACY_FIT_PARAMS = ('nb_epoch',)


def _loss_name(model):
    loss = model.loss
    return getattr(loss, '__name__', loss)


class BaseWrapper(object):
    """Base class for the scikit-learn wrappers.

    # Arguments
        build_fn: callable that builds and returns a compiled Keras model:
            a function, an instance of a class with a `__call__` method,
            or None, in which case the wrapper subclass must define
            `__call__` to build the model.
        **sk_params: model parameters and fitting parameters. Each is
            passed to whichever of `build_fn`, `fit`, `predict`,
            `predict_proba` and `score` names it as an argument (to
            several if several do); `fit`, `predict`, `predict_proba` and
            `score` also take these as keyword arguments, which override
            the sk_params. Parameters that none of them accept raise a
            `ValueError`.
    """

    def __init__(self, build_fn=None, **sk_params):
        self.build_fn = build_fn
        self.sk_params = sk_params
        self.check_params(sk_params)

    def _build_callable(self):
        """The function whose arguments the model-building parameters are."""
        if self.build_fn is None:
            return self.__call__
        if isinstance(self.build_fn, (types.FunctionType, types.MethodType)):
            return self.build_fn
        return self.build_fn.__call__

    def check_params(self, params):
        """Checks that every parameter is an argument of the model builder
        or of the Sequential fit / predict / predict_classes / evaluate.

        # Raises
            ValueError: naming the first parameter none of them accept.
        """
        if self.build_fn is None and not hasattr(self, '__call__'):
            raise ValueError('`build_fn` is None: the wrapper class must '
                             'then define `__call__` to build the model.')
        if self.build_fn is not None and not callable(self.build_fn):
            raise ValueError('`build_fn` must be a function, a method or a '
                             'callable class instance; received: '
                             '{!r}'.format(self.build_fn))
        legal_params_fns = [Sequential.fit, Sequential.predict,
                            Sequential.predict_classes, Sequential.evaluate,
                            self._build_callable()]
        for params_name in params:
            if params_name in _LEGACY_FIT_PARAMS:
                continue
            if not any(has_arg(fn, params_name) for fn in legal_params_fns):
                raise ValueError('{} is not a legal parameter'.format(
                    params_name))

    def get_params(self, **params):
        """The estimator's parameters: `build_fn` and the sk_params.

        The values are the very objects given (scikit-learn's `clone`
        checks that). `deep=True` adds nothing: the parameters hold no
        nested estimators that the wrapper would fit.
        """
        unexpected = set(params) - {'deep'}
        if unexpected:
            raise TypeError('get_params() accepts only `deep`; received: '
                            '{}'.format(sorted(unexpected)))
        res = dict(self.sk_params)
        res['build_fn'] = self.build_fn
        return res

    def set_params(self, **params):
        """Sets sk_params (and `build_fn`), checking them first.

        # Returns
            self
        """
        params = dict(params)
        previous_build_fn = self.build_fn
        self.build_fn = params.pop('build_fn', self.build_fn)
        try:
            self.check_params(params)
        except ValueError:
            self.build_fn = previous_build_fn
            raise
        self.sk_params.update(params)
        return self

    def _build_model(self):
        builder = self._build_callable()
        if self.build_fn is None:
            return self.__call__(**self.filter_sk_params(builder))
        return self.build_fn(**self.filter_sk_params(builder))

    def fit(self, x, y, **kwargs):
        """Builds a new model and fits it on `(x, y)`.

        Integer labels are one-hot encoded when the model's loss is
        `categorical_crossentropy`.

        # Arguments
            x: input samples.
            y: targets.
            **kwargs: arguments of `Sequential.fit`, overriding sk_params.

        # Returns
            The `History` of the fit.
        """
        self.model = self._build_model()
        y = np.asarray(y)
        if (_loss_name(self.model) == 'categorical_crossentropy' and
                y.ndim != 2):
            y = to_categorical(y)
        fit_args = copy.deepcopy(self.filter_sk_params(Sequential.fit))
        for name in _LEGACY_FIT_PARAMS:
            if name in self.sk_params and name not in kwargs:
                fit_args[name] = self.sk_params[name]
        fit_args.update(kwargs)
        return self.model.fit(x, y, **fit_args)

    def filter_sk_params(self, fn, override=None):
        """The sk_params that are arguments of `fn`, updated by `override`.

        # Arguments
            fn: a callable.
            override: dict of values taking precedence.

        # Returns
            A dict of keyword arguments for `fn`.
        """
        res = {name: value for name, value in self.sk_params.items()
               if has_arg(fn, name)}
        res.update(override or {})
        return res

    def _sklearn_tags(self, estimator_type, **kind_tags):
        # Imported here: scikit-learn only asks for tags when it is loaded.
        from sklearn.utils import Tags, TargetTags
        # Training starts from random weights: refits differ.
        return Tags(estimator_type=estimator_type,
                    target_tags=TargetTags(required=True),
                    non_deterministic=True, **kind_tags)


class KerasClassifier(BaseWrapper):
    """Implementation of the scikit-learn classifier API for Keras.

    After `fit`, `classes_` holds the sorted distinct labels (or
    `range(n)` for one-hot targets) and `n_classes_` their number; the
    model is trained on the label indices in `classes_`.
    """

    _estimator_type = 'classifier'

    def __sklearn_tags__(self):
        from sklearn.utils import ClassifierTags
        return self._sklearn_tags('classifier',
                                  classifier_tags=ClassifierTags())

    def fit(self, x, y, sample_weight=None, **kwargs):
        """Builds a new model and fits it on `(x, y)`.

        # Arguments
            x: input samples, shape `(n_samples, n_features)`.
            y: labels, shape `(n_samples,)` or `(n_samples, 1)`, or one-hot
                targets of shape `(n_samples, n_classes)`.
            sample_weight: optional per-sample weights.
            **kwargs: arguments of `Sequential.fit`, overriding sk_params.

        # Returns
            The `History` of the fit.

        # Raises
            ValueError: if `y` has another shape.
        """
        y = np.array(y)
        if y.ndim == 2 and y.shape[1] > 1:
            self.classes_ = np.arange(y.shape[1])
        elif y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1):
            self.classes_ = np.unique(y)
            y = np.searchsorted(self.classes_, y)
        else:
            raise ValueError('Invalid shape for y: ' + str(y.shape))
        self.n_classes_ = len(self.classes_)
        if sample_weight is not None:
            kwargs['sample_weight'] = sample_weight
        return super(KerasClassifier, self).fit(x, y, **kwargs)

    def predict(self, x, **kwargs):
        """The predicted labels (values of `classes_`).

        # Arguments
            x: input samples.
            **kwargs: arguments of `Sequential.predict_classes`.

        # Returns
            An array of shape `(n_samples,)` (or `(n_samples, 1)` for a
            single sigmoid output, as `predict_classes` gives).
        """
        kwargs = self.filter_sk_params(Sequential.predict_classes, kwargs)
        classes = self.model.predict_classes(x, **kwargs)
        return self.classes_[classes]

    def predict_proba(self, x, **kwargs):
        """Class probabilities, one column per class: a single sigmoid
        output `p` gives the two columns `1 - p, p`.

        # Arguments
            x: input samples.
            **kwargs: arguments of `Sequential.predict_proba`.

        # Returns
            An array of shape `(n_samples, n_classes)`.
        """
        kwargs = self.filter_sk_params(Sequential.predict_proba, kwargs)
        probs = self.model.predict_proba(x, **kwargs)
        if probs.shape[1] == 1:
            probs = np.hstack([1 - probs, probs])
        return probs

    def score(self, x, y, **kwargs):
        """The model's accuracy on `(x, y)`.

        # Arguments
            x: input samples.
            y: labels (values of `classes_`) or one-hot targets.
            **kwargs: arguments of `Sequential.evaluate`.

        # Returns
            The accuracy `evaluate` reports.

        # Raises
            ValueError: if the model was not compiled with an accuracy
                metric.
        """
        y = np.searchsorted(self.classes_, y)
        kwargs = self.filter_sk_params(Sequential.evaluate, kwargs)
        if (_loss_name(self.model) == 'categorical_crossentropy' and
                y.ndim != 2):
            y = to_categorical(y, len(self.classes_))
        outputs = self.model.evaluate(x, y, **kwargs)
        if not isinstance(outputs, list):
            outputs = [outputs]
        for name, output in zip(self.model.metrics_names, outputs):
            if name in ('accuracy', 'acc'):
                return output
        raise ValueError('The model is not configured to compute accuracy. '
                         'You should pass `metrics=["accuracy"]` to the '
                         '`model.compile()` method.')


class KerasRegressor(BaseWrapper):
    """Implementation of the scikit-learn regressor API for Keras."""

    _estimator_type = 'regressor'

    def __sklearn_tags__(self):
        from sklearn.utils import RegressorTags
        return self._sklearn_tags('regressor',
                                  regressor_tags=RegressorTags())

    def predict(self, x, **kwargs):
        """The model's predictions, without a last axis of size 1.

        # Arguments
            x: input samples.
            **kwargs: arguments of `Sequential.predict`.
        """
        kwargs = self.filter_sk_params(Sequential.predict, kwargs)
        preds = np.array(self.model.predict(x, **kwargs))
        if preds.shape[-1] == 1:
            return np.squeeze(preds, axis=-1)
        return preds

    def score(self, x, y, **kwargs):
        """The negative of the model's loss on `(x, y)` (scikit-learn
        maximises scores).

        # Arguments
            x: input samples.
            y: targets.
            **kwargs: arguments of `Sequential.evaluate`.
        """
        kwargs = self.filter_sk_params(Sequential.evaluate, kwargs)
        loss = self.model.evaluate(x, y, **kwargs)
        if isinstance(loss, list):
            return -loss[0]
        return -loss
