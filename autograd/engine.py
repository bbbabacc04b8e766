"""Backward: the chain rule applied over the recorded graph, in reverse topological order."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from .mode import no_grad, state
from .ops.reduce import sum_to
from .tensor import Tensor, make_tensor


def topological_order(roots: Sequence[Tensor]) -> list[Tensor]:
    """Tensors that require grad reachable from `roots`, each after everything it depends on.

    Iterative depth-first search: graphs a million nodes deep need no recursion limit.
    """
    order: list[Tensor] = []
    visited: set[int] = set()
    stack: list[tuple[Tensor, bool]] = [(r, False) for r in reversed(roots)]
    while stack:
        t, expanded = stack.pop()
        if expanded:
            order.append(t)
            continue
        if id(t) in visited:
            continue
        visited.add(id(t))
        stack.append((t, True))
        fn = t.grad_fn
        if fn is None:
            continue
        for p in reversed(fn.inputs):  # reversed: inputs come out in their own order
            if p._requires_grad and id(p) not in visited:
                stack.append((p, False))
    return order


def _seed(root: Tensor, gradient: Any) -> Tensor:
    """The gradient that starts backward at `root`: ones for a scalar, else the one given."""
    if not root._requires_grad:
        raise RuntimeError(
            f"backward: the tensor (shape {root.shape}) does not require grad: none of the "
            "tensors it was computed from has requires_grad=True, or it was made under no_grad()"
        )
    if gradient is None:
        if root.data.size != 1:
            raise RuntimeError(
                f"backward: the output has shape {root.shape}, not a scalar; pass "
                "`gradient=` (d loss/d output, same shape) or reduce it first, e.g. .sum()"
            )
        return make_tensor(np.ones_like(root.data))
    g = gradient if isinstance(gradient, Tensor) else Tensor(gradient, dtype=root.dtype)
    if g.shape != root.shape:
        raise RuntimeError(
            f"backward: gradient has shape {g.shape} but the output has {root.shape}"
        )
    return g


def backward_steps(
    roots: Sequence[Tensor],
    gradients: Sequence[Any],
    retain_graph: bool | None = None,
    create_graph: bool = False,
    capture: Sequence[Tensor] | None = None,
    captured: dict[int, Tensor] | None = None,
    stepping: bool = True,
) -> Iterator[tuple[Tensor, Any, list[tuple[Tensor, Any]]]]:
    """One backward pass, node by node: for each tensor that receives a gradient, in reverse
    topological order, yields (tensor, its gradient, [(input, gradient sent to it), ...]).
    With `stepping=False` it yields nothing and runs to the end in one go (plain backward).

    Gradients go into leaves' (and retain_grad tensors') `.grad`; or, when `capture` is given,
    into `captured` by id, leaving `.grad` alone. They travel as ndarrays, or as Tensors
    (recording the backward pass) under create_graph. Between steps, grad mode is the caller's.
    """
    seeds = [_seed(r, g) for r, g in zip(roots, gradients, strict=True)]
    retain = create_graph if retain_graph is None else retain_graph
    wanted = None if capture is None else {id(t) for t in capture}
    grads: dict[int, Any] = {}
    shared: set[int] = set()  # ids of gradient arrays also held elsewhere (see _as_tensor)
    for r, s in zip(roots, seeds, strict=True):
        s = s if create_graph else s.data
        grads[id(r)] = s if id(r) not in grads else grads[id(r)] + s
        _mark_shared(shared, s)
    callers_mode = state.grad_enabled
    state.grad_enabled = create_graph
    try:
        for t in reversed(topological_order(roots)):
            g = grads.pop(id(t), None)
            if g is None:
                continue
            if t._hooks:
                g = _run_hooks(t, g, create_graph)
            if wanted is not None:
                if id(t) in wanted:
                    captured[id(t)] = _as_tensor(g, shared)
            elif t.grad_fn is None or t._retains_grad:
                _accumulate(t, _as_tensor(g, shared))
            fn = t.grad_fn
            sent = [] if fn is None else _local_backward(fn, t, g, create_graph)
            for inp, ig in sent:
                if ig is g:
                    _mark_shared(shared, ig)
                prev = grads.get(id(inp))
                grads[id(inp)] = ig if prev is None else prev + ig
            if stepping:
                state.grad_enabled = callers_mode
                yield t, g, sent
                state.grad_enabled = create_graph
            if fn is not None and not retain:
                fn.release()
    finally:
        state.grad_enabled = callers_mode


def run_backward(
    roots: Sequence[Tensor],
    gradients: Sequence[Any],
    retain_graph: bool | None,
    create_graph: bool,
    capture: Sequence[Tensor] | None = None,
) -> dict[int, Tensor]:
    """A whole backward pass; returns the captured gradients by id (see `backward_steps`)."""
    captured: dict[int, Tensor] = {}
    steps = backward_steps(roots, gradients, retain_graph, create_graph, capture, captured, False)
    collecting = gc.isenabled()
    gc.disable()  # backward makes no reference cycles; on big graphs GC scans would dominate
    try:
        for _ in steps:
            pass
    finally:
        if collecting:
            gc.enable()
    return captured


def _local_backward(fn: Any, out: Tensor, g: Any, graph: bool) -> list[tuple[Tensor, Any]]:
    """One op's vector-Jacobian product: (input, gradient) for each input that requires grad,
    summed back to the input's shape and dtype."""
    if fn.freed:
        raise RuntimeError(
            f"backward: the graph through {fn.name} was already used by an earlier backward, "
            "which freed what it saved; pass retain_graph=True to the first backward() to go "
            "through it twice"
        )
    if fn.stamp != state.inplace_clock:
        fn.check_unmodified(out)
    inputs = fn.inputs
    if graph:
        in_grads = fn.backward(g, out, *inputs)
    else:
        in_grads = fn.backward(g, out.data, *[i.data for i in inputs])
    if type(in_grads) is not tuple:
        in_grads = (in_grads,)
    sent = []
    for inp, ig in zip(inputs, in_grads, strict=True):
        if ig is None or not inp._requires_grad:
            continue
        data = inp.data
        if ig.shape != data.shape or ig.dtype != data.dtype:
            ig = _match(ig, inp, fn)
        if state.anomaly:
            _check_finite(fn, ig)
        sent.append((inp, ig))
    return sent


def _match(g: Any, inp: Tensor, fn: Any) -> Any:
    """Undo broadcasting (sum over the broadcast axes) and restore the input's dtype."""
    if g.shape != inp.data.shape:
        try:
            g = sum_to(g, inp.data.shape)
        except ValueError:
            raise RuntimeError(
                f"{fn.name}: backward produced a gradient of shape {g.shape} for an input of shape "
                f"{inp.shape}"
            ) from None
    if g.dtype != inp.data.dtype:
        g = g.astype(inp.data.dtype)
    return g


def _mark_shared(shared: set[int], g: Any) -> None:
    """Note that array `g` (and the memory it views) is held in more than one place."""
    shared.add(id(g))
    if getattr(g, "base", None) is not None:
        shared.add(id(g.base))


def _as_tensor(g: Any, shared: set[int]) -> Tensor:
    """A gradient as a Tensor of its own: copied if its memory may also be held elsewhere
    (passed on unchanged to another input, or given by the user), so no two .grad alias."""
    if isinstance(g, Tensor):
        return g
    base = getattr(g, "base", None)
    if (
        type(g) is not np.ndarray
        or not g.flags.writeable  # a broadcast view: .grad must take in-place changes
        or id(g) in shared
        or (base is not None and id(base) in shared)
    ):
        g = np.array(g)
    return make_tensor(g)


def _run_hooks(t: Tensor, g: Any, graph: bool) -> Any:
    gt = g if graph else make_tensor(np.asarray(g))
    for hook in list(t._hooks):
        new = hook(gt)
        if new is not None:
            if not isinstance(new, Tensor) or new.shape != gt.shape:
                raise RuntimeError(
                    f"hook {getattr(hook, '__name__', hook)!r} returned "
                    f"{getattr(new, 'shape', type(new).__name__)}; expected a Tensor of shape "
                    f"{gt.shape}"
                )
            gt = new
    return gt if graph else gt.data


def _accumulate(t: Tensor, g: Tensor) -> None:
    """Add `g` into `t.grad`, out of place, so no gradient array is ever aliased."""
    t.grad = g if t.grad is None else t.grad + g


def _check_finite(fn: Any, g: Any) -> None:
    if not np.all(np.isfinite(np.asarray(g))):
        where = getattr(fn, "trace", "(created before detect_anomaly was turned on)")
        raise RuntimeError(
            f"detect_anomaly: backward of {fn.name} produced NaN or Inf in a gradient of shape "
            f"{g.shape}. The op was created at:\n  {where}"
        )


def backward(
    roots: Sequence[Tensor],
    gradients: Sequence[Any],
    retain_graph: bool | None = None,
    create_graph: bool = False,
) -> None:
    """Accumulate the gradients of `roots` into the `.grad` of every leaf they depend on."""
    run_backward(roots, gradients, retain_graph, create_graph)


def zero_grad(tensors: Iterable[Tensor], set_to_none: bool = True) -> None:
    """Forget each tensor's `.grad` (None, PyTorch's default), or fill it with zeros in place."""
    for t in tensors:
        if t.grad is None:
            continue
        if set_to_none:
            t.grad = None
        else:
            t.grad = t.grad.detach()  # as PyTorch: the zeroed gradient is cut from any graph
            with no_grad():
                t.grad.zero_()
