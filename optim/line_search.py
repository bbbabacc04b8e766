"""The strong-Wolfe line search LBFGS uses (PyTorch's port of minFunc's), with its cubic
interpolation. Points along the search direction d are numbers t; f(t) is the loss at x + t d and
gtd its slope g . d there."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np


class Point(NamedTuple):
    """A trial step t with the loss f, gradient g and slope gtd = g . d found there."""

    t: float
    f: float
    g: np.ndarray
    gtd: float


@np.errstate(divide="ignore", invalid="ignore")  # inf and NaN, clamped below, as PyTorch's
def cubic_minimum(a: Point, b: Point, bounds: tuple[float, float] | None = None) -> float:
    """The minimiser of the cubic through a and b (values and slopes), clamped to `bounds` (by
    default the interval between them); the middle of the bounds if the cubic has none."""
    lo, hi = bounds if bounds is not None else (a.t, b.t) if a.t <= b.t else (b.t, a.t)
    d1 = a.gtd + b.gtd - 3 * (a.f - b.f) / (a.t - b.t)
    d2_square = d1**2 - a.gtd * b.gtd
    if not d2_square >= 0:  # (NaN too)
        return (lo + hi) / 2.0
    d2 = np.sqrt(d2_square)
    near, far = (a, b) if a.t <= b.t else (b, a)
    t = far.t - (far.t - near.t) * ((far.gtd + d2 - d1) / (far.gtd - near.gtd + 2 * d2))
    return min(max(t, lo), hi)


def strong_wolfe(
    evaluate: Callable[[float], tuple[float, np.ndarray]],
    d: np.ndarray,
    start: Point,
    t: float,
    c1: float = 1e-4,
    c2: float = 0.9,
    tolerance_change: float = 1e-9,
    max_ls: int = 25,
) -> tuple[Point, int]:
    """A step along d meeting the strong Wolfe conditions, f(t) <= f(0) + c1 t gtd(0) and
    |gtd(t)| <= -c2 gtd(0), tried first at `t`; returns the best point found and the number of
    evaluations. `start` is the point at t = 0; `evaluate(t)` gives the loss and gradient at
    x + t d; at most `max_ls` more evaluations follow the first."""
    new = _point(evaluate, d, t)
    bracket, done, tries = _bracket(evaluate, d, start, new, c1, c2, max_ls)
    low, tries = _zoom(evaluate, d, start, bracket, done, tries, c1, c2, tolerance_change, max_ls)
    return low, tries + 1


def _point(evaluate: Callable[[float], tuple[float, np.ndarray]], d: np.ndarray, t: float) -> Point:
    """The point at step t."""
    f, g = evaluate(t)
    return Point(t, f, g, g @ d)


def _bracket(
    evaluate: Callable[[float], tuple[float, np.ndarray]],
    d: np.ndarray,
    start: Point,
    new: Point,
    c1: float,
    c2: float,
    max_ls: int,
) -> tuple[list[Point], bool, int]:
    """Steps that grow (cubic extrapolation, 1.01 to 10 times the last) until an interval holds a
    point meeting the conditions, or `new` itself does (done); returns the bracket, done and the
    evaluations made."""
    prev, tries = start, 0
    while tries < max_ls:
        if new.f > start.f + c1 * new.t * start.gtd or (tries > 1 and new.f >= prev.f):
            return [prev, new], False, tries
        if abs(new.gtd) <= -c2 * start.gtd:
            return [new], True, tries
        if new.gtd >= 0:
            return [prev, new], False, tries
        bounds = (new.t + 0.01 * (new.t - prev.t), new.t * 10)
        prev, new = new, _point(evaluate, d, cubic_minimum(prev, new, bounds))
        tries += 1
    return [start, new], False, tries


def _zoom(
    evaluate: Callable[[float], tuple[float, np.ndarray]],
    d: np.ndarray,
    start: Point,
    bracket: list[Point],
    done: bool,
    tries: int,
    c1: float,
    c2: float,
    tolerance_change: float,
    max_ls: int,
) -> tuple[Point, int]:
    """Shrink the bracket around a point meeting the conditions (cubic interpolation, kept off
    the ends); returns its lowest point and the evaluations made in all."""
    d_norm = np.abs(d).max()
    low, high = (0, 1) if bracket[0].f <= bracket[-1].f else (1, 0)
    stuck = False
    while not done and tries < max_ls:
        if abs(bracket[1].t - bracket[0].t) * d_norm < tolerance_change:
            break
        t, stuck = _off_the_ends(cubic_minimum(bracket[0], bracket[1]), bracket, stuck)
        new = _point(evaluate, d, t)
        tries += 1
        if new.f > start.f + c1 * t * start.gtd or new.f >= bracket[low].f:
            bracket[high] = new
            low, high = (0, 1) if bracket[0].f <= bracket[1].f else (1, 0)
            continue
        if abs(new.gtd) <= -c2 * start.gtd:
            done = True
        elif new.gtd * (bracket[high].t - bracket[low].t) >= 0:
            bracket[high] = bracket[low]
        bracket[low] = new
    return bracket[low], tries


def _off_the_ends(t: float, bracket: list[Point], stuck: bool) -> tuple[float, bool]:
    """t moved to a tenth of the bracket from its nearer end when it lies closer than that and
    either lay close last time too (stuck) or is at or past the end; and whether it lay close."""
    lo, hi = min(bracket[0].t, bracket[1].t), max(bracket[0].t, bracket[1].t)
    margin = 0.1 * (hi - lo)
    if not min(hi - t, t - lo) < margin:  # (NaN too)
        return t, False
    if not (stuck or t >= hi or t <= lo):
        return t, True
    return (hi - margin if abs(t - hi) < abs(t - lo) else lo + margin), False
