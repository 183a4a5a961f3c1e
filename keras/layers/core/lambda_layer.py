"""Lambda: wraps an arbitrary expression as a layer."""
import types
import warnings

import numpy as np

from keras import backend as K
from keras.engine.base_layer import Layer
from keras.engine.base_layer import _legacy
from keras.utils.generic_utils import deserialize_keras_object
from keras.utils.generic_utils import func_dump
from keras.utils.generic_utils import func_load
from keras.utils.generic_utils import has_arg



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
        return self.function(inputs, **arguments)

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
        function, function_type = _serialize_function(self.function)
        if self._output_shape is None or isinstance(self._output_shape,
                                                    tuple):
            output_shape = self._output_shape
            output_shape_type = 'raw'
        else:
            output_shape, output_shape_type = _serialize_function(
                self._output_shape)
        config = {'function': function,
                  'function_type': function_type,
                  'output_shape': output_shape,
                  'output_shape_type': output_shape_type,
                  'arguments': self.arguments}
        base_config = super(Lambda, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        # Functions re-created from bytecode see this module's globals (so
        # `K` and `np` are defined for them) and the custom objects.
        globs = dict(globals())
        globs.update(custom_objects or {})
        config['function'] = _deserialize_function(
            config['function'], config.pop('function_type'), globs,
            custom_objects)
        output_shape_type = config.pop('output_shape_type', 'raw')
        if output_shape_type == 'raw':
            output_shape = config.get('output_shape')
        else:
            output_shape = _deserialize_function(
                config['output_shape'], output_shape_type, globs,
                custom_objects)
        config['output_shape'] = output_shape
        arguments = dict(config.get('arguments') or {})
        for key, value in arguments.items():
            # NumPy arrays were saved as {'type': 'ndarray', 'value': list}.
            if isinstance(value, dict) and value.get('type') == 'ndarray':
                arguments[key] = np.array(value['value'])
        config['arguments'] = arguments
        return cls(**config)


def _serialize_function(function):
    """(bytecode dump, 'lambda') for Python functions, (name, 'function')
    for other callables, as 2.3.1 does."""
    if isinstance(function, types.LambdaType):
        return func_dump(function), 'lambda'
    return function.__name__, 'function'


def _deserialize_function(value, function_type, globs, custom_objects):
    if function_type == 'function':
        return deserialize_keras_object(
            value, custom_objects=custom_objects,
            printable_module_name='function in Lambda layer')
    if function_type == 'lambda':
        return func_load(value, globs=globs)
    raise TypeError('Unknown function type:', function_type)
