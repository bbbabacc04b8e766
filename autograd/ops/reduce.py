"""Reductions over axes: sum, max (primitives) and mean, var, min, argmax built from them."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function
from ..shapes import Axis, dim_aliases, kept_shape, normalize_axis, sum_to
from ..tensor import Tensor, make_tensor, method
from .lift import lift


class Sum(Function):
    """sum of x over axes;  d/dx = 1 for every element, so the gradient is broadcast back."""

    saves_inputs = False

    def forward(self, x, axes, keepdims):
        self.shape, self.kept = x.shape, kept_shape(x.shape, axes)
        return x.sum(axis=axes, keepdims=keepdims)

    def backward(self, g, out, x):
        return np.broadcast_to(g.reshape(self.kept), self.shape)


class Max(Function):
    """max of x over axes;  d/dx = 1 at the maximum (shared evenly by ties), else 0."""

    saves_output = True

    def forward(self, x, axes, keepdims):
        if x.size == 0:
            raise ValueError("max of an empty tensor")
        self.axes, self.kept = axes, kept_shape(x.shape, axes)
        return x.max(axis=axes, keepdims=keepdims)

    def backward(self, g, out, x):
        # the mask only compares values: it is a constant of the backward
        mask = np.asarray(x) == np.asarray(out).reshape(self.kept)
        share = mask / mask.sum(axis=self.axes, keepdims=True)
        return g.reshape(self.kept) * share.astype(g.dtype)


def _reduce(cls: type[Function], x: Any, axis: Axis, keepdims: bool, op: str) -> Tensor:
    x = lift(x)
    return cls.apply(x, axes=normalize_axis(axis, x.ndim, op), keepdims=keepdims)


@method("sum", numpy=np.sum)
@dim_aliases
def sum(x: Any, axis: Axis = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Sum over `axis` (all axes if None)."""
    return _reduce(Sum, x, axis, keepdims, "sum")


@method("max")
@dim_aliases
def max(x: Any, axis: Axis = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Largest value over `axis`; ties share the gradient evenly."""
    return _reduce(Max, x, axis, keepdims, "max")


@method("min")
@dim_aliases
def min(x: Any, axis: Axis = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Smallest value over `axis`: -max(-x)."""
    return -max(-lift(x), axis, keepdims)


@method("mean", numpy=np.mean)
@dim_aliases
def mean(x: Any, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """Average over `axis`: sum / count."""
    x = lift(x)
    axes = normalize_axis(axis, x.ndim, "mean")
    count = int(np.prod([x.shape[a] for a in axes]))
    return Sum.apply(x, axes=axes, keepdims=keepdims) * (1.0 / count if count else np.nan)


@method("var")
@dim_aliases
def var(x: Any, axis: Axis = None, keepdims: bool = False, correction: int = 1) -> Tensor:
    """Variance over `axis`, divided by (count - correction): 1 is unbiased, as PyTorch's default;
    pass correction=0 for numpy's and batch norm's biased estimate."""
    x = lift(x)
    axes = normalize_axis(axis, x.ndim, "var")
    count = int(np.prod([x.shape[a] for a in axes]))
    d = x - mean(x, axes, keepdims=True)
    scale = 1.0 / (count - correction) if count > correction else np.nan
    return (d * d).sum(axes, keepdims) * scale


@method("argmax")
@dim_aliases
def argmax(x: Any, axis: int | None = None, keepdims: bool = False) -> Tensor:
    """Index of the largest value along `axis` (of the flattened tensor if None)."""
    x = lift(x)
    return make_tensor(np.asarray(np.argmax(x.data, axis=axis, keepdims=keepdims)))


@method("argmin")
@dim_aliases
def argmin(x: Any, axis: int | None = None, keepdims: bool = False) -> Tensor:
    """Index of the smallest value along `axis` (of the flattened tensor if None)."""
    x = lift(x)
    return make_tensor(np.asarray(np.argmin(x.data, axis=axis, keepdims=keepdims)))


sum_to = method("sum_to")(sum_to)  # broadcasting undone: defined on the ground floor
