"""ResNeXt50 and ResNeXt101 (Xie et al., 2016, "Aggregated Residual
Transformations for Deep Neural Networks") as keras_applications'
resnet_common defines them, with the weights published for it."""
from keras.applications import _builder
from keras.applications import _resnet_common
from keras.applications import imagenet_utils

BASE_WEIGHTS_PATH = _resnet_common.BASE_WEIGHTS_PATH
WEIGHTS_HASHES = _resnet_common.WEIGHTS_HASHES
# Width of the grouped convolution (32 groups) of each stage.
STAGE_FILTERS = (128, 256, 512, 1024)
STAGE_STRIDES = (1, 2, 2, 2)


def _build(model_name, stage_blocks, include_top, weights, input_tensor,
           input_shape, pooling, classes):
    stack_fn = _resnet_common.residual_stages(
        _resnet_common.stack3, STAGE_FILTERS, stage_blocks, STAGE_STRIDES)
    return _resnet_common.build_resnet(
        stack_fn, preact=False, use_bias=False, model_name=model_name,
        include_top=include_top, weights=weights, input_tensor=input_tensor,
        input_shape=input_shape, pooling=pooling, classes=classes)


@_builder.documented(**_resnet_common.DOC_PARTS)
def ResNeXt50(include_top=True, weights='imagenet', input_tensor=None,
              input_shape=None, pooling=None, classes=1000, **kwargs):
    imagenet_utils.check_no_extra_arguments('ResNeXt50', kwargs)
    return _build('resnext50', (3, 4, 6, 3), include_top, weights,
                  input_tensor, input_shape, pooling, classes)


@_builder.documented(**_resnet_common.DOC_PARTS)
def ResNeXt101(include_top=True, weights='imagenet', input_tensor=None,
               input_shape=None, pooling=None, classes=1000, **kwargs):
    imagenet_utils.check_no_extra_arguments('ResNeXt101', kwargs)
    return _build('resnext101', (3, 4, 23, 3), include_top, weights,
                  input_tensor, input_shape, pooling, classes)


preprocess_input = imagenet_utils.preprocessor('torch', 'ResNeXt')


decode_predictions = imagenet_utils.decode_predictions
