"""Convolution made visible: `plot_filters` draws a conv layer's kernels, `plot_feature_maps` what
the layer makes of one image (each output channel as an image). matplotlib is imported only
when plotting; each returns its axes, one panel per kernel or channel, each holding exactly the
numbers it shows (`ax.images[0].get_array()`)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograd import Tensor, as_tensor, no_grad

from .module import Module


def _axes(count: int, axes: Any, size: float) -> np.ndarray:
    """`axes` flattened, or a new figure's grid of `count` panels (at most 8 a row); the
    panels beyond `count` in a new grid are hidden. Raises unless there are enough."""
    if axes is None:
        import matplotlib.pyplot as plt  # only when plotting

        cols = min(count, 8)
        rows = math.ceil(count / cols)
        axes = plt.subplots(rows, cols, figsize=(size * cols, size * rows + 0.3), squeeze=False)[1]
        for ax in axes.flat[count:]:
            ax.set_visible(False)
    flat = np.ravel(np.asarray(axes, dtype=object))
    if len(flat) < count:
        raise ValueError(f"{count} panels to draw but {len(flat)} axes given")
    return flat[:count]


def _show(ax: Any, image: np.ndarray, title: str, limit: float, cmap: str) -> None:
    """One panel: the image with a colour scale symmetric about 0 (or from 0), no ticks."""
    low = -limit if cmap == "RdBu_r" else 0.0
    ax.imshow(image, cmap=cmap, vmin=low, vmax=limit or 1.0, interpolation="nearest")
    ax.set_title(title, fontsize=8)
    ax.set_xticks([])
    ax.set_yticks([])


def plot_filters(conv: Module, axes: Any = None) -> np.ndarray:
    """A panel per kernel of `conv` (a Conv2d: weight (out, in/groups, kh, kw)): out x in
    panels, output channel by output channel, red positive and blue negative on one scale for
    all. Returns the axes used (flat, one per kernel)."""
    weight = np.asarray(conv.weight.data)
    if weight.ndim != 4:
        raise ValueError(f"plot_filters: expected a 2-D conv's weight (out, in, kh, kw), got "
                         f"shape {weight.shape}")  # fmt: skip
    out_channels, in_channels = weight.shape[:2]
    flat = _axes(out_channels * in_channels, axes, 1.2)
    limit = float(np.abs(weight).max())
    for k, ax in enumerate(flat):
        o, c = divmod(k, in_channels)
        title = f"filter {o}" if in_channels == 1 else f"filter {o}, in {c}"
        _show(ax, weight[o, c], title, limit, "RdBu_r")
    return flat


def plot_feature_maps(conv: Module, image: Any, axes: Any = None) -> np.ndarray:
    """A panel per output channel of `conv` (a Conv2d, or any module giving (N, C, H, W), such
    as a conv followed by its ReLU) applied to one `image` ((C, H, W), or (1, C, H, W)), computed
    under no_grad in the module's current mode. Returns the axes used (flat, one per channel)."""
    x = image if isinstance(image, Tensor) else as_tensor(np.asarray(image))
    if len(x.shape) == 3:
        x = x.reshape(1, *x.shape)
    if len(x.shape) != 4 or x.shape[0] != 1:
        raise ValueError(f"plot_feature_maps: expected one image (C, H, W) or (1, C, H, W), got "
                         f"shape {tuple(x.shape)}")  # fmt: skip
    with no_grad():
        maps = np.asarray(conv(x).data)[0]
    flat = _axes(len(maps), axes, 1.2)
    negative = bool((maps < 0).any())
    limit = float(np.abs(maps).max())
    for k, ax in enumerate(flat):
        _show(ax, maps[k], f"map {k}", limit, "RdBu_r" if negative else "viridis")
    return flat
