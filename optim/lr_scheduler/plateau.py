"""`ReduceLROnPlateau`: cut the lr when a metric you pass each epoch stops improving."""

from __future__ import annotations

import math
from typing import SupportsFloat

from ..optimizer import Optimizer
from .checks import check_choice, check_int, check_optimizer, check_real, per_group
from .scheduler import LRScheduler


class ReduceLROnPlateau(LRScheduler):
    """Multiply each group's lr by `factor` once the metric has not improved for more than
    `patience` epochs, as PyTorch's ReduceLROnPlateau. A metric a improves on the best so far when

        mode 'min', threshold_mode 'rel':  a < best * (1 - threshold)
        mode 'min', threshold_mode 'abs':  a < best - threshold
        mode 'max', threshold_mode 'rel':  a > best * (1 + threshold)
        mode 'max', threshold_mode 'abs':  a > best + threshold

    On a cut, lr <- max(lr * factor, min_lr) for each group (left as it is if that changes it by
    no more than `eps`), then for `cooldown` epochs bad epochs are not counted. Call
    `step(metric)` once per epoch; its constructor takes no step and leaves the lrs as they are.
    """

    def __init__(
        self,
        optimizer: Optimizer,
        mode: str = "min",
        factor: float = 0.1,
        patience: int = 10,
        threshold: float = 1e-4,
        threshold_mode: str = "rel",
        cooldown: int = 0,
        min_lr: float | list[float] = 0,
        eps: float = 1e-8,
    ) -> None:
        who = "ReduceLROnPlateau"
        self.factor = check_real(who, "factor", factor, ge=0, lt=1)
        self.optimizer = check_optimizer(who, optimizer)
        # a single min_lr also applies to param groups added later; a list is one per group
        self.min_lrs = per_group(who, "min_lr", min_lr, optimizer, ge=0)
        self.default_min_lr = None if isinstance(min_lr, list | tuple) else self.min_lrs[0]
        self.patience = check_int(who, "patience", patience, 0)
        self.cooldown = check_int(who, "cooldown", cooldown, 0)
        self.eps = check_real(who, "eps", eps, ge=0)
        self.last_epoch = 0
        self._last_lr = [group["lr"] for group in optimizer.param_groups]
        self.mode = check_choice(who, "mode", mode, ("min", "max"))
        self.mode_worse = math.inf if mode == "min" else -math.inf
        self.threshold = check_real(who, "threshold", threshold, ge=0)
        self.threshold_mode = check_choice(who, "threshold_mode", threshold_mode, ("rel", "abs"))
        self._reset()

    def _reset(self) -> None:
        """Forget the best metric, the bad epochs and any cooldown."""
        self.best = self.mode_worse
        self.cooldown_counter = 0
        self.num_bad_epochs = 0

    @property
    def in_cooldown(self) -> bool:
        """Whether bad epochs are still being ignored after a cut."""
        return self.cooldown_counter > 0

    def step(self, metrics: SupportsFloat) -> None:  # type: ignore[override]
        """Count this epoch's metric as an improvement or a bad epoch; cut the lrs after more
        than `patience` bad epochs in a row."""
        current = float(metrics)
        self.last_epoch += 1
        if self._is_better(current, self.best):
            self.best = current
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1
        if self.in_cooldown:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > self.patience:
            self._reduce_lr()
            self.cooldown_counter = self.cooldown
            self.num_bad_epochs = 0
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def _is_better(self, a: float, best: float) -> bool:
        """Whether metric `a` improves on `best` by more than the threshold."""
        if self.mode == "min" and self.threshold_mode == "rel":
            return a < best * (1.0 - self.threshold)
        if self.mode == "min":
            return a < best - self.threshold
        if self.threshold_mode == "rel":
            return a > best * (self.threshold + 1.0)
        return a > best + self.threshold

    def _reduce_lr(self) -> None:
        """lr <- max(lr * factor, min_lr) in each group where that is a change of more than eps."""
        groups = self.optimizer.param_groups
        if len(groups) != len(self.min_lrs):
            if self.default_min_lr is None:
                raise RuntimeError(
                    f"ReduceLROnPlateau: the optimizer has {len(groups)} param groups but "
                    f"min_lr was given for {len(self.min_lrs)}; set `min_lrs` to one per group"
                )
            self.min_lrs = [self.default_min_lr] * len(groups)
        for group, min_lr in zip(groups, self.min_lrs, strict=True):
            old_lr = float(group["lr"])
            new_lr = max(old_lr * self.factor, min_lr)
            if old_lr - new_lr > self.eps:
                group["lr"] = new_lr
