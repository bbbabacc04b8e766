"""`make demo`: the printed walk-through, the diagrams it writes into --out, and the digits it
learns to read."""

import re

import pytest

import autograd
import nn
from autograd import demo


def test_demo_writes_the_neuron_diagram_and_one_frame_per_step(tmp_path, capsys):
    out = tmp_path / "demo"
    demo.main(["--out", str(out)])
    printed = capsys.readouterr().out
    svg = (out / "neuron.svg").read_text()
    for text in ("sigmoid", "w0", "x1", "data 0.7311", "grad 0.3932"):
        assert text in svg
    assert (out / "neuron.png").read_bytes().startswith(b"\x89PNG")
    frames = sorted((out / "neuron_steps").iterdir())
    assert [f.name for f in frames] == [f"step_{i:02d}.svg" for i in range(1, 11)]
    assert "step 1: sigmoid -> f, upstream gradient 1" in printed
    assert "w1    | d/dw1 = x1 = -2 | 0.1966 × -2 = -0.3932" in printed
    assert printed.count("passed") == 2
    assert f"wrote the neuron's diagram to {out / 'neuron.svg'}" in printed
    assert f"to {out / 'neuron_steps'}/ (10 SVG files)" in printed
    accuracy = re.search(r"test accuracy after 20 epochs: ([\d.]+)%", printed)
    assert float(accuracy.group(1)) >= 95  # the bar for a small MLP
    assert (out / "digits_loss.png").read_bytes().startswith(b"\x89PNG")
    model = nn.Sequential(nn.Flatten(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    model.load_state_dict(autograd.load(out / "digits_mlp.safetensors"))  # the weights it wrote


def test_demo_without_graphviz_stops_with_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SystemExit) as stop:
        demo.main(["--out", str(tmp_path / "demo")])
    assert str(stop.value).startswith("make demo: Graphviz's `dot` program renders diagrams")
    assert "sudo apt-get install graphviz" in str(stop.value)
