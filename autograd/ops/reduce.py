"""Reductions over axes: sum, max (primitives) and mean, var, min, argmax built from them."""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from ..function import Function
from ..tensor import Tensor, make_tensor
from .lift import lift

Axis = int | tuple[int, ...] | None


def normalize_axis(axis: Any, ndim: int, op: str) -> tuple[int, ...]:
    """`axis` as a sorted tuple of non-negative axes (None means all). A 0-d tensor takes axis 0
    or -1, as in PyTorch, and has no axis to reduce."""
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, int | np.integer) else tuple(axis)
    n = builtins.max(ndim, 1)
    for a in axes:
        if not -n <= a < n:
            raise ValueError(f"{op}: axis {a} is out of range for a tensor of {ndim} dimensions")
    return tuple(sorted({int(a) % n for a in axes})) if ndim else ()


def kept_shape(shape: tuple[int, ...], axes: tuple[int, ...]) -> tuple[int, ...]:
    """`shape` with the reduced `axes` kept as size 1."""
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


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


def sum(x: Any, axis: Axis = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Sum over `axis` (all axes if None)."""
    return _reduce(Sum, x, axis, keepdims, "sum")


def max(x: Any, axis: Axis = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Largest value over `axis`; ties share the gradient evenly."""
    return _reduce(Max, x, axis, keepdims, "max")


def min(x: Any, axis: Axis = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Smallest value over `axis`: -max(-x)."""
    return -max(-lift(x), axis, keepdims)


def mean(x: Any, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """Average over `axis`: sum / count."""
    x = lift(x)
    axes = normalize_axis(axis, x.ndim, "mean")
    count = int(np.prod([x.shape[a] for a in axes]))
    return Sum.apply(x, axes=axes, keepdims=keepdims) * (1.0 / count if count else np.nan)


def var(x: Any, axis: Axis = None, keepdims: bool = False, correction: int = 1) -> Tensor:
    """Variance over `axis`, divided by (count - correction): 1 is unbiased, as PyTorch's default;
    pass correction=0 for numpy's and batch norm's biased estimate."""
    x = lift(x)
    axes = normalize_axis(axis, x.ndim, "var")
    count = int(np.prod([x.shape[a] for a in axes]))
    d = x - mean(x, axes, keepdims=True)
    scale = 1.0 / (count - correction) if count > correction else np.nan
    return (d * d).sum(axes, keepdims) * scale


def argmax(x: Any, axis: int | None = None, keepdims: bool = False) -> Tensor:
    """Index of the largest value along `axis` (of the flattened tensor if None)."""
    x = lift(x)
    return make_tensor(np.asarray(np.argmax(x.data, axis=axis, keepdims=keepdims)))


def argmin(x: Any, axis: int | None = None, keepdims: bool = False) -> Tensor:
    """Index of the smallest value along `axis` (of the flattened tensor if None)."""
    x = lift(x)
    return make_tensor(np.asarray(np.argmin(x.data, axis=axis, keepdims=keepdims)))


def sum_to(g: Any, shape: tuple[int, ...]) -> Any:
    """Sum `g` (an ndarray or a Tensor) down to `shape`: the reverse of numpy broadcasting."""
    if g.shape == shape:
        return g
    lead = len(g.shape) - len(shape)
    if lead < 0:
        raise ValueError(f"cannot sum shape {g.shape} down to {shape}")
    ones = tuple(i + lead for i, n in enumerate(shape) if n == 1 and g.shape[i + lead] != 1)
    if not ones:
        out = g.sum(axis=tuple(range(lead)))
    else:
        out = g.sum(axis=tuple(range(lead)) + ones, keepdims=True).reshape(shape)
    if out.shape != shape:
        raise ValueError(f"cannot sum shape {g.shape} down to {shape}")
    return out
