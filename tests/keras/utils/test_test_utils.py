import numpy as np

from keras.utils.test_utils import get_test_data


def test_get_test_data_classification():
    np.random.seed(0)
    (x_train, y_train), (x_test, y_test) = get_test_data(
        num_train=200, num_test=50, input_shape=(3, 2), num_classes=3)
    assert x_train.shape == (200, 3, 2) and x_test.shape == (50, 3, 2)
    assert y_train.shape == (200,) and y_test.shape == (50,)
    assert x_train.dtype == np.float32
    assert set(np.unique(y_train)) <= {0, 1, 2}
    # Samples are centred on their class index, so classes are learnable.
    means = [x_train[y_train == c].mean() for c in range(3)]
    np.testing.assert_allclose(means, [0, 1, 2], atol=0.2)


def test_get_test_data_regression():
    (x_train, y_train), (x_test, y_test) = get_test_data(
        num_train=20, num_test=10, input_shape=(4,), output_shape=(2, 3),
        classification=False)
    assert x_train.shape == (20, 4) and y_train.shape == (20, 2, 3)
    assert x_test.shape == (10, 4) and y_test.shape == (10, 2, 3)
    assert y_train.dtype == np.float32


# layer_test: what it checks, and that it catches broken layers.

import pytest  # noqa: E402

from keras import backend as K  # noqa: E402
from keras.backend.base import BACKENDS_THAT_TRAIN  # noqa: E402
from keras.engine.base_layer import Layer  # noqa: E402
from keras.engine.training import Model  # noqa: E402
from keras.utils.test_utils import layer_test  # noqa: E402


class Scale(Layer):
    """A user's layer (not registered in keras.layers): a trainable
    per-feature scale times a constant `factor`; supports masking."""

    def __init__(self, factor=1., **kwargs):
        super(Scale, self).__init__(**kwargs)
        self.factor = factor
        self.supports_masking = True

    def build(self, input_shape):
        self.scale = self.add_weight(name='scale', shape=(input_shape[-1],),
                                     initializer='ones')
        self.built = True

    def call(self, inputs):
        return inputs * self.scale * self.factor

    def get_config(self):
        config = {'factor': self.factor}
        base_config = super(Scale, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


def count_training(monkeypatch):
    trained = []
    train_on_batch = Model.train_on_batch

    def recording(model, *args, **kwargs):
        trained.append(model)
        return train_on_batch(model, *args, **kwargs)

    monkeypatch.setattr(Model, 'train_on_batch', recording)
    return trained


def test_layer_test_passes_a_correct_user_layer(monkeypatch):
    trained = count_training(monkeypatch)
    data = np.arange(24, dtype='float32').reshape((2, 3, 4))
    output = layer_test(Scale, kwargs={'factor': 2.}, input_data=data,
                        expected_output=2. * data)
    np.testing.assert_allclose(output, 2. * data)
    # A layer with trainable weights trains one batch where backends can.
    assert len(trained) == (1 if K.backend() in BACKENDS_THAT_TRAIN else 0)
    layer_test(Scale, input_shape=(2, None, 3), fixed_batch_size=True)


def test_layer_test_catches_a_wrong_compute_output_shape():
    class WrongShape(Layer):
        def call(self, inputs):
            return K.concatenate([inputs, inputs])

    with pytest.raises(AssertionError, match='compute_output_shape'):
        layer_test(WrongShape, input_shape=(2, 3))


def test_layer_test_catches_a_config_that_forgets_an_argument():
    class Forgetful(Scale):
        def get_config(self):
            config = super(Forgetful, self).get_config()
            del config['factor']
            return config

    with pytest.raises(AssertionError):
        layer_test(Forgetful, kwargs={'factor': 3.}, input_shape=(2, 3))


def test_layer_test_catches_a_config_that_json_changes():
    class TupleOnly(Layer):
        def __init__(self, pair=(1, 2), **kwargs):
            super(TupleOnly, self).__init__(**kwargs)
            self.pair = pair

        def call(self, inputs):
            return inputs * float(self.pair[0])

        def get_config(self):
            config = {'pair': {'first': self.pair[0], 0: self.pair[1]}}
            base_config = super(TupleOnly, self).get_config()
            return dict(list(base_config.items()) + list(config.items()))

        @classmethod
        def from_config(cls, config):
            config = dict(config)
            pair = config.pop('pair')
            return cls(pair=(pair['first'], pair[0]), **config)

    # JSON turns the key 0 into '0': from_config fails on a saved model.
    with pytest.raises(KeyError):
        layer_test(TupleOnly, input_shape=(2, 3))


def test_layer_test_catches_weights_that_do_not_read_back():
    class Reversed(Scale):
        def build(self, input_shape):
            super(Reversed, self).build(input_shape)
            self.offset = self.add_weight(name='offset', shape=(2,),
                                          initializer='zeros')

        def get_weights(self):
            return super(Reversed, self).get_weights()[::-1]

    with pytest.raises((AssertionError, ValueError)):
        layer_test(Reversed, input_shape=(2, 3))


def test_layer_test_catches_a_mask_that_does_not_fit_the_output():
    class BadMask(Layer):
        def compute_mask(self, inputs, mask=None):
            # (batch, features) for a (batch, timesteps, features) output.
            return K.not_equal(inputs[:, 0], 0)

    with pytest.raises(AssertionError, match='mask of shape'):
        layer_test(BadMask, input_shape=(2, 3, 4))


def test_layer_test_checks_that_a_mask_propagates():
    class Swallows(Layer):
        """Claims to support masking but drops the mask it is given."""

        def __init__(self, **kwargs):
            super(Swallows, self).__init__(**kwargs)
            self.supports_masking = True

        def compute_mask(self, inputs, mask=None):
            return None

    layer_test(Swallows, input_shape=(2, 3, 4))

    class Inverts(Swallows):
        def compute_mask(self, inputs, mask=None):
            return None if mask is None else K.equal(mask, False)

    layer_test(Inverts, input_shape=(2, 3, 4))  # its own rule: accepted


def test_layer_test_with_integer_inputs_and_a_mask():
    class OneHot(Layer):
        def call(self, inputs):
            return K.one_hot(K.cast(inputs, 'int32'), 10)

        def compute_mask(self, inputs, mask=None):
            return K.not_equal(inputs, 0)

        def compute_output_shape(self, input_shape):
            return tuple(input_shape) + (10,)

    output = layer_test(OneHot, input_shape=(2, 4), input_dtype='int32',
                        expected_output_dtype=K.floatx())
    assert output.shape == (2, 4, 10)


@pytest.mark.backends('jax', 'tensorflow', 'torch', 'theano')
def test_layer_test_training_finds_weights_without_gradients():
    class Unused(Scale):
        def build(self, input_shape):
            super(Unused, self).build(input_shape)
            self.unused = self.add_weight(name='unused', shape=(1,),
                                          initializer='ones')

    with pytest.raises(ValueError, match='gradient'):
        layer_test(Unused, input_shape=(2, 3))
