"""Optimizers (Keras 2.3.1).

An optimizer turns a symbolic loss into update ops: `get_updates(loss,
params)` returns `K.update` ops that the model's train function applies at
every call. That method is the extension point: a custom optimizer written
Keras 2 style (K.gradients, K.update) works as the built-in ones do.

Hyper-parameters are backend variables, so `K.set_value(opt.lr, 0.1)`
takes effect in an already compiled train function.
"""
import sys

from keras import backend as K
from keras.legacy import interfaces
from keras.utils.generic_utils import deserialize_keras_object
from keras.utils.generic_utils import serialize_keras_object


def clip_norm(g, c, n):
    """`g` scaled by `c / n` when the norm `n` is at least `c`."""
    if c <= 0:
        return g
    return K.switch(K.greater_equal(n, c), g * c / n, g)


def _constrained(p, new_p):
    if getattr(p, 'constraint', None) is not None:
        return p.constraint(new_p)
    return new_p


class Optimizer(object):
    """Base class of optimizers.

    Args:
        clipnorm: gradients are rescaled when their global L2 norm exceeds
            this value.
        clipvalue: gradients are clipped element-wise to
            [-clipvalue, clipvalue].

    Raises:
        TypeError: for any other keyword argument.
        ValueError: for a negative clipnorm or clipvalue.
    """

    def __init__(self, **kwargs):
        allowed_kwargs = {'clipnorm', 'clipvalue'}
        for k in kwargs:
            if k not in allowed_kwargs:
                raise TypeError('Unexpected keyword argument passed to '
                                'optimizer: ' + str(k))
            if kwargs[k] < 0:
                raise ValueError('Expected {} >= 0, received: {}'.format(
                    k, kwargs[k]))
        self.__dict__.update(kwargs)
        self.updates = []
        self.weights = []

    @interfaces.legacy_get_updates_support
    def get_updates(self, loss, params):
        """The list of update ops minimising `loss` over `params`."""
        raise NotImplementedError

    def get_gradients(self, loss, params):
        """Gradients of `loss` for `params`, clipped per clipnorm/clipvalue.

        Raises:
            ValueError: if the loss does not depend on some parameter
                (naming it), or the gradient cannot be computed.
        """
        grads = K.gradients(loss, params)
        missing = [p for p, g in zip(params, grads) if g is None]
        if missing:
            raise ValueError(
                'An operation has `None` for gradient. Please make sure that '
                'all of your ops have a gradient defined (i.e. are '
                'differentiable). Common ops without gradient: K.argmax, '
                'K.round, K.eval. The loss does not depend (differentiably) '
                'on: %s.' % ', '.join(getattr(p, 'name', repr(p))
                                      for p in missing))
        if hasattr(self, 'clipnorm'):
            norm = K.sqrt(sum([K.sum(K.square(g)) for g in grads]))
            grads = [clip_norm(g, self.clipnorm, norm) for g in grads]
        if hasattr(self, 'clipvalue'):
            grads = [K.clip(g, -self.clipvalue, self.clipvalue)
                     for g in grads]
        return grads

    def set_weights(self, weights):
        """Sets the optimizer state (iterations and slots) from arrays.

        Raises:
            ValueError: if the number or shapes of the arrays differ from
                the optimizer's weights.
        """
        params = self.weights
        if len(params) != len(weights):
            raise ValueError('Length of the specified weight list (' +
                             str(len(weights)) + ') does not match the '
                             'number of weights of the optimizer (' +
                             str(len(params)) + ')')
        weight_value_tuples = []
        param_values = K.batch_get_value(params)
        for pv, p, w in zip(param_values, params, weights):
            if pv.shape != w.shape:
                raise ValueError('Optimizer weight shape ' + str(pv.shape) +
                                 ' not compatible with provided weight '
                                 'shape ' + str(w.shape))
            weight_value_tuples.append((p, w))
        K.batch_set_value(weight_value_tuples)

    def get_weights(self):
        return K.batch_get_value(self.weights)

    def get_config(self):
        config = {}
        if hasattr(self, 'clipnorm'):
            config['clipnorm'] = self.clipnorm
        if hasattr(self, 'clipvalue'):
            config['clipvalue'] = self.clipvalue
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    @property
    def lr(self):
        """Legacy name of `learning_rate`."""
        return self.learning_rate

    @lr.setter
    def lr(self, learning_rate):
        self.learning_rate = learning_rate

    def _hyper(self, name, value, dtype=None):
        with K.name_scope(self.__class__.__name__):
            return K.variable(value, dtype=dtype, name=name)

    def _pop_keyword_hypers(self, kwargs, learning_rate, epsilon=True):
        """Pops the hyper-parameters Keras 2 optimizers take as keywords:
        'decay' (kept as `initial_decay`), 'epsilon' (default K.epsilon(),
        unless `epsilon=False`) and 'lr', the Keras 1 name of
        `learning_rate`. Returns the learning rate."""
        self.initial_decay = kwargs.pop('decay', 0.0)
        if epsilon:
            self.epsilon = kwargs.pop('epsilon', K.epsilon())
        return kwargs.pop('lr', learning_rate)

    def _create_step_hypers(self, learning_rate):
        """The variables of optimizers with time-based decay: the step
        count, the learning rate and the decay."""
        self.iterations = self._hyper('iterations', 0, dtype='int64')
        self.learning_rate = self._hyper('learning_rate', learning_rate)
        self.decay = self._hyper('decay', self.initial_decay)

    def _begin_step(self, loss, params):
        """(gradients, decayed learning rate) of an update step, whose
        updates start with the step count's increment."""
        grads = self.get_gradients(loss, params)
        self.updates = [K.update_add(self.iterations, 1)]
        lr = self.learning_rate
        if self.initial_decay > 0:
            # Time-based decay: lr / (1 + decay * iterations).
            lr = lr * (1. / (1. + self.decay * K.cast(
                self.iterations, K.dtype(self.decay))))
        return grads, lr

    @staticmethod
    def _slots(params, prefix, shape_of=None):
        """One zero variable per parameter, named `<prefix>_<i>` (under
        the caller's name scopes: `training/Adam/m_0` in a model)."""
        return [K.zeros(shape_of(p) if shape_of else K.int_shape(p),
                        dtype=K.dtype(p), name='%s_%d' % (prefix, i))
                for i, p in enumerate(params)]


def _base_config(optimizer, config):
    base_config = Optimizer.get_config(optimizer)
    return dict(list(base_config.items()) + list(config.items()))


def _value(variable):
    return float(K.get_value(variable))


class SGD(Optimizer):
    """Stochastic gradient descent, with optional (Nesterov) momentum.

    Args:
        learning_rate: float >= 0.
        momentum: float >= 0, accelerates SGD along consistent directions.
        nesterov: whether to apply Nesterov momentum.
        decay (keyword): time-based learning rate decay.
    """

    def __init__(self, learning_rate=0.01, momentum=0., nesterov=False,
                 **kwargs):
        learning_rate = self._pop_keyword_hypers(kwargs, learning_rate,
                                                 epsilon=False)
        super(SGD, self).__init__(**kwargs)
        self._create_step_hypers(learning_rate)
        self.momentum = self._hyper('momentum', momentum)
        self.nesterov = nesterov

    @interfaces.legacy_get_updates_support
    def get_updates(self, loss, params):
        grads, lr = self._begin_step(loss, params)
        moments = self._slots(params, 'moment')
        self.weights = [self.iterations] + moments
        for p, g, m in zip(params, grads, moments):
            v = self.momentum * m - lr * g  # velocity
            self.updates.append(K.update(m, v))
            if self.nesterov:
                new_p = p + self.momentum * v - lr * g
            else:
                new_p = p + v
            self.updates.append(K.update(p, _constrained(p, new_p)))
        return self.updates

    def get_config(self):
        return _base_config(self, {
            'learning_rate': _value(self.learning_rate),
            'momentum': _value(self.momentum),
            'decay': _value(self.decay),
            'nesterov': self.nesterov})


class RMSprop(Optimizer):
    """RMSProp: divides the gradient by a running root mean square.

    Args:
        learning_rate: float >= 0.
        rho: decay of the moving average of squared gradients.
        epsilon, decay (keywords): fuzz factor (default K.epsilon()) and
            time-based learning rate decay.
    """

    def __init__(self, learning_rate=0.001, rho=0.9, **kwargs):
        learning_rate = self._pop_keyword_hypers(kwargs, learning_rate)
        super(RMSprop, self).__init__(**kwargs)
        self._create_step_hypers(learning_rate)
        self.rho = self._hyper('rho', rho)

    @interfaces.legacy_get_updates_support
    def get_updates(self, loss, params):
        grads, lr = self._begin_step(loss, params)
        accumulators = self._slots(params, 'accumulator')
        self.weights = [self.iterations] + accumulators
        for p, g, a in zip(params, grads, accumulators):
            new_a = self.rho * a + (1. - self.rho) * K.square(g)
            self.updates.append(K.update(a, new_a))
            new_p = p - lr * g / (K.sqrt(new_a) + self.epsilon)
            self.updates.append(K.update(p, _constrained(p, new_p)))
        return self.updates

    def get_config(self):
        return _base_config(self, {
            'learning_rate': _value(self.learning_rate),
            'rho': _value(self.rho),
            'decay': _value(self.decay),
            'epsilon': self.epsilon})


class Adagrad(Optimizer):
    """Adagrad: per-parameter rates scaled by accumulated squared gradients.

    Args:
        learning_rate: float >= 0.
        epsilon, decay (keywords).
    """

    def __init__(self, learning_rate=0.01, **kwargs):
        learning_rate = self._pop_keyword_hypers(kwargs, learning_rate)
        super(Adagrad, self).__init__(**kwargs)
        self._create_step_hypers(learning_rate)

    @interfaces.legacy_get_updates_support
    def get_updates(self, loss, params):
        grads, lr = self._begin_step(loss, params)
        accumulators = self._slots(params, 'accumulator')
        self.weights = [self.iterations] + accumulators
        for p, g, a in zip(params, grads, accumulators):
            new_a = a + K.square(g)
            self.updates.append(K.update(a, new_a))
            new_p = p - lr * g / (K.sqrt(new_a) + self.epsilon)
            self.updates.append(K.update(p, _constrained(p, new_p)))
        return self.updates

    def get_config(self):
        return _base_config(self, {
            'learning_rate': _value(self.learning_rate),
            'decay': _value(self.decay),
            'epsilon': self.epsilon})


class Adadelta(Optimizer):
    """Adadelta: step sizes from moving windows of gradient updates.

    Args:
        learning_rate: float >= 0 (1.0 is the usual value).
        rho: decay of the moving averages.
        epsilon, decay (keywords).
    """

    def __init__(self, learning_rate=1.0, rho=0.95, **kwargs):
        learning_rate = self._pop_keyword_hypers(kwargs, learning_rate)
        super(Adadelta, self).__init__(**kwargs)
        self._create_step_hypers(learning_rate)
        self.rho = rho

    @interfaces.legacy_get_updates_support
    def get_updates(self, loss, params):
        grads, lr = self._begin_step(loss, params)
        accumulators = self._slots(params, 'accumulator')
        delta_accumulators = self._slots(params, 'delta_accumulator')
        self.weights = [self.iterations] + accumulators + delta_accumulators
        for p, g, a, d_a in zip(params, grads, accumulators,
                                delta_accumulators):
            new_a = self.rho * a + (1. - self.rho) * K.square(g)
            self.updates.append(K.update(a, new_a))
            # The new accumulator, and the *old* delta accumulator.
            update = g * K.sqrt(d_a + self.epsilon) / K.sqrt(
                new_a + self.epsilon)
            new_p = p - lr * update
            self.updates.append(K.update(p, _constrained(p, new_p)))
            new_d_a = self.rho * d_a + (1 - self.rho) * K.square(update)
            self.updates.append(K.update(d_a, new_d_a))
        return self.updates

    def get_config(self):
        return _base_config(self, {
            'learning_rate': _value(self.learning_rate),
            'rho': self.rho,
            'decay': _value(self.decay),
            'epsilon': self.epsilon})


class Adam(Optimizer):
    """Adam, with the bias corrections folded into the step size.

    Args:
        learning_rate: float >= 0.
        beta_1, beta_2: decay rates of the first and second moments.
        amsgrad: use the AMSGrad variant (maximum of past second moments).
        epsilon, decay (keywords).
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999,
                 amsgrad=False, **kwargs):
        learning_rate = self._pop_keyword_hypers(kwargs, learning_rate)
        super(Adam, self).__init__(**kwargs)
        self._create_step_hypers(learning_rate)
        self.beta_1 = self._hyper('beta_1', beta_1)
        self.beta_2 = self._hyper('beta_2', beta_2)
        self.amsgrad = amsgrad

    @interfaces.legacy_get_updates_support
    def get_updates(self, loss, params):
        grads, lr = self._begin_step(loss, params)
        t = K.cast(self.iterations, K.floatx()) + 1
        lr_t = lr * (K.sqrt(1. - K.pow(self.beta_2, t)) /
                     (1. - K.pow(self.beta_1, t)))
        ms = self._slots(params, 'm')
        vs = self._slots(params, 'v')
        if self.amsgrad:
            vhats = self._slots(params, 'vhat')
        else:
            # Unused, but part of the saved state, as in Keras 2.
            vhats = self._slots(params, 'vhat', shape_of=lambda p: (1,))
        self.weights = [self.iterations] + ms + vs + vhats
        for p, g, m, v, vhat in zip(params, grads, ms, vs, vhats):
            m_t = (self.beta_1 * m) + (1. - self.beta_1) * g
            v_t = (self.beta_2 * v) + (1. - self.beta_2) * K.square(g)
            if self.amsgrad:
                vhat_t = K.maximum(vhat, v_t)
                p_t = p - lr_t * m_t / (K.sqrt(vhat_t) + self.epsilon)
                self.updates.append(K.update(vhat, vhat_t))
            else:
                p_t = p - lr_t * m_t / (K.sqrt(v_t) + self.epsilon)
            self.updates.append(K.update(m, m_t))
            self.updates.append(K.update(v, v_t))
            self.updates.append(K.update(p, _constrained(p, p_t)))
        return self.updates

    def get_config(self):
        return _base_config(self, {
            'learning_rate': _value(self.learning_rate),
            'beta_1': _value(self.beta_1),
            'beta_2': _value(self.beta_2),
            'decay': _value(self.decay),
            'epsilon': self.epsilon,
            'amsgrad': self.amsgrad})


class Adamax(Optimizer):
    """Adamax: Adam with the infinity norm.

    Args:
        learning_rate: float >= 0.
        beta_1, beta_2: decay rates of the first moment and the norm.
        epsilon, decay (keywords).
    """

    def __init__(self, learning_rate=0.002, beta_1=0.9, beta_2=0.999,
                 **kwargs):
        learning_rate = self._pop_keyword_hypers(kwargs, learning_rate)
        super(Adamax, self).__init__(**kwargs)
        self._create_step_hypers(learning_rate)
        self.beta_1 = self._hyper('beta_1', beta_1)
        self.beta_2 = self._hyper('beta_2', beta_2)

    @interfaces.legacy_get_updates_support
    def get_updates(self, loss, params):
        grads, lr = self._begin_step(loss, params)
        t = K.cast(self.iterations, K.floatx()) + 1
        lr_t = lr / (1. - K.pow(self.beta_1, t))
        ms = self._slots(params, 'm')
        us = self._slots(params, 'u')
        self.weights = [self.iterations] + ms + us
        for p, g, m, u in zip(params, grads, ms, us):
            m_t = (self.beta_1 * m) + (1. - self.beta_1) * g
            u_t = K.maximum(self.beta_2 * u, K.abs(g))
            p_t = p - lr_t * m_t / (u_t + self.epsilon)
            self.updates.append(K.update(m, m_t))
            self.updates.append(K.update(u, u_t))
            self.updates.append(K.update(p, _constrained(p, p_t)))
        return self.updates

    def get_config(self):
        return _base_config(self, {
            'learning_rate': _value(self.learning_rate),
            'beta_1': _value(self.beta_1),
            'beta_2': _value(self.beta_2),
            'decay': _value(self.decay),
            'epsilon': self.epsilon})


class Nadam(Optimizer):
    """Nesterov Adam, with the momentum warming schedule of Dozat (2015).

    Args:
        learning_rate: float >= 0.
        beta_1, beta_2: decay rates of the moments.
        epsilon, schedule_decay (keywords; schedule_decay default 0.004).
    """

    def __init__(self, learning_rate=0.002, beta_1=0.9, beta_2=0.999,
                 **kwargs):
        self.schedule_decay = kwargs.pop('schedule_decay', 0.004)
        self.epsilon = kwargs.pop('epsilon', K.epsilon())
        learning_rate = kwargs.pop('lr', learning_rate)
        super(Nadam, self).__init__(**kwargs)
        self.iterations = self._hyper('iterations', 0, dtype='int64')
        self.m_schedule = self._hyper('m_schedule', 1.)
        self.learning_rate = self._hyper('learning_rate', learning_rate)
        self.beta_1 = self._hyper('beta_1', beta_1)
        self.beta_2 = self._hyper('beta_2', beta_2)

    @interfaces.legacy_get_updates_support
    def get_updates(self, loss, params):
        grads = self.get_gradients(loss, params)
        self.updates = [K.update_add(self.iterations, 1)]
        t = K.cast(self.iterations, K.floatx()) + 1
        momentum_cache_t = self.beta_1 * (1. - 0.5 * (K.pow(
            K.cast_to_floatx(0.96), t * self.schedule_decay)))
        momentum_cache_t_1 = self.beta_1 * (1. - 0.5 * (K.pow(
            K.cast_to_floatx(0.96), (t + 1) * self.schedule_decay)))
        m_schedule_new = self.m_schedule * momentum_cache_t
        m_schedule_next = self.m_schedule * momentum_cache_t * \
            momentum_cache_t_1
        self.updates.append((self.m_schedule, m_schedule_new))
        ms = self._slots(params, 'm')
        vs = self._slots(params, 'v')
        self.weights = [self.iterations, self.m_schedule] + ms + vs
        for p, g, m, v in zip(params, grads, ms, vs):
            g_prime = g / (1. - m_schedule_new)
            m_t = self.beta_1 * m + (1. - self.beta_1) * g
            m_t_prime = m_t / (1. - m_schedule_next)
            v_t = self.beta_2 * v + (1. - self.beta_2) * K.square(g)
            v_t_prime = v_t / (1. - K.pow(self.beta_2, t))
            m_t_bar = (1. - momentum_cache_t) * g_prime + \
                momentum_cache_t_1 * m_t_prime
            self.updates.append(K.update(m, m_t))
            self.updates.append(K.update(v, v_t))
            p_t = p - self.learning_rate * m_t_bar / (K.sqrt(v_t_prime) +
                                                      self.epsilon)
            self.updates.append(K.update(p, _constrained(p, p_t)))
        return self.updates

    def get_config(self):
        return _base_config(self, {
            'learning_rate': _value(self.learning_rate),
            'beta_1': _value(self.beta_1),
            'beta_2': _value(self.beta_2),
            'epsilon': self.epsilon,
            'schedule_decay': self.schedule_decay})


class TFOptimizer(Optimizer):
    """Wrapper of a native TensorFlow optimizer (Keras 2 on TensorFlow 1).

    Not available: the training graph here is the library's own, which
    TensorFlow optimizers cannot update. Use a Keras optimizer.
    """

    def __init__(self, optimizer):
        raise NotImplementedError(
            'TFOptimizer (wrapping a native TensorFlow optimizer %r) is not '
            'supported by the %s backend: Keras models train with Keras '
            'optimizers (SGD, RMSprop, Adagrad, Adadelta, Adam, Adamax, '
            'Nadam) on every backend.' % (optimizer, K.backend()))


# Aliases.

sgd = SGD
rmsprop = RMSprop
adagrad = Adagrad
adadelta = Adadelta
adam = Adam
adamax = Adamax
nadam = Nadam

# Keys are lower case: names are resolved case-insensitively.
_OPTIMIZERS = {'sgd': SGD, 'rmsprop': RMSprop, 'adagrad': Adagrad,
               'adadelta': Adadelta, 'adam': Adam, 'adamax': Adamax,
               'nadam': Nadam, 'tfoptimizer': TFOptimizer}


def serialize(optimizer):
    return serialize_keras_object(optimizer)


def deserialize(config, custom_objects=None):
    """An optimizer from `{'class_name': ..., 'config': ...}`; built-in
    class names are case-insensitive."""
    config = dict(config)
    if config['class_name'].lower() in _OPTIMIZERS:
        config['class_name'] = config['class_name'].lower()
    return deserialize_keras_object(config, module_objects=_OPTIMIZERS,
                                    custom_objects=custom_objects,
                                    printable_module_name='optimizer')


def get(identifier):
    """An optimizer from a name ('adam', 'SGD'), a config dict or an
    instance.

    Raises:
        ValueError: for anything else.
    """
    if _is_native_tf_optimizer(identifier):
        return TFOptimizer(identifier)
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return deserialize({'class_name': str(identifier), 'config': {}})
    if isinstance(identifier, Optimizer):
        return identifier
    raise ValueError('Could not interpret optimizer identifier: ' +
                     str(identifier))


def _is_native_tf_optimizer(identifier):
    tf = sys.modules.get('tensorflow')
    native = getattr(getattr(getattr(tf, 'compat', None), 'v1', None),
                     'train', None)
    return native is not None and isinstance(identifier, native.Optimizer)
