"""Per-op cost: a chain of 200 elementwise ops on 8 elements, forward plus backward."""

from __future__ import annotations

import numpy as np

import autograd

from .timing import best_times, report, torch_label, torch_or_none

N_OPS = 200


def chain(x):
    """200 ops: (x * 1.01 + 0.1), tanh, sin, repeated; works on glassgrad and torch tensors."""
    for _ in range(N_OPS // 4):
        x = (x * 1.01 + 0.1).tanh().sin()
    return x


def once(make_leaf):
    """One forward + backward of the chain from a fresh leaf."""
    return lambda: chain(make_leaf()).sum().backward()


def by_hand(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The chain's sum and its gradient, forward and backward written out in numpy."""
    saved = []
    for _ in range(N_OPS // 4):
        t = np.tanh(x * 1.01 + 0.1)
        saved.append(t)  # tanh's output: both tanh's and sin's derivatives are made of it
        x = np.sin(t)
    grad = np.ones_like(x)
    for t in reversed(saved):
        grad = grad * np.cos(t) * (1 - t * t) * 1.01
    return x.sum(), grad


def main() -> None:
    print(f"\nChain of {N_OPS} elementwise ops on 8 elements: us per op, forward + backward")
    data = np.random.default_rng(0).standard_normal(8).astype(np.float32)
    systems = {
        "numpy": lambda: by_hand(data),
        "glassgrad": once(lambda: autograd.Tensor(data, requires_grad=True)),
    }
    torch = torch_or_none()
    if torch is not None:
        systems["torch"] = once(lambda: torch.tensor(data, requires_grad=True))
    labels = {"numpy": "numpy by hand", **torch_label(torch)}
    report(best_times(systems), "us/op", 1e6 / N_OPS, 2, labels)
