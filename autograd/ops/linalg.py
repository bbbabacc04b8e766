"""Matrix multiplication, and the layer W·x + b."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function, OpError
from ..tensor import Tensor, method
from .lift import lift


class Matmul(Function):
    """x @ y for x, y of 2+ dims (batch dims broadcast);  d/dx = g @ y^T,  d/dy = x^T @ g."""

    def forward(self, x, y):
        return x @ y

    def backward(self, g, out, x, y):
        gx = g @ y.swapaxes(-1, -2) if self.needs(0) else None
        if not self.needs(1):
            return gx, None
        if _is_transposed(y):  # x @ W.T: give W's gradient W's memory layout, for fast updates
            return gx, (g.swapaxes(-1, -2) @ x).swapaxes(-1, -2)
        return gx, x.swapaxes(-1, -2) @ g


def _is_transposed(a) -> bool:
    """True for a 2-D array laid out column by column (such as W.T of a row-major W)."""
    flags = np.asarray(a).flags
    return a.ndim == 2 and flags.f_contiguous and not flags.c_contiguous


class Linear(Function):
    """x @ w^T + b;  d/dx = g @ w,  d/dw = g^T @ x (summed over batch dims),  d/db = sum of g.

    Fused (one node, not permute + matmul + add): a training step of an MLP pays per-op cost
    for every layer, and this cut the 784-256-128-10 benchmark's overhead over numpy by a third.
    The bias is optional: without it the op has two inputs.
    """

    def forward(self, x, w, b=None):
        return x @ w.T if b is None else x @ w.T + b

    def backward(self, g, out, x, w, b=None):
        gx = g @ w if self.needs(0) else None
        rows_g, rows_x = g.reshape(-1, g.shape[-1]), x.reshape(-1, x.shape[-1])
        gw = rows_g.swapaxes(-1, -2) @ rows_x if self.needs(1) else None
        if b is None:
            return gx, gw
        return gx, gw, (rows_g.sum(axis=0) if self.needs(2) else None)


def linear(x: Any, weight: Any, bias: Any = None) -> Tensor:
    """x @ weight.T + bias, with weight of shape (out, in) and bias (out,) or None, as a layer
    computes (PyTorch's `nn.functional.linear`)."""
    x, weight = lift(x), lift(weight)
    inputs = (x, weight) if bias is None else (x, weight, lift(bias))
    if (
        weight.ndim != 2
        or x.shape[-1:] != weight.shape[1:]
        or (bias is not None and inputs[2].shape != weight.shape[:1])
    ):
        shapes = ", ".join(str(t.shape) for t in inputs)
        raise OpError(
            f"linear: expected x (..., in), weight (out, in) and bias (out,) or None; got {shapes}"
        )
    return Linear.apply(*inputs)


@method("matmul", "__matmul__", reflected="__rmatmul__", numpy=np.matmul)
def matmul(x: Any, y: Any) -> Tensor:
    """x @ y as numpy's matmul: 1-D operands act as a row (first) or column (second) vector."""
    x, y = lift(x), lift(y)
    if x.ndim == 0 or y.ndim == 0:
        raise OpError(f"matmul: operands must have at least 1 dim, got {x.shape} and {y.shape}")
    inner = y.shape[-2] if y.ndim >= 2 else y.shape[0]
    if x.shape[-1] != inner:
        raise OpError(
            f"matmul: shapes {x.shape} and {y.shape} do not fit: the last dim of the first "
            f"({x.shape[-1]}) must equal the {'second-to-' if y.ndim >= 2 else ''}last of the "
            f"second ({inner})"
        )
    if x.ndim >= 2 and y.ndim >= 2:
        return Matmul.apply(x, y)
    out = Matmul.apply(
        x.reshape(1, -1) if x.ndim == 1 else x, y.reshape(-1, 1) if y.ndim == 1 else y
    )
    # drop the axes the 1-D operands gained, both at once: (1, 1) -> () for vector @ vector
    return out.squeeze(((-2,) if x.ndim == 1 else ()) + ((-1,) if y.ndim == 1 else ()))
