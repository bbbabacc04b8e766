"""`Conv1d` and `Conv2d`: cross-correlation layers, one fused primitive each (autograd's conv2d)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import autograd
from autograd import Tensor, zeros

from . import init
from .module import Module
from .parameter import Parameter


def _ntuple(value: Any, n: int, what: str, layer: str) -> tuple[int, ...]:
    """An int or n ints as an n-tuple, as PyTorch's layers store them."""
    items = tuple(value) if isinstance(value, tuple | list) else (value,) * n
    if len(items) != n or any(
        isinstance(v, bool) or not isinstance(v, int | np.integer) for v in items
    ):
        raise TypeError(f"{layer}: {what} must be an int or {n} ints, got {value!r}")
    return tuple(int(v) for v in items)


class _ConvNd(Module):
    """What Conv1d and Conv2d share: settings, parameters and PyTorch's initialisation."""

    dims = 2  # spatial dims
    layout = "(N, {c}, H, W)"

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Any,
        stride: Any = 1,
        padding: Any = 0,
        dilation: Any = 1,
        groups: int = 1,
        bias: bool = True,
    ) -> None:
        super().__init__()
        name = type(self).__name__
        for what, n in (("in_channels", in_channels), ("out_channels", out_channels)):
            if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
                raise TypeError(f"{name}: {what} must be a positive integer, got {n!r}")
        if isinstance(groups, bool) or not isinstance(groups, int) or groups < 1:
            raise TypeError(f"{name}: groups must be a positive integer, got {groups!r}")
        if in_channels % groups or out_channels % groups:
            raise ValueError(f"{name}: in_channels and out_channels must divide by groups={groups}")
        self.in_channels, self.out_channels = int(in_channels), int(out_channels)
        self.groups = groups
        self.kernel_size = _ntuple(kernel_size, self.dims, "kernel_size", name)
        self.stride = _ntuple(stride, self.dims, "stride", name)
        self.dilation = _ntuple(dilation, self.dims, "dilation", name)
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise ValueError(
                    f"{name}: padding must be 'same', 'valid' or ints, got {padding!r}"
                )
            if padding == "same" and any(s != 1 for s in self.stride):
                raise ValueError(f"{name}: padding='same' needs stride 1, got {self.stride}")
            self.padding = padding
        else:
            self.padding = _ntuple(padding, self.dims, "padding", name)
        shape = (out_channels, in_channels // groups, *self.kernel_size)
        self.weight = Parameter(zeros(*shape))
        if bias:
            self.bias = Parameter(zeros(out_channels))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """PyTorch's default: kaiming_uniform(a=sqrt(5)) for the weight, which is
        U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and the same bound for the bias."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            bound = 1 / math.sqrt(self.in_channels // self.groups * math.prod(self.kernel_size))
            init.uniform_(self.bias, -bound, bound)

    def _check(self, x: Any) -> None:
        """Raise, naming the layer, unless x is (N, C, *spatial) or (C, *spatial) for our C."""
        shape = getattr(x, "shape", None)
        if (
            shape is None
            or len(shape) not in (self.dims + 1, self.dims + 2)
            or shape[-self.dims - 1] != self.in_channels
        ):
            expected = self.layout.format(c=self.in_channels)
            got = type(x).__name__ if shape is None else tuple(shape)
            raise ValueError(f"{self!r}: expected input {expected}, got {got}")

    def _conv(self, fn: Any, x: Tensor) -> Tensor:
        self._check(x)
        try:
            return fn(
                x, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups
            )
        except autograd.OpError as err:  # e.g. a kernel larger than the padded input
            raise ValueError(f"{self!r}: {str(err).partition(': ')[2]}") from None

    def extra_repr(self) -> str:
        s = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}"
        s += f", stride={self.stride}"
        if self.padding != (0,) * self.dims:
            s += f", padding={self.padding}"
        if self.dilation != (1,) * self.dims:
            s += f", dilation={self.dilation}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        return s


class Conv2d(_ConvNd):
    """2-D convolution (cross-correlation) over (N, C, H, W), weight (out, in/groups, kh, kw)."""

    def forward(self, x: Tensor) -> Tensor:
        return self._conv(autograd.conv2d, x)


class Conv1d(_ConvNd):
    """1-D convolution (cross-correlation) over (N, C, L), weight (out, in/groups, k)."""

    dims, layout = 1, "(N, {c}, L)"

    def forward(self, x: Tensor) -> Tensor:
        return self._conv(autograd.conv1d, x)
