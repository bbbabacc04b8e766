"""`MNIST` and `FashionMNIST` from their four IDX files, as torchvision reads them: in
`<root>/MNIST/raw/` (or `<root>/FashionMNIST/raw/`), gzipped or not, downloaded on request."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .download import download_missing
from .idx import IdxError, read_idx
from .images import ImageDataset

LABELS, IMAGES = 2049, 2051  # the magic numbers: unsigned bytes in 1 dim, in 3 dims


class MNIST(ImageDataset):
    """The MNIST handwritten digits (Y. LeCun, C. Cortes, C. Burges; CC BY-SA 3.0): 60,000
    training and 10,000 test images, each an item (uint8 array (28, 28), label 0-9) as
    torchvision's (`transforms.ToTensor()` makes the image float32 (1, 28, 28) in [0, 1]).
    The files are read from `<root>/MNIST/raw/`; `download=True` fetches the missing ones from
    `mirrors` (a setting: base URLs, tried in turn), checked against `resources`' MD5s."""

    mirrors = [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "http://yann.lecun.com/exdb/mnist/",
    ]
    resources = [
        ("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
        ("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
        ("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
        ("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
    ]
    classes = [
        "0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six",
        "7 - seven", "8 - eight", "9 - nine",
    ]  # fmt: skip

    def __init__(
        self,
        root: str | Path,
        train: bool = True,
        transform: Callable[[Any], Any] | None = None,
        target_transform: Callable[[int], Any] | None = None,
        download: bool = False,
    ) -> None:
        self.root, self.train = Path(root), train
        if download:
            download_missing(self.raw_folder, self.resources, self.mirrors)
        split = "train" if train else "t10k"
        images_file, labels_file = self.find(
            f"{split}-images-idx3-ubyte", f"{split}-labels-idx1-ubyte"
        )
        images, labels = read_idx(images_file, IMAGES), read_idx(labels_file, LABELS)
        if images.shape[1:] != (28, 28):
            raise IdxError(f"{images_file}: images of {images.shape[1:]} pixels, not 28x28")
        if len(images) != len(labels):
            raise IdxError(
                f"{images_file} holds {len(images)} images but {labels_file} {len(labels)} labels"
            )
        if labels.size and labels.max() >= len(self.classes):
            raise IdxError(f"{labels_file}: label {labels.max()} is not one of the 10 classes")
        super().__init__(images, labels, transform, target_transform)

    @property
    def raw_folder(self) -> Path:
        """Where the IDX files are looked for (torchvision's layout)."""
        return self.root / type(self).__name__ / "raw"

    def find(self, *stems: str) -> list[Path]:
        """Each file by its name without .gz, found gzipped or not, else one error naming every
        missing file, where it looked and how to get them."""
        folder = self.raw_folder
        found = [
            next((p for p in (folder / s, folder / f"{s}.gz") if p.exists()), None) for s in stems
        ]
        missing = [s for s, path in zip(stems, found, strict=True) if path is None]
        if missing:
            raise FileNotFoundError(
                f"{type(self).__name__}: {' and '.join(missing)} (gzipped or not) not found in "
                f"{folder.resolve()}. Pass download=True to fetch the four files from "
                f"{self.mirrors[0]} (or the other mirrors in {type(self).__name__}.mirrors), "
                "or download them yourself and put them there."
            )
        return found


class FashionMNIST(MNIST):
    """Zalando's Fashion-MNIST (H. Xiao, K. Rasul, R. Vollgraf, 2017; MIT licence): 28x28
    grayscale images of 10 kinds of clothing, in MNIST's format, read by the same code from
    `<root>/FashionMNIST/raw/`."""

    mirrors = [
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
    ]
    resources = [
        ("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
        ("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
        ("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
        ("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
    ]
    classes = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
        "Bag", "Ankle boot",
    ]  # fmt: skip
