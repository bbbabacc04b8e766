"""`SequentialLR`: schedules one after another, such as a warm-up and then a decay."""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from ..optimizer import Optimizer
from .checks import check_increasing, check_int, check_optimizer
from .plateau import ReduceLROnPlateau
from .scheduler import LRScheduler


class SequentialLR(LRScheduler):
    """Hand the lr from one scheduler to the next at each milestone, as PyTorch's SequentialLR:
    schedulers[i] sets the lrs for milestones[i - 1] <= t < milestones[i]. At its milestone a
    scheduler starts its own schedule at epoch 0, from the groups' base lrs (its closed form),
    whatever lr the one before it left.

    The constructor undoes the first step each scheduler took when it was made, puts each group's
    lr back to its initial lr, and takes the first scheduler's first step again.
    """

    _kept_out = ("optimizer", "_schedulers")

    def __init__(
        self,
        optimizer: Optimizer,
        schedulers: list[LRScheduler],
        milestones: list[int],
        last_epoch: int = -1,
    ) -> None:
        _check_schedulers(check_optimizer("SequentialLR", optimizer), schedulers)
        milestones = check_increasing("SequentialLR", "milestones", milestones)
        if len(milestones) != len(schedulers) - 1:
            raise ValueError(
                f"SequentialLR: {len(schedulers)} schedulers need {len(schedulers) - 1} "
                f"milestones, got {len(milestones)}"
            )
        self._schedulers = list(schedulers)
        self._milestones = milestones
        self.last_epoch = check_int("SequentialLR", "last_epoch", last_epoch, -1) + 1
        self.optimizer = optimizer
        for group in optimizer.param_groups:
            group["lr"] = group["initial_lr"]
        for scheduler in self._schedulers:
            _step_back(scheduler)
        first = self._schedulers[bisect_right(milestones, 0)]
        first._initial_step()
        self._last_lr = first.get_last_lr()

    def step(self) -> None:
        """Move to the next epoch: step the scheduler in charge, or start the next one."""
        self.last_epoch += 1
        i = bisect_right(self._milestones, self.last_epoch)
        scheduler = self._schedulers[i]
        if i > 0 and self._milestones[i - 1] == self.last_epoch:
            scheduler._restart()
        else:
            scheduler.step()
        self._last_lr = scheduler.get_last_lr()

    def state_dict(self) -> dict[str, Any]:
        """As the base's, with each scheduler's state dict under `_schedulers`."""
        saved = [scheduler.state_dict() for scheduler in self._schedulers]
        return {**super().state_dict(), "_schedulers": saved}

    def _check_state(self, state_dict: Any) -> None:
        super()._check_state(state_dict)
        saved = state_dict["_schedulers"]
        if len(saved) != len(self._schedulers):
            raise ValueError(
                f"SequentialLR: load_state_dict: the state dict has {len(saved)} schedulers, "
                f"this one has {len(self._schedulers)}"
            )
        for scheduler, state in zip(self._schedulers, saved, strict=True):
            scheduler._check_state(state)

    def _load_state(self, state_dict: dict[str, Any]) -> None:
        super()._load_state(state_dict)
        for scheduler, state in zip(self._schedulers, state_dict["_schedulers"], strict=True):
            scheduler._load_state(state)


def _check_schedulers(optimizer: Optimizer, schedulers: Any) -> None:
    """Raise unless `schedulers` is a non-empty list of epoch schedulers of `optimizer`."""
    if not isinstance(schedulers, list | tuple) or not schedulers:
        raise ValueError("SequentialLR: schedulers must be a non-empty list of schedulers")
    for i, scheduler in enumerate(schedulers):
        if not isinstance(scheduler, LRScheduler):
            raise TypeError(f"SequentialLR: schedulers[{i}] is a {type(scheduler).__name__}")
        if isinstance(scheduler, ReduceLROnPlateau):
            raise ValueError(
                f"SequentialLR: schedulers[{i}] is a ReduceLROnPlateau, whose step needs a metric"
            )
        if scheduler.optimizer is not optimizer:
            raise ValueError(
                f"SequentialLR: schedulers[{i}] ({type(scheduler).__name__}) belongs to another "
                "optimizer"
            )


def _step_back(scheduler: LRScheduler) -> None:
    """Undo the epoch count of the step a scheduler took when it was made (for a SequentialLR,
    of each scheduler in it)."""
    if isinstance(scheduler, SequentialLR):
        for inner in scheduler._schedulers:
            _step_back(inner)
    else:
        scheduler.last_epoch -= 1
