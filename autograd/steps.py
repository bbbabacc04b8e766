"""Backward one node at a time: `for step in autograd.backward_steps(loss): print(step)`.

Each step is one iteration of the engine's own backward loop (`engine.BackwardPass`), delivering
gradients as `backward()` does, so stepping to the end leaves exactly the `.grad` that
`loss.backward()` leaves. The rules shown come from the op catalogue (`autograd.rules()`).
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import viz
from .engine import BackwardPass, driving
from .function import Elementwise, Function
from .rules import rule_of, summary
from .tensor import Tensor


@dataclass(frozen=True, eq=False)
class Sent:
    """What one step's op sent to one of its inputs."""

    input: Tensor
    argument: str  # the op's name for this input (`x`, `y`): its label when it has no name
    rule: str  # its derivative from the op's docstring (`d/dy = x`, `d/dx = g @ y^T`), or ""
    local: np.ndarray | None  # elementwise ops: d out / d input at each element of out
    grad: np.ndarray  # the gradient sent: upstream x local, summed back to the input's shape
    total: np.ndarray  # everything the input has received so far, this included


@dataclass(eq=False)
class _Record:
    """What one backward pass has done so far, kept so that any step can be drawn later."""

    root: Tensor
    final: dict[int, tuple[int, np.ndarray]] = field(default_factory=dict)  # id: (step, grad)
    received: dict[int, list[tuple[int, np.ndarray]]] = field(default_factory=dict)

    def grads_at(self, index: int) -> dict[int, viz.GradView]:
        """Every gradient known after step `index`, by tensor id: (value, final)."""
        known: dict[int, viz.GradView] = {}
        for key, history in self.received.items():
            sums = [total for i, total in history if i <= index]
            if sums:
                known[key] = (sums[-1], False)
        for key, (i, grad) in self.final.items():
            if i <= index:
                known[key] = (grad, True)
        return known


@dataclass(frozen=True, eq=False, repr=False)
class Step:
    """One node of backward: the gradient arriving at a tensor, and what its op sent on."""

    index: int  # 1 for the first step
    tensor: Tensor  # the node whose gradient is now complete (an op's output, or a leaf)
    upstream: np.ndarray  # d root / d tensor: the gradient arriving from above
    sent: tuple[Sent, ...]  # one per input that requires grad; empty for a leaf
    _record: _Record

    @property
    def op(self) -> Function | None:
        """The op that made `tensor` (None for a leaf)."""
        return self.tensor.grad_fn

    def draw(self, **options: Any) -> viz.Diagram:
        """The graph at this moment: this node highlighted, known gradients shown, pending ones
        greyed (options as for `viz.draw`)."""
        marked = [self.tensor] if self.op is None else [self.tensor, self.op]
        grads = self._record.grads_at(self.index)
        return viz.draw(self._record.root, highlight=marked, grads=grads, **options)

    def _parts(self) -> tuple[list[str], list[str], list[list[str]]]:
        """Caption lines, column names and one row per input: what str() and Jupyter show."""
        t, up = self.tensor, viz.fmt(self.upstream)
        if self.op is None:
            leaf = t.name or f"of shape {t.shape}"
            return [f"step {self.index}: leaf {leaf}, gradient complete: .grad += {up}"], [], []
        made = f" -> {t.name}" if t.name else ""
        rename = _renamer(self.op, t)
        caption = [
            f"step {self.index}: {self.op.name}{made}, upstream gradient {up}",
            "  " + rename(summary(type(self.op))),
        ]
        elementwise = any(s.local is not None for s in self.sent)
        how = "sent = upstream × local" if elementwise else "sent (vector-Jacobian product)"
        header = ["input", "local gradient", how, "received so far"]
        return caption, header, [_row(s, self.upstream, rename) for s in self.sent]

    def __str__(self) -> str:
        caption, header, rows = self._parts()
        if not rows:
            return "\n".join(caption)
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        lines = [
            "  " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
            for r in [header, *rows]
        ]
        return "\n".join([*caption, *lines])

    __repr__ = __str__  # at a prompt, a step reads as its table

    def _repr_html_(self) -> str:
        caption, header, rows = self._parts()
        cap = "<br>".join(html.escape(c) for c in caption)
        cells = [[f"<th>{html.escape(c)}</th>" for c in header]]
        cells += [[f"<td>{html.escape(c)}</td>" for c in r] for r in rows]
        body = "".join(f"<tr>{''.join(r)}</tr>" for r in cells if r)
        return f'<table><caption style="text-align:left">{cap}</caption>{body}</table>'


def _renamer(fn: Function, out: Tensor) -> Any:
    """A function rewriting an op's rule text in the user's names: the op's names for its
    inputs (`x`, `y`) and output (`out`) become the tensors' names where they have one, so
    `d/dx = y` reads `d/dq = z` in the step of `f = q * z`."""
    names = {"out": out.name} if out.name else {}
    if len(fn.inputs) <= 2:
        names.update((a, t.name) for a, t in zip("xy", fn.inputs, strict=False) if t.name)
    if not names:
        return lambda text: text
    pattern = re.compile(rf"\b(?:d/d)?({'|'.join(map(re.escape, names))})\b")

    def rename(text: str) -> str:
        return pattern.sub(lambda m: m.group(0).replace(m.group(1), names[m.group(1)]), text)

    return rename


def _row(s: Sent, upstream: np.ndarray, rename: Any) -> list[str]:
    """One input's line of a step: its name, the local gradient, what it got, its running sum."""
    if s.local is None:
        rule = rename(s.rule or "vjp")
        local, sent = f"{rule}: {upstream.shape} -> {s.grad.shape}", viz.fmt(s.grad)
    else:
        value = viz.fmt(s.local)
        local = _equation(rename(s.rule), value)
        product = viz.fmt(s.local * upstream)
        sent = f"{viz.fmt(upstream)} × {value} = {product}" if upstream.size == 1 else product
        if s.local.shape != s.grad.shape:
            sent += f", summed over broadcast axes to {s.grad.shape}: {viz.fmt(s.grad)}"
    return [s.input.name or s.argument, local, sent, viz.fmt(s.total)]


def _equation(rule: str, value: str) -> str:
    """`d/dx = y = -4`: a rule and its value, without repeating a rule that is its value."""
    if not rule or rule.endswith(f"= {value}"):
        return rule or value
    return f"{rule} = {value}"


def _argument(rule: str, position: int, count: int) -> str:
    """The op's name for an input: from its rule (`d/dy = x` names `y`), else x, y or a number."""
    if rule:
        return rule[3:].split(" ", 1)[0]
    return "xy"[position] if count <= 2 else str(position)


def _locals(fn: Function, out: Tensor) -> list[np.ndarray | None]:
    """d out / d input at each element, for an elementwise op: its own backward applied to ones
    (one derivative rule, not a second table). None for other ops."""
    if not isinstance(fn, Elementwise):
        return [None] * len(fn.inputs)
    local = fn.backward(np.ones_like(out.data), out.data, *[i.data for i in fn.inputs])
    local = local if isinstance(local, tuple) else (local,)
    return [None if g is None else np.broadcast_to(g, out.shape) for g in local]


def _sent(
    fn: Function, out: Tensor, given: list[tuple[Tensor, Any]], record: _Record, i: int
) -> tuple[Sent, ...]:
    """What the op sent to each input, with its rule, local derivative and running total."""
    rules, locals_ = rule_of(type(fn)).per_input(len(fn.inputs)), _locals(fn, out)
    positions = iter(range(len(fn.inputs)))  # `given` follows the inputs' order, some skipped
    result = []
    for inp, grad in given:
        j = next(k for k in positions if fn.inputs[k] is inp)
        grad = np.asarray(grad)
        history = record.received.setdefault(id(inp), [])
        total = grad if not history else history[-1][1] + grad
        history.append((i, total))
        result.append(Sent(inp, _argument(rules[j], j, len(fn.inputs)), rules[j], locals_[j],
                           grad, total))  # fmt: skip
    return tuple(result)


def backward_steps(
    output: Tensor, gradient: Any = None, retain_graph: bool | None = None
) -> Iterator[Step]:
    """Backward from `output`, one node at a time, in reverse topological order.

    Iterating to the end leaves the same `.grad` as `output.backward(gradient, retain_graph)`;
    stopping early leaves the gradients accumulated so far.
    """
    record = _Record(output)
    walk = iter(p := BackwardPass([output], [gradient], retain_graph))
    for i in itertools.count(1):
        with driving(False):  # the engine's conditions only while it works: between steps, the
            node = next(walk, None)  # learner's code runs in its own grad mode
            if node is not None:
                p.deliver(*node[:2])
        if node is None:
            return
        t, g, given = node
        fn, g = t.grad_fn, np.asarray(g)
        record.final[id(t)] = (i, g)
        sent = () if fn is None else _sent(fn, t, given, record, i)
        yield Step(i, t, g, sent, record)


def save_frames(steps: Sequence[Step], folder: str | Path, **options: Any) -> list[Path]:
    """Each step's diagram as a numbered SVG file: folder/step_01.svg, step_02.svg, ..."""
    width = len(str(len(steps)))
    return [
        viz.write(s.draw(**options), Path(folder) / f"step_{s.index:0{width}d}.svg") for s in steps
    ]


def slider(steps: Sequence[Step]) -> Any:
    """A Jupyter slider through the steps, each shown as its table and its diagram."""
    try:
        import ipywidgets
    except ImportError:
        raise ImportError(
            "slider needs ipywidgets (pip install ipywidgets); without it, show the steps with "
            "`for step in steps: display(step, step.draw())`"
        ) from None
    view = ipywidgets.HTML()
    pick = ipywidgets.IntSlider(value=1, min=1, max=len(steps), description="step")

    def show(_: Any = None) -> None:
        step = steps[pick.value - 1]
        view.value = step._repr_html_() + step.draw().pipe(format="svg", encoding="utf-8")

    pick.observe(show, names="value")
    show()
    return ipywidgets.VBox([pick, view])
