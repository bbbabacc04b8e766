"""`Upsample`: the module form of `nn.functional.interpolate`."""

from __future__ import annotations

from collections.abc import Sequence

from autograd import Tensor

from . import functional as F
from .module import Module


class Upsample(Module):
    """Resize the spatial dims to `size` or by `scale_factor` ('nearest', 'linear', 'bilinear')."""

    def __init__(
        self,
        size: int | Sequence[int] | None = None,
        scale_factor: float | Sequence[float] | None = None,
        mode: str = "nearest",
        align_corners: bool | None = None,
    ) -> None:
        super().__init__()
        self.size, self.mode, self.align_corners = size, mode, align_corners
        self.scale_factor = float(scale_factor) if isinstance(scale_factor, int) else scale_factor

    def forward(self, x: Tensor) -> Tensor:
        try:
            return F.interpolate(x, self.size, self.scale_factor, self.mode, self.align_corners)
        except ValueError as err:
            raise ValueError(f"{self!r}: {err}") from None

    def extra_repr(self) -> str:
        what = f"size={self.size}" if self.size is not None else f"scale_factor={self.scale_factor}"
        return f"{what}, mode={self.mode!r}"
