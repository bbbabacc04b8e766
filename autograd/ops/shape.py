"""Ops that move elements without changing them: reshape, permute, expand, cat, pad."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..function import Function
from ..shapes import normalize_axis, sum_to
from ..tensor import Tensor, method
from .lift import lift, lift_all


class Reshape(Function):
    """x with a new shape;  the gradient is reshaped back."""

    view, saves_inputs = True, False

    def forward(self, x, shape):
        self.shape = x.shape
        return x.reshape(shape)

    def backward(self, g, out, x):
        return g.reshape(self.shape)


class Permute(Function):
    """x with its axes reordered;  the gradient is permuted back by the inverse order."""

    view, saves_inputs = True, False

    def forward(self, x, axes):
        self.inverse = tuple(sorted(range(len(axes)), key=axes.__getitem__))
        return x.transpose(axes)

    def backward(self, g, out, x):
        return g.transpose(self.inverse)


class Expand(Function):
    """x broadcast to a larger shape;  the gradient is summed over the broadcast axes."""

    view, saves_inputs = True, False

    def forward(self, x, shape):
        self.shape = x.shape
        return np.broadcast_to(x, shape)

    def backward(self, g, out, x):
        return sum_to(g, self.shape)


class Cat(Function):
    """inputs joined along an axis;  each input's gradient is its slice of the gradient."""

    saves_inputs = False

    def forward(self, *xs, axis):
        self.axis = axis
        self.bounds = np.cumsum([0] + [x.shape[axis] for x in xs])
        return np.concatenate(xs, axis=axis)

    def backward(self, g, out, *xs):
        lead = (slice(None),) * self.axis
        return tuple(
            g[lead + (slice(a, b),)] if self.needs(i) else None
            for i, (a, b) in enumerate(zip(self.bounds[:-1], self.bounds[1:], strict=True))
        )


class Pad(Function):
    """x with a constant border (numpy's pad_width);  the gradient is its middle slice."""

    saves_inputs = False

    def forward(self, x, pad_width, value):
        width = np.broadcast_to(np.asarray(pad_width, dtype=int), (x.ndim, 2))
        if (width < 0).any():
            raise ValueError(f"pad widths must be non-negative, got {pad_width}")
        self.middle = tuple(slice(a, a + n) for (a, _), n in zip(width, x.shape, strict=True))
        return np.pad(x, width, constant_values=value)

    def backward(self, g, out, x):
        return g[self.middle]


@method("reshape", "view", numpy=np.reshape)
def reshape(x: Any, *shape: Any) -> Tensor:
    """The same elements in a new shape (one dimension may be -1)."""
    x = lift(x)
    if len(shape) == 1 and isinstance(shape[0], Sequence | np.ndarray):
        shape = tuple(shape[0])
    return Reshape.apply(x, shape=tuple(int(n) for n in shape))


@method("flatten")
def flatten(x: Any, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Axes start_dim..end_dim merged into one."""
    x = lift(x)
    if x.ndim == 0:
        return reshape(x, (1,))
    a, b = (d % x.ndim for d in (start_dim, end_dim))
    return reshape(x, x.shape[:a] + (-1,) + x.shape[b + 1 :])


@method("permute")
def permute(x: Any, *axes: Any) -> Tensor:
    """The axes in a new order."""
    x = lift(x)
    if len(axes) == 1 and isinstance(axes[0], Sequence):
        axes = tuple(axes[0])
    if sorted(a % max(x.ndim, 1) for a in axes) != list(range(x.ndim)):
        raise ValueError(f"permute: {axes} is not an ordering of the {x.ndim} axes of {x.shape}")
    return Permute.apply(x, axes=tuple(a % x.ndim for a in axes))


@method("T", prop=True)
@method("transpose", numpy=np.transpose)
def transpose(x: Any, axes: Sequence[int] | None = None) -> Tensor:
    """Axes reversed, or reordered by `axes` (numpy's transpose)."""
    x = lift(x)
    if axes is None:  # always a valid order: skip permute's check (every Linear pays this)
        return Permute.apply(x, axes=tuple(range(x.ndim - 1, -1, -1)))
    return permute(x, tuple(axes))


@method("swapaxes", numpy=np.swapaxes)
def swapaxes(x: Any, axis1: int, axis2: int) -> Tensor:
    """Two axes exchanged (PyTorch's transpose(dim0, dim1))."""
    x = lift(x)
    axes = list(range(x.ndim))
    a, b = (
        normalize_axis(axis1, x.ndim, "swapaxes")[0],
        normalize_axis(axis2, x.ndim, "swapaxes")[0],
    )
    axes[a], axes[b] = axes[b], axes[a]
    return Permute.apply(x, axes=tuple(axes))


@method("mT", prop=True)
def matrix_transpose(x: Any) -> Tensor:
    """The last two axes swapped (PyTorch's `mT`)."""
    return swapaxes(x, -1, -2)


@method("squeeze")
def squeeze(x: Any, axis: int | tuple[int, ...] | None = None) -> Tensor:
    """Size-1 axes removed (only `axis`, if given; it must have size 1)."""
    x = lift(x)
    axes = normalize_axis(axis, x.ndim, "squeeze")
    if axis is None:
        axes = tuple(a for a in axes if x.shape[a] == 1)
    elif any(x.shape[a] != 1 for a in axes):
        raise ValueError(f"squeeze: axis {axis} of shape {x.shape} does not have size 1")
    return reshape(x, tuple(n for i, n in enumerate(x.shape) if i not in axes))


@method("unsqueeze")
def unsqueeze(x: Any, axis: int) -> Tensor:
    """A size-1 axis inserted at `axis`."""
    x = lift(x)
    if not -x.ndim - 1 <= axis <= x.ndim:
        raise ValueError(f"unsqueeze: axis {axis} is out of range for shape {x.shape}")
    a = axis % (x.ndim + 1)
    return reshape(x, x.shape[:a] + (1,) + x.shape[a:])


@method("expand", "broadcast_to", numpy=np.broadcast_to)
def expand(x: Any, *shape: Any) -> Tensor:
    """x broadcast to `shape` without copying (-1 keeps a dimension)."""
    x = lift(x)
    if len(shape) == 1 and isinstance(shape[0], Sequence):
        shape = tuple(shape[0])
    lead = len(shape) - x.ndim
    if -1 in shape[:lead]:
        raise ValueError(
            f"expand: -1 is not allowed for a new leading dimension: {x.shape} to {shape}"
        )
    shape = tuple(x.shape[i - lead] if n == -1 else n for i, n in enumerate(shape))
    if shape == x.shape:
        return x
    try:
        np.broadcast_shapes(x.shape, shape)
    except ValueError:
        raise ValueError(f"expand: cannot broadcast shape {x.shape} to {shape}") from None
    return Expand.apply(x, shape=shape)


@method(numpy=np.concatenate)
def cat(tensors: Sequence[Any], axis: int = 0) -> Tensor:
    """Tensors joined along an existing axis (alias `concatenate`)."""
    ts = lift_all(tensors)
    if not ts:
        raise ValueError("cat: expected at least one tensor")
    shapes = [t.shape for t in ts]
    if len({t.ndim for t in ts}) != 1 or ts[0].ndim == 0:
        raise ValueError(f"cat: tensors must have the same number (>= 1) of dims, got {shapes}")
    a = normalize_axis(axis, ts[0].ndim, "cat")[0]
    if len({s[:a] + s[a + 1 :] for s in shapes}) != 1:
        raise ValueError(f"cat: shapes {shapes} differ outside axis {axis}")
    return Cat.apply(*ts, axis=a)


@method(numpy=np.stack)
def stack(tensors: Sequence[Any], axis: int = 0) -> Tensor:
    """Tensors of one shape joined along a new axis."""
    ts = [lift(t) for t in tensors]
    if len({t.shape for t in ts}) > 1:
        raise ValueError(f"stack: tensors must have the same shape, got {[t.shape for t in ts]}")
    return cat([unsqueeze(t, axis) for t in ts], axis=axis)


@method("split")
def split(x: Any, split_size_or_sections: int | Sequence[int], axis: int = 0) -> list[Tensor]:
    """Pieces along `axis`: of `split_size` each (the last may be smaller), or of the sizes
    listed (PyTorch's meaning, not numpy's)."""
    x = lift(x)
    a = normalize_axis(axis, x.ndim, "split")[0]
    n = x.shape[a]
    if isinstance(split_size_or_sections, int):
        if split_size_or_sections <= 0:
            raise ValueError(f"split: split size must be positive, got {split_size_or_sections}")
        sizes = [min(split_size_or_sections, n - i) for i in range(0, n, split_size_or_sections)]
    else:
        sizes = list(split_size_or_sections)
        if sum(sizes) != n:
            raise ValueError(
                f"split: sizes {sizes} do not add up to {n} (axis {axis} of {x.shape})"
            )
    lead = (slice(None),) * a
    starts = np.cumsum([0] + sizes)
    return [x[lead + (slice(s, s + k),)] for s, k in zip(starts, sizes, strict=False)]


@method("pad")
def pad(x: Any, pad_width: Any, value: float = 0.0) -> Tensor:
    """x with a constant border; `pad_width` as numpy's: n, (before, after) or one pair per axis."""
    return Pad.apply(lift(x), pad_width=pad_width, value=value)
