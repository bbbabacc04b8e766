"""Schedules that multiply the lr by a factor gamma: every few epochs (`StepLR`), at chosen epochs
(`MultiStepLR`), every epoch (`ExponentialLR`)."""

from __future__ import annotations

from bisect import bisect_right

from ..optimizer import Optimizer
from .checks import check_increasing, check_int, check_real
from .scheduler import ChainableLR


class StepLR(ChainableLR):
    """Multiply each group's lr by gamma every `step_size` epochs, as PyTorch's StepLR:

        lr(t) = base_lr * gamma ** (t // step_size)

    Stepped in chainable form: lr <- lr * gamma when t > 0 is a multiple of step_size.
    """

    def __init__(
        self, optimizer: Optimizer, step_size: int, gamma: float = 0.1, last_epoch: int = -1
    ) -> None:
        self.step_size = check_int("StepLR", "step_size", step_size, 1)
        self.gamma = check_real("StepLR", "gamma", gamma, gt=0)
        super().__init__(optimizer, last_epoch)

    def _next_lr(self, lr: float, base_lr: float) -> float:
        t = self.last_epoch
        return lr * self.gamma if t > 0 and t % self.step_size == 0 else lr

    def _lr_at(self, base_lr: float) -> float:
        return base_lr * self.gamma ** (self.last_epoch // self.step_size)


class MultiStepLR(ChainableLR):
    """Multiply each group's lr by gamma at each milestone epoch, as PyTorch's MultiStepLR:

        lr(t) = base_lr * gamma ** (number of milestones <= t)

    Stepped in chainable form: lr <- lr * gamma when t is a milestone.
    """

    def __init__(
        self,
        optimizer: Optimizer,
        milestones: list[int],
        gamma: float = 0.1,
        last_epoch: int = -1,
    ) -> None:
        self.milestones = check_increasing("MultiStepLR", "milestones", milestones)
        self.gamma = check_real("MultiStepLR", "gamma", gamma, gt=0)
        super().__init__(optimizer, last_epoch)

    def _next_lr(self, lr: float, base_lr: float) -> float:
        return lr * self.gamma if self.last_epoch in self.milestones else lr

    def _lr_at(self, base_lr: float) -> float:
        return base_lr * self.gamma ** bisect_right(self.milestones, self.last_epoch)


class ExponentialLR(ChainableLR):
    """Multiply each group's lr by gamma every epoch, as PyTorch's ExponentialLR:

        lr(t) = base_lr * gamma ** t

    Stepped in chainable form: lr <- lr * gamma (the constructor's step leaves lr as it is).
    """

    def __init__(self, optimizer: Optimizer, gamma: float, last_epoch: int = -1) -> None:
        self.gamma = check_real("ExponentialLR", "gamma", gamma, gt=0)
        super().__init__(optimizer, last_epoch)

    def _next_lr(self, lr: float, base_lr: float) -> float:
        return lr if self._is_initial else lr * self.gamma

    def _lr_at(self, base_lr: float) -> float:
        return base_lr * self.gamma**self.last_epoch
