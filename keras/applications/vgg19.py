"""VGG19: the 19-layer VGG network of Simonyan & Zisserman (2014),
"Very Deep Convolutional Networks for Large-Scale Image Recognition"."""
from keras.applications import _vgg
from keras.applications import imagenet_utils

WEIGHTS_PATH = _vgg.weight_url('vgg19', include_top=True)
WEIGHTS_PATH_NO_TOP = _vgg.weight_url('vgg19', include_top=False)
WEIGHTS_HASH = 'cbe5617147190e668d6c5d5026f83318'
WEIGHTS_HASH_NO_TOP = '253f8cb515780f3b799900260a226db6'
CONVS_PER_BLOCK = (2, 2, 4, 4, 4)

VGG19 = _vgg.vgg_constructor('VGG19', CONVS_PER_BLOCK, WEIGHTS_HASH,
                             WEIGHTS_HASH_NO_TOP)


preprocess_input = imagenet_utils.preprocessor('caffe', 'VGG19')


decode_predictions = imagenet_utils.decode_predictions
