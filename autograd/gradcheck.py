"""Gradient checking: analytical gradients against central finite differences, in float64."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .functional import grad
from .mode import enable_grad, no_grad
from .ops import cat
from .tensor import Tensor


class GradcheckError(AssertionError):
    """An analytical gradient disagrees with the numerical one."""


def _float64_inputs(inputs: Sequence[Any]) -> list[Any]:
    """Copies of the inputs in float64 (keeping requires_grad), so f runs in double precision."""
    out = []
    for x in inputs:
        if isinstance(x, Tensor) and x.dtype.kind == "f":
            out.append(Tensor(x.data.astype(np.float64), requires_grad=x.requires_grad))
        else:
            out.append(x)
    return out


def _flat_output(f: Callable, inputs: list[Any]) -> Tensor:
    out = f(*inputs)
    outs = out if isinstance(out, tuple | list) else (out,)
    if not outs or not all(isinstance(o, Tensor) for o in outs):
        got = ", ".join(type(o).__name__ for o in outs) or "nothing"
        raise TypeError(
            f"gradcheck: the function must return a Tensor (or a tuple of Tensors), got {got}; "
            "compute the result with autograd's ops so that it has a gradient"
        )
    return cat([o.reshape(-1) for o in outs]) if len(outs) > 1 else outs[0].reshape(-1)


def _numerical(f: Callable, inputs: list[Any], x: Tensor, eps: float) -> np.ndarray:
    """d output / d x by central differences: one column per element of x."""
    flat = x.data.reshape(-1)  # a view: perturbing it perturbs x
    cols = []
    with no_grad():
        for j in range(flat.size):
            orig = flat[j]
            try:
                flat[j] = orig + eps
                plus = _flat_output(f, inputs).data.astype(np.float64)
                flat[j] = orig - eps
                minus = _flat_output(f, inputs).data.astype(np.float64)
            finally:  # the input's value back, even when f raises
                flat[j] = orig
            cols.append((plus - minus) / (2 * eps))
    return np.stack(cols, axis=1) if cols else np.zeros((_flat_output(f, inputs).numel(), 0))


def _analytical(out: Tensor, x: Tensor) -> np.ndarray:
    """d output / d x by backward: one row per output element."""
    rows = []
    for i in range(out.numel()):
        onehot = np.zeros(out.shape, dtype=out.dtype)
        onehot[i] = 1
        (g,) = grad(out, x, [onehot], retain_graph=True, allow_unused=True)
        rows.append(np.zeros(x.numel()) if g is None else g.data.reshape(-1).astype(np.float64))
    return np.stack(rows) if rows else np.zeros((0, x.numel()))


def gradcheck(
    f: Callable[..., Any],
    inputs: Any,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
) -> bool:
    """Check f's gradients with respect to every input that requires grad against central
    finite differences, in float64. Returns True, or raises GradcheckError naming the input,
    the worst element, both values and the error (returns False if `raise_exception=False`)."""
    inputs = _float64_inputs(inputs if isinstance(inputs, list | tuple) else [inputs])
    checked = [(i, x) for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    if not checked:
        raise ValueError("gradcheck: no input requires grad, so there is nothing to check")
    out = _flat_output(f, inputs)
    for i, x in checked:
        analytical = (
            _analytical(out, x) if out.requires_grad else np.zeros((out.numel(), x.numel()))
        )
        numerical = _numerical(f, inputs, x, eps)
        err = np.abs(analytical - numerical) - (atol + rtol * np.abs(numerical))
        err = np.where(np.isnan(err), np.inf, err)  # NaN on either side is a failure too
        if err.size and err.max() > 0:
            o, j = np.unravel_index(np.argmax(err), err.shape)
            index = np.unravel_index(j, x.shape) if x.ndim else ()
            message = (
                f"gradcheck: input {i} (shape {x.shape}), element {tuple(int(k) for k in index)}, "
                f"output element {int(o)}: analytical {analytical[o, j]:.8g} vs numerical "
                f"{numerical[o, j]:.8g} (difference {abs(analytical[o, j] - numerical[o, j]):.3g}, "
                f"allowed {atol + rtol * abs(numerical[o, j]):.3g})"
            )
            if raise_exception:
                raise GradcheckError(message)
            return False
    return True


def gradgradcheck(
    f: Callable[..., Any],
    inputs: Any,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
    seed: int = 0,
) -> bool:
    """gradcheck one order up: checks the gradient of (v . d f/d inputs) with respect to the inputs
    and to a random vector v, so second derivatives built by create_graph are proven too."""
    inputs = _float64_inputs(inputs if isinstance(inputs, list | tuple) else [inputs])
    with no_grad():
        out_shape = _flat_output(f, inputs).shape
    rng = np.random.default_rng(seed)
    v = Tensor(rng.standard_normal(out_shape), requires_grad=True)

    @enable_grad()  # the numerical half of gradcheck calls this under no_grad
    def first_derivatives(*args: Any) -> tuple[Tensor, ...]:
        args_wrt = [a for a in args[:-1] if isinstance(a, Tensor) and a.requires_grad]
        grads = grad(_flat_output(f, list(args[:-1])), args_wrt, [args[-1]],
                     create_graph=True, allow_unused=True)  # fmt: skip
        return tuple(g if g is not None else a * 0 for g, a in zip(grads, args_wrt, strict=True))

    return gradcheck(first_derivatives, [*inputs, v], eps, atol, rtol, raise_exception)
