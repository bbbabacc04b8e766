"""Running reductions along one axis: cumsum, cumprod (primitives), cummax, cummin (gathers);
and prod, whose gradient at zeros is built from running products."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function
from ..shapes import Axis, dim_aliases, kept_shape, normalize_axis, normalize_dim
from ..tensor import Tensor, make_tensor, method
from .indexing import gather
from .lift import lift
from .reduce import ValuesIndices


def _reversed_cumsum(v: Any, axis: int) -> Any:
    """Sums from each position to the end along `axis` (ndarray or Tensor)."""
    return np.flip(np.cumsum(np.flip(v, axis), axis=axis), axis)


class Cumsum(Function):
    """running sum of x along an axis;  d/dx_i = sum of g_k over k >= i (the reversed running
    sum of g)."""

    saves_inputs = False

    def forward(self, x, axis):
        self.axis = axis
        return np.cumsum(x, axis=axis)

    def backward(self, g, out, x):
        return _reversed_cumsum(g, self.axis)


class Cumprod(Function):
    """running product of x along an axis;  d/dx_i = sum over k >= i of g_k * out_k / x_i, or,
    where a running product is 0, of g_k * (the product of x_j, j <= k, j != i) undivided."""

    saves_output = True

    def forward(self, x, axis):
        self.axis = axis
        return np.cumprod(x, axis=axis)

    def backward(self, g, out, x):
        a = self.axis
        if (np.asarray(out) != 0).all():
            return _reversed_cumsum(g * out, a) / x
        # a zero in x (or a product that underflowed): row i holds the running products of x
        # with x_i read as 1 (n x n per slice, exact to every order, so paid only then)
        x, g = x.swapaxes(a, -1), g.swapaxes(a, -1)
        n = x.shape[-1]
        others = np.cumprod(np.where(np.eye(n, dtype=bool), 1, x[..., None, :]), axis=-1)
        later = ~np.tri(n, k=-1, dtype=bool)  # k >= i
        return (np.where(later, others, 0) * g[..., None, :]).sum(axis=-1).swapaxes(a, -1)


def _scan(cls: type[Function], x: Any, axis: int, dtype: Any, op: str) -> Tensor:
    x = lift(x, None if dtype is None else np.dtype(dtype))
    a = normalize_dim(axis, x.ndim, op)
    if x.ndim == 0:
        return cls.apply(x.reshape(1), axis=0).reshape(())
    return cls.apply(x, axis=a)


@method("cumsum", numpy=np.cumsum)
@dim_aliases
def cumsum(x: Any, axis: int, *, dtype: Any = None) -> Tensor:
    """Running sum along `axis` (PyTorch's `dim`), in `dtype` if given."""
    return _scan(Cumsum, x, axis, dtype, "cumsum")


@method("cumprod", numpy=np.cumprod)
@dim_aliases
def cumprod(x: Any, axis: int, *, dtype: Any = None) -> Tensor:
    """Running product along `axis` (PyTorch's `dim`), in `dtype` if given; exact at zeros."""
    return _scan(Cumprod, x, axis, dtype, "cumprod")


def _running_extreme(x: Any, axis: int, pick: np.ufunc, op: str) -> ValuesIndices:
    """cummax or cummin: the running extreme and where it was last reached (the latest NaN once
    one is seen), as PyTorch; the values gather x there, so the gradient goes to those indices."""
    x = lift(x)
    a = normalize_dim(axis, x.ndim, op)
    flat = x.reshape(1) if x.ndim == 0 else x
    data = flat.data
    reached = (data == pick.accumulate(data, axis=a)) | np.isnan(data)
    place = np.expand_dims(np.arange(data.shape[a]), tuple(d for d in range(data.ndim) if d != a))
    index = np.maximum.accumulate(np.where(reached, place, 0), axis=a)
    values = gather(flat, a, index)
    return ValuesIndices(values.reshape(x.shape), make_tensor(index.reshape(x.shape)))


@method("cummax")
@dim_aliases
def cummax(x: Any, axis: int) -> tuple[Tensor, Tensor]:
    """Running maximum along `axis` and its indices (the latest among ties, as PyTorch)."""
    return _running_extreme(x, axis, np.maximum, "cummax")


@method("cummin")
@dim_aliases
def cummin(x: Any, axis: int) -> tuple[Tensor, Tensor]:
    """Running minimum along `axis` and its indices (the latest among ties, as PyTorch)."""
    return _running_extreme(x, axis, np.minimum, "cummin")


class Prod(Function):
    """product of x along its last axis;  d/dx_i = out / x_i, or, where a product is 0, the
    product of the other x_j (running products from both ends, undivided).

    A primitive, not the last running product: through that composite the unused partial
    products send 0 * inf = NaN back wherever x holds an infinity (PyTorch's gradient has none).
    """

    saves_output = True

    def forward(self, x):
        return np.prod(x, axis=-1)

    def backward(self, g, out, x):
        g = g[..., None]
        if (np.asarray(out) != 0).all():
            return g * out[..., None] / x
        one = np.ones(x.shape[:-1] + (1,), dtype=x.dtype)
        left = np.concatenate([one, np.cumprod(x[..., :-1], axis=-1)], axis=-1)
        right = np.concatenate([one, np.cumprod(np.flip(x[..., 1:], -1), axis=-1)], axis=-1)
        return g * left * np.flip(right, -1)


@method("prod", numpy=np.prod)
@dim_aliases
def prod(x: Any, axis: Axis = None, keepdims: bool = False, *, dtype: Any = None) -> Tensor:
    """Product over `axis` (all if None); the gradient is exact where elements are 0."""
    x = lift(x, None if dtype is None else np.dtype(dtype))
    axes = normalize_axis(axis, x.ndim, "prod")
    rest = [d for d in range(x.ndim) if d not in axes]
    n = int(np.prod([x.shape[d] for d in axes]))
    lined = x.permute(rest + list(axes)).reshape(tuple(x.shape[d] for d in rest) + (n,))
    out = Prod.apply(lined)
    return out.reshape(kept_shape(x.shape, axes)) if keepdims else out
