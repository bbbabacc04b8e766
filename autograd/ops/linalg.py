"""Matrix multiplication, and the layer W·x + b."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function, OpError
from ..tensor import Tensor, method
from .lift import lift_all, lift_pair


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
        y = x @ w.T
        if b is None:
            return y
        if b.dtype is not y.dtype and b.dtype != y.dtype:
            return y + b  # (promoted, as numpy promotes)
        y += b  # into the product, a new array: one array less to allocate and fill
        return y

    def backward(self, g, out, x, w, b=None):
        gx = g @ w if self.needs(0) else None
        if g.ndim != 2:  # one row per sample: batch dims summed over, or a single sample
            g, x = g.reshape(-1, g.shape[-1]), x.reshape(-1, x.shape[-1])
        gw = g.T @ x if self.needs(1) else None
        if b is None:
            return gx, gw
        return gx, gw, (g.sum(axis=0) if self.needs(2) else None)


def linear(x: Any, weight: Any, bias: Any = None) -> Tensor:
    """x @ weight.T + bias, with weight of shape (out, in) and bias (out,) or None, as a layer
    computes (PyTorch's `nn.functional.linear`)."""
    x, weight, bias = (
        (*lift_all([x, weight]), None) if bias is None else lift_all([x, weight, bias])
    )
    shape = weight._data.shape
    if (
        len(shape) != 2
        or x._data.shape[-1:] != shape[1:]
        or (bias is not None and bias._data.shape != shape[:1])
    ):
        shapes = ", ".join(str(t.shape) for t in (x, weight, bias) if t is not None)
        raise OpError(
            f"linear: expected x (..., in), weight (out, in) and bias (out,) or None; got {shapes}"
        )
    return Linear.apply(x, weight) if bias is None else Linear.apply(x, weight, bias)


@method("matmul", "__matmul__", reflected="__rmatmul__", numpy=np.matmul)
def matmul(x: Any, y: Any) -> Tensor:
    """x @ y as numpy's matmul: 1-D operands act as a row (first) or column (second) vector."""
    x, y = lift_pair(x, y)
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


class Einsum(Function):
    """einsum(spec, *xs): sums of products over index letters;  d/dx_k = einsum of g with the
    other operands onto x_k's letters (broadcast along letters only x_k has)."""

    def forward(self, *xs, ins, out):
        self.ins, self.out = ins, out
        return np.einsum(f"{','.join(ins)}->{out}", *xs)

    def backward(self, g, out, *xs):
        return tuple(self._grad(k, g, xs) if self.needs(k) else None for k in range(len(xs)))

    def _grad(self, k: int, g: Any, xs: tuple) -> Any:
        """The vjp for operand k: itself an einsum, so it records under create_graph."""
        others = [i for i in range(len(xs)) if i != k]
        mine = _tokens(self.ins[k])
        have = set(_tokens(self.out)).union(*(_tokens(self.ins[i]) for i in others))
        kept = [t for t in mine if t in have]
        spec = ",".join([self.out, *(self.ins[i] for i in others)]) + "->" + "".join(kept)
        r = np.einsum(spec, g, *(xs[i] for i in others))
        if len(kept) == len(mine):
            return r  # the engine sums broadcast ellipsis dims back to x_k's shape
        # letters that x_k alone carries were summed within x_k: the gradient is constant along them
        letters = [t for t in mine if t != "..."]
        size = dict(zip(letters, xs[k].shape[xs[k].ndim - len(letters) :], strict=True))
        lead = r.shape[: r.ndim - sum(t != "..." for t in kept)]  # the ellipsis dims
        r = r.reshape(lead + tuple(size[t] if t in kept else 1 for t in letters))
        return np.broadcast_to(r, lead + tuple(size[t] for t in letters))


def _tokens(subscript: str) -> list[str]:
    """An operand's subscript as tokens: `...ij` -> ['...', 'i', 'j']."""
    rest = subscript[3:] if subscript.startswith("...") else subscript
    return (["..."] if rest is not subscript else []) + list(rest)


def _parse(subscripts: str, n: int) -> tuple[list[str], str]:
    """(input subscripts, output subscript) of an einsum spec, the output made explicit."""
    spec = subscripts.replace(" ", "")
    lhs, arrow, out = spec.partition("->")
    ins = lhs.split(",")
    if len(ins) != n:
        raise OpError(f"einsum: {subscripts!r} names {len(ins)} operands, got {n}")
    if not arrow:  # numpy's implicit output: the letters used once, in order, after any ellipsis
        letters = lhs.replace("...", "").replace(",", "")
        once = sorted(c for c in set(letters) if letters.count(c) == 1)
        out = ("..." if "..." in lhs else "") + "".join(once)
    for s in [*ins, out]:
        tokens = _tokens(s)
        if "." in "".join(t for t in tokens if t != "...") or len(set(tokens)) != len(tokens):
            raise OpError(
                f"einsum: {subscripts!r}: each operand's letters must differ (no diagonals or "
                "traces within one operand), with '...' only at the start"
            )
    return ins, out


@method(numpy=np.einsum)
def einsum(subscripts: str, *operands: Any) -> Tensor:
    """Einstein summation, as numpy's and PyTorch's `einsum("ij,jk->ik", a, b)` (operands may
    also come as one list); '...' broadcasts leading dims."""
    if not isinstance(subscripts, str):
        raise TypeError(f"einsum: expected the subscripts as a string, got {subscripts!r}")
    if len(operands) == 1 and isinstance(operands[0], list | tuple):
        operands = tuple(operands[0])
    xs = lift_all(operands)
    ins, out = _parse(subscripts, len(xs))
    return Einsum.apply(*xs, ins=ins, out=out)


@method(numpy=np.tensordot)
def tensordot(a: Any, b: Any, dims: Any = 2, *, axes: Any = None) -> Tensor:
    """Sums of products of a and b over `dims` (PyTorch's name; numpy's `axes`): the last n axes
    of a with the first n of b, or the listed pairs of axes; built on einsum."""
    a, b = lift_pair(a, b)
    dims = dims if axes is None else axes
    if isinstance(dims, int | np.integer):
        pairs_a, pairs_b = list(range(a.ndim - dims, a.ndim)), list(range(dims))
    else:
        pairs_a, pairs_b = ([d] if isinstance(d, int | np.integer) else list(d) for d in dims)
    pairs_a, pairs_b = [d % max(a.ndim, 1) for d in pairs_a], [d % max(b.ndim, 1) for d in pairs_b]
    if len(pairs_a) != len(pairs_b) or len(set(pairs_a)) != len(pairs_a):
        raise OpError(f"tensordot: cannot pair axes {dims} of shapes {a.shape} and {b.shape}")
    letters = iter("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    sa = [next(letters) for _ in range(a.ndim)]
    sb = [next(letters) for _ in range(b.ndim)]
    for i, j in zip(pairs_a, pairs_b, strict=True):
        sb[j] = sa[i]
    out = [c for i, c in enumerate(sa) if i not in pairs_a] + [
        c for j, c in enumerate(sb) if j not in pairs_b
    ]
    return einsum(f"{''.join(sa)},{''.join(sb)}->{''.join(out)}", a, b)
