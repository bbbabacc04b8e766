"""Layers and losses built on autograd, with PyTorch's names."""

from . import _autograd_check as _autograd_check  # first: stops if `autograd` is not ours
from . import functional, init, utils
from .activation import ReLU, Sigmoid, Tanh
from .batchnorm import BatchNorm1d, BatchNorm2d
from .container import ModuleDict, ModuleList, ParameterDict, ParameterList, Sequential
from .conv import Conv1d, Conv2d
from .dropout import Dropout
from .flatten import Flatten, Unflatten
from .linear import Identity, Linear
from .module import Module
from .normalization import LayerNorm
from .parameter import Parameter
from .pooling import AdaptiveAvgPool2d, AvgPool2d, MaxPool2d
from .rnn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNCell
from .sparse import Embedding
from .upsampling import Upsample

__all__ = [
    "AdaptiveAvgPool2d", "AvgPool2d", "Conv1d", "Conv2d", "MaxPool2d",
    "Linear", "Module", "ModuleDict", "ModuleList", "Parameter", "ParameterDict", "ParameterList",
    "ReLU", "Sequential", "Sigmoid", "Tanh", "functional", "init",
    "BatchNorm1d", "BatchNorm2d", "Dropout", "Embedding", "Flatten", "Identity", "LayerNorm",
    "Unflatten", "Upsample", "utils", "GRU", "GRUCell", "LSTM", "LSTMCell", "RNN", "RNNCell",
]  # fmt: skip
