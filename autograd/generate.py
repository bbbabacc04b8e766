"""`make catalogue` (`python -m autograd.generate`): rewrite what is generated from the ops.

- `autograd/tensor.pyi`: Tensor as the ops make it. Op methods are attached at import where each
  op is defined (see tensor.py), so editors that read code without running it learn them here.
- The README's tables: the derivative rules (`autograd.rules()`), and the ops built from them.

The tests fail, naming this command, when either is stale.
"""

from __future__ import annotations

import collections.abc
import inspect
import sys
from pathlib import Path
from typing import Any

import numpy as np

from .rules import composites_markdown, rules
from .shapes import Axis
from .tensor import Tensor

tensor = sys.modules[Tensor.__module__]  # the module (`autograd.tensor` is also a function)
ROOT = Path(__file__).resolve().parent.parent
STUB = Path(tensor.__file__).with_suffix(".pyi")
README = ROOT / "README.md"
TABLES = {  # the README's generated tables, between their markers
    "rules": lambda: rules().to_markdown(),
    "composites": composites_markdown,
}
HEADER = '''"""Generated from the ops by `make catalogue` (python -m autograd.generate)."""

from collections.abc import Callable, Iterator
from collections.abc import Sequence as Sequence
from typing import Any, TypeVar

import numpy as np

from .shapes import Axis as Axis

F = TypeVar("F", bound=Callable[..., Any])
NUMPY_OPS: dict[Any, Callable[..., Any]]
'''
# what annotations in tensor.pyi may name: checked, so the stub never names an unknown type
NAMES = {"Any": Any, "Axis": Axis, "np": np, "F": Any, "Tensor": Any, "_HookHandle": Any}
SKIP = {"__module__", "__doc__", "__slots__", "__weakref__", "__dict__", "__annotations__"}


def _annotation(text: Any) -> str:
    """An annotation as stub text, checked to name only what the stub's header imports."""
    if text is inspect.Parameter.empty:
        return ""
    text = text if isinstance(text, str) else inspect.formatannotation(text)
    eval(text, {**vars(collections.abc), **NAMES})  # raises NameError for an unknown name
    return text


def _signature(fn: Any) -> str:
    """`(x: Any, axis: Axis = ..., *, dim: Axis = ...) -> Tensor`, as a stub writes it."""
    sig = inspect.signature(fn)
    parts, starred = [], False
    for p in sig.parameters.values():
        name = p.name
        if p.kind is p.VAR_POSITIONAL:
            name, starred = f"*{name}", True
        elif p.kind is p.VAR_KEYWORD:
            name = f"**{name}"
        elif p.kind is p.KEYWORD_ONLY and not starred:
            parts.append("*")
            starred = True
        kind = _annotation(p.annotation)
        default = " = ..." if p.default is not p.empty else ""
        parts.append(name + (f": {kind}" if kind else "") + default)
    returns = _annotation(sig.return_annotation)
    return f"({', '.join(parts)})" + (f" -> {returns}" if returns else "")


def _body(obj: Any) -> str:
    """What follows a stub's `def ...:`: the first paragraph of the object's own docstring on an
    indented line, or ` ...` on the same line."""
    own = obj.__doc__ if isinstance(getattr(obj, "__doc__", None), str) else ""
    first = " ".join(inspect.cleandoc(own).split("\n\n")[0].split()) if own else ""
    return f'\n    """{first}"""' if first else " ..."


def _member(name: str, value: Any) -> list[str]:
    """The stub lines of one method or property."""
    if isinstance(value, property):
        returns = _annotation(inspect.signature(value.fget).return_annotation)
        lines = ["@property", f"def {name}(self) -> {returns}:{_body(value)}"]
        if value.fset is not None:
            _, new = inspect.signature(value.fset).parameters.values()
            kind = _annotation(new.annotation)
            lines += [f"@{name}.setter", f"def {name}(self, value: {kind}) -> None: ..."]
        return lines
    return [f"def {name}{_signature(value)}:{_body(value)}"]


def _class(cls: type) -> str:
    """A class's stub: its annotated attributes, then its public and dunder members."""
    lines = [
        f"{name}: {_annotation(kind)}"
        for name, kind in vars(cls).get("__annotations__", {}).items()
    ]
    for name, value in vars(cls).items():
        public = not name.startswith("_") or name.startswith("__")
        if public and name not in SKIP and (callable(value) or isinstance(value, property)):
            lines += _member(name, value)
    members = "\n".join(f"    {line}" for block in lines for line in block.split("\n"))
    return f"class {cls.__name__}:{_body(cls)}\n{members}"


def stub() -> str:
    """The text of tensor.pyi: the module's classes and public functions, methods included."""
    blocks = []
    for name, obj in vars(tensor).items():
        if getattr(obj, "__module__", None) != tensor.__name__:
            continue
        if inspect.isclass(obj):
            blocks.append(_class(obj))
        elif inspect.isfunction(obj) and not name.startswith("_"):
            blocks.append(f"def {name}{_signature(obj)}:{_body(obj)}")
    return HEADER + "\n\n" + "\n\n".join(blocks) + "\n"


def readme_with_tables(text: str) -> str:
    """The README's text with each generated table between its markers made fresh."""
    for name, table in TABLES.items():
        start, end = f"<!-- {name}: start -->\n", f"<!-- {name}: end -->"
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = f"{head}{start}{table()}\n{end}{tail}"
    return text


def main() -> None:
    for path, text in ((STUB, stub()), (README, readme_with_tables(README.read_text()))):
        partial = path.with_name(path.name + ".partial")
        partial.write_text(text)
        partial.replace(path)  # a whole file or none: never a half-written one
    print(f"wrote {STUB.relative_to(ROOT)} and the generated tables in {README.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
