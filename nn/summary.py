"""`summary`: a model's layers as a table, in the order its forward called them, with each one's
output shape and parameter count (what torchinfo's `summary` shows for a PyTorch model)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from autograd import Tensor, no_grad

from .module import Module


@dataclass
class Row:
    """One module call: its path in the model, depth, type, output shape and parameters."""

    name: str
    depth: int
    kind: str
    shape: tuple[int, ...] | None
    params: int


@dataclass
class Summary:
    """The table `summary` returns: `rows`, the total and trainable parameter counts."""

    rows: list[Row]
    total: int
    trainable: int

    def __str__(self) -> str:
        head = ("layer", "output shape", "parameters")
        cells = [
            (
                "  " * r.depth + f"{r.name or '(model)'} {r.kind}",
                str(r.shape or "-"),
                f"{r.params:,}",
            )
            for r in self.rows
        ]
        widths = [max(len(c[i]) for c in [head, *cells]) for i in range(3)]
        line = "-" * (sum(widths) + 4)
        text = [_row(head, widths), line, *(_row(c, widths) for c in cells), line]
        text.append(f"parameters: {self.total:,} ({self.trainable:,} trainable)")
        return "\n".join(text)

    __repr__ = __str__


def _row(cells: tuple[str, ...], widths: list[int]) -> str:
    return f"{cells[0]:<{widths[0]}}  {cells[1]:>{widths[1]}}  {cells[2]:>{widths[2]}}"


def summary(model: Module, *inputs: Any) -> Summary:
    """Run `model(*inputs)` once under no_grad and tabulate every module it called, outermost
    first, with the shape of what each returned and how many numbers its parameters hold."""
    names = {id(m): n for n, m in model.named_modules()}
    rows: list[Row] = []
    running: list[Row] = []  # the calls not yet returned, innermost last

    def before(module: Module, args: Any) -> None:
        row = Row(names.get(id(module), "?"), len(running), type(module).__name__, None, 0)
        rows.append(row)
        running.append(row)

    def after(module: Module, args: Any, out: Any) -> None:
        row = running.pop()
        row.shape = tuple(out.shape) if isinstance(out, Tensor) else None
        row.params = sum(p.numel() for p in module.parameters())

    handles = [h for m in model.modules() for h in (
        m.register_forward_pre_hook(before), m.register_forward_hook(after))]  # fmt: skip
    try:
        with no_grad():
            model(*inputs)
    finally:
        for handle in handles:
            handle.remove()
    params = list(model.parameters())
    trainable = sum(p.numel() for p in params if p.requires_grad)
    return Summary(rows, sum(p.numel() for p in params), trainable)
