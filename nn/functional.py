"""The stateless forms of layers and losses, with PyTorch's names: a thin layer over autograd's
ops (fused losses are primitives there; the rest is composed here from ops)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

import autograd
from autograd import (
    Tensor,
    adaptive_avg_pool2d,
    avg_pool2d,
    conv1d,
    conv2d,
    cross_entropy,
    max_pool2d,
    relu,
    sigmoid,
    tanh,
)
from autograd.ops.lift import lift
from autograd.random import generator

__all__ = [
    "adaptive_avg_pool2d", "avg_pool2d", "batch_norm", "conv1d", "conv2d", "cross_entropy",
    "dropout", "embedding", "interpolate", "layer_norm", "linear", "max_pool2d", "mse_loss",
    "one_hot", "relu", "sigmoid", "tanh",
]  # fmt: skip


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """input @ weight.T + bias: autograd's fused linear op."""
    return autograd.linear(input, weight, bias)


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Inverted dropout: in training, each element zeroed with probability p and the kept ones
    scaled by 1 / (1 - p), so the expected value is unchanged and evaluation needs no rescaling;
    the identity otherwise. The mask comes from autograd's seeded generator."""
    if isinstance(p, bool) or not isinstance(p, int | float) or not 0 <= p <= 1:
        raise ValueError(f"dropout: probability has to be between 0 and 1, but got {p!r}")
    if inplace:
        raise ValueError("dropout: inplace=True is not supported (in-place ops are not recorded)")
    x = lift(input)
    if not training or p == 0:
        return x
    if p == 1:
        return x * 0.0
    keep = generator().random(x.shape, dtype=np.float32) >= p
    return x * (keep / np.asarray(1 - p, x.dtype if x.dtype.kind == "f" else np.float32))


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """Class indices as one-hot rows of `num_classes` (max + 1 if -1), int64, as PyTorch."""
    idx = np.asarray(lift(tensor).data)
    if idx.dtype.kind not in "iu":
        raise TypeError(f"one_hot: expected integer class indices, got dtype {idx.dtype}")
    n = int(idx.max()) + 1 if num_classes == -1 and idx.size else max(num_classes, 0)
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        raise ValueError(
            f"one_hot: class values in [{idx.min()}, {idx.max()}] out of range for {n} classes"
        )
    return autograd.tensor((idx[..., None] == np.arange(n)).astype(np.int64))


def embedding(input: Tensor, weight: Tensor, padding_idx: int | None = None) -> Tensor:
    """Rows of `weight` at the integer `input` indices; the row at `padding_idx` gets no gradient
    (its value is still returned), as PyTorch's."""
    idx = np.asarray(lift(input).data)
    n = weight.shape[0]
    if idx.dtype.kind not in "iu" or (idx.size and not 0 <= idx.min() <= idx.max() < n):
        raise IndexError(
            f"embedding: indices must be integers in [0, {n}), got dtype {idx.dtype}"
            + (f" with values in [{idx.min()}, {idx.max()}]" if idx.size else "")
        )
    rows = weight[idx]
    if padding_idx is None:
        return rows
    return autograd.where((idx != padding_idx % n)[..., None], rows, rows.detach())


def batch_norm(
    input: Tensor,
    running_mean: Tensor | None,
    running_var: Tensor | None,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """Batch norm over dim 1 (channels): in training, each channel normalised by the batch's mean
    and biased variance, and the running statistics (if given) moved toward the batch's mean and
    unbiased variance by `momentum`; in eval, normalised by the running statistics."""
    x = lift(input)
    axes = (0, *range(2, x.ndim))
    shape = (1, -1) + (1,) * (x.ndim - 2)  # a per-channel value, broadcast over the rest
    if training or running_mean is None:
        count = x.numel() // x.shape[1]
        if count <= 1:
            raise ValueError(
                f"batch_norm: expected more than 1 value per channel when training, got input "
                f"of shape {x.shape}"
            )
        mean, var = x.mean(axes), x.var(axes, correction=0)
        if running_mean is not None:
            with autograd.no_grad():
                running_mean.mul_(1 - momentum).add_(momentum * mean.data)
                running_var.mul_(1 - momentum).add_(momentum * var.data * count / (count - 1))
    else:
        mean, var = running_mean, running_var
    out = (x - mean.reshape(shape)) / (var.reshape(shape) + eps).sqrt()
    if weight is not None:
        out = out * weight.reshape(shape)
    return out if bias is None else out + bias.reshape(shape)


def layer_norm(
    input: Tensor,
    normalized_shape: Sequence[int],
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Each sample normalised over its last dims (`normalized_shape`) by their mean and biased
    variance, then scaled by `weight` and shifted by `bias` (elementwise over those dims)."""
    x = lift(input)
    n = len(normalized_shape)
    if tuple(x.shape[x.ndim - n :]) != tuple(normalized_shape):
        raise ValueError(
            f"layer_norm: input of shape {x.shape} does not end in normalized_shape "
            f"{tuple(normalized_shape)}"
        )
    axes = tuple(range(x.ndim - n, x.ndim))
    mean, var = x.mean(axes, keepdims=True), x.var(axes, keepdims=True, correction=0)
    out = (x - mean) / (var + eps).sqrt()
    if weight is not None:
        out = out * weight
    return out if bias is None else out + bias


def interpolate(
    input: Tensor,
    size: int | Sequence[int] | None = None,
    scale_factor: float | Sequence[float] | None = None,
    mode: str = "nearest",
    align_corners: bool | None = None,
) -> Tensor:
    """Resize the spatial dims (all after N, C) to `size` or by `scale_factor`, as PyTorch's:
    'nearest' copies the source element at floor(dst * scale); 'linear'/'bilinear' blends the two
    nearest sources, one spatial dim at a time (with `align_corners`, the corner pixels' centres
    line up; without, their edges do). Built from index_select and lerp, so it is differentiable."""
    x = lift(input)
    spatial = x.ndim - 2
    modes = {"nearest": None, "linear": 1, "bilinear": 2}
    if mode not in modes or modes[mode] not in (None, spatial) or spatial < 1:
        raise ValueError(
            f"interpolate: mode {mode!r} does not fit an input of shape {x.shape} (nearest takes "
            "(N, C, ...), linear (N, C, L), bilinear (N, C, H, W))"
        )
    if (size is None) == (scale_factor is None):
        raise ValueError("interpolate: give exactly one of size and scale_factor")
    if mode == "nearest" and align_corners is not None:
        raise ValueError("interpolate: align_corners only applies to linear and bilinear modes")
    sizes = _per_dim(size, spatial) if size is not None else None
    factors = _per_dim(scale_factor, spatial) if scale_factor is not None else None
    for d in range(spatial):
        n_in = x.shape[2 + d]
        n_out = sizes[d] if sizes is not None else int(n_in * factors[d])
        scale = n_in / n_out if factors is None else 1 / factors[d]
        x = _resize(x, 2 + d, n_in, n_out, scale, mode, bool(align_corners))
    return x


def _per_dim(value: Any, n: int) -> tuple:
    """One value per spatial dim (a single one repeated)."""
    values = tuple(value) if isinstance(value, Sequence) else (value,) * n
    if len(values) != n:
        raise ValueError(f"interpolate: expected {n} sizes or factors, got {values}")
    return values


def _resize(x: Tensor, dim: int, n_in: int, n_out: int, scale: float, mode: str,
            align_corners: bool) -> Tensor:  # fmt: skip
    """x resized along `dim` from n_in to n_out elements."""
    dst = np.arange(n_out, dtype=np.float64)
    if mode == "nearest":
        return x.index_select(dim, np.minimum(np.floor(dst * scale).astype(np.int64), n_in - 1))
    if align_corners:
        src = dst * ((n_in - 1) / (n_out - 1) if n_out > 1 else 0.0)
    else:
        src = np.maximum((dst + 0.5) * scale - 0.5, 0.0)
    low = np.minimum(np.floor(src).astype(np.int64), n_in - 1)
    high = np.minimum(low + 1, n_in - 1)
    weight = (src - low).astype(x.dtype).reshape((-1,) + (1,) * (x.ndim - 1 - dim))
    return autograd.lerp(x.index_select(dim, low), x.index_select(dim, high), weight)


def mse_loss(pred: Tensor, target: Any) -> Tensor:
    """Mean of (pred - target)^2 over all elements."""
    target = lift(target, pred.dtype)
    if pred.shape != target.shape:
        raise ValueError(f"mse_loss: pred has shape {pred.shape}, target {target.shape}")
    d = pred - target
    return (d * d).mean()
