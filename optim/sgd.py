"""Stochastic gradient descent, with momentum, Nesterov momentum and weight decay."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

import numpy as np

from autograd import Tensor

from .optimizer import Optimizer, ParamGroup, ParamsT
from .terms import followed_grad

_settings = itemgetter("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize")


class SGD(Optimizer):
    """Stochastic gradient descent, as `torch.optim.SGD`. For each parameter p with a gradient:

        g <- -p.grad if maximize else p.grad
        g <- g + weight_decay * p
        b <- g at p's first step, then momentum * b + (1 - dampening) * g     (if momentum != 0)
        g <- g + momentum * b if nesterov else b                              (if momentum != 0)
        p <- p - lr * g

    The momentum buffer b is kept in `state[p]["momentum_buffer"]`. A NaN gradient spreads into
    the parameters, as in PyTorch: `autograd.detect_anomaly()` names the op that made it, and
    `nn.utils.clip_grad_norm_(params, max_norm, error_if_nonfinite=True)` stops it before the step.
    """

    _buffers = ("momentum_buffer",)

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        momentum: float = 0,
        dampening: float = 0,
        weight_decay: float = 0,
        nesterov: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "dampening": dampening,
            "weight_decay": weight_decay,
            "nesterov": nesterov,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _check_settings(self, settings: dict[str, Any], where: str) -> None:
        """lr and weight_decay >= 0, momentum in [0, 1) (stricter than PyTorch: at 1 or above the
        velocity never fades, or grows); Nesterov only with momentum and no dampening."""
        super()._check_settings(settings, where)
        self._check_fraction(settings, "momentum", where)  # PyTorch takes 1 and above
        self._check_non_negative(settings, "weight_decay", where)
        if settings["nesterov"] and (settings["momentum"] <= 0 or settings["dampening"] != 0):
            raise ValueError(
                f"{where}: nesterov=True needs momentum > 0 and dampening = 0, got "
                f"momentum={settings['momentum']!r}, dampening={settings['dampening']!r}"
            )

    def _update_group(
        self, group: ParamGroup, params_and_grads: list[tuple[Tensor, np.ndarray]]
    ) -> None:
        """The update in the class docstring, for one group, in place on each parameter."""
        lr, momentum, dampening, weight_decay, nesterov, maximize = _settings(group)
        for p, g in params_and_grads:
            g = followed_grad(p, g, weight_decay, maximize)
            if momentum != 0:
                b = self._momentum_buffer(p, g, momentum, dampening)
                g = g + momentum * b if nesterov else b
            p -= lr * g

    def _momentum_buffer(
        self, p: Tensor, g: np.ndarray, momentum: float, dampening: float
    ) -> np.ndarray:
        """b <- g at p's first step, then momentum * b + (1 - dampening) * g; returns b."""
        state = self.state[p]
        buffer = state.get("momentum_buffer")
        if buffer is None:
            state["momentum_buffer"] = buffer = Tensor(g)  # a copy
            return buffer.data
        b = buffer.data
        b *= momentum
        b += g if dampening == 0 else (1 - dampening) * g  # (no temporary array if 0)
        return b
