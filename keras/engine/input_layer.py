"""InputLayer and Input: the entry points of a network."""
from keras import backend as K
from keras.engine.base_layer import Layer
from keras.engine.base_layer import _legacy
from keras.engine.node import Node
from keras.utils.argument_validation import check_int
from keras.utils.argument_validation import check_shape
from keras.utils.generic_utils import unpack_singleton


class InputLayer(Layer):
    """The layer that provides a network's input tensor: a placeholder fed
    when the model runs, or a tensor given by the user.

    Args:
        input_shape: shape without the batch axis.
        batch_size: the batch size, or None.
        batch_input_shape: shape with the batch axis (instead of
            input_shape and batch_size).
        dtype: dtype of the input (floatx by default).
        input_tensor: an existing tensor to use instead of a placeholder.
        sparse: whether the placeholder is sparse.
        name: the layer's name (default `input_N`).
    """

    @_legacy('legacy_input_support')
    def __init__(self, input_shape=None, batch_size=None,
                 batch_input_shape=None, dtype=None, input_tensor=None,
                 sparse=False, name=None):
        if not name:
            name = 'input_' + str(K.get_uid('input'))
        super(InputLayer, self).__init__(dtype=dtype, name=name)
        self.trainable = False
        self.built = True
        self.sparse = sparse
        self.supports_masking = True

        if input_shape and batch_input_shape:
            raise ValueError('Only provide the input_shape OR '
                             'batch_input_shape argument to InputLayer, not '
                             'both at the same time.')
        if input_tensor is not None and batch_input_shape is None:
            try:
                batch_input_shape = K.int_shape(input_tensor)
            except (TypeError, AttributeError):
                if not input_shape:
                    raise ValueError('InputLayer was provided an '
                                     'input_tensor argument, but its input '
                                     'shape cannot be automatically '
                                     'inferred. You should pass an '
                                     'input_shape or batch_input_shape '
                                     'argument.')
        if not batch_input_shape:
            if not input_shape:
                raise ValueError('An Input layer should be passed either a '
                                 '`batch_input_shape` or an `input_shape`.')
            if batch_size is not None:
                batch_size = check_int(batch_size, 'batch_size',
                                       'InputLayer')
            batch_input_shape = (batch_size,) + check_shape(
                input_shape, 'input_shape', 'InputLayer')
        batch_input_shape = check_shape(batch_input_shape,
                                        'batch_input_shape', 'InputLayer')
        if not dtype:
            dtype = K.floatx() if input_tensor is None else K.dtype(
                input_tensor)
        self.batch_input_shape = batch_input_shape
        self.dtype = dtype

        if input_tensor is None:
            self.is_placeholder = True
            input_tensor = K.placeholder(shape=batch_input_shape, dtype=dtype,
                                         sparse=sparse, name=self.name)
        else:
            self.is_placeholder = False
            input_tensor._keras_shape = batch_input_shape
        input_tensor._uses_learning_phase = False
        input_tensor._keras_history = (self, 0, 0)
        Node(self, inbound_layers=[], node_indices=[], tensor_indices=[],
             input_tensors=[input_tensor], output_tensors=[input_tensor],
             input_masks=[None], output_masks=[None],
             input_shapes=[batch_input_shape],
             output_shapes=[batch_input_shape])

    def get_config(self):
        return {'batch_input_shape': self.batch_input_shape,
                'dtype': self.dtype,
                'sparse': self.sparse,
                'name': self.name}


def Input(shape=None, batch_shape=None, name=None, dtype=None, sparse=False,
          tensor=None):
    """A symbolic input tensor, produced by a new InputLayer.

    Args:
        shape: shape without the batch axis, e.g. `(32,)`.
        batch_shape: shape with the batch axis, e.g. `(10, 32)`.
        name: the input layer's name.
        dtype: the input dtype (floatx by default).
        sparse: whether the placeholder is sparse.
        tensor: an existing tensor to wrap instead of a new placeholder.

    Returns:
        A tensor with `_keras_shape` and `_keras_history`, usable to build
        a `Model`.
    """
    if not batch_shape and tensor is None:
        if shape is None:
            raise ValueError('Please provide to Input either a `shape` or a '
                             '`batch_shape` argument. Note that `shape` does '
                             'not include the batch dimension.')
    if shape is not None and not batch_shape:
        batch_shape = (None,) + check_shape(shape, 'shape', 'Input')
    elif batch_shape is not None:
        batch_shape = check_shape(batch_shape, 'batch_shape', 'Input')
    layer = InputLayer(batch_input_shape=batch_shape, name=name,
                       dtype=dtype or K.floatx(), sparse=sparse,
                       input_tensor=tensor)
    return unpack_singleton(layer._inbound_nodes[0].output_tensors)
