"""logsumexp, softmax and log_softmax: fused primitives, because composing them from exp, sum
and log overflows at inputs near 100 (float32) and costs more ops."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Function
from ..shapes import Axis, dim_aliases, kept_shape, normalize_axis
from ..tensor import Tensor, method
from .lift import floating


def _safe_max(x: np.ndarray, axes: Any) -> np.ndarray:
    """The max over `axes` (kept), to subtract so exp never overflows; 0 where it is +-inf, so
    logsumexp of a row holding +inf (or only -inf) is +inf (-inf), as PyTorch's."""
    m = x.max(axis=axes, keepdims=True)
    return np.where(np.isfinite(m), m, 0)


def stable_log_softmax(x: np.ndarray, axis: Any) -> np.ndarray:
    """log(softmax(x)) along `axis` on an ndarray, without overflow or log(0): every op and loss
    that needs log-probabilities computes them here. A row holding +inf gives NaN, as PyTorch."""
    s = x - x.max(axis=axis, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=axis, keepdims=True))


class Logsumexp(Function):
    """log(sum(exp(x)));  d/dx = exp(x - out) = softmax(x)."""

    saves_output = True

    def forward(self, x, axes, keepdims):
        self.kept = kept_shape(x.shape, axes)
        m = _safe_max(x, axes)
        out = np.log(np.exp(x - m).sum(axis=axes, keepdims=True)) + m
        return out if keepdims else out.reshape([n for i, n in enumerate(x.shape) if i not in axes])

    def backward(self, g, out, x):
        return g.reshape(self.kept) * np.exp(x - out.reshape(self.kept))


class Softmax(Function):
    """exp(x) / sum(exp(x));  vjp: out * (g - sum(g * out))."""

    saves_inputs, saves_output = False, True

    def forward(self, x, axis):
        self.axis = axis
        e = np.exp(x - x.max(axis=axis, keepdims=True))  # +inf in a row: NaN, as PyTorch
        return e / e.sum(axis=axis, keepdims=True)

    def backward(self, g, out, x):
        return out * (g - (g * out).sum(axis=self.axis, keepdims=True))


class LogSoftmax(Function):
    """x - logsumexp(x);  vjp: g - softmax(x) * sum(g) = g - exp(out) * sum(g)."""

    name = "log_softmax"

    saves_inputs, saves_output = False, True

    def forward(self, x, axis):
        self.axis = axis
        return stable_log_softmax(x, axis)

    def backward(self, g, out, x):
        return g - np.exp(out) * g.sum(axis=self.axis, keepdims=True)


@method("logsumexp")
@dim_aliases
def logsumexp(x: Any, axis: Axis = None, keepdims: bool = False) -> Tensor:
    """log(sum(exp(x))) over `axis`, computed without overflow."""
    x = floating(x)
    return Logsumexp.apply(x, axes=normalize_axis(axis, x.ndim, "logsumexp"), keepdims=keepdims)


@method("softmax")
@dim_aliases
def softmax(x: Any, axis: int = -1) -> Tensor:
    """exp(x) normalised to sum to 1 along `axis`, computed without overflow."""
    x = floating(x)
    return Softmax.apply(x, axis=normalize_axis(axis, x.ndim, "softmax"))


@method("log_softmax")
@dim_aliases
def log_softmax(x: Any, axis: int = -1) -> Tensor:
    """log(softmax(x)) along `axis`, computed without overflow or log(0)."""
    x = floating(x)
    return LogSoftmax.apply(x, axis=normalize_axis(axis, x.ndim, "log_softmax"))
