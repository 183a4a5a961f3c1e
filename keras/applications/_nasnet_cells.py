"""The NASNet-A cells (Zoph et al., 2017): the normal cell, which keeps the
feature map size, the reduction cell, which halves it, and the blocks they
share. Layer names, and the order in which layers are created and joined,
are those of Keras 2.3.1 (keras_applications 1.0.8): the published weight
files are loaded by the topological order this order produces.

NASNet is built in 'channels_last' whatever the configured image data
format (as in 2.3.1, where the model was only available in that format),
so every layer here is given that format explicitly."""
from keras import layers

DATA_FORMAT = 'channels_last'
CHANNEL_AXIS = -1
# Batch normalization of the TensorFlow-slim NASNet the weights came from.
BN_MOMENTUM = 0.9997
BN_EPSILON = 1e-3


def _batch_norm(x, name):
    return layers.BatchNormalization(axis=CHANNEL_AXIS, momentum=BN_MOMENTUM,
                                     epsilon=BN_EPSILON, name=name)(x)


def _conv_1x1(x, filters, name):
    return layers.Conv2D(filters, (1, 1), strides=(1, 1), padding='same',
                         use_bias=False, kernel_initializer='he_normal',
                         data_format=DATA_FORMAT, name=name)(x)


def _pooling(kind, x, strides, padding, name):
    pool = (layers.MaxPooling2D if kind == 'max'
            else layers.AveragePooling2D)
    return pool((3, 3), strides=strides, padding=padding,
                data_format=DATA_FORMAT, name=name)(x)


def strided_padding(x, kernel_size):
    """Zero padding before a stride-2 'valid' window that centres the
    window as TensorFlow's 'same' padding does: one row and column fewer
    on the top-left side when the size is even (or unknown)."""
    half = kernel_size // 2
    height, width = x.shape[1], x.shape[2]
    top = half - (1 if height is None or height % 2 == 0 else 0)
    left = half - (1 if width is None or width % 2 == 0 else 0)
    return ((top, half), (left, half))


def separable_conv_block(x, filters, kernel_size=3, strides=1,
                         block_id=None):
    """relu, separable convolution (strided or not), batch norm, relu,
    separable convolution, batch norm."""
    x = layers.Activation('relu')(x)
    if strides == 2:
        x = layers.ZeroPadding2D(padding=strided_padding(x, kernel_size),
                                 data_format=DATA_FORMAT,
                                 name='separable_conv_1_pad_%s' % block_id)(x)
        padding = 'valid'
    else:
        padding = 'same'
    x = layers.SeparableConv2D(filters, kernel_size, strides=strides,
                               padding=padding, use_bias=False,
                               data_format=DATA_FORMAT,
                               name='separable_conv_1_%s' % block_id)(x)
    x = _batch_norm(x, 'separable_conv_1_bn_%s' % block_id)
    x = layers.Activation('relu')(x)
    x = layers.SeparableConv2D(filters, kernel_size, padding='same',
                               use_bias=False, data_format=DATA_FORMAT,
                               name='separable_conv_2_%s' % block_id)(x)
    return _batch_norm(x, 'separable_conv_2_bn_%s' % block_id)


def adjust_block(previous, current, filters, block_id):
    """Brings the previous cell's output to the current one's size and
    `filters` channels: halved by two offset 1x1 strided paths when its
    width differs, projected by a 1x1 convolution when only its channels
    do; the current input itself when there is no previous output."""
    if previous is None:
        return current
    if previous.shape[2] != current.shape[2]:
        p = layers.Activation('relu', name='adjust_relu_1_%s' % block_id)(
            previous)
        p1 = layers.AveragePooling2D((1, 1), strides=(2, 2), padding='valid',
                                     data_format=DATA_FORMAT,
                                     name='adjust_avg_pool_1_%s' % block_id)(p)
        p1 = layers.Conv2D(filters // 2, (1, 1), padding='same',
                           use_bias=False, kernel_initializer='he_normal',
                           data_format=DATA_FORMAT,
                           name='adjust_conv_1_%s' % block_id)(p1)
        # The second path samples the pixels shifted by one row and column.
        p2 = layers.ZeroPadding2D(padding=((0, 1), (0, 1)),
                                  data_format=DATA_FORMAT)(p)
        p2 = layers.Cropping2D(cropping=((1, 0), (1, 0)),
                               data_format=DATA_FORMAT)(p2)
        p2 = layers.AveragePooling2D((1, 1), strides=(2, 2), padding='valid',
                                     data_format=DATA_FORMAT,
                                     name='adjust_avg_pool_2_%s' % block_id)(
                                         p2)
        p2 = layers.Conv2D(filters // 2, (1, 1), padding='same',
                           use_bias=False, kernel_initializer='he_normal',
                           data_format=DATA_FORMAT,
                           name='adjust_conv_2_%s' % block_id)(p2)
        p = layers.concatenate([p1, p2], axis=CHANNEL_AXIS)
        return _batch_norm(p, 'adjust_bn_%s' % block_id)
    if previous.shape[CHANNEL_AXIS] != filters:
        p = layers.Activation('relu')(previous)
        p = _conv_1x1(p, filters, 'adjust_conv_projection_%s' % block_id)
        return _batch_norm(p, 'adjust_bn_%s' % block_id)
    return previous


def normal_a_cell(current, previous, filters, block_id):
    """The normal cell: five pairs of operations on the (1x1 projected)
    current input `h` and the adjusted previous output `p`, summed pairwise
    and concatenated with `p`. Returns (output, current)."""
    p = adjust_block(previous, current, filters, block_id)
    h = layers.Activation('relu')(current)
    h = _conv_1x1(h, filters, 'normal_conv_1_%s' % block_id)
    h = _batch_norm(h, 'normal_bn_1_%s' % block_id)

    x1 = layers.add([
        separable_conv_block(h, filters, 5,
                             block_id='normal_left1_%s' % block_id),
        separable_conv_block(p, filters,
                             block_id='normal_right1_%s' % block_id)],
        name='normal_add_1_%s' % block_id)
    x2 = layers.add([
        separable_conv_block(p, filters, 5,
                             block_id='normal_left2_%s' % block_id),
        separable_conv_block(p, filters, 3,
                             block_id='normal_right2_%s' % block_id)],
        name='normal_add_2_%s' % block_id)
    x3 = layers.add([
        _pooling('avg', h, 1, 'same', 'normal_left3_%s' % block_id), p],
        name='normal_add_3_%s' % block_id)
    x4 = layers.add([
        _pooling('avg', p, 1, 'same', 'normal_left4_%s' % block_id),
        _pooling('avg', p, 1, 'same', 'normal_right4_%s' % block_id)],
        name='normal_add_4_%s' % block_id)
    x5 = layers.add([
        separable_conv_block(h, filters,
                             block_id='normal_left5_%s' % block_id), h],
        name='normal_add_5_%s' % block_id)
    x = layers.concatenate([p, x1, x2, x3, x4, x5], axis=CHANNEL_AXIS,
                           name='normal_concat_%s' % block_id)
    return x, current


def reduction_a_cell(current, previous, filters, block_id):
    """The reduction cell: strided separable convolutions and poolings
    that halve the feature map, four sums concatenated. Returns (output,
    current)."""
    p = adjust_block(previous, current, filters, block_id)
    h = layers.Activation('relu')(current)
    h = _conv_1x1(h, filters, 'reduction_conv_1_%s' % block_id)
    h = _batch_norm(h, 'reduction_bn_1_%s' % block_id)
    h3 = layers.ZeroPadding2D(padding=strided_padding(h, 3),
                              data_format=DATA_FORMAT,
                              name='reduction_pad_1_%s' % block_id)(h)

    x1 = layers.add([
        separable_conv_block(h, filters, 5, strides=2,
                             block_id='reduction_left1_%s' % block_id),
        separable_conv_block(p, filters, 7, strides=2,
                             block_id='reduction_right1_%s' % block_id)],
        name='reduction_add_1_%s' % block_id)
    x2 = layers.add([
        _pooling('max', h3, 2, 'valid', 'reduction_left2_%s' % block_id),
        separable_conv_block(p, filters, 7, strides=2,
                             block_id='reduction_right2_%s' % block_id)],
        name='reduction_add_2_%s' % block_id)
    x3 = layers.add([
        _pooling('avg', h3, 2, 'valid', 'reduction_left3_%s' % block_id),
        separable_conv_block(p, filters, 5, strides=2,
                             block_id='reduction_right3_%s' % block_id)],
        name='reduction_add3_%s' % block_id)
    x4 = layers.add([
        x2, _pooling('avg', x1, 1, 'same', 'reduction_left4_%s' % block_id)])
    # 2.3.1 named this block 'reduction_left4' too (its layers differ by
    # prefix from the pooling above); the weight files use the name.
    x5 = layers.add([
        separable_conv_block(x1, filters, 3,
                             block_id='reduction_left4_%s' % block_id),
        _pooling('max', h3, 2, 'valid', 'reduction_right5_%s' % block_id)],
        name='reduction_add4_%s' % block_id)
    x = layers.concatenate([x2, x3, x4, x5], axis=CHANNEL_AXIS,
                           name='reduction_concat_%s' % block_id)
    return x, current
