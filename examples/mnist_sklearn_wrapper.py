"""Model selection with scikit-learn's GridSearchCV over a Keras convnet
on MNIST.

KerasClassifier (keras.wrappers.scikit_learn) makes a function that builds
a compiled model into a scikit-learn estimator: GridSearchCV then
cross-validates every combination of the dense layer sizes and numbers of
epochs below, scored by log loss, refits the best on all the training
images, and that model is evaluated on the test images. The data set is
downloaded once into ~/.keras/datasets (or $KERAS_HOME/datasets). The
options shrink the grid for a quick run; without them the script is the
classic example.
"""
import argparse

import keras
from keras import backend as K
from keras.datasets import mnist
from keras.layers import Activation
from keras.layers import Conv2D
from keras.layers import Dense
from keras.layers import Dropout
from keras.layers import Flatten
from keras.layers import MaxPooling2D
from keras.models import Sequential
from keras.wrappers.scikit_learn import KerasClassifier
from sklearn.model_selection import GridSearchCV

num_classes = 10

# input image dimensions
img_rows, img_cols = 28, 28

dense_size_candidates = ['32', '64', '32,32', '64,64']
epoch_candidates = [3, 6]


def make_model(dense_layer_sizes, filters, kernel_size, pool_size,
               input_shape):
    """Creates a model of two convolutions, max pooling, then dense
    layers of the given sizes (a list, one entry per layer)."""
    model = Sequential()
    model.add(Conv2D(filters, kernel_size, padding='valid',
                     input_shape=input_shape))
    model.add(Activation('relu'))
    model.add(Conv2D(filters, kernel_size))
    model.add(Activation('relu'))
    model.add(MaxPooling2D(pool_size=pool_size))
    model.add(Dropout(0.25))

    model.add(Flatten())
    for layer_size in dense_layer_sizes:
        model.add(Dense(layer_size))
        model.add(Activation('relu'))
    model.add(Dropout(0.5))
    model.add(Dense(num_classes))
    model.add(Activation('softmax'))

    model.compile(loss='categorical_crossentropy',
                  optimizer='adadelta',
                  metrics=['accuracy'])
    return model


def layer_sizes(text):
    """'32,32' -> [32, 32]: one candidate list of dense layer sizes."""
    try:
        sizes = [int(size) for size in text.split(',')]
    except ValueError:
        raise argparse.ArgumentTypeError(
            'expected comma-separated layer sizes such as 32,32; '
            'received: %r' % text)
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(
            'expected positive layer sizes; received: %r' % text)
    return sizes


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--dense-layer-sizes', type=layer_sizes, nargs='+',
                        default=[layer_sizes(c)
                                 for c in dense_size_candidates],
                        help='candidate dense layer sizes, each a '
                        'comma-separated list (default: %s)'
                        % ' '.join(dense_size_candidates))
    parser.add_argument('--epochs', type=int, nargs='+',
                        default=epoch_candidates,
                        help='candidate numbers of epochs (default: %s)'
                        % ' '.join(str(e) for e in epoch_candidates))
    parser.add_argument('--cv', type=int, default=None,
                        help="number of cross-validation folds (default: "
                        "scikit-learn's)")
    args = parser.parse_args(argv)

    # the data, split between train and test sets
    (x_train, y_train), (x_test, y_test) = mnist.load_data()

    if K.image_data_format() == 'channels_first':
        input_shape = (1, img_rows, img_cols)
    else:
        input_shape = (img_rows, img_cols, 1)
    x_train = x_train.reshape((len(x_train),) + input_shape)
    x_test = x_test.reshape((len(x_test),) + input_shape)
    x_train = x_train.astype('float32')
    x_test = x_test.astype('float32')
    x_train /= 255
    x_test /= 255

    # convert class vectors to binary class matrices
    y_train = keras.utils.to_categorical(y_train, num_classes)
    y_test = keras.utils.to_categorical(y_test, num_classes)

    my_classifier = KerasClassifier(make_model, batch_size=32,
                                    input_shape=input_shape)
    validator = GridSearchCV(my_classifier,
                             param_grid={
                                 'dense_layer_sizes': args.dense_layer_sizes,
                                 # epochs is a fit argument, not a model
                                 # parameter, and can be searched too.
                                 'epochs': args.epochs,
                                 'filters': [8],
                                 'kernel_size': [3],
                                 'pool_size': [2]},
                             scoring='neg_log_loss',
                             cv=args.cv,
                             n_jobs=1)
    validator.fit(x_train, y_train)

    print('The parameters of the best model are: ')
    print(validator.best_params_)

    # validator.best_estimator_ is the wrapper refitted on all the
    # training data; its .model attribute is the Keras model.
    best_model = validator.best_estimator_.model
    metric_names = best_model.metrics_names
    metric_values = best_model.evaluate(x_test, y_test)
    for metric, value in zip(metric_names, metric_values):
        print(metric, ': ', value)
    return validator, dict(zip(metric_names, metric_values))


if __name__ == '__main__':
    main()
