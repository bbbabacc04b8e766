"""`default_collate`: a list of samples joined into one batch, as PyTorch's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from autograd import Tensor, from_numpy, stack, tensor


def default_collate(batch: Sequence[Any]) -> Any:
    """Samples joined as PyTorch's default_collate joins them: Tensors and numpy arrays stacked
    along a new first dim (dtype kept), numpy scalars into a tensor of their dtype, Python ints
    into int64 (bools into bool), Python floats into float64 (as PyTorch, not the default
    dtype), strings kept as a list; dicts, named tuples, tuples and lists collated field by
    field (a tuple or list gives a list, as PyTorch's)."""
    if len(batch) == 0:
        raise ValueError("default_collate: the batch is empty")
    elem = batch[0]
    if isinstance(elem, Tensor):
        if not all(isinstance(t, Tensor) for t in batch):
            raise TypeError("default_collate: the batch mixes Tensors with other types")
        if any(t.requires_grad for t in batch):
            return stack(batch)  # recorded, so gradients flow back to the samples
        return from_numpy(stacked([t.data for t in batch]))
    if isinstance(elem, np.ndarray):
        if elem.dtype.kind in "SUO":
            raise TypeError(f"default_collate: cannot batch numpy arrays of dtype {elem.dtype}")
        return from_numpy(stacked(batch))
    if isinstance(elem, np.bool_ | np.number):
        return from_numpy(np.array(batch))
    if isinstance(elem, float):
        return tensor(batch, dtype=np.float64)
    if isinstance(elem, int):
        return tensor(batch)
    if isinstance(elem, str | bytes):
        return list(batch)
    if isinstance(elem, Mapping):
        return {key: default_collate([sample[key] for sample in batch]) for key in elem}
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # a named tuple keeps its type
        return type(elem)(*(default_collate(field) for field in zip(*batch, strict=True)))
    if isinstance(elem, Sequence):
        sizes = {len(sample) for sample in batch}
        if len(sizes) > 1:
            raise RuntimeError(
                f"default_collate: each sample should have the same number of fields, got "
                f"sizes {sorted(sizes)}"
            )
        return [default_collate(field) for field in zip(*batch, strict=True)]
    raise TypeError(
        "default_collate: samples must be Tensors, numpy arrays, numbers, strings, dicts, "
        f"tuples or lists; found {type(elem).__name__}"
    )


def stacked(arrays: Sequence[np.ndarray]) -> np.ndarray:
    """The arrays stacked along a new first dim, or an error naming the shapes that differ."""
    shapes = {a.shape for a in arrays}
    if len(shapes) > 1:
        raise RuntimeError(
            f"default_collate: samples of different shapes cannot be stacked: {sorted(shapes)} "
            "(resize them in the dataset, or pass a collate_fn)"
        )
    return np.stack(arrays)
