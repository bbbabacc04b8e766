"""glassgrad's autograd: tensors that record a graph of primitive ops, and backward over it."""

from .checkpoint import CheckpointError, load, save
from .creation import (
    arange,
    as_tensor,
    eye,
    from_numpy,
    full,
    linspace,
    ones,
    ones_like,
    rand,
    randint,
    randn,
    randn_like,
    tensor,
    zeros,
    zeros_like,
)
from .dtype import get_default_dtype, set_default_dtype
from .engine import backward, zero_grad
from .function import Function, OpError
from .functional import grad, hessian, jacobian, jvp, vjp
from .gradcheck import GradcheckError, gradcheck, gradgradcheck
from .mode import detect_anomaly, enable_grad, is_grad_enabled, no_grad
from .ops import *  # noqa: F403 - every op is part of the public API
from .ops import __all__ as _ops_all
from .random import manual_seed
from .rules import rules
from .steps import Step, backward_steps
from .tensor import Tensor

__distribution__ = "glassgrad"  # told apart from HIPS autograd, which has the same import name
concatenate = cat  # noqa: F405 - numpy's name
clamp = clip  # noqa: F405 - PyTorch's name

__all__ = [
    "CheckpointError", "Function", "GradcheckError", "OpError", "Tensor", "arange", "as_tensor",
    "backward", "clamp", "concatenate", "detect_anomaly", "enable_grad", "eye", "from_numpy",
    "full", "get_default_dtype", "grad", "gradcheck", "gradgradcheck", "hessian",
    "is_grad_enabled", "jacobian", "jvp", "linspace", "load", "manual_seed", "no_grad", "ones",
    "ones_like", "rand", "randint", "randn", "randn_like", "rules", "save", "Step",
    "backward_steps", "set_default_dtype", "tensor", "vjp", "zero_grad", "zeros", "zeros_like",
    *_ops_all,
]  # fmt: skip
