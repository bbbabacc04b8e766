"""The stateless forms of layers and losses, with PyTorch's names: a thin layer over autograd's
ops (fused losses are primitives there; the rest is composed here from ops)."""

from __future__ import annotations

import warnings
from typing import Any

import autograd
from autograd import (
    Tensor,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    elu,
    gelu,
    leaky_relu,
    relu,
    relu6,
    sigmoid,
    silu,
    softplus,
    tanh,
)
from autograd.ops.loss import (
    check_reduction,
    class_targets,
    entry_weights,
    floating_operand,
    one_sample,
    reduce,
    same_shape,
)

__all__ = ["cross_entropy", "relu", "sigmoid", "tanh"]
__all__ += ["elu", "gelu", "leaky_relu", "log_softmax", "relu6", "silu", "softmax", "softplus"]
__all__ += ["binary_cross_entropy", "binary_cross_entropy_with_logits", "huber_loss", "l1_loss"]
__all__ += ["mse_loss", "nll_loss", "smooth_l1_loss"]


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
