"""One training epoch of a small CNN on MNIST-sized data: 60,000 generated 28x28 images in
shuffled batches of 64, each library with its own DataLoader, model and SGD (the loop a user
writes: zero_grad, forward, cross-entropy, backward, step)."""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd
import nn
import optim
from autograd.data import DataLoader, TensorDataset

from .timing import best_times, report, torch_label, torch_or_none

SAMPLES, BATCH = 60_000, 64


def images() -> tuple[np.ndarray, np.ndarray]:
    """Pixels in [0, 1] (float32, N x 1 x 28 x 28) and labels 0-9."""
    rng = np.random.default_rng(0)
    return rng.random((SAMPLES, 1, 28, 28), dtype=np.float32), rng.integers(0, 10, SAMPLES)


def layers(lib: Any) -> list[Any]:
    """conv 3x3 (1 -> 8), ReLU, max-pool 2, flatten, linear (8 * 13 * 13 -> 10), in `lib`."""
    return [lib.Conv2d(1, 8, 3), lib.ReLU(), lib.MaxPool2d(2), lib.Flatten(), lib.Linear(1352, 10)]


def epoch(model: Any, loader: Any, opt: Any, loss_fn: Any) -> None:
    """One pass over the loader's batches, an optimizer step each."""
    for x, y in loader:
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()


def ours(x: np.ndarray, y: np.ndarray) -> Any:
    """glassgrad's epoch, as a closure."""
    loader = DataLoader(
        TensorDataset(autograd.tensor(x), autograd.tensor(y)), batch_size=BATCH, shuffle=True
    )
    model = nn.Sequential(*layers(nn))
    opt = optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    return lambda: epoch(model, loader, opt, nn.CrossEntropyLoss())


def theirs(torch: Any, x: np.ndarray, y: np.ndarray) -> Any:
    """PyTorch's epoch, as a closure."""
    data = torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
    loader = torch.utils.data.DataLoader(data, batch_size=BATCH, shuffle=True)
    model = torch.nn.Sequential(*layers(torch.nn))
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    return lambda: epoch(model, loader, opt, torch.nn.CrossEntropyLoss())


def main() -> None:
    x, y = images()
    systems = {"glassgrad": ours(x, y)}
    torch = torch_or_none()
    if torch is not None:
        systems["torch"] = theirs(torch, x, y)
    t = best_times(systems, warmup=1)
    print(f"\nCNN training epoch: {SAMPLES:,} 28x28 images, batches of {BATCH}")
    labels = {"glassgrad": "glassgrad (DataLoader, nn, optim.SGD)"}
    report(t, "s", 1, 2, {**labels, **torch_label(torch, "CPU, its DataLoader")})


if __name__ == "__main__":
    main()
