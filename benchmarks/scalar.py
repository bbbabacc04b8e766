"""Scalar graphs: glassgrad's 0-d tensors against micrograd (a bench-only dependency) on a chain
of 200 ops on one scalar and on micrograd's own demo (MLP(2, [16, 16, 1]) with its max-margin
loss on 30 and 100 points), each engine building the same scalar graph; backward over a chain of
10^5 nodes against PyTorch's; and backward over chains of 10^3 .. 10^6 nodes, to show that
glassgrad's time per node stays flat."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

import autograd

from .timing import best_times, report, row, torch_label, torch_or_none

try:
    from micrograd.engine import Value
except ImportError:  # a bench-only dependency: `make test` installs it
    Value = None

N_OPS = 200
LONG_CHAIN = 10**5  # nodes in the chain whose backward is timed against PyTorch's
CHAIN_LENGTHS = (10**3, 10**4, 10**5, 10**6)


def chain(x: Any, n_ops: int = N_OPS) -> Any:
    """`n_ops` elementwise ops on one scalar: x * 0.999 + 0.001, repeated."""
    for _ in range(n_ops // 2):
        x = x * 0.999 + 0.001
    return x


def mlp(make: Callable[[float], Any], sizes: list[int], rng: np.random.Generator) -> tuple:
    """micrograd's MLP as lists of scalars made by `make`: (layers of (weights, bias), params)."""
    layers = [
        [([make(w) for w in rng.uniform(-1, 1, n_in).tolist()], make(0.0)) for _ in range(n_out)]
        for n_in, n_out in zip(sizes, sizes[1:], strict=False)
    ]
    params = [p for layer in layers for ws, b in layer for p in (*ws, b)]
    return layers, params


def forward(layers: list, x: list) -> Any:
    """micrograd's MLP forward: ReLU neurons, a linear last layer."""
    for i, layer in enumerate(layers):
        acts = [sum((w * xi for w, xi in zip(ws, x, strict=True)), b) for ws, b in layer]
        x = acts if i == len(layers) - 1 else [a.relu() for a in acts]
    return x[0]


def demo_step(make: Callable[[float], Any], model: tuple, points: np.ndarray, labels: Any) -> Any:
    """micrograd's demo loss (max-margin plus L2) on every point, and its backward."""
    layers, params = model
    # Python floats in: numpy's float64s would make glassgrad cast each float32 weight it meets
    scores = [forward(layers, [make(v) for v in row.tolist()]) for row in points]
    losses = [(1 + -float(y) * s).relu() for y, s in zip(labels, scores, strict=True)]
    total = sum(losses) * (1.0 / len(losses)) + 1e-4 * sum(p * p for p in params)
    for p in params:
        p.grad = None if isinstance(p, autograd.Tensor) else 0  # ours, or micrograd's zero_grad
    total.backward()
    return total


def demo(make: Callable[[float], Any], points: np.ndarray, labels: np.ndarray) -> Any:
    """A closure: one step of the demo, on a model of scalars made by `make` (same seed)."""
    model = mlp(make, [2, 16, 16, 1], np.random.default_rng(1))
    return lambda: demo_step(make, model, points, labels)


def ours(v: float) -> Any:
    """A glassgrad scalar leaf."""
    return autograd.tensor(v, requires_grad=True)


def against_micrograd() -> None:
    """The 200-op chain and micrograd's demo, in both engines."""
    engines = {"glassgrad": ours, "micrograd": Value}
    print(f"\nChain of {N_OPS} ops on one scalar: forward + backward, per op")
    runs = {k: (lambda make=make: chain(make(1.0)).backward()) for k, make in engines.items()}
    report(best_times(runs), "us/op", 1e6 / N_OPS, 2)
    for n in (30, 100):
        print(f"\nmicrograd's demo, MLP(2, [16, 16, 1]) on {n} points: loss and backward")
        points = np.random.default_rng(0).standard_normal((n, 2))
        labels = np.where(points[:, 0] * points[:, 1] > 0, 1.0, -1.0)
        runs = {k: demo(make, points, labels) for k, make in engines.items()}
        report(best_times(runs, warmup=1), "ms", 1e3, 1)


def backward_per_node() -> None:
    """Backward alone over long chains: against PyTorch's at LONG_CHAIN nodes, then flatness."""
    nodes = LONG_CHAIN
    print(f"\nBackward over a chain of {nodes:,} scalar nodes (x = x * 0.999 + 0.001), per node")
    # micrograd has no row: its backward sorts the graph recursively, and a chain this deep
    # raises RecursionError (Python's limit is 1,000 frames).
    leaves = {"glassgrad": ours}
    backwards = {"glassgrad": autograd.Tensor.backward}
    torch = torch_or_none()
    if torch is not None:
        leaves["torch"] = lambda v: torch.tensor(v, requires_grad=True)
        backwards["torch"] = torch.Tensor.backward
    # Only backward is timed: each call walks a fresh chain, built untimed.
    chains = {k: (lambda make=make: chain(make(1.0), nodes)) for k, make in leaves.items()}
    t = best_times(backwards, warmup=1, setups=chains)
    report(t, "us/node", 1e6 / nodes, 2, torch_label(torch))
    print("\nglassgrad alone, one backward over a chain of n nodes: time per node")
    chain(ours(1.0), CHAIN_LENGTHS[0]).backward()  # untimed: the first pass pays for warming up
    for n in CHAIN_LENGTHS:
        y = chain(ours(1.0), n)
        start = time.perf_counter()
        y.backward()
        per_node = (time.perf_counter() - start) / n * 1e6
        row(f"n = {n:>9,}", f"{per_node:.2f} us/node")


def main() -> None:
    if Value is None:
        print("\nScalar graphs: micrograd is not installed (pip install micrograd==0.1.0)")
    else:
        against_micrograd()
    backward_per_node()
