"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from typing import Any, NamedTuple

# The method, read at each call so that tests can shrink it. A single call of a few microseconds
# is mostly timer and scheduler noise; a block of calls adding up to BLOCK seconds is not, and
# still short enough for the machine's load to stay put during it.
WARMUP = 0.05  # seconds of calls per system before timing: caches, allocator pools, lazy imports
SETTLE = 0.02  # seconds of untimed calls at the start of each turn (see best_times)
BLOCK = 0.1  # seconds of calls per timed sample; a slower call is a block of one
ROUNDS = 5  # timed samples per system, one per round


class Timing(NamedTuple):
    """A system's seconds per call in its best round, and its median round's excess over that."""

    best: float
    spread: float


def method() -> str:
    """How every benchmark is timed, as one line to print above them."""
    return (
        f"Each system is warmed for {WARMUP * 1e3:.0f} ms of calls, then timed in {ROUNDS} rounds,"
        f" in turns, of {SETTLE * 1e3:.0f} ms of untimed calls and one {BLOCK:g} s block of calls"
        " each:\ntime per call in the best round; spread = the median round's excess over the best"
    )


def per_call(
    fn: Callable[..., Any], setup: Callable[[], Any] | None, seconds: float, calls: int
) -> float:
    """Seconds per call of `fn` over at least `calls` calls adding up to `seconds`."""
    total, count = 0.0, 0
    while count < calls or total < seconds:
        # A setup's work (building a graph for `fn` to walk) is done before the clock starts.
        args = () if setup is None else (setup(),)
        start = time.perf_counter()
        fn(*args)
        total += time.perf_counter() - start
        count += 1
    return total / max(count, 1)


def best_times(
    systems: dict[str, Callable[..., Any]],
    warmup: int = 3,
    setups: dict[str, Callable[[], Any]] | None = None,
) -> dict[str, Timing]:
    """Each system's time per call, timed in turns (see WARMUP, SETTLE, BLOCK and ROUNDS)."""
    setups = setups or {}
    warm = {name: per_call(fn, setups.get(name), WARMUP, warmup) for name, fn in systems.items()}
    samples: dict[str, list[float]] = {name: [] for name in systems}
    names = list(systems)
    for r in range(ROUNDS):
        # Turns, so that a busy spell of the machine (or PyTorch's threads still spinning after
        # its turn) falls on every system alike, and who goes first rotates.
        for name in names[r % len(names) :] + names[: r % len(names)]:
            # A collected, frozen heap for each: micrograd's cyclic garbage would otherwise be
            # collected on whoever runs after it.
            gc.collect()
            gc.freeze()
            # Untimed calls first, while the last system's threads (PyTorch's OpenMP and
            # OpenBLAS's spin for milliseconds after their work) go idle and this system's data
            # comes back into cache; skipped for calls that are longer than that on their own.
            if warm[name] < SETTLE:
                per_call(systems[name], setups.get(name), SETTLE, 1)
            samples[name].append(per_call(systems[name], setups.get(name), BLOCK, 1))
            gc.unfreeze()
    return {name: Timing(min(s), statistics.median(s) / min(s) - 1) for name, s in samples.items()}


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
    times: dict[str, Timing],
    unit: str,
    scale: float,
    digits: int,
    labels: dict[str, str] | None = None,
) -> None:
    """Print one row per system: its best time times `scale` in `unit`, a ratio, its spread."""
    labels = labels or {}
    ours = times["glassgrad"].best
    for name, t in times.items():
        # Every ratio is glassgrad's time over another's: on PyTorch's row, and on glassgrad's
        # own row for a floor (hand-written numpy, micrograd) when one was timed.
        note = f"{ours / t.best:.2f}x torch" if name == "torch" else ""
        for floor in ("numpy", "micrograd"):
            if name == "glassgrad" and floor in times:
                note = f"{ours / times[floor].best:.2f}x {floor}"
        value = f"{t.best * scale:.{digits}f} {unit}"
        row(labels.get(name, name), value, f"{note:<15}  (spread {t.spread:+.0%})")


def torch_label(torch: object, how: str = "CPU") -> dict[str, str]:
    """The label of PyTorch's row: its version and how it ran."""
    return {"torch": f"PyTorch {torch.__version__} ({how})"} if torch is not None else {}
