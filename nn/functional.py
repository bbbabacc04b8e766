"""The stateless forms of layers and losses, with PyTorch's names: a thin layer over autograd's
ops (fused losses are primitives there; the rest is composed here from ops)."""

from __future__ import annotations

from typing import Any

from autograd import Tensor, cross_entropy, relu, sigmoid, tanh
from autograd.ops.lift import lift

__all__ = [
    "adaptive_avg_pool2d", "avg_pool2d", "conv1d", "conv2d", "max_pool2d",
    "cross_entropy", "mse_loss", "relu", "sigmoid", "tanh",
]  # fmt: skip

# --- convolution and pooling
from autograd import (  # noqa: E402 - kept together in the block after __all__
    adaptive_avg_pool2d,
    avg_pool2d,
    conv1d,
    conv2d,
    max_pool2d,
)


def mse_loss(pred: Tensor, target: Any) -> Tensor:
    """Mean of (pred - target)^2 over all elements."""
    target = lift(target, pred.dtype)
    if pred.shape != target.shape:
        raise ValueError(f"mse_loss: pred has shape {pred.shape}, target {target.shape}")
    d = pred - target
    return (d * d).mean()
