"""ResNet50V2, ResNet101V2 and ResNet152V2 (He et al., 2016, "Identity
Mappings in Deep Residual Networks": pre-activation blocks) as
keras_applications' resnet_common defines them, with the weights published
for it."""
from keras.applications import _builder
from keras.applications import _resnet_common
from keras.applications import imagenet_utils

BASE_WEIGHTS_PATH = _resnet_common.BASE_WEIGHTS_PATH
WEIGHTS_HASHES = _resnet_common.WEIGHTS_HASHES
STAGE_FILTERS = (64, 128, 256, 512)
# ResNetV2 strides in the last block of a stage.
STAGE_STRIDES = (2, 2, 2, 1)


def _build(model_name, stage_blocks, include_top, weights, input_tensor,
           input_shape, pooling, classes):
    stack_fn = _resnet_common.residual_stages(
        _resnet_common.stack2, STAGE_FILTERS, stage_blocks, STAGE_STRIDES)
    return _resnet_common.build_resnet(
        stack_fn, preact=True, use_bias=True, model_name=model_name,
        include_top=include_top, weights=weights, input_tensor=input_tensor,
        input_shape=input_shape, pooling=pooling, classes=classes)


@_builder.documented(**_resnet_common.DOC_PARTS)
def ResNet50V2(include_top=True, weights='imagenet', input_tensor=None,
             input_shape=None, pooling=None, classes=1000, **kwargs):
    imagenet_utils.check_no_extra_arguments('ResNet50V2', kwargs)
    return _build('resnet50v2', (3, 4, 6, 3), include_top, weights,
                  input_tensor, input_shape, pooling, classes)


@_builder.documented(**_resnet_common.DOC_PARTS)
def ResNet101V2(include_top=True, weights='imagenet', input_tensor=None,
              input_shape=None, pooling=None, classes=1000, **kwargs):
    imagenet_utils.check_no_extra_arguments('ResNet101V2', kwargs)
    return _build('resnet101v2', (3, 4, 23, 3), include_top, weights,
                  input_tensor, input_shape, pooling, classes)


@_builder.documented(**_resnet_common.DOC_PARTS)
def ResNet152V2(include_top=True, weights='imagenet', input_tensor=None,
              input_shape=None, pooling=None, classes=1000, **kwargs):
    imagenet_utils.check_no_extra_arguments('ResNet152V2', kwargs)
    return _build('resnet152v2', (3, 8, 36, 3), include_top, weights,
                  input_tensor, input_shape, pooling, classes)


preprocess_input = imagenet_utils.preprocessor('tf', 'ResNetV2')


decode_predictions = imagenet_utils.decode_predictions
