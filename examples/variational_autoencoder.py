"""A variational autoencoder (VAE) of the MNIST digits, with dense layers.

The encoder maps a digit to the mean and log-variance of a Gaussian over a
2-dimensional latent space; a Lambda layer draws a latent point from it
with the reparameterisation trick (z = mean + sigma * epsilon, epsilon from
a standard normal), so that gradients flow through the draw; the decoder
maps the point back to 784 pixel probabilities. The loss, added to the
model with `add_loss` (the model is compiled without targets), is the
reconstruction cross-entropy plus the Kullback-Leibler divergence of the
encoder's Gaussian from the standard normal prior (Kingma & Welling, 2013,
"Auto-Encoding Variational Bayes").

After training, the weights are saved as vae_mlp_mnist.h5, and the digits
the decoder draws over a grid of latent points as
vae_mlp/digits_over_latent.png, under the current directory. The data set
is downloaded once into ~/.keras/datasets (or $KERAS_HOME/datasets).
`--epochs` shortens the run; `-w` loads saved weights instead of training;
`--mse` uses a squared-error reconstruction loss.
"""
import argparse
import os

import numpy as np

from keras import backend as K
from keras.datasets import mnist
from keras.layers import Dense
from keras.layers import Input
from keras.layers import Lambda
from keras.losses import binary_crossentropy
from keras.losses import mse
from keras.models import Model
from keras.preprocessing.image import save_img

original_dim = 28 * 28
intermediate_dim = 512
latent_dim = 2
batch_size = 128
epochs = 50
weights_name = 'vae_mlp_mnist.h5'
plot_dir = 'vae_mlp'
# Digits drawn per side of the latent grid.
grid_size = 30


def sampling(args):
    """Reparameterisation trick: a draw from N(z_mean, exp(z_log_var)) as
    z_mean + exp(z_log_var / 2) * epsilon, epsilon ~ N(0, I).

    # Arguments
        args: the tensors [z_mean, z_log_var], each (batch, latent).
    """
    z_mean, z_log_var = args
    epsilon = K.random_normal(shape=K.shape(z_mean))
    return z_mean + K.exp(0.5 * z_log_var) * epsilon


def kl_divergence(z_mean, z_log_var):
    """KL(N(z_mean, exp(z_log_var)) || N(0, I)) per sample, in closed form:
    -1/2 * sum(1 + log var - mean^2 - var) over the latent axis."""
    kl = 1 + z_log_var - K.square(z_mean) - K.exp(z_log_var)
    return -0.5 * K.sum(kl, axis=-1)


def build_vae(use_mse=False):
    """The encoder, the decoder and the VAE chaining them, the VAE with
    its loss added."""
    inputs = Input(shape=(original_dim,), name='encoder_input')
    x = Dense(intermediate_dim, activation='relu')(inputs)
    z_mean = Dense(latent_dim, name='z_mean')(x)
    z_log_var = Dense(latent_dim, name='z_log_var')(x)
    z = Lambda(sampling, output_shape=(latent_dim,), name='z')(
        [z_mean, z_log_var])
    encoder = Model(inputs, [z_mean, z_log_var, z], name='encoder')

    latent_inputs = Input(shape=(latent_dim,), name='z_sampling')
    x = Dense(intermediate_dim, activation='relu')(latent_inputs)
    outputs = Dense(original_dim, activation='sigmoid')(x)
    decoder = Model(latent_inputs, outputs, name='decoder')

    outputs = decoder(encoder(inputs)[2])
    vae = Model(inputs, outputs, name='vae_mlp')

    # Both losses average over pixels; times original_dim they sum, so
    # the reconstruction is weighed against the KL term per image.
    if use_mse:
        reconstruction_loss = mse(inputs, outputs)
    else:
        reconstruction_loss = binary_crossentropy(inputs, outputs)
    reconstruction_loss *= original_dim
    vae_loss = K.mean(reconstruction_loss + kl_divergence(z_mean, z_log_var))
    vae.add_loss(vae_loss)
    vae.compile(optimizer='adam')
    return encoder, decoder, vae


def latent_grid_image(decoder, size=grid_size):
    """The digits the decoder draws for a size x size grid of latent
    points over [-4, 4]^2, tiled into one (28 size, 28 size, 1) image."""
    digit_size = 28
    coordinates = np.linspace(-4, 4, size)
    # Rows go from high to low second coordinate, as on a plot.
    points = np.array([[xi, yi] for yi in coordinates[::-1]
                       for xi in coordinates])
    digits = decoder.predict(points).reshape(size, size, digit_size,
                                             digit_size)
    figure = digits.transpose(0, 2, 1, 3).reshape(size * digit_size,
                                                  size * digit_size)
    return figure[:, :, np.newaxis]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('-w', '--weights',
                        help='load the h5 weights file instead of training')
    parser.add_argument('-m', '--mse', action='store_true',
                        help='squared-error reconstruction loss instead of '
                        'the binary cross-entropy')
    parser.add_argument('--epochs', type=int, default=epochs,
                        help='number of training epochs (default: %d)'
                        % epochs)
    args = parser.parse_args(argv)

    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    x_train = np.reshape(x_train, [-1, original_dim]).astype('float32') / 255
    x_test = np.reshape(x_test, [-1, original_dim]).astype('float32') / 255
    print(x_train.shape[0], 'train samples')
    print(x_test.shape[0], 'test samples')

    encoder, decoder, vae = build_vae(args.mse)
    encoder.summary()
    decoder.summary()
    vae.summary()

    history = None
    if args.weights:
        vae.load_weights(args.weights)
    else:
        history = vae.fit(x_train,
                          epochs=args.epochs,
                          batch_size=batch_size,
                          validation_data=(x_test, None))
        vae.save_weights(weights_name)
        print('Saved weights as', weights_name)

    print('Test loss:', vae.evaluate(x_test, None, batch_size=batch_size,
                                     verbose=0))

    # Where the test digits of each class fall in the latent space.
    z_mean, z_log_var, z = encoder.predict(x_test, batch_size=batch_size)
    print('Latent means shape:', z_mean.shape)
    print('Latent log-variances shape:', z_log_var.shape)
    print('Latent samples shape:', z.shape)
    for digit in np.unique(y_test):
        centre = z_mean[y_test == digit].mean(axis=0)
        print('Digit %d: latent mean (%.3f, %.3f)' % ((digit,) +
                                                      tuple(centre)))

    if not os.path.isdir(plot_dir):
        os.makedirs(plot_dir)
    filename = os.path.join(plot_dir, 'digits_over_latent.png')
    save_img(filename, 255 * latent_grid_image(decoder), scale=False)
    print('Saved the digits over the latent space as', filename)
    return history


if __name__ == '__main__':
    main()
