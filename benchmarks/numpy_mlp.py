"""A hand-written numpy MLP training step: forward, backward and SGD with no framework at all.

Same math as glassgrad's nn.Linear/ReLU/cross_entropy/SGD, the floor a numpy engine can reach."""

from __future__ import annotations

import numpy as np


def init(sizes: list[int], rng: np.random.Generator) -> list[np.ndarray]:
    """[W1, b1, W2, b2, ...] with W of shape (out, in), float32."""
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        bound = 1 / np.sqrt(n_in)
        params.append(rng.uniform(-bound, bound, (n_out, n_in)).astype(np.float32))
        params.append(rng.uniform(-bound, bound, n_out).astype(np.float32))
    return params


def step(params: list[np.ndarray], x: np.ndarray, y: np.ndarray, lr: float) -> float:
    """One SGD step on softmax cross-entropy; updates params in place, returns the loss."""
    n = len(y)
    acts, pre = [x], []
    for i in range(0, len(params), 2):
        z = acts[-1] @ params[i].T + params[i + 1]
        pre.append(z)
        acts.append(np.maximum(z, 0) if i + 2 < len(params) else z)
    logits = acts[-1]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(n), y].mean()
    d = np.exp(log_probs)
    d[np.arange(n), y] -= 1
    d /= n
    for i in range(len(params) - 2, -1, -2):
        grad_w, grad_b = d.T @ acts[i // 2], d.sum(axis=0)
        if i > 0:
            d = (d @ params[i]) * (pre[i // 2 - 1] > 0)
        params[i] -= lr * grad_w
        params[i + 1] -= lr * grad_b
    return float(loss)
