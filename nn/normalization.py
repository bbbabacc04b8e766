"""`LayerNorm`: each sample normalised over its last dims."""

from __future__ import annotations

from collections.abc import Sequence

from autograd import Tensor, ones, zeros

from . import functional as F
from .module import Module
from .parameter import Parameter


class LayerNorm(Module):
    """Normalise over the last dims (`normalized_shape`) of each sample, then scale and shift
    elementwise (`weight` ones and `bias` zeros at first, as PyTorch's)."""

    def __init__(
        self,
        normalized_shape: int | Sequence[int],
        eps: float = 1e-5,
        elementwise_affine: bool = True,
        bias: bool = True,
    ) -> None:
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else normalized_shape
        self.normalized_shape, self.eps = tuple(shape), eps
        self.elementwise_affine, self.has_bias = elementwise_affine, bias
        affine = elementwise_affine
        self.register_parameter(
            "weight", Parameter(ones(self.normalized_shape)) if affine else None
        )
        self.register_parameter(
            "bias", Parameter(zeros(self.normalized_shape)) if affine and bias else None
        )

    def forward(self, x: Tensor) -> Tensor:
        try:
            return F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)
        except ValueError as err:
            raise ValueError(f"{self!r}: {err}") from None

    def extra_repr(self) -> str:
        return (
            f"{self.normalized_shape}, eps={self.eps}, "
            f"elementwise_affine={self.elementwise_affine}, bias={self.has_bias}"
        )
