"""Datasets that work offline: Digits and the Sonnets ship with the package, MNIST and
FashionMNIST are read from their IDX files (downloaded on request), and small 2-D sets are
generated."""

from .choice import digits_or_mnist
from .digits import Digits
from .download import DownloadError
from .idx import IdxError, read_idx
from .images import ImageDataset
from .mnist import MNIST, FashionMNIST
from .synthetic import make_blobs, make_moons, make_spirals
from .text import CharDataset, sonnets

__all__ = [
    "MNIST", "CharDataset", "Digits", "DownloadError", "FashionMNIST", "IdxError",
    "ImageDataset", "digits_or_mnist", "make_blobs", "make_moons", "make_spirals", "read_idx",
    "sonnets",
]  # fmt: skip
