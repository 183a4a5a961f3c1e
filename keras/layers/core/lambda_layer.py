"""Lambda: wraps an arbitrary expression as a layer.

Its config stores the function as Keras 2.3.1 did: a Python function as
`func_dump`'s `(base64 marshalled bytecode, defaults, closure values)` with
`function_type` 'lambda', any other callable by name with `function_type`
'function'; `output_shape` likewise (`output_shape_type` 'raw' for a
tuple or None); and `arguments`. The mask is not saved (2.3.1 did not save
it); tf-keras's extra keys (`module`, `mask`, `mask_type`, ...) are read.
"""
import builtins
import sys
import types
import warnings

import numpy as np

from keras import activations
from keras import backend as K
from keras import constraints
from keras import initializers
from keras import regularizers
from keras.engine.base_layer import Layer
from keras.engine.base_layer import _legacy
from keras.utils import conv_utils
from keras.utils import generic_utils
from keras.utils.generic_utils import func_dump
from keras.utils.generic_utils import func_load
from keras.utils.generic_utils import has_arg

# What a function rebuilt from bytecode sees as globals (with the custom
# objects on top): the names 2.3.1's keras/layers/core.py module defined,
# so that saved lambdas written as `lambda x: K.sum(x, axis=1)` run.
_LAMBDA_GLOBALS = {'K': K, 'np': np, 'activations': activations,
                   'initializers': initializers,
                   'regularizers': regularizers, 'constraints': constraints,
                   'conv_utils': conv_utils, 'warnings': warnings,
                   'python_types': types}



class Lambda(Layer):
    """Applies `function(inputs, **arguments)`.

    Args:
        function: the function to apply; its first argument is the input
            tensor (or list of tensors).
        output_shape: the output shape without the batch axis (a tuple), or
            a function of the input shape (with the batch axis) returning
            the output shape. When None, it is inferred by applying
            `function` to symbolic tensors of the input shape.
        mask: a mask, or a function `(inputs, mask)` computing the output
            mask.
        arguments: dict of keyword arguments passed to `function`.

    Input shape:
        Any.

    Output shape:
        Given by `output_shape`, or inferred.
    """

    @_legacy('legacy_lambda_support')
    def __init__(self, function, output_shape=None, mask=None,
                 arguments=None, **kwargs):
        super(Lambda, self).__init__(**kwargs)
        self.function = function
        self.arguments = arguments if arguments else {}
        if mask is not None:
            self.supports_masking = True
        self.mask = mask
        self._input_dtypes = None
        if output_shape is None or isinstance(output_shape, (tuple, list)):
            self._output_shape = (tuple(output_shape)
                                  if output_shape is not None else None)
        elif callable(output_shape):
            self._output_shape = output_shape
        else:
            raise TypeError('In Lambda, `output_shape` must be a list, a '
                            'tuple, or a function.')

    def call(self, inputs, mask=None):
        arguments = dict(self.arguments)
        if has_arg(self.function, 'mask'):
            arguments['mask'] = mask
        if isinstance(inputs, list):
            self._input_dtypes = [K.dtype(x) for x in inputs]
        else:
            self._input_dtypes = K.dtype(inputs)
        if not getattr(self, '_function_from_bytecode', False):
            return self.function(inputs, **arguments)
        try:
            return self.function(inputs, **arguments)
        except NameError as error:
            raise NameError(
                '{} in the function of Lambda layer "{}", rebuilt from a '
                'saved config. Such a function sees only the names passed '
                'in `custom_objects` (and K, np): load with '
                '`custom_objects={{...}}` naming the module or function it '
                'uses (e.g. `{{"tf": tf}}`).'.format(error, self.name))

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            return self._infer_output_shape(input_shape)
        if isinstance(self._output_shape, tuple):
            if isinstance(input_shape, list):
                batch_size = input_shape[0][0]
            else:
                batch_size = input_shape[0] if input_shape else None
            return (batch_size,) + self._output_shape
        shape = self._output_shape(input_shape)
        if not isinstance(shape, (list, tuple)):
            raise ValueError('`output_shape` function must return a tuple or '
                             'a list of tuples.')
        if isinstance(shape, list) and (not shape or shape[0] is None or
                                        isinstance(shape[0], int)):
            shape = tuple(shape)
        return shape

    def _infer_output_shape(self, input_shape):
        """Applies the function to placeholders of `input_shape`: every
        backend here builds symbolic graphs, so the shape is always found.
        """
        dtypes = self._input_dtypes
        if isinstance(input_shape, list):
            if not isinstance(dtypes, list):
                dtypes = [dtypes] * len(input_shape)
            inputs = [K.placeholder(shape=shape, dtype=dtype)
                      for shape, dtype in zip(input_shape, dtypes)]
        else:
            inputs = K.placeholder(shape=input_shape,
                                   dtype=dtypes if isinstance(dtypes, str)
                                   else None)
        try:
            outputs = self.call(inputs)
        except Exception as error:  # the user's function may need real data
            warnings.warn('`output_shape` argument not specified for layer {} '
                          'and cannot be automatically inferred ({}). '
                          'Defaulting to output shape `{}` (same as input '
                          'shape). If the expected output shape is different, '
                          'specify it via the `output_shape` argument.'
                          .format(self.name, error, input_shape))
            return input_shape
        if isinstance(outputs, (list, tuple)):
            return [K.int_shape(x) for x in outputs]
        return K.int_shape(outputs)

    def compute_mask(self, inputs, mask=None):
        if callable(self.mask):
            return self.mask(inputs, mask)
        return self.mask

    def get_config(self):
        function, function_type = _serialize_function(self.function,
                                                      'function')
        if self._output_shape is None or isinstance(self._output_shape,
                                                    tuple):
            output_shape = self._output_shape
            output_shape_type = 'raw'
        else:
            output_shape, output_shape_type = _serialize_function(
                self._output_shape, 'output_shape')
        # NumPy arrays in the form 2.3.1's from_config turns back into
        # arrays (plain JSON would make them lists).
        arguments = {key: ({'type': 'ndarray', 'value': value.tolist()}
                           if isinstance(value, np.ndarray) else value)
                     for key, value in self.arguments.items()}
        config = {'function': function,
                  'function_type': function_type,
                  'output_shape': output_shape,
                  'output_shape_type': output_shape_type,
                  'arguments': arguments}
        base_config = super(Lambda, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        custom_objects = custom_objects or {}
        name = config.get('name')
        loader = _FunctionLoader(name, custom_objects)
        config['function'] = loader.load(
            config['function'], config.pop('function_type'), 'function',
            config.pop('module', None))
        output_shape_type = config.pop('output_shape_type', 'raw')
        module = config.pop('output_shape_module', None)
        if output_shape_type != 'raw':
            config['output_shape'] = loader.load(
                config['output_shape'], output_shape_type, 'output_shape',
                module)
        # tf-keras saves the mask like the function.
        mask_type = config.pop('mask_type', None)
        module = config.pop('mask_module', None)
        if mask_type is not None and config.get('mask') is not None:
            config['mask'] = loader.load(config['mask'], mask_type, 'mask',
                                         module)
        arguments = dict(config.get('arguments') or {})
        for key, value in arguments.items():
            # NumPy arrays were saved as {'type': 'ndarray', 'value': list}.
            if isinstance(value, dict) and value.get('type') == 'ndarray':
                arguments[key] = np.array(value['value'])
        config['arguments'] = arguments
        layer = cls(**config)
        layer._function_from_bytecode = loader.from_bytecode
        return layer


def _serialize_function(function, what):
    """(func_dump tuple, 'lambda') for Python functions, (name,
    'function') for other callables, as 2.3.1 does."""
    if isinstance(function, types.LambdaType):
        return func_dump(function), 'lambda'
    name = getattr(function, '__name__', None)
    if not isinstance(name, str):
        raise ValueError(
            'Cannot save the {} of a Lambda layer: {!r} is neither a Python '
            'function (saved as bytecode) nor a named callable (saved by '
            'name). Wrap it in a function, e.g. `lambda x: f(x)`.'.format(
                what, function))
    return name, 'function'


class _FunctionLoader(object):
    """Turns the saved function (or output_shape, mask) of one Lambda
    layer back into a callable."""

    def __init__(self, layer_name, custom_objects):
        self.layer_name = layer_name
        self.custom_objects = custom_objects
        self.globs = dict(_LAMBDA_GLOBALS)
        self.globs.update(custom_objects)
        self.from_bytecode = False

    def load(self, value, function_type, what, module=None):
        if function_type == 'function':
            return self._by_name(value, what, module)
        if function_type == 'lambda':
            self.from_bytecode = True
            try:
                return func_load(value, globs=self.globs)
            except ValueError as error:
                return self._replacement(what, error)
        raise TypeError('Unknown function type: {!r} for the {} of Lambda '
                        'layer "{}"; expected "lambda", "function" or '
                        '"raw".'.format(function_type, what,
                                        self.layer_name))

    def _by_name(self, name, what, module):
        """Custom objects first, then the names saved lambdas see, the
        module tf-keras recorded (if imported), Python's builtins."""
        scopes = [self.custom_objects, generic_utils.get_custom_objects(),
                  _LAMBDA_GLOBALS]
        if module in sys.modules:
            scopes.append(vars(sys.modules[module]))
        scopes.append(vars(builtins))
        for scope in scopes:
            if name in scope:
                return scope[name]
        raise ValueError(generic_utils.unknown_object_message(
            '{} in Lambda layer'.format(
                'function' if what == 'function' else what), name))

    def _replacement(self, what, error):
        """The function given in custom_objects under the layer's name,
        the way out when the saved bytecode cannot be loaded."""
        if self.layer_name in self.custom_objects:
            if what == 'function':
                return self.custom_objects[self.layer_name]
            if what == 'output_shape':
                warnings.warn('The output_shape function of Lambda layer '
                              '"{}" cannot be loaded ({}); the output shape '
                              'is inferred from the function given in '
                              'custom_objects instead.'.format(
                                  self.layer_name, error))
                return None
        raise ValueError(
            'Cannot load the {what} of Lambda layer "{name}": {error} '
            'Rebuild the model in code with the Lambda function and load '
            'the weights (`model.load_weights(filepath)`), or pass the '
            'function when loading: `load_model(filepath, '
            'custom_objects={{"{name}": function}})`.'.format(
                what=what, name=self.layer_name, error=error))
