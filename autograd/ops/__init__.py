"""Every op, as functions: `autograd.exp(x)` and `x.exp()` are the same (each op attaches its
methods to Tensor where it is defined)."""

from .activation import elu, erf, gelu, leaky_relu, relu6, silu, softplus
from .arithmetic import add, div, mul, neg, positive, pow, sub
from .binary import allclose, eq, ge, gt, isclose, le, lt, maximum, minimum, ne, where
from .conv import (
    adaptive_avg_pool2d,
    avg_pool2d,
    conv1d,
    conv2d,
    conv_transpose1d,
    conv_transpose2d,
    max_pool2d,
)
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
from .indexing import gather, getitem
from .lift import astype
from .linalg import einsum, linear, matmul, tensordot
from .loss import binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy
from .norm import standardize
from .recurrent import gru_cell, lstm_cell, recurrence
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
    "adaptive_avg_pool2d", "avg_pool2d", "conv1d", "conv2d", "conv_transpose1d",
    "conv_transpose2d", "max_pool2d",
    "ValuesIndices", "abs", "add", "all", "allclose", "any", "argmax", "argmin", "argsort",
    "astype", "atan2", "cat", "ceil", "clip", "clone", "cos", "cross_entropy", "cummax", "cummin",
    "cumprod", "cumsum", "div", "dot", "einsum", "eq", "exp", "expand", "expm1", "flatten", "flip",
    "floor", "gather", "ge", "getitem", "gt", "index_select", "isclose", "le", "lerp", "linear",
    "log", "log1p", "log_softmax", "logsumexp", "lt", "masked_fill", "matmul", "matrix_transpose",
    "max", "maximum", "mean", "min", "minimum", "mul", "ne", "neg", "norm", "numel", "outer", "pad",
    "permute", "positive", "pow", "prod", "reciprocal", "relu", "repeat", "reshape", "roll",
    "round", "rsqrt", "scatter", "scatter_add", "sigmoid", "sign", "sin", "softmax", "sort",
    "split", "sqrt", "square", "squeeze", "stack", "std", "sub", "sum", "sum_to", "swapaxes",
    "tanh", "tensordot", "tile", "topk", "transpose", "tril", "triu", "unsqueeze", "var", "where",
    "elu", "erf", "gelu", "leaky_relu", "relu6", "silu", "softplus",
    "binary_cross_entropy", "binary_cross_entropy_with_logits",
    "gru_cell", "lstm_cell", "recurrence", "standardize",
]  # fmt: skip
