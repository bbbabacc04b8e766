"""One SGD step of an MLP (ReLU, softmax cross-entropy, float32): glassgrad vs numpy vs PyTorch."""

from __future__ import annotations

import numpy as np

import autograd
import nn
import optim

from . import numpy_mlp
from .timing import best_times, report, torch_label, torch_or_none


def glassgrad_step(sizes: list[int], x: np.ndarray, y: np.ndarray):
    """A closure doing one training step of a glassgrad MLP."""
    layers: list[nn.Module] = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        layers += [nn.Linear(n_in, n_out), nn.ReLU()]
    model = nn.Sequential(*layers[:-1])
    opt = optim.SGD(model.parameters(), lr=0.01)
    xt = autograd.Tensor(x)

    def step() -> None:
        loss = nn.functional.cross_entropy(model(xt), y)
        opt.zero_grad()
        loss.backward()
        opt.step()

    return step


def torch_step(torch, sizes: list[int], x: np.ndarray, y: np.ndarray):
    """The same step in PyTorch on the CPU."""
    layers: list = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        layers += [torch.nn.Linear(n_in, n_out), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1])
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)

    def step() -> None:
        loss = torch.nn.functional.cross_entropy(model(xt), yt)
        opt.zero_grad()
        loss.backward()
        opt.step()

    return step


def run(sizes: list[int], batch: int) -> None:
    """Print time per step and the ratios."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((batch, sizes[0])).astype(np.float32)
    y = rng.integers(0, sizes[-1], batch)
    params = numpy_mlp.init(sizes, rng)
    systems = {
        "numpy": lambda: numpy_mlp.step(params, x, y, 0.01),
        "glassgrad": glassgrad_step(sizes, x, y),
    }
    torch = torch_or_none()
    if torch is not None:
        systems["torch"] = torch_step(torch, sizes, x, y)
    t = best_times(systems)
    title = f"MLP {'-'.join(map(str, sizes))}, batch {batch}"
    print(f"\n{title}: one SGD step (forward, backward, update)")
    report(t, "us", 1e6, 0, {"numpy": "numpy by hand", **torch_label(torch)})


def main() -> None:
    run([784, 256, 128, 10], batch=128)
    run([32, 64, 64, 10], batch=16)
