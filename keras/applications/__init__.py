"""Reference models with ImageNet weights."""
from keras.applications import imagenet_utils  # noqa: F401
from keras.applications import vgg16  # noqa: F401
from keras.applications import vgg19  # noqa: F401
from keras.applications.vgg16 import VGG16  # noqa: F401
from keras.applications.vgg19 import VGG19  # noqa: F401
