"""Backward: the chain rule applied over the recorded graph, in reverse topological order.

One loop does the work: iterating a `BackwardPass` visits each tensor that receives a gradient,
once, after everything that depends on it, and sends the gradient on through its op. What to do
with the gradients is the driver's: `backward()` accumulates them into `.grad`, `grad()` captures
those of its inputs, and `autograd.backward_steps` shows each node to a learner.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence, Set
from typing import Any

import numpy as np

from .mode import anomaly, clock, no_grad, state
from .shapes import sum_to
from .tensor import Tensor, make_tensor, method


def topological_order(roots: Sequence[Tensor]) -> list[Tensor]:
    """Tensors that require grad reachable from `roots`, each after everything it depends on.

    Iterative depth-first search (graphs a million nodes deep need no recursion limit): a tensor
    is listed once all its inputs are, which the marker pushed under its inputs tells.
    """
    order: list[Tensor] = []
    seen: set[Tensor] = set()  # tensors hash by identity, at C speed: no id() call per visit
    stack: list[Any] = list(reversed(roots))
    pop, push, emit, mark = stack.pop, stack.append, order.append, seen.add
    while stack:
        t = pop()
        if t is _INPUTS_DONE:
            emit(pop())
            continue
        if t in seen:
            continue
        mark(t)
        fn = t.grad_fn
        if fn is None:
            emit(t)
            continue
        push(t)
        push(_INPUTS_DONE)
        for p in reversed(fn.inputs):  # reversed: inputs come out in their own order
            if p._requires_grad and p not in seen:
                push(p)
    return order


_INPUTS_DONE = object()  # on the stack above a tensor: its inputs are listed, list it next


def _seed(root: Tensor, gradient: Any) -> Tensor:
    """The gradient that starts backward at `root`: ones for a scalar, else the one given."""
    if not root._requires_grad:
        raise RuntimeError(
            f"backward: the tensor (shape {root.shape}) does not require grad: none of the "
            "tensors it was computed from has requires_grad=True, or it was made under no_grad()"
        )
    if gradient is None:
        if root._data.size != 1:
            raise RuntimeError(
                f"backward: the output has shape {root.shape}, not a scalar; pass "
                "`gradient=` (d loss/d output, same shape) or reduce it first, e.g. .sum()"
            )
        return make_tensor(root._data.dtype.type(1) if root.ndim == 0 else np.ones_like(root._data))
    g = gradient if isinstance(gradient, Tensor) else Tensor(gradient, dtype=root.dtype)
    if g.shape != root.shape:
        raise RuntimeError(
            f"backward: gradient has shape {g.shape} but the output has {root.shape}"
        )
    return g


class BackwardPass:
    """One backward pass from `roots`: iterating it runs the chain rule node by node, yielding
    (tensor, its complete gradient, [(input, gradient sent to it), ...]) for each tensor that
    receives a gradient, or, given `report` (a set of tensors), only for the leaves, the
    retain_grad tensors and those in `report`: what backward() and grad() use, so the rest
    cost no round trip through the driver. Gradients travel as ndarrays, or as Tensors (the
    backward pass itself recorded) under `create_graph`, which the driver sets as grad mode while
    it iterates.
    """

    def __init__(
        self,
        roots: Sequence[Tensor],
        gradients: Sequence[Any],
        retain_graph: bool | None = None,
        create_graph: bool = False,
        report: Set[Tensor] | None = None,
    ) -> None:
        self.report = report
        self.roots = list(roots)
        if len(gradients) != len(self.roots):
            raise RuntimeError(
                f"backward: {len(self.roots)} tensors but {len(gradients)} gradients for them"
            )
        # (zip's strict=True costs more than the check above: every backward() pays this)
        self.seeds = [_seed(r, g) for r, g in zip(self.roots, gradients)]  # noqa: B905
        self.retain = create_graph if retain_graph is None else retain_graph
        self.create_graph = create_graph
        # ids of the memory (an array's base, or the array) someone else may hold: the user's
        # seeds, and every gradient handed out so far; handing out such memory again copies it
        self._held = {id(_memory(s._data)) for s in self.seeds}

    def __iter__(self) -> Iterator[tuple[Tensor, Any, list[tuple[Tensor, Any]]]]:
        # Every node runs this loop's body, so the op's vector-Jacobian product is written out
        # here, not called: the call per node cost 2-3% of a small graph's backward.
        graph, retain, report = self.create_graph, self.retain, self.report
        grads: dict[Tensor, Any] = {}  # pending gradients, keyed by the tensor (identity hash)
        for r, s in zip(self.roots, self.seeds):  # noqa: B905 - as long, by construction
            s = s if graph else s._data
            grads[r] = s if r not in grads else grads[r] + s
        checking = anomaly.on
        for t in reversed(topological_order(self.roots)):
            g = grads.pop(t, None)
            if g is None:
                continue
            if t._hooks:
                g = _run_hooks(t, g, graph)
            fn = t.grad_fn
            if fn is None:
                yield t, g, []
                continue
            if fn.stamp != clock.now or graph:  # (a released op's stamp is FREED)
                _check_node(fn, t, graph)
            # the op's gradient for each input (None for those it was told need none), each
            # summed back to its input's shape and dtype and added to what that input has
            if graph:
                in_grads = fn.backward(g, t, *fn.inputs)
            else:
                in_grads = fn.backward(g, t._data, *fn.arrays)
            if type(in_grads) is not tuple:
                in_grads = (in_grads,)
            inputs = fn.inputs
            if len(in_grads) != len(inputs):
                raise RuntimeError(
                    f"{fn.name}: backward returned {len(in_grads)} gradients for "
                    f"{len(inputs)} inputs"
                )
            reported = report is None or t._retains_grad or t in report
            sent = []  # (kept only for a node the driver sees)
            for inp, ig in zip(inputs, in_grads):  # noqa: B905 - lengths checked; strict= is slow
                if ig is None or not inp._requires_grad:
                    continue
                data = inp._data
                if (type(ig) is not type(data) or type(ig) is np.ndarray) and (
                    ig.shape != data.shape
                    or (ig.dtype is not data.dtype and ig.dtype != data.dtype)
                ):  # (a numpy scalar of the input's own type has its shape and dtype already;
                    # numpy shares one dtype object per built-in type: `is` settles most)
                    ig = _match(ig, inp, fn)
                if checking:
                    _check_finite(fn, ig)
                if reported:
                    sent.append((inp, ig))
                grads[inp] = grads[inp] + ig if inp in grads else ig
            if reported:
                yield t, g, sent
            if not retain:
                fn.release()

    def deliver(self, t: Tensor, g: Any) -> None:
        """Accumulate `g` into `t.grad` if `t` keeps its gradient (a leaf, or retain_grad)."""
        if t.grad_fn is None or t._retains_grad:  # (shape and dtype match: no setter checks)
            if t._grad is None:
                t._grad = self.own(g)
            elif isinstance(g, Tensor):  # create_graph: the sum is recorded
                t._grad = t._grad + g
            else:  # a new array: no op to record, nothing to lift or promote
                t._grad = make_tensor(t._grad.data + g)

    def own(self, g: Any) -> Tensor:
        """A gradient as a Tensor that shares memory with nothing else the user holds: copied if
        its memory was handed out before, or if it is a read-only (broadcast) view."""
        if isinstance(g, Tensor):
            return g
        if type(g) is not np.ndarray or not g.flags.writeable or id(_memory(g)) in self._held:
            g = np.array(g)  # (a numpy scalar comes from arithmetic on 0-d arrays)
            self._held.add(id(g))
        else:
            self._held.add(id(_memory(g)))
        return make_tensor(g)


def _memory(a: np.ndarray) -> np.ndarray:
    """The array that owns `a`'s memory (numpy makes a view's base the owner itself)."""
    return a if a.base is None else a.base


class driving:  # noqa: N801 - lowercase, as no_grad
    """The conditions a driver iterates a pass under: grad mode on only for create_graph, and the
    cyclic GC paused (backward makes no reference cycles; on big graphs GC scans would dominate).
    A class, not a generator: every backward() pays for entering it."""

    __slots__ = ("create_graph", "mode", "collecting")

    def __init__(self, create_graph: bool) -> None:
        self.create_graph = create_graph

    def __enter__(self) -> None:
        self.mode, self.collecting = state.grad_enabled, gc.isenabled()
        state.grad_enabled = self.create_graph
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        state.grad_enabled = self.mode
        if self.collecting:
            gc.enable()


def _check_node(fn: Any, out: Tensor, graph: bool) -> None:
    """Raise if backward cannot go through `fn`: its graph was freed by an earlier backward, a
    tensor it saved was changed in place, or `create_graph` needs a double backward it lacks."""
    if fn.freed:
        raise RuntimeError(
            f"backward: the graph through {fn.name} was already used by an earlier backward, "
            "which freed what it saved; pass retain_graph=True to the first backward() to go "
            "through it twice"
        )
    if fn.stamp != clock.now:
        fn.check_unmodified(out)
    if graph and not fn.double_backward:
        raise RuntimeError(
            f"backward: {fn.name} has no double backward (its backward runs on plain arrays "
            "only), so create_graph=True (gradients of gradients: hessian, jvp, "
            "gradgradcheck) cannot go through it"
        )


def _match(g: Any, inp: Tensor, fn: Any) -> Any:
    """Undo broadcasting (sum over the broadcast axes) and restore the input's dtype."""
    if g.shape != inp.shape:
        try:
            g = sum_to(g, inp.shape)
        except ValueError:
            raise RuntimeError(
                f"{fn.name}: backward produced a gradient of shape {g.shape} for an input of shape "
                f"{inp.shape}"
            ) from None
    if g.dtype != inp.dtype:
        g = g.astype(inp.dtype)
    return g


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


def _check_finite(fn: Any, g: Any) -> None:
    if not np.all(np.isfinite(np.asarray(g))):
        where = getattr(fn, "trace", "(created before detect_anomaly was turned on)")
        raise RuntimeError(
            f"detect_anomaly: backward of {fn.name} produced NaN or Inf in a gradient of shape "
            f"{g.shape}. The op was created at:\n  {where}"
        )


def backward(
    tensors: Tensor | Sequence[Tensor],
    grad_tensors: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
) -> None:
    """Accumulate the gradients of `tensors` into the `.grad` of every leaf they depend on."""
    roots = [tensors] if isinstance(tensors, Tensor) else list(tensors)
    gradients = [None] * len(roots) if grad_tensors is None else grad_tensors
    gradients = [gradients] if isinstance(gradients, Tensor) else list(gradients)
    p = BackwardPass(roots, gradients, retain_graph, create_graph, report=_NONE)
    with driving(create_graph):
        for t, g, _ in p:  # (the leaves and retain_grad tensors: what deliver keeps)
            p.deliver(t, g)


_NONE: frozenset[Tensor] = frozenset()


@method("backward")
def tensor_backward(
    self: Tensor,
    gradient: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
) -> None:
    """Accumulate d(self)/d(leaf) into every leaf's `.grad` by the chain rule."""
    backward([self], [gradient], retain_graph, create_graph)


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
