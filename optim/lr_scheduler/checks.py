"""Checks of a scheduler's settings: each error names the scheduler, the setting and what it got,
with PyTorch's exception type (TypeError for the wrong kind of thing, ValueError out of range)."""

from __future__ import annotations

import math
import numbers
from typing import Any

from ..optimizer import Optimizer


def check_optimizer(who: str, optimizer: Any) -> Optimizer:
    """`optimizer`, or TypeError if it is not an `optim.Optimizer`."""
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"{who}: {type(optimizer).__name__} is not an Optimizer")
    return optimizer


def check_int(who: str, name: str, value: Any, minimum: int) -> int:
    """`value` as an int, or TypeError if it is not an integer, ValueError if below `minimum`."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{who}: {name} must be an int, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{who}: {name} must be >= {minimum}, got {value!r}")
    return int(value)


def check_real(
    who: str,
    name: str,
    value: Any,
    *,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
) -> float:
    """`value` as a float, or TypeError if it is not a real number, ValueError unless it is finite
    and within the bounds given (> gt, >= ge, < lt, <= le)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{who}: {name} must be a number, got {type(value).__name__} {value!r}")
    inside = (
        math.isfinite(value)
        and (gt is None or value > gt)
        and (ge is None or value >= ge)
        and (lt is None or value < lt)
        and (le is None or value <= le)
    )
    if not inside:
        raise ValueError(f"{who}: {name} must be {_bounds(gt, ge, lt, le)}, got {value!r}")
    return float(value)


def _bounds(gt: float | None, ge: float | None, lt: float | None, le: float | None) -> str:
    """The bounds as text: '> 0', 'in [0, 1)', ..."""
    low, high = (gt, "(") if ge is None else (ge, "["), (lt, ")") if le is None else (le, "]")
    if high[0] is None:
        return f"{'>' if ge is None else '>='} {low[0]}"
    if low[0] is None:
        return f"{'<' if le is None else '<='} {high[0]}"
    return f"in {low[1]}{low[0]}, {high[0]}{high[1]}"


def per_group(
    who: str, name: str, value: Any, optimizer: Optimizer, **bounds: float
) -> list[float]:
    """One checked number per param group: a list or tuple gives each group its own, anything
    else is shared by all."""
    n = len(optimizer.param_groups)
    if not isinstance(value, list | tuple):
        return [check_real(who, name, value, **bounds)] * n
    if len(value) != n:
        raise ValueError(
            f"{who}: {name} has {len(value)} values, the optimizer has {n} param groups"
        )
    return [check_real(who, f"{name}[{i}]", v, **bounds) for i, v in enumerate(value)]


def check_choice(who: str, name: str, value: Any, choices: tuple[str, ...]) -> str:
    """`value`, or ValueError unless it is one of `choices`."""
    if value not in choices:
        raise ValueError(
            f"{who}: {name} must be one of {', '.join(map(repr, choices))}, got {value!r}"
        )
    return value


def check_increasing(who: str, name: str, values: Any) -> list[int]:
    """`values` as a list of positive ints in strictly increasing order, or TypeError/ValueError."""
    if isinstance(values, str) or not isinstance(values, list | tuple | range):
        raise TypeError(f"{who}: {name} must be a list of ints, got {type(values).__name__}")
    checked = [check_int(who, f"{name}[{i}]", v, 1) for i, v in enumerate(values)]
    if any(b <= a for a, b in zip(checked, checked[1:], strict=False)):
        raise ValueError(f"{who}: {name} must be strictly increasing, got {checked}")
    return checked
