"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any


def best_times(
    systems: dict[str, Callable[[], Any]], repeats: int = 20, rounds: int = 5, warmup: int = 3
) -> dict[str, float]:
    """The fastest call of each system, in seconds, timed in turns: each of `rounds` rounds runs
    every system `repeats // rounds` times, so a busy spell of the machine (or PyTorch's threads
    still spinning after its turn) falls on all systems alike, not on whichever ran then. Who
    goes first rotates from round to round, and each system starts from a collected, frozen heap
    (micrograd's cyclic garbage would otherwise tax whoever runs after it)."""
    for fn in systems.values():
        for _ in range(warmup):
            fn()
    best = dict.fromkeys(systems, float("inf"))
    names = list(systems)
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            gc.collect()
            gc.freeze()
            for _ in range(max(1, repeats // rounds)):
                start = time.perf_counter()
                systems[name]()
                best[name] = min(best[name], time.perf_counter() - start)
            gc.unfreeze()
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


def report(
    times: dict[str, float], unit: str, scale: float, digits: int, labels: dict[str, str]
) -> None:
    """One row per timed system, its time times `scale` in `unit`: glassgrad's row gives its
    ratio to hand-written numpy's or micrograd's when one was timed, PyTorch's row glassgrad's
    ratio to it."""
    ours = times["glassgrad"]
    for name, t in times.items():
        note = f"{ours / t:.2f}x torch" if name == "torch" else ""
        for floor in ("numpy", "micrograd"):
            if name == "glassgrad" and floor in times:
                note = f"{ours / times[floor]:.2f}x {floor}"
        row(labels.get(name, name), f"{t * scale:.{digits}f} {unit}", note)


def torch_label(torch: object, how: str = "CPU") -> dict[str, str]:
    """The label of PyTorch's row: its version and how it ran."""
    return {"torch": f"PyTorch {torch.__version__} ({how})"} if torch is not None else {}
