"""Derivatives as functions: grad, vjp, jvp, jacobian, hessian."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .engine import BackwardPass, driving
from .ops import stack
from .tensor import Tensor


def _as_list(x: Any) -> list:
    return list(x) if isinstance(x, list | tuple) else [x]


def grad(
    outputs: Tensor | Sequence[Tensor],
    inputs: Tensor | Sequence[Tensor],
    grad_outputs: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    allow_unused: bool = False,
) -> tuple[Tensor | None, ...]:
    """d(outputs)/d(inputs) weighted by `grad_outputs`, returned instead of stored in `.grad`."""
    outs, ins = _as_list(outputs), _as_list(inputs)
    gouts = [None] * len(outs) if grad_outputs is None else _as_list(grad_outputs)
    for i, t in enumerate(ins):
        if not isinstance(t, Tensor) or not t.requires_grad:
            raise RuntimeError(f"grad: input {i} does not require grad")
    wanted: dict[Tensor, Tensor | None] = dict.fromkeys(ins)  # (tensors hash by identity)
    p = BackwardPass(outs, gouts, retain_graph, create_graph, report=wanted.keys())
    with driving(create_graph):
        for t, g, _ in p:
            if t in wanted:
                wanted[t] = p.own(g)
    result = tuple(wanted[t] for t in ins)
    for i, (t, g) in enumerate(zip(ins, result, strict=True)):
        if g is None and not allow_unused:
            raise RuntimeError(
                f"grad: input {i} (shape {t.shape}) was not used to compute the outputs; "
                "pass allow_unused=True to get None for it"
            )
    return result


def _leaf(x: Any) -> Tensor:
    """A fresh leaf requiring grad with x's values, so f's graph starts here."""
    data = x.data if isinstance(x, Tensor) else np.asarray(x)
    return Tensor(data, requires_grad=True)


def vjp(f: Callable[[Tensor], Tensor], x: Any, v: Any = None) -> tuple[Tensor, Tensor]:
    """(f(x), v^T J): the vector-Jacobian product of f at x (v may be omitted for scalar f)."""
    x = _leaf(x)
    out = f(x)
    (g,) = grad(out, x, None if v is None else [v], allow_unused=True)
    return out.detach(), g if g is not None else Tensor(np.zeros_like(x.data))


def jvp(f: Callable[[Tensor], Tensor], x: Any, v: Any) -> tuple[Tensor, Tensor]:
    """(f(x), J v): the Jacobian-vector product, by differentiating a vjp with respect to its
    vector (the "double-vjp trick": J v = d(u^T J)/du applied to v)."""
    x = _leaf(x)
    out = f(x)
    u = Tensor(np.zeros_like(out.data), requires_grad=True)
    (g,) = grad(out, x, [u], create_graph=True, allow_unused=True)
    if g is None or not g.requires_grad:
        return out.detach(), Tensor(np.zeros_like(out.data))
    (jv,) = grad(g, u, [v], allow_unused=True)
    return out.detach(), jv if jv is not None else Tensor(np.zeros_like(out.data))


def jacobian(f: Callable[[Tensor], Tensor], x: Any) -> Tensor:
    """The full Jacobian d f(x) / d x, of shape f(x).shape + x.shape (one backward per output)."""
    x = _leaf(x)
    out = f(x)
    rows = []
    for i in range(out.numel()):
        onehot = np.zeros(out.numel(), dtype=out.dtype)
        onehot[i] = 1
        (g,) = grad(out, x, [onehot.reshape(out.shape)], retain_graph=True, allow_unused=True)
        rows.append(g.reshape(-1) if g is not None else Tensor(np.zeros(x.numel(), dtype=x.dtype)))
    jac = stack(rows) if rows else Tensor(np.zeros((0, x.numel()), dtype=x.dtype))
    return jac.reshape(out.shape + x.shape)


def hessian(f: Callable[[Tensor], Tensor], x: Any) -> Tensor:
    """The Hessian of a scalar function: the Jacobian of its gradient, shape x.shape * 2."""

    def gradient(y: Tensor) -> Tensor:
        out = f(y)
        if out.numel() != 1:
            raise ValueError(f"hessian: f must return a scalar, got shape {out.shape}")
        (g,) = grad(out, y, create_graph=True, allow_unused=True)
        return g if g is not None else y * 0

    return jacobian(gradient, x)
