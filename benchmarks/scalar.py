"""Scalar graphs: glassgrad's 0-d tensors against micrograd (a bench-only dependency) on a chain
of 200 ops on one scalar and on micrograd's own demo (MLP(2, [16, 16, 1]) with its max-margin
loss on 30 and 100 points), each engine building the same scalar graph; and backward over long
chains (10^3 .. 10^6 nodes) to show time per node stays flat."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

import autograd

from .timing import best_times, report, row

try:
    from micrograd.engine import Value
except ImportError:  # a bench-only dependency: `make test` installs it
    Value = None

N_OPS = 200
CHAIN_LENGTHS = (10**3, 10**4, 10**5, 10**6)


def chain(x: Any) -> Any:
    """N_OPS elementwise ops on one scalar: x * 1.001 + 0.001, repeated."""
    for _ in range(N_OPS // 2):
        x = x * 1.001 + 0.001
    return x


def mlp(make: Callable[[float], Any], sizes: list[int], rng: np.random.Generator) -> tuple:
    """micrograd's MLP as lists of scalars made by `make`: (layers of (weights, bias), params)."""
    layers = [
        [([make(w) for w in rng.uniform(-1, 1, n_in)], make(0.0)) for _ in range(n_out)]
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
    scores = [forward(layers, [make(v) for v in row]) for row in points]
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


def main() -> None:
    if Value is None:
        print("\nScalar graphs: micrograd is not installed (pip install micrograd==0.1.0)")
        return
    engines = {"glassgrad": ours, "micrograd": Value}
    print(f"\nChain of {N_OPS} ops on one scalar: forward + backward, per op")
    runs = {k: (lambda make=make: chain(make(1.0)).backward()) for k, make in engines.items()}
    t = best_times(runs, repeats=200)
    report({k: v / N_OPS for k, v in t.items()}, "us/op", 1e6, 2, {})
    for n in (30, 100):
        print(f"\nmicrograd's demo, MLP(2, [16, 16, 1]) on {n} points: loss and backward")
        points = np.random.default_rng(0).standard_normal((n, 2))
        labels = np.where(points[:, 0] * points[:, 1] > 0, 1.0, -1.0)
        runs = {k: demo(make, points, labels) for k, make in engines.items()}
        report(best_times(runs, repeats=3, rounds=3, warmup=1), "ms", 1e3, 1, {})
    print("\nBackward over a chain of n scalar nodes (x = x * 0.999 + 0.001): time per node")
    for n in CHAIN_LENGTHS:
        x = autograd.tensor(1.0, requires_grad=True)
        y = x
        for _ in range(n // 2):
            y = y * 0.999 + 0.001
        start = time.perf_counter()
        y.backward()
        per_node = (time.perf_counter() - start) / n * 1e6
        row(f"n = {n:>9,}", f"{per_node:.2f} us/node")
