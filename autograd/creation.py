"""Functions that make new tensors: tensor, zeros, ones, full, eye, arange, linspace, random."""

from __future__ import annotations

from typing import Any

import numpy as np

from .dtype import get_default_dtype, numeric, to_array
from .random import generator
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


def _shape(shape: tuple[Any, ...]) -> tuple[int, ...]:
    if len(shape) == 1 and isinstance(shape[0], tuple | list):
        shape = tuple(shape[0])
    return tuple(int(n) for n in shape)


def _make(data: np.ndarray, dtype: Any, requires_grad: bool, name: str | None = None) -> Tensor:
    return Tensor(data.astype(dtype or get_default_dtype(), copy=False), requires_grad, name=name)


def zeros(
    *shape: Any, dtype: Any = None, requires_grad: bool = False, name: str | None = None
) -> Tensor:
    """A tensor of zeros."""
    return _make(np.zeros(_shape(shape)), dtype, requires_grad, name)


def ones(
    *shape: Any, dtype: Any = None, requires_grad: bool = False, name: str | None = None
) -> Tensor:
    """A tensor of ones."""
    return _make(np.ones(_shape(shape)), dtype, requires_grad, name)


def full(
    shape: Shape,
    fill_value: float,
    dtype: Any = None,
    requires_grad: bool = False,
    name: str | None = None,
) -> Tensor:
    """A tensor filled with one value."""
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    return _make(np.full(shape, fill_value), dtype, requires_grad, name)


def eye(
    n: int,
    m: int | None = None,
    dtype: Any = None,
    requires_grad: bool = False,
    name: str | None = None,
) -> Tensor:
    """The identity matrix (n x m)."""
    return _make(np.eye(n, m), dtype, requires_grad, name)


def arange(start: float, stop: float | None = None, step: float = 1, dtype: Any = None) -> Tensor:
    """Evenly spaced values in [start, stop); integer arguments give integers, as in numpy."""
    data = np.arange(0, start, step) if stop is None else np.arange(start, stop, step)
    if dtype is None and data.dtype.kind in "iu":
        return Tensor(data)
    return _make(data, dtype, False)


def linspace(start: float, stop: float, num: int = 50, dtype: Any = None,
             requires_grad: bool = False, name: str | None = None) -> Tensor:  # fmt: skip
    """`num` evenly spaced values from start to stop, both included."""
    return _make(np.linspace(start, stop, num), dtype, requires_grad, name)


def rand(
    *shape: Any, dtype: Any = None, requires_grad: bool = False, name: str | None = None
) -> Tensor:
    """Uniform random values in [0, 1)."""
    return _make(generator().random(_shape(shape)), dtype, requires_grad, name)


def randn(
    *shape: Any, dtype: Any = None, requires_grad: bool = False, name: str | None = None
) -> Tensor:
    """Standard normal random values."""
    return _make(generator().standard_normal(_shape(shape)), dtype, requires_grad, name)


def randint(low: int, high: int | None = None, size: Shape = (), dtype: Any = np.int64) -> Tensor:
    """Random integers in [low, high) (in [0, low) if high is None)."""
    if high is None:
        low, high = 0, low
    return Tensor(generator().integers(low, high, size=size).astype(dtype))


def zeros_like(
    x: Tensor, dtype: Any = None, requires_grad: bool = False, name: str | None = None
) -> Tensor:
    """Zeros of x's shape and dtype."""
    return _make(np.zeros(x.shape), dtype or x.dtype, requires_grad, name)


def ones_like(
    x: Tensor, dtype: Any = None, requires_grad: bool = False, name: str | None = None
) -> Tensor:
    """Ones of x's shape and dtype."""
    return _make(np.ones(x.shape), dtype or x.dtype, requires_grad, name)


def randn_like(
    x: Tensor, dtype: Any = None, requires_grad: bool = False, name: str | None = None
) -> Tensor:
    """Standard normal values of x's shape and dtype."""
    return _make(generator().standard_normal(x.shape), dtype or x.dtype, requires_grad, name)
