"""Stochastic gradient descent, with momentum, Nesterov momentum and weight decay."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

import numpy as np

from autograd import Tensor

from .optimizer import Optimizer, ParamGroup, ParamsT

_settings = itemgetter("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize")


class SGD(Optimizer):
    """Stochastic gradient descent, as `torch.optim.SGD`. For each parameter p with a gradient:

        g <- -p.grad if maximize else p.grad
        g <- g + weight_decay * p
        b <- g at p's first step, then momentum * b + (1 - dampening) * g     (if momentum != 0)
        g <- g + momentum * b if nesterov else b                              (if momentum != 0)
        p <- p - lr * g

    The momentum buffer b is kept in `state[p]["momentum_buffer"]`.
    """

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
        """lr, momentum and weight_decay >= 0; Nesterov only with momentum and no dampening."""
        super()._check_settings(settings, where)
        self._check_non_negative(settings, "momentum", where)
        self._check_non_negative(settings, "weight_decay", where)
        if settings["nesterov"] and (settings["momentum"] <= 0 or settings["dampening"] != 0):
            raise ValueError(
                f"{where}: nesterov=True needs momentum > 0 and dampening = 0, got "
                f"momentum={settings['momentum']!r}, dampening={settings['dampening']!r}"
            )

    def _params_and_grads(self, group: ParamGroup, index: int) -> list[tuple[Tensor, np.ndarray]]:
        """As the base does, and refuses a momentum buffer that does not fit its parameter."""
        params_and_grads = super()._params_and_grads(group, index)
        if group["momentum"] != 0:
            for p, _ in params_and_grads:
                b = self.state.get(p, {}).get("momentum_buffer")
                if b is not None and b.shape != p.shape:
                    raise RuntimeError(
                        f"{self._name}: param group {index}: a parameter of shape {p.shape} "
                        f"has a momentum buffer of shape {b.shape}"
                    )
        return params_and_grads

    def _update_group(
        self, group: ParamGroup, params_and_grads: list[tuple[Tensor, np.ndarray]]
    ) -> None:
        """The update in the class docstring, for one group, in place on each parameter."""
        lr, momentum, dampening, weight_decay, nesterov, maximize = _settings(group)
        for p, g in params_and_grads:
            if maximize:
                g = -g
            if weight_decay != 0:
                g = g + weight_decay * p.data
            if momentum != 0:
                state = self.state[p]
                b = state.get("momentum_buffer")
                if b is None:
                    b = state["momentum_buffer"] = Tensor(g.copy())
                else:
                    b *= momentum
                    b += (1 - dampening) * g
                g = g + momentum * b.data if nesterov else b.data
            p -= lr * g
