"""`Module`: the base of layers and models; it finds its parameters and sub-modules itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from autograd import Tensor

from .parameter import Parameter


class Module:
    """A layer or model: assign Parameters and Modules as attributes; define `forward`."""

    def __init__(self) -> None:
        object.__setattr__(self, "_params", {})
        object.__setattr__(self, "_modules", {})
        object.__setattr__(self, "training", True)

    def __setattr__(self, name: str, value: Any) -> None:
        if "_params" not in self.__dict__:
            raise AttributeError(
                f"{type(self).__name__}: call super().__init__() before assigning attributes"
            )
        self._params.pop(name, None)
        self._modules.pop(name, None)
        if isinstance(value, Parameter):
            self._params[name] = value
            if value.name is None:
                value.name = name
        elif isinstance(value, Module):
            self._modules[name] = value
        object.__setattr__(self, name, value)

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """The computation; subclasses define it."""
        raise NotImplementedError(f"{type(self).__name__} does not define forward()")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.forward(*args, **kwargs)

    def named_parameters(self, prefix: str = "") -> Iterator[tuple[str, Parameter]]:
        """(dotted name, parameter) for this module and all below it, each parameter once."""
        seen: set[int] = set()
        for name, p in self._named_members(prefix):
            if id(p) not in seen:
                seen.add(id(p))
                yield name, p

    def _named_members(self, prefix: str) -> Iterator[tuple[str, Parameter]]:
        for name, p in self._params.items():
            yield prefix + name, p
        for name, m in self._modules.items():
            yield from m._named_members(f"{prefix}{name}.")

    def parameters(self) -> Iterator[Parameter]:
        """Every parameter of this module and its sub-modules."""
        return (p for _, p in self.named_parameters())

    def modules(self) -> Iterator[Module]:
        """This module and every module below it."""
        yield self
        for m in self._modules.values():
            yield from m.modules()

    def zero_grad(self) -> None:
        """Forget every parameter's gradient (set to None, as PyTorch does by default)."""
        for p in self.parameters():
            p.grad = None

    def train(self, mode: bool = True) -> Module:
        """Training mode (dropout drops, batch norm uses batch statistics)."""
        for m in self.modules():
            object.__setattr__(m, "training", mode)
        return self

    def eval(self) -> Module:
        """Evaluation mode."""
        return self.train(False)

    def state_dict(self) -> dict[str, np.ndarray]:
        """Copies of every parameter's values by dotted name."""
        return {name: p.data.copy() for name, p in self.named_parameters()}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Set parameters from `state`; checks every name and shape before changing anything."""
        own = dict(self.named_parameters())
        missing, unexpected = own.keys() - state.keys(), state.keys() - own.keys()
        if missing or unexpected:
            raise KeyError(
                f"load_state_dict: missing {sorted(missing)}, unexpected {sorted(unexpected)}"
            )
        arrays = {k: np.asarray(v.data if isinstance(v, Tensor) else v) for k, v in state.items()}
        for name, p in own.items():
            if arrays[name].shape != p.shape:
                raise ValueError(
                    f"load_state_dict: {name} has shape {arrays[name].shape}, expected {p.shape}"
                )
        for name, p in own.items():
            p.data = arrays[name].astype(p.dtype, copy=True)

    def __repr__(self) -> str:
        inner = "".join(
            f"\n  ({n}): " + repr(m).replace("\n", "\n  ") for n, m in self._modules.items()
        )
        return f"{type(self).__name__}({self.extra_repr()}{inner}{chr(10) if inner else ''})"

    def extra_repr(self) -> str:
        """The layer's settings, shown in its repr."""
        return ""
