"""The default floating dtype, and turning Python data into arrays."""

from __future__ import annotations

import numpy as np

_default = np.dtype(np.float32)


def set_default_dtype(dtype: np.dtype | type) -> None:
    """Set the dtype that Python floats (and `Tensor(...)` of Python data) become."""
    global _default
    dt = np.dtype(dtype)
    if dt.kind != "f":
        raise TypeError(f"set_default_dtype: expected a floating dtype, got {dt}")
    _default = dt


def get_default_dtype() -> np.dtype:
    """The dtype Python floats become."""
    return _default


def to_array(data: object, dtype: object = None, *, floating: bool = False) -> np.ndarray:
    """An ndarray for `data`: arrays keep their dtype; Python floats (or all Python data if
    `floating`) take the default dtype, as `torch.Tensor(...)` and `torch.tensor(...)` do."""
    if dtype is not None:
        return np.asarray(data, dtype=dtype)
    if isinstance(data, np.ndarray | np.generic):
        return np.asarray(data)
    arr = np.asarray(data)
    if arr.dtype.kind == "f" or (floating and arr.dtype.kind in "iub"):
        return arr.astype(_default, copy=False)
    return arr
