"""`make demo`: two small scalar graphs from the lecture notes, backpropagated and checked (the
neuron's diagram and one diagram per backward step are written to the `--out` folder); then a
small network trained on the real handwritten digits that ship with the package, its test
accuracy printed and its loss curve and weights written beside the diagrams."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

import autograd
import nn
import optim
from autograd import Tensor, steps, viz
from autograd.data import DataLoader
from autograd.data.datasets import Digits
from autograd.engine import topological_order


def show(title: str, root: Tensor) -> None:
    """Print every node of root's graph: name, op, value and gradient."""
    print(f"\n{title}")
    print(f"  {'node':<6} {'made by':<10} {'value':>10} {'grad':>10}")
    for t in topological_order([root]):
        op = t.grad_fn.name if t.grad_fn is not None else "(leaf)"
        grad = "" if t.grad is None else f"{t.grad.item():10.4f}"
        print(f"  {t.name or '?':<6} {op:<10} {t.item():10.4f} {grad:>10}")


def named(**values: float) -> list[Tensor]:
    """Scalar leaves that require grad, named after the keywords."""
    return [autograd.tensor(v, requires_grad=True, name=k) for k, v in values.items()]


def check(title: str, f: Callable[..., Tensor], leaves: list[Tensor]) -> None:
    ok = autograd.gradcheck(f, leaves)
    print(f"  gradcheck ({title}, float64 central differences): {'passed' if ok else 'FAILED'}")


def add_mul() -> None:
    """f = (x + y) * z."""
    x, y, z = named(x=-2.0, y=5.0, z=-4.0)

    def f(x: Tensor, y: Tensor, z: Tensor) -> Tensor:
        return (x + y) * z

    q = x + y
    q.name = "q"
    out = q * z
    out.name = "f"
    q.retain_grad()
    out.retain_grad()
    out.backward()
    show("f = (x + y) * z", out)
    check("f", f, [x, y, z])


def neuron(out: Path) -> None:
    """f = sigmoid(w0*x0 + w1*x1 + w2), stepped through node by node, drawn into `out`."""
    w0, x0, w1, x1, w2 = named(w0=2.0, x0=-1.0, w1=-3.0, x1=-2.0, w2=-3.0)

    def f(w0: Tensor, x0: Tensor, w1: Tensor, x1: Tensor, w2: Tensor) -> Tensor:
        return autograd.sigmoid(w0 * x0 + w1 * x1 + w2)

    nodes = {"a": w0 * x0, "b": w1 * x1}
    nodes["c"] = nodes["a"] + nodes["b"]
    nodes["s"] = nodes["c"] + w2
    nodes["f"] = autograd.sigmoid(nodes["s"])
    for name, t in nodes.items():
        t.name = name
        t.retain_grad()
    print("\nbackward through the neuron, one node at a time:")
    trace = list(autograd.backward_steps(nodes["f"]))
    for step in trace:
        print("  " + str(step).replace("\n", "\n  "))
    show("f = sigmoid(w0*x0 + w1*x1 + w2)", nodes["f"])
    check("neuron", f, [w0, x0, w1, x1, w2])
    svg, png = viz.save(nodes["f"], out / "neuron.svg"), viz.save(nodes["f"], out / "neuron.png")
    frames = steps.save_frames(trace, out / "neuron_steps")
    print(f"\nwrote the neuron's diagram to {svg} and {png},")
    print(f"and one diagram per backward step to {frames[0].parent}/ ({len(frames)} SVG files)")


def digits(out: Path, epochs: int = 20) -> float:
    """An MLP 64-64-10 trained with Adam on Digits; prints and returns its test accuracy."""
    import matplotlib

    matplotlib.use("Agg")  # files only: the demo opens no window
    autograd.manual_seed(0)
    train = DataLoader(Digits(train=True), batch_size=32, shuffle=True)
    test = DataLoader(Digits(train=False), batch_size=360)
    model = nn.Sequential(nn.Flatten(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    loss_fn = nn.CrossEntropyLoss()
    print(f"\ntraining {model} on {len(train.dataset)} digits (8x8 pixels)")
    history = nn.fit(model, loss_fn, optim.Adam(model.parameters(), lr=1e-2), train, epochs,
                     val_loader=test)  # fmt: skip
    accuracy = nn.evaluate(model, loss_fn, test)["acc"]
    print(f"  test accuracy after {epochs} epochs: {accuracy:.1%} of {len(test.dataset)} digits")
    figure = history.plot().figure
    figure.savefig(out / "digits_loss.png", dpi=120, bbox_inches="tight")
    autograd.save(model.state_dict(), out / "digits_mlp.safetensors")
    print(f"  wrote its loss curve to {out / 'digits_loss.png'} and its weights to "
          f"{out / 'digits_mlp.safetensors'}")  # fmt: skip
    return accuracy


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="out", help="folder for files the demo writes")
    args = parser.parse_args(argv)
    out = Path(args.out)
    add_mul()
    try:
        neuron(out)
    except viz.GraphvizNotFound as err:
        raise SystemExit(f"make demo: {err}") from None
    digits(out)


if __name__ == "__main__":
    main()
