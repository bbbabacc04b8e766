"""Reductions over axes: sum, max, min (primitives); mean, var, std, norm, dot, outer built from
them and from einsum; argmax, argmin, all, any (no gradient)."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ..function import Function, OpError
from ..shapes import Axis, dim_aliases, kept_shape, normalize_axis, normalize_dim, sum_to
from ..tensor import Tensor, make_tensor, method
from .binary import where
from .elementwise import abs, sqrt
from .indexing import gather
from .lift import lift, lift_pair
from .linalg import einsum


class ValuesIndices(NamedTuple):
    """(values, indices): what PyTorch's max/min along a dim, sort, topk, cummax return."""

    values: Tensor
    indices: Tensor


class Sum(Function):
    """sum of x over axes;  d/dx = 1 for every element, so the gradient is broadcast back."""

    saves_inputs = False

    def forward(self, x, axes, keepdims):
        self.shape, self.kept = x.shape, kept_shape(x.shape, axes)
        return x.sum(axis=axes, keepdims=keepdims)

    def backward(self, g, out, x):
        return np.broadcast_to(g.reshape(self.kept), self.shape)


class Max(Function):
    """max of x over axes;  d/dx = 1 at the maximum (shared evenly by ties, and by the NaNs
    when the result is NaN, as PyTorch's max()), else 0."""

    saves_output = True
    pick = staticmethod(np.max)

    def forward(self, x, axes, keepdims):
        if x.size == 0:
            raise ValueError(f"{self.name} of an empty tensor")
        self.axes, self.kept = axes, kept_shape(x.shape, axes)
        return self.pick(x, axis=axes, keepdims=keepdims)

    def backward(self, g, out, x):
        # the mask only compares values: it is a constant of the backward
        x, out = np.asarray(x), np.asarray(out).reshape(self.kept)
        mask = (x == out) | (np.isnan(x) & np.isnan(out))
        share = mask / mask.sum(axis=self.axes, keepdims=True)
        return g.reshape(self.kept) * share.astype(g.dtype)


class Min(Max):
    """min of x over axes;  d/dx = 1 at the minimum (shared evenly by ties, and by the NaNs
    when the result is NaN), else 0."""

    pick = staticmethod(np.min)


def _reduce(cls: type[Function], x: Any, axis: Axis, keepdims: bool, op: str) -> Tensor:
    x = lift(x)
    return cls.apply(x, axes=normalize_axis(axis, x.ndim, op), keepdims=keepdims)


@method("sum", numpy=np.sum)
@dim_aliases
def sum(x: Any, axis: Axis = None, keepdims: bool = False, *, dtype: Any = None) -> Tensor:  # noqa: A001
    """Sum over `axis` (all axes if None), in `dtype` if given."""
    return _reduce(Sum, lift(x, None if dtype is None else np.dtype(dtype)), axis, keepdims, "sum")


def _extreme(cls: type[Max], x: Any, axis: Axis, keepdims: bool) -> Tensor | ValuesIndices:
    """max or min: over an int axis the pair (values, indices), else the values."""
    x = lift(x)
    if not isinstance(axis, int | np.integer):
        return _reduce(cls, x, axis, keepdims, cls.name)
    a = normalize_dim(axis, x.ndim, cls.name)
    flat = x.reshape(1) if x.ndim == 0 else x
    if flat.shape[a] == 0:
        raise OpError(f"{cls.name}: axis {axis} of shape {x.shape} is empty")
    arg = np.argmax if cls is Max else np.argmin  # the first extreme, or the first NaN: PyTorch's
    index = arg(flat.data, axis=a, keepdims=True)
    values = gather(flat, a, index)
    if not keepdims or x.ndim == 0:
        values, index = values.reshape(x.shape[:a] + x.shape[a + 1 :]), index.squeeze(a)
    return ValuesIndices(values, make_tensor(index))


@method("max")
@dim_aliases
def max(x: Any, axis: Axis = None, keepdims: bool = False) -> Tensor | tuple[Tensor, Tensor]:  # noqa: A001
    """Largest value over `axis`: over one int axis (PyTorch's `max(dim)`) the pair (values,
    indices), the gradient going to the index returned; else the values, ties sharing it."""
    return _extreme(Max, x, axis, keepdims)


@method("min")
@dim_aliases
def min(x: Any, axis: Axis = None, keepdims: bool = False) -> Tensor | tuple[Tensor, Tensor]:  # noqa: A001
    """Smallest value over `axis`: over one int axis the pair (values, indices), else values."""
    return _extreme(Min, x, axis, keepdims)


def _floating_only(x: Tensor, op: str) -> None:
    """Refuse an integer or bool tensor for an op whose result is a float (PyTorch does too)."""
    if x.dtype.kind not in "fc":
        raise OpError(
            f"{op}: needs a floating tensor, got dtype {x.dtype} (shape {x.shape}); "
            "convert it first, e.g. with .astype('float32')"
        )


@method("mean", numpy=np.mean)
@dim_aliases
def mean(x: Any, axis: Axis = None, keepdims: bool = False, *, dtype: Any = None) -> Tensor:
    """Average over `axis`: sum / count (of a floating tensor, or in a floating `dtype`)."""
    x = lift(x, None if dtype is None else np.dtype(dtype))
    _floating_only(x, "mean")
    axes = normalize_axis(axis, x.ndim, "mean")
    count = int(np.prod([x.shape[a] for a in axes]))
    return Sum.apply(x, axes=axes, keepdims=keepdims) * (1.0 / count if count else np.nan)


@method("var")
@dim_aliases
def var(x: Any, axis: Axis = None, keepdims: bool = False, correction: int = 1) -> Tensor:
    """Variance over `axis`, divided by max(0, count - correction) as PyTorch (inf, or NaN for
    no spread, when correction >= count): 1 is unbiased, PyTorch's default; pass correction=0
    for numpy's and batch norm's biased estimate."""
    x = lift(x)
    _floating_only(x, "var")
    axes = normalize_axis(axis, x.ndim, "var")
    count = int(np.prod([x.shape[a] for a in axes]))
    d = x - mean(x, axes, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (d * d).sum(axes, keepdims) / float(np.maximum(0, count - correction))


@method("std")
@dim_aliases
def std(x: Any, axis: Axis = None, keepdims: bool = False, correction: int = 1) -> Tensor:
    """Standard deviation: sqrt(var), with gradient 0 where the variance is 0, as PyTorch's."""
    x = lift(x)
    _floating_only(x, "std")
    normalize_axis(axis, x.ndim, "std")  # so a bad axis is reported as std's
    return _root(var(x, axis, keepdims, correction=correction), 2)


def _root(s: Tensor, p: float) -> Tensor:
    """s ** (1/p), with gradient 0 where s is 0 (PyTorch's subgradient of a norm or std at 0)."""
    return _away_from_zero(lambda v: sqrt(v) if p == 2 else v ** (1.0 / p), s)


def _away_from_zero(fn: Any, s: Tensor) -> Tensor:
    """fn(s) where s != 0, else 0, with gradient 0 there: the inner where keeps fn's infinite
    slope at 0 out of the graph (0 * inf would be NaN)."""
    nonzero = np.asarray(s.data != 0)
    return where(nonzero, fn(where(nonzero, s, 1.0)), 0.0)


@method("norm")
@dim_aliases
def norm(x: Any, p: Any = "fro", axis: Axis = None, keepdims: bool = False) -> Tensor:
    """The vector p-norm over `axis` (all dims if None), as PyTorch's norm: p = "fro" or 2
    (sqrt of the sum of squares), 1, inf, -inf, or another number > 0; gradient 0 at 0."""
    x = lift(x)
    _floating_only(x, "norm")
    if p == "fro" or p == 2:
        return _root((x * x).sum(axis, keepdims), 2)
    if p == 1:
        return abs(x).sum(axis, keepdims)
    if p in (np.inf, -np.inf):
        return _reduce(Max if p > 0 else Min, abs(x), axis, keepdims, "norm")
    if isinstance(p, int | float) and p > 0:
        return _root(_away_from_zero(lambda v: v**p, abs(x)).sum(axis, keepdims), p)
    raise OpError(f"norm: p={p!r} is not supported (use 'fro', a number > 0, inf or -inf)")


@method("dot")
def dot(x: Any, y: Any) -> Tensor:
    """The inner product of two 1-D tensors of one length (an einsum)."""
    x, y = lift_pair(x, y)
    if x.ndim != 1 or x.shape != y.shape:
        raise OpError(f"dot: needs two 1-D tensors of one length, got {x.shape} and {y.shape}")
    return einsum("i,i->", x, y)


@method("outer")
def outer(x: Any, y: Any) -> Tensor:
    """The outer product x_i * y_j of two 1-D tensors (an einsum)."""
    x, y = lift_pair(x, y)
    if x.ndim != 1 or y.ndim != 1:
        raise OpError(f"outer: needs two 1-D tensors, got {x.shape} and {y.shape}")
    return einsum("i,j->ij", x, y)


def _argextreme(arg: Any, x: Any, axis: int | None, keepdims: bool, op: str) -> Tensor:
    x = lift(x)
    if axis is not None:
        axis = normalize_dim(axis, x.ndim, op)
    data = x.data.reshape(1) if x.ndim == 0 else x.data
    return make_tensor(np.asarray(arg(data, axis=axis, keepdims=keepdims and x.ndim > 0)))


@method("argmax")
@dim_aliases
def argmax(x: Any, axis: int | None = None, keepdims: bool = False) -> Tensor:
    """Index of the largest value along `axis` (of the flattened tensor if None)."""
    return _argextreme(np.argmax, x, axis, keepdims, "argmax")


@method("argmin")
@dim_aliases
def argmin(x: Any, axis: int | None = None, keepdims: bool = False) -> Tensor:
    """Index of the smallest value along `axis` (of the flattened tensor if None)."""
    return _argextreme(np.argmin, x, axis, keepdims, "argmin")


def _logical(fn: Any, x: Any, axis: Axis, keepdims: bool, op: str) -> Tensor:
    x = lift(x)
    axes = normalize_axis(axis, x.ndim, op)
    return make_tensor(np.asarray(fn(x.data, axis=axes, keepdims=keepdims)))


@method("all", numpy=np.all)
@dim_aliases
def all(x: Any, axis: Axis = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Whether every element over `axis` is nonzero (boolean, no gradient)."""
    return _logical(np.all, x, axis, keepdims, "all")


@method("any", numpy=np.any)
@dim_aliases
def any(x: Any, axis: Axis = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Whether some element over `axis` is nonzero (boolean, no gradient)."""
    return _logical(np.any, x, axis, keepdims, "any")


sum_to = method("sum_to")(sum_to)  # broadcasting undone: defined on the ground floor
