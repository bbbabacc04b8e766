"""Diagrams of the graph with Graphviz: `draw` returns one (shown inline in Jupyter), `save` writes
it to a file. Tensors are tables { name shape dtype | data | grad }, ops are ellipses."""

from __future__ import annotations

import contextlib
import html
import subprocess
import warnings
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

import graphviz
import numpy as np

from .tensor import Tensor

SMALL = 6  # tensors of at most this many elements show their values
LABEL_LIMIT = 60  # characters of a name or value shown; longer text is cut with an ellipsis
WARN_NODES = 2_000  # past this many nodes, dot may take a while: draw() warns first
TIMEOUT = 60.0  # seconds dot may take to render one diagram
COUNT_LIMIT = 10_000  # tensors counted past a cut, at most: cutting a huge graph stays fast
GREY = "grey55"
RANKDIRS = ("LR", "RL", "TB", "BT")
FORMATS = ("svg", "png", "pdf", "dot")
# kind: (fill colour, legend text)
KINDS = {
    "param": ("#cfe2ff", "leaf that requires grad"),
    "input": ("#fff2c2", "other leaf (input, constant)"),
    "inner": ("white", "intermediate"),
    "output": ("#d3f4cc", "output"),
}
OP_FILL, HIGHLIGHT_FILL, HIGHLIGHT = "#e4e4e4", "#ffe27a", "red"

# A gradient to show instead of `.grad`: (value or None, final). Step diagrams pass these.
GradView = tuple[np.ndarray | None, bool]


class GraphvizNotFound(RuntimeError):
    """Graphviz's `dot` program, which renders diagrams, is not installed."""


class GraphvizTimeout(RuntimeError):
    """Graphviz's `dot` took longer than `viz.TIMEOUT` seconds on a diagram."""


INSTALL_HINT = (
    "Graphviz's `dot` program renders diagrams but was not found on PATH. Install it: "
    "`sudo apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` (macOS), "
    "`winget install graphviz` (Windows), or run `make demo`, which installs it. "
    "Until then the diagram's DOT source is in its `.source`."
)


@contextlib.contextmanager
def _explain_missing_dot() -> Iterator[None]:
    try:
        yield
    except graphviz.ExecutableNotFound as err:
        raise GraphvizNotFound(INSTALL_HINT) from err


class Diagram(graphviz.Digraph):
    """A `graphviz.Digraph` whose rendering says how to install Graphviz if `dot` is missing, and
    stops `dot` after `viz.TIMEOUT` seconds (Ctrl-C stops it too)."""

    def pipe(self, format: str | None = None, encoding: str | None = None, **_: Any) -> Any:  # noqa: A002
        """The diagram rendered by `dot` in `format` (bytes, or text given an `encoding`)."""
        kind = format or self.format
        try:
            run = subprocess.run(
                ["dot", f"-T{kind}"], input=self.source.encode(), capture_output=True,
                timeout=TIMEOUT, check=False,
            )  # fmt: skip
        except FileNotFoundError:
            raise GraphvizNotFound(INSTALL_HINT) from None
        except subprocess.TimeoutExpired:
            raise GraphvizTimeout(
                f"Graphviz's dot took more than {TIMEOUT:g} s on a diagram of "
                f"{self.source.count(' -> ')} edges; draw fewer nodes (max_nodes=...) or allow "
                "more time (autograd.viz.TIMEOUT)"
            ) from None
        if run.returncode:
            raise RuntimeError(f"Graphviz's dot failed: {run.stderr.decode(errors='replace')}")
        return run.stdout.decode(encoding) if encoding else run.stdout

    def render(self, *args: Any, **kwargs: Any) -> Any:
        with _explain_missing_dot():
            return super().render(*args, **kwargs)


def clean(text: Any, limit: int = LABEL_LIMIT) -> str:
    """Text that is safe in a diagram: control characters (NUL included) shown as their visible
    symbols, and cut with an ellipsis past `limit` characters."""
    text = "".join(chr(0x2400 + ord(c)) if ord(c) < 32 else c for c in str(text))
    text = text.replace("\x7f", "\u2421")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _html(text: Any, limit: int = LABEL_LIMIT) -> str:
    """`clean` text, escaped for Graphviz's HTML-like labels (`>f8`, `<`, `&` included)."""
    return html.escape(clean(text, limit))


def _value_lines(a: np.ndarray, precision: int) -> list[str]:
    """A larger array's values, one line per row of its last axis (`data` before the first)."""
    rows = a.reshape(-1, a.shape[-1]) if a.ndim > 1 else a.reshape(1, -1)
    lines = [" ".join(f"{v:.{precision}g}" for v in row) for row in rows]
    return [f"data {lines[0]}", *lines[1:]]


def fmt(a: Any, precision: int = 4) -> str:
    """The values of a small array on one line; just the shape of a larger one."""
    a = np.asarray(a)
    if a.size > SMALL:
        return f"array {a.shape}"
    text = np.array2string(
        a, separator=", ", formatter={"float_kind": lambda v: f"{v:.{precision}g}"}
    )
    return " ".join(text.split())


def _walk(roots: Sequence[Tensor]) -> Iterator[Tensor]:
    """Every tensor the roots were computed from, breadth first, once each (no recursion)."""
    seen = {id(r) for r in roots}
    queue = deque(roots)
    while queue:
        t = queue.popleft()
        yield t
        if t.grad_fn is not None:
            for p in t.grad_fn.inputs:
                if id(p) not in seen:
                    seen.add(id(p))
                    queue.append(p)


def _cost(t: Tensor) -> int:
    """Diagram nodes a tensor brings: itself, and the op that made it."""
    return 1 if t.grad_fn is None else 2


def _cut(roots: Sequence[Tensor], max_nodes: int) -> tuple[list[Tensor], int, bool]:
    """The tensors to draw (at most `max_nodes` nodes with their ops), how many nodes are left
    out, and whether that count is exact (counting stops after COUNT_LIMIT)."""
    walk = _walk(roots)
    shown, used = [], 0
    for t in walk:
        if used + _cost(t) > max_nodes:
            left = _cost(t) + sum(_cost(u) for u in islice(walk, COUNT_LIMIT))
            return shown, left, next(walk, None) is None
        shown.append(t)
        used += _cost(t)
    return shown, 0, True


def _kind(t: Tensor, root_ids: set[int]) -> str:
    if id(t) in root_ids:
        return "output"
    if t.grad_fn is not None:
        return "inner"
    return "param" if t.requires_grad else "input"


def _grad_row(t: Tensor, grads: Mapping[int, GradView] | None, p: int) -> tuple[str, str | None]:
    """The text of a tensor's grad row and its colour (grey while not known)."""
    if grads is None:
        if t.grad is not None:
            return f"grad {fmt(t.grad.data, p)}", None
        if t.is_leaf or t._retains_grad:
            return "grad: not computed yet (run backward)", GREY
        return "grad: not kept (use .retain_grad())", GREY
    value, final = grads.get(id(t), (None, False))
    if final:
        return f"grad {fmt(value, p)}", None
    if value is None:
        return "grad: pending", GREY
    return f"grad so far {fmt(value, p)} (pending)", GREY


def _table(rows: list[tuple[str, str | None]], fill: str, highlight: bool) -> str:
    """An HTML-like Graphviz label: one cell per row, text escaped, optional font colour."""
    cells = []
    for text, colour in rows:
        text = f'<FONT COLOR="{colour}">{text}</FONT>' if colour else text
        cells.append(f"<TR><TD>{text}</TD></TR>")
    border = f'BORDER="3" COLOR="{HIGHLIGHT}"' if highlight else 'BORDER="0"'
    return (
        f'<<TABLE {border} CELLBORDER="1" CELLSPACING="0" CELLPADDING="3" BGCOLOR="{fill}">'
        f"{''.join(cells)}</TABLE>>"
    )


def _tensor_rows(t: Tensor, opts: dict[str, Any]) -> list[tuple[str, str | None]]:
    p = opts["precision"]
    shape = "scalar" if t.ndim == 0 else str(t.shape)
    title = f"{_html(shape)} {_html(t.dtype)}"
    rows = [(f"<B>{_html(t.name)}</B>  {title}" if t.name else title, None)]
    if opts["show_data"] and t.numel() <= SMALL:
        rows.append((_html(f"data {fmt(t.data, p)}"), None))
    elif opts["show_data"] and t.numel() <= opts["show_values"]:  # asked for: row by row
        rows += [(_html(line, limit=10 * LABEL_LIMIT), None) for line in _value_lines(t.data, p)]
    if opts["show_grad"] and t.requires_grad:
        text, colour = _grad_row(t, opts["grads"], p)
        rows.append((_html(text), colour))
    return rows


def _op_attrs(highlight: bool, pending: bool) -> dict[str, str]:
    attrs = {"shape": "ellipse", "style": "filled", "fillcolor": OP_FILL}
    if pending:
        attrs.update(fontcolor=GREY, color=GREY)
    if highlight:
        attrs.update(fillcolor=HIGHLIGHT_FILL, color=HIGHLIGHT, penwidth="3")
    return attrs


def _is_pending(t: Tensor, grads: Mapping[int, GradView] | None) -> bool:
    return grads is not None and not grads.get(id(t), (None, False))[1]


def _arg_names(n: int) -> list[str | None]:
    """Edge labels for an op's inputs, as its docstring names them (none for one input)."""
    return [None] if n == 1 else ["x", "y"] if n == 2 else [str(i) for i in range(n)]


def _add_op(
    dot: Diagram, where: Any, t: Tensor, drawn: set[int], marked: set[int], opts: dict
) -> None:
    """Draw the op that made `t` in `where` (the diagram or a module's box), with its edges
    (dashed from the note where inputs were cut)."""
    fn = t.grad_fn
    op = f"op{id(fn)}"
    pending = _is_pending(t, opts["grads"])
    where.node(op, clean(fn.name), **_op_attrs(id(fn) in marked, pending))
    dot.edge(op, f"t{id(t)}")
    for inp, label in zip(fn.inputs, _arg_names(len(fn.inputs)), strict=True):
        label = clean(inp.name) if inp.name and label else label  # the user's name, not the op's
        if id(inp) in opts["hidden"]:
            dot.edge(opts["hidden"][id(inp)], op, label=label)
        elif id(inp) in drawn:
            dot.edge(f"t{id(inp)}", op, label=label)
        else:
            dot.edge("cut", op, style="dashed", color=GREY)


def _fitting_depth(roots: Sequence[Tensor], root_ids: set[int], max_nodes: int) -> int | None:
    """The deepest module depth at which drawing each module as one node fits `max_nodes`, or
    None if no depth does (or the graph is too big to plan: past COUNT_LIMIT tensors)."""
    everything = list(islice(_walk(roots), COUNT_LIMIT + 1))
    if len(everything) > COUNT_LIMIT:
        return None
    boxes = _Boxes(None, everything, root_ids)
    scopes = {id(t): boxes.scope(t) for t in everything}
    for depth in range(max(map(len, scopes.values()), default=0) - 1, -1, -1):
        groups, count = set(), 0
        for t in everything:
            scope = scopes[id(t)]
            if len(scope) > depth and id(t) not in root_ids:
                groups.add(tuple(id(m) for m in scope[: depth + 1]))
            else:
                count += _cost(t)
        if count + len(groups) <= max_nodes:
            return depth
    return None


class _Boxes:
    """One Graphviz cluster per module scope that made a drawn node, nested as the modules are."""

    def __init__(self, dot: Diagram, shown: list[Tensor], root_ids: set[int]) -> None:
        self.dot, self.clusters = dot, {}
        self.used_by: dict[int, list[tuple[Any, ...]]] = {}  # leaf id -> its consumers' scopes
        for t in shown:
            if t.grad_fn is not None:
                for inp in t.grad_fn.inputs:
                    self.used_by.setdefault(id(inp), []).append(_modules(t.grad_fn))
        self.root_ids = root_ids

    def scope(self, t: Tensor) -> tuple[Any, ...]:
        """Where t sits: its op's modules; a parameter sits where every use of it is."""
        if t.grad_fn is not None:
            return _modules(t.grad_fn)
        uses = self.used_by.get(id(t), [])
        if t.requires_grad and uses and all(_same(u, uses[0]) for u in uses):
            return uses[0]
        return ()

    def of(self, t: Tensor) -> Any:
        """The graph to put t's node in: its innermost module's box (made on first use)."""
        return self.of_scope(self.scope(t))

    def collapse(self, shown: list[Tensor], depth: Any, root_ids: set[int]) -> dict[int, str]:
        """Draw as one node each module `depth` picks (an int: that many levels below the
        outermost; a function of (path, module): True to collapse that one), and a run of
        identical sibling modules, each feeding the next, as one node marked ×k. Returns the
        tensors drawn inside a node (id -> that node): its ops' outputs, and the parameters only
        it uses."""
        groups: dict[tuple[int, ...], _Group] = {}
        for t in shown:
            cut = _cut_length(self.scope(t), depth)
            if cut and id(t) not in root_ids:
                scope = self.scope(t)[:cut]
                key = tuple(id(m) for m in scope)
                groups.setdefault(key, _Group(scope)).members.append(t)
        for group in groups.values():
            group.settle(shown)
        hidden = {}
        for run in _runs(groups):
            node = f"m{'_'.join(map(str, run[0]))}"
            for key in run:
                hidden.update((id(t), node) for t in groups[key].members)
            scope = groups[run[0]].scope
            label = _module_node_label([groups[k] for k in run])
            self.of_scope(scope[:-1]).node(node, label, shape="box3d", style="filled",
                                           fillcolor="#eeeeff", fontsize="10")  # fmt: skip
        drawn, edges = {id(u) for u in shown}, set()
        for group in groups.values():
            node = hidden[id(group.members[0])]
            for t in group.members:
                for inp in t.grad_fn.inputs if t.grad_fn is not None else ():
                    src = hidden.get(id(inp), f"t{id(inp)}")
                    if src != node and id(inp) in drawn and (src, node) not in edges:
                        edges.add((src, node))
                        self.dot.edge(src, node)
        return hidden

    def of_scope(self, scope: tuple[Any, ...]) -> Any:
        """The box of a module scope (the diagram itself for none), made on first use."""
        for depth in range(1, len(scope) + 1):
            key = tuple(id(m) for m in scope[:depth])
            if key not in self.clusters:
                box = graphviz.Digraph(name=f"cluster_{'_'.join(map(str, key))}")
                box.attr(label=_module_label(scope[:depth]), labeljust="l", style="rounded",
                         color=GREY, fontcolor=GREY, fontsize="10")  # fmt: skip
                self.clusters[key] = box
        return self.clusters[tuple(id(m) for m in scope)] if scope else self.dot

    def close(self) -> None:
        """Put each box into its parent, innermost first (a subgraph is copied when added)."""
        for key in sorted(self.clusters, key=len, reverse=True):
            parent = self.clusters[key[:-1]] if len(key) > 1 else self.dot
            parent.subgraph(self.clusters[key])


def _same(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


def _modules(fn: Any) -> tuple[Any, ...]:
    """The modules whose calls made an op, outermost first."""
    return tuple(module for module, _ in fn.scope)


def _module_label(scope: tuple[Any, ...]) -> str:
    """A module's path below the outermost one and its repr's first line: `0 Linear(2, 3)`."""
    module = scope[-1]
    extra = module.extra_repr() if hasattr(module, "extra_repr") else ""
    text = f"{type(module).__name__}({extra})" if extra else type(module).__name__
    return clean(f"{_path(scope)} {text}".strip())


class _Group:
    """What one module call drew: its scope, its tensors, and what crossed its border."""

    def __init__(self, scope: tuple[Any, ...]) -> None:
        self.scope, self.members = scope, []

    def settle(self, shown: list[Tensor]) -> None:
        """Find what came in (ops' inputs from outside) and what went out (inputs of ops
        outside), and the signature that identical blocks share."""
        inside = {id(t) for t in self.members}
        made = [t for t in self.members if t.grad_fn is not None]
        self.inputs = {id(i): i for t in made for i in t.grad_fn.inputs if id(i) not in inside}
        self.outputs = [
            *{
                id(i): i
                for u in shown
                if u.grad_fn is not None and id(u) not in inside
                for i in u.grad_fn.inputs
                if id(i) in inside
            }.values()
        ]
        self.params = [t for t in self.members if t.grad_fn is None]
        self.calls = len({t.grad_fn.scope[len(self.scope) - 1][1] for t in made})
        module = self.scope[-1]
        extra = module.extra_repr() if hasattr(module, "extra_repr") else ""
        self.signature = (
            tuple(id(m) for m in self.scope[:-1]), type(module), extra,
            tuple(t.shape for t in self.inputs.values() if not t.requires_grad or t.grad_fn),
            tuple(t.shape for t in self.outputs), tuple(p.shape for p in self.params),
        )  # fmt: skip


def _cut_length(scope: tuple[Any, ...], depth: Any) -> int:
    """How many of `scope`'s modules stay open: the rest is drawn as one node (0: none is)."""
    if callable(depth):
        return next(
            (k for k in range(1, len(scope) + 1) if depth(_path(scope[:k]), scope[k - 1])), 0
        )
    return depth + 1 if len(scope) > depth else 0


def _runs(groups: dict[tuple[int, ...], _Group]) -> list[list[tuple[int, ...]]]:
    """The groups in runs: a run of k > 1 is k identical siblings, each fed by the one before."""
    owner = {id(t): key for key, g in groups.items() for t in g.members}
    follows = {}  # key -> the identical sibling it feeds, if it feeds just one
    for key, g in groups.items():
        fed = {owner.get(i) for i in g.inputs} - {None}
        if len(fed) == 1:
            (before,) = fed
            if groups[before].signature == g.signature:
                follows[before] = key
    starts = [k for k in groups if k not in set(follows.values())]
    runs = []
    for key in starts:
        run = [key]
        while run[-1] in follows:
            run.append(follows[run[-1]])
        runs.append(run)
    return runs


def _path(scope: tuple[Any, ...]) -> str:
    """A module's dotted path below the outermost one (`features.0`)."""
    names = []
    for parent, child in zip(scope, scope[1:], strict=False):
        found = (k for k, m in getattr(parent, "_modules", {}).items() if m is child)
        names.append(next(found, "?"))
    return ".".join(names)


def _module_node_label(run: list[_Group]) -> str:
    """A collapsed module's text (or a run of k identical ones, marked ×k): its path and repr,
    the shapes it was given and gave, and its parameters (how many numbers, and their
    gradients' norm once backward has run)."""
    first, last = run[0], run[-1]
    title = _module_label(first.scope)
    if len(run) > 1:
        title += f" ×{len(run)} (to {_path(last.scope)})"
    elif first.calls > 1:  # one module called again and again: an RNN cell at every step
        title += f" ×{first.calls} calls"
    lines = [title, "in " + ", ".join(str(t.shape) for t in first.inputs.values())]
    if last.outputs:
        lines.append("out " + ", ".join(str(t.shape) for t in last.outputs))
    params = [p for g in run for p in g.params]
    if params:
        count = sum(p.numel() for p in params)
        grads = [p.grad.data for p in params if p.grad is not None]
        norm = (
            f", grad norm {np.sqrt(sum(float((g * g).sum()) for g in grads)):.3g}" if grads else ""
        )
        lines.append(f"{count:,} parameters{norm}")
    return "\n".join(clean(line, 2 * LABEL_LIMIT) for line in lines)


def _add_legend(dot: Diagram, kinds: set[str], stepping: bool, marked: bool) -> None:
    """One small table explaining the colours, listing only what this diagram uses."""
    rows = [(text, fill, "black") for kind, (fill, text) in KINDS.items() if kind in kinds]
    rows.append(("op (ellipse)", OP_FILL, "black"))
    if marked:
        rows.append(("highlighted", HIGHLIGHT_FILL, HIGHLIGHT))
    if stepping:
        rows.append(("gradient pending", "white", GREY))
    cells = "".join(
        f'<TR><TD BGCOLOR="{fill}"><FONT COLOR="{font}">{text}</FONT></TD></TR>'
        for text, fill, font in rows
    )
    title = '<TR><TD BORDER="0"><B>legend</B></TD></TR>'
    label = f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="2">{title}{cells}</TABLE>>'
    dot.node("legend", label, shape="plain", fontsize="9")


def _as_roots(roots: Any) -> list[Tensor]:
    """`roots` as a non-empty list of Tensors, or a TypeError saying what draw accepts."""
    items = [roots] if isinstance(roots, Tensor) else roots
    if isinstance(items, list | tuple) and items and all(isinstance(t, Tensor) for t in items):
        return list(items)
    got = type(roots).__name__
    if isinstance(roots, list | tuple):
        got = f"a {got} of {', '.join(sorted({type(t).__name__ for t in roots})) or 'nothing'}"
    hint = ""
    if isinstance(roots, np.ndarray):
        hint = "; make it a tensor first: autograd.tensor(a)"
    elif hasattr(roots, "forward"):
        hint = "; to draw a model, draw what it computes: viz.draw(model(x))"
    raise TypeError(
        f"draw: expected a Tensor or a list of Tensors (the outputs whose graph to draw), "
        f"got {got}{hint}"
    )


def draw(
    roots: Tensor | Sequence[Tensor],
    *,
    show_data: bool = True,
    show_grad: bool = True,
    rankdir: str = "LR",
    highlight: Sequence[Any] = (),
    max_nodes: int = 200,
    precision: int = 4,
    grads: Mapping[int, GradView] | None = None,
    modules: bool = True,
    depth: int | Callable[[str, Any], bool] | None = None,
    show_values: int = SMALL,
) -> Diagram:
    """The graph that computed `roots`: tensors as tables, ops as ellipses, edges along the data.

    `highlight` marks tensors or ops (Function objects). `grads` (tensor id -> (value, final))
    shows those gradients instead of `.grad`, greying what is not final: step diagrams use it.
    Tensors of at most `show_values` elements show their values (a larger one, row by row);
    past `max_nodes` the graph is cut and a note says how many nodes were left out. With
    `modules`, what an `nn.Module` computed is drawn in a box labelled with its path and repr
    (nested as the modules are), its parameters inside; with `depth`, each module that deep (1:
    the model's children; or each one for which `depth(path, module)` is True) is drawn as one
    node, its inside hidden, with its input and output shapes and its parameters' count and
    gradient norm, and a run of identical blocks each feeding the next as one node marked ×k.
    A model too big for `max_nodes` is drawn at the deepest depth that fits, rather than cut.
    """
    roots = _as_roots(roots)
    if rankdir not in RANKDIRS:
        raise ValueError(f"draw: rankdir must be one of {RANKDIRS}, got {rankdir!r}")
    if max_nodes < 1:
        raise ValueError(f"draw: max_nodes must be at least 1, got {max_nodes}")
    opts = {
        "show_data": show_data, "show_grad": show_grad, "precision": precision, "grads": grads,
        "hidden": {},  # tensor id -> the node of the collapsed module it is drawn inside
        "show_values": show_values,
    }  # fmt: skip
    dot = Diagram(
        graph_attr={"rankdir": rankdir, "fontname": "Helvetica", "nodesep": "0.25"},
        node_attr={"fontname": "Helvetica", "fontsize": "11"},
        edge_attr={"fontname": "Helvetica", "fontsize": "9", "arrowsize": "0.7"},
    )
    shown, left_out, exact = _cut(roots, max_nodes)
    root_ids = {id(r) for r in roots}
    fitted = _fitting_depth(roots, root_ids, max_nodes) if left_out and modules else None
    if depth is None and fitted is not None:  # too big to show whole: collapse, not cut
        shown, left_out, exact, depth = list(_walk(roots)), 0, True, fitted
        note = f"modules drawn as one node each\nbelow depth {fitted}, to fit max_nodes={max_nodes}"
        dot.node("fitted", note, shape="note", fontcolor=GREY, color=GREY)
    if (count := sum(_cost(t) for t in shown)) > WARN_NODES:
        warnings.warn(
            f"draw: {count:,} nodes: Graphviz's dot may take a while to lay them out (it stops "
            f"after viz.TIMEOUT = {TIMEOUT:g} s, Ctrl-C sooner); max_nodes=... draws fewer",
            stacklevel=2,
        )
    drawn, marked, kinds = {id(t) for t in shown}, {id(h) for h in highlight}, set()
    boxes = _Boxes(dot, shown, root_ids) if modules or depth is not None else None
    if depth is not None:
        if not callable(depth) and depth < 0:
            raise ValueError(f"draw: depth must be at least 0, got {depth}")
        opts["hidden"] = boxes.collapse(shown, depth, root_ids)
    for t in shown:
        if id(t) in opts["hidden"]:
            continue
        kind = _kind(t, root_ids)
        kinds.add(kind)
        where = boxes.of(t) if boxes else dot
        label = _table(_tensor_rows(t, opts), KINDS[kind][0], id(t) in marked)
        where.node(f"t{id(t)}", label, shape="plain")
        if t.grad_fn is not None:
            _add_op(dot, where, t, drawn, marked, opts)
    if boxes:
        boxes.close()
    if left_out:
        count = f"{left_out:,}" if exact else f"more than {left_out:,}"
        note = f"{count} nodes left out\n(max_nodes={max_nodes}; dashed: where it was cut)"
        dot.node("cut", note, shape="note", fontcolor=GREY, color=GREY)
    _add_legend(dot, kinds, grads is not None, bool(marked))
    return dot


def write(diagram: Diagram, path: str | Path) -> Path:
    """Write a drawn diagram to `path`, in the format its suffix names (.svg .png .pdf .dot)."""
    path = Path(path)
    kind = path.suffix.lstrip(".").lower()
    if kind not in FORMATS:
        raise ValueError(f"save: cannot write {path.name!r}; the suffix must be one of {FORMATS}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "dot":
        path.write_text(diagram.source)
    else:
        path.write_bytes(diagram.pipe(format=kind))
    return path


def save(roots: Tensor | Sequence[Tensor], path: str | Path, **draw_options: Any) -> Path:
    """Draw the graph of `roots` (see `draw` for the options) and write it to `path`."""
    return write(draw(roots, **draw_options), path)
