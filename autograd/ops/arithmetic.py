"""The arithmetic operators: + - * / ** and unary minus."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Elementwise, OpError
from ..tensor import Tensor, method
from .elementwise import Flat
from .lift import floating, lift, lift_pair


class Add(Elementwise):
    """x + y;  d/dx = 1,  d/dy = 1."""

    saves_inputs = False

    def forward(self, x, y):
        return x + y

    def backward(self, g, out, x, y):
        return g, g


class Sub(Elementwise):
    """x - y;  d/dx = 1,  d/dy = -1."""

    saves_inputs = False

    def forward(self, x, y):
        return x - y

    def backward(self, g, out, x, y):
        return g, (-g if self.needs(1) else None)


class Neg(Elementwise):
    """-x;  d/dx = -1."""

    saves_inputs = False

    def forward(self, x):
        return -x

    def backward(self, g, out, x):
        return -g


class Mul(Elementwise):
    """x * y;  d/dx = y,  d/dy = x."""

    def forward(self, x, y):
        return x * y

    def backward(self, g, out, x, y):
        return (g * y if self.needs(0) else None), (g * x if self.needs(1) else None)


class Div(Elementwise):
    """x / y;  d/dx = 1/y,  d/dy = -x/y^2 = -out/y."""

    saves_output = True

    def forward(self, x, y):
        return x / y

    def backward(self, g, out, x, y):
        gx = g / y if self.needs(0) else None
        gy = -g * out / y if self.needs(1) else None
        return gx, gy


class Pow(Elementwise):
    """x ** y;  d/dx = y * x^(y-1) (0 where y = 0),  d/dy = x^y * log(x) (0 where x = 0 <= y)."""

    saves_output = True

    def forward(self, x, y):
        return x**y

    def backward(self, g, out, x, y):
        gx = gy = None
        if self.needs(0):
            gx = g * (y * x ** (y - 1))
            flat = np.asarray(y) == 0  # x^0 is flat in x: 0 where the formula gives 0 * inf, NaN
            if flat.any():  # (the check spares the common case the masking)
                gx = np.where(flat & np.isnan(np.asarray(gx)), 0, gx)
        if self.needs(1):
            flat = np.asarray(x) == 0  # 0^y is flat in y for y >= 0, where dy has log(0)
            if flat.any():
                with np.errstate(divide="ignore", invalid="ignore"):  # log(0): masked just below
                    dy = np.where(flat & (np.asarray(y) >= 0), 0, out * np.log(x))
            else:
                dy = out * np.log(x)
            gy = g * dy
        return gx, gy


class FloorDiv(Flat, Elementwise):
    """x / y rounded down (Python's //);  d/dx = 0,  d/dy = 0."""

    def forward(self, x, y):
        return np.floor_divide(x, y)


class TruncDiv(Flat, Elementwise):
    """x / y rounded toward zero;  d/dx = 0,  d/dy = 0."""

    def forward(self, x, y):
        if x.dtype.kind == "f":
            return np.trunc(x / y)
        q = x // y  # integers: one below the truncation where inexact and negative
        return q + ((q < 0) & (q * y != x))


_ROUNDED = {"floor": FloorDiv, "trunc": TruncDiv}


def _scaled(y: Any, alpha: float) -> Any:
    """alpha * y: a Python number stays one (exact, and weak in type promotion)."""
    return y * alpha if type(y) in (int, float) else mul(y, alpha)


@method("add", "__add__", reflected="__radd__", numpy=np.add)
def add(x: Any, y: Any, *, alpha: float = 1) -> Tensor:
    """x + alpha * y, broadcast."""
    return Add.apply(*lift_pair(x, y if alpha == 1 else _scaled(y, alpha)))


@method("sub", "__sub__", reflected="__rsub__", numpy=np.subtract)
def sub(x: Any, y: Any, *, alpha: float = 1) -> Tensor:
    """x - alpha * y, broadcast."""
    return Sub.apply(*lift_pair(x, y if alpha == 1 else _scaled(y, alpha)))


@method("mul", "__mul__", reflected="__rmul__", numpy=np.multiply)
def mul(x: Any, y: Any) -> Tensor:
    """x * y elementwise, broadcast."""
    return Mul.apply(*lift_pair(x, y))


@method("div", "__truediv__", reflected="__rtruediv__", numpy=np.divide)
def div(x: Any, y: Any, *, rounding_mode: str | None = None) -> Tensor:
    """x / y elementwise, broadcast: true division (integers give the default float dtype), or
    rounded toward zero (`rounding_mode='trunc'`) or down ('floor'), with zero gradient."""
    x, y = lift_pair(x, y)
    if rounding_mode is None:
        return Div.apply(floating(x), floating(y))
    if rounding_mode not in _ROUNDED:
        raise OpError(f"div: rounding_mode must be None, 'trunc' or 'floor', got {rounding_mode!r}")
    return _ROUNDED[rounding_mode].apply(x, y)


@method("pow", "__pow__", reflected="__rpow__", numpy=np.power)
def pow(x: Any, y: Any) -> Tensor:  # noqa: A001 - the operator's name
    """x ** y elementwise, broadcast."""
    return Pow.apply(*lift_pair(x, y))


@method("neg", "__neg__", numpy=np.negative)
def neg(x: Any) -> Tensor:
    """-x."""
    return Neg.apply(lift(x))


@method("positive", "__pos__", numpy=np.positive)
def positive(x: Any) -> Tensor:
    """+x: x itself."""
    return lift(x)
