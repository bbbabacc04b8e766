"""Learning-rate schedulers with PyTorch's names and step semantics:
`scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=30)`, then `scheduler.step()` after
each `optimizer.step()` (after each epoch's, or each batch's for OneCycleLR)."""

from .annealing import CosineAnnealingLR, LinearLR
from .decay import ExponentialLR, MultiStepLR, StepLR
from .lambda_lr import LambdaLR
from .one_cycle import OneCycleLR
from .plateau import ReduceLROnPlateau
from .scheduler import LRScheduler, _LRScheduler
from .sequential import SequentialLR

__all__ = [
    "CosineAnnealingLR",
    "ExponentialLR",
    "LRScheduler",
    "LambdaLR",
    "LinearLR",
    "MultiStepLR",
    "OneCycleLR",
    "ReduceLROnPlateau",
    "SequentialLR",
    "StepLR",
    "_LRScheduler",
]
