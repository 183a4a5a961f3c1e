"""Pooling primitives (see the contract in keras/backend/ops/pooling.py).

numpylike's `pool` (maximum or sum of shifted slices, fused by pytensor
into one element-wise loop), with the padding of `PytensorConv`, which
also takes sizes known only at run time. Never flipped: pooling has no
kernel.

'same' is Keras 2 on Theano's: `pool_2d` with `pad` = size - 2 for odd
sizes above 2, else size - 1, on both sides, then the output cropped to
ceil(n / stride) positions; output i sees the inputs from
i * stride - pad. Padded entries count in neither a max nor a mean (its
'average_exc_pad' mode), as numpylike's padding already ensures.
"""
from keras.backend.pytensor.conv import padding_after

# The padding that `pool` hands to numpylike for 'same' (see
# `_spatial_pads`).
THEANO_POOL_SAME = 'theano-pool-same'


def pool_padding(size, pool_size, stride):
    """Theano's 'same' padding of one pooling axis: (before, after)."""
    before = pool_size - 2 if pool_size > 2 and pool_size % 2 else \
        pool_size - 1
    return before, padding_after(size, pool_size, stride, before)


class PytensorPooling(object):

    def pool(self, x, pool_size, strides, padding, pool_mode, data_format):
        return super(PytensorPooling, self).pool(
            x, pool_size, strides,
            THEANO_POOL_SAME if padding == 'same' else padding, pool_mode,
            data_format)

    def _spatial_pads(self, sizes, kernel_sizes, strides, dilations,
                      padding):
        if padding != THEANO_POOL_SAME:
            return super(PytensorPooling, self)._spatial_pads(
                sizes, kernel_sizes, strides, dilations, padding)
        return [pool_padding(n, k, s)
                for n, k, s in zip(sizes, kernel_sizes, strides)]
