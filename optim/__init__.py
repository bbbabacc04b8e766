"""Optimizers with PyTorch's names: `optim.SGD(model.parameters(), lr=0.1)`."""

from nn import _autograd_check as _autograd_check  # first: stops if `autograd` is not ours

from .optimizer import Optimizer
from .sgd import SGD

__all__ = ["SGD", "Optimizer"]
