"""Schedules that move the lr between two values along a curve: a straight line (`LinearLR`, the
usual warm-up) or half a cosine (`CosineAnnealingLR`)."""

from __future__ import annotations

import math

from ..optimizer import Optimizer
from .checks import check_int, check_real
from .scheduler import ChainableLR


class LinearLR(ChainableLR):
    """Scale each group's lr by a factor moving linearly from `start_factor` to `end_factor` over
    `total_iters` epochs, then keep it, as PyTorch's LinearLR:

        lr(t) = base_lr * (start_factor + (end_factor - start_factor) * min(t, T) / T)

    with T = total_iters. Stepped in chainable form: lr <- lr * start_factor at t = 0, then for
    0 < t <= T, lr <- lr * (1 + (end - start) / (T * start + (t - 1) * (end - start))).
    """

    def __init__(
        self,
        optimizer: Optimizer,
        start_factor: float = 1.0 / 3,
        end_factor: float = 1.0,
        total_iters: int = 5,
        last_epoch: int = -1,
    ) -> None:
        self.start_factor = check_real("LinearLR", "start_factor", start_factor, gt=0, le=1)
        self.end_factor = check_real("LinearLR", "end_factor", end_factor, ge=0, le=1)
        self.total_iters = check_int("LinearLR", "total_iters", total_iters, 1)
        super().__init__(optimizer, last_epoch)

    def _next_lr(self, lr: float, base_lr: float) -> float:
        t, start, end = self.last_epoch, self.start_factor, self.end_factor
        if t == 0:
            return lr * start
        if self._is_initial or t > self.total_iters:
            return lr
        return lr * (1.0 + (end - start) / (self.total_iters * start + (t - 1) * (end - start)))

    def _lr_at(self, base_lr: float) -> float:
        progress = (self.end_factor - self.start_factor) * min(self.total_iters, self.last_epoch)
        return base_lr * (self.start_factor + progress / self.total_iters)


class CosineAnnealingLR(ChainableLR):
    """Move each group's lr from its base lr down to `eta_min` along half a cosine over `T_max`
    epochs (and back up over the next T_max, periodically), as PyTorch's CosineAnnealingLR:

        lr(t) = eta_min + (base_lr - eta_min) * (1 + cos(pi * t / T_max)) / 2

    Stepped in chainable form: lr <- eta_min + (lr - eta_min) * c(t) / c(t - 1) with
    c(t) = 1 + cos(pi * t / T_max); where c(t - 1) = 0 (lr was eta_min, at t - 1 = T_max,
    3 T_max, ...) instead lr <- lr + (base_lr - eta_min) * (1 - cos(pi / T_max)) / 2. The
    constructor's step leaves lr as it is.
    """

    def __init__(
        self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0, last_epoch: int = -1
    ) -> None:
        self.T_max = check_int("CosineAnnealingLR", "T_max", T_max, 1)
        self.eta_min = check_real("CosineAnnealingLR", "eta_min", eta_min, ge=0)
        super().__init__(optimizer, last_epoch)

    def _next_lr(self, lr: float, base_lr: float) -> float:
        t, period, eta_min = self.last_epoch, self.T_max, self.eta_min
        if self._is_initial:
            return lr
        if (t - 1 - period) % (2 * period) == 0:
            return lr + (base_lr - eta_min) * (1 - math.cos(math.pi / period)) / 2
        ratio = (1 + math.cos(math.pi * t / period)) / (1 + math.cos(math.pi * (t - 1) / period))
        return ratio * (lr - eta_min) + eta_min

    def _lr_at(self, base_lr: float) -> float:
        return (
            self.eta_min
            + (base_lr - self.eta_min) * (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / 2
        )
