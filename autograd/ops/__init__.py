"""Every op, as functions: `autograd.exp(x)` and `x.exp()` are the same (each op attaches its
methods to Tensor where it is defined)."""

from .arithmetic import add, div, mul, neg, positive, pow, sub
from .binary import eq, ge, gt, le, lt, maximum, minimum, ne, where
from .elementwise import abs, clip, cos, exp, log, relu, sigmoid, sin, sqrt, tanh
from .indexing import gather, getitem
from .lift import astype
from .linalg import einsum, linear, matmul, tensordot
from .loss import cross_entropy
from .reduce import ValuesIndices, all, any, argmax, argmin, max, mean, min, std, sum, sum_to, var
from .shape import (
    cat,
    clone,
    expand,
    flatten,
    matrix_transpose,
    numel,
    numpy_transpose,
    pad,
    permute,
    reshape,
    size,
    split,
    squeeze,
    stack,
    transpose,
    unsqueeze,
)
from .shape import transpose as swapaxes
from .softmax import log_softmax, logsumexp, softmax

__all__ = [
    "ValuesIndices", "abs", "add", "all", "any", "argmax", "argmin", "astype", "cat", "clip",
    "clone", "cos", "cross_entropy", "div", "einsum", "eq", "exp", "expand", "flatten", "gather",
    "ge", "getitem", "gt", "le", "linear", "log", "log_softmax", "logsumexp", "lt", "matmul",
    "matrix_transpose", "max", "maximum", "mean", "min", "minimum", "mul", "ne", "neg", "numel",
    "numpy_transpose", "pad", "permute", "positive", "pow", "relu", "reshape", "sigmoid", "sin",
    "size", "softmax", "split", "sqrt", "squeeze", "stack", "std", "sub", "sum", "sum_to",
    "swapaxes", "tanh", "tensordot", "transpose", "unsqueeze", "var", "where",
]  # fmt: skip
