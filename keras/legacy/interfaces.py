"""Keras 1 -> Keras 2 argument conversion, in one place.

Every public entry point that accepted different argument names in Keras 1
is decorated with one interface below. An interface is a table entry: the
Keras 1 -> Keras 2 renames, value conversions (such as `dim_ordering='th'`
-> `data_format='channels_first'`), the positional arguments Keras 2 allows,
and, for the few conversions a rename cannot express (`nb_row, nb_col` ->
`kernel_size`), a preprocessor function. Whenever something is converted, a
`UserWarning` shows the equivalent Keras 2 call, e.g.

    Update your `Dense` call to the Keras 2 API: `Dense(units=10)`
"""
import functools
import warnings

import numpy as np


def _convert_keywords(kwargs, conversions, value_conversions):
    """Applies value conversions, then renames, to `kwargs` in place.

    Returns the list of `(old_name, new_name)` pairs that were renamed.

    # Raises
        TypeError: when both the Keras 1 and the Keras 2 name are given.
    """
    for name, mapping in value_conversions.items():
        if name in kwargs:
            value = kwargs[name]
            try:
                if value in mapping:
                    kwargs[name] = mapping[value]
            except TypeError:  # an unhashable value is never a legacy one
                pass
    converted = []
    for old_name, new_name in conversions:
        if old_name in kwargs:
            value = kwargs.pop(old_name)
            if new_name in kwargs:
                raise_duplicate_arg_error(old_name, new_name)
            kwargs[new_name] = value
            converted.append((old_name, new_name))
    return converted


def _short_repr(value):
    if isinstance(value, str):
        return '"' + value + '"'
    text = 'array' if isinstance(value, np.ndarray) else str(value)
    if len(text) > 10:
        text = text[:10] + '...'
    return text


def _keras2_call_signature(object_name, positional, kwargs):
    parts = [_short_repr(value) for value in positional]
    parts += [name + '=' + _short_repr(value) for name, value in kwargs.items()]
    return '`' + object_name + '(' + ', '.join(parts) + ')`'


def raise_duplicate_arg_error(old_arg, new_arg):
    raise TypeError('For the `' + new_arg + '` argument, the layer received '
                    'both the legacy keyword argument `' + old_arg + '` and '
                    'the Keras 2 keyword argument `' + new_arg + '`. Stick '
                    'to the latter!')


def generate_legacy_interface(allowed_positional_args=None,
                              conversions=None,
                              preprocessor=None,
                              value_conversions=None,
                              object_type='class'):
    """Builds a decorator that accepts Keras 1 arguments with a warning.

    # Arguments
        allowed_positional_args: names of the positional arguments Keras 2
            accepts (after `self`); more raise TypeError. None: no check.
        conversions: list of `(keras1_name, keras2_name)` keyword renames.
        preprocessor: `f(args, kwargs) -> (args, kwargs, converted)` for
            conversions a rename cannot express; a non-empty `converted`
            triggers the warning.
        value_conversions: `{keras1_name: {old_value: new_value}}`, applied
            before the renames.
        object_type: 'class' (decorates `__init__`; the warning names the
            class), 'method' (names the method) or 'function' (no `self`).

    # Returns
        A decorator.
    """
    check_positional = allowed_positional_args is not None
    allowed_positional_args = list(allowed_positional_args or [])
    conversions = list(conversions or [])
    value_conversions = dict(value_conversions or {})
    self_count = 0 if object_type == 'function' else 1

    def legacy_support(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if object_type == 'class' and args:
                object_name = args[0].__class__.__name__
            else:
                object_name = func.__name__
            if preprocessor is not None:
                args, kwargs, converted = preprocessor(args, kwargs)
                converted = list(converted)
            else:
                converted = []
            if (check_positional and
                    len(args) > len(allowed_positional_args) + self_count):
                raise TypeError('`' + object_name + '` can accept only ' +
                                str(len(allowed_positional_args)) +
                                ' positional arguments ' +
                                str(tuple(allowed_positional_args)) +
                                ', but you passed the following positional '
                                'arguments: ' + str(list(args[self_count:])))
            converted += _convert_keywords(kwargs, conversions,
                                           value_conversions)
            if converted:
                warnings.warn('Update your `' + object_name + '` call to the '
                              'Keras 2 API: ' + _keras2_call_signature(
                                  object_name, args[self_count:], kwargs),
                              stacklevel=2)
            return func(*args, **kwargs)
        wrapper._original_function = func
        return wrapper
    return legacy_support


generate_legacy_method_interface = functools.partial(
    generate_legacy_interface, object_type='method')


# ---------------------------------------------------------------------------
# Shared pieces of the table.

_DIM_ORDERING = {'dim_ordering': {'tf': 'channels_last',
                                  'th': 'channels_first',
                                  'default': None}}

_KERNEL_AND_BIAS_RENAMES = [('init', 'kernel_initializer'),
                            ('W_regularizer', 'kernel_regularizer'),
                            ('b_regularizer', 'bias_regularizer'),
                            ('W_constraint', 'kernel_constraint'),
                            ('b_constraint', 'bias_constraint'),
                            ('bias', 'use_bias')]

_CONV_RENAMES = [('nb_filter', 'filters'),
                 ('subsample', 'strides'),
                 ('border_mode', 'padding'),
                 ('dim_ordering', 'data_format')] + _KERNEL_AND_BIAS_RENAMES

_KERAS2_CONV_KEYWORDS = ('padding', 'strides', 'data_format')


def _refuse_ambiguous_positional_strides(kwargs):
    """Keras 2 code passing strides positionally would look the same as
    Keras 1 (filters, nb_row, nb_col): refuse to guess."""
    if any(keyword in kwargs for keyword in _KERAS2_CONV_KEYWORDS):
        raise ValueError('It seems that you are using the Keras 2 '
                         'API and passing both `kernel_size` and '
                         '`strides` as integer positional arguments. '
                         'For safety reasons, this is disallowed. '
                         'Pass `strides` as a keyword argument '
                         'instead.')


def _with_kernel_size(args, kwargs, kernel_size):
    """`kernel_size` as the positional argument after `filters` when
    `filters` was positional, else as a keyword."""
    if len(args) == 2:
        return args + (kernel_size,), kwargs
    kwargs['kernel_size'] = kernel_size
    return args, kwargs


def _forget_bias_to_unit_forget_bias(kwargs):
    if 'forget_bias_init' not in kwargs:
        return []
    if kwargs.pop('forget_bias_init') == 'one':
        kwargs['unit_forget_bias'] = True
        return [('forget_bias_init', 'unit_forget_bias')]
    warnings.warn('The `forget_bias_init` argument has been ignored. Use '
                  '`unit_forget_bias=True` instead to initialize with ones.',
                  stacklevel=4)
    return []


def _input_dim_to_input_shape(kwargs):
    if 'input_dim' not in kwargs:
        return []
    input_length = kwargs.pop('input_length', None)
    kwargs['input_shape'] = (input_length, kwargs.pop('input_dim'))
    return [('input_dim', 'input_shape')]


# ---------------------------------------------------------------------------
# Preprocessors: conversions that are more than a rename. `args[0]` is self.

def embedding_kwargs_preprocessor(args, kwargs):
    if 'dropout' in kwargs:
        kwargs.pop('dropout')
        warnings.warn('The `dropout` argument is no longer support in '
                      '`Embedding`. You can apply a '
                      '`keras.layers.SpatialDropout1D` layer right after the '
                      '`Embedding` layer to get the same behavior.',
                      stacklevel=3)
    if kwargs.get('input_dtype') is not None and not kwargs.get('dtype'):
        # Keras 1's Embedding always wrote input_dtype='int32': the dtype
        # of its input indices, which Keras 2 casts itself. As the layer's
        # dtype it would make the embeddings integers.
        dtype = np.dtype(kwargs['input_dtype'])
        if not np.issubdtype(dtype, np.floating):
            kwargs.pop('input_dtype')
    return args, kwargs, []


def recurrent_args_preprocessor(args, kwargs):
    converted = _forget_bias_to_unit_forget_bias(kwargs)
    if 'input_dim' in kwargs:
        warnings.warn('The `input_dim` and `input_length` arguments in '
                      'recurrent layers are deprecated. Use `input_shape` '
                      'instead.', stacklevel=3)
        converted += _input_dim_to_input_shape(kwargs)
    return args, kwargs, converted


def conv1d_args_preprocessor(args, kwargs):
    return args, kwargs, _input_dim_to_input_shape(kwargs)


def conv2d_args_preprocessor(args, kwargs):
    """(nb_filter, nb_row, nb_col) or nb_row=/nb_col= -> kernel_size."""
    args = tuple(args)
    if len(args) > 4:
        raise TypeError('Layer can receive at most 3 positional arguments.')
    if len(args) == 4:
        if isinstance(args[2], int) and isinstance(args[3], int):
            _refuse_ambiguous_positional_strides(kwargs)
            return (args[:2] + ((args[2], args[3]),), kwargs,
                    [('nb_row/nb_col', 'kernel_size')])
    elif len(args) == 3:
        if isinstance(args[2], int) and 'nb_col' in kwargs:
            return (args[:2] + ((args[2], kwargs.pop('nb_col')),), kwargs,
                    [('nb_row/nb_col', 'kernel_size')])
    elif 'nb_row' in kwargs and 'nb_col' in kwargs:
        kernel_size = (kwargs.pop('nb_row'), kwargs.pop('nb_col'))
        args, kwargs = _with_kernel_size(args, kwargs, kernel_size)
        return args, kwargs, [('nb_row/nb_col', 'kernel_size')]
    return args, kwargs, []


def separable_conv2d_args_preprocessor(args, kwargs):
    converted = []
    if 'init' in kwargs:
        init = kwargs.pop('init')
        kwargs['depthwise_initializer'] = init
        kwargs['pointwise_initializer'] = init
        converted.append(('init', 'depthwise_initializer/'
                                  'pointwise_initializer'))
    args, kwargs, more = conv2d_args_preprocessor(args, kwargs)
    return args, kwargs, converted + more


def deconv2d_args_preprocessor(args, kwargs):
    """Keras 1's `output_shape` is computed by Conv2DTranspose: dropped."""
    args = tuple(args)
    converted = []
    if len(args) == 5 and isinstance(args[4], tuple):
        args = args[:-1]
        converted.append(('output_shape', None))
    if 'output_shape' in kwargs:
        kwargs.pop('output_shape')
        converted.append(('output_shape', None))
    args, kwargs, more = conv2d_args_preprocessor(args, kwargs)
    return args, kwargs, converted + more


def conv3d_args_preprocessor(args, kwargs):
    """(nb_filter, dim1, dim2, dim3) or kernel_dim1/2/3= -> kernel_size."""
    args = tuple(args)
    dims = ('kernel_dim1', 'kernel_dim2', 'kernel_dim3')
    converted = [('kernel_dim*', 'kernel_size')]
    if len(args) > 5:
        raise TypeError('Layer can receive at most 4 positional arguments.')
    if len(args) == 5:
        if all(isinstance(x, int) for x in args[2:5]):
            return args[:2] + (tuple(args[2:5]),), kwargs, converted
    elif len(args) == 4:
        if isinstance(args[2], int) and isinstance(args[3], int):
            _refuse_ambiguous_positional_strides(kwargs)
            if 'kernel_dim3' in kwargs:
                kernel_size = (args[2], args[3], kwargs.pop('kernel_dim3'))
                return args[:2] + (kernel_size,), kwargs, converted
    elif len(args) == 3:
        if 'kernel_dim2' in kwargs and 'kernel_dim3' in kwargs:
            kernel_size = (args[2], kwargs.pop('kernel_dim2'),
                           kwargs.pop('kernel_dim3'))
            return args[:2] + (kernel_size,), kwargs, converted
    elif all(dim in kwargs for dim in dims):
        kernel_size = tuple(kwargs.pop(dim) for dim in dims)
        args, kwargs = _with_kernel_size(args, kwargs, kernel_size)
        return args, kwargs, converted
    return args, kwargs, []


def batchnorm_args_preprocessor(args, kwargs):
    if len(args) > 1:
        raise TypeError('The `BatchNormalization` layer does not accept '
                        'positional arguments. Use keyword arguments '
                        'instead.')
    if 'mode' in kwargs:
        if kwargs.pop('mode') != 0:
            raise TypeError('The `mode` argument of `BatchNormalization` no '
                            'longer exists. `mode=1` and `mode=2` are no '
                            'longer supported.')
        return args, kwargs, [('mode', None)]
    return args, kwargs, []


def convlstm2d_args_preprocessor(args, kwargs):
    converted = _forget_bias_to_unit_forget_bias(kwargs)
    args, kwargs, more = conv2d_args_preprocessor(args, kwargs)
    return args, kwargs, converted + more


_PAD_KEYS = {'top_pad', 'bottom_pad', 'left_pad', 'right_pad'}


def _padding_from_dict(padding):
    return ((padding.get('top_pad', 0), padding.get('bottom_pad', 0)),
            (padding.get('left_pad', 0), padding.get('right_pad', 0)))


def zeropadding2d_args_preprocessor(args, kwargs):
    """Keras 1 dict padding {top_pad, ...} -> ((top, bottom), (left, right))."""
    args = tuple(args)
    converted = []
    padding = kwargs.get('padding')
    if isinstance(padding, dict) and set(padding) <= _PAD_KEYS:
        kwargs['padding'] = _padding_from_dict(padding)
        converted.append(('padding', 'padding'))
    elif (len(args) == 2 and isinstance(args[1], dict) and
            set(args[1]) <= _PAD_KEYS):
        args = (args[0], _padding_from_dict(args[1]))
        converted.append(('padding', 'padding'))
    return args, kwargs, converted


def generator_methods_args_preprocessor(args, kwargs):
    """samples_per_epoch (samples) -> steps_per_epoch (batches)."""
    args = tuple(args)
    converted = []
    if len(args) < 3 and 'samples_per_epoch' in kwargs:
        generator = args[1] if len(args) > 1 else kwargs.get('generator')
        kwargs['steps_per_epoch'] = _samples_to_steps(
            kwargs.pop('samples_per_epoch'), generator)
        converted.append(('samples_per_epoch', 'steps_per_epoch'))
    if _KERAS1_GENERATOR_ARGS.intersection(kwargs) or converted:
        _warn_generator_semantics(stacklevel=4)
    return args, kwargs, converted


def add_weight_args_preprocessing(args, kwargs):
    """Keras 1 order add_weight(shape, initializer, name, ...) -> keywords."""
    args = tuple(args)
    if len(args) > 1 and isinstance(args[1], (tuple, list)):
        keras1_order = ('shape', 'initializer', 'name', 'trainable',
                        'regularizer', 'constraint')
        for name, value in zip(keras1_order, args[1:]):
            if name in kwargs:
                raise TypeError('add_weight() got multiple values for '
                                'argument `' + name + '`')
            kwargs[name] = value
        args = args[:1]
    return args, kwargs, []


def get_updates_arg_preprocessing(args, kwargs):
    """Keras 1 get_updates(params, constraints, loss) -> (loss, params)."""
    args = tuple(args)
    if len(args) > 4:
        raise TypeError('`get_updates` call received more arguments than '
                        'expected.')
    if len(args) == 4:
        optimizer, params, _, loss = args
        kwargs['loss'] = loss
        kwargs['params'] = params
        return (optimizer,), kwargs, []
    if len(args) == 3 and isinstance(args[1], (list, tuple)):
        if isinstance(args[2], dict) and 'loss' in kwargs:
            kwargs['params'] = args[1]
            return (args[0],), kwargs, []
    return args, kwargs, []


# ---------------------------------------------------------------------------
# The table: one interface per Keras 1 signature.

def _data_format_interface(allowed_positional_args=None, preprocessor=None):
    """Layers whose only Keras 1 argument is `dim_ordering`."""
    return generate_legacy_interface(
        allowed_positional_args=allowed_positional_args,
        conversions=[('dim_ordering', 'data_format')],
        value_conversions=_DIM_ORDERING,
        preprocessor=preprocessor)


def _conv_interface(preprocessor, conversions=_CONV_RENAMES):
    """Convolutions: `(filters, kernel_size)` positional, `dim_ordering`
    values converted, the kernel size assembled by `preprocessor`."""
    return generate_legacy_interface(
        allowed_positional_args=['filters', 'kernel_size'],
        conversions=conversions,
        value_conversions=_DIM_ORDERING,
        preprocessor=preprocessor)


legacy_dense_support = generate_legacy_interface(
    allowed_positional_args=['units'],
    conversions=[('output_dim', 'units')] + _KERNEL_AND_BIAS_RENAMES)

legacy_dropout_support = generate_legacy_interface(
    allowed_positional_args=['rate', 'noise_shape', 'seed'],
    conversions=[('p', 'rate')])

legacy_embedding_support = generate_legacy_interface(
    allowed_positional_args=['input_dim', 'output_dim'],
    conversions=[('init', 'embeddings_initializer'),
                 ('W_regularizer', 'embeddings_regularizer'),
                 ('W_constraint', 'embeddings_constraint')],
    preprocessor=embedding_kwargs_preprocessor)

legacy_pooling1d_support = generate_legacy_interface(
    allowed_positional_args=['pool_size', 'strides', 'padding'],
    conversions=[('pool_length', 'pool_size'),
                 ('stride', 'strides'),
                 ('border_mode', 'padding')])

legacy_pooling2d_support = generate_legacy_interface(
    allowed_positional_args=['pool_size', 'strides', 'padding'],
    conversions=[('border_mode', 'padding'),
                 ('dim_ordering', 'data_format')],
    value_conversions=_DIM_ORDERING)

legacy_pooling3d_support = legacy_pooling2d_support

legacy_global_pooling_support = _data_format_interface()

legacy_prelu_support = generate_legacy_interface(
    allowed_positional_args=['alpha_initializer'],
    conversions=[('init', 'alpha_initializer')])

legacy_gaussiannoise_support = generate_legacy_interface(
    allowed_positional_args=['stddev'],
    conversions=[('sigma', 'stddev')])

legacy_gaussiandropout_support = generate_legacy_interface(
    allowed_positional_args=['rate'],
    conversions=[('p', 'rate')])

legacy_spatialdropout1d_support = legacy_gaussiandropout_support

legacy_spatialdropoutNd_support = generate_legacy_interface(
    allowed_positional_args=['rate'],
    conversions=[('p', 'rate'),
                 ('dim_ordering', 'data_format')],
    value_conversions=_DIM_ORDERING)

legacy_recurrent_support = generate_legacy_interface(
    allowed_positional_args=['units'],
    conversions=[('output_dim', 'units'),
                 ('init', 'kernel_initializer'),
                 ('inner_init', 'recurrent_initializer'),
                 ('inner_activation', 'recurrent_activation'),
                 ('W_regularizer', 'kernel_regularizer'),
                 ('b_regularizer', 'bias_regularizer'),
                 ('U_regularizer', 'recurrent_regularizer'),
                 ('dropout_W', 'dropout'),
                 ('dropout_U', 'recurrent_dropout'),
                 ('consume_less', 'implementation')],
    value_conversions={'consume_less': {'cpu': 0, 'mem': 1, 'gpu': 2}},
    preprocessor=recurrent_args_preprocessor)

legacy_upsampling1d_support = generate_legacy_interface(
    allowed_positional_args=['size'],
    conversions=[('length', 'size')])

legacy_upsampling2d_support = _data_format_interface(
    allowed_positional_args=['size'])

legacy_upsampling3d_support = legacy_upsampling2d_support

legacy_conv1d_support = generate_legacy_interface(
    allowed_positional_args=['filters', 'kernel_size'],
    conversions=[('nb_filter', 'filters'),
                 ('filter_length', 'kernel_size'),
                 ('subsample_length', 'strides'),
                 ('border_mode', 'padding')] + _KERNEL_AND_BIAS_RENAMES,
    preprocessor=conv1d_args_preprocessor)

legacy_conv2d_support = _conv_interface(conv2d_args_preprocessor)

legacy_separable_conv2d_support = _conv_interface(
    separable_conv2d_args_preprocessor,
    conversions=[('nb_filter', 'filters'),
                 ('subsample', 'strides'),
                 ('border_mode', 'padding'),
                 ('dim_ordering', 'data_format'),
                 ('b_regularizer', 'bias_regularizer'),
                 ('b_constraint', 'bias_constraint'),
                 ('bias', 'use_bias')])

legacy_deconv2d_support = _conv_interface(deconv2d_args_preprocessor)

legacy_conv3d_support = _conv_interface(conv3d_args_preprocessor)

legacy_convlstm2d_support = _conv_interface(
    convlstm2d_args_preprocessor,
    conversions=[('nb_filter', 'filters'),
                 ('subsample', 'strides'),
                 ('border_mode', 'padding'),
                 ('dim_ordering', 'data_format'),
                 ('init', 'kernel_initializer'),
                 ('inner_init', 'recurrent_initializer'),
                 ('W_regularizer', 'kernel_regularizer'),
                 ('U_regularizer', 'recurrent_regularizer'),
                 ('b_regularizer', 'bias_regularizer'),
                 ('inner_activation', 'recurrent_activation'),
                 ('dropout_W', 'dropout'),
                 ('dropout_U', 'recurrent_dropout'),
                 ('bias', 'use_bias')])

legacy_batchnorm_support = generate_legacy_interface(
    allowed_positional_args=[],
    conversions=[('beta_init', 'beta_initializer'),
                 ('gamma_init', 'gamma_initializer')],
    preprocessor=batchnorm_args_preprocessor)

legacy_zeropadding2d_support = _data_format_interface(
    allowed_positional_args=['padding'],
    preprocessor=zeropadding2d_args_preprocessor)

legacy_zeropadding3d_support = _data_format_interface(
    allowed_positional_args=['padding'])

legacy_cropping2d_support = _data_format_interface(
    allowed_positional_args=['cropping'])

legacy_cropping3d_support = legacy_cropping2d_support

legacy_lambda_support = generate_legacy_interface(
    allowed_positional_args=['function', 'output_shape'])

legacy_model_constructor = generate_legacy_interface(
    conversions=[('input', 'inputs'),
                 ('output', 'outputs')])

legacy_input_support = generate_legacy_interface(
    conversions=[('input_dtype', 'dtype')])

legacy_add_weight_support = generate_legacy_interface(
    allowed_positional_args=['name', 'shape'],
    preprocessor=add_weight_args_preprocessing)

legacy_get_updates_support = generate_legacy_interface(
    preprocessor=get_updates_arg_preprocessing)


# ---------------------------------------------------------------------------
# Training methods.

# Keras 1 keyword -> Keras 2 keyword for fit / evaluate / predict and their
# generator variants.
TRAINING_ARG_RENAMES = [('nb_epoch', 'epochs'),
                        ('samples_per_epoch', 'steps_per_epoch'),
                        ('nb_val_samples', 'validation_steps'),
                        ('val_samples', 'steps'),
                        ('nb_worker', 'workers'),
                        ('pickle_safe', 'use_multiprocessing'),
                        ('max_q_size', 'max_queue_size')]

_KERAS1_GENERATOR_ARGS = {'samples_per_epoch', 'val_samples',
                          'nb_val_samples', 'nb_worker'}


def _samples_to_steps(samples_per_epoch, generator):
    batch_size = getattr(generator, 'batch_size', None)
    if batch_size:
        return samples_per_epoch // batch_size
    return samples_per_epoch


def _warn_generator_semantics(stacklevel):
    warnings.warn('The semantics of the Keras 2 argument `steps_per_epoch` '
                  'is not the same as the Keras 1 argument '
                  '`samples_per_epoch`. `steps_per_epoch` is the number of '
                  'batches to draw from the generator at each epoch. '
                  'Basically steps_per_epoch = samples_per_epoch/batch_size. '
                  'Similarly `nb_val_samples`->`validation_steps` and '
                  '`val_samples`->`steps` arguments have changed. Update '
                  'your method calls accordingly.', stacklevel=stacklevel)


legacy_generator_methods_support = generate_legacy_method_interface(
    allowed_positional_args=['generator', 'steps_per_epoch', 'epochs'],
    conversions=TRAINING_ARG_RENAMES,
    preprocessor=generator_methods_args_preprocessor)


def convert_fit_kwargs(kwargs, method_name='fit', generator=None):
    """Converts Keras 1 keywords of a training method to Keras 2 names.

    For use by methods taking `**kwargs`: `fit(..., **kwargs)` calls
    `kwargs = convert_fit_kwargs(kwargs)` directly (the warnings point at
    the caller of `fit`) and reads `epochs` etc. from the result. Each
    conversion warns
    "The `nb_epoch` argument in `fit` has been renamed `epochs`."

    # Arguments
        kwargs: the extra keyword arguments received (not modified).
        method_name: name of the method, for the messages.
        generator: the generator, if any: `samples_per_epoch` is divided by
            its `batch_size` when it has one.

    # Returns
        A new dict with Keras 2 names.

    # Raises
        TypeError: if a Keras 1 name and its Keras 2 name are both given.
    """
    kwargs = dict(kwargs)
    for old_name, new_name in TRAINING_ARG_RENAMES:
        if old_name not in kwargs:
            continue
        if new_name in kwargs:
            raise TypeError('`' + method_name + '` received both the legacy '
                            'keyword argument `' + old_name + '` and the '
                            'Keras 2 keyword argument `' + new_name + '`. '
                            'Stick to the latter!')
        value = kwargs.pop(old_name)
        if old_name == 'samples_per_epoch':
            value = _samples_to_steps(value, generator)
            _warn_generator_semantics(stacklevel=4)
        warnings.warn('The `' + old_name + '` argument in `' + method_name +
                      '` has been renamed `' + new_name + '`.', stacklevel=3)
        kwargs[new_name] = value
    return kwargs
