"""One epoch of a shuffled DataLoader over 60,000 28x28 float32 images in batches of 64 (a
TensorDataset of generated data, MNIST's size), against slicing the numpy arrays by hand."""

from __future__ import annotations

import numpy as np

import autograd
from autograd.data import DataLoader, TensorDataset

from .timing import best_times, report

N, BATCH = 60_000, 64


def by_hand(x: np.ndarray, y: np.ndarray, rng: np.random.Generator):
    """A closure: one epoch of batches sliced from a permutation by hand."""

    def epoch() -> None:
        order = rng.permutation(len(x))
        for start in range(0, len(x), BATCH):
            batch = order[start : start + BATCH]
            x[batch], y[batch]

    return epoch


def with_loader(loader: DataLoader):
    """A closure: one epoch of the loader's batches."""

    def epoch() -> None:
        for _ in loader:
            pass

    return epoch


def main() -> None:
    rng = np.random.default_rng(0)
    x = rng.random((N, 28, 28), dtype=np.float32)
    y = rng.integers(0, 10, N)
    dataset = TensorDataset(autograd.from_numpy(x), autograd.from_numpy(y))
    loader = DataLoader(dataset, batch_size=BATCH, shuffle=True)
    t = best_times({"numpy": by_hand(x, y, rng), "glassgrad": with_loader(loader)})
    print(f"\nDataLoader epoch, {N} samples of 28x28 in batches of {BATCH}, shuffled")
    labels = {"numpy": "numpy slicing by hand", "glassgrad": "DataLoader(TensorDataset)"}
    report(t, "ms", 1e3, 1, labels)
