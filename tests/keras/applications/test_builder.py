"""Published ImageNet files hold cross-correlation (TensorFlow) kernels:
loaded through the applications' weight loader they compute the same
numbers on every backend, the theano backend (true convolution) included,
whether or not the file names the backend that wrote it."""
import h5py
import numpy as np
import pytest
from scipy import signal

from keras import layers
from keras import models
from keras.applications import _builder


def small_convolutional_model():
    inputs = layers.Input(shape=(7, 7, 1))
    x = layers.Conv2D(1, (2, 3), use_bias=False)(inputs)
    x = layers.DepthwiseConv2D((3, 2), use_bias=False)(x)
    x = layers.SeparableConv2D(1, (2, 2), use_bias=False)(x)
    return models.Model(inputs, x)


@pytest.mark.parametrize('writer', ['tensorflow', None])
def test_imagenet_kernels_mean_cross_correlation_on_every_backend(
        tmp_path, writer):
    rng = np.random.RandomState(0)
    model = small_convolutional_model()
    weights = [rng.uniform(-1, 1, w.shape).astype('float32')
               for w in model.get_weights()]
    model.set_weights(weights)
    path = str(tmp_path / 'published.h5')
    model.save_weights(path)
    with h5py.File(path, 'a') as f:
        del f.attrs['backend']
        if writer is not None:
            f.attrs['backend'] = writer.encode('utf8')

    image = rng.uniform(0, 1, (7, 7)).astype('float32')
    conv, depthwise, separable_depthwise, pointwise = weights
    expected = signal.correlate2d(image, conv[:, :, 0, 0], mode='valid')
    expected = signal.correlate2d(expected, depthwise[:, :, 0, 0],
                                  mode='valid')
    expected = signal.correlate2d(expected, separable_depthwise[:, :, 0, 0],
                                  mode='valid') * pointwise[0, 0, 0, 0]

    loaded = small_convolutional_model()
    _builder.load_tensorflow_kernels(loaded, path)
    prediction = loaded.predict(image[None, :, :, None])[0, :, :, 0]
    np.testing.assert_allclose(prediction, expected, rtol=1e-5, atol=1e-5)


def test_every_constructor_documents_each_of_its_arguments():
    import inspect
    from keras import applications
    names = [name for name in dir(applications) if name[0].isupper()]
    assert len(names) >= 20
    for name in names:
        constructor = getattr(applications, name)
        doc = constructor.__doc__
        assert doc and '# Returns' in doc, name
        for argument in inspect.signature(constructor).parameters:
            if argument == 'kwargs':
                continue
            assert '\n        %s:' % argument in doc, (name, argument)


def test_an_undocumented_argument_is_refused_at_definition():
    with pytest.raises(Exception, match='frobnicate'):
        @_builder.documented(top='classifier', default_size=224, min_size=32)
        def Model(include_top=True, weights='imagenet', input_tensor=None,
                  input_shape=None, pooling=None, classes=1000,
                  frobnicate=False):
            pass
