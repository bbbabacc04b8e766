"""Diagrams: what the rendered SVG says, highlighting, cutting big graphs, missing Graphviz."""

import time
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import autograd
import nn
from autograd import viz

SVG = "{http://www.w3.org/2000/svg}"


def add_mul():
    """f = (x + y) * z with every tensor named; returns the named tensors."""
    x = autograd.tensor(-2.0, requires_grad=True, name="x")
    y = autograd.tensor(5.0, requires_grad=True, name="y")
    z = autograd.tensor(-4.0, requires_grad=True)
    z.name = "z"
    q = x + y
    q.name = "q"
    f = q * z
    f.name = "f"
    return {"x": x, "y": y, "z": z, "q": q, "f": f}


def nodes(svg: str) -> dict[str, ET.Element]:
    """The SVG's node groups by Graphviz node id (their <title>)."""
    root = ET.fromstring(svg)
    return {g.find(f"{SVG}title").text: g for g in root.iter(f"{SVG}g") if g.get("class") == "node"}


def texts(element: ET.Element) -> list[str]:
    """The text lines of an SVG element, whitespace normalised."""
    return [" ".join(t.text.split()) for t in element.iter(f"{SVG}text") if t.text.strip()]


def fills(element: ET.Element) -> set[str]:
    return {e.get("fill") for e in element.iter() if e.get("fill")}


def svg_of(roots, **options) -> str:
    return viz.draw(roots, **options).pipe(format="svg", encoding="utf-8")


def test_svg_shows_ops_names_values_and_grads():
    t = add_mul()
    t["f"].backward()
    found = nodes(svg_of(t["f"]))
    x_node, mul = found[f"t{id(t['x'])}"], found[f"op{id(t['f'].grad_fn)}"]
    assert texts(x_node) == ["x", "scalar float32", "data -2", "grad -4"]
    assert texts(mul) == ["mul"]
    assert texts(found[f"op{id(t['q'].grad_fn)}"]) == ["add"]
    assert "data -12" in texts(found[f"t{id(t['f'])}"])
    assert "grad 3" in texts(found[f"t{id(t['z'])}"])
    # backward does not keep an intermediate's gradient: the diagram says so, not "0"
    assert "grad: not kept (use .retain_grad())" in texts(found[f"t{id(t['q'])}"])


def test_before_backward_grads_say_not_computed_yet():
    t = add_mul()
    found = nodes(svg_of(t["f"]))
    assert "grad: not computed yet (run backward)" in texts(found[f"t{id(t['x'])}"])
    assert not any(s.startswith("grad 0") for s in texts(found[f"t{id(t['x'])}"]))


def test_leaves_inputs_intermediates_and_output_look_different_with_a_legend():
    w = autograd.tensor([1.0, 2.0], requires_grad=True, name="w")
    x = autograd.tensor([3.0, 4.0], name="x")
    h = w * x
    out = h.sum()
    found = nodes(svg_of(out))
    colours = {k: fills(found[f"t{id(t)}"]) for k, t in dict(w=w, x=x, h=h, out=out).items()}
    assert viz.KINDS["param"][0] in colours["w"]
    assert viz.KINDS["input"][0] in colours["x"]
    assert viz.KINDS["output"][0] in colours["out"]
    assert len({frozenset(c) for c in colours.values()}) == 4
    assert texts(found["legend"]) == [
        "legend",
        "leaf that requires grad",
        "other leaf (input, constant)",
        "intermediate",
        "output",
        "op (ellipse)",
    ]
    assert "grad" not in " ".join(texts(found[f"t{id(x)}"]))  # x does not require grad


def test_highlight_marks_exactly_the_given_nodes():
    t = add_mul()
    marked = {f"op{id(t['f'].grad_fn)}", f"t{id(t['q'])}"}
    found = nodes(svg_of(t["f"], highlight=[t["f"].grad_fn, t["q"]]))
    red = {name for name, g in found.items() if any(e.get("stroke") == "red" for e in g.iter())}
    assert red == marked
    assert "highlighted" in texts(found["legend"])


def test_edges_name_the_inputs_of_two_input_ops_by_the_users_names_where_they_exist():
    x = autograd.tensor(3.0, requires_grad=True)
    src = viz.draw(x * x).source  # a node used twice: two edges, the op's names for them
    assert src.count(f"t{id(x)} -> op") == 2
    assert "[label=x]" in src and "[label=y]" in src
    q, z = autograd.tensor(2.0, requires_grad=True, name="q"), autograd.tensor(3.0)
    src = viz.draw(q * z).source
    assert f"t{id(q)} -> " in src and "[label=q]" in src and "[label=y]" in src


def test_large_tensors_hide_values_and_options_hide_rows():
    w = autograd.ones(4, 5, requires_grad=True)
    w.name = "w"
    y = (w * 2.0).sum()
    y.backward()
    w_text = texts(nodes(svg_of(y))[f"t{id(w)}"])
    assert w_text == ["w", "(4, 5) float32", "grad array (4, 5)"]
    plain = texts(nodes(svg_of(y, show_data=False, show_grad=False))[f"t{id(y)}"])
    assert plain == ["scalar float32"]


def test_precision_controls_digits():
    x = autograd.tensor(1 / 3, requires_grad=True, name="x")
    assert "data 0.33" in texts(nodes(svg_of(x, precision=2))[f"t{id(x)}"])


def test_mlp_graph_fits_without_a_cut():
    model = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 2))
    loss = model(autograd.randn(4, 3)).tanh().sum()
    loss.backward()
    found = nodes(svg_of(loss, rankdir="TB"))
    assert "cut" not in found
    ops = [texts(g)[0] for name, g in found.items() if name.startswith("op")]
    expected = ["linear", "linear", "relu", "sum", "tanh"]
    assert sorted(ops) == expected


def chain(n: int):
    """A chain of n negations: 2n + 1 diagram nodes."""
    t = autograd.tensor(1.0, requires_grad=True)
    for _ in range(n):
        t = -t
    return t


def test_max_nodes_cuts_a_10000_node_graph_fast_and_says_how_much_is_left_out():
    root = chain(5000)  # 10,001 nodes: far too deep for a recursive walk
    start = time.perf_counter()
    diagram = viz.draw(root, max_nodes=200)
    svg = diagram.pipe(format="svg", encoding="utf-8")
    assert time.perf_counter() - start < 0.8
    found = nodes(svg)
    assert len([n for n in found if n.startswith(("t", "op"))]) == 200
    assert texts(found["cut"]) == [
        "9,801 nodes left out",
        "(max_nodes=200; dashed: where it was cut)",
    ]
    assert "cut -> op" in diagram.source


def test_counting_what_is_left_out_stops_at_the_limit(monkeypatch):
    monkeypatch.setattr(viz, "COUNT_LIMIT", 100)
    note = texts(nodes(svg_of(chain(500), max_nodes=10))["cut"])
    assert note[0] == "more than 202 nodes left out"  # the cut tensor and 100 more, 2 nodes each


def test_bad_arguments_are_named():
    x = autograd.tensor(1.0, requires_grad=True)
    with pytest.raises(ValueError, match="rankdir must be one of .*got 'up'"):
        viz.draw(x, rankdir="up")
    with pytest.raises(ValueError, match="max_nodes must be at least 1, got 0"):
        viz.draw(x, max_nodes=0)


@pytest.mark.parametrize(
    ("suffix", "magic"),
    [(".svg", b"<?xml"), (".png", b"\x89PNG"), (".pdf", b"%PDF"), (".dot", b"digraph")],
)
def test_save_writes_each_format(tmp_path, suffix, magic):
    t = add_mul()
    path = viz.save(t["f"], tmp_path / "sub" / f"graph{suffix}")
    assert path == tmp_path / "sub" / f"graph{suffix}"
    assert path.read_bytes().startswith(magic)


def test_save_refuses_unknown_formats(tmp_path):
    with pytest.raises(ValueError, match=r"cannot write 'g\.jpeg'; the suffix must be one of"):
        viz.save(add_mul()["f"], tmp_path / "g.jpeg")


def test_without_dot_the_source_is_there_and_rendering_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` on PATH
    t = add_mul()
    diagram = viz.draw(t["f"])
    assert "mul" in diagram.source and "data -12" in diagram.source
    for render in (
        lambda: diagram.pipe(format="svg"),
        lambda: diagram._repr_mimebundle_(),  # what Jupyter calls to show it inline
        lambda: diagram.render(tmp_path / "g", format="png"),
        lambda: viz.save(t["f"], tmp_path / "g.svg"),
    ):
        with pytest.raises(viz.GraphvizNotFound) as err:
            render()
        message = str(err.value)
        assert "sudo apt-get install graphviz" in message
        assert "brew install graphviz" in message
        assert "make demo" in message
    assert viz.save(t["f"], tmp_path / "g.dot").read_text() == diagram.source


def test_fmt_shows_small_arrays_on_one_line_and_only_the_shape_of_large_ones():
    assert viz.fmt(np.array([[1.0, 2.5], [3.0, -0.125]]), 2) == "[[1, 2.5], [3, -0.12]]"
    assert viz.fmt(np.zeros((3, 3))) == "array (3, 3)"


@pytest.mark.parametrize(
    "bad, says",
    [
        (nn.Linear(2, 3), r"got Linear; to draw a model, draw what it computes: viz.draw\(model"),
        (np.ones(3), r"got ndarray; make it a tensor first: autograd.tensor\(a\)"),
        ([1.0, autograd.ones(2)], r"got a list of Tensor, float$"),
        ([], r"got a list of nothing$"),
        ("loss", r"got str$"),
    ],
)
def test_draw_says_what_it_accepts_when_given_something_else(bad, says):
    with pytest.raises(TypeError, match=r"draw: expected a Tensor or a list of Tensors.*" + says):
        viz.draw(bad)


def test_labels_escape_and_cut_whatever_reaches_them():
    """Big-endian dtypes (`>f8`), markup, control characters and NUL render; long names are cut
    with an ellipsis."""
    x = autograd.from_numpy(np.array([1.0, 2.0], dtype=">f8")).requires_grad_()
    x.name = "a<b>&\x00\x07" + "n" * 200
    svg = viz.draw(x * 2).pipe(format="svg", encoding="utf-8")
    assert "&gt;f8" in svg and "a&lt;b&gt;&amp;\u2400\u2407" in svg
    assert "n" * 52 + "…" in svg and "n" * 53 not in svg  # cut at 60 characters


def test_dot_gets_a_timeout_and_a_huge_drawing_warns_first(monkeypatch):
    y = autograd.ones(1, requires_grad=True)
    for _ in range(1_100):
        y = y * 1.0
    with pytest.warns(UserWarning, match=r"draw: 3,301 nodes: Graphviz's dot may take a while"):
        diagram = viz.draw(y, max_nodes=5_000)
    monkeypatch.setattr(viz, "TIMEOUT", 0.001)
    with pytest.raises(
        viz.GraphvizTimeout, match=r"dot took more than 0.001 s .*\(max_nodes=...\)"
    ):
        diagram.pipe(format="svg")


def _cluster_bodies(source):
    """Each cluster's name with the lines between its opening and its closing brace."""
    bodies, stack = {}, []
    for line in source.splitlines():
        if line.strip().startswith("subgraph cluster_"):
            stack.append(line.split()[1])
            bodies[stack[-1]] = []
        elif line.strip() == "}" and stack:
            stack.pop()
        for name in stack:
            bodies[name].append(line)
    return bodies


def test_a_models_nodes_are_boxed_by_module_nested_with_their_parameters():
    import nn

    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Sequential(nn.Linear(3, 1), nn.Tanh()))
    x = autograd.ones(1, 2)
    y = model(x).sum()
    source = viz.draw(y).source
    bodies = _cluster_bodies(source)
    labels = {n: next(s for s in b if "label=" in s and "<" not in s) for n, b in bodies.items()}
    assert len(bodies) == 6  # Sequential, 0, 1, 2, 2.0, 2.1
    inner = next(n for n, label in labels.items() if '"2.0 Linear(in_features=3' in label)
    outer = next(n for n, label in labels.items() if 'label="2 Sequential"' in label)
    assert any(inner in line for line in bodies[outer])  # nested as the modules are
    first = next(n for n, label in labels.items() if '"0 Linear(in_features=2' in label)
    weight = model[0].weight
    assert any(f"t{id(weight)} " in line for line in bodies[first])  # its parameter inside
    assert not any(f"t{id(x)} " in line for b in bodies.values() for line in b)  # input outside
    assert "subgraph" not in viz.draw(y, modules=False).source
    assert viz.draw(y).source == source  # the same graph draws the same file


def test_depth_draws_each_module_that_deep_as_one_node_with_shapes_and_parameters():
    import nn

    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Sequential(nn.Linear(3, 1), nn.Tanh()))
    x = autograd.ones(4, 2)
    y = model(x).sum()
    y.backward()
    source = viz.draw(y, depth=1).source
    boxes = source.split("shape=box3d")
    assert len(boxes) - 1 == 3 and "relu" not in source and "tanh" not in source
    assert (
        '"0 Linear(in_features=2, out_features=3, bias=True)\nin (4, 2)\nout (4, 3)\n9 ' in source
    )
    norm = np.sqrt(sum(float((p.grad.data**2).sum()) for p in model[2].parameters()))
    assert f"4 parameters, grad norm {norm:.3g}" in source
    assert f"t{id(x)} -> m{id(model)}_{id(model[0])}" in source  # the input goes into the layer
    whole = viz.draw(y, depth=0).source
    assert whole.count("shape=box3d") == 1 and "out (4, 1)\n13 parameters" in whole
    with pytest.raises(ValueError, match="depth must be at least 0"):
        viz.draw(y, depth=-1)


def test_a_model_too_big_for_max_nodes_collapses_its_modules_instead_of_being_cut():
    import nn

    model = nn.Sequential(*[nn.Sequential(nn.Linear(4, 4), nn.Tanh()) for _ in range(30)])
    y = model(autograd.ones(2, 4)).sum()
    whole = viz.draw(y, max_nodes=10_000).source
    assert "box3d" not in whole and "left out" not in whole
    # 30 blocks of 2 modules: at depth 2, 60 module nodes (and 3 more) do not fit in 50; at
    # depth 1 the 30 identical blocks, each feeding the next, roll up into one node
    fitted = viz.draw(y, max_nodes=50).source
    assert fitted.count("shape=box3d") == 1 and "below depth 1, to fit max_nodes=50" in fitted
    assert '"0 Sequential ×30 (to 29)\nin (2, 4)\nout (2, 4)\n600 parameters' in fitted
    assert "left out" not in fitted
    assert viz.draw(y, max_nodes=70).source.count("shape=box3d") == 60
    assert "left out" in viz.draw(y, max_nodes=50, modules=False).source  # flat: cut instead


def test_a_larger_tensor_shows_its_values_row_by_row_when_asked():
    w = autograd.arange(12.0).reshape(3, 4).requires_grad_()
    w.name = "W"
    y = (w * 2).sum()
    assert "data 0 1 2 3" not in viz.draw(y).source  # by default only its shape
    source = viz.draw(y, show_values=12).source
    assert "<TD>data 0 1 2 3</TD></TR><TR><TD>4 5 6 7</TD></TR><TR><TD>8 9 10 11</TD>" in source
    assert "data 0 2 4" not in viz.draw(y, show_values=12, show_data=False).source


def test_depth_may_be_a_choice_per_module_and_a_run_of_blocks_is_broken_by_a_different_one():
    import nn

    blocks = [nn.Sequential(nn.Linear(3, 3), nn.Tanh()) for _ in range(4)]
    model = nn.Sequential(*blocks[:2], nn.ReLU(), *blocks[2:])
    y = model(autograd.ones(1, 3)).sum()
    by_level = viz.draw(y, depth=1).source
    assert by_level.count("shape=box3d") == 3  # blocks 0-1 (×2), the ReLU, blocks 3-4 (×2)
    assert "0 Sequential ×2 (to 1)" in by_level and "3 Sequential ×2 (to 4)" in by_level
    seen = []

    def only_tanh(path, module):
        seen.append(path)
        return isinstance(module, nn.Tanh)

    chosen = viz.draw(y, depth=only_tanh).source
    assert chosen.count("shape=box3d") == 4 and "linear" in chosen  # the Linears stay open
    assert {"", "0", "0.0", "0.1"} <= set(seen)


@pytest.mark.parametrize(
    "suffix, magic", [(".svg", b"<?xml"), (".png", b"\x89PNG"), (".pdf", b"%PDF")]
)
def test_a_model_diagram_renders_in_every_format(tmp_path, suffix, magic):
    import nn

    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    y = model(autograd.ones(1, 2)).sum()
    for options in ({}, {"depth": 1}):
        path = viz.save(y, tmp_path / f"model{len(options)}{suffix}", **options)
        assert path.read_bytes().startswith(magic)


def test_a_module_called_at_every_step_is_one_node_marked_with_its_calls():
    import nn

    cell, head = nn.RNNCell(2, 3), nn.Linear(3, 1)
    h = cell(autograd.ones(1, 2))
    for _ in range(4):
        h = cell(autograd.ones(1, 2), h)
    y = head(h).sum()
    source = viz.draw(y, depth=0).source
    assert source.count("shape=box3d") == 2
    assert "RNNCell(2, 3) ×5 calls" in source and "Linear(in_features=3" in source
