"""Every op, as functions: `autograd.exp(x)` and `x.exp()` are the same (each op attaches its
methods to Tensor where it is defined)."""

from .arithmetic import add, div, mul, neg, positive, pow, sub
from .binary import allclose, eq, ge, gt, isclose, le, lt, maximum, minimum, ne, where
from .elementwise import (
    abs,
    atan2,
    ceil,
    clip,
    cos,
    exp,
    expm1,
    floor,
    lerp,
    log,
    log1p,
    reciprocal,
    relu,
    round,
    rsqrt,
    sigmoid,
    sign,
    sin,
    sqrt,
    square,
    tanh,
)
from .indexing import getitem
from .lift import astype
from .linalg import einsum, linear, matmul, tensordot
from .loss import cross_entropy
from .reduce import argmax, argmin, max, mean, min, sum, sum_to, var
from .shape import (
    cat,
    expand,
    flatten,
    matrix_transpose,
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
    "abs", "add", "argmax", "argmin", "astype", "cat", "clip", "cos", "cross_entropy", "div",
    "einsum", "eq", "exp", "expand", "flatten", "ge", "getitem", "gt", "le", "linear", "log",
    "log_softmax", "logsumexp", "lt", "matmul", "matrix_transpose", "max", "maximum", "mean", "min",
    "minimum", "mul", "ne", "neg", "pad", "permute", "positive", "pow", "relu", "reshape",
    "sigmoid", "sin", "softmax", "split", "sqrt", "squeeze", "stack", "sub", "sum", "sum_to",
    "swapaxes", "tanh", "tensordot", "transpose", "unsqueeze", "var", "where",
    # issue 8: elementwise
    "allclose", "atan2", "ceil", "expm1", "floor", "isclose", "lerp", "log1p",
    "reciprocal", "round", "rsqrt", "sign", "square",
]  # fmt: skip
