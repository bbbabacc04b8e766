"""Adagrad: each element's step shrinks with the sum of its squared gradients so far."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

import numpy as np

from autograd import Tensor

from .optimizer import Optimizer, ParamGroup, ParamsT
from .terms import buffer, count_step, followed_grad, no_steps

_settings = itemgetter(
    "lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps", "maximize"
)


class Adagrad(Optimizer):
    """Adagrad, as `torch.optim.Adagrad`. For each parameter p with a gradient, at its step t:

        g   <- -p.grad if maximize else p.grad
        g   <- g + weight_decay * p
        clr <- lr / (1 + (t - 1) * lr_decay)
        s   <- s + g^2                                 (s starts at initial_accumulator_value)
        p   <- p - clr * g / (sqrt(s) + eps)

    `state[p]` holds t in "step" and s in "sum", made for every parameter at construction, as
    PyTorch makes them. A group's own initial_accumulator_value is used for its parameters
    (PyTorch uses the constructor's for every group). A NaN gradient spreads into the parameters,
    as in PyTorch: `autograd.detect_anomaly()` names the op that made it, and
    `nn.utils.clip_grad_norm_(params, max_norm, error_if_nonfinite=True)` stops it before the step.
    """

    _buffers = ("sum",)

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-2,
        lr_decay: float = 0,
        weight_decay: float = 0,
        initial_accumulator_value: float = 0,
        eps: float = 1e-10,
        *,
        maximize: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "lr_decay": lr_decay,
            "eps": eps,
            "weight_decay": weight_decay,
            "initial_accumulator_value": initial_accumulator_value,
            "maximize": maximize,
        }
        super().__init__(params, defaults)
        for group in self.param_groups:
            for p in group["params"]:
                self._start(p, group)

    def _check_settings(self, settings: dict[str, Any], where: str) -> None:
        """lr, lr_decay, weight_decay and initial_accumulator_value >= 0; eps > 0 (stricter
        than PyTorch, which takes 0: a parameter whose gradients were all 0 would divide 0 by 0)."""
        super()._check_settings(settings, where)
        for key in ("lr_decay", "weight_decay", "initial_accumulator_value"):
            self._check_non_negative(settings, key, where)
        self._check_positive(settings, "eps", where)

    def _start(self, p: Tensor, group: ParamGroup) -> None:
        """p's state before its first step: t = 0, s full of initial_accumulator_value."""
        state = self.state[p]
        state["step"] = no_steps()
        buffer(state, "sum", p, group["initial_accumulator_value"])

    def _update_group(
        self, group: ParamGroup, params_and_grads: list[tuple[Tensor, np.ndarray]]
    ) -> None:
        """The update in the class docstring, for one group, in place on each parameter."""
        lr, lr_decay, weight_decay, initial, eps, maximize = _settings(group)
        for p, g in params_and_grads:
            g = followed_grad(p, g, weight_decay, maximize)
            state = self.state[p]
            t = count_step(state)
            s = buffer(state, "sum", p, initial)
            clr = lr / (1 + (t - 1) * lr_decay)
            s += g * g
            denom = np.sqrt(s)
            denom += eps
            p -= clr * g / denom
