"""keras.wrappers.scikit_learn against the wrapped models and scikit-learn.

Models start from fixed weights and fit without shuffling, so a fit through
the wrapper and the same fit done by hand give the same numbers.
"""
import numpy as np
import pytest
import sklearn.utils
from sklearn.base import clone, is_classifier, is_regressor
from sklearn.model_selection import (GridSearchCV, KFold, StratifiedKFold,
                                     cross_val_score)

from keras.layers import Dense
from keras.models import Sequential
from keras.utils import to_categorical
from keras.wrappers.scikit_learn import KerasClassifier, KerasRegressor

TRAINING = pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')
N_FEATURES = 3


def make_data(labels=(2, 5, 7), n=20):
    """Separable data, sorted by label (so KFold and StratifiedKFold split
    it differently)."""
    rng = np.random.RandomState(0)
    y = np.sort(np.resize(np.asarray(labels), n))
    centres = rng.randn(len(labels), N_FEATURES) * 3
    x = centres[np.searchsorted(labels, y)] + rng.randn(n, N_FEATURES) * .3
    return x.astype('float32'), y


def build_model(hidden=4, n_out=3, activation='softmax',
                loss='categorical_crossentropy', metrics=('accuracy',)):
    model = Sequential([Dense(hidden, activation='tanh',
                              input_shape=(N_FEATURES,)),
                        Dense(n_out, activation=activation)])
    model.compile('sgd', loss, metrics=list(metrics))
    rng = np.random.RandomState(hidden)
    model.set_weights([rng.randn(*w.shape).astype('float32') * .5
                       for w in model.get_weights()])
    return model


def accuracy_by_hand(x_train, y_train, x_test, y_test, hidden, epochs):
    """The cross-validation score of one fold without the wrapper."""
    classes = np.unique(y_train)
    model = build_model(hidden=hidden, n_out=len(classes))
    model.fit(x_train, to_categorical(np.searchsorted(classes, y_train)),
              epochs=epochs, batch_size=5, shuffle=False, verbose=0)
    predicted = classes[model.predict(x_test).argmax(axis=-1)]
    return np.mean(predicted == y_test)


class ModelBuilder(object):
    def __call__(self, hidden=4, n_out=3):
        return build_model(hidden=hidden, n_out=n_out)


class SelfBuildingClassifier(KerasClassifier):
    def __call__(self, hidden=4, n_out=3):
        return build_model(hidden=hidden, n_out=n_out)


# Parameters (every backend: nothing is built).

def test_check_params_accepts_build_fn_and_model_method_arguments():
    clf = KerasClassifier(build_model, hidden=3, epochs=2, batch_size=4,
                          verbose=0, shuffle=False, steps=None,
                          validation_split=.1, nb_epoch=2)
    assert clf.sk_params['hidden'] == 3
    with pytest.raises(ValueError, match='hiden is not a legal parameter'):
        KerasClassifier(build_model, hiden=3)
    with pytest.raises(ValueError, match='hidden is not a legal parameter'):
        KerasClassifier(lambda: build_model(), hidden=3)


def test_check_params_reads_the_builder_of_each_build_fn_kind():
    KerasClassifier(ModelBuilder(), hidden=3)
    KerasRegressor(ModelBuilder().__call__, hidden=3)
    SelfBuildingClassifier(hidden=3)
    with pytest.raises(ValueError, match='units is not a legal parameter'):
        KerasClassifier(ModelBuilder(), units=3)
    with pytest.raises(ValueError, match='units is not a legal parameter'):
        SelfBuildingClassifier(units=3)
    with pytest.raises(ValueError, match='must then define `__call__`'):
        KerasClassifier(hidden=3)
    with pytest.raises(ValueError, match="received: 'model'"):
        KerasRegressor('model')


def test_get_params_and_set_params():
    callbacks = []
    clf = KerasClassifier(build_model, hidden=3, callbacks=callbacks)
    params = clf.get_params()
    assert params == {'build_fn': build_model, 'hidden': 3,
                      'callbacks': callbacks}
    assert params['callbacks'] is callbacks
    assert clf.get_params(deep=True) == clf.get_params(deep=False) == params
    with pytest.raises(TypeError, match='only `deep`'):
        clf.get_params(shallow=True)

    assert clf.set_params(hidden=5, epochs=2) is clf
    assert clf.get_params()['hidden'] == 5
    assert clf.get_params()['epochs'] == 2
    with pytest.raises(ValueError, match='hiden is not a legal parameter'):
        clf.set_params(hiden=5)
    assert 'hiden' not in clf.get_params()

    clf.set_params(build_fn=ModelBuilder())
    assert isinstance(clf.build_fn, ModelBuilder)
    # A builder that rejects an existing sk_param is not installed.
    with pytest.raises(ValueError, match='hidden is not a legal parameter'):
        clf.set_params(build_fn=lambda: build_model(), hidden=2)
    assert isinstance(clf.build_fn, ModelBuilder)


def test_filter_sk_params_routes_each_parameter():
    clf = KerasClassifier(build_model, hidden=3, epochs=2, batch_size=4,
                          verbose=0)
    assert clf.filter_sk_params(build_model) == {'hidden': 3}
    assert clf.filter_sk_params(Sequential.fit) == {
        'epochs': 2, 'batch_size': 4, 'verbose': 0}
    assert clf.filter_sk_params(Sequential.predict_classes) == {
        'batch_size': 4, 'verbose': 0}
    assert clf.filter_sk_params(Sequential.predict_classes,
                                {'batch_size': 1}) == {
        'batch_size': 1, 'verbose': 0}


def test_sklearn_clone_and_tags():
    callbacks = []
    builder = ModelBuilder()
    clf = KerasClassifier(builder, hidden=3, callbacks=callbacks)
    copy = clone(clf)
    assert type(copy) is KerasClassifier
    assert copy.sk_params == {'hidden': 3, 'callbacks': []}
    assert copy.sk_params is not clf.sk_params
    assert copy.sk_params['callbacks'] is not callbacks
    assert isinstance(copy.build_fn, ModelBuilder)
    assert type(clone(SelfBuildingClassifier(hidden=2))) is \
        SelfBuildingClassifier

    reg = KerasRegressor(build_model, hidden=2)
    assert clone(reg).get_params() == {'build_fn': build_model, 'hidden': 2}
    assert is_classifier(clf) and not is_regressor(clf)
    assert is_regressor(reg) and not is_classifier(reg)
    assert clf._estimator_type == 'classifier'
    assert reg._estimator_type == 'regressor'
    if not hasattr(sklearn.utils, 'get_tags'):
        return  # estimator tags exist from scikit-learn 1.6
    get_tags = sklearn.utils.get_tags
    assert get_tags(clf).estimator_type == 'classifier'
    assert get_tags(clf).target_tags.required
    assert get_tags(reg).regressor_tags is not None
    assert get_tags(reg).non_deterministic


# Fitting and predicting.

@TRAINING
def test_classifier_maps_labels_and_matches_the_model():
    x, y = make_data(labels=(2, 5, 7))
    clf = KerasClassifier(build_model, hidden=4, epochs=3, batch_size=5,
                          verbose=0)
    history = clf.fit(x, y)
    assert len(history.history['loss']) == 3
    np.testing.assert_array_equal(clf.classes_, [2, 5, 7])
    assert clf.n_classes_ == 3

    probabilities = clf.model.predict(x)
    np.testing.assert_allclose(clf.predict_proba(x), probabilities,
                               rtol=1e-6)
    expected = np.array([2, 5, 7])[probabilities.argmax(axis=1)]
    np.testing.assert_array_equal(clf.predict(x), expected)

    one_hot = to_categorical(np.searchsorted([2, 5, 7], y))
    accuracy = clf.model.evaluate(x, one_hot, verbose=0)[1]
    assert clf.score(x, y) == pytest.approx(accuracy)
    assert clf.score(x, y) == pytest.approx(np.mean(expected == y))
    # A test set missing the last class is still encoded over 3 classes.
    few = y < 7
    assert clf.score(x[few], y[few]) == pytest.approx(
        np.mean(expected[few] == y[few]))


@TRAINING
def test_classifier_one_hot_targets_and_sparse_loss():
    x, y = make_data(labels=(0, 1, 2))
    clf = KerasClassifier(build_model, epochs=1, verbose=0)
    clf.fit(x, to_categorical(y))
    np.testing.assert_array_equal(clf.classes_, [0, 1, 2])

    def sparse(hidden=4):
        return build_model(hidden, loss='sparse_categorical_crossentropy')
    clf = KerasClassifier(sparse, epochs=1, verbose=0)
    clf.fit(x, y + 10)
    np.testing.assert_array_equal(clf.classes_, [10, 11, 12])
    accuracy = clf.model.evaluate(x, y, verbose=0)[1]
    assert clf.score(x, y + 10) == pytest.approx(accuracy)

    with pytest.raises(ValueError, match=r'Invalid shape for y: \(20, 1, 1\)'):
        clf.fit(x, y.reshape(20, 1, 1))


@TRAINING
def test_classifier_single_sigmoid_output():
    x, y = make_data(labels=(-1, 4))

    def binary():
        return build_model(n_out=1, activation='sigmoid',
                           loss='binary_crossentropy')
    clf = KerasClassifier(binary, epochs=2, batch_size=5, verbose=0)
    clf.fit(x, y)
    p = clf.model.predict(x)
    np.testing.assert_allclose(clf.predict_proba(x),
                               np.hstack([1 - p, p]), rtol=1e-6)
    np.testing.assert_array_equal(clf.predict(x),
                                  np.where(p > .5, 4, -1))
    assert clf.score(x, y) == pytest.approx(
        np.mean(np.where(p[:, 0] > .5, 4, -1) == y))


@TRAINING
def test_sk_params_reach_build_fn_fit_and_predict():
    x, y = make_data()
    calls = []

    def recording_builder(hidden=4):
        model = build_model(hidden=hidden)
        predict_classes = model.predict_classes

        def recording_predict_classes(x, **kwargs):
            calls.append(kwargs)
            return predict_classes(x, **kwargs)
        model.predict_classes = recording_predict_classes
        return model

    clf = KerasClassifier(recording_builder, hidden=5, epochs=2,
                          batch_size=7, verbose=0)
    history = clf.fit(x, y)
    assert clf.model.layers[0].units == 5
    assert history.params['epochs'] == 2
    assert history.params['batch_size'] == 7
    clf.predict(x)
    clf.predict(x, batch_size=3)
    assert calls == [{'batch_size': 7, 'verbose': 0},
                     {'batch_size': 3, 'verbose': 0}]
    # Keyword arguments of fit override sk_params.
    assert len(clf.fit(x, y, epochs=1).history['loss']) == 1
    # The Keras 1 name reaches fit, which converts it.
    clf = KerasClassifier(build_model, nb_epoch=2, verbose=0)
    with pytest.warns(UserWarning, match='`nb_epoch`.*renamed `epochs`'):
        assert len(clf.fit(x, y).history['loss']) == 2


@TRAINING
def test_classifier_sample_weight_reaches_fit():
    x, y = make_data()
    clf = KerasClassifier(build_model, epochs=1, verbose=0)
    clf.fit(x, y, sample_weight=np.zeros(len(y)))
    # Zero weights give zero gradients: the fixed initial weights remain.
    for kept, initial in zip(clf.model.get_weights(),
                             build_model().get_weights()):
        np.testing.assert_allclose(kept, initial)


@TRAINING
def test_classifier_score_needs_accuracy():
    x, y = make_data()

    def no_metrics():
        return build_model(metrics=())
    clf = KerasClassifier(no_metrics, epochs=1, verbose=0)
    clf.fit(x, y)
    with pytest.raises(ValueError, match='not configured to compute '
                                         'accuracy'):
        clf.score(x, y)


@TRAINING
@pytest.mark.parametrize('kind', ['instance', 'method', 'subclass'])
def test_classifier_with_builder_object(kind):
    x, y = make_data()
    if kind == 'instance':
        clf = KerasClassifier(ModelBuilder(), hidden=2, epochs=1, verbose=0)
    elif kind == 'method':
        clf = KerasClassifier(ModelBuilder().__call__, hidden=2, epochs=1,
                              verbose=0)
    else:
        clf = SelfBuildingClassifier(hidden=2, epochs=1, verbose=0)
    clf.fit(x, y)
    assert clf.model.layers[0].units == 2
    np.testing.assert_array_equal(
        clf.predict(x), clf.classes_[clf.model.predict(x).argmax(axis=1)])


@TRAINING
def test_regressor_predict_and_score():
    x, _ = make_data()
    y = x @ np.array([1., -2., .5], dtype='float32')

    def linear(metrics=()):
        return build_model(n_out=1, activation='linear', loss='mse',
                           metrics=metrics)
    reg = KerasRegressor(linear, epochs=2, batch_size=5, verbose=0)
    reg.fit(x, y)
    np.testing.assert_allclose(reg.predict(x), reg.model.predict(x)[:, 0],
                               rtol=1e-6)
    assert reg.predict(x).shape == (20,)
    mse = np.mean((reg.predict(x) - y) ** 2)
    assert reg.score(x, y) == pytest.approx(-mse, rel=1e-4)
    reg.set_params(metrics=['mae'])
    reg.fit(x, y)
    assert reg.score(x, y) == pytest.approx(
        -np.mean((reg.predict(x) - y) ** 2), rel=1e-4)


@TRAINING
def test_cross_val_score_stratifies_classifiers():
    x, y = make_data()
    clf = KerasClassifier(build_model, hidden=3, epochs=2, batch_size=5,
                          shuffle=False, verbose=0)
    scores = cross_val_score(clf, x, y, cv=2)
    expected = [accuracy_by_hand(x[train], y[train], x[test], y[test],
                                 hidden=3, epochs=2)
                for train, test in StratifiedKFold(2).split(x, y)]
    np.testing.assert_allclose(scores, expected)


@TRAINING
def test_cross_val_score_regressor_is_negative_mse():
    x, _ = make_data()
    y = x.sum(axis=1)

    def linear():
        return build_model(n_out=1, activation='linear', loss='mse')
    reg = KerasRegressor(linear, epochs=1, batch_size=5, shuffle=False,
                         verbose=0)
    scores = cross_val_score(reg, x, y, cv=KFold(2))
    for score, (train, test) in zip(scores, KFold(2).split(x)):
        model = linear()
        model.fit(x[train], y[train], epochs=1, batch_size=5,
                  shuffle=False, verbose=0)
        mse = np.mean((model.predict(x[test])[:, 0] - y[test]) ** 2)
        assert score == pytest.approx(-mse, rel=1e-4)


@TRAINING
def test_grid_search_over_build_fn_parameter_and_epochs():
    x, y = make_data()
    clf = KerasClassifier(build_model, batch_size=5, shuffle=False,
                          verbose=0)
    search = GridSearchCV(clf, {'hidden': [2, 4], 'epochs': [1, 3]}, cv=2)
    search.fit(x, y)
    results = search.cv_results_
    assert len(results['params']) == 4
    train, test = next(StratifiedKFold(2).split(x, y))
    for params in ({'hidden': 2, 'epochs': 1}, {'hidden': 4, 'epochs': 3}):
        index = results['params'].index(params)
        assert results['split0_test_score'][index] == pytest.approx(
            accuracy_by_hand(x[train], y[train], x[test], y[test], **params))
    best = search.best_estimator_
    assert best.model.layers[0].units == search.best_params_['hidden']
    assert len(best.model.history.history['loss']) == \
        search.best_params_['epochs']
    np.testing.assert_array_equal(search.predict(x), best.predict(x))
    np.testing.assert_array_equal(search.classes_, [2, 5, 7])
