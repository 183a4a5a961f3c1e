"""Neural style transfer with Keras: paint one image in the style of another.

The generated image starts as the base image and is changed, by L-BFGS on
its pixels (scipy.optimize.fmin_l_bfgs_b), to minimise a weighted sum of
three losses measured through a VGG19 network without its top:

- content loss: squared distance between the block5_conv2 features of the
  base image and of the generated image;
- style loss: squared distance between the Gram matrices (channel
  correlations) of the style image and of the generated image, at the
  first convolution of each of the five blocks (Gatys et al., 2015,
  "A Neural Algorithm of Artistic Style");
- total variation loss: keeps neighbouring pixels of the generated image
  close, so that it stays locally coherent.

The gradient of the loss with respect to the generated image comes from
`K.gradients`, and one `K.function` returns the loss and the gradient
together. After each iteration the image is saved as
`<result_prefix>_at_iteration_<i>.png`.

Usage:

    python neural_style_transfer.py path_to_your_base_image.jpg \\
        path_to_your_reference.jpg prefix_for_results

`--weights` takes the ImageNet weights ('imagenet', downloaded once into
~/.keras/models) or the path of a VGG19 no-top weights file;
`--img-nrows`, `--iter` and `--evaluations` shorten the run.
"""
import argparse
import time

import numpy as np
from scipy.optimize import fmin_l_bfgs_b

from keras import backend as K
from keras.applications import vgg19
from keras.preprocessing.image import img_to_array
from keras.preprocessing.image import load_img
from keras.preprocessing.image import save_img

iterations = 10
content_weight = 0.025
style_weight = 1.0
total_variation_weight = 1.0
img_nrows = 400
# L-BFGS evaluations of the loss per iteration.
evaluations_per_iteration = 20

CONTENT_LAYER = 'block5_conv2'
STYLE_LAYERS = ['block1_conv1', 'block2_conv1', 'block3_conv1',
                'block4_conv1', 'block5_conv1']
# The channel means that vgg19.preprocess_input ('caffe' mode) subtracts,
# in its BGR order.
BGR_MEANS = np.array([103.939, 116.779, 123.68])


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('base_image_path', metavar='base',
                        help='path to the image to transform')
    parser.add_argument('style_reference_image_path', metavar='ref',
                        help='path to the style reference image')
    parser.add_argument('result_prefix', metavar='res_prefix',
                        help='prefix for the saved results')
    parser.add_argument('--iter', type=int, default=iterations,
                        help='number of iterations to run (default: %d)'
                        % iterations)
    parser.add_argument('--content_weight', type=float,
                        default=content_weight,
                        help='content weight (default: %g)' % content_weight)
    parser.add_argument('--style_weight', type=float, default=style_weight,
                        help='style weight (default: %g)' % style_weight)
    parser.add_argument('--tv_weight', type=float,
                        default=total_variation_weight,
                        help='total variation weight (default: %g)'
                        % total_variation_weight)
    parser.add_argument('--img-nrows', type=int, default=img_nrows,
                        help='height of the generated image; the width '
                        'keeps the base image\'s aspect ratio (default: %d)'
                        % img_nrows)
    parser.add_argument('--evaluations', type=int,
                        default=evaluations_per_iteration,
                        help='L-BFGS evaluations of the loss per iteration '
                        '(default: %d)' % evaluations_per_iteration)
    parser.add_argument('--weights', default='imagenet',
                        help="VGG19 weights: 'imagenet' or the path of a "
                        "no-top weights file (default: imagenet)")
    return parser.parse_args(argv)


def preprocess_image(image_path, size):
    """The image at `image_path`, resized to `size` (rows, cols), as a
    batch of one in VGG19's input format."""
    img = load_img(image_path, target_size=size)
    img = img_to_array(img)
    img = np.expand_dims(img, axis=0)
    return vgg19.preprocess_input(img)


def deprocess_image(x, size):
    """Inverse of preprocess_image: a uint8 RGB image array."""
    nrows, ncols = size
    if K.image_data_format() == 'channels_first':
        x = x.reshape((3, nrows, ncols)).transpose((1, 2, 0))
    else:
        x = x.reshape((nrows, ncols, 3))
    x = x + BGR_MEANS
    x = x[:, :, ::-1]
    return np.clip(np.round(x), 0, 255).astype('uint8')


def gram_matrix(x):
    """Channel-by-channel inner products of a (rows, cols, channels)
    feature map (channels first under 'channels_first')."""
    assert K.ndim(x) == 3
    if K.image_data_format() == 'channels_first':
        features = K.batch_flatten(x)
    else:
        features = K.batch_flatten(K.permute_dimensions(x, (2, 0, 1)))
    return K.dot(features, K.transpose(features))


def style_loss(style, combination):
    """Distance between the Gram matrices of the style and generated
    images' features, normalised by the number N of channels and M of
    positions of the feature map as in Gatys et al.: 1 / (4 N^2 M^2)."""
    assert K.ndim(style) == 3
    assert K.ndim(combination) == 3
    shape = K.int_shape(style)
    if K.image_data_format() == 'channels_first':
        channels, positions = shape[0], shape[1] * shape[2]
    else:
        channels, positions = shape[2], shape[0] * shape[1]
    difference = gram_matrix(style) - gram_matrix(combination)
    return K.sum(K.square(difference)) / (4.0 * (channels ** 2) *
                                          (positions ** 2))


def content_loss(base, combination):
    return K.sum(K.square(combination - base))


def total_variation_loss(x, size):
    """Sum over pixels of (squared vertical + squared horizontal
    difference) ** 1.25."""
    assert K.ndim(x) == 4
    nrows, ncols = size
    if K.image_data_format() == 'channels_first':
        down = x[:, :, :nrows - 1, :ncols - 1] - x[:, :, 1:, :ncols - 1]
        right = x[:, :, :nrows - 1, :ncols - 1] - x[:, :, :nrows - 1, 1:]
    else:
        down = x[:, :nrows - 1, :ncols - 1, :] - x[:, 1:, :ncols - 1, :]
        right = x[:, :nrows - 1, :ncols - 1, :] - x[:, :nrows - 1, 1:, :]
    return K.sum(K.pow(K.square(down) + K.square(right), 1.25))


class Evaluator(object):
    """fmin_l_bfgs_b asks for the loss and the gradient in two calls;
    one K.function call computes both, so the gradient is kept from the
    loss call."""

    def __init__(self, loss_and_grads, shape):
        self.loss_and_grads = loss_and_grads
        self.shape = shape
        self.loss_value = None
        self.grad_values = None

    def loss(self, x):
        assert self.loss_value is None
        outs = self.loss_and_grads([x.reshape(self.shape)])
        self.loss_value = float(outs[0])
        self.grad_values = np.array(outs[1]).flatten().astype('float64')
        return self.loss_value

    def grads(self, x):
        assert self.loss_value is not None
        grad_values = np.copy(self.grad_values)
        self.loss_value = None
        self.grad_values = None
        return grad_values


def main(argv=None):
    args = parse_args(argv)

    # The generated image's size: img_nrows rows, the base image's aspect.
    width, height = load_img(args.base_image_path).size
    nrows = args.img_nrows
    ncols = int(width * nrows / height)
    size = (nrows, ncols)
    if K.image_data_format() == 'channels_first':
        image_shape = (1, 3, nrows, ncols)
    else:
        image_shape = (1, nrows, ncols, 3)

    base_image = K.variable(preprocess_image(args.base_image_path, size))
    style_reference_image = K.variable(
        preprocess_image(args.style_reference_image_path, size))
    combination_image = K.placeholder(image_shape)

    # The three images go through VGG19 as one batch.
    input_tensor = K.concatenate([base_image, style_reference_image,
                                  combination_image], axis=0)
    model = vgg19.VGG19(input_tensor=input_tensor, weights=args.weights,
                        include_top=False)
    print('Model loaded.')
    outputs_dict = {layer.name: layer.output for layer in model.layers}

    layer_features = outputs_dict[CONTENT_LAYER]
    loss = args.content_weight * content_loss(layer_features[0, :, :, :],
                                              layer_features[2, :, :, :])
    for layer_name in STYLE_LAYERS:
        layer_features = outputs_dict[layer_name]
        loss = loss + (args.style_weight / len(STYLE_LAYERS)) * style_loss(
            layer_features[1, :, :, :], layer_features[2, :, :, :])
    loss = loss + args.tv_weight * total_variation_loss(combination_image,
                                                        size)

    grads = K.gradients(loss, combination_image)
    loss_and_grads = K.function([combination_image], [loss] + list(grads))
    evaluator = Evaluator(loss_and_grads, image_shape)

    # L-BFGS over the flattened pixels, starting from the base image.
    x = preprocess_image(args.base_image_path, size)
    loss_values = []
    for i in range(args.iter):
        print('Start of iteration', i)
        start_time = time.time()
        x, min_val, info = fmin_l_bfgs_b(
            evaluator.loss, x.flatten(), fprime=evaluator.grads,
            maxfun=args.evaluations)
        print('Current loss value:', min_val)
        loss_values.append(min_val)
        img = deprocess_image(x.copy(), size)
        fname = args.result_prefix + '_at_iteration_%d.png' % i
        save_img(fname, img)
        print('Image saved as', fname)
        print('Iteration %d completed in %ds' % (i, time.time() - start_time))
    return loss_values


if __name__ == '__main__':
    main()
