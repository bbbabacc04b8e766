"""Weight initialisation: Xavier (Glorot) and He (Kaiming, MSRA), from autograd's generator."""

from __future__ import annotations

import math

import numpy as np

from autograd import Tensor, no_grad
from autograd.random import generator


def _fans(t: Tensor) -> tuple[int, int]:
    """(fan_in, fan_out) of a weight of shape (out, in, *kernel)."""
    if t.ndim < 2:
        raise ValueError(f"init: fan in/out need a weight of 2+ dims, got shape {t.shape}")
    receptive = int(np.prod(t.shape[2:]))
    return t.shape[1] * receptive, t.shape[0] * receptive


def _fill(t: Tensor, values: np.ndarray) -> Tensor:
    with no_grad():
        t.copy_(values)
    return t


def uniform_(t: Tensor, a: float = 0.0, b: float = 1.0) -> Tensor:
    """Fill with U(a, b)."""
    return _fill(t, generator().uniform(a, b, t.shape))


def normal_(t: Tensor, mean: float = 0.0, std: float = 1.0) -> Tensor:
    """Fill with N(mean, std^2)."""
    return _fill(t, generator().normal(mean, std, t.shape))


def zeros_(t: Tensor) -> Tensor:
    """Fill with zeros."""
    return _fill(t, np.zeros(t.shape))


def xavier_uniform_(t: Tensor, gain: float = 1.0) -> Tensor:
    """Xavier/Glorot: U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out)); keeps variance for tanh."""
    fan_in, fan_out = _fans(t)
    a = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return uniform_(t, -a, a)


def xavier_normal_(t: Tensor, gain: float = 1.0) -> Tensor:
    """Xavier/Glorot: N(0, gain^2 * 2 / (fan_in + fan_out))."""
    fan_in, fan_out = _fans(t)
    return normal_(t, 0.0, gain * math.sqrt(2.0 / (fan_in + fan_out)))


def kaiming_uniform_(t: Tensor, a: float = 0.0) -> Tensor:
    """He/MSRA for ReLU (leaky slope `a`): U(-b, b), b = sqrt(6 / ((1 + a^2) fan_in))."""
    fan_in, _ = _fans(t)
    return uniform_(
        t, -math.sqrt(6.0 / ((1 + a * a) * fan_in)), math.sqrt(6.0 / ((1 + a * a) * fan_in))
    )


def kaiming_normal_(t: Tensor, a: float = 0.0) -> Tensor:
    """He/MSRA for ReLU (leaky slope `a`): N(0, 2 / ((1 + a^2) fan_in))."""
    fan_in, _ = _fans(t)
    return normal_(t, 0.0, math.sqrt(2.0 / ((1 + a * a) * fan_in)))
