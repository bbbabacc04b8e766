"""The one random generator of the package: `manual_seed(n)` makes every draw reproducible."""

from __future__ import annotations

import numpy as np

_rng = np.random.default_rng()


def manual_seed(seed: int) -> None:
    """Reset the generator behind rand, randn, randint, weight init and dropout."""
    global _rng
    _rng = np.random.default_rng(seed)


def generator() -> np.random.Generator:
    """The package's generator (take it afresh each time: `manual_seed` replaces it)."""
    return _rng
