"""Activation layers: each calls one function (an autograd op, or its nn.functional form) with
the layer's settings; a bad input's error names the layer by its repr."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import autograd
from autograd import Tensor

from . import functional as F
from .module import Module


class FunctionModule(Module):
    """A layer that is `function(*inputs, **settings())`: the loss layers' base too."""

    function: Callable[..., Tensor]

    def settings(self) -> dict[str, Any]:
        """The keyword arguments the function takes from the layer."""
        return {}

    def forward(self, *inputs: Any) -> Tensor:
        try:
            return type(self).function(*inputs, **self.settings())
        except (ValueError, TypeError) as err:  # said in the layer's terms (OpError included)
            raise type(err)(f"{self!r}: {err}") from None


class ReLU(FunctionModule):
    """max(x, 0)."""

    function = autograd.relu


class Tanh(FunctionModule):
    """tanh(x)."""

    function = autograd.tanh


class Sigmoid(FunctionModule):
    """1 / (1 + exp(-x))."""

    function = autograd.sigmoid


class ReLU6(FunctionModule):
    """min(max(x, 0), 6)."""

    function = autograd.relu6


class SiLU(FunctionModule):
    """x * sigmoid(x)."""

    function = autograd.silu


class LeakyReLU(FunctionModule):
    """x where x > 0, else negative_slope * x."""

    function = autograd.leaky_relu

    def __init__(self, negative_slope: float = 0.01) -> None:
        super().__init__()
        self.negative_slope = negative_slope

    def settings(self) -> dict[str, Any]:
        return {"negative_slope": self.negative_slope}

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}"


class ELU(FunctionModule):
    """x where x > 0, else alpha * (exp(x) - 1)."""

    function = autograd.elu

    def __init__(self, alpha: float = 1.0) -> None:
        super().__init__()
        self.alpha = alpha

    def settings(self) -> dict[str, Any]:
        return {"alpha": self.alpha}

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}"


class GELU(FunctionModule):
    """x * Phi(x), Phi the standard normal CDF (approximate='tanh': its tanh form)."""

    function = autograd.gelu

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        self.approximate = approximate

    def settings(self) -> dict[str, Any]:
        return {"approximate": self.approximate}

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class Softplus(FunctionModule):
    """log(1 + exp(beta * x)) / beta; x where beta * x > threshold."""

    function = autograd.softplus

    def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
        super().__init__()
        self.beta, self.threshold = beta, threshold

    def settings(self) -> dict[str, Any]:
        return {"beta": self.beta, "threshold": self.threshold}

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class Softmax(FunctionModule):
    """exp(x) normalised to sum to 1 along `dim`."""

    function = F.softmax

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def settings(self) -> dict[str, Any]:
        return {"dim": self.dim}

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Softmax):
    """log(softmax(x)) along `dim`."""

    function = F.log_softmax
