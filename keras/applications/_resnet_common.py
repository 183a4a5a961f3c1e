"""The residual networks of keras_applications' resnet_common: ResNet
(He et al., 2015), ResNetV2 with pre-activation blocks (He et al., 2016)
and ResNeXt with grouped convolutions (Xie et al., 2016).

Layer names, their order and the weight shapes are those of
keras_applications 1.0.8, so that the published weight files fit.
"""
from keras import backend as K
from keras import layers
from keras.applications import _builder

BASE_WEIGHTS_PATH = ('https://github.com/keras-team/keras-applications/'
                     'releases/download/resnet/')
# (with top, without top) md5 hashes of the published files.
WEIGHTS_HASHES = {
    'resnet50': ('2cb95161c43110f7111970584f804107',
                 '4d473c1dd8becc155b73f8504c6f6626'),
    'resnet101': ('f1aeb4b969a6efcfb50fad2f0c20cfc5',
                  '88cf7a10940856eca736dc7b7e228a21'),
    'resnet152': ('100835be76be38e30d865e96f2aaae62',
                  'ee4c566cf9a93f14d82f913c2dc6dd0c'),
    'resnet50v2': ('3ef43a0b657b3be2300d5770ece849e0',
                   'fac2f116257151a9d068a22e544a4917'),
    'resnet101v2': ('6343647c601c52e1368623803854d971',
                    'c0ed64b8031c3730f411d2eb4eea35b5'),
    'resnet152v2': ('a49b44d1979771252814e80f8ec446f9',
                    'ed17cf2e0169df9d443503ef94b23b33'),
    'resnext50': ('67a5b30d522ed92f75a1f16eef299d1a',
                  '62527c363bdd9ec598bed41947b379fc'),
    'resnext101': ('34fb605428fcc7aa4d62f44404c11509',
                   '0f678c91647380debd923963594981b3'),
}
BN_EPSILON = 1.001e-5

# What the constructors' docstrings say of their own (`_builder.documented`).
DOC_PARTS = dict(top="the global average pooling and the fully-connected "
                     "'probs' layer",
                 pooled='stage')


def channel_axis():
    return 1 if K.image_data_format() == 'channels_first' else 3


def batch_norm(name):
    return layers.BatchNormalization(axis=channel_axis(), epsilon=BN_EPSILON,
                                     name=name)


def weight_file(model_name, include_top):
    """(file name, URL, md5 hash) of a model's published ImageNet weights."""
    suffix = '' if include_top else '_notop'
    fname = model_name + '_weights_tf_dim_ordering_tf_kernels' + suffix + '.h5'
    top_hash, notop_hash = WEIGHTS_HASHES[model_name]
    return (fname, BASE_WEIGHTS_PATH + fname,
            top_hash if include_top else notop_hash)


def block1(x, filters, kernel_size=3, stride=1, conv_shortcut=True,
           name=None):
    """Bottleneck block of ResNet (v1): 1x1, kxk, 1x1 (4 * filters)
    convolutions, each batch-normalised, added to the shortcut."""
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride,
                                 name=name + '_0_conv')(x)
        shortcut = batch_norm(name + '_0_bn')(shortcut)
    else:
        shortcut = x
    x = layers.Conv2D(filters, 1, strides=stride, name=name + '_1_conv')(x)
    x = batch_norm(name + '_1_bn')(x)
    x = layers.Activation('relu', name=name + '_1_relu')(x)
    x = layers.Conv2D(filters, kernel_size, padding='same',
                      name=name + '_2_conv')(x)
    x = batch_norm(name + '_2_bn')(x)
    x = layers.Activation('relu', name=name + '_2_relu')(x)
    x = layers.Conv2D(4 * filters, 1, name=name + '_3_conv')(x)
    x = batch_norm(name + '_3_bn')(x)
    # The shortcut comes first: it fixes the order of the layers (and so
    # of the weights in the published files).
    x = layers.Add(name=name + '_add')([shortcut, x])
    return layers.Activation('relu', name=name + '_out')(x)


def stack1(x, filters, blocks, stride1=2, name=None):
    x = block1(x, filters, stride=stride1, name=name + '_block1')
    for i in range(2, blocks + 1):
        x = block1(x, filters, conv_shortcut=False,
                   name=name + '_block' + str(i))
    return x


def block2(x, filters, kernel_size=3, stride=1, conv_shortcut=False,
           name=None):
    """Pre-activation bottleneck block of ResNetV2: batch norm and ReLU
    before the convolutions; the stride is in the kxk convolution and a
    strided shortcut without a convolution is a 1x1 max pooling."""
    preact = batch_norm(name + '_preact_bn')(x)
    preact = layers.Activation('relu', name=name + '_preact_relu')(preact)
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride,
                                 name=name + '_0_conv')(preact)
    elif stride > 1:
        shortcut = layers.MaxPooling2D(1, strides=stride)(x)
    else:
        shortcut = x
    x = layers.Conv2D(filters, 1, strides=1, use_bias=False,
                      name=name + '_1_conv')(preact)
    x = batch_norm(name + '_1_bn')(x)
    x = layers.Activation('relu', name=name + '_1_relu')(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)),
                             name=name + '_2_pad')(x)
    x = layers.Conv2D(filters, kernel_size, strides=stride, use_bias=False,
                      name=name + '_2_conv')(x)
    x = batch_norm(name + '_2_bn')(x)
    x = layers.Activation('relu', name=name + '_2_relu')(x)
    x = layers.Conv2D(4 * filters, 1, name=name + '_3_conv')(x)
    return layers.Add(name=name + '_out')([shortcut, x])


def stack2(x, filters, blocks, stride1=2, name=None):
    """ResNetV2 stage: the stride is taken by the stage's last block."""
    x = block2(x, filters, conv_shortcut=True, name=name + '_block1')
    for i in range(2, blocks):
        x = block2(x, filters, name=name + '_block' + str(i))
    return block2(x, filters, stride=stride1,
                  name=name + '_block' + str(blocks))


def group_sum(x, groups, group_width, data_format):
    """Turns the output of a depthwise convolution with depth multiplier
    `group_width` into that of a grouped convolution.

    Channel `k * group_width + m` of the depthwise output is input channel
    `k` convolved with kernel column `m`; grouped output channel
    `g * group_width + m` is the sum of those over the group's inputs
    `k = g * group_width + j`. Uses only `K` (a Lambda layer rebuilt from
    a saved config sees no other names).
    """
    filters = groups * group_width
    grouped_shape = (groups, group_width, group_width)
    spatial_axes = (2, 3) if data_format == 'channels_first' else (1, 2)
    # Static sizes where known, else the sizes read from the tensor.
    spatial = tuple(K.int_shape(x)[axis] if K.int_shape(x)[axis] is not None
                    else K.shape(x)[axis] for axis in spatial_axes)
    if data_format == 'channels_first':
        x = K.reshape(x, (-1,) + grouped_shape + spatial)
        return K.reshape(K.sum(x, axis=2), (-1, filters) + spatial)
    x = K.reshape(x, (-1,) + spatial + grouped_shape)
    return K.reshape(K.sum(x, axis=4), (-1,) + spatial + (filters,))


def block3(x, filters, kernel_size=3, stride=1, groups=32,
           conv_shortcut=True, name=None):
    """Bottleneck block of ResNeXt: the kxk convolution has `groups`
    groups, built (as keras_applications did, so the published weights
    fit) from a depthwise convolution of depth multiplier
    `filters // groups` whose outputs are summed within each group."""
    data_format = K.image_data_format()
    if conv_shortcut:
        shortcut = layers.Conv2D((64 // groups) * filters, 1, strides=stride,
                                 use_bias=False, name=name + '_0_conv')(x)
        shortcut = batch_norm(name + '_0_bn')(shortcut)
    else:
        shortcut = x
    x = layers.Conv2D(filters, 1, use_bias=False, name=name + '_1_conv')(x)
    x = batch_norm(name + '_1_bn')(x)
    x = layers.Activation('relu', name=name + '_1_relu')(x)
    group_width = filters // groups
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)),
                             name=name + '_2_pad')(x)
    x = layers.DepthwiseConv2D(kernel_size, strides=stride,
                               depth_multiplier=group_width, use_bias=False,
                               name=name + '_2_conv')(x)
    x = layers.Lambda(group_sum,
                      arguments={'groups': groups,
                                 'group_width': group_width,
                                 'data_format': data_format},
                      name=name + '_2_reduce')(x)
    x = batch_norm(name + '_2_bn')(x)
    x = layers.Activation('relu', name=name + '_2_relu')(x)
    x = layers.Conv2D((64 // groups) * filters, 1, use_bias=False,
                      name=name + '_3_conv')(x)
    x = batch_norm(name + '_3_bn')(x)
    x = layers.Add(name=name + '_add')([shortcut, x])
    return layers.Activation('relu', name=name + '_out')(x)


def stack3(x, filters, blocks, stride1=2, groups=32, name=None):
    x = block3(x, filters, stride=stride1, groups=groups,
               name=name + '_block1')
    for i in range(2, blocks + 1):
        x = block3(x, filters, groups=groups, conv_shortcut=False,
                   name=name + '_block' + str(i))
    return x


def residual_stages(stack, stage_filters, stage_blocks, stage_strides):
    """The function of the stem's output that applies stages 'conv2' to
    'conv5', each `stack(x, filters, blocks, stride1=stride, name=...)`."""
    def stack_fn(x):
        for stage, (filters, blocks, stride) in enumerate(
                zip(stage_filters, stage_blocks, stage_strides), start=2):
            x = stack(x, filters, blocks, stride1=stride,
                      name='conv' + str(stage))
        return x
    return stack_fn


def build_resnet(stack_fn, preact, use_bias, model_name, include_top,
                 weights, input_tensor, input_shape, pooling, classes):
    """Builds a ResNet, ResNetV2 or ResNeXt.

    # Arguments
        stack_fn: function of the stem's output returning the output of
            the residual stages.
        preact: whether the blocks are pre-activation ones (v2): the stem
            then has no batch norm and a final 'post_bn' follows.
        use_bias: whether the stem's convolution has a bias.
        model_name: the model's name, also that of its weight files.
        The other arguments are those of `ResNet50`.
    """
    _builder.check_arguments(weights, include_top, classes, pooling)
    img_input = _builder.image_input(input_tensor, input_shape,
                                     default_size=224, min_size=32,
                                     include_top=include_top, weights=weights)
    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)),
                             name='conv1_pad')(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=use_bias,
                      name='conv1_conv')(x)
    if not preact:
        x = batch_norm('conv1_bn')(x)
        x = layers.Activation('relu', name='conv1_relu')(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name='pool1_pad')(x)
    x = layers.MaxPooling2D(3, strides=2, name='pool1_pool')(x)
    x = stack_fn(x)
    if preact:
        x = batch_norm('post_bn')(x)
        x = layers.Activation('relu', name='post_relu')(x)

    x = _builder.average_pooling_top(x, include_top, classes, pooling,
                                     dense_name='probs', pooling_names=True)

    # As keras_applications did, ResNeXt files are read by layer name.
    return _builder.finished_model(img_input, input_tensor, x, model_name,
                                   weights,
                                   weight_file(model_name, include_top),
                                   by_name=model_name.startswith('resnext'))
