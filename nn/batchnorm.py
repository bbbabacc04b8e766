"""Batch normalisation: `BatchNorm1d` ((N, C) or (N, C, L)) and `BatchNorm2d` ((N, C, H, W))."""

from __future__ import annotations

import numpy as np

from autograd import Tensor, no_grad, ones, tensor, zeros

from . import functional as F
from .module import Module
from .parameter import Parameter


class _BatchNorm(Module):
    """Normalise each channel by batch statistics in training (moving the running ones toward
    them) and by the running statistics in eval; then scale by `weight` and shift by `bias`."""

    dims: tuple[int, ...]  # the input ranks the layer takes

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        *,
        bias: bool = True,
    ) -> None:
        super().__init__()
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        self.has_bias = affine and bias
        self.register_parameter("weight", Parameter(ones(num_features)) if affine else None)
        self.register_parameter("bias", Parameter(zeros(num_features)) if affine and bias else None)
        if track_running_stats:
            self.register_buffer("running_mean", zeros(num_features))
            self.register_buffer("running_var", ones(num_features))
            self.register_buffer("num_batches_tracked", tensor(0))
        else:
            for name in ("running_mean", "running_var", "num_batches_tracked"):
                self.register_buffer(name, None)

    def forward(self, x: Tensor) -> Tensor:
        self._check(x)
        updating = self.training and self.track_running_stats
        momentum = self.momentum
        if updating:
            with no_grad():
                self.num_batches_tracked += 1
            if momentum is None:  # a cumulative average over the batches seen
                momentum = 1.0 / int(self.num_batches_tracked.item())
        use_batch = self.training or not self.track_running_stats
        return F.batch_norm(
            x,
            self.running_mean if updating or not use_batch else None,
            self.running_var if updating or not use_batch else None,
            self.weight,
            self.bias,
            use_batch,
            momentum or 0.0,
            self.eps,
        )

    def _check(self, x: Tensor) -> None:
        """Refuse, before any statistic moves, an input that is not (N, C, ...) as the layer takes
        or that has one value per channel in training."""
        shape = getattr(x, "shape", None)
        ranks = " or ".join(f"{n}-D" for n in self.dims)
        if shape is None or len(shape) not in self.dims or shape[1] != self.num_features:
            raise ValueError(
                f"{self!r}: expected {ranks} input (N, {self.num_features}, ...), got "
                f"{shape if shape is not None else type(x).__name__}"
            )
        if self.training and int(np.prod(shape)) // shape[1] <= 1:
            raise ValueError(
                f"{self!r}: expected more than 1 value per channel when training, got input of "
                f"shape {shape}"
            )

    def extra_repr(self) -> str:
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
            f"affine={self.affine}, bias={self.has_bias}, "
            f"track_running_stats={self.track_running_stats}"
        )


class BatchNorm1d(_BatchNorm):
    """Batch norm of (N, C) or (N, C, L) inputs, per channel C."""

    dims = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch norm of (N, C, H, W) inputs, per channel C."""

    dims = (4,)
