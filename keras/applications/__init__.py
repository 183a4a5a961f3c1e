"""Reference models with ImageNet weights."""
from keras.applications import densenet  # noqa: F401
from keras.applications import imagenet_utils  # noqa: F401
from keras.applications import inception_resnet_v2  # noqa: F401
from keras.applications import inception_v3  # noqa: F401
from keras.applications import mobilenet  # noqa: F401
from keras.applications import mobilenet_v2  # noqa: F401
from keras.applications import nasnet  # noqa: F401
from keras.applications import resnet  # noqa: F401
from keras.applications import resnet50  # noqa: F401
from keras.applications import resnet_v2  # noqa: F401
from keras.applications import resnext  # noqa: F401
from keras.applications import vgg16  # noqa: F401
from keras.applications import vgg19  # noqa: F401
from keras.applications import xception  # noqa: F401
# keras.applications.ResNet50 is resnet50's original v1 graph, as in
# Keras 2.3.1; resnet.ResNet50 is the resnet_common one.
from keras.applications.densenet import DenseNet121  # noqa: F401
from keras.applications.densenet import DenseNet169  # noqa: F401
from keras.applications.densenet import DenseNet201  # noqa: F401
from keras.applications.inception_resnet_v2 import InceptionResNetV2  # noqa: F401,E501
from keras.applications.inception_v3 import InceptionV3  # noqa: F401
from keras.applications.mobilenet import MobileNet  # noqa: F401
from keras.applications.mobilenet_v2 import MobileNetV2  # noqa: F401
from keras.applications.nasnet import NASNetLarge  # noqa: F401
from keras.applications.nasnet import NASNetMobile  # noqa: F401
from keras.applications.resnet import ResNet101  # noqa: F401
from keras.applications.resnet_v2 import ResNet101V2  # noqa: F401
from keras.applications.resnet import ResNet152  # noqa: F401
from keras.applications.resnet_v2 import ResNet152V2  # noqa: F401
from keras.applications.resnet50 import ResNet50  # noqa: F401
from keras.applications.resnet_v2 import ResNet50V2  # noqa: F401
from keras.applications.resnext import ResNeXt101  # noqa: F401
from keras.applications.resnext import ResNeXt50  # noqa: F401
from keras.applications.vgg16 import VGG16  # noqa: F401
from keras.applications.vgg19 import VGG19  # noqa: F401
from keras.applications.xception import Xception  # noqa: F401
