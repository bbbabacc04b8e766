"""Optimizers with PyTorch's names: `optim.SGD(model.parameters(), lr=0.1)`; learning-rate
schedules in `optim.lr_scheduler`."""

from nn import _autograd_check as _autograd_check  # first: stops if `autograd` is not ours

from . import lr_scheduler
from .optimizer import Optimizer
from .sgd import SGD

__all__ = ["SGD", "Optimizer", "lr_scheduler"]
