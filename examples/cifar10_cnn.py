"""A small convnet on the CIFAR-10 images, trained on augmented batches.

Two blocks of two 3x3 convolutions with max pooling and dropout, then a
dense classifier, trained with RMSprop on batches that ImageDataGenerator
shifts and flips at random on the fly (`fit_generator`). Keras 2's
documentation reported about 75% validation accuracy after 25 epochs and
79% after 50. The trained model is
saved as saved_models/keras_cifar10_trained_model.h5 under the current
directory. The images are laid out as `K.image_data_format()` says (set in
keras.json). The data set is downloaded once into ~/.keras/datasets (or
$KERAS_HOME/datasets). `--epochs` shortens the run; without it the script
is the classic 100-epoch example.
"""
import argparse
import os

import keras
from keras.datasets import cifar10
from keras.layers import Activation
from keras.layers import Conv2D
from keras.layers import Dense
from keras.layers import Dropout
from keras.layers import Flatten
from keras.layers import MaxPooling2D
from keras.models import Sequential
from keras.preprocessing.image import ImageDataGenerator

batch_size = 32
num_classes = 10
epochs = 100
save_dir = os.path.join(os.getcwd(), 'saved_models')
model_name = 'keras_cifar10_trained_model.h5'


def build_model(input_shape):
    model = Sequential()
    model.add(Conv2D(32, (3, 3), padding='same', input_shape=input_shape))
    model.add(Activation('relu'))
    model.add(Conv2D(32, (3, 3)))
    model.add(Activation('relu'))
    model.add(MaxPooling2D(pool_size=(2, 2)))
    model.add(Dropout(0.25))

    model.add(Conv2D(64, (3, 3), padding='same'))
    model.add(Activation('relu'))
    model.add(Conv2D(64, (3, 3)))
    model.add(Activation('relu'))
    model.add(MaxPooling2D(pool_size=(2, 2)))
    model.add(Dropout(0.25))

    model.add(Flatten())
    model.add(Dense(512))
    model.add(Activation('relu'))
    model.add(Dropout(0.5))
    model.add(Dense(num_classes))
    model.add(Activation('softmax'))
    return model


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--epochs', type=int, default=epochs,
                        help='number of training epochs (default: %d)'
                        % epochs)
    args = parser.parse_args(argv)

    (x_train, y_train), (x_test, y_test) = cifar10.load_data()
    print('x_train shape:', x_train.shape)
    print(x_train.shape[0], 'train samples')
    print(x_test.shape[0], 'test samples')

    # One-hot targets, as categorical_crossentropy expects.
    y_train = keras.utils.to_categorical(y_train, num_classes)
    y_test = keras.utils.to_categorical(y_test, num_classes)

    model = build_model(x_train.shape[1:])
    model.summary()

    # RMSprop with a small learning rate that decays a little each step.
    opt = keras.optimizers.RMSprop(learning_rate=0.0001, decay=1e-6)
    model.compile(loss='categorical_crossentropy',
                  optimizer=opt,
                  metrics=['accuracy'])

    x_train = x_train.astype('float32')
    x_test = x_test.astype('float32')
    x_train /= 255
    x_test /= 255

    print('Using real-time data augmentation.')
    # Random shifts of up to a tenth of the image and horizontal flips;
    # nothing that needs statistics of the whole set, so no `fit`.
    datagen = ImageDataGenerator(
        featurewise_center=False,
        samplewise_center=False,
        featurewise_std_normalization=False,
        samplewise_std_normalization=False,
        zca_whitening=False,
        rotation_range=0,
        width_shift_range=0.1,
        height_shift_range=0.1,
        shear_range=0.,
        zoom_range=0.,
        channel_shift_range=0.,
        fill_mode='nearest',
        cval=0.,
        horizontal_flip=True,
        vertical_flip=False,
        rescale=None,
        preprocessing_function=None,
        data_format=None,
        validation_split=0.0)

    history = model.fit_generator(
        datagen.flow(x_train, y_train, batch_size=batch_size),
        epochs=args.epochs,
        validation_data=(x_test, y_test),
        workers=4)

    if not os.path.isdir(save_dir):
        os.makedirs(save_dir)
    model_path = os.path.join(save_dir, model_name)
    model.save(model_path)
    print('Saved trained model at %s ' % model_path)

    scores = model.evaluate(x_test, y_test, verbose=1)
    print('Test loss:', scores[0])
    print('Test accuracy:', scores[1])
    return history, scores


if __name__ == '__main__':
    main()
