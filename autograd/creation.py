"""Functions that make new tensors: tensor, zeros, ones, full, eye, arange, linspace, random."""

from __future__ import annotations

from typing import Any

import numpy as np

from .dtype import get_default_dtype, numeric, to_array
from .random import generator
from .shapes import as_ints
from .tensor import Tensor, make_tensor, refuse_graph_members

Shape = int | tuple[int, ...]


def tensor(data: Any, requires_grad: bool = False, dtype: Any = None, name: str | None = None):
    """A tensor holding a copy of `data`, inferring the dtype as `torch.tensor` does: Python
    floats take the default dtype, Python ints stay integers, numpy arrays keep theirs.
    (`Tensor(...)` instead makes Python data floating, as `torch.Tensor(...)` does; `as_tensor`
    and `from_numpy` share an array's memory instead of copying it.)"""
    if isinstance(data, Tensor):
        data = data.data
    if type(data) in (list, tuple):
        refuse_graph_members(data, "tensor")
    return Tensor(to_array(data, dtype), requires_grad=requires_grad, name=name)


def as_tensor(data: Any, dtype: Any = None) -> Tensor:
    """`data` as a tensor, sharing memory where it can (`torch.as_tensor`): a Tensor is returned as
    it is (cast if `dtype` differs), a numpy array of the right dtype is shared, not copied."""
    if isinstance(data, Tensor):
        return data if dtype is None or np.dtype(dtype) == data.dtype else data.astype(dtype)
    if isinstance(data, np.ndarray) and (dtype is None or np.dtype(dtype) == data.dtype):
        return from_numpy(data)
    return tensor(data, dtype=dtype)


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor sharing `array`'s memory (`torch.from_numpy`): writes to either show in both.
    Writes through numpy bypass the version stamp, as writes to `.data` do."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"from_numpy: expected a numpy ndarray, got {type(array).__name__}")
    return make_tensor(numeric(array))


def _shape(shape: tuple[Any, ...], op: str) -> tuple[int, ...]:
    """A shape given as sizes or as one sequence; each size a non-negative integer (a TypeError
    for 2.9, as PyTorch gives)."""
    if len(shape) == 1 and isinstance(shape[0], tuple | list):
        shape = tuple(shape[0])
    shape = as_ints(shape, "sizes", op)
    if min(shape, default=0) < 0:
        raise ValueError(f"{op}: sizes must be non-negative, got {shape}")
    return shape


def _dtype(dtype: Any) -> np.dtype:
    return get_default_dtype() if dtype is None else np.dtype(dtype)


def _leaf(data: np.ndarray, requires_grad: bool, name: str | None) -> Tensor:
    """A leaf around an array made for it (no copy): creation functions make their dtype
    directly, never a float64 array first (a 100 MB float32 tensor peaks at 100 MB)."""
    t = make_tensor(numeric(data))
    t.name = name
    if requires_grad:
        t.requires_grad = True
    return t


def _random(draw: Any, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
    """`draw(shape, dtype=...)` from the package's generator, in float32 or float64 directly
    (numpy's generator makes only these two; other dtypes are cast from float32)."""
    dt = _dtype(dtype)
    if dt.kind != "f":
        raise TypeError(f"random floats need a floating dtype, got {dt}")
    direct = dt if dt in (np.float32, np.float64) else np.dtype(np.float32)
    return draw(generator(), shape, dtype=direct).astype(dt, copy=False)


def zeros(
    *shape: Any, dtype: Any = None, requires_grad: bool = False, name: str | None = None
) -> Tensor:
    """A tensor of zeros."""
    return _leaf(np.zeros(_shape(shape, "zeros"), _dtype(dtype)), requires_grad, name)


def ones(
    *shape: Any, dtype: Any = None, requires_grad: bool = False, name: str | None = None
) -> Tensor:
    """A tensor of ones."""
    return _leaf(np.ones(_shape(shape, "ones"), _dtype(dtype)), requires_grad, name)


def full(
    shape: Shape,
    fill_value: float,
    dtype: Any = None,
    requires_grad: bool = False,
    name: str | None = None,
) -> Tensor:
    """A tensor filled with one value; its dtype inferred from the value as PyTorch does (a bool
    gives bool, an int int64, a float the default dtype)."""
    shape = _shape((shape,) if isinstance(shape, int | np.integer) else tuple(shape), "full")
    if dtype is None:
        dtype = to_array(fill_value).dtype
    return _leaf(np.full(shape, fill_value, np.dtype(dtype)), requires_grad, name)


def eye(
    n: int,
    m: int | None = None,
    dtype: Any = None,
    requires_grad: bool = False,
    name: str | None = None,
) -> Tensor:
    """The identity matrix (n x m)."""
    n, m = _shape((n, n if m is None else m), "eye")
    return _leaf(np.eye(n, m, dtype=_dtype(dtype)), requires_grad, name)


def arange(start: float, stop: float | None = None, step: float = 1, dtype: Any = None) -> Tensor:
    """Evenly spaced values in [start, stop); integer arguments give int64, others the default
    float dtype, as in PyTorch."""
    data = np.arange(0, start, step) if stop is None else np.arange(start, stop, step)
    if dtype is None and data.dtype.kind in "iu":
        return _leaf(data.astype(np.int64, copy=False), False, None)
    return _leaf(data.astype(_dtype(dtype), copy=False), False, None)


def linspace(start: float, stop: float, num: int = 50, dtype: Any = None,
             requires_grad: bool = False, name: str | None = None) -> Tensor:  # fmt: skip
    """`num` evenly spaced values from start to stop, both included."""
    return _leaf(np.linspace(start, stop, num, dtype=_dtype(dtype)), requires_grad, name)


def rand(
    *shape: Any, dtype: Any = None, requires_grad: bool = False, name: str | None = None
) -> Tensor:
    """Uniform random values in [0, 1)."""
    data = _random(np.random.Generator.random, _shape(shape, "rand"), dtype)
    return _leaf(data, requires_grad, name)


def randn(
    *shape: Any, dtype: Any = None, requires_grad: bool = False, name: str | None = None
) -> Tensor:
    """Standard normal random values."""
    data = _random(np.random.Generator.standard_normal, _shape(shape, "randn"), dtype)
    return _leaf(data, requires_grad, name)


def randint(low: int, high: int | None = None, size: Shape = (), dtype: Any = np.int64) -> Tensor:
    """Random integers in [low, high) (in [0, low) if high is None)."""
    if high is None:
        low, high = 0, low
    size = _shape((size,) if isinstance(size, int | np.integer) else tuple(size), "randint")
    return _leaf(generator().integers(low, high, size=size, dtype=np.dtype(dtype)), False, None)


def zeros_like(
    x: Tensor, dtype: Any = None, requires_grad: bool = False, name: str | None = None
) -> Tensor:
    """Zeros of x's shape and dtype."""
    return zeros(x.shape, dtype=dtype or x.dtype, requires_grad=requires_grad, name=name)


def ones_like(
    x: Tensor, dtype: Any = None, requires_grad: bool = False, name: str | None = None
) -> Tensor:
    """Ones of x's shape and dtype."""
    return ones(x.shape, dtype=dtype or x.dtype, requires_grad=requires_grad, name=name)


def randn_like(
    x: Tensor, dtype: Any = None, requires_grad: bool = False, name: str | None = None
) -> Tensor:
    """Standard normal values of x's shape and dtype."""
    return randn(x.shape, dtype=dtype or x.dtype, requires_grad=requires_grad, name=name)
