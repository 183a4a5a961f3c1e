"""InputSpec: what a layer accepts as input (rank, dtype, shape, axes)."""


class InputSpec(object):
    """Specifies the rank, dtype and shape of every input to a layer.

    Layers set `self.input_spec` (one spec, or a list with one per input);
    `Layer.__call__` checks the inputs against it and raises a ValueError
    naming the layer, the expected and the found property.

    Args:
        dtype: expected dtype name, or None.
        shape: expected shape tuple (None entries match anything); sets ndim.
        ndim: expected rank.
        max_ndim: highest accepted rank.
        min_ndim: lowest accepted rank.
        axes: dict mapping axes (ints) to their expected size.
    """

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None,
                 min_ndim=None, axes=None):
        self.dtype = dtype
        self.shape = shape
        self.ndim = len(shape) if shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = axes or {}

    def __repr__(self):
        fields = [('dtype', self.dtype), ('shape', self.shape),
                  ('ndim', self.ndim), ('max_ndim', self.max_ndim),
                  ('min_ndim', self.min_ndim), ('axes', self.axes)]
        return 'InputSpec(%s)' % ', '.join(
            '%s=%s' % (key, value) for key, value in fields if value)
