"""Layer and model configs as Keras 2.3.1 and Keras 1.2.2 wrote them in
HDF5 files (`model_config`), for tests/data/make_legacy_files.py. Written
by hand from those versions' `get_config` methods, independent of this
library."""

GLOROT_UNIFORM = {'class_name': 'VarianceScaling', 'config': {
    'scale': 1.0, 'mode': 'fan_avg', 'distribution': 'uniform',
    'seed': None}}
ORTHOGONAL = {'class_name': 'Orthogonal', 'config': {'gain': 1.0,
                                                     'seed': None}}
ZEROS = {'class_name': 'Zeros', 'config': {}}
ONES = {'class_name': 'Ones', 'config': {}}

_NO_REGULARIZERS = {'kernel_regularizer': None, 'bias_regularizer': None,
                    'activity_regularizer': None, 'kernel_constraint': None,
                    'bias_constraint': None}


# ---------------------------------------------------------------------------
# Keras 2.3.1.

def layer(class_name, name, batch_input_shape=None, **config):
    """{'class_name', 'config'}: Layer.get_config's name, trainable,
    batch_input_shape (first layer only) and dtype, then the layer's."""
    base = {'name': name, 'trainable': True}
    if batch_input_shape is not None:
        base['batch_input_shape'] = list(batch_input_shape)
    base['dtype'] = 'float32'
    base.update(config)
    return {'class_name': class_name, 'config': base}


def _conv_config(filters, kernel_size, strides, data_format, activation,
                 padding='valid', dilation_rate=None):
    rank = len(kernel_size)
    return {'filters': filters, 'kernel_size': list(kernel_size),
            'strides': list(strides or (1,) * rank), 'padding': padding,
            'data_format': data_format,
            'dilation_rate': list(dilation_rate or (1,) * rank),
            'activation': activation, 'use_bias': True,
            'kernel_initializer': GLOROT_UNIFORM, 'bias_initializer': ZEROS,
            **_NO_REGULARIZERS}


def conv(class_name, name, filters, kernel_size, strides=None,
         activation='linear', data_format='channels_last', **kwargs):
    """Conv1D, Conv2D, Conv3D."""
    return layer(class_name, name, **kwargs, **_conv_config(
        filters, kernel_size, strides, data_format, activation))


def conv2d_transpose(name, filters, kernel_size, strides,
                     activation='linear', **kwargs):
    config = _conv_config(filters, kernel_size, strides, 'channels_last',
                          activation)
    config['output_padding'] = None
    return layer('Conv2DTranspose', name, **kwargs, **config)


def separable_conv2d(name, filters, kernel_size, depth_multiplier,
                     activation='linear', **kwargs):
    config = _conv_config(filters, kernel_size, None, 'channels_last',
                          activation)
    for key in ('kernel_initializer', 'kernel_regularizer',
                'kernel_constraint'):
        del config[key]
    config.update({'depth_multiplier': depth_multiplier,
                   'depthwise_initializer': GLOROT_UNIFORM,
                   'pointwise_initializer': GLOROT_UNIFORM,
                   'depthwise_regularizer': None,
                   'pointwise_regularizer': None,
                   'depthwise_constraint': None,
                   'pointwise_constraint': None})
    return layer('SeparableConv2D', name, **kwargs, **config)


def depthwise_conv2d(name, kernel_size, depth_multiplier=1,
                     activation='linear', **kwargs):
    config = _conv_config(None, kernel_size, None, 'channels_last',
                          activation)
    for key in ('filters', 'kernel_initializer', 'kernel_regularizer',
                'kernel_constraint'):
        del config[key]
    config.update({'depth_multiplier': depth_multiplier,
                   'depthwise_initializer': GLOROT_UNIFORM,
                   'depthwise_regularizer': None,
                   'depthwise_constraint': None})
    return layer('DepthwiseConv2D', name, **kwargs, **config)


def dense(name, units, activation='linear', **kwargs):
    return layer('Dense', name, units=units, activation=activation,
                 use_bias=True, kernel_initializer=GLOROT_UNIFORM,
                 bias_initializer=ZEROS, **_NO_REGULARIZERS, **kwargs)


def flatten(name):
    return layer('Flatten', name, data_format='channels_last')


def reshape(name, target_shape):
    return layer('Reshape', name, target_shape=list(target_shape))


def batch_normalization(name, axis=-1):
    return layer('BatchNormalization', name, axis=axis, momentum=0.99,
                 epsilon=0.001, center=True, scale=True,
                 beta_initializer=ZEROS, gamma_initializer=ONES,
                 moving_mean_initializer=ZEROS,
                 moving_variance_initializer=ONES, beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None)


def _rnn_base(return_sequences):
    return {'return_sequences': return_sequences, 'return_state': False,
            'go_backwards': False, 'stateful': False}


def conv_lstm2d(name, filters, kernel_size, **kwargs):
    config = _rnn_base(False)
    config['unroll'] = False
    config.update({
        'filters': filters, 'kernel_size': list(kernel_size),
        'strides': [1, 1], 'padding': 'valid',
        'data_format': 'channels_last', 'dilation_rate': [1, 1],
        'activation': 'tanh', 'recurrent_activation': 'hard_sigmoid',
        'use_bias': True, 'kernel_initializer': GLOROT_UNIFORM,
        'recurrent_initializer': ORTHOGONAL, 'bias_initializer': ZEROS,
        'unit_forget_bias': True, 'kernel_regularizer': None,
        'recurrent_regularizer': None, 'bias_regularizer': None,
        'activity_regularizer': None, 'kernel_constraint': None,
        'recurrent_constraint': None, 'bias_constraint': None,
        'dropout': 0.0, 'recurrent_dropout': 0.0})
    return layer('ConvLSTM2D', name, **kwargs, **config)


def _recurrent_arguments(units):
    return {'units': units, 'kernel_initializer': GLOROT_UNIFORM,
            'recurrent_initializer': ORTHOGONAL, 'bias_initializer': ZEROS}


_RECURRENT_REGULARIZERS = {
    'kernel_regularizer': None, 'recurrent_regularizer': None,
    'bias_regularizer': None, 'activity_regularizer': None,
    'kernel_constraint': None, 'recurrent_constraint': None,
    'bias_constraint': None}


def cudnn_gru(name, units, return_sequences=False, **kwargs):
    return layer('CuDNNGRU', name, **kwargs, **_rnn_base(return_sequences),
                 **_recurrent_arguments(units), **_RECURRENT_REGULARIZERS)


def cudnn_lstm(name, units, return_sequences=False, **kwargs):
    arguments = _recurrent_arguments(units)
    arguments['unit_forget_bias'] = True
    return layer('CuDNNLSTM', name, **kwargs, **_rnn_base(return_sequences),
                 **arguments, **_RECURRENT_REGULARIZERS)


def input_layer(name, batch_input_shape):
    return {'class_name': 'InputLayer', 'config': {
        'batch_input_shape': list(batch_input_shape), 'dtype': 'float32',
        'sparse': False, 'name': name}}


def sequential(name, layers):
    return {'class_name': 'Sequential',
            'config': {'name': name, 'layers': layers}}


def functional(name, calls, inputs, outputs):
    """`calls`: [(layer config, [inbound layer names])] in model.layers
    order; every call is the layer's first (node 0), one output each."""
    layers = []
    for config, inbound in calls:
        entry = {'name': config['config']['name'],
                 'class_name': config['class_name'],
                 'config': config['config'],
                 'inbound_nodes': ([[[n, 0, 0, {}] for n in inbound]]
                                   if inbound else [])}
        layers.append(entry)
    return {'class_name': 'Model', 'config': {
        'name': name, 'layers': layers,
        'input_layers': [[n, 0, 0] for n in inputs],
        'output_layers': [[n, 0, 0] for n in outputs]}}


def training_config(optimizer, loss):
    return {'optimizer_config': optimizer, 'loss': loss,
            'metrics': [], 'weighted_metrics': None,
            'sample_weight_mode': None, 'loss_weights': None}


# 2.3.1 stored hyperparameters read back from float32 variables.
SGD_2_3_1 = {'class_name': 'SGD', 'config': {
    'learning_rate': 0.009999999776482582, 'momentum': 0.8999999761581421,
    'decay': 0.0, 'nesterov': False}}
ADAM_2_3_1 = {'class_name': 'Adam', 'config': {
    'learning_rate': 0.0010000000474974513, 'beta_1': 0.8999999761581421,
    'beta_2': 0.9990000128746033, 'decay': 0.0, 'epsilon': 1e-07,
    'amsgrad': False}}


# ---------------------------------------------------------------------------
# Keras 1.2.2.

def k1_layer(class_name, name, batch_input_shape=None, input_dtype=None,
             **config):
    base = {'name': name, 'trainable': True}
    if batch_input_shape is not None:
        base['batch_input_shape'] = list(batch_input_shape)
        base['input_dtype'] = input_dtype or 'float32'
    base.update(config)
    return {'class_name': class_name, 'config': base}


_K1_REGULARIZERS = {'W_regularizer': None, 'b_regularizer': None,
                    'activity_regularizer': None, 'W_constraint': None,
                    'b_constraint': None}


def k1_dense(name, output_dim, activation='linear', input_dim=None,
             **kwargs):
    return k1_layer('Dense', name, output_dim=output_dim,
                    init='glorot_uniform', activation=activation,
                    **_K1_REGULARIZERS, bias=True, input_dim=input_dim,
                    **kwargs)


def k1_convolution2d(name, nb_filter, nb_row, nb_col, dim_ordering,
                     activation='linear', **kwargs):
    return k1_layer('Convolution2D', name, nb_filter=nb_filter,
                    nb_row=nb_row, nb_col=nb_col, init='glorot_uniform',
                    activation=activation, border_mode='valid',
                    subsample=[1, 1], dim_ordering=dim_ordering,
                    **_K1_REGULARIZERS, bias=True, **kwargs)


def k1_convolution1d(name, nb_filter, filter_length, activation='linear'):
    return k1_layer('Convolution1D', name, nb_filter=nb_filter,
                    filter_length=filter_length, init='uniform',
                    activation=activation, border_mode='valid',
                    subsample_length=1, **_K1_REGULARIZERS, bias=True,
                    input_dim=None, input_length=None)


def k1_batch_normalization(name, axis):
    return k1_layer('BatchNormalization', name, epsilon=0.001, mode=0,
                    axis=axis, gamma_regularizer=None, beta_regularizer=None,
                    momentum=0.99)


def k1_max_pooling2d(name, dim_ordering):
    return k1_layer('MaxPooling2D', name, pool_size=[2, 2],
                    border_mode='valid', strides=[2, 2],
                    dim_ordering=dim_ordering)


def k1_dropout(name, p):
    return k1_layer('Dropout', name, p=p)


def k1_flatten(name):
    return k1_layer('Flatten', name)


def k1_embedding(name, input_dim, output_dim, input_length):
    return k1_layer('Embedding', name, batch_input_shape=[None, input_length],
                    input_dtype='int32', input_dim=input_dim,
                    output_dim=output_dim, init='uniform',
                    input_length=input_length, W_regularizer=None,
                    activity_regularizer=None, W_constraint=None,
                    mask_zero=False, dropout=0.0)


def k1_recurrent(class_name, name, output_dim, consume_less,
                 return_sequences=False, input_dim=None):
    """`input_dim`: Keras 1 wrote the built layer's input size (None for
    a layer wrapped in Bidirectional, which built copies of it)."""
    config = {'return_sequences': return_sequences, 'go_backwards': False,
              'stateful': False, 'unroll': False,
              'consume_less': consume_less, 'input_dim': input_dim,
              'input_length': None, 'output_dim': output_dim,
              'init': 'glorot_uniform', 'inner_init': 'orthogonal',
              'activation': 'tanh', 'inner_activation': 'hard_sigmoid',
              'W_regularizer': None, 'U_regularizer': None,
              'b_regularizer': None, 'dropout_W': 0.0, 'dropout_U': 0.0}
    if class_name == 'LSTM':
        config['forget_bias_init'] = 'one'
    return k1_layer(class_name, name, **config)


def k1_bidirectional(name, wrapped):
    return k1_layer('Bidirectional', name, layer=wrapped,
                    merge_mode='concat')


def k1_merge(name, mode, concat_axis=-1):
    return {'class_name': 'Merge', 'config': {
        'name': name, 'mode': mode, 'mode_type': 'raw',
        'concat_axis': concat_axis, 'dot_axes': -1, 'output_shape': None,
        'output_shape_type': 'raw', 'output_mask': None,
        'output_mask_type': 'raw', 'arguments': {}}}


def k1_input_layer(name, batch_input_shape):
    return {'class_name': 'InputLayer', 'config': {
        'batch_input_shape': list(batch_input_shape),
        'input_dtype': 'float32', 'sparse': False, 'name': name}}


def k1_sequential(layers):
    return {'class_name': 'Sequential', 'config': layers}


def k1_functional(name, calls, inputs, outputs):
    """Keras 1 node entries are [layer name, node index, tensor index]."""
    layers = []
    for config, inbound in calls:
        layers.append({'name': config['config']['name'],
                       'class_name': config['class_name'],
                       'config': config['config'],
                       'inbound_nodes': ([[[n, 0, 0] for n in inbound]]
                                         if inbound else [])})
    return {'class_name': 'Model', 'config': {
        'name': name, 'layers': layers,
        'input_layers': [[n, 0, 0] for n in inputs],
        'output_layers': [[n, 0, 0] for n in outputs]}}


SGD_1_2_2 = {'class_name': 'SGD', 'config': {
    'lr': 0.009999999776482582, 'momentum': 0.8999999761581421,
    'decay': 0.0, 'nesterov': False}}


def k1_training_config(optimizer, loss):
    return {'optimizer_config': optimizer, 'loss': loss, 'metrics': [],
            'sample_weight_mode': None, 'loss_weights': None}
