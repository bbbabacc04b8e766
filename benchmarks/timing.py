"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def best_times(
    systems: dict[str, Callable[[], Any]], repeats: int = 20, rounds: int = 5, warmup: int = 3
) -> dict[str, float]:
    """The fastest call of each system, in seconds, timed in turns: each of `rounds` rounds runs
    every system `repeats // rounds` times, so a busy spell of the machine (or PyTorch's threads
    still spinning after its turn) falls on all systems alike, not on whichever ran then."""
    for fn in systems.values():
        for _ in range(warmup):
            fn()
    best = dict.fromkeys(systems, float("inf"))
    for _ in range(rounds):
        for name, fn in systems.items():
            for _ in range(max(1, repeats // rounds)):
                start = time.perf_counter()
                fn()
                best[name] = min(best[name], time.perf_counter() - start)
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
