"""Losses: mean squared error, and softmax cross-entropy as one fused op."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Function, Tensor, softmax
from autograd.ops.lift import lift


class CrossEntropy(Function):
    """mean over the batch of -log softmax(logits)[target];  d/dlogits = (softmax - onehot) / N.

    Fused: one op instead of log_softmax, indexing and mean, and no scatter in backward."""

    def forward(self, logits, target):
        self.target = target
        shifted = logits - logits.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        self.probs = np.exp(log_probs)
        rows = np.arange(len(target))
        return -log_probs[rows, target].mean(dtype=logits.dtype)

    def backward(self, g, out, logits):
        onehot = np.zeros(self.probs.shape, dtype=self.probs.dtype)
        onehot[np.arange(len(self.target)), self.target] = 1
        # under create_graph, softmax must stay a (recorded) function of the logits
        probs = softmax(logits, axis=1) if isinstance(logits, Tensor) else self.probs
        return (probs - onehot) * (g / len(self.target))


def cross_entropy(logits: Tensor, target: Any) -> Tensor:
    """Softmax cross-entropy of (N, C) logits against N class indices, averaged over N."""
    target = np.asarray(target.data if isinstance(target, Tensor) else target)
    if logits.ndim != 2 or target.shape != (logits.shape[0],):
        raise ValueError(
            f"cross_entropy: expected logits (N, C) and target (N,), got {logits.shape} and "
            f"{target.shape}"
        )
    if target.dtype.kind not in "iu" or (
        target.size and not 0 <= target.min() <= target.max() < logits.shape[1]
    ):
        raise ValueError(
            f"cross_entropy: target must hold class indices in [0, {logits.shape[1]}), got "
            f"dtype {target.dtype} with values in [{target.min()}, {target.max()}]"
        )
    return CrossEntropy.apply(lift(logits), target=target)


def mse_loss(pred: Tensor, target: Any) -> Tensor:
    """Mean of (pred - target)^2 over all elements."""
    target = lift(target, pred)
    if pred.shape != target.shape:
        raise ValueError(f"mse_loss: pred has shape {pred.shape}, target {target.shape}")
    d = pred - target
    return (d * d).mean()
