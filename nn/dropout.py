"""`Dropout`: inverted dropout, active in training mode only."""

from __future__ import annotations

from autograd import Tensor

from . import functional as F
from .module import Module


class Dropout(Module):
    """Zero each element with probability p in training, scaling the kept ones by 1 / (1 - p);
    the identity in eval mode (see `nn.functional.dropout`)."""

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if isinstance(p, bool) or not isinstance(p, int | float) or not 0 <= p <= 1:
            raise ValueError(f"Dropout: probability has to be between 0 and 1, but got {p!r}")
        self.p, self.inplace = p, inplace

    def forward(self, x: Tensor) -> Tensor:
        try:
            return F.dropout(x, self.p, self.training, self.inplace)
        except (TypeError, RuntimeError) as err:  # said in the layer's terms
            raise type(err)(f"{self!r}: {err}") from None

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"
