"""Stochastic gradient descent."""

from __future__ import annotations

from collections.abc import Iterable

from autograd import Tensor, no_grad

from .optimizer import Optimizer


class SGD(Optimizer):
    """p <- p - lr * grad (parameters without a gradient are left alone)."""

    def __init__(self, params: Iterable[Tensor], lr: float) -> None:
        super().__init__(params, lr)

    @no_grad()
    def step(self) -> None:
        for p in self.params:
            if p.grad is not None:
                p -= self.lr * p.grad.data
