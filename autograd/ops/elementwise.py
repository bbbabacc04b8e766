"""Elementwise functions of one tensor (and atan2, lerp of several), each with its derivative."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Elementwise, OpError
from ..tensor import Tensor, make_tensor, method
from .lift import floating, lift, lift_all, lift_pair, result_dtype


def _sign(x: np.ndarray) -> np.ndarray:
    """1, -1, or 0 at +-0 and at NaN (as PyTorch's sign), for floating x."""
    return np.copysign(np.abs(x) > 0, x) + 0  # + 0 turns -0 into 0


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
        return g * _sign(np.asarray(x))  # the sign is flat: a constant of the backward


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
        # PyTorch's formula, twice as fast as a where of two stable branches: where exp(-x)
        # overflows to inf, 1 / inf is the right limit 0
        with np.errstate(over="ignore"):
            return 1 / (1 + np.exp(-x))

    def backward(self, g, out, x):
        return g * out * (1 - out)


def masked(g: Any, keep: np.ndarray) -> Any:
    """g where `keep`, exactly 0 elsewhere (an infinite g gives 0 there, not 0 * inf = NaN, as
    PyTorch). Multiplying is 3x faster than np.where on large arrays (np.where branches on each
    element), so there np.where runs only when a NaN in the product says it may have gone wrong;
    on small ones np.where's one call beats a product and its check."""
    if keep.size <= _SMALL:  # (keep: an array or numpy bool; g may be a Tensor)
        return np.where(keep, g, np.zeros((), g.dtype))
    out = g * keep
    if np.isnan(np.asarray(out)).any():
        out = np.where(keep, g, np.zeros((), g.dtype))
    return out


_SMALL = 2048  # elements: below, np.where is faster than multiplying and checking (measured)


class Relu(Elementwise):
    """max(x, 0);  d/dx = 1 where x > 0 or x is NaN (as PyTorch), else 0."""

    saves_inputs, saves_output = False, True

    def forward(self, x):
        return np.maximum(x, 0)

    def backward(self, g, out, x):
        return masked(g, np.asarray(out) != 0)  # 0 just where x <= 0


class Clip(Elementwise):
    """x limited to [lo, hi];  d/dx = 1 where lo <= x <= hi (bounds included as PyTorch's clamp),
    d/dlo = 1 where x < lo < hi,  d/dhi = 1 where x > hi or hi < lo."""

    def forward(self, x, lo, hi, capped):
        self.capped = capped  # False: hi is +inf standing for no bound (lo < hi is not asked)
        return np.clip(x, lo, hi)

    def backward(self, g, out, x, lo, hi):
        x, lo, hi = np.asarray(x), np.asarray(lo), np.asarray(hi)  # only compared: constants
        gx = masked(g, (x >= lo) & (x <= hi)) if self.needs(0) else None
        glo = None
        if self.needs(1):
            glo = masked(g, (x < lo) & (lo < hi) if self.capped else x < lo)
        ghi = masked(g, (x > hi) | (hi < lo)) if self.needs(2) else None
        return gx, glo, ghi


class Flat:
    """The backward of a piecewise-constant op (mixed in before Elementwise): its gradient is 0
    everywhere, steps included (as PyTorch's)."""

    saves_inputs = False

    def backward(self, g, out, *inputs):
        return (np.zeros(g.shape, g.dtype),) * len(inputs)


class Sign(Flat, Elementwise):
    """sign(x): 1, -1, or 0 at 0 and at NaN (as PyTorch);  d/dx = 0."""

    def forward(self, x):
        if x.dtype.kind == "f":
            return _sign(x)
        return x.copy() if x.dtype == bool else np.sign(x)


class Floor(Flat, Elementwise):
    """floor(x), the largest integer <= x;  d/dx = 0."""

    def forward(self, x):
        return np.floor(x)


class Ceil(Flat, Elementwise):
    """ceil(x), the smallest integer >= x;  d/dx = 0."""

    def forward(self, x):
        return np.ceil(x)


class Round(Flat, Elementwise):
    """x rounded to `decimals` digits, halves to even;  d/dx = 0."""

    def forward(self, x, decimals):
        return np.round(x, decimals)


class Log1p(Elementwise):
    """log(1 + x), exact for tiny x;  d/dx = 1 / (1 + x)."""

    def forward(self, x):
        return np.log1p(x)

    def backward(self, g, out, x):
        return g / (x + 1)


class Expm1(Elementwise):
    """exp(x) - 1, exact for tiny x;  d/dx = exp(x) = out + 1."""

    saves_inputs, saves_output = False, True

    def forward(self, x):
        return np.expm1(x)

    def backward(self, g, out, x):
        return g * (out + 1)


class Rsqrt(Elementwise):
    """1 / sqrt(x);  d/dx = -1 / (2 x sqrt(x)) = -0.5 out^3."""

    saves_inputs, saves_output = False, True  # fused: one node, not sqrt's and div's

    def forward(self, x):
        return 1 / np.sqrt(x)

    def backward(self, g, out, x):
        return -0.5 * g * out**3


class Atan2(Elementwise):
    """atan2(x, y), the angle of the point (y, x);  d/dx = y / (x^2 + y^2),
    d/dy = -x / (x^2 + y^2) (both 0 at the origin, as PyTorch)."""

    def forward(self, x, y):
        return np.arctan2(x, y)

    def backward(self, g, out, x, y):
        d = x * x + y * y
        r = np.where(np.asarray(d) == 0, 0, 1 / d)  # 0 at the origin (and underflow), as PyTorch
        return (g * y * r if self.needs(0) else None), (g * -x * r if self.needs(1) else None)


class Lerp(Elementwise):
    """x + w (y - x);  d/dx = 1 - w,  d/dy = w,  d/dw = y - x."""

    def forward(self, x, y, w):
        small = np.abs(w) < 0.5  # PyTorch's two forms: each exact at its end (w = 0, w = 1)
        return np.where(small, x + w * (y - x), y - (y - x) * (1 - w))

    def backward(self, g, out, x, y, w):
        gx = g * (1 - w) if self.needs(0) else None
        gy = g * w if self.needs(1) else None
        gw = g * (y - x) if self.needs(2) else None
        return gx, gy, gw


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


@method("sign", numpy=np.sign)
def sign(x: Any) -> Tensor:
    """1 where x > 0, -1 where x < 0, else 0 (NaN included), elementwise; zero gradient."""
    return Sign.apply(lift(x))


@method("floor", numpy=np.floor)
def floor(x: Any) -> Tensor:
    """The largest integer <= x elementwise (integers stay integers); zero gradient."""
    return Floor.apply(lift(x))


@method("ceil", numpy=np.ceil)
def ceil(x: Any) -> Tensor:
    """The smallest integer >= x elementwise (integers stay integers); zero gradient."""
    return Ceil.apply(lift(x))


@method("round", "__round__", numpy=(np.round, np.around))
def round(x: Any, decimals: int = 0) -> Tensor:  # noqa: A001 - PyTorch's name
    """x rounded to `decimals` digits elementwise, halves to even; zero gradient."""
    return Round.apply(lift(x), decimals=decimals)


@method("reciprocal", numpy=np.reciprocal)
def reciprocal(x: Any) -> Tensor:
    """1 / x elementwise (integers give the default float dtype)."""
    return 1 / lift(x)


@method("rsqrt")
def rsqrt(x: Any) -> Tensor:
    """1 / sqrt(x) elementwise."""
    return Rsqrt.apply(floating(x))


@method("square", numpy=np.square)
def square(x: Any) -> Tensor:
    """x * x elementwise (integers stay integers)."""
    x = lift(x)
    return x * x


@method("log1p", numpy=np.log1p)
def log1p(x: Any) -> Tensor:
    """log(1 + x) elementwise, exact for tiny x."""
    return Log1p.apply(floating(x))


@method("expm1", numpy=np.expm1)
def expm1(x: Any) -> Tensor:
    """exp(x) - 1 elementwise, exact for tiny x."""
    return Expm1.apply(floating(x))


@method("atan2", "arctan2", numpy=np.arctan2)
def atan2(x: Any, other: Any) -> Tensor:
    """The angle of the point (other, x) in (-pi, pi] elementwise, broadcast (atan(x / other)
    in the right quadrant)."""
    x, other = lift_pair(x, other)
    return Atan2.apply(floating(x), floating(other))


@method("lerp")
def lerp(x: Any, end: Any, weight: Any) -> Tensor:
    """x + weight * (end - x) elementwise, broadcast; `weight` a number or a tensor."""
    return Lerp.apply(*(floating(t) for t in lift_all([x, end, weight])))
