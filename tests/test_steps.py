"""Stepping through backward: what each step shows, its diagram, and the same .grad as backward."""

import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import autograd
import nn
from autograd import steps


def add_mul():
    """f = (x + y) * z, the lecture notes' first graph: (leaves, f)."""
    x, y, z = (
        autograd.tensor(v, requires_grad=True, name=n)
        for n, v in [("x", -2.0), ("y", 5.0), ("z", -4.0)]
    )
    q = x + y
    q.name = "q"
    f = q * z
    f.name = "f"
    return [x, y, z], f


def neuron():
    ws = [autograd.tensor(v, requires_grad=True) for v in [2.0, -1.0, -3.0, -2.0, -3.0]]
    w0, x0, w1, x1, w2 = ws
    return ws, autograd.sigmoid(w0 * x0 + w1 * x1 + w2)


def broadcast_and_reuse():
    """b (3,) broadcast against a (2, 3) and used twice; a matmul, tanh and a mean on top."""
    a = autograd.randn(2, 3, requires_grad=True)
    b = autograd.randn(3, requires_grad=True)
    w = autograd.randn(3, 4, requires_grad=True)
    return [a, b, w], ((a * b + b) @ w).tanh().mean()


def square():
    x = autograd.tensor([1.5, -2.0], requires_grad=True)
    return [x], (x * x).sum()


def mlp():
    model = nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 2))
    x = autograd.randn(4, 3)
    return list(model.parameters()), nn.functional.cross_entropy(model(x), [0, 1, 1, 0])


@pytest.mark.parametrize("build", [add_mul, neuron, broadcast_and_reuse, square, mlp])
def test_stepping_to_the_end_leaves_exactly_the_grads_of_backward(build):
    autograd.manual_seed(1)
    leaves, out = build()
    out.backward()
    autograd.manual_seed(1)
    stepped_leaves, stepped_out = build()
    trace = list(autograd.backward_steps(stepped_out))
    assert len(trace) > len(leaves)
    for want, got in zip(leaves, stepped_leaves, strict=True):
        assert np.array_equal(want.grad.data, got.grad.data)


def test_a_scalar_step_shows_upstream_local_and_sent_gradients():
    (x, y, z), f = add_mul()
    first = next(autograd.backward_steps(f))
    assert first.index == 1 and first.tensor is f and first.op is f.grad_fn
    assert first.upstream == 1
    (to_q, to_z) = first.sent
    assert to_q.input.name == "q" and to_q.rule == "d/dx = y"
    assert to_q.local == -4 and to_q.grad == -4 and to_q.total == -4
    assert to_z.local == 3 and to_z.grad == 3
    assert str(first).splitlines() == [  # the rule in the user's names: q, z, not x, y
        "step 1: mul -> f, upstream gradient 1",
        "  q * z; d/dq = z, d/dz = q.",
        "  input | local gradient | sent = upstream × local | received so far",
        "  q     | d/dq = z = -4  | 1 × -4 = -4             | -4",
        "  z     | d/dz = q = 3   | 1 × 3 = 3               | 3",
    ]


def test_a_step_keeps_the_ops_names_where_the_tensors_have_none():
    x, y = autograd.tensor(2.0, requires_grad=True), autograd.tensor(3.0, requires_grad=True)
    out = (x * y).sigmoid()
    out.name = "s"
    first, second = list(autograd.backward_steps(out))[:2]
    assert "d/dx = s * (1 - s)" in str(first)  # its input has no name; its output is s
    assert "  x * y; d/dx = y, d/dy = x." in str(second).splitlines()


def test_the_steps_go_in_reverse_topological_order_with_leaves_as_steps():
    (x, y, z), f = add_mul()
    trace = list(autograd.backward_steps(f))
    assert [s.tensor.name for s in trace] == ["f", "z", "q", "y", "x"]
    assert str(trace[1]) == "step 2: leaf z, gradient complete: .grad += 3"
    assert trace[1].sent == ()


def test_html_is_a_table_of_the_same_rows():
    _, f = add_mul()
    html = next(autograd.backward_steps(f))._repr_html_()
    assert html.startswith("<table><caption")
    assert "<th>local gradient</th>" in html
    assert "<tr><td>q</td><td>d/dq = z = -4</td><td>1 × -4 = -4</td><td>-4</td></tr>" in html


def test_elementwise_local_gradients_come_from_the_ops_own_backward():
    x = autograd.tensor([-1.0, 0.5, 2.0], requires_grad=True)
    t = x.tanh()
    r = t.relu()
    trace = list(autograd.backward_steps(r.sum()))
    by_op = {s.op.name: s for s in trace if s.op is not None}
    (to_t,) = by_op["relu"].sent
    assert np.array_equal(to_t.local, (t.data > 0).astype(np.float32))
    (to_x,) = by_op["tanh"].sent
    np.testing.assert_allclose(to_x.local, 1 - t.data**2, rtol=1e-6)
    assert to_x.rule == "d/dx = 1 - tanh(x)^2 = 1 - out^2"


def test_broadcasting_shows_the_sum_back_to_the_inputs_shape_and_reuse_accumulates():
    a = autograd.randn(2, 3, requires_grad=True)
    b = autograd.randn(3, requires_grad=True)
    b.name = "b"
    trace = list(autograd.backward_steps((a * b + b).sum()))
    add, mul = (s for s in trace if s.op is not None and s.op.name in ("add", "mul"))
    to_b_from_add = add.sent[1]
    assert to_b_from_add.local.shape == (2, 3) and to_b_from_add.grad.shape == (3,)
    assert "summed over broadcast axes to (3,)" in str(add)
    to_b_from_mul = mul.sent[1]
    np.testing.assert_allclose(to_b_from_mul.grad, a.data.sum(axis=0), rtol=1e-6)
    np.testing.assert_allclose(to_b_from_mul.total, a.data.sum(axis=0) + 2, rtol=1e-6)
    np.testing.assert_array_equal(to_b_from_mul.total, b.grad.data)


def test_an_input_used_twice_by_one_op_gets_two_entries():
    [x], out = square()
    mul = [s for s in autograd.backward_steps(out) if s.op is not None and s.op.name == "mul"][0]
    first, second = mul.sent
    assert first.input is x and second.input is x
    assert (first.rule, second.rule) == ("d/dx = y", "d/dy = x")
    np.testing.assert_array_equal(second.total, 2 * x.data)


def test_matmul_and_reductions_describe_their_vector_jacobian_product():
    x = autograd.randn(2, 3, requires_grad=True)
    w = autograd.randn(3, 4, requires_grad=True)
    w.name = "W"
    trace = list(autograd.backward_steps((x @ w).sum()))
    total, matmul = trace[0], trace[1]
    assert total.sent[0].local is None and total.sent[0].rule == ""
    assert "vjp: () -> (2, 4)" in str(total)
    assert "sent (vector-Jacobian product)" in str(total)
    assert [s.rule for s in matmul.sent] == ["d/dx = g @ y^T", "d/dy = x^T @ g"]
    assert "d/dW = x^T @ g: (2, 4) -> (3, 4)" in str(matmul)  # y is the tensor named W
    g = np.ones((2, 4), dtype=np.float32)
    np.testing.assert_allclose(matmul.sent[0].grad, g @ w.data.T, rtol=1e-6)
    np.testing.assert_allclose(matmul.sent[1].grad, x.data.T @ g, rtol=1e-6)


def node_ids(svg: str) -> tuple[set[str], set[str]]:
    """Ids of the SVG's nodes drawn in red, and the texts of every node, by id."""
    ns = "{http://www.w3.org/2000/svg}"
    red, text = set(), {}
    for g in ET.fromstring(svg).iter(f"{ns}g"):
        if g.get("class") == "node":
            name = g.find(f"{ns}title").text
            text[name] = [" ".join(t.text.split()) for t in g.iter(f"{ns}text") if t.text]
            if any(e.get("stroke") == "red" for e in g.iter()):
                red.add(name)
    return red, text


def test_a_steps_diagram_highlights_it_and_shows_known_and_pending_gradients():
    (x, y, z), f = add_mul()
    trace = list(autograd.backward_steps(f))  # drawn after the fact: the graph is already freed
    q = trace[2].tensor
    red, text = node_ids(trace[2].draw().pipe(format="svg", encoding="utf-8"))
    assert red == {f"t{id(q)}", f"op{id(q.grad_fn)}"}
    assert "grad -4" in text[f"t{id(q)}"]  # an intermediate's gradient, which .grad never keeps
    assert "grad 3" in text[f"t{id(z)}"]
    assert "grad so far -4 (pending)" in text[f"t{id(x)}"]
    _, before = node_ids(trace[0].draw().pipe(format="svg", encoding="utf-8"))
    assert "grad: pending" in before[f"t{id(x)}"]
    red, last = node_ids(trace[-1].draw().pipe(format="svg", encoding="utf-8"))
    assert red == {f"t{id(x)}"}
    assert "grad -4" in last[f"t{id(x)}"]
    tensors = [lines for name, lines in last.items() if name.startswith("t")]
    assert tensors and not any("pending" in line for lines in tensors for line in lines)


def test_save_frames_writes_one_numbered_svg_per_step(tmp_path):
    _, f = neuron()
    trace = list(autograd.backward_steps(f))
    paths = steps.save_frames(trace, tmp_path / "frames")
    assert [p.name for p in paths] == [f"step_{i:02d}.svg" for i in range(1, 11)]
    for step, path in zip(trace, paths, strict=True):
        red, _ = node_ids(path.read_text())
        assert f"t{id(step.tensor)}" in red


def test_stopping_early_leaves_what_was_accumulated_so_far():
    (x, y, z), f = add_mul()
    walk = autograd.backward_steps(f)
    next(walk), next(walk)
    walk.close()
    assert z.grad.item() == 3 and x.grad is None
    assert autograd.is_grad_enabled()


def test_retain_graph_allows_a_second_pass_and_without_it_the_second_pass_raises():
    (x, _, _), f = add_mul()
    list(autograd.backward_steps(f, retain_graph=True))
    list(autograd.backward_steps(f))
    assert x.grad.item() == -8
    with pytest.raises(RuntimeError, match="already used by an earlier backward"):
        list(autograd.backward_steps(f))


def test_a_non_scalar_output_takes_a_gradient():
    x = autograd.tensor([1.0, 2.0], requires_grad=True)
    trace = list(autograd.backward_steps(x * 3, gradient=[1.0, 10.0]))
    np.testing.assert_array_equal(trace[0].upstream, [1, 10])
    np.testing.assert_array_equal(x.grad.data, [3, 30])


def test_slider_without_ipywidgets_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    _, f = add_mul()
    with pytest.raises(ImportError, match=r"slider needs ipywidgets \(pip install ipywidgets\)"):
        steps.slider(list(autograd.backward_steps(f)))


def test_slider_steps_through_tables_and_diagrams():
    pytest.importorskip("ipywidgets")
    _, f = add_mul()
    box = steps.slider(list(autograd.backward_steps(f)))
    pick, view = box.children
    assert "step 1: mul" in view.value and "<svg" in view.value
    pick.value = 3
    assert "step 3: add" in view.value


def test_unnamed_tensors_are_labelled_by_the_ops_argument_names():
    """No "leaf leaf": an unnamed input is called by the op's name for it (x, y), a named one by
    its own name; an unnamed leaf's step says its shape."""
    a = autograd.tensor([1.0, 2.0], requires_grad=True)
    b = autograd.tensor([3.0, 4.0], requires_grad=True, name="b")
    trace = [str(s).splitlines() for s in autograd.backward_steps((a * b).sum())]
    assert trace[1][0] == "step 2: mul, upstream gradient [1, 1]"
    assert [row.split("|")[0].strip() for row in trace[1][3:]] == ["x", "b"]
    assert trace[2] == ["step 3: leaf b, gradient complete: .grad += [1, 2]"]
    assert trace[3] == ["step 4: leaf of shape (2,), gradient complete: .grad += [3, 4]"]


def test_between_steps_the_learners_code_runs_in_its_own_grad_mode():
    """The engine works with grad mode off, but code between steps records as usual, and a mode
    the learner sets between steps is still theirs at the next step."""
    x = autograd.tensor([1.0, 2.0], requires_grad=True)
    walk = autograd.backward_steps((x * x).sum())
    next(walk)
    assert autograd.is_grad_enabled() and (x * 2).requires_grad
    with autograd.no_grad():
        next(walk)
        assert not autograd.is_grad_enabled()
    assert autograd.is_grad_enabled()
    list(walk)
    assert x.grad.tolist() == [2.0, 4.0]
