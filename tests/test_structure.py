"""The shape of the code: imports run downhill, nothing imported lazily to dodge a cycle,
primitives only in autograd/ops, and the README's derivative table is the generated one."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import autograd
import nn  # noqa: F401 - imported so that any Function it defined would be registered
import optim  # noqa: F401
from autograd import generate

ROOT = Path(__file__).resolve().parent.parent
# Floors of the autograd package: a module imports only from its own floor or below.
FLOORS = {
    "mode": 0, "dtype": 0, "shapes": 0, "random": 0,
    "tensor": 1,
    "function": 2, "creation": 2,
    "ops": 3,
    "engine": 4,
    "functional": 5, "gradcheck": 5, "rules": 5, "checkpoint": 5,
    "viz": 6, "steps": 6,
    "__init__": 7, "generate": 7,  # the namespace, and a tool that uses all of it
    "data": 8,  # datasets and loaders: users of the namespace, never loaded by `import autograd`
    "demo": 9,  # `make demo`: graphs, then training on the digits (data, nn and optim)
}  # fmt: skip
OPTIONAL = {"ipywidgets", "matplotlib"}  # third-party packages a function may import on use


def modules() -> dict[str, ast.Module]:
    """Every module of the autograd package by dotted name below it (`ops.shape`), parsed."""
    pkg = ROOT / "autograd"
    return {
        ".".join(p.relative_to(pkg).with_suffix("").parts): ast.parse(p.read_text())
        for p in pkg.rglob("*.py")
    }


def internal_imports(name: str, tree: ast.Module) -> set[str]:
    """The autograd modules `name` imports, relative or absolute (`autograd` alone: __init__)."""
    here = name.split(".")[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            ours = [a.name for a in node.names if a.name.split(".")[0] == "autograd"]
            found |= {name.partition(".")[2] or "__init__" for name in ours}
        elif isinstance(node, ast.ImportFrom) and (
            node.level or node.module.split(".")[0] == "autograd"
        ):
            parts = node.module.split(".") if node.module else []
            target = [*here[: len(here) - node.level + 1], *parts] if node.level else parts[1:]
            if node.module is None:  # `from . import viz`: the names are modules
                found |= {".".join([*target, a.name]) for a in node.names}
            else:
                found.add(".".join(target) or "__init__")
    return found


def floor(module: str) -> int:
    return FLOORS[module.split(".")[0]]


def test_every_module_has_a_floor():
    assert {m.split(".")[0] for m in modules()} == set(FLOORS)


def test_imports_only_run_downhill_and_form_no_cycle():
    graph = {m: internal_imports(m, tree) for m, tree in modules().items()}
    for m, targets in graph.items():
        for t in targets:
            assert floor(t) <= floor(m), f"{m} (floor {floor(m)}) imports {t} (floor {floor(t)})"
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for t in graph.get(m, ()):
            assert state.get(t) != 1, f"import cycle: {' -> '.join([*path, m, t])}"
            if t not in state:
                visit(t, [*path, m])
        state[m] = 2

    for m in graph:
        if m not in state:
            visit(m, [])


def test_no_import_inside_a_function_but_optional_packages():
    for m, tree in modules().items():
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.Import):
                    names = {a.name.split(".")[0] for a in node.names}
                    assert names <= OPTIONAL, f"{m}.{fn.name} imports {names}"
                elif isinstance(node, ast.ImportFrom):
                    assert not node.level and node.module.split(".")[0] in OPTIONAL, (
                        f"{m}.{fn.name} imports {node.module} lazily"
                    )


def test_primitives_are_defined_only_in_autograd_ops():
    outside = [
        f"{op.__module__}.{op.__name__}"
        for op in autograd.Function.primitives
        if not op.__module__.startswith(("autograd.ops.", "autograd.function", "test_"))
    ]
    assert outside == []


def test_every_primitive_states_its_forward_and_derivative():
    """Each op class's docstring opens with `forward;  derivative`, which the catalogue reads."""
    for rule in autograd.rules():
        assert rule.forward and rule.derivative, rule


def test_the_readme_shows_the_generated_derivative_table():
    readme = generate.README.read_text()
    for name in generate.TABLES:
        assert f"<!-- {name}: start -->" in readme and f"<!-- {name}: end -->" in readme
    assert readme == generate.readme_with_tables(readme), "stale: run `make catalogue`"


def test_the_tensor_stub_lists_every_method_the_ops_attach():
    """Editors that read code without running it see Tensor's op methods in tensor.pyi."""
    text = generate.STUB.read_text()
    assert text == generate.stub(), "autograd/tensor.pyi is stale: run `make catalogue`"
    for name in ("def exp(", "dim: Axis = ...", "def T(self) -> Tensor", "def backward("):
        assert name in text, name


@pytest.mark.parametrize("package", ["nn", "optim"])
def test_nn_and_optim_stop_clearly_when_autograd_is_another_package(package, tmp_path):
    """With HIPS autograd (or any other `autograd`) found first, importing says so."""
    fake = tmp_path / "autograd"
    fake.mkdir()
    (fake / "__init__.py").write_text('"""Another package that is also called autograd."""\n')
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-c", f"import {package}"], cwd=tmp_path, env=env, capture_output=True,
        text=True,
    )  # fmt: skip
    assert run.returncode != 0
    assert "ImportError: glassgrad's nn and optim need glassgrad's `autograd`" in run.stderr
    assert str(fake) in run.stderr and "HIPS autograd" in run.stderr
