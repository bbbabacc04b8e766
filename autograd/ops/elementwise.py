"""Elementwise functions of one tensor, each with its derivative."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Elementwise
from ..tensor import Tensor, method
from .lift import floating, lift


def _sign(x: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """1, -1 or 0 (at 0 and at NaN, as PyTorch's sign) as `dtype`."""
    return np.subtract(x > 0, x < 0, dtype=dtype)


class Exp(Elementwise):
    """exp(x);  d/dx = exp(x) = out."""

    saves_inputs, saves_output = False, True

    def forward(self, x):
        return np.exp(x)

    def backward(self, g, out, x):
        return g * out


class Log(Elementwise):
    """log(x);  d/dx = 1/x."""

    def forward(self, x):
        return np.log(x)

    def backward(self, g, out, x):
        return g / x


class Sqrt(Elementwise):
    """sqrt(x);  d/dx = 1 / (2 sqrt(x)) = 0.5 / out."""

    saves_inputs, saves_output = False, True

    def forward(self, x):
        return np.sqrt(x)

    def backward(self, g, out, x):
        return g * 0.5 / out


class Abs(Elementwise):
    """|x|;  d/dx = sign(x) (0 at the kink and at NaN, as PyTorch)."""

    def forward(self, x):
        return np.abs(x)

    def backward(self, g, out, x):
        return g * _sign(np.asarray(x), g.dtype)  # the sign is flat: a constant of the backward


class Sin(Elementwise):
    """sin(x);  d/dx = cos(x)."""

    def forward(self, x):
        return np.sin(x)

    def backward(self, g, out, x):
        return g * np.cos(x)


class Cos(Elementwise):
    """cos(x);  d/dx = -sin(x)."""

    def forward(self, x):
        return np.cos(x)

    def backward(self, g, out, x):
        return -(g * np.sin(x))


class Tanh(Elementwise):
    """tanh(x);  d/dx = 1 - tanh(x)^2 = 1 - out^2."""

    saves_inputs, saves_output = False, True

    def forward(self, x):
        return np.tanh(x)

    def backward(self, g, out, x):
        return g * (1 - out * out)


class Sigmoid(Elementwise):
    """sigmoid(x) = 1 / (1 + exp(-x));  d/dx = out * (1 - out)."""

    saves_inputs, saves_output = False, True

    def forward(self, x):
        e = np.exp(-np.abs(x))  # never overflows: exp of a non-positive number
        return np.where(x >= 0, 1 / (1 + e), e / (1 + e))

    def backward(self, g, out, x):
        return g * out * (1 - out)


class Relu(Elementwise):
    """max(x, 0);  d/dx = 1 where x > 0 or x is NaN (as PyTorch), else 0."""

    saves_inputs, saves_output = False, True

    def forward(self, x):
        return np.maximum(x, 0)

    def backward(self, g, out, x):
        return g * (np.asarray(out) != 0)  # out is 0 exactly where x <= 0


class Clip(Elementwise):
    """x limited to [lo, hi];  d/dx = 1 inside (bounds included, as PyTorch's clamp), else 0."""

    def forward(self, x, lo, hi):
        self.lo, self.hi = lo, hi
        return np.clip(x, lo, hi)

    def backward(self, g, out, x):
        x = np.asarray(x)  # only compared: a constant of the backward
        inside = np.ones(x.shape, dtype=bool)
        if self.lo is not None:
            inside &= x >= self.lo
        if self.hi is not None:
            inside &= x <= self.hi
        return g * inside


@method("exp", numpy=np.exp)
def exp(x: Any) -> Tensor:
    """e ** x elementwise."""
    return Exp.apply(floating(x))


@method("log", numpy=np.log)
def log(x: Any) -> Tensor:
    """Natural logarithm elementwise."""
    return Log.apply(floating(x))


@method("sqrt", numpy=np.sqrt)
def sqrt(x: Any) -> Tensor:
    """Square root elementwise."""
    return Sqrt.apply(floating(x))


@method("abs", "__abs__", numpy=np.absolute)
def abs(x: Any) -> Tensor:  # noqa: A001 - numpy's and PyTorch's name
    """Absolute value elementwise."""
    return Abs.apply(lift(x))


@method("sin", numpy=np.sin)
def sin(x: Any) -> Tensor:
    """Sine elementwise."""
    return Sin.apply(floating(x))


@method("cos", numpy=np.cos)
def cos(x: Any) -> Tensor:
    """Cosine elementwise."""
    return Cos.apply(floating(x))


@method("tanh", numpy=np.tanh)
def tanh(x: Any) -> Tensor:
    """Hyperbolic tangent elementwise."""
    return Tanh.apply(floating(x))


@method("sigmoid")
def sigmoid(x: Any) -> Tensor:
    """Logistic sigmoid elementwise, stable for large |x|."""
    return Sigmoid.apply(floating(x))


@method("relu")
def relu(x: Any) -> Tensor:
    """max(x, 0) elementwise."""
    return Relu.apply(lift(x))


@method("clip", "clamp", numpy=np.clip)
def clip(x: Any, min: float | None = None, max: float | None = None) -> Tensor:  # noqa: A002
    """x limited to [min, max] elementwise (either bound may be None); alias `clamp`."""
    if min is None and max is None:
        raise ValueError("clip: give at least one of min and max")
    return Clip.apply(lift(x), lo=min, hi=max)
