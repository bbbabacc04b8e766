"""Indexing: x[index] and its adjoint, adding a gradient into the indexed places of zeros;
gather built on them."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function, OpError
from ..shapes import array_parts, ints_first, is_advanced, normalize_dim, normalize_index
from ..tensor import Tensor, method
from .lift import lift


class IndexOpError(OpError, IndexError):
    """An index out of range: an IndexError (as Python's and PyTorch's) naming index and shape."""


class Getitem(Function):
    """x[index];  d/dx puts the gradient back where the elements came from
    (summed where an integer index repeats a position)."""

    view, saves_inputs = True, False

    def forward(self, x, index):
        self.shape, self.index = x.shape, index
        try:
            return x[index]
        except IndexError as err:
            raise IndexOpError(f"getitem: {err} (index {index!r}, shape {x.shape})") from None

    def backward(self, g, out, x):
        return index_add(g, self.shape, self.index)


class GetitemCopy(Getitem):
    """x[index] with an integer or boolean array: numpy returns a copy, not a view, so the result
    does not share x's version stamp (changing it in place leaves x, and x's graph, alone)."""

    view = False
    name = "getitem"


class IndexAdd(Function):
    """zeros(shape) with g added at `index`;  its adjoint is g[index]."""

    name = "index_add"

    saves_inputs = False

    def forward(self, g, shape, index):
        self.index = index
        out = np.zeros(shape, dtype=g.dtype)
        if is_advanced(index):
            np.add.at(out, index, g)
        else:
            out[index] = g
        return out

    def backward(self, gg, out, g):
        return gg[self.index]


def index_add(g: Any, shape: tuple[int, ...], index: Any) -> Any:
    """zeros(shape) with `g` added at `index`, for an ndarray or (recorded) a Tensor."""
    if isinstance(g, Tensor):
        return IndexAdd.apply(g, shape=shape, index=index)
    return IndexAdd().forward(np.asarray(g), shape, index)


@method("__getitem__")
def getitem(x: Tensor, index: Any) -> Tensor:
    """x[index]: basic slicing, integer arrays and boolean masks, as PyTorch (integers mixed with
    arrays index first, so the arrays' dims stay where they are)."""
    index = normalize_index(index)
    split = ints_first(index)
    if split is not None:
        return getitem(getitem(x, split[0]), split[1])
    return (GetitemCopy if array_parts(index) else Getitem).apply(x, index=index)


def positions(x: Tensor, a: int, index: Any, op: str) -> tuple[np.ndarray, ...]:
    """The index into x of gather's and scatter's `index` along dim `a`: index's own positions
    in the other dims. index has x's number of dims, is no larger off `a`, and is in range."""
    if index.dtype.kind not in "iu" or index.ndim != x.ndim:
        raise OpError(
            f"{op}: index must be integers with the {x.ndim} dims of x (shape {x.shape}), "
            f"got dtype {index.dtype} and shape {index.shape}"
        )
    if any(k > n for d, (k, n) in enumerate(zip(index.shape, x.shape, strict=True)) if d != a):
        raise OpError(f"{op}: index shape {index.shape} is larger than {x.shape} off dim {a}")
    if index.size and not 0 <= index.min() <= index.max() < x.shape[a]:
        raise IndexOpError(
            f"{op}: index values in [{index.min()}, {index.max()}] out of range for dim {a} "
            f"of size {x.shape[a]} (shape {x.shape})"
        )
    grids = list(np.indices(index.shape, sparse=True))
    grids[a] = index
    return tuple(grids)


def int_array(index: Any) -> np.ndarray:
    """An index given as a Tensor, array or list, as an ndarray."""
    return np.asarray(index.data if isinstance(index, Tensor) else index)


@method("gather")
def gather(x: Any, dim: int, index: Any) -> Tensor:
    """x's values along `dim` at `index` (out[i][j] = x[index[i][j]][j] for dim 0); index has
    x's number of dims and is no larger in the others. The gradient is added back at `index`."""
    x, index = lift(x), int_array(index)
    a = normalize_dim(dim, x.ndim, "gather")
    if x.ndim == 0:
        return gather(x.reshape(1), 0, index.reshape(-1)).reshape(index.shape)
    return GetitemCopy.apply(x, index=positions(x, a, index, "gather"))
