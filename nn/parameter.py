"""`Parameter`: a leaf tensor that a Module owns and an optimizer updates."""

from __future__ import annotations

from typing import Any

from autograd import Tensor


class Parameter(Tensor):
    """A Tensor that requires grad and is registered by the Module it is assigned to.

    `Parameter(tensor)` shares the tensor's memory, as in PyTorch; `Parameter(ndarray)` too."""

    __slots__ = ()

    def __init__(
        self, data: Any = None, requires_grad: bool = True, name: str | None = None
    ) -> None:
        super().__init__([] if data is None else data, requires_grad, name=name)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()
