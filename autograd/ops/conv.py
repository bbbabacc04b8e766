"""Convolution and pooling over images (N, C, H, W): windowed views of the padded input, a matrix
product per group, and `fold`, which adds windows back where they came from (the adjoint of
taking them, so every backward here is a fold, an unfold or a matmul, and records under
create_graph)."""

from __future__ import annotations

import itertools
import re
from typing import Any, NamedTuple

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ..function import Function, OpError
from ..tensor import Tensor, make_tensor
from .lift import floating, lift_all
from .linalg import einsum


class Window(NamedTuple):
    """Where a kernel's windows sit on an image, per axis (height, width)."""

    kernel: tuple[int, int]
    stride: tuple[int, int]
    padding: tuple[tuple[int, int], tuple[int, int]]  # (before, after) per axis
    dilation: tuple[int, int]

    def out_size(self, size: tuple[int, ...]) -> tuple[int, int]:
        """(OH, OW) for an input of spatial `size` (H, W)."""
        parts = zip(size, self.padding, self.kernel, self.stride, self.dilation, strict=True)
        return tuple((n + a + b - d * (k - 1) - 1) // s + 1 for n, (a, b), k, s, d in parts)


def window_view(
    x: np.ndarray, win: Window, fill: float = 0.0, count: tuple[int, int] | None = None
) -> np.ndarray:
    """The windows of x padded with `fill`, as a read-only view (N, C, kh, kw, OH, OW): all that
    fit, or the first `count` (OH, OW) of them."""
    shape = (*x.shape[:2], *win.kernel, *(count or win.out_size(x.shape[2:])))
    (top, bottom), (left, right) = win.padding
    if top or bottom or left or right:
        x = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)), constant_values=fill)
    (dh, dw), (sh, sw) = win.dilation, win.stride
    n, c, h, w = x.strides
    return as_strided(x, shape, (n, c, dh * h, dw * w, sh * h, sw * w), writeable=False)


def taps(win: Window) -> itertools.product:
    """The kernel's taps (i, j) in scan order."""
    return itertools.product(range(win.kernel[0]), range(win.kernel[1]))


def over_taps(ufunc: np.ufunc, cols: np.ndarray, win: Window) -> np.ndarray:
    """`ufunc` reduced over each window of `cols` (N, C, kh, kw, OH, OW), one call per kernel tap:
    numpy's reductions over short strided axes are several times slower."""
    first, *rest = (cols[:, :, i, j] for i, j in taps(win))
    out = first.copy()  # a new array, even for a 1 x 1 kernel
    for tap in rest:
        ufunc(out, tap, out=out)
    return out


def add_windows(cols: np.ndarray, shape: tuple[int, ...], win: Window) -> np.ndarray:
    """An image of `shape` with each window of `cols` (N, C, kh, kw, OH, OW) added where it sits
    (overlaps summed); the padding is dropped."""
    (top, bottom), (left, right) = win.padding
    (dh, dw), (sh, sw) = win.dilation, win.stride
    n, c, h, w = shape
    oh, ow = cols.shape[-2:]
    out = np.zeros((n, c, h + top + bottom, w + left + right), cols.dtype)
    # one strided add per kernel tap (kh * kw of them), each covering every output pixel at once
    for i, j in taps(win):
        rows = slice(i * dh, i * dh + sh * (oh - 1) + 1, sh)
        out[:, :, rows, j * dw : j * dw + sw * (ow - 1) + 1 : sw] += cols[:, :, i, j]
    return out[:, :, top : top + h, left : left + w]


class Unfold(Function):
    """the windows of x as (N, C, kh, kw, OH, OW);  its adjoint is fold (each window's gradient
    added back where the window came from)."""

    saves_inputs = False

    def forward(self, x, win, count):
        self.shape, self.win = x.shape, win
        return np.ascontiguousarray(window_view(x, win, count=count))

    def backward(self, g, out, x):
        return fold(g, self.shape, self.win)


class Fold(Function):
    """windows (N, C, kh, kw, OH, OW) added into an image where they sit, overlaps summed;  its
    adjoint is unfold (the gradient's windows)."""

    saves_inputs = False

    def forward(self, cols, shape, win):
        # as many windows as came in: a transposed convolution's output_padding can leave room
        # for more than that beyond the last
        self.win, self.count = win, cols.shape[-2:]
        return add_windows(cols, shape, win)

    def backward(self, g, out, cols):
        return unfold(g, self.win, self.count)


def unfold(x: Any, win: Window, count: tuple[int, int] | None = None) -> Any:
    """The windows of x, all that fit or the first `count` (an ndarray: a view; a Tensor:
    recorded)."""
    if isinstance(x, Tensor):
        return Unfold.apply(x, win=win, count=count)
    return window_view(x, win, count=count)


def fold(cols: Any, shape: tuple[int, ...], win: Window) -> Any:
    """Windows added back into an image of `shape` (an ndarray, or a Tensor: recorded)."""
    if isinstance(cols, Tensor):
        return Fold.apply(cols, shape=shape, win=win)
    return add_windows(cols, shape, win)


def _by_group(cols: Any, groups: int) -> Any:
    """Windows (N, C, kh, kw, OH, OW) as one matrix per sample and group (N, G, C/G*kh*kw, L)."""
    n, c, kh, kw, oh, ow = cols.shape
    return cols.reshape(n, groups, c // groups * kh * kw, oh * ow)


def spread(x: Any, w: Any, groups: int, shape: tuple[int, ...], win: Window) -> Any:
    """Each pixel of x (N, C, H, W) times its kernel w (C, O/groups, kh, kw), added into an image
    of `shape` (N, O, ...) at the pixel's window: w^T @ x per group, folded. Conv2d's input
    gradient, and the transposed convolution (ndarrays, or Tensors: recorded)."""
    n, c, h, wd = x.shape
    w_t = w.reshape(groups, c // groups, -1).swapaxes(-1, -2)
    cols = w_t @ x.reshape(n, groups, c // groups, h * wd)
    return fold(cols.reshape(n, shape[1], *win.kernel, h, wd), shape, win)


class Conv2d(Function):
    """cross-correlation of x (N, C, H, W) with w (O, C/groups, kh, kw), plus b;  d/dx = w^T @ g
    per window, folded back (a transposed convolution), d/dw = g @ windows of x (summed over
    the batch), d/db = sum of g."""

    name = "conv2d"

    def forward(self, x, w, b=None, *, win, groups):
        self.win, self.groups = win, groups
        cols = _by_group(window_view(x, win), groups)
        n, (oh, ow) = x.shape[0], win.out_size(x.shape[2:])
        out = (w.reshape(groups, w.shape[0] // groups, -1) @ cols).reshape(n, -1, oh, ow)
        if b is not None:
            out += b.reshape(-1, 1, 1)  # in place: out is the matmul's new array
        return out

    def backward(self, g, out, x, w, b=None):
        gx = spread(g, w, self.groups, x.shape, self.win) if self.needs(0) else None
        gw = None
        if self.needs(1):
            n, o, oh, ow = g.shape
            per_group = g.reshape(n, self.groups, o // self.groups, oh * ow)
            cols = _by_group(unfold(x, self.win), self.groups)
            gw = (per_group @ cols.swapaxes(-1, -2)).sum(axis=0).reshape(w.shape)
        if b is None:
            return gx, gw
        return gx, gw, (g.sum(axis=(0, 2, 3)) if self.needs(2) else None)


class MaxPool2d(Function):
    """the largest value in each window of x (padding is -inf);  d/dx = g at each window's
    arg-max (the first among ties, the last NaN in a window holding NaN, as PyTorch), summed
    where windows overlap."""

    name = "max_pool2d"
    saves_output = True

    def forward(self, x, win):
        self.win = win
        return over_taps(np.maximum, window_view(x, win, fill=-np.inf), win)

    def backward(self, g, out, x):
        hit = argmax_taps(np.asarray(x), np.asarray(out), self.win)  # a constant of backward
        n, c, oh, ow = g.shape
        return fold(g.reshape(n, c, 1, 1, oh, ow) * hit, x.shape, self.win)


def argmax_taps(x: np.ndarray, out: np.ndarray, win: Window) -> np.ndarray:
    """Where each window's maximum `out` sits, as PyTorch's scan finds it: True (N, C, kh, kw,
    OH, OW) at the first pixel equal to it (never the padding, so a window of -inf picks its
    first pixel), or at the last NaN of a window holding NaN (the scan keeps updating on NaN)."""
    cols = window_view(x, win, fill=-np.inf)
    # the padding ties with a window of -inf: then only the image's pixels count (masked only
    # then: the mask adds about 15% to a padded pool's backward)
    inside = None
    if np.isneginf(out).any():
        inside = window_view(np.ones((1, 1, *x.shape[2:]), bool), win, fill=False)[0, 0]

    def is_max(i: int, j: int) -> np.ndarray:
        tap = cols[:, :, i, j] == out
        return tap if inside is None else tap & inside[i, j]

    order = list(taps(win))
    hit = _first(cols.shape, is_max, order)
    if np.isnan(out).any():
        hit |= _first(cols.shape, lambda i, j: np.isnan(cols[:, :, i, j]), order[::-1])
    return hit


def _first(shape: tuple[int, ...], is_hit: Any, order: list[tuple[int, int]]) -> np.ndarray:
    """True (of `shape`: N, C, kh, kw, OH, OW) where `is_hit(i, j)` holds at a window's tap (i, j)
    and at no tap before it in `order`. One pass per tap, each over every window: several times
    faster than comparing the 6-D windows at once."""
    hit = np.empty(shape, bool)
    taken = np.zeros(shape[:2] + shape[4:], bool)
    for i, j in order:
        h = hit[:, :, i, j]
        np.logical_and(is_hit(i, j), ~taken, out=h)
        taken |= h
    return hit


def flat_positions(hit: np.ndarray, win: Window, size: tuple[int, ...]) -> np.ndarray:
    """The position in the flattened input (H * W) of each window's hit: (N, C, OH, OW) int64."""
    where = np.arange(size[0] * size[1]).reshape(1, 1, *size)
    return (hit * window_view(where, win, fill=-1)).sum(axis=(2, 3))


class AvgPool2d(Function):
    """the mean of each window of x (sum / divisor);  d/dx = g / divisor spread over each window,
    summed where windows overlap."""

    name = "avg_pool2d"
    saves_inputs = False

    def forward(self, x, win, divisor):
        self.shape, self.win, self.divisor = x.shape, win, divisor
        return over_taps(np.add, window_view(x, win), win) / divisor

    def backward(self, g, out, x):
        n, c, oh, ow = g.shape
        share = (g / self.divisor).reshape(n, c, 1, 1, oh, ow)
        cols = np.broadcast_to(share, (n, c, *self.win.kernel, oh, ow))
        return fold(cols, self.shape, self.win)


# --- arguments -----------------------------------------------------------------------------------
def pair(value: Any, what: str, op: str, least: int = 1) -> tuple[int, int]:
    """An int or a pair of ints (each >= least) as a pair, as PyTorch's _pair."""
    items = tuple(value) if isinstance(value, tuple | list) else (value, value)
    if len(items) != 2 or any(
        isinstance(v, bool) or not isinstance(v, int | np.integer) or v < least for v in items
    ):
        raise OpError(f"{op}: {what} must be an int >= {least} or a pair of them, got {value!r}")
    return int(items[0]), int(items[1])


def window(
    kernel: Any,
    stride: Any,
    padding: Any,
    dilation: Any,
    op: str,
    size: tuple[int, ...],
    ceil_mode: bool = False,
) -> Window:
    """The windows of an op on an image of spatial `size`, checked to fit in it; `padding` an
    int, a pair, 'valid' or 'same' (stride 1; the odd pixel after, as PyTorch); ceil_mode as
    pooling's."""
    kernel, stride, dilation = (
        pair(kernel, "kernel_size", op), pair(stride, "stride", op), pair(dilation, "dilation", op)
    )  # fmt: skip
    if padding == "valid":
        pads = ((0, 0), (0, 0))
    elif padding == "same":
        if stride != (1, 1):
            raise OpError(f"{op}: padding='same' needs stride 1, got stride={stride}")
        total = [d * (k - 1) for k, d in zip(kernel, dilation, strict=True)]
        pads = tuple((t // 2, t - t // 2) for t in total)
    elif isinstance(padding, str):
        raise OpError(f"{op}: padding must be 'valid', 'same', an int or a pair, got {padding!r}")
    else:
        pads = tuple((p, p) for p in pair(padding, "padding", op, least=0))
    win = Window(kernel, stride, pads, dilation)
    if ceil_mode:
        win = _ceil(win, size)
    if min(win.out_size(size)) < 1:
        padded = tuple(n + a + b for n, (a, b) in zip(size, pads, strict=True))
        reach = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilation, strict=True))
        raise OpError(
            f"{op}: the kernel {reach} (dilation included) is larger than the padded input {padded}"
        )
    return win


def _ceil(win: Window, size: tuple[int, ...]) -> Window:
    """win with the padding after each axis set so that its windows are PyTorch's under
    ceil_mode: one more, partial, where the floor leaves pixels out, if it starts inside the input
    or its padding before (PyTorch's pooling_output_shape)."""
    after = []
    for n, k, s, (a, b), d in zip(size, *win, strict=True):
        reach = d * (k - 1) + 1
        count = -(-(n + a + b - reach) // s) + 1
        if (count - 1) * s >= n + a:
            count -= 1
        # exactly the extent `count` windows reach (padding the floor would not use is dropped);
        # a kernel too large keeps the padding, and `window` says so
        after.append(max(0, (count - 1) * s + reach - n - a) if count >= 1 else b)
    return win._replace(padding=tuple((a, b) for (a, _), b in zip(win.padding, after, strict=True)))


def _batched(x: Tensor, op: str, shape: str) -> tuple[Tensor, bool]:
    """x as (N, C, H, W), and whether it came without the batch dim (C, H, W)."""
    if x.ndim not in (3, 4):
        raise OpError(f"{op}: expected input {shape} or without N, got {x.shape}")
    return (x.reshape(1, *x.shape), True) if x.ndim == 3 else (x, False)


# --- the functions -------------------------------------------------------------------------------
def conv2d(
    input: Any,
    weight: Any,
    bias: Any = None,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    groups: int = 1,
) -> Tensor:
    """2-D cross-correlation of input (N, C, H, W) or (C, H, W) with weight (O, C/groups, kh, kw),
    plus bias (O,), as PyTorch's conv2d; padding an int, a pair, 'valid' or 'same'."""
    x, unbatched, ts = _operands("conv2d", input, weight, bias, groups)
    w = ts[1]
    if (
        w.ndim != 4
        or w.shape[0] % groups
        or x.shape[1] != w.shape[1] * groups
        or (bias is not None and ts[2].shape != w.shape[:1])
    ):
        raise OpError(
            f"conv2d: expected input (N, C, H, W), weight (O, C/groups, kh, kw) with O divisible "
            f"by groups={groups} and bias (O,) or None; got {_shapes(ts)}"
        )
    win = window(w.shape[2:], stride, padding, dilation, "conv2d", x.shape[2:])
    out = Conv2d.apply(x, *ts[1:], win=win, groups=int(groups))
    return out.reshape(out.shape[1:]) if unbatched else out


def conv_transpose2d(
    input: Any,
    weight: Any,
    bias: Any = None,
    stride: Any = 1,
    padding: Any = 0,
    output_padding: Any = 0,
    groups: int = 1,
    dilation: Any = 1,
) -> Tensor:
    """2-D transposed convolution of input (N, C, H, W) or (C, H, W) with weight
    (C, O/groups, kh, kw), plus bias (O,), as PyTorch's conv_transpose2d: conv2d's gradient with
    respect to its input, each pixel's kernel-weighted window added into the output, whose side
    is (H - 1) stride - 2 padding + dilation (kh - 1) + output_padding + 1."""
    x, unbatched, ts = _operands("conv_transpose2d", input, weight, bias, groups)
    w = ts[1]
    if (
        w.ndim != 4
        or w.shape[0] % groups
        or x.shape[1] != w.shape[0]
        or (bias is not None and ts[2].shape != (w.shape[1] * groups,))
    ):
        raise OpError(
            f"conv_transpose2d: expected input (N, C, H, W), weight (C, O/groups, kh, kw) with C "
            f"divisible by groups={groups} and bias (O,) or None; got {_shapes(ts)}"
        )
    win, size = _transposed(w.shape[2:], stride, padding, output_padding, dilation, x.shape[2:])
    # a composite of matmul and fold (its gradients, and theirs, follow): a fused primitive
    # measured the same within noise on a decoder layer (64 -> 32 channels, 4x4 kernel, batch 32
    # of 16x16, forward and backward) and saved only its extra nodes' overhead (~40 us) on tiny
    # inputs; np.einsum in place of the matmul runs without BLAS, about 20 times slower
    out = spread(x, w, int(groups), (x.shape[0], w.shape[1] * groups, *size), win)
    if bias is not None:
        out = out + ts[2].reshape(-1, 1, 1)
    return out.reshape(out.shape[1:]) if unbatched else out


def _operands(
    op: str, input: Any, weight: Any, bias: Any, groups: Any
) -> tuple[Tensor, bool, list[Tensor]]:
    """A convolution's input as (N, C, H, W), whether it came without N, and its operands
    (input, weight and bias if any) as Tensors of their result dtype; groups checked."""
    ts = lift_all([input, weight] if bias is None else [input, weight, bias])
    x, unbatched = _batched(ts[0], op, "(N, C, H, W)")
    if isinstance(groups, bool) or not isinstance(groups, int | np.integer) or groups < 1:
        raise OpError(f"{op}: groups must be an int >= 1, got {groups!r}")
    return x, unbatched, ts


def _shapes(ts: list[Tensor]) -> str:
    """The operands' shapes, for a message."""
    return ", ".join(str(t.shape) for t in ts)


def _transposed(
    kernel: tuple[int, ...],
    stride: Any,
    padding: Any,
    output_padding: Any,
    dilation: Any,
    size: tuple[int, ...],
) -> tuple[Window, tuple[int, int]]:
    """The windows a transposed convolution adds its input's pixels into (those of conv2d on its
    output), and the output's spatial size; output_padding adds rows and columns after the last
    window, so it must be smaller than the stride or the dilation, as PyTorch's."""
    op = "conv_transpose2d"
    stride, dilation = pair(stride, "stride", op), pair(dilation, "dilation", op)
    pads = pair(padding, "padding", op, least=0)
    extra = pair(output_padding, "output_padding", op, least=0)
    if any(e >= s and e >= d for e, s, d in zip(extra, stride, dilation, strict=True)):
        raise OpError(
            f"{op}: output_padding {extra} must be smaller than either stride {stride} or "
            f"dilation {dilation}"
        )
    out = transposed_size(size, kernel, stride, pads, dilation, extra)
    if min(out) < 1:
        raise OpError(f"{op}: the output {out} of an input {size} is empty (padding {pads})")
    return Window(tuple(kernel), stride, tuple((p, p) for p in pads), dilation), out


def transposed_size(
    size: tuple[int, ...],
    kernel: tuple[int, ...],
    stride: tuple[int, ...],
    padding: tuple[int, ...],
    dilation: tuple[int, ...],
    output_padding: tuple[int, ...],
) -> tuple[int, ...]:
    """A transposed convolution's output size, per axis (n - 1) s - 2 p + d (k - 1) + o + 1: the
    input size of the conv2d whose windows it fills, and output_padding after them."""
    parts = zip(size, kernel, stride, padding, dilation, output_padding, strict=True)
    return tuple((n - 1) * s - 2 * p + d * (k - 1) + o + 1 for n, k, s, p, d, o in parts)


def conv1d(
    input: Any,
    weight: Any,
    bias: Any = None,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    groups: int = 1,
) -> Tensor:
    """1-D cross-correlation of input (N, C, L) or (C, L) with weight (O, C/groups, k), plus bias,
    as PyTorch's conv1d: conv2d over images of height 1."""
    return _over_height_1(
        "conv1d", conv2d, "(O, C/groups, k)", input, weight, bias, groups,
        stride=stride, padding=padding, dilation=dilation,
    )  # fmt: skip


def conv_transpose1d(
    input: Any,
    weight: Any,
    bias: Any = None,
    stride: Any = 1,
    padding: Any = 0,
    output_padding: Any = 0,
    groups: int = 1,
    dilation: Any = 1,
) -> Tensor:
    """1-D transposed convolution of input (N, C, L) or (C, L) with weight (C, O/groups, k), plus
    bias, as PyTorch's conv_transpose1d: conv_transpose2d over images of height 1."""
    return _over_height_1(
        "conv_transpose1d", conv_transpose2d, "(C, O/groups, k)", input, weight, bias, groups,
        stride=stride, padding=padding, output_padding=output_padding, dilation=dilation,
    )  # fmt: skip


def _over_height_1(
    op: str,
    conv: Any,
    weight_shape: str,
    input: Any,
    weight: Any,
    bias: Any,
    groups: Any,
    **settings: Any,
) -> Tensor:
    """The 1-D convolution `op` as its 2-D form `conv` over images of height 1."""
    x, w = lift_all([input, weight])
    if x.ndim not in (2, 3) or w.ndim != 3:
        raise OpError(
            f"{op}: expected input (N, C, L) or (C, L) and weight {weight_shape}, got "
            f"{x.shape} and {w.shape}"
        )
    tall = {k: _height_1(v, int(k in ("stride", "dilation"))) for k, v in settings.items()}
    try:
        out = conv(
            x.reshape(*x.shape[:-1], 1, x.shape[-1]),
            w.reshape(*w.shape[:-1], 1, w.shape[-1]),
            bias,
            groups=groups,
            **tall,
        )
    except OpError as err:  # said in 1-D terms: the op's name, lengths rather than (1, n) pairs
        message = re.sub(r"\((?:0|1), (-?\d+)\)", r"\1", str(err).partition(": ")[2])
        raise OpError(f"{op}: {message}") from None
    return out.reshape(*out.shape[:-2], out.shape[-1])


def _height_1(value: Any, neutral: int) -> Any:
    """A 1-D argument (an int, a 1-tuple or a padding string) for the 2-D op over height 1."""
    if isinstance(value, str):
        return value
    return (neutral, *(tuple(value) if isinstance(value, tuple | list) else (value,)))


def _pool_window(
    op: str, x: Tensor, kernel: Any, stride: Any, padding: Any, dilation: Any, ceil_mode: bool
) -> Window:
    """A pooling op's windows: stride defaults to the kernel, padding at most half of it."""
    stride = kernel if stride is None or stride == () else stride
    pads = pair(padding, "padding", op, least=0)
    win = window(kernel, stride, pads, dilation, op, x.shape[2:], ceil_mode)
    if any(a > k // 2 for (a, _), k in zip(win.padding, win.kernel, strict=True)):
        raise OpError(
            f"{op}: padding {padding} must be at most half the kernel {win.kernel} (as PyTorch)"
        )
    return win


def max_pool2d(
    input: Any,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    dilation: Any = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Tensor | tuple[Tensor, Tensor]:
    """The largest value of each window of input (N, C, H, W) or (C, H, W), as PyTorch's
    max_pool2d (stride defaults to kernel_size; padding is -inf); with return_indices also where
    each maximum is (int64 positions in the flattened H * W, no gradient)."""
    x, unbatched = _batched(floating(input), "max_pool2d", "(N, C, H, W)")
    win = _pool_window("max_pool2d", x, kernel_size, stride, padding, dilation, ceil_mode)
    out = MaxPool2d.apply(x, win=win)
    if return_indices:
        hit = argmax_taps(x.data, out.data, win)
        indices = make_tensor(flat_positions(hit, win, x.shape[2:]))
        return (out[0], indices[0]) if unbatched else (out, indices)
    return out.reshape(out.shape[1:]) if unbatched else out


def avg_pool2d(
    input: Any,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: int | None = None,
) -> Tensor:
    """The mean of each window of input (N, C, H, W) or (C, H, W), as PyTorch's avg_pool2d: the
    zero padding counts unless count_include_pad=False; divisor_override replaces the count."""
    x, unbatched = _batched(floating(input), "avg_pool2d", "(N, C, H, W)")
    win = _pool_window("avg_pool2d", x, kernel_size, stride, padding, 1, ceil_mode)
    if divisor_override is None:
        divisor = _counts(x.shape[2:], win, count_include_pad).astype(x.dtype)
    else:
        divisor = divisor_override
    out = AvgPool2d.apply(x, win=win, divisor=divisor)
    return out.reshape(out.shape[1:]) if unbatched else out


def _counts(size: tuple[int, ...], win: Window, count_include_pad: bool) -> np.ndarray:
    """How many pixels each window (OH, OW) averages over, as PyTorch's avg_pool2d counts: the
    input's, and with count_include_pad its zero padding too (never what ceil_mode's last
    window reaches beyond that padding)."""
    sides = []
    parts = zip(size, win.kernel, win.stride, win.padding, win.out_size(size), strict=True)
    for n, k, s, (a, _), m in parts:
        start = np.arange(m) * s - a
        end = np.minimum(start + k, n + a)
        sides.append(end - start if count_include_pad else end.clip(max=n) - start.clip(min=0))
    return np.outer(*sides)


def _bins(n: int, m: int, dtype: np.dtype) -> np.ndarray:
    """(m, n) averaging matrix: output i is the mean of inputs floor(i n / m) to
    ceil((i + 1) n / m) - 1, PyTorch's adaptive bins."""
    i, j = np.arange(m)[:, None], np.arange(n)
    start, end = i * n // m, -(-(i + 1) * n // m)
    return (((j >= start) & (j < end)) / (end - start)).astype(dtype)


def adaptive_avg_pool2d(input: Any, output_size: Any) -> Tensor:
    """Means over PyTorch's adaptive bins so that the output is (N, C, *output_size) (None keeps
    that input size); built as two einsums with averaging matrices (the bins may overlap)."""
    x, unbatched = _batched(floating(input), "adaptive_avg_pool2d", "(N, C, H, W)")
    sizes = output_size if isinstance(output_size, tuple | list) else (output_size,) * 2
    sizes = tuple(n if s is None else s for s, n in zip(sizes, x.shape[2:], strict=False))
    pair(sizes, "output_size", "adaptive_avg_pool2d")
    rows, cols = (_bins(n, m, x.dtype) for n, m in zip(x.shape[2:], sizes, strict=True))
    out = einsum("ih,nchj->ncij", rows, einsum("nchw,jw->nchj", x, cols))
    return out.reshape(out.shape[1:]) if unbatched else out
