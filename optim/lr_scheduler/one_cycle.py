"""`OneCycleLR`: the 1cycle policy, a warm-up to a peak lr and a long anneal far below the start,
with the momentum moving the other way."""

from __future__ import annotations

import math
from typing import Any

from ..optimizer import Optimizer, ParamGroup
from .checks import check_choice, check_int, check_optimizer, check_real, per_group
from .scheduler import LRScheduler


def anneal_cos(start: float, end: float, pct: float) -> float:
    """From `start` (pct = 0) to `end` (pct = 1) along half a cosine."""
    return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)


def anneal_linear(start: float, end: float, pct: float) -> float:
    """From `start` (pct = 0) to `end` (pct = 1) along a straight line."""
    return (end - start) * pct + start


_ANNEAL = {"cos": anneal_cos, "linear": anneal_linear}


def _phase(end_step: float, lr: tuple[str, str], momentum: tuple[str, str]) -> dict[str, Any]:
    """A phase in PyTorch's form: where it ends and the group keys of its start and end values."""
    return {
        "end_step": end_step,
        "start_lr": lr[0],
        "end_lr": lr[1],
        "start_momentum": momentum[0],
        "end_momentum": momentum[1],
    }


class OneCycleLR(LRScheduler):
    """The 1cycle policy, as PyTorch's OneCycleLR. Over T = total_steps steps, each group's lr
    goes from initial_lr = max_lr / div_factor up to max_lr, then down to
    min_lr = initial_lr / final_div_factor; momentum (or beta1 of `betas`) goes the other way,
    from max_momentum down to base_momentum and back. Within a phase from step s to step e:

        lr(t) = anneal(lr_start, lr_end, (t - s) / (e - s))
        anneal = cos:    end + (start - end) / 2 * (1 + cos(pi * pct))
                 linear: start + (end - start) * pct

    The phases end at step pct_start * T - 1 (up) and T - 1 (down); with `three_phase`, at
    pct_start * T - 1 (up), 2 * pct_start * T - 2 (back to initial_lr) and T - 1 (to min_lr).
    The constructor writes initial_lr, max_lr, min_lr (and max_momentum, base_momentum) into each
    param group. The schedule allows T steps after the constructor's; one more raises.
    """

    def __init__(
        self,
        optimizer: Optimizer,
        max_lr: float | list[float],
        total_steps: int | None = None,
        epochs: int | None = None,
        steps_per_epoch: int | None = None,
        pct_start: float = 0.3,
        anneal_strategy: str = "cos",
        cycle_momentum: bool = True,
        base_momentum: float | list[float] = 0.85,
        max_momentum: float | list[float] = 0.95,
        div_factor: float = 25.0,
        final_div_factor: float = 1e4,
        three_phase: bool = False,
        last_epoch: int = -1,
    ) -> None:
        check_optimizer("OneCycleLR", optimizer)
        self.total_steps = _total_steps(total_steps, epochs, steps_per_epoch)
        pct_start = check_real("OneCycleLR", "pct_start", pct_start, ge=0, le=1)
        self._schedule_phases = _phases(pct_start, self.total_steps, three_phase)
        self._anneal_func_type = check_choice(
            "OneCycleLR", "anneal_strategy", anneal_strategy, tuple(_ANNEAL)
        )
        max_lrs = per_group("OneCycleLR", "max_lr", max_lr, optimizer, ge=0)
        div_factor = check_real("OneCycleLR", "div_factor", div_factor, gt=0)
        final_div_factor = check_real("OneCycleLR", "final_div_factor", final_div_factor, gt=0)
        self.cycle_momentum = cycle_momentum
        momentums = self._momentums(optimizer, base_momentum, max_momentum)
        if last_epoch == -1:
            self._write_groups(max_lrs, div_factor, final_div_factor, momentums, optimizer)
        super().__init__(optimizer, last_epoch)

    def _write_groups(
        self,
        max_lrs: list[float],
        div_factor: float,
        final_div_factor: float,
        momentums: list[tuple[float, float]] | None,
        optimizer: Optimizer,
    ) -> None:
        """Write initial_lr, max_lr, min_lr (and max_momentum, base_momentum, with the momentum
        set to max_momentum) into each param group: the schedule reads them there."""
        for i, (group, max_lr) in enumerate(zip(optimizer.param_groups, max_lrs, strict=True)):
            group["initial_lr"] = max_lr / div_factor
            group["max_lr"] = max_lr
            group["min_lr"] = group["initial_lr"] / final_div_factor
            if momentums is not None:
                base_momentum, max_momentum = momentums[i]
                self._set_momentum(group, max_momentum)
                group["max_momentum"], group["base_momentum"] = max_momentum, base_momentum

    def _momentums(
        self, optimizer: Optimizer, base_momentum: Any, max_momentum: Any
    ) -> list[tuple[float, float]] | None:
        """(base_momentum, max_momentum) per group if momentum cycles; decides whether it is
        beta1 that does."""
        if not self.cycle_momentum:
            return None
        if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
            raise ValueError(
                f"OneCycleLR: cycle_momentum=True needs an optimizer with momentum or betas; "
                f"{type(optimizer).__name__} has neither"
            )
        # as PyTorch: the optimizer's defaults decide, whatever keys a group holds
        self.use_beta1 = "betas" in optimizer.defaults
        bases = per_group("OneCycleLR", "base_momentum", base_momentum, optimizer, ge=0, le=1)
        tops = per_group("OneCycleLR", "max_momentum", max_momentum, optimizer, ge=0, le=1)
        return list(zip(bases, tops, strict=True))

    def _set_momentum(self, group: ParamGroup, momentum: float) -> None:
        if self.use_beta1:
            group["betas"] = (momentum, *group["betas"][1:])
        else:
            group["momentum"] = momentum

    def get_lr(self) -> list[float]:
        """Each group's lr at `last_epoch` in its phase (and, if cycled, its momentum set)."""
        t = self.last_epoch
        if t > self.total_steps:
            raise ValueError(
                f"OneCycleLR: tried to step {t} times; total_steps is {self.total_steps}"
            )
        phase, pct = self._phase_at(t)
        anneal = _ANNEAL[self._anneal_func_type]
        lrs = []
        for group in self.optimizer.param_groups:
            lrs.append(anneal(group[phase["start_lr"]], group[phase["end_lr"]], pct))
            if self.cycle_momentum:
                start, end = group[phase["start_momentum"]], group[phase["end_momentum"]]
                self._set_momentum(group, anneal(start, end, pct))
        return lrs

    def _phase_at(self, t: int) -> tuple[dict[str, Any], float]:
        """The phase step `t` is in (the last one past its end), and how far into it t is."""
        start_step = 0.0
        *earlier, phase = self._schedule_phases
        for candidate in earlier:
            if t <= candidate["end_step"]:
                phase = candidate
                break
            start_step = candidate["end_step"]
        return phase, (t - start_step) / (phase["end_step"] - start_step)


def _total_steps(total_steps: Any, epochs: Any, steps_per_epoch: Any) -> int:
    """total_steps, or epochs * steps_per_epoch when it is not given."""
    if total_steps is not None:
        return check_int("OneCycleLR", "total_steps", total_steps, 1)
    if epochs is None or steps_per_epoch is None:
        raise ValueError("OneCycleLR: give total_steps, or both epochs and steps_per_epoch")
    epochs = check_int("OneCycleLR", "epochs", epochs, 1)
    return epochs * check_int("OneCycleLR", "steps_per_epoch", steps_per_epoch, 1)


def _phases(pct_start: float, total_steps: int, three_phase: bool) -> list[dict[str, Any]]:
    """The schedule's phases in PyTorch's form."""
    if pct_start * total_steps == 1:  # the first step would divide by zero, as in PyTorch
        raise ZeroDivisionError(
            f"OneCycleLR: pct_start * total_steps = {pct_start} * {total_steps} = 1 leaves the "
            "warm-up phase no length"
        )
    up = _phase(
        pct_start * total_steps - 1, ("initial_lr", "max_lr"), ("max_momentum", "base_momentum")
    )
    if not three_phase:
        return [
            up,
            _phase(total_steps - 1, ("max_lr", "min_lr"), ("base_momentum", "max_momentum")),
        ]
    return [
        up,
        _phase(
            2 * pct_start * total_steps - 2,
            ("max_lr", "initial_lr"),
            ("base_momentum", "max_momentum"),
        ),
        _phase(total_steps - 1, ("initial_lr", "min_lr"), ("max_momentum", "max_momentum")),
    ]
