"""A small CNN, forward and backward (float32): glassgrad vs PyTorch on the CPU.

Conv2d(3, 16, 3, padding=1) -> ReLU -> MaxPool2d(2) -> flatten -> Linear(4096, 10), batch 32 of
3x32x32 images, loss = sum of the logits."""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd
import nn

from .timing import best_times, report, torch_label, torch_or_none


class Flatten(nn.Module):
    """Each sample's features as one row (the benchmark's own: nn.Flatten comes separately)."""

    def forward(self, x: autograd.Tensor) -> autograd.Tensor:
        return x.reshape(x.shape[0], -1)


def glassgrad_model() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), Flatten(), nn.Linear(4096, 10)
    )


def torch_model(torch: Any, ours: nn.Module) -> Any:
    """The same network in PyTorch, with our weights loaded."""
    t = torch.nn
    model = t.Sequential(
        t.Conv2d(3, 16, 3, padding=1), t.ReLU(), t.MaxPool2d(2), t.Flatten(), t.Linear(4096, 10)
    )
    model.load_state_dict(
        {k: torch.from_numpy(v.data.copy()) for k, v in ours.state_dict().items()}
    )
    return model


def step(model: Any, x: Any) -> Any:
    """A closure: zero the gradients, forward, backward."""

    def run() -> None:
        for p in model.parameters():
            p.grad = None
        model(x).sum().backward()

    return run


def main() -> None:
    x = np.random.default_rng(0).standard_normal((32, 3, 32, 32)).astype(np.float32)
    ours = glassgrad_model()
    systems = {"glassgrad": step(ours, autograd.Tensor(x))}
    torch = torch_or_none()
    if torch is not None:
        systems["torch"] = step(torch_model(torch, ours), torch.from_numpy(x))
    print("\nCNN conv-relu-maxpool-linear, batch 32 of 3x32x32, forward+backward")
    report(best_times(systems), "ms", 1e3, 2, torch_label(torch))


if __name__ == "__main__":
    main()
