"""Every op, as functions: `autograd.exp(x)` and `x.exp()` are the same."""

from .arithmetic import add, div, mul, neg, pow, sub
from .binary import maximum, minimum, where
from .elementwise import abs, astype, clip, cos, exp, log, relu, sigmoid, sin, sqrt, tanh
from .indexing import getitem
from .linalg import linear, matmul
from .reduce import argmax, argmin, max, mean, min, sum, sum_to, var
from .shape import (
    cat,
    expand,
    flatten,
    pad,
    permute,
    reshape,
    split,
    squeeze,
    stack,
    swapaxes,
    transpose,
    unsqueeze,
)
from .softmax import log_softmax, logsumexp, softmax

__all__ = [
    "abs", "add", "argmax", "argmin", "astype", "cat", "clip", "cos", "div", "exp", "expand",
    "flatten", "getitem", "linear", "log", "log_softmax", "logsumexp", "matmul", "max", "maximum",
    "mean", "min", "minimum", "mul", "neg", "pad", "permute", "pow", "relu", "reshape", "sigmoid",
    "sin", "softmax", "split", "sqrt", "squeeze", "stack", "sub", "sum", "sum_to", "swapaxes",
    "tanh", "transpose", "unsqueeze", "var", "where",
]  # fmt: skip
