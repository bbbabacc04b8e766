"""Datasets with PyTorch's names: the `Dataset` protocol, `TensorDataset`, `Subset` and
`random_split`."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd import Tensor, from_numpy
from autograd.random import generator as default_generator


class Dataset:
    """A map-style dataset: `len(ds)` samples and `ds[i]` the i-th (PyTorch's protocol).
    Subclass it and write both; any object with `__len__` and `__getitem__` also serves."""

    def __getitem__(self, index: int) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must define __getitem__")

    def __len__(self) -> int:
        raise NotImplementedError(f"{type(self).__name__} must define __len__")


class TensorDataset(Dataset):
    """Tensors of one length, sample i being `(t[i] for t in tensors)`, as PyTorch's."""

    def __init__(self, *tensors: Tensor) -> None:
        if not tensors:
            raise ValueError("TensorDataset: needs at least one tensor")
        for t in tensors:
            if not isinstance(t, Tensor):
                raise TypeError(
                    f"TensorDataset: expected Tensors, got {type(t).__name__} "
                    "(wrap an array with autograd.tensor(a) or autograd.from_numpy(a))"
                )
            if t.ndim == 0:
                raise ValueError("TensorDataset: a 0-d tensor has no samples to index")
        lengths = [len(t) for t in tensors]
        if len(set(lengths)) > 1:
            raise ValueError(f"TensorDataset: the tensors' first dims differ: {lengths}")
        self.tensors = tensors

    def __getitem__(self, index: Any) -> tuple[Tensor, ...]:
        return tuple(t[index] for t in self.tensors)

    def __len__(self) -> int:
        return len(self.tensors[0])


class Subset(Dataset):
    """The samples of `dataset` at `indices`, in that order."""

    def __init__(self, dataset: Any, indices: Sequence[int]) -> None:
        where = np.asarray(indices)
        n = len(dataset)
        if where.size and (where.dtype.kind not in "iu" or where.ndim != 1):
            raise TypeError(f"Subset: indices must be a sequence of integers, got {indices!r}")
        if where.size and not -n <= where.min() <= where.max() < n:
            raise IndexError(
                f"Subset: indices in [{where.min()}, {where.max()}] out of range for a dataset "
                f"of {n} samples"
            )
        self.dataset = dataset
        self.indices = indices

    def __getitem__(self, index: int) -> Any:
        return self.dataset[int(self.indices[index])]

    def __len__(self) -> int:
        return len(self.indices)


def random_split(
    dataset: Any,
    lengths: Sequence[int | float],
    generator: np.random.Generator | None = None,
) -> list[Subset]:
    """Disjoint random Subsets of the given lengths, or fractions summing to 1 (each
    floor(fraction * len), the remainder handed out one by one from the first, as PyTorch;
    unlike PyTorch, fractions whose float sum is a hair above 1 are taken too). The permutation
    comes from `generator`, else the package's (`autograd.manual_seed`)."""
    n = len(dataset)
    if any(isinstance(k, float) for k in lengths) and math.isclose(sum(lengths), 1):
        lengths = fraction_lengths(n, lengths)
    if any(isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 0 for k in lengths):
        raise ValueError(
            f"random_split: lengths must be integers >= 0 or fractions summing to 1, got {lengths}"
        )
    if sum(lengths) != n:
        raise ValueError(
            f"random_split: lengths {list(lengths)} sum to {sum(lengths)}, but the dataset has "
            f"{n} samples"
        )
    order = (generator or default_generator()).permutation(n).tolist()
    ends = np.cumsum(lengths).tolist()
    return [Subset(dataset, order[end - k : end]) for end, k in zip(ends, lengths, strict=True)]


def fraction_lengths(n: int, fractions: Sequence[float]) -> list[int]:
    """PyTorch's rounding of fractions of n samples: floor each, then add 1 to the first ones
    until the lengths sum to n."""
    for i, f in enumerate(fractions):
        if not 0 <= f <= 1:
            raise ValueError(f"random_split: fraction {f} at index {i} is not between 0 and 1")
    lengths = [math.floor(n * f) for f in fractions]
    for i in range(n - sum(lengths)):
        lengths[i % len(lengths)] += 1
    for i, k in enumerate(lengths):
        if k == 0:
            warnings.warn(f"random_split: the split at index {i} is empty", stacklevel=3)
    return lengths


def batch_fetcher(dataset: Any) -> Callable[[np.ndarray], list[Tensor]] | None:
    """How to take a whole batch at once, one fancy index per tensor with no loop over samples:
    for a TensorDataset, or a Subset of one, whose tensors do not require grad. None otherwise
    (those are fetched sample by sample, which records indexing in the graph, as PyTorch)."""
    if isinstance(dataset, Subset):
        inner = batch_fetcher(dataset.dataset)
        where = np.asarray(dataset.indices, dtype=np.intp)
        return None if inner is None else lambda indices: inner(where[indices])
    if isinstance(dataset, TensorDataset) and not any(t.requires_grad for t in dataset.tensors):
        arrays = [t.data for t in dataset.tensors]
        # Indexing the arrays, not the tensors: the indexing op costs about 5 us a call, a fifth
        # of the time to gather 64 MNIST images.
        return lambda indices: [from_numpy(a[indices]) for a in arrays]
    return None
