"""Datasets that work offline: Digits and the Sonnets ship with the package, MNIST and
FashionMNIST are read from their IDX files (downloaded on request), and small 2-D sets are
generated."""

from .digits import Digits
from .images import ImageDataset
from .synthetic import make_blobs, make_moons, make_spirals
from .text import CharDataset, sonnets

__all__ = [
    "CharDataset", "Digits", "ImageDataset", "make_blobs", "make_moons", "make_spirals", "sonnets",
]  # fmt: skip
