"""`LambdaLR`: the lr as a function you give of the epoch."""

from __future__ import annotations

import copy
import types
from collections.abc import Callable
from typing import Any

from ..optimizer import Optimizer
from .checks import check_optimizer
from .scheduler import LRScheduler

LrLambda = Callable[[int], float]


class LambdaLR(LRScheduler):
    """Set each group's lr to its base lr times a function of the epoch, as PyTorch's LambdaLR:

        lr(t) = base_lr * lr_lambda(t)

    Given a list, each param group has its own function. The state dict saves what a callable
    object holds (its `__dict__`) but not plain functions or lambdas, which cannot be pickled.
    """

    _kept_out = ("optimizer", "lr_lambdas")

    def __init__(
        self, optimizer: Optimizer, lr_lambda: LrLambda | list[LrLambda], last_epoch: int = -1
    ) -> None:
        n = len(check_optimizer("LambdaLR", optimizer).param_groups)
        lambdas = list(lr_lambda) if isinstance(lr_lambda, list | tuple) else [lr_lambda] * n
        if len(lambdas) != n:
            raise ValueError(
                f"LambdaLR: lr_lambda has {len(lambdas)} functions, the optimizer has {n} param "
                "groups"
            )
        for i, fn in enumerate(lambdas):
            if not callable(fn):
                raise TypeError(f"LambdaLR: lr_lambda {i} is a {type(fn).__name__}, not callable")
        self.lr_lambdas = lambdas
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        """base_lr * lr_lambda(last_epoch) for each group."""
        return [
            base_lr * fn(self.last_epoch)
            for fn, base_lr in zip(self.lr_lambdas, self.base_lrs, strict=True)
        ]

    def state_dict(self) -> dict[str, Any]:
        """As the base's, with `lr_lambdas`: a copy of each callable object's attributes, None
        for a plain function."""
        saved = [None if _is_plain(fn) else copy.deepcopy(vars(fn)) for fn in self.lr_lambdas]
        return {**super().state_dict(), "lr_lambdas": saved}

    def _load_state(self, state_dict: dict[str, Any]) -> None:
        super()._load_state(state_dict)
        for fn, saved in zip(self.lr_lambdas, state_dict["lr_lambdas"], strict=True):
            if saved is not None:
                vars(fn).update(copy.deepcopy(saved))


def _is_plain(fn: LrLambda) -> bool:
    """A function (def or lambda), or a callable with no attributes to save."""
    return isinstance(fn, types.FunctionType) or not hasattr(fn, "__dict__")
