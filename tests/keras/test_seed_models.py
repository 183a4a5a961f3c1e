"""The example models of the seed documents, run as the seeds write them.

One test per model of ../shared/reference/seed-inventory.md section 3.2
(S000-S004 are the seed files of ../shared/reference/seeds/). The layer
structure and every API call are the seed's own, Keras 1 spellings included
(`output_dim=`, `init=`, `nb_epoch=`, `Convolution2D(32, 3, 3,
border_mode=...)`, `Merge`, `merge(..., mode=...)`, `Model(input=,
output=)`); only sizes the seeds leave open or that would be slow are
shrunk (marked "seed: ..."), and the data are small random arrays. Images of
Keras 1 examples are in Theano ('th') ordering: the seeds' keras.json, here
`K.set_image_data_format('channels_first')` around the construction.

Each test checks what a user relies on: output shapes, parameter counts
(computed by hand in comments), a finite loss after one epoch and, on the
easy tasks, a lower loss after it. Training needs gradients, which the numpy
backend lacks by design: there `test_seed_model_predicts` builds every model
and runs predict.
"""
import contextlib
import warnings

import numpy as np
import pytest

import keras
from keras import backend as K
from keras import objectives
from keras import regularizers
from keras.layers import Activation
from keras.layers import Conv1D
from keras.layers import Conv2D
from keras.layers import Convolution2D
from keras.layers import Dense
from keras.layers import Dropout
from keras.layers import Embedding
from keras.layers import Flatten
from keras.layers import GRU
from keras.layers import Input
from keras.layers import LSTM
from keras.layers import Lambda
from keras.layers import MaxPooling1D
from keras.layers import MaxPooling2D
from keras.layers import Merge
from keras.layers import RepeatVector
from keras.layers import TimeDistributed
from keras.layers import UpSampling2D
from keras.layers import ZeroPadding2D
from keras.layers import merge
from keras.models import Model
from keras.models import Sequential
from keras.optimizers import SGD
from keras.optimizers import RMSprop
from keras.utils.np_utils import to_categorical

TRAINING_BACKENDS = ('jax', 'tensorflow', 'torch', 'theano')
trains = pytest.mark.backends(*TRAINING_BACKENDS)


@pytest.fixture(autouse=True)
def fresh_graph():
    K.clear_session()
    np.random.seed(1337)
    yield


@contextlib.contextmanager
def image_ordering(data_format):
    """The keras.json of a seed: 'th' ordering is 'channels_first'."""
    old = K.image_data_format()
    K.set_image_data_format(data_format)
    try:
        yield
    finally:
        K.set_image_data_format(old)


@contextlib.contextmanager
def keras1_warnings(*fragments):
    """Each fragment must appear in a warning raised inside the block (the
    Keras 1 spellings warn as in 2.3.1: "Update your `Dense` call to the
    Keras 2 API: ...")."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        yield
    messages = [str(w.message) for w in caught]
    for fragment in fragments:
        assert any(fragment in message for message in messages), (
            fragment, messages)


MERGE_LAYER = 'The `Merge` layer is deprecated'
MERGE_FUNCTION = 'The `merge` function is deprecated'


def update_call(name):
    return 'Update your `%s` call to the Keras 2 API' % name


def check(model, output_shape, params):
    assert model.output_shape == output_shape
    assert model.count_params() == params


def loss_of(model, x, y, **kwargs):
    result = model.evaluate(x, y, verbose=0, **kwargs)
    return result[0] if isinstance(result, list) else result


def finite_losses(history, epochs=1):
    losses = history.history['loss']
    assert len(losses) == epochs
    assert np.all(np.isfinite(losses)), losses
    return losses


def one_hot(labels, num_classes):
    return to_categorical(labels, num_classes)


def images(n, shape, rng):
    return rng.random_sample((n,) + shape).astype('float32')


# ---------------------------------------------------------------------------
# Builders: the model of each seed, as written. Tests call them; the numpy
# test builds them all and predicts.


def build_quick_start_keras1():
    # S002 home page.
    with keras1_warnings(update_call('Dense')):
        model = Sequential()
        model.add(Dense(output_dim=64, input_dim=100))
        model.add(Activation("relu"))
        model.add(Dense(output_dim=10))
        model.add(Activation("softmax"))
    # 100*64 + 64 + 64*10 + 10 = 7114
    check(model, (None, 10), 7114)
    return model


def build_quick_start_keras2():
    # S000 / S004 "30 seconds to Keras".
    model = Sequential()
    model.add(Dense(units=64, activation='relu', input_dim=100))
    model.add(Dense(units=10, activation='softmax'))
    check(model, (None, 10), 7114)
    return model


def build_mnist_mlp():
    # S001 example 1 (mnist_mlp).
    num_classes = 10
    model = Sequential()
    model.add(Dense(512, activation='relu', input_shape=(784,)))
    model.add(Dropout(0.2))
    model.add(Dense(512, activation='relu'))
    model.add(Dropout(0.2))
    model.add(Dense(num_classes, activation='softmax'))
    # 784*512+512 + 512*512+512 + 512*10+10 = 401920 + 262656 + 5130
    check(model, (None, 10), 669706)
    return model


def build_mnist_cnn():
    # S001 example 2 (mnist_cnn): the input shape follows the configured
    # image data format.
    num_classes = 10
    img_rows, img_cols = 28, 28
    if K.image_data_format() == 'channels_first':
        input_shape = (1, img_rows, img_cols)
    else:
        input_shape = (img_rows, img_cols, 1)
    model = Sequential()
    model.add(Conv2D(32, kernel_size=(3, 3),
                     activation='relu',
                     input_shape=input_shape))
    model.add(Conv2D(64, (3, 3), activation='relu'))
    model.add(MaxPooling2D(pool_size=(2, 2)))
    model.add(Dropout(0.25))
    model.add(Flatten())
    model.add(Dense(128, activation='relu'))
    model.add(Dropout(0.5))
    model.add(Dense(num_classes, activation='softmax'))
    # 28 -> 26 -> 24 -> pool 12: 12*12*64 = 9216 features.
    # 9*32+32 + 9*32*64+64 + 9216*128+128 + 128*10+10
    # = 320 + 18496 + 1179776 + 1290
    check(model, (None, 10), 1199882)
    return model


def build_mlp_softmax_keras1():
    # S002 "MLP for multi-class softmax classification".
    with keras1_warnings(update_call('Dense')):
        model = Sequential()
        model.add(Dense(64, input_dim=20, init='uniform'))
        model.add(Activation('tanh'))
        model.add(Dropout(0.5))
        model.add(Dense(64, init='uniform'))
        model.add(Activation('tanh'))
        model.add(Dropout(0.5))
        model.add(Dense(10, init='uniform'))
        model.add(Activation('softmax'))
    # 20*64+64 + 64*64+64 + 64*10+10 = 1344 + 4160 + 650
    check(model, (None, 10), 6154)
    return model


def build_mlp_softmax_keras2():
    # S000 / S004, and S002's "similar MLP" (same layers, adadelta).
    model = Sequential()
    model.add(Dense(64, activation='relu', input_dim=20))
    model.add(Dropout(0.5))
    model.add(Dense(64, activation='relu'))
    model.add(Dropout(0.5))
    model.add(Dense(10, activation='softmax'))
    check(model, (None, 10), 6154)
    return model


def build_mlp_binary_keras1():
    # S002 "MLP for binary classification".
    with keras1_warnings(update_call('Dense')):
        model = Sequential()
        model.add(Dense(64, input_dim=20, init='uniform', activation='relu'))
        model.add(Dropout(0.5))
        model.add(Dense(64, activation='relu'))
        model.add(Dropout(0.5))
        model.add(Dense(1, activation='sigmoid'))
    # 20*64+64 + 64*64+64 + 64+1 = 1344 + 4160 + 65
    check(model, (None, 1), 5569)
    return model


def build_mlp_binary_keras2():
    # S004.
    model = Sequential()
    model.add(Dense(64, input_dim=20, activation='relu'))
    model.add(Dropout(0.5))
    model.add(Dense(64, activation='relu'))
    model.add(Dropout(0.5))
    model.add(Dense(1, activation='sigmoid'))
    check(model, (None, 1), 5569)
    return model


VGG_SIDE = 16  # seed: 100x100 images


def build_vgg_like():
    # S002 "VGG-like convnet", Theano ordering: (3, 100, 100) tensors.
    with image_ordering('channels_first'), keras1_warnings(
            update_call('Conv2D')):
        model = Sequential()
        model.add(Convolution2D(32, 3, 3, border_mode='valid',
                                input_shape=(3, VGG_SIDE, VGG_SIDE)))
        model.add(Activation('relu'))
        model.add(Convolution2D(32, 3, 3))
        model.add(Activation('relu'))
        model.add(MaxPooling2D(pool_size=(2, 2)))
        model.add(Dropout(0.25))

        model.add(Convolution2D(64, 3, 3, border_mode='valid'))
        model.add(Activation('relu'))
        model.add(Convolution2D(64, 3, 3))
        model.add(Activation('relu'))
        model.add(MaxPooling2D(pool_size=(2, 2)))
        model.add(Dropout(0.25))

        model.add(Flatten())
        model.add(Dense(256))
        model.add(Activation('relu'))
        model.add(Dropout(0.5))

        model.add(Dense(10))
        model.add(Activation('softmax'))
    # 16 -> 14 -> 12 -> pool 6 -> 4 -> 2 -> pool 1: 64 features.
    # 27*32+32 + 288*32+32 + 288*64+64 + 576*64+64 + 64*256+256 + 2560+10
    # = 896 + 9248 + 18496 + 36928 + 16640 + 2570
    assert model.layers[0].data_format == 'channels_first'
    assert model.layers[0].output_shape == (None, 32, 14, 14)
    check(model, (None, 10), 84778)
    return model


def build_lstm_classifier(max_features=20, maxlen=6):
    # S002 "sequence classification with LSTM" (max_features and maxlen
    # are left to the reader).
    with keras1_warnings(update_call('LSTM')):
        model = Sequential()
        model.add(Embedding(max_features, 256, input_length=maxlen))
        model.add(LSTM(output_dim=128, activation='sigmoid',
                       inner_activation='hard_sigmoid'))
        model.add(Dropout(0.5))
        model.add(Dense(1))
        model.add(Activation('sigmoid'))
    # 20*256 + 4*(256*128 + 128*128 + 128) + 128+1 = 5120 + 197120 + 129
    check(model, (None, 1), 202369)
    return model


def build_stacked_lstm(stateful=False):
    # S002 "stacked LSTM for sequence classification", and its stateful
    # version with the full batch_input_shape.
    data_dim = 16
    timesteps = 8
    batch_size = 32
    model = Sequential()
    if stateful:
        model.add(LSTM(32, return_sequences=True, stateful=True,
                       batch_input_shape=(batch_size, timesteps, data_dim)))
        model.add(LSTM(32, return_sequences=True, stateful=True))
        model.add(LSTM(32, stateful=True))
    else:
        model.add(LSTM(32, return_sequences=True,
                       input_shape=(timesteps, data_dim)))
        model.add(LSTM(32, return_sequences=True))
        model.add(LSTM(32))
    model.add(Dense(10, activation='softmax'))
    # 4*(16*32 + 32*32 + 32) + 2 * 4*(32*32 + 32*32 + 32) + 32*10+10
    # = 6272 + 2*8320 + 330
    check(model, ((batch_size if stateful else None), 10), 23242)
    return model


def build_stateful_faq():
    # S002 FAQ "how can I use stateful RNNs?".
    model = Sequential()
    model.add(LSTM(32, batch_input_shape=(32, 10, 16), stateful=True))
    model.add(Dense(16, activation='softmax'))
    # 4*(16*32 + 32*32 + 32) + 32*16+16 = 6272 + 528
    check(model, (32, 16), 6800)
    return model


def build_functional_mlp(keras1=True):
    # S002 (Model(input=, output=)) / S004 (Model(inputs=, outputs=)).
    inputs = Input(shape=(784,))
    x = Dense(64, activation='relu')(inputs)
    x = Dense(64, activation='relu')(x)
    predictions = Dense(10, activation='softmax')(x)
    if keras1:
        with keras1_warnings(update_call('Model')):
            model = Model(input=inputs, output=predictions)
    else:
        model = Model(inputs=inputs, outputs=predictions)
    # 784*64+64 + 64*64+64 + 64*10+10 = 50240 + 4160 + 650
    check(model, (None, 10), 55050)
    return model


HEADLINE_LENGTH = 10  # seed: 100 words


def build_twitter(keras1=True):
    # S002 (merge, Model(input=...)) / S000, S004 (concatenate) headline
    # model: two inputs, two outputs.
    main_input = Input(shape=(HEADLINE_LENGTH,), dtype='int32',
                       name='main_input')
    x = Embedding(output_dim=512, input_dim=10000,
                  input_length=HEADLINE_LENGTH)(main_input)
    lstm_out = LSTM(32)(x)
    auxiliary_output = Dense(1, activation='sigmoid',
                             name='aux_output')(lstm_out)
    auxiliary_input = Input(shape=(5,), name='aux_input')
    if keras1:
        with keras1_warnings(MERGE_FUNCTION):
            x = merge([lstm_out, auxiliary_input], mode='concat')
    else:
        x = keras.layers.concatenate([lstm_out, auxiliary_input])
    x = Dense(64, activation='relu')(x)
    x = Dense(64, activation='relu')(x)
    x = Dense(64, activation='relu')(x)
    main_output = Dense(1, activation='sigmoid', name='main_output')(x)
    if keras1:
        with keras1_warnings(update_call('Model')):
            model = Model(input=[main_input, auxiliary_input],
                          output=[main_output, auxiliary_output])
    else:
        model = Model(inputs=[main_input, auxiliary_input],
                      outputs=[main_output, auxiliary_output])
    # Embedding 10000*512 = 5120000; LSTM 4*(512*32 + 32*32 + 32) = 69760;
    # aux_output 33; Dense(64) on 32+5: 37*64+64 = 2432; two Dense(64) on
    # 64: 2*4160; main_output 65. Total 5200610.
    assert model.output_shape == [(None, 1), (None, 1)]
    assert model.count_params() == 5200610
    assert model.input_names == ['main_input', 'aux_input']
    assert model.output_names == ['main_output', 'aux_output']
    return model


TWEET_LENGTH = 6  # seed: 140 characters


def build_shared_lstm(keras1=True):
    # S002 (merge(..., concat_axis=-1)) / S004 (concatenate(axis=-1)).
    tweet_a = Input(shape=(TWEET_LENGTH, 256))
    tweet_b = Input(shape=(TWEET_LENGTH, 256))
    shared_lstm = LSTM(64)
    encoded_a = shared_lstm(tweet_a)
    encoded_b = shared_lstm(tweet_b)
    if keras1:
        with keras1_warnings(MERGE_FUNCTION):
            merged_vector = merge([encoded_a, encoded_b], mode='concat',
                                  concat_axis=-1)
    else:
        merged_vector = keras.layers.concatenate([encoded_a, encoded_b],
                                                 axis=-1)
    predictions = Dense(1, activation='sigmoid')(merged_vector)
    if keras1:
        with keras1_warnings(update_call('Model')):
            model = Model(input=[tweet_a, tweet_b], output=predictions)
    else:
        model = Model(inputs=[tweet_a, tweet_b], outputs=predictions)
    # One LSTM: 4*(256*64 + 64*64 + 64) = 82176; Dense(1) on 128: 129.
    check(model, (None, 1), 82305)
    # The layer has one node per call (S002 "layer nodes").
    assert shared_lstm.get_output_at(0) is encoded_a
    assert shared_lstm.get_output_at(1) is encoded_b
    with pytest.raises(AttributeError, match='multiple inbound nodes'):
        shared_lstm.output
    return model


INCEPTION_SIDE = 8  # seed: 256x256


def build_inception():
    # S002 "inception module" (th ordering, concatenated on axis 1).
    with image_ordering('channels_first'), keras1_warnings(
            update_call('Conv2D'), update_call('MaxPooling2D'),
            MERGE_FUNCTION):
        input_img = Input(shape=(3, INCEPTION_SIDE, INCEPTION_SIDE))

        tower_1 = Convolution2D(64, 1, 1, border_mode='same',
                                activation='relu')(input_img)
        tower_1 = Convolution2D(64, 3, 3, border_mode='same',
                                activation='relu')(tower_1)

        tower_2 = Convolution2D(64, 1, 1, border_mode='same',
                                activation='relu')(input_img)
        tower_2 = Convolution2D(64, 5, 5, border_mode='same',
                                activation='relu')(tower_2)

        tower_3 = MaxPooling2D((3, 3), strides=(1, 1),
                               border_mode='same')(input_img)
        tower_3 = Convolution2D(64, 1, 1, border_mode='same',
                                activation='relu')(tower_3)

        output = merge([tower_1, tower_2, tower_3], mode='concat',
                       concat_axis=1)
    model = Model(input_img, output)
    # 3*64+64 + 576*64+64 + 3*64+64 + 1600*64+64 + 3*64+64
    # = 256 + 36928 + 256 + 102464 + 256
    check(model, (None, 192, INCEPTION_SIDE, INCEPTION_SIDE), 140160)
    return model, Model(input_img, tower_1)


def build_residual():
    # S002 "residual connection on a convolution layer".
    with image_ordering('channels_first'), keras1_warnings(
            update_call('Conv2D'), MERGE_FUNCTION):
        x = Input(shape=(3, INCEPTION_SIDE, INCEPTION_SIDE))
        y = Convolution2D(3, 3, 3, border_mode='same')(x)
        z = merge([x, y], mode='sum')
    model = Model(x, z)
    # 3*3*3*3 + 3
    check(model, (None, 3, INCEPTION_SIDE, INCEPTION_SIDE), 84)
    return model, Model(x, y)


def build_shared_vision():
    # S002 "shared vision model" (MNIST digit pairs, th ordering).
    with image_ordering('channels_first'), keras1_warnings(
            update_call('Conv2D'), MERGE_FUNCTION):
        digit_input = Input(shape=(1, 27, 27))
        x = Convolution2D(64, 3, 3)(digit_input)
        x = Convolution2D(64, 3, 3)(x)
        x = MaxPooling2D((2, 2))(x)
        out = Flatten()(x)

        vision_model = Model(digit_input, out)

        digit_a = Input(shape=(1, 27, 27))
        digit_b = Input(shape=(1, 27, 27))

        out_a = vision_model(digit_a)
        out_b = vision_model(digit_b)

        concatenated = merge([out_a, out_b], mode='concat')
        out = Dense(1, activation='sigmoid')(concatenated)

        classification_model = Model([digit_a, digit_b], out)
    # 27 -> 25 -> 23 -> pool 11: 64*11*11 = 7744 features per digit.
    # vision: 9*64+64 + 576*64+64 = 640 + 36928 = 37568 (shared, counted
    # once); Dense(1) on 2*7744: 15489.
    check(vision_model, (None, 7744), 37568)
    check(classification_model, (None, 1), 53057)
    return classification_model


VQA_SIDE = 30  # seed: 224x224; 30 is the smallest side the three blocks take
QUESTION_LENGTH = 8  # seed: 100 words


def build_vqa():
    # S002 "visual question answering model".
    with image_ordering('channels_first'), keras1_warnings(
            update_call('Conv2D'), update_call('Model'), MERGE_FUNCTION):
        vision_model = Sequential()
        vision_model.add(Convolution2D(64, 3, 3, activation='relu',
                                       border_mode='same',
                                       input_shape=(3, VQA_SIDE, VQA_SIDE)))
        vision_model.add(Convolution2D(64, 3, 3, activation='relu'))
        vision_model.add(MaxPooling2D((2, 2)))
        vision_model.add(Convolution2D(128, 3, 3, activation='relu',
                                       border_mode='same'))
        vision_model.add(Convolution2D(128, 3, 3, activation='relu'))
        vision_model.add(MaxPooling2D((2, 2)))
        vision_model.add(Convolution2D(256, 3, 3, activation='relu',
                                       border_mode='same'))
        vision_model.add(Convolution2D(256, 3, 3, activation='relu'))
        vision_model.add(Convolution2D(256, 3, 3, activation='relu'))
        vision_model.add(MaxPooling2D((2, 2)))
        vision_model.add(Flatten())

        image_input = Input(shape=(3, VQA_SIDE, VQA_SIDE))
        encoded_image = vision_model(image_input)

        question_input = Input(shape=(QUESTION_LENGTH,), dtype='int32')
        embedded_question = Embedding(input_dim=10000, output_dim=256,
                                      input_length=QUESTION_LENGTH)(
            question_input)
        encoded_question = LSTM(256)(embedded_question)

        merged = merge([encoded_question, encoded_image], mode='concat')
        output = Dense(1000, activation='softmax')(merged)
        vqa_model = Model(input=[image_input, question_input], output=output)
    # 30 -> 30 -> 28 -> 14 -> 14 -> 12 -> 6 -> 6 -> 4 -> 2 -> 1: 256.
    # Vision (VGG16's first convolutions): 1792 + 36928 + 73856 + 147584 +
    # 295168 + 590080 + 590080 = 1735488. Embedding 2560000, LSTM
    # 4*(256*256 + 256*256 + 256) = 525312, Dense(1000) on 512: 513000.
    check(vision_model, (None, 256), 1735488)
    check(vqa_model, (None, 1000), 5333800)
    return vqa_model, vision_model, question_input, encoded_question


def build_freezing():
    # S002 FAQ "how can I freeze layers?".
    x = Input(shape=(32,))
    layer = Dense(32)
    layer.trainable = False
    y = layer(x)

    frozen_model = Model(x, y)
    frozen_model.compile(optimizer='rmsprop', loss='mse')

    layer.trainable = True
    trainable_model = Model(x, y)
    trainable_model.compile(optimizer='rmsprop', loss='mse')
    check(frozen_model, (None, 32), 32 * 32 + 32)
    return frozen_model, trainable_model, layer


def build_simple_autoencoder():
    # S002 blog "building autoencoders in Keras": the simplest one.
    encoding_dim = 32
    with keras1_warnings(update_call('Model')):
        input_img = Input(shape=(784,))
        encoded = Dense(encoding_dim, activation='relu')(input_img)
        decoded = Dense(784, activation='sigmoid')(encoded)
        autoencoder = Model(input=input_img, output=decoded)

        encoder = Model(input=input_img, output=encoded)
        encoded_input = Input(shape=(encoding_dim,))
        decoder_layer = autoencoder.layers[-1]
        decoder = Model(input=encoded_input,
                        output=decoder_layer(encoded_input))
    # 784*32+32 + 32*784+784 = 25120 + 25872
    check(autoencoder, (None, 784), 50992)
    check(encoder, (None, 32), 25120)
    check(decoder, (None, 784), 25872)
    return autoencoder, encoder, decoder


def build_sparse_autoencoder():
    # S002 blog: sparsity through an activity regularizer. The seed's
    # `regularizers.activity_l1(10e-5)` is Keras 1; Keras 2.3.1 has no
    # activity_l1 (removed in 2.0) and spells it `regularizers.l1`.
    encoding_dim = 32
    input_img = Input(shape=(784,))
    encoded = Dense(encoding_dim, activation='relu',
                    activity_regularizer=regularizers.l1(10e-5))(input_img)
    decoded = Dense(784, activation='sigmoid')(encoded)
    with keras1_warnings(update_call('Model')):
        autoencoder = Model(input=input_img, output=decoded)
    check(autoencoder, (None, 784), 50992)
    return autoencoder, Model(input_img, encoded)


def build_deep_autoencoder():
    # S002 blog: stacked autoencoder.
    input_img = Input(shape=(784,))
    encoded = Dense(128, activation='relu')(input_img)
    encoded = Dense(64, activation='relu')(encoded)
    encoded = Dense(32, activation='relu')(encoded)

    decoded = Dense(64, activation='relu')(encoded)
    decoded = Dense(128, activation='relu')(decoded)
    decoded = Dense(784, activation='sigmoid')(decoded)

    with keras1_warnings(update_call('Model')):
        autoencoder = Model(input=input_img, output=decoded)
    # 100480 + 8256 + 2080 + 2112 + 8320 + 101136
    check(autoencoder, (None, 784), 222384)
    return autoencoder


def build_conv_autoencoder():
    # S002 blog: convolutional autoencoder on (1, 28, 28) (th ordering).
    with image_ordering('channels_first'), keras1_warnings(
            update_call('Conv2D'), update_call('MaxPooling2D')):
        input_img = Input(shape=(1, 28, 28))

        x = Convolution2D(16, 3, 3, activation='relu',
                          border_mode='same')(input_img)
        x = MaxPooling2D((2, 2), border_mode='same')(x)
        x = Convolution2D(8, 3, 3, activation='relu', border_mode='same')(x)
        x = MaxPooling2D((2, 2), border_mode='same')(x)
        x = Convolution2D(8, 3, 3, activation='relu', border_mode='same')(x)
        encoded = MaxPooling2D((2, 2), border_mode='same')(x)

        # at this point the representation is (8, 4, 4) i.e. 128-dimensional

        x = Convolution2D(8, 3, 3, activation='relu',
                          border_mode='same')(encoded)
        x = UpSampling2D((2, 2))(x)
        x = Convolution2D(8, 3, 3, activation='relu', border_mode='same')(x)
        x = UpSampling2D((2, 2))(x)
        x = Convolution2D(16, 3, 3, activation='relu')(x)
        x = UpSampling2D((2, 2))(x)
        decoded = Convolution2D(1, 3, 3, activation='sigmoid',
                                border_mode='same')(x)

        autoencoder = Model(input_img, decoded)
    encoder = Model(input_img, encoded)
    # 28 -> 14 -> 7 -> 4 ('same' pooling rounds up); 4 -> 8 -> 16 -> 'valid'
    # 14 -> 28. 160 + 1160 + 584 + 584 + 584 + 1168 + 145
    assert encoder.output_shape == (None, 8, 4, 4)
    check(autoencoder, (None, 1, 28, 28), 4385)
    return autoencoder


def build_denoising_autoencoder():
    # S002 blog: image denoising.
    with image_ordering('channels_first'), keras1_warnings(
            update_call('Conv2D'), update_call('MaxPooling2D')):
        input_img = Input(shape=(1, 28, 28))

        x = Convolution2D(32, 3, 3, activation='relu',
                          border_mode='same')(input_img)
        x = MaxPooling2D((2, 2), border_mode='same')(x)
        x = Convolution2D(32, 3, 3, activation='relu', border_mode='same')(x)
        encoded = MaxPooling2D((2, 2), border_mode='same')(x)

        # at this point the representation is (32, 7, 7)

        x = Convolution2D(32, 3, 3, activation='relu',
                          border_mode='same')(encoded)
        x = UpSampling2D((2, 2))(x)
        x = Convolution2D(32, 3, 3, activation='relu', border_mode='same')(x)
        x = UpSampling2D((2, 2))(x)
        decoded = Convolution2D(1, 3, 3, activation='sigmoid',
                                border_mode='same')(x)

        autoencoder = Model(input_img, decoded)
    assert Model(input_img, encoded).output_shape == (None, 32, 7, 7)
    # 320 + 9248 + 9248 + 9248 + 289
    check(autoencoder, (None, 1, 28, 28), 28353)
    return autoencoder


def build_sequence_autoencoder(timesteps=4, input_dim=3, latent_dim=2):
    # S002 blog: sequence-to-sequence autoencoder (the seed's
    # `LSTM(input, ...)` is a typo for the input dimension).
    inputs = Input(shape=(timesteps, input_dim))
    encoded = LSTM(latent_dim)(inputs)

    decoded = RepeatVector(timesteps)(encoded)
    decoded = LSTM(input_dim, return_sequences=True)(decoded)

    sequence_autoencoder = Model(inputs, decoded)
    encoder = Model(inputs, encoded)
    # 4*(3*2 + 2*2 + 2) + 4*(2*3 + 3*3 + 3) = 48 + 72
    check(sequence_autoencoder, (None, timesteps, input_dim), 120)
    check(encoder, (None, latent_dim), 48)
    return sequence_autoencoder, encoder


VAE_BATCH = 4  # the blog's script: 100


def build_vae(batch_size=VAE_BATCH, original_dim=784, latent_dim=2,
              intermediate_dim=256, epsilon_std=1.0):
    # S002 blog: variational autoencoder. The seed's
    # `K.random_normal(..., std=epsilon_std)` is the Keras 1 name of
    # `stddev`.
    x = Input(batch_shape=(batch_size, original_dim))
    h = Dense(intermediate_dim, activation='relu')(x)
    z_mean = Dense(latent_dim)(h)
    z_log_sigma = Dense(latent_dim)(h)

    def sampling(args):
        z_mean, z_log_sigma = args
        epsilon = K.random_normal(shape=(batch_size, latent_dim),
                                  mean=0., stddev=epsilon_std)
        return z_mean + K.exp(z_log_sigma) * epsilon

    z = Lambda(sampling, output_shape=(latent_dim,))([z_mean, z_log_sigma])

    decoder_h = Dense(intermediate_dim, activation='relu')
    decoder_mean = Dense(original_dim, activation='sigmoid')
    h_decoded = decoder_h(z)
    x_decoded_mean = decoder_mean(h_decoded)

    vae = Model(x, x_decoded_mean)
    encoder = Model(x, z_mean)
    decoder_input = Input(shape=(latent_dim,))
    _h_decoded = decoder_h(decoder_input)
    _x_decoded_mean = decoder_mean(_h_decoded)
    generator = Model(decoder_input, _x_decoded_mean)

    def vae_loss(x, x_decoded_mean):
        xent_loss = objectives.binary_crossentropy(x, x_decoded_mean)
        kl_loss = - 0.5 * K.mean(1 + z_log_sigma - K.square(z_mean) -
                                 K.exp(z_log_sigma), axis=-1)
        return xent_loss + kl_loss

    # 784*256+256 + 2*(256*2+2) + 2*256+256 + 256*784+784
    # = 200960 + 1028 + 768 + 201488
    check(vae, (batch_size, original_dim), 404244)
    check(generator, (None, original_dim), 768 + 201488)
    return vae, encoder, generator, vae_loss


CATS_SIDE = 22  # seed: 150x150; 22 is the smallest side three blocks take


def build_cats_dogs_convnet():
    # S002 blog "building powerful image classification models using very
    # little data": the small convnet (th ordering).
    with image_ordering('channels_first'), keras1_warnings(
            update_call('Conv2D')):
        model = Sequential()
        model.add(Convolution2D(32, 3, 3,
                                input_shape=(3, CATS_SIDE, CATS_SIDE)))
        model.add(Activation('relu'))
        model.add(MaxPooling2D(pool_size=(2, 2)))

        model.add(Convolution2D(32, 3, 3))
        model.add(Activation('relu'))
        model.add(MaxPooling2D(pool_size=(2, 2)))

        model.add(Convolution2D(64, 3, 3))
        model.add(Activation('relu'))
        model.add(MaxPooling2D(pool_size=(2, 2)))

    # the model so far outputs 3D feature maps (height, width, features)
    model.add(Flatten())
    model.add(Dense(64))
    model.add(Activation('relu'))
    model.add(Dropout(0.5))
    model.add(Dense(1))
    model.add(Activation('sigmoid'))
    # 22 -> 20 -> 10 -> 8 -> 4 -> 2 -> 1: 64 features.
    # 896 + 9248 + 18496 + 64*64+64 + 65
    check(model, (None, 1), 32865)
    return model


SEQUENCE_LENGTH = 1000  # MAX_SEQUENCE_LENGTH of the blog, kept: the last
# MaxPooling1D(35) is the global pooling only for that length.


def build_glove_conv1d(num_words=40, embedding_dim=100, num_labels=20):
    # S002 blog "using pre-trained word embeddings in a Keras model".
    embedding_matrix = np.random.RandomState(0).normal(
        size=(num_words + 1, embedding_dim)).astype('float32')
    embedding_layer = Embedding(num_words + 1,
                                embedding_dim,
                                weights=[embedding_matrix],
                                input_length=SEQUENCE_LENGTH,
                                trainable=False)
    sequence_input = Input(shape=(SEQUENCE_LENGTH,), dtype='int32')
    embedded_sequences = embedding_layer(sequence_input)
    x = Conv1D(128, 5, activation='relu')(embedded_sequences)
    x = MaxPooling1D(5)(x)
    x = Conv1D(128, 5, activation='relu')(x)
    x = MaxPooling1D(5)(x)
    x = Conv1D(128, 5, activation='relu')(x)
    x = MaxPooling1D(35)(x)  # global max pooling
    x = Flatten()(x)
    x = Dense(128, activation='relu')(x)
    preds = Dense(num_labels, activation='softmax')(x)
    model = Model(sequence_input, preds)
    # 1000 -> 996 -> 199 -> 195 -> 39 -> 35 -> 1. Trainable:
    # 100*5*128+128 + 2*(128*5*128+128) + 128*128+128 + 128*20+20
    # = 64128 + 164096 + 16512 + 2580 = 247316; frozen embedding 41*100.
    check(model, (None, num_labels), 247316 + 4100)
    assert len(model.trainable_weights) == 10
    assert len(model.non_trainable_weights) == 1
    return model, embedding_layer, embedding_matrix


def build_s003_mlp():
    # S003: 3 inputs, two hidden layers of 5 units, 2 outputs (the seed
    # imports `from tensorflow import keras`; here keras is this package).
    def Model():
        inp = keras.layers.Input(shape=(3,))
        x = keras.layers.Dense(5)(inp)
        x = keras.layers.Dense(5)(x)
        outp = keras.layers.Dense(2)(x)
        return keras.models.Model(inputs=inp, outputs=outp)

    model = Model()
    # 3*5+5 + 5*5+5 + 5*2+2 = 20 + 30 + 12
    check(model, (None, 2), 62)
    return model


def build_s003_conv():
    # S003: convolutional classifier of 28x28 colour images (the seed's
    # `def Model(28,28,3)` is not valid Python: the sizes are parameters).
    def Model(rows=28, cols=28, channels=3):
        inp = keras.layers.Input(shape=(rows, cols, channels))
        x = keras.layers.Conv2D(8, 2)(inp)
        x = keras.layers.Conv2D(4, 2)(x)
        x = keras.layers.MaxPooling2D()(x)
        x = keras.layers.Flatten()(x)
        x = keras.layers.Dense(128)(x)
        outp = keras.layers.Dense(10)(x)
        return keras.models.Model(inputs=inp, outputs=outp)

    with image_ordering('channels_last'):
        model = Model()
    # 28 -> 27 -> 26 -> pool 13: 13*13*4 = 676 features.
    # 4*3*8+8 + 4*8*4+4 + 676*128+128 + 128*10+10 = 104 + 132 + 86656 + 1290
    check(model, (None, 10), 88182)
    return model


# ---------------------------------------------------------------------------
# Sequential guides (S000, S001, S002, S004).


def easy_classes(rng, n, dim=100, num_classes=10):
    """Inputs whose class is the largest of their first features."""
    x = rng.normal(size=(n, dim)).astype('float32')
    return x, one_hot(np.argmax(x[:, :num_classes], axis=1), num_classes)


@trains
def test_quick_start_keras1():
    rng = np.random.RandomState(0)
    X_train, Y_train = easy_classes(rng, 256)
    X_test, Y_test = easy_classes(rng, 64)
    model = build_quick_start_keras1()
    model.compile(loss='categorical_crossentropy',
                  optimizer=SGD(lr=0.01, momentum=0.9, nesterov=True))
    before = loss_of(model, X_test, Y_test)
    with keras1_warnings('The `nb_epoch` argument in `fit` has been renamed '
                         '`epochs`.'):
        history = model.fit(X_train, Y_train, nb_epoch=1, batch_size=32,
                            verbose=0)  # seed: nb_epoch=5
    finite_losses(history)
    loss = model.train_on_batch(X_train[:32], Y_train[:32])
    assert np.isfinite(loss) and np.ndim(loss) == 0
    loss_and_metrics = model.evaluate(X_test, Y_test, batch_size=32,
                                      verbose=0)
    assert loss_and_metrics < before
    classes = model.predict_classes(X_test, batch_size=32)
    proba = model.predict_proba(X_test, batch_size=32)
    assert classes.shape == (64,)
    assert proba.shape == (64, 10)
    np.testing.assert_allclose(proba.sum(axis=1), 1., rtol=1e-5)
    np.testing.assert_array_equal(classes, np.argmax(proba, axis=1))


@trains
def test_quick_start_keras2():
    rng = np.random.RandomState(0)
    x_train, y_train = easy_classes(rng, 256)
    x_test, y_test = easy_classes(rng, 64)
    model = build_quick_start_keras2()
    model.compile(loss='categorical_crossentropy',
                  optimizer='sgd',
                  metrics=['accuracy'])
    assert model.metrics_names == ['loss', 'accuracy']
    model.compile(loss=keras.losses.categorical_crossentropy,
                  optimizer=keras.optimizers.SGD(lr=0.01, momentum=0.9,
                                                 nesterov=True))
    before = loss_of(model, x_test, y_test)
    history = model.fit(x_train, y_train, epochs=1, batch_size=32,
                        verbose=0)  # seed: epochs=5
    finite_losses(history)
    model.train_on_batch(x_train[:32], y_train[:32])
    loss_and_metrics = model.evaluate(x_test, y_test, batch_size=128,
                                      verbose=0)
    assert loss_and_metrics < before
    classes = model.predict(x_test, batch_size=128)
    assert classes.shape == (64, 10)


def easy_digits(rng, n):
    """MNIST-like 784-pixel images: class k lights rows 2k+4 and 2k+5."""
    labels = rng.randint(0, 10, n)
    x = rng.randint(0, 20, (n, 28, 28)).astype('float32')
    for k in range(10):
        x[labels == k, 2 * k + 4:2 * k + 6, 4:24] = 255.
    return x / 255., labels


@trains
def test_mnist_mlp(capsys):
    rng = np.random.RandomState(0)
    x_train, y_train = easy_digits(rng, 256)  # seed: 60000
    x_test, y_test = easy_digits(rng, 64)  # seed: 10000
    x_train = x_train.reshape(256, 784)
    x_test = x_test.reshape(64, 784)
    y_train = keras.utils.to_categorical(y_train, 10)
    y_test = keras.utils.to_categorical(y_test, 10)

    model = build_mnist_mlp()
    model.summary()
    summary = capsys.readouterr().out
    assert 'Total params: 669,706' in summary
    assert 'Trainable params: 669,706' in summary

    model.compile(loss='categorical_crossentropy',
                  optimizer=RMSprop(),
                  metrics=['accuracy'])
    before = loss_of(model, x_test, y_test)
    history = model.fit(x_train, y_train,
                        batch_size=128,
                        epochs=1,  # seed: 20
                        verbose=1,
                        validation_data=(x_test, y_test))
    assert 'Epoch 1/1' in capsys.readouterr().out
    finite_losses(history)
    assert sorted(history.history) == ['accuracy', 'loss', 'val_accuracy',
                                       'val_loss']
    score = model.evaluate(x_test, y_test, verbose=0)
    assert len(score) == 2 and 0. <= score[1] <= 1.
    assert score[0] < before


@trains
@pytest.mark.parametrize('data_format', ['channels_first', 'channels_last'])
def test_mnist_cnn(data_format):
    rng = np.random.RandomState(0)
    x_train, y_train = easy_digits(rng, 16)  # seed: 60000
    img_rows, img_cols = 28, 28
    with image_ordering(data_format):
        if K.image_data_format() == 'channels_first':
            x_train = x_train.reshape(x_train.shape[0], 1, img_rows,
                                      img_cols)
        else:
            x_train = x_train.reshape(x_train.shape[0], img_rows, img_cols,
                                      1)
        model = build_mnist_cnn()
    assert model.layers[0].data_format == data_format
    y_train = keras.utils.to_categorical(y_train, 10)
    model.compile(loss=keras.losses.categorical_crossentropy,
                  optimizer=keras.optimizers.Adadelta(),
                  metrics=['accuracy'])
    history = model.fit(x_train, y_train, batch_size=128,
                        epochs=1,  # seed: 12
                        verbose=0, validation_data=(x_train, y_train))
    finite_losses(history)
    assert np.isfinite(history.history['val_loss'][0])


@trains
@pytest.mark.parametrize('variant', ['keras1', 'keras2', 'adadelta'])
def test_mlp_softmax(variant):
    x_train = np.random.random((64, 20))  # seed: 1000
    y_train = keras.utils.to_categorical(np.random.randint(10, size=(64, 1)),
                                         num_classes=10)
    if variant == 'keras1':
        # S002: init='uniform' is Keras 1's RandomUniform(-0.05, 0.05).
        model = build_mlp_softmax_keras1()
        kernel = model.layers[0].get_weights()[0]
        assert np.abs(kernel).max() <= 0.05
        assert model.layers[0].get_config()['kernel_initializer'][
            'class_name'] == 'RandomUniform'
        sgd = SGD(lr=0.1, decay=1e-6, momentum=0.9, nesterov=True)
        batch_size = 16
    else:
        model = build_mlp_softmax_keras2()
        sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)
        batch_size = 128
    model.compile(loss='categorical_crossentropy',
                  optimizer='adadelta' if variant == 'adadelta' else sgd,
                  metrics=['accuracy'])
    if variant == 'keras1':
        with keras1_warnings('`nb_epoch`'):
            history = model.fit(x_train, y_train, nb_epoch=1,  # seed: 20
                                batch_size=batch_size, verbose=0)
    else:
        history = model.fit(x_train, y_train, epochs=1, batch_size=batch_size,
                            verbose=0)
    finite_losses(history)
    score = model.evaluate(x_train, y_train, batch_size=batch_size,
                           verbose=0)
    assert len(score) == 2 and np.isfinite(score[0])


@trains
@pytest.mark.parametrize('keras1', [True, False], ids=['keras1', 'keras2'])
def test_mlp_binary(keras1):
    rng = np.random.RandomState(0)
    x_train = rng.random_sample((256, 20))  # seed: 1000
    y_train = (x_train[:, :1] > 0.5).astype('int64')  # an easy rule
    model = build_mlp_binary_keras1() if keras1 else build_mlp_binary_keras2()
    model.compile(loss='binary_crossentropy',
                  optimizer='rmsprop',
                  metrics=['accuracy'])
    before = loss_of(model, x_train, y_train)
    history = model.fit(x_train, y_train, epochs=1, batch_size=16,
                        verbose=0)  # seed: epochs=20, batch_size=128
    finite_losses(history)
    score = model.evaluate(x_train, y_train, batch_size=128, verbose=0)
    assert score[0] < before


@trains
def test_vgg_like_convnet():
    X_train = images(8, (3, VGG_SIDE, VGG_SIDE), np.random)
    Y_train = one_hot(np.random.randint(10, size=8), 10)
    model = build_vgg_like()
    sgd = SGD(lr=0.1, decay=1e-6, momentum=0.9, nesterov=True)
    model.compile(loss='categorical_crossentropy', optimizer=sgd)
    with keras1_warnings('`nb_epoch`'):
        history = model.fit(X_train, Y_train, batch_size=32, nb_epoch=1,
                            verbose=0)
    finite_losses(history)


@trains
def test_lstm_sequence_classification():
    max_features, maxlen = 20, 6
    X_train = np.random.randint(max_features, size=(32, maxlen))
    Y_train = np.random.randint(2, size=(32, 1))
    model = build_lstm_classifier(max_features, maxlen)
    lstm = model.layers[1]
    assert lstm.units == 128
    assert lstm.activation.__name__ == 'sigmoid'
    assert lstm.recurrent_activation.__name__ == 'hard_sigmoid'
    model.compile(loss='binary_crossentropy',
                  optimizer='rmsprop',
                  metrics=['accuracy'])
    with keras1_warnings('`nb_epoch`'):
        history = model.fit(X_train, Y_train, batch_size=16, nb_epoch=1,
                            verbose=0)  # seed: nb_epoch=10
    finite_losses(history)
    score = model.evaluate(X_train, Y_train, batch_size=16, verbose=0)
    assert len(score) == 2 and np.isfinite(score[0])


@trains
def test_stacked_lstm():
    timesteps, data_dim, nb_classes = 8, 16, 10
    x_train = np.random.random((128, timesteps, data_dim))  # seed: 1000
    y_train = np.random.random((128, nb_classes))
    x_val = np.random.random((64, timesteps, data_dim))  # seed: 100
    y_val = np.random.random((64, nb_classes))
    model = build_stacked_lstm()
    assert [layer.output_shape for layer in model.layers[:3]] == [
        (None, 8, 32), (None, 8, 32), (None, 32)]
    model.compile(loss='categorical_crossentropy',
                  optimizer='rmsprop',
                  metrics=['accuracy'])
    before = loss_of(model, x_train, y_train)
    with keras1_warnings('`nb_epoch`'):
        history = model.fit(x_train, y_train,
                            batch_size=64, nb_epoch=1,  # seed: nb_epoch=5
                            validation_data=(x_val, y_val), verbose=0)
    finite_losses(history)
    assert np.isfinite(history.history['val_loss'][0])
    assert 'val_accuracy' in history.history
    # Random targets: the model can still learn their mean.
    assert loss_of(model, x_train, y_train) < before


def lstm_states(model):
    return [K.get_value(state) for layer in model.layers
            if getattr(layer, 'stateful', False) for state in layer.states]


@trains
def test_stateful_stacked_lstm():
    batch_size, timesteps, data_dim, nb_classes = 32, 8, 16, 10
    x_train = np.random.random((batch_size * 2, timesteps, data_dim))
    y_train = np.random.random((batch_size * 2, nb_classes))  # seed: *10
    x_val = np.random.random((batch_size * 1, timesteps, data_dim))
    y_val = np.random.random((batch_size * 1, nb_classes))  # seed: *3
    model = build_stacked_lstm(stateful=True)
    assert model.input_shape == (32, 8, 16)
    assert not any(np.any(state) for state in lstm_states(model))
    model.compile(loss='categorical_crossentropy',
                  optimizer='rmsprop',
                  metrics=['accuracy'])
    with keras1_warnings('`nb_epoch`'):
        history = model.fit(x_train, y_train,
                            batch_size=batch_size, nb_epoch=1,  # seed: 5
                            validation_data=(x_val, y_val), verbose=0)
    finite_losses(history)
    states = lstm_states(model)
    assert len(states) == 6  # (h, c) of three layers
    assert all(state.shape == (32, 32) for state in states)
    assert all(np.any(state) for state in states)
    model.reset_states()
    assert not any(np.any(state) for state in lstm_states(model))


@trains
def test_stateful_lstm_faq():
    X = np.random.random((32, 21, 16))
    model = build_stateful_faq()
    model.compile(optimizer='rmsprop', loss='categorical_crossentropy')
    fresh = model.predict(X[:, :10, :], batch_size=32)
    # predict advances the states too: the same windows again differ.
    assert not np.allclose(model.predict(X[:, :10, :], batch_size=32), fresh)
    model.reset_states()

    # we train the network to predict the 11th timestep given the first 10:
    loss = model.train_on_batch(X[:, :10, :], np.reshape(X[:, 10, :],
                                                         (32, 16)))
    assert np.isfinite(loss)
    h_after_first, c_after_first = lstm_states(model)
    assert np.any(h_after_first)
    # the state of the network has changed. We can feed the follow-up
    # sequences:
    model.train_on_batch(X[:, 10:20, :], np.reshape(X[:, 20, :], (32, 16)))
    assert not np.allclose(lstm_states(model)[0], h_after_first)

    # Let's reset the states of the LSTM layer:
    model.reset_states()
    assert not any(np.any(state) for state in lstm_states(model))
    model.predict(X[:, :10, :], batch_size=32)
    # another way to do it in this case:
    model.layers[0].reset_states()
    assert not any(np.any(state) for state in lstm_states(model))


def build_merged_branches(mode='concat'):
    # S002 Sequential guide: two Sequential branches merged by a Merge layer.
    with keras1_warnings(MERGE_LAYER):
        left_branch = Sequential()
        left_branch.add(Dense(32, input_dim=784))

        right_branch = Sequential()
        right_branch.add(Dense(32, input_dim=784))

        if mode == 'concat':
            merged = Merge([left_branch, right_branch], mode='concat')
        else:
            merged = Merge([left_branch, right_branch],
                           mode=lambda x: x[0] - x[1])

        final_model = Sequential()
        final_model.add(merged)
        final_model.add(Dense(10, activation='softmax'))
    # Branches 784*32+32 = 25120 each; Dense(10) on 64 (concat): 650, on
    # 32 (difference): 330.
    check(final_model, (None, 10),
          2 * 25120 + (650 if mode == 'concat' else 330))
    return final_model, left_branch, right_branch


def build_two_lstm_encoders():
    # S002 "two merged LSTM encoders for classification over two parallel
    # sequences".
    data_dim, timesteps, nb_classes = 16, 8, 10
    with keras1_warnings(MERGE_LAYER):
        encoder_a = Sequential()
        encoder_a.add(LSTM(32, input_shape=(timesteps, data_dim)))

        encoder_b = Sequential()
        encoder_b.add(LSTM(32, input_shape=(timesteps, data_dim)))

        decoder = Sequential()
        decoder.add(Merge([encoder_a, encoder_b], mode='concat'))
        decoder.add(Dense(32, activation='relu'))
        decoder.add(Dense(nb_classes, activation='softmax'))
    # 2 * 4*(16*32 + 32*32 + 32) + 64*32+32 + 32*10+10 = 12544 + 2080 + 330
    check(decoder, (None, 10), 14954)
    return decoder


CAPTION_LENGTH = 4  # seed: max_caption_len = 16
VOCAB_SIZE = 30  # seed: 10000


def build_image_captioning():
    # S002 "image captioning with a GRU" (th ordering). The seed's
    # `image_model.load_weights('weight_file.h5')` needs a weight file of
    # pretrained convolutions: not called here.
    max_caption_len = CAPTION_LENGTH
    vocab_size = VOCAB_SIZE
    with image_ordering('channels_first'), keras1_warnings(
            update_call('Conv2D'), update_call('GRU'), MERGE_LAYER):
        image_model = Sequential()
        image_model.add(Convolution2D(32, 3, 3, border_mode='valid',
                                      input_shape=(3, VGG_SIDE, VGG_SIDE)))
        image_model.add(Activation('relu'))
        image_model.add(Convolution2D(32, 3, 3))
        image_model.add(Activation('relu'))
        image_model.add(MaxPooling2D(pool_size=(2, 2)))

        image_model.add(Convolution2D(64, 3, 3, border_mode='valid'))
        image_model.add(Activation('relu'))
        image_model.add(Convolution2D(64, 3, 3))
        image_model.add(Activation('relu'))
        image_model.add(MaxPooling2D(pool_size=(2, 2)))

        image_model.add(Flatten())
        image_model.add(Dense(128))

        language_model = Sequential()
        language_model.add(Embedding(vocab_size, 256,
                                     input_length=max_caption_len))
        language_model.add(GRU(output_dim=128, return_sequences=True))
        language_model.add(TimeDistributed(Dense(128)))

        image_model.add(RepeatVector(max_caption_len))

        model = Sequential()
        model.add(Merge([image_model, language_model], mode='concat',
                        concat_axis=-1))
        model.add(GRU(256, return_sequences=False))
        model.add(Dense(vocab_size))
        model.add(Activation('softmax'))
    # image: 896 + 9248 + 18496 + 36928 + 64*128+128 = 73888;
    # language: 30*256 + 3*(256*128 + 128*128 + 128) + 128*128+128
    # = 7680 + 147840 + 16512 = 172032; GRU(256) on 256: 3*(256*256 +
    # 256*256 + 256) = 393984; Dense(30): 7710.
    assert image_model.output_shape == (None, max_caption_len, 128)
    assert language_model.output_shape == (None, max_caption_len, 128)
    check(model, (None, vocab_size), 73888 + 172032 + 393984 + 7710)
    return model


@trains
@pytest.mark.parametrize('mode', ['concat', 'difference'])
def test_merged_sequential_branches(mode):
    final_model, left_branch, right_branch = build_merged_branches(mode)
    final_model.compile(optimizer='rmsprop', loss='categorical_crossentropy')
    data_1 = np.random.random((64, 784))  # seed: 1000
    data_2 = np.random.random((64, 784))
    labels = np.random.randint(10, size=(64, 1))
    labels = to_categorical(labels, 10)
    with keras1_warnings('`nb_epoch`'):
        history = final_model.fit([data_1, data_2], labels, nb_epoch=1,
                                  batch_size=32, verbose=0)  # seed: 10
    finite_losses(history)
    # The branches share their weights with the merged model.
    left = left_branch.predict(data_1[:4])
    right = right_branch.predict(data_2[:4])
    merged = np.concatenate([left, right], axis=-1) if mode == 'concat' \
        else left - right
    kernel, bias = final_model.layers[-1].get_weights()
    logits = merged.dot(kernel) + bias
    expected = np.exp(logits - logits.max(axis=1, keepdims=True))
    expected /= expected.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(final_model.predict([data_1[:4], data_2[:4]]),
                               expected, rtol=1e-4, atol=1e-6)


@trains
def test_two_merged_lstm_encoders():
    timesteps, data_dim, nb_classes = 8, 16, 10
    x_train_a = np.random.random((128, timesteps, data_dim))  # seed: 1000
    x_train_b = np.random.random((128, timesteps, data_dim))
    y_train = np.random.random((128, nb_classes))
    x_val_a = np.random.random((64, timesteps, data_dim))  # seed: 100
    x_val_b = np.random.random((64, timesteps, data_dim))
    y_val = np.random.random((64, nb_classes))
    decoder = build_two_lstm_encoders()
    decoder.compile(loss='categorical_crossentropy',
                    optimizer='rmsprop',
                    metrics=['accuracy'])
    with keras1_warnings('`nb_epoch`'):
        history = decoder.fit([x_train_a, x_train_b], y_train,
                              batch_size=64, nb_epoch=1,  # seed: 5
                              validation_data=([x_val_a, x_val_b], y_val),
                              verbose=0)
    finite_losses(history)
    assert np.isfinite(history.history['val_loss'][0])


@trains
def test_image_captioning():
    images_ = images(8, (3, VGG_SIDE, VGG_SIDE), np.random)
    partial_captions = np.random.randint(VOCAB_SIZE,
                                         size=(8, CAPTION_LENGTH))
    next_words = one_hot(np.random.randint(VOCAB_SIZE, size=8), VOCAB_SIZE)
    model = build_image_captioning()
    model.compile(loss='categorical_crossentropy', optimizer='rmsprop')
    with keras1_warnings('`nb_epoch`'):
        history = model.fit([images_, partial_captions], next_words,
                            batch_size=16, nb_epoch=1,  # seed: 100
                            verbose=0)
    finite_losses(history)


# ---------------------------------------------------------------------------
# Functional guides (S000, S002, S004).


@trains
@pytest.mark.parametrize('keras1', [True, False], ids=['keras1', 'keras2'])
def test_functional_mlp(keras1):
    data = easy_digits(np.random.RandomState(0), 64)[0].reshape(64, 784)
    labels = one_hot(np.random.randint(10, size=64), 10)
    model = build_functional_mlp(keras1)
    model.compile(optimizer='rmsprop',
                  loss='categorical_crossentropy',
                  metrics=['accuracy'])
    history = model.fit(data, labels, verbose=0)  # starts training
    finite_losses(history)
    # All models are callable, just like layers: the weights are reused.
    x = Input(shape=(784,))
    y = model(x)
    assert K.int_shape(y) == (None, 10)
    np.testing.assert_allclose(Model(x, y).predict(data[:4]),
                               model.predict(data[:4]), rtol=1e-5)


@trains
def test_model_applied_to_every_timestep():
    # S002 / S004: "turn an image classification model into a video
    # classification model, in just one line".
    model = build_functional_mlp(keras1=False)
    model.compile(optimizer='rmsprop', loss='categorical_crossentropy')

    # input tensor for sequences of 20 timesteps,
    # each containing a 784-dimensional vector
    input_sequences = Input(shape=(20, 784))

    # this applies our previous model to every timestep in the input
    # sequences. the output of the previous model was a 10-way softmax,
    # so the output of the layer below will be a sequence of 20 vectors of
    # size 10.
    processed_sequences = TimeDistributed(model)(input_sequences)
    assert K.int_shape(processed_sequences) == (None, 20, 10)

    video_model = Model(input_sequences, processed_sequences)
    assert video_model.count_params() == 55050
    sequences = np.random.random((2, 20, 784)).astype('float32')
    per_step = video_model.predict(sequences)
    np.testing.assert_allclose(
        per_step.reshape(40, 10), model.predict(sequences.reshape(40, 784)),
        rtol=1e-4, atol=1e-6)
    video_model.compile(optimizer='rmsprop', loss='categorical_crossentropy')
    targets = one_hot(np.random.randint(10, size=40), 10).reshape(2, 20, 10)
    finite_losses(video_model.fit(sequences, targets, verbose=0))


def headline_data_for(n, rng):
    headline_data = rng.randint(1, 10000, size=(n, HEADLINE_LENGTH))
    additional_data = rng.random_sample((n, 5))
    labels = (additional_data[:, :1] > 0.5).astype('float32')  # easy
    return headline_data, additional_data, labels


@trains
@pytest.mark.parametrize('keras1', [True, False], ids=['keras1', 'keras2'])
def test_multi_input_multi_output(keras1):
    # Both seeds compile with lists, then with dicts keyed by the layer
    # names: the Keras 1 variant takes the lists, the Keras 2 one the dicts.
    headline_data, additional_data, labels = headline_data_for(
        64, np.random.RandomState(0))
    model = build_twitter(keras1)
    if keras1:
        model.compile(optimizer='rmsprop', loss='binary_crossentropy',
                      loss_weights=[1., 0.2])
        inputs = [headline_data, additional_data]
        targets = [labels, labels]
        with keras1_warnings('`nb_epoch`'):
            before = model.evaluate(inputs, targets, verbose=0)
            history = model.fit(inputs, targets, nb_epoch=1,  # seed: 50
                                batch_size=32, verbose=0)
    else:
        model.compile(optimizer='rmsprop',
                      loss={'main_output': 'binary_crossentropy',
                            'aux_output': 'binary_crossentropy'},
                      loss_weights={'main_output': 1., 'aux_output': 0.2})
        inputs = {'main_input': headline_data, 'aux_input': additional_data}
        targets = {'main_output': labels, 'aux_output': labels}
        before = model.evaluate(inputs, targets, verbose=0)
        history = model.fit(inputs, targets, epochs=1,  # seed: 50
                            batch_size=32, verbose=0)
    assert model.metrics_names == ['loss', 'main_output_loss',
                                   'aux_output_loss']
    finite_losses(history)
    assert sorted(history.history) == ['aux_output_loss', 'loss',
                                       'main_output_loss']
    total, main, aux = model.evaluate(inputs, targets, batch_size=64,
                                      verbose=0)
    # The total loss is the weighted sum of the output losses.
    np.testing.assert_allclose(total, main + 0.2 * aux, rtol=1e-4)
    assert total < before[0]


@trains
@pytest.mark.parametrize('keras1', [True, False], ids=['keras1', 'keras2'])
def test_shared_lstm(keras1):
    data_a = (np.random.random((64, TWEET_LENGTH, 256)) > 0.9).astype(
        'float32')
    data_b = (np.random.random((64, TWEET_LENGTH, 256)) > 0.9).astype(
        'float32')
    labels = np.random.randint(2, size=(64, 1))
    model = build_shared_lstm(keras1)
    model.compile(optimizer='rmsprop',
                  loss='binary_crossentropy',
                  metrics=['accuracy'])
    # One LSTM, two uses: its three weights appear once in the model.
    assert len(model.trainable_weights) == 3 + 2
    if keras1:
        with keras1_warnings('`nb_epoch`'):
            history = model.fit([data_a, data_b], labels, nb_epoch=1,
                                verbose=0)  # seed: nb_epoch=10
    else:
        history = model.fit([data_a, data_b], labels, epochs=1, verbose=0)
    finite_losses(history)


@trains
def test_inception_module():
    model, tower_1_model = build_inception()
    x = images(4, (3, INCEPTION_SIDE, INCEPTION_SIDE), np.random)
    output = model.predict(x)
    # Concatenated on the channel axis (1), towers in order.
    np.testing.assert_allclose(output[:, :64], tower_1_model.predict(x),
                               rtol=1e-5, atol=1e-6)
    model.compile(optimizer='rmsprop', loss='mse')
    finite_losses(model.fit(x, np.random.random(output.shape), verbose=0))


@trains
def test_residual_connection():
    model, conv_model = build_residual()
    x = images(4, (3, INCEPTION_SIDE, INCEPTION_SIDE), np.random)
    # this returns x + y.
    np.testing.assert_allclose(model.predict(x), x + conv_model.predict(x),
                               rtol=1e-5, atol=1e-6)
    model.compile(optimizer='rmsprop', loss='mse')
    target = 2. * x  # reachable: the convolution learns the identity
    before = loss_of(model, x, target)
    history = model.fit(x, target, epochs=1, batch_size=1, verbose=0)
    finite_losses(history)
    assert loss_of(model, x, target) < before


@trains
def test_shared_vision_model():
    classification_model = build_shared_vision()
    digits_a = images(8, (1, 27, 27), np.random)
    digits_b = images(8, (1, 27, 27), np.random)
    same = np.random.randint(2, size=(8, 1))
    classification_model.compile(optimizer='rmsprop',
                                 loss='binary_crossentropy')
    history = classification_model.fit([digits_a, digits_b], same,
                                       batch_size=4, verbose=0)
    finite_losses(history)


def vqa_data(n, rng):
    image = images(n, (3, VQA_SIDE, VQA_SIDE), rng)
    question = rng.randint(1, 10000, size=(n, QUESTION_LENGTH))
    answer = one_hot(rng.randint(1000, size=n), 1000)
    return image, question, answer


@trains
def test_visual_question_answering():
    vqa_model = build_vqa()[0]
    image, question, answer = vqa_data(4, np.random.RandomState(0))
    vqa_model.compile(optimizer='rmsprop', loss='categorical_crossentropy')
    history = vqa_model.fit([image, question], answer, batch_size=4,
                            verbose=0)
    finite_losses(history)


FRAMES = 2  # seed: 100 frames


def build_video_qa():
    # S002 "video question answering model", built on the VQA model's
    # vision model and question encoder (weights reused).
    vqa_model, vision_model, question_input, encoded_question = build_vqa()
    with keras1_warnings(update_call('Model'), MERGE_FUNCTION):
        video_input = Input(shape=(FRAMES, 3, VQA_SIDE, VQA_SIDE))
        # this is our video encoded via the previously trained vision_model
        # (weights are reused)
        encoded_frame_sequence = TimeDistributed(vision_model)(video_input)
        encoded_video = LSTM(256)(encoded_frame_sequence)

        # this is a model-level representation of the question encoder,
        # reusing the same weights as before:
        question_encoder = Model(input=question_input,
                                 output=encoded_question)

        # let's use it to encode the question:
        video_question_input = Input(shape=(QUESTION_LENGTH,),
                                     dtype='int32')
        encoded_video_question = question_encoder(video_question_input)

        # and this is our video question answering model:
        merged = merge([encoded_video, encoded_video_question],
                       mode='concat')
        output = Dense(1000, activation='softmax')(merged)
        video_qa_model = Model(input=[video_input, video_question_input],
                               output=output)
    assert K.int_shape(encoded_frame_sequence) == (None, FRAMES, 256)
    # vision 1735488 + LSTM(256) on 256: 525312 + question encoder
    # (2560000 + 525312) + Dense(1000) on 512: 513000
    check(question_encoder, (None, 256), 3085312)
    check(video_qa_model, (None, 1000), 5859112)
    return video_qa_model, vision_model


@trains
def test_video_question_answering():
    video_qa_model, vision_model = build_video_qa()
    rng = np.random.RandomState(0)
    video = images(2, (FRAMES, 3, VQA_SIDE, VQA_SIDE), rng)
    question = rng.randint(1, 10000, size=(2, QUESTION_LENGTH))
    answer = one_hot(rng.randint(1000, size=2), 1000)
    # TimeDistributed runs the very vision model on every frame (its output
    # per frame is checked in test_model_applied_to_every_timestep).
    [wrapper] = [layer for layer in video_qa_model.layers
                 if isinstance(layer, TimeDistributed)]
    assert wrapper.layer is vision_model
    video_qa_model.compile(optimizer='rmsprop',
                           loss='categorical_crossentropy')
    history = video_qa_model.fit([video, question], answer, batch_size=2,
                                 verbose=0)
    finite_losses(history)


@trains
def test_freezing_layers():
    frozen_model, trainable_model, layer = build_freezing()
    data = np.random.random((32, 32))
    labels = np.random.random((32, 32))
    weights = layer.get_weights()
    # this does NOT update the weights of `layer`
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')  # 2.3.1's "Discrepancy" warning
        finite_losses(frozen_model.fit(data, labels, verbose=0))
    for before, after in zip(weights, layer.get_weights()):
        np.testing.assert_array_equal(before, after)
    # this updates the weights of `layer`
    finite_losses(trainable_model.fit(data, labels, verbose=0))
    assert not np.allclose(weights[0], layer.get_weights()[0])


# ---------------------------------------------------------------------------
# The blog posts of S002: autoencoders.


def digits_in_unit_interval(n, rng):
    return easy_digits(rng, n)[0].astype('float32')


def binary_crossentropy_np(target, output):
    output = np.clip(output, K.epsilon(), 1. - K.epsilon())
    return -np.mean(target * np.log(output) +
                    (1. - target) * np.log(1. - output), axis=-1)


@trains
def test_simple_autoencoder():
    autoencoder, encoder, decoder = build_simple_autoencoder()
    autoencoder.compile(optimizer='adadelta', loss='binary_crossentropy')
    rng = np.random.RandomState(0)
    x_train = digits_in_unit_interval(64, rng).reshape((64, 784))
    x_test = digits_in_unit_interval(16, rng).reshape((16, 784))
    with keras1_warnings('`nb_epoch`'):
        history = autoencoder.fit(x_train, x_train,
                                  nb_epoch=1,  # seed: 50
                                  batch_size=256,
                                  shuffle=True,
                                  validation_data=(x_test, x_test),
                                  verbose=0)
    finite_losses(history)
    # encode and decode some digits: the two halves give the whole.
    encoded_imgs = encoder.predict(x_test)
    decoded_imgs = decoder.predict(encoded_imgs)
    assert encoded_imgs.shape == (16, 32)
    np.testing.assert_allclose(decoded_imgs, autoencoder.predict(x_test),
                               rtol=1e-4, atol=1e-6)


@trains
def test_sparse_autoencoder():
    autoencoder, encoder = build_sparse_autoencoder()
    autoencoder.compile(optimizer='adadelta', loss='binary_crossentropy')
    x = digits_in_unit_interval(16, np.random.RandomState(0)).reshape(16, 784)
    finite_losses(autoencoder.fit(x, x, epochs=1, batch_size=256, verbose=0))
    assert len(autoencoder.losses) == 1
    # The activity penalty adds 1e-4 * sum(|code|) over the batch.
    expected = (binary_crossentropy_np(x, autoencoder.predict(x)).mean() +
                10e-5 * np.abs(encoder.predict(x)).sum())
    np.testing.assert_allclose(autoencoder.evaluate(x, x, batch_size=16,
                                                    verbose=0),
                               expected, rtol=1e-4)


@trains
def test_deep_autoencoder():
    autoencoder = build_deep_autoencoder()
    autoencoder.compile(optimizer='adadelta', loss='binary_crossentropy')
    rng = np.random.RandomState(0)
    x_train = digits_in_unit_interval(64, rng).reshape((64, 784))
    x_test = digits_in_unit_interval(16, rng).reshape((16, 784))
    with keras1_warnings('`nb_epoch`'):
        history = autoencoder.fit(x_train, x_train,
                                  nb_epoch=1,  # seed: 100
                                  batch_size=256,
                                  shuffle=True,
                                  validation_data=(x_test, x_test),
                                  verbose=0)
    finite_losses(history)


@trains
@pytest.mark.parametrize('denoising', [False, True],
                         ids=['convolutional', 'denoising'])
def test_convolutional_autoencoder(denoising):
    rng = np.random.RandomState(0)
    x_train = digits_in_unit_interval(8, rng)  # seed: the 60000 of MNIST
    x_test = digits_in_unit_interval(4, rng)
    x_train = np.reshape(x_train, (len(x_train), 1, 28, 28))
    x_test = np.reshape(x_test, (len(x_test), 1, 28, 28))
    if denoising:
        noise_factor = 0.5
        x_train_noisy = x_train + noise_factor * np.random.normal(
            loc=0.0, scale=1.0, size=x_train.shape)
        x_test_noisy = x_test + noise_factor * np.random.normal(
            loc=0.0, scale=1.0, size=x_test.shape)
        x_train_noisy = np.clip(x_train_noisy, 0., 1.)
        x_test_noisy = np.clip(x_test_noisy, 0., 1.)
        autoencoder = build_denoising_autoencoder()
    else:
        x_train_noisy, x_test_noisy = x_train, x_test
        autoencoder = build_conv_autoencoder()
    autoencoder.compile(optimizer='adadelta', loss='binary_crossentropy')
    # The seeds add callbacks=[TensorBoard(...)], a callback not in this
    # project yet.
    with keras1_warnings('`nb_epoch`'):
        history = autoencoder.fit(x_train_noisy, x_train,
                                  nb_epoch=1,  # seed: 50 / 100
                                  batch_size=128,
                                  shuffle=True,
                                  validation_data=(x_test_noisy, x_test),
                                  verbose=0)
    finite_losses(history)
    assert np.isfinite(history.history['val_loss'][0])


@trains
def test_sequence_autoencoder():
    sequence_autoencoder, encoder = build_sequence_autoencoder()
    sequences = np.random.random((16, 4, 3))
    # The seed stops at the models; trained here as an autoencoder is.
    sequence_autoencoder.compile(optimizer='rmsprop', loss='mse')
    before = loss_of(sequence_autoencoder, sequences, sequences)
    history = sequence_autoencoder.fit(sequences, sequences, batch_size=4,
                                       verbose=0)
    finite_losses(history)
    assert loss_of(sequence_autoencoder, sequences, sequences) < before


@trains
def test_variational_autoencoder():
    vae, encoder, generator, vae_loss = build_vae()
    vae.compile(optimizer='rmsprop', loss=vae_loss)
    rng = np.random.RandomState(0)
    x_train = digits_in_unit_interval(16, rng).reshape((16, 784))
    x_test = digits_in_unit_interval(8, rng).reshape((8, 784))
    batch_size = VAE_BATCH
    with keras1_warnings('`nb_epoch`'):
        history = vae.fit(x_train, x_train,
                          shuffle=True,
                          nb_epoch=1,
                          batch_size=batch_size,
                          validation_data=(x_test, x_test),
                          verbose=0)
    finite_losses(history)
    assert np.isfinite(history.history['val_loss'][0])
    x_test_encoded = encoder.predict(x_test, batch_size=batch_size)
    assert x_test_encoded.shape == (8, 2)
    # The generator maps points of the latent plane to digits.
    z_sample = np.array([[0.5, -0.5]])
    x_decoded = generator.predict(z_sample)
    assert x_decoded.shape == (1, 784)
    # Sampling draws anew at every call.
    first = vae.predict(x_test, batch_size=batch_size)
    assert not np.allclose(first, vae.predict(x_test, batch_size=batch_size))


# ---------------------------------------------------------------------------
# The other blog posts of S002.


FILTER_SIDE = 32  # seed: 128; five poolings need 32
VGG16_WIDTH_DIVISOR = 8  # seed: 1 (VGG16's widths, 64 to 512)


def build_vgg16_filters(img_width=FILTER_SIDE, img_height=FILTER_SIDE):
    # S002 blog "how convolutional neural networks see the world". The
    # widths are VGG16's divided by W (seed: W = 1, 14714688 parameters).
    W = VGG16_WIDTH_DIVISOR
    with image_ordering('channels_first'), keras1_warnings(
            update_call('Conv2D')):
        model = Sequential()
        model.add(ZeroPadding2D((1, 1), batch_input_shape=(
            1, 3, img_width, img_height)))
        first_layer = model.layers[-1]
        # this is a placeholder tensor that will contain our generated images
        input_img = first_layer.input

        # build the rest of the network
        model.add(Convolution2D(64 // W, 3, 3, activation='relu',
                                name='conv1_1'))
        model.add(ZeroPadding2D((1, 1)))
        model.add(Convolution2D(64 // W, 3, 3, activation='relu',
                                name='conv1_2'))
        model.add(MaxPooling2D((2, 2), strides=(2, 2)))

        model.add(ZeroPadding2D((1, 1)))
        model.add(Convolution2D(128 // W, 3, 3, activation='relu',
                                name='conv2_1'))
        model.add(ZeroPadding2D((1, 1)))
        model.add(Convolution2D(128 // W, 3, 3, activation='relu',
                                name='conv2_2'))
        model.add(MaxPooling2D((2, 2), strides=(2, 2)))

        model.add(ZeroPadding2D((1, 1)))
        model.add(Convolution2D(256 // W, 3, 3, activation='relu',
                                name='conv3_1'))
        model.add(ZeroPadding2D((1, 1)))
        model.add(Convolution2D(256 // W, 3, 3, activation='relu',
                                name='conv3_2'))
        model.add(ZeroPadding2D((1, 1)))
        model.add(Convolution2D(256 // W, 3, 3, activation='relu',
                                name='conv3_3'))
        model.add(MaxPooling2D((2, 2), strides=(2, 2)))

        model.add(ZeroPadding2D((1, 1)))
        model.add(Convolution2D(512 // W, 3, 3, activation='relu',
                                name='conv4_1'))
        model.add(ZeroPadding2D((1, 1)))
        model.add(Convolution2D(512 // W, 3, 3, activation='relu',
                                name='conv4_2'))
        model.add(ZeroPadding2D((1, 1)))
        model.add(Convolution2D(512 // W, 3, 3, activation='relu',
                                name='conv4_3'))
        model.add(MaxPooling2D((2, 2), strides=(2, 2)))

        model.add(ZeroPadding2D((1, 1)))
        model.add(Convolution2D(512 // W, 3, 3, activation='relu',
                                name='conv5_1'))
        model.add(ZeroPadding2D((1, 1)))
        model.add(Convolution2D(512 // W, 3, 3, activation='relu',
                                name='conv5_2'))
        model.add(ZeroPadding2D((1, 1)))
        model.add(Convolution2D(512 // W, 3, 3, activation='relu',
                                name='conv5_3'))
        model.add(MaxPooling2D((2, 2), strides=(2, 2)))
    # Widths 8, 16, 32, 64, 64: 224 + 584 + 1168 + 2320 + 4640 + 2*9248 +
    # 18496 + 5*36928 = 230568.
    check(model, (1, 512 // W, img_width // 32, img_height // 32), 230568)
    return model, input_img


def write_keras1_weight_file(path, model, rng):
    """A weight file of the layout the blog reads (Keras 0/1's
    `layer_{k}/param_{p}` groups): small random weights, returned too."""
    import h5py
    written = []
    with h5py.File(path, 'w') as f:
        f.attrs['nb_layers'] = len(model.layers) + 2  # + two Dense layers
        for k in range(len(model.layers) + 2):
            g = f.create_group('layer_{}'.format(k))
            shapes = ([K.int_shape(w) for w in model.layers[k].weights]
                      if k < len(model.layers) else [(4, 4), (4,)])
            g.attrs['nb_params'] = len(shapes)
            params = [(0.01 * rng.standard_normal(shape)).astype('float32')
                      for shape in shapes]
            for p, param in enumerate(params):
                g.create_dataset('param_{}'.format(p), data=param)
            written.append(params)
    return written


@trains
def test_vgg16_filter_visualization(tmp_path):
    h5py = pytest.importorskip('h5py')
    model, input_img = build_vgg16_filters()
    # get the symbolic outputs of each "key" layer (we gave them unique
    # names).
    layer_dict = dict([(layer.name, layer) for layer in model.layers])
    assert 'conv5_1' in layer_dict

    weights_path = str(tmp_path / 'vgg16_weights.h5')
    written = write_keras1_weight_file(weights_path, model,
                                       np.random.RandomState(0))
    f = h5py.File(weights_path, 'r')
    for k in range(f.attrs['nb_layers']):
        if k >= len(model.layers):
            # we don't look at the last (fully-connected) layers in the
            # savefile
            break
        g = f['layer_{}'.format(k)]
        weights = [g['param_{}'.format(p)]
                   for p in range(g.attrs['nb_params'])]
        model.layers[k].set_weights(weights)
    f.close()
    for layer, params in zip(model.layers, written):
        for weight, param in zip(layer.get_weights(), params):
            np.testing.assert_array_equal(weight, param)

    layer_name = 'conv5_1'
    filter_index = 0
    # build a loss function that maximizes the activation
    # of the nth filter of the layer considered
    layer_output = layer_dict[layer_name].output
    loss = K.mean(layer_output[:, filter_index, :, :])
    # compute the gradient of the input picture wrt this loss
    grads = K.gradients(loss, input_img)[0]
    # normalization trick: we normalize the gradient
    grads /= (K.sqrt(K.mean(K.square(grads))) + 1e-5)
    # this function returns the loss and grads given the input picture
    iterate = K.function([input_img], [loss, grads])

    # we start from a gray image with some noise
    input_img_data = np.random.random((1, 3, FILTER_SIDE, FILTER_SIDE)) * \
        20 + 128.
    step = 1.
    loss_values = []
    for i in range(3):  # seed: 20 steps
        loss_value, grads_value = iterate([input_img_data])
        assert grads_value.shape == (1, 3, FILTER_SIDE, FILTER_SIDE)
        input_img_data += grads_value * step
        loss_values.append(float(loss_value))
    assert np.all(np.isfinite(loss_values))
    # Gradient ascent: the filter's activation does not go down.
    assert loss_values[-1] >= loss_values[0]


class ImageBatches(object):
    """What `flow_from_directory` returns, for the blog's calls: an endless
    iterator of (images, binary labels) batches with a `batch_size`
    (`ImageDataGenerator` is not in this project yet)."""

    def __init__(self, n, batch_size=4, class_mode='binary'):
        rng = np.random.RandomState(n)
        self.x = images(n, (3, CATS_SIDE, CATS_SIDE), rng)
        self.y = rng.randint(2, size=(n, 1)).astype('float32')
        self.batch_size = batch_size
        self.class_mode = class_mode
        self.index = 0

    def __iter__(self):
        return self

    def __next__(self):
        start = self.index % len(self.x)
        self.index += self.batch_size
        x = self.x[start:start + self.batch_size]
        if self.class_mode is None:
            return x
        return x, self.y[start:start + self.batch_size]

    next = __next__


class CountBatches(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.batches = 0

    def on_batch_end(self, batch, logs=None):
        self.batches += 1


@trains
def test_cats_and_dogs_small_convnet():
    model = build_cats_dogs_convnet()
    model.compile(loss='binary_crossentropy',
                  optimizer='rmsprop',
                  metrics=['accuracy'])
    train_generator = ImageBatches(16)
    validation_generator = ImageBatches(8)
    counter = CountBatches()
    with keras1_warnings('`samples_per_epoch`'):
        history = model.fit_generator(
            train_generator,
            samples_per_epoch=8,  # seed: 2000, with batches of 32
            nb_epoch=1,  # seed: 50
            validation_data=validation_generator,
            nb_val_samples=2,  # seed: 800
            callbacks=[counter],
            verbose=0)
    finite_losses(history)
    # Keras 2 counts batches: samples_per_epoch / batch_size of them.
    assert counter.batches == 2
    assert np.isfinite(history.history['val_loss'][0])


@trains
def test_cats_and_dogs_bottleneck_features_and_fine_tuning():
    # The blog's convolutional base is VGG16 with ImageNet weights
    # (keras.applications, not in this project yet): the small convnet's
    # convolutional blocks stand in for it.
    model = build_cats_dogs_convnet()
    for _ in range(6):
        model.pop()
    assert model.output_shape == (None, 64, 1, 1)

    generator = ImageBatches(16, class_mode=None)
    # In Keras 2 the second argument counts batches (Keras 1: samples).
    bottleneck_features_train = model.predict_generator(generator, 4)
    assert bottleneck_features_train.shape == (16, 64, 1, 1)
    train_data = bottleneck_features_train
    train_labels = np.array([0] * 8 + [1] * 8)

    top_model = Sequential()
    top_model.add(Flatten(input_shape=train_data.shape[1:]))
    top_model.add(Dense(256, activation='relu'))
    top_model.add(Dropout(0.5))
    top_model.add(Dense(1, activation='sigmoid'))
    top_model.compile(optimizer='rmsprop',
                      loss='binary_crossentropy',
                      metrics=['accuracy'])
    with keras1_warnings('`nb_epoch`'):
        history = top_model.fit(train_data, train_labels,
                                nb_epoch=1, batch_size=32,  # seed: 50
                                validation_data=(train_data, train_labels),
                                verbose=0)
    finite_losses(history)

    # Fine-tuning: the trained classifier on top of the convolutional base
    # (the blog reloads it from 'bottleneck_fc_model.h5').
    trained_top_weights = top_model.get_weights()
    top_model = Sequential()
    top_model.add(Flatten(input_shape=model.output_shape[1:]))
    top_model.add(Dense(256, activation='relu'))
    top_model.add(Dropout(0.5))
    top_model.add(Dense(1, activation='sigmoid'))
    top_model.set_weights(trained_top_weights)
    model.add(top_model)
    assert model.output_shape == (None, 1)

    # set the first layers (up to the last conv block) to non-trainable
    for layer in model.layers[:6]:
        layer.trainable = False
    frozen = [w.copy() for w in model.get_weights()[:4]]
    last_block = model.layers[6].get_weights()[0].copy()
    model.compile(loss='binary_crossentropy',
                  optimizer=keras.optimizers.SGD(lr=1e-4, momentum=0.9),
                  metrics=['accuracy'])
    with keras1_warnings('`samples_per_epoch`'):
        history = model.fit_generator(
            ImageBatches(16),
            samples_per_epoch=16,
            nb_epoch=1,
            validation_data=ImageBatches(8),
            nb_val_samples=2,
            verbose=0)
    finite_losses(history)
    for before, after in zip(frozen, model.get_weights()[:4]):
        np.testing.assert_array_equal(before, after)
    assert not np.array_equal(last_block, model.layers[6].get_weights()[0])


@trains
def test_pretrained_word_embeddings_conv1d():
    model, embedding_layer, embedding_matrix = build_glove_conv1d()
    rng = np.random.RandomState(0)
    x_train = rng.randint(0, 41, size=(4, SEQUENCE_LENGTH))
    y_train = one_hot(rng.randint(20, size=4), 20)
    model.compile(loss='categorical_crossentropy',
                  optimizer='rmsprop',
                  metrics=['acc'])
    with keras1_warnings('`nb_epoch`'):
        history = model.fit(x_train, y_train,
                            validation_data=(x_train, y_train),
                            nb_epoch=1, batch_size=128,  # seed: nb_epoch=2
                            verbose=0)
    finite_losses(history)
    assert sorted(history.history) == ['acc', 'loss', 'val_acc', 'val_loss']
    # trainable=False: the GloVe vectors do not move.
    np.testing.assert_array_equal(embedding_layer.get_weights()[0],
                                  embedding_matrix)


@trains
def test_keras_layers_in_a_hand_written_training_loop():
    # S002 blog "Keras as a simplified interface to TensorFlow", written
    # with the backend's placeholders, gradients and functions instead of
    # tf.placeholder / tf.train (TensorFlow 1 only): Keras layers called on
    # a placeholder, a loss from keras.objectives, the learning phase fed.
    from keras.metrics import categorical_accuracy as accuracy
    from keras.objectives import categorical_crossentropy
    img = K.placeholder(shape=(None, 784))
    labels = K.placeholder(shape=(None, 10))
    # Keras layers can be called on backend tensors (the blog keeps no
    # reference to them; here they are named to collect their weights):
    hidden_1 = Dense(128, activation='relu')
    hidden_2 = Dense(128, activation='relu')
    output_layer = Dense(10, activation='softmax')
    x = hidden_1(img)
    x = Dropout(0.5)(x)
    x = hidden_2(x)
    x = Dropout(0.5)(x)
    preds = output_layer(x)
    loss = K.mean(categorical_crossentropy(labels, preds))
    params = (hidden_1.trainable_weights + hidden_2.trainable_weights +
              output_layer.trainable_weights)
    assert len(params) == 6
    grads = K.gradients(loss, params)
    train_step = K.function([img, labels, K.learning_phase()], [loss],
                            updates=[(p, p - 0.5 * g)
                                     for p, g in zip(params, grads)])
    rng = np.random.RandomState(0)
    data, digits = easy_digits(rng, 64)
    data = data.reshape(64, 784)
    targets = one_hot(digits, 10)
    losses = [train_step([data[i:i + 16], targets[i:i + 16], 1])[0]
              for i in range(0, 64, 16) for _ in range(3)]
    assert np.all(np.isfinite(losses))
    acc_value = accuracy(labels, preds)
    evaluate = K.function([img, labels, K.learning_phase()], [acc_value])
    assert np.mean(evaluate([data, targets, 0])[0]) > 0.5


# ---------------------------------------------------------------------------
# S003 (tf.keras functional style).


@trains
def test_s003_three_inputs_two_outputs_regression():
    model = build_s003_mlp()
    rng = np.random.RandomState(0)
    x = rng.normal(size=(128, 3))
    y = x.dot(rng.normal(size=(3, 2))) + 0.5  # linear: an easy function
    model.compile(optimizer='adam', loss='mse')
    before = loss_of(model, x, y)
    history = model.fit(x, y, batch_size=8, epochs=1, verbose=0)
    finite_losses(history)
    assert loss_of(model, x, y) < before
    assert model.predict(x[:3]).shape == (3, 2)


@trains
def test_s003_convolutional_classifier():
    model = build_s003_conv()
    x = images(8, (28, 28, 3), np.random)
    y = one_hot(np.random.randint(10, size=8), 10)
    model.compile(optimizer='adam', loss='mse')
    finite_losses(model.fit(x, y, batch_size=4, verbose=0))
    assert model.predict(x).shape == (8, 10)


def parity_batches(batch_size=8, seed=0):
    """S003's data pipeline: a (10, 10) integer array labelled 1 when it
    has more even numbers than odd ones, -1 when fewer, 0 when as many."""
    rng = np.random.RandomState(seed)
    while True:
        x = rng.randint(0, 100, size=(batch_size, 10, 10))
        evens = np.sum(x % 2 == 0, axis=(1, 2))
        y = np.sign(evens - (100 - evens)).reshape(batch_size, 1)
        yield x.astype('float32') / 100., y.astype('float32')


@trains
def test_s003_generator_pipeline():
    inp = keras.layers.Input(shape=(10, 10))
    x = keras.layers.Flatten()(inp)
    x = keras.layers.Dense(5)(x)
    outp = keras.layers.Dense(1)(x)
    model = keras.models.Model(inputs=inp, outputs=outp)
    model.compile(optimizer='adam', loss='mse')
    history = model.fit_generator(parity_batches(), steps_per_epoch=4,
                                  epochs=1, verbose=0)
    finite_losses(history)
    x_batch, y_batch = next(parity_batches(seed=1))
    assert set(np.unique(y_batch)) <= {-1., 0., 1.}
    assert model.predict_generator(parity_batches(), steps=2).shape == (16, 1)


# ---------------------------------------------------------------------------
# Inference on every model: the numpy backend (no gradients) included.


def ints(high, *shape):
    return lambda: np.random.randint(1, high, size=shape)


def floats(*shape):
    return lambda: np.random.random(shape).astype('float32')


def several(*makers):
    return lambda: [make() for make in makers]


PREDICT_CASES = [
    ('quick_start_keras1', build_quick_start_keras1, floats(4, 100)),
    ('quick_start_keras2', build_quick_start_keras2, floats(4, 100)),
    ('mnist_mlp', build_mnist_mlp, floats(4, 784)),
    ('mnist_cnn', build_mnist_cnn, floats(4, 28, 28, 1)),
    ('mlp_softmax_keras1', build_mlp_softmax_keras1, floats(4, 20)),
    ('mlp_softmax_keras2', build_mlp_softmax_keras2, floats(4, 20)),
    ('mlp_binary_keras1', build_mlp_binary_keras1, floats(4, 20)),
    ('mlp_binary_keras2', build_mlp_binary_keras2, floats(4, 20)),
    ('vgg_like', build_vgg_like, floats(4, 3, VGG_SIDE, VGG_SIDE)),
    ('lstm_classifier', build_lstm_classifier, ints(20, 4, 6)),
    ('stacked_lstm', build_stacked_lstm, floats(4, 8, 16)),
    ('stateful_stacked_lstm', lambda: build_stacked_lstm(stateful=True),
     floats(32, 8, 16)),
    ('stateful_faq', build_stateful_faq, floats(32, 10, 16)),
    ('merged_branches', build_merged_branches,
     several(floats(4, 784), floats(4, 784))),
    ('two_lstm_encoders', build_two_lstm_encoders,
     several(floats(4, 8, 16), floats(4, 8, 16))),
    ('image_captioning', build_image_captioning,
     several(floats(4, 3, VGG_SIDE, VGG_SIDE),
             ints(VOCAB_SIZE, 4, CAPTION_LENGTH))),
    ('functional_mlp', build_functional_mlp, floats(4, 784)),
    ('twitter_keras1', build_twitter,
     several(ints(10000, 4, HEADLINE_LENGTH), floats(4, 5))),
    ('twitter_keras2', lambda: build_twitter(keras1=False),
     several(ints(10000, 4, HEADLINE_LENGTH), floats(4, 5))),
    ('shared_lstm_keras1', build_shared_lstm,
     several(floats(4, TWEET_LENGTH, 256), floats(4, TWEET_LENGTH, 256))),
    ('shared_lstm_keras2', lambda: build_shared_lstm(keras1=False),
     several(floats(4, TWEET_LENGTH, 256), floats(4, TWEET_LENGTH, 256))),
    ('inception', build_inception,
     floats(4, 3, INCEPTION_SIDE, INCEPTION_SIDE)),
    ('residual', build_residual,
     floats(4, 3, INCEPTION_SIDE, INCEPTION_SIDE)),
    ('shared_vision', build_shared_vision,
     several(floats(4, 1, 27, 27), floats(4, 1, 27, 27))),
    ('vqa', build_vqa,
     several(floats(2, 3, VQA_SIDE, VQA_SIDE), ints(10000, 2,
                                                     QUESTION_LENGTH))),
    ('video_qa', build_video_qa,
     several(floats(2, FRAMES, 3, VQA_SIDE, VQA_SIDE),
             ints(10000, 2, QUESTION_LENGTH))),
    ('freezing', build_freezing, floats(4, 32)),
    ('simple_autoencoder', build_simple_autoencoder, floats(4, 784)),
    ('sparse_autoencoder', build_sparse_autoencoder, floats(4, 784)),
    ('deep_autoencoder', build_deep_autoencoder, floats(4, 784)),
    ('conv_autoencoder', build_conv_autoencoder, floats(4, 1, 28, 28)),
    ('denoising_autoencoder', build_denoising_autoencoder,
     floats(4, 1, 28, 28)),
    ('sequence_autoencoder', build_sequence_autoencoder, floats(4, 4, 3)),
    ('vae', build_vae, floats(VAE_BATCH, 784)),
    ('vgg16_filters', build_vgg16_filters,
     floats(1, 3, FILTER_SIDE, FILTER_SIDE)),
    ('cats_dogs_convnet', build_cats_dogs_convnet,
     floats(4, 3, CATS_SIDE, CATS_SIDE)),
    ('glove_conv1d', build_glove_conv1d, ints(41, 2, SEQUENCE_LENGTH)),
    ('s003_mlp', build_s003_mlp, floats(4, 3)),
    ('s003_conv', build_s003_conv, floats(4, 28, 28, 3)),
]


@pytest.mark.backends('numpy')
@pytest.mark.parametrize('build,make_inputs',
                         [case[1:] for case in PREDICT_CASES],
                         ids=[case[0] for case in PREDICT_CASES])
def test_seed_model_predicts(build, make_inputs):
    built = build()
    model = built[0] if isinstance(built, tuple) else built
    inputs = make_inputs()
    batch = len(inputs[0] if isinstance(inputs, list) else inputs)
    outputs = model.predict(inputs, batch_size=batch)
    expected = model.output_shape
    if isinstance(expected, list):
        assert isinstance(outputs, list)
    else:
        outputs, expected = [outputs], [expected]
    for output, shape in zip(outputs, expected):
        assert output.shape == (batch,) + tuple(shape[1:])
        assert np.all(np.isfinite(output))
