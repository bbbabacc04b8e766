"""`DataLoader`: a dataset in batches, each sample once per epoch, as PyTorch's (one process)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from autograd.random import generator as default_generator

from .collate import default_collate
from .dataset import batch_fetcher


class DataLoader:
    """Batches of `dataset`: each epoch (each `for batch in loader`) visits every sample once,
    in order or, with `shuffle`, in a new permutation drawn from `generator` (else the package's,
    so `autograd.manual_seed` repeats a run); `len(loader)` is the number of batches. Samples are
    joined by `collate_fn` (default: `default_collate`); a TensorDataset (or a Subset of one) is
    gathered by one fancy index per tensor per batch instead of sample by sample.
    batch_size=1 gives stochastic gradient descent, batch_size=len(dataset) batch descent."""

    def __init__(
        self,
        dataset: Any,
        batch_size: int = 1,
        shuffle: bool = False,
        drop_last: bool = False,
        collate_fn: Callable[[list[Any]], Any] | None = None,
        generator: np.random.Generator | None = None,
    ) -> None:
        if isinstance(batch_size, bool) or not isinstance(batch_size, int | np.integer):
            raise TypeError(f"DataLoader: batch_size must be an integer, got {batch_size!r}")
        if batch_size < 1:
            raise ValueError(f"DataLoader: batch_size must be at least 1, got {batch_size}")
        if not hasattr(dataset, "__len__") or not hasattr(dataset, "__getitem__"):
            raise TypeError(
                f"DataLoader: the dataset must have __len__ and __getitem__ (a map-style "
                f"dataset), got {type(dataset).__name__}"
            )
        if generator is not None and not isinstance(generator, np.random.Generator):
            raise TypeError(
                f"DataLoader: generator must be a numpy Generator (np.random.default_rng(seed)),"
                f" got {type(generator).__name__}"
            )
        self.dataset = dataset
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.drop_last = drop_last
        self.collate_fn = collate_fn
        self.generator = generator

    def __len__(self) -> int:
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def __iter__(self) -> Iterator[Any]:
        fetch = self.fetcher()
        for indices in self.batch_indices():
            yield fetch(indices)

    def batch_indices(self) -> Iterator[np.ndarray]:
        """One epoch's batches of sample indices: slices of a permutation (or of 0..n-1), the
        last one short unless `drop_last` drops it."""
        n = len(self.dataset)
        rng = self.generator or default_generator()
        order = rng.permutation(n) if self.shuffle else np.arange(n)
        end = n - n % self.batch_size if self.drop_last else n
        for start in range(0, end, self.batch_size):
            yield order[start : start + self.batch_size]

    def fetcher(self) -> Callable[[np.ndarray], Any]:
        """The function from a batch's indices to the batch."""
        whole = batch_fetcher(self.dataset) if self.collate_fn is None else None
        if whole is not None:
            return whole
        collate = self.collate_fn or default_collate
        return lambda indices: collate([self.dataset[i] for i in indices.tolist()])
