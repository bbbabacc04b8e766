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


def main() -> None:
    print(f"\nChain of {N_OPS} elementwise ops on 8 elements: us per op, forward + backward")
    data = np.random.default_rng(0).standard_normal(8).astype(np.float32)
    systems = {"glassgrad": once(lambda: autograd.Tensor(data, requires_grad=True))}
    torch = torch_or_none()
    if torch is not None:
        systems["torch"] = once(lambda: torch.tensor(data, requires_grad=True))
    per_op = {k: t / N_OPS * 1e6 for k, t in best_times(systems, repeats=200).items()}
    report(per_op, "us/op", 1, 2, torch_label(torch))
