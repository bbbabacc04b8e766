"""`Digits`: the 1,797 8x8 handwritten digits of UCI's optical-recognition set, shipped with the
package (`digits.csv.gz`, from scikit-learn; see DATA.md beside it for source and licence)."""

from __future__ import annotations

import functools
import gzip
from collections.abc import Callable
from importlib import resources
from typing import Any

import numpy as np

from .images import ImageDataset


class Digits(ImageDataset):
    """The UCI handwritten digits (E. Alpaydin and C. Kaynak, 1998; CC BY 4.0): 1,797 images of
    8x8 pixels, each an item (float32 (1, 8, 8) in [0, 1], label 0-9). The split is fixed and
    stratified: a fifth of each digit's samples, drawn once with seed 0, test (359 in all, 35 to
    37 of each digit); the other 1,438 train (see `split`)."""

    def __init__(
        self,
        train: bool = True,
        transform: Callable[[Any], Any] | None = None,
        target_transform: Callable[[int], Any] | None = None,
    ) -> None:
        images, labels = load()
        part = split()[0 if train else 1]
        super().__init__(images[part], labels[part], transform, target_transform)
        self.train = train


@functools.cache
def load() -> tuple[np.ndarray, np.ndarray]:
    """All 1,797 images (float32 (n, 1, 8, 8), pixel counts 0-16 scaled to [0, 1]) and labels,
    read once and then shared read-only."""
    packed = (resources.files(__package__) / "digits.csv.gz").read_bytes()
    table = np.loadtxt(gzip.decompress(packed).decode().splitlines(), delimiter=",", dtype=int)
    images = (table[:, :-1].astype(np.float32) / 16).reshape(-1, 1, 8, 8)
    labels = table[:, -1]
    images.flags.writeable = labels.flags.writeable = False
    return images, labels


@functools.cache
def split() -> tuple[np.ndarray, np.ndarray]:
    """The indices (in file order) of the training and the test samples. Stratified and
    shuffled once: the file runs writer by writer, so its last fifth holds writers the first
    four fifths lack, and a small MLP scores about 92% there against about 98% on this split."""
    labels = load()[1]
    rng = np.random.default_rng(0)
    is_test = np.zeros(len(labels), bool)
    for digit in range(10):
        samples = rng.permutation(np.flatnonzero(labels == digit))
        is_test[samples[: round(len(samples) / 5)]] = True
    return np.flatnonzero(~is_test), np.flatnonzero(is_test)
