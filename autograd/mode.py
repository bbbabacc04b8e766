"""Global switches: whether ops record a graph, and whether backward hunts for NaN/Inf."""

from __future__ import annotations

import contextlib


class _State:
    """Mutable process-wide flags read by every op (a class, so lookups stay cheap)."""

    grad_enabled = True
    anomaly = False
    inplace_clock = 0  # bumped by every in-place write; ops remember the value they saw


state = _State


class _GradMode(contextlib.ContextDecorator):
    """Set grad recording to a fixed value inside a `with` block or a decorated function."""

    enabled: bool

    def __init__(self) -> None:
        self._saved: list[bool] = []

    def __enter__(self) -> None:
        self._saved.append(state.grad_enabled)
        state.grad_enabled = self.enabled

    def __exit__(self, *exc: object) -> None:
        state.grad_enabled = self._saved.pop()


class no_grad(_GradMode):  # noqa: N801 - PyTorch's name
    """Record nothing: ops return tensors without a grad_fn."""

    enabled = False


class enable_grad(_GradMode):  # noqa: N801 - PyTorch's name
    """Record ops again, even inside `no_grad`."""

    enabled = True


def is_grad_enabled() -> bool:
    """True when ops record the graph."""
    return state.grad_enabled


class detect_anomaly(contextlib.ContextDecorator):  # noqa: N801 - PyTorch's name
    """Make backward raise at the first NaN or Inf gradient, naming the op and where it was made."""

    def __init__(self) -> None:
        self._saved: list[bool] = []

    def __enter__(self) -> None:
        self._saved.append(state.anomaly)
        state.anomaly = True

    def __exit__(self, *exc: object) -> None:
        state.anomaly = self._saved.pop()
