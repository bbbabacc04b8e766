"""Shape arithmetic on the ground floor: axes, indices, dim aliases, undoing broadcasting."""

from __future__ import annotations

import functools
import inspect
import operator
from collections.abc import Callable
from typing import Any

import numpy as np

Axis = int | tuple[int, ...] | None


def normalize_axis(axis: Any, ndim: int, op: str) -> tuple[int, ...]:
    """`axis` as a sorted tuple of non-negative axes (None means all). A 0-d tensor takes axis 0
    or -1, as in PyTorch, and has no axis to reduce."""
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, int | np.integer) else _axes_tuple(axis, op)
    n = max(ndim, 1)
    for a in axes:
        if not -n <= a < n:
            raise ValueError(f"{op}: axis {a} is out of range for a tensor of {ndim} dimensions")
    return tuple(sorted({int(a) % n for a in axes})) if ndim else ()


def normalize_dim(dim: Any, ndim: int, op: str) -> int:
    """One int `dim` in [-ndim, ndim) as a non-negative int (a 0-d tensor takes 0 and -1)."""
    if not isinstance(dim, int | np.integer) or isinstance(dim, bool):
        raise TypeError(f"{op}: dim must be an int, got {dim!r}")
    return normalize_axis(dim, max(ndim, 1), op)[0]


def dim_aliases(op: Callable[..., Any]) -> Callable[..., Any]:
    """`op` taking PyTorch's `dim`/`keepdim` as well as numpy's `axis`/`keepdims`."""

    @functools.wraps(op)
    def call(x: Any, *args: Any, **kwargs: Any) -> Any:
        if "dim" in kwargs:
            kwargs["axis"] = kwargs.pop("dim")
        if "keepdim" in kwargs:
            kwargs["keepdims"] = kwargs.pop("keepdim")
        return op(x, *args, **kwargs)

    sig = inspect.signature(op)  # shown by help() and written into tensor.pyi
    aliases = [
        inspect.Parameter(alias, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=kind)
        for name, alias, kind in (("axis", "dim", "Axis"), ("keepdims", "keepdim", "bool | None"))
        if name in sig.parameters
    ]
    call.__signature__ = sig.replace(parameters=[*sig.parameters.values(), *aliases])
    return call


def as_ints(values: Any, what: str, op: str) -> tuple[int, ...]:
    """`values` (one or several) as ints; a float, or anything without `__index__`, is a
    TypeError naming the op and what it got, as PyTorch refuses `reshape(2.7, 2)`."""
    values = tuple(values) if isinstance(values, tuple | list) else (values,)
    try:
        return tuple(operator.index(n) for n in values)
    except TypeError:
        shown = values[0] if len(values) == 1 else values
        raise TypeError(f"{op}: {what} must be integers, got {shown!r}") from None


def _axes_tuple(axis: Any, op: str) -> tuple[int, ...]:
    """A tuple of axes, or a TypeError naming the op and what it got."""
    axes = tuple(axis) if isinstance(axis, tuple | list) else None
    if axes is None or not all(isinstance(a, int | np.integer) and a is not True
                               and a is not False for a in axes):  # fmt: skip
        raise TypeError(f"{op}: axis must be an int or a tuple of ints, got {axis!r}")
    return axes


def kept_shape(shape: tuple[int, ...], axes: tuple[int, ...]) -> tuple[int, ...]:
    """`shape` with the reduced `axes` kept as size 1."""
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


def sum_to(g: Any, shape: tuple[int, ...]) -> Any:
    """Sum `g` (an ndarray or a Tensor) down to `shape`: the reverse of numpy broadcasting."""
    if g.shape == shape:
        return g
    lead = len(g.shape) - len(shape)
    if lead < 0:
        raise ValueError(f"sum_to: cannot sum shape {g.shape} down to {shape}")
    ones = tuple(i + lead for i, n in enumerate(shape) if n == 1 and g.shape[i + lead] != 1)
    if not ones:
        out = g.sum(axis=tuple(range(lead)))
    else:
        out = g.sum(axis=tuple(range(lead)) + ones, keepdims=True).reshape(shape)
    if out.shape != shape:
        raise ValueError(f"sum_to: cannot sum shape {g.shape} down to {shape}")
    return out


def normalize_index(index: Any) -> Any:
    """The index with lists and Tensors as ndarrays, as numpy wants them; ints (numpy's too),
    slices, None and Ellipsis pass through."""
    if isinstance(index, tuple):
        return tuple(normalize_index(i) for i in index)
    if isinstance(index, list) or (
        hasattr(index, "__array__") and not isinstance(index, np.generic)
    ):
        return np.asarray(index)
    return index


def array_parts(index: Any) -> list[Any]:
    """The array (and bool) parts of a normalized index: what makes numpy copy instead of view."""
    parts = index if isinstance(index, tuple) else (index,)
    return [p for p in parts if isinstance(p, np.ndarray | bool)]


def _is_int(part: Any) -> bool:
    return isinstance(part, int | np.integer) and not isinstance(part, bool | np.bool_)


def ints_first(index: Any) -> tuple[tuple, tuple] | None:
    """PyTorch's reading of an index mixing integers and arrays, as (first, rest): the integers
    are basic indexing, applied first, so the arrays' dims stay in place (numpy would move them
    to the front). None when the index does not mix them (numpy and PyTorch agree)."""
    if not (isinstance(index, tuple) and array_parts(index) and any(map(_is_int, index))):
        return None
    first, rest = [], []
    for p in index:
        if _is_int(p):
            first.append(p)
            continue
        rest.append(p)
        if p is Ellipsis:
            first.append(p)
        elif isinstance(p, np.ndarray | slice):  # the dims it indexes, kept whole for now
            first.extend(
                [slice(None)] * (p.ndim if isinstance(p, np.ndarray) and p.dtype == bool else 1)
            )
    return tuple(first), tuple(rest)


def is_advanced(index: Any) -> bool:
    """True if the index holds an integer array, so positions may repeat."""
    return any(isinstance(p, np.ndarray) and p.dtype.kind in "iu" for p in array_parts(index))
