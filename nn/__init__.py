"""Layers and losses built on autograd, with PyTorch's names."""

from . import _autograd_check as _autograd_check  # first: stops if `autograd` is not ours
from . import functional, init
from .activation import ReLU, Sigmoid, Tanh
from .container import ModuleDict, ModuleList, ParameterDict, ParameterList, Sequential
from .conv import Conv1d, Conv2d
from .linear import Linear
from .module import Module
from .parameter import Parameter
from .pooling import AdaptiveAvgPool2d, AvgPool2d, MaxPool2d

__all__ = [
    "AdaptiveAvgPool2d", "AvgPool2d", "Conv1d", "Conv2d", "MaxPool2d",
    "Linear", "Module", "ModuleDict", "ModuleList", "Parameter", "ParameterDict", "ParameterList",
    "ReLU", "Sequential", "Sigmoid", "Tanh", "functional", "init",
]  # fmt: skip
