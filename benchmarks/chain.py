"""Per-op cost: a chain of 200 elementwise ops on 8 elements, forward plus backward."""

from __future__ import annotations

import numpy as np

import autograd

from .timing import best_time, row, torch_or_none

N_OPS = 200


def chain(x):
    """200 ops: (x * 1.01 + 0.1), tanh, sin, repeated; works on glassgrad and torch tensors."""
    for _ in range(N_OPS // 4):
        x = (x * 1.01 + 0.1).tanh().sin()
    return x


def per_op(make_leaf) -> float:
    """Microseconds per op for forward + backward of the chain."""

    def once() -> None:
        chain(make_leaf()).sum().backward()

    return best_time(once, repeats=200) / N_OPS * 1e6


def main() -> None:
    print(f"\nChain of {N_OPS} elementwise ops on 8 elements: us per op, forward + backward")
    data = np.random.default_rng(0).standard_normal(8).astype(np.float32)
    ours = per_op(lambda: autograd.Tensor(data, requires_grad=True))
    row("glassgrad", f"{ours:.2f} us/op")
    torch = torch_or_none()
    if torch is not None:
        theirs = per_op(lambda: torch.tensor(data, requires_grad=True))
        ratio = f"{ours / theirs:.2f}x torch"
        row(f"PyTorch {torch.__version__} (CPU)", f"{theirs:.2f} us/op", ratio)
