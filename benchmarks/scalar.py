"""Scalar graphs: glassgrad's 0-d tensors against a plain-Python scalar engine, and backward
over long chains (10^3 .. 10^6 nodes) to show time per node stays flat."""

from __future__ import annotations

import math
import time

import autograd

from .timing import best_times, row


class Value:
    """A minimal plain-Python scalar autograd value (micrograd's design, iterative sort)."""

    __slots__ = ("data", "grad", "_parents", "_local")

    def __init__(self, data: float, parents: tuple = (), local: tuple = ()) -> None:
        self.data, self.grad, self._parents, self._local = data, 0.0, parents, local

    def __add__(self, other: Value) -> Value:
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    def __mul__(self, other: Value) -> Value:
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def tanh(self) -> Value:
        t = math.tanh(self.data)
        return Value(t, (self,), (1 - t * t,))

    def backward(self) -> None:
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            v, done = stack.pop()
            if done:
                order.append(v)
            elif id(v) not in seen:
                seen.add(id(v))
                stack.append((v, True))
                stack.extend((p, False) for p in v._parents)
        self.grad = 1.0
        for v in reversed(order):
            for p, local in zip(v._parents, v._local, strict=True):
                p.grad += local * v.grad


def neuron_layer(make, inputs: int = 10, width: int = 10):
    """tanh(w . x + b) for `width` neurons of scalars: the micrograd workload."""
    xs = [make(0.1 * i) for i in range(inputs)]
    out = make(0.0)
    for j in range(width):
        act = make(0.05 * j)
        for i, x in enumerate(xs):
            act = act + make(0.01 * (i - j)) * x
        out = out + act.tanh()
    return out


CHAIN_LENGTHS = (10**3, 10**4, 10**5, 10**6)


def main() -> None:
    print("\nScalar graph: 10 tanh neurons of 10 inputs (~420 nodes), forward + backward")
    t = best_times(
        {
            "python": lambda: neuron_layer(Value).backward(),
            "glassgrad": lambda: neuron_layer(
                lambda v: autograd.tensor(v, requires_grad=True)
            ).backward(),
        },
        repeats=50,
    )
    t_py, t_gg = t["python"], t["glassgrad"]
    row("plain-Python scalar engine", f"{t_py * 1e6:.0f} us")
    row("glassgrad 0-d tensors", f"{t_gg * 1e6:.0f} us", f"{t_gg / t_py:.2f}x plain Python")
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
