"""Layers merging a list of inputs: element-wise, concatenation and dot
products, with their functional forms (`add([a, b])` ...)."""
import numbers

from keras import backend as K
from keras.engine.base_layer import Layer


def _batch_size(input_shapes):
    """The one known batch size of `input_shapes` (None when unknown).

    Raises:
        ValueError: if the shapes have different known batch sizes.
    """
    sizes = set(s[0] for s in input_shapes if s is not None) - {None}
    if len(sizes) > 1:
        raise ValueError('Can not merge tensors with different batch sizes. '
                         'Got tensors with shapes : ' + str(input_shapes))
    return sizes.pop() if sizes else None


def _check_masks(inputs, mask):
    if not isinstance(mask, list):
        raise ValueError('`mask` should be a list.')
    if not isinstance(inputs, list):
        raise ValueError('`inputs` should be a list.')
    if len(mask) != len(inputs):
        raise ValueError('The lists `inputs` and `mask` should have the '
                         'same length.')


class _Merge(Layer):
    """Base of the element-wise merge layers.

    Inputs of different ranks are broadcast: the shorter ones get axes of
    size 1 inserted after the batch axis, so that shapes align on the
    right (`(batch, 5)` with `(batch, 3, 5)` gives `(batch, 3, 5)`).
    The output mask is the logical AND of the input masks.
    """

    def __init__(self, **kwargs):
        super(_Merge, self).__init__(**kwargs)
        self.supports_masking = True
        self._reshape_required = False

    def _merge_function(self, inputs):
        raise NotImplementedError

    def _compute_elemwise_op_output_shape(self, shape1, shape2):
        """The broadcast of two shapes (without their batch axes)."""
        if shape1 is None or shape2 is None:
            return None
        if len(shape1) < len(shape2):
            return self._compute_elemwise_op_output_shape(shape2, shape1)
        if not shape2:
            return tuple(shape1)
        output_shape = list(shape1[:-len(shape2)])
        for i, j in zip(shape1[-len(shape2):], shape2):
            if i is None or j is None:
                output_shape.append(None)
            elif i == 1:
                output_shape.append(j)
            elif j == 1:
                output_shape.append(i)
            elif i != j:
                raise ValueError('Operands could not be broadcast together '
                                 'with shapes ' + str(shape1) + ' ' +
                                 str(shape2))
            else:
                output_shape.append(i)
        return tuple(output_shape)

    def _elemwise_shape(self, input_shape):
        output_shape = None if input_shape[0] is None else input_shape[0][1:]
        for shape in input_shape[1:]:
            output_shape = self._compute_elemwise_op_output_shape(
                output_shape, None if shape is None else shape[1:])
        return output_shape

    def build(self, input_shape):
        # Used purely for shape validation.
        if not isinstance(input_shape, list):
            raise ValueError('A merge layer should be called on a list of '
                             'inputs.')
        if len(input_shape) < 2:
            raise ValueError('A merge layer should be called on a list of '
                             'at least 2 inputs. Got ' +
                             str(len(input_shape)) + ' inputs.')
        _batch_size(input_shape)
        self._elemwise_shape(input_shape)
        self._reshape_required = not (
            None not in input_shape and
            len(set(len(s) for s in input_shape)) == 1)
        self.built = True

    def call(self, inputs):
        if not isinstance(inputs, list):
            raise ValueError('A merge layer should be called on a list of '
                             'inputs.')
        if not self._reshape_required:
            return self._merge_function(inputs)
        # Ranks are always known here: expand the shorter inputs at axis 1
        # until every input has the largest rank.
        max_ndim = max(K.ndim(x) for x in inputs)
        reshaped = []
        for x in inputs:
            for _ in range(max_ndim - K.ndim(x)):
                x = K.expand_dims(x, 1)
            reshaped.append(x)
        return self._merge_function(reshaped)

    def compute_output_shape(self, input_shape):
        output_shape = self._elemwise_shape(input_shape)
        if output_shape is None:
            return None
        return (_batch_size(input_shape),) + tuple(output_shape)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        _check_masks(inputs, mask)
        if all(m is None for m in mask):
            return None
        masks = [K.expand_dims(m, 0) for m in mask if m is not None]
        return K.all(K.concatenate(masks, axis=0), axis=0, keepdims=False)


class Add(_Merge):
    """Adds a list of inputs (all of the same shape, or broadcastable):
    `added = keras.layers.Add()([x1, x2])`.
    """

    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = output + x
        return output


class Subtract(_Merge):
    """Subtracts two inputs: `inputs[0] - inputs[1]`, of the same shape."""

    def build(self, input_shape):
        super(Subtract, self).build(input_shape)
        if len(input_shape) != 2:
            raise ValueError('A `Subtract` layer should be called on '
                             'exactly 2 inputs')

    def _merge_function(self, inputs):
        if len(inputs) != 2:
            raise ValueError('A `Subtract` layer should be called on '
                             'exactly 2 inputs')
        return inputs[0] - inputs[1]


class Multiply(_Merge):
    """Multiplies a list of inputs element-wise."""

    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = output * x
        return output


class Average(_Merge):
    """Averages a list of inputs element-wise."""

    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = output + x
        return output / len(inputs)


class Maximum(_Merge):
    """The element-wise maximum of a list of inputs."""

    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = K.maximum(output, x)
        return output


class Minimum(_Merge):
    """The element-wise minimum of a list of inputs."""

    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = K.minimum(output, x)
        return output


class Concatenate(_Merge):
    """Concatenates a list of inputs along `axis`; the other axes must
    match.

    Args:
        axis: the concatenation axis.

    Output mask: the masks (inputs without one count as unmasked)
    concatenated along `axis`, then reduced with AND over the last axis.
    """

    def __init__(self, axis=-1, **kwargs):
        super(Concatenate, self).__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
            raise ValueError('Concatenate: `axis` must be an integer; '
                             'received %r (%s).'
                             % (axis, type(axis).__name__))
        self.axis = int(axis)
        self.supports_masking = True
        self._reshape_required = False

    def build(self, input_shape):
        # Used purely for shape validation.
        if not isinstance(input_shape, list) or len(input_shape) < 2:
            raise ValueError('A `Concatenate` layer should be called on a '
                             'list of at least 2 inputs')
        self.built = True
        if all(shape is None for shape in input_shape):
            return
        ranks = set(len(shape) for shape in input_shape)
        rank = ranks.pop()
        if ranks or not -rank <= self.axis < rank:
            raise ValueError('A `Concatenate` layer requires inputs with '
                             'matching shapes except for the concat axis. '
                             'Got inputs shapes: %s' % (input_shape,))
        axis = self.axis % rank
        for i in range(rank):
            if i == axis:
                continue
            # Unknown sizes (None) match any size.
            sizes = set(shape[i] for shape in input_shape) - {None}
            if len(sizes) > 1:
                raise ValueError('A `Concatenate` layer requires inputs '
                                 'with matching shapes except for the '
                                 'concat axis. Got inputs shapes: %s'
                                 % (input_shape,))

    def _merge_function(self, inputs):
        return K.concatenate(inputs, axis=self.axis)

    def compute_output_shape(self, input_shape):
        if not isinstance(input_shape, list):
            raise ValueError('A `Concatenate` layer should be called on a '
                             'list of inputs.')
        output_shape = list(input_shape[0])
        for shape in input_shape[1:]:
            if output_shape[self.axis] is None or shape[self.axis] is None:
                output_shape[self.axis] = None
                break
            output_shape[self.axis] += shape[self.axis]
        return tuple(output_shape)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        _check_masks(inputs, mask)
        if all(m is None for m in mask):
            return None
        rank = K.ndim(inputs[0])
        on_last_axis = self.axis % rank == rank - 1
        masks = []
        for x, m in zip(inputs, mask):
            if m is None:
                # An unmasked input: all its entries count.
                masks.append(K.ones_like(x, dtype='bool'))
            elif K.ndim(m) < K.ndim(x):
                m = K.expand_dims(m)
                if not on_last_axis:
                    # Spread over the features so that the masks join
                    # along `axis` with those of unmasked inputs.
                    m = K.equal(K.ones_like(x, dtype='int32') *
                                K.cast(m, 'int32'), 1)
                masks.append(m)
            else:
                masks.append(m)
        return K.all(K.concatenate(masks, axis=self.axis), axis=-1,
                     keepdims=False)

    def get_config(self):
        config = {'axis': self.axis}
        base_config = super(Concatenate, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


def _check_dot_axes(axes):
    if isinstance(axes, bool):
        axes = None
    if isinstance(axes, numbers.Integral):
        return int(axes)
    if not isinstance(axes, (list, tuple)):
        raise TypeError('Invalid type for `axes` - should be a list or an '
                        'int; received %r.' % (axes,))
    if len(axes) != 2:
        raise ValueError('Invalid format for `axes` - should contain two '
                         'elements; received %r.' % (axes,))
    if not all(isinstance(a, numbers.Integral) and not isinstance(a, bool)
               for a in axes):
        raise ValueError('Invalid format for `axes` - list elements should '
                         'be "int"; received %r.' % (axes,))
    return axes


class Dot(_Merge):
    """The dot product of the samples of two inputs, along `axes`:
    for `a` (batch, n) and `b` (batch, n), `Dot(axes=1)([a, b])` is
    (batch, 1), the sum over `n` of `a * b`.

    Args:
        axes: int or pair of ints, the axis (per input) to contract.
            Negative axes count from the end of each input.
        normalize: whether to L2-normalize the samples along the
            contracted axes first (the output is then the cosine
            proximity).

    The output holds the batch axis, then the other axes of the first
    input, then those of the second (`K.batch_dot`).
    """

    def __init__(self, axes, normalize=False, **kwargs):
        super(Dot, self).__init__(**kwargs)
        self.axes = _check_dot_axes(axes)
        self.normalize = normalize
        self.supports_masking = True
        self._reshape_required = False

    def _axes_for(self, rank1, rank2):
        if isinstance(self.axes, int):
            if self.axes < 0:
                return [self.axes % rank1, self.axes % rank2]
            return [self.axes] * 2
        return [a % r if a < 0 else a
                for a, r in zip(self.axes, (rank1, rank2))]

    def build(self, input_shape):
        # Used purely for shape validation.
        if not isinstance(input_shape, list) or len(input_shape) != 2:
            raise ValueError('A `Dot` layer should be called on a list of 2 '
                             'inputs.')
        self.built = True
        shape1, shape2 = input_shape
        if shape1 is None or shape2 is None:
            return
        axes = self._axes_for(len(shape1), len(shape2))
        if axes[0] >= len(shape1) or axes[1] >= len(shape2):
            raise ValueError('Dot: `axes` %r are out of range for the layer '
                             'shapes %s, %s' % (self.axes, shape1, shape2))
        d1, d2 = shape1[axes[0]], shape2[axes[1]]
        if d1 is not None and d2 is not None and d1 != d2:
            raise ValueError('Dimension incompatibility %s != %s. Layer '
                             'shapes: %s, %s' % (d1, d2, shape1, shape2))

    def _merge_function(self, inputs):
        if len(inputs) != 2:
            raise ValueError('A `Dot` layer should be called on exactly 2 '
                             'inputs')
        x1, x2 = inputs
        axes = self._axes_for(K.ndim(x1), K.ndim(x2))
        if self.normalize:
            x1 = K.l2_normalize(x1, axis=axes[0])
            x2 = K.l2_normalize(x2, axis=axes[1])
        return K.batch_dot(x1, x2, axes)

    def compute_output_shape(self, input_shape):
        if not isinstance(input_shape, list) or len(input_shape) != 2:
            raise ValueError('A `Dot` layer should be called on a list of 2 '
                             'inputs.')
        shape1 = list(input_shape[0])
        shape2 = list(input_shape[1])
        axes = self._axes_for(len(shape1), len(shape2))
        shape1.pop(axes[0])
        shape2.pop(axes[1])
        shape2.pop(0)
        output_shape = shape1 + shape2
        if len(output_shape) == 1:
            output_shape += [1]
        return tuple(output_shape)

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self):
        config = {'axes': self.axes, 'normalize': self.normalize}
        base_config = super(Dot, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))


def add(inputs, **kwargs):
    """Functional interface to `Add`: the sum of the tensors in `inputs`."""
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    """Functional interface to `Subtract`: `inputs[0] - inputs[1]`."""
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    """Functional interface to `Multiply`: the element-wise product."""
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    """Functional interface to `Average`: the element-wise mean."""
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    """Functional interface to `Maximum`: the element-wise maximum."""
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    """Functional interface to `Minimum`: the element-wise minimum."""
    return Minimum(**kwargs)(inputs)


def concatenate(inputs, axis=-1, **kwargs):
    """Functional interface to `Concatenate`, along `axis`."""
    return Concatenate(axis=axis, **kwargs)(inputs)


def dot(inputs, axes, normalize=False, **kwargs):
    """Functional interface to `Dot`: the batch-wise dot product of two
    tensors along `axes`."""
    return Dot(axes=axes, normalize=normalize, **kwargs)(inputs)
