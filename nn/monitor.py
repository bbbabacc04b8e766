"""`LayerMonitor`: each watched layer's output on the last forward pass, and the gradient that came
back to it on the last backward, recorded through forward hooks while the monitor is on (a `with`
block); plots of both by depth. Off, it costs nothing: no hook stays registered."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Tensor, is_grad_enabled

from .hooks import RemovableHandle
from .module import Module


class LayerMonitor:
    """Records, per watched layer (by its name in the model): `activations[name]`, the output of
    its last forward, and `gradients[name]`, d loss / d output from the last backward. Layers
    are the model's modules of the given types, or by default those that hold parameters
    directly (a Linear, a Conv2d, ...)."""

    def __init__(self, model: Module, layers: tuple[type, ...] | None = None) -> None:
        self.layers = {
            name: m
            for name, m in model.named_modules()
            if name and (isinstance(m, layers) if layers else bool(m._parameters))
        }
        if not self.layers:
            raise ValueError(f"LayerMonitor: the model has no layer to watch (layers={layers})")
        self.activations: dict[str, np.ndarray] = {}
        self.gradients: dict[str, np.ndarray] = {}
        self._handles: list[RemovableHandle] = []

    def __enter__(self) -> LayerMonitor:
        self._handles = [m.register_forward_hook(self._recorder(n)) for n, m in self.layers.items()]
        return self

    def __exit__(self, *exc: object) -> None:
        for handle in self._handles:
            handle.remove()
        self._handles = []

    def _recorder(self, name: str) -> Any:
        """The forward hook of layer `name`: keeps its output, and hooks the output's gradient."""

        def hook(module: Module, args: tuple[Any, ...], out: Any) -> None:
            if isinstance(out, Tensor):
                self.activations[name] = out.data
                if out.requires_grad and is_grad_enabled():
                    out.register_hook(lambda g: self.gradients.__setitem__(name, g.data))

        return hook

    def grad_norms(self) -> dict[str, float]:
        """The 2-norm of each layer's output gradient from the last backward, in layer order."""
        return {
            n: float(np.linalg.norm(self.gradients[n])) for n in self.layers if n in self.gradients
        }

    def plot_activations(self, axes: Any = None, bins: int = 50) -> Any:
        """A histogram of each layer's last outputs, one panel per layer; returns the axes (an
        array, one per layer)."""
        import matplotlib.pyplot as plt  # only when plotting

        names = [n for n in self.layers if n in self.activations]
        if axes is None:
            axes = plt.subplots(1, len(names), figsize=(2.2 * len(names), 2.2), sharey=True)[1]
        axes = np.atleast_1d(axes)
        for ax, name in zip(axes, names, strict=True):
            values = self.activations[name].ravel()
            ax.hist(values, bins=bins)
            ax.set_title(f"{name}\nmean {values.mean():.2f}, std {values.std():.2f}", fontsize=8)
        return axes

    def plot_grad_norms(self, ax: Any = None, label: str | None = None) -> Any:
        """Each layer's output-gradient norm against its depth (log scale); returns the axes."""
        import matplotlib.pyplot as plt  # only when plotting

        ax = ax if ax is not None else plt.subplots(figsize=(5, 3))[1]
        norms = self.grad_norms()
        ax.plot(range(1, len(norms) + 1), list(norms.values()), "o-", label=label)
        ax.set(xlabel="layer (depth)", ylabel="gradient norm", yscale="log")
        return ax
