"""User classes and functions in saved models: `custom_objects=`,
`CustomObjectScope` and `get_custom_objects()` resolve custom layers,
activations, losses, metrics, initializers, regularizers and constraints;
a missing one is named with the argument to pass; Lambda layers store
their function as Keras 2 did and refuse bytecode of another Python
version with a clear message; tf-keras class names deserialise.
"""
import codecs
import dis
import functools
import json
import marshal
import sys

import numpy as np
import pytest

from keras import backend as K
from keras import constraints
from keras import initializers
from keras import layers
from keras import losses
from keras import metrics
from keras import regularizers
from keras.engine.base_layer import Layer
from keras.layers import Dense, Input, Lambda
from keras.models import Model, Sequential, load_model, model_from_config
from keras.models import model_from_json, model_from_yaml
from keras.optimizers import SGD
from keras.utils import CustomObjectScope, get_custom_objects
from keras.utils import bytecode_utils
from keras.utils.generic_utils import func_dump, func_load

TRAINS = pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')


def scaled_tanh(x):
    return 2. * K.tanh(x)


def doubled_mse(y_true, y_pred):
    return 2. * K.mean(K.square(y_pred - y_true), axis=-1)


def max_abs_error(y_true, y_pred):
    return K.max(K.abs(y_pred - y_true), axis=-1)


class RampInitializer(initializers.Initializer):
    """`start + step * i` for the i-th entry in C order."""

    def __init__(self, start=0., step=0.01):
        self.start = start
        self.step = step

    def __call__(self, shape, dtype=None):
        ramp = self.start + self.step * np.arange(int(np.prod(shape)))
        return ramp.reshape(shape).astype(dtype or K.floatx())

    def get_config(self):
        return {'start': self.start, 'step': self.step}


class HalfL1(regularizers.Regularizer):

    def __init__(self, factor=0.01):
        self.factor = factor

    def __call__(self, x):
        return 0.5 * self.factor * K.sum(K.abs(x))

    def get_config(self):
        return {'factor': self.factor}


class ClipTo(constraints.Constraint):

    def __init__(self, limit=1.):
        self.limit = limit

    def __call__(self, w):
        return K.clip(w, -self.limit, self.limit)

    def get_config(self):
        return {'limit': self.limit}


class ScaledDense(Layer):
    """`scale * x . kernel`, no bias."""

    def __init__(self, units, scale=1., **kwargs):
        super(ScaledDense, self).__init__(**kwargs)
        self.units = units
        self.scale = scale

    def build(self, input_shape):
        self.kernel = self.add_weight(name='kernel',
                                      shape=(input_shape[-1], self.units),
                                      initializer='ones')
        super(ScaledDense, self).build(input_shape)

    def call(self, inputs):
        return self.scale * K.dot(inputs, self.kernel)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        config = super(ScaledDense, self).get_config()
        config.update({'units': self.units, 'scale': self.scale})
        return config


CUSTOM_OBJECTS = {
    'scaled_tanh': scaled_tanh, 'doubled_mse': doubled_mse,
    'max_abs_error': max_abs_error, 'RampInitializer': RampInitializer,
    'HalfL1': HalfL1, 'ClipTo': ClipTo, 'ScaledDense': ScaledDense}

# What each custom object is called in the error for a missing one.
KINDS = {
    'ScaledDense': 'layer', 'scaled_tanh': 'activation function',
    'RampInitializer': 'initializer', 'HalfL1': 'regularizer',
    'ClipTo': 'constraint', 'doubled_mse': 'loss function',
    'max_abs_error': 'metric function'}


def _custom_model():
    x = Input((3,))
    h = Dense(4, activation=scaled_tanh,
              kernel_initializer=RampInitializer(-0.3, 0.05),
              kernel_regularizer=HalfL1(0.02),
              kernel_constraint=ClipTo(0.25), name='hidden')(x)
    y = ScaledDense(2, scale=1.5, name='scaled')(h)
    model = Model(x, y)
    model.compile(SGD(lr=0.1), loss=doubled_mse, metrics=[max_abs_error])
    return model


def _data():
    rng = np.random.RandomState(3)
    x = rng.uniform(-1, 1, (6, 3)).astype('float32')
    y = rng.uniform(-1, 1, (6, 2)).astype('float32')
    return x, y


def _weights():
    """Kernel and bias of 'hidden', kernel of 'scaled'; the first beyond
    ClipTo's limit so that training shows the constraint."""
    rng = np.random.RandomState(5)
    return [rng.uniform(-0.6, 0.6, (3, 4)).astype('float32'),
            rng.uniform(-0.2, 0.2, (4,)).astype('float32'),
            rng.uniform(-1, 1, (4, 2)).astype('float32')]


def _numpy_predict(weights, x):
    kernel, bias, scaled_kernel = weights
    return 1.5 * (2. * np.tanh(x.dot(kernel) + bias)).dot(scaled_kernel)


@pytest.fixture(scope='module')
def saved_path(tmp_path_factory):
    model = _custom_model()
    model.set_weights(_weights())
    path = str(tmp_path_factory.mktemp('custom') / 'custom.h5')
    model.save(path)
    return path


def _check_restored(model):
    hidden = model.get_layer('hidden')
    assert hidden.activation is scaled_tanh
    assert isinstance(hidden.kernel_initializer, RampInitializer)
    assert hidden.kernel_initializer.get_config() == {'start': -0.3,
                                                      'step': 0.05}
    assert isinstance(hidden.kernel_regularizer, HalfL1)
    assert hidden.kernel_regularizer.factor == 0.02
    assert isinstance(hidden.kernel_constraint, ClipTo)
    assert hidden.kernel_constraint.limit == 0.25
    scaled = model.get_layer('scaled')
    assert isinstance(scaled, ScaledDense)
    assert (scaled.units, scaled.scale) == (2, 1.5)
    for loaded, saved in zip(model.get_weights(), _weights()):
        np.testing.assert_array_equal(loaded, saved)
    x, _ = _data()
    np.testing.assert_allclose(model.predict(x),
                               _numpy_predict(_weights(), x),
                               rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize('mechanism', ['argument', 'scope', 'registry'])
def test_load_model_resolves_custom_objects(saved_path, mechanism):
    registry = get_custom_objects()
    before = dict(registry)
    if mechanism == 'argument':
        model = load_model(saved_path, custom_objects=CUSTOM_OBJECTS,
                           compile=False)
    elif mechanism == 'scope':
        with CustomObjectScope(CUSTOM_OBJECTS):
            model = load_model(saved_path, compile=False)
    else:
        registry.update(CUSTOM_OBJECTS)
        try:
            model = load_model(saved_path, compile=False)
        finally:
            registry.clear()
            registry.update(before)
    assert get_custom_objects() == before
    _check_restored(model)


def test_compile_restores_custom_loss_and_metric(saved_path):
    model = load_model(saved_path, custom_objects=CUSTOM_OBJECTS)
    assert model.loss is doubled_mse
    assert model.metrics_names == ['loss', 'max_abs_error']
    x, y = _data()
    loss, metric = model.evaluate(x, y, batch_size=6, verbose=0)
    kernel = _weights()[0]
    errors = _numpy_predict(_weights(), x) - y
    expected_loss = (np.mean(2. * np.mean(errors ** 2, axis=-1)) +
                     0.5 * 0.02 * np.abs(kernel).sum())
    np.testing.assert_allclose(loss, expected_loss, rtol=1e-5)
    np.testing.assert_allclose(metric, np.abs(errors).max(axis=-1).mean(),
                               rtol=1e-5)


class ScaledMSE(losses.Loss):

    def __init__(self, factor=1., **kwargs):
        super(ScaledMSE, self).__init__(**kwargs)
        self.factor = factor

    def call(self, y_true, y_pred):
        return self.factor * K.mean(K.square(y_pred - y_true), axis=-1)

    def get_config(self):
        config = super(ScaledMSE, self).get_config()
        config['factor'] = self.factor
        return config


class MeanPrediction(metrics.Mean):

    def update_state(self, y_true, y_pred, sample_weight=None):
        return super(MeanPrediction, self).update_state(y_pred,
                                                        sample_weight)


class NamedSGD(SGD):
    """A user optimizer class: saved under its own name."""


def test_compile_restores_loss_metric_and_optimizer_objects(tmp_path):
    """Loss and Metric instances are saved as {class_name, config}."""
    model = Sequential([Dense(1, input_shape=(2,), name='out')])
    model.compile(NamedSGD(lr=0.125), loss=ScaledMSE(3., name='scaled_mse'),
                  metrics=[MeanPrediction(name='mean_prediction')])
    kernel = np.array([[0.5], [-1.]], dtype='float32')
    model.set_weights([kernel, np.array([0.25], dtype='float32')])
    path = str(tmp_path / 'loss_objects.h5')
    model.save(path)
    custom_objects = {'ScaledMSE': ScaledMSE,
                      'MeanPrediction': MeanPrediction,
                      'NamedSGD': NamedSGD}
    for missing, kind in [('ScaledMSE', 'loss function'),
                          ('MeanPrediction', 'metric function'),
                          ('NamedSGD', 'optimizer')]:
        with pytest.raises(ValueError) as info:
            load_model(path, custom_objects={
                name: value for name, value in custom_objects.items()
                if name != missing})
        assert str(info.value).startswith('Unknown %s: %s.' % (kind,
                                                               missing))
    restored = load_model(path, custom_objects=custom_objects)
    assert isinstance(restored.optimizer, NamedSGD)
    assert K.get_value(restored.optimizer.lr) == 0.125
    assert isinstance(restored.loss, ScaledMSE)
    assert restored.loss.factor == 3.
    assert restored.metrics_names == ['loss', 'mean_prediction']
    x, y = _data()
    prediction = x[:, :2].dot(kernel) + 0.25
    loss, mean_prediction = restored.evaluate(x[:, :2], y[:, :1],
                                              batch_size=6, verbose=0)
    np.testing.assert_allclose(
        loss, 3. * np.mean((prediction - y[:, :1]) ** 2), rtol=1e-5)
    np.testing.assert_allclose(mean_prediction, prediction.mean(),
                               rtol=1e-5)


@TRAINS
def test_training_a_loaded_model_matches_the_model_built_in_code(
        saved_path):
    x, y = _data()
    built = _custom_model()
    built.set_weights(_weights())
    loaded = load_model(saved_path, custom_objects=CUSTOM_OBJECTS)
    for model in (built, loaded):
        model.fit(x, y, batch_size=6, epochs=1, shuffle=False, verbose=0)
    for from_code, from_file in zip(built.get_weights(),
                                    loaded.get_weights()):
        np.testing.assert_allclose(from_file, from_code, rtol=1e-5,
                                   atol=1e-6)
    kernel = loaded.get_layer('hidden').get_weights()[0]
    assert np.abs(kernel).max() <= 0.25 + 1e-7  # ClipTo ran
    assert not np.allclose(loaded.get_weights()[2], _weights()[2])


@pytest.mark.parametrize('missing', sorted(KINDS))
def test_missing_custom_object_is_named_with_the_argument_to_pass(
        saved_path, missing):
    custom_objects = dict(CUSTOM_OBJECTS)
    del custom_objects[missing]
    with pytest.raises(ValueError) as info:
        load_model(saved_path, custom_objects=custom_objects,
                   compile=missing in ('doubled_mse', 'max_abs_error'))
    message = str(info.value)
    assert message.startswith('Unknown %s: %s.' % (KINDS[missing], missing))
    assert "custom_objects={'%s': %s}" % (missing, missing) in message
    assert 'CustomObjectScope' in message


def test_model_from_json_config_and_layer_deserialize_take_custom_objects():
    model = _custom_model()
    model.set_weights(_weights())
    # Layers are built in order: the Dense's activation is the first miss.
    with pytest.raises(ValueError, match='Unknown activation function: '
                                         'scaled_tanh'):
        model_from_json(model.to_json())
    with pytest.raises(ValueError, match='Unknown layer: ScaledDense'):
        model_from_json(model.to_json(),
                        custom_objects={'scaled_tanh': scaled_tanh,
                                        'RampInitializer': RampInitializer,
                                        'HalfL1': HalfL1, 'ClipTo': ClipTo})
    x, _ = _data()
    from_json = model_from_json(model.to_json(),
                                custom_objects=CUSTOM_OBJECTS)
    from_json.set_weights(_weights())
    np.testing.assert_allclose(from_json.predict(x),
                               _numpy_predict(_weights(), x),
                               rtol=1e-5, atol=1e-6)
    with CustomObjectScope(CUSTOM_OBJECTS):
        from_config = model_from_config({'class_name': 'Model',
                                         'config': model.get_config()})
    assert isinstance(from_config.get_layer('scaled'), ScaledDense)
    hidden_config = {'class_name': 'Dense',
                     'config': model.get_layer('hidden').get_config()}
    with pytest.raises(ValueError, match='Unknown activation function: '
                                         'scaled_tanh'):
        layers.deserialize(hidden_config)
    hidden = layers.deserialize(hidden_config, custom_objects=CUSTOM_OBJECTS)
    assert hidden.activation is scaled_tanh
    assert isinstance(hidden.kernel_constraint, ClipTo)


# Lambda layers ------------------------------------------------------------

SCALE_FACTOR = 4.


def times_scale_factor(x):
    return x * SCALE_FACTOR


def row_sum(x):
    return K.sum(x, axis=-1, keepdims=True)


def _affine(scale):
    return lambda x, shift=0.5, offset=None: K.concatenate(
        [x * scale + shift, x + offset])


def _lambda_model():
    x = Input((3,))
    h = Lambda(_affine(3.), output_shape=lambda s: (s[0], 2 * s[1]),
               arguments={'offset': np.array([1., 2., -1.],
                                             dtype='float32')},
               name='affine')(x)
    h = Lambda(row_sum, name='row_sum')(h)
    y = Lambda(abs, name='absolute')(h)
    return Model(x, y)


def _lambda_expected(x):
    affine = np.concatenate([x * 3. + 0.5, x + [1., 2., -1.]], axis=1)
    return np.abs(affine.sum(axis=1, keepdims=True))


def test_lambda_config_is_the_keras_2_format():
    model = _lambda_model()
    config = model.get_layer('affine').get_config()
    function = model.get_layer('affine').function
    code, defaults, closure = config['function']
    assert codecs.decode(code.encode('ascii'), 'base64') == marshal.dumps(
        function.__code__)
    assert defaults == (0.5, None)
    assert closure == (3.,)
    assert config['function_type'] == 'lambda'
    assert config['output_shape_type'] == 'lambda'
    assert len(config['output_shape']) == 3
    assert config['arguments'] == {'offset': {'type': 'ndarray',
                                              'value': [1., 2., -1.]}}
    assert 'mask' not in config
    # A named Python function is bytecode too, as in 2.3.1; other
    # callables are saved by name.
    row_config = model.get_layer('row_sum').get_config()
    assert row_config['function_type'] == 'lambda'
    assert row_config['function'][1:] == (None, None)
    assert row_config['output_shape_type'] == 'raw'
    assert row_config['output_shape'] is None
    abs_config = model.get_layer('absolute').get_config()
    assert (abs_config['function'], abs_config['function_type']) == (
        'abs', 'function')


@pytest.mark.parametrize('route', ['save', 'json', 'yaml'])
def test_lambda_model_round_trips(tmp_path, route):
    model = _lambda_model()
    if route == 'save':
        path = str(tmp_path / 'lambda.h5')
        model.save(path)
        restored = load_model(path, compile=False)
    elif route == 'json':
        restored = model_from_json(model.to_json())
    else:
        restored = model_from_yaml(model.to_yaml())
    offset = restored.get_layer('affine').arguments['offset']
    assert isinstance(offset, np.ndarray)
    assert restored.get_layer('absolute').function is abs
    x = _data()[0]
    np.testing.assert_allclose(restored.predict(x), _lambda_expected(x),
                               rtol=1e-5, atol=1e-6)


def test_lambda_globals_come_from_custom_objects():
    x = Input((2,))
    model = Model(x, Lambda(times_scale_factor, name='scaler')(x))
    with pytest.raises(NameError, match="SCALE_FACTOR.*Lambda layer "
                                        "\"scaler\".*custom_objects"):
        model_from_json(model.to_json())
    restored = model_from_json(model.to_json(),
                               custom_objects={'SCALE_FACTOR': 5.})
    np.testing.assert_allclose(restored.predict(np.ones((1, 2))),
                               [[5., 5.]])


def test_lambda_function_saved_by_name():
    config = {'name': 'named', 'function': 'double_it',
              'function_type': 'function', 'output_shape': None,
              'output_shape_type': 'raw', 'arguments': {}}
    serialized = {'class_name': 'Lambda', 'config': config}
    with pytest.raises(ValueError) as info:
        layers.deserialize(serialized)
    assert str(info.value).startswith(
        'Unknown function in Lambda layer: double_it.')
    assert "custom_objects={'double_it': double_it}" in str(info.value)

    def double_it(t):
        return 2. * t
    layer = layers.deserialize(serialized,
                               custom_objects={'double_it': double_it})
    assert layer.function is double_it
    with CustomObjectScope({'double_it': double_it}):
        assert layers.deserialize(serialized).function is double_it
    with pytest.raises(ValueError, match='Wrap it in a function'):
        Lambda(functools.partial(K.sum, axis=1)).get_config()


# `lambda x: K.sum(x, axis=-1, keepdims=True) * 2.` marshalled by other
# Python versions, as func_dump writes it: printed by
#   python -c "import marshal, codecs; f = lambda x: K.sum(x, axis=-1,
#   keepdims=True) * 2.; print(codecs.encode(marshal.dumps(f.__code__),
#   'base64').decode('ascii').replace('\n', ''))"
# with each interpreter (pyenv), Python 2.7's print aside.
OTHER_PYTHON_BYTECODE = {
    (2, 7): 'YwEAAAABAAAABgAAAEMAAQBzHQAAAHQAAGoBAHwAAGQBAGQCAGQDAHQCAIMBAmQEA'
            'BRTKAUAAABOdAQAAABheGlzaf////90CAAAAGtlZXBkaW1zZwAAAAAAAABAKAMAA'
            'AB0AQAAAEt0AwAAAHN1bXQEAAAAVHJ1ZSgBAAAAdAEAAAB4KAAAAAAoAAAAAHMJA'
            'AAAc2FtcGxlLnB5dAgAAAA8bGFtYmRhPgMAAAB0AAAAAA==',
    (3, 6): '4wEAAAAAAAAAAQAAAAUAAABDAAAAcxQAAAB0AGoBfABkBWQCZAONA2QEFABTACkGT'
            'ukBAAAAVCkC2gRheGlz2ghrZWVwZGltc+cAAAAAAAAAQOn/////KQLaAUvaA3N1b'
            'SkB2gF4qQByCQAAAPoJc2FtcGxlLnB52gg8bGFtYmRhPgMAAABzAAAAAA==',
    (3, 8): '4wEAAAAAAAAAAAAAAAEAAAAFAAAAQwAAAHMUAAAAdABqAXwAZAFkAmQDjQNkBBQAU'
            'wApBU7p/////1QpAtoEYXhpc9oIa2VlcGRpbXPnAAAAAAAAAEApAtoBS9oDc3VtK'
            'QHaAXipAHIIAAAA+glzYW1wbGUucHnaCDxsYW1iZGE+AwAAAPMAAAAA',
    (3, 12): '4wEAAAAAAAAAAAAAAAUAAAADAAAA8zgAAACXAHQAAAAAAAAAAABqAwAAAAAAAAAA'
             'AAAAAAAAAAAAAHwAZAFkAqwDqwMAAAAAAABkBHoFAABTACkFTun/////VCkC2gRh'
             'eGlz2ghrZWVwZGltc+cAAAAAAAAAQCkC2gFL2gNzdW0pAdoBeHMBAAAAIPoRL3Rt'
             'cC94di9zYW1wbGUucHn6CDxsYW1iZGE+cgoAAAADAAAAcxoAAACAAIxhj2WJZZBB'
             'mEKoFIhl0w4usBLRDjOAAPMAAAAA',
    (3, 13): '4wEAAAAAAAAAAAAAAAYAAAADAAAA8zIAAACVAFsAAAAAAAAAAABSAwAAAAAAAAAA'
             'AAAAAAAAAAAAAFUAUwFTAlMDOQNTBC0FAAAkACkFTun/////VCkC2gRheGlz2ght'
             'ZWVwZGltc+cAAAAAAAAAQCkC2gFL2gNzdW0pAdoBeHMBAAAAINoRL3RtcC94di9z'
             'YW1wbGUucHnaCDxsYW1iZGE+cgoAAAADAAAAcxgAAACAAIxhj2WJZZBBmEKoFIhl'
             '0A4usBLSDjPzAAAAAA==',
}


def _summed(x):
    return K.sum(x, axis=-1, keepdims=True) * 2.


def _summed_model_json(code=None):
    x = Input((3,))
    model = Model(x, Lambda(lambda t: K.sum(t, axis=-1, keepdims=True) * 2.,
                            name='summed')(x))
    config = json.loads(model.to_json())
    if code is not None:
        lambda_config = config['config']['layers'][1]['config']
        lambda_config['function'] = [code, None, None]
    return json.dumps(config)


def _crafted_bytecode(kind):
    """This interpreter's marshal format, made unreadable in three ways."""
    code = _summed.__code__
    if kind == 'truncated':
        raw = marshal.dumps(code)[:-12]
    elif kind == 'undefined_opcode':
        undefined = min(set(range(1, 256)) - set(dis.opmap.values()))
        raw = marshal.dumps(code.replace(
            co_code=bytes([undefined, 0]) + code.co_code[2:]))
    else:  # pops from an empty stack right after the prologue
        raw = marshal.dumps(code.replace(co_code=bytes([
            dis.opmap['RESUME'], 0, dis.opmap['POP_TOP'], 0,
            dis.opmap['LOAD_CONST'], 0, dis.opmap['RETURN_VALUE'], 0])))
    return codecs.encode(raw, 'base64').decode('ascii')


def _check_other_version_error(error):
    message = str(error)
    assert 'Lambda layer "summed"' in message
    assert 'probably written by another Python version' in message
    assert 'this is Python %d.%d.%d' % sys.version_info[:3] in message
    assert 'load_weights' in message
    assert 'custom_objects={"summed": function}' in message


OTHER_VERSIONS = [version for version in sorted(OTHER_PYTHON_BYTECODE)
                  if version != sys.version_info[:2]]


@pytest.mark.parametrize('version', OTHER_VERSIONS,
                         ids=['%d.%d' % v for v in OTHER_VERSIONS])
def test_lambda_from_another_python_version_fails_clearly(version):
    json_string = _summed_model_json(OTHER_PYTHON_BYTECODE[version])
    with pytest.raises(ValueError) as info:
        model_from_json(json_string)
    _check_other_version_error(info.value)
    # The way out the message gives: the function under the layer's name.
    model = model_from_json(json_string, custom_objects={'summed': _summed})
    np.testing.assert_allclose(model.predict(np.ones((2, 3))), [[6.], [6.]])


@pytest.mark.parametrize('kind', [
    'truncated', 'undefined_opcode',
    pytest.param('stack_underflow', marks=pytest.mark.skipif(
        sys.version_info < (3, 11),
        reason='stack checks need the exception tables of Python 3.11+'))])
def test_lambda_with_unreadable_bytecode_fails_clearly(kind):
    json_string = _summed_model_json(_crafted_bytecode(kind))
    with pytest.raises(ValueError) as info:
        model_from_json(json_string)
    _check_other_version_error(info.value)


def test_lambda_bytecode_of_this_python_loads(tmp_path):
    restored = model_from_json(_summed_model_json())
    np.testing.assert_allclose(restored.predict(np.ones((1, 3))), [[6.]])
    # Before Keras 2.1.2 the marshalled bytes were stored as text.
    raw_text = marshal.dumps(_summed.__code__).decode('raw_unicode_escape')
    assert func_load(raw_text).__code__ == _summed.__code__
    offset = 2.
    rebuilt = func_load(*func_dump(lambda t, power=2: (t + offset) ** power))
    assert rebuilt(1.) == 9.
    assert rebuilt(1., power=3) == 27.


def test_bytecode_check_accepts_everything_this_python_compiles():
    """No false alarm on real code: every code object of a few large
    modules (and of this file), marshalled as func_dump does."""
    import json.decoder
    import keras.engine.network
    import keras.engine.training
    for module in (json.decoder, keras.engine.network,
                   keras.engine.training, sys.modules[__name__]):
        with open(module.__file__) as f:
            code = compile(f.read(), module.__file__, 'exec')
        reloaded = marshal.loads(marshal.dumps(code))
        assert bytecode_utils.bytecode_problem(reloaded) is None, module


# tf-keras names -----------------------------------------------------------

# (scale, mode, distribution) of the VarianceScaling each name stands for.
VARIANCE_SCALING_NAMES = {
    'GlorotUniform': (1., 'fan_avg', 'uniform'),
    'GlorotNormal': (1., 'fan_avg', 'normal'),
    'HeNormal': (2., 'fan_in', 'normal'),
    'HeUniform': (2., 'fan_in', 'uniform'),
    'LecunNormal': (1., 'fan_in', 'normal'),
    'LecunUniform': (1., 'fan_in', 'uniform'),
}


def _tf_keras_dense_config(kernel_initializer):
    return {'class_name': 'Dense', 'config': {
        'name': 'dense', 'trainable': True, 'dtype': 'float32', 'units': 2,
        'activation': 'linear', 'use_bias': True,
        'kernel_initializer': kernel_initializer,
        'bias_initializer': {'class_name': 'Zeros', 'config': {}},
        'kernel_regularizer': {'class_name': 'L2', 'config': {'l2': 0.5}},
        'bias_regularizer': {'class_name': 'L1', 'config': {'l1': 0.25}},
        'activity_regularizer': {'class_name': 'L1L2',
                                 'config': {'l1': 0.0, 'l2': 0.125}},
        'kernel_constraint': {'class_name': 'MaxNorm',
                              'config': {'max_value': 2, 'axis': 0}},
        'bias_constraint': {'class_name': 'NonNeg', 'config': {}}}}


@pytest.mark.parametrize('name', sorted(VARIANCE_SCALING_NAMES))
def test_tf_keras_initializer_names_load_and_save_as_keras_2(name):
    layer = layers.deserialize(_tf_keras_dense_config(
        {'class_name': name, 'config': {'seed': 7}}))
    config = layer.get_config()
    scale, mode, distribution = VARIANCE_SCALING_NAMES[name]
    assert config['kernel_initializer'] == {
        'class_name': 'VarianceScaling',
        'config': {'scale': scale, 'mode': mode,
                   'distribution': distribution, 'seed': 7}}
    assert config['bias_initializer'] == {'class_name': 'Zeros',
                                          'config': {}}
    assert config['kernel_regularizer'] == {
        'class_name': 'L1L2', 'config': {'l1': 0., 'l2': 0.5}}
    assert config['bias_regularizer'] == {
        'class_name': 'L1L2', 'config': {'l1': 0.25, 'l2': 0.}}
    assert config['activity_regularizer'] == {
        'class_name': 'L1L2', 'config': {'l1': 0., 'l2': 0.125}}
    assert config['kernel_constraint'] == {
        'class_name': 'MaxNorm', 'config': {'max_value': 2, 'axis': 0}}
    assert config['bias_constraint'] == {'class_name': 'NonNeg',
                                         'config': {}}


@pytest.mark.parametrize('name', [
    'Zeros', 'Ones', 'Constant', 'RandomNormal', 'RandomUniform',
    'TruncatedNormal', 'VarianceScaling', 'Orthogonal', 'Identity',
    'zeros', 'ones', 'zero', 'one', 'normal', 'uniform', 'random_normal',
    'random_uniform', 'truncated_normal', 'orthogonal', 'identity',
    'glorot_uniform', 'he_normal', 'GlorotUniformV2', 'ZerosV2'])
def test_every_initializer_name_deserializes(name):
    initializer = initializers.deserialize({'class_name': name,
                                            'config': {}})
    values = initializer((3, 3))
    assert values.shape == (3, 3)
    assert initializers.serialize(initializer)['class_name'] in (
        'Zeros', 'Ones', 'Constant', 'RandomNormal', 'RandomUniform',
        'TruncatedNormal', 'VarianceScaling', 'Orthogonal', 'Identity')


def test_variance_scaling_reads_tf_keras_distributions():
    truncated = initializers.deserialize({
        'class_name': 'VarianceScaling',
        'config': {'scale': 2., 'mode': 'fan_in',
                   'distribution': 'truncated_normal', 'seed': 1}})
    assert truncated.get_config()['distribution'] == 'normal'
    untruncated = initializers.VarianceScaling(
        scale=2., mode='fan_in', distribution='untruncated_normal', seed=1)
    values = untruncated((2000, 50))
    # Untruncated: stddev sqrt(scale / fan_in) and tails past 2 stddevs.
    stddev = np.sqrt(2. / 2000)
    np.testing.assert_allclose(values.std(), stddev, rtol=0.02)
    assert np.abs(values).max() > 3 * stddev
    assert np.abs(truncated((2000, 50))).max() <= 2 * np.sqrt(
        2. / 2000) / 0.87962566103423978 + 1e-6


def test_constraint_and_regularizer_names():
    for name in ('RadialConstraint', 'radial_constraint'):
        constraint = constraints.get(name)
        assert isinstance(constraint, constraints.RadialConstraint)
    regularizer = regularizers.get('L2')
    assert regularizers.serialize(regularizer) == {
        'class_name': 'L1L2',
        'config': {'l1': 0., 'l2': float(np.float32(0.01))}}
    with pytest.raises(ValueError) as info:
        regularizers.deserialize({'class_name': 'OrthogonalPenalty',
                                  'config': {}})
    assert str(info.value).startswith(
        'Unknown regularizer: OrthogonalPenalty.')
