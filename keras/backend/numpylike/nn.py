"""Neural-network primitives over a numpy-like `xp`."""


class NumpyLikeNN(object):

    def sigmoid(self, x):
        xp = self.xp
        # Split by sign so neither branch overflows: with e = exp(-|x|),
        # 1 / (1 + e) for x >= 0, e / (1 + e) below (not 1 - 1 / (1 + e),
        # which cancels to 0 for x < -17 in float32).
        exp_minus_abs = xp.exp(-xp.abs(x))
        positive = 1. / (1. + exp_minus_abs)
        return xp.where(x >= 0, positive, exp_minus_abs * positive)

    def softplus(self, x):
        xp = self.xp
        return xp.maximum(x, 0) + xp.log1p(xp.exp(-xp.abs(x)))

    def stop_gradient(self, x):
        return x
