"""Pooling primitives (see the contract in keras/backend/ops/pooling.py).

numpylike's `pool` (maximum or sum of shifted slices, fused by pytensor
into one element-wise loop), with the padding of `PytensorConv`, which
also takes sizes known only at run time. Never flipped: pooling has no
kernel.
"""


class PytensorPooling(object):
    pass
