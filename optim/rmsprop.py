"""RMSprop: steps divided by a running root mean square of the gradients."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

import numpy as np

from autograd import Tensor

from .optimizer import Optimizer, ParamGroup, ParamsT
from .terms import buffer, count_step, followed_grad

_settings = itemgetter("lr", "alpha", "eps", "weight_decay", "momentum", "centered", "maximize")


class RMSprop(Optimizer):
    """RMSprop, as `torch.optim.RMSprop`. For each parameter p with a gradient:

        g <- -p.grad if maximize else p.grad
        g <- g + weight_decay * p
        v <- alpha * v + (1 - alpha) * g^2
        a <- alpha * a + (1 - alpha) * g;  d <- sqrt(v - a^2) + eps      (if centered)
                                           d <- sqrt(v) + eps            (otherwise)
        b <- momentum * b + g / d;  p <- p - lr * b                      (if momentum > 0)
                                    p <- p - lr * g / d                  (otherwise)

    v, a and b start at 0; `state[p]` holds them as "square_avg", "grad_avg" (if centered) and
    "momentum_buffer" (if momentum > 0), and the step count in "step". A NaN gradient spreads into
    the parameters, as in PyTorch: `autograd.detect_anomaly()` names the op that made it, and
    `nn.utils.clip_grad_norm_(params, max_norm, error_if_nonfinite=True)` stops it before the step.
    """

    _buffers = ("square_avg", "momentum_buffer", "grad_avg")

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0,
        momentum: float = 0,
        centered: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "alpha": alpha,
            "eps": eps,
            "centered": centered,
            "weight_decay": weight_decay,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _check_settings(self, settings: dict[str, Any], where: str) -> None:
        """lr and weight_decay >= 0; stricter than PyTorch (which takes any value >= 0 for
        each): eps > 0, and momentum and alpha (decay rates) in [0, 1)."""
        super()._check_settings(settings, where)
        self._check_non_negative(settings, "weight_decay", where)
        self._check_positive(settings, "eps", where)
        for key in ("momentum", "alpha"):
            self._check_fraction(settings, key, where)

    def _update_group(
        self, group: ParamGroup, params_and_grads: list[tuple[Tensor, np.ndarray]]
    ) -> None:
        """The update in the class docstring, for one group, in place on each parameter."""
        lr, alpha, eps, weight_decay, momentum, centered, maximize = _settings(group)
        for p, g in params_and_grads:
            g = followed_grad(p, g, weight_decay, maximize)
            state = self.state[p]
            count_step(state)
            v = buffer(state, "square_avg", p)
            b = buffer(state, "momentum_buffer", p) if momentum > 0 else None
            v *= alpha
            v += (1 - alpha) * g * g
            if centered:
                a = buffer(state, "grad_avg", p)
                a *= alpha
                a += (1 - alpha) * g
                d = np.sqrt(v - a * a)
            else:
                d = np.sqrt(v)
            d += eps
            if b is None:
                p -= lr * g / d
            else:
                b *= momentum
                b += g / d
                p -= lr * b
