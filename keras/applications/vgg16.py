"""VGG16: the 16-layer VGG network of Simonyan & Zisserman (2014),
"Very Deep Convolutional Networks for Large-Scale Image Recognition"."""
from keras.applications import _vgg
from keras.applications import imagenet_utils

WEIGHTS_PATH = _vgg.weight_url('vgg16', include_top=True)
WEIGHTS_PATH_NO_TOP = _vgg.weight_url('vgg16', include_top=False)
WEIGHTS_HASH = '64373286793e3c8b2b4e3219cbf3544b'
WEIGHTS_HASH_NO_TOP = '6d6bbae143d832006294945121d1f1fc'
CONVS_PER_BLOCK = (2, 2, 3, 3, 3)

VGG16 = _vgg.vgg_constructor('VGG16', CONVS_PER_BLOCK, WEIGHTS_HASH,
                             WEIGHTS_HASH_NO_TOP)


preprocess_input = imagenet_utils.preprocessor('caffe', 'VGG16')


decode_predictions = imagenet_utils.decode_predictions
