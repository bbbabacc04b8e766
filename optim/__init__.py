"""Optimizers with PyTorch's names: `optim.SGD(model.parameters(), lr=0.1)`; learning-rate
schedules in `optim.lr_scheduler`."""

from nn import _autograd_check as _autograd_check  # first: stops if `autograd` is not ours

from . import lr_scheduler
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .lbfgs import LBFGS
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = ["LBFGS", "SGD", "Adagrad", "Adam", "AdamW", "Optimizer", "RMSprop", "lr_scheduler"]
