"""Keras 1 -> Keras 2 conversions, on stand-in classes recording the
arguments they receive (the real layers are tested with their families)."""
import warnings

import numpy as np
import pytest

from keras.legacy import interfaces


def recording_class(name, interface):
    """A class named `name` whose decorated __init__ records its args."""
    def __init__(self, *args, **kwargs):
        self.args = args
        self.kwargs = kwargs
    return type(name, (object,), {'__init__': interface(__init__)})


def call_quietly(cls, *args, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        obj = cls(*args, **kwargs)
    return obj, [str(w.message) for w in caught]


def test_dense_conversion_and_exact_warning():
    Dense = recording_class('Dense', interfaces.legacy_dense_support)
    with pytest.warns(UserWarning) as record:
        layer = Dense(output_dim=10)
    assert str(record[0].message) == ('Update your `Dense` call to the '
                                      'Keras 2 API: `Dense(units=10)`')
    assert layer.kwargs == {'units': 10}

    layer, messages = call_quietly(
        Dense, 3, init='uniform', W_regularizer='l2', b_regularizer='l1',
        W_constraint='maxnorm', b_constraint='nonneg', bias=False)
    assert layer.args == (3,)
    assert layer.kwargs == {'kernel_initializer': 'uniform',
                            'kernel_regularizer': 'l2',
                            'bias_regularizer': 'l1',
                            'kernel_constraint': 'maxnorm',
                            'bias_constraint': 'nonneg',
                            'use_bias': False}
    assert messages == [
        'Update your `Dense` call to the Keras 2 API: `Dense(3, '
        'kernel_initializer="uniform", kernel_regularizer="l2", '
        'bias_regularizer="l1", kernel_constraint="maxnorm", '
        'bias_constraint="nonneg", use_bias=False)`']


def test_keras2_call_is_silent():
    Dense = recording_class('Dense', interfaces.legacy_dense_support)
    layer, messages = call_quietly(Dense, 10, activation='relu')
    assert messages == []
    assert layer.args == (10,) and layer.kwargs == {'activation': 'relu'}


def test_warning_shortens_long_values():
    Dense = recording_class('Dense', interfaces.legacy_dense_support)
    _, messages = call_quietly(Dense, np.zeros(3), output_dim=10,
                               weights=[1, 2, 3, 4, 5, 6])
    assert messages == ['Update your `Dense` call to the Keras 2 API: '
                        '`Dense(array, weights=[1, 2, 3, ..., units=10)`']


def test_duplicate_and_positional_errors():
    Dense = recording_class('Dense', interfaces.legacy_dense_support)
    with pytest.raises(TypeError, match='received both the legacy keyword '
                                        'argument `output_dim` and the '
                                        'Keras 2 keyword argument `units`'):
        Dense(output_dim=10, units=10)
    with pytest.raises(TypeError, match=r'`Dense` can accept only 1 '
                                        r'positional arguments'):
        Dense(10, 'relu')


def test_dropout_family():
    Dropout = recording_class('Dropout', interfaces.legacy_dropout_support)
    assert call_quietly(Dropout, p=0.5)[0].kwargs == {'rate': 0.5}
    assert call_quietly(Dropout, 0.5, None, 1)[1] == []
    SpatialDropout2D = recording_class(
        'SpatialDropout2D', interfaces.legacy_spatialdropoutNd_support)
    layer, messages = call_quietly(SpatialDropout2D, p=0.2, dim_ordering='th')
    assert layer.kwargs == {'rate': 0.2, 'data_format': 'channels_first'}
    GaussianNoise = recording_class('GaussianNoise',
                                    interfaces.legacy_gaussiannoise_support)
    assert call_quietly(GaussianNoise, sigma=0.1)[0].kwargs == {'stddev': 0.1}
    GaussianDropout = recording_class(
        'GaussianDropout', interfaces.legacy_gaussiandropout_support)
    assert call_quietly(GaussianDropout, p=0.1)[0].kwargs == {'rate': 0.1}


@pytest.mark.parametrize('value,expected', [
    ('th', 'channels_first'), ('tf', 'channels_last'), ('default', None)])
def test_dim_ordering_values(value, expected):
    Pool = recording_class('MaxPooling2D',
                           interfaces.legacy_pooling2d_support)
    layer, messages = call_quietly(Pool, (2, 2), border_mode='same',
                                   dim_ordering=value)
    assert layer.kwargs == {'padding': 'same', 'data_format': expected}
    assert messages[0].startswith('Update your `MaxPooling2D` call to the '
                                  'Keras 2 API: `MaxPooling2D((2, 2), ')


def test_pooling1d_and_global_pooling():
    Pool = recording_class('MaxPooling1D', interfaces.legacy_pooling1d_support)
    layer, _ = call_quietly(Pool, pool_length=3, stride=2, border_mode='valid')
    assert layer.kwargs == {'pool_size': 3, 'strides': 2, 'padding': 'valid'}
    Global = recording_class('GlobalAveragePooling2D',
                             interfaces.legacy_global_pooling_support)
    assert call_quietly(Global, dim_ordering='tf')[0].kwargs == \
        {'data_format': 'channels_last'}


def test_conv1d():
    Conv1D = recording_class('Conv1D', interfaces.legacy_conv1d_support)
    layer, messages = call_quietly(
        Conv1D, nb_filter=8, filter_length=3, subsample_length=2,
        border_mode='same', init='he_normal', bias=False, input_dim=5,
        input_length=20)
    assert layer.kwargs == {'filters': 8, 'kernel_size': 3, 'strides': 2,
                            'padding': 'same',
                            'kernel_initializer': 'he_normal',
                            'use_bias': False, 'input_shape': (20, 5)}
    assert messages


@pytest.mark.parametrize('args,kwargs,expected_args,expected_kwargs', [
    ((16, 3, 3), {}, (16, (3, 3)), {}),
    ((16, 3), {'nb_col': 5}, (16, (3, 5)), {}),
    ((16,), {'nb_row': 3, 'nb_col': 5}, (16, (3, 5)), {}),
    ((), {'nb_filter': 16, 'nb_row': 3, 'nb_col': 5}, (),
     {'kernel_size': (3, 5), 'filters': 16}),
])
def test_conv2d_kernel_size_forms(args, kwargs, expected_args,
                                  expected_kwargs):
    Conv2D = recording_class('Conv2D', interfaces.legacy_conv2d_support)
    layer, messages = call_quietly(Conv2D, *args, **kwargs)
    assert layer.args == expected_args
    assert layer.kwargs == expected_kwargs
    assert len(messages) == 1


def test_conv2d_renames_and_ambiguity():
    Conv2D = recording_class('Conv2D', interfaces.legacy_conv2d_support)
    layer, messages = call_quietly(
        Conv2D, 32, 3, 3, subsample=(2, 2), border_mode='same',
        dim_ordering='th', W_regularizer='l2')
    assert layer.args == (32, (3, 3))
    assert layer.kwargs == {'strides': (2, 2), 'padding': 'same',
                            'data_format': 'channels_first',
                            'kernel_regularizer': 'l2'}
    assert messages == ['Update your `Conv2D` call to the Keras 2 API: '
                        '`Conv2D(32, (3, 3), strides=(2, 2), '
                        'padding="same", data_format="channels_first", '
                        'kernel_regularizer="l2")`']
    # Keras 2 code passing strides positionally must not be reinterpreted.
    with pytest.raises(ValueError, match='Pass `strides` as a keyword'):
        Conv2D(32, 3, 2, padding='same')
    with pytest.raises(TypeError, match='at most 3 positional arguments'):
        Conv2D(32, 3, 3, 1)
    assert call_quietly(Conv2D, 32, (3, 3), padding='same')[1] == []


def test_separable_and_deconv():
    Separable = recording_class('SeparableConv2D',
                                interfaces.legacy_separable_conv2d_support)
    layer, _ = call_quietly(Separable, 8, 3, 3, init='uniform')
    assert layer.args == (8, (3, 3))
    assert layer.kwargs == {'depthwise_initializer': 'uniform',
                            'pointwise_initializer': 'uniform'}
    Deconv = recording_class('Conv2DTranspose',
                             interfaces.legacy_deconv2d_support)
    layer, messages = call_quietly(Deconv, 8, 3, 3, (None, 10, 10, 8))
    assert layer.args == (8, (3, 3)) and layer.kwargs == {}
    assert messages
    layer, _ = call_quietly(Deconv, 8, (3, 3), output_shape=(None, 4, 4, 8))
    assert layer.kwargs == {}


@pytest.mark.parametrize('args,kwargs', [
    ((4, 1, 2, 3), {}),
    ((4, 1, 2), {'kernel_dim3': 3}),
    ((4, 1), {'kernel_dim2': 2, 'kernel_dim3': 3}),
    ((4,), {'kernel_dim1': 1, 'kernel_dim2': 2, 'kernel_dim3': 3}),
])
def test_conv3d(args, kwargs):
    Conv3D = recording_class('Conv3D', interfaces.legacy_conv3d_support)
    layer, messages = call_quietly(Conv3D, *args, **kwargs)
    assert layer.args == (4, (1, 2, 3))
    assert messages
    with pytest.raises(TypeError):
        Conv3D(4, 1, 2, 3, 4)


def test_recurrent():
    LSTM = recording_class('LSTM', interfaces.legacy_recurrent_support)
    layer, messages = call_quietly(
        LSTM, output_dim=8, init='glorot_uniform', inner_init='orthogonal',
        inner_activation='hard_sigmoid', W_regularizer='l2',
        U_regularizer='l1', b_regularizer='l1_l2', dropout_W=0.1,
        dropout_U=0.2, consume_less='gpu', forget_bias_init='one',
        input_dim=5, input_length=7)
    assert layer.kwargs == {'unit_forget_bias': True, 'input_shape': (7, 5),
                            'units': 8,
                            'kernel_initializer': 'glorot_uniform',
                            'recurrent_initializer': 'orthogonal',
                            'recurrent_activation': 'hard_sigmoid',
                            'kernel_regularizer': 'l2',
                            'recurrent_regularizer': 'l1',
                            'bias_regularizer': 'l1_l2', 'dropout': 0.1,
                            'recurrent_dropout': 0.2, 'implementation': 2}
    assert any('`input_dim` and `input_length`' in m for m in messages)
    assert any(m.startswith('Update your `LSTM` call') for m in messages)
    layer, messages = call_quietly(LSTM, 4, forget_bias_init='zero')
    assert layer.kwargs == {}
    assert any('`forget_bias_init` argument has been ignored' in m
               for m in messages)


def test_convlstm2d():
    ConvLSTM2D = recording_class('ConvLSTM2D',
                                 interfaces.legacy_convlstm2d_support)
    layer, _ = call_quietly(ConvLSTM2D, 8, 3, 3, inner_init='orthogonal',
                            forget_bias_init='one', dim_ordering='tf')
    assert layer.args == (8, (3, 3))
    assert layer.kwargs == {'unit_forget_bias': True,
                            'recurrent_initializer': 'orthogonal',
                            'data_format': 'channels_last'}


def test_embedding():
    Embedding = recording_class('Embedding',
                                interfaces.legacy_embedding_support)
    layer, messages = call_quietly(Embedding, 100, 8, init='uniform',
                                   W_regularizer='l2', dropout=0.2)
    assert layer.args == (100, 8)
    assert layer.kwargs == {'embeddings_initializer': 'uniform',
                            'embeddings_regularizer': 'l2'}
    assert any('SpatialDropout1D' in m for m in messages)


def test_batchnorm():
    BN = recording_class('BatchNormalization',
                         interfaces.legacy_batchnorm_support)
    layer, _ = call_quietly(BN, mode=0, beta_init='zero', gamma_init='one')
    assert layer.kwargs == {'beta_initializer': 'zero',
                            'gamma_initializer': 'one'}
    with pytest.raises(TypeError, match='`mode=1` and `mode=2` are no '
                                        'longer supported'):
        BN(mode=2)
    with pytest.raises(TypeError, match='does not accept positional'):
        BN(-1)


def test_padding_cropping_upsampling():
    ZeroPadding2D = recording_class('ZeroPadding2D',
                                    interfaces.legacy_zeropadding2d_support)
    pads = {'top_pad': 1, 'bottom_pad': 2, 'left_pad': 3, 'right_pad': 4}
    layer, _ = call_quietly(ZeroPadding2D, padding=pads)
    assert layer.kwargs == {'padding': ((1, 2), (3, 4))}
    layer, _ = call_quietly(ZeroPadding2D, {'top_pad': 1})
    assert layer.args == (((1, 0), (0, 0)),)
    for name, interface in [
            ('ZeroPadding3D', interfaces.legacy_zeropadding3d_support),
            ('Cropping2D', interfaces.legacy_cropping2d_support),
            ('Cropping3D', interfaces.legacy_cropping3d_support),
            ('UpSampling2D', interfaces.legacy_upsampling2d_support),
            ('UpSampling3D', interfaces.legacy_upsampling3d_support)]:
        cls = recording_class(name, interface)
        assert call_quietly(cls, 1, dim_ordering='th')[0].kwargs == \
            {'data_format': 'channels_first'}
    UpSampling1D = recording_class('UpSampling1D',
                                   interfaces.legacy_upsampling1d_support)
    assert call_quietly(UpSampling1D, length=3)[0].kwargs == {'size': 3}
    PReLU = recording_class('PReLU', interfaces.legacy_prelu_support)
    assert call_quietly(PReLU, init='zero')[0].kwargs == \
        {'alpha_initializer': 'zero'}
    Lambda = recording_class('Lambda', interfaces.legacy_lambda_support)
    with pytest.raises(TypeError):
        Lambda(abs, None, 'extra')


def test_model_and_input():
    Model = recording_class('Model', interfaces.legacy_model_constructor)
    layer, messages = call_quietly(Model, input='x', output='y', name='m')
    assert layer.kwargs == {'name': 'm', 'inputs': 'x', 'outputs': 'y'}
    assert messages == ['Update your `Model` call to the Keras 2 API: '
                        '`Model(name="m", inputs="x", outputs="y")`']
    InputLayer = recording_class('InputLayer',
                                 interfaces.legacy_input_support)
    assert call_quietly(InputLayer, input_dtype='int32')[0].kwargs == \
        {'dtype': 'int32'}


def test_function_object_type():
    @interfaces.generate_legacy_interface(
        allowed_positional_args=['shape'],
        conversions=[('input_dtype', 'dtype')], object_type='function')
    def Input(shape=None, dtype=None):
        return shape, dtype

    with pytest.warns(UserWarning, match=r'Update your `Input` call to the '
                                         r'Keras 2 API: `Input\(\(3,\), '
                                         r'dtype="int32"\)`'):
        assert Input((3,), input_dtype='int32') == ((3,), 'int32')
    with pytest.raises(TypeError):
        Input((3,), 'int32')


class Trainer(object):
    @interfaces.legacy_generator_methods_support
    def fit_generator(self, generator, steps_per_epoch=None, epochs=1,
                      **kwargs):
        return dict(steps_per_epoch=steps_per_epoch, epochs=epochs, **kwargs)

    @interfaces.legacy_add_weight_support
    def add_weight(self, name=None, shape=None, initializer=None, **kwargs):
        return dict(name=name, shape=shape, initializer=initializer, **kwargs)

    @interfaces.legacy_get_updates_support
    def get_updates(self, loss, params):
        return loss, params


class BatchedGenerator(object):
    batch_size = 10


def test_generator_methods():
    trainer = Trainer()
    with pytest.warns(UserWarning) as record:
        result = trainer.fit_generator(BatchedGenerator(),
                                       samples_per_epoch=100, nb_epoch=3,
                                       nb_val_samples=20, nb_worker=2,
                                       pickle_safe=True, max_q_size=5)
    assert result == {'steps_per_epoch': 10, 'epochs': 3,
                      'validation_steps': 20, 'workers': 2,
                      'use_multiprocessing': True, 'max_queue_size': 5}
    messages = [str(w.message) for w in record]
    assert any('semantics of the Keras 2 argument `steps_per_epoch`' in m
               for m in messages)
    assert any(m.startswith('Update your `fit_generator` call to the Keras 2 '
                            'API: `fit_generator(') for m in messages)
    # Without a batch_size, the count is passed through unchanged.
    result, _ = call_quietly(trainer.fit_generator, iter([]),
                             samples_per_epoch=7)
    assert result['steps_per_epoch'] == 7


def test_add_weight_keras1_order():
    trainer = Trainer()
    assert trainer.add_weight((2, 3), 'uniform', 'kernel') == \
        {'name': 'kernel', 'shape': (2, 3), 'initializer': 'uniform'}
    assert trainer.add_weight('kernel', (2, 3)) == \
        {'name': 'kernel', 'shape': (2, 3), 'initializer': None}
    assert trainer.add_weight(shape=(1,), name='b') == \
        {'name': 'b', 'shape': (1,), 'initializer': None}


def test_get_updates_keras1_order():
    trainer = Trainer()
    assert trainer.get_updates(['p'], {}, 'loss') == ('loss', ['p'])
    assert trainer.get_updates(['p'], {}, loss='loss') == ('loss', ['p'])
    assert trainer.get_updates('loss', ['p']) == ('loss', ['p'])
    with pytest.raises(TypeError):
        trainer.get_updates(1, 2, 3, 4)


def test_convert_fit_kwargs():
    with pytest.warns(UserWarning, match='The `nb_epoch` argument in `fit` '
                                         'has been renamed `epochs`.'):
        converted = interfaces.convert_fit_kwargs({'nb_epoch': 5,
                                                   'verbose': 0})
    assert converted == {'verbose': 0, 'epochs': 5}
    with pytest.raises(TypeError, match='`fit` received both the legacy '
                                        'keyword argument `nb_epoch` and the '
                                        'Keras 2 keyword argument `epochs`'):
        interfaces.convert_fit_kwargs({'nb_epoch': 5, 'epochs': 3})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        converted = interfaces.convert_fit_kwargs(
            {'samples_per_epoch': 100, 'nb_val_samples': 4},
            method_name='fit_generator', generator=BatchedGenerator())
    assert converted == {'steps_per_epoch': 10, 'validation_steps': 4}
    messages = [str(w.message) for w in caught]
    assert 'The `nb_val_samples` argument in `fit_generator` has been ' \
           'renamed `validation_steps`.' in messages
    assert any('semantics' in m for m in messages)
    # Already Keras 2: returned unchanged, no warning.
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        assert interfaces.convert_fit_kwargs({'epochs': 2}) == {'epochs': 2}


def test_warning_points_at_the_caller():
    Dense = recording_class('Dense', interfaces.legacy_dense_support)
    with pytest.warns(UserWarning) as record:
        Dense(output_dim=1)
    assert record[0].filename == __file__


def test_original_function_is_kept():
    Dense = recording_class('Dense', interfaces.legacy_dense_support)
    assert Dense.__init__._original_function.__name__ == '__init__'
