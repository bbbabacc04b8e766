"""Activation functions fused into one primitive each: one node instead of several, and formulas
that never evaluate exp of a large number (where-built versions do, and give NaN gradients)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..function import Elementwise, OpError
from ..tensor import Tensor, method
from .elementwise import Sigmoid, masked, sigmoid
from .lift import floating

_SQRT1_2 = math.sqrt(0.5)
_INV_SQRT_2PI = 1 / math.sqrt(2 * math.pi)
_TANH_SCALE = math.sqrt(2 / math.pi)  # GELU's tanh approximation: tanh(s (x + k x^3))
_TANH_CUBE = 0.044715
_erf_array = np.frompyfunc(math.erf, 1, 1)  # numpy has no erf; libm's, as PyTorch's


def _erf(x: Any) -> Any:
    """erf on an ndarray, or the recorded op on a Tensor (inside a backward formula)."""
    if isinstance(x, Tensor):
        return Erf.apply(x)
    return np.asarray(_erf_array(x), dtype=x.dtype)


def _sigmoid(x: Any) -> Any:
    """The stable sigmoid on an ndarray, or the recorded op on a Tensor."""
    return sigmoid(x) if isinstance(x, Tensor) else Sigmoid.forward(None, x)


def _tanh_form(x: Any) -> Any:
    """GELU's approximation of 2 Phi(x) - 1 (x * x * x: numpy's float32 power is 100x slower)."""
    return np.tanh(_TANH_SCALE * (x + _TANH_CUBE * x * x * x))


class Erf(Elementwise):
    """erf(x), the error function;  d/dx = 2 / sqrt(pi) exp(-x^2)."""

    def forward(self, x):
        return _erf(x)

    def backward(self, g, out, x):
        return g * (2 / math.sqrt(math.pi)) * np.exp(-(x * x))


class LeakyRelu(Elementwise):
    """x where x > 0, else slope x;  d/dx = 1 where x > 0, else slope (at 0 and NaN too)."""

    name = "leaky_relu"

    def forward(self, x, slope):
        self.slope = slope
        return np.where(x > 0, x, x * slope)

    def backward(self, g, out, x):
        x = np.asarray(x)  # only compared: a constant of the backward
        return g * np.where(x > 0, np.ones((), x.dtype), np.array(self.slope, x.dtype))


class Elu(Elementwise):
    """x where x > 0, else alpha (exp(x) - 1);  d/dx = 1 where x > 0, else alpha exp(x) (NaN at
    NaN, as PyTorch's vectorized kernel; exp of x <= 0 only: never overflows)."""

    def forward(self, x, alpha):
        self.alpha = alpha
        return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))

    def backward(self, g, out, x):
        pos = np.asarray(x) > 0
        return g * np.where(pos, 1, self.alpha * np.exp(np.where(pos, 0, x)))


class Relu6(Elementwise):
    """min(max(x, 0), 6);  d/dx = 1 where 0 < x < 6 (0 at both kinks and at NaN, as PyTorch)."""

    def forward(self, x):
        return np.clip(x, 0, 6)

    def backward(self, g, out, x):
        x = np.asarray(x)
        return masked(g, (x > 0) & (x < 6))


class Gelu(Elementwise):
    """x Phi(x), Phi the normal CDF (or its tanh approximation);  d/dx = Phi(x) + x phi(x),
    phi the normal density (or the tanh form's derivative)."""

    def forward(self, x, approximate):
        self.tanh = approximate == "tanh"
        if self.tanh:
            return 0.5 * x * (1 + _tanh_form(x))
        return 0.5 * x * (1 + _erf(x * _SQRT1_2))

    def backward(self, g, out, x):
        if self.tanh:  # PyTorch's order of operations: the same NaN at huge |x|
            t = _tanh_form(x)
            inner = _TANH_SCALE * (1 + 3 * _TANH_CUBE * x * x)
            return g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * inner)
        cdf = 0.5 * (1 + _erf(x * _SQRT1_2))
        return g * (cdf + x * (_INV_SQRT_2PI * np.exp(-0.5 * (x * x))))


class Silu(Elementwise):
    """x sigmoid(x);  d/dx = s (1 + x (1 - s)), s = sigmoid(x)."""

    def forward(self, x):
        return x * _sigmoid(x)

    def backward(self, g, out, x):
        s = _sigmoid(x)
        return g * s * (1 + x * (1 - s))


class Softplus(Elementwise):
    """log(1 + exp(beta x)) / beta, x where beta x > threshold;  d/dx = sigmoid(beta x)
    = 1 - exp(-beta out) (exp of a non-positive number: never overflows), 1 above threshold."""

    saves_output = True

    def forward(self, x, beta, threshold):
        self.beta, self.threshold = beta, threshold
        bx = x * beta
        return np.where(bx > threshold, x, np.log1p(np.exp(np.minimum(bx, threshold))) / beta)

    def backward(self, g, out, x):
        above = np.asarray(x) * self.beta > self.threshold
        return np.where(above, g, g * -np.expm1(-self.beta * out))


@method("erf")
def erf(x: Any) -> Tensor:
    """The error function elementwise."""
    return Erf.apply(floating(x))


def leaky_relu(x: Any, negative_slope: float = 0.01) -> Tensor:
    """x where x > 0, else negative_slope * x, elementwise."""
    return LeakyRelu.apply(
        floating(x), slope=_number("leaky_relu", "negative_slope", negative_slope)
    )


def elu(x: Any, alpha: float = 1.0) -> Tensor:
    """x where x > 0, else alpha * (exp(x) - 1), elementwise."""
    return Elu.apply(floating(x), alpha=_number("elu", "alpha", alpha))


def relu6(x: Any) -> Tensor:
    """min(max(x, 0), 6) elementwise."""
    return Relu6.apply(floating(x))


def gelu(x: Any, approximate: str = "none") -> Tensor:
    """x * Phi(x) elementwise, Phi the standard normal CDF; approximate='tanh' for the tanh form."""
    if approximate not in ("none", "tanh"):
        raise OpError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")
    return Gelu.apply(floating(x), approximate=approximate)


def silu(x: Any) -> Tensor:
    """x * sigmoid(x) elementwise (swish)."""
    return Silu.apply(floating(x))


def softplus(x: Any, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """log(1 + exp(beta * x)) / beta elementwise; x itself where beta * x > threshold."""
    beta = _number("softplus", "beta", beta)
    return Softplus.apply(
        floating(x), beta=beta, threshold=_number("softplus", "threshold", threshold)
    )


def _number(op: str, what: str, value: Any) -> float:
    """A setting that must be a real number, as a float."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise TypeError(f"{op}: {what} must be a number, got {type(value).__name__} {value!r}")
    return float(value)
