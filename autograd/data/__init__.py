"""Data for training, with the names of PyTorch's torch.utils.data (Dataset, TensorDataset,
Subset, random_split, DataLoader, default_collate), torchvision's transforms, and datasets that
work offline. Import it as `from autograd.data import DataLoader` (`import autograd` alone does
not load it)."""

from . import datasets, transforms
from .collate import default_collate
from .dataloader import DataLoader
from .dataset import Dataset, Subset, TensorDataset, random_split

__all__ = [
    "DataLoader", "Dataset", "Subset", "TensorDataset", "datasets", "default_collate",
    "random_split", "transforms",
]  # fmt: skip
