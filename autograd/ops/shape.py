"""Ops that move elements without changing them: reshape, permute, expand, cat, pad, clone."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..function import Function, OpError
from ..shapes import Axis, as_ints, normalize_axis, normalize_dim, sum_to
from ..tensor import Tensor, method
from .binary import where
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
        return np.transpose(g, self.inverse)


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


class Clone(Function):
    """a copy of x;  the gradient passes through unchanged."""

    saves_inputs = False

    def forward(self, x):
        return x.copy()

    def backward(self, g, out, x):
        return g


@method("reshape", "view", numpy=np.reshape)
def reshape(x: Any, *shape: Any) -> Tensor:
    """The same elements in a new shape (one dimension may be -1)."""
    x = lift(x)
    if len(shape) == 1 and isinstance(shape[0], Sequence | np.ndarray):
        shape = tuple(shape[0])
    return Reshape.apply(x, shape=as_ints(shape, "sizes", "reshape"))


@method("flatten")
def flatten(x: Any, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Axes start_dim..end_dim merged into one."""
    x = lift(x)
    a, b = normalize_dim(start_dim, x.ndim, "flatten"), normalize_dim(end_dim, x.ndim, "flatten")
    if a > b:
        raise OpError(f"flatten: start_dim {start_dim} comes after end_dim {end_dim} ({x.shape})")
    if x.ndim == 0:
        return reshape(x, (1,))
    return reshape(x, x.shape[:a] + (-1,) + x.shape[b + 1 :])


@method("permute")
def permute(x: Any, *axes: Any) -> Tensor:
    """The axes in a new order."""
    x = lift(x)
    if len(axes) == 1 and isinstance(axes[0], Sequence):
        axes = tuple(axes[0])
    if len(axes) != x.ndim:
        raise OpError(f"permute: {axes} is not an ordering of the {x.ndim} axes of {x.shape}")
    order = tuple(normalize_dim(a, x.ndim, "permute") for a in axes) if x.ndim else ()
    if sorted(order) != list(range(x.ndim)):
        raise OpError(f"permute: {axes} is not an ordering of the {x.ndim} axes of {x.shape}")
    return Permute.apply(x, axes=order)


@method("T", prop=True)
@method(numpy=np.transpose)
def numpy_transpose(x: Any, axes: Sequence[int] | None = None) -> Tensor:
    """Axes reversed, or reordered by `axes` (numpy's transpose, and `x.T`)."""
    x = lift(x)
    if axes is None:  # always a valid order: skip permute's check (every Linear pays this)
        return Permute.apply(x, axes=tuple(range(x.ndim - 1, -1, -1)))
    return permute(x, tuple(axes))


@method("transpose", "swapaxes", numpy=np.swapaxes)
def transpose(x: Any, dim0: int, dim1: int) -> Tensor:
    """Two axes exchanged (PyTorch's transpose; numpy's swapaxes)."""
    x = lift(x)
    axes = list(range(x.ndim))
    a, b = normalize_dim(dim0, x.ndim, "transpose"), normalize_dim(dim1, x.ndim, "transpose")
    if x.ndim == 0:
        return Permute.apply(x, axes=())
    axes[a], axes[b] = axes[b], axes[a]
    return Permute.apply(x, axes=tuple(axes))


@method("mT", prop=True)
def matrix_transpose(x: Any) -> Tensor:
    """The last two axes swapped (PyTorch's `mT`)."""
    return transpose(x, -1, -2)


@method("squeeze")
def squeeze(x: Any, axis: int | tuple[int, ...] | None = None) -> Tensor:
    """Size-1 axes removed (only among `axis`, if given: others are kept, as PyTorch)."""
    x = lift(x)
    axes = normalize_axis(axis, x.ndim, "squeeze")
    return reshape(x, tuple(n for i, n in enumerate(x.shape) if not (i in axes and n == 1)))


@method("unsqueeze")
def unsqueeze(x: Any, axis: int) -> Tensor:
    """A size-1 axis inserted at `axis`, in [-ndim - 1, ndim]."""
    x = lift(x)
    a = normalize_dim(axis, x.ndim + 1, "unsqueeze")
    return reshape(x, x.shape[:a] + (1,) + x.shape[a:])


@method("expand", "broadcast_to", numpy=np.broadcast_to)
def expand(x: Any, *shape: Any) -> Tensor:
    """x broadcast to `shape` without copying (-1 keeps a dimension)."""
    x = lift(x)
    if len(shape) == 1 and isinstance(shape[0], Sequence):
        shape = tuple(shape[0])
    shape = as_ints(shape, "sizes", "expand")
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
    a = normalize_dim(axis, ts[0].ndim, "cat")
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
def split(
    x: Any, split_size_or_sections: int | Sequence[int], axis: int = 0, *, dim: int | None = None
) -> list[Tensor]:
    """Pieces along `axis` (or `dim`): of `split_size` each (the last may be smaller), or of the
    sizes listed (PyTorch's meaning, not numpy's)."""
    x = lift(x)
    axis = axis if dim is None else dim
    a = normalize_dim(axis, x.ndim, "split")
    n = x.shape[a]
    if isinstance(split_size_or_sections, int | np.integer):
        if split_size_or_sections <= 0:
            raise ValueError(f"split: split size must be positive, got {split_size_or_sections}")
        sizes = [min(split_size_or_sections, n - i) for i in range(0, n, split_size_or_sections)]
    else:
        sizes = list(as_ints(split_size_or_sections, "sizes", "split"))
        if sum(sizes) != n or min(sizes, default=0) < 0:
            raise ValueError(
                f"split: sizes {sizes} must be non-negative and add up to {n} "
                f"(axis {axis} of {x.shape})"
            )
    lead = (slice(None),) * a
    starts = np.cumsum([0] + sizes)
    return [x[lead + (slice(s, s + k),)] for s, k in zip(starts, sizes, strict=False)]


@method("pad")
def pad(x: Any, pad_width: Any, mode: str = "constant", value: float = 0.0) -> Tensor:
    """x with a constant border; `pad_width` as numpy's: n, (before, after) or one pair per axis.
    Only mode="constant" is built."""
    if mode != "constant":
        raise OpError(f"pad: mode {mode!r} is not supported; only 'constant' is")
    return Pad.apply(lift(x), pad_width=pad_width, value=value)


@method("clone")
def clone(x: Any) -> Tensor:
    """A copy of x that the gradient passes through (PyTorch's clone)."""
    return Clone.apply(lift(x))


@method("size")
def size(x: Tensor, dim: int | None = None) -> tuple[int, ...] | int:
    """The shape, or the size of axis `dim` (PyTorch's size(); `numel()` counts elements)."""
    return x.shape if dim is None else x.shape[normalize_dim(dim, x.ndim, "size")]


@method("numel")
def numel(x: Tensor) -> int:
    """The number of elements."""
    return lift(x).data.size


@method("repeat")
def repeat(x: Any, *sizes: Any) -> Tensor:
    """x repeated sizes[d] times along each dim, new leading dims for extra sizes (PyTorch's
    repeat, numpy's tile): an expand of interleaved size-1 dims, so the gradient is summed."""
    x = lift(x)
    if len(sizes) == 1 and isinstance(sizes[0], Sequence):
        sizes = tuple(sizes[0])
    sizes = as_ints(sizes, "sizes", "repeat")
    if len(sizes) < x.ndim or min(sizes, default=0) < 0:
        raise OpError(f"repeat: sizes {sizes} must be non-negative, one per dim of {x.shape}")
    shape = (1,) * (len(sizes) - x.ndim) + x.shape
    pairs = list(zip(sizes, shape, strict=True))
    spread = expand(
        reshape(x, [v for _, n in pairs for v in (1, n)]), [v for p in pairs for v in p]
    )
    return reshape(spread, [r * n for r, n in pairs])


@method("tile", numpy=np.tile)
def tile(x: Any, dims: Sequence[int]) -> Tensor:
    """x repeated dims[d] times along each dim (missing leading dims repeat once)."""
    x = lift(x)
    dims = as_ints(dims, "dims", "tile")
    return repeat(x, (1,) * (x.ndim - len(dims)) + dims)


@method("flip", numpy=np.flip)
def flip(x: Any, dims: Axis = None, *, axis: Axis = None) -> Tensor:
    """x with the order reversed along `dims` (numpy's `axis`; all dims if None): a view."""
    x = lift(x)
    axes = normalize_axis(axis if dims is None else dims, x.ndim, "flip")
    return x[tuple(slice(None, None, -1) if d in axes else slice(None) for d in range(x.ndim))]


@method("roll")
def roll(x: Any, shifts: int | Sequence[int], dims: int | Sequence[int] | None = None) -> Tensor:
    """x shifted by `shifts` along `dims`, wrapping around (the flattened x if dims is None)."""
    x = lift(x)
    if dims is None:
        return reshape(roll(reshape(x, -1), shifts, 0), x.shape)
    shifts = (shifts,) if isinstance(shifts, int | np.integer) else tuple(shifts)
    dims = (dims,) if isinstance(dims, int | np.integer) else tuple(dims)
    if len(shifts) != len(dims):
        raise OpError(f"roll: {len(shifts)} shifts for {len(dims)} dims")
    for shift, dim in zip(shifts, dims, strict=True):
        a = normalize_dim(dim, x.ndim, "roll")
        n = x.shape[a] if x.ndim else 1
        k = operator.index(shift) % n if n else 0
        if k:
            lead = (slice(None),) * a
            x = cat([x[lead + (slice(n - k, None),)], x[lead + (slice(0, n - k),)]], a)
    return x


def _triangle(x: Any, diagonal: int, upper: bool, op: str) -> Tensor:
    """x with the elements on one side of the `diagonal`-th diagonal (last two dims) set to 0."""
    x = lift(x)
    (diagonal,) = as_ints(diagonal, "diagonal", op)
    if x.ndim < 2:
        raise OpError(f"{op}: needs a tensor of 2+ dims, got shape {x.shape}")
    n, m = x.shape[-2:]
    lower = np.tri(n, m, k=diagonal - 1 if upper else diagonal, dtype=bool)
    return where(~lower if upper else lower, x, lift(0, x.dtype))


@method("tril", numpy=np.tril)
def tril(x: Any, diagonal: int = 0) -> Tensor:
    """x with the elements above its `diagonal`-th diagonal (of the last two dims) set to 0."""
    return _triangle(x, diagonal, False, "tril")


@method("triu", numpy=np.triu)
def triu(x: Any, diagonal: int = 0) -> Tensor:
    """x with the elements below its `diagonal`-th diagonal (of the last two dims) set to 0."""
    return _triangle(x, diagonal, True, "triu")
