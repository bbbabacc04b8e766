"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def best_time(fn: Callable[[], Any], repeats: int = 20, warmup: int = 3) -> float:
    """The fastest of `repeats` calls, in seconds: the one least disturbed by the machine."""
    for _ in range(warmup):
        fn()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def torch_or_none() -> Any:
    """The torch module if installed (pip install torch==2.13.0), else None."""
    try:
        import torch
    except ImportError:
        return None
    return torch


def row(label: str, value: str, note: str = "") -> None:
    """Print one aligned result line."""
    print(f"  {label:<44} {value:>14}  {note}")
