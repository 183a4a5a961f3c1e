"""VGG19: the 19-layer VGG network of Simonyan & Zisserman (2014),
"Very Deep Convolutional Networks for Large-Scale Image Recognition"."""
from keras.applications import imagenet_utils
from keras.applications._vgg import build_vgg

WEIGHTS_PATH = ('https://github.com/fchollet/deep-learning-models/'
                'releases/download/v0.1/'
                'vgg19_weights_tf_dim_ordering_tf_kernels.h5')
WEIGHTS_PATH_NO_TOP = ('https://github.com/fchollet/deep-learning-models/'
                       'releases/download/v0.1/'
                       'vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5')
WEIGHTS_HASH = 'cbe5617147190e668d6c5d5026f83318'
WEIGHTS_HASH_NO_TOP = '253f8cb515780f3b799900260a226db6'
CONVS_PER_BLOCK = (2, 2, 4, 4, 4)


def VGG19(include_top=True, weights='imagenet', input_tensor=None,
          input_shape=None, pooling=None, classes=1000, **kwargs):
    """Instantiates the VGG19 architecture.

    # Arguments
        include_top: whether to include the 3 fully-connected layers at the
            top of the network.
        weights: None (random initialization), 'imagenet' (pre-training on
            ImageNet, downloaded through `get_file`) or the path to a
            weights file to load.
        input_tensor: optional Keras tensor (output of `layers.Input()`) to
            use as image input.
        input_shape: optional shape tuple, only without the top (otherwise
            (224, 224, 3) or (3, 224, 224)); 3 channels, each side at least
            32.
        pooling: pooling of the last convolutional block's output without
            the top: None (4D output), 'avg' or 'max' (global pooling, 2D
            output).
        classes: number of classes, only with the top and without
            'imagenet' weights.

    # Returns
        A Keras `Model` instance.

    # Raises
        ValueError: for an invalid `weights`, `pooling` or input shape, or
            'imagenet' weights with the top and `classes` other than 1000.
    """
    imagenet_utils.check_no_extra_arguments('VGG19', kwargs)
    weight_files = {
        True: ('vgg19_weights_tf_dim_ordering_tf_kernels.h5', WEIGHTS_PATH,
               WEIGHTS_HASH),
        False: ('vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5',
                WEIGHTS_PATH_NO_TOP, WEIGHTS_HASH_NO_TOP),
    }
    return build_vgg('vgg19', CONVS_PER_BLOCK, weight_files, include_top,
                     weights, input_tensor, input_shape, pooling, classes)


preprocess_input = imagenet_utils.preprocessor('caffe', 'VGG19')


decode_predictions = imagenet_utils.decode_predictions
