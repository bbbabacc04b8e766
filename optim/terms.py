"""The pieces update rules share: the gradient a rule follows (its sign, L2 weight decay), the step
counter and the zero-initialised buffers they keep in a parameter's state, as PyTorch keeps them."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Tensor, get_default_dtype

State = dict[str, Any]


def followed_grad(p: Tensor, g: np.ndarray, weight_decay: float, maximize: bool) -> np.ndarray:
    """g <- -g if maximize; g <- g + weight_decay * p. Never write into the result: it may be
    p.grad's own array."""
    if maximize:
        g = -g
    if weight_decay != 0:
        g = g + weight_decay * p.data
    return g


def no_steps() -> Tensor:
    """A step count of 0. As PyTorch's, a 0-d tensor of the default float dtype (float32 unless set
    to float64), whatever the parameter's dtype."""
    return Tensor(np.zeros((), get_default_dtype()))


def count_step(state: State) -> float:
    """Add one to `state["step"]` (made on first use) and return it."""
    if "step" not in state:
        state["step"] = no_steps()
    step = state["step"].data
    step += 1
    return float(step)


def buffer(state: State, key: str, p: Tensor, fill: float = 0.0) -> np.ndarray:
    """The array of `state[key]`, a tensor shaped like p, made filled with `fill` on first use."""
    if key not in state:
        state[key] = Tensor(np.full_like(p.data, fill))
    return state[key].data
