"""`ImageDataset`: labelled images held in memory, the base of Digits and MNIST (torchvision's
`data`, `targets`, `transform` and `target_transform`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograd import from_numpy

from ..dataset import Dataset


class ImageDataset(Dataset):
    """Images and their integer labels; item i is (image i, label i as an int), each passed
    through its transform if one is given. `data` and `targets` are the whole set as Tensors."""

    def __init__(
        self,
        images: np.ndarray,
        labels: np.ndarray,
        transform: Callable[[Any], Any] | None = None,
        target_transform: Callable[[int], Any] | None = None,
    ) -> None:
        self.images, self.labels = images, labels.astype(np.int64)
        self.data, self.targets = from_numpy(self.images), from_numpy(self.labels)
        self.transform, self.target_transform = transform, target_transform

    def __getitem__(self, index: int) -> tuple[Any, Any]:
        image, label = self.images[index], int(self.labels[index])
        if self.transform is not None:
            image = self.transform(image)
        if self.target_transform is not None:
            label = self.target_transform(label)
        return image, label

    def __len__(self) -> int:
        return len(self.images)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self)} images of shape {self.images.shape[1:]})"
