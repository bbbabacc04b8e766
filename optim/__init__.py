"""Optimizers with PyTorch's names: `optim.SGD(model.parameters(), lr=0.1)`."""

from .optimizer import Optimizer
from .sgd import SGD

__all__ = ["SGD", "Optimizer"]
