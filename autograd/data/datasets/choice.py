"""`digits_or_mnist`: MNIST when its files are at hand, else the shipped Digits, in one form, so
that code written for one runs on the other."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from .digits import Digits
from .images import ImageDataset
from .mnist import MNIST


def digits_or_mnist(
    train: bool = True, root: str | os.PathLike | None = None, mnist_limit: int | None = None
) -> ImageDataset:
    """MNIST read from `root` when all four of its files are in `<root>/MNIST/raw/` (at most
    the first `mnist_limit` images), else Digits; items float32 (1, H, W) in [0, 1] either way."""
    if root is None or not has_mnist_files(root):
        return Digits(train)
    mnist = MNIST(root, train)
    # scaled here rather than by a ToTensor transform, so `data` matches the items as Digits' does
    images = mnist.images[:mnist_limit, None].astype(np.float32) / np.float32(255)
    return ImageDataset(images, mnist.labels[:mnist_limit])


def has_mnist_files(root: str | os.PathLike) -> bool:
    """Whether all four MNIST files, gzipped or not, are in `<root>/MNIST/raw/`."""
    folder = Path(root) / MNIST.__name__ / "raw"
    names = [name for name, _ in MNIST.resources]
    return all((folder / n).exists() or (folder / n.removesuffix(".gz")).exists() for n in names)
