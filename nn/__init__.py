"""Layers and losses built on autograd, with PyTorch's names."""

from . import _autograd_check as _autograd_check  # first: stops if `autograd` is not ours
from . import functional, init, utils
from .activation import ReLU, Sigmoid, Tanh
from .batchnorm import BatchNorm1d, BatchNorm2d
from .container import ModuleDict, ModuleList, ParameterDict, ParameterList, Sequential
from .dropout import Dropout
from .flatten import Flatten, Unflatten
from .linear import Identity, Linear
from .module import Module
from .normalization import LayerNorm
from .parameter import Parameter
from .rnn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNCell
from .sparse import Embedding
from .upsampling import Upsample

__all__ = [
    "Linear", "Module", "ModuleDict", "ModuleList", "Parameter", "ParameterDict", "ParameterList",
    "ReLU", "Sequential", "Sigmoid", "Tanh", "functional", "init",
    "BatchNorm1d", "BatchNorm2d", "Dropout", "Embedding", "Flatten", "Identity", "LayerNorm",
    "Unflatten", "Upsample", "utils", "GRU", "GRUCell", "LSTM", "LSTMCell", "RNN", "RNNCell",
]  # fmt: skip
