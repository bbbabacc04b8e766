"""Switches read by every op: whether ops record a graph (each thread has its own, as in PyTorch)
and whether backward hunts for NaN/Inf (one for the process, as PyTorch's anomaly mode), and the
clock of in-place writes (one per process)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any


class _State(threading.local):
    """Per-thread switches: each thread starts with recording on, and a `no_grad` in one thread
    never switches recording off in another."""

    def __init__(self) -> None:  # runs once in each thread that reads the state
        self.grad_enabled = True
        self.saved: list[bool] = []  # values to restore as `with` blocks exit, innermost last
        # the module calls running, outermost first, each (module, its call's number), set by
        # nn.Module.__call__: ops record it, so diagrams can group a model's nodes by module
        self.scope: tuple[tuple[Any, int], ...] = ()


class clock:  # noqa: N801 - a namespace, read as `clock.now`
    """Time of the latest in-place write, process-wide: every write bumps it; ops remember the
    time they saw, so backward can tell whether a tensor they saved was written since."""

    now = 0


state = _State()


class _Switch(contextlib.ContextDecorator):
    """A switch set inside a `with` block or a decorated function (`@no_grad()`, or `@no_grad`
    without parentheses, as PyTorch allows): one of this thread's, unless a subclass says."""

    flag: str
    value: bool

    def __new__(cls, func: Callable | None = None) -> Any:
        self = super().__new__(cls)
        return self if func is None else self(func)

    def __init__(self, func: Callable | None = None) -> None:
        pass  # nothing to keep: what to restore is kept per thread, in `state.saved`

    def __enter__(self) -> None:
        state.saved.append(getattr(state, self.flag))
        setattr(state, self.flag, self.value)

    def __exit__(self, *exc: object) -> None:
        setattr(state, self.flag, state.saved.pop())


class no_grad(_Switch):  # noqa: N801 - PyTorch's name
    """Record nothing: ops return tensors without a grad_fn."""

    flag, value = "grad_enabled", False


class enable_grad(_Switch):  # noqa: N801 - PyTorch's name
    """Record ops again, even inside `no_grad`."""

    flag, value = "grad_enabled", True


def is_grad_enabled() -> bool:
    """True when ops record the graph (in this thread)."""
    return state.grad_enabled


class anomaly:  # noqa: N801 - a namespace, read as `anomaly.on`
    """Anomaly mode, for the whole process as PyTorch's: on while any `detect_anomaly` is active
    in any thread (a class attribute, read by every op at a third of a thread-local's cost)."""

    on = False
    active = 0  # detect_anomaly blocks being run, in all threads
    lock = threading.Lock()


class detect_anomaly(_Switch):  # noqa: N801 - PyTorch's name
    """Make backward raise at the first NaN or Inf gradient, naming the op and where it was made
    (for the whole process while active, as PyTorch's)."""

    def __enter__(self) -> None:
        with anomaly.lock:
            anomaly.active += 1
            anomaly.on = True

    def __exit__(self, *exc: object) -> None:
        with anomaly.lock:
            anomaly.active -= 1
            anomaly.on = anomaly.active > 0
