"""Indexing: x[index] and its adjoint, adding a gradient into the indexed places of zeros."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function
from ..shapes import array_parts, is_advanced, normalize_index
from ..tensor import Tensor, method


class Getitem(Function):
    """x[index];  d/dx puts the gradient back where the elements came from
    (summed where an integer index repeats a position)."""

    view, saves_inputs = True, False

    def forward(self, x, index):
        self.shape, self.index = x.shape, index
        return x[index]

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
    """x[index]: basic slicing, integer arrays and boolean masks, as numpy."""
    index = normalize_index(index)
    return (GetitemCopy if array_parts(index) else Getitem).apply(x, index=index)
