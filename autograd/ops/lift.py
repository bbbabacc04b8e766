"""Turning operands (Python numbers, lists, ndarrays) into Tensors for an op."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..tensor import Tensor, make_tensor

_PY_SCALARS = frozenset((int, float, bool))


def lift(value: Any, like: Tensor | None = None) -> Tensor:
    """`value` as a Tensor; a Python number takes the dtype of `like` (numpy's weak scalars)."""
    if isinstance(value, Tensor):
        return value
    if like is not None and type(value) in _PY_SCALARS:
        dtype = like.data.dtype
        if dtype.kind != "f":
            dtype = np.result_type(dtype, value)
        return make_tensor(np.asarray(value, dtype))
    if isinstance(value, np.ndarray):
        return make_tensor(value)
    return Tensor(value)


def lift_pair(x: Any, y: Any) -> tuple[Tensor, Tensor]:
    """Both operands of a binary op as Tensors."""
    if isinstance(x, Tensor):
        return x, (y if isinstance(y, Tensor) else lift(y, x))
    y = lift(y)
    return lift(x, y), y
