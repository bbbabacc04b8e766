"""Small generated sets of 2-D points for classification demos, with scikit-learn's names:
make_moons, make_blobs, and make_spirals (CS231n's interleaved arms). Each returns (X, y): X of
the default float dtype (n_samples, n_features), y int64 class labels, in shuffled order, drawn
from `generator` or else the package's (`autograd.manual_seed` repeats them)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from autograd import Tensor, from_numpy, get_default_dtype
from autograd.random import generator as default_generator


def make_moons(
    n_samples: int = 100, noise: float = 0.0, generator: np.random.Generator | None = None
) -> tuple[Tensor, Tensor]:
    """Two interleaving half circles of radius 1: class 0 the upper one centred at (0, 0), class
    1 the lower one centred at (1, 0.5); half the points in each, evenly spaced along
    the arc (class 0 takes the odd one), plus Gaussian noise of std `noise` on each coordinate."""
    rng = generator or default_generator()
    upper, lower = split_evenly(n_samples, 2, "make_moons")
    t0, t1 = np.linspace(0, np.pi, upper), np.linspace(0, np.pi, lower)
    points = np.concatenate(
        [
            np.stack([np.cos(t0), np.sin(t0)], axis=1),
            np.stack([1 - np.cos(t1), 0.5 - np.sin(t1)], axis=1),
        ]
    )
    return finish(points, class_labels([upper, lower]), noise, rng, "make_moons")


def make_spirals(
    n_samples: int = 100,
    n_classes: int = 2,
    noise: float = 0.0,
    turns: float = 1.0,
    generator: np.random.Generator | None = None,
) -> tuple[Tensor, Tensor]:
    """`n_classes` spiral arms from the centre out to radius 1, each making `turns` turns, arm k
    rotated by k / n_classes of a turn: point at radius r on arm k is at angle
    2 pi (k / n_classes + turns r). Radii are evenly spaced in (0, 1]; Gaussian noise of std
    `noise` is added to each coordinate."""
    rng = generator or default_generator()
    counts = split_evenly(n_samples, n_classes, "make_spirals")
    y = class_labels(counts)
    radius = np.concatenate([np.arange(1, m + 1) / m for m in counts])
    angle = 2 * np.pi * (y / n_classes + turns * radius)
    points = radius[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return finish(points, y, noise, rng, "make_spirals")


def make_blobs(
    n_samples: int = 100,
    centers: int | Sequence[Sequence[float]] = 3,
    cluster_std: float = 1.0,
    n_features: int = 2,
    center_box: tuple[float, float] = (-10.0, 10.0),
    generator: np.random.Generator | None = None,
) -> tuple[Tensor, Tensor]:
    """Gaussian clusters of std `cluster_std` around `centers` (or that many centres drawn
    uniformly in `center_box` for each feature), the samples shared out as evenly as they go."""
    rng = generator or default_generator()
    if isinstance(centers, int | np.integer):
        centers = rng.uniform(*center_box, size=(int(centers), n_features))
    centers = np.asarray(centers, dtype=np.float64)
    if centers.ndim != 2 or len(centers) == 0:
        raise ValueError(f"make_blobs: centers must be a count or a list of points: {centers}")
    y = class_labels(split_evenly(n_samples, len(centers), "make_blobs"))
    return finish(centers[y], y, cluster_std, rng, "make_blobs")


def split_evenly(n: int, parts: int, name: str) -> list[int]:
    """n as `parts` counts differing by at most one (the first ones larger)."""
    if parts < 1 or n < 0:
        raise ValueError(f"{name}: needs n_samples >= 0 and at least one class: {n}, {parts}")
    return [n // parts + (k < n % parts) for k in range(parts)]


def class_labels(counts: list[int]) -> np.ndarray:
    """Label k repeated counts[k] times."""
    return np.repeat(np.arange(len(counts), dtype=np.int64), counts)


def finish(
    points: np.ndarray, y: np.ndarray, noise: float, rng: np.random.Generator, name: str
) -> tuple[Tensor, Tensor]:
    """Points plus Gaussian noise of std `noise`, shuffled along with their labels, as tensors."""
    if noise < 0:
        raise ValueError(f"{name}: the noise's std must be >= 0, got {noise}")
    points = points + noise * rng.standard_normal(points.shape)
    order = rng.permutation(len(y))
    return from_numpy(points[order].astype(get_default_dtype())), from_numpy(y[order])
