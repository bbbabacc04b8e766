"""`LRScheduler`: what every schedule shares. It writes `initial_lr` into the optimizer's param
groups, steps (`last_epoch` + 1, then each group's lr from the schedule's `get_lr`), and saves and
loads its state in PyTorch's format. `ChainableLR` is the base of schedules stepped in PyTorch's
chainable form."""

from __future__ import annotations

import copy
from typing import Any

from ..optimizer import Optimizer
from .checks import check_int, check_optimizer


class LRScheduler:
    """Sets the lr of each param group once per `step()`, as `torch.optim.lr_scheduler`'s base.

    The constructor takes the first step (to epoch 0, or to `last_epoch + 1` when resuming), so the
    optimizer's first step already uses the schedule's first lr. Call `scheduler.step()` after
    `optimizer.step()`. A subclass defines `get_lr()`: each group's lr at `last_epoch`.
    """

    # attributes the state dict leaves out: the optimizer, and what a subclass saves its own way
    _kept_out: tuple[str, ...] = ("optimizer",)

    def __init__(self, optimizer: Optimizer, last_epoch: int = -1) -> None:
        self.optimizer = check_optimizer(self._name, optimizer)
        last_epoch = check_int(self._name, "last_epoch", last_epoch, -1)
        groups = optimizer.param_groups
        for i, group in enumerate(groups):
            if last_epoch == -1:
                group.setdefault("initial_lr", group["lr"])
            elif "initial_lr" not in group:
                raise KeyError(
                    f"{self._name}: resuming at last_epoch={last_epoch} needs the 'initial_lr' a "
                    f"scheduler wrote into each param group (load the optimizer's state dict "
                    f"first); param group {i} has none"
                )
        self.base_lrs: list[float] = [group["initial_lr"] for group in groups]
        self.last_epoch = last_epoch
        self._initial_step()

    @property
    def _name(self) -> str:
        return type(self).__name__

    def _initial_step(self) -> None:
        """The constructor's step (SequentialLR also restarts a schedule with it)."""
        self._step_count = 0
        self._is_initial = True  # some schedules leave the lr as it is on this step
        try:
            self.step()
        finally:
            self._is_initial = False

    def step(self) -> None:
        """Move to the next epoch and set each group's lr for it."""
        self._step_count += 1
        self.last_epoch += 1
        self._set_lrs(self.get_lr())

    def _restart(self) -> None:
        """Jump to epoch 0 and set each group's lr from the schedule's closed form (how
        SequentialLR hands over to this schedule at its milestone)."""
        self.last_epoch = 0
        self._set_lrs(self._closed_form_lr())

    def _set_lrs(self, lrs: list[float]) -> None:
        for group, lr in zip(self.optimizer.param_groups, lrs, strict=True):
            group["lr"] = lr
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def get_last_lr(self) -> list[float]:
        """Each group's lr as the last step set it."""
        return list(self._last_lr)

    def get_lr(self) -> list[float]:
        """Each group's lr at `last_epoch` (defined by each schedule)."""
        raise NotImplementedError(f"{self._name} does not define get_lr")

    def _closed_form_lr(self) -> list[float]:
        """Each group's lr at `last_epoch` from its base lr alone; for a schedule whose `get_lr`
        does not depend on the lr the groups have now, that is `get_lr`."""
        return self.get_lr()

    # --- saving and loading ----------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        """A copy of the scheduler's state: its attributes but the optimizer, as PyTorch's."""
        return {k: copy.deepcopy(v) for k, v in vars(self).items() if k not in self._kept_out}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Take over (a copy of) the state saved by `state_dict`; checks it all first."""
        self._check_state(state_dict)
        self._load_state(state_dict)

    def _check_state(self, state_dict: Any) -> None:
        """Raise unless `state_dict` has exactly this scheduler's keys."""
        where = f"{self._name}: load_state_dict"
        if not isinstance(state_dict, dict):
            raise TypeError(f"{where}: expected a dict, got {type(state_dict).__name__}")
        expected = vars(self).keys() - {"optimizer"}
        missing, unexpected = expected - state_dict.keys(), state_dict.keys() - expected
        if missing or unexpected:
            raise KeyError(
                f"{where}: missing keys {sorted(missing)}, unexpected keys {sorted(unexpected)}"
            )

    def _load_state(self, state_dict: dict[str, Any]) -> None:
        """Set the attributes saved in a checked `state_dict` (a subclass loads its own keys)."""
        for key, value in state_dict.items():
            if key not in self._kept_out:
                setattr(self, key, copy.deepcopy(value))


_LRScheduler = LRScheduler  # the old name, which torch 2.13 still has


class ChainableLR(LRScheduler):
    """A schedule PyTorch steps in chainable form: each group's new lr is computed from the lr the
    group has now (`_next_lr`), so another scheduler's change to it carries through. `_lr_at` is
    the closed form, from the group's base lr alone (used when SequentialLR restarts it).
    """

    def get_lr(self) -> list[float]:
        """Each group's lr at `last_epoch`, moved on from the lr it has now."""
        groups, base_lrs = self.optimizer.param_groups, self.base_lrs
        return [self._next_lr(g["lr"], base) for g, base in zip(groups, base_lrs, strict=True)]

    def _closed_form_lr(self) -> list[float]:
        return [self._lr_at(base_lr) for base_lr in self.base_lrs]

    def _next_lr(self, lr: float, base_lr: float) -> float:
        """The lr at `last_epoch` of a group whose lr is now `lr`."""
        raise NotImplementedError

    def _lr_at(self, base_lr: float) -> float:
        """The lr at `last_epoch` of a group whose base lr is `base_lr`."""
        raise NotImplementedError
