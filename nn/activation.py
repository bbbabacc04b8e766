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
        except (ValueError, TypeError, RuntimeError) as err:  # said in the layer's terms
            raise type(err)(f"{self!r}: {err}") from None


class _InPlace(FunctionModule):
    """An activation that takes PyTorch's `inplace` (see `nn.functional.relu`: in place only on a
    tensor the graph does not record; refused, loudly, on one it does)."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def settings(self) -> dict[str, Any]:
        return {"inplace": self.inplace}

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class ReLU(_InPlace):
    """max(x, 0)."""

    function = F.relu


class Tanh(FunctionModule):
    """tanh(x)."""

    function = autograd.tanh


class Sigmoid(FunctionModule):
    """1 / (1 + exp(-x))."""

    function = autograd.sigmoid


class ReLU6(_InPlace):
    """min(max(x, 0), 6)."""

    function = F.relu6


class SiLU(_InPlace):
    """x * sigmoid(x)."""

    function = F.silu


class LeakyReLU(_InPlace):
    """x where x > 0, else negative_slope * x."""

    function = F.leaky_relu

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False) -> None:
        super().__init__(inplace)
        self.negative_slope = negative_slope

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "negative_slope": self.negative_slope}

    def extra_repr(self) -> str:
        return ", ".join(
            filter(None, [f"negative_slope={self.negative_slope}", super().extra_repr()])
        )


class ELU(_InPlace):
    """x where x > 0, else alpha * (exp(x) - 1)."""

    function = F.elu

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__(inplace)
        self.alpha = alpha

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "alpha": self.alpha}

    def extra_repr(self) -> str:
        return ", ".join(filter(None, [f"alpha={self.alpha}", super().extra_repr()]))


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
