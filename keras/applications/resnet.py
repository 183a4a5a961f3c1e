"""ResNet50, ResNet101 and ResNet152 (He et al., 2015, "Deep Residual
Learning for Image Recognition") as keras_applications' resnet_common
defines them, with the weights published for it."""
from keras.applications import _builder
from keras.applications import _resnet_common
from keras.applications import imagenet_utils

BASE_WEIGHTS_PATH = _resnet_common.BASE_WEIGHTS_PATH
WEIGHTS_HASHES = _resnet_common.WEIGHTS_HASHES
STAGE_FILTERS = (64, 128, 256, 512)
STAGE_STRIDES = (1, 2, 2, 2)


def _build(model_name, stage_blocks, include_top, weights, input_tensor,
           input_shape, pooling, classes):
    stack_fn = _resnet_common.residual_stages(
        _resnet_common.stack1, STAGE_FILTERS, stage_blocks, STAGE_STRIDES)
    return _resnet_common.build_resnet(
        stack_fn, preact=False, use_bias=True, model_name=model_name,
        include_top=include_top, weights=weights, input_tensor=input_tensor,
        input_shape=input_shape, pooling=pooling, classes=classes)


@_builder.documented(**_resnet_common.DOC_PARTS)
def ResNet50(include_top=True, weights='imagenet', input_tensor=None,
             input_shape=None, pooling=None, classes=1000, **kwargs):
    imagenet_utils.check_no_extra_arguments('ResNet50', kwargs)
    return _build('resnet50', (3, 4, 6, 3), include_top, weights,
                  input_tensor, input_shape, pooling, classes)


@_builder.documented(**_resnet_common.DOC_PARTS)
def ResNet101(include_top=True, weights='imagenet', input_tensor=None,
              input_shape=None, pooling=None, classes=1000, **kwargs):
    imagenet_utils.check_no_extra_arguments('ResNet101', kwargs)
    return _build('resnet101', (3, 4, 23, 3), include_top, weights,
                  input_tensor, input_shape, pooling, classes)


@_builder.documented(**_resnet_common.DOC_PARTS)
def ResNet152(include_top=True, weights='imagenet', input_tensor=None,
              input_shape=None, pooling=None, classes=1000, **kwargs):
    imagenet_utils.check_no_extra_arguments('ResNet152', kwargs)
    return _build('resnet152', (3, 8, 36, 3), include_top, weights,
                  input_tensor, input_shape, pooling, classes)


preprocess_input = imagenet_utils.preprocessor('caffe', 'ResNet')


decode_predictions = imagenet_utils.decode_predictions
