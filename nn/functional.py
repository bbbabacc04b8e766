"""The stateless forms of layers and losses, with PyTorch's names: a thin layer over autograd's
ops (fused losses are primitives there; the rest is composed here from ops)."""

from __future__ import annotations

import warnings
from typing import Any

import autograd
from autograd import (
    Tensor,
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
from autograd.ops.lift import lift

__all__ = ["cross_entropy", "mse_loss", "relu", "sigmoid", "tanh"]
__all__ += ["elu", "gelu", "leaky_relu", "log_softmax", "relu6", "silu", "softmax", "softplus"]


def mse_loss(pred: Tensor, target: Any) -> Tensor:
    """Mean of (pred - target)^2 over all elements."""
    target = lift(target, pred.dtype)
    if pred.shape != target.shape:
        raise ValueError(f"mse_loss: pred has shape {pred.shape}, target {target.shape}")
    d = pred - target
    return (d * d).mean()


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
