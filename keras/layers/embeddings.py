"""Embedding: integer indices to dense vectors."""
from keras import backend as K
from keras import constraints
from keras import initializers
from keras import regularizers
from keras.engine.base_layer import Layer
from keras.engine.base_layer import _legacy
from keras.utils.argument_validation import check_int


def _checked_input_length(input_length):
    """None, a positive int, or a tuple of positive ints and Nones (one
    entry per non-batch axis of an input of rank 3 or more)."""
    if input_length is None:
        return None
    if isinstance(input_length, (list, tuple)):
        for entry in input_length:
            if entry is not None:
                check_int(entry, 'input_length', 'Embedding')
        return input_length
    return check_int(input_length, 'input_length', 'Embedding')


class Embedding(Layer):
    """Turns positive integers (indexes) into dense vectors of fixed size,
    e.g. `[[4], [20]] -> [[[0.25, 0.1]], [[0.6, -0.2]]]`.

    It can only be used as the first layer of a model or after layers
    producing integer indices.

    Args:
        input_dim: size of the vocabulary (largest index + 1).
        output_dim: dimension of the dense embedding.
        embeddings_initializer: initializer of the `embeddings` matrix.
        embeddings_regularizer: regularizer of the `embeddings` matrix.
        activity_regularizer: regularizer of the output.
        embeddings_constraint: constraint of the `embeddings` matrix.
        mask_zero: whether index 0 is padding to be masked out (then index
            0 cannot be used in the vocabulary: input_dim should be
            vocabulary size + 1).
        input_length: length of the input sequences when constant (needed
            to connect Flatten then Dense downstream); a tuple, with None
            for variable sizes, for inputs of rank 3 or more.

    Input shape:
        2D tensor of shape `(batch_size, sequence_length)`.

    Output shape:
        3D tensor of shape `(batch_size, sequence_length, output_dim)`.
    """

    @_legacy('legacy_embedding_support')
    def __init__(self, input_dim, output_dim,
                 embeddings_initializer='uniform',
                 embeddings_regularizer=None,
                 activity_regularizer=None,
                 embeddings_constraint=None,
                 mask_zero=False,
                 input_length=None,
                 **kwargs):
        input_length = _checked_input_length(input_length)
        if 'input_shape' not in kwargs and 'batch_input_shape' not in kwargs:
            if isinstance(input_length, (list, tuple)):
                kwargs['input_shape'] = tuple(input_length)
            else:
                kwargs['input_shape'] = (input_length,)
        super(Embedding, self).__init__(**kwargs)
        self.input_dim = check_int(input_dim, 'input_dim', 'Embedding')
        self.output_dim = check_int(output_dim, 'output_dim', 'Embedding')
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = mask_zero
        self.supports_masking = mask_zero
        self.input_length = input_length

    def build(self, input_shape):
        self.embeddings = self.add_weight(
            shape=(self.input_dim, self.output_dim),
            initializer=self.embeddings_initializer,
            name='embeddings',
            regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint,
            dtype=self.dtype)
        self.built = True

    def call(self, inputs):
        if K.dtype(inputs) != 'int32':
            inputs = K.cast(inputs, 'int32')
        return K.gather(self.embeddings, inputs)

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        return K.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.input_length is None:
            return input_shape + (self.output_dim,)
        if isinstance(self.input_length, (list, tuple)):
            lengths = list(self.input_length)
        else:
            lengths = [self.input_length]
        if len(lengths) != len(input_shape) - 1:
            raise ValueError('"input_length" is %s, but received input has '
                             'shape %s' % (str(self.input_length),
                                           str(input_shape)))
        for i, (expected, found) in enumerate(zip(lengths, input_shape[1:])):
            if expected is not None and found is not None and \
                    expected != found:
                raise ValueError('"input_length" is %s, but received input '
                                 'has shape %s' % (str(self.input_length),
                                                   str(input_shape)))
            if expected is None:
                lengths[i] = found
        return (input_shape[0],) + tuple(lengths) + (self.output_dim,)

    def get_config(self):
        config = {
            'input_dim': self.input_dim,
            'output_dim': self.output_dim,
            'embeddings_initializer': initializers.serialize(
                self.embeddings_initializer),
            'embeddings_regularizer': regularizers.serialize(
                self.embeddings_regularizer),
            'activity_regularizer': regularizers.serialize(
                self.activity_regularizer),
            'embeddings_constraint': constraints.serialize(
                self.embeddings_constraint),
            'mask_zero': self.mask_zero,
            'input_length': self.input_length,
        }
        base_config = super(Embedding, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))
