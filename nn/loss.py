"""Loss layers: Modules holding a loss's settings (class weights as buffers, as PyTorch's) and
calling its nn.functional form; a bad input's error names the layer."""

from __future__ import annotations

from typing import Any

from autograd import Tensor
from autograd.ops.loss import check_reduction, floating_operand

from . import functional as F
from .activation import FunctionModule


class _Loss(FunctionModule):
    """A loss: `function(input, target, reduction=..., **settings())`."""

    def __init__(self, reduction: str = "mean", **buffers: Any) -> None:
        super().__init__()
        check_reduction(type(self).__name__, reduction)
        self.reduction = reduction
        for name, value in buffers.items():
            if value is not None:
                value = floating_operand(type(self).__name__, name, value)
            self.register_buffer(name, value)

    def settings(self) -> dict[str, Any]:
        return {"reduction": self.reduction}

    def forward(self, input: Any, target: Any) -> Tensor:  # noqa: A002 - PyTorch's name
        return super().forward(input, target)


class MSELoss(_Loss):
    """(input - target)^2, reduced."""

    function = F.mse_loss


class L1Loss(_Loss):
    """|input - target|, reduced."""

    function = F.l1_loss


class SmoothL1Loss(_Loss):
    """0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta (d = input - target), reduced."""

    function = F.smooth_l1_loss

    def __init__(self, reduction: str = "mean", beta: float = 1.0) -> None:
        super().__init__(reduction)
        self.beta = beta

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "beta": self.beta}


class HuberLoss(_Loss):
    """0.5 d^2 where |d| < delta, else delta (|d| - 0.5 delta) (d = input - target), reduced."""

    function = F.huber_loss

    def __init__(self, reduction: str = "mean", delta: float = 1.0) -> None:
        super().__init__(reduction)
        self.delta = delta

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "delta": self.delta}


class NLLLoss(_Loss):
    """-input[target] for log-probabilities, class-weighted, `ignore_index` left out."""

    function = F.nll_loss

    def __init__(
        self, weight: Any = None, *, ignore_index: int = -100, reduction: str = "mean"
    ) -> None:
        super().__init__(reduction, weight=weight)
        self.ignore_index = ignore_index

    def settings(self) -> dict[str, Any]:
        return {
            **super().settings(),
            "weight": self.weight,
            "ignore_index": self.ignore_index,
        }


class CrossEntropyLoss(_Loss):
    """Softmax cross-entropy against class indices: class weights, `ignore_index`,
    `label_smoothing`, as PyTorch's."""

    function = F.cross_entropy

    def __init__(
        self,
        weight: Any = None,
        *,
        ignore_index: int = -100,
        reduction: str = "mean",
        label_smoothing: float = 0.0,
    ) -> None:
        super().__init__(reduction, weight=weight)
        self.ignore_index, self.label_smoothing = ignore_index, label_smoothing

    def settings(self) -> dict[str, Any]:
        return {
            **super().settings(),
            "weight": self.weight,
            "ignore_index": self.ignore_index,
            "label_smoothing": self.label_smoothing,
        }


class BCELoss(_Loss):
    """-(y log(x) + (1 - y) log(1 - x)) for probabilities x, times `weight`, reduced."""

    function = F.binary_cross_entropy

    def __init__(self, weight: Any = None, *, reduction: str = "mean") -> None:
        super().__init__(reduction, weight=weight)

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "weight": self.weight}


class BCEWithLogitsLoss(_Loss):
    """BCELoss of sigmoid(x), computed stably from the scores x; `pos_weight` weighs positives."""

    function = F.binary_cross_entropy_with_logits

    def __init__(
        self, weight: Any = None, *, reduction: str = "mean", pos_weight: Any = None
    ) -> None:
        super().__init__(reduction, weight=weight, pos_weight=pos_weight)

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "weight": self.weight, "pos_weight": self.pos_weight}
