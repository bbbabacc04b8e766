"""Choosing and placing elements by index or mask: sort, topk, index_select, masked_fill,
scatter, scatter_add; all built on indexing, its adjoint index_add, and where."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import OpError
from ..shapes import as_ints, normalize_dim
from ..tensor import Tensor, make_tensor, method
from .binary import where
from .indexing import IndexOpError, gather, index_add, int_array, positions
from .lift import lift
from .reduce import ValuesIndices


def _order(data: np.ndarray, a: int, descending: bool) -> np.ndarray:
    """Stable sorting indices along `a`; NaN counts as the largest value (PyTorch's order)."""
    if not descending:
        return np.argsort(data, axis=a, kind="stable")
    # ascending on the reversed data, read backwards: ties keep their order, NaN comes first
    backwards = np.argsort(np.flip(data, a), axis=a, kind="stable")
    return np.flip(data.shape[a] - 1 - backwards, a)


def _sorted(x: Any, dim: int, descending: bool, k: int | None, op: str) -> ValuesIndices:
    """The first k (all if None) of x sorted along `dim`, and their indices."""
    x = lift(x)
    a = normalize_dim(dim, x.ndim, op)
    flat = x.reshape(1) if x.ndim == 0 else x
    index = _order(flat.data, a, descending)
    if k is not None:
        (k,) = as_ints(k, "k", op)
        if not 0 <= k <= flat.shape[a]:
            raise OpError(f"{op}: k={k} is out of range for dim {dim} of shape {x.shape}")
        index = np.take(index, np.arange(k), axis=a)
    values = gather(flat, a, index)
    if x.ndim == 0:
        return ValuesIndices(values.reshape(()), make_tensor(index.reshape(())))
    return ValuesIndices(values, make_tensor(index))


@method("sort")
def sort(
    x: Any, dim: int = -1, descending: bool = False, stable: bool = False
) -> tuple[Tensor, Tensor]:
    """x sorted along `dim` and the indices it came from (always stable; NaN sorts as largest);
    the gradient goes back to those indices."""
    return _sorted(x, dim, descending, None, "sort")


@method("argsort")
def argsort(x: Any, dim: int = -1, descending: bool = False, stable: bool = False) -> Tensor:
    """The indices that sort x along `dim` (always stable; NaN sorts as largest)."""
    return _sorted(x, dim, descending, None, "argsort").indices


@method("topk")
def topk(
    x: Any, k: int, dim: int = -1, largest: bool = True, sorted: bool = True
) -> tuple[Tensor, Tensor]:
    """The k largest (smallest if not `largest`) values along `dim`, in order, and their indices
    (ties in index order); the gradient goes back to those indices."""
    return _sorted(x, dim, largest, k, "topk")


@method("index_select")
def index_select(x: Any, dim: int, index: Any) -> Tensor:
    """The slices of x at the positions `index` (1-D) along `dim`, in that order."""
    x, index = lift(x), int_array(index)
    a = normalize_dim(dim, x.ndim, "index_select")
    n = x.shape[a] if x.ndim else 1
    if index.ndim > 1 or index.dtype.kind not in "iu":
        raise OpError(f"index_select: index must be 1-D integers, got {index.dtype} {index.shape}")
    if index.size and not 0 <= index.min() <= index.max() < n:
        raise IndexOpError(
            f"index_select: index values in [{index.min()}, {index.max()}] out of range for dim "
            f"{dim} of shape {x.shape}"
        )
    if x.ndim == 0:
        return x.reshape(1)[index.reshape(-1)].reshape(index.shape)
    return x[(slice(None),) * a + (index.reshape(-1),)]


@method("masked_fill")
def masked_fill(x: Any, mask: Any, value: Any) -> Tensor:
    """x with `value` where `mask` (broadcast to x's shape) is true; the gradient of x is 0 there
    and that of value (a 0-d tensor) the sum of the gradient there."""
    x, mask = lift(x), int_array(mask)
    if mask.dtype != bool or np.broadcast_shapes(mask.shape, x.shape) != x.shape:
        raise OpError(
            f"masked_fill: mask must be boolean and broadcast to {x.shape}, "
            f"got {mask.dtype} {mask.shape}"
        )
    value = lift(value, x.dtype)
    if value.ndim:
        raise OpError(f"masked_fill: value must be a number or 0-d tensor, got {value.shape}")
    return where(mask, value, x)


def _placement(x: Tensor, dim: int, index: Any, src: Any, op: str) -> tuple[Any, Tensor]:
    """`index`'s positions in x, and the part of src (a tensor no smaller than index, or a
    number) that goes there."""
    index = int_array(index)
    a = normalize_dim(dim, x.ndim, op)
    if x.ndim == 0:
        raise OpError(f"{op}: needs a tensor of 1+ dims, got shape {x.shape}")
    where_to = positions(x, a, index, op)
    src = lift(src, x.dtype)
    if src.ndim == 0:
        return where_to, src.expand(index.shape)
    if src.ndim != index.ndim or any(k > n for k, n in zip(index.shape, src.shape, strict=True)):
        raise OpError(f"{op}: src of shape {src.shape} is smaller than index {index.shape}")
    return where_to, src[tuple(slice(k) for k in index.shape)]


@method("scatter")
def scatter(x: Any, dim: int, index: Any, src: Any) -> Tensor:
    """x with src written at `index` along `dim` (x[index[i][j]][j] = src[i][j] for dim 0);
    src may be a number. Where index repeats a position the last write wins, as numpy's."""
    x = lift(x)
    where_to, src = _placement(x, dim, index, src, "scatter")
    cells = np.ravel_multi_index(np.broadcast_arrays(*where_to), x.shape).ravel()
    _, from_end = np.unique(cells[::-1], return_index=True)
    wins = np.zeros(cells.size, dtype=bool)
    wins[cells.size - 1 - from_end] = True  # the last write to each position
    wins = wins.reshape(src.shape)
    winners = tuple(np.broadcast_to(p, src.shape)[wins] for p in where_to)
    written = np.zeros(x.shape, dtype=bool)
    written[winners] = True
    return where(written, index_add(src[wins], x.shape, winners), x)


@method("scatter_add")
def scatter_add(x: Any, dim: int, index: Any, src: Any) -> Tensor:
    """x with src added at `index` along `dim` (x[index[i][j]][j] += src[i][j] for dim 0),
    repeated positions summed; the gradient of src gathers the gradient from there."""
    x = lift(x)
    where_to, src = _placement(x, dim, index, src, "scatter_add")
    return x + index_add(src, x.shape, where_to)
