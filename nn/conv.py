"""`Conv1d` and `Conv2d`, cross-correlation layers (autograd's conv2d, one fused primitive), and
`ConvTranspose1d` and `ConvTranspose2d`, their transposes (autograd's conv_transpose2d)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import autograd
from autograd import Tensor, zeros
from autograd.ops.conv import transposed_size

from . import functional as F
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


_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


class _ConvNd(Module):
    """What the convolutions share: settings, parameters and PyTorch's initialisation."""

    dims = 2  # spatial dims
    layout = "(N, {c}, H, W)"
    transposed = False  # True: the weight is (in, out/groups, *kernel), padding only ints

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
        padding_mode: str = "zeros",
    ) -> None:
        super().__init__()
        name = type(self).__name__
        if padding_mode not in _PADDING_MODES:
            raise ValueError(
                f"{name}: padding_mode must be one of {_PADDING_MODES}, got {padding_mode!r}"
            )
        if self.transposed and padding_mode != "zeros":
            raise ValueError(f'{name}: only "zeros" padding mode is supported (as PyTorch)')
        self.padding_mode = padding_mode
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
        if isinstance(padding, str) and not self.transposed:
            if padding not in ("same", "valid"):
                raise ValueError(
                    f"{name}: padding must be 'same', 'valid' or ints, got {padding!r}"
                )
            if padding == "same" and any(s != 1 for s in self.stride):
                raise ValueError(f"{name}: padding='same' needs stride 1, got {self.stride}")
            self.padding = padding
        else:
            self.padding = _ntuple(padding, self.dims, "padding", name)
        self.output_padding = (0,) * self.dims  # a transposed convolution's setting, as PyTorch's
        if self.transposed:
            shape = (in_channels, out_channels // groups, *self.kernel_size)
        else:
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
            # fan_in as PyTorch takes it from any weight: weight.shape[1] * the kernel's size (for
            # a transposed convolution that is out_channels / groups, not in_channels)
            bound = 1 / math.sqrt(math.prod(self.weight.shape[1:]))
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

    def _conv(self, fn: Any, x: Tensor, **settings: Any) -> Tensor:
        """fn (autograd's function) of x with the layer's parameters and settings; its errors
        name the layer."""
        self._check(x)
        padding = self.padding
        try:
            if self.padding_mode != "zeros":  # padded here, then convolved without padding
                x, padding = F.pad(x, self._pad_widths(), self.padding_mode), 0
            return fn(
                x, self.weight, self.bias, stride=self.stride, padding=padding,
                dilation=self.dilation, groups=self.groups, **settings,
            )  # fmt: skip
        except ValueError as err:  # e.g. a kernel larger than the padded input (OpError too)
            raise ValueError(f"{self!r}: {str(err).partition(': ')[2]}") from None

    def _pad_widths(self) -> tuple[int, ...]:
        """The padding as F.pad takes it: (before, after) for the last dim, then the one before;
        'same' puts the odd pixel after, as PyTorch's."""
        if self.padding == "valid":
            return (0, 0) * self.dims
        if self.padding == "same":
            totals = [d * (k - 1) for k, d in zip(self.kernel_size, self.dilation, strict=True)]
            pairs = [(t // 2, t - t // 2) for t in totals]
        else:
            pairs = [(p, p) for p in self.padding]
        return tuple(w for pair in reversed(pairs) for w in pair)

    def extra_repr(self) -> str:
        s = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}"
        s += f", stride={self.stride}"
        if self.padding != (0,) * self.dims:
            s += f", padding={self.padding}"
        if self.dilation != (1,) * self.dims:
            s += f", dilation={self.dilation}"
        if self.output_padding != (0,) * self.dims:
            s += f", output_padding={self.output_padding}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += f", padding_mode={self.padding_mode}"
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


class _ConvTransposeNd(_ConvNd):
    """What the transposed convolutions add: output_padding, or the output size asked for."""

    transposed = True

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Any,
        stride: Any = 1,
        padding: Any = 0,
        output_padding: Any = 0,
        groups: int = 1,
        bias: bool = True,
        dilation: Any = 1,
        padding_mode: str = "zeros",
    ) -> None:
        super().__init__(
            in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
            padding_mode,
        )  # fmt: skip
        name = type(self).__name__  # output_padding is checked against stride by the function
        self.output_padding = _ntuple(output_padding, self.dims, "output_padding", name)

    def _output_padding(self, x: Any, output_size: Any) -> tuple[int, ...]:
        """The layer's output_padding, or the one giving `output_size` (its last dims: the
        spatial size), which lies between the smallest output and that plus stride - 1."""
        if output_size is None:
            return self.output_padding
        self._check(x)
        sizes, spatial = tuple(output_size), x.shape[-self.dims :]
        if len(sizes) not in (self.dims, len(x.shape)):
            raise ValueError(
                f"{self!r}: output_size must have {self.dims} or {len(x.shape)} elements for an "
                f"input {tuple(x.shape)}, got {output_size}"
            )
        least = transposed_size(
            spatial, self.kernel_size, self.stride, self.padding, self.dilation, (0,) * self.dims
        )
        sizes = sizes[-self.dims :]
        if any(not 0 <= n - m < s for n, m, s in zip(sizes, least, self.stride, strict=True)):
            most = tuple(m + s - 1 for m, s in zip(least, self.stride, strict=True))
            raise ValueError(
                f"{self!r}: output_size {output_size} must be between {least} and {most} for an "
                f"input {tuple(x.shape)}"
            )
        return tuple(n - m for n, m in zip(sizes, least, strict=True))


class ConvTranspose2d(_ConvTransposeNd):
    """2-D transposed convolution over (N, C, H, W), weight (in, out/groups, kh, kw): conv2d's
    gradient with respect to its input, so it maps conv2d's output size back to its input's."""

    def forward(self, x: Tensor, output_size: Any = None) -> Tensor:
        output_padding = self._output_padding(x, output_size)
        return self._conv(autograd.conv_transpose2d, x, output_padding=output_padding)


class ConvTranspose1d(_ConvTransposeNd):
    """1-D transposed convolution over (N, C, L), weight (in, out/groups, k)."""

    dims, layout = 1, "(N, {c}, L)"

    def forward(self, x: Tensor, output_size: Any = None) -> Tensor:
        output_padding = self._output_padding(x, output_size)
        return self._conv(autograd.conv_transpose1d, x, output_padding=output_padding)
