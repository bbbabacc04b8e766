"""Adam and AdamW: steps from running averages of the gradient and of its square, bias-corrected;
AdamW is Adam with the weight decay taken out of those averages."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

import numpy as np

from autograd import Tensor

from .optimizer import Optimizer, ParamGroup, ParamsT
from .terms import buffer, count_step, followed_grad

_settings = itemgetter(
    "lr", "betas", "eps", "weight_decay", "amsgrad", "maximize", "decoupled_weight_decay"
)


class Adam(Optimizer):
    """Adam, as `torch.optim.Adam`. For each parameter p with a gradient, at its step t:

        g <- -p.grad if maximize else p.grad
        p <- p - lr * weight_decay * p              (if decoupled_weight_decay: AdamW)
        g <- g + weight_decay * p                   (otherwise)
        m <- beta1 * m + (1 - beta1) * g
        v <- beta2 * v + (1 - beta2) * g^2
        u <- max(u, v) if amsgrad, else v
        p <- p - lr / (1 - beta1^t) * m / (sqrt(u) / sqrt(1 - beta2^t) + eps)

    m, v and u start at 0; `state[p]` holds them as "exp_avg", "exp_avg_sq" and "max_exp_avg_sq"
    (if amsgrad), and t in "step". A NaN gradient spreads into the parameters, as in PyTorch:
    `autograd.detect_anomaly()` names the op that made it, and
    `nn.utils.clip_grad_norm_(params, max_norm, error_if_nonfinite=True)` stops it before the step.
    """

    _buffers = ("exp_avg", "exp_avg_sq", "max_exp_avg_sq")

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
        decoupled_weight_decay: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "betas": tuple(betas) if isinstance(betas, list) else betas,
            "eps": eps,
            "weight_decay": weight_decay,
            "amsgrad": amsgrad,
            "maximize": maximize,
            "decoupled_weight_decay": decoupled_weight_decay,
        }
        super().__init__(params, defaults)

    def _check_settings(self, settings: dict[str, Any], where: str) -> None:
        """lr and weight_decay >= 0, eps > 0 (stricter than PyTorch, which takes 0); betas a
        pair of numbers in [0, 1)."""
        super()._check_settings(settings, where)
        self._check_non_negative(settings, "weight_decay", where)
        self._check_positive(settings, "eps", where)
        betas = settings["betas"]
        if not isinstance(betas, tuple | list) or len(betas) != 2:
            raise TypeError(f"{where}: betas must be a pair of numbers, got {betas!r}")
        for i, beta in enumerate(betas):
            self._check_fraction({f"betas[{i}]": beta}, f"betas[{i}]", where)

    def _update_group(
        self, group: ParamGroup, params_and_grads: list[tuple[Tensor, np.ndarray]]
    ) -> None:
        """The update in the class docstring, for one group, in place on each parameter."""
        lr, (beta1, beta2), eps, weight_decay, amsgrad, maximize, decoupled = _settings(group)
        for p, g in params_and_grads:
            g = followed_grad(p, g, 0 if decoupled else weight_decay, maximize)
            if decoupled and weight_decay != 0:
                p *= 1 - lr * weight_decay
            state = self.state[p]
            t = count_step(state)
            m, v = buffer(state, "exp_avg", p), buffer(state, "exp_avg_sq", p)
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            v += (1 - beta2) * g * g
            u = v
            if amsgrad:
                u = buffer(state, "max_exp_avg_sq", p)
                np.maximum(u, v, out=u)
            denom = np.sqrt(u)
            denom /= (1 - beta2**t) ** 0.5
            denom += eps
            p -= lr / (1 - beta1**t) * m / denom


class AdamW(Adam):
    """AdamW, as `torch.optim.AdamW`: Adam with decoupled weight decay (`decoupled_weight_decay`
    is True, and made True again by `load_state_dict`, as PyTorch does), so that the decay
    p <- p - lr * weight_decay * p stays out of the averages m and v. See `Adam` for the update,
    the state it keeps and what a NaN gradient does.
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
    ) -> None:
        super().__init__(
            params,
            lr,
            betas,
            eps,
            weight_decay,
            amsgrad,
            maximize=maximize,
            decoupled_weight_decay=True,
        )

    def _loaded_group(self, saved: ParamGroup, group: ParamGroup, where: str) -> ParamGroup:
        """As the base loads a group, with decoupled_weight_decay True."""
        return {**super()._loaded_group(saved, group, where), "decoupled_weight_decay": True}
