"""The stateless forms of layers and losses, with PyTorch's names: a thin layer over autograd's
ops (fused losses are primitives there; the rest is composed here from ops)."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

import autograd
from autograd import (
    Tensor,
    adaptive_avg_pool2d,
    avg_pool2d,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    conv1d,
    conv2d,
    conv_transpose1d,
    conv_transpose2d,
    cross_entropy,
    gelu,
    max_pool2d,
    sigmoid,
    softplus,
    tanh,
)
from autograd.ops.lift import lift
from autograd.ops.loss import (
    check_reduction,
    class_targets,
    entry_weights,
    floating_operand,
    one_sample,
    reduce,
    same_shape,
)
from autograd.random import generator

__all__ = [
    "adaptive_avg_pool2d", "avg_pool2d", "batch_norm", "binary_cross_entropy",
    "binary_cross_entropy_with_logits", "conv1d", "conv2d", "conv_transpose1d",
    "conv_transpose2d", "cross_entropy", "dropout", "elu", "embedding", "gelu", "huber_loss",
    "interpolate", "l1_loss", "layer_norm", "leaky_relu", "linear", "log_softmax", "max_pool2d",
    "mse_loss", "nll_loss", "one_hot", "pad", "relu", "relu6", "sigmoid", "silu",
    "smooth_l1_loss", "softmax", "softplus", "tanh",
]  # fmt: skip


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """input @ weight.T + bias: autograd's fused linear op."""
    return autograd.linear(input, weight, bias)


def _maybe_in_place(name: str, op: Any, input: Any, inplace: bool, **settings: Any) -> Tensor:
    """op(input), or with `inplace` its values written into `input` (returned), PyTorch's meaning.
    The engine does not record in-place ops, so a tensor the graph needs (one that requires grad
    while grad mode is on) is refused loudly rather than changed behind the graph's back."""
    if not inplace:
        return op(input, **settings)
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}: inplace=True needs a Tensor to write into, got {type(input)}")
    if autograd.is_grad_enabled() and input.requires_grad:
        raise RuntimeError(
            f"{name}: inplace=True would change a tensor of shape {input.shape} that the graph "
            "records (it requires grad), and in-place ops are not recorded; use inplace=False "
            "(the values are the same)"
        )
    out = op(input, **settings)
    if out.dtype != input.dtype:
        raise RuntimeError(f"{name}: the result ({out.dtype}) cannot be written into {input.dtype}")
    return input.copy_(out)


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    """max(x, 0)."""
    return _maybe_in_place("relu", autograd.relu, input, inplace)


def relu6(input: Tensor, inplace: bool = False) -> Tensor:
    """min(max(x, 0), 6)."""
    return _maybe_in_place("relu6", autograd.relu6, input, inplace)


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """x where x > 0, else negative_slope * x."""
    return _maybe_in_place(
        "leaky_relu", autograd.leaky_relu, input, inplace, negative_slope=negative_slope
    )


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """x where x > 0, else alpha * (exp(x) - 1)."""
    return _maybe_in_place("elu", autograd.elu, input, inplace, alpha=alpha)


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    """x * sigmoid(x)."""
    return _maybe_in_place("silu", autograd.silu, input, inplace)


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Inverted dropout: in training, each element zeroed with probability p and the kept ones
    scaled by 1 / (1 - p), so the expected value is unchanged and evaluation needs no rescaling;
    the identity otherwise. The mask comes from autograd's seeded generator."""
    if isinstance(p, bool) or not isinstance(p, int | float) or not 0 <= p <= 1:
        raise ValueError(f"dropout: probability has to be between 0 and 1, but got {p!r}")
    if not training or p == 0:
        return lift(input)
    return _maybe_in_place("dropout", _dropout, input, inplace, p=p)


def _dropout(input: Any, p: float) -> Tensor:
    """Inverted dropout in training, out of place."""
    x = lift(input)
    if p == 1:
        return x * 0.0
    keep = generator().random(x.shape, dtype=np.float32) >= p
    return x * (keep / np.asarray(1 - p, x.dtype if x.dtype.kind == "f" else np.float32))


_PAD_MODES = ("constant", "reflect", "replicate", "circular")


def pad(
    input: Tensor, pad: Sequence[int], mode: str = "constant", value: float | None = None
) -> Tensor:
    """input padded by `pad` = (before, after) for the last dim, then for the one before it, ...,
    as PyTorch's: 'constant' fills with `value` (0) and crops where a width is negative;
    'reflect' mirrors without repeating the edge, 'replicate' repeats it, 'circular' wraps
    around. Those three gather with index_select, so every mode is differentiable; they pad any
    number of trailing dims (PyTorch's take 1-3 of a batched input)."""
    x = lift(input)
    widths = tuple(pad) if isinstance(pad, Sequence) else ()
    if (
        not widths
        or len(widths) % 2
        or len(widths) // 2 > x.ndim
        or not all(isinstance(w, int | np.integer) and not isinstance(w, bool) for w in widths)
    ):
        raise ValueError(
            f"pad: expected an even number of ints, at most 2 per dim of the input {x.shape}, "
            f"got {pad!r}"
        )
    if mode not in _PAD_MODES:
        raise ValueError(f"pad: mode must be one of {_PAD_MODES}, got {mode!r}")
    if mode != "constant" and (value or min(widths) < 0):
        raise ValueError(
            f"pad: mode {mode!r} takes no value and no negative widths, got value={value!r}, "
            f"pad={pad!r}"
        )
    for k in range(len(widths) // 2):
        x = _pad_dim(x, x.ndim - 1 - k, widths[2 * k], widths[2 * k + 1], mode, value or 0.0)
    return x


def _pad_dim(x: Tensor, dim: int, before: int, after: int, mode: str, value: float) -> Tensor:
    """x padded along one dim."""
    n = x.shape[dim]
    if mode == "constant":
        if n + before + after < 0:
            raise ValueError(
                f"pad: widths ({before}, {after}) would crop dim {dim} (size {n}) below nothing"
            )
        if before < 0 or after < 0:  # crop first, as PyTorch's negative padding does
            x = x[(slice(None),) * dim + (slice(max(-before, 0), n - max(-after, 0)),)]
            before, after = max(before, 0), max(after, 0)
        width = [(0, 0)] * x.ndim
        width[dim] = (before, after)
        return autograd.pad(x, width, value=value) if before or after else x
    limit = {"reflect": n - 1, "replicate": None, "circular": n}[mode]
    if n == 0 or (limit is not None and max(before, after) > limit):
        raise ValueError(
            f"pad: mode {mode!r} pads dim {dim} (size {n}) by at most {limit if n else 0}, got "
            f"({before}, {after})"
        )
    idx = np.arange(-before, n + after)
    if mode == "reflect":
        idx = np.abs(idx)
        idx = np.where(idx >= n, 2 * (n - 1) - idx, idx)
    else:
        idx = np.clip(idx, 0, n - 1) if mode == "replicate" else idx % n
    return autograd.index_select(x, dim, idx)


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
        weight, bias = (None if t is None else t.reshape(shape) for t in (weight, bias))
        out = autograd.standardize(x, axes, weight, bias, eps)
        if running_mean is not None:  # after the call that may fail: a failure changes nothing
            with autograd.no_grad():
                mean, var = x.data.mean(axes), x.data.var(axes)
                running_mean.mul_(1 - momentum).add_(momentum * mean)
                running_var.mul_(1 - momentum).add_(momentum * var * count / (count - 1))
        return out
    out = (x - running_mean.reshape(shape)) / (running_var.reshape(shape) + eps).sqrt()
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
    return autograd.standardize(x, tuple(range(x.ndim - n, x.ndim)), weight, bias, eps)


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


# --- activations and losses
def _softmax_dim(op: str, x: Any, dim: int | None) -> int:
    """`dim`, or PyTorch's legacy choice when None (0 for 0, 1 or 3 dims, else 1), with its
    warning."""
    if dim is not None:
        return dim
    warnings.warn(
        f"{op}: implicit dimension choice has been deprecated; pass dim=X", UserWarning, 3
    )
    return 0 if getattr(x, "ndim", 0) in (0, 1, 3) else 1


def softmax(input: Any, dim: int | None = None) -> Tensor:  # noqa: A002 - PyTorch's name
    """exp(x) normalised to sum to 1 along `dim`."""
    return autograd.softmax(input, _softmax_dim("softmax", input, dim))


def log_softmax(input: Any, dim: int | None = None) -> Tensor:  # noqa: A002
    """log(softmax(x)) along `dim`."""
    return autograd.log_softmax(input, _softmax_dim("log_softmax", input, dim))


def _difference(op: str, input: Any, target: Any, reduction: str) -> Tensor:
    """input - target, once both are checked (floating, one shape) and so is `reduction`."""
    check_reduction(op, reduction)
    x, y = same_shape(op, input, target)
    return x - y


def mse_loss(input: Any, target: Any, *, reduction: str = "mean") -> Tensor:  # noqa: A002
    """(input - target)^2, reduced."""
    d = _difference("mse_loss", input, target, reduction)
    return reduce(d * d, reduction)


def l1_loss(input: Any, target: Any, *, reduction: str = "mean") -> Tensor:  # noqa: A002
    """|input - target|, reduced."""
    return reduce(_difference("l1_loss", input, target, reduction).abs(), reduction)


def _huber(d: Tensor, delta: float) -> Tensor:
    """0.5 d^2 where |d| < delta, else delta (|d| - 0.5 delta): quadratic near 0, then linear."""
    a = d.abs()
    return autograd.where(a < delta, 0.5 * d * d, delta * (a - 0.5 * delta))


def huber_loss(
    input: Any,  # noqa: A002
    target: Any,
    reduction: str = "mean",
    delta: float = 1.0,
) -> Tensor:
    """0.5 (input - target)^2 where |input - target| < delta, else delta (|.| - 0.5 delta)."""
    if not delta > 0:
        raise ValueError(f"huber_loss: delta must be positive, got {delta!r}")
    return reduce(_huber(_difference("huber_loss", input, target, reduction), delta), reduction)


def smooth_l1_loss(
    input: Any,  # noqa: A002
    target: Any,
    *,
    reduction: str = "mean",
    beta: float = 1.0,
) -> Tensor:
    """huber_loss / beta: 0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta (l1 at beta 0)."""
    if not beta >= 0:
        raise ValueError(f"smooth_l1_loss: beta must be non-negative, got {beta!r}")
    d = _difference("smooth_l1_loss", input, target, reduction)
    return reduce(d.abs() if beta == 0 else _huber(d, beta) / beta, reduction)


def nll_loss(
    input: Any,  # noqa: A002
    target: Any,
    weight: Any = None,
    *,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> Tensor:
    """-input[target] for log-probabilities (N, C), (N, C, d1, ...) or (C,) and class indices, times
    the class `weight`; `ignore_index` entries left out; the mean divides by the weight kept."""
    op = "nll_loss"
    check_reduction(op, reduction)
    log_probs = floating_operand(op, "input (log-probabilities)", input)
    if log_probs.ndim == 1:
        return one_sample(
            nll_loss, log_probs, target, weight, ignore_index=ignore_index, reduction=reduction
        )
    t, kept, w = class_targets(op, log_probs, target, weight, ignore_index, "input")
    per_entry = entry_weights(t, kept, w, log_probs.dtype)
    picked = log_probs.gather(1, t[:, None]).squeeze(1)
    if per_entry is None:
        return reduce(-picked, reduction)
    return reduce(-(picked * per_entry), reduction, per_entry.sum())
