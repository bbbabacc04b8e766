"""`Optimizer`: the base of every update rule; it holds the parameters and zeroes their grads."""

from __future__ import annotations

from collections.abc import Iterable

from autograd import Tensor


class Optimizer:
    """Holds parameters; subclasses define `step()`."""

    def __init__(self, params: Iterable[Tensor], lr: float) -> None:
        self.params = list(params)
        if not self.params:
            raise ValueError(f"{type(self).__name__}: got an empty list of parameters")
        if lr <= 0:
            raise ValueError(f"{type(self).__name__}: lr must be positive, got {lr}")
        self.lr = lr

    def zero_grad(self) -> None:
        """Forget every parameter's gradient (set to None, as PyTorch does by default)."""
        for p in self.params:
            p.grad = None

    def step(self) -> None:
        """Update every parameter from its gradient."""
        raise NotImplementedError
