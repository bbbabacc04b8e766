"""Elementwise choices between two tensors: maximum, minimum, where; and comparisons."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..function import Elementwise, OpError
from ..tensor import Tensor, make_tensor, method
from .elementwise import masked
from .lift import lift_pair


class Maximum(Elementwise):
    """max(x, y);  the gradient goes to the larger input, split in half at ties and to both where
    one is NaN (as PyTorch)."""

    pick, smaller = staticmethod(np.maximum), staticmethod(np.less)

    def forward(self, x, y):
        return self.pick(x, y)

    def backward(self, g, out, x, y):
        x, y = np.asarray(x), np.asarray(y)  # only compared: constants of the backward
        half = np.where(x == y, g * 0.5, g)  # ties share it (NaN goes to both, as PyTorch)
        gx = masked(half, ~self.smaller(x, y)) if self.needs(0) else None
        gy = masked(half, ~self.smaller(y, x)) if self.needs(1) else None
        return gx, gy


class Minimum(Maximum):
    """min(x, y);  the gradient goes to the smaller input, split in half at ties and to both where
    one is NaN."""

    pick, smaller = staticmethod(np.minimum), staticmethod(np.greater)


class Where(Elementwise):
    """x where cond, else y;  d/dx = cond, d/dy = not cond."""

    saves_inputs = False

    def forward(self, x, y, cond):
        self.cond = cond
        return np.where(cond, x, y)

    def backward(self, g, out, x, y):
        zero = np.zeros((), dtype=g.dtype)
        gx = np.where(self.cond, g, zero) if self.needs(0) else None
        gy = np.where(self.cond, zero, g) if self.needs(1) else None
        return gx, gy


@method("maximum", numpy=np.maximum)
def maximum(x: Any, y: Any) -> Tensor:
    """Elementwise maximum, broadcast."""
    return Maximum.apply(*lift_pair(x, y))


@method("minimum", numpy=np.minimum)
def minimum(x: Any, y: Any) -> Tensor:
    """Elementwise minimum, broadcast."""
    return Minimum.apply(*lift_pair(x, y))


@method(numpy=np.where)
def where(cond: Any, x: Any, y: Any) -> Tensor:
    """Elementwise choice: x where `cond` is true, else y (all three broadcast)."""
    x, y = lift_pair(x, y)
    return Where.apply(x, y, cond=np.asarray(cond.data if isinstance(cond, Tensor) else cond))


def _comparison(name: str, ufunc: np.ufunc, symbol: str) -> Any:
    """The op `name` (also Tensor's `__{name}__`): x `symbol` y elementwise, broadcast; the
    result is a boolean tensor outside the graph (a comparison has no gradient)."""

    def compare(x: Any, y: Any) -> Tensor:
        x, y = lift_pair(x, y)
        try:
            return make_tensor(np.asarray(ufunc(x.data, y.data)))
        except ValueError as err:
            raise ValueError(f"{name}: {err} (shapes {x.shape} and {y.shape})") from None

    compare.__name__ = compare.__qualname__ = name  # errors name `lt`, not `compare`
    compare.__code__ = compare.__code__.replace(co_name=name)
    compare.__doc__ = f"x {symbol} y elementwise, broadcast (boolean)."
    return method(name, f"__{name}__", numpy=ufunc)(compare)


lt = _comparison("lt", np.less, "<")
le = _comparison("le", np.less_equal, "<=")
gt = _comparison("gt", np.greater, ">")
ge = _comparison("ge", np.greater_equal, ">=")
eq = _comparison("eq", np.equal, "==")
ne = _comparison("ne", np.not_equal, "!=")


@method("isclose", numpy=np.isclose)
def isclose(
    x: Any, y: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> Tensor:
    """|x - y| <= atol + rtol * |y| elementwise, broadcast (boolean): infinities are close to
    themselves, NaN only to NaN and only with `equal_nan`."""
    x, y = lift_pair(x, y)
    try:
        return make_tensor(np.asarray(np.isclose(x.data, y.data, rtol, atol, equal_nan)))
    except ValueError as err:
        raise OpError(f"isclose: {err} (shapes {x.shape} and {y.shape})") from None


@method("allclose", numpy=np.allclose)
def allclose(
    x: Any, y: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> bool:
    """Whether x and y are close everywhere (isclose), as a Python bool."""
    return bool(isclose(x, y, rtol, atol, equal_nan).data.all())
