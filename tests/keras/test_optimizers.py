"""Optimizers: the Keras 2.3.1 update rules against numpy hand computations,
hyper-parameters as variables, clipping, constraints, (de)serialisation."""
import numpy as np
import pytest

from keras import backend as K
from keras import optimizers

pytestmark = pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')

EPS = 1e-7
START = np.array([[0.5, -1.2, 2.0], [0.1, 0.0, -0.7]], dtype='float32')
TARGET = np.array([[1.0, 1.0, -1.0], [0.3, -0.2, 0.4]], dtype='float32')
SCALE = np.array([1.0, 3.0, 0.5], dtype='float32')


def numpy_gradient(w):
    # loss = sum(SCALE * (w - TARGET) ** 2) / 2
    return SCALE * (w - TARGET)


def run_keras(optimizer, steps, constraint=None):
    """Values of the parameter after each of `steps` training calls."""
    w = K.variable(START, constraint=constraint)
    scale = K.placeholder(shape=(3,))
    loss = K.sum(scale * K.square(w - TARGET)) / 2.
    updates = optimizer.get_updates(loss=loss, params=[w])
    train = K.function([scale], [loss], updates=updates)
    history = []
    for _ in range(steps):
        train([SCALE])
        history.append(K.get_value(w))
    return history


# Reference implementations: one step each, state in a dict.

def sgd_step(w, g, s, t, lr=0.01, momentum=0., nesterov=False, decay=0.):
    lr = lr / (1. + decay * t)
    m = s.get('m', np.zeros_like(w))
    v = momentum * m - lr * g
    s['m'] = v
    return w + momentum * v - lr * g if nesterov else w + v


def rmsprop_step(w, g, s, t, lr=0.001, rho=0.9, decay=0.):
    lr = lr / (1. + decay * t)
    a = rho * s.get('a', np.zeros_like(w)) + (1 - rho) * g ** 2
    s['a'] = a
    return w - lr * g / (np.sqrt(a) + EPS)


def adagrad_step(w, g, s, t, lr=0.01, decay=0.):
    lr = lr / (1. + decay * t)
    a = s.get('a', np.zeros_like(w)) + g ** 2
    s['a'] = a
    return w - lr * g / (np.sqrt(a) + EPS)


def adadelta_step(w, g, s, t, lr=1.0, rho=0.95, decay=0.):
    lr = lr / (1. + decay * t)
    a = rho * s.get('a', np.zeros_like(w)) + (1 - rho) * g ** 2
    d_a = s.get('d', np.zeros_like(w))
    step = g * np.sqrt(d_a + EPS) / np.sqrt(a + EPS)
    s['a'] = a
    s['d'] = rho * d_a + (1 - rho) * step ** 2
    return w - lr * step


def adam_step(w, g, s, t, lr=0.001, beta_1=0.9, beta_2=0.999, amsgrad=False,
              decay=0.):
    lr = lr / (1. + decay * t)
    lr_t = lr * np.sqrt(1 - beta_2 ** (t + 1)) / (1 - beta_1 ** (t + 1))
    m = beta_1 * s.get('m', np.zeros_like(w)) + (1 - beta_1) * g
    v = beta_2 * s.get('v', np.zeros_like(w)) + (1 - beta_2) * g ** 2
    s['m'], s['v'] = m, v
    if amsgrad:
        vhat = np.maximum(s.get('vhat', np.zeros_like(w)), v)
        s['vhat'] = vhat
        return w - lr_t * m / (np.sqrt(vhat) + EPS)
    return w - lr_t * m / (np.sqrt(v) + EPS)


def adamax_step(w, g, s, t, lr=0.002, beta_1=0.9, beta_2=0.999, decay=0.):
    lr = lr / (1. + decay * t)
    lr_t = lr / (1 - beta_1 ** (t + 1))
    m = beta_1 * s.get('m', np.zeros_like(w)) + (1 - beta_1) * g
    u = np.maximum(beta_2 * s.get('u', np.zeros_like(w)), np.abs(g))
    s['m'], s['u'] = m, u
    return w - lr_t * m / (u + EPS)


def nadam_step(w, g, s, t, lr=0.002, beta_1=0.9, beta_2=0.999,
               schedule_decay=0.004):
    step = t + 1
    cache_t = beta_1 * (1 - 0.5 * 0.96 ** (step * schedule_decay))
    cache_next = beta_1 * (1 - 0.5 * 0.96 ** ((step + 1) * schedule_decay))
    schedule = s.get('schedule', 1.) * cache_t
    schedule_next = schedule * cache_next
    s['schedule'] = schedule
    m = beta_1 * s.get('m', np.zeros_like(w)) + (1 - beta_1) * g
    v = beta_2 * s.get('v', np.zeros_like(w)) + (1 - beta_2) * g ** 2
    s['m'], s['v'] = m, v
    m_bar = (1 - cache_t) * g / (1 - schedule) + \
        cache_next * m / (1 - schedule_next)
    v_prime = v / (1 - beta_2 ** step)
    return w - lr * m_bar / (np.sqrt(v_prime) + EPS)


def run_numpy(step_fn, steps, clipnorm=None, clipvalue=None, **kwargs):
    w = START.astype('float64')
    state = {}
    history = []
    for t in range(steps):
        g = numpy_gradient(w)
        if clipnorm is not None:
            norm = np.sqrt(np.sum(g ** 2))
            if norm >= clipnorm:
                g = g * clipnorm / norm
        if clipvalue is not None:
            g = np.clip(g, -clipvalue, clipvalue)
        w = step_fn(w, g, state, t, **kwargs)
        history.append(w)
    return history


CASES = [
    ('sgd', optimizers.SGD, sgd_step, {}, {}),
    ('sgd_momentum', optimizers.SGD, sgd_step, dict(lr=0.1, momentum=0.9),
     dict(lr=0.1, momentum=0.9)),
    ('sgd_nesterov_decay', optimizers.SGD, sgd_step,
     dict(learning_rate=0.1, momentum=0.8, nesterov=True, decay=0.1),
     dict(lr=0.1, momentum=0.8, nesterov=True, decay=0.1)),
    ('rmsprop', optimizers.RMSprop, rmsprop_step, dict(learning_rate=0.01),
     dict(lr=0.01)),
    ('rmsprop_decay', optimizers.RMSprop, rmsprop_step,
     dict(learning_rate=0.01, rho=0.5, decay=0.3),
     dict(lr=0.01, rho=0.5, decay=0.3)),
    ('adagrad', optimizers.Adagrad, adagrad_step, dict(decay=0.05),
     dict(decay=0.05)),
    ('adadelta', optimizers.Adadelta, adadelta_step, dict(rho=0.9),
     dict(rho=0.9)),
    ('adam', optimizers.Adam, adam_step, dict(learning_rate=0.05),
     dict(lr=0.05)),
    ('adam_amsgrad_decay', optimizers.Adam, adam_step,
     dict(learning_rate=0.05, amsgrad=True, decay=0.01, beta_1=0.8),
     dict(lr=0.05, amsgrad=True, decay=0.01, beta_1=0.8)),
    ('adamax', optimizers.Adamax, adamax_step, dict(decay=0.02),
     dict(decay=0.02)),
    ('nadam', optimizers.Nadam, nadam_step, dict(learning_rate=0.01),
     dict(lr=0.01)),
]


@pytest.mark.parametrize('name,cls,step_fn,kwargs,np_kwargs', CASES,
                         ids=[c[0] for c in CASES])
def test_update_rule_matches_numpy(name, cls, step_fn, kwargs, np_kwargs):
    got = run_keras(cls(**kwargs), steps=4)
    expected = run_numpy(step_fn, steps=4, **np_kwargs)
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize('clip', [dict(clipnorm=0.5), dict(clipvalue=0.2),
                                  dict(clipnorm=100.)],
                         ids=['clipnorm', 'clipvalue', 'clipnorm_inactive'])
def test_gradient_clipping(clip):
    got = run_keras(optimizers.SGD(lr=0.1, momentum=0.5, **clip), steps=3)
    expected = run_numpy(sgd_step, steps=3, lr=0.1, momentum=0.5, **clip)
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=1e-5, atol=1e-6)


def test_constraint_applied_to_new_value():
    got = run_keras(optimizers.SGD(lr=1.0), steps=1,
                    constraint=lambda p: K.clip(p, -0.25, 0.25))
    expected = np.clip(START - numpy_gradient(START), -0.25, 0.25)
    np.testing.assert_allclose(got[0], expected, rtol=1e-6)


def test_learning_rate_is_a_variable_read_at_each_call():
    opt = optimizers.SGD(lr=0.1)
    assert opt.lr is opt.learning_rate
    w = K.variable(np.ones(2))
    train = K.function([], [], updates=opt.get_updates(K.sum(w), [w]))
    train([])
    K.set_value(opt.lr, 0.5)
    train([])
    np.testing.assert_allclose(K.get_value(w), [1 - 0.1 - 0.5] * 2,
                               rtol=1e-6)
    assert K.get_value(opt.iterations) == 2
    assert K.dtype(opt.iterations) == 'int64'


def test_none_gradient_names_the_variable():
    used = K.variable(np.ones(2), name='used_weight')
    unused = K.variable(np.ones(2), name='unused_weight')
    with pytest.raises(ValueError, match='None` for gradient.*unused_weight'):
        optimizers.Adam().get_updates(K.sum(used), [used, unused])


def test_unknown_and_negative_arguments():
    with pytest.raises(TypeError, match='Unexpected keyword argument'):
        optimizers.SGD(momentun=0.9)
    with pytest.raises(ValueError, match='clipnorm >= 0'):
        optimizers.Adam(clipnorm=-1.)


def test_slots_and_weights():
    w = K.variable(np.ones((2, 3)))
    opt = optimizers.Adam()
    opt.get_updates(K.sum(K.square(w)), [w])
    shapes = [K.int_shape(v) for v in opt.weights]
    # iterations, m, v, and the (1,) vhat slot kept by Keras 2 without
    # amsgrad.
    assert shapes == [(), (2, 3), (2, 3), (1,)]
    values = opt.get_weights()
    values[1] = np.full((2, 3), 7., dtype='float32')
    opt.set_weights(values)
    np.testing.assert_allclose(K.get_value(opt.weights[1]), 7.)
    with pytest.raises(ValueError, match='Length of the specified weight'):
        opt.set_weights(values[:2])


@pytest.mark.parametrize('cls', [optimizers.SGD, optimizers.RMSprop,
                                 optimizers.Adagrad, optimizers.Adadelta,
                                 optimizers.Adam, optimizers.Adamax,
                                 optimizers.Nadam])
def test_config_round_trip(cls):
    opt = cls(lr=0.25, clipnorm=2.)
    config = opt.get_config()
    assert config['learning_rate'] == 0.25
    assert config['clipnorm'] == 2.
    clone = optimizers.deserialize(optimizers.serialize(opt))
    assert type(clone) is cls
    assert clone.get_config() == config


def test_get():
    assert isinstance(optimizers.get('adam'), optimizers.Adam)
    assert isinstance(optimizers.get('RMSprop'), optimizers.RMSprop)
    assert isinstance(optimizers.get('SGD'), optimizers.SGD)
    opt = optimizers.Nadam()
    assert optimizers.get(opt) is opt
    restored = optimizers.get({'class_name': 'Adam',
                               'config': {'learning_rate': 0.3,
                                          'amsgrad': True}})
    assert restored.amsgrad
    np.testing.assert_allclose(K.get_value(restored.lr), 0.3)
    with pytest.raises(ValueError, match='Could not interpret optimizer'):
        optimizers.get(42)
    with pytest.raises(ValueError):
        optimizers.get('no_such_optimizer')


def test_keras1_get_updates_signature():
    # Keras 1 order: get_updates(params, constraints, loss); converted
    # silently, as Keras 2 does.
    w = K.variable(np.ones(2))
    opt = optimizers.SGD(lr=0.5)
    updates = opt.get_updates([w], {}, K.sum(w))
    K.function([], [], updates=updates)([])
    np.testing.assert_allclose(K.get_value(w), [0.5, 0.5])


def test_custom_optimizer_keras2_style():
    class PlainGradientDescent(optimizers.Optimizer):
        def __init__(self, lr=0.1, **kwargs):
            super(PlainGradientDescent, self).__init__(**kwargs)
            self.lr = K.variable(lr)

        def get_updates(self, loss, params):
            grads = K.gradients(loss, params)
            return [K.update(p, p - self.lr * g)
                    for p, g in zip(params, grads)]

    got = run_keras(PlainGradientDescent(lr=0.2), steps=3)
    expected = run_numpy(sgd_step, steps=3, lr=0.2)
    np.testing.assert_allclose(got[-1], expected[-1], rtol=1e-5)


def test_slot_names_in_a_model():
    from keras.layers import Dense
    from keras.layers import Input
    from keras.models import Model
    inputs = Input((2,))
    model = Model(inputs, Dense(1)(inputs))
    model.compile(optimizers.Adam(), 'mse')
    model.train_on_batch(np.ones((1, 2)), np.ones((1, 1)))
    names = [w.name for w in model.optimizer.weights]
    assert names[0] == 'Adam/iterations'
    assert names[1:3] == ['training/Adam/m_0', 'training/Adam/m_1']


@pytest.mark.backends('tensorflow')
def test_native_tensorflow_optimizers_are_refused_clearly():
    import tensorflow as tf
    with pytest.raises(NotImplementedError,
                       match='TFOptimizer.*tensorflow backend'):
        optimizers.get(tf.compat.v1.train.GradientDescentOptimizer(0.1))
