"""The derivative catalogue: one rule per primitive, read from the op classes themselves."""

import autograd
from autograd.function import Function


def test_every_primitive_op_class_has_one_rule_in_definition_order():
    names = [r.op for r in autograd.rules()]
    ops = {op.name for op in Function.primitives if op.__module__.startswith("autograd.ops.")}
    assert set(names) == ops - {"elementwise"} and len(names) == len(set(names))
    assert names.index("add") < names.index("mul")  # arithmetic.py, in its order


def test_a_rule_splits_into_one_derivative_per_input_when_it_gives_one():
    rules = {r.op: r for r in autograd.rules()}
    assert rules["mul"].forward == "x * y"
    assert rules["mul"].per_input(2) == ["d/dx = y", "d/dy = x"]
    assert rules["softmax"].per_input(1) == [""]  # a vjp formula, not one rule per input
    assert rules["einsum"].family == "linalg"


def test_the_catalogue_renders_as_markdown_and_html():
    rules = autograd.rules()
    md = rules.to_markdown().splitlines()
    assert md[0] == "| op | forward | local derivative |" and len(md) == len(rules) + 2
    assert "| `abs` | \\|x\\| |" in rules._repr_markdown_()  # pipes escaped inside cells
    html = rules._repr_html_()
    assert html.count("<tr>") == len(rules) + 1 and "<code>tanh</code>" in html


def test_step_tables_quote_the_catalogues_rule():
    x = autograd.tensor(2.0, requires_grad=True, name="x")
    (step,) = [s for s in autograd.backward_steps(x.tanh()) if s.op is not None]
    rule = next(r for r in autograd.rules() if r.op == "tanh")
    assert step.sent[0].rule == rule.per_input(1)[0] == "d/dx = 1 - tanh(x)^2 = 1 - out^2"


def test_every_exported_op_is_in_one_of_the_two_tables():
    """A primitive's rule, or a composite's line: no op is left out of the catalogue."""
    from autograd.rules import composites

    listed = {r.op for r in autograd.rules()} | {name for name, _ in composites()}
    exported = {n for n in autograd.ops.__all__ if callable(getattr(autograd.ops, n))}
    assert exported - listed <= {"ValuesIndices"}  # a result type, not an op
    assert dict(composites())["std"].startswith("Standard deviation")
