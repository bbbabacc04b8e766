"""Elementwise functions of one tensor, each with its derivative."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Elementwise, OpError
from ..tensor import Tensor, make_tensor, method
from .lift import floating, lift, result_dtype


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
    """x limited to [lo, hi];  d/dx = 1 where lo <= x <= hi (bounds included as PyTorch's clamp),
    d/dlo = 1 where x < lo < hi,  d/dhi = 1 where x > hi or hi < lo."""

    def forward(self, x, lo, hi, capped):
        self.capped = capped  # False: hi is +inf standing for no bound (lo < hi is not asked)
        return np.clip(x, lo, hi)

    def backward(self, g, out, x, lo, hi):
        x, lo, hi = np.asarray(x), np.asarray(lo), np.asarray(hi)  # only compared: constants
        gx = g * ((x >= lo) & (x <= hi)) if self.needs(0) else None
        glo = None
        if self.needs(1):
            glo = g * ((x < lo) & (lo < hi) if self.capped else x < lo)
        ghi = g * ((x > hi) | (hi < lo)) if self.needs(2) else None
        return gx, glo, ghi


_NUMBERS = {int, float, type(None)}  # bounds that never change a float tensor's dtype


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
def clip(x: Any, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
    """x limited to [min, max] elementwise: numbers or tensors (broadcast, gradients flow to
    them), either may be None; alias `clamp`."""
    if min is None and max is None:
        raise OpError("clip: give at least one of min and max (got None for both)")
    if isinstance(x, Tensor) and x.data.dtype.kind == "f" and {type(min), type(max)} <= _NUMBERS:
        dtype = x.data.dtype  # the common case first: numbers never change a float's dtype
    else:
        dtype = result_dtype(*[v for v in (x, min, max) if v is not None])
    lo = _unbounded(dtype, -1) if min is None else lift(min, dtype)
    hi = _unbounded(dtype, 1) if max is None else lift(max, dtype)
    return Clip.apply(lift(x, dtype), lo, hi, capped=max is not None)


def _unbounded(dtype: np.dtype, side: int) -> Tensor:
    """The bound on `side` (-1 below, 1 above) that clips nothing in `dtype`."""
    if dtype.kind == "f":
        return make_tensor(np.array(side * np.inf, dtype))
    if dtype.kind == "b":
        return make_tensor(np.array(side > 0))
    info = np.iinfo(dtype)
    return make_tensor(np.array(info.min if side < 0 else info.max, dtype))
