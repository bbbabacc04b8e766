"""Losses fused into one primitive where that is faster or stabler than composing ops."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function, OpError
from ..tensor import Tensor
from .lift import lift
from .softmax import softmax, stable_log_softmax


class CrossEntropy(Function):
    """mean over the batch of -log softmax(logits)[target];  d/dlogits = (softmax - onehot) / N.

    Fused: one op instead of log_softmax, indexing and mean, and no scatter in backward."""

    name = "cross_entropy"

    def forward(self, logits, target):
        self.target = target
        log_probs = stable_log_softmax(logits, 1)
        self.probs = np.exp(log_probs)
        picked = log_probs[np.arange(len(target)), target]
        return -picked.sum() / len(target)  # sum / n: np.mean's Python wrapper costs more here

    def backward(self, g, out, logits):
        onehot = np.zeros(self.probs.shape, dtype=self.probs.dtype)
        onehot[np.arange(len(self.target)), self.target] = 1
        # saved probs are a constant; under create_graph they must be recomputed as a recorded
        # function of the logits, or the second derivative would silently miss their dependence
        probs = softmax(logits, axis=1) if isinstance(logits, Tensor) else self.probs
        return (probs - onehot) * (g / len(self.target))


def cross_entropy(logits: Any, target: Any) -> Tensor:
    """Softmax cross-entropy of (N, C) logits against N class indices, averaged over N."""
    logits = lift(logits)
    if logits.dtype.kind != "f":
        raise OpError(
            f"cross_entropy: logits must be floating (they are scores), got dtype {logits.dtype}"
        )
    target = np.asarray(target.data if isinstance(target, Tensor) else target)
    if logits.ndim != 2 or target.shape != (logits.shape[0],):
        raise OpError(
            f"cross_entropy: expected logits (N, C) and target (N,), got {logits.shape} and "
            f"{target.shape}"
        )
    if target.dtype.kind not in "iu" or (
        target.size and not 0 <= target.min() <= target.max() < logits.shape[1]
    ):
        raise OpError(
            f"cross_entropy: target must hold class indices in [0, {logits.shape[1]}), got "
            f"dtype {target.dtype} with values in [{target.min()}, {target.max()}]"
        )
    return CrossEntropy.apply(logits, target=target)
