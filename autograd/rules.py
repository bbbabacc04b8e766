"""The derivative catalogue: every primitive op with its forward and local derivative, read from
the op classes' own docstrings (`x * y;  d/dx = y,  d/dy = x.`), so it cannot drift from them.

`autograd.rules()` shows as a table in Jupyter; `.to_markdown()` is the table in the README.
"""

from __future__ import annotations

import html
import inspect
from dataclasses import dataclass

from . import ops
from .function import Function


@dataclass(frozen=True)
class Rule:
    """One primitive: its name, what it computes, and its local derivative (or vjp)."""

    op: str
    forward: str
    derivative: str
    family: str  # the file in autograd/ops that defines it

    def per_input(self, n: int) -> list[str]:
        """The derivative split into one rule per input (`d/dx = y`, `d/dy = x`), or n blanks
        when the docstring gives one formula for all inputs."""
        parts = self.derivative.rstrip(".").split(", ")
        if len(parts) == n and all(p.startswith("d/d") for p in parts):
            return parts
        return [""] * n


def summary(op: type[Function]) -> str:
    """The first paragraph of an op class's docstring, on one line."""
    return " ".join((op.__doc__ or "").split("\n\n")[0].split())


def rule_of(op: type[Function]) -> Rule:
    """The rule an op class states in its docstring: `forward;  derivative`."""
    forward, _, derivative = summary(op).partition("; ")
    return Rule(op.name, forward.strip(), derivative.strip(), op.__module__.rsplit(".", 1)[-1])


def _cell(text: str) -> str:
    """Text for a Markdown table cell: its pipes escaped."""
    return text.replace("|", "\\|")


class Rules(tuple):
    """The catalogue: a tuple of Rules that shows itself as a table (Markdown, HTML)."""

    def to_markdown(self) -> str:
        """A Markdown table: op, forward, local derivative."""
        lines = ["| op | forward | local derivative |", "|---|---|---|"]
        for r in self:
            cells = [f"`{r.op}`", r.forward, r.derivative]
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        head = "<tr><th>op</th><th>forward</th><th>local derivative</th></tr>"
        rows = "".join(
            f"<tr><td><code>{html.escape(r.op)}</code></td><td>{html.escape(r.forward)}</td>"
            f"<td>{html.escape(r.derivative)}</td></tr>"
            for r in self
        )
        return f"<table>{head}{rows}</table>"


def composites() -> list[tuple[str, str]]:
    """Every exported op that is not a primitive of its own name, with what it computes (the first
    paragraph of its docstring): built from the primitives, or without a gradient."""
    primitive = {r.op for r in rules()}
    return [
        (name, " ".join((fn.__doc__ or "").split("\n\n")[0].split()))
        for name in sorted(ops.__all__)
        if inspect.isfunction(fn := getattr(ops, name)) and name not in primitive
    ]


def composites_markdown() -> str:
    """The composite ops as a Markdown table: op, what it computes."""
    lines = ["| op | what it computes |", "|---|---|"]
    lines += [f"| `{name}` | {_cell(doc)} |" for name, doc in composites()]
    return "\n".join(lines)


def rules() -> Rules:
    """Every primitive op of autograd, in the order the ops define them."""
    seen: dict[str, Rule] = {}
    for op in Function.primitives:
        if op.__module__.startswith("autograd.ops.") and hasattr(op, "forward"):
            seen.setdefault(op.name, rule_of(op))  # a variant (getitem's copy) shares its name
    return Rules(seen.values())
