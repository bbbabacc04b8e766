"""BatchNorm2d(16) and LayerNorm((16, 32, 32)) on (32, 16, 32, 32), forward + backward."""

from __future__ import annotations

import numpy as np

import autograd
import nn

from .timing import best_times, report, torch_label, torch_or_none


def step(layer, x):
    """A closure: forward, a loss on the output, backward."""
    return lambda: (layer(x) * 1.5).sum().backward()


def compare(name: str, args: tuple, data: np.ndarray, torch) -> None:
    """Time the layer `name` in both libraries, in turns, and print the ratio."""
    print(f"\n{name} on {data.shape}: forward + backward")
    x = autograd.Tensor(data, requires_grad=True)
    systems = {"glassgrad": step(getattr(nn, name)(*args), x)}
    if torch is not None:
        t_x = torch.tensor(data, requires_grad=True)
        systems["torch"] = step(getattr(torch.nn, name)(*args), t_x)
    report(best_times(systems), "ms", 1e3, 1, torch_label(torch))


def main() -> None:
    data = np.random.default_rng(0).standard_normal((32, 16, 32, 32)).astype(np.float32)
    torch = torch_or_none()
    compare("BatchNorm2d", (16,), data, torch)
    compare("LayerNorm", ((16, 32, 32),), data, torch)
