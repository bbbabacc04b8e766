"""The default floating dtype, and turning Python data into arrays."""

from __future__ import annotations

import numpy as np

_default = np.dtype(np.float32)
CATEGORY = {"b": 0, "u": 1, "i": 1, "f": 2}  # PyTorch's categories of dtype kinds


def kind_of(value: object) -> str:
    """The dtype kind (b, i, u, f) a value brings to an op, counting Python numbers as PyTorch."""
    if isinstance(value, bool):
        return "b"
    if isinstance(value, int):
        return "i"
    if isinstance(value, float):
        return "f"
    data = getattr(value, "data", value)
    return (data if isinstance(data, np.ndarray | np.generic) else np.asarray(data)).dtype.kind


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
    """A new ndarray holding `data` (never the caller's memory, as `torch.tensor` copies): arrays
    keep their dtype; Python floats (or all Python data if `floating`) take the default dtype,
    as `torch.Tensor(...)` and `torch.tensor(...)` do. Non-numeric data is refused."""
    if type(data) is float and dtype is None:
        return np.array(data, _default)  # the fast path: every scalar leaf comes this way
    if dtype is not None or isinstance(data, np.ndarray | np.generic):
        arr = np.array(data, dtype=dtype)
    else:
        arr = np.asarray(data)  # Python data: a new array already
        if arr.dtype.kind == "f" or (floating and arr.dtype.kind in "iub"):
            arr = arr.astype(_default, copy=False)
    return numeric(arr)


def numeric(arr: np.ndarray) -> np.ndarray:
    """`arr` if its dtype is one glassgrad computes with (bool, integer, floating), else a
    TypeError saying so."""
    if arr.dtype.kind not in "biuf":
        what = "complex numbers" if arr.dtype.kind == "c" else f"dtype {arr.dtype}"
        raise TypeError(
            f"tensor: {what} not supported: glassgrad computes with bool, integer and floating "
            "tensors (a complex, string or object array is refused rather than half-handled)"
        )
    return arr
