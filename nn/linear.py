"""`Linear`: the fully connected layer y = x W^T + b; and `Identity`."""

from __future__ import annotations

import math

import numpy as np

import autograd
from autograd import Tensor, zeros

from . import init
from .module import Module
from .parameter import Parameter


class Identity(Module):
    """Its input, unchanged (a placeholder, as PyTorch's; arguments are accepted and ignored)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__()

    def forward(self, x: Tensor) -> Tensor:
        return x


class Linear(Module):
    """y = x @ W.T + b, with W of shape (out_features, in_features), as in PyTorch."""

    def __init__(self, in_features: int, out_features: int, bias: bool = True) -> None:
        super().__init__()
        for what, n in (("in_features", in_features), ("out_features", out_features)):
            if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 0:
                raise TypeError(f"Linear: {what} must be a non-negative integer, got {n!r}")
        self.in_features, self.out_features = int(in_features), int(out_features)
        self.weight = Parameter(zeros(out_features, in_features))
        # PyTorch's default: U(-1/sqrt(in), 1/sqrt(in)) for both weight and bias
        bound = 1 / math.sqrt(in_features) if in_features else 0.0
        init.uniform_(self.weight, -bound, bound)
        if bias:
            self.bias = Parameter(init.uniform_(zeros(out_features), -bound, bound))
        else:
            self.register_parameter("bias", None)

    def forward(self, x: Tensor) -> Tensor:
        try:
            return autograd.linear(x, self.weight, self.bias)
        except autograd.OpError:  # checked by the op; said here in the layer's terms
            raise ValueError(
                f"Linear({self.in_features}, {self.out_features}): input has shape "
                f"{getattr(x, 'shape', type(x).__name__)}; its last dim must be {self.in_features}"
            ) from None

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )
