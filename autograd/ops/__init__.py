"""Every op, as functions: `autograd.exp(x)` and `x.exp()` are the same (each op attaches its
methods to Tensor where it is defined)."""

from .arithmetic import add, div, mul, neg, positive, pow, sub
from .binary import eq, ge, gt, le, lt, maximum, minimum, ne, where
from .elementwise import abs, clip, cos, exp, log, relu, sigmoid, sin, sqrt, tanh
from .indexing import gather, getitem
from .lift import astype
from .linalg import einsum, linear, matmul, tensordot
from .loss import cross_entropy
from .reduce import (
    ValuesIndices,
    all,
    any,
    argmax,
    argmin,
    dot,
    max,
    mean,
    min,
    norm,
    outer,
    std,
    sum,
    sum_to,
    var,
)
from .scan import cummax, cummin, cumprod, cumsum, prod
from .select import argsort, index_select, masked_fill, scatter, scatter_add, sort, topk
from .shape import (
    cat,
    clone,
    expand,
    flatten,
    flip,
    matrix_transpose,
    numel,
    pad,
    permute,
    repeat,
    reshape,
    roll,
    split,
    squeeze,
    stack,
    tile,
    transpose,
    tril,
    triu,
    unsqueeze,
)
from .shape import transpose as swapaxes
from .softmax import log_softmax, logsumexp, softmax

__all__ = [
    "ValuesIndices", "abs", "add", "all", "any", "argmax", "argmin", "argsort", "astype", "cat",
    "clip", "clone", "cos", "cross_entropy", "cummax", "cummin", "cumprod", "cumsum", "div", "dot",
    "einsum", "eq", "exp", "expand", "flatten", "flip", "gather", "ge", "getitem", "gt",
    "index_select", "le", "linear", "log", "log_softmax", "logsumexp", "lt", "masked_fill",
    "matmul", "matrix_transpose", "max", "maximum", "mean", "min", "minimum", "mul", "ne", "neg",
    "norm", "numel", "outer", "pad", "permute", "positive", "pow", "prod", "relu", "repeat",
    "reshape", "roll", "scatter", "scatter_add", "sigmoid", "sin", "softmax", "sort", "split",
    "sqrt", "squeeze", "stack", "std", "sub", "sum", "sum_to", "swapaxes", "tanh", "tensordot",
    "tile", "topk", "transpose", "tril", "triu", "unsqueeze", "var", "where",
]  # fmt: skip
