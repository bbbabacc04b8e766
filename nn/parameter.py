"""`Parameter`: a leaf tensor that a Module owns and an optimizer updates."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd import Tensor


class Parameter(Tensor):
    """A Tensor that requires grad and is registered by the Module it is assigned to.

    `Parameter(tensor)` shares the tensor's memory and version stamp, as in PyTorch (an in-place
    write to either is seen by both); `Parameter(ndarray)` copies, as `autograd.tensor` does."""

    __slots__ = ()

    def __init__(
        self, data: Any = None, requires_grad: bool = True, name: str | None = None
    ) -> None:
        if isinstance(data, Tensor):
            super().__init__(np.empty(0, data.dtype), requires_grad, name=name)  # checks only
            self.data, self._vc = data.data, data._counter()
        else:
            super().__init__([] if data is None else data, requires_grad, name=name)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()
